/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The boot consoles: COM1 and VGA text. Each registers itself with printk.
 */
#ifndef _TESSERA_SERIAL_H
#define _TESSERA_SERIAL_H

#include <tessera/types.h>

void serial_early_init(void);
void vga_console_init(void);
/* Raw COM1 output for user processes (no log, no level); any context. */
void serial_console_write(const char *s, size_t len);

/*
 * serial_rx_enable() - call @fn(byte) from the COM1 RX interrupt for
 * every byte received (the processor manager's console input). Return: 0,
 * -ENODEV (no UART or no IRQ route), -EBUSY (already enabled).
 */
int serial_rx_enable(void (*fn)(u8 c));

#endif /* _TESSERA_SERIAL_H */
