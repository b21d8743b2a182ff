#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Tessera busybox checks (issue 4): shell pipelines, sort, md5sum of a
# generated 10 MiB file, ls -l /, find, tar round trip. Runs under busybox sh
# with applets on PATH; prints PASS/FAIL lines and "busybox: N passed, N failed".

T=${TMPDIR:-/tmp}/bbcheck.$$
pass=0
fail=0

ok() { echo "PASS busybox.$1"; pass=$((pass + 1)); }
bad() { echo "FAIL busybox.$1: $2"; fail=$((fail + 1)); }

# check NAME WANT GOT: compare a command's output with what it must be.
check() {
	if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "got '$3', want '$2'"; fi
}

mkdir -p "$T" || { echo "FAIL busybox: cannot create $T"; exit 1; }

# 1. A pipeline through sh -c: fork, pipe2, dup2, wait4, execve of /proc/self/exe.
check sh-pipe 6 "$(sh -c 'echo hello | wc -c')"
check sh-status 3 "$(sh -c 'exit 3'; echo $?)"

# 2. sort, lexical and numeric, and uniq-style -u.
check sort "a b c" "$(printf 'c\nb\na\n' | sort | tr '\n' ' ' | sed 's/ $//')"
check sort-n "2 10 33 100" "$(printf '100\n33\n2\n10\n' | sort -n | tr '\n' ' ' | sed 's/ $//')"
check sort-ru "z y x" "$(printf 'x\nz\ny\nz\nx\n' | sort -ru | tr '\n' ' ' | sed 's/ $//')"

# 3. md5sum of a generated 10 MiB file against its known digest.
yes "tessera 0123456789abcdef" | head -c 10485760 > "$T/big"
check big-size 10485760 "$(wc -c < "$T/big" | tr -d ' ')"
check md5sum d4ff49f237fce06274b8fb9de0e69ce2 "$(md5sum "$T/big" | cut -d' ' -f1)"

# 4. ls -l / lists the initramfs root (bin, proc, tmp).
out=$(ls -l /)
case $out in
*" bin"*" proc"*" tmp"*) ok ls-l ;;
*) bad ls-l "bin, proc, tmp missing from: $(echo "$out" | tr '\n' '|')" ;;
esac

# 5. find over a small generated tree.
mkdir -p "$T/tree/a/b/c" "$T/tree/d"
for f in a/1 a/b/2 a/b/c/3 a/b/c/4 d/5 top; do
	echo "file $f" > "$T/tree/$f"
done
check find-f 6 "$(find "$T/tree" -type f | wc -l | tr -d ' ')"
check find-d 5 "$(find "$T/tree" -type d | wc -l | tr -d ' ')"
check find-name "$T/tree/a/b/c/4" "$(find "$T/tree" -name 4)"

# 6. tar a directory and back, then compare every file.
(cd "$T" && tar cf tree.tar tree) || bad tar-c "tar cf failed"
mkdir -p "$T/out"
(cd "$T/out" && tar xf ../tree.tar) || bad tar-x "tar xf failed"
n=0
for f in $(cd "$T/tree" && find . -type f); do
	cmp -s "$T/tree/$f" "$T/out/tree/$f" && n=$((n + 1))
done
check tar-roundtrip 6 "$n"
check tar-list 11 "$(tar tf "$T/tree.tar" | wc -l | tr -d ' ')"

rm -rf "$T"
echo "busybox: $pass passed, $fail failed"
[ "$fail" = 0 ]
