# SPDX-License-Identifier: GPL-2.0
# The mm allocators (memblock, buddy, slab) and their suites in the host
# tests (tests/host/Makefile includes every tests/host/*/*.mk). mm_host.h
# stands in for the direct map, interrupt masking, WARN counting and
# panic(); it is force-included after host.h into these files only, which
# are also built with page and slab poisoning on so those checks run.

KSIDE_SRCS += mm/memblock.c mm/page_alloc.c mm/slab.c \
	mm/page_alloc_test.c mm/slab_test.c \
	tests/host/mm/mm_host.c tests/host/mm/memblock_host_test.c \
	tests/host/mm/mm_stress_host_test.c

$(O)/mm/%.o $(O)/tests/host/mm/%.o: CFLAGS_KSIDE += \
	-include $(SRCTREE)/tests/host/mm/mm_host.h \
	-DCONFIG_PAGE_POISONING=1 -DCONFIG_SLAB_DEBUG=1
