# SPDX-License-Identifier: GPL-2.0
# Tessera top-level Makefile: configuration (kconfiglib), a Kbuild-style
# non-recursive build of tessera.elf, the GRUB ISO, sparse, and the tests.
#
# Each directory's Makefile lists objects as in Linux:
#     obj-y += foo.o              always built
#     obj-$(CONFIG_BAR) += bar.o  built when CONFIG_BAR=y
#     obj-y += subdir/            descend into subdir/Makefile

VERSION		:= 0.1.0
NAME		:= tessera

MAKEFLAGS	+= --no-print-directory -rR
.DEFAULT_GOAL := all
.SUFFIXES:
.DELETE_ON_ERROR:

srctree		:= $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
ifeq ($(origin O),command line)
objtree		:= $(abspath $(O))
$(shell mkdir -p $(objtree))
else
objtree		:= $(srctree)
endif

ifeq ($(V),1)
Q :=
quiet = @:
else
Q := @
quiet = @printf '  %-8s %s\n'
endif

PYTHON		?= /usr/bin/python3
CC		:= gcc
LD		:= ld
NM		:= nm
OBJCOPY		:= objcopy
SPARSE		?= sparse
QEMU		?= qemu-system-x86_64

KCONFIG		:= $(srctree)/Kconfig
KCONFIG_CONFIG	:= $(objtree)/.config
KCONFIG_ENV	:= srctree=$(srctree) KCONFIG_CONFIG=$(KCONFIG_CONFIG)
AUTOCONF_H	:= $(objtree)/include/generated/autoconf.h
AUTO_CONF	:= $(objtree)/include/config/auto.conf

# Targets that do not need a configuration.
no-config-targets := defconfig %_defconfig menuconfig olddefconfig savedefconfig \
	help clean mrproper distclean hostcheck workloads listnewconfig
need-config := 1
ifneq ($(MAKECMDGOALS),)
ifeq ($(filter-out $(no-config-targets),$(MAKECMDGOALS)),)
need-config :=
endif
endif

# ---------------------------------------------------------------- config

.PHONY: defconfig menuconfig olddefconfig savedefconfig
defconfig: $(srctree)/configs/defconfig
	$(Q)cd $(srctree) && $(KCONFIG_ENV) $(PYTHON) -m defconfig --kconfig Kconfig $<

%_defconfig: $(srctree)/configs/%_defconfig
	$(Q)cd $(srctree) && $(KCONFIG_ENV) $(PYTHON) -m defconfig --kconfig Kconfig $<

menuconfig:
	$(Q)cd $(srctree) && $(KCONFIG_ENV) MENUCONFIG_STYLE=aquatic $(PYTHON) -m menuconfig Kconfig

olddefconfig:
	$(Q)cd $(srctree) && $(KCONFIG_ENV) $(PYTHON) -m olddefconfig Kconfig

savedefconfig:
	$(Q)cd $(srctree) && $(KCONFIG_ENV) $(PYTHON) -m savedefconfig --kconfig Kconfig \
		--out $(objtree)/defconfig
	@echo "wrote $(objtree)/defconfig"

ifneq ($(need-config),)
ifeq ($(wildcard $(KCONFIG_CONFIG)),)
$(error no configuration in $(objtree): run 'make defconfig' (or 'make test_defconfig') first)
endif
-include $(AUTO_CONF)
endif

KCONFIG_FILES := $(shell find $(srctree) -name Kconfig -not -path '*/.git/*')

$(AUTOCONF_H) $(AUTO_CONF) &: $(KCONFIG_CONFIG) $(KCONFIG_FILES)
	$(quiet) GEN include/generated/autoconf.h
	$(Q)mkdir -p $(dir $(AUTOCONF_H)) $(dir $(AUTO_CONF))
	$(Q)cd $(srctree) && $(KCONFIG_ENV) $(PYTHON) -m olddefconfig Kconfig >/dev/null
	$(Q)cd $(srctree) && $(KCONFIG_ENV) $(PYTHON) -m genconfig \
		--header-path $(AUTOCONF_H).tmp --config-out $(AUTO_CONF) Kconfig >/dev/null
	$(Q)cmp -s $(AUTOCONF_H).tmp $(AUTOCONF_H) || mv $(AUTOCONF_H).tmp $(AUTOCONF_H)
	$(Q)rm -f $(AUTOCONF_H).tmp; touch $(AUTO_CONF)

# ---------------------------------------------------------------- flags

GCC_INC		:= $(shell $(CC) -print-file-name=include)

KBUILD_CPPFLAGS	:= -nostdinc -isystem $(GCC_INC) \
		   -I$(srctree)/include -I$(srctree)/arch/x86/include \
		   -I$(objtree)/include -include $(AUTOCONF_H) -D__KERNEL__

KBUILD_CFLAGS	:= -std=gnu11 -O2 -g -Wall -Wextra -Werror \
		   -Wno-unused-parameter -Wmissing-prototypes -Wstrict-prototypes \
		   -Wno-sign-compare -Wvla -Wimplicit-fallthrough \
		   -ffreestanding -fno-builtin -fno-common -fno-pic -fno-pie \
		   -fno-stack-protector -fno-strict-aliasing -fno-omit-frame-pointer \
		   -fno-asynchronous-unwind-tables -fno-delete-null-pointer-checks \
		   -fno-optimize-sibling-calls -fmacro-prefix-map=$(srctree)/= \
		   -mcmodel=kernel -mno-red-zone -mgeneral-regs-only \
		   -mno-mmx -mno-sse -mno-sse2 -mno-3dnow -mno-avx

KBUILD_AFLAGS	:= -D__ASSEMBLY__ -g

KBUILD_LDFLAGS	:= -nostdlib -static -z max-page-size=0x1000 -z noexecstack \
		   --no-warn-rwx-segments --build-id=none

SPARSE_FLAGS	:= -m64 -ffreestanding -D__CHECKER__ -Wsparse-error -Wbitwise -Wno-decl \
		   -Wcast-truncate -Wshadow=0 -fmax-warnings=100

# ---------------------------------------------------------------- objects

# descend(dir/): read dir/Makefile, collect its objects, recurse into
# subdirectories. obj-y is reset per directory; $(1) is the path prefix.
define descend
obj-y :=
ccflags-y :=
include $(srctree)/$(1)Makefile
all-objs += $$(addprefix $(1),$$(filter %.o,$$(obj-y)))
$$(foreach o,$$(filter %.o,$$(obj-y)),$$(eval CFLAGS_$(1)$$(o) := $$(ccflags-y) $$(CFLAGS_$$(o))))
$$(foreach d,$$(filter %/,$$(obj-y)),$$(eval $$(call descend,$(1)$$(d))))
endef

all-objs :=
core-y		:= arch/x86/ init/ kernel/ mm/ lib/ drivers/ net/ managers/
ifneq ($(need-config),)
$(foreach d,$(core-y),$(eval $(call descend,$(d))))
endif

OBJS		:= $(addprefix $(objtree)/,$(all-objs))
C_SRCS		:= $(patsubst %.o,$(srctree)/%.c,$(filter $(patsubst %.c,%.o,$(shell cd $(srctree) && find . -name '*.c' -printf '%P\n')),$(all-objs)))

LDS		:= $(objtree)/arch/x86/kernel/tessera.lds
ELF		:= $(objtree)/$(NAME).elf
ISO		:= $(objtree)/$(NAME).iso

# ---------------------------------------------------------------- rules

# Version and build id for the banner: rewritten only when they change, so
# only init/main.o is rebuilt for a new commit.
COMPILE_H	:= $(objtree)/include/generated/compile.h
BUILD_ID	= $(shell git -C $(srctree) describe --always --dirty 2>/dev/null || echo nogit)
.PHONY: FORCE
$(COMPILE_H): FORCE
	$(Q)mkdir -p $(dir $@)
	$(Q)printf '#define TESSERA_VERSION "%s"\n#define TESSERA_BUILD "%s, gcc %s"\n' \
		'$(VERSION)' '$(BUILD_ID)' '$(shell $(CC) -dumpversion)' > $@.tmp
	$(Q)cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
$(objtree)/init/main.o: $(COMPILE_H)

.PHONY: all
all: $(ELF)

$(objtree)/%.o: $(srctree)/%.c $(AUTOCONF_H)
	$(quiet) CC $*.o
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(KBUILD_CPPFLAGS) $(KBUILD_CFLAGS) $(CFLAGS_$*.o) -MMD -MP -c $< -o $@

$(objtree)/%.o: $(srctree)/%.S $(AUTOCONF_H)
	$(quiet) AS $*.o
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(KBUILD_CPPFLAGS) $(KBUILD_AFLAGS) -MMD -MP -c $< -o $@

$(LDS): $(srctree)/arch/x86/kernel/tessera.lds.S $(AUTOCONF_H)
	$(quiet) LDS $(notdir $@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(KBUILD_CPPFLAGS) -D__ASSEMBLY__ -D__LINKER__ -E -P -MMD -MP -MT $@ \
		-x assembler-with-cpp $< -o $@

# The symbol table is linked in by a second pass. kallsyms.S sits after all
# text, so pass 2 moves no function; the script checks that and fails if not.
KSYMS_PY	:= $(srctree)/scripts/kallsyms.py

$(ELF): $(OBJS) $(LDS) $(KSYMS_PY)
	$(quiet) LD $(NAME).elf
	$(Q)mkdir -p $(objtree)/.tmp
	$(Q)$(PYTHON) $(KSYMS_PY) --empty > $(objtree)/.tmp/kallsyms0.S
	$(Q)$(CC) $(KBUILD_CPPFLAGS) $(KBUILD_AFLAGS) -c $(objtree)/.tmp/kallsyms0.S -o $(objtree)/.tmp/kallsyms0.o
	$(Q)$(LD) $(KBUILD_LDFLAGS) -T $(LDS) -o $(objtree)/.tmp/pass1.elf $(OBJS) $(objtree)/.tmp/kallsyms0.o
	$(quiet) KSYMS $(NAME).elf
	$(Q)$(NM) -n -S --defined-only $(objtree)/.tmp/pass1.elf | \
		$(PYTHON) $(KSYMS_PY) > $(objtree)/.tmp/kallsyms1.S
	$(Q)$(CC) $(KBUILD_CPPFLAGS) $(KBUILD_AFLAGS) -c $(objtree)/.tmp/kallsyms1.S -o $(objtree)/.tmp/kallsyms1.o
	$(Q)$(LD) $(KBUILD_LDFLAGS) -T $(LDS) -Map $(objtree)/System.map.ld -o $@.tmp $(OBJS) $(objtree)/.tmp/kallsyms1.o
	$(Q)$(NM) -n -S --defined-only $@.tmp | $(PYTHON) $(KSYMS_PY) --verify $(objtree)/.tmp/kallsyms1.S
	$(Q)$(NM) -n $@.tmp | grep -v '\( [aNUw] \)\|\(__crc_\)\|\( \$$[adt]\)' > $(objtree)/System.map
	$(Q)mv $@.tmp $@
	@size $@ | tail -1 | awk '{ printf "  %-8s %s: text %d, data %d, bss %d bytes\n", "SIZE", "$(NAME).elf", $$1, $$2, $$3 }'

# ---------------------------------------------------------------- sparse

ifneq ($(C),)
SPARSE_STAMPS := $(patsubst $(srctree)/%.c,$(objtree)/.sparse/%.chk,$(C_SRCS))
all: sparse
.PHONY: sparse
sparse: $(SPARSE_STAMPS)
	@echo "  SPARSE   $(words $(SPARSE_STAMPS)) files checked, no warnings"
.PHONY: $(SPARSE_STAMPS)
$(objtree)/.sparse/%.chk: $(srctree)/%.c $(AUTOCONF_H)
	$(quiet) CHECK $*.c
	$(Q)$(SPARSE) $(KBUILD_CPPFLAGS) $(SPARSE_FLAGS) $(CFLAGS_$*.o) $<
endif

# ---------------------------------------------------------------- images

ISO_DIR		:= $(objtree)/.tmp/iso
.PHONY: iso
iso: $(ISO)
$(ISO): $(ELF) $(srctree)/scripts/grub.cfg
	$(quiet) ISO $(NAME).iso
	$(Q)rm -rf $(ISO_DIR) && mkdir -p $(ISO_DIR)/boot/grub
	$(Q)cp $(ELF) $(ISO_DIR)/boot/$(NAME).elf
	$(Q)cp $(srctree)/scripts/grub.cfg $(ISO_DIR)/boot/grub/grub.cfg
	$(Q)grub-mkrescue --locales= --fonts= --themes= -o $@ $(ISO_DIR) 2>$(objtree)/.tmp/grub-mkrescue.log || \
		{ cat $(objtree)/.tmp/grub-mkrescue.log; exit 1; }

# ---------------------------------------------------------------- run/test

QEMU_RUN	:= $(srctree)/scripts/qemu-run.sh
CMDLINE		?=
# make run: the default cluster (fabric, one processor VM, one memory VM)
# runs a workload as a remote process. RUN_ARGS adds launcher options
# (e.g. RUN_ARGS="--pcache 1M --ways 4 --smp 2"); RUN_PROG replaces the
# program and its arguments.
WL_ROOT		:= $(objtree)/workloads/root
RUN_ARGS	?=
RUN_PROG	?= /bin/wordcount -t 2 -i /data/tiny/corpus.txt
.PHONY: run boot debug check hostcheck workloads
run: $(ELF)
	$(Q)$(MAKE) -C $(srctree)/workloads O=$(objtree)/workloads/build \
		DESTDIR=$(WL_ROOT) install >/dev/null
	$(Q)$(srctree)/scripts/tessera-run --kernel $(ELF) --pcache 4M --ways 8 \
		--add $(WL_ROOT)/bin:/bin --add $(WL_ROOT)/data:/data \
		$(RUN_ARGS) -- $(RUN_PROG)

# make boot: the bare kernel under QEMU with CMDLINE (ktest=all, ...)
boot: $(ELF)
	$(Q)$(QEMU_RUN) --kernel $(ELF) --append "$(CMDLINE)"

debug: $(ELF)
	$(Q)$(srctree)/scripts/debug.sh $(ELF) "$(CMDLINE)"

hostcheck:
	$(Q)$(MAKE) -C $(srctree)/tests/host O=$(objtree)/tests/host

workloads:
	$(Q)$(MAKE) -C $(srctree)/workloads O=$(objtree)/workloads/build

check: $(ELF) $(ISO)
	$(Q)$(srctree)/scripts/check.sh --objtree $(objtree) --srctree $(srctree)

# ---------------------------------------------------------------- clean

.PHONY: clean mrproper distclean
clean:
	$(Q)rm -rf $(objtree)/.tmp $(objtree)/.sparse $(objtree)/tests/host/build \
		$(objtree)/workloads/build $(objtree)/tests/user/build \
		$(ELF) $(ISO) $(objtree)/System.map $(objtree)/System.map.ld
	$(Q)find $(objtree) -path $(srctree)/.git -prune -o \( -name '*.o' -o -name '*.d' \) -type f -print0 | xargs -0 rm -f
	$(Q)rm -f $(LDS)

mrproper distclean: clean
	$(Q)rm -rf $(objtree)/include/generated $(objtree)/include/config \
		$(KCONFIG_CONFIG) $(KCONFIG_CONFIG).old

# ---------------------------------------------------------------- help

.PHONY: help
help:
	@echo 'Configuration:'
	@echo '  defconfig        - default configuration (configs/defconfig)'
	@echo '  test_defconfig   - every in-kernel test suite enabled'
	@echo '  menuconfig       - edit .config in a text UI'
	@echo '  olddefconfig     - update .config, new options at their defaults'
	@echo '  savedefconfig    - write a minimal defconfig'
	@echo 'Build:'
	@echo '  all (default)    - tessera.elf, with symbols, at the top of the build dir'
	@echo '  iso              - tessera.iso, a GRUB (BIOS+UEFI) rescue image'
	@echo '  C=1              - also run sparse on every kernel C file'
	@echo '  O=dir            - build out of tree, in dir'
	@echo '  V=1              - show full commands'
	@echo 'Run and test:'
	@echo '  run              - the default QEMU cluster (fabric + processor VM + memory VM)'
	@echo '                     runs wordcount as a remote process; RUN_ARGS=, RUN_PROG='
	@echo '  boot             - boot tessera.elf alone in QEMU (TCG); CMDLINE="..." adds parameters'
	@echo '  debug            - boot paused with a gdb stub and attach gdb with symbols'
	@echo '  check            - host tests, in-kernel tests in QEMU, GRUB ISO boot'
	@echo '  hostcheck        - host unit tests only (ASan/UBSan)'
	@echo '  workloads        - build the static Linux workloads (glibc and musl)'
	@echo 'Cleaning:'
	@echo '  clean            - remove objects and images'
	@echo '  mrproper         - clean, and remove the configuration'

-include $(OBJS:.o=.d) $(LDS:.lds=.d)
