# SPDX-License-Identifier: GPL-2.0
# The memory manager's portable pieces in the host tests (tests/host/Makefile
# includes every tests/host/*/*.mk): the newc cpio parser and its suite.

KSIDE_SRCS += managers/memory/cpio.c tests/host/memory/cpio_host_test.c

$(O)/tests/host/memory/%.o: CFLAGS_KSIDE += -I$(SRCTREE)/managers/memory
