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

#endif /* _TESSERA_SERIAL_H */
