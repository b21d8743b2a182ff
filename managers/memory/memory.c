// SPDX-License-Identifier: GPL-2.0
/*
 * The memory manager's start-up: the ramfs root, the initramfs boot module
 * unpacked into it, and every P2M_* handler registered with FIT.
 */
#include <tessera/memory.h>
#include <tessera/bootinfo.h>
#include <tessera/printk.h>
#include <tessera/string.h>
#include <tessera/rpc/p2m.h>
#include "internal.h"

static const struct {
	u32 opcode;
	const char *name;
	fit_handler_t fn;
} mm_handlers[] = {
	{ P2M_EXEC, "p2m_exec", p2m_exec_handler },
	{ P2M_PCACHE_MISS, "p2m_pcache_miss", p2m_miss_handler },
	{ P2M_PCACHE_FLUSH, "p2m_pcache_flush", p2m_flush_handler },
	{ P2M_MMAP, "p2m_mmap", p2m_mmap_handler },
	{ P2M_MUNMAP, "p2m_munmap", p2m_munmap_handler },
	{ P2M_MPROTECT, "p2m_mprotect", p2m_mprotect_handler },
	{ P2M_MREMAP, "p2m_mremap", p2m_mremap_handler },
	{ P2M_BRK, "p2m_brk", p2m_brk_handler },
	{ P2M_FORK, "p2m_fork", p2m_fork_handler },
	{ P2M_EXIT, "p2m_exit", p2m_exit_handler },
	{ P2M_MADVISE, "p2m_madvise", p2m_madvise_handler },
	{ P2M_STATS, "p2m_stats", p2m_stats_handler },
	{ P2M_FILE_OPEN, "p2m_file_open", p2m_file_open_handler },
	{ P2M_FILE_READ, "p2m_file_read", p2m_file_read_handler },
	{ P2M_FILE_WRITE, "p2m_file_write", p2m_file_write_handler },
	{ P2M_FILE_STAT, "p2m_file_stat", p2m_file_stat_handler },
	{ P2M_FILE_CLOSE, "p2m_file_close", p2m_file_close_handler },
	{ P2M_FILE_GETDENTS, "p2m_file_getdents", p2m_file_getdents_handler },
	{ P2M_FILE_UNLINK, "p2m_file_unlink", p2m_file_unlink_handler },
	{ P2M_FILE_MKDIR, "p2m_file_mkdir", p2m_file_mkdir_handler },
	{ P2M_FILE_TRUNCATE, "p2m_file_truncate", p2m_file_truncate_handler },
	{ P2M_FILE_RENAME, "p2m_file_rename", p2m_file_rename_handler },
	{ P2M_FILE_READLINK, "p2m_file_readlink", p2m_file_readlink_handler },
	{ P2M_FILE_LINK, "p2m_file_link", p2m_file_link_handler },
	{ P2M_FILE_SETATTR, "p2m_file_setattr", p2m_file_setattr_handler },
	{ P2M_MAPS, "p2m_maps", p2m_maps_handler },
};

/*
 * Is @cmdline "initramfs", or does it end in " initramfs"? QEMU's -initrd
 * "FILE initramfs" hands the module the whole string, file name first.
 */
static bool named_initramfs(const char *cmdline)
{
	size_t len = strnlen(cmdline, BOOT_MOD_CMDLINE_MAX);
	static const char word[] = "initramfs";
	const size_t wl = sizeof(word) - 1;

	if (len < wl || strncmp(cmdline + len - wl, word, wl))
		return false;
	return len == wl || cmdline[len - wl - 1] == ' ';
}

/* The boot module named "initramfs", else the first; or NULL. */
static const struct boot_module *initramfs_module(void)
{
	unsigned int k, n = min_t(unsigned int, boot_info.nr_mods, BOOT_MOD_MAX);

	for (k = 0; k < n; k++)
		if (named_initramfs(boot_info.mods[k].cmdline))
			return &boot_info.mods[k];
	return n ? &boot_info.mods[0] : NULL;
}

static void unpack_initramfs(void)
{
	const struct boot_module *m = initramfs_module();
	int n;

	if (!m) {
		pr_warn("memory: no boot module: the file system is empty\n");
		return;
	}
	if (m->end <= m->start) {
		pr_err("memory: initramfs module [%#llx, %#llx) is empty\n",
		       (unsigned long long)m->start, (unsigned long long)m->end);
		return;
	}
	mutex_lock(&mm_lock);
	n = ramfs_unpack(__va(m->start), m->end - m->start);
	mutex_unlock(&mm_lock);
	if (n >= 0)
		pr_info("memory: initramfs \"%s\": %d entries, %lu KiB\n",
			m->cmdline, n,
			(unsigned long)((m->end - m->start) >> 10));
}

/**
 * memory_manager_init() - bring up the memory manager M on this node
 *
 * Creates the ramfs root, unpacks the initramfs (the boot module whose
 * string is "initramfs" or ends in " initramfs", else the first module; a malformed archive is reported and
 * what parsed is kept) and registers every P2M_* handler with FIT.
 * Context: boot, after fit_init(), process context.
 */
void memory_manager_init(void)
{
	unsigned int k;
	int ret;

	ramfs_init();
	unpack_initramfs();
	for (k = 0; k < ARRAY_SIZE(mm_handlers); k++) {
		ret = fit_register_handler(mm_handlers[k].opcode,
					   mm_handlers[k].name, mm_handlers[k].fn);
		if (ret)
			pr_err("memory: cannot register %s: %d\n",
			       mm_handlers[k].name, ret);
	}
}
