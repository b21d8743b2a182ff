#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Boot-time benchmark: wall time from QEMU start to milestones on the
serial console, under TCG, median of N runs.

Milestones: the banner, the test runner starting ("ktest: suite"), and the
ktest summary. The baseline, run in the same invocation, is QEMU -kernel to
the banner; the other paths are printed as ratios to it.

  tests/bench/boot-time.py [--runs 5] [--elf tessera.elf] [--iso tessera.iso]
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

QEMU = ["qemu-system-x86_64", "-machine", "pc", "-accel", "tcg",
        "-cpu", "qemu64,+nx", "-m", "256M", "-display", "none",
        "-monitor", "none", "-serial", "stdio", "-no-reboot",
        "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]


def run_once(boot_args, marks, timeout=120):
    """Boot once; return {mark: seconds since QEMU start} for each mark."""
    start = time.monotonic()
    proc = subprocess.Popen(QEMU + boot_args, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    seen = {}
    try:
        for raw in proc.stdout:
            line = raw.decode("latin-1")
            now = time.monotonic() - start
            for m in marks:
                if m not in seen and m in line:
                    seen[m] = now
            if len(seen) == len(marks) or now > timeout:
                break
    finally:
        proc.kill()
        proc.wait()
    return seen


def measure(name, boot_args, marks, runs):
    samples = {m: [] for m in marks}
    for _ in range(runs):
        seen = run_once(boot_args, marks)
        for m in marks:
            if m not in seen:
                sys.exit("boot-time: %s never printed %r" % (name, m))
            samples[m].append(seen[m])
    return {m: statistics.median(v) for m, v in samples.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--elf", default="tessera.elf")
    ap.add_argument("--iso", default="tessera.iso")
    a = ap.parse_args()

    banner = "splitkernel"
    base = measure("-kernel", ["-kernel", a.elf], [banner], a.runs)[banner]
    kt = measure("-kernel ktest=all", ["-kernel", a.elf, "-append", "ktest=all"],
                 [banner, "ktest: suite", "ktest: ran"], a.runs)
    rows = [("-kernel to banner (baseline)", base),
            ("-kernel to test runner", kt["ktest: suite"]),
            ("-kernel ktest=all to summary", kt["ktest: ran"])]
    if os.path.exists(a.iso):
        iso = measure("iso", ["-cdrom", a.iso, "-boot", "d"], [banner], a.runs)
        rows.append(("GRUB ISO (BIOS) to banner", iso[banner]))
    print("boot-time: median of %d runs, QEMU TCG, 256 MiB" % a.runs)
    for label, secs in rows:
        print("  %-32s %7.3f s  x%.2f" % (label, secs, secs / base))
    print("  image %s: %d bytes" % (a.elf, os.path.getsize(a.elf)))


if __name__ == "__main__":
    main()
