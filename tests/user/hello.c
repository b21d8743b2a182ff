/* SPDX-License-Identifier: GPL-2.0 */
/* Tessera user test "hello": the smallest first process. One write(2) to
 * stdout, checked; exits 0. The first program a young kernel should run. */
#include <string.h>
#include <unistd.h>

int main(void)
{
	static const char msg[] = "hello, world\n";
	static const char pass[] = "PASS hello\n";
	static const char fail[] = "FAIL hello: short write\n";

	if (write(1, msg, strlen(msg)) != (ssize_t)strlen(msg)) {
		write(2, fail, strlen(fail));
		return 1;
	}
	write(1, pass, strlen(pass));
	return 0;
}
