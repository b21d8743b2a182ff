// SPDX-License-Identifier: GPL-2.0
/*
 * roce-pcap-check: validates every RoCE v2 frame of a pcap file with the
 * kernel's own codec (drivers/infiniband/sw/roce_wire.c) - no tshark needed.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tessera/roce_wire.h>

#define PCAP_HDR_LEN	24
#define PCAP_REC_LEN	16
#define MAX_SNAP	(1u << 18)

struct check {
	unsigned long frames;
	unsigned long roce;
	unsigned long bad;
	unsigned long other;
	unsigned long reasons[ROCE_E_NR];
	unsigned long opcodes[ROCE_OP_NR];
};

static uint32_t rd32(const uint8_t *p, int swap)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return swap ? __builtin_bswap32(v) : v;
}

/*
 * Aimed at UDP port 4791 over IPv4? Decided from raw bytes with bounds
 * checks, so a frame whose IP header is itself broken still counts as RoCE.
 */
static int looks_roce(const uint8_t *f, uint32_t len)
{
	uint32_t ihl;

	if (len < ROCE_ETH_HLEN + ROCE_IPV4_HLEN || f[12] != 0x08 || f[13])
		return 0;
	ihl = (uint32_t)(f[14] & 0x0f) * 4;
	if (f[14 + 9] != ROCE_IPPROTO_UDP || ihl < ROCE_IPV4_HLEN ||
	    len < ROCE_ETH_HLEN + ihl + ROCE_UDP_HLEN)
		return 0;
	return (f[14 + ihl + 2] << 8 | f[14 + ihl + 3]) == ROCE_UDP_PORT;
}

static void check_frame(struct check *c, const uint8_t *f, uint32_t len,
			int verbose)
{
	struct roce_pkt p;
	int err;

	c->frames++;
	if (!looks_roce(f, len)) {
		c->other++;
		return;
	}
	c->roce++;
	err = roce_parse(f, len, &p);
	if (!err) {
		c->opcodes[p.opcode]++;
		return;
	}
	c->bad++;
	c->reasons[-err]++;
	if (verbose)
		fprintf(stderr, "frame %lu: %s\n", c->frames, roce_err_name(err));
}

static int read_header(FILE *fp, int *swap)
{
	uint8_t h[PCAP_HDR_LEN];
	uint32_t magic;

	if (fread(h, 1, sizeof(h), fp) != sizeof(h))
		return -1;
	memcpy(&magic, h, 4);
	*swap = magic == 0xd4c3b2a1u || magic == 0x4d3cb2a1u;
	if (!*swap && magic != 0xa1b2c3d4u && magic != 0xa1b23c4du)
		return -1;
	return rd32(h + 20, *swap) == 1 ? 0 : -1;	/* LINKTYPE_ETHERNET */
}

static int scan(FILE *fp, struct check *c, int verbose)
{
	static uint8_t buf[MAX_SNAP];
	uint8_t r[PCAP_REC_LEN];
	int swap;
	size_t n;

	if (read_header(fp, &swap) < 0)
		return -1;
	while ((n = fread(r, 1, sizeof(r), fp)) == sizeof(r)) {
		uint32_t incl = rd32(r + 8, swap);

		if (incl > MAX_SNAP || fread(buf, 1, incl, fp) != incl)
			return -1;
		check_frame(c, buf, incl, verbose);
	}
	return n ? -1 : 0;
}

static void report(const char *path, const struct check *c)
{
	int i;

	printf("roce-pcap-check: %s: %lu frames, %lu roce, %lu bad, %lu other\n",
	       path, c->frames, c->roce, c->bad, c->other);
	for (i = 1; i < ROCE_E_NR; i++)
		if (c->reasons[i])
			printf("  drop %s: %lu\n", roce_err_name(i), c->reasons[i]);
	for (i = 0; i < ROCE_OP_NR; i++)
		if (c->opcodes[i])
			printf("  opcode 0x%02x: %lu\n", i, c->opcodes[i]);
}

int main(int argc, char **argv)
{
	struct check c = { 0 };
	unsigned long min_roce = 0;
	int verbose = 0, a = 1;
	FILE *fp;

	for (; a < argc - 1; a++) {
		if (!strcmp(argv[a], "-v"))
			verbose = 1;
		else if (!strcmp(argv[a], "--min-roce") && a + 2 < argc)
			min_roce = strtoul(argv[++a], NULL, 0);
		else
			break;
	}
	if (a != argc - 1) {
		fprintf(stderr, "usage: roce-pcap-check [-v] [--min-roce N] FILE.pcap\n");
		return 2;
	}
	fp = fopen(argv[a], "rb");
	if (!fp) {
		fprintf(stderr, "roce-pcap-check: %s: %s\n", argv[a],
			strerror(errno));
		return 2;
	}
	if (scan(fp, &c, verbose) < 0) {
		fprintf(stderr, "roce-pcap-check: %s: not a readable Ethernet pcap\n",
			argv[a]);
		fclose(fp);
		return 2;
	}
	fclose(fp);
	report(argv[a], &c);
	return (c.bad || c.roce < min_roce) ? 1 : 0;
}
