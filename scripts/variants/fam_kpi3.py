"""Variant 'kpi3' of family 'kpi': KPI tables with the dates in columns of their own:
指標 | 基準値 | 基準年度 | 目標値 | 目標年度."""

from famlib import family_copy, Row, Cell, draw_rows

_base = family_copy("fam_kpi")

def kpi_table(flow, inds, x):
    if not inds:
        return
    W = flow.width - (x - flow.x0)
    wk = [W * 0.40, W * 0.16, W * 0.14, W * 0.16, W * 0.14]
    sz = 8.5
    flow.skip(3)
    heads = ["指標", "基準値", "基準年度", "目標値", "目標年度"]
    rows = [Row([Cell(w, [(h, "g", sz, "c")], fill=0.88) for w, h in zip(wk, heads)])]
    for g in inds:
        c, t = g["current"] or {}, g["target"] or {}
        vals = [g["name"], c.get("value", ""), c.get("as_of", ""), t.get("value", ""), t.get("as_of", "")]
        rows.append(Row([Cell(w, [(v, "m", sz, "l" if i == 0 else "c")] if v else []) for i, (w, v) in enumerate(zip(wk, vals))]))
    draw_rows(flow, rows, x=x)
    flow.skip(4)

_m = family_copy("fam_kpi", NAME="kpi3", kpi_table=kpi_table)
NAME, render = _m.NAME, _m.render
