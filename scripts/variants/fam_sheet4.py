"""Variant 'sheet4' of family 'sheet': the sheet family's cards (labels in shaded rows ABOVE values, a year
grid with arrows, a KPI table) two side by side on an A4 landscape page."""

from famlib import Flow, Years, year_columns, rec_copy, family_copy

_base = family_copy("fam_sheet")
NAME = "sheet4"
GAP = 20

def render(doc, ts, style):
    yrs = Years(style, form="short")
    flow = Flow(ts, landscape=True, margin=36, top=54, bottom=44, header=doc["edition"]["title"])
    flow.new_page()
    W = (flow.width - GAP) / 2
    open_year, years = year_columns(doc)
    col = 0
    out = []
    for r in doc["records"]:
        if r["kind"] != "initiative":
            continue
        rows = _base.card_rows(r, W, yrs, open_year, years)
        hs = [x.height(ts) for x in rows]
        need = sum(hs) + (12 if flow.y > flow.top else 0)
        if flow.y + need > flow.limit:
            if col == 0:
                col = 1
            else:
                col = 0
                flow.new_page()
            flow.y = flow.top
        elif flow.y > flow.top:
            flow.skip(12)
        x = flow.x0 + col * (W + GAP)
        for row, h in zip(rows, hs):
            row.draw(flow, x, flow.y, h, r["id"])
            flow.y += h
        out.append(rec_copy(r, flow.page.number))
    return flow, out
