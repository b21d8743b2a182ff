/* SPDX-License-Identifier: GPL-2.0 */
/* Tessera user test "args": argc/argv/envp layout and the auxiliary vector
 * (AT_PAGESZ, AT_RANDOM, AT_PHDR/PHENT/PHNUM, AT_ENTRY, AT_EXECFN, ids). */
#include "ut.h"
#include <elf.h>
#include <sys/auxv.h>

extern char _start[];
extern const Elf64_Ehdr __ehdr_start;

/* With "--expect": argv must be exactly the runner's words and UT_ENV set. */
static void check_expected(int argc, char **argv)
{
	static const char *const want[] = { "--expect", "one", "two words", "", "three" };
	const char *env = getenv("UT_ENV");
	unsigned int i;

	CHECK(argc == 1 + (int)(sizeof(want) / sizeof(want[0])), "argc %d", argc);
	for (i = 0; i < sizeof(want) / sizeof(want[0]) && (int)i + 1 < argc; i++)
		CHECK(strcmp(argv[i + 1], want[i]) == 0, "argv[%u] = \"%s\"", i + 1, argv[i + 1]);
	CHECK(env && strcmp(env, "x=y z") == 0, "UT_ENV = %s", env ? env : "(unset)");
}

static void check_auxv(void)
{
	const Elf64_Phdr *phdr = (const Elf64_Phdr *)getauxval(AT_PHDR);
	unsigned long phnum = getauxval(AT_PHNUM);
	const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	unsigned long i, nload = 0, sum = 0;

	CHECK(getauxval(AT_PAGESZ) == 4096, "AT_PAGESZ %lu", getauxval(AT_PAGESZ));
	CHECK(sysconf(_SC_PAGESIZE) == 4096, "page size %ld", sysconf(_SC_PAGESIZE));
	CHECK(rnd != NULL, "no AT_RANDOM");
	if (rnd) {
		for (i = 0; i < 16; i++)
			sum |= rnd[i];
		CHECK(sum != 0, "AT_RANDOM bytes all zero");
	}
	CHECK(getauxval(AT_PHENT) == sizeof(Elf64_Phdr), "AT_PHENT %lu", getauxval(AT_PHENT));
	CHECK(phnum == __ehdr_start.e_phnum, "AT_PHNUM %lu, ELF says %u", phnum,
	      __ehdr_start.e_phnum);
	CHECK(phdr == (const Elf64_Phdr *)((const char *)&__ehdr_start + __ehdr_start.e_phoff),
	      "AT_PHDR %p not at the loaded program headers", (const void *)phdr);
	if (phdr)
		for (i = 0; i < phnum; i++)
			nload += phdr[i].p_type == PT_LOAD;
	CHECK(nload >= 1, "no PT_LOAD via AT_PHDR");
	CHECK(getauxval(AT_ENTRY) == (unsigned long)_start, "AT_ENTRY %#lx, _start %p",
	      getauxval(AT_ENTRY), (void *)_start);
	CHECK(getauxval(AT_UID) == getuid(), "AT_UID");
	CHECK(getauxval(AT_EUID) == geteuid(), "AT_EUID");
	CHECK(getauxval(AT_GID) == getgid(), "AT_GID");
	CHECK(getauxval(AT_SECURE) == 0, "AT_SECURE %lu", getauxval(AT_SECURE));
	CHECK(execfn && execfn[0], "AT_EXECFN empty");
	CHECK(getauxval(AT_CLKTCK) > 0, "AT_CLKTCK 0");
}

int main(int argc, char **argv, char **envp)
{
	int i;

	ut_init("args");
	CHECK(argc >= 1, "argc %d", argc);
	CHECK(argv[argc] == NULL, "argv not NULL-terminated");
	CHECK(argv[0] && argv[0][0], "argv[0] empty");
	for (i = 0; envp[i]; i++)
		CHECK(strchr(envp[i], '=') != NULL, "envp[%d] \"%s\" has no '='", i, envp[i]);
	CHECK(envp == argv + argc + 1, "envp does not follow argv");
	/* The stack pointer at _start was 16-byte aligned: a local here is too. */
	CHECK(((unsigned long)__builtin_frame_address(0) & 15) == 0, "frame misaligned");
	if (argc > 1 && strcmp(argv[1], "--expect") == 0)
		check_expected(argc, argv);
	check_auxv();
	return ut_done();
}
