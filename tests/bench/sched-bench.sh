#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Boot the kernel with "schedbench" and report context-switch cost and IPI
# round-trip time, as ns and as multiples of an empty function call
# measured in the same run. A benchmark, not a test: numbers under TCG
# are only comparable with each other.
#
# usage: tests/bench/sched-bench.sh [--smp N] [--kernel tessera.elf]
set -eu
smp=2
kernel=tessera.elf
while [ $# -gt 0 ]; do
	case $1 in
	--smp) smp=$2; shift 2 ;;
	--kernel) kernel=$2; shift 2 ;;
	*) echo "usage: $0 [--smp N] [--kernel tessera.elf]" >&2; exit 2 ;;
	esac
done
dir=$(dirname "$0")/../..
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$dir/scripts/qemu-run.sh" --smp "$smp" --kernel "$kernel" --append schedbench \
	--expect "schedbench: done" --timeout 120 >"$log" 2>&1 || {
	echo "sched-bench: the run failed; log:" >&2
	tail -20 "$log" >&2
	exit 1
}
grep "schedbench:" "$log" | sed 's/^\[[^]]*\] //'
