// SPDX-License-Identifier: GPL-2.0
/*
 * VGA text-mode console (80x25 at physical 0xb8000), for a machine watched
 * on a screen rather than a serial line. Scrolls; no colours but the level.
 */
#include <tessera/printk.h>
#include <tessera/serial.h>
#include <tessera/string.h>
#include <tessera/vmalloc.h>
#include <asm/io.h>

#define VGA_PHYS	0xb8000
#define VGA_COLS	80
#define VGA_ROWS	25
#define VGA_ATTR	0x07		/* light grey on black */

static u16 __iomem *vga_buf;		/* ioremap()ed text buffer */
static unsigned int vga_row, vga_col;

static void vga_cell_write(unsigned int i, u16 v)
{
	*(volatile u16 __force *)&vga_buf[i] = v;
}

static u16 vga_cell_read(unsigned int i)
{
	return *(volatile u16 __force *)&vga_buf[i];
}

static void vga_set_cursor(void)
{
	unsigned int pos = vga_row * VGA_COLS + vga_col;

	outb(0x3d4, 0x0f);
	outb(0x3d5, pos & 0xff);
	outb(0x3d4, 0x0e);
	outb(0x3d5, (pos >> 8) & 0xff);
}

static void vga_scroll(void)
{
	unsigned int i;

	for (i = 0; i < (VGA_ROWS - 1) * VGA_COLS; i++)
		vga_cell_write(i, vga_cell_read(i + VGA_COLS));
	for (i = 0; i < VGA_COLS; i++)
		vga_cell_write((VGA_ROWS - 1) * VGA_COLS + i, (VGA_ATTR << 8) | ' ');
	vga_row = VGA_ROWS - 1;
}

static void vga_putc(char c)
{
	if (c == '\n') {
		vga_col = 0;
		vga_row++;
	} else if (c == '\r') {
		vga_col = 0;
	} else {
		vga_cell_write(vga_row * VGA_COLS + vga_col, (VGA_ATTR << 8) | (u8)c);
		if (++vga_col == VGA_COLS) {
			vga_col = 0;
			vga_row++;
		}
	}
	if (vga_row == VGA_ROWS)
		vga_scroll();
}

static void vga_write(struct console *con, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		vga_putc(s[i]);
	vga_set_cursor();
}

static struct console vga_console = {
	.name = "vga",
	.flags = CON_PRINTBUFFER,
	.write = vga_write,
};

/**
 * vga_console_init() - map and clear the text screen, register it
 *
 * The console replays the log so far, so nothing printed before it is lost.
 * Context: after vmalloc_init() (the buffer is MMIO, mapped uncached).
 */
void vga_console_init(void)
{
	unsigned int i;

	vga_buf = ioremap(VGA_PHYS, VGA_ROWS * VGA_COLS * 2);
	if (!vga_buf) {
		pr_warn("vga: cannot map the text buffer; no VGA console\n");
		return;
	}
	for (i = 0; i < VGA_ROWS * VGA_COLS; i++)
		vga_cell_write(i, (VGA_ATTR << 8) | ' ');
	vga_row = vga_col = 0;
	register_console(&vga_console);
}
