// SPDX-License-Identifier: GPL-2.0
/*
 * Reads the boot loader's hand-over — multiboot2 (GRUB) or multiboot1 (QEMU
 * -kernel) — into struct boot_info, copying everything it keeps.
 *
 * Runs on the early page tables, where the first 4 GiB of physical memory
 * is mapped at PAGE_OFFSET; both protocols put their info below 4 GiB.
 */
#include <tessera/bootinfo.h>
#include <tessera/printk.h>
#include <tessera/string.h>
#include <asm/bootinfo.h>
#include <asm/page.h>

struct boot_info boot_info;

#define MB2_BOOTLOADER_MAGIC	0x36d76289
#define MB1_BOOTLOADER_MAGIC	0x2badb002

/* multiboot2 tag types (multiboot2 specification, section 3.6) */
#define MB2_TAG_END		0
#define MB2_TAG_CMDLINE		1
#define MB2_TAG_LOADER		2
#define MB2_TAG_MODULE		3
#define MB2_TAG_MMAP		6
#define MB2_TAG_ACPI_OLD	14
#define MB2_TAG_ACPI_NEW	15

struct mb2_tag {
	u32 type;
	u32 size;
} __packed;

struct mb2_tag_module {
	u32 type, size;
	u32 mod_start, mod_end;
	char cmdline[];
} __packed;

struct mb2_tag_mmap {
	u32 type, size;
	u32 entry_size, entry_version;
	u8 entries[];
} __packed;

struct mb2_mmap_entry {
	u64 base, len;
	u32 type, reserved;
} __packed;

/* multiboot1 info (multiboot 0.6.96, section 3.3) */
#define MB1_INFO_CMDLINE	(1u << 2)
#define MB1_INFO_MODS		(1u << 3)
#define MB1_INFO_MMAP		(1u << 6)
#define MB1_INFO_LOADER		(1u << 9)

struct mb1_info {
	u32 flags;
	u32 mem_lower, mem_upper;
	u32 boot_device;
	u32 cmdline;
	u32 mods_count, mods_addr;
	u32 syms[4];
	u32 mmap_length, mmap_addr;
	u32 drives_length, drives_addr;
	u32 config_table;
	u32 boot_loader_name;
} __packed;

struct mb1_module {
	u32 mod_start, mod_end;
	u32 string;
	u32 reserved;
} __packed;

struct mb1_mmap_entry {
	u32 size;		/* of the rest of the entry */
	u64 base, len;
	u32 type;
} __packed;

static const void *phys_ptr(u64 pa)
{
	if (pa >= EARLY_MAP_SIZE)
		return NULL;
	return __va(pa);
}

static void add_mem(u64 base, u64 len, u32 type)
{
	struct boot_mem_range *r;

	if (boot_info.nr_mem >= BOOT_MEM_MAX) {
		pr_warn("boot: memory map has more than %d entries, rest ignored\n",
			BOOT_MEM_MAX);
		return;
	}
	r = &boot_info.mem[boot_info.nr_mem++];
	r->base = base;
	r->len = len;
	r->type = type;
}

static void add_module(u64 start, u64 end, const char *cmdline)
{
	struct boot_module *m;

	if (boot_info.nr_mods >= BOOT_MOD_MAX) {
		pr_warn("boot: more than %d modules, rest ignored\n", BOOT_MOD_MAX);
		return;
	}
	if (end < start) {
		pr_warn("boot: module at %#llx ends before it starts, ignored\n",
			(unsigned long long)start);
		return;
	}
	m = &boot_info.mods[boot_info.nr_mods++];
	m->start = start;
	m->end = end;
	strscpy(m->cmdline, cmdline ? cmdline : "", sizeof(m->cmdline));
}

static void parse_mb2_mmap(const struct mb2_tag_mmap *t)
{
	const u8 *p = t->entries, *end = (const u8 *)t + t->size;

	if (t->entry_size < sizeof(struct mb2_mmap_entry)) {
		pr_warn("boot: multiboot2 mmap entry size %u too small, map ignored\n",
			t->entry_size);
		return;
	}
	for (; p + t->entry_size <= end; p += t->entry_size) {
		const struct mb2_mmap_entry *e = (const void *)p;

		add_mem(e->base, e->len, e->type);
	}
}

static void parse_mb2_tag(const struct mb2_tag *tag)
{
	const struct mb2_tag_module *mod;

	switch (tag->type) {
	case MB2_TAG_CMDLINE:
		strscpy(boot_info.cmdline, (const char *)(tag + 1),
			min_t(size_t, sizeof(boot_info.cmdline), tag->size - sizeof(*tag)));
		break;
	case MB2_TAG_LOADER:
		strscpy(boot_info.loader, (const char *)(tag + 1),
			min_t(size_t, sizeof(boot_info.loader), tag->size - sizeof(*tag)));
		break;
	case MB2_TAG_MODULE:
		mod = (const void *)tag;
		add_module(mod->mod_start, mod->mod_end, mod->cmdline);
		break;
	case MB2_TAG_MMAP:
		parse_mb2_mmap((const void *)tag);
		break;
	case MB2_TAG_ACPI_OLD:
	case MB2_TAG_ACPI_NEW:
		/* the RSDP is copied into the tag; remember where */
		if (!boot_info.rsdp)
			boot_info.rsdp = __pa(tag + 1);
		break;
	default:
		break;
	}
}

static int parse_mb2(u32 info)
{
	const u8 *base = phys_ptr(info);
	u32 total, off;

	if (!base)
		return -1;
	total = *(const u32 *)base;
	for (off = 8; off + sizeof(struct mb2_tag) <= total; ) {
		const struct mb2_tag *tag = (const void *)(base + off);

		if (tag->type == MB2_TAG_END)
			break;
		if (tag->size < sizeof(*tag) || off + tag->size > total) {
			pr_warn("boot: malformed multiboot2 tag at +%u, rest ignored\n", off);
			break;
		}
		parse_mb2_tag(tag);
		off += ALIGN(tag->size, 8u);
	}
	boot_info.protocol = "multiboot2";
	return 0;
}

static void parse_mb1_mmap(const struct mb1_info *mbi)
{
	u32 off = 0;

	while (off + sizeof(struct mb1_mmap_entry) <= mbi->mmap_length) {
		const struct mb1_mmap_entry *e = phys_ptr((u64)mbi->mmap_addr + off);

		if (!e || e->size < 20)
			break;
		add_mem(e->base, e->len, e->type);
		off += e->size + sizeof(e->size);
	}
}

/* The multiboot1 command line starts with the image path; drop it. */
static void copy_mb1_cmdline(const char *s)
{
	const char *sp = strchr(s, ' ');

	s = sp ? sp + 1 : "";
	strscpy(boot_info.cmdline, s, sizeof(boot_info.cmdline));
}

static int parse_mb1(u32 info)
{
	const struct mb1_info *mbi = phys_ptr(info);
	u32 i;

	if (!mbi)
		return -1;
	if ((mbi->flags & MB1_INFO_CMDLINE) && phys_ptr(mbi->cmdline))
		copy_mb1_cmdline(phys_ptr(mbi->cmdline));
	if ((mbi->flags & MB1_INFO_LOADER) && phys_ptr(mbi->boot_loader_name))
		strscpy(boot_info.loader, phys_ptr(mbi->boot_loader_name),
			sizeof(boot_info.loader));
	if (mbi->flags & MB1_INFO_MMAP)
		parse_mb1_mmap(mbi);
	if (mbi->flags & MB1_INFO_MODS) {
		const struct mb1_module *mods = phys_ptr(mbi->mods_addr);

		for (i = 0; mods && i < mbi->mods_count; i++)
			add_module(mods[i].mod_start, mods[i].mod_end,
				   phys_ptr(mods[i].string));
	}
	boot_info.protocol = "multiboot1";
	return 0;
}

/**
 * parse_boot_info() - fill boot_info from the loader's structures
 * @magic: %eax at entry
 * @info: %ebx at entry, physical
 *
 * Return: 0, or -1 if the loader is unknown (then boot_info is empty).
 */
int parse_boot_info(u32 magic, u32 info)
{
	int ret = -1;

	if (magic == MB2_BOOTLOADER_MAGIC)
		ret = parse_mb2(info);
	else if (magic == MB1_BOOTLOADER_MAGIC)
		ret = parse_mb1(info);
	if (!boot_info.loader[0])
		strscpy(boot_info.loader, "unknown", sizeof(boot_info.loader));
	if (!boot_info.protocol)
		boot_info.protocol = "none";
	return ret;
}
