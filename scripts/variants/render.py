#!/usr/bin/env python3
"""Render the reader's own layout variants (issue #13) with the families' renderer.

usage: python3 scripts/variants/render.py [--out DIR] [--shuffle-seed N] [--doc D] [--style S]
                                         [--only NAME] [--profile word --jitter PT] [--paper B5]
                                         [--font-scale F]
(the fixtures: --doc ict2014 --style era --shuffle-seed 5, and --doc it2013 --style western;
and table5 with its text boxes jittered: --only table5 --jitter 2 with
--doc ict2014 --style era --shuffle-seed 11 and --doc it2013 --style era --shuffle-seed 3,
named *-legacy-j2; and sheet3 jittered by 3 pt: --only sheet3 --jitter 3 --style era
--shuffle-seed 5 with --doc ict2014 and --doc it2013, named *-legacy-j3, and sheet7 the same way:
--only sheet7 --jitter 3 with --doc ict2014 --style era --shuffle-seed 17 and --doc it2013
--style western --shuffle-seed 5; and prose8 on B5
paper: --only prose8 --paper B5 --style era --shuffle-seed 3, both docs, named *-B5; and
table10 on B5 with era-less years: --only table10 --paper B5 --style plain --doc ict2014;
prose8 in smaller type: --only prose8 --font-scale 0.9 --style era --doc ict2014, and sheet6 in
larger type: --only sheet6 --font-scale 1.15 --style era with --doc ict2014 and --doc it2013)

Each module here is a family of scripts/families/ (a fresh copy, `famlib.family_copy`) with
the parts replaced that unseen plans print differently: prose2 (第１ → １ → （１） numbering, ■label：value, other label words), prose3
(headings in body type, labels on their own line above the value), kpi2 (◆ marks, ① headings,
成果指標 | 基準値 | 目標値 KPI table, ［担当課］), table2 (No. | 取組名 | 取組内容 | 事業主体 | 所管課 |
目標指標 headers), table3 (分野 and 項目 as columns whose cells span rows, no band rows), table4 (a span label
in every year cell, no arrows), table5 (header cells wrapped over two lines), prose4
(compound numbers 2-3-1 on initiative headings), sheet2
(cards with label cells left of their values), sheet3 (two such cards side by side on a
landscape page, other label words, spans as text lines, a 【新規】 badge after the title),
table6 (compound numbers in a No. column, spans as text in one column, （N） marking both
項目 bands and nested rows, a column heading the vocabulary lacks), prose5 (labels as plain
words before a full-width space), kpi3 (KPI tables with 基準年度 / 目標年度 date columns), table7 (the header row on the first page only), sheet4
(the sheet family's cards, labels above values, two side by side), sheet5 (sheet3 with
its labels centred vertically in their cells), deflist (sheet3's rows one card across, no
rules), table8 (table6 with 担当部 | 担当課 columns), prose7 (prose5 with each indicator over three labelled
lines), sheet6 (label | value | label | value rows: short fields paired, wrapped values in
their own cell), prose8 (the prose outline in two columns a page), table9 (indicators in
指標名 | 現状値 | 目標値 columns, one ruled sub-row each beside merged cells), table10 (no
indicators in the 施策一覧; a 成果指標一覧 after it: No. | 事業名 | 成果指標 | 現状値 | 目標値),
table11 (that table without its No. column), prose9 (the department in brackets closing the
summary paragraph: …を推進します。（担当：部 課）), sheet7 (sheet2 with label cells one character
wide: each label stacked a character a line), table12 (the year columns named over two header
rows: 年度 over bare numbers, ～2013 | 2014 …, ～H25 | H26 …, ～25 | 26 …; fixtures also
--only table12 --doc ict2019 --style plain --shuffle-seed 5: ～30 | 元 | 2 | 3), table13 (a row
under the header halves each year column into 上期 | 下期), prose10 (the department in brackets
closing the title line, no label; fixtures --doc ict2014 --style era --shuffle-seed 5 and
--doc ict2019 --style plain), prose11 (the department closing the summary in 【】, no label;
fixtures --doc ict2014 --style era --shuffle-seed 5 and --doc ict2019 --style western), prose12
(the department set apart at the right end of the title line, no label or brackets; fixtures
--doc ict2014 --style era --shuffle-seed 5 and --doc ict2019 --style plain), table14 (no
department column: the rows of each 項目 grouped under band rows naming their department and
nothing else; fixtures --doc ict2014 --style era --shuffle-seed 5 and --doc ict2019 --style
plain).  Default output: tests/fixtures/variants.
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "families"))
sys.dont_write_bytecode = True

import famlib  # noqa: E402

VARIANTS = ("fam_prose2", "fam_prose3", "fam_kpi2", "fam_table2", "fam_table3", "fam_table4", "fam_table5", "fam_prose4", "fam_sheet2", "fam_sheet3", "fam_table6", "fam_prose5", "fam_kpi3", "fam_table7", "fam_sheet4", "fam_sheet5", "fam_deflist", "fam_table8", "fam_prose7", "fam_sheet6", "fam_prose8", "fam_table9", "fam_table10", "fam_table11", "fam_prose9", "fam_sheet7", "fam_table12", "fam_table13", "fam_prose10", "fam_prose11", "fam_prose12", "fam_table14")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(HERE, "..", "..", "tests", "fixtures", "variants"))
    ap.add_argument("--shuffle-seed", type=int, default=None)
    ap.add_argument("--doc", default="it2013")
    ap.add_argument("--style", default="western")
    ap.add_argument("--only", default=None, help="one variant (e.g. table5)")
    ap.add_argument("--profile", default="legacy", choices=("legacy", "word"))
    ap.add_argument("--jitter", type=float, default=0.0)
    ap.add_argument("--paper", default="A4", help="A4 (default) or B5: every page of the variant")
    ap.add_argument("--font-scale", type=float, default=1.0,
                    help="every font size and line pitch times F (files named *-fsF)")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    suffix = "" if a.profile == "legacy" and not a.jitter else "-%s-j%g" % (a.profile, a.jitter)
    if a.paper != "A4":
        suffix += "-" + a.paper
        famlib.use_paper(a.paper)
    if a.font_scale != 1.0:
        suffix += "-fs%g" % a.font_scale
        famlib.use_font_scale(a.font_scale)
    for name in VARIANTS:
        if a.only and name != "fam_" + a.only:
            continue
        m = __import__(name)
        base = os.path.join(a.out, "%s-%s-%s%s" % (m.NAME, a.style, a.doc, suffix))
        pages, records = famlib.render_to(m, a.doc, a.style, base, a.shuffle_seed, a.profile, a.jitter)
        print("%s.pdf: %d pages, %d records" % (os.path.relpath(base), pages, records))
    return 0


if __name__ == "__main__":
    sys.exit(main())
