#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot Tessera in QEMU (TCG) with a command line, memory, CPUs and a
# timeout; stream the serial console to stdout and a log file; exit with the
# kernel's verdict:
#   0 pass (ktest all passed, or --expect string seen)   1 tests failed
#   2 kernel panic    3 no verdict (reset, triple fault, QEMU error)
#   124 timeout
set -u

usage() {
	cat <<USAGE
usage: $0 (--kernel tessera.elf | --iso tessera.iso) [options]
  --append "ARGS"     kernel command line (with --kernel)
  --mem SIZE          guest RAM, QEMU syntax (default 256M)
  --smp N             CPUs (default 1)
  --timeout SECONDS   kill QEMU after this long (default 120)
  --log FILE          also write the serial console here
  --expect STRING     succeed (0) as soon as STRING appears on the console
  --initrd "F[,F]"    boot modules (multiboot1 -kernel path)
  --quiet             do not stream the console to stdout
  --uefi              boot the ISO with OVMF instead of SeaBIOS
  --no-exit-device    leave out isa-debug-exit (as on real hardware)
  --qemu-arg ARG      pass ARG to QEMU (repeatable)
  -- ARGS             the rest goes to QEMU
USAGE
	exit 3
}

kernel= iso= append= mem=256M smp=1 timeout=120 log= expect= initrd= quiet=0 uefi=0 exitdev=1
extra=()
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2; shift 2 ;;
	--iso) iso=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--log) log=$2; shift 2 ;;
	--expect) expect=$2; shift 2 ;;
	--initrd) initrd=$2; shift 2 ;;
	--quiet) quiet=1; shift ;;
	--uefi) uefi=1; shift ;;
	--no-exit-device) exitdev=0; shift ;;
	--qemu-arg) extra+=("$2"); shift 2 ;;
	--) shift; extra+=("$@"); break ;;
	-h|--help) usage ;;
	*) echo "qemu-run: unknown option $1" >&2; usage ;;
	esac
done
[ -n "$kernel$iso" ] || usage

QEMU=${QEMU:-qemu-system-x86_64}
command -v "$QEMU" >/dev/null || { echo "qemu-run: $QEMU not found (run scripts/install-deps.sh)" >&2; exit 3; }

# Several vCPUs get one host thread each (multi-threaded TCG), so races
# between CPUs are real races.
accel=tcg
[ "$smp" -gt 1 ] 2>/dev/null && accel=tcg,thread=multi
args=(-machine pc -accel "$accel" -cpu qemu64,+nx -m "$mem" -smp "$smp"
      -display none -vga std -monitor none -serial stdio -no-reboot)
[ "$exitdev" = 1 ] && args+=(-device isa-debug-exit,iobase=0xf4,iosize=0x04)
if [ -n "$kernel" ]; then
	[ -f "$kernel" ] || { echo "qemu-run: no kernel $kernel" >&2; exit 3; }
	args+=(-kernel "$kernel")
	[ -n "$append" ] && args+=(-append "$append")
	[ -n "$initrd" ] && args+=(-initrd "$initrd")
else
	[ -f "$iso" ] || { echo "qemu-run: no ISO $iso" >&2; exit 3; }
	args+=(-cdrom "$iso" -boot d)
	[ "$uefi" = 1 ] && args+=(-bios /usr/share/ovmf/OVMF.fd)
fi
args+=("${extra[@]}")

[ -n "$log" ] || log=$(mktemp /tmp/tessera-qemu.XXXXXX.log)
: > "$log"

tmp=$(mktemp -d /tmp/tessera-run.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
args+=(-pidfile "$tmp/pid")

# QEMU's console goes to the log (and to stdout unless --quiet); its exit
# status comes back through a file because it runs inside a pipeline.
(
	timeout -k 5 "$timeout" "$QEMU" "${args[@]}" </dev/null 2>&1
	echo $? > "$tmp/rc"
) | if [ "$quiet" = 1 ]; then cat > "$log"; else tee "$log"; fi &
ppid=$!

verdict=
if [ -n "$expect" ]; then
	while kill -0 $ppid 2>/dev/null; do
		if grep -aqF -- "$expect" "$log"; then
			verdict=0
			[ -s "$tmp/pid" ] && kill "$(cat "$tmp/pid")" 2>/dev/null
			break
		fi
		sleep 0.2
	done
fi
wait $ppid
rc=$(cat "$tmp/rc" 2>/dev/null || echo 3)

if [ -z "$verdict" ]; then
	if [ -n "$expect" ] && grep -qF -- "$expect" "$log"; then
		verdict=0
	else
		case $rc in
		33) verdict=0 ;;
		35) verdict=1 ;;
		37) verdict=2 ;;
		124|137) verdict=124; echo "qemu-run: timeout after ${timeout}s" >&2 ;;
		*) verdict=3; echo "qemu-run: QEMU exited $rc with no verdict from the kernel (reset, triple fault or QEMU error)" >&2 ;;
		esac
	fi
fi
exit $verdict
