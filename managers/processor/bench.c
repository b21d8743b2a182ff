// SPDX-License-Identifier: GPL-2.0
/*
 * procbench: the processor manager's boot-time benchmark (boot parameter
 * `procbench`): syscall round trip against an empty function call, and
 * pcache hit, zero-fill and loopback-miss fault costs.
 */
#include <tessera/fit.h>
#include <tessera/kernel.h>
#include <tessera/param.h>
#include <tessera/printk.h>
#include <tessera/string.h>
#include <tessera/slab.h>
#include <tessera/time.h>
#include <asm/page.h>
#include <asm/traps.h>
#include <asm/uaccess.h>
#include "pm.h"

#define BENCH_LOOPS	200000

static bool procbench;
param_bool(procbench, procbench, "print syscall and pcache fault costs in ns at boot");

static __noinline void empty_call(void)
{
	barrier();
}

/*
 *	mov $LOOPS, %ebx
 * 1:	mov $39, %eax		(getpid)
 *	syscall
 *	dec %ebx
 *	jnz 1b
 *	mov $60, %eax		(exit)
 *	xor %edi, %edi
 *	syscall
 */
static u8 getpid_loop[] = {
	0xbb, 0, 0, 0, 0,
	0xb8, 39, 0, 0, 0,
	0x0f, 0x05,
	0xff, 0xcb,
	0x75, 0xf5,
	0xb8, 60, 0, 0, 0,
	0x31, 0xff,
	0x0f, 0x05,
};

static u64 run_loop(u32 loops)
{
	int status;
	u64 t0;

	memcpy(&getpid_loop[1], &loops, sizeof(loops));
	t0 = ktime_get_ns();
	if (pm_run_user_code(getpid_loop, sizeof(getpid_loop), &status) || status)
		return 0;
	return ktime_get_ns() - t0;
}

#define FAULT_PAGES	64
#define FAULT_PASSES	8

/* An address space on M running init=, plus an anonymous region. */
static struct pm_mm *bench_space(u64 *text, u64 *anon)
{
	struct p2m_mm_req mreq = {
		.len = FAULT_PAGES * PAGE_SIZE, .prot = PM_PROT_READ | PM_PROT_WRITE,
		.flags = 0x22 /* MAP_PRIVATE | MAP_ANONYMOUS */, .fd_file = -1,
	};
	struct p2m_exec_reply reply;
	struct p2m_mm_reply mrep;
	struct p2m_exec_req *req = kzalloc(sizeof(*req), GFP_KERNEL);
	struct pm_mm *mm = pm_mm_create(fit_memory_node());
	int ret = -ENOMEM;

	if (!req || !mm)
		goto fail;
	strscpy(req->path, pm_init_path(), sizeof(req->path));
	strscpy(req->args, req->path, sizeof(req->args));
	req->args_len = strlen(req->args) + 1;
	req->argc = 1;
	req->pid = mm->id;
	ret = fit_call(mm->mem_node, P2M_EXEC, req, sizeof(*req), &reply, sizeof(reply), 0);
	if (ret != sizeof(reply))
		goto fail;
	mm->on_m = true;
	mreq.pid = mm->id;
	ret = fit_call(mm->mem_node, P2M_MMAP, &mreq, sizeof(mreq), &mrep, sizeof(mrep), 0);
	if (ret != sizeof(mrep) || mrep.ret < 0)
		goto fail;
	*text = reply.entry & ~(PAGE_SIZE - 1);
	*anon = mrep.ret;
	kfree(req);
	return mm;
fail:
	pr_err("procbench: no address space on M for %s (%d)\n", pm_init_path(), ret);
	kfree(req);
	pm_mm_put(mm);
	return NULL;
}

/*
 * Fault @n pages from @va in, FAULT_PASSES times; before each pass the
 * lines are dropped, or with @unmap_only only unmapped (they stay valid:
 * hits). Return: the mean ns per pcache_fault() call, 0 on an error.
 */
static u64 time_faults(struct pm_mm *mm, unsigned long va, unsigned int n,
		       unsigned long err, bool unmap_only)
{
	u64 total = 0, t0;
	unsigned int pass, i;

	for (pass = 0; pass < FAULT_PASSES; pass++) {
		if (unmap_only) {
			for (i = 0; i < n; i++)
				pm_unmap_page(mm, va + i * PAGE_SIZE);	/* line stays */
		} else {
			pcache_drop_range(mm, va, va + n * PAGE_SIZE, false);
		}
		t0 = ktime_get_ns();
		for (i = 0; i < n; i++)
			if (pcache_fault(mm, va + i * PAGE_SIZE, err))
				return 0;
		total += ktime_get_ns() - t0;
	}
	return total / (FAULT_PASSES * n);
}

/* How many pages from @text M can serve (file-backed text), at most max. */
static unsigned int text_pages(struct pm_mm *mm, unsigned long text)
{
	unsigned int n;

	for (n = 0; n < FAULT_PAGES; n++)
		if (pcache_fault(mm, text + n * PAGE_SIZE, 0))
			break;
	return n;
}

static void bench_faults(void)
{
	u64 text, anon, hit, zero, miss;
	struct pm_mm *mm;
	unsigned int n;

	if (!pcache_ready())
		return;
	mm = bench_space(&text, &anon);
	if (!mm)
		return;
	zero = time_faults(mm, anon, FAULT_PAGES, X86_PF_WRITE, false);
	hit = time_faults(mm, anon, FAULT_PAGES, 0, true);
	n = text_pages(mm, text);
	miss = n ? time_faults(mm, text, n, 0, false) : 0;
	pcache_drop_range(mm, 0, USER_ADDR_LIMIT, false);
	pm_mm_put(mm);
	pr_info("procbench: pcache_fault() (trap excluded): hit %llu ns, zero-fill %llu ns, miss %llu ns over FIT to %s (%u pages x %u passes)\n",
		(unsigned long long)hit, (unsigned long long)zero,
		(unsigned long long)miss,
		fit_memory_node() == FIT_NODE_SELF ? "this node (loopback)" : "the memory node",
		FAULT_PAGES, FAULT_PASSES);
}

/**
 * procbench_run() - print the benchmark if `procbench` was given
 *
 * The syscall cost is the difference of a long and a one-iteration run
 * (process set-up cancels out). The fault costs are pcache_fault() calls
 * on an address space M holds (init= loaded): zero-fill (anonymous first
 * touch: M answers "zero"), hit (line valid, mapping removed), miss (text
 * pages of the ELF copied from M over the loopback transport). The trap
 * itself costs about what the getpid round trip costs on top.
 * Context: boot, process context.
 */
void procbench_run(void)
{
	u64 t0, call_ns, one, many;
	unsigned int i;

	if (!procbench)
		return;
	t0 = ktime_get_ns();
	for (i = 0; i < BENCH_LOOPS; i++)
		empty_call();
	call_ns = ktime_get_ns() - t0;
	one = run_loop(1);
	many = run_loop(BENCH_LOOPS + 1);
	if (!one || !many || many < one) {
		pr_err("procbench: the user-mode loop failed\n");
		return;
	}
	pr_info("procbench: empty call %llu.%02llu ns, getpid round trip %llu.%02llu ns (%u loops)\n",
		(unsigned long long)(call_ns / BENCH_LOOPS),
		(unsigned long long)(call_ns * 100 / BENCH_LOOPS % 100),
		(unsigned long long)((many - one) / BENCH_LOOPS),
		(unsigned long long)((many - one) * 100 / BENCH_LOOPS % 100), BENCH_LOOPS);
	bench_faults();
}
