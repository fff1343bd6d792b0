#!/usr/bin/env python3
"""Write a batch of distinct plan documents for the ingest throughput bench.

usage: python3 scripts/make_ingest_batch.py OUT_DIR [N]   (default N = 48)

Document i is the gold content of ict2014 or it2013 moved by i+1 fiscal years
(famlib's derivation: plan period, the title's year, every schedule span), so
every file is its own edition (ict2015, it2015, ...) with its own running
header and years, set in one of the four layout families (table, prose,
sheet, kpi) and one of the two year styles. The text of the initiatives is
the gold text, so files share vocabulary the way editions of one plan do; no
two files are byte copies and no two parse to the same edition.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "families"))
sys.dont_write_bytecode = True

import famlib  # noqa: E402
import render_all  # noqa: E402
from textutil import fw  # noqa: E402

SOURCES = {
    "ict2014": ("ict", 2014, lambda k: ("（2014～2016）", "（%d～%d）" % (2014 + k, 2016 + k))),
    "it2013": ("it", 2013, lambda k: ("２０１３", fw(2013 + k))),
}


def main(argv):
    if not argv or len(argv) > 2:
        print(__doc__, file=sys.stderr)
        return 2
    out, n = argv[0], int(argv[1]) if len(argv) > 1 else 48
    os.makedirs(out, exist_ok=True)
    families = sorted(render_all.FAMILIES)
    pages = 0
    for i in range(n):
        fam = families[i % len(families)]
        style = render_all.STYLES[(i // len(families)) % 2]
        source = sorted(SOURCES)[(i // (2 * len(families))) % 2]
        prefix, year, title = SOURCES[source]
        k = i + 1
        new_id = "%s%d" % (prefix, year + k)
        famlib.DERIVED[new_id] = {"source": source, "shift": k, "title": title(k)}
        doc = famlib.load_gold(new_id)
        fs, ts = famlib.new_ts()
        flow, _records = render_all.FAMILIES[fam].render(doc, ts, style)
        famlib.write_pdf(flow, os.path.join(out, "%s-%s-%s.pdf" % (new_id, fam, style)), doc, fs, None)
        pages += len(flow.pages)
    print("%d documents, %d pages in %s" % (n, pages, out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
