# SPDX-License-Identifier: GPL-2.0
# The software RoCE provider's portable pieces in the host tests
# (tests/host/Makefile includes every tests/host/*/*.mk): the packet codec
# and the RC sequencing state machines, with their suites.

KSIDE_SRCS += drivers/infiniband/sw/roce_wire.c drivers/infiniband/sw/roce_psn.c \
	tests/host/roce/roce_wire_host_test.c tests/host/roce/roce_psn_host_test.c
