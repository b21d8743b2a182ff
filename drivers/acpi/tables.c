// SPDX-License-Identifier: GPL-2.0
/*
 * ACPI static tables: RSDP (from the loader or a BIOS-area scan), RSDT/XSDT
 * with checksums, MADT (CPUs, IOAPICs, overrides, NMIs) and MCFG (saved).
 */
#define pr_fmt(fmt) "acpi: " fmt

#include <tessera/acpi.h>
#include <tessera/bootinfo.h>
#include <tessera/cpumask.h>
#include <tessera/err.h>
#include <tessera/kernel.h>
#include <tessera/param.h>
#include <tessera/printk.h>
#include <tessera/smp.h>
#include <tessera/string.h>
#include <tessera/vmalloc.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/processor.h>

/* Tables larger than this are refused as corrupt (a MADT is a few KiB). */
#define ACPI_TABLE_MAX		(1U << 20)
#define LEGACY_END		0x100000UL
#define EBDA_SEG_PTR		0x40e		/* BDA word: EBDA segment */
#define BIOS_ROM_START		0xe0000UL
#define BIOS_ROM_END		0x100000UL

/* Root System Description Pointer (ACPI 6.5, 5.2.5.3). */
struct acpi_rsdp {
	char signature[8];	/* "RSD PTR " */
	u8 checksum;		/* over the first 20 bytes */
	char oem_id[6];
	u8 revision;		/* 0: ACPI 1.0, 2: ACPI 2.0+ */
	u32 rsdt_phys;
	u32 length;		/* 2.0+: whole structure */
	u64 xsdt_phys;
	u8 ext_checksum;	/* over @length bytes */
	u8 reserved[3];
} __packed;

#define RSDP_V1_LEN		20

/* The header every system description table starts with (5.2.6). */
struct acpi_sdt_header {
	char signature[4];
	u32 length;
	u8 revision;
	u8 checksum;
	char oem_id[6];
	char oem_table_id[8];
	u32 oem_revision;
	u32 creator_id;
	u32 creator_revision;
} __packed;

/* MADT: header, then interrupt controller structures (5.2.12). */
struct acpi_madt {
	struct acpi_sdt_header hdr;
	u32 lapic_phys;
	u32 flags;
} __packed;

#define MADT_PCAT_COMPAT	(1U << 0)

enum madt_type {
	MADT_LAPIC = 0,
	MADT_IOAPIC = 1,
	MADT_OVERRIDE = 2,
	MADT_NMI_SOURCE = 3,
	MADT_LAPIC_NMI = 4,
	MADT_LAPIC_ADDR = 5,
	MADT_X2APIC = 9,
};

struct madt_entry {
	u8 type;
	u8 length;
} __packed;

struct madt_lapic {
	struct madt_entry e;
	u8 acpi_uid;
	u8 apic_id;
	u32 flags;
} __packed;

#define LAPIC_ENABLED		(1U << 0)
#define LAPIC_ONLINE_CAPABLE	(1U << 1)

struct madt_ioapic {
	struct madt_entry e;
	u8 id;
	u8 reserved;
	u32 phys;
	u32 gsi_base;
} __packed;

struct madt_override {
	struct madt_entry e;
	u8 bus;
	u8 source;
	u32 gsi;
	u16 flags;
} __packed;

struct madt_nmi_source {
	struct madt_entry e;
	u16 flags;
	u32 gsi;
} __packed;

struct madt_lapic_nmi {
	struct madt_entry e;
	u8 acpi_uid;
	u16 flags;
	u8 lint;
} __packed;

struct madt_lapic_addr {
	struct madt_entry e;
	u16 reserved;
	u64 phys;
} __packed;

struct madt_x2apic {
	struct madt_entry e;
	u16 reserved;
	u32 x2apic_id;
	u32 flags;
	u32 acpi_uid;
} __packed;

/* MCFG: header, 8 reserved bytes, then 16-byte allocations (PCI FW 3.2). */
struct acpi_mcfg_alloc {
	u64 base;
	u16 segment;
	u8 bus_start;
	u8 bus_end;
	u32 reserved;
} __packed;

#define MCFG_ALLOCS_OFFSET	(sizeof(struct acpi_sdt_header) + 8)

/* Written once by acpi_init() on the boot CPU, read-only afterwards. */
struct acpi_platform acpi_platform;
static u32 cpu_to_apic_id[CONFIG_NR_CPUS];

static unsigned int maxcpus;
param_uint(maxcpus, maxcpus, "start at most N CPUs (boot CPU included); 0 = all");

/**
 * smp_maxcpus() - the maxcpus= boot parameter
 *
 * Context: any.
 * Return: the value given, or 0 when the parameter was not set.
 */
unsigned int smp_maxcpus(void)
{
	return maxcpus;
}

/**
 * cpu_apic_id() - the local APIC ID of a logical CPU
 * @cpu: a possible CPU
 *
 * Context: any, after acpi_init().
 * Return: the APIC ID, or 0xffffffff for a CPU that is not possible.
 */
u32 cpu_apic_id(unsigned int cpu)
{
	if (cpu >= CONFIG_NR_CPUS || !cpumask_test_cpu(cpu, cpu_possible_mask))
		return U32_MAX;
	return cpu_to_apic_id[cpu];
}

/**
 * acpi_checksum() - byte sum of a table
 * @p: the bytes
 * @len: how many
 *
 * Context: any.
 * Return: the sum modulo 256; a valid table sums to 0.
 */
u8 acpi_checksum(const void *p, size_t len)
{
	const u8 *b = p;
	u8 sum = 0;

	while (len--)
		sum += *b++;
	return sum;
}

/*
 * A mapping of firmware memory: the direct map when it covers the range
 * (the first MiB always; RAM such as the multiboot2 info), else ioremap().
 */
struct acpi_map {
	void *va;
	bool ioremapped;
};

static bool direct_mapped(phys_addr_t phys, size_t len)
{
	phys_addr_t pa;

	if (phys + len <= LEGACY_END)
		return true;
	for (pa = ALIGN_DOWN(phys, PAGE_SIZE); pa < phys + len; pa += PAGE_SIZE)
		if (!lookup_kernel_address((unsigned long)__va(pa), NULL))
			return false;
	return true;
}

static int acpi_map(phys_addr_t phys, size_t len, struct acpi_map *m)
{
	void __iomem *io;

	if (!len || phys + len < phys)
		return -EINVAL;
	if (direct_mapped(phys, len)) {
		m->va = __va(phys);
		m->ioremapped = false;
		return 0;
	}
	io = ioremap(phys, len);
	if (IS_ERR_OR_NULL((__force void *)io))
		return -ENOMEM;
	m->va = (__force void *)io;
	m->ioremapped = true;
	return 0;
}

static void acpi_unmap(struct acpi_map *m)
{
	if (m->ioremapped)
		iounmap((__force void __iomem *)m->va);
	m->va = NULL;
}

/*
 * Map a whole table at @phys after checking its header: sane length and a
 * zero checksum. On success the caller acpi_unmap()s @m.
 */
static struct acpi_sdt_header *map_table(phys_addr_t phys, struct acpi_map *m)
{
	struct acpi_sdt_header *h;
	u32 len;

	if (!phys || acpi_map(phys, sizeof(*h), m))
		return NULL;
	h = m->va;
	len = h->length;
	acpi_unmap(m);
	if (len < sizeof(*h) || len > ACPI_TABLE_MAX) {
		pr_warn("table at %#llx has a bad length %u, ignored\n",
			(unsigned long long)phys, len);
		return NULL;
	}
	if (acpi_map(phys, len, m))
		return NULL;
	h = m->va;
	if (acpi_checksum(h, len)) {
		pr_warn("table %.4s at %#llx has a bad checksum, ignored\n",
			h->signature, (unsigned long long)phys);
		acpi_unmap(m);
		return NULL;
	}
	return h;
}

static bool rsdp_valid(const struct acpi_rsdp *r)
{
	if (memcmp(r->signature, "RSD PTR ", 8) || acpi_checksum(r, RSDP_V1_LEN))
		return false;
	if (r->revision >= 2 && (r->length < sizeof(*r) || r->length > PAGE_SIZE ||
				 acpi_checksum(r, sizeof(*r))))
		return false;
	return true;
}

/* Scan [@start, @end) of the (direct-mapped) first MiB on 16-byte steps. */
static phys_addr_t rsdp_scan(phys_addr_t start, phys_addr_t end)
{
	phys_addr_t pa;

	for (pa = ALIGN(start, 16); pa + sizeof(struct acpi_rsdp) <= end; pa += 16)
		if (rsdp_valid(__va(pa)))
			return pa;
	return 0;
}

/*
 * The loader's RSDP copy (multiboot2), else the first KiB of the EBDA,
 * else the BIOS area 0xe0000-0xfffff (the only way under QEMU -kernel).
 */
static phys_addr_t rsdp_find(const char **how)
{
	struct acpi_map m;
	phys_addr_t pa, ebda;
	bool ok;

	if (boot_info.rsdp && !acpi_map(boot_info.rsdp, sizeof(struct acpi_rsdp), &m)) {
		ok = rsdp_valid(m.va);
		acpi_unmap(&m);
		if (ok) {
			*how = "from the boot loader";
			return boot_info.rsdp;
		}
		pr_warn("the boot loader's RSDP copy at %#llx is invalid; scanning\n",
			(unsigned long long)boot_info.rsdp);
	}
	ebda = (phys_addr_t)*(u16 *)__va(EBDA_SEG_PTR) << 4;
	*how = "in the EBDA";
	if (ebda >= 0x80000 && ebda < 0xa0000) {
		pa = rsdp_scan(ebda, ebda + 1024);
		if (pa)
			return pa;
	}
	*how = "in the BIOS area";
	return rsdp_scan(BIOS_ROM_START, BIOS_ROM_END);
}

/* Record an enabled local APIC as the next logical CPU (boot CPU is 0). */
static void madt_add_cpu(u32 apic_id, u32 flags, u32 boot_apic_id,
			 unsigned int *next_cpu, unsigned int limit)
{
	if (!(flags & LAPIC_ENABLED)) {
		if (flags & LAPIC_ONLINE_CAPABLE)
			acpi_platform.nr_online_capable++;
		return;
	}
	acpi_platform.nr_cpus_found++;
	if (apic_id == boot_apic_id)
		return;		/* CPU 0, already recorded */
	if (apic_id >= 0xff) {
		pr_warn("MADT: CPU with APIC ID %u needs x2APIC mode, skipped\n", apic_id);
		return;
	}
	if (*next_cpu >= limit)
		return;
	cpu_to_apic_id[*next_cpu] = apic_id;
	cpumask_set_cpu(*next_cpu, cpu_possible_mask);
	(*next_cpu)++;
}

static void madt_add_ioapic(const struct madt_ioapic *e)
{
	struct acpi_ioapic *io;

	if (acpi_platform.nr_ioapics >= ACPI_MAX_IOAPICS) {
		pr_warn("MADT: more than %u IOAPICs, ignoring id %u\n",
			ACPI_MAX_IOAPICS, e->id);
		return;
	}
	io = &acpi_platform.ioapic[acpi_platform.nr_ioapics++];
	io->id = e->id;
	io->phys = e->phys;
	io->gsi_base = e->gsi_base;
}

static void madt_add_override(const struct madt_override *e)
{
	struct acpi_irq_override *o;

	if (e->bus != 0 || e->source >= 16) {
		pr_warn("MADT: override of bus %u IRQ %u ignored (not ISA)\n",
			e->bus, e->source);
		return;
	}
	if (acpi_platform.nr_overrides >= ACPI_MAX_OVERRIDES) {
		pr_warn("MADT: too many interrupt overrides, IRQ %u ignored\n", e->source);
		return;
	}
	o = &acpi_platform.override[acpi_platform.nr_overrides++];
	o->isa_irq = e->source;
	o->gsi = e->gsi;
	o->flags = e->flags;
}

static void madt_add_nmi(const struct madt_entry *e)
{
	const struct madt_nmi_source *ns = (const void *)e;
	const struct madt_lapic_nmi *ln = (const void *)e;

	if (e->type == MADT_NMI_SOURCE &&
	    acpi_platform.nr_nmi_sources < ACPI_MAX_NMI_SOURCES) {
		acpi_platform.nmi_source[acpi_platform.nr_nmi_sources].gsi = ns->gsi;
		acpi_platform.nmi_source[acpi_platform.nr_nmi_sources++].flags = ns->flags;
	} else if (e->type == MADT_LAPIC_NMI &&
		   acpi_platform.nr_lapic_nmis < ACPI_MAX_LAPIC_NMIS) {
		acpi_platform.lapic_nmi[acpi_platform.nr_lapic_nmis].acpi_uid = ln->acpi_uid;
		acpi_platform.lapic_nmi[acpi_platform.nr_lapic_nmis].lint = ln->lint;
		acpi_platform.lapic_nmi[acpi_platform.nr_lapic_nmis++].flags = ln->flags;
	}
}

/* The minimum length of each MADT structure type we read. */
static unsigned int madt_entry_min_len(u8 type)
{
	switch (type) {
	case MADT_LAPIC:	return sizeof(struct madt_lapic);
	case MADT_IOAPIC:	return sizeof(struct madt_ioapic);
	case MADT_OVERRIDE:	return sizeof(struct madt_override);
	case MADT_NMI_SOURCE:	return sizeof(struct madt_nmi_source);
	case MADT_LAPIC_NMI:	return sizeof(struct madt_lapic_nmi);
	case MADT_LAPIC_ADDR:	return sizeof(struct madt_lapic_addr);
	case MADT_X2APIC:	return sizeof(struct madt_x2apic);
	default:		return sizeof(struct madt_entry);
	}
}

static void parse_madt(const struct acpi_madt *madt, u32 boot_apic_id,
		       unsigned int limit)
{
	const u8 *p = (const u8 *)(madt + 1);
	const u8 *end = (const u8 *)madt + madt->hdr.length;
	unsigned int next_cpu = 1;

	acpi_platform.valid_madt = true;
	acpi_platform.lapic_phys = madt->lapic_phys;
	acpi_platform.pcat_compat = madt->flags & MADT_PCAT_COMPAT;

	while (p + sizeof(struct madt_entry) <= end) {
		const struct madt_entry *e = (const void *)p;

		if (e->length < madt_entry_min_len(e->type) || p + e->length > end) {
			pr_warn("MADT: malformed entry (type %u, length %u) at offset %lu; rest ignored\n",
				e->type, e->length, (unsigned long)(p - (const u8 *)madt));
			break;
		}
		switch (e->type) {
		case MADT_LAPIC: {
			const struct madt_lapic *l = (const void *)e;

			madt_add_cpu(l->apic_id, l->flags, boot_apic_id, &next_cpu, limit);
			break;
		}
		case MADT_X2APIC: {
			const struct madt_x2apic *x = (const void *)e;

			madt_add_cpu(x->x2apic_id, x->flags, boot_apic_id, &next_cpu, limit);
			break;
		}
		case MADT_IOAPIC:
			madt_add_ioapic((const void *)e);
			break;
		case MADT_OVERRIDE:
			madt_add_override((const void *)e);
			break;
		case MADT_NMI_SOURCE:
		case MADT_LAPIC_NMI:
			madt_add_nmi(e);
			break;
		case MADT_LAPIC_ADDR:
			acpi_platform.lapic_phys = ((const struct madt_lapic_addr *)e)->phys;
			break;
		default:
			break;	/* GIC, SAPIC, ...: not ours */
		}
		p += e->length;
	}
}

static void save_mcfg(const struct acpi_sdt_header *h)
{
	const struct acpi_mcfg_alloc *a;
	unsigned int i, n;

	if (h->length < MCFG_ALLOCS_OFFSET)
		return;
	n = (h->length - MCFG_ALLOCS_OFFSET) / sizeof(*a);
	a = (const void *)((const u8 *)h + MCFG_ALLOCS_OFFSET);
	for (i = 0; i < n && acpi_platform.nr_mcfg < ACPI_MAX_MCFG; i++) {
		struct acpi_mcfg_entry *m = &acpi_platform.mcfg[acpi_platform.nr_mcfg++];

		m->base = a[i].base;
		m->segment = a[i].segment;
		m->bus_start = a[i].bus_start;
		m->bus_end = a[i].bus_end;
	}
	pr_info("MCFG: %u PCI ECAM window(s), first at %#llx (saved for PCI)\n",
		acpi_platform.nr_mcfg,
		acpi_platform.nr_mcfg ? (unsigned long long)acpi_platform.mcfg[0].base : 0ULL);
}

/* Hand one table of the root's list to its parser. */
static void parse_table(phys_addr_t phys, u32 boot_apic_id, unsigned int limit)
{
	struct acpi_sdt_header *h;
	struct acpi_map m;

	h = map_table(phys, &m);
	if (!h)
		return;
	if (!memcmp(h->signature, "APIC", 4) && !acpi_platform.valid_madt &&
	    h->length >= sizeof(struct acpi_madt))
		parse_madt((const void *)h, boot_apic_id, limit);
	else if (!memcmp(h->signature, "MCFG", 4) && !acpi_platform.nr_mcfg)
		save_mcfg(h);
	acpi_unmap(&m);
}

/* Walk the XSDT (8-byte entries) or RSDT (4-byte entries). */
static int walk_root(phys_addr_t root, bool xsdt, u32 boot_apic_id, unsigned int limit)
{
	struct acpi_sdt_header *h;
	struct acpi_map m;
	unsigned int i, n, esize = xsdt ? 8 : 4;
	const u8 *ents;

	h = map_table(root, &m);
	if (!h)
		return -EINVAL;
	if (memcmp(h->signature, xsdt ? "XSDT" : "RSDT", 4)) {
		pr_warn("root table at %#llx is \"%.4s\", not %s\n",
			(unsigned long long)root, h->signature, xsdt ? "XSDT" : "RSDT");
		acpi_unmap(&m);
		return -EINVAL;
	}
	n = (h->length - sizeof(*h)) / esize;
	ents = (const u8 *)(h + 1);
	for (i = 0; i < n; i++) {
		u64 pa = 0;

		memcpy(&pa, ents + i * esize, esize);
		parse_table(pa, boot_apic_id, limit);
	}
	acpi_unmap(&m);
	return 0;
}

static u32 boot_cpu_apic_id(void)
{
	u32 a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	return b >> 24;
}

static void report_madt(void)
{
	unsigned int n = num_possible_cpus();

	pr_info("MADT: %u CPU%s, %u IOAPIC%s, %u override%s, %u NMI source%s\n",
		acpi_platform.nr_cpus_found, acpi_platform.nr_cpus_found == 1 ? "" : "s",
		acpi_platform.nr_ioapics, acpi_platform.nr_ioapics == 1 ? "" : "s",
		acpi_platform.nr_overrides, acpi_platform.nr_overrides == 1 ? "" : "s",
		acpi_platform.nr_nmi_sources + acpi_platform.nr_lapic_nmis,
		acpi_platform.nr_nmi_sources + acpi_platform.nr_lapic_nmis == 1 ? "" : "s");
	if (n < acpi_platform.nr_cpus_found)
		pr_info("MADT: using %u of %u CPUs (NR_CPUS=%u, maxcpus=%u)\n",
			n, acpi_platform.nr_cpus_found, CONFIG_NR_CPUS, maxcpus);
	if (acpi_platform.nr_online_capable)
		pr_info("MADT: %u online-capable CPU%s not started (no CPU hotplug)\n",
			acpi_platform.nr_online_capable,
			acpi_platform.nr_online_capable == 1 ? "" : "s");
}

/**
 * acpi_init() - find and parse the ACPI tables
 *
 * CPU 0 is the boot CPU (its APIC ID from CPUID); every other enabled local
 * APIC in the MADT becomes the next logical CPU, up to CONFIG_NR_CPUS and
 * maxcpus=. Without an RSDP, a valid root table or a MADT: one CPU and a
 * warning; irq_init() then falls back to the standard IOAPIC address.
 *
 * Context: boot CPU, once, after vmalloc_init(), before percpu_init().
 */
void acpi_init(void)
{
	const struct acpi_rsdp *r;
	struct acpi_map m;
	unsigned int limit = CONFIG_NR_CPUS;
	phys_addr_t rsdp, root;
	u32 boot_apic_id = boot_cpu_apic_id();
	const char *how = "";
	bool xsdt;
	u8 rev;

	if (maxcpus)
		limit = min(limit, maxcpus);
	cpu_to_apic_id[0] = boot_apic_id;
	cpumask_set_cpu(0, cpu_possible_mask);
	acpi_platform.lapic_phys = 0xfee00000ULL;

	rsdp = rsdp_find(&how);
	if (!rsdp || acpi_map(rsdp, sizeof(*r), &m)) {
		pr_warn("no RSDP found: one CPU, default IOAPIC routing\n");
		return;
	}
	r = m.va;
	rev = r->revision;
	xsdt = rev >= 2 && r->xsdt_phys;
	root = xsdt ? r->xsdt_phys : r->rsdt_phys;
	acpi_unmap(&m);
	pr_info("RSDP at %#llx %s (ACPI %s, %s at %#llx)\n", (unsigned long long)rsdp,
		how, rev >= 2 ? "2.0+" : "1.0", xsdt ? "XSDT" : "RSDT",
		(unsigned long long)root);

	if (walk_root(root, xsdt, boot_apic_id, limit) && xsdt) {
		/* A broken XSDT: the RSDT (if any) may still be good. */
		if (acpi_map(rsdp, sizeof(*r), &m))
			return;
		root = ((const struct acpi_rsdp *)m.va)->rsdt_phys;
		acpi_unmap(&m);
		walk_root(root, false, boot_apic_id, limit);
	}
	if (!acpi_platform.valid_madt) {
		pr_warn("no valid MADT: one CPU, default IOAPIC routing\n");
		return;
	}
	report_madt();
}
