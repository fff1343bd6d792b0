#!/usr/bin/env bash
# Render layout variants of the gold documents with shared/tools/render and score
# `shisaku parse` on each against the gold records.
#   scripts/score_variants.sh [OUTDIR]      (needs python3 + fontTools + IPAex fonts for "word")
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared="$here/../shared"
out=${1:-/tmp/shisaku-variants}
bin=${SHISAKU_BIN:-$here/target/release/shisaku}
mkdir -p "$out"
gold="$shared/corpus/gold/ict2014.json,$shared/corpus/gold/it2013.json"
variants=(
  "--page-size B5 --margin-scale 0.85 --font-scale 1.1 --jitter 2 --shuffle-seed 7"
  "--page-size Letter --margin-scale 1.3 --font-scale 0.9 --column-scale 1.3 --jitter 3 --shuffle-seed 3"
  "--page-size A4 --margin-scale 0.8 --font-scale 1.15 --column-scale 0.85 --jitter 1 --shuffle-seed 11"
  "--page-size B5 --margin-scale 1.3 --font-scale 1.15 --column-scale 1.3 --jitter 3 --shuffle-seed 5"
  "--no-shuffle --page-size Letter --column-scale 0.85"
  "--page-size A4 --margin-scale 1.0 --font-scale 0.9 --column-scale 0.85 --jitter 3 --shuffle-seed 42"
  "--page-size B5 --margin-scale 0.8 --font-scale 0.9 --column-scale 1.0 --jitter 2 --shuffle-seed 99"
  "--page-size Letter --margin-scale 0.8 --font-scale 1.15 --column-scale 1.3 --jitter 2 --shuffle-seed 17"
)
i=0
for opts in "${variants[@]}"; do
  i=$((i+1))
  for prof in ${PROFILES:-word legacy}; do
    jsonl="$out/v$i-$prof.jsonl"; : > "$jsonl"
    for d in ict2014 it2013; do
      pdf="$out/v$i-$prof-$d.pdf"
      [ -f "$pdf" ] || (cd "$shared/tools/render" && python3 render.py --profile "$prof" $opts --out "$pdf" "$shared/corpus/gold/$d.json" >/dev/null 2>&1)
      "$bin" parse "$pdf" -q >> "$jsonl" || echo "parse failed: $pdf"
    done
    printf 'v%-2s %-7s %s   (%s)\n' "$i" "$prof" "$(python3 "$shared/tools/score_records.py" "$gold" "$jsonl" | tail -1)" "$opts"
  done
done
