/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Completions: "this happened" events, counted. Each complete() lets one
 * waiter through (now or later); complete_all() lets everyone through
 * until reinit_completion().
 */
#ifndef _TESSERA_COMPLETION_H
#define _TESSERA_COMPLETION_H

#include <tessera/wait.h>

/**
 * struct completion - a counted event
 * @done: completions not yet consumed; UINT_MAX after complete_all()
 * @wait: its waiters (exclusive), and @wait.lock protects @done
 */
struct completion {
	unsigned int done;
	struct wait_queue_head wait;
};

#define COMPLETION_INITIALIZER(n)					\
	{ 0, __WAIT_QUEUE_HEAD_INITIALIZER((n).wait) }
#define DECLARE_COMPLETION(n)	struct completion n = COMPLETION_INITIALIZER(n)

void init_completion(struct completion *x);
/* Reset @x to "not done". The caller makes sure nobody waits on it. */
void reinit_completion(struct completion *x);
void complete(struct completion *x);
void complete_all(struct completion *x);
void wait_for_completion(struct completion *x);
/* Return: 0 on timeout, else the jiffies left (at least 1). */
long wait_for_completion_timeout(struct completion *x, long timeout);
/* Consume a completion without sleeping; false if none was available. */
bool try_wait_for_completion(struct completion *x);
bool completion_done(struct completion *x);

#endif /* _TESSERA_COMPLETION_H */
