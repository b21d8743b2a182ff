#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build Tessera's initramfs: a reproducible newc cpio (Debian's cpio) of the
# default tree (tests/user/initramfs.tree) plus any --add HOSTPATH:GUESTPATH.
set -euo pipefail

srctree=$(cd "$(dirname "$0")/.." && pwd)

usage() {
	cat <<USAGE
usage: $0 -o OUT.cpio [options]
  -o, --output FILE      the cpio archive to write (required)
  --add HOST:GUEST       add a host file or directory at GUEST (repeatable;
                         a directory is copied whole; GUEST must be absolute)
  --tree FILE            tree description (default tests/user/initramfs.tree)
  --user-tests DIR       tests/user build dir (default tests/user/build;
                         built with make if a binary is missing)
  --busybox FILE         static busybox (default /bin/busybox, busybox-static)
  --staging DIR          build the tree in DIR and keep it (default: a temp dir)
  --list                 print the archive's listing after writing it
The archive is reproducible: sorted names, mtime 0 (or \$SOURCE_DATE_EPOCH),
owner root:root, device-independent inode numbers.
USAGE
	exit 2
}

die() { echo "mkinitramfs: $*" >&2; exit 1; }

out= tree=$srctree/tests/user/initramfs.tree utdir= busybox=/bin/busybox staging= list=0
adds=()
while [ $# -gt 0 ]; do
	case "$1" in
	-o|--output) out=${2:?}; shift 2 ;;
	--add) adds+=("${2:?}"); shift 2 ;;
	--tree) tree=${2:?}; shift 2 ;;
	--user-tests) utdir=${2:?}; shift 2 ;;
	--busybox) busybox=${2:?}; shift 2 ;;
	--staging) staging=${2:?}; shift 2 ;;
	--list) list=1; shift ;;
	-h|--help) usage ;;
	*) echo "mkinitramfs: unknown option $1" >&2; usage ;;
	esac
done
[ -n "$out" ] || usage
[ -f "$tree" ] || die "no tree description $tree"
command -v cpio >/dev/null || die "cpio not found (run scripts/install-deps.sh)"

# Validate every --add before doing any work.
for a in "${adds[@]+"${adds[@]}"}"; do
	case $a in
	*:/*) ;;
	*) die "--add $a: want HOSTPATH:/GUESTPATH (absolute guest path)" ;;
	esac
	host=${a%:*} guest=${a##*:}
	[ -e "$host" ] || die "--add $a: $host does not exist"
	case /$guest/ in
	*/../*|*/./*) die "--add $a: guest path may not contain . or .. components" ;;
	esac
	[ "$guest" != / ] || die "--add $a: cannot replace /"
done

utdir=${utdir:-$srctree/tests/user/build}
utdir=$(mkdir -p "$utdir" && cd "$utdir" && pwd)

if [ -n "$staging" ]; then
	rm -rf "$staging"; mkdir -p "$staging"
	root=$(cd "$staging" && pwd)
else
	root=$(mktemp -d /tmp/tessera-initramfs.XXXXXX)
	trap 'rm -rf "$root"' EXIT
fi

ensure_user_tests() {
	[ -x "$utdir/usertests" ] && [ -x "$utdir/hello.musl" ] && return
	echo "mkinitramfs: building tests/user into $utdir" >&2
	make -C "$srctree/tests/user" O="$utdir" >&2 || die "building tests/user failed"
}

# put_mode GUEST MODE: set a tree entry's mode.
put_mode() {
	chmod "$2" "$root$1"
}

lineno=0
while read -r kind path mode rest || [ -n "$kind" ]; do
	lineno=$((lineno + 1))
	case $kind in
	''|'#'*) continue ;;
	dir)
		mkdir -p "$root$path"; put_mode "$path" "$mode" ;;
	text)
		mkdir -p "$(dirname "$root$path")"
		printf '%s\n' "$rest" > "$root$path"; put_mode "$path" "$mode" ;;
	busybox)
		[ -x "$busybox" ] || die "no static busybox at $busybox (apt-get install busybox-static)"
		file -L "$busybox" 2>/dev/null | grep -q 'dynamically linked' &&
			die "$busybox is dynamically linked; Tessera needs busybox-static"
		mkdir -p "$(dirname "$root$path")"
		cp "$busybox" "$root$path"; chmod 0755 "$root$path" ;;
	applets)
		for a in $path $mode $rest; do
			ln -sfn busybox "$root/bin/$a"
		done ;;
	usertests)
		ensure_user_tests
		make -s -C "$srctree/tests/user" O="$utdir" DESTDIR="$root" install >/dev/null ||
			die "installing tests/user failed" ;;
	copy)
		src=$rest
		case $src in
		@usertests/*) ensure_user_tests; src=$utdir/${src#@usertests/} ;;
		/*) ;;
		*) src=$srctree/$src ;;
		esac
		[ -f "$src" ] || die "$tree:$lineno: no file $src"
		mkdir -p "$(dirname "$root$path")"
		cp "$src" "$root$path"; put_mode "$path" "$mode" ;;
	*)
		die "$tree:$lineno: unknown entry '$kind'" ;;
	esac
done < "$tree"

for a in "${adds[@]+"${adds[@]}"}"; do
	host=${a%:*} guest=${a##*:}
	mkdir -p "$(dirname "$root$guest")"
	rm -rf "${root:?}$guest"
	# Modes come from the host file; owners and times are normalised below.
	cp -R --preserve=mode "$host" "$root$guest"
done

# Reproducible: fixed mtimes, sorted names, root:root, stable inodes.
epoch=${SOURCE_DATE_EPOCH:-0}
find "$root" -exec touch -h -d "@$epoch" {} +
mkdir -p "$(dirname "$out")"
(cd "$root" && find . -mindepth 1 -print0 | LC_ALL=C sort -z |
	cpio -o -H newc -0 -R 0:0 --reproducible --quiet) > "$out.tmp" ||
	die "cpio failed"
mv "$out.tmp" "$out"
n=$(cd "$root" && find . -mindepth 1 | wc -l)
echo "mkinitramfs: $out: $n entries, $(stat -c %s "$out") bytes" >&2
[ "$list" = 1 ] && cpio -itv --quiet < "$out"
exit 0
