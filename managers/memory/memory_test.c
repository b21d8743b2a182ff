// SPDX-License-Identifier: GPL-2.0
/*
 * Suite "memory": the memory manager through FIT loopback calls — exec of
 * a tiny static ELF from a cpio built here, page misses/flushes, mmap, brk, fork, exit, files.
 */
#include <tessera/ktest.h>
#include <tessera/mm.h>
#include <tessera/slab.h>
#include <tessera/string.h>
#include <tessera/vsprintf.h>
#include <tessera/rpc/p2m.h>
#include "internal.h"
#include "cpio.h"

#define T_PID		1
#define T_CHILD		2
#define T_PID3		3
#define T_ENTRY		0x401000UL
#define T_DATA_VA	0x402010UL
#define T_BRK		0x406000UL
#define T_FILE_LEN	0x1030
#define T_DATA_FILE_LEN	5000

static u8 *elf_img;		/* the test executable's bytes */
static u8 *arc;			/* the cpio archive */
static size_t arc_len;
static struct p2m_miss_reply *miss_rp;	/* one page of reply, reused */

static int call(u32 op, const void *req, u32 len, void *reply, u32 max)
{
	return fit_call(FIT_NODE_SELF, op, req, len, reply, max, 0);
}

static int miss(u32 pid, u64 va, u32 flags)
{
	struct p2m_miss_req rq = { .pid = pid, .flags = flags, .vaddr = va };

	return call(P2M_PCACHE_MISS, &rq, sizeof(rq), miss_rp, sizeof(*miss_rp));
}

static int flush(u32 pid, u64 va, u8 fill)
{
	struct p2m_flush_req *rq = kzalloc(sizeof(*rq), GFP_KERNEL);
	int ret;

	if (!rq)
		return -ENOMEM;
	rq->pid = pid;
	rq->vaddr = va;
	memset(rq->data, fill, PAGE_SIZE);
	ret = call(P2M_PCACHE_FLUSH, rq, sizeof(*rq), NULL, 0);
	kfree(rq);
	return ret;
}

static s64 mmcall(u32 op, u32 pid, u64 addr, u64 len, u64 prot, u64 flags,
		  s64 fd, u64 off)
{
	struct p2m_mm_req rq = { .pid = pid, .addr = addr, .len = len,
		.prot = prot, .flags = flags, .fd_file = fd, .offset = off };
	struct p2m_mm_reply rp = { .ret = 0x5a5a };
	int ret = call(op, &rq, sizeof(rq), &rp, sizeof(rp));

	return ret < 0 ? ret : (ret == sizeof(rp) ? rp.ret : -EIO);
}

static int pidcall(u32 op, u32 pid, u32 child)
{
	struct p2m_pid_req rq = { .pid = pid, .child = child };

	return call(op, &rq, sizeof(rq), NULL, 0);
}

/* Read user memory of @pid through PCACHE_MISS (zero-fill pages as zeros). */
static int uread(u32 pid, u64 va, void *buf, size_t len)
{
	while (len) {
		size_t in = va & (PAGE_SIZE - 1), n = min_t(size_t, len, PAGE_SIZE - in);
		int ret = miss(pid, va & PAGE_MASK, 0);

		if (ret < 0)
			return ret;
		if (miss_rp->flags & P2M_MISS_ZERO)
			memset(buf, 0, n);
		else
			memcpy(buf, miss_rp->data + in, n);
		buf = (u8 *)buf + n;
		va += n;
		len -= n;
	}
	return 0;
}

static u64 uread64(u32 pid, u64 va)
{
	u64 v = 0xdeadbeef;

	uread(pid, va, &v, sizeof(v));
	return v;
}

/* The test executable: ET_EXEC, RX text with the headers, RW data + bss. */
static void build_elf(u8 *f)
{
	u8 *ph = f + 64;
	unsigned int k;

	memset(f, 0, T_FILE_LEN);
	memcpy(f, "\177ELF\2\1\1", 7);
	*(u16 *)(f + 16) = 2;		/* ET_EXEC */
	*(u16 *)(f + 18) = 62;		/* EM_X86_64 */
	*(u32 *)(f + 20) = 1;
	*(u64 *)(f + 24) = T_ENTRY;
	*(u64 *)(f + 32) = 64;		/* e_phoff */
	*(u16 *)(f + 52) = 64;		/* e_ehsize */
	*(u16 *)(f + 54) = 56;		/* e_phentsize */
	*(u16 *)(f + 56) = 3;		/* e_phnum */
	/* PT_LOAD R+X: offset 0 -> 0x400000, headers and 16 bytes of code. */
	*(u32 *)(ph + 0) = 1;
	*(u32 *)(ph + 4) = 5;
	*(u64 *)(ph + 16) = 0x400000;
	*(u64 *)(ph + 32) = 0x1010;
	*(u64 *)(ph + 40) = 0x1010;
	*(u64 *)(ph + 48) = 0x1000;
	ph += 56;
	/* PT_LOAD R+W: 0x20 bytes of data, then .bss to 0x405010. */
	*(u32 *)(ph + 0) = 1;
	*(u32 *)(ph + 4) = 6;
	*(u64 *)(ph + 8) = 0x1010;
	*(u64 *)(ph + 16) = T_DATA_VA;
	*(u64 *)(ph + 32) = 0x20;
	*(u64 *)(ph + 40) = 0x3000;
	*(u64 *)(ph + 48) = 0x1000;
	ph += 56;
	*(u32 *)(ph + 0) = 0x6474e551;	/* PT_GNU_STACK, RW */
	*(u32 *)(ph + 4) = 6;
	for (k = 0; k < 16; k++)
		f[0x1000 + k] = 0xc0 + k;	/* "code" */
	for (k = 0; k < 0x20; k++)
		f[0x1010 + k] = 0x40 + k;	/* .data */
}

static void arc_add_ino(const char *name, u32 mode, u32 ino, u32 nlink,
			const void *data, u32 size)
{
	char hdr[CPIO_HDR_LEN + 1];
	u32 namesize = strlen(name) + 1;

	snprintf(hdr, sizeof(hdr),
		 "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 ino, mode, 0, 0, nlink, 0, size, 0, 0, 0, 0, namesize, 0);
	memcpy(arc + arc_len, hdr, CPIO_HDR_LEN);
	arc_len += CPIO_HDR_LEN;
	memcpy(arc + arc_len, name, namesize);
	arc_len += namesize;
	arc_len = ALIGN(arc_len, 4);
	if (size)
		memcpy(arc + arc_len, data, size);
	arc_len = ALIGN(arc_len + size, 4);
}

static void arc_add(const char *name, u32 mode, const void *data, u32 size)
{
	arc_add_ino(name, mode, 0, 1, data, size);
}

static int exec_pid(u32 pid, const char *path, struct p2m_exec_reply *rp)
{
	static const char args[] = "prog\0arg1\0HOME=/";
	struct p2m_exec_req *rq = kzalloc(sizeof(*rq), GFP_KERNEL);
	int ret;

	if (!rq)
		return -ENOMEM;
	rq->pid = pid;
	rq->argc = 2;
	rq->envc = 1;
	rq->args_len = sizeof(args);
	strscpy(rq->path, path, sizeof(rq->path));
	memcpy(rq->args, args, sizeof(args));
	ret = call(P2M_EXEC, rq, sizeof(*rq), rp, sizeof(*rp));
	kfree(rq);
	return ret;
}

static int memory_suite_init(void)
{
	u8 *data;
	int k, ret;

	elf_img = kzalloc(T_FILE_LEN, GFP_KERNEL);
	arc = kzalloc(3 * PAGE_SIZE + T_DATA_FILE_LEN, GFP_KERNEL);
	data = kzalloc(T_DATA_FILE_LEN, GFP_KERNEL);
	miss_rp = kzalloc(sizeof(*miss_rp), GFP_KERNEL);
	if (!elf_img || !arc || !data || !miss_rp)
		return -ENOMEM;
	build_elf(elf_img);
	for (k = 0; k < T_DATA_FILE_LEN; k++)
		data[k] = 'a' + k % 26;
	arc_len = 0;
	arc_add("./ktest-mm", CPIO_S_IFDIR | 0755, NULL, 0);
	arc_add("./ktest-mm/prog", CPIO_S_IFREG | 0755, elf_img, T_FILE_LEN);
	arc_add("./ktest-mm/data", CPIO_S_IFREG | 0644, data, T_DATA_FILE_LEN);
	arc_add("ktest-mm/notelf", CPIO_S_IFREG | 0755, "#!/bin/sh\n", 10);
	arc_add("ktest-mm/sub/lnk", CPIO_S_IFLNK | 0777, "../prog", 7);
	arc_add("ktest-mm/abs", CPIO_S_IFLNK | 0777, "/ktest-mm/sub", 13);
	arc_add("ktest-mm/loop", CPIO_S_IFLNK | 0777, "loop", 4);
	arc_add("TRAILER!!!", 0, NULL, 0);
	kfree(data);
	mutex_lock(&mm_lock);
	ramfs_init();
	ret = ramfs_unpack(arc, arc_len);
	mutex_unlock(&mm_lock);
	return ret == 7 ? 0 : (ret < 0 ? ret : -EINVAL);
}

static void memory_suite_exit(void)
{
	pidcall(P2M_EXIT, T_PID, 0);
	pidcall(P2M_EXIT, T_CHILD, 0);
	pidcall(P2M_EXIT, T_PID3, 0);
	mutex_lock(&mm_lock);
	ramfs_unlink("/ktest-mm/prog");
	ramfs_unlink("/ktest-mm/data");
	ramfs_unlink("/ktest-mm/notelf");
	ramfs_unlink("/ktest-mm/new");
	ramfs_unlink("/ktest-mm/sub/lnk");
	ramfs_unlink("/ktest-mm/sub");
	ramfs_unlink("/ktest-mm/abs");
	ramfs_unlink("/ktest-mm/loop");
	ramfs_unlink("/ktest-mm/moved");
	ramfs_unlink("/ktest-mm");
	mutex_unlock(&mm_lock);
	kfree(elf_img);
	kfree(arc);
	kfree(miss_rp);
}

/* The value of auxv entry @type on the stack at @sp (argc 2, envc 1). */
static u64 auxv_get(u64 sp, u64 type, bool *found)
{
	u64 a = sp + 8 * (1 + 2 + 1 + 1 + 1);
	int k;

	*found = false;
	for (k = 0; k < 40; k++, a += 16) {
		u64 t = uread64(T_PID, a);

		if (t == type) {
			*found = true;
			return uread64(T_PID, a + 8);
		}
		if (t == 0)
			break;
	}
	return 0;
}

static void exec_stack_layout(struct ktest *t)
{
	struct p2m_exec_reply rp;
	char s[32];
	u8 rnd[16];
	bool f;
	u64 sp, v;

	KTEST_ASSERT_EQ(t, exec_pid(T_PID, "/ktest-mm/prog", &rp), (int)sizeof(rp));
	KTEST_EXPECT_EQ(t, rp.entry, T_ENTRY);
	KTEST_EXPECT_EQ(t, rp.brk, T_BRK);
	KTEST_EXPECT_EQ(t, rp.stack & 15, 0u);
	KTEST_EXPECT_LT(t, rp.stack, MM_STACK_TOP);
	KTEST_EXPECT_GT(t, rp.stack, MM_STACK_TOP - MM_STACK_SIZE);
	sp = rp.stack;
	KTEST_EXPECT_EQ(t, uread64(T_PID, sp), 2u);		/* argc */
	memset(s, 0, sizeof(s));
	uread(T_PID, uread64(T_PID, sp + 8), s, 5);
	KTEST_EXPECT_STREQ(t, s, "prog");
	uread(T_PID, uread64(T_PID, sp + 16), s, 5);
	KTEST_EXPECT_STREQ(t, s, "arg1");
	KTEST_EXPECT_EQ(t, uread64(T_PID, sp + 24), 0u);	/* argv end */
	memset(s, 0, sizeof(s));
	uread(T_PID, uread64(T_PID, sp + 32), s, 7);
	KTEST_EXPECT_STREQ(t, s, "HOME=/");
	KTEST_EXPECT_EQ(t, uread64(T_PID, sp + 40), 0u);	/* envp end */
	KTEST_EXPECT_EQ(t, auxv_get(sp, 3, &f), 0x400040u);	/* AT_PHDR */
	KTEST_EXPECT_TRUE(t, f);
	KTEST_EXPECT_EQ(t, auxv_get(sp, 4, &f), 56u);		/* AT_PHENT */
	KTEST_EXPECT_EQ(t, auxv_get(sp, 5, &f), 3u);		/* AT_PHNUM */
	KTEST_EXPECT_EQ(t, auxv_get(sp, 6, &f), 4096u);		/* AT_PAGESZ */
	KTEST_EXPECT_EQ(t, auxv_get(sp, 9, &f), T_ENTRY);	/* AT_ENTRY */
	KTEST_EXPECT_EQ(t, auxv_get(sp, 17, &f), 100u);		/* AT_CLKTCK */
	KTEST_EXPECT_EQ(t, auxv_get(sp, 11, &f), 0u);		/* AT_UID */
	KTEST_EXPECT_TRUE(t, f);
	auxv_get(sp, 12, &f);
	KTEST_EXPECT_TRUE(t, f);				/* AT_EUID */
	auxv_get(sp, 13, &f);
	KTEST_EXPECT_TRUE(t, f);				/* AT_GID */
	auxv_get(sp, 14, &f);
	KTEST_EXPECT_TRUE(t, f);				/* AT_EGID */
	KTEST_EXPECT_EQ(t, auxv_get(sp, 23, &f), 0u);		/* AT_SECURE */
	KTEST_EXPECT_TRUE(t, f);
	KTEST_EXPECT_NE(t, auxv_get(sp, 16, &f), 0u);		/* AT_HWCAP */
	v = auxv_get(sp, 25, &f);				/* AT_RANDOM */
	KTEST_EXPECT_TRUE(t, f && v > sp && v + 16 <= MM_STACK_TOP);
	uread(T_PID, v, rnd, 16);
	KTEST_EXPECT_TRUE(t, memchr_inv(rnd, 0, 16) != NULL);
	v = auxv_get(sp, 31, &f);				/* AT_EXECFN */
	KTEST_EXPECT_TRUE(t, f);
	memset(s, 0, sizeof(s));
	uread(T_PID, v, s, 15);
	KTEST_EXPECT_STREQ(t, s, "/ktest-mm/prog");
}

static void miss_text_and_data(struct ktest *t)
{
	unsigned int k, bad = 0;

	KTEST_ASSERT_EQ(t, miss(T_PID, 0x401000, P2M_MISS_EXEC), (int)sizeof(*miss_rp));
	KTEST_EXPECT_EQ(t, miss_rp->prot, (u32)(MM_PROT_READ | MM_PROT_EXEC));
	KTEST_EXPECT_EQ(t, miss_rp->flags, 0u);
	KTEST_EXPECT_EQ(t, memcmp(miss_rp->data, elf_img + 0x1000, 0x10), 0);
	KTEST_EXPECT_EQ(t, memchr_inv(miss_rp->data + 0x10, 0, PAGE_SIZE - 0x10),
			NULL);
	KTEST_ASSERT_EQ(t, miss(T_PID, 0x400000, 0), (int)sizeof(*miss_rp));
	KTEST_EXPECT_EQ(t, memcmp(miss_rp->data, "\177ELF", 4), 0);
	/* The data page: .data bytes, then the zeroed tail of the file page. */
	KTEST_ASSERT_EQ(t, miss(T_PID, 0x402000, P2M_MISS_WRITE), (int)sizeof(*miss_rp));
	KTEST_EXPECT_EQ(t, miss_rp->prot, (u32)(MM_PROT_READ | MM_PROT_WRITE));
	for (k = 0; k < 0x20; k++)
		bad += miss_rp->data[0x10 + k] != 0x40 + k;
	KTEST_EXPECT_EQ(t, bad, 0u);
	KTEST_EXPECT_EQ(t, memchr_inv(miss_rp->data + 0x30, 0, PAGE_SIZE - 0x30), NULL);
}

static void miss_bss_zero_fill(struct ktest *t)
{
	struct mm_space *s;
	unsigned long before, after;

	mutex_lock(&mm_lock);
	s = space_find(T_PID);
	before = s ? s->nr_pages : 0;
	mutex_unlock(&mm_lock);
	KTEST_ASSERT_TRUE(t, s != NULL);
	KTEST_EXPECT_EQ(t, miss(T_PID, 0x403000, P2M_MISS_WRITE),
			(int)offsetof(struct p2m_miss_reply, data));
	KTEST_EXPECT_EQ(t, miss_rp->flags, (u32)P2M_MISS_ZERO);
	KTEST_EXPECT_EQ(t, miss(T_PID, 0x405000, 0),
			(int)offsetof(struct p2m_miss_reply, data));
	mutex_lock(&mm_lock);
	after = space_find(T_PID)->nr_pages;
	mutex_unlock(&mm_lock);
	KTEST_EXPECT_EQ(t, after, before);	/* zero-fill allocates nothing */
	/* Past the end of .bss (0x406000 is brk, not mapped yet). */
	KTEST_EXPECT_EQ(t, miss(T_PID, 0x406000, 0), -EFAULT);
}

static void flush_then_miss(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, flush(T_PID, 0x403000, 0x77), 0);
	KTEST_ASSERT_EQ(t, miss(T_PID, 0x403000, 0), (int)sizeof(*miss_rp));
	KTEST_EXPECT_EQ(t, miss_rp->flags, 0u);
	KTEST_EXPECT_EQ(t, memchr_inv(miss_rp->data, 0x77, PAGE_SIZE), NULL);
	/* A private copy of a file page: the file stays as it was. */
	KTEST_EXPECT_EQ(t, flush(T_PID, 0x402000, 0x99), 0);
	KTEST_ASSERT_EQ(t, miss(T_PID, 0x402000, 0), (int)sizeof(*miss_rp));
	KTEST_EXPECT_EQ(t, miss_rp->data[0x10], 0x99);
	KTEST_EXPECT_EQ(t, elf_img[0x1010], 0x40);
	KTEST_EXPECT_EQ(t, flush(T_PID, 0x10000000, 0x1), -EFAULT);
}

static void miss_errors(struct ktest *t)
{
	u64 faults = mm_counters.fault;

	KTEST_EXPECT_EQ(t, miss(T_PID, 0x10000000, 0), -EFAULT);
	KTEST_EXPECT_EQ(t, miss(T_PID, 0, 0), -EFAULT);
	KTEST_EXPECT_EQ(t, miss(T_PID, 0x401000, P2M_MISS_WRITE), -EACCES);
	KTEST_EXPECT_EQ(t, miss(T_PID, 0x402000, P2M_MISS_EXEC), -EACCES);
	KTEST_EXPECT_EQ(t, mm_counters.fault, faults + 4);
}

static void malformed_requests(struct ktest *t)
{
	struct p2m_miss_req rq = { .pid = T_PID, .vaddr = 0x401000 };
	struct p2m_exec_reply erp;
	u64 badc = mm_counters.bad_request, nosp = mm_counters.no_space;

	KTEST_EXPECT_EQ(t, call(P2M_PCACHE_MISS, &rq, sizeof(rq) - 1, miss_rp,
				sizeof(*miss_rp)), -EINVAL);
	KTEST_EXPECT_EQ(t, miss(T_PID, 0xffff800000000000UL, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, miss(T_PID, 0x0000800000000000UL, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, miss(T_PID, 0x401008, 0), -EINVAL);	/* unaligned */
	KTEST_EXPECT_EQ(t, miss(T_PID, 0x401000, 0x80), -EINVAL); /* flags */
	KTEST_EXPECT_EQ(t, mm_counters.bad_request, badc + 5);
	KTEST_EXPECT_EQ(t, miss(777, 0x401000, 0), -ESRCH);
	KTEST_EXPECT_EQ(t, flush(777, 0x401000, 0), -ESRCH);
	KTEST_EXPECT_EQ(t, mmcall(P2M_BRK, 777, 0, 0, 0, 0, -1, 0), -ESRCH);
	KTEST_EXPECT_EQ(t, mm_counters.no_space, nosp + 3);
	KTEST_EXPECT_EQ(t, call(P2M_FORK, &rq, 4, NULL, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, pidcall(P2M_FORK, T_PID, T_PID), -EINVAL);
	KTEST_EXPECT_EQ(t, exec_pid(T_PID3, "/ktest-mm/nothere", &erp), -ENOENT);
	KTEST_EXPECT_EQ(t, exec_pid(T_PID3, "/ktest-mm/notelf", &erp), -ENOEXEC);
	KTEST_EXPECT_EQ(t, exec_pid(T_PID3, "/ktest-mm", &erp), -EACCES);
	KTEST_EXPECT_EQ(t, exec_pid(T_PID3, "relative", &erp), -EINVAL);
}

static void exec_rejects_bad_elf(struct ktest *t)
{
	struct p2m_exec_reply erp;
	struct p2m_exec_req *rq;
	struct ramfs_inode *i;
	u8 *img = kmalloc(T_FILE_LEN, GFP_KERNEL);
	int ret;

	KTEST_ASSERT_NOT_NULL(t, img);
	memcpy(img, elf_img, T_FILE_LEN);
	*(u16 *)(img + 16) = 3;				/* ET_DYN */
	mutex_lock(&mm_lock);
	ret = ramfs_create("/ktest-mm/new", RAMFS_S_IFREG | 0755, &i);
	if (!ret)
		ret = ramfs_write(i, 0, img, T_FILE_LEN) == T_FILE_LEN ? 0 : -EIO;
	mutex_unlock(&mm_lock);
	KTEST_ASSERT_EQ(t, ret, 0);
	KTEST_EXPECT_EQ(t, exec_pid(T_PID3, "/ktest-mm/new", &erp), -ENOEXEC);
	/* ET_EXEC but filesz > memsz in the RW segment. */
	*(u16 *)(img + 16) = 2;
	*(u64 *)(img + 64 + 56 + 32) = 0x4000;
	mutex_lock(&mm_lock);
	ramfs_write(i, 0, img, T_FILE_LEN);
	mutex_unlock(&mm_lock);
	KTEST_EXPECT_EQ(t, exec_pid(T_PID3, "/ktest-mm/new", &erp), -ENOEXEC);
	/* phnum pointing past the end of the file. */
	*(u64 *)(img + 64 + 56 + 32) = 0x20;
	*(u16 *)(img + 56) = 60;
	mutex_lock(&mm_lock);
	ramfs_write(i, 0, img, T_FILE_LEN);
	ramfs_truncate(i, 64 + 56 * 3);
	mutex_unlock(&mm_lock);
	KTEST_EXPECT_EQ(t, exec_pid(T_PID3, "/ktest-mm/new", &erp), -ENOEXEC);
	kfree(img);
	mutex_lock(&mm_lock);
	KTEST_EXPECT_TRUE(t, space_find(T_PID3) == NULL);	/* nothing left */
	mutex_unlock(&mm_lock);
	/* argc/envc not matching the strings. */
	rq = kzalloc(sizeof(*rq), GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, rq);
	rq->pid = T_PID3;
	rq->argc = 3;
	rq->args_len = 4;
	strscpy(rq->path, "/ktest-mm/prog", sizeof(rq->path));
	memcpy(rq->args, "a\0b", 4);
	KTEST_EXPECT_EQ(t, call(P2M_EXEC, rq, sizeof(*rq), &erp, sizeof(erp)), -EINVAL);
	rq->argc = 2;
	rq->args[3] = 'x';				/* unterminated */
	KTEST_EXPECT_EQ(t, call(P2M_EXEC, rq, sizeof(*rq), &erp, sizeof(erp)), -EINVAL);
	kfree(rq);
}

static void mmap_anon_munmap_mprotect(struct ktest *t)
{
	s64 a = mmcall(P2M_MMAP, T_PID, 0, 3 * PAGE_SIZE, MM_PROT_READ | MM_PROT_WRITE,
		       MM_MAP_PRIVATE | MM_MAP_ANONYMOUS, -1, 0);

	KTEST_ASSERT_TRUE(t, a > 0 && !(a & (PAGE_SIZE - 1)));
	KTEST_EXPECT_EQ(t, miss(T_PID, a, P2M_MISS_WRITE),
			(int)offsetof(struct p2m_miss_reply, data));
	KTEST_EXPECT_EQ(t, miss_rp->flags, (u32)P2M_MISS_ZERO);
	KTEST_EXPECT_EQ(t, flush(T_PID, a, 0x11), 0);
	KTEST_EXPECT_EQ(t, flush(T_PID, a + 2 * PAGE_SIZE, 0x33), 0);
	KTEST_EXPECT_EQ(t, mmcall(P2M_MUNMAP, T_PID, a + PAGE_SIZE, PAGE_SIZE, 0, 0, -1, 0), 0);
	KTEST_EXPECT_EQ(t, miss(T_PID, a + PAGE_SIZE, 0), -EFAULT);
	KTEST_ASSERT_EQ(t, miss(T_PID, a, 0), (int)sizeof(*miss_rp));
	KTEST_EXPECT_EQ(t, miss_rp->data[100], 0x11);
	KTEST_ASSERT_EQ(t, miss(T_PID, a + 2 * PAGE_SIZE, 0), (int)sizeof(*miss_rp));
	KTEST_EXPECT_EQ(t, miss_rp->data[100], 0x33);
	/* mprotect the last page read-only: write misses fail, reads work. */
	KTEST_EXPECT_EQ(t, mmcall(P2M_MPROTECT, T_PID, a + 2 * PAGE_SIZE, PAGE_SIZE,
				  MM_PROT_READ, 0, -1, 0), 0);
	KTEST_EXPECT_EQ(t, miss(T_PID, a + 2 * PAGE_SIZE, P2M_MISS_WRITE), -EACCES);
	KTEST_EXPECT_EQ(t, miss(T_PID, a + 2 * PAGE_SIZE, 0), (int)sizeof(*miss_rp));
	KTEST_EXPECT_EQ(t, miss(T_PID, a, P2M_MISS_WRITE), (int)sizeof(*miss_rp));
	/* A hole in the range: -ENOMEM as on Linux; bad arguments: -EINVAL. */
	KTEST_EXPECT_EQ(t, mmcall(P2M_MPROTECT, T_PID, a, 3 * PAGE_SIZE,
				  MM_PROT_READ, 0, -1, 0), -ENOMEM);
	KTEST_EXPECT_EQ(t, mmcall(P2M_MMAP, T_PID, 0, 0, MM_PROT_READ,
				  MM_MAP_PRIVATE | MM_MAP_ANONYMOUS, -1, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, mmcall(P2M_MMAP, T_PID, 0, PAGE_SIZE, 0x80,
				  MM_MAP_PRIVATE | MM_MAP_ANONYMOUS, -1, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, mmcall(P2M_MUNMAP, T_PID, a + 1, PAGE_SIZE, 0, 0, -1, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, mmcall(P2M_MUNMAP, T_PID, a, 3 * PAGE_SIZE, 0, 0, -1, 0), 0);
	KTEST_EXPECT_EQ(t, miss(T_PID, a, 0), -EFAULT);
	KTEST_EXPECT_EQ(t, miss(T_PID, a + 2 * PAGE_SIZE, 0), -EFAULT);
	/* MAP_FIXED replaces what was there. */
	KTEST_EXPECT_EQ(t, mmcall(P2M_MMAP, T_PID, 0x403000, PAGE_SIZE,
				  MM_PROT_READ, MM_MAP_PRIVATE | MM_MAP_ANONYMOUS |
				  MM_MAP_FIXED, -1, 0), 0x403000);
	KTEST_EXPECT_EQ(t, miss(T_PID, 0x403000, 0),
			(int)offsetof(struct p2m_miss_reply, data));
	KTEST_EXPECT_EQ(t, miss(T_PID, 0x403000, P2M_MISS_WRITE), -EACCES);
}

static void mmap_private_file(struct ktest *t)
{
	struct p2m_file_path_req *prq = kzalloc(sizeof(*prq), GFP_KERNEL);
	struct p2m_file_stat_reply st;
	struct p2m_file_io_req io = { 0 };
	char buf[8];
	s64 h, a;

	KTEST_ASSERT_NOT_NULL(t, prq);
	strscpy(prq->path, "/ktest-mm/data", sizeof(prq->path));
	KTEST_ASSERT_EQ(t, call(P2M_FILE_OPEN, prq, sizeof(*prq), &st, sizeof(st)),
			(int)sizeof(st));
	kfree(prq);
	h = st.ret;
	KTEST_ASSERT_TRUE(t, h >= 0);
	KTEST_EXPECT_EQ(t, st.size, (u64)T_DATA_FILE_LEN);
	/* Phoenix-style: st_size + 1 bytes, RW, MAP_PRIVATE. */
	a = mmcall(P2M_MMAP, T_PID, 0, T_DATA_FILE_LEN + 1,
		   MM_PROT_READ | MM_PROT_WRITE, MM_MAP_PRIVATE, h, 0);
	KTEST_ASSERT_TRUE(t, a > 0);
	KTEST_ASSERT_EQ(t, miss(T_PID, a, P2M_MISS_WRITE), (int)sizeof(*miss_rp));
	KTEST_EXPECT_EQ(t, memcmp(miss_rp->data, "abcdefgh", 8), 0);
	KTEST_ASSERT_EQ(t, miss(T_PID, a + PAGE_SIZE, 0), (int)sizeof(*miss_rp));
	KTEST_EXPECT_EQ(t, miss_rp->data[T_DATA_FILE_LEN - PAGE_SIZE - 1],
			'a' + (T_DATA_FILE_LEN - 1) % 26);
	KTEST_EXPECT_EQ(t, memchr_inv(miss_rp->data + T_DATA_FILE_LEN - PAGE_SIZE, 0,
				      2 * PAGE_SIZE - T_DATA_FILE_LEN), NULL);
	/* The program's writes stay private. */
	KTEST_EXPECT_EQ(t, flush(T_PID, a, 'Z'), 0);
	KTEST_ASSERT_EQ(t, miss(T_PID, a, 0), (int)sizeof(*miss_rp));
	KTEST_EXPECT_EQ(t, miss_rp->data[0], 'Z');
	io.handle = h;
	io.len = 8;
	KTEST_EXPECT_EQ(t, call(P2M_FILE_READ, &io, offsetof(struct p2m_file_io_req, data),
				buf, sizeof(buf)), 8);
	KTEST_EXPECT_EQ(t, memcmp(buf, "abcdefgh", 8), 0);
	KTEST_EXPECT_EQ(t, mmcall(P2M_MMAP, T_PID, 0, PAGE_SIZE, MM_PROT_READ,
				  MM_MAP_PRIVATE, 4000, 0), -EBADF);
	KTEST_EXPECT_EQ(t, call(P2M_FILE_CLOSE, &io, offsetof(struct p2m_file_io_req, data),
				NULL, 0), 0);
	/* The mapping keeps the file after close. */
	KTEST_ASSERT_EQ(t, miss(T_PID, a + PAGE_SIZE, 0), (int)sizeof(*miss_rp));
	KTEST_EXPECT_EQ(t, miss_rp->data[0], 'a' + PAGE_SIZE % 26);
	KTEST_EXPECT_EQ(t, mmcall(P2M_MUNMAP, T_PID, a, 2 * PAGE_SIZE, 0, 0, -1, 0), 0);
}

static void brk_grow_shrink(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, mmcall(P2M_BRK, T_PID, 0, 0, 0, 0, -1, 0), (s64)T_BRK);
	KTEST_EXPECT_EQ(t, miss(T_PID, T_BRK, 0), -EFAULT);
	KTEST_EXPECT_EQ(t, mmcall(P2M_BRK, T_PID, T_BRK + 0x2500, 0, 0, 0, -1, 0),
			(s64)(T_BRK + 0x2500));
	KTEST_EXPECT_EQ(t, miss(T_PID, T_BRK + 0x2000, P2M_MISS_WRITE),
			(int)offsetof(struct p2m_miss_reply, data));
	KTEST_EXPECT_EQ(t, flush(T_PID, T_BRK + 0x2000, 0x5b), 0);
	KTEST_EXPECT_EQ(t, mmcall(P2M_BRK, T_PID, T_BRK + 0x4000, 0, 0, 0, -1, 0),
			(s64)(T_BRK + 0x4000));
	KTEST_ASSERT_EQ(t, miss(T_PID, T_BRK + 0x2000, 0), (int)sizeof(*miss_rp));
	KTEST_EXPECT_EQ(t, miss_rp->data[7], 0x5b);
	KTEST_EXPECT_EQ(t, mmcall(P2M_BRK, T_PID, T_BRK + 0x1000, 0, 0, 0, -1, 0),
			(s64)(T_BRK + 0x1000));
	KTEST_EXPECT_EQ(t, miss(T_PID, T_BRK + 0x2000, 0), -EFAULT);
	KTEST_EXPECT_EQ(t, miss(T_PID, T_BRK, 0),
			(int)offsetof(struct p2m_miss_reply, data));
	/* Below the start: refused, the current break comes back. */
	KTEST_EXPECT_EQ(t, mmcall(P2M_BRK, T_PID, 0x1000, 0, 0, 0, -1, 0),
			(s64)(T_BRK + 0x1000));
	/* Growing into a mapping is refused too. */
	KTEST_EXPECT_EQ(t, mmcall(P2M_MMAP, T_PID, T_BRK + 0x8000, PAGE_SIZE,
				  MM_PROT_READ, MM_MAP_PRIVATE | MM_MAP_ANONYMOUS |
				  MM_MAP_FIXED, -1, 0), (s64)(T_BRK + 0x8000));
	KTEST_EXPECT_EQ(t, mmcall(P2M_BRK, T_PID, T_BRK + 0x9000, 0, 0, 0, -1, 0),
			(s64)(T_BRK + 0x1000));
	KTEST_EXPECT_EQ(t, mmcall(P2M_MUNMAP, T_PID, T_BRK + 0x8000, PAGE_SIZE, 0, 0,
				  -1, 0), 0);
}

static void fork_copies(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, flush(T_PID, 0x404000, 0x21), 0);
	KTEST_ASSERT_EQ(t, pidcall(P2M_FORK, T_PID, T_CHILD), 0);
	KTEST_EXPECT_EQ(t, pidcall(P2M_FORK, T_PID, T_CHILD), -EEXIST);
	KTEST_EXPECT_EQ(t, pidcall(P2M_FORK, 777, 778), -ESRCH);
	KTEST_ASSERT_EQ(t, miss(T_CHILD, 0x404000, 0), (int)sizeof(*miss_rp));
	KTEST_EXPECT_EQ(t, miss_rp->data[0], 0x21);
	KTEST_EXPECT_EQ(t, flush(T_CHILD, 0x404000, 0x42), 0);
	KTEST_ASSERT_EQ(t, miss(T_PID, 0x404000, 0), (int)sizeof(*miss_rp));
	KTEST_EXPECT_EQ(t, miss_rp->data[0], 0x21);		/* parent unchanged */
	KTEST_ASSERT_EQ(t, miss(T_CHILD, 0x404000, 0), (int)sizeof(*miss_rp));
	KTEST_EXPECT_EQ(t, miss_rp->data[0], 0x42);
	KTEST_ASSERT_EQ(t, miss(T_CHILD, 0x401000, P2M_MISS_EXEC), (int)sizeof(*miss_rp));
	KTEST_EXPECT_EQ(t, miss_rp->data[0], 0xc0);
	KTEST_EXPECT_EQ(t, mmcall(P2M_BRK, T_CHILD, 0, 0, 0, 0, -1, 0),
			mmcall(P2M_BRK, T_PID, 0, 0, 0, 0, -1, 0));
	KTEST_EXPECT_EQ(t, pidcall(P2M_EXIT, T_CHILD, 0), 0);
	KTEST_EXPECT_EQ(t, miss(T_CHILD, 0x404000, 0), -ESRCH);
	KTEST_EXPECT_EQ(t, pidcall(P2M_EXIT, T_CHILD, 0), -ESRCH);
}

static void mremap_moves_data(struct ktest *t)
{
	s64 a = mmcall(P2M_MMAP, T_PID, 0, 2 * PAGE_SIZE, MM_PROT_READ | MM_PROT_WRITE,
		       MM_MAP_PRIVATE | MM_MAP_ANONYMOUS, -1, 0), b;

	KTEST_ASSERT_TRUE(t, a > 0);
	KTEST_EXPECT_EQ(t, flush(T_PID, a + PAGE_SIZE, 0x6d), 0);
	/* Block growth in place, then grow with MREMAP_MAYMOVE. */
	KTEST_EXPECT_EQ(t, mmcall(P2M_MMAP, T_PID, a + 2 * PAGE_SIZE, PAGE_SIZE,
				  MM_PROT_READ, MM_MAP_PRIVATE | MM_MAP_ANONYMOUS |
				  MM_MAP_FIXED, -1, 0), (s64)(a + 2 * PAGE_SIZE));
	KTEST_EXPECT_EQ(t, mmcall(P2M_MREMAP, T_PID, a, 2 * PAGE_SIZE, 4 * PAGE_SIZE,
				  0, -1, 0), -ENOMEM);
	b = mmcall(P2M_MREMAP, T_PID, a, 2 * PAGE_SIZE, 4 * PAGE_SIZE, 1, -1, 0);
	KTEST_ASSERT_TRUE(t, b > 0 && b != a);
	KTEST_EXPECT_EQ(t, miss(T_PID, a, 0), -EFAULT);
	KTEST_ASSERT_EQ(t, miss(T_PID, b + PAGE_SIZE, 0), (int)sizeof(*miss_rp));
	KTEST_EXPECT_EQ(t, miss_rp->data[1], 0x6d);
	KTEST_EXPECT_EQ(t, miss(T_PID, b + 3 * PAGE_SIZE, P2M_MISS_WRITE),
			(int)offsetof(struct p2m_miss_reply, data));
	/* Shrink in place. */
	KTEST_EXPECT_EQ(t, mmcall(P2M_MREMAP, T_PID, b, 4 * PAGE_SIZE, PAGE_SIZE, 0, -1, 0), b);
	KTEST_EXPECT_EQ(t, miss(T_PID, b + PAGE_SIZE, 0), -EFAULT);
	KTEST_EXPECT_EQ(t, mmcall(P2M_MUNMAP, T_PID, b, PAGE_SIZE, 0, 0, -1, 0), 0);
	KTEST_EXPECT_EQ(t, mmcall(P2M_MUNMAP, T_PID, a + 2 * PAGE_SIZE, PAGE_SIZE, 0, 0,
				  -1, 0), 0);
}

static void vma_tree_balanced(struct ktest *t)
{
	s64 base = mmcall(P2M_MMAP, T_PID, 0, 512 * PAGE_SIZE, MM_PROT_READ,
			  MM_MAP_PRIVATE | MM_MAP_ANONYMOUS, -1, 0);
	unsigned int k, before, mid, after, h;
	struct mm_space *s;

	KTEST_ASSERT_TRUE(t, base > 0);
	mutex_lock(&mm_lock);
	before = vma_count(space_find(T_PID));
	mutex_unlock(&mm_lock);
	/* Punch every other page: 256 separate VMAs. */
	for (k = 1; k < 512; k += 2)
		mmcall(P2M_MUNMAP, T_PID, base + k * PAGE_SIZE, PAGE_SIZE, 0, 0, -1, 0);
	mutex_lock(&mm_lock);
	s = space_find(T_PID);
	mid = vma_count(s);
	h = s->vmas ? s->vmas->height : 0;
	mutex_unlock(&mm_lock);
	KTEST_EXPECT_EQ(t, mid, before + 255);
	KTEST_EXPECT_LE(t, h, 13u);		/* AVL: <= 1.44 log2(n + 2) */
	KTEST_EXPECT_EQ(t, miss(T_PID, base + 2 * PAGE_SIZE, 0),
			(int)offsetof(struct p2m_miss_reply, data));
	KTEST_EXPECT_EQ(t, miss(T_PID, base + 3 * PAGE_SIZE, 0), -EFAULT);
	KTEST_EXPECT_EQ(t, mmcall(P2M_MUNMAP, T_PID, base, 512 * PAGE_SIZE, 0, 0, -1, 0), 0);
	mutex_lock(&mm_lock);
	after = vma_count(space_find(T_PID));
	mutex_unlock(&mm_lock);
	KTEST_EXPECT_EQ(t, after, before - 1);
}

/* exec, touch, mmap, fork and exit pid 3 (and its child 4). */
static int churn(void)
{
	struct p2m_exec_reply rp;
	s64 a;
	int ret = exec_pid(T_PID3, "/ktest-mm/prog", &rp);

	if (ret < 0)
		return ret;
	flush(T_PID3, 0x402000, 1);
	flush(T_PID3, 0x405000, 2);
	a = mmcall(P2M_MMAP, T_PID3, 0, 8 * PAGE_SIZE, MM_PROT_READ | MM_PROT_WRITE,
		   MM_MAP_PRIVATE | MM_MAP_ANONYMOUS, -1, 0);
	if (a > 0) {
		flush(T_PID3, a, 3);
		flush(T_PID3, a + 7 * PAGE_SIZE, 4);
	}
	mmcall(P2M_BRK, T_PID3, T_BRK + 0x3000, 0, 0, 0, -1, 0);
	flush(T_PID3, T_BRK + 0x1000, 5);
	pidcall(P2M_FORK, T_PID3, T_PID3 + 1);
	flush(T_PID3 + 1, 0x403000, 6);
	pidcall(P2M_EXIT, T_PID3 + 1, 0);
	return pidcall(P2M_EXIT, T_PID3, 0);
}

static void exit_frees_everything(struct ktest *t)
{
	unsigned long before, after;

	KTEST_ASSERT_EQ(t, churn(), 0);		/* warm the slab caches */
	before = nr_free_pages();
	KTEST_ASSERT_EQ(t, churn(), 0);
	after = nr_free_pages();
	KTEST_EXPECT_EQ(t, after, before);
	mutex_lock(&mm_lock);
	KTEST_EXPECT_TRUE(t, space_find(T_PID3) == NULL);
	mutex_unlock(&mm_lock);
}

static void files_rpc(struct ktest *t)
{
	struct p2m_file_path_req *prq = kzalloc(sizeof(*prq), GFP_KERNEL);
	struct p2m_file_io_req *io = kzalloc(sizeof(*io), GFP_KERNEL);
	struct p2m_file_stat_reply st;
	struct p2m_mm_reply wr;
	u8 *buf = kzalloc(512, GFP_KERNEL);
	u32 hdr = offsetof(struct p2m_file_io_req, data);
	bool seen_prog = false, seen_dot = false;
	int len, off;
	s64 h, hd;

	KTEST_ASSERT_TRUE(t, prq && io && buf);
	strscpy(prq->path, "/ktest-mm/new2", sizeof(prq->path));
	prq->flags = P2M_O_CREAT | P2M_O_EXCL;
	prq->mode = 0644;
	KTEST_ASSERT_EQ(t, call(P2M_FILE_OPEN, prq, sizeof(*prq), &st, sizeof(st)),
			(int)sizeof(st));
	h = st.ret;
	KTEST_ASSERT_TRUE(t, h >= 0);
	KTEST_EXPECT_EQ(t, call(P2M_FILE_OPEN, prq, sizeof(*prq), &st, sizeof(st)),
			(int)sizeof(st));
	KTEST_EXPECT_EQ(t, st.ret, -EEXIST);
	io->handle = h;
	io->offset = 4094;
	io->len = 5;
	memcpy(io->data, "hello", 5);
	KTEST_EXPECT_EQ(t, call(P2M_FILE_WRITE, io, hdr + 5, &wr, sizeof(wr)), 8);
	KTEST_EXPECT_EQ(t, wr.ret, 5);
	KTEST_EXPECT_EQ(t, call(P2M_FILE_WRITE, io, hdr + 4, &wr, sizeof(wr)), -EINVAL);
	prq->handle = h;
	KTEST_EXPECT_EQ(t, call(P2M_FILE_STAT, prq, sizeof(*prq), &st, sizeof(st)),
			(int)sizeof(st));
	KTEST_EXPECT_EQ(t, st.size, 4099u);
	io->offset = 4090;
	io->len = 100;
	KTEST_EXPECT_EQ(t, call(P2M_FILE_READ, io, hdr, buf, 512), 9);
	KTEST_EXPECT_EQ(t, memcmp(buf, "\0\0\0\0hello", 9), 0);
	io->offset = 4;
	KTEST_EXPECT_EQ(t, call(P2M_FILE_TRUNCATE, io, hdr, NULL, 0), 0);
	io->offset = 0;
	KTEST_EXPECT_EQ(t, call(P2M_FILE_READ, io, hdr, buf, 512), 4);
	KTEST_EXPECT_EQ(t, call(P2M_FILE_CLOSE, io, hdr, NULL, 0), 0);
	KTEST_EXPECT_EQ(t, call(P2M_FILE_CLOSE, io, hdr, NULL, 0), -EBADF);
	/* getdents64 of the directory. */
	strscpy(prq->path, "/ktest-mm", sizeof(prq->path));
	prq->flags = P2M_O_DIRECTORY;
	call(P2M_FILE_OPEN, prq, sizeof(*prq), &st, sizeof(st));
	hd = st.ret;
	KTEST_ASSERT_TRUE(t, hd >= 0);
	io->handle = hd;
	io->offset = 0;
	io->len = 400;
	len = call(P2M_FILE_GETDENTS, io, hdr, buf, 512);
	KTEST_ASSERT_TRUE(t, len > 8);
	for (off = 8; off < len; off += *(u16 *)(buf + off + 16)) {
		const char *name = (const char *)buf + off + 19;

		seen_dot |= !strcmp(name, ".");
		seen_prog |= !strcmp(name, "prog") && buf[off + 18] == 8;
		if (*(u16 *)(buf + off + 16) == 0)
			break;
	}
	KTEST_EXPECT_TRUE(t, seen_dot);
	KTEST_EXPECT_TRUE(t, seen_prog);
	io->offset = *(u64 *)buf;
	KTEST_EXPECT_EQ(t, call(P2M_FILE_GETDENTS, io, hdr, buf, 512), 8);
	call(P2M_FILE_CLOSE, io, hdr, NULL, 0);
	prq->handle = -1;
	strscpy(prq->path, "/ktest-mm/new2", sizeof(prq->path));
	KTEST_EXPECT_EQ(t, call(P2M_FILE_UNLINK, prq, sizeof(*prq), NULL, 0), 0);
	KTEST_EXPECT_EQ(t, call(P2M_FILE_STAT, prq, sizeof(*prq), &st, sizeof(st)),
			(int)sizeof(st));
	KTEST_EXPECT_EQ(t, st.ret, -ENOENT);
	strscpy(prq->path, "/ktest-mm", sizeof(prq->path));
	KTEST_EXPECT_EQ(t, call(P2M_FILE_UNLINK, prq, sizeof(*prq), NULL, 0), -ENOTEMPTY);
	kfree(prq);
	kfree(io);
	kfree(buf);
}

static void ramfs_symlinks_rename(struct ktest *t)
{
	struct p2m_file_rename_req *rr = kzalloc(sizeof(*rr), GFP_KERNEL);
	struct p2m_exec_reply rp;
	struct ramfs_inode *a, *b;

	KTEST_ASSERT_NOT_NULL(t, rr);
	mutex_lock(&mm_lock);
	KTEST_EXPECT_EQ(t, ramfs_lookup("/ktest-mm/prog", &a), 0);
	KTEST_EXPECT_EQ(t, ramfs_lookup("/ktest-mm/sub/lnk", &b), 0);
	KTEST_EXPECT_PTR_EQ(t, a, b);			/* relative link */
	KTEST_EXPECT_EQ(t, ramfs_lookup("/ktest-mm/abs/lnk", &b), 0);
	KTEST_EXPECT_PTR_EQ(t, a, b);			/* absolute, mid-path */
	KTEST_EXPECT_EQ(t, ramfs_lookup("/ktest-mm/abs/../prog", &b), 0);
	KTEST_EXPECT_PTR_EQ(t, a, b);
	KTEST_EXPECT_EQ(t, ramfs_lookup_nofollow("/ktest-mm/sub/lnk", &b), 0);
	KTEST_EXPECT_EQ(t, b->mode & RAMFS_S_IFMT, (u32)RAMFS_S_IFLNK);
	KTEST_EXPECT_EQ(t, ramfs_lookup("/ktest-mm/loop", &b), -ELOOP);
	KTEST_EXPECT_EQ(t, ramfs_lookup("/ktest-mm/prog/x", &b), -ENOTDIR);
	mutex_unlock(&mm_lock);
	/* exec through a symlink, as busybox applets are run. */
	KTEST_EXPECT_EQ(t, exec_pid(T_PID3, "/ktest-mm/sub/lnk", &rp), (int)sizeof(rp));
	KTEST_EXPECT_EQ(t, rp.entry, T_ENTRY);
	KTEST_EXPECT_EQ(t, pidcall(P2M_EXIT, T_PID3, 0), 0);
	/* rename over FIT: the file moves, the old name is gone. */
	strscpy(rr->from, "/ktest-mm/notelf", sizeof(rr->from));
	strscpy(rr->to, "/ktest-mm/sub/moved", sizeof(rr->to));
	KTEST_EXPECT_EQ(t, call(P2M_FILE_RENAME, rr, sizeof(*rr), NULL, 0), 0);
	mutex_lock(&mm_lock);
	KTEST_EXPECT_EQ(t, ramfs_lookup("/ktest-mm/notelf", &b), -ENOENT);
	KTEST_EXPECT_EQ(t, ramfs_lookup("/ktest-mm/sub/moved", &b), 0);
	KTEST_EXPECT_EQ(t, b->size, 10u);
	mutex_unlock(&mm_lock);
	strscpy(rr->from, "/ktest-mm/sub/moved", sizeof(rr->from));
	strscpy(rr->to, "/ktest-mm/notelf", sizeof(rr->to));
	KTEST_EXPECT_EQ(t, call(P2M_FILE_RENAME, rr, sizeof(*rr), NULL, 0), 0);
	/* A directory into itself, and a malformed request. */
	strscpy(rr->from, "/ktest-mm", sizeof(rr->from));
	strscpy(rr->to, "/ktest-mm/sub/x", sizeof(rr->to));
	KTEST_EXPECT_EQ(t, call(P2M_FILE_RENAME, rr, sizeof(*rr), NULL, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, call(P2M_FILE_RENAME, rr, 10, NULL, 0), -EINVAL);
	kfree(rr);
}

static void ramfs_unpack_links_and_damage(struct ktest *t)
{
	struct ramfs_inode *a, *b;
	size_t cut;
	char buf[4];
	int ret;

	/* Hard links share one inode; the data rides on the last member. */
	arc_len = 0;
	arc_add_ino("ktest-mm/h1", CPIO_S_IFREG | 0644, 4242, 2, NULL, 0);
	arc_add_ino("ktest-mm/h2", CPIO_S_IFREG | 0644, 4242, 2, "link", 4);
	cut = arc_len;
	arc_add("ktest-mm/late", CPIO_S_IFREG | 0644, "zz", 2);
	arc_add("TRAILER!!!", 0, NULL, 0);
	mutex_lock(&mm_lock);
	/* Cut inside the third member's data: reported, the first two kept. */
	ret = ramfs_unpack(arc, cut + CPIO_HDR_LEN + 14 + 1);	/* 1 of 2 data bytes */
	KTEST_EXPECT_EQ(t, ret, -EINVAL);
	KTEST_EXPECT_EQ(t, ramfs_lookup("/ktest-mm/h1", &a), 0);
	KTEST_EXPECT_EQ(t, ramfs_lookup("/ktest-mm/h2", &b), 0);
	KTEST_EXPECT_PTR_EQ(t, a, b);
	KTEST_EXPECT_EQ(t, a->nlink, 2u);
	KTEST_EXPECT_EQ(t, ramfs_read(a, 0, buf, 4), 4);
	KTEST_EXPECT_EQ(t, memcmp(buf, "link", 4), 0);
	KTEST_EXPECT_EQ(t, ramfs_lookup("/ktest-mm/late", &b), -ENOENT);
	/* Garbage: nothing unpacked, nothing crashes. */
	memset(arc, 'x', 300);
	KTEST_EXPECT_EQ(t, ramfs_unpack(arc, 300), -EINVAL);
	KTEST_EXPECT_EQ(t, ramfs_unlink("/ktest-mm/h1"), 0);
	KTEST_EXPECT_EQ(t, a->nlink, 1u);
	KTEST_EXPECT_EQ(t, ramfs_unlink("/ktest-mm/h2"), 0);
	mutex_unlock(&mm_lock);
}

KTEST_SUITE(memory, memory_suite_init, memory_suite_exit,
	KTEST_CASE(exec_stack_layout),
	KTEST_CASE(miss_text_and_data),
	KTEST_CASE(miss_bss_zero_fill),
	KTEST_CASE(flush_then_miss),
	KTEST_CASE(miss_errors),
	KTEST_CASE(malformed_requests),
	KTEST_CASE(exec_rejects_bad_elf),
	KTEST_CASE(mmap_anon_munmap_mprotect),
	KTEST_CASE(mmap_private_file),
	KTEST_CASE(brk_grow_shrink),
	KTEST_CASE(fork_copies),
	KTEST_CASE(mremap_moves_data),
	KTEST_CASE(vma_tree_balanced),
	KTEST_CASE(exit_frees_everything),
	KTEST_CASE(files_rpc),
	KTEST_CASE(ramfs_symlinks_rename),
	KTEST_CASE(ramfs_unpack_links_and_damage));
