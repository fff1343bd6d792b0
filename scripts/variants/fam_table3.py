"""Family 'table': landscape 施策一覧表, one row per initiative.

Columns: 番号 | 事業名 | 事業概要 | 実施主体 | 担当課 | one column per fiscal year | 成果指標.
The header row repeats on every page; 分野 / 項目 are full-width band rows
(「分野２　行政の情報化」, 「項目３　市町村行政の情報化」); a row's lines carry no rules
between them; year cells hold arrows with the span labels above them, spanning their year
columns.  Overview / topic / site records are not part of such a table: they are omitted
(the family gold leaves them out).
"""
from famlib import (Flow, Row, Cell, Years, year_columns, span_cols, dept_text, fw, rec_copy, fit_columns)

NAME = "table3"
HEAD_FILL = 0.82
FIELD_FILL = 0.88
ITEM_FILL = 0.94
BODY = 7.5


def columns(doc, width):
    open_year, years = year_columns(doc)
    ny = len(years) + (1 if open_year is not None else 0)
    fixed, yw, rest = fit_columns(width, [54, 54, 24, 96, 170, 50, 70], 42.0 if ny >= 4 else 50.0, ny, 90.0)
    return fixed, [yw] * ny, rest, open_year, years


def render(doc, ts, style):
    yrs = Years(style, form="long")
    title = doc["edition"]["title"]
    flow_holder = {}

    def header_rows(flow):
        fixed, ycols, rest, open_year, years = columns(doc, flow.width)
        heads = ["分野", "項目", "No", "取組名", "取組の内容", "実施主体", "担当部局"]
        cells = [Cell(w, [(h, "gb", BODY, "cfit")], fill=HEAD_FILL, valign="middle") for w, h in zip(fixed, heads)]
        ylabels = ([yrs.upto(open_year)] if open_year is not None else []) + [yrs.fy(y) for y in years]
        cells += [Cell(w, [(s, "gb", 7.0, "cfit")], fill=HEAD_FILL, valign="middle") for w, s in zip(ycols, ylabels)]
        cells.append(Cell(rest, [("成果指標", "gb", BODY, "cfit")], fill=HEAD_FILL, valign="middle"))
        return Row(cells, min_h=22)

    def on_new_page(flow):
        # caption on the first page, then the repeated header row
        if len(flow.pages) == 1:
            flow.para("県が取り組む施策一覧表", size=12, role="gb", pitch=20)
            flow.skip(2)
        r = header_rows(flow)
        h = r.height(ts)
        r.draw(flow, flow.x0, flow.y, h)
        flow.y += h

    flow = Flow(ts, landscape=True, margin=28, top=44, bottom=40, header=title, on_new_page=on_new_page)
    flow_holder["f"] = flow
    fixed, ycols, rest, open_year, years = columns(doc, flow.width)
    total_w = flow.width

    def band(text, fill):
        return Row([Cell(total_w, [(text, "gb", 8.5, "l")], fill=fill)])

    out = []
    cur_field = cur_item = None
    pending = []
    recs = [r for r in doc["records"] if r["kind"] == "initiative"]
    for r in recs:
        new_field = new_item = ""
        if r["field_no"] != cur_field:
            cur_field, cur_item = r["field_no"], None
            new_field = "%s　%s" % (fw(r["field_no"]), r["field"])
        if r["item_no"] != cur_item:
            cur_item = r["item_no"]
            if r["item_no"] is not None:
                new_item = "%s　%s" % (fw(r["item_no"]), r["item"])
        row = initiative_row(r, fixed, ycols, rest, open_year, years, ts, new_field, new_item)
        rows = pending + [row]
        hs = [x.height(ts) for x in rows]
        flow.need(sum(hs))
        for x, h in zip(rows, hs):
            x.draw(flow, flow.x0, flow.y, h, group=r["id"])
            flow.y += h
        pending = []
        out.append(rec_copy(r, flow.page.number))
    return flow, out


def initiative_row(r, fixed, ycols, rest, open_year, years, ts, nf, ni):
    no = ""
    if r["no"] is not None and r["parent"] is None:
        no = fw(r["no"])
    title = r["title"]
    if r["parent"] is not None:
        title = ("（%s）" % fw(r["sub_no"]) if r["sub_no"] is not None else "・") + title
    tparas = []
    if r["is_new"]:
        tparas.append(("【新規】", "gb", BODY, "l"))
    tparas.append((title, "g", BODY, "l"))
    sparas = [(r["summary"], "m", BODY, "l")]
    if r.get("methods"):
        sparas.append(("【手法】" + "，".join(r["methods"]), "m", BODY, "l"))
    if r.get("projects"):
        sparas.append(("＜主な事業＞", "g", BODY, "l"))
        sparas += [("・" + p, "m", BODY, "l") for p in r["projects"]]
    for u in r.get("urls") or []:
        sparas.append(("【関連URL】", "g", 6.5, "l"))
        sparas.append((u, "m", 6.5, "fit"))
    for ref in r.get("references") or []:
        sparas.append(("【参考】" + ref, "m", BODY, "l"))
    if r.get("notes"):
        sparas.append(("【備考】" + r["notes"], "m", BODY, "l"))
    cells = [
        Cell(fixed[0], [(nf, "g", BODY, "l")] if nf else []),
        Cell(fixed[1], [(ni, "g", BODY, "l")] if ni else []),
        Cell(fixed[2], [(no, "g", BODY, "c")]),
        Cell(fixed[3], tparas),
        Cell(fixed[4], sparas),
        Cell(fixed[5], [("，".join(r["actors"]), "m", BODY, "l")] if r["actors"] else []),
        Cell(fixed[6], [(t, "m", BODY, "l") for d in r["departments"]
                        for t in (d["bureau"], d["division"]) if t]),
    ]
    spans = []
    for s in r.get("schedule") or []:
        c0, c1 = span_cols(s, open_year, years)
        spans.append((c0, c1, s["label"]))
    cells.append(Cell(sum(ycols), bars={"cols": ycols, "spans": spans}))
    ip = []
    for ind in r.get("indicators") or []:
        ip.append(("◇" + ind["name"], "g", BODY, "l"))
        if ind.get("current"):
            ip.append(("現状値（%s）：%s" % (ind["current"]["as_of"], ind["current"]["value"]), "m", BODY, "l"))
        if ind.get("target"):
            ip.append(("目標値（%s）：%s" % (ind["target"]["as_of"], ind["target"]["value"]), "m", BODY, "l"))
    cells.append(Cell(rest, ip))
    return Row(cells)
