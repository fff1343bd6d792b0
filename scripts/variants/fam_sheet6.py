"""Variant 'sheet6' (of family 'sheet'): a 事務事業シート, one card per initiative across the
page, its cells in four columns — label | value | label | value — so short fields share a row
(分野 | … | 施策の方向 | …, 実施主体 | … | 所管課 | …, 手法 | … | 区分 | 新規), long ones span
the three cells right of their label (事業名, 事業の内容, 実施期間, 主な事業 …), and each
indicator takes two rows: 目標指標 | name, then 現状値 | value（as of） | 目標値 | value（as of）."""
from famlib import Flow, Row, Cell, Years, fw, dept_text, cards_across, labelled_tail, marked_title

NAME = "sheet6"
SZ = 8.0
LW = 54
LAB_FILL = 0.88


def T(text, role="m", size=SZ, align="l"):
    return (text, role, size, align)


def card_rows(r, W, yrs):
    rows = []
    vw = (W - 2 * LW) / 2

    def label(text):
        return Cell(LW, [T(text, "g")], fill=LAB_FILL)

    def wide(text, paras):
        rows.append(Row([label(text), Cell(W - LW, paras)], min_h=SZ * 1.45 + 6))

    def pair(a, pa, b, pb):
        rows.append(Row([label(a), Cell(vw, pa), label(b), Cell(vw, pb)], min_h=SZ * 1.45 + 6))

    item = [T("%s　%s" % (fw(r["item_no"]), r["item"]), "g")] if r["item_no"] is not None else []
    pair("分野", [T("%s　%s" % (fw(r["field_no"]), r["field"]), "g")], "施策の方向", item)
    title = marked_title(r)
    if r["no"] is not None and r["parent"] is None:
        title = "%s　%s" % (fw(r["no"]), title)
    wide("事業名", [T(title, "gb", 9)])
    wide("事業の内容", [T(r["summary"])])
    pair("実施主体", [T("、".join(r["actors"]))] if r["actors"] else [],
         "所管課", [T(dept_text(d, " ")) for d in r["departments"]])
    pair("手法", [T("、".join(r.get("methods") or []))] if r.get("methods") else [],
         "区分", [T("新規", "gb", 8.5, "c")] if r["is_new"] else [])
    if r.get("schedule"):
        wide("実施期間", [T("%s　%s" % (yrs.span(s), s["label"])) for s in r["schedule"]])
    for ind in r.get("indicators") or []:
        wide("目標指標", [T(ind["name"])])
        cur, tgt = ind.get("current"), ind.get("target")
        pair("現状値", [T("%s（%s）" % (cur["value"], cur["as_of"]))] if cur else [],
             "目標値", [T("%s（%s）" % (tgt["value"], tgt["as_of"]))] if tgt else [])
    labelled_tail(wide, T, r, url_size=7.5)
    return rows


def render(doc, ts, style):
    yrs = Years(style, form="long")
    flow = Flow(ts, margin=48, top=58, bottom=50, header=doc["edition"]["title"])
    flow.new_page()
    initiatives = [r for r in doc["records"] if r["kind"] == "initiative"]
    out = cards_across(flow, ts, initiatives, lambda r, W: card_rows(r, W, yrs), 1, 0, skip=14)
    return flow, out
