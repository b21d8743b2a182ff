# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154,SC2034 # variables shared with scripts/tessera-run
# The cluster mode of scripts/tessera-run (sourced by it, not run alone):
# start tessera-fabric and the processor and memory VMs, prefix their consoles.
#
# Uses tessera-run's variables: srctree me tmp kernel cpio prog (and "$@" as
# PROGRAM's arguments through cl_args) smp mem timeout pcache ways append
# append_p append_m nproc nmem loss dup reorder latency seed pcap fabric
# wait_ms kill_mem log_dir quiet dry log. Sets: log (P0's console), verdict, early.

# every process below PID (QEMU runs under timeout(1) in its own group)
cl_descendants() {
	local c
	for c in $(pgrep -P "$1"); do
		echo "$c"
		cl_descendants "$c"
	done
}

# stop the VM whose qemu-run.sh is PID, and everything below it
cl_stop() {
	local pids
	pids=$(cl_descendants "$1")
	# shellcheck disable=SC2086 # one word per pid
	[ -n "$pids" ] && kill -TERM $pids 2>/dev/null
	kill -TERM "$1" 2>/dev/null
}

cl_pids=() cl_tails=() cl_fabpid=
cl_shutdown() {
	local p
	for p in "${cl_pids[@]}"; do
		[ -n "$p" ] && cl_stop "$p"
	done
	if [ -n "$cl_fabpid" ]; then
		kill -INT "$cl_fabpid" 2>/dev/null
		wait "$cl_fabpid" 2>/dev/null
		cl_fabpid=
	fi
	for p in "${cl_tails[@]}"; do
		kill "$p" 2>/dev/null
	done
	cl_tails=()
}

# node I: name, role, IPv4, MAC (processors first, then memories)
cl_name() { if [ "$1" -lt "$nproc" ]; then echo "P$1"; else echo "M$(($1 - nproc))"; fi; }
cl_role() { if [ "$1" -lt "$nproc" ]; then echo processor; else echo memory; fi; }
cl_ip() { echo "10.0.0.$(($1 + 1))"; }
cl_mac() { printf '52:54:00:00:00:%02x' $(($1 + 1)); }

cl_fabric_bin() {
	local dir
	if [ -z "$fabric" ]; then
		dir=${TESSERA_FABRIC_BUILD:-$srctree/tools/fabric/build}
		if ! make -s -C "$srctree/tools/fabric" O="$dir" >"$tmp/fabric-build.log" 2>&1; then
			cat "$tmp/fabric-build.log" >&2
			echo "$me: building tools/fabric failed" >&2
			exit 125
		fi
		fabric=$dir
	fi
	[ -d "$fabric" ] && fabric=$fabric/tessera-fabric
	[ -x "$fabric" ] || { echo "$me: no tessera-fabric at $fabric" >&2; exit 125; }
}

cluster_run() {
	local n=$((nproc + nmem)) i name role peers= neigh= cmd initrd
	local fargs=() ports=() run t0
	local cl_args=("$@")

	for ((i = 0; i < n; i++)); do
		peers+=${peers:+,}$(cl_ip "$i")
		neigh+=${neigh:+,}$(cl_ip "$i")@$(cl_mac "$i")
		ports+=("$tmp/port$i.sock=$tmp/vm$i.sock")
	done
	# the cluster description: a boot module for every node (processors
	# have no initramfs; this is their module)
	{
		echo "# tessera cluster: node role ip mac"
		for ((i = 0; i < n; i++)); do
			echo "$i $(cl_role "$i") $(cl_ip "$i") $(cl_mac "$i")"
		done
	} > "$tmp/cluster.txt"
	fargs=(--stats "$tmp/fabric.stats")
	[ -n "$loss" ] && fargs+=(--loss "$loss")
	[ -n "$dup" ] && fargs+=(--dup "$dup")
	[ -n "$reorder" ] && fargs+=(--reorder "$reorder")
	[ -n "$latency" ] && fargs+=(--latency-us "$latency")
	[ -n "$seed" ] && fargs+=(--seed "$seed")
	[ -n "$pcap" ] && fargs+=(--pcap "$pcap")

	[ "$dry" = 1 ] || cl_fabric_bin
	if [ "$dry" = 1 ]; then
		printf '%q ' "${fabric:-tessera-fabric}" "${fargs[@]}" "${ports[@]}"; echo
	else
		"$fabric" "${fargs[@]}" "${ports[@]}" >"$tmp/fabric.out" 2>"$tmp/fabric.err" &
		cl_fabpid=$!
		t0=$SECONDS
		until grep -q 'ready' "$tmp/fabric.out" 2>/dev/null; do
			if ! kill -0 "$cl_fabpid" 2>/dev/null || [ $((SECONDS - t0)) -gt 10 ]; then
				cat "$tmp/fabric.err" >&2
				echo "$me: tessera-fabric did not start" >&2
				cl_fabpid=
				exit 125
			fi
			sleep 0.1
		done
		trap 'cl_shutdown; exit 130' INT TERM
		trap 'cl_shutdown; rm -rf "$tmp"' EXIT
	fi

	for ((i = 0; i < n; i++)); do
		name=$(cl_name "$i")
		role=$(cl_role "$i")
		cmd="role=$role fit.node=$i fit.nodes=$n fit.peers=$peers fit.memory=$nproc"
		cmd+=" roce.ip=$(cl_ip "$i") roce.neigh=$neigh"
		[ -n "$wait_ms" ] && cmd+=" fit.wait_ms=$wait_ms"
		[ -n "$append" ] && cmd+=" $append"
		if [ "$role" = processor ]; then
			cmd+=" init=$prog"
			[ -n "$pcache" ] && cmd+=" pcache=$pcache"
			[ -n "$ways" ] && cmd+=" pcache.ways=$ways"
			[ -n "$append_p" ] && cmd+=" $append_p"
			cmd+=" --"
			[ ${#cl_args[@]} -gt 0 ] && cmd+=" ${cl_args[*]}"
			initrd="$tmp/cluster.txt cluster"
		else
			[ -n "$append_m" ] && cmd+=" $append_m"
			initrd="$cpio initramfs"
		fi
		[ ${#cmd} -lt 2048 ] || die "$name: kernel command line is ${#cmd} bytes; the limit is 2047"
		run=("$srctree/scripts/qemu-run.sh" --kernel "$kernel" --append "$cmd"
		     --initrd "$initrd" --smp "$smp" --mem "$mem" --timeout "$timeout"
		     --quiet --log "$tmp/$name.log" --
		     -netdev "dgram,id=n0,local.type=unix,local.path=$tmp/vm$i.sock,remote.type=unix,remote.path=$tmp/port$i.sock"
		     -device "virtio-net-pci,netdev=n0,disable-legacy=on,mac=$(cl_mac "$i")")
		if [ "$dry" = 1 ]; then
			printf '%q ' "${run[@]}"; echo
			continue
		fi
		: > "$tmp/$name.log"
		"${run[@]}" &
		cl_pids[i]=$!
		if [ "$quiet" = 0 ]; then
			tail -n +1 -F --pid="${cl_pids[i]}" "$tmp/$name.log" 2>/dev/null |
				sed -u "s/^/[$name] /" &
			cl_tails+=($!)
		fi
	done
	[ "$dry" = 1 ] && exit 0

	if [ -n "$kill_mem" ]; then
		(sleep "$kill_mem"; echo "$me: killing M0 (--kill-memory-after $kill_mem)" >&2
		 cl_stop "${cl_pids[nproc]}") &
	fi
	# the processors run PROGRAM; their verdicts count, P0's first
	for ((i = nproc - 1; i >= 0; i--)); do
		wait "${cl_pids[i]}"
		verdict=$?
		cl_pids[i]=
	done
	sleep 0.3	# let the tails print the last lines
	cl_shutdown
	early=0
	for ((i = 0; i < n; i++)); do
		name=$(cl_name "$i")
		[ -n "$log_dir" ] && cp "$tmp/$name.log" "$log_dir/$name.log"
	done
	if [ -n "$log" ]; then
		cp "$tmp/P0.log" "$log"
	else
		log=$tmp/P0.log
	fi
	return 0
}

# printed after P0's pcache counters
cluster_summary() {
	local i name
	for ((i = 0; i < nproc + nmem; i++)); do
		name=$(cl_name "$i")
		echo "---- $me: FIT counters of $name ----"
		tr -d '\r' < "$tmp/$name.log" | sed 's/^\[[ 0-9.]*\] //' |
			grep -a -E '^fit: (counters|calls|replies|timeouts|late_dropped|malformed|requests|enosys|emsgsize|send_errors|no_route|rx_nomem|node_down|rdma node|op |node [0-9]+ .* is (up|down))' ||
			echo "(none printed)"
	done
	echo "---- $me: fabric ----"
	cat "$tmp/fabric.stats" 2>/dev/null || echo "(no fabric counters)"
}
