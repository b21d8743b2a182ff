// SPDX-License-Identifier: GPL-2.0
/*
 * tessera-fabric: switch ports, one Unix datagram socket each (one datagram
 * is one Ethernet frame), the peer VM socket and the per-port send backlog.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "fabric.h"

#define FAB_SOCK_BUF	(4 << 20)

static int fill_addr(struct sockaddr_un *sa, socklen_t *len, const char *path)
{
	size_t n = strlen(path);

	if (!n || n >= sizeof(sa->sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	memcpy(sa->sun_path, path, n);
	*len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
	return 0;
}

/* A socket file left by a dead fabric may go; a live one may not. */
static int clear_stale(const char *path, const struct sockaddr_un *sa,
		       socklen_t len)
{
	struct stat st;
	int fd, ret;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISSOCK(st.st_mode)) {
		errno = EEXIST;
		return -1;
	}
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	ret = connect(fd, (const struct sockaddr *)sa, len);
	close(fd);
	if (ret == 0) {
		errno = EADDRINUSE;
		return -1;
	}
	return unlink(path);
}

static void port_connect_peer(struct fab_port *p)
{
	if (connect(p->fd, (struct sockaddr *)&p->peer, p->peer_len) == 0)
		p->has_peer = true;
}

static void port_forget_peer(struct fab_port *p)
{
	struct sockaddr sa = { .sa_family = AF_UNSPEC };

	connect(p->fd, &sa, sizeof(sa));
	p->has_peer = false;
}

/**
 * fab_port_open() - create and bind one port socket
 * @p: the port (zeroed by the caller)
 * @path: socket file the VM sends to
 * @peer: the VM's own socket file, or NULL to learn it from its first frame
 *
 * Return: 0, or -1 with errno set.
 */
int fab_port_open(struct fab_port *p, const char *path, const char *peer)
{
	struct sockaddr_un sa;
	socklen_t len;
	int buf = FAB_SOCK_BUF;

	p->fd = -1;
	if (fill_addr(&sa, &len, path) < 0 || clear_stale(path, &sa, len) < 0)
		return -1;
	if (peer && fill_addr(&p->peer, &p->peer_len, peer) < 0)
		return -1;
	p->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (p->fd < 0)
		return -1;
	setsockopt(p->fd, SOL_SOCKET, SO_SNDBUF, &buf, sizeof(buf));
	setsockopt(p->fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
	if (bind(p->fd, (struct sockaddr *)&sa, len) < 0)
		goto err_close;
	strcpy(p->path, path);
	if (peer) {
		p->fixed_peer = true;
		port_connect_peer(p);	/* may come up later */
	}
	return 0;

err_close:
	close(p->fd);
	p->fd = -1;
	return -1;
}

/**
 * fab_port_close() - close a port, free its backlog, remove its socket file
 * @p: the port
 */
void fab_port_close(struct fab_port *p)
{
	struct fab_frame *fr, *next;

	for (fr = p->bl_head; fr; fr = next) {
		next = fr->next;
		free(fr);
	}
	p->bl_head = p->bl_tail = NULL;
	p->bl_len = 0;
	if (p->fd >= 0) {
		close(p->fd);
		unlink(p->path);
	}
	p->fd = -1;
}

static bool same_addr(const struct fab_port *p, const struct sockaddr_un *sa,
		      socklen_t len)
{
	return p->has_peer && len == p->peer_len && !memcmp(sa, &p->peer, len);
}

/* Learn (and connect to) the sender of a frame, if it has a name. */
static void port_learn(struct fab_port *p, const struct sockaddr_un *sa,
		       socklen_t len)
{
	if (p->fixed_peer || len <= offsetof(struct sockaddr_un, sun_path) ||
	    same_addr(p, sa, len))
		return;
	memcpy(&p->peer, sa, len);
	p->peer_len = len;
	port_connect_peer(p);
}

/**
 * fab_port_recv() - read one frame from a port
 * @p: the port
 * @buf: destination
 * @cap: its size
 *
 * Runts and frames larger than @cap are counted as dropped.
 *
 * Return: the frame length, 0 when nothing (valid) is waiting, -1 on error.
 */
int fab_port_recv(struct fab_port *p, uint8_t *buf, size_t cap)
{
	struct sockaddr_un sa;
	socklen_t len = sizeof(sa);
	ssize_t n;

	n = recvfrom(p->fd, buf, cap, MSG_TRUNC, (struct sockaddr *)&sa, &len);
	if (n < 0)
		return (errno == EAGAIN || errno == EINTR) ? 0 : -1;
	port_learn(p, &sa, len);
	if ((size_t)n > cap || n < FAB_MIN_FRAME) {
		p->c.dropped++;
		return 0;
	}
	return (int)n;
}

static void backlog_push(struct fab_port *p, struct fab_frame *fr)
{
	if (p->bl_len >= FAB_BACKLOG_MAX) {
		p->c.dropped++;
		free(fr);
		return;
	}
	fr->next = NULL;
	if (p->bl_tail)
		p->bl_tail->next = fr;
	else
		p->bl_head = fr;
	p->bl_tail = fr;
	p->bl_len++;
}

/* 1: sent, 0: would block, -1: undeliverable (counted). */
static int port_try_send(struct fabric *f, struct fab_port *p,
			 const struct fab_frame *fr)
{
	if (!p->has_peer && p->fixed_peer)
		port_connect_peer(p);
	if (!p->has_peer) {
		p->c.dropped++;
		return -1;
	}
	if (send(p->fd, fr->data, fr->len, MSG_NOSIGNAL) < 0) {
		if (errno == EAGAIN || errno == ENOBUFS)
			return 0;
		if (errno == ECONNREFUSED || errno == ENOENT ||
		    errno == ENOTCONN)
			port_forget_peer(p);	/* the VM went away */
		p->c.dropped++;
		return -1;
	}
	p->c.tx++;
	p->c.tx_bytes += fr->len;
	if (f->pcap && f->opt.pcap_tx)
		fab_capture(f, fr->data, fr->len);
	return 1;
}

/**
 * fab_port_send() - deliver a frame to a port's VM (takes ownership)
 * @f: the fabric
 * @p: egress port
 * @fr: the frame
 *
 * Keeps per-port order: behind a non-empty backlog the frame waits its turn.
 */
void fab_port_send(struct fabric *f, struct fab_port *p, struct fab_frame *fr)
{
	if (p->bl_head || port_try_send(f, p, fr) == 0) {
		backlog_push(p, fr);
		return;
	}
	free(fr);
}

/**
 * fab_port_flush() - send what the backlog holds until the socket blocks
 * @f: the fabric
 * @p: the port
 */
void fab_port_flush(struct fabric *f, struct fab_port *p)
{
	struct fab_frame *fr;

	while ((fr = p->bl_head)) {
		if (port_try_send(f, p, fr) == 0)
			return;
		p->bl_head = fr->next;
		if (!p->bl_head)
			p->bl_tail = NULL;
		p->bl_len--;
		free(fr);
	}
}
