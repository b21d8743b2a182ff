// SPDX-License-Identifier: GPL-2.0
/*
 * The legacy 8259A interrupt controllers: reprogrammed off the exception
 * vectors and fully masked, so only the local APIC delivers interrupts.
 */
#include <tessera/kernel.h>
#include <asm/io.h>
#include "internal.h"

#define PIC1_CMD	0x20
#define PIC1_DATA	0x21
#define PIC2_CMD	0xa0
#define PIC2_DATA	0xa1

#define ICW1_INIT	0x11	/* edge triggered, cascaded, ICW4 follows */
#define ICW4_8086	0x01
#define PIC1_VECTOR	0x20	/* IRQ0-7 -> 0x20-0x27 */
#define PIC2_VECTOR	0x28	/* IRQ8-15 -> 0x28-0x2f */
#define PIC1_CASCADE	0x04	/* master: slave on IRQ2 (bit mask) */
#define PIC2_CASCADE	0x02	/* slave: its cascade identity */
#define PIC_MASK_ALL	0xff

/* Old 8259s want a short pause between writes; port 0x80 is harmless. */
static void pic_out(u16 port, u8 v)
{
	outb(port, v);
	outb(0x80, 0);
}

/**
 * i8259_mask_all() - take the legacy PICs out of the interrupt path
 *
 * The firmware may leave the master PIC on vectors 0x08-0x0f, where an
 * interrupt (even a spurious IRQ7) would look like an exception. Re-run the
 * init sequence to move them to 0x20-0x2f, then mask every line. The local
 * APIC code also masks LINT0, the PICs' route into the CPU.
 *
 * Context: boot, interrupts off.
 */
void i8259_mask_all(void)
{
	pic_out(PIC1_CMD, ICW1_INIT);
	pic_out(PIC2_CMD, ICW1_INIT);
	pic_out(PIC1_DATA, PIC1_VECTOR);
	pic_out(PIC2_DATA, PIC2_VECTOR);
	pic_out(PIC1_DATA, PIC1_CASCADE);
	pic_out(PIC2_DATA, PIC2_CASCADE);
	pic_out(PIC1_DATA, ICW4_8086);
	pic_out(PIC2_DATA, ICW4_8086);
	pic_out(PIC1_DATA, PIC_MASK_ALL);
	pic_out(PIC2_DATA, PIC_MASK_ALL);
}
