// SPDX-License-Identifier: GPL-2.0
/*
 * P2M_MAPS: an address space's VMAs as the text of /proc/<pid>/maps
 * ("start-end perms offset dev inode path", [heap], [stack]).
 */
#include <tessera/slab.h>
#include <tessera/string.h>
#include <tessera/vsprintf.h>
#include <tessera/rpc/p2m.h>
#include "internal.h"

#define MAPS_TEXT_MAX		65536	/* longer listings are cut */

/* One line for @v into @buf (at most @room bytes); returns its length. */
static size_t maps_line(const struct vma *v, char *buf, size_t room,
			char *path)
{
	u64 off = 0, ino = 0;
	const char *dev = "00:00";
	int n;

	path[0] = '\0';
	if (v->file) {
		off = v->file_off;
		ino = v->file->ino;
		dev = "00:01";
		if (ramfs_path_of(v->file, path, P2M_PATH_MAX))
			path[0] = '\0';
	} else if (v->flags & VMA_BRK) {
		strscpy(path, "[heap]", P2M_PATH_MAX);
	} else if (v->flags & VMA_STACK) {
		strscpy(path, "[stack]", P2M_PATH_MAX);
	}
	n = scnprintf(buf, room, "%08llx-%08llx %c%c%cp %08llx %s %-10llu%s%s\n",
		      (unsigned long long)v->start, (unsigned long long)v->end,
		      v->prot & MM_PROT_READ ? 'r' : '-',
		      v->prot & MM_PROT_WRITE ? 'w' : '-',
		      v->prot & MM_PROT_EXEC ? 'x' : '-',
		      (unsigned long long)off, dev, (unsigned long long)ino,
		      path[0] ? "               " : "", path);
	return n;
}

/* The whole listing of @s into @buf; returns its length. */
static size_t maps_text(struct mm_space *s, char *buf, size_t cap, char *path)
{
	struct vma *v;
	size_t len = 0;
	u64 addr = 0;

	while (len + 1 < cap && (v = vma_first_after(s, addr))) {
		len += maps_line(v, buf + len, cap - len, path);
		addr = v->end;
	}
	return len;
}

/**
 * p2m_maps_handler() - P2M_MAPS: /proc/<pid>/maps text of space @pid
 * @msg: struct p2m_maps_req; @reply: text from byte @offset on
 * Return: bytes of text in @reply (0 past the end), -ESRCH (no such
 * space), -ENOMEM, -EINVAL (malformed).
 * Context: FIT handler thread; takes mm_lock.
 */
int p2m_maps_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	const struct p2m_maps_req *rq = msg->req;
	char *text = NULL, *path = NULL;
	struct mm_space *s;
	size_t len;
	int ret;

	if (msg->req_len != sizeof(*rq)) {
		mutex_lock(&mm_lock);
		mm_counters.bad_request++;
		mutex_unlock(&mm_lock);
		return -EINVAL;
	}
	text = kmalloc(MAPS_TEXT_MAX, GFP_KERNEL);
	path = kmalloc(P2M_PATH_MAX, GFP_KERNEL);
	if (!text || !path) {
		ret = -ENOMEM;
		goto out;
	}
	mutex_lock(&mm_lock);
	s = space_find(rq->pid);
	if (!s) {
		mm_counters.no_space++;
		mutex_unlock(&mm_lock);
		ret = -ESRCH;
		goto out;
	}
	len = maps_text(s, text, MAPS_TEXT_MAX, path);
	mutex_unlock(&mm_lock);
	ret = 0;
	if (rq->offset < len) {
		ret = min_t(u64, len - rq->offset, reply_max);
		memcpy(reply, text + rq->offset, ret);
	}
out:
	kfree(text);
	kfree(path);
	return ret;
}
