/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interrupt flag control: local_irq_save/restore nest; local_irq_enable and
 * local_irq_disable do not.
 */
#ifndef _ASM_X86_IRQFLAGS_H
#define _ASM_X86_IRQFLAGS_H

#include <asm/processor.h>

static inline void local_irq_disable(void)
{
	__asm__ __volatile__("cli" ::: "memory");
}

static inline void local_irq_enable(void)
{
	__asm__ __volatile__("sti" ::: "memory");
}

static inline unsigned long local_irq_save(void)
{
	unsigned long flags = read_rflags();

	local_irq_disable();
	return flags;
}

static inline void local_irq_restore(unsigned long flags)
{
	if (flags & X86_EFLAGS_IF)
		local_irq_enable();
}

static inline bool irqs_disabled(void)
{
	return !(read_rflags() & X86_EFLAGS_IF);
}

#endif /* _ASM_X86_IRQFLAGS_H */
