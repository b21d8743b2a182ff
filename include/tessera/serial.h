/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The boot consoles: COM1 and VGA text. Each registers itself with printk.
 */
#ifndef _TESSERA_SERIAL_H
#define _TESSERA_SERIAL_H

void serial_early_init(void);
void vga_console_init(void);

#endif /* _TESSERA_SERIAL_H */
