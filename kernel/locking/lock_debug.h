/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by spinlock.c and rwlock.c: the atomic primitives and the
 * CONFIG_DEBUG_SPINLOCK lockup watch for a spin that does not end.
 */
#ifndef _KERNEL_LOCKING_LOCK_DEBUG_H
#define _KERNEL_LOCKING_LOCK_DEBUG_H

#include <tessera/kernel.h>

/* A waiter WARNs once after spinning this long on one acquisition. */
#define LOCKUP_SECONDS		5

/**
 * struct spin_watch - how long one acquisition has been spinning
 * @start: TSC at the first check, 0 before it
 * @spins: pause iterations so far (the TSC is read every 1024)
 * @warned: the lockup WARN has fired for this acquisition
 */
struct spin_watch {
	u64 start;
	unsigned int spins;
	bool warned;
};

#define SPIN_WATCH_INIT		{ 0, 0, false }

/* True (once per acquisition) when @w has spun more than LOCKUP_SECONDS. */
bool spin_watch_expired(struct spin_watch *w);

#endif /* _KERNEL_LOCKING_LOCK_DEBUG_H */
