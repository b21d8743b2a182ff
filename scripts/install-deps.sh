#!/usr/bin/env bash
# Installs every Debian 12 package Tessera's build, tests and tools need.
# Step zero of the README; .ci/run calls it too. Safe to run again.
set -euo pipefail

PKGS=(
	# kernel build
	build-essential binutils make
	python3 python3-kconfiglib	# Kconfig: defconfig/menuconfig/genconfig
	sparse				# make C=1
	# boot images and emulation
	grub-pc-bin grub-efi-amd64-bin grub-common xorriso mtools
	qemu-system-x86 ovmf
	# debugging and host tests
	gdb
	musl-tools time			# workloads/: musl-gcc -static; bench max RSS
	cpio busybox-static		# initramfs: mkinitramfs.sh, busybox checks
	tshark				# make check: the fabric pcap decodes as RoCE v2
)

SUDO=
if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
fi

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
	echo "install-deps: all ${#PKGS[@]} packages present"
	exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
