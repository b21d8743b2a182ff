#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make debug: boot tessera.elf in QEMU stopped at the first instruction with
# a gdb stub on localhost:1234, and attach gdb with the kernel's symbols.
# The serial console goes to FILE (default /tmp/tessera-debug.log).
set -eu
elf=${1:?usage: debug.sh tessera.elf [cmdline]}
cmdline=${2:-}
log=${DEBUG_LOG:-/tmp/tessera-debug.log}
port=${GDB_PORT:-1234}

qemu-system-x86_64 -machine pc -accel tcg -cpu qemu64,+nx -m 256M \
	-display none -monitor none -serial "file:$log" -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$elf" -append "$cmdline" -gdb "tcp:127.0.0.1:$port" -S &
qpid=$!
trap 'kill $qpid 2>/dev/null || true' EXIT
echo "debug: QEMU pid $qpid paused; console in $log"

# The kernel switches from 32-bit to 64-bit code: tell gdb the
# architecture, then stop in start_kernel.
gdb -q "$elf" \
	-ex "set architecture i386:x86-64" \
	-ex "target remote 127.0.0.1:$port" \
	-ex "hbreak start_kernel" \
	-ex "continue"
