// SPDX-License-Identifier: GPL-2.0
/*
 * tessera-fabric: the capture file, classic libpcap format (microsecond
 * timestamps, host byte order, LINKTYPE_ETHERNET).
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "fabric.h"

#define PCAP_MAGIC_USEC		0xa1b2c3d4u
#define PCAP_VERSION_MAJOR	2
#define PCAP_VERSION_MINOR	4
#define PCAP_SNAPLEN		FAB_MAX_FRAME
#define LINKTYPE_ETHERNET	1

struct pcap_file_hdr {
	uint32_t magic;
	uint16_t version_major;
	uint16_t version_minor;
	int32_t thiszone;
	uint32_t sigfigs;
	uint32_t snaplen;
	uint32_t linktype;
};

struct pcap_rec_hdr {
	uint32_t ts_sec;
	uint32_t ts_usec;
	uint32_t incl_len;
	uint32_t orig_len;
};

/**
 * fab_pcap_open() - create a capture file and write its header
 * @path: file to create (truncated)
 *
 * Return: the open stream, or NULL with errno set.
 */
FILE *fab_pcap_open(const char *path)
{
	struct pcap_file_hdr h = {
		.magic = PCAP_MAGIC_USEC,
		.version_major = PCAP_VERSION_MAJOR,
		.version_minor = PCAP_VERSION_MINOR,
		.snaplen = PCAP_SNAPLEN,
		.linktype = LINKTYPE_ETHERNET,
	};
	FILE *fp = fopen(path, "wb");

	if (!fp)
		return NULL;
	if (fwrite(&h, sizeof(h), 1, fp) != 1 || fflush(fp)) {
		fclose(fp);
		return NULL;
	}
	return fp;
}

/**
 * fab_pcap_write() - append one frame with the current wall-clock time
 * @fp: stream from fab_pcap_open()
 * @buf: the Ethernet frame
 * @len: its length
 *
 * Return: 0, or -1 on a write error.
 */
int fab_pcap_write(FILE *fp, const uint8_t *buf, uint32_t len)
{
	struct pcap_rec_hdr r;
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	r.ts_sec = (uint32_t)ts.tv_sec;
	r.ts_usec = (uint32_t)(ts.tv_nsec / 1000);
	r.orig_len = len;
	r.incl_len = len < PCAP_SNAPLEN ? len : PCAP_SNAPLEN;
	if (fwrite(&r, sizeof(r), 1, fp) != 1)
		return -1;
	if (fwrite(buf, 1, r.incl_len, fp) != r.incl_len)
		return -1;
	return 0;
}

/**
 * fab_capture() - record a frame in the fabric's capture, if any
 * @f: the fabric
 * @buf: the frame
 * @len: its length
 */
void fab_capture(struct fabric *f, const uint8_t *buf, uint32_t len)
{
	if (f->pcap && fab_pcap_write(f->pcap, buf, len) == 0)
		f->pcap_records++;
}
