// SPDX-License-Identifier: GPL-2.0
/*
 * tessera-fabric: command line, port set-up, the poll loop, signals and the
 * per-port statistics report.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fabric.h"

#define RX_BURST		64	/* frames read per port per wakeup */
#define DEFAULT_REORDER_US	1000

static volatile sig_atomic_t stop_signal;
static volatile sig_atomic_t dump_stats;

/**
 * fab_now() - CLOCK_MONOTONIC in nanoseconds
 *
 * Return: the time.
 */
uint64_t fab_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void usage(FILE *out)
{
	fprintf(out,
"usage: tessera-fabric [options] [SOCKET[=PEER]...]\n"
"  Ethernet switch for QEMU VMs on Unix datagram sockets\n"
"  (-netdev dgram,id=n0,local.type=unix,local.path=PEER,\n"
"                       remote.type=unix,remote.path=SOCKET).\n"
"  SOCKET            a port: the socket file the fabric binds\n"
"  =PEER             the VM's local.path (else learnt from its first frame)\n"
"  --ports N         N ports DIR/port0.sock .. DIR/port<N-1>.sock\n"
"  --dir DIR         directory for --ports (default .)\n"
"  --latency-us N    one-way latency added to every frame\n"
"  --loss P          drop P %% of frames (per egress copy)\n"
"  --dup P           duplicate P %% of frames\n"
"  --reorder P       hold back P %% of frames so later ones overtake them\n"
"  --reorder-us N    how long a reordered frame is held (default %d)\n"
"  --seed S          seed of the impairment generator (default 1)\n"
"  --pcap FILE       write every frame crossing the switch (pcap, Ethernet)\n"
"  --pcap-egress     record delivered copies instead of arrivals\n"
"  --stats FILE      write per-port counters there at exit and on SIGUSR1\n"
"  --quiet           no counters on stderr at exit\n",
		DEFAULT_REORDER_US);
}

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		dump_stats = 1;
	else
		stop_signal = sig;
}

static int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end || v > max || *s == '-')
		return -1;
	*out = v;
	return 0;
}

static int parse_percent(const char *s, uint32_t *ppm)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= 0.0 && v <= 100.0))
		return -1;
	*ppm = (uint32_t)llround(v * (FAB_PPM / 100));
	return 0;
}

enum {
	OPT_PORTS = 256, OPT_DIR, OPT_LATENCY, OPT_LOSS, OPT_DUP, OPT_REORDER,
	OPT_REORDER_US, OPT_SEED, OPT_PCAP, OPT_PCAP_EGRESS, OPT_STATS,
	OPT_QUIET,
};

static const struct option long_opts[] = {
	{ "ports", required_argument, NULL, OPT_PORTS },
	{ "dir", required_argument, NULL, OPT_DIR },
	{ "latency-us", required_argument, NULL, OPT_LATENCY },
	{ "loss", required_argument, NULL, OPT_LOSS },
	{ "dup", required_argument, NULL, OPT_DUP },
	{ "reorder", required_argument, NULL, OPT_REORDER },
	{ "reorder-us", required_argument, NULL, OPT_REORDER_US },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "pcap", required_argument, NULL, OPT_PCAP },
	{ "pcap-egress", no_argument, NULL, OPT_PCAP_EGRESS },
	{ "stats", required_argument, NULL, OPT_STATS },
	{ "quiet", no_argument, NULL, OPT_QUIET },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct cmdline {
	uint64_t nports;
	const char *dir;
	uint64_t latency_us;
	uint64_t reorder_us;
};

static int parse_one(struct fabric *f, struct cmdline *cl, int opt,
		     const char *arg)
{
	switch (opt) {
	case OPT_PORTS:
		return parse_u64(arg, FAB_MAX_PORTS, &cl->nports);
	case OPT_DIR:
		cl->dir = arg;
		return 0;
	case OPT_LATENCY:
		return parse_u64(arg, 60000000, &cl->latency_us);
	case OPT_LOSS:
		return parse_percent(arg, &f->opt.loss_ppm);
	case OPT_DUP:
		return parse_percent(arg, &f->opt.dup_ppm);
	case OPT_REORDER:
		return parse_percent(arg, &f->opt.reorder_ppm);
	case OPT_REORDER_US:
		return parse_u64(arg, 60000000, &cl->reorder_us);
	case OPT_SEED:
		return parse_u64(arg, UINT64_MAX, &f->opt.seed);
	case OPT_PCAP:
		f->opt.pcap_path = arg;
		return 0;
	case OPT_PCAP_EGRESS:
		f->opt.pcap_tx = true;
		return 0;
	case OPT_STATS:
		f->opt.stats_path = arg;
		return 0;
	case OPT_QUIET:
		f->opt.quiet = true;
		return 0;
	default:
		return -1;
	}
}

/* Options into @f and @cl; returns 0, 1 for --help, -1 on a bad option. */
static int parse_args(struct fabric *f, struct cmdline *cl, int argc,
		      char **argv)
{
	int opt;

	cl->dir = ".";
	cl->reorder_us = DEFAULT_REORDER_US;
	f->opt.seed = 1;
	while ((opt = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
		if (opt == 'h')
			return 1;
		if (parse_one(f, cl, opt, optarg) < 0) {
			fprintf(stderr, "tessera-fabric: bad value for %s\n",
				argv[optind - 1]);
			return -1;
		}
	}
	f->opt.latency_ns = cl->latency_us * 1000;
	f->opt.reorder_ns = cl->reorder_us * 1000;
	if (!cl->nports && optind >= argc) {
		fprintf(stderr, "tessera-fabric: no ports (--ports N or SOCKET...)\n");
		return -1;
	}
	return 0;
}

static int open_port(struct fabric *f, const char *spec)
{
	char path[PATH_MAX];
	const char *peer = NULL;
	char *eq;

	if (f->nports >= FAB_MAX_PORTS) {
		fprintf(stderr, "tessera-fabric: at most %d ports\n",
			FAB_MAX_PORTS);
		return -1;
	}
	snprintf(path, sizeof(path), "%s", spec);
	eq = strchr(path, '=');
	if (eq) {
		*eq = '\0';
		peer = eq + 1;
	}
	if (fab_port_open(&f->port[f->nports], path, peer) < 0) {
		fprintf(stderr, "tessera-fabric: port %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	f->nports++;
	return 0;
}

static int open_ports(struct fabric *f, const struct cmdline *cl, int argc,
		      char **argv)
{
	char path[PATH_MAX];
	uint64_t i;
	int a;

	for (i = 0; i < cl->nports; i++) {
		snprintf(path, sizeof(path), "%s/port%" PRIu64 ".sock",
			 cl->dir, i);
		if (open_port(f, path) < 0)
			return -1;
	}
	for (a = optind; a < argc; a++)
		if (open_port(f, argv[a]) < 0)
			return -1;
	return 0;
}

static void close_ports(struct fabric *f)
{
	int i;

	for (i = 0; i < f->nports; i++)
		fab_port_close(&f->port[i]);
	f->nports = 0;
}

static void print_stats(const struct fabric *f, FILE *out)
{
	struct fab_counters t = { 0 };
	int i;

	for (i = 0; i < f->nports; i++) {
		const struct fab_counters *c = &f->port[i].c;

		fprintf(out, "fabric: port %d %s rx=%" PRIu64 " rx_bytes=%" PRIu64
			" tx=%" PRIu64 " tx_bytes=%" PRIu64 " lost=%" PRIu64
			" dropped=%" PRIu64 " duplicated=%" PRIu64
			" reordered=%" PRIu64 "\n", i, f->port[i].path, c->rx,
			c->rx_bytes, c->tx, c->tx_bytes, c->lost, c->dropped,
			c->duplicated, c->reordered);
		t.rx += c->rx;
		t.tx += c->tx;
		t.lost += c->lost;
		t.dropped += c->dropped;
		t.duplicated += c->duplicated;
		t.reordered += c->reordered;
	}
	fprintf(out, "fabric: total rx=%" PRIu64 " tx=%" PRIu64 " lost=%" PRIu64
		" dropped=%" PRIu64 " duplicated=%" PRIu64 " reordered=%" PRIu64
		" pcap_records=%" PRIu64 "\n", t.rx, t.tx, t.lost, t.dropped,
		t.duplicated, t.reordered, f->pcap_records);
}

static void write_stats_file(const struct fabric *f)
{
	char tmp[PATH_MAX];
	FILE *fp;

	if (!f->opt.stats_path)
		return;
	snprintf(tmp, sizeof(tmp), "%s.tmp", f->opt.stats_path);
	fp = fopen(tmp, "w");
	if (!fp)
		goto err;
	print_stats(f, fp);
	if (fclose(fp) || rename(tmp, f->opt.stats_path))
		goto err;
	return;
err:
	fprintf(stderr, "tessera-fabric: stats %s: %s\n", f->opt.stats_path,
		strerror(errno));
}

static void setup_signals(sigset_t *old)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGUSR1 };
	struct sigaction sa;
	sigset_t block;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&block);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		sigaction(sigs[i], &sa, NULL);
		sigaddset(&block, sigs[i]);
	}
	signal(SIGPIPE, SIG_IGN);
	/* Signals are taken only inside ppoll(): no race with the loop. */
	sigprocmask(SIG_BLOCK, &block, old);
}

static void poll_ports(struct fabric *f, const struct pollfd *pfd,
		       uint8_t *buf)
{
	int i, k, n;

	for (i = 0; i < f->nports; i++) {
		if (pfd[i].revents & POLLOUT)
			fab_port_flush(f, &f->port[i]);
		if (!(pfd[i].revents & POLLIN))
			continue;
		for (k = 0; k < RX_BURST; k++) {
			n = fab_port_recv(&f->port[i], buf, FAB_MAX_FRAME);
			if (n <= 0)
				break;
			fab_switch_input(f, i, buf, (uint32_t)n);
		}
	}
}

static int run(struct fabric *f, const sigset_t *waitmask)
{
	static uint8_t buf[FAB_MAX_FRAME];
	struct pollfd pfd[FAB_MAX_PORTS];
	int i;

	while (!stop_signal) {
		int64_t wait = fab_switch_next_due(f, fab_now());
		struct timespec ts = { wait / 1000000000, wait % 1000000000 };

		for (i = 0; i < f->nports; i++) {
			pfd[i].fd = f->port[i].fd;
			pfd[i].events = POLLIN | (f->port[i].bl_len ? POLLOUT : 0);
			pfd[i].revents = 0;
		}
		if (ppoll(pfd, f->nports, wait < 0 ? NULL : &ts, waitmask) < 0 &&
		    errno != EINTR)
			return -1;
		poll_ports(f, pfd, buf);
		fab_switch_run(f, fab_now());
		if (f->pcap)
			fflush(f->pcap);
		if (dump_stats) {
			dump_stats = 0;
			write_stats_file(f);
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct fabric fab;
	struct cmdline cl = { 0 };
	sigset_t waitmask;
	int ret, status = 1;

	ret = parse_args(&fab, &cl, argc, argv);
	if (ret) {
		usage(ret > 0 ? stdout : stderr);
		return ret > 0 ? 0 : 2;
	}
	setup_signals(&waitmask);
	if (fab_switch_init(&fab) < 0)
		goto out;
	if (open_ports(&fab, &cl, argc, argv) < 0)
		goto out_ports;
	if (fab.opt.pcap_path && !(fab.pcap = fab_pcap_open(fab.opt.pcap_path))) {
		fprintf(stderr, "tessera-fabric: pcap %s: %s\n",
			fab.opt.pcap_path, strerror(errno));
		goto out_ports;
	}
	printf("tessera-fabric: ready, %d ports\n", fab.nports);
	fflush(stdout);
	if (run(&fab, &waitmask) == 0)
		status = 0;
	if (!fab.opt.quiet)
		print_stats(&fab, stderr);
	write_stats_file(&fab);
	if (fab.pcap)
		fclose(fab.pcap);
out_ports:
	close_ports(&fab);
out:
	fab_switch_free(&fab);
	return status;
}
