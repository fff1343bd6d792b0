#!/usr/bin/env python3
"""Render the gold documents into every layout family and year style.

usage: python3 scripts/families/render_all.py [--family NAME ...] [--doc ict2014|it2013|ict2019 ...]
                                              [--out DIR] [--shuffle-seed N]
Writes DIR/<family>-<yearstyle>-<doc>.pdf and the matching gold .json
(default DIR: tests/fixtures/families under the repository).
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True

import famlib  # noqa: E402
import fam_table  # noqa: E402

FAMILIES = {m.NAME: m for m in (fam_table,)}
for _name in ("fam_prose", "fam_sheet", "fam_kpi"):
    try:
        _m = __import__(_name)
        FAMILIES[_m.NAME] = _m
    except ImportError:
        pass
DOCS = ("ict2014", "it2013", "ict2019")  # ict2019: ict2014 moved by 5 years (Reiwa years)
STYLES = famlib.STYLES


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--family", action="append", choices=sorted(FAMILIES))
    ap.add_argument("--doc", action="append", choices=DOCS)
    ap.add_argument("--style", action="append", choices=STYLES, help="year style (default both)")
    ap.add_argument("--out", default=os.path.join(HERE, "..", "..", "tests", "fixtures", "families"))
    ap.add_argument("--shuffle-seed", type=int, default=None,
                    help="shuffle the content-stream order of text boxes (default: reading order)")
    a = ap.parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    total = 0
    for fam in a.family or sorted(FAMILIES):
        for style in a.style or STYLES:
            for d in a.doc or DOCS:
                doc = famlib.load_gold(d)
                fs, ts = famlib.new_ts()
                flow, records = FAMILIES[fam].render(doc, ts, style)
                base = os.path.join(a.out, "%s-%s-%s" % (fam, style, d))
                famlib.write_pdf(flow, base + ".pdf", doc, fs, a.shuffle_seed)
                famlib.write_gold(base + ".json", doc, records, flow)
                size = os.path.getsize(base + ".pdf")
                total += size
                print("%s.pdf: %d pages, %d records, %d bytes" % (os.path.relpath(base), len(flow.pages),
                                                                  len(records), size))
    print("total %d bytes" % total)
    return 0


if __name__ == "__main__":
    sys.exit(main())
