/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The memory manager's public face: only its start-up. Everything else it
 * offers goes through FIT RPCs (include/tessera/rpc/p2m.h).
 */
#ifndef _TESSERA_MEMORY_H
#define _TESSERA_MEMORY_H

/*
 * memory_manager_init() - unpack the initramfs and register M's handlers.
 * Context: boot, after fit_init(), in process context.
 */
void memory_manager_init(void);

#endif /* _TESSERA_MEMORY_H */
