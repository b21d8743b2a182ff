// SPDX-License-Identifier: GPL-2.0
/*
 * Suite "pci": host bridge found, configuration accessors agree (ECAM
 * against CF8 where both exist), BAR sizes sane, capability walks end.
 */
#include <tessera/acpi.h>
#include <tessera/errno.h>
#include <tessera/kernel.h>
#include <tessera/ktest.h>
#include <tessera/pci.h>
#include "internal.h"

#define HOST_I440FX		0x1237
#define HOST_Q35		0x29c0

static struct pci_dev *host_bridge(void)
{
	struct pci_dev *d = pci_get_device(0x8086, HOST_I440FX, NULL);

	return d ? d : pci_get_device(0x8086, HOST_Q35, NULL);
}

static void pci_finds_host_bridge(struct ktest *t)
{
	struct pci_dev *d = host_bridge();
	char name[16];

	KTEST_ASSERT_NOT_NULL(t, d);
	KTEST_EXPECT_STREQ(t, pci_name(d, name, sizeof(name)), "0000:00:00.0");
	KTEST_EXPECT_EQ(t, d->class >> 8, 0x0600u);	/* host bridge */
	KTEST_EXPECT_EQ(t, d->hdr_type, 0);
	KTEST_EXPECT_GE(t, pci_dev_count(), 2u);
}

static void pci_mechanism_matches_mcfg(struct ktest *t)
{
	if (acpi_platform.nr_mcfg)
		KTEST_EXPECT_STREQ(t, pci_cfg_mechanism(), "ECAM");
	else
		KTEST_EXPECT_STREQ(t, pci_cfg_mechanism(), "CF8");
}

static void pci_accessors_agree(struct ktest *t)
{
	struct pci_dev *d = host_bridge();
	u32 dw;
	u16 w;
	u8 b;

	KTEST_ASSERT_NOT_NULL(t, d);
	KTEST_EXPECT_EQ(t, pci_read_config_dword(d, PCI_VENDOR_ID, &dw), 0);
	KTEST_EXPECT_EQ(t, dw, (u32)d->device << 16 | d->vendor);
	KTEST_EXPECT_EQ(t, pci_read_config_word(d, PCI_DEVICE_ID, &w), 0);
	KTEST_EXPECT_EQ(t, w, d->device);
	KTEST_EXPECT_EQ(t, pci_read_config_byte(d, PCI_VENDOR_ID + 1, &b), 0);
	KTEST_EXPECT_EQ(t, b, d->vendor >> 8);
	/* misaligned or out of range: refused, all ones */
	KTEST_EXPECT_EQ(t, pci_read_config_dword(d, 2, &dw), -EINVAL);
	KTEST_EXPECT_EQ(t, dw, U32_MAX);
	KTEST_EXPECT_EQ(t, pci_read_config_word(d, PCI_CFG_SPACE_EXP_SIZE, &w), -EINVAL);
}

/* Where ECAM is in use, the legacy ports must read the same header bytes. */
static void pci_ecam_matches_cf8(struct ktest *t)
{
	struct pci_dev *d = NULL;
	unsigned int off, diffs = 0, n = 0;
	u32 a, c;

	if (strcmp(pci_cfg_mechanism(), "ECAM")) {
		ktest_skip(t, "no ECAM (i440fx): nothing to compare");
		return;
	}
	while ((d = pci_get_device(PCI_ANY_ID, PCI_ANY_ID, d))) {
		for (off = 0; off < 0x40; off += 4) {
			if (off == PCI_COMMAND)
				continue;	/* status bits may change */
			pci_ecam_ops.read(d->segment, d->bus, d->devfn, off, 4, &a);
			pci_cf8_ops.read(d->segment, d->bus, d->devfn, off, 4, &c);
			diffs += a != c;
			n++;
		}
	}
	KTEST_EXPECT_GT(t, n, 0u);
	KTEST_EXPECT_EQ(t, diffs, 0u);
}

static void pci_bars_sane(struct ktest *t)
{
	struct pci_dev *d = NULL;
	unsigned int i, mem = 0;

	while ((d = pci_get_device(PCI_ANY_ID, PCI_ANY_ID, d))) {
		for (i = 0; i < PCI_NUM_BARS; i++) {
			struct pci_bar *b = &d->bar[i];

			if (!b->size)
				continue;
			KTEST_EXPECT_TRUE(t, is_power_of_2(b->size));
			KTEST_EXPECT_EQ(t, b->phys & (b->size - 1), 0ull);
			if (b->flags & PCI_BAR_IO)
				KTEST_EXPECT_LE(t, b->phys + b->size, 0x10000ull);
			else
				mem++;
		}
	}
	KTEST_EXPECT_GT(t, mem, 0u);	/* the VGA framebuffer at least */
	KTEST_EXPECT_EQ(t, pci_stats.bad_bars, 0ul);
}

static void pci_capability_walks_end(struct ktest *t)
{
	struct pci_dev *d = NULL, *vio;
	unsigned long bad = pci_stats.bad_caps;
	int pos, n;

	while ((d = pci_get_device(PCI_ANY_ID, PCI_ANY_ID, d))) {
		KTEST_EXPECT_EQ(t, pci_find_capability(d, 0xee), 0);
		if (d->msix_cap)
			KTEST_EXPECT_GE(t, d->msix_cap, 0x40);
	}
	KTEST_EXPECT_EQ(t, pci_stats.bad_caps, bad);
	vio = pci_get_device(0x1af4, PCI_ANY_ID, NULL);
	if (!vio)
		return;
	for (n = 0, pos = pci_find_capability(vio, PCI_CAP_ID_VNDR); pos;
	     pos = pci_find_next_capability(vio, pos, PCI_CAP_ID_VNDR))
		n++;
	KTEST_EXPECT_GE(t, n, 4);	/* common, notify, ISR, device (+ pci cfg) */
	KTEST_EXPECT_NE(t, vio->msix_cap, 0);
}

static unsigned int probe_calls;

static int test_probe(struct pci_dev *dev, const struct pci_device_id *id)
{
	probe_calls++;
	return -ENODEV;		/* "not mine": stays unbound, silently */
}

static const struct pci_device_id host_ids[] = {
	{ PCI_DEVICE(0x8086, HOST_I440FX) },
	{ PCI_DEVICE(0x8086, HOST_Q35) },
	{ }
};

static struct pci_driver test_driver = {
	.name = "pci-ktest",
	.id_table = host_ids,
	.probe = test_probe,
};

static struct pci_driver incomplete_driver = {
	.name = "pci-ktest-incomplete",
	.id_table = host_ids,
};

static void pci_driver_model(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, pci_register_driver(&incomplete_driver), -EINVAL);
	KTEST_EXPECT_EQ(t, pci_register_driver(NULL), -EINVAL);
	probe_calls = 0;
	KTEST_EXPECT_EQ(t, pci_register_driver(&test_driver), 0);
	KTEST_EXPECT_EQ(t, probe_calls, 1u);
	KTEST_EXPECT_NULL(t, host_bridge()->driver);
}

KTEST_SUITE(pci, NULL, NULL,
	    KTEST_CASE(pci_finds_host_bridge),
	    KTEST_CASE(pci_mechanism_matches_mcfg),
	    KTEST_CASE(pci_accessors_agree),
	    KTEST_CASE(pci_ecam_matches_cf8),
	    KTEST_CASE(pci_bars_sane),
	    KTEST_CASE(pci_capability_walks_end),
	    KTEST_CASE(pci_driver_model));
