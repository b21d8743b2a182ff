// SPDX-License-Identifier: GPL-2.0
/*
 * copy_from_user() and friends: range checks against canonical user space,
 * then the entry.S primitives whose faults the exception table turns into -EFAULT.
 */
#include <tessera/errno.h>
#include <tessera/kernel.h>
#include <asm/ptrace.h>
#include <asm/uaccess.h>
#include "pm.h"

struct pm_extable_entry {
	unsigned long insn;
	unsigned long fixup;
};

extern const struct pm_extable_entry pm_extable[], pm_extable_end[];

static const struct pm_extable_entry *find_fixup(unsigned long ip)
{
	const struct pm_extable_entry *e;

	for (e = pm_extable; e < pm_extable_end; e++)
		if (e->insn == ip)
			return e;
	return NULL;
}

/**
 * uaccess_insn() - whether @ip is a user-copy instruction with a fixup
 * @ip: a kernel instruction address
 * Context: any.
 */
bool uaccess_insn(unsigned long ip)
{
	return find_fixup(ip) != NULL;
}

/**
 * uaccess_fixup() - continue a faulting user-copy at its fixup
 * @regs: the fault frame (kernel mode)
 *
 * Return: true if @regs->rip was a user-copy instruction and now points
 * at its fixup.
 * Context: the page-fault handler.
 */
bool uaccess_fixup(struct pt_regs *regs)
{
	const struct pm_extable_entry *e = find_fixup(regs->rip);

	if (!e)
		return false;
	regs->rip = e->fixup;
	return true;
}

/**
 * copy_from_user() - copy @len bytes from user @src to kernel @dst
 * @dst: kernel buffer
 * @src: user address
 * @len: bytes
 *
 * Return: 0, or -EFAULT (bad range or unmappable page; @dst may be partly
 * written).
 * Context: process context; may sleep on a pcache miss.
 */
int copy_from_user(void *dst, const void __user *src, size_t len)
{
	if (!access_ok((unsigned long)src, len))
		return -EFAULT;
	return __copy_user_asm(dst, (const void __force *)src, len) ? -EFAULT : 0;
}

/**
 * copy_to_user() - copy @len bytes from kernel @src to user @dst
 * @dst: user address
 * @src: kernel buffer
 * @len: bytes
 *
 * Return: 0 or -EFAULT.
 * Context: process context; may sleep on a pcache miss.
 */
int copy_to_user(void __user *dst, const void *src, size_t len)
{
	if (!access_ok((unsigned long)dst, len))
		return -EFAULT;
	return __copy_user_asm((void __force *)dst, src, len) ? -EFAULT : 0;
}

/**
 * clear_user() - zero @len bytes of user memory at @dst
 * @dst: user address
 * @len: bytes
 *
 * Return: 0 or -EFAULT.
 * Context: process context; may sleep on a pcache miss.
 */
int clear_user(void __user *dst, size_t len)
{
	if (!access_ok((unsigned long)dst, len))
		return -EFAULT;
	return __clear_user_asm((void __force *)dst, len) ? -EFAULT : 0;
}

/**
 * strncpy_from_user() - copy a user string into @dst
 * @dst: kernel buffer of @max bytes, always NUL-terminated on success
 * @src: user address
 * @max: size of @dst (> 0)
 *
 * Return: the string length, -EFAULT, -EINVAL (@max is 0) or
 * -ENAMETOOLONG (no NUL within @max bytes).
 * Context: process context; may sleep on a pcache miss.
 */
long strncpy_from_user(char *dst, const char __user *src, size_t max)
{
	const u8 *s = (const u8 __force *)src;
	size_t i;

	if (!max)
		return -EINVAL;
	for (i = 0; i < max; i++) {
		if (!access_ok((unsigned long)(s + i), 1))
			return -EFAULT;
		if (__get_user_u8((u8 *)&dst[i], s + i))
			return -EFAULT;
		if (!dst[i])
			return i;
	}
	dst[max - 1] = '\0';
	return -ENAMETOOLONG;
}
