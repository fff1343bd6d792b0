#!/usr/bin/env python3
"""Sweep every layout family and variant over the renderer's options and score `shisaku parse`
on each rendering against its gold.

usage: python3 scripts/variants/sweep.py [--bin BIN] [--out DIR] [--profile legacy|word]
                                         [--jitter PT] [--seeds N,N] [--paper A4|B5] [--styles S,S]

Each family (scripts/families) and variant (scripts/variants/render.py's list) is rendered with
every year style (western 2014年度, era 平成26年度, plain 26年度), the documents ict2014 / it2013 / ict2019, and each seed (a seed shuffles the
content stream and, with --jitter, moves text boxes by up to PT; "-" is no shuffle).  One line
a rendering: the scorer's SCORE line; the last line counts those below 1.0000.  The figures of
the README's layout section come from:

    python3 scripts/variants/sweep.py                                 # seeds -,3
    python3 scripts/variants/sweep.py --jitter 3 --seeds 5,17
    python3 scripts/variants/sweep.py --profile word --jitter 3 --seeds 5,17

    python3 scripts/variants/sweep.py --paper B5

(--paper B5 narrows every page: the table family and its variants narrow every column alike
(famlib.fit_columns), but table6, table8, table9 set fixed column widths that overflow B5, so
their renderings there are broken and not meaningful.)
"""
import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "scripts", "families"))
sys.dont_write_bytecode = True

import famlib  # noqa: E402

FAMILIES = ("fam_table", "fam_prose", "fam_sheet", "fam_kpi")
SCORER = os.path.join(famlib.RENDER, "..", "score_records.py")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "shisaku"))
    ap.add_argument("--out", default=None, help="keep the renderings here (default: a temporary folder)")
    ap.add_argument("--profile", default="legacy", choices=("legacy", "word"))
    ap.add_argument("--jitter", type=float, default=0.0)
    ap.add_argument("--seeds", default="-,3")
    ap.add_argument("--paper", default="A4")
    ap.add_argument("--font-scale", type=float, default=1.0,
                    help="every font size and line pitch times F (rules and fixed row heights stay)")
    ap.add_argument("--styles", default=",".join(famlib.STYLES), help="year styles, comma-separated")
    a = ap.parse_args()
    if a.paper != "A4":
        famlib.use_paper(a.paper)
    if a.font_scale != 1.0:
        famlib.use_font_scale(a.font_scale)
    # The variants' list, from this folder's render.py (the shared renderer has one too).
    import importlib.util
    spec = importlib.util.spec_from_file_location("variants_render", os.path.join(HERE, "render.py"))
    render = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(render)
    seeds = [None if s == "-" else int(s) for s in a.seeds.split(",")]
    out = a.out or tempfile.mkdtemp(prefix="shisaku-sweep-")
    os.makedirs(out, exist_ok=True)
    short = total = 0
    for name in FAMILIES + tuple(render.VARIANTS):
        m = __import__(name)
        for style in a.styles.split(","):
            for doc_id in ("ict2014", "it2013", "ict2019"):
                for seed in seeds:
                    base = os.path.join(out, "%s-%s-%s-%s" % (m.NAME, style, doc_id, seed))
                    famlib.render_to(m, doc_id, style, base, seed, a.profile, a.jitter)
                    parsed = subprocess.run([a.bin, "parse", base + ".pdf", "-q"], capture_output=True, text=True)
                    with open(base + ".jsonl", "w") as fh:
                        fh.write(parsed.stdout)
                    scored = subprocess.run(["python3", SCORER, base + ".json", base + ".jsonl"],
                                            capture_output=True, text=True).stdout.strip().splitlines()
                    line = scored[-1] if scored else "no score"
                    total += 1
                    short += "card_exact=1.0000" not in line
                    print(m.NAME, style, doc_id, seed if seed is not None else "-", line, flush=True)
    print("%d renderings, %d below 1.0000 (%s profile, jitter %g, %s, font scale %g)"
          % (total, short, a.profile, a.jitter, a.paper, a.font_scale))
    return 1 if short else 0


if __name__ == "__main__":
    sys.exit(main())
