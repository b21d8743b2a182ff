/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared between the files of drivers/pci/: the active configuration
 * mechanism, the two implementations, and the per-device interrupt state.
 */
#ifndef _DRIVERS_PCI_INTERNAL_H
#define _DRIVERS_PCI_INTERNAL_H

#include <tessera/pci.h>

extern const struct pci_cfg_ops pci_ecam_ops;
extern const struct pci_cfg_ops pci_cf8_ops;

/* Set once by pci_init() before any device is found; NULL before. */
extern const struct pci_cfg_ops *pci_ops;

/* ECAM: take the window from the MCFG; 0 or -ENODEV when there is none. */
int pci_ecam_init(void);
/* Whether ECAM covers @bus of segment @seg. */
bool pci_ecam_covers(u16 seg, u8 bus);

/* Raw accessors by address (no struct pci_dev yet, during the scan). */
u32 pci_raw_read(u16 seg, u8 bus, u8 devfn, unsigned int off, unsigned int size);
void pci_raw_write(u16 seg, u8 bus, u8 devfn, unsigned int off, unsigned int size, u32 val);

#endif /* _DRIVERS_PCI_INTERNAL_H */
