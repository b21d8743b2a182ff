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

#endif /* _TESSERA_RPC_P2M_H */
