/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The processor manager's public face: its start-up, which runs init= as
 * the first user process (unless ktest= was given).
 */
#ifndef _TESSERA_PROCESSOR_H
#define _TESSERA_PROCESSOR_H

/*
 * processor_manager_init() - set up syscalls and the pcache, start init=;
 * when it exits, power off with its status.
 * Context: boot, after memory_manager_init(), in process context.
 */
void processor_manager_init(void);

#endif /* _TESSERA_PROCESSOR_H */
