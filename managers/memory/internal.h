/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to managers/memory/: address spaces, VMAs, the page store, ramfs
 * and the ELF/stack builders behind the P2M_* handlers.
 */
#ifndef _MANAGERS_MEMORY_INTERNAL_H
#define _MANAGERS_MEMORY_INTERNAL_H

#include <tessera/kernel.h>
#include <tessera/list.h>
#include <tessera/mutex.h>
#include <tessera/bug.h>
#include <asm/page.h>
#include <tessera/fit.h>

/* Linux PROT_* and MAP_* values (the P2M_MMAP arguments are Linux's). */
#define MM_PROT_READ		0x1
#define MM_PROT_WRITE		0x2
#define MM_PROT_EXEC		0x4
#define MM_PROT_MASK		0x7
#define MM_MAP_SHARED		0x01
#define MM_MAP_PRIVATE		0x02
#define MM_MAP_FIXED		0x10
#define MM_MAP_ANONYMOUS	0x20
#define MM_MAP_NORESERVE	0x4000
#define MM_MAP_FIXED_NOREPLACE	0x100000

/* The user half: canonical addresses below this, page 0 never mapped. */
#define MM_USER_END		0x0000800000000000UL
#define MM_USER_MIN		0x10000UL		/* mmap_min_addr */
#define MM_STACK_TOP		0x00007ffffffff000UL
#define MM_STACK_SIZE		(8UL << 20)
#define MM_MMAP_TOP		(MM_STACK_TOP - (16UL << 30))

/*
 * mm_lock: one mutex serialises every handler of this manager (spaces, their
 * VMAs and pages, ramfs). Handlers run in FIT threads and may sleep. TODO: a
 * per-space lock plus a ramfs lock once contention shows up.
 */
extern struct mutex mm_lock;

#define VMA_FILE		0x1	/* private mapping of a ramfs file */
#define VMA_STACK		0x2
#define VMA_BRK			0x4

struct ramfs_inode;

/**
 * struct vma - one mapping [@start, @end), page aligned
 * @prot: MM_PROT_* @flags: VMA_*
 * @file: backing file (a reference held), or NULL for anonymous memory
 * @file_off: file offset of @start
 * @file_vend: bytes at or above this address read as zeros (ELF .bss)
 * @left, @right, @height: the space's AVL tree, keyed by @start
 */
struct vma {
	u64 start;
	u64 end;
	u32 prot;
	u32 flags;
	struct ramfs_inode *file;
	u64 file_off;
	u64 file_vend;
	struct vma *left;
	struct vma *right;
	int height;
};

/**
 * struct mm_space - one process's address space (all under mm_lock)
 * @pid: P's id for it
 * @vmas: AVL root
 * @pt: four-level radix table vaddr -> page (kernel address), first touch
 * @nr_pages: data pages held; @nr_tables: radix table pages held
 * @brk_start, @brk: the heap
 * @tls_vaddr..: PT_TLS, recorded for P (0 if none)
 */
struct mm_space {
	u32 pid;
	struct list_head node;
	struct vma *vmas;
	u64 *pt;
	unsigned long nr_pages;
	unsigned long nr_tables;
	u64 brk_start;
	u64 brk;
	u64 tls_vaddr, tls_filesz, tls_memsz, tls_align;
};

/* vma.c */
struct vma *vma_find(struct mm_space *s, u64 addr);
struct vma *vma_first_after(struct mm_space *s, u64 addr);
bool vma_range_free(struct mm_space *s, u64 start, u64 end);
void vma_insert(struct mm_space *s, struct vma *v);
void vma_remove(struct mm_space *s, struct vma *v);
struct vma *vma_alloc(u64 start, u64 end, u32 prot, u32 flags);
void vma_free(struct vma *v);
int vma_split(struct mm_space *s, struct vma *v, u64 addr);
unsigned int vma_count(struct mm_space *s);
void vma_merge_range(struct mm_space *s, u64 start, u64 end);

/* pages.c */
void *pt_lookup(struct mm_space *s, u64 va);
void *pt_get_or_alloc(struct mm_space *s, u64 va);
void *pt_take(struct mm_space *s, u64 va);
int pt_put(struct mm_space *s, u64 va, void *page);
void pt_drop_range(struct mm_space *s, u64 start, u64 end);
void pt_free_all(struct mm_space *s);
int pt_copy(struct mm_space *dst, struct mm_space *src);

/* space.c */
struct mm_space *space_find(u32 pid);
struct mm_space *space_alloc(u32 pid);
void space_publish(struct mm_space *s);
void space_destroy(struct mm_space *s);
int space_unmap(struct mm_space *s, u64 start, u64 end);
u64 space_get_unmapped(struct mm_space *s, u64 len);
int space_write(struct mm_space *s, u64 va, const void *buf, size_t len);
int space_read_page(struct mm_space *s, struct vma *v, u64 va, void *buf);
struct mm_space *space_fork(struct mm_space *parent, u32 child);
void space_stats(u64 *pages, u64 *nr);

/* ramfs.c */
#define RAMFS_S_IFMT		0170000
#define RAMFS_S_IFDIR		0040000
#define RAMFS_S_IFREG		0100000
#define RAMFS_S_IFLNK		0120000

struct ramfs_inode {
	u32 ino;
	u32 mode;
	u32 nlink;		/* names pointing here */
	u32 refs;		/* VMAs, open handles; freed at nlink == refs == 0 */
	u64 size;
	u32 mtime;
	void **pages;		/* page cache: kernel pages, NULL = hole */
	u64 nr_slots;
	struct list_head children;	/* directories: struct ramfs_dentry */
	struct ramfs_inode *parent;	/* directories: for "..", root: itself */
};

struct ramfs_dentry {
	struct list_head sibling;
	struct ramfs_inode *inode;
	char name[];
};

void ramfs_init(void);
int ramfs_lookup(const char *path, struct ramfs_inode **out);
int ramfs_create(const char *path, u32 mode, struct ramfs_inode **out);
int ramfs_mkdir(const char *path, u32 mode);
int ramfs_unlink(const char *path);
int ramfs_rename(const char *from, const char *to);
int ramfs_lookup_nofollow(const char *path, struct ramfs_inode **out);
int ramfs_link(const char *path, struct ramfs_inode *inode);
ssize_t ramfs_read(struct ramfs_inode *i, u64 off, void *buf, size_t len);
ssize_t ramfs_write(struct ramfs_inode *i, u64 off, const void *buf, size_t len);
int ramfs_truncate(struct ramfs_inode *i, u64 size);
void ramfs_get(struct ramfs_inode *i);
void ramfs_put(struct ramfs_inode *i);
int ramfs_unpack(const void *buf, size_t len);
unsigned long ramfs_nr_pages(void);

/* elf.c, stack.c */
struct elf_info {
	u64 entry;
	u64 phdr_vaddr;
	u32 phnum;
	u32 stack_prot;
	u64 load_end;
};
int elf_load(struct mm_space *s, struct ramfs_inode *file, struct elf_info *info);
int stack_build(struct mm_space *s, const struct elf_info *info,
		const char *execfn, const char *args, u32 argc, u32 envc,
		u64 *sp_out);

/* handlers.c */
struct mm_counters {
	u64 bad_request;	/* malformed: length, address, fields */
	u64 no_space;		/* unknown pid */
	u64 miss;
	u64 miss_zero;
	u64 flush;
	u64 flush_readonly;	/* flushes into a VMA no longer writable */
	u64 fault;		/* -EFAULT/-EACCES answers */
};
extern struct mm_counters mm_counters;

int p2m_exec_handler(const struct fit_msg *msg, void *reply, u32 reply_max);
int p2m_miss_handler(const struct fit_msg *msg, void *reply, u32 reply_max);
int p2m_flush_handler(const struct fit_msg *msg, void *reply, u32 reply_max);
int p2m_mmap_handler(const struct fit_msg *msg, void *reply, u32 reply_max);
int p2m_munmap_handler(const struct fit_msg *msg, void *reply, u32 reply_max);
int p2m_mprotect_handler(const struct fit_msg *msg, void *reply, u32 reply_max);
int p2m_brk_handler(const struct fit_msg *msg, void *reply, u32 reply_max);
int p2m_fork_handler(const struct fit_msg *msg, void *reply, u32 reply_max);
int p2m_exit_handler(const struct fit_msg *msg, void *reply, u32 reply_max);
int p2m_madvise_handler(const struct fit_msg *msg, void *reply, u32 reply_max);
int p2m_mremap_handler(const struct fit_msg *msg, void *reply, u32 reply_max);
int p2m_stats_handler(const struct fit_msg *msg, void *reply, u32 reply_max);

/* files.c */
struct ramfs_inode *file_handle_inode(s64 handle);
int p2m_file_open_handler(const struct fit_msg *msg, void *reply, u32 reply_max);
int p2m_file_stat_handler(const struct fit_msg *msg, void *reply, u32 reply_max);
int p2m_file_read_handler(const struct fit_msg *msg, void *reply, u32 reply_max);
int p2m_file_write_handler(const struct fit_msg *msg, void *reply, u32 reply_max);
int p2m_file_close_handler(const struct fit_msg *msg, void *reply, u32 reply_max);
int p2m_file_truncate_handler(const struct fit_msg *msg, void *reply, u32 reply_max);
int p2m_file_unlink_handler(const struct fit_msg *msg, void *reply, u32 reply_max);
int p2m_file_mkdir_handler(const struct fit_msg *msg, void *reply, u32 reply_max);
int p2m_file_rename_handler(const struct fit_msg *msg, void *reply, u32 reply_max);
int p2m_file_getdents_handler(const struct fit_msg *msg, void *reply, u32 reply_max);

/* files.c (additions), maps.c, ramfs.c (additions) */
int p2m_file_readlink_handler(const struct fit_msg *msg, void *reply, u32 reply_max);
int p2m_file_link_handler(const struct fit_msg *msg, void *reply, u32 reply_max);
int p2m_file_setattr_handler(const struct fit_msg *msg, void *reply, u32 reply_max);
int p2m_maps_handler(const struct fit_msg *msg, void *reply, u32 reply_max);
int ramfs_path_of(const struct ramfs_inode *i, char *buf, size_t len);

#endif /* _MANAGERS_MEMORY_INTERNAL_H */
