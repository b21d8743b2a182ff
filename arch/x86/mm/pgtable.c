// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel half of the page tables: paging_init() builds the direct map of
 * RAM with the largest pages the CPU has and maps the kernel image W^X per
 * section; map/unmap/protect/lookup edit single 4 KiB kernel pages after.
 * Documentation/memory-layout.md describes the layout and the rules.
 */
#define pr_fmt(fmt) "pgtable: " fmt

#include <tessera/bug.h>
#include <tessera/err.h>
#include <tessera/kernel.h>
#include <tessera/memblock.h>
#include <tessera/mm.h>
#include <tessera/printk.h>
#include <tessera/spinlock.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/tlbflush.h>

/* Table levels, counted from the leaves: 1 = PTE (4 KiB) ... 4 = PML4. */
#define PT_PTE			1
#define PT_PMD			2
#define PT_PUD			3
#define PT_PGD			4

/* An entry that points at a next-level table: the leaf decides W and X. */
#define _PAGE_TABLE		(_PAGE_PRESENT | _PAGE_RW)

/* CPUID 0x80000001 EDX feature bits. */
#define CPUID_EXT_NX		(1U << 20)
#define CPUID_EXT_PDPE1GB	(1U << 26)

/*
 * The first 1 MiB is direct-mapped whole, holes included: the VGA text
 * buffer, the BIOS data areas and boot modules GRUB puts there under UEFI
 * are reached through __va().
 */
#define LEGACY_END		0x100000UL

phys_addr_t kernel_pgd_phys;

/*
 * Set once by paging_init(), read-only after. Without NX the bit is
 * reserved, so supported_pte_mask strips it from every entry we write.
 */
static bool has_nx;
static bool has_gbpages;
static unsigned int phys_bits = 36;
static pteval_t supported_pte_mask = ~0UL;

/* Direct-map leaves written by paging_init() per level, for the boot log. */
static unsigned long nr_leaves[PT_PUD + 1];

/*
 * Locking: every edit of a kernel table runs under pgtable_lock, taken
 * with interrupts saved, so neither another CPU nor an interrupt sees a
 * half-made change. TLB flushes run after it is dropped (a shootdown that
 * waits for other CPUs must not wait with the lock held and interrupts
 * off). Tables are never freed, which lets lookup_kernel_address() walk
 * them without it.
 */
static DEFINE_SPINLOCK(pgtable_lock);

static unsigned int level_shift(int level)
{
	return PAGE_SHIFT + 9 * (level - 1);
}

static unsigned int pt_index(unsigned long va, int level)
{
	return (va >> level_shift(level)) & (PTRS_PER_TABLE - 1);
}

static pteval_t *table_of(pteval_t entry)
{
	return __va(entry & PTE_ADDR_MASK);
}

static bool is_canonical(unsigned long va)
{
	return (unsigned long)((long)(va << 16) >> 16) == va;
}

/*
 * A zeroed page for a new table: from memblock until the buddy allocator
 * owns memory, below EARLY_MAP_SIZE so the boot tables' direct map covers
 * it while paging_init() fills it in.
 */
static int alloc_table(phys_addr_t *pa)
{
	void *page;

	if (!page_alloc_ready()) {
		*pa = memblock_alloc(PAGE_SIZE, PAGE_SIZE, EARLY_MAP_SIZE);
		return 0;
	}
	page = get_free_page(GFP_ZERO);
	if (!page)
		return -ENOMEM;
	*pa = __pa(page);
	return 0;
}

/*
 * walk() - find the entry for @va at @level, starting at the kernel PML4
 *
 * Missing tables on the way are allocated if @alloc, else -ENOENT. A large
 * page above @level gives -EINVAL: it is never split here.
 * Context: pgtable_lock held when @alloc.
 */
static pteval_t *walk(unsigned long va, int level, bool alloc)
{
	pteval_t *table = __va(kernel_pgd_phys);
	phys_addr_t pa;
	int l, err;

	for (l = PT_PGD; l > level; l--) {
		pteval_t *e = &table[pt_index(va, l)];
		pteval_t v = READ_ONCE(*e);

		if (!(v & _PAGE_PRESENT)) {
			if (!alloc)
				return ERR_PTR(-ENOENT);
			err = alloc_table(&pa);
			if (err)
				return ERR_PTR(err);
			v = pa | _PAGE_TABLE;
			WRITE_ONCE(*e, v);
		} else if (v & _PAGE_PSE) {
			return ERR_PTR(-EINVAL);
		}
		table = table_of(v);
	}
	return &table[pt_index(va, level)];
}

/*
 * Drop @va's TLB entry on every online CPU (global ones too), after
 * pgtable_lock is dropped. The shootdown lives in arch/x86/kernel/smp/;
 * weak until that is linked in, and until then only this CPU's entry goes.
 */
extern void flush_tlb_kernel_range(unsigned long start, unsigned long end) __weak;

static void flush_tlb_kernel_page(unsigned long va)
{
	if (flush_tlb_kernel_range)
		flush_tlb_kernel_range(va, va + PAGE_SIZE);
	else
		invlpg(va);
}

static int check_kernel_va(unsigned long va)
{
	if (!is_kernel_half(va) || !IS_ALIGNED(va, PAGE_SIZE))
		return -EINVAL;
	if (WARN_ONCE(!kernel_pgd_phys, "pgtable: kernel page edited before paging_init()\n"))
		return -EAGAIN;
	return 0;
}

/* A kernel leaf must be present, have only known bits and never be W+X. */
static int check_prot(pteval_t prot)
{
	if (!(prot & _PAGE_PRESENT) || (prot & ~PAGE_KERNEL_PROT_MASK))
		return -EINVAL;
	if ((prot & _PAGE_RW) && !(prot & _PAGE_NX))
		return -EINVAL;
	return 0;
}

/**
 * map_kernel_page() - map one 4 KiB kernel page
 * @va: kernel-half virtual address, page aligned
 * @pa: physical address, page aligned, below the CPU's physical limit
 * @prot: PAGE_KERNEL, PAGE_KERNEL_RO, PAGE_KERNEL_EXEC or PAGE_KERNEL_IO
 *
 * Intermediate tables are allocated as needed and never freed. No TLB
 * flush is needed: x86 does not cache not-present entries.
 * Context: any; does not sleep. Takes pgtable_lock (interrupts off).
 * Return: 0; -EINVAL for a bad @va, @pa or @prot (W+X included) or a @va
 * inside a large page; -EEXIST if @va is mapped; -ENOMEM.
 */
int map_kernel_page(unsigned long va, phys_addr_t pa, pteval_t prot)
{
	unsigned long flags;
	pteval_t *pte;
	int err;

	err = check_kernel_va(va);
	if (!err)
		err = check_prot(prot);
	if (!err && ((pa & ~PTE_ADDR_MASK) || (pa >> phys_bits)))
		err = -EINVAL;
	if (err)
		return err;

	spin_lock_irqsave(&pgtable_lock, flags);
	pte = walk(va, PT_PTE, true);
	if (IS_ERR(pte))
		err = PTR_ERR(pte);
	else if (READ_ONCE(*pte) & _PAGE_PRESENT)
		err = -EEXIST;
	else
		WRITE_ONCE(*pte, pa | (prot & supported_pte_mask));
	spin_unlock_irqrestore(&pgtable_lock, flags);
	return err;
}

/**
 * unmap_kernel_page() - remove one 4 KiB kernel mapping
 * @va: kernel-half virtual address, page aligned
 *
 * The page itself is not freed; that is the caller's. Its TLB entry is
 * flushed before return.
 * Context: any; does not sleep. Takes pgtable_lock (interrupts off).
 * Return: 0; -ENOENT if @va is not mapped; -EINVAL for a bad @va or one
 * inside a large page.
 */
int unmap_kernel_page(unsigned long va)
{
	unsigned long flags;
	pteval_t *pte;
	int err;

	err = check_kernel_va(va);
	if (err)
		return err;

	spin_lock_irqsave(&pgtable_lock, flags);
	pte = walk(va, PT_PTE, false);
	if (IS_ERR(pte))
		err = PTR_ERR(pte);
	else if (!(READ_ONCE(*pte) & _PAGE_PRESENT))
		err = -ENOENT;
	else
		WRITE_ONCE(*pte, 0);
	spin_unlock_irqrestore(&pgtable_lock, flags);
	if (!err)
		flush_tlb_kernel_page(va);
	return err;
}

/**
 * protect_kernel_page() - change the protection of a mapped 4 KiB page
 * @va: kernel-half virtual address, page aligned
 * @prot: the new protection, as for map_kernel_page()
 *
 * Context: any; does not sleep. Takes pgtable_lock (interrupts off).
 * Return: 0; -ENOENT if @va is not mapped; -EINVAL for a bad @va or
 * @prot (W+X included) or a @va inside a large page.
 */
int protect_kernel_page(unsigned long va, pteval_t prot)
{
	unsigned long flags;
	pteval_t *pte, old;
	int err;

	err = check_kernel_va(va);
	if (!err)
		err = check_prot(prot);
	if (err)
		return err;

	spin_lock_irqsave(&pgtable_lock, flags);
	pte = walk(va, PT_PTE, false);
	if (IS_ERR(pte)) {
		err = PTR_ERR(pte);
	} else {
		old = READ_ONCE(*pte);
		if (!(old & _PAGE_PRESENT))
			err = -ENOENT;
		else
			WRITE_ONCE(*pte, (old & PTE_ADDR_MASK) | (prot & supported_pte_mask));
	}
	spin_unlock_irqrestore(&pgtable_lock, flags);
	if (!err)
		flush_tlb_kernel_page(va);
	return err;
}

/**
 * lookup_kernel_address() - find the leaf entry that maps an address
 * @va: any virtual address; the walk starts at the kernel PML4, whose
 *	user half is empty
 * @size: if not NULL, receives the leaf's size (PAGE_SIZE, PMD_SIZE or
 *	PUD_SIZE), or 0 when unmapped
 *
 * Context: any; lockless (tables are never freed).
 * Return: the leaf entry, or 0 if @va is unmapped or not canonical.
 */
pteval_t lookup_kernel_address(unsigned long va, unsigned long *size)
{
	pteval_t *table, v;
	int l;

	if (size)
		*size = 0;
	if (!kernel_pgd_phys || !is_canonical(va))
		return 0;

	table = __va(kernel_pgd_phys);
	for (l = PT_PGD; ; l--) {
		v = READ_ONCE(table[pt_index(va, l)]);
		if (!(v & _PAGE_PRESENT))
			return 0;
		if (l == PT_PTE || (l != PT_PGD && (v & _PAGE_PSE)))
			break;
		table = table_of(v);
	}
	if (size)
		*size = 1UL << level_shift(l);
	return v;
}

/**
 * pgtable_has_nx() - whether execute-disable is in use
 *
 * Context: any.
 * Return: true if the CPU has NX and paging_init() enabled it.
 */
bool pgtable_has_nx(void)
{
	return has_nx;
}

/**
 * pgtable_has_gbpages() - whether the direct map may use 1 GiB pages
 *
 * Context: any.
 * Return: true if the CPU reports pdpe1gb (CPUID 0x80000001 EDX bit 26).
 */
bool pgtable_has_gbpages(void)
{
	return has_gbpages;
}

/* NX (enabled in EFER if the boot code did not), 1 GiB pages, MAXPHYADDR. */
static void probe_cpu_features(void)
{
	u32 max, a, b, c, d;
	u64 efer;

	cpuid(0x80000000, &max, &b, &c, &d);
	if (max >= 0x80000001) {
		cpuid(0x80000001, &a, &b, &c, &d);
		has_nx = d & CPUID_EXT_NX;
		has_gbpages = d & CPUID_EXT_PDPE1GB;
	}
	if (max >= 0x80000008) {
		cpuid(0x80000008, &a, &b, &c, &d);
		if ((a & 0xff) >= 32 && (a & 0xff) <= 52)
			phys_bits = a & 0xff;
	}

	if (!has_nx) {
		pr_err("CPU has no execute-disable (NX): W^X cannot be enforced\n");
		supported_pte_mask &= ~_PAGE_NX;
		return;
	}
	efer = rdmsr(MSR_EFER);
	if (!(efer & EFER_NXE)) {
		pr_warn("EFER.NXE was off after boot; enabling it\n");
		wrmsr(MSR_EFER, efer | EFER_NXE);
	}
}

/* The largest leaf level that fits at @pa with @end - @pa bytes left. */
static int leaf_level(phys_addr_t pa, phys_addr_t end)
{
	if (has_gbpages && IS_ALIGNED(pa, PUD_SIZE) && end - pa >= PUD_SIZE)
		return PT_PUD;
	if (IS_ALIGNED(pa, PMD_SIZE) && end - pa >= PMD_SIZE)
		return PT_PMD;
	return PT_PTE;
}

/* Direct-map [@pa, @end) at PAGE_OFFSET + pa with @prot, largest pages first. */
static void map_linear(phys_addr_t pa, phys_addr_t end, pteval_t prot)
{
	while (pa < end) {
		int level = leaf_level(pa, end);
		pteval_t *e = walk(PAGE_OFFSET + pa, level, true);

		if (!WARN(IS_ERR(e) || *e, "pgtable: %#llx mapped twice\n",
			  (unsigned long long)pa)) {
			*e = (pa | prot | (level > PT_PTE ? _PAGE_PSE : 0)) & supported_pte_mask;
			nr_leaves[level]++;
		}
		pa += 1UL << level_shift(level);
	}
}

/*
 * Direct-map RAM [@start, @end). The alias of the kernel's text and rodata
 * is read-only, so the image cannot be patched through the direct map.
 */
static void map_direct_range(phys_addr_t start, phys_addr_t end)
{
	phys_addr_t ro_start = clamp(__pa_symbol(ALIGN_DOWN((unsigned long)_text, PAGE_SIZE)),
				     start, end);
	phys_addr_t ro_end = clamp(__pa_symbol(ALIGN_DOWN((unsigned long)_data, PAGE_SIZE)),
				   ro_start, end);

	map_linear(start, ro_start, PAGE_KERNEL);
	map_linear(ro_start, ro_end, PAGE_KERNEL_RO);
	map_linear(ro_end, end, PAGE_KERNEL);
}

/*
 * The direct map: the legacy first MiB whole, then every usable RAM range
 * memblock knows, page aligned, adjacent ranges merged so large pages can
 * cross their seams. Holes above 1 MiB (MMIO, firmware) stay unmapped:
 * they are reached with ioremap(), never with a cacheable alias.
 */
static void map_direct(phys_addr_t ram_end)
{
	phys_addr_t start = 0, end = min_t(phys_addr_t, LEGACY_END, ram_end);
	unsigned int i;

	for (i = 0; i < memblock_memory.cnt; i++) {
		const struct memblock_region *r = &memblock_memory.regions[i];
		phys_addr_t s = max_t(phys_addr_t, ALIGN(r->base, PAGE_SIZE), LEGACY_END);
		phys_addr_t e = min_t(phys_addr_t, ALIGN_DOWN(r->base + r->size, PAGE_SIZE),
				      ram_end);

		if (s >= e)
			continue;
		if (s > end) {
			map_direct_range(start, end);
			start = s;
		}
		end = max(end, e);
	}
	map_direct_range(start, end);
}

/* Map [@start, @end) of the image at KERNEL_VMA + phys with 4 KiB pages. */
static void map_image_range(unsigned long start, unsigned long end, pteval_t prot)
{
	unsigned long va;
	pteval_t *e;

	for (va = start; va < end; va += PAGE_SIZE) {
		e = walk(va, PT_PTE, true);
		if (!WARN_ON(IS_ERR(e)))
			*e = (__pa_symbol(va) | prot) & supported_pte_mask;
	}
}

/*
 * The kernel image, W^X: .text read-only executable, everything up to
 * .data (that is .rodata) read-only NX, .data and .bss read-write NX. A
 * page shared by two sections takes the protection that keeps the kernel
 * running (text wins over rodata, data over rodata) and is reported.
 */
static void map_image(void)
{
	unsigned long text = ALIGN_DOWN((unsigned long)_text, PAGE_SIZE);
	unsigned long etext = ALIGN((unsigned long)_etext, PAGE_SIZE);
	unsigned long data = ALIGN_DOWN((unsigned long)_data, PAGE_SIZE);
	unsigned long end = ALIGN((unsigned long)_end, PAGE_SIZE);

	WARN(etext > (unsigned long)_rodata || ALIGN((unsigned long)_erodata, PAGE_SIZE) > data ||
	     etext > data, "pgtable: kernel sections share pages; check the linker script\n");
	data = max(etext, data);
	map_image_range(text, etext, PAGE_KERNEL_EXEC);
	map_image_range(etext, data, PAGE_KERNEL_RO);
	map_image_range(data, end, PAGE_KERNEL);
	pr_info("kernel image at %#lx: text %lu KiB RX, rodata %lu KiB R, data+bss %lu KiB RW\n",
		text, (etext - text) >> 10, (data - etext) >> 10, (end - data) >> 10);
}

/*
 * Give the vmalloc range its PML4 entries now, so the kernel half of the
 * PML4 never changes after boot and a future user address space can copy
 * entries 256..511 once.
 */
static void prealloc_vmalloc_tables(void)
{
	unsigned long va;

	for (va = VMALLOC_START; va < VMALLOC_END; va += 1UL << PGDIR_SHIFT)
		WARN_ON(IS_ERR(walk(va, PT_PUD, true)));
}

struct desc_ptr {
	u16 limit;
	unsigned long base;
} __packed;

/* Panic with a reason instead of triple-faulting on the switch. */
static void check_mapped(const char *what, unsigned long va, bool write, bool exec)
{
	pteval_t e = lookup_kernel_address(va, NULL);

	if (!e || (write && !(e & _PAGE_RW)) || (exec && (e & _PAGE_NX)))
		panic("pgtable: %s at %#lx is not %s in the new page tables; it must live in the kernel image",
		      what, va, write ? "writable" : exec ? "executable" : "mapped");
}

static void check_switch_is_safe(unsigned long caller)
{
	struct desc_ptr gdt, idt;
	unsigned long sp;

	__asm__ __volatile__("mov %%rsp, %0" : "=r"(sp));
	__asm__ __volatile__("sgdt %0" : "=m"(gdt));
	__asm__ __volatile__("sidt %0" : "=m"(idt));
	check_mapped("the stack", sp, true, false);
	check_mapped("paging_init()", (unsigned long)paging_init, false, true);
	check_mapped("its caller", caller, false, true);
	check_mapped("the GDT", gdt.base, false, false);
	if (idt.limit)
		check_mapped("the IDT", idt.base, false, false);
}

/* CR0.WP makes read-only pages read-only for the kernel too. */
static void load_kernel_pgd(void)
{
	unsigned long cr4 = read_cr4();

	write_cr0(read_cr0() | X86_CR0_WP);
	write_cr4(cr4 & ~X86_CR4_PGE);	/* flushes global entries too */
	write_cr3(kernel_pgd_phys);
	write_cr4(cr4 | X86_CR4_PGE);	/* and once more under the new CR3 */
}

/**
 * paging_init() - build the final kernel page tables and switch to them
 *
 * Maps all RAM below memblock_end_of_ram() at PAGE_OFFSET (RW, NX, global,
 * 1 GiB/2 MiB pages where alignment allows), the kernel image W^X at
 * KERNEL_VMA, and nothing in the user half: the boot identity map and
 * .boot are gone afterwards. Enables NX, CR4.PGE and CR0.WP.
 * Context: boot CPU, interrupts off, after memblock_init().
 */
void paging_init(void)
{
	phys_addr_t ram_end = memblock_end_of_ram();

	if (WARN(kernel_pgd_phys, "pgtable: paging_init() called twice\n"))
		return;
	probe_cpu_features();
	if (ram_end > DIRECT_MAP_SIZE) {
		pr_warn("RAM above %#llx is not mapped (direct map is full)\n",
			(unsigned long long)DIRECT_MAP_SIZE);
		ram_end = DIRECT_MAP_SIZE;
	}

	kernel_pgd_phys = memblock_alloc(PAGE_SIZE, PAGE_SIZE, EARLY_MAP_SIZE);
	map_direct(ram_end);
	map_image();
	prealloc_vmalloc_tables();
	check_switch_is_safe((unsigned long)__builtin_return_address(0));
	load_kernel_pgd();

	pr_info("direct map [0-%#llx): %lu x 1G, %lu x 2M, %lu x 4K pages; NX %s; 1G pages %s\n",
		(unsigned long long)ram_end, nr_leaves[PT_PUD], nr_leaves[PT_PMD],
		nr_leaves[PT_PTE], has_nx ? "on" : "MISSING", has_gbpages ? "yes" : "no");
}
