/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Processor-manager → memory-manager RPCs, each declared once: opcode,
 * request, reply, and the handler M registers. Fixed-width fields, explicit
 * padding, sizes asserted. Addresses are user virtual addresses; pids are
 * M's address-space ids, chosen by P.
 *
 * Add an RPC: a P2M_* opcode, its two structs with _Static_asserts, a line
 * in the table in Documentation/fit.md.
 */
#ifndef _TESSERA_RPC_P2M_H
#define _TESSERA_RPC_P2M_H

#include <tessera/types.h>

enum p2m_opcode {
	P2M_EXEC = 0x100,	/* create/replace an address space from an ELF file */
	P2M_PCACHE_MISS,	/* fetch one 4 KiB user page */
	P2M_PCACHE_FLUSH,	/* write one 4 KiB user page back */
	P2M_MMAP,
	P2M_MUNMAP,
	P2M_MPROTECT,
	P2M_MREMAP,
	P2M_BRK,
	P2M_FORK,		/* copy an address space */
	P2M_EXIT,		/* free an address space */
	P2M_MADVISE,
	P2M_STATS,		/* M's page and space counts (leak checks) */
	P2M_FILE_OPEN = 0x180,	/* files live on M (initramfs + page cache) */
	P2M_FILE_READ,
	P2M_FILE_WRITE,
	P2M_FILE_STAT,
	P2M_FILE_CLOSE,
	P2M_FILE_GETDENTS,
	P2M_FILE_UNLINK,
	P2M_FILE_MKDIR,
	P2M_FILE_RENAME,
	P2M_FILE_TRUNCATE,
	P2M_FILE_READLINK,	/* the target of a symlink */
	P2M_FILE_LINK,		/* a hard link or a symlink */
	P2M_FILE_SETATTR,	/* chmod, utimes on a path or a handle */
	P2M_MAPS,		/* /proc/<pid>/maps of an address space */
};

#define P2M_PATH_MAX		256
#define P2M_EXEC_ARGS_MAX	3072	/* argv + envp strings, NUL-separated */

/* P2M_EXEC: M loads @path into address space @pid (replacing any old one),
 * builds the stack (argv, envp, auxv) and returns where to start. */
struct p2m_exec_req {
	u32 pid;
	u32 argc;
	u32 envc;
	u32 args_len;			/* bytes used in @args */
	char path[P2M_PATH_MAX];
	char args[P2M_EXEC_ARGS_MAX];	/* argv[0]\0argv[1]\0...envp[0]\0... */
};
struct p2m_exec_reply {
	u64 entry;			/* initial RIP */
	u64 stack;			/* initial RSP (points at argc) */
	u64 brk;			/* initial program break */
};
_Static_assert(sizeof(struct p2m_exec_req) == 16 + P2M_PATH_MAX + P2M_EXEC_ARGS_MAX,
	       "p2m_exec_req layout");
_Static_assert(sizeof(struct p2m_exec_reply) == 24, "p2m_exec_reply layout");

/* P2M_PCACHE_MISS: the page containing @vaddr. Errors: -EFAULT (no VMA:
 * SIGSEGV), -EACCES (permission: SIGSEGV), -ENOMEM. */
#define P2M_MISS_WRITE		0x1	/* the fault was a write */
#define P2M_MISS_EXEC		0x2	/* instruction fetch */
struct p2m_miss_req {
	u32 pid;
	u32 flags;			/* P2M_MISS_* */
	u64 vaddr;			/* page aligned */
};
#define P2M_MISS_ZERO		0x1	/* reply flag: a new anonymous page; no data
					 * follows (reply length 8): zero-fill on P */
struct p2m_miss_reply {
	u32 prot;			/* PROT_READ|WRITE|EXEC of the VMA */
	u32 flags;			/* P2M_MISS_ZERO */
	u8 data[4096];
};
_Static_assert(sizeof(struct p2m_miss_req) == 16, "p2m_miss_req layout");
_Static_assert(sizeof(struct p2m_miss_reply) == 8 + 4096, "p2m_miss_reply layout");

/* P2M_PCACHE_FLUSH: store a dirty page. Reply: empty (length 0) or errno. */
struct p2m_flush_req {
	u32 pid;
	u32 _pad;
	u64 vaddr;
	u8 data[4096];
};
_Static_assert(sizeof(struct p2m_flush_req) == 16 + 4096, "p2m_flush_req layout");

/* P2M_MMAP / MUNMAP / MPROTECT / MREMAP / BRK / MADVISE: the Linux
 * arguments; the reply carries the syscall's return value (an address or
 * a negative errno), so P returns it unchanged. */
struct p2m_mm_req {
	u32 pid;
	u32 _pad;
	u64 addr;
	u64 len;
	u64 prot;			/* mremap: new_len */
	u64 flags;
	s64 fd_file;			/* mmap of a file: M's file handle, else -1 */
	u64 offset;			/* mremap: new_addr */
};
struct p2m_mm_reply {
	s64 ret;
};
_Static_assert(sizeof(struct p2m_mm_req) == 56, "p2m_mm_req layout");
_Static_assert(sizeof(struct p2m_mm_reply) == 8, "p2m_mm_reply layout");

/* P2M_FORK: copy @parent into a new space @child. P2M_EXIT: free @pid. */
struct p2m_pid_req {
	u32 pid;
	u32 child;
};
_Static_assert(sizeof(struct p2m_pid_req) == 8, "p2m_pid_req layout");

/* P2M_STATS: empty request (length 0); the reply: M's counts now. */
struct p2m_stats_reply {
	u64 pages;			/* data + radix-table pages of all spaces */
	u64 spaces;			/* live address spaces */
	u64 file_pages;			/* ramfs page-cache pages (files persist) */
	u64 bad_requests;		/* malformed requests answered so far */
};
_Static_assert(sizeof(struct p2m_stats_reply) == 32, "p2m_stats_reply layout");

/*
 * P2M_FILE_*: the files live on M (ramfs). A handle (from FILE_OPEN) names
 * an open file on M for every pid; P maps its fds onto handles and closes
 * each handle once (dup'ed fds share one). Replies carry the syscall value.
 */
#define P2M_O_CREAT		0x1	/* create if missing */
#define P2M_O_EXCL		0x2	/* with CREAT: fail if it exists */
#define P2M_O_TRUNC		0x4	/* truncate a regular file to 0 */
#define P2M_O_DIRECTORY		0x8	/* fail unless a directory */
#define P2M_O_NOFOLLOW		0x10	/* OPEN, STAT: a final symlink itself */
#define P2M_UNLINK_DIR		0x100	/* FILE_UNLINK: only a directory (rmdir) */
#define P2M_UNLINK_NODIR	0x200	/* FILE_UNLINK: never a directory */
/* STAT and UNLINK ignore the flag bits they do not use. */
#define P2M_FILE_IO_MAX		4096	/* bytes per READ/WRITE call */
#define P2M_FILE_APPEND		(~0ULL)	/* FILE_WRITE @offset: at the end, atomically */

/* FILE_OPEN, FILE_STAT (by path: handle -1), FILE_UNLINK, FILE_MKDIR. */
struct p2m_file_path_req {
	u32 flags;			/* P2M_O_* (OPEN) */
	u32 mode;			/* permission bits (CREAT, MKDIR) */
	s64 handle;			/* FILE_STAT: the file, or -1: @path */
	char path[P2M_PATH_MAX];	/* absolute, NUL-terminated */
};
_Static_assert(sizeof(struct p2m_file_path_req) == 16 + P2M_PATH_MAX,
	       "p2m_file_path_req layout");

/* The reply of FILE_OPEN and FILE_STAT; @ret: the handle (OPEN), 0 (STAT),
 * or a negative errno. FILE_UNLINK/MKDIR/CLOSE/TRUNCATE reply p2m_mm_reply. */
struct p2m_file_stat_reply {
	s64 ret;
	u64 size;
	u64 mtime;
	u32 mode;			/* st_mode */
	u32 ino;
	u32 nlink;
	u32 _pad;
};
_Static_assert(sizeof(struct p2m_file_stat_reply) == 40, "p2m_file_stat_reply layout");

/* FILE_READ (reply: the bytes, length = bytes read, or a negative errno),
 * FILE_WRITE (@data follows, request length 24 + @len; reply p2m_mm_reply:
 * bytes written), FILE_CLOSE and FILE_TRUNCATE (@offset: the new size),
 * FILE_GETDENTS (@offset: the position; reply: u64 next position then
 * linux_dirent64 records). */
struct p2m_file_io_req {
	s64 handle;
	u64 offset;
	u32 len;			/* <= P2M_FILE_IO_MAX */
	u32 _pad;
	u8 data[P2M_FILE_IO_MAX];	/* FILE_WRITE only */
};
_Static_assert(sizeof(struct p2m_file_io_req) == 24 + P2M_FILE_IO_MAX,
	       "p2m_file_io_req layout");

/* FILE_RENAME: move @from to @to (replacing a file there). */
struct p2m_file_rename_req {
	char from[P2M_PATH_MAX];
	char to[P2M_PATH_MAX];
};
_Static_assert(sizeof(struct p2m_file_rename_req) == 2 * P2M_PATH_MAX,
	       "p2m_file_rename_req layout");

/*
 * FILE_READLINK: request p2m_file_path_req (@path, not followed at the end);
 * reply: the target's bytes (no NUL), or -EINVAL (not a symlink), -ENOENT.
 */

/* FILE_LINK: @path becomes a new name of @target (hard link, @symlink 0;
 * not for directories) or a symlink whose text is @target (@symlink 1).
 * Reply: 0 or a negative errno (length-only, like FILE_UNLINK). */
struct p2m_file_link_req {
	u32 symlink;
	u32 _pad;
	char target[P2M_PATH_MAX];	/* hard link: absolute; symlink: any text */
	char path[P2M_PATH_MAX];	/* absolute */
};
_Static_assert(sizeof(struct p2m_file_link_req) == 8 + 2 * P2M_PATH_MAX,
	       "p2m_file_link_req layout");

/* FILE_SETATTR: set @mode's permission bits and/or the mtime of @path
 * (@handle -1) or of open @handle. Owners are not stored (always 0). */
#define P2M_ATTR_MODE		0x1
#define P2M_ATTR_MTIME		0x2
#define P2M_ATTR_NOFOLLOW	0x4	/* @path: a final symlink itself */
struct p2m_file_attr_req {
	u32 valid;			/* P2M_ATTR_* */
	u32 mode;			/* permission bits (07777) */
	s64 handle;
	u64 mtime;			/* seconds */
	char path[P2M_PATH_MAX];
};
_Static_assert(sizeof(struct p2m_file_attr_req) == 24 + P2M_PATH_MAX,
	       "p2m_file_attr_req layout");

/* P2M_MAPS: the text of /proc/<pid>/maps for space @pid starting at byte
 * @offset; reply: up to reply_max bytes of text (0 at the end). */
struct p2m_maps_req {
	u32 pid;
	u32 _pad;
	u64 offset;
};
_Static_assert(sizeof(struct p2m_maps_req) == 16, "p2m_maps_req layout");

/* Every request and reply must fit in one FIT message. */
#include <tessera/fit.h>
_Static_assert(sizeof(struct p2m_exec_req) <= FIT_MAX_MSG, "p2m_exec_req fits FIT");
_Static_assert(sizeof(struct p2m_miss_reply) <= FIT_MAX_MSG, "p2m_miss_reply fits FIT");
_Static_assert(sizeof(struct p2m_flush_req) <= FIT_MAX_MSG, "p2m_flush_req fits FIT");
_Static_assert(sizeof(struct p2m_file_io_req) <= FIT_MAX_MSG, "p2m_file_io_req fits FIT");

#endif /* _TESSERA_RPC_P2M_H */
