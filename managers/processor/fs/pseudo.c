// SPDX-License-Identifier: GPL-2.0
/*
 * Pseudo-files on P: /proc, /sys and /dev. A fixed table of names; text
 * files are generated into a buffer at open, devices have their own ops.
 */
#include <tessera/cpumask.h>
#include <tessera/fit.h>
#include <tessera/mm.h>
#include <tessera/printk.h>
#include <tessera/slab.h>
#include <tessera/string.h>
#include <tessera/time.h>
#include <tessera/vsprintf.h>
#include <asm/processor.h>
#include "fs.h"

/* A text buffer being generated; output past @cap is cut. */
struct pbuf {
	char *p;
	size_t len;
	size_t cap;
};

static __printf(2, 3) void pb_printf(struct pbuf *b, const char *fmt, ...)
{
	va_list ap;

	if (b->len + 1 >= b->cap)
		return;
	va_start(ap, fmt);
	b->len += vscnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
}

/* ---- generators ---- */

static int gen_meminfo(struct pbuf *b)
{
	unsigned long total = totalram_pages() * (PAGE_SIZE / 1024);
	unsigned long free = nr_free_pages() * (PAGE_SIZE / 1024);

	pb_printf(b, "MemTotal:       %8lu kB\n", total);
	pb_printf(b, "MemFree:        %8lu kB\n", free);
	pb_printf(b, "MemAvailable:   %8lu kB\n", free);
	pb_printf(b, "Buffers:        %8lu kB\nCached:         %8lu kB\n", 0UL, 0UL);
	pb_printf(b, "SwapCached:     %8lu kB\n", 0UL);
	pb_printf(b, "SwapTotal:      %8lu kB\nSwapFree:       %8lu kB\n", 0UL, 0UL);
	pb_printf(b, "Shmem:          %8lu kB\n", 0UL);
	return 0;
}

static const char *const cpuid1_edx[32] = {
	"fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic",
	NULL, "sep", "mtrr", "pge", "mca", "cmov", "pat", "pse36", "pn",
	"clflush", NULL, "dts", "acpi", "mmx", "fxsr", "sse", "sse2", "ss",
	"ht", "tm", "ia64", "pbe",
};

static const char *const cpuid1_ecx[32] = {
	"pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx", "smx", "est",
	"tm2", "ssse3", "cid", "sdbg", "fma", "cx16", "xtpr", "pdcm", NULL,
	"pcid", "dca", "sse4_1", "sse4_2", "x2apic", "movbe", "popcnt",
	"tsc_deadline_timer", "aes", "xsave", NULL, "avx", "f16c", "rdrand",
	"hypervisor",
};

static const char *const cpuid7_ebx[32] = {
	"fsgsbase", NULL, NULL, "bmi1", "hle", "avx2", NULL, "smep", "bmi2",
	"erms", "invpcid", "rtm", NULL, NULL, "mpx", NULL, "avx512f",
	"avx512dq", "rdseed", "adx", "smap", NULL, NULL, "clflushopt", "clwb",
	NULL, NULL, NULL, "avx512cd", "sha_ni", "avx512bw", "avx512vl",
};

static void print_flags(struct pbuf *b, const char *const names[32], u32 bits)
{
	int i;

	for (i = 0; i < 32; i++)
		if ((bits & (1U << i)) && names[i])
			pb_printf(b, " %s", names[i]);
}

static int gen_cpuinfo(struct pbuf *b)
{
	u32 a, bx, c, d, max, fam, model, step, ecx1, edx1, ebx7 = 0, ext;
	char vendor[13], name[49];
	unsigned int cpu, n = num_online_cpus();
	u32 regs[12];
	int i;

	cpuid(0, &max, &bx, &c, &d);
	memcpy(vendor, &bx, 4);
	memcpy(vendor + 4, &d, 4);
	memcpy(vendor + 8, &c, 4);
	vendor[12] = '\0';
	cpuid(1, &a, &bx, &ecx1, &edx1);
	fam = (a >> 8) & 0xf;
	model = (a >> 4) & 0xf;
	step = a & 0xf;
	if (fam == 0xf)
		fam += (a >> 20) & 0xff;
	if (fam >= 6)
		model |= ((a >> 16) & 0xf) << 4;
	if (max >= 7)
		cpuid_count(7, 0, &a, &ebx7, &c, &d);
	strscpy(name, "unknown", sizeof(name));
	cpuid(0x80000000, &ext, &bx, &c, &d);
	if (ext >= 0x80000004) {
		for (i = 0; i < 3; i++)
			cpuid(0x80000002 + i, &regs[4 * i], &regs[4 * i + 1],
			      &regs[4 * i + 2], &regs[4 * i + 3]);
		memcpy(name, regs, 48);
		name[48] = '\0';
	}
	for_each_online_cpu(cpu) {
		pb_printf(b, "processor\t: %u\nvendor_id\t: %s\ncpu family\t: %u\n",
			  cpu, vendor, fam);
		pb_printf(b, "model\t\t: %u\nmodel name\t: %s\nstepping\t: %u\n",
			  model, name, step);
		pb_printf(b, "cpu MHz\t\t: %llu.000\n",
			  (unsigned long long)(tsc_hz() / 1000000));
		pb_printf(b, "physical id\t: 0\nsiblings\t: %u\ncore id\t\t: %u\n"
			  "cpu cores\t: %u\napicid\t\t: %u\n", n, cpu, n, cpu);
		pb_printf(b, "fpu\t\t: yes\nfpu_exception\t: yes\ncpuid level\t: %u\nwp\t\t: yes\nflags\t\t:",
			  max);
		print_flags(b, cpuid1_edx, edx1);
		print_flags(b, cpuid1_ecx, ecx1);
		print_flags(b, cpuid7_ebx, ebx7);
		pb_printf(b, "\nbogomips\t: %llu.00\nclflush size\t: 64\n"
			  "cache_alignment\t: 64\naddress sizes\t: 48 bits physical, 48 bits virtual\n\n",
			  (unsigned long long)(tsc_hz() / 500000));
	}
	return 0;
}

static int gen_stat(struct pbuf *b)
{
	unsigned int cpu;
	u64 ctxt = 0;

	pb_printf(b, "cpu  0 0 0 %llu 0 0 0 0 0 0\n", (unsigned long long)jiffies);
	for_each_online_cpu(cpu) {
		pb_printf(b, "cpu%u 0 0 0 %llu 0 0 0 0 0 0\n", cpu,
			  (unsigned long long)jiffies);
		ctxt += nr_context_switches(cpu);
	}
	pb_printf(b, "intr 0\nctxt %llu\nbtime 0\nprocesses 0\nprocs_running 1\nprocs_blocked 0\n",
		  (unsigned long long)ctxt);
	return 0;
}

static int gen_uptime(struct pbuf *b)
{
	u64 ms = ktime_get_ns() / 1000000;

	pb_printf(b, "%llu.%02llu 0.00\n", (unsigned long long)(ms / 1000),
		  (unsigned long long)(ms % 1000 / 10));
	return 0;
}

static int gen_loadavg(struct pbuf *b)
{
	pb_printf(b, "0.00 0.00 0.00 1/1 %d\n", current_process()->pid);
	return 0;
}

/* "0-3" style list of the CPUs in @m. */
static void print_cpulist(struct pbuf *b, const struct cpumask *m)
{
	int cpu, start = -1;
	bool first = true;

	for (cpu = 0; cpu <= CONFIG_NR_CPUS; cpu++) {
		bool in = cpu < CONFIG_NR_CPUS && cpumask_test_cpu(cpu, m);

		if (in && start < 0)
			start = cpu;
		if (in || start < 0)
			continue;
		pb_printf(b, first ? "%d" : ",%d", start);
		if (cpu - 1 > start)
			pb_printf(b, "-%d", cpu - 1);
		first = false;
		start = -1;
	}
	pb_printf(b, "\n");
}

static int gen_online(struct pbuf *b)
{
	print_cpulist(b, cpu_online_mask);
	return 0;
}

static int gen_possible(struct pbuf *b)
{
	print_cpulist(b, cpu_possible_mask);
	return 0;
}

static int gen_overcommit(struct pbuf *b)
{
	pb_printf(b, "0\n");
	return 0;
}

static int gen_pcache(struct pbuf *b)
{
	struct pcache_stats s;

	pcache_get_stats(&s);
	pb_printf(b, "sets %u\nways %u\nlines_used %u\n", pcache_nr_sets(),
		  pcache_nr_ways(), pcache_lines_used());
	pb_printf(b, "hits %llu\nmisses %llu\nzero_fills %llu\nevictions %llu\n"
		  "flushes %llu\nrefused %llu\nerrors %llu\n",
		  (unsigned long long)s.hits, (unsigned long long)s.misses,
		  (unsigned long long)s.zero_fills, (unsigned long long)s.evictions,
		  (unsigned long long)s.flushes, (unsigned long long)s.refused,
		  (unsigned long long)s.errors);
	return 0;
}

static int gen_fit(struct pbuf *b)
{
	b->len += fit_format_stats(b->p + b->len, b->cap - b->len);
	return 0;
}

static int gen_status(struct pbuf *b)
{
	struct process *p = current_process();
	struct pm_thread *t = current_thread();
	unsigned long flags;
	int ppid, threads;

	spin_lock_irqsave(&pm_tree_lock, flags);
	ppid = p->parent ? p->parent->pid : 0;
	threads = p->nr_threads;
	spin_unlock_irqrestore(&pm_tree_lock, flags);
	pb_printf(b, "Name:\t%.16s\nUmask:\t%04o\nState:\tR (running)\n", p->comm,
		  READ_ONCE(p->umask));
	pb_printf(b, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n",
		  p->pid, p->pid, ppid);
	pb_printf(b, "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nFDSize:\t%d\nGroups:\t\n",
		  PM_NR_OPEN);
	pb_printf(b, "VmRSS:\t%8lu kB\nThreads:\t%d\n",
		  p->mm ? (unsigned long)pcache_lines_of(p->mm) * 4 : 0UL, threads);
	pb_printf(b, "SigPnd:\t%016llx\nShdPnd:\t%016llx\nSigBlk:\t%016llx\n",
		  (unsigned long long)t->sig.pending.set,
		  (unsigned long long)p->shared_pending.set,
		  (unsigned long long)t->sig.blocked);
	pb_printf(b, "Cpus_allowed_list:\t");
	print_cpulist(b, cpu_online_mask);
	return 0;
}

static int gen_maps(struct pbuf *b)
{
	struct process *p = current_process();
	struct p2m_maps_req rq = { 0 };
	int n;

	if (!p->mm || !p->mm->on_m)
		return 0;
	rq.pid = p->mm->id;
	while (b->len + 1 < b->cap) {
		rq.offset = b->len;
		n = fit_call(p->mm->mem_node, P2M_MAPS, &rq, sizeof(rq),
			     b->p + b->len,
			     min_t(size_t, b->cap - 1 - b->len, P2M_FILE_IO_MAX), 0);
		if (n < 0)
			return n;
		if (!n)
			break;
		b->len += n;
	}
	return 0;
}

/* ---- devices ---- */

static ssize_t null_read(struct pm_file *f, const struct pm_iov *v, size_t len,
			 u64 *pos)
{
	(void)f; (void)v; (void)len; (void)pos;
	return 0;
}

static ssize_t null_write(struct pm_file *f, const struct pm_iov *v, size_t len,
			  u64 *pos)
{
	(void)f; (void)v; (void)pos;
	return len;
}

/* /dev/zero and /dev/urandom: fill with zeros or random bytes. */
static ssize_t fill_read(struct pm_file *f, const struct pm_iov *v, size_t len,
			 bool random)
{
	u8 *page = kzalloc(PAGE_SIZE, GFP_KERNEL);
	size_t done = 0;

	(void)f;
	if (!page)
		return -ENOMEM;
	while (done < len) {
		size_t n = min_t(size_t, len - done, PAGE_SIZE);

		if (random)
			pm_get_random_bytes(page, n);
		if (pm_iov_out(v, done, page, n))
			break;
		done += n;
		if (pm_signal_pending())
			break;
	}
	kfree(page);
	return done ? (ssize_t)done : -EFAULT;
}

static ssize_t zero_read(struct pm_file *f, const struct pm_iov *v, size_t len,
			 u64 *pos)
{
	(void)pos;
	return len ? fill_read(f, v, len, false) : 0;
}

static ssize_t random_read(struct pm_file *f, const struct pm_iov *v, size_t len,
			   u64 *pos)
{
	(void)pos;
	return len ? fill_read(f, v, len, true) : 0;
}

/* ---- the table ---- */

/**
 * struct pseudo_ent - one name under /proc, /sys or /dev
 * @path: absolute
 * @mode: S_IF* and permissions
 * @gen: text files: fills the buffer at open
 * @read, @write: devices
 * @rdev: devices: major/minor
 * @big: the text may be long (maps): a larger buffer
 */
struct pseudo_ent {
	const char *path;
	u32 mode;
	int (*gen)(struct pbuf *b);
	ssize_t (*read)(struct pm_file *f, const struct pm_iov *v, size_t len,
			u64 *pos);
	ssize_t (*write)(struct pm_file *f, const struct pm_iov *v, size_t len,
			 u64 *pos);
	u64 rdev;
	bool big;
};

#define DIR_(p)		{ .path = p, .mode = S_IFDIR | 0555 }
#define TXT(p, g)	{ .path = p, .mode = S_IFREG | 0444, .gen = g }
#define DEV(p, r, w, ma, mi) \
	{ .path = p, .mode = S_IFCHR | 0666, .read = r, .write = w, \
	  .rdev = PM_MKDEV(ma, mi) }

static const struct pseudo_ent pseudo[] = {
	DIR_("/proc"),
	DIR_("/proc/self"),
	{ .path = "/proc/self/exe", .mode = S_IFLNK | 0777 },
	{ .path = "/proc/self/maps", .mode = S_IFREG | 0444, .gen = gen_maps,
	  .big = true },
	TXT("/proc/self/status", gen_status),
	DIR_("/proc/self/fd"),
	TXT("/proc/meminfo", gen_meminfo),
	TXT("/proc/cpuinfo", gen_cpuinfo),
	TXT("/proc/stat", gen_stat),
	TXT("/proc/uptime", gen_uptime),
	TXT("/proc/loadavg", gen_loadavg),
	TXT("/proc/pcache", gen_pcache),
	{ .path = "/proc/fit", .mode = S_IFREG | 0444, .gen = gen_fit, .big = true },
	DIR_("/proc/sys"),
	DIR_("/proc/sys/vm"),
	TXT("/proc/sys/vm/overcommit_memory", gen_overcommit),
	DIR_("/sys"),
	DIR_("/sys/devices"),
	DIR_("/sys/devices/system"),
	DIR_("/sys/devices/system/cpu"),
	TXT("/sys/devices/system/cpu/online", gen_online),
	TXT("/sys/devices/system/cpu/possible", gen_possible),
	DIR_("/dev"),
	DEV("/dev/null", null_read, null_write, 1, 3),
	DEV("/dev/zero", zero_read, null_write, 1, 5),
	DEV("/dev/random", random_read, null_write, 1, 8),
	DEV("/dev/urandom", random_read, null_write, 1, 9),
	{ .path = "/dev/tty", .mode = S_IFCHR | 0666, .rdev = PM_MKDEV(5, 0) },
	{ .path = "/dev/console", .mode = S_IFCHR | 0620, .rdev = PM_MKDEV(5, 1) },
	{ .path = "/dev/fd", .mode = S_IFLNK | 0777 },
	{ .path = "/dev/stdin", .mode = S_IFLNK | 0777 },
	{ .path = "/dev/stdout", .mode = S_IFLNK | 0777 },
	{ .path = "/dev/stderr", .mode = S_IFLNK | 0777 },
};

#define FD_DIR		"/proc/self/fd"

/*
 * The fd a path names: /proc/self/fd/N, /dev/fd/N, /dev/std{in,out,err}.
 * Return: the fd, or -1 for any other path.
 */
static int fd_of_path(const char *path)
{
	static const char *const std[] = { "/dev/stdin", "/dev/stdout", "/dev/stderr" };
	const char *n = NULL;
	unsigned int i;
	int fd = 0;

	for (i = 0; i < ARRAY_SIZE(std); i++)
		if (!strcmp(path, std[i]))
			return i;
	if (!strncmp(path, FD_DIR "/", sizeof(FD_DIR)))
		n = path + sizeof(FD_DIR);
	else if (!strncmp(path, "/dev/fd/", 8))
		n = path + 8;
	if (!n || !*n || strlen(n) > 4)
		return -1;
	for (; *n; n++) {
		if (*n < '0' || *n > '9')
			return -1;
		fd = fd * 10 + (*n - '0');
	}
	return fd;
}

/* What an fd's /proc/self/fd link reads: its path, or "pipe:[ino]". */
static int fd_link_text(struct pm_file *f, char *buf, size_t len)
{
	struct pm_kstat st;

	if (f->path[0]) {
		strscpy(buf, f->path, len);
	} else {
		f->ops->stat(f, &st);
		snprintf(buf, len, "%s:[%llu]", S_ISFIFO(st.mode) ? "pipe" : "anon_inode",
			 (unsigned long long)st.ino);
	}
	return strlen(buf);
}

static bool under(const char *path, const char *top)
{
	size_t n = strlen(top);

	return !strncmp(path, top, n) && (path[n] == '\0' || path[n] == '/');
}

/**
 * pm_pseudo_path() - is @path under /proc, /sys or /dev (served by P)?
 * Context: any.
 */
bool pm_pseudo_path(const char *path)
{
	return under(path, "/proc") || under(path, "/sys") || under(path, "/dev");
}

/* "/proc/<own pid>/..." is "/proc/self/...": rewrite into @buf. */
static const char *self_alias(const char *path, char *buf)
{
	struct process *p = current_process();
	char own[24];
	size_t n;

	if (!p)
		return path;
	n = snprintf(own, sizeof(own), "/proc/%d", p->pid);
	if (strncmp(path, own, n) || (path[n] && path[n] != '/'))
		return path;
	snprintf(buf, P2M_PATH_MAX, "/proc/self%s", path + n);
	return buf;
}

static int pseudo_find(const char *path)
{
	char buf[P2M_PATH_MAX];
	unsigned int i;

	path = self_alias(path, buf);
	for (i = 0; i < ARRAY_SIZE(pseudo); i++)
		if (!strcmp(pseudo[i].path, path))
			return i;
	return -ENOENT;
}

static u64 dev_of(const char *path)
{
	if (under(path, "/proc"))
		return PM_DEV_PROC;
	if (under(path, "/sys"))
		return PM_DEV_SYS;
	return PM_DEV_DEVTMPFS;
}

static void fill_stat(int i, struct pm_kstat *st)
{
	memset(st, 0, sizeof(*st));
	st->dev = dev_of(pseudo[i].path);
	st->ino = 100 + i;
	st->nlink = S_ISDIR(pseudo[i].mode) ? 2 : 1;
	st->mode = pseudo[i].mode;
	st->rdev = pseudo[i].rdev;
	st->blksize = PAGE_SIZE;
}

/**
 * pm_pseudo_stat() - stat a pseudo path
 * @path: absolute; /proc/self/exe was resolved by the caller if following
 * @follow: the fd links (/proc/self/fd/N, /dev/stdin...) give the open
 *	file's stat, else the links themselves
 * @st: the result
 * Return: 0 or -ENOENT.
 * Context: process context of a user thread.
 */
int pm_pseudo_stat(const char *path, bool follow, struct pm_kstat *st)
{
	char buf[P2M_PATH_MAX], link[P2M_PATH_MAX];
	struct pm_file *f;
	int i, fd, ret;

	path = self_alias(path, buf);
	fd = fd_of_path(path);
	if (fd >= 0 && !follow) {
		ret = pm_pseudo_readlink(path, link, sizeof(link));
		if (ret < 0)
			return ret;
		memset(st, 0, sizeof(*st));
		st->dev = dev_of(path);
		st->ino = 1000 + fd;
		st->nlink = 1;
		st->mode = S_IFLNK | 0777;
		st->size = ret;
		st->blksize = PAGE_SIZE;
		return 0;
	}
	if (fd >= 0) {		/* followed: the open file's own stat */
		f = pm_fget(fd);
		if (!f)
			return -ENOENT;
		ret = f->ops->stat(f, st);
		pm_file_put(f);
		return ret;
	}
	if (follow && !strcmp(path, "/dev/fd"))
		path = FD_DIR;
	i = pseudo_find(path);
	if (i < 0)
		return i;
	fill_stat(i, st);
	if (S_ISLNK(st->mode))
		st->size = pm_pseudo_readlink(path, link, sizeof(link));
	return 0;
}

/**
 * pm_pseudo_readlink() - the target of a pseudo symlink (/proc/self/exe)
 * Return: its length (no NUL), -EINVAL (not a link) or -ENOENT.
 * Context: process context of a user thread.
 */
int pm_pseudo_readlink(const char *path, char *buf, size_t len)
{
	char tmp[P2M_PATH_MAX];
	struct pm_file *f;
	int i, fd;

	path = self_alias(path, tmp);
	fd = fd_of_path(path);
	if (fd >= 0 && !strncmp(path, "/dev/std", 8)) {
		snprintf(buf, len, FD_DIR "/%d", fd);
		return strlen(buf);
	}
	if (fd >= 0) {
		f = pm_fget(fd);
		if (!f)
			return -ENOENT;
		i = fd_link_text(f, buf, len);
		pm_file_put(f);
		return i;
	}
	i = pseudo_find(path);
	if (i < 0)
		return i;
	if (!S_ISLNK(pseudo[i].mode))
		return -EINVAL;
	strscpy(buf, !strcmp(path, "/dev/fd") ? FD_DIR : current_process()->exe, len);
	return strlen(buf);
}

static ssize_t text_read(struct pm_file *f, const struct pm_iov *v, size_t len,
			 u64 *pos)
{
	size_t n;

	if (*pos >= f->size)
		return 0;
	n = min_t(size_t, len, f->size - *pos);
	if (pm_iov_out(v, 0, f->data + *pos, n))
		return -EFAULT;
	*pos += n;
	return n;
}

static s64 text_size(struct pm_file *f)
{
	return f->size;
}

static int pseudo_fstat(struct pm_file *f, struct pm_kstat *st)
{
	fill_stat(f->pidx, st);
	return 0;
}

/* /proc/self/fd: pos 0 ".", 1 "..", then fd pos - 2 and up. */
static long fddir_getdents(struct pm_file *f, const struct pm_iov *v, size_t len)
{
	char rec[32 + sizeof(struct pm_dirent64)];
	struct pm_dirent64 *d = (void *)rec;
	size_t used = 0, nlen, reclen;
	int fd;

	for (;; f->pos++) {
		memset(rec, 0, sizeof(rec));
		if (f->pos < 2) {
			nlen = f->pos + 1;
			memcpy(d->d_name, "..", nlen);
			d->d_type = S_IFDIR >> 12;
		} else {
			fd = pm_fd_next(f->pos - 2);
			if (fd < 0)
				break;
			f->pos = fd + 2;
			nlen = snprintf(d->d_name, 16, "%d", fd);
			d->d_type = S_IFLNK >> 12;
		}
		reclen = ALIGN(sizeof(*d) + nlen + 1, 8);
		if (used + reclen > len)
			return used ? (long)used : -EINVAL;
		d->d_ino = 1000 + f->pos;
		d->d_off = f->pos + 1;
		d->d_reclen = reclen;
		if (pm_iov_out(v, used, rec, reclen))
			return used ? (long)used : -EFAULT;
		used += reclen;
	}
	return used;
}

/* Directory listing: pos 0 ".", 1 "..", then table index pos - 2. */
static long pdir_getdents(struct pm_file *f, const struct pm_iov *v, size_t len)
{
	const char *dir = pseudo[f->pidx].path;
	size_t dlen = strlen(dir), used = 0;
	char rec[64 + sizeof(struct pm_dirent64)];

	if (!strcmp(dir, FD_DIR))
		return fddir_getdents(f, v, len);

	for (;; f->pos++) {
		struct pm_dirent64 *d = (void *)rec;
		const char *name;
		size_t nlen, reclen;
		u32 mode = S_IFDIR;
		u64 ino = 100 + f->pidx;

		if (f->pos == 0) {
			name = ".";
		} else if (f->pos == 1) {
			name = "..";
		} else if (f->pos - 2 < ARRAY_SIZE(pseudo)) {
			const struct pseudo_ent *e = &pseudo[f->pos - 2];

			if (strncmp(e->path, dir, dlen) || e->path[dlen] != '/' ||
			    strchr(e->path + dlen + 1, '/'))
				continue;
			name = e->path + dlen + 1;
			mode = e->mode;
			ino = 100 + f->pos - 2;
		} else {
			break;
		}
		nlen = strlen(name);
		reclen = ALIGN(sizeof(*d) + nlen + 1, 8);
		if (reclen > sizeof(rec))
			continue;
		if (used + reclen > len)
			return used ? (long)used : -EINVAL;
		memset(rec, 0, reclen);
		d->d_ino = ino;
		d->d_off = f->pos + 1;
		d->d_reclen = reclen;
		d->d_type = (mode & S_IFMT) >> 12;
		memcpy(d->d_name, name, nlen);
		if (pm_iov_out(v, used, rec, reclen))
			return used ? (long)used : -EFAULT;
		used += reclen;
	}
	return used;
}

static const struct pm_file_ops text_ops = {
	.read = text_read,
	.stat = pseudo_fstat,
	.size = text_size,
	.seekable = true,
};

static const struct pm_file_ops pdir_ops = {
	.stat = pseudo_fstat,
	.getdents = pdir_getdents,
	.seekable = true,
};

/* Devices: one ops per pseudo entry would be many; dispatch by index. */
static ssize_t dev_read(struct pm_file *f, const struct pm_iov *v, size_t len,
			u64 *pos)
{
	return pseudo[f->pidx].read(f, v, len, pos);
}

static ssize_t dev_write(struct pm_file *f, const struct pm_iov *v, size_t len,
			 u64 *pos)
{
	return pseudo[f->pidx].write(f, v, len, pos);
}

static s64 dev_size(struct pm_file *f)
{
	(void)f;
	return 0;
}

static const struct pm_file_ops dev_ops = {
	.read = dev_read,
	.write = dev_write,
	.stat = pseudo_fstat,
	.size = dev_size,
	.seekable = true,
};

static int open_text(int i, struct pm_file *f)
{
	struct pbuf b = { .cap = pseudo[i].big ? 65536 : 16384 };
	int ret;

	b.p = kzalloc(b.cap, GFP_KERNEL);
	if (!b.p)
		return -ENOMEM;
	ret = pseudo[i].gen(&b);
	if (ret) {
		kfree(b.p);
		return ret;
	}
	f->data = b.p;
	f->size = b.len;
	return 0;
}

/**
 * pm_pseudo_open() - open a name under /proc, /sys or /dev
 * @path: absolute (/proc/self/exe already resolved by the caller)
 * @flags: open flags
 * @out: the new file (one reference)
 * Return: 0, -ENOENT, -EACCES (writing a read-only file), -EISDIR,
 * -ENOTDIR, -EEXIST (O_CREAT|O_EXCL), -ENOMEM.
 * Context: process context of a user thread.
 */
int pm_pseudo_open(const char *path, u32 flags, struct pm_file **out)
{
	const struct pm_file_ops *ops;
	u32 mode, acc = flags & O_ACCMODE;
	char buf[P2M_PATH_MAX];
	struct pm_file *f;
	int i, ret;

	path = self_alias(path, buf);
	i = fd_of_path(path);
	if (i >= 0) {
		/* TODO: Linux opens the file anew; this shares the description */
		*out = pm_fget(i);
		return *out ? 0 : -ENOENT;
	}
	if (!strcmp(path, "/dev/fd"))
		path = FD_DIR;
	i = pseudo_find(path);
	if (i < 0)
		return (flags & O_CREAT) ? -EACCES : i;
	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return -EEXIST;
	mode = pseudo[i].mode;
	if ((flags & O_DIRECTORY) && !S_ISDIR(mode))
		return -ENOTDIR;
	if (S_ISDIR(mode) && acc != O_RDONLY)
		return -EISDIR;
	if (S_ISCHR(mode) && !pseudo[i].read) {
		*out = pm_console_file(flags);	/* /dev/tty, /dev/console */
		return *out ? 0 : -ENOMEM;
	}
	if (S_ISREG(mode) && acc != O_RDONLY)
		return -EACCES;
	if (S_ISLNK(mode))
		return -ELOOP;	/* only with O_NOFOLLOW: others were resolved */
	ops = S_ISDIR(mode) ? &pdir_ops : S_ISREG(mode) ? &text_ops : &dev_ops;
	f = pm_file_alloc(ops, flags);
	if (!f)
		return -ENOMEM;
	f->pidx = i;
	f->mode = mode;
	f->ino = 100 + i;
	strscpy(f->path, pseudo[i].path, sizeof(f->path));
	if (S_ISREG(mode)) {
		ret = open_text(i, f);
		if (ret) {
			pm_file_put(f);
			return ret;
		}
	}
	*out = f;
	return 0;
}
