/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tessera-fabric: shared state of the user-space Ethernet switch that joins
 * the QEMU VMs (ports, counters, delay queue, MAC table, impairments, pcap).
 */
#ifndef TESSERA_FABRIC_H
#define TESSERA_FABRIC_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/un.h>

#define FAB_MAX_PORTS		64
#define FAB_MAX_FRAME		65536	/* largest datagram accepted */
#define FAB_MIN_FRAME		14	/* an Ethernet header */
#define FAB_BACKLOG_MAX		4096	/* frames held per port for POLLOUT */
#define FAB_QUEUE_MAX		65536	/* frames in the delay queue */
#define FAB_MAC_TABLE		1024
#define FAB_PPM			1000000u	/* probabilities: parts per million */

struct fab_frame {
	uint64_t due;		/* CLOCK_MONOTONIC ns when it leaves */
	uint64_t seq;		/* FIFO order among equal due times */
	int port;		/* egress port */
	uint32_t len;
	struct fab_frame *next;	/* in a port backlog */
	uint8_t data[];
};

struct fab_counters {
	uint64_t rx;		/* frames received from the port */
	uint64_t rx_bytes;
	uint64_t tx;		/* frames delivered to the port */
	uint64_t tx_bytes;
	uint64_t lost;		/* dropped by --loss on the way to it */
	uint64_t dropped;	/* undeliverable: no peer, full, error, runt */
	uint64_t duplicated;	/* extra copies made by --dup */
	uint64_t reordered;	/* held back by --reorder */
};

struct fab_port {
	int fd;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct sockaddr_un peer;	/* the VM's socket */
	socklen_t peer_len;
	bool has_peer;
	bool fixed_peer;		/* given on the command line */
	struct fab_frame *bl_head;	/* waiting for POLLOUT */
	struct fab_frame *bl_tail;
	unsigned int bl_len;
	struct fab_counters c;
};

struct fab_mac {
	uint8_t mac[6];
	int port;
	uint64_t seen;
};

struct fab_opts {
	uint64_t latency_ns;
	uint64_t reorder_ns;	/* extra hold for a reordered frame */
	uint32_t loss_ppm;
	uint32_t dup_ppm;
	uint32_t reorder_ppm;
	uint64_t seed;
	const char *pcap_path;
	bool pcap_tx;		/* record delivered copies, not arrivals */
	const char *stats_path;
	bool quiet;
};

struct fabric {
	struct fab_opts opt;
	struct fab_port port[FAB_MAX_PORTS];
	int nports;
	struct fab_mac mac[FAB_MAC_TABLE];
	int nmac;
	struct fab_frame **heap;	/* delay queue, min-heap on (due, seq) */
	int nheap;
	uint64_t seq;
	uint64_t rng;
	FILE *pcap;
	uint64_t pcap_records;
};

/* main.c */
uint64_t fab_now(void);

/* port.c */
int fab_port_open(struct fab_port *p, const char *path, const char *peer);
void fab_port_close(struct fab_port *p);
int fab_port_recv(struct fab_port *p, uint8_t *buf, size_t cap);
void fab_port_send(struct fabric *f, struct fab_port *p, struct fab_frame *fr);
void fab_port_flush(struct fabric *f, struct fab_port *p);

/* switch.c */
int fab_switch_init(struct fabric *f);
void fab_switch_free(struct fabric *f);
void fab_switch_input(struct fabric *f, int in, const uint8_t *buf,
		      uint32_t len);
void fab_switch_run(struct fabric *f, uint64_t now);
int64_t fab_switch_next_due(const struct fabric *f, uint64_t now);
uint64_t fab_rng_next(uint64_t *state);

/* pcap.c */
FILE *fab_pcap_open(const char *path);
int fab_pcap_write(FILE *fp, const uint8_t *buf, uint32_t len);
void fab_capture(struct fabric *f, const uint8_t *buf, uint32_t len);

#endif /* TESSERA_FABRIC_H */
