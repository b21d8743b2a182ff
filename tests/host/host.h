/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Force-included (gcc -include) into every kernel-side file of the host unit
 * tests: renames our string and formatting functions so they neither clash
 * with libc's nor get replaced by them. See tests/host/Makefile.
 */
#ifndef _TESSERA_TESTS_HOST_H
#define _TESSERA_TESTS_HOST_H

#define memcpy		kt_memcpy
#define memmove		kt_memmove
#define memset		kt_memset
#define memcmp		kt_memcmp
#define memchr		kt_memchr
#define memchr_inv	kt_memchr_inv
#define strlen		kt_strlen
#define strnlen		kt_strnlen
#define strcmp		kt_strcmp
#define strncmp		kt_strncmp
#define strchr		kt_strchr
#define strrchr		kt_strrchr
#define strstr		kt_strstr
#define strscpy		kt_strscpy

#define vsnprintf	kt_vsnprintf
#define snprintf	kt_snprintf
#define vscnprintf	kt_vscnprintf
#define scnprintf	kt_scnprintf

#endif /* _TESSERA_TESTS_HOST_H */
