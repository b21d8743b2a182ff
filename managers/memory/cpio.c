// SPDX-License-Identifier: GPL-2.0
/*
 * newc cpio parser for the initramfs: validates every header field before
 * using it and hands each member to a callback. Portable (host tests too).
 */
#include <tessera/errno.h>
#include <tessera/string.h>
#include "cpio.h"

/* Header field indices, after the 6-byte magic; each is 8 hex digits. */
enum {
	F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
	F_DEVMAJOR, F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK,
	F_NR
};

static bool parse_hex8(const char *s, u32 *out)
{
	u32 v = 0;
	int i;

	for (i = 0; i < 8; i++) {
		char c = s[i];
		u32 d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return false;
		v = (v << 4) | d;
	}
	*out = v;
	return true;
}

static size_t pad4(size_t x)
{
	return (x + 3) & ~(size_t)3;
}

static int cpio_fail(struct cpio_result *res, size_t off, const char *msg)
{
	res->err_offset = off;
	res->err_msg = msg;
	return -EINVAL;
}

/*
 * Parse the member at @off. Returns 1 for a regular member (filled into @e,
 * *@next set), 0 for the trailer, or -EINVAL (res describes why).
 */
static int cpio_parse_one(const u8 *p, size_t len, size_t off,
			  struct cpio_entry *e, size_t *next,
			  struct cpio_result *res)
{
	u32 f[F_NR];
	size_t name_off, data_off, end;
	int i;

	if (len - off < CPIO_HDR_LEN)
		return cpio_fail(res, off, "truncated header");
	if (memcmp(p + off, "07070", 5) != 0 ||
	    (p[off + 5] != '1' && p[off + 5] != '2'))
		return cpio_fail(res, off, "bad magic (not newc)");
	for (i = 0; i < F_NR; i++)
		if (!parse_hex8((const char *)p + off + 6 + 8 * i, &f[i]))
			return cpio_fail(res, off, "non-hex header field");
	if (f[F_NAMESIZE] == 0 || f[F_NAMESIZE] > CPIO_NAME_MAX)
		return cpio_fail(res, off, "bad name size");
	name_off = off + CPIO_HDR_LEN;
	if (len - name_off < f[F_NAMESIZE])
		return cpio_fail(res, off, "name past the end");
	if (p[name_off + f[F_NAMESIZE] - 1] != '\0' ||
	    memchr(p + name_off, '\0', f[F_NAMESIZE] - 1))
		return cpio_fail(res, off, "name not NUL-terminated");
	data_off = pad4(name_off + f[F_NAMESIZE]);
	if (data_off > len)
		return cpio_fail(res, off, "name padding past the end");
	if (f[F_NAMESIZE] == sizeof("TRAILER!!!") &&
	    memcmp(p + name_off, "TRAILER!!!", sizeof("TRAILER!!!")) == 0) {
		*next = data_off;
		return 0;
	}
	if (len - data_off < f[F_FILESIZE])
		return cpio_fail(res, off, "file data past the end");
	end = data_off + f[F_FILESIZE];
	if ((f[F_MODE] & CPIO_S_IFMT) == CPIO_S_IFDIR && f[F_FILESIZE])
		return cpio_fail(res, off, "directory with data");

	e->name = (const char *)p + name_off;
	e->namelen = f[F_NAMESIZE] - 1;
	e->mode = f[F_MODE];
	e->ino = f[F_INO];
	e->nlink = f[F_NLINK];
	e->uid = f[F_UID];
	e->gid = f[F_GID];
	e->mtime = f[F_MTIME];
	e->data = p + data_off;
	e->size = f[F_FILESIZE];
	/* The last member's data padding may be missing: clamp. */
	*next = pad4(end) <= len ? pad4(end) : len;
	return 1;
}

/**
 * cpio_parse() - walk a newc cpio archive
 * @buf: the archive; @len: its length in bytes
 * @cb: called for every member except the trailer, in archive order; a
 *      non-zero return stops the walk and is returned
 * @arg: passed to @cb
 * @res: filled with the member count, trailer flag and any error
 *
 * Several archives may follow each other (the kernel-style concatenation);
 * NUL padding between and after them is skipped. A malformed header stops
 * the walk with -EINVAL and @res->err_msg/@res->err_offset set; members
 * before it were already delivered and stay usable.
 *
 * Return: 0 if the whole buffer parsed, -EINVAL if malformed, or @cb's value.
 * Context: any; does not allocate or sleep.
 */
int cpio_parse(const void *buf, size_t len, cpio_cb_t cb, void *arg,
	       struct cpio_result *res)
{
	const u8 *p = buf;
	size_t off = 0, next;
	struct cpio_entry e;
	int ret;

	memset(res, 0, sizeof(*res));
	if (!buf && len)
		return cpio_fail(res, 0, "no buffer");
	while (off < len) {
		/* Padding between concatenated archives: 4-byte NUL runs. */
		if (p[off] == '\0') {
			off++;
			continue;
		}
		ret = cpio_parse_one(p, len, off, &e, &next, res);
		if (ret < 0)
			return ret;
		off = next;
		if (ret == 0) {
			res->trailer = true;
			continue;
		}
		res->entries++;
		ret = cb ? cb(arg, &e) : 0;
		if (ret)
			return ret;
	}
	if (!res->trailer && res->entries)
		return cpio_fail(res, len, "no trailer (truncated archive?)");
	return 0;
}
