/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic kernel start-up (init/main.c).
 */
#ifndef _TESSERA_INIT_H
#define _TESSERA_INIT_H

#include <tessera/compiler.h>

/* Called once by the arch entry code with the boot info filled in. */
__noreturn void start_kernel(void);

/* The version banner printed first; also in the ISO boot test. */
extern const char tessera_banner[];

#endif /* _TESSERA_INIT_H */
