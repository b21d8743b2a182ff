// SPDX-License-Identifier: GPL-2.0
/*
 * Static ELF64 loader: validates the headers of an ET_EXEC x86-64 file in
 * ramfs and turns its PT_LOAD segments into private file VMAs.
 */
#include <tessera/string.h>
#include <tessera/printk.h>
#include <tessera/slab.h>
#include "internal.h"

/* ELF64 layout, from the System V ABI. */
struct elf64_ehdr {
	u8 e_ident[16];
	u16 e_type;
	u16 e_machine;
	u32 e_version;
	u64 e_entry;
	u64 e_phoff;
	u64 e_shoff;
	u32 e_flags;
	u16 e_ehsize;
	u16 e_phentsize;
	u16 e_phnum;
	u16 e_shentsize;
	u16 e_shnum;
	u16 e_shstrndx;
};
_Static_assert(sizeof(struct elf64_ehdr) == 64, "elf64_ehdr");

struct elf64_phdr {
	u32 p_type;
	u32 p_flags;
	u64 p_offset;
	u64 p_vaddr;
	u64 p_paddr;
	u64 p_filesz;
	u64 p_memsz;
	u64 p_align;
};
_Static_assert(sizeof(struct elf64_phdr) == 56, "elf64_phdr");

#define ET_EXEC		2
#define ET_DYN		3
#define EM_X86_64	62
#define PT_LOAD		1
#define PT_INTERP	3
#define PT_PHDR		6
#define PT_TLS		7
#define PT_GNU_STACK	0x6474e551
#define PF_X		1
#define PF_W		2
#define PF_R		4
#define ELF_PHNUM_MAX	64

static u32 pf_to_prot(u32 f)
{
	return ((f & PF_R) ? MM_PROT_READ : 0) | ((f & PF_W) ? MM_PROT_WRITE : 0) |
	       ((f & PF_X) ? MM_PROT_EXEC : 0);
}

static int elf_check_ehdr(const struct elf64_ehdr *eh, u64 fsize)
{
	if (memcmp(eh->e_ident, "\177ELF", 4) || eh->e_ident[4] != 2 ||
	    eh->e_ident[5] != 1 || eh->e_ident[6] != 1)
		return -ENOEXEC;		/* not ELF64 little-endian v1 */
	if (eh->e_machine != EM_X86_64)
		return -ENOEXEC;
	if (eh->e_type == ET_DYN) {
		pr_warn_once("memory: static-pie (ET_DYN) executables not supported yet: TODO\n");
		return -ENOEXEC;
	}
	if (eh->e_type != ET_EXEC)
		return -ENOEXEC;
	if (eh->e_phentsize != sizeof(struct elf64_phdr) || eh->e_phnum == 0 ||
	    eh->e_phnum > ELF_PHNUM_MAX)
		return -ENOEXEC;
	if (eh->e_phoff > fsize ||
	    fsize - eh->e_phoff < (u64)eh->e_phnum * sizeof(struct elf64_phdr))
		return -ENOEXEC;
	if (eh->e_entry >= MM_USER_END)
		return -ENOEXEC;
	return 0;
}

static int elf_check_load(const struct elf64_phdr *ph, u64 fsize)
{
	if (ph->p_filesz > ph->p_memsz || ph->p_memsz == 0)
		return -ENOEXEC;
	if (ph->p_offset > fsize || fsize - ph->p_offset < ph->p_filesz)
		return -ENOEXEC;
	if ((ph->p_vaddr & (PAGE_SIZE - 1)) != (ph->p_offset & (PAGE_SIZE - 1)))
		return -ENOEXEC;
	if (ph->p_vaddr < MM_USER_MIN || ph->p_vaddr >= MM_STACK_TOP - MM_STACK_SIZE ||
	    ph->p_memsz > MM_STACK_TOP - MM_STACK_SIZE - ph->p_vaddr)
		return -ENOEXEC;
	return 0;
}

static int elf_map_load(struct mm_space *s, struct ramfs_inode *file,
			const struct elf64_phdr *ph)
{
	u64 start = ph->p_vaddr & PAGE_MASK;
	u64 end = ALIGN(ph->p_vaddr + ph->p_memsz, PAGE_SIZE);
	struct vma *v;

	if (!vma_range_free(s, start, end))
		return -ENOEXEC;	/* segments sharing a page: TODO */
	v = vma_alloc(start, end, pf_to_prot(ph->p_flags), VMA_FILE);
	if (!v)
		return -ENOMEM;
	v->file = file;
	ramfs_get(file);
	v->file_off = ph->p_offset - (ph->p_vaddr - start);
	v->file_vend = ph->p_vaddr + ph->p_filesz;
	vma_insert(s, v);
	return 0;
}

static int elf_load_phdrs(struct mm_space *s, struct ramfs_inode *file,
			  const struct elf64_ehdr *ehp, const struct elf64_phdr *ph,
			  struct elf_info *info)
{
	const struct elf64_ehdr eh = *ehp;
	bool have_phdr = false;
	unsigned int k, nload = 0;
	int ret;

	for (k = 0; k < eh.e_phnum; k++) {
		switch (ph[k].p_type) {
		case PT_INTERP:
			return -ENOEXEC;	/* dynamic: no ld.so here */
		case PT_LOAD:
			ret = elf_check_load(&ph[k], file->size);
			if (!ret)
				ret = elf_map_load(s, file, &ph[k]);
			if (ret)
				return ret;
			nload++;
			info->load_end = max(info->load_end,
					     ph[k].p_vaddr + ph[k].p_memsz);
			if (!have_phdr && eh.e_phoff >= ph[k].p_offset &&
			    eh.e_phoff - ph[k].p_offset < ph[k].p_filesz) {
				info->phdr_vaddr = ph[k].p_vaddr +
						   (eh.e_phoff - ph[k].p_offset);
				have_phdr = true;
			}
			break;
		case PT_PHDR:
			info->phdr_vaddr = ph[k].p_vaddr;
			have_phdr = true;
			break;
		case PT_TLS:
			if (ph[k].p_filesz > ph[k].p_memsz)
				return -ENOEXEC;
			s->tls_vaddr = ph[k].p_vaddr;
			s->tls_filesz = ph[k].p_filesz;
			s->tls_memsz = ph[k].p_memsz;
			s->tls_align = ph[k].p_align;
			break;
		case PT_GNU_STACK:
			info->stack_prot = pf_to_prot(ph[k].p_flags) |
					   MM_PROT_READ | MM_PROT_WRITE;
			break;
		}
	}
	if (!nload || !vma_find(s, eh.e_entry) ||
	    !(vma_find(s, eh.e_entry)->prot & MM_PROT_EXEC))
		return -ENOEXEC;
	info->entry = eh.e_entry;
	info->phnum = eh.e_phnum;
	return 0;
}

/**
 * elf_load() - map the static ELF64 executable @file into the empty space @s
 * @s: a new, unpublished space; @file: a regular ramfs file
 * @info: filled with the entry point, program header address and count,
 *        stack protection (PT_GNU_STACK) and the end of the image
 *
 * ET_EXEC only; ET_DYN (static-pie and dynamic programs) and PT_INTERP are
 * refused. Every PT_LOAD becomes a private file VMA whose bytes past
 * p_filesz read as zeros (.bss and the tail of the last file page). PT_TLS
 * is recorded in @s. Nothing is copied: pages are produced on PCACHE_MISS.
 * Return: 0, -ENOEXEC for a file that is not such an executable, -ENOMEM.
 * Context: mm_lock held; may sleep.
 */
int elf_load(struct mm_space *s, struct ramfs_inode *file, struct elf_info *info)
{
	struct elf64_ehdr eh;
	struct elf64_phdr *ph;
	int ret;

	memset(info, 0, sizeof(*info));
	info->stack_prot = MM_PROT_READ | MM_PROT_WRITE;
	if (ramfs_read(file, 0, &eh, sizeof(eh)) != sizeof(eh))
		return -ENOEXEC;
	ret = elf_check_ehdr(&eh, file->size);
	if (ret)
		return ret;
	ph = kmalloc(eh.e_phnum * sizeof(*ph), GFP_KERNEL);
	if (!ph)
		return -ENOMEM;
	if (ramfs_read(file, eh.e_phoff, ph, eh.e_phnum * sizeof(ph[0])) !=
	    (ssize_t)(eh.e_phnum * sizeof(ph[0])))
		ret = -ENOEXEC;
	else
		ret = elf_load_phdrs(s, file, &eh, ph, info);
	kfree(ph);
	return ret;
}
