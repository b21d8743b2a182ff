/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Verbs core internals shared by its files: table sizes and the QP table
 * the providers' receive paths look QPs up in.
 */
#ifndef _DRIVERS_INFINIBAND_CORE_H
#define _DRIVERS_INFINIBAND_CORE_H

#include <tessera/ib_verbs.h>

#define IB_MAX_MR		1024	/* registered regions, system-wide */
#define IB_MAX_QP		1024	/* queue pairs, system-wide */
#define IB_QPN_BASE		0x11	/* first QP number handed out */
#define IB_MAX_CQE		65536
#define IB_MAX_WR		16384	/* per queue */
#define IB_MAX_SGE		16

#endif /* _DRIVERS_INFINIBAND_CORE_H */
