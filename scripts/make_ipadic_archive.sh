#!/bin/sh
# Make dict/ipadic/mecab-ipadic-2.7.0-utf8.tar.xz from Debian's mecab-ipadic package.
#
# Maintainers run this by hand when the archive must change; the cargo build never does
# (build.rs only reads the committed archive). Needs: the Debian package `mecab-ipadic`
# (IPADIC source, EUC-JP, in /usr/share/mecab/dic/ipadic), iconv, GNU tar and xz.
#
# Every file is converted with `iconv -f EUC-JP -t UTF-8`. Do not let lindera decode
# EUC-JP itself: its decoder maps －/−, ～/〜, ∥/‖ and ￡/£ differently in ~4,900 entries.
# The tar is deterministic (sorted names, fixed owner and mtime) so re-running the
# script on the same package gives the same bytes.
#
# Usage: scripts/make_ipadic_archive.sh [SOURCE_DIR]
set -eu

src="${1:-/usr/share/mecab/dic/ipadic}"
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/dict/ipadic/mecab-ipadic-2.7.0-utf8.tar.xz"
name="mecab-ipadic-2.7.0-utf8"

if [ ! -f "$src/matrix.def" ]; then
    echo "no IPADIC source in $src (apt-get install mecab-ipadic)" >&2
    exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/$name"

for f in "$src"/*.csv "$src"/*.def "$src"/dicrc; do
    iconv -f EUC-JP -t UTF-8 "$f" > "$work/$name/$(basename "$f")"
done

tar -C "$work" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 --mode=u=rwX,go=rX \
    --format=gnu -cf "$work/$name.tar" "$name"
xz -9e -T1 -c "$work/$name.tar" > "$out.tmp"
mv "$out.tmp" "$out"

echo "wrote $out ($(wc -c < "$out") bytes)"
sha256sum "$out"
