// SPDX-License-Identifier: GPL-2.0
/*
 * pcache v1: a set-associative cache of 4 KiB user page lines in reserved
 * DRAM, indexed by user virtual address, tagged by address space (process).
 */
#include <tessera/errno.h>
#include <tessera/fit.h>
#include <tessera/kernel.h>
#include <tessera/memblock.h>
#include <tessera/mm.h>
#include <tessera/param.h>
#include <tessera/printk.h>
#include <tessera/sched.h>
#include <tessera/slab.h>
#include <tessera/spinlock.h>
#include <tessera/string.h>
#include <tessera/wait.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/traps.h>
#include "../pm.h"

#define PCACHE_DEFAULT_SIZE	(16UL << 20)	/* without pcache=: from the buddy allocator */
#define PCACHE_CHUNK_ORDER	10		/* 4 MiB buddy blocks */
#define PCACHE_CHUNK_LINES	(1UL << PCACHE_CHUNK_ORDER)
#define PCACHE_MAX_CHUNKS	256

enum line_state { LINE_FREE, LINE_VALID, LINE_BUSY };

/**
 * struct pcache_line - one 4 KiB line's tag and reverse map
 * @owner: the address space whose page it holds; NULL when free
 * @vaddr: the user page address it caches in @owner (the reverse map: a
 *	line is mapped at most at @vaddr in @owner's page tables)
 * @prot: PM_PROT_* of the page, as M reported it
 * @state: LINE_*; BUSY while being filled, evicted or dropped (no one
 *	else may map or reuse it)
 * @last_use: set-clock value of the last hit, for LRU victim choice
 * @old_owner, @old_vaddr: while an eviction unmaps and writes back the
 *	line's previous contents (state BUSY), their identity: a fault on
 *	it, a drop or a writeback of that range waits until they are on M
 *	(otherwise a refetch could read stale data from M, or the old
 *	address space could be freed under the eviction)
 *
 * All fields are protected by the set's lock.
 */
struct pcache_line {
	struct pm_mm *owner;
	unsigned long vaddr;
	struct pm_mm *old_owner;
	unsigned long old_vaddr;
	u32 prot;
	u32 state;
	u64 last_use;
};

/* @lock protects the set's lines; @clock ticks on every hit or fill. */
struct pcache_set {
	spinlock_t lock;
	u64 clock;
};

/*
 * Threads that find a line BUSY (being filled, evicted, dropped or written
 * back) sleep on the wait queue of its set (hashed) instead of spinning;
 * whoever ends a BUSY period wakes them. A waiter queues itself before it
 * drops the set lock, so a wake-up after that is never lost.
 */
#define PCACHE_NR_WQ		64
static struct wait_queue_head set_wq[PCACHE_NR_WQ];

static unsigned int pcache_ways = 8;
param_uint(pcache.ways, pcache_ways, "pcache associativity (lines per set, default 8)");

static struct pcache_set *sets;
static struct pcache_line *lines;
static unsigned int nr_sets, nr_lines;
static void *chunks[PCACHE_MAX_CHUNKS];	/* line i: chunks[i / CHUNK_LINES] */
static bool from_region;		/* one contiguous memblock region */
static void *region_va;
static struct pcache_stats stats;	/* atomic increments */

static int fit_fetch(struct pm_mm *p, unsigned long vaddr, u32 flags,
		     void *page, u32 *prot);
static int fit_flush(struct pm_mm *p, unsigned long vaddr, const void *page);

static const struct pcache_backend fit_backend = {
	.fetch = fit_fetch,
	.flush = fit_flush,
};
static const struct pcache_backend *backend = &fit_backend;

#define stat_inc(f)	__atomic_fetch_add(&stats.f, 1, __ATOMIC_RELAXED)

static void *line_data(unsigned int i)
{
	if (from_region)
		return region_va + (unsigned long)i * PAGE_SIZE;
	return chunks[i / PCACHE_CHUNK_LINES] + (i % PCACHE_CHUNK_LINES) * PAGE_SIZE;
}

static unsigned int set_of(unsigned long vaddr)
{
	return (vaddr >> PAGE_SHIFT) % nr_sets;
}

static int alloc_lines(void)
{
	unsigned long size = pcache_region_size, i, n;

	if (size >= PAGE_SIZE) {
		from_region = true;
		region_va = __va(pcache_region_base);
		nr_lines = size / PAGE_SIZE;
		pr_info("pcache: %lu KiB reserved at %llx (pcache=)\n", size >> 10,
			(unsigned long long)pcache_region_base);
		return 0;
	}
	n = PCACHE_DEFAULT_SIZE / (PCACHE_CHUNK_LINES * PAGE_SIZE);
	for (i = 0; i < n; i++) {
		chunks[i] = get_free_pages(GFP_ZERO, PCACHE_CHUNK_ORDER);
		if (!chunks[i])
			break;
	}
	if (!i)
		return -ENOMEM;
	nr_lines = i * PCACHE_CHUNK_LINES;
	pr_info("pcache: no pcache= region reserved; took %lu KiB from the page allocator\n",
		(unsigned long)nr_lines * PAGE_SIZE >> 10);
	return 0;
}

/**
 * pcache_init() - set up the line array and sets
 *
 * Return: 0, -EINVAL (pcache.ways is 0 or larger than the line count) or
 * -ENOMEM.
 * Context: boot, process context.
 */
int pcache_init(void)
{
	unsigned int i;
	int ret;

	if (sets)
		return 0;
	ret = alloc_lines();
	if (ret)
		return ret;
	if (!pcache_ways || pcache_ways > nr_lines) {
		pr_err("pcache: bad pcache.ways=%u for %u lines\n", pcache_ways, nr_lines);
		return -EINVAL;
	}
	nr_sets = nr_lines / pcache_ways;
	nr_lines = nr_sets * pcache_ways;
	lines = kcalloc(nr_lines, sizeof(*lines), GFP_ZERO);
	sets = kcalloc(nr_sets, sizeof(*sets), GFP_ZERO);
	if (!lines || !sets) {
		kfree(lines);
		kfree(sets);
		lines = NULL;
		sets = NULL;
		return -ENOMEM;
	}
	for (i = 0; i < nr_sets; i++)
		spin_lock_init(&sets[i].lock);
	for (i = 0; i < PCACHE_NR_WQ; i++)
		init_waitqueue_head(&set_wq[i]);
	pr_info("pcache: %u sets x %u ways of 4 KiB lines\n", nr_sets, pcache_ways);
	return 0;
}

/** pcache_ready() - whether pcache_init() succeeded. Context: any. */
bool pcache_ready(void)
{
	return sets != NULL;
}

/** pcache_nr_sets() - number of sets. Context: any. */
unsigned int pcache_nr_sets(void)
{
	return nr_sets;
}

/** pcache_nr_ways() - lines per set. Context: any. */
unsigned int pcache_nr_ways(void)
{
	return nr_sets ? pcache_ways : 0;
}

/**
 * pcache_set_backend() - replace where lines are fetched from and flushed to
 * @b: the new backend, or NULL for the FIT backend (M over fit_call())
 *
 * For tests and benchmarks; call with no user process running.
 * Return: the previous backend.
 * Context: process context.
 */
const struct pcache_backend *pcache_set_backend(const struct pcache_backend *b)
{
	const struct pcache_backend *old = backend;

	backend = b ? b : &fit_backend;
	return old;
}

/** pcache_get_stats() - copy the counters into @s. Context: any. */
void pcache_get_stats(struct pcache_stats *s)
{
	s->hits = __atomic_load_n(&stats.hits, __ATOMIC_RELAXED);
	s->misses = __atomic_load_n(&stats.misses, __ATOMIC_RELAXED);
	s->zero_fills = __atomic_load_n(&stats.zero_fills, __ATOMIC_RELAXED);
	s->evictions = __atomic_load_n(&stats.evictions, __ATOMIC_RELAXED);
	s->flushes = __atomic_load_n(&stats.flushes, __ATOMIC_RELAXED);
	s->refused = __atomic_load_n(&stats.refused, __ATOMIC_RELAXED);
	s->errors = __atomic_load_n(&stats.errors, __ATOMIC_RELAXED);
}

/** pcache_show_stats() - print the counters. Context: process context. */
void pcache_show_stats(void)
{
	struct pcache_stats s;

	pcache_get_stats(&s);
	pr_info("pcache: hits %llu misses %llu zero-fills %llu evictions %llu flushes %llu refused %llu errors %llu\n",
		(unsigned long long)s.hits, (unsigned long long)s.misses,
		(unsigned long long)s.zero_fills, (unsigned long long)s.evictions,
		(unsigned long long)s.flushes, (unsigned long long)s.refused,
		(unsigned long long)s.errors);
}

/**
 * pcache_lines_of() - how many lines @p holds (valid or busy)
 * @p: an address space
 * Context: any; a snapshot.
 */
unsigned int pcache_lines_of(struct pm_mm *p)
{
	unsigned int i, n = 0;

	for (i = 0; i < nr_lines; i++)
		if (READ_ONCE(lines[i].owner) == p || READ_ONCE(lines[i].old_owner) == p)
			n++;
	return n;
}

/**
 * pcache_lines_used() - how many lines are owned by any address space
 * Context: any; a snapshot (the leak checks compare it with 0 at exit).
 */
unsigned int pcache_lines_used(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < nr_lines; i++)
		if (READ_ONCE(lines[i].owner))
			n++;
	return n;
}

static struct wait_queue_head *wq_of(struct pcache_set *s)
{
	return &set_wq[(s - sets) % PCACHE_NR_WQ];
}

/* @s is locked (irqsave, @irq) and something in it is BUSY: sleep until
 * a BUSY period of the set ends. Returns with @s unlocked. */
static void wait_set_unlock(struct pcache_set *s, unsigned long irq)
{
	struct wait_queue_entry w;

	init_wait_entry(&w, 0);
	prepare_to_wait(wq_of(s), &w, TASK_UNINTERRUPTIBLE);
	spin_unlock_irqrestore(&s->lock, irq);
	schedule();
	finish_wait(wq_of(s), &w);
}

/* A BUSY period of set @s ended (its lock already released). */
static void wake_set(struct pcache_set *s)
{
	wake_up_all(wq_of(s));
}

static bool access_allowed(u32 prot, unsigned long err)
{
	if ((err & X86_PF_WRITE) && !(prot & PM_PROT_WRITE))
		return false;
	if ((err & X86_PF_INSTR) && !(prot & PM_PROT_EXEC))
		return false;
	return prot != 0;
}

/* Unmap an evicted or dropped line from its owner; write it back if dirty. */
static void line_release(struct pm_mm *owner, unsigned long vaddr,
			 unsigned int idx, bool writeback)
{
	u64 pte = pm_unmap_page(owner, vaddr);

	if (!writeback || !(pte & _PAGE_DIRTY))
		return;
	if (backend->flush(owner, vaddr, line_data(idx)) < 0)
		stat_inc(errors);
	else
		stat_inc(flushes);
}

/* Choose a way for a fill in @s (locked): a free line, else the LRU valid one. */
static int pick_victim(unsigned int set)
{
	unsigned int base = set * pcache_ways, i;
	int best = -1;

	for (i = base; i < base + pcache_ways; i++) {
		if (lines[i].state == LINE_FREE)
			return i;
		if (lines[i].state == LINE_VALID &&
		    (best < 0 || lines[i].last_use < lines[best].last_use))
			best = i;
	}
	return best;
}

static int fill_line(struct pm_mm *p, unsigned long va, unsigned int idx,
		     unsigned long err, struct pcache_set *s)
{
	u32 flags = 0, prot = 0;
	unsigned long irq;
	int ret;

	if (err & X86_PF_WRITE)
		flags |= P2M_MISS_WRITE;
	if (err & X86_PF_INSTR)
		flags |= P2M_MISS_EXEC;
	ret = backend->fetch(p, va, flags, line_data(idx), &prot);
	spin_lock_irqsave(&s->lock, irq);
	if (ret < 0 || !access_allowed(prot, err)) {
		lines[idx].owner = NULL;
		lines[idx].state = LINE_FREE;
		spin_unlock_irqrestore(&s->lock, irq);
		wake_set(s);
		if (ret >= 0)
			ret = -EACCES;
		if (ret == -EFAULT || ret == -EACCES)
			stat_inc(refused);
		else
			stat_inc(errors);
		return ret;
	}
	if (ret == 1) {
		memset(line_data(idx), 0, PAGE_SIZE);
		stat_inc(zero_fills);
	} else {
		stat_inc(misses);
	}
	lines[idx].prot = prot;
	lines[idx].state = LINE_VALID;
	lines[idx].last_use = ++s->clock;
	ret = pm_map_page(p, va, __pa(line_data(idx)), prot);
	spin_unlock_irqrestore(&s->lock, irq);
	wake_set(s);
	return ret;
}

/**
 * pcache_fault() - bring user page @vaddr of @p in and map it
 * @p: the faulting process
 * @vaddr: the faulting user address
 * @err: the #PF error code (X86_PF_*)
 *
 * Hit: map the line. Miss: take a free way or evict the LRU one (unmap
 * through the reverse map, TLB shootdown, write back if dirty), then fetch
 * from the backend (M's P2M_PCACHE_MISS; a zero reply fills locally).
 * Return: 0, -EFAULT/-EACCES (the process gets SIGSEGV) or -ENOMEM.
 * Context: process context, interrupts on; sleeps on a miss.
 */
int pcache_fault(struct pm_mm *p, unsigned long vaddr, unsigned long err)
{
	unsigned long va = vaddr & ~(PAGE_SIZE - 1), irq;
	unsigned int set = set_of(va), base = set * pcache_ways, i;
	struct pcache_set *s = &sets[set];
	struct pm_mm *old_owner;
	unsigned long old_va;
	int idx, ret;

retry:
	spin_lock_irqsave(&s->lock, irq);
	for (i = base; i < base + pcache_ways; i++) {
		if (lines[i].old_owner == p && lines[i].old_vaddr == va) {
			/* its old contents are still on their way to M */
			wait_set_unlock(s, irq);
			goto retry;
		}
		if (lines[i].owner != p || lines[i].vaddr != va)
			continue;
		if (lines[i].state == LINE_BUSY) {
			wait_set_unlock(s, irq);
			goto retry;
		}
		if (!access_allowed(lines[i].prot, err)) {
			spin_unlock_irqrestore(&s->lock, irq);
			return -EACCES;
		}
		lines[i].last_use = ++s->clock;
		ret = pm_map_page(p, va, __pa(line_data(i)), lines[i].prot);
		spin_unlock_irqrestore(&s->lock, irq);
		stat_inc(hits);
		return ret;
	}
	idx = pick_victim(set);
	if (idx < 0) {		/* every way is being filled or evicted */
		wait_set_unlock(s, irq);
		goto retry;
	}
	old_owner = lines[idx].owner;
	old_va = lines[idx].vaddr;
	lines[idx].owner = p;
	lines[idx].vaddr = va;
	lines[idx].old_owner = old_owner;
	lines[idx].old_vaddr = old_va;
	lines[idx].state = LINE_BUSY;
	spin_unlock_irqrestore(&s->lock, irq);
	if (old_owner) {
		line_release(old_owner, old_va, idx, true);
		stat_inc(evictions);
		spin_lock_irqsave(&s->lock, irq);
		lines[idx].old_owner = NULL;
		spin_unlock_irqrestore(&s->lock, irq);
		wake_set(s);
	}
	return fill_line(p, va, idx, err, s);
}

/* Whether line @i may hold (or be evicting) a page of @p (at @va if not 0). */
static bool line_may_hold(unsigned int i, struct pm_mm *p, unsigned long va)
{
	if (READ_ONCE(lines[i].owner) == p &&
	    (!va || READ_ONCE(lines[i].vaddr) == va))
		return true;
	return READ_ONCE(lines[i].old_owner) == p &&
	       (!va || READ_ONCE(lines[i].old_vaddr) == va);
}

static void drop_line(struct pm_mm *p, unsigned int idx, unsigned long start,
		      unsigned long end, bool writeback)
{
	struct pcache_set *s = &sets[idx / pcache_ways];
	struct pcache_line *l = &lines[idx];
	unsigned long irq, va;

again:
	spin_lock_irqsave(&s->lock, irq);
	if (l->old_owner == p && l->old_vaddr >= start && l->old_vaddr < end) {
		wait_set_unlock(s, irq);	/* eviction in flight */
		goto again;
	}
	if (l->owner != p || l->vaddr < start || l->vaddr >= end) {
		spin_unlock_irqrestore(&s->lock, irq);
		return;
	}
	if (l->state == LINE_BUSY) {
		wait_set_unlock(s, irq);
		goto again;
	}
	l->state = LINE_BUSY;
	va = l->vaddr;
	spin_unlock_irqrestore(&s->lock, irq);
	line_release(p, va, idx, writeback);
	spin_lock_irqsave(&s->lock, irq);
	l->owner = NULL;
	l->state = LINE_FREE;
	spin_unlock_irqrestore(&s->lock, irq);
	wake_set(s);
}

/**
 * pcache_drop_range() - drop @p's lines in [@start, @end)
 * @p: the process
 * @start: page-aligned user address
 * @end: end (exclusive)
 * @writeback: write dirty lines back first (mprotect, mremap); false for
 *	munmap, MADV_DONTNEED and exit, where the data is discarded
 *
 * Context: process context, interrupts on; may sleep when writing back.
 */
void pcache_drop_range(struct pm_mm *p, unsigned long start, unsigned long end,
		       bool writeback)
{
	unsigned long va;
	unsigned int i, set;

	if (!sets || start >= end)
		return;
	if ((end - start) / PAGE_SIZE < nr_sets) {
		for (va = start; va < end; va += PAGE_SIZE) {
			set = set_of(va);
			for (i = set * pcache_ways; i < (set + 1) * pcache_ways; i++)
				if (line_may_hold(i, p, va))
					drop_line(p, i, start, end, writeback);
		}
		return;
	}
	for (i = 0; i < nr_lines; i++)
		if (line_may_hold(i, p, 0))
			drop_line(p, i, start, end, writeback);
}

/* Write one line back if its page is dirty; it stays cached and mapped. */
static void writeback_line(struct pm_mm *p, unsigned int idx, unsigned long start,
			   unsigned long end)
{
	struct pcache_set *s = &sets[idx / pcache_ways];
	struct pcache_line *l = &lines[idx];
	unsigned long irq, va;

again:
	spin_lock_irqsave(&s->lock, irq);
	if ((l->old_owner == p && l->old_vaddr >= start && l->old_vaddr < end) ||
	    (l->owner == p && l->state == LINE_BUSY)) {
		wait_set_unlock(s, irq);
		goto again;
	}
	if (l->owner != p || l->state != LINE_VALID || l->vaddr < start ||
	    l->vaddr >= end) {
		spin_unlock_irqrestore(&s->lock, irq);
		return;
	}
	l->state = LINE_BUSY;	/* not evicted or dropped meanwhile */
	va = l->vaddr;
	spin_unlock_irqrestore(&s->lock, irq);
	/* Clean first: writes after the shootdown set the dirty bit again. */
	if (pm_clear_dirty(p, va) & _PAGE_DIRTY) {
		if (backend->flush(p, va, line_data(idx)) < 0)
			stat_inc(errors);
		else
			stat_inc(flushes);
	}
	spin_lock_irqsave(&s->lock, irq);
	l->state = LINE_VALID;
	spin_unlock_irqrestore(&s->lock, irq);
	wake_set(s);
}

/**
 * pcache_writeback_range() - write @p's dirty lines in [@start, @end) back
 *	to the backend, keeping them cached (clean)
 * @p: the address space
 * @start: page-aligned user address
 * @end: end (exclusive)
 *
 * Also waits for evictions of @p's lines in the range that are still
 * writing back, so the backend has current data when this returns (fork).
 * Context: process context, interrupts on; sleeps.
 */
void pcache_writeback_range(struct pm_mm *p, unsigned long start, unsigned long end)
{
	unsigned int i;

	if (!sets || start >= end)
		return;
	for (i = 0; i < nr_lines; i++)
		if (line_may_hold(i, p, 0))
			writeback_line(p, i, start, end);
}

/* ---- the FIT backend: M over fit_call() ------------------------------ */

static int fit_fetch(struct pm_mm *p, unsigned long vaddr, u32 flags,
		     void *page, u32 *prot)
{
	struct p2m_miss_req req = { .pid = p->id, .flags = flags, .vaddr = vaddr };
	struct p2m_miss_reply *reply = kmalloc(sizeof(*reply), GFP_KERNEL);
	int ret;

	if (!reply)
		return -ENOMEM;
	ret = fit_call(p->mem_node, P2M_PCACHE_MISS, &req, sizeof(req), reply,
		       sizeof(*reply), 0);
	if (ret < 0)
		goto out;
	*prot = reply->prot;
	if (ret >= 8 && (reply->flags & P2M_MISS_ZERO)) {
		ret = 1;
	} else if (ret == sizeof(*reply)) {
		memcpy(page, reply->data, PAGE_SIZE);	/* TODO: receive in place */
		ret = 0;
	} else {
		ret = -EIO;
	}
out:
	kfree(reply);
	return ret;
}

static int fit_flush(struct pm_mm *p, unsigned long vaddr, const void *page)
{
	struct p2m_flush_req *req = kmalloc(sizeof(*req), GFP_KERNEL);
	int ret;

	if (!req)
		return -ENOMEM;
	req->pid = p->id;
	req->_pad = 0;
	req->vaddr = vaddr;
	memcpy(req->data, page, PAGE_SIZE);
	ret = fit_call(p->mem_node, P2M_PCACHE_FLUSH, req, sizeof(*req), NULL, 0, 0);
	kfree(req);
	return ret < 0 ? ret : 0;
}
