#!/usr/bin/env python3
"""Check that every field value of every gold record is found, contiguous, in pdftotext output.

usage: python3 scripts/families/check_text.py [GOLD.json ...]   (default: every family gold)
For each record the text of its page and the next one is taken from `pdftotext` (reading-order
mode) and from `pdftotext -layout`, normalised as the scorer does (NFKC, dash / wave folds,
whitespace removed) and searched for each value.  Exit status 1 when a value is missing in the
reading-order text (-layout misses are only counted: wrapped table cells interleave there).
"""
import glob
import json
import os
import re
import subprocess
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))


def norm(s):
    s = unicodedata.normalize("NFKC", s)
    s = re.sub(r"[‐‑–−\u2212]", "-", s)
    s = re.sub(r"[〜～\u02dc]", "~", s)
    return re.sub(r"\s+", "", s)


def values(r):
    vals = [r.get("title"), r.get("summary"), r.get("notes")]
    vals += (r.get("urls") or []) + (r.get("references") or []) + (r.get("actors") or [])
    vals += (r.get("projects") or []) + (r.get("media") or [])
    vals += [x for d in r.get("departments") or [] for x in (d["bureau"], d["division"])]
    vals += [s["label"] for s in r.get("schedule") or []]
    for i in r.get("indicators") or []:
        vals.append(i["name"])
        for k in ("current", "target"):
            if i.get(k):
                vals += [i[k]["as_of"], i[k]["value"]]
    vals += (r.get("text") or "").split("\n")
    return [v for v in vals if v]


def main(argv):
    golds = argv or sorted(glob.glob(os.path.join(HERE, "..", "..", "tests", "fixtures", "families", "*.json")))
    bad = 0
    for g in golds:
        pdf = g[:-5] + ".pdf"
        d = json.load(open(g, encoding="utf-8"))
        texts = {}
        for mode in ("raw", "layout"):
            for p in range(1, len(d["pages"]) + 1):
                args = ["pdftotext", "-f", str(p), "-l", str(p)] + (["-layout"] if mode == "layout" else [])
                texts[mode, p] = norm(subprocess.run(args + [pdf, "-"], capture_output=True, text=True).stdout)
        miss = {"raw": 0, "layout": 0}
        ex = []
        tot = 0
        for r in d["records"]:
            for v in values(r):
                tot += 1
                for mode in ("raw", "layout"):
                    t = texts[mode, r["page"]] + texts.get((mode, r["page"] + 1), "")
                    if norm(v) not in t:
                        miss[mode] += 1
                        if mode == "raw" and len(ex) < 5:
                            ex.append((r["id"], v[:40]))
        bad += miss["raw"]
        print("%s: %d values, missing %d (reading order), %d (-layout)%s" % (
            os.path.basename(g), tot, miss["raw"], miss["layout"], (" e.g. %s" % ex) if ex else ""))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
