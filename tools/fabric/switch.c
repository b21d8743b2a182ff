// SPDX-License-Identifier: GPL-2.0
/*
 * tessera-fabric: the switching core: MAC learning and flooding, the seeded
 * loss/duplication/reordering decisions and the latency (delay) queue.
 */
#include <stdlib.h>
#include <string.h>

#include "fabric.h"

/**
 * fab_rng_next() - next value of the seeded generator (splitmix64)
 * @state: generator state, advanced
 *
 * Return: 64 pseudo-random bits; the sequence depends only on the seed.
 */
uint64_t fab_rng_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static bool chance(struct fabric *f, uint32_t ppm)
{
	uint64_t r = fab_rng_next(&f->rng) % FAB_PPM;

	return r < ppm;
}

/**
 * fab_switch_init() - allocate the delay queue
 * @f: the fabric (options set)
 *
 * Return: 0, or -1 when out of memory.
 */
int fab_switch_init(struct fabric *f)
{
	f->heap = calloc(FAB_QUEUE_MAX, sizeof(*f->heap));
	if (!f->heap)
		return -1;
	f->nheap = 0;
	f->rng = f->opt.seed;
	return 0;
}

/**
 * fab_switch_free() - drop what is still queued and free the queue
 * @f: the fabric
 */
void fab_switch_free(struct fabric *f)
{
	while (f->nheap > 0)
		free(f->heap[--f->nheap]);
	free(f->heap);
	f->heap = NULL;
}

/* ------------------------------------------------------------ delay heap */

static bool earlier(const struct fab_frame *a, const struct fab_frame *b)
{
	return a->due < b->due || (a->due == b->due && a->seq < b->seq);
}

static void heap_swap(struct fabric *f, int i, int j)
{
	struct fab_frame *t = f->heap[i];

	f->heap[i] = f->heap[j];
	f->heap[j] = t;
}

static void heap_push(struct fabric *f, struct fab_frame *fr)
{
	int i = f->nheap++;

	f->heap[i] = fr;
	while (i > 0 && earlier(f->heap[i], f->heap[(i - 1) / 2])) {
		heap_swap(f, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static struct fab_frame *heap_pop(struct fabric *f)
{
	struct fab_frame *top = f->heap[0];
	int i = 0;

	f->heap[0] = f->heap[--f->nheap];
	for (;;) {
		int l = 2 * i + 1, r = l + 1, m = i;

		if (l < f->nheap && earlier(f->heap[l], f->heap[m]))
			m = l;
		if (r < f->nheap && earlier(f->heap[r], f->heap[m]))
			m = r;
		if (m == i)
			break;
		heap_swap(f, i, m);
		i = m;
	}
	return top;
}

/* ------------------------------------------------------------ MAC table */

static bool is_multicast(const uint8_t *mac)
{
	return mac[0] & 1;
}

static struct fab_mac *mac_find(struct fabric *f, const uint8_t *mac)
{
	int i;

	for (i = 0; i < f->nmac; i++)
		if (!memcmp(f->mac[i].mac, mac, 6))
			return &f->mac[i];
	return NULL;
}

/* Remember that @mac lives behind @port; a full table forgets the oldest. */
static void mac_learn(struct fabric *f, const uint8_t *mac, int port,
		      uint64_t now)
{
	struct fab_mac *m = mac_find(f, mac);
	int i;

	if (is_multicast(mac))
		return;
	if (!m && f->nmac < FAB_MAC_TABLE) {
		m = &f->mac[f->nmac++];
	} else if (!m) {
		m = &f->mac[0];
		for (i = 1; i < f->nmac; i++)
			if (f->mac[i].seen < m->seen)
				m = &f->mac[i];
	}
	memcpy(m->mac, mac, 6);
	m->port = port;
	m->seen = now;
}

/* ------------------------------------------------------------ forwarding */

static void enqueue(struct fabric *f, int out, const uint8_t *buf,
		    uint32_t len, uint64_t due)
{
	struct fab_frame *fr;

	if (f->nheap >= FAB_QUEUE_MAX ||
	    !(fr = malloc(sizeof(*fr) + len))) {
		f->port[out].c.dropped++;
		return;
	}
	fr->due = due;
	fr->seq = f->seq++;
	fr->port = out;
	fr->len = len;
	fr->next = NULL;
	memcpy(fr->data, buf, len);
	heap_push(f, fr);
}

/*
 * One copy toward @out, through the impairments. The generator is drawn
 * the same number of times whatever the rates, so a given seed loses the
 * same frames with or without --dup/--reorder.
 */
static void egress(struct fabric *f, int out, const uint8_t *buf,
		   uint32_t len, uint64_t now)
{
	struct fab_counters *c = &f->port[out].c;
	bool lose = chance(f, f->opt.loss_ppm);
	bool dup = chance(f, f->opt.dup_ppm);
	int copies = dup ? 2 : 1, i;

	if (lose) {
		c->lost++;
		return;
	}
	if (dup)
		c->duplicated++;
	for (i = 0; i < copies; i++) {
		uint64_t due = now + f->opt.latency_ns;

		if (chance(f, f->opt.reorder_ppm)) {
			due += f->opt.reorder_ns;
			c->reordered++;
		}
		enqueue(f, out, buf, len, due);
	}
}

/**
 * fab_switch_input() - switch one frame received on port @in
 * @f: the fabric
 * @in: ingress port
 * @buf: the frame (at least an Ethernet header)
 * @len: its length
 *
 * Learns the source MAC, then sends to the port that owns the destination
 * MAC, or floods to every other port (broadcast, multicast, unknown).
 */
void fab_switch_input(struct fabric *f, int in, const uint8_t *buf,
		      uint32_t len)
{
	uint64_t now = fab_now();
	struct fab_mac *m;
	int i;

	f->port[in].c.rx++;
	f->port[in].c.rx_bytes += len;
	if (f->pcap && !f->opt.pcap_tx)
		fab_capture(f, buf, len);
	mac_learn(f, buf + 6, in, now);

	m = is_multicast(buf) ? NULL : mac_find(f, buf);
	if (m) {
		if (m->port != in)
			egress(f, m->port, buf, len, now);
		return;
	}
	for (i = 0; i < f->nports; i++)
		if (i != in)
			egress(f, i, buf, len, now);
}

/**
 * fab_switch_run() - send every queued frame whose time has come
 * @f: the fabric
 * @now: CLOCK_MONOTONIC ns
 */
void fab_switch_run(struct fabric *f, uint64_t now)
{
	while (f->nheap > 0 && f->heap[0]->due <= now) {
		struct fab_frame *fr = heap_pop(f);

		fab_port_send(f, &f->port[fr->port], fr);
	}
}

/**
 * fab_switch_next_due() - time until the next queued frame leaves
 * @f: the fabric
 * @now: CLOCK_MONOTONIC ns
 *
 * Return: nanoseconds (0 if overdue), -1 when the queue is empty.
 */
int64_t fab_switch_next_due(const struct fabric *f, uint64_t now)
{
	if (!f->nheap)
		return -1;
	return f->heap[0]->due > now ? (int64_t)(f->heap[0]->due - now) : 0;
}
