"""Variant 'table10' (of variant 'table9'): the landscape 施策一覧 without indicators, and after
it, on pages of its own, a 成果指標一覧: No. | 事業名 | 成果指標 | 現状値 | 目標値, one row per
indicator, the No. and 事業名 of an initiative with several indicators on its first row only
(a plan that gathers its indicators in one table apart from the initiatives)."""
from famlib import Flow, Row, Cell, Years, dept_text, header_on_new_page, rec_copy
from fam_table9 import T, level_bands, number, row_title, summary_paras

NAME = "table10"
BODY = 7.5
HEADS = ["No.", "事業名", "事業の内容", "実施主体", "担当課", "実施期間"]
WIDTHS = [34, 130, 300, 70, 100]
KPI_HEADS = ["No.", "事業名", "成果指標", "現状値", "目標値"]
KPI_WIDTHS = [40, 220, 260, 120]
# Whether the KPI table has a No. column (variant table11 names initiatives by title alone).
KPI_NUMBERED = True


def header_row(widths, heads):
    cells = [Cell(w, [(h, "gb", BODY, "c")], fill=0.8, valign="middle") for w, h in zip(widths, heads)]
    return Row(cells, min_h=18)


def render(doc, ts, style):
    yrs = Years(style, form="short")
    state = {"heads": HEADS, "widths": None}

    def header(flow):
        return header_row(state["widths"] or WIDTHS + [flow.width - sum(WIDTHS)], state["heads"])

    flow = Flow(ts, landscape=True, margin=30, top=46, bottom=40, header=doc["edition"]["title"],
                on_new_page=header_on_new_page(ts, header))
    flow.new_page()
    W = flow.width

    def band(text, fill):
        return Row([Cell(W, [(text, "gb", 8.5, "l")], fill=fill)])

    def draw(rows, group):
        hs = [x.height(ts) for x in rows]
        flow.need(sum(hs))
        for x, h in zip(rows, hs):
            x.draw(flow, flow.x0, flow.y, h, group=group)
            flow.y += h

    out = []
    levels = {}
    initiatives = [r for r in doc["records"] if r["kind"] == "initiative"]
    for r in initiatives:
        rows = level_bands(r, levels, band)
        title = row_title(r)
        rows.append(Row([
            Cell(WIDTHS[0], [T(number(r), "g", BODY, "c")]),
            Cell(WIDTHS[1], [T(title, "g")]),
            Cell(WIDTHS[2], summary_paras(r)),
            Cell(WIDTHS[3], [T("、".join(r["actors"]))] if r["actors"] else []),
            Cell(WIDTHS[4], [T(dept_text(d, " ")) for d in r["departments"]]),
            Cell(W - sum(WIDTHS), [T("%s：%s" % (yrs.span(s), s["label"])) for s in r.get("schedule") or []]),
        ]))
        draw(rows, r["id"])
        out.append(rec_copy(r, flow.page.number))
    # The indicators, apart: a new page with the KPI table's own header.
    heads, widths = (KPI_HEADS, KPI_WIDTHS) if KPI_NUMBERED else (KPI_HEADS[1:], KPI_WIDTHS[1:])
    state["heads"], state["widths"] = heads, widths + [W - sum(widths)]
    flow.new_page()
    for r in initiatives:
        for k, ind in enumerate(r.get("indicators") or []):
            cur, tgt = ind.get("current"), ind.get("target")
            title = r["title"] if k == 0 else ""
            cells = [
                Cell(widths[-3], [T(title)] if title else []),
                Cell(widths[-2], [T(ind["name"])]),
                Cell(widths[-1], [T("%s（%s）" % (cur["value"], cur["as_of"]))] if cur else []),
                Cell(W - sum(widths), [T("%s（%s）" % (tgt["value"], tgt["as_of"]))] if tgt else []),
            ]
            if KPI_NUMBERED:
                cells.insert(0, Cell(widths[0], [T(number(r) if k == 0 else "", "g", BODY, "c")]))
            draw([Row(cells)], r["id"])
    return flow, out
