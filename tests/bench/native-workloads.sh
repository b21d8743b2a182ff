#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Native reference runs of the workloads (workloads/, Documentation/workloads.md):
# for each size, generate the inputs (cached), run every workload under
# /usr/bin/time -v and print one table row per run: wall time, the
# workload's own compute time (its "time ... total" line, without input
# loading and verification), max RSS and the result checksum.
#
#   tests/bench/native-workloads.sh [--sizes tiny,small,large] [--threads N]
#       [--libcs glibc,musl] [--build DIR] [--data DIR] [--only prog,prog]
set -u

srctree=$(cd "$(dirname "$0")/../.." && pwd)
sizes=tiny,small threads=2 libcs=glibc only=
build=$srctree/workloads/build
data=$srctree/workloads/build/bench-data
while [ $# -gt 0 ]; do
	case "$1" in
	--sizes) sizes=$2; shift 2 ;;
	--threads) threads=$2; shift 2 ;;
	--libcs) libcs=$2; shift 2 ;;
	--build) build=$2; shift 2 ;;
	--data) data=$2; shift 2 ;;
	--only) only=$2; shift 2 ;;
	*) echo "native-workloads: unknown option $1" >&2; exit 2 ;;
	esac
done
[ -x /usr/bin/time ] || { echo "native-workloads: /usr/bin/time missing (scripts/install-deps.sh)" >&2; exit 2; }
make -C "$srctree/workloads" O="$build" > /dev/null || exit 2

# prog and its arguments; @ is replaced by the data directory of the size
runs=(
	"wordcount -i @/corpus.txt"
	"strmatch -i @/corpus.txt"
	"histogram -i @/image.bmp"
	"kmeans -i @/kmeans.dat"
	"linreg -i @/linreg.dat"
	"matmul -i @/matmul.dat"
	"pca -i @/pca.dat"
	"mlp -S %"
	"cnn -S %"
)

failed=0
printf '%-6s %-10s %-6s %3s %9s %10s %9s  %-16s %s\n' size workload libc thr "wall s" \
	"compute s" "maxRSS MiB" checksum verify
for size in ${sizes//,/ }; do
	dir=$data/$size
	if [ ! -f "$dir/.done" ]; then
		rm -rf "$dir"
		mkdir -p "$data"
		"$build/glibc/wlgen" -s "$size" -d "$dir" > /dev/null || exit 2
		touch "$dir/.done"
	fi
	for r in "${runs[@]}"; do
		r=${r//@/$dir}
		r=${r//%/$size}
		set -- $r
		prog=$1
		shift
		if [ -n "$only" ] && [[ ",$only," != *",$prog,"* ]]; then
			continue
		fi
		for libc in ${libcs//,/ }; do
			log=$data/$size.$prog.$libc.log
			/usr/bin/time -v -o "$log.time" "$build/$libc/$prog" -t "$threads" "$@" \
				> "$log" 2>&1
			rc=$?
			wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log.time" |
				awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }')
			rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log.time")
			comp=$(sed -n "s/^$prog: time .*total \([0-9.]*\) s$/\1/p" "$log")
			sum=$(sed -n "s/^$prog: checksum //p" "$log")
			verify=$(grep -q "^$prog: verify ok" "$log" && echo ok || echo "FAILED(rc=$rc)")
			[ "$verify" = ok ] || failed=1
			printf '%-6s %-10s %-6s %3s %9s %10s %9.1f  %-16s %s\n' "$size" "$prog" "$libc" \
				"$threads" "$wall" "${comp:--}" "$(awk -v k="${rss:-0}" 'BEGIN { print k / 1024 }')" \
				"${sum:--}" "$verify"
		done
	done
done
exit $failed
