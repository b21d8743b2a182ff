/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPU sets as bitmaps of CONFIG_NR_CPUS bits, and the global possible and
 * online masks (set by the SMP code; read anywhere).
 */
#ifndef _TESSERA_CPUMASK_H
#define _TESSERA_CPUMASK_H

#include <tessera/kernel.h>

#define BITS_PER_LONG		64
#define CPUMASK_LONGS		DIV_ROUND_UP(CONFIG_NR_CPUS, BITS_PER_LONG)

struct cpumask {
	unsigned long bits[CPUMASK_LONGS];
};

extern struct cpumask cpu_possible_mask_, cpu_online_mask_;
#define cpu_possible_mask	(&cpu_possible_mask_)
#define cpu_online_mask		(&cpu_online_mask_)

static inline void cpumask_set_cpu(unsigned int cpu, struct cpumask *m)
{
	__atomic_fetch_or(&m->bits[cpu / BITS_PER_LONG], 1UL << (cpu % BITS_PER_LONG),
			  __ATOMIC_SEQ_CST);
}

static inline void cpumask_clear_cpu(unsigned int cpu, struct cpumask *m)
{
	__atomic_fetch_and(&m->bits[cpu / BITS_PER_LONG], ~(1UL << (cpu % BITS_PER_LONG)),
			   __ATOMIC_SEQ_CST);
}

static inline bool cpumask_test_cpu(unsigned int cpu, const struct cpumask *m)
{
	if (cpu >= CONFIG_NR_CPUS)
		return false;
	return (__atomic_load_n(&m->bits[cpu / BITS_PER_LONG], __ATOMIC_RELAXED) >>
		(cpu % BITS_PER_LONG)) & 1;
}

static inline void cpumask_clear(struct cpumask *m)
{
	unsigned int i;

	for (i = 0; i < CPUMASK_LONGS; i++)
		m->bits[i] = 0;
}

static inline void cpumask_copy(struct cpumask *dst, const struct cpumask *src)
{
	*dst = *src;
}

/* @dst = @a & @b; returns true if the result is not empty. */
static inline bool cpumask_and(struct cpumask *dst, const struct cpumask *a,
			       const struct cpumask *b)
{
	unsigned long any = 0;
	unsigned int i;

	for (i = 0; i < CPUMASK_LONGS; i++)
		any |= dst->bits[i] = a->bits[i] & b->bits[i];
	return any != 0;
}

static inline bool cpumask_intersects(const struct cpumask *a, const struct cpumask *b)
{
	unsigned int i;

	for (i = 0; i < CPUMASK_LONGS; i++)
		if (a->bits[i] & b->bits[i])
			return true;
	return false;
}

/* Bits set in @w (no popcnt: the baseline x86-64 CPU lacks it, and the
 * builtin would call libgcc, which the kernel does not link). */
static inline unsigned int hweight64(u64 w)
{
	w = w - ((w >> 1) & 0x5555555555555555ULL);
	w = (w & 0x3333333333333333ULL) + ((w >> 2) & 0x3333333333333333ULL);
	w = (w + (w >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (unsigned int)((w * 0x0101010101010101ULL) >> 56);
}

static inline unsigned int cpumask_weight(const struct cpumask *m)
{
	unsigned int i, n = 0;

	for (i = 0; i < CPUMASK_LONGS; i++)
		n += hweight64(m->bits[i]);
	return n;
}

/* The first CPU >= @start in @m, or CONFIG_NR_CPUS if none. */
static inline unsigned int cpumask_next_from(unsigned int start, const struct cpumask *m)
{
	unsigned int cpu;

	for (cpu = start; cpu < CONFIG_NR_CPUS; cpu++)
		if (cpumask_test_cpu(cpu, m))
			return cpu;
	return CONFIG_NR_CPUS;
}

#define for_each_cpu(cpu, mask)						\
	for ((cpu) = cpumask_next_from(0, mask); (cpu) < CONFIG_NR_CPUS;	\
	     (cpu) = cpumask_next_from((cpu) + 1, mask))
#define for_each_possible_cpu(cpu)	for_each_cpu(cpu, cpu_possible_mask)
#define for_each_online_cpu(cpu)	for_each_cpu(cpu, cpu_online_mask)

static inline unsigned int num_online_cpus(void)
{
	return cpumask_weight(cpu_online_mask);
}

static inline void cpumask_of(struct cpumask *m, unsigned int cpu)
{
	cpumask_clear(m);
	cpumask_set_cpu(cpu, m);
}

#endif /* _TESSERA_CPUMASK_H */
