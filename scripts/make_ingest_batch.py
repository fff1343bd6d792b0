#!/usr/bin/env python3
"""Write a batch of distinct plan documents for the ingest throughput bench.

usage: python3 scripts/make_ingest_batch.py OUT_DIR [N]   (default N = 48)

Document i is the gold content of ict2014 or it2013 moved by i+1 fiscal years
(famlib's derivation: plan period, the title's year, every schedule span), so
every file is its own edition (ict2015, it2015, ...) with its own running
header and years, set in one of the four layout families (table, prose,
sheet, kpi) and one of the two year styles. The prose of every record is the
gold prose reworded per document (`vary_text`: synonyms swapped by the bits
of i, sentences rotated, a dated review sentence added), so files share
vocabulary the way editions of one plan do but no text is analysed twice for
free: no two files are byte copies, no two parse to the same edition, and no
two documents share a record's prose.
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


# Wordings a later edition of a plan may use instead; document i swaps the pairs whose bit is
# set in i + 1.
SYNONYMS = [
    ("推進", "促進"), ("整備", "構築"), ("活用", "利用"), ("充実", "強化"), ("支援", "援助"),
    ("提供", "配信"), ("向上", "改善"), ("県民", "住民"), ("取組", "施策"), ("実施", "展開"),
]


def vary(text, k):
    """`text` reworded for document k: synonyms swapped, sentences rotated, a review sentence."""
    if not text:
        return text
    for bit, (a, b) in enumerate(SYNONYMS):
        if k >> bit & 1:
            text = text.replace(a, "\0").replace(b, a).replace("\0", b)
    sentences = [x + "。" for x in text.split("。") if x]
    if len(sentences) > 1:
        r = k % len(sentences)
        sentences = sentences[r:] + sentences[:r]
    return "".join(sentences) + "%s年度に内容を見直す。" % fw(2000 + k)


def vary_text(doc, k):
    """Rewords the prose (summary, text) of every record of `doc` for document k."""
    for r in doc["records"]:
        for key in ("summary", "text"):
            if r.get(key):
                r[key] = vary(r[key], k)


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
        vary_text(doc, k)
        fs, ts = famlib.new_ts()
        flow, _records = render_all.FAMILIES[fam].render(doc, ts, style)
        famlib.write_pdf(flow, os.path.join(out, "%s-%s-%s.pdf" % (new_id, fam, style)), doc, fs, None)
        pages += len(flow.pages)
    print("%d documents, %d pages in %s" % (n, pages, out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
