// SPDX-License-Identifier: GPL-2.0
/*
 * procbench: the processor manager's boot-time benchmark (boot parameter
 * `procbench`): syscall round trip against an empty function call.
 */
#include <tessera/kernel.h>
#include <tessera/param.h>
#include <tessera/printk.h>
#include <tessera/string.h>
#include <tessera/time.h>
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

/**
 * procbench_run() - print the benchmark if `procbench` was given
 *
 * The syscall cost is the difference of a long and a one-iteration run
 * (process set-up cancels out). TODO: pcache hit, zero-fill and loopback
 * miss fault costs.
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
	pr_warn("procbench: TODO pcache hit / zero-fill / loopback-miss fault timings\n");
}
