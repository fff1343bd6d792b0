"""Variant 'table9' (of variant 'table6'): the landscape 施策一覧 with its indicators in three
columns of their own, 指標名 | 現状値 | 目標値 (values with their date in brackets), one ruled
sub-row per indicator beside the initiative's merged cells (as a spreadsheet prints merged
cells), and no column the vocabulary lacks."""
from famlib import Flow, Row, Cell, Years, dept_text, fw, header_on_new_page, marked_title, rec_copy

NAME = "table9"
BODY = 7.5
HEADS = ["No.", "事業名", "事業の内容", "実施主体", "担当課", "実施期間", "指標名", "現状値", "目標値"]
WIDTHS = [34, 110, 180, 56, 84, 86]
VALUE_W = 70


def T(text, role="m", size=BODY, align="l"):
    return (text, role, size, align)


def number(r):
    if r["no"] is None or r["parent"] is not None:
        return ""
    parts = [r["field_no"]] + ([r["item_no"]] if r["item_no"] is not None else []) + [r["no"]]
    return "-".join(str(p) for p in parts)


def summary_paras(r):
    summ = [T(r["summary"])]
    if r.get("methods"):
        summ.append(T("【手法】" + "，".join(r["methods"])))
    if r.get("projects"):
        summ.append(T("＜主な事業＞", "g"))
        summ += [T("・" + p) for p in r["projects"]]
    for u in r.get("urls") or []:
        summ.append(T("【URL】" + u, "m", 6.5, "fit"))
    for ref in r.get("references") or []:
        summ.append(T("【参考】" + ref))
    if r.get("notes"):
        summ.append(T("【備考】" + r["notes"]))
    return summ


def level_bands(r, levels, band):
    """The band rows that open record r's 分野 and 項目 when they change (「２．…」「（３）…」);
    levels: the dict of the last ones, updated."""
    bands = []
    if r["field_no"] != levels.get("field"):
        levels["field"], levels["item"] = r["field_no"], None
        bands.append(band("%s．%s" % (fw(r["field_no"]), r["field"]), 0.88))
    if r["item_no"] != levels.get("item"):
        levels["item"] = r["item_no"]
        if r["item_no"] is not None:
            bands.append(band("（%s）%s" % (fw(r["item_no"]), r["item"]), 0.95))
    return bands


def row_title(r):
    """The title cell's text: the nested-row mark, the title, （新規）."""
    return marked_title(r) + ("（新規）" if r["is_new"] else "")


def indicator_rows(r, name_w):
    rows = []
    for ind in r.get("indicators") or []:
        cur, tgt = ind.get("current"), ind.get("target")
        rows.append(Row([
            Cell(name_w, [T(ind["name"])]),
            Cell(VALUE_W, [T("%s（%s）" % (cur["value"], cur["as_of"]))] if cur else []),
            Cell(VALUE_W, [T("%s（%s）" % (tgt["value"], tgt["as_of"]))] if tgt else []),
        ]))
    return rows or [Row([Cell(name_w, []), Cell(VALUE_W, []), Cell(VALUE_W, [])])]


def render(doc, ts, style):
    yrs = Years(style, form="short")

    def header(flow):
        name_w = flow.width - sum(WIDTHS) - 2 * VALUE_W
        widths = WIDTHS + [name_w, VALUE_W, VALUE_W]
        cells = [Cell(w, [(h, "gb", BODY, "c")], fill=0.8, valign="middle") for w, h in zip(widths, HEADS)]
        return Row(cells, min_h=18)

    flow = Flow(ts, landscape=True, margin=30, top=46, bottom=40, header=doc["edition"]["title"],
                on_new_page=header_on_new_page(ts, header))
    flow.new_page()
    W = flow.width
    name_w = W - sum(WIDTHS) - 2 * VALUE_W

    def band(text, fill):
        return Row([Cell(W, [(text, "gb", 8.5, "l")], fill=fill)])

    out = []
    levels = {}
    for r in doc["records"]:
        if r["kind"] != "initiative":
            continue
        bands = level_bands(r, levels, band)
        title = row_title(r)
        left = Row([
            Cell(WIDTHS[0], [T(number(r), "g", BODY, "c")]),
            Cell(WIDTHS[1], [T(title, "g")]),
            Cell(WIDTHS[2], summary_paras(r)),
            Cell(WIDTHS[3], [T("、".join(r["actors"]))] if r["actors"] else []),
            Cell(WIDTHS[4], [T(dept_text(d, " ")) for d in r["departments"]]),
            Cell(WIDTHS[5], [T("%s：%s" % (yrs.span(s), s["label"])) for s in r.get("schedule") or []]),
        ])
        subs = indicator_rows(r, name_w)
        sub_h = [s.height(ts) for s in subs]
        h = max(left.height(ts), sum(sub_h))
        sub_h[-1] += h - sum(sub_h)
        band_h = [b.height(ts) for b in bands]
        flow.need(sum(band_h) + h)
        for b, bh in zip(bands, band_h):
            b.draw(flow, flow.x0, flow.y, bh, group=r["id"])
            flow.y += bh
        left.draw(flow, flow.x0, flow.y, h, group=r["id"])
        y = flow.y
        for s, sh in zip(subs, sub_h):
            s.draw(flow, flow.x0 + sum(WIDTHS), y, sh, group=r["id"])
            y += sh
        flow.y += h
        out.append(rec_copy(r, flow.page.number))
    return flow, out
