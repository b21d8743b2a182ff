/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel access to user memory: range checks against canonical user space,
 * and copies whose faults are caught by exception-table fixups (-EFAULT).
 */
#ifndef _ASM_X86_UACCESS_H
#define _ASM_X86_UACCESS_H

#include <tessera/types.h>

struct pt_regs;

/* One past the highest user address (the last page stays unmapped). */
#define USER_ADDR_LIMIT		0x00007ffffffff000UL

/**
 * access_ok() - whether [@addr, @addr + @len) lies in canonical user space
 * @addr: user address
 * @len: length in bytes (0 is fine anywhere below the limit)
 */
static inline bool access_ok(unsigned long addr, unsigned long len)
{
	return addr <= USER_ADDR_LIMIT && len <= USER_ADDR_LIMIT - addr;
}

/*
 * Return 0 or -EFAULT (bad range, or a page that cannot be brought in).
 * Context: process context of a user task (faults may sleep on the pcache).
 */
int copy_from_user(void *dst, const void __user *src, size_t len);
int copy_to_user(void __user *dst, const void *src, size_t len);
int clear_user(void __user *dst, size_t len);
/* Copy a NUL-terminated string of at most @max - 1 bytes; returns its length,
 * -EFAULT, or -ENAMETOOLONG when no NUL was found in @max bytes. */
long strncpy_from_user(char *dst, const char __user *src, size_t max);

/*
 * The trap code's hooks (arch/x86/kernel/traps.c), implemented by the
 * processor manager. user_page_fault(): a fault from user mode, or from a
 * uaccess instruction on a user address; true if handled (mapped, fixed up,
 * or the process was killed and will not return). user_exception(): any
 * other exception from user mode; true if handled.
 */
bool user_page_fault(struct pt_regs *regs, unsigned long cr2);
bool user_exception(struct pt_regs *regs);
/*
 * exit_to_user_mode() - the last stop before any return to user mode
 * (syscall exit, and trap/interrupt exit when user_mode(@regs)): delivers
 * pending signals by rewriting @regs, or ends the thread (does not return).
 * Context: interrupts off on entry and on return; may enable them inside.
 */
void exit_to_user_mode(struct pt_regs *regs);
/* Redirect @regs->rip to the fixup of a faulting uaccess instruction. */
bool uaccess_fixup(struct pt_regs *regs);
bool uaccess_insn(unsigned long ip);

#endif /* _ASM_X86_UACCESS_H */
