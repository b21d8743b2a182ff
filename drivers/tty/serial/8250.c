// SPDX-License-Identifier: GPL-2.0
/*
 * 8250/16550 UART on COM1 (0x3f8), 115200 8N1, polled transmit. This is the
 * console every boot log and test result goes through, from the first C line.
 * Received bytes go to one callback from the RX interrupt (IRQ 4).
 */
#include <tessera/errno.h>
#include <tessera/irq.h>
#include <tessera/printk.h>
#include <tessera/serial.h>
#include <asm/io.h>

#define COM1_BASE	0x3f8
#define UART_CLOCK	115200		/* divisor 1 => 115200 baud */

/* register offsets (DLAB=0 unless noted) */
#define UART_TX		0		/* transmit holding */
#define UART_RX		0		/* receive buffer */
#define UART_DLL	0		/* divisor low, DLAB=1 */
#define UART_IER	1		/* interrupt enable */
#define UART_DLM	1		/* divisor high, DLAB=1 */
#define UART_FCR	2		/* FIFO control */
#define UART_LCR	3		/* line control */
#define UART_MCR	4		/* modem control */
#define UART_LSR	5		/* line status */
#define UART_SCR	7		/* scratch */

#define LCR_8N1		0x03
#define LCR_DLAB	0x80
#define LSR_THRE	0x20		/* transmit holding register empty */
#define LSR_DR		0x01		/* data ready */
#define IER_RDI		0x01		/* interrupt on received data */
#define MCR_OUT2	0x08		/* routes the UART interrupt to the PIC/IOAPIC */
#define COM1_IRQ	4
#define FCR_ENABLE	0x07		/* enable and clear both FIFOs */
#define MCR_DTR_RTS	0x03

static bool uart_present;

static void uart_putc(char c)
{
	unsigned int spins = 100000;

	while (!(inb(COM1_BASE + UART_LSR) & LSR_THRE) && --spins)
		;
	outb(COM1_BASE + UART_TX, (u8)c);
}

static void serial_write(struct console *con, const char *s, size_t len)
{
	size_t i;

	if (!uart_present)
		return;
	for (i = 0; i < len; i++) {
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
}

/**
 * serial_console_write() - write @len bytes to COM1, bypassing printk
 * @s: the bytes ('\n' becomes "\r\n")
 * @len: how many
 *
 * For user processes' console output (the processor manager's fds 1, 2).
 * Context: any; polls the UART, never sleeps.
 */
void serial_console_write(const char *s, size_t len)
{
	serial_write(NULL, s, len);
}

static struct console serial_console = {
	.name = "ttyS0",
	.write = serial_write,
};

/**
 * serial_early_init() - program COM1 and register it as a console
 *
 * Probes the scratch register first so a machine without COM1 boots
 * silently instead of spinning on a missing UART.
 * Context: early boot, interrupts off.
 */
void serial_early_init(void)
{
	u16 divisor = UART_CLOCK / 115200;

	outb(COM1_BASE + UART_SCR, 0x5a);
	if (inb(COM1_BASE + UART_SCR) != 0x5a)
		return;
	outb(COM1_BASE + UART_IER, 0);
	outb(COM1_BASE + UART_LCR, LCR_DLAB);
	outb(COM1_BASE + UART_DLL, divisor & 0xff);
	outb(COM1_BASE + UART_DLM, divisor >> 8);
	outb(COM1_BASE + UART_LCR, LCR_8N1);
	outb(COM1_BASE + UART_FCR, FCR_ENABLE);
	outb(COM1_BASE + UART_MCR, MCR_DTR_RTS);
	uart_present = true;
	register_console(&serial_console);
}

static void (*rx_fn)(u8 c);	/* set once by serial_rx_enable() */

static void serial_rx_interrupt(struct pt_regs *regs)
{
	unsigned int budget = 256;

	(void)regs;
	while ((inb(COM1_BASE + UART_LSR) & LSR_DR) && budget--) {
		u8 c = inb(COM1_BASE + UART_RX);

		if (rx_fn)
			rx_fn(c);
	}
}

/**
 * serial_rx_enable() - deliver received bytes to @fn from the RX interrupt
 * @fn: called with interrupts off, once per byte, in arrival order
 *
 * Return: 0, -ENODEV (no UART, or IRQ 4 not routable), -EBUSY (already on).
 * Context: process context.
 */
int serial_rx_enable(void (*fn)(u8 c))
{
	int ret;

	if (!uart_present)
		return -ENODEV;
	if (rx_fn)
		return -EBUSY;
	rx_fn = fn;
	ret = request_irq(COM1_IRQ, serial_rx_interrupt, "ttyS0");
	if (ret) {
		rx_fn = NULL;
		return ret;
	}
	outb(COM1_BASE + UART_MCR, MCR_DTR_RTS | MCR_OUT2);
	outb(COM1_BASE + UART_IER, IER_RDI);
	return 0;
}
