// SPDX-License-Identifier: GPL-2.0
/* TEMPORARY weak stubs while the managers land; removed before commit. */
#include <tessera/fit.h>
#include <tessera/memory.h>
#include <tessera/printk.h>
#include <tessera/processor.h>

#define STUB(decl) __weak decl { pr_warn("TODO stub: %s\n", __func__); }
STUB(void fit_init(void))
STUB(void memory_manager_init(void))
STUB(void processor_manager_init(void))
