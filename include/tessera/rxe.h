/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The software RoCE v2 provider's entry points outside the verbs API:
 * boot-time creation (init/main.c), and test knobs and counters.
 */
#ifndef _TESSERA_RXE_H
#define _TESSERA_RXE_H

#include <tessera/ib_verbs.h>

#ifdef CONFIG_RDMA_RXE
void rxe_init(void);
void rxe_set_drop(struct ib_device *ib, unsigned int pct);
void rxe_print_stats(struct ib_device *ib);
#else
static inline void rxe_init(void) { }
#endif

#endif /* _TESSERA_RXE_H */
