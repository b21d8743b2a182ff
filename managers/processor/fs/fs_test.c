// SPDX-License-Identifier: GPL-2.0
/*
 * Suite "fs": path normalisation, the pseudo-file name space, and a pipe
 * driven through kernel buffers (no user process needed).
 */
#include <tessera/ktest.h>
#include <tessera/string.h>
#include "fs.h"

static void fs_path_normalize(struct ktest *t)
{
	char out[P2M_PATH_MAX], big[P2M_PATH_MAX + 8];
	static const struct {
		const char *base, *rel, *want;
	} cases[] = {
		{ "/", "a/b", "/a/b" },
		{ "/tmp", "x", "/tmp/x" },
		{ "/tmp", "/etc//passwd/", "/etc/passwd" },
		{ "/a/b", "../c/./d", "/a/c/d" },
		{ "/", "../../..", "/" },
		{ "/a", ".", "/a" },
		{ "/a/b", "..", "/a" },
		{ "/", "", "/" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		KTEST_EXPECT_EQ(t, pm_path_normalize(cases[i].base, cases[i].rel, out), 0);
		KTEST_EXPECT_STREQ(t, out, cases[i].want);
	}
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	KTEST_EXPECT_EQ(t, pm_path_normalize("/", big, out), -ENAMETOOLONG);
}

static void fs_pseudo_names(struct ktest *t)
{
	KTEST_EXPECT_TRUE(t, pm_pseudo_path("/proc"));
	KTEST_EXPECT_TRUE(t, pm_pseudo_path("/proc/self/maps"));
	KTEST_EXPECT_TRUE(t, pm_pseudo_path("/dev/null"));
	KTEST_EXPECT_TRUE(t, pm_pseudo_path("/sys/devices/system/cpu/online"));
	KTEST_EXPECT_FALSE(t, pm_pseudo_path("/processes"));
	KTEST_EXPECT_FALSE(t, pm_pseudo_path("/device"));
	KTEST_EXPECT_FALSE(t, pm_pseudo_path("/tmp/proc"));
}

static void fs_pipe_kernel_io(struct ktest *t)
{
	struct pm_file *rd, *wr;
	char buf[16] = { 0 };
	struct pm_iov in = { .kbuf = (char *)"pipe data" };
	struct pm_iov out = { .kbuf = buf };
	u64 pos = 0;

	KTEST_ASSERT_EQ(t, pm_pipe_create(&rd, &wr, O_NONBLOCK), 0);
	KTEST_EXPECT_EQ(t, rd->ops->poll(rd) & POLLIN, 0u);
	KTEST_EXPECT_TRUE(t, wr->ops->poll(wr) & POLLOUT);
	KTEST_EXPECT_EQ(t, rd->ops->read(rd, &out, sizeof(buf), &pos), -EAGAIN);
	KTEST_EXPECT_EQ(t, wr->ops->write(wr, &in, 9, &pos), 9);
	KTEST_EXPECT_TRUE(t, rd->ops->poll(rd) & POLLIN);
	KTEST_EXPECT_EQ(t, rd->ops->read(rd, &out, 4, &pos), 4);
	KTEST_EXPECT_EQ(t, rd->ops->read(rd, &out, sizeof(buf), &pos), 5);
	KTEST_EXPECT_EQ(t, memcmp(buf, " data", 5), 0);
	pm_file_put(wr);
	KTEST_EXPECT_TRUE(t, rd->ops->poll(rd) & POLLHUP);
	KTEST_EXPECT_EQ(t, rd->ops->read(rd, &out, sizeof(buf), &pos), 0);
	pm_file_put(rd);
}

KTEST_SUITE(fs, NULL, NULL,
	    KTEST_CASE(fs_path_normalize),
	    KTEST_CASE(fs_pseudo_names),
	    KTEST_CASE(fs_pipe_kernel_io));
