"""Family 'table': landscape 施策一覧表, one row per initiative.

Columns: 番号 | 事業名 | 事業概要 | 実施主体 | 担当課 | one column per fiscal year | 成果指標.
The header row repeats on every page; 分野 / 項目 are full-width band rows
(「分野２　行政の情報化」, 「項目３　市町村行政の情報化」); a row's lines carry no rules
between them; year cells hold arrows with the span labels above them, spanning their year
columns.  Overview / topic / site records are not part of such a table: they are omitted
(the family gold leaves them out).
"""
from famlib import (Flow, Row, Cell, Years, year_columns, span_cols, dept_text, fw, rec_copy, fit_columns)

NAME = "table"
HEAD_FILL = 0.82
FIELD_FILL = 0.88
ITEM_FILL = 0.94
BODY = 7.5
# Words printed in the header row and as inline labels (variants change them).
HEADS = ["番号", "事業名", "事業概要", "実施主体", "担当課"]
INDICATOR_HEAD = "成果指標"
METHODS_LABEL = "【手法】"
PROJECTS_LABEL = "＜主な事業＞"
URL_LABEL = "【関連URL】"
# Whether the header row is printed again on every page (a variant prints it once).
REPEAT_HEADER = True


def head_cell(w, h):
    """A cell of the header row naming a column."""
    return Cell(w, [(h, "gb", BODY, "cfit")], fill=HEAD_FILL, valign="middle")


def year_head_cell(w, s):
    """A cell of the header row naming a fiscal-year column."""
    return Cell(w, [(s, "gb", 7.0, "cfit")], fill=HEAD_FILL, valign="middle")


def year_cells(ycols, spans):
    """The year columns of a row: one cell of arrows with span labels."""
    return [Cell(sum(ycols), bars={"cols": ycols, "spans": spans})]


def columns(doc, width):
    open_year, years = year_columns(doc)
    ny = len(years) + (1 if open_year is not None else 0)
    fixed, yw, rest = fit_columns(width, [24, 116, 208, 58, 86], 42.0 if ny >= 4 else 50.0, ny)
    return fixed, [yw] * ny, rest, open_year, years


def header_rows(doc, width, yrs):
    """The header of the table: one row naming the columns, a year in each year column."""
    fixed, ycols, rest, open_year, years = columns(doc, width)
    cells = [head_cell(w, h) for w, h in zip(fixed, HEADS)]
    ylabels = ([yrs.upto(open_year)] if open_year is not None else []) + [yrs.fy(y) for y in years]
    cells += [year_head_cell(w, s) for w, s in zip(ycols, ylabels)]
    cells.append(Cell(rest, [(INDICATOR_HEAD, "gb", BODY, "cfit")], fill=HEAD_FILL, valign="middle"))
    return [Row(cells, min_h=22)]


def render(doc, ts, style):
    yrs = Years(style, form="long")
    title = doc["edition"]["title"]
    flow_holder = {}

    def on_new_page(flow):
        # caption on the first page, then the repeated header row
        if len(flow.pages) == 1:
            flow.para("県が取り組む施策一覧表", size=12, role="gb", pitch=20)
            flow.skip(2)
        if REPEAT_HEADER or len(flow.pages) == 1:
            for r in header_rows(doc, flow.width, yrs):
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
        if r["field_no"] != cur_field:
            cur_field, cur_item = r["field_no"], None
            pending.append(band("分野%s　%s" % (fw(r["field_no"]), r["field"]), FIELD_FILL))
        if r["item_no"] != cur_item:
            cur_item = r["item_no"]
            if r["item_no"] is not None:
                pending.append(band("項目%s　%s" % (fw(r["item_no"]), r["item"]), ITEM_FILL))
        row = initiative_row(r, fixed, ycols, rest, open_year, years, ts)
        rows = pending + [row]
        hs = [x.height(ts) for x in rows]
        flow.need(sum(hs))
        for x, h in zip(rows, hs):
            x.draw(flow, flow.x0, flow.y, h, group=r["id"])
            flow.y += h
        pending = []
        out.append(rec_copy(r, flow.page.number))
    return flow, out


def initiative_row(r, fixed, ycols, rest, open_year, years, ts):
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
        sparas.append((METHODS_LABEL + "，".join(r["methods"]), "m", BODY, "l"))
    if r.get("projects"):
        sparas.append((PROJECTS_LABEL, "g", BODY, "l"))
        sparas += [("・" + p, "m", BODY, "l") for p in r["projects"]]
    for u in r.get("urls") or []:
        sparas.append((URL_LABEL, "g", 6.5, "l"))
        sparas.append((u, "m", 6.5, "fit"))
    for ref in r.get("references") or []:
        sparas.append(("【参考】" + ref, "m", BODY, "l"))
    if r.get("notes"):
        sparas.append(("【備考】" + r["notes"], "m", BODY, "l"))
    cells = [
        Cell(fixed[0], [(no, "g", BODY, "c")]),
        Cell(fixed[1], tparas),
        Cell(fixed[2], sparas),
        Cell(fixed[3], [("，".join(r["actors"]), "m", BODY, "l")] if r["actors"] else []),
        Cell(fixed[4], [(t, "m", BODY, "l") for d in r["departments"]
                        for t in (d["bureau"], d["division"]) if t]),
    ]
    spans = []
    for s in r.get("schedule") or []:
        c0, c1 = span_cols(s, open_year, years)
        spans.append((c0, c1, s["label"]))
    cells += year_cells(ycols, spans)
    ip = []
    for ind in r.get("indicators") or []:
        ip.append(("◇" + ind["name"], "g", BODY, "l"))
        if ind.get("current"):
            ip.append(("現状値（%s）：%s" % (ind["current"]["as_of"], ind["current"]["value"]), "m", BODY, "l"))
        if ind.get("target"):
            ip.append(("目標値（%s）：%s" % (ind["target"]["as_of"], ind["target"]["value"]), "m", BODY, "l"))
    cells.append(Cell(rest, ip))
    return Row(cells)
