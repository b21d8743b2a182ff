/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Port I/O and MMIO accessors. MMIO pointers carry __iomem so sparse keeps
 * them apart from ordinary memory.
 */
#ifndef _ASM_X86_IO_H
#define _ASM_X86_IO_H

#include <tessera/types.h>
#include <tessera/compiler.h>

static inline void outb(u16 port, u8 v)
{
	__asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline u8 inb(u16 port)
{
	u8 v;

	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outw(u16 port, u16 v)
{
	__asm__ __volatile__("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline u16 inw(u16 port)
{
	u16 v;

	__asm__ __volatile__("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outl(u16 port, u32 v)
{
	__asm__ __volatile__("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline u32 inl(u16 port)
{
	u32 v;

	__asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u8 readb(const volatile void __iomem *addr)
{
	return *(const volatile u8 __force *)addr;
}

static inline void writeb(u8 v, volatile void __iomem *addr)
{
	*(volatile u8 __force *)addr = v;
}

static inline u16 readw(const volatile void __iomem *addr)
{
	return *(const volatile u16 __force *)addr;
}

static inline void writew(u16 v, volatile void __iomem *addr)
{
	*(volatile u16 __force *)addr = v;
}

static inline u32 readl(const volatile void __iomem *addr)
{
	return *(const volatile u32 __force *)addr;
}

static inline void writel(u32 v, volatile void __iomem *addr)
{
	*(volatile u32 __force *)addr = v;
}

static inline u64 readq(const volatile void __iomem *addr)
{
	return *(const volatile u64 __force *)addr;
}

static inline void writeq(u64 v, volatile void __iomem *addr)
{
	*(volatile u64 __force *)addr = v;
}

#endif /* _ASM_X86_IO_H */
