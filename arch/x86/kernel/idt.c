// SPDX-License-Identifier: GPL-2.0
/*
 * The interrupt descriptor table and the external-interrupt vector table:
 * 256 interrupt gates pointing at the entry.S stubs, and request_vector()
 * routing vectors 32..254 to their handlers.
 */
#include <tessera/kernel.h>
#include <tessera/errno.h>
#include <tessera/printk.h>
#include <asm/page.h>
#include <asm/smp.h>
#include <asm/traps.h>

#define GATE_INTERRUPT		0xe	/* interrupts off on entry */
#define GATE_P			0x80	/* present */

/**
 * struct idt_gate - one 64-bit IDT entry (SDM vol. 3, 6.14.1)
 * @offset_low: handler address bits 15:0
 * @selector: code segment
 * @ist: bits 2:0 pick an interrupt stack table slot, 0 = none
 * @type_attr: gate type, DPL and present bit
 * @offset_mid: address bits 31:16
 * @offset_high: address bits 63:32
 */
struct idt_gate {
	u16 offset_low;
	u16 selector;
	u8 ist;
	u8 type_attr;
	u16 offset_mid;
	u32 offset_high;
	u32 reserved;
} __packed;

BUILD_BUG_ON(sizeof(struct idt_gate) != 16);

struct idt_ptr {
	u16 limit;
	u64 base;
} __packed;

static struct idt_gate idt[NR_VECTORS] __aligned(PAGE_SIZE);

/*
 * Handlers of external vectors, shared by all CPUs (one IDT). Claimed with
 * a compare-and-swap from NULL, cleared with a plain store; the dispatcher
 * on any CPU reads them with READ_ONCE. No lock needed.
 */
static irq_handler_t vector_handler[NR_VECTORS];
/* Arrivals with no handler (the first one of each vector is reported); atomic adds. */
static unsigned long vector_unexpected[NR_VECTORS];

static void set_gate(unsigned int vector, unsigned long addr, unsigned int ist)
{
	struct idt_gate *g = &idt[vector];

	g->offset_low = addr & 0xffff;
	g->selector = __KERNEL_CS;
	g->ist = ist;
	g->type_attr = GATE_P | GATE_INTERRUPT;	/* DPL 0 */
	g->offset_mid = (addr >> 16) & 0xffff;
	g->offset_high = addr >> 32;
	g->reserved = 0;
}

static unsigned int vector_ist(unsigned int vector)
{
	switch (vector) {
	case X86_TRAP_DF:
		return IST_DF;
	case X86_TRAP_NMI:
		return IST_NMI;
	case X86_TRAP_MC:
		return IST_MC;
	default:
		return 0;
	}
}

static void idt_load_table(void)
{
	struct idt_ptr idtr = { .limit = sizeof(idt) - 1, .base = (u64)idt };

	__asm__ __volatile__("lidt %0" : : "m"(idtr) : "memory");
}

/**
 * idt_init() - fill all 256 gates and load the IDT
 *
 * Context: early boot, interrupts off; gdt_init() has loaded the TSS.
 */
void idt_init(void)
{
	unsigned int v;

	for (v = 0; v < NR_VECTORS; v++)
		set_gate(v, entry_stub_table[v], vector_ist(v));
	idt_load_table();
}

/**
 * idt_load() - load the (shared, already filled) IDT on the calling CPU
 *
 * Context: AP bring-up, after gdt_load_cpu(), interrupts off.
 */
void idt_load(void)
{
	idt_load_table();
}

static bool vector_requestable(unsigned int vector)
{
	return vector >= FIRST_EXTERNAL_VECTOR && vector < NR_VECTORS;
}

/**
 * request_vector() - route an external interrupt vector to a handler
 * @vector: FIRST_EXTERNAL_VECTOR..0xff
 * @handler: called with interrupts off and the saved registers
 *
 * The APIC spurious vector (0xff) may have a handler too (to count them);
 * without one its arrivals are counted silently.
 * Context: any CPU; does not sleep.
 * Return: 0, -EINVAL for an exception vector, one past 0xff or a NULL
 * handler, -EBUSY if the vector already has a handler.
 */
int request_vector(unsigned int vector, irq_handler_t handler)
{
	irq_handler_t expected = NULL;

	if (!vector_requestable(vector) || !handler)
		return -EINVAL;
	if (!__atomic_compare_exchange_n(&vector_handler[vector], &expected, handler,
					 false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		return -EBUSY;
	return 0;
}

/**
 * free_vector() - remove the handler of a vector
 * @vector: a vector earlier passed to request_vector()
 *
 * Context: any; the caller must have stopped the device raising @vector.
 */
void free_vector(unsigned int vector)
{
	if (!vector_requestable(vector)) {
		pr_err("traps: free_vector(%u): not an external vector\n", vector);
		return;
	}
	__atomic_store_n(&vector_handler[vector], NULL, __ATOMIC_SEQ_CST);
}

/**
 * unexpected_vector_count() - arrivals of @vector that had no handler
 * @vector: 0..255
 *
 * Context: any.
 * Return: the count since boot, 0 for an out-of-range vector.
 */
unsigned long unexpected_vector_count(unsigned int vector)
{
	if (vector >= NR_VECTORS)
		return 0;
	return READ_ONCE(vector_unexpected[vector]);
}

/**
 * dispatch_external_vector() - run the handler of an external vector
 * @regs: the interrupted state; regs->vector >= FIRST_EXTERNAL_VECTOR
 *
 * A vector without a handler is counted, and reported the first time it
 * arrives unless it is the APIC spurious vector.
 * Context: interrupt, interrupts off.
 */
void dispatch_external_vector(struct pt_regs *regs)
{
	unsigned int vector = regs->vector & 0xff;
	irq_handler_t handler;

	handler = READ_ONCE(vector_handler[vector]);
	if (likely(handler)) {
		handler(regs);
		barrier();	/* no tail call: keep this frame in traces */
		return;
	}
	if (__atomic_fetch_add(&vector_unexpected[vector], 1, __ATOMIC_RELAXED) == 0 &&
	    vector != SPURIOUS_APIC_VECTOR)
		pr_warn("traps: unexpected interrupt on vector 0x%02x at %pS, no handler (further ones counted silently)\n",
			vector, (void *)regs->rip);
}
