/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The newc ("070701"/"070702") cpio reader of the memory manager: a
 * portable parser (no allocation, no kernel services) that the host tests run too.
 */
#ifndef _MANAGERS_MEMORY_CPIO_H
#define _MANAGERS_MEMORY_CPIO_H

#include <tessera/types.h>

#define CPIO_HDR_LEN		110
#define CPIO_NAME_MAX		4096	/* longer names are malformed */

/* File types in the mode field (the st_mode values). */
#define CPIO_S_IFMT		0170000
#define CPIO_S_IFDIR		0040000
#define CPIO_S_IFREG		0100000
#define CPIO_S_IFLNK		0120000

/**
 * struct cpio_entry - one member of the archive, as the callback sees it
 * @name: the path as stored (NUL-terminated inside the archive, no leading
 *        "./" or "/" stripped); valid while the archive buffer is
 * @namelen: strlen(@name)
 * @mode: st_mode (type and permission bits)
 * @ino, @nlink, @uid, @gid, @mtime: as stored
 * @data: the file's bytes inside the archive; @size: their number
 */
struct cpio_entry {
	const char *name;
	u32 namelen;
	u32 mode;
	u32 ino;
	u32 nlink;
	u32 uid;
	u32 gid;
	u32 mtime;
	const void *data;
	u64 size;
};

/**
 * struct cpio_result - how a parse went
 * @entries: members handed to the callback (the trailer not counted)
 * @trailer: the "TRAILER!!!" member was seen
 * @err_offset: byte offset of the malformed header, if the parse failed
 * @err_msg: a static string saying what was wrong, or NULL
 */
struct cpio_result {
	u32 entries;
	bool trailer;
	u64 err_offset;
	const char *err_msg;
};

typedef int (*cpio_cb_t)(void *arg, const struct cpio_entry *e);

int cpio_parse(const void *buf, size_t len, cpio_cb_t cb, void *arg,
	       struct cpio_result *res);

#endif /* _MANAGERS_MEMORY_CPIO_H */
