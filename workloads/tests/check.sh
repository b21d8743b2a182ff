#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make -C workloads check: generator determinism, then every workload on
# the tiny inputs, glibc and musl builds, 1 and 2 threads. One line per
# test ("    ok N name" / "    not ok N name: reason"), then
# "workloads: N passed, M failed". Exits non-zero on any failure.
set -u

O=${1:?usage: check.sh BUILD_DIR}
tmp=$O/check
rm -rf "$tmp"
mkdir -p "$tmp"
n=0 pass=0 fail=0

ok() { n=$((n + 1)); pass=$((pass + 1)); echo "    ok $n $1"; }
not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "    not ok $n $1: $2"; }

# --- generator: same seed -> same bytes (across runs and libcs) ---------
gen() { "$O/$1/wlgen" -s tiny -S "$2" -d "$tmp/$3" > /dev/null 2>"$tmp/$3.err"; }
if gen glibc 7 s7a && gen glibc 7 s7b && gen musl 7 s7m && gen glibc 8 s8 &&
   gen glibc 1 data; then
	diff=$(cd "$tmp/s7a" && for f in *; do
		cmp -s "$f" "../s7b/$f" || echo "$f differs between runs"
		cmp -s "$f" "../s7m/$f" || echo "$f differs glibc/musl"
		cmp -s "$f" "../s8/$f" && echo "$f same for seeds 7 and 8"
	done)
	if [ "$(ls "$tmp/s7a" | wc -l)" != 6 ]; then
		not_ok wlgen.determinism "expected 6 files, got $(ls "$tmp/s7a" | wc -l)"
	elif [ -n "$diff" ]; then
		not_ok wlgen.determinism "$(echo $diff)"
	else
		ok wlgen.determinism
	fi
else
	not_ok wlgen.determinism "wlgen failed: $(head -c 200 "$tmp"/*.err)"
fi
rm -rf "$tmp/s7a" "$tmp/s7b" "$tmp/s7m" "$tmp/s8"

# --- workloads ------------------------------------------------------------
d=$tmp/data
runs=(
	"wordcount -i $d/corpus.txt"
	"strmatch -i $d/corpus.txt"
	"histogram -i $d/image.bmp"
	"kmeans -i $d/kmeans.dat"
	"linreg -i $d/linreg.dat"
	"matmul -i $d/matmul.dat"
	"pca -i $d/pca.dat"
	"mlp -S tiny"
	"cnn -S tiny"
)
for r in "${runs[@]}"; do
	set -- $r
	prog=$1
	shift
	sums=()
	for libc in glibc musl; do
		for t in 1 2; do
			name=$prog.$libc.t$t
			log=$tmp/$name.log
			timeout 60 "$O/$libc/$prog" -t $t "$@" > "$log" 2>&1
			rc=$?
			sum=$(sed -n "s/^$prog: checksum //p" "$log")
			sums+=("$sum")
			if [ $rc != 0 ]; then
				not_ok "$name" "exit $rc, $(grep -m1 -e FAILED -e "$prog: " "$log" | tail -n 1)"
			elif ! grep -q "^$prog: verify ok$" "$log" || [ -z "$sum" ]; then
				not_ok "$name" "no checksum or verify line"
			else
				ok "$name"
			fi
		done
	done
	if [ "$(printf '%s\n' "${sums[@]}" | sort -u | wc -l)" = 1 ] && [ -n "${sums[0]}" ]; then
		ok "$prog.checksums-agree"
	else
		not_ok "$prog.checksums-agree" "${sums[*]}"
	fi
done

echo "workloads: $pass passed, $fail failed"
[ $fail = 0 ]
