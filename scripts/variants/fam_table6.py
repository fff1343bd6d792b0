"""Variant 'table6' (of family 'table'): landscape 施策一覧 with compound numbers in the
No. column (2-3-1), a single 実施時期 column with spans as text lines, the department on one
line, indicators as ◇name / 現状：value（as_of） / 目標：value（as_of）, （新規） after the
title, 分野/項目 bands as 「２．行政の情報化」「（３）市町村行政の情報化」 (so （N） marks both
項目 bands and nested rows), and a column the vocabulary has no word for (連携先, empty)."""
from famlib import Flow, Row, Cell, Years, dept_text, fw, rec_copy

NAME = "table6"
BODY = 7.5
HEADS = ["No.", "施策", "施策の概要", "実施主体", "担当部局", "連携先", "実施時期", "評価指標"]
WIDTHS = [34, 120, 210, 60, 90, 40, 92]
# Bureau and division in columns of their own (variant table8, whose headings say so).
SPLIT_DEPARTMENTS = False


def render(doc, ts, style):
    yrs = Years(style, form="short")

    def header(flow):
        rest = flow.width - sum(WIDTHS)
        cells = [Cell(w, [(h, "gb", BODY, "c")], fill=0.8, valign="middle") for w, h in zip(WIDTHS + [rest], HEADS)]
        return Row(cells, min_h=18)

    def on_new_page(flow):
        r = header(flow)
        h = r.height(ts)
        r.draw(flow, flow.x0, flow.y, h)
        flow.y += h

    flow = Flow(ts, landscape=True, margin=30, top=46, bottom=40, header=doc["edition"]["title"], on_new_page=on_new_page)
    flow.new_page()
    W = flow.width
    rest = W - sum(WIDTHS)

    def band(text, fill):
        return Row([Cell(W, [(text, "gb", 8.5, "l")], fill=fill)])

    out = []
    cur_field = cur_item = None
    for r in doc["records"]:
        if r["kind"] != "initiative":
            continue
        pending = []
        if r["field_no"] != cur_field:
            cur_field, cur_item = r["field_no"], None
            pending.append(band("%s．%s" % (fw(r["field_no"]), r["field"]), 0.88))
        if r["item_no"] != cur_item:
            cur_item = r["item_no"]
            if r["item_no"] is not None:
                pending.append(band("（%s）%s" % (fw(r["item_no"]), r["item"]), 0.95))
        no = ""
        if r["no"] is not None and r["parent"] is None:
            parts = [r["field_no"]] + ([r["item_no"]] if r["item_no"] is not None else []) + [r["no"]]
            no = "-".join(str(p) for p in parts)
        title = r["title"]
        if r["parent"] is not None:
            title = ("（%s）" % fw(r["sub_no"]) if r["sub_no"] is not None else "・") + title
        if r["is_new"]:
            title += "（新規）"
        summ = [(r["summary"], "m", BODY, "l")]
        if r.get("methods"):
            summ.append(("【手法】" + "，".join(r["methods"]), "m", BODY, "l"))
        if r.get("projects"):
            summ.append(("＜主な事業＞", "g", BODY, "l"))
            summ += [("・" + p, "m", BODY, "l") for p in r["projects"]]
        for u in r.get("urls") or []:
            summ.append(("【URL】" + u, "m", 6.5, "fit"))
        for ref in r.get("references") or []:
            summ.append(("【参考】" + ref, "m", BODY, "l"))
        if r.get("notes"):
            summ.append(("【備考】" + r["notes"], "m", BODY, "l"))
        ip = []
        for ind in r.get("indicators") or []:
            ip.append(("◇" + ind["name"], "g", BODY, "l"))
            if ind.get("current"):
                ip.append(("現状：%s（%s）" % (ind["current"]["value"], ind["current"]["as_of"]), "m", BODY, "l"))
            if ind.get("target"):
                ip.append(("目標：%s（%s）" % (ind["target"]["value"], ind["target"]["as_of"]), "m", BODY, "l"))
        cells = [
            Cell(WIDTHS[0], [(no, "g", BODY, "c")]),
            Cell(WIDTHS[1], [(title, "g", BODY, "l")]),
            Cell(WIDTHS[2], summ),
            Cell(WIDTHS[3], [("、".join(r["actors"]), "m", BODY, "l")] if r["actors"] else []),
        ] + ([
            Cell(WIDTHS[4], [(d["bureau"], "m", BODY, "l") for d in r["departments"]]),
            Cell(WIDTHS[5], [(d.get("division") or "", "m", BODY, "l") for d in r["departments"]]),
        ] if SPLIT_DEPARTMENTS else [
            Cell(WIDTHS[4], [(dept_text(d, " "), "m", BODY, "l") for d in r["departments"]]),
            Cell(WIDTHS[5], []),
        ]) + [
            Cell(WIDTHS[6], [("%s：%s" % (yrs.span(s), s["label"]), "m", BODY, "l") for s in r.get("schedule") or []]),
            Cell(rest, ip),
        ]
        rows = pending + [Row(cells)]
        hs = [x.height(ts) for x in rows]
        flow.need(sum(hs))
        for x, h in zip(rows, hs):
            x.draw(flow, flow.x0, flow.y, h, group=r["id"])
            flow.y += h
        out.append(rec_copy(r, flow.page.number))
    return flow, out
