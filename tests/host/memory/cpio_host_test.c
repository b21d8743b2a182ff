// SPDX-License-Identifier: GPL-2.0
/*
 * Host suite cpio_host: the memory manager's newc parser on well-formed
 * and broken archives built in memory here.
 */
#include <tessera/ktest.h>
#include <tessera/errno.h>
#include <tessera/string.h>
#include <tessera/vsprintf.h>
#include "cpio.h"

#define ARC_MAX 8192

struct arc {
	u8 buf[ARC_MAX];
	size_t len;
};

/* Append one newc member (header, name, padding, data, padding). */
static void arc_add(struct arc *a, const char *name, u32 mode, u32 ino,
		    u32 nlink, const void *data, u32 size)
{
	char hdr[CPIO_HDR_LEN + 1];
	u32 namesize = strlen(name) + 1;

	snprintf(hdr, sizeof(hdr),
		 "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 ino, mode, 0, 0, nlink, 0, size, 0, 0, 0, 0, namesize, 0);
	memcpy(a->buf + a->len, hdr, CPIO_HDR_LEN);
	a->len += CPIO_HDR_LEN;
	memcpy(a->buf + a->len, name, namesize);
	a->len += namesize;
	while (a->len & 3)
		a->buf[a->len++] = 0;
	if (size)
		memcpy(a->buf + a->len, data, size);
	a->len += size;
	while (a->len & 3)
		a->buf[a->len++] = 0;
}

static void arc_trailer(struct arc *a)
{
	arc_add(a, "TRAILER!!!", 0, 0, 1, NULL, 0);
}

struct seen {
	unsigned int n;
	char names[8][32];
	u32 modes[8];
	u32 inos[8];
	u32 nlinks[8];
	u64 sizes[8];
	char first_bytes[8];
};

static int record(void *arg, const struct cpio_entry *e)
{
	struct seen *s = arg;

	if (s->n >= 8)
		return -ENOSPC;
	strscpy(s->names[s->n], e->name, sizeof(s->names[0]));
	s->modes[s->n] = e->mode;
	s->inos[s->n] = e->ino;
	s->nlinks[s->n] = e->nlink;
	s->sizes[s->n] = e->size;
	s->first_bytes[s->n] = e->size ? *(const char *)e->data : 0;
	s->n++;
	return 0;
}

static struct arc arc;
static struct seen seen;
static struct cpio_result res;

static void build_valid(void)
{
	memset(&arc, 0, sizeof(arc));
	memset(&seen, 0, sizeof(seen));
	arc_add(&arc, "bin", CPIO_S_IFDIR | 0755, 1, 2, NULL, 0);
	arc_add(&arc, "bin/hello", CPIO_S_IFREG | 0755, 2, 1, "hello!", 6);
	arc_add(&arc, "init", CPIO_S_IFREG | 0755, 3, 1, "xyz", 3);
	arc_trailer(&arc);
}

static void cpio_valid(struct ktest *t)
{
	build_valid();
	KTEST_EXPECT_EQ(t, cpio_parse(arc.buf, arc.len, record, &seen, &res), 0);
	KTEST_EXPECT_EQ(t, res.entries, 3u);
	KTEST_EXPECT_TRUE(t, res.trailer);
	KTEST_EXPECT_NULL(t, res.err_msg);
	KTEST_ASSERT_EQ(t, seen.n, 3u);
	KTEST_EXPECT_STREQ(t, seen.names[0], "bin");
	KTEST_EXPECT_EQ(t, seen.modes[0] & CPIO_S_IFMT, (u32)CPIO_S_IFDIR);
	KTEST_EXPECT_STREQ(t, seen.names[1], "bin/hello");
	KTEST_EXPECT_EQ(t, seen.sizes[1], 6u);
	KTEST_EXPECT_EQ(t, seen.first_bytes[1], 'h');
	KTEST_EXPECT_STREQ(t, seen.names[2], "init");
	KTEST_EXPECT_EQ(t, seen.sizes[2], 3u);
	KTEST_EXPECT_EQ(t, seen.first_bytes[2], 'x');
}

static void cpio_trailing_padding_and_concat(struct ktest *t)
{
	size_t first;

	build_valid();
	first = arc.len;
	memset(arc.buf + arc.len, 0, 512);	/* NUL padding, as cpio writes */
	arc.len += 512;
	arc_add(&arc, "etc", CPIO_S_IFDIR | 0755, 9, 2, NULL, 0);
	arc_trailer(&arc);
	KTEST_EXPECT_EQ(t, cpio_parse(arc.buf, arc.len, record, &seen, &res), 0);
	KTEST_EXPECT_EQ(t, res.entries, 4u);
	KTEST_EXPECT_STREQ(t, seen.names[3], "etc");
	KTEST_EXPECT_GT(t, arc.len, first);
}

static void cpio_truncated_header(struct ktest *t)
{
	size_t cut;

	build_valid();
	/* Cut in the middle of the third member's header. */
	cut = CPIO_HDR_LEN + 4 + (CPIO_HDR_LEN + 12 + 8) + 50;
	KTEST_EXPECT_EQ(t, cpio_parse(arc.buf, cut, record, &seen, &res), -EINVAL);
	KTEST_EXPECT_EQ(t, res.entries, 2u);	/* what parsed stays usable */
	KTEST_EXPECT_EQ(t, seen.n, 2u);
	KTEST_EXPECT_STREQ(t, res.err_msg, "truncated header");
	KTEST_EXPECT_EQ(t, res.err_offset, (u64)(CPIO_HDR_LEN + 4 + CPIO_HDR_LEN + 12 + 8));
}

static void cpio_bad_magic(struct ktest *t)
{
	build_valid();
	arc.buf[5] = '7';	/* 070707 is the old binary-ish odc format */
	KTEST_EXPECT_EQ(t, cpio_parse(arc.buf, arc.len, record, &seen, &res), -EINVAL);
	KTEST_EXPECT_EQ(t, res.entries, 0u);
	KTEST_EXPECT_EQ(t, seen.n, 0u);
	KTEST_EXPECT_STREQ(t, res.err_msg, "bad magic (not newc)");
	KTEST_EXPECT_EQ(t, res.err_offset, 0u);
}

static void cpio_non_hex(struct ktest *t)
{
	build_valid();
	arc.buf[6 + 8 * 6 + 3] = 'g';	/* filesize field of member 0 */
	KTEST_EXPECT_EQ(t, cpio_parse(arc.buf, arc.len, record, &seen, &res), -EINVAL);
	KTEST_EXPECT_STREQ(t, res.err_msg, "non-hex header field");
}

static void cpio_name_without_nul(struct ktest *t)
{
	build_valid();
	/* Member 0's name "bin\0": overwrite the NUL. */
	arc.buf[CPIO_HDR_LEN + 3] = 'X';
	KTEST_EXPECT_EQ(t, cpio_parse(arc.buf, arc.len, record, &seen, &res), -EINVAL);
	KTEST_EXPECT_STREQ(t, res.err_msg, "name not NUL-terminated");
	KTEST_EXPECT_EQ(t, seen.n, 0u);
}

static void cpio_name_size_huge(struct ktest *t)
{
	build_valid();
	memcpy(arc.buf + 6 + 8 * 11, "FFFFFFFF", 8);
	KTEST_EXPECT_EQ(t, cpio_parse(arc.buf, arc.len, record, &seen, &res), -EINVAL);
	KTEST_EXPECT_STREQ(t, res.err_msg, "bad name size");
	memcpy(arc.buf + 6 + 8 * 11, "00000000", 8);
	KTEST_EXPECT_EQ(t, cpio_parse(arc.buf, arc.len, record, &seen, &res), -EINVAL);
	KTEST_EXPECT_STREQ(t, res.err_msg, "bad name size");
}

static void cpio_size_past_end(struct ktest *t)
{
	size_t second = CPIO_HDR_LEN + 4 + 2;	/* header, "bin\0", padding */

	build_valid();
	/* Member 1 ("bin/hello") claims 0x7fffffff bytes. */
	memcpy(arc.buf + second + 6 + 8 * 6, "7FFFFFFF", 8);
	KTEST_EXPECT_EQ(t, cpio_parse(arc.buf, arc.len, record, &seen, &res), -EINVAL);
	KTEST_EXPECT_STREQ(t, res.err_msg, "file data past the end");
	KTEST_EXPECT_EQ(t, res.err_offset, (u64)second);
	KTEST_EXPECT_EQ(t, seen.n, 1u);
	KTEST_EXPECT_STREQ(t, seen.names[0], "bin");
}

static void cpio_no_trailer(struct ktest *t)
{
	memset(&arc, 0, sizeof(arc));
	memset(&seen, 0, sizeof(seen));
	arc_add(&arc, "a", CPIO_S_IFREG | 0644, 5, 1, "1", 1);
	KTEST_EXPECT_EQ(t, cpio_parse(arc.buf, arc.len, record, &seen, &res), -EINVAL);
	KTEST_EXPECT_EQ(t, res.entries, 1u);
	KTEST_EXPECT_FALSE(t, res.trailer);
	KTEST_EXPECT_STREQ(t, res.err_msg, "no trailer (truncated archive?)");
}

static void cpio_hard_links(struct ktest *t)
{
	memset(&arc, 0, sizeof(arc));
	memset(&seen, 0, sizeof(seen));
	/* newc hard links: same ino, nlink 2, data only on the last one. */
	arc_add(&arc, "x", CPIO_S_IFREG | 0644, 7, 2, NULL, 0);
	arc_add(&arc, "y", CPIO_S_IFREG | 0644, 7, 2, "data", 4);
	arc_trailer(&arc);
	KTEST_EXPECT_EQ(t, cpio_parse(arc.buf, arc.len, record, &seen, &res), 0);
	KTEST_ASSERT_EQ(t, seen.n, 2u);
	KTEST_EXPECT_EQ(t, seen.inos[0], seen.inos[1]);
	KTEST_EXPECT_EQ(t, seen.nlinks[0], 2u);
	KTEST_EXPECT_EQ(t, seen.sizes[0], 0u);
	KTEST_EXPECT_EQ(t, seen.sizes[1], 4u);
}

static void cpio_dir_with_data_and_cb_stop(struct ktest *t)
{
	memset(&arc, 0, sizeof(arc));
	memset(&seen, 0, sizeof(seen));
	arc_add(&arc, "d", CPIO_S_IFDIR | 0755, 1, 2, "zz", 2);
	arc_trailer(&arc);
	KTEST_EXPECT_EQ(t, cpio_parse(arc.buf, arc.len, record, &seen, &res), -EINVAL);
	KTEST_EXPECT_STREQ(t, res.err_msg, "directory with data");
	/* A callback error stops the walk and is returned as is. */
	build_valid();
	seen.n = 8;
	KTEST_EXPECT_EQ(t, cpio_parse(arc.buf, arc.len, record, &seen, &res), -ENOSPC);
	KTEST_EXPECT_EQ(t, res.entries, 1u);
}

static void cpio_every_prefix_is_safe(struct ktest *t)
{
	size_t cut;
	unsigned int bad = 0;

	/* Every truncation either parses or fails cleanly (ASan watches). */
	build_valid();
	for (cut = 0; cut <= arc.len; cut++) {
		int ret;

		memset(&seen, 0, sizeof(seen));
		ret = cpio_parse(arc.buf, cut, record, &seen, &res);
		if (ret != 0 && ret != -EINVAL)
			bad++;
		if (ret == -EINVAL && !res.err_msg)
			bad++;
	}
	KTEST_EXPECT_EQ(t, bad, 0u);
	KTEST_EXPECT_EQ(t, cpio_parse(NULL, 0, record, &seen, &res), 0);
}

KTEST_SUITE(cpio_host, NULL, NULL,
	KTEST_CASE(cpio_valid),
	KTEST_CASE(cpio_trailing_padding_and_concat),
	KTEST_CASE(cpio_truncated_header),
	KTEST_CASE(cpio_bad_magic),
	KTEST_CASE(cpio_non_hex),
	KTEST_CASE(cpio_name_without_nul),
	KTEST_CASE(cpio_name_size_huge),
	KTEST_CASE(cpio_size_past_end),
	KTEST_CASE(cpio_no_trailer),
	KTEST_CASE(cpio_hard_links),
	KTEST_CASE(cpio_dir_with_data_and_cb_stop),
	KTEST_CASE(cpio_every_prefix_is_safe));
