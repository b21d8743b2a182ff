/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compiler attributes, sparse annotations and the small memory-ordering
 * helpers every file may use. Included by <tessera/kernel.h>.
 */
#ifndef _TESSERA_COMPILER_H
#define _TESSERA_COMPILER_H

#ifdef __CHECKER__
# define __user		__attribute__((noderef, address_space(__user)))
# define __iomem	__attribute__((noderef, address_space(__iomem)))
# define __force	__attribute__((force))
# define __bitwise	__attribute__((bitwise))
# define __must_hold(x)	__attribute__((context(x, 1, 1)))
# define __acquires(x)	__attribute__((context(x, 0, 1)))
# define __releases(x)	__attribute__((context(x, 1, 0)))
#else
# define __user
# define __iomem
# define __force
# define __bitwise
# define __must_hold(x)
# define __acquires(x)
# define __releases(x)
#endif

#define __packed		__attribute__((packed))
#define __aligned(x)		__attribute__((aligned(x)))
#define __section(s)		__attribute__((section(s)))
#define __used			__attribute__((used))
#define __unused		__attribute__((unused))
#define __maybe_unused		__attribute__((unused))
#define __weak			__attribute__((weak))
#define __noreturn		__attribute__((noreturn))
#define __noinline		__attribute__((noinline))
#undef __always_inline		/* glibc's, in the host tests */
#define __always_inline		inline __attribute__((always_inline))
#define __cold			__attribute__((cold))
#define __printf(a, b)		__attribute__((format(printf, a, b)))
#define __must_check		__attribute__((warn_unused_result))

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)

#define barrier()		__asm__ __volatile__("" ::: "memory")

#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v)	(*(volatile __typeof__(x) *)&(x) = (v))

#define __stringify_1(x)	#x
#define __stringify(x)		__stringify_1(x)

#define BUILD_BUG_ON(cond)	_Static_assert(!(cond), "BUILD_BUG_ON(" #cond ")")

#endif /* _TESSERA_COMPILER_H */
