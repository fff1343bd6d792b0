#!/usr/bin/env bash
# Cost of many versions of one plan (issue #15): time, peak memory and index
# size of
#   A. one ingest of N variants of each shipped edition (bytes differ by a
#      trailing comment: same edition, same quality, same /ModDate), on top
#      of an index of corpus/;
#   B. K ingests in a row, each of a copy of ict2014 with a later /ModDate
#      (each replaces the indexed records).
# Usage: scripts/measure_versions.sh BINARY [N] [K]   (defaults 60, 20)
set -euo pipefail
bin=$(realpath "$1"); n=${2:-60}; k=${3:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
size() { du -sk "$1" | cut -f1; }

mkdir "$work/variants" "$work/newer"
python3 - "$root" "$work" "$n" "$k" <<'PY'
import sys
root, work, n, k = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
for ed in ("ict2014", "it2013"):
    b = open(f"{root}/corpus/{ed}.pdf", "rb").read()
    for i in range(n):
        open(f"{work}/variants/{ed}-{i:04d}.pdf", "wb").write(b + b"\n%% variant %d\n" % i)
b = open(f"{root}/corpus/ict2014.pdf", "rb").read()
old = b"D:20140401093000"
assert b.count(old) >= 1
for i in range(k):
    # Same length, so the xref offsets stay right: a later minute each time.
    new = b"D:2014040110%02d00" % i
    open(f"{work}/newer/ict2014-{i:03d}.pdf", "wb").write(b.replace(b"/ModDate (" + old, b"/ModDate (" + new))
PY

"$bin" ingest "$root/corpus" --index "$work/a" -q 2>/dev/null || true
echo "A. corpus index: $(size "$work/a") KB"
/usr/bin/time -f "A. ingest of $((2*n)) variants: %e s wall, %U s user CPU, %M KB peak RSS" \
  "$bin" ingest "$work/variants" --index "$work/a" -q 2>&1 >/dev/null | grep -v '^conflict' || true
echo "A. index after: $(size "$work/a") KB"

"$bin" ingest "$root/corpus" --index "$work/b" -q 2>/dev/null || true
export bin work
/usr/bin/time -f "B. $k ingests of a newer ict2014 each: %e s wall, %U s user CPU" \
  bash -c 'for f in "$work"/newer/*.pdf; do "$bin" ingest "$f" --index "$work/b" -q >/dev/null 2>&1 || true; done' 2>&1 | tail -1
echo "B. index after: $(size "$work/b") KB; records $("$bin" search '' --index "$work/b" --json --limit 1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')"
