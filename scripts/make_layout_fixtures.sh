#!/usr/bin/env bash
# Render layout variants of the gold documents (legacy profile: small files) into
# tests/fixtures/layout/ with ../shared/tools/render. Maintainers run this; the
# tests only read its output (tests/e2e/parse_corpus.rs).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
render="$here/../shared/tools/render"
gold="$here/../shared/corpus/gold"
out="$here/tests/fixtures/layout"
mkdir -p "$out"
variants=(
  "b5-jitter2:--page-size B5 --margin-scale 0.85 --font-scale 1.1 --jitter 2 --shuffle-seed 7"
  "letter-wide-jitter3:--page-size Letter --margin-scale 1.3 --font-scale 0.9 --column-scale 1.3 --jitter 3 --shuffle-seed 3"
  "a4-narrow-jitter3:--page-size A4 --margin-scale 1.0 --font-scale 0.9 --column-scale 0.85 --jitter 3 --shuffle-seed 42"
)
for v in "${variants[@]}"; do
  name=${v%%:*}; opts=${v#*:}
  for d in ict2014 it2013; do
    (cd "$render" && python3 render.py --profile legacy $opts --out "$out/$name-$d.pdf" "$gold/$d.json" >/dev/null)
  done
done
ls -la "$out"
