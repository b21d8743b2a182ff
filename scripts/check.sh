#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make check: host unit tests, the in-kernel suites under QEMU, and the boot
# system tests (tests/system/*.test). Prints a summary per layer and ends
# with one line "N passed, N failed"; exits non-zero on any failure.
set -u

objtree=. srctree=.
while [ $# -gt 0 ]; do
	case "$1" in
	--objtree) objtree=$2; shift 2 ;;
	--srctree) srctree=$2; shift 2 ;;
	*) echo "check: unknown option $1" >&2; exit 2 ;;
	esac
done

elf=$objtree/tessera.elf
iso=$objtree/tessera.iso
logdir=$objtree/.tmp/check
FITSTRESS_CALLS=${FITSTRESS_CALLS:-20000}	# echoes in the cluster's loss/dup/reorder run
rm -rf "$logdir"; mkdir -p "$logdir"
run=$srctree/scripts/qemu-run.sh

total_pass=0 total_fail=0
failures=()

# count PASS FAIL LAYER: add a layer's numbers to the totals
count() {
	total_pass=$((total_pass + $1))
	total_fail=$((total_fail + $2))
	printf 'check: %-28s %4d passed, %d failed\n' "$3" "$1" "$2"
}

# Last "<tag>: N passed, M failed" line of a log, as "N M" (empty if none).
summary_of() {
	tr -d '\r' < "$2" | sed -n "s/^\(\[[ 0-9.]*\] \)\?$1: \([0-9]*\) passed, \([0-9]*\) failed$/\2 \3/p" | tail -n 1
}

# --- native layers: host unit tests, workloads, user tests on Linux --------
# native_layer TAG LABEL LOGNAME CMD...: run CMD, read its "TAG: N passed,
# M failed" line; a non-zero exit with no failure counted (a sanitizer
# report, a crash) still fails the layer.
native_layer() {
	local tag=$1 label=$2 log=$logdir/$3.log s rc
	shift 3
	"$@" > "$log" 2>&1
	rc=$?
	s=$(summary_of "$tag" "$log")
	grep -a '^ *not ok\|^FAIL' "$log" | sed 's/^/  /'
	if [ -z "$s" ]; then
		failures+=("$label: no summary (exit $rc), see $log")
		tail -n 20 "$log"
		count 0 1 "$label"
		return
	fi
	set -- $s
	if [ "$rc" != 0 ] && [ "$2" = 0 ]; then
		failures+=("$label exited $rc with no failure counted, see $log")
		count "$1" 1 "$label"
		return
	fi
	[ "$2" = 0 ] || failures+=("$label: $2 failed, see $log")
	count "$1" "$2" "$label"
}

# --- layer 2: in-kernel tests, at 1, 2 and 4 CPUs ---------------------------
ktest_layer() {
	local cpus=$1 log=$logdir/ktest-smp$1.log s rc layer="in-kernel tests -smp $1"
	"$run" --kernel "$elf" --append "ktest=all" --mem 256M --smp "$cpus" \
		--timeout 600 --log "$log" --quiet 2>"$log.err"
	rc=$?
	s=$(summary_of ktest "$log")
	tr -d '\r' < "$log" | grep -a 'not ok\|    # ' | sed 's/^/  /'
	if [ -z "$s" ]; then
		failures+=("ktest -smp $cpus: no summary (qemu-run verdict $rc), see $log")
		tr -d '\r' < "$log" | tail -n 30
		count 0 1 "$layer"
		return
	fi
	set -- $s
	if [ "$rc" != 0 ] && [ "$2" = 0 ]; then
		failures+=("ktest -smp $cpus: summary says pass but verdict was $rc, see $log")
		count "$1" 1 "$layer"
		return
	fi
	[ "$2" = 0 ] || failures+=("ktest -smp $cpus: $2 failed, see $log")
	count "$1" "$2" "$layer"
}

# --- layer 3: boot system tests ---------------------------------------------
# Each tests/system/*.test file sets: DESC, BOOT (kernel|iso), APPEND, MEM,
# TIMEOUT, VERDICT (the qemu-run exit status expected), EXIT_DEVICE=0 to
# boot without isa-debug-exit, SMP=N, UEFI=1 (ISO under OVMF), INITRD (boot
# modules, paths relative to the source tree), QEMU_ARGS=(...), and EXPECT: an
# array of strings that must all appear on the console, REJECT: strings that
# must not.
system_layer() {
	local pass=0 fail=0 t
	for t in "$srctree"/tests/system/*.test; do
		local name DESC BOOT=kernel APPEND= MEM=256M TIMEOUT=120 VERDICT=0 rc ok=1 s
		local EXIT_DEVICE=1 UEFI=0 INITRD= SMP=1
		local -a EXPECT=() REJECT=() QEMU_ARGS=()
		name=$(basename "$t" .test)
		# shellcheck disable=SC1090
		. "$t"
		local log=$logdir/$name.log
		[ -n "$INITRD" ] && INITRD=$(cd "$srctree" && for f in ${INITRD//,/ }; do
			printf '%s,' "$srctree/$f"; done | sed 's/,$//')
		if [ "$BOOT" = iso ]; then
			"$run" --iso "$iso" --mem "$MEM" --timeout "$TIMEOUT" --log "$log" \
				--quiet ${EXPECT_EXIT:+--expect "$EXPECT_EXIT"} \
				$([ "$UEFI" = 1 ] && echo --uefi) -- "${QEMU_ARGS[@]}" 2>"$log.err"
		else
			"$run" --kernel "$elf" --append "$APPEND" --mem "$MEM" --smp "$SMP" --timeout "$TIMEOUT" \
				--log "$log" --quiet ${EXPECT_EXIT:+--expect "$EXPECT_EXIT"} \
				${INITRD:+--initrd "$INITRD"} \
				$([ "$EXIT_DEVICE" = 1 ] || echo --no-exit-device) -- "${QEMU_ARGS[@]}" 2>"$log.err"
		fi
		rc=$?
		if [ "$rc" != "$VERDICT" ]; then
			ok=0; echo "  $name: verdict $rc, expected $VERDICT"
		fi
		for s in "${EXPECT[@]}"; do
			tr -d '\r' < "$log" | grep -aqF -- "$s" || { ok=0; echo "  $name: missing \"$s\""; }
		done
		for s in "${REJECT[@]}"; do
			tr -d '\r' < "$log" | grep -aqF -- "$s" && { ok=0; echo "  $name: unexpected \"$s\""; }
		done
		if [ $ok = 1 ]; then
			pass=$((pass + 1)); echo "    ok $name - $DESC"
		else
			fail=$((fail + 1)); echo "    not ok $name - $DESC (log: $log)"
			failures+=("system test $name")
		fi
		unset EXPECT_EXIT
	done
	count $pass $fail "system tests"
}

# --- layer 4: the user suite on Tessera through scripts/tessera-run --------
# /bin/usertests -B runs every tests/user program (glibc and musl builds, each
# in a child with a time limit) and the busybox checks, as init, in four
# configurations: roomy (64 MiB, 8 ways) and tiny (1 MiB = 64 sets x 4 ways,
# constant eviction) pcache, each at -smp 1 and -smp 4. Every test line counts
# on its own; a configuration also needs init's exit status 0, the leak check
# (pcache lines and M's pages back to their starting values), no pcache
# errors, and the same set of passing tests as the first configuration.
user_layer() {
	local pass=0 fail=0 cfg name size ways cpus limit log rc line first= got tag
	# limit: seconds per test program (usertests -t); the tiny pcache makes
	# fork-heavy tests miss constantly, each miss a FIT round trip under TCG
	for cfg in roomy:64M:8:1:60 tiny:1M:4:1:240 roomy:64M:8:4:60 tiny:1M:4:4:240; do
		IFS=: read -r name size ways cpus limit <<< "$cfg"
		tag="$name pcache $size/$ways ways, -smp $cpus"
		log=$logdir/usertests-$name-smp$cpus.log
		"$srctree/scripts/tessera-run" --single --kernel "$elf" \
			--user-tests "$objtree/tests/user/build" --pcache "$size" \
			--ways "$ways" --smp "$cpus" --timeout 1800 --quiet \
			--log "$log" -- /bin/usertests -t "$limit" -B > "$log.out" 2>&1
		rc=$?
		tr -d '\r' < "$log" | sed 's/^\[ *[0-9.]*\] //' > "$log.clean"
		# one check per test program (PASS NAME lines of each child) ...
		while read -r line; do
			case $line in
			"PASS "*) pass=$((pass + 1)); echo "    ok user ${line#PASS } ($tag)" ;;
			"FAIL "*) fail=$((fail + 1)); echo "    not ok user ${line#FAIL } ($tag)"
				  failures+=("user ${line#FAIL } ($tag)") ;;
			esac
		done < <(grep -aE '^(PASS|FAIL) ' "$log.clean")
		# ... and one for the run as a whole
		got=$(grep -aE '^PASS ' "$log.clean" | sort | tr '\n' ' ')
		[ -z "$first" ] && first=$got
		if [ "$rc" = 0 ] && grep -aq '^user: [0-9]* passed, 0 failed' "$log.clean" &&
		   grep -aq '^pm: leak check ok' "$log.clean" &&
		   grep -aq 'pcache: hits .* errors 0$' "$log.clean" && [ "$got" = "$first" ]; then
			pass=$((pass + 1))
			echo "    ok usertests run ($tag): exit 0, no leak, no pcache errors, same results"
		else
			fail=$((fail + 1))
			echo "    not ok usertests run ($tag): exit $rc (log: $log)"
			grep -aE '^(user:|pm: leak|pcache: hits)' "$log.clean" | sed 's/^/      /'
			[ "$got" = "$first" ] || echo "      passing set differs from the first configuration"
			failures+=("usertests run ($tag)")
		fi
	done
	count $pass $fail "user suite on Tessera"
}

# --- layer 5: two VMs, P and M apart, FIT over software RoCE ----------------
# scripts/tessera-run without --single: tools/fabric plus a processor VM and a
# memory VM. (1) The user suite without its fork-heavy programs (fork and
# mmap: a remote miss is a 4 KiB RPC through the emulated NIC, ~0.6 ms under
# TCG, so they take minutes) plus the busybox checks run on P as remote
# processes, with a roomy pcache on one CPU (a tiny pcache on four CPUs
# passed by hand once and stalled once in busybox sort: TODO); (2) the
# fabric's pcap of the roomy run must decode in tshark as RoCE v2 with no
# malformed frame, and pass roce-pcap-check (ICRC, headers); (3) FIT under
# 1 % loss, 1 % duplication and 2 % reordering: checksummed echoes that must
# all complete once with their data; (4) the memory VM killed mid-run.
cluster_layer() {
	local pass=0 fail=0 log rc line n bad cfg name size ways cpus tag
	local fab=$objtree/tools/fabric
	for cfg in roomy:16M:8:1; do	# TODO: tiny:1M:4:4 stalled once in busybox sort (issue 5 note)
		IFS=: read -r name size ways cpus <<< "$cfg"
		tag="$name pcache $size/$ways ways, -smp $cpus"
		log=$logdir/cluster-usertests-$name.log
		mkdir -p "$logdir/cluster-$name"
		"$srctree/scripts/tessera-run" --kernel "$elf" --fabric "$fab" \
			--user-tests "$objtree/tests/user/build" --timeout 1200 --quiet \
			--pcache "$size" --ways "$ways" --smp "$cpus" \
			--log-dir "$logdir/cluster-$name" --pcap "$logdir/cluster-$name.pcap" \
			-- /bin/usertests -t 300 -B hello args brk badptr signals pipes \
			fileio procfs threads > "$log" 2>&1
		rc=$?
		tr -d '\r' < "$logdir/cluster-$name/P0.log" | sed 's/^\[ *[0-9.]*\] //' > "$log.clean"
		while read -r line; do
			case $line in
			"PASS "*) pass=$((pass + 1)); echo "    ok cluster ${line#PASS } ($tag)" ;;
			"FAIL "*) fail=$((fail + 1)); echo "    not ok cluster ${line#FAIL } ($tag)"
				  failures+=("cluster ${line#FAIL } ($tag)") ;;
			esac
		done < <(grep -aE '^(PASS|FAIL) ' "$log.clean")
		if [ "$rc" = 0 ] && grep -aq '^user: [0-9]* passed, 0 failed' "$log.clean" &&
		   grep -aq '^pm: leak check ok' "$log.clean" &&
		   grep -aq 'pcache: hits .* errors 0$' "$log.clean"; then
			pass=$((pass + 1)); echo "    ok cluster usertests run ($tag): exit 0, no leak, no pcache errors"
		else
			fail=$((fail + 1)); echo "    not ok cluster usertests run ($tag): exit $rc (log: $log)"
			failures+=("cluster usertests run ($tag)")
		fi
	done
	log=$logdir/cluster-usertests-roomy.log
	cp "$logdir/cluster-roomy.pcap" "$logdir/cluster.pcap"
	# the capture: every frame RoCE v2 to tshark, none malformed, ICRCs right
	# (FIT's payload is opaque: keep tshark from guessing a protocol in it)
	local ts=(tshark -o infiniband.identify_payload:FALSE -r "$logdir/cluster.pcap")
	n=$("${ts[@]}" 2>/dev/null | grep -c ' RRoCE ')
	bad=$("${ts[@]}" -Y '_ws.malformed || _ws.expert.severity >= "error"' 2>/dev/null | wc -l)
	if [ "${n:-0}" -gt 100 ] && [ "$bad" = 0 ] &&
	   [ "$("${ts[@]}" 2>/dev/null | wc -l)" = "$n" ] &&
	   "$fab/roce-pcap-check" --min-roce 100 "$logdir/cluster.pcap" > "$log.pcap" 2>&1; then
		pass=$((pass + 1)); echo "    ok cluster pcap: $n frames, all RoCE v2 to tshark, none malformed, ICRCs valid"
	else
		fail=$((fail + 1)); echo "    not ok cluster pcap: ${n:-0} RoCE frames, $bad malformed (see $log.pcap)"
		failures+=("cluster pcap")
	fi
	# FIT under loss, duplication and reordering
	log=$logdir/cluster-stress.log
	mkdir -p "$logdir/stress"
	"$srctree/scripts/tessera-run" --kernel "$elf" --fabric "$fab" \
		--user-tests "$objtree/tests/user/build" --timeout 600 --quiet \
		--log-dir "$logdir/stress" --loss 1 --dup 1 --reorder 2 --seed 7 \
		--append-p "fitstress=$FITSTRESS_CALLS" -- /bin/true > "$log" 2>&1
	if tr -d '\r' < "$logdir/stress/P0.log" |
	   grep -aq 'fitstress: PASS: every call completed once with its data'; then
		pass=$((pass + 1)); echo "    ok cluster FIT stress: $FITSTRESS_CALLS echoes, loss 1 %, dup 1 %, reorder 2 %"
	else
		fail=$((fail + 1)); echo "    not ok cluster FIT stress (log: $logdir/stress/P0.log)"
		failures+=("cluster FIT stress")
	fi
	# M dies mid-run: P's process must fail with an error (not hang), and P
	# must report the node down, within fit's timeouts
	log=$logdir/cluster-kill.log
	mkdir -p "$logdir/kill"
	printf '#!/bin/sh\ni=0\nwhile :; do i=$((i+1)); echo $i > /tmp/f; done\n' > "$logdir/kill/busy.sh"
	"$srctree/scripts/tessera-run" --kernel "$elf" --fabric "$fab" \
		--user-tests "$objtree/tests/user/build" --timeout 300 --quiet \
		--log-dir "$logdir/kill" --kill-memory-after 8 \
		--add "$logdir/kill/busy.sh:/bin/busy.sh" -- /bin/sh /bin/busy.sh > "$log" 2>&1
	rc=$?
	if [ "$rc" != 0 ] && [ "$rc" != 124 ] && [ "$rc" != 125 ] &&
	   tr -d '\r' < "$logdir/kill/P0.log" | grep -aq 'fit: node 1 .* is down' &&
	   tr -d '\r' < "$logdir/kill/P0.log" | grep -aq 'init exited with status'; then
		pass=$((pass + 1)); echo "    ok cluster M killed mid-run: P reports node 1 down, the process fails (exit $rc)"
	else
		fail=$((fail + 1)); echo "    not ok cluster M killed mid-run: exit $rc (log: $logdir/kill/P0.log)"
		failures+=("cluster M killed mid-run")
	fi
	count $pass $fail "two VMs over RoCE"
}

start=$(date +%s)
native_layer host "host unit tests" host \
	make -C "$srctree/tests/host" O="$objtree/tests/host"
native_layer fabric "host fabric (tools/fabric)" fabric \
	make -C "$srctree/tools/fabric" O="$objtree/tools/fabric" check
native_layer workloads "workloads (native, tiny)" workloads \
	make -C "$srctree/workloads" O="$objtree/workloads/build" check
native_layer user "user tests (native Linux)" user-native \
	make -C "$srctree/tests/user" O="$objtree/tests/user/build" check
for n in 1 2 4; do
	ktest_layer $n
done
system_layer
user_layer
cluster_layer
echo "check: took $(( $(date +%s) - start ))s; logs in $logdir"
for f in "${failures[@]}"; do echo "check: FAILED: $f"; done
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
