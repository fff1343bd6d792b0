"""Variant 'sheet3' (of family 'sheet'): A4 landscape, two cards side by side (two columns a page), each label in
a shaded cell LEFT of its value, other label words (施策名 / 概要 / 推進主体 / 担当部局 /
実施計画 / 評価指標), the schedule as text lines in one cell (～H25年度：運用), the
department on one line, indicators as 現状値／目標値 lines under a ◇ name."""
from famlib import Flow, Row, Cell, Years, fw, dept_text, cards_across, labelled_tail, labelled_levels, marked_title

NAME = "sheet3"
SZ = 8.0
LW = 58
GAP = 22
# Vertical alignment of the label cells ("middle" in variant sheet5).
LABEL_VALIGN = "top"
# Cards a page across (1 in variant deflist) and whether cells are ruled and shaded.
COLUMNS = 2
RULED = True


def T(text, role="m", size=SZ, align="l"):
    return (text, role, size, align)


def card_rows(r, W, yrs):
    rows = []

    def lv(label, paras):
        rows.append(Row([Cell(LW, [T(label, "g")], fill=0.86 if RULED else None, valign=LABEL_VALIGN),
                         Cell(W - LW, paras)], rules=RULED, min_h=SZ * 1.45 + 6))

    labelled_levels(lv, T, r)
    title = marked_title(r)
    if r["no"] is not None and r["parent"] is None:
        title = "%s　%s" % (fw(r["no"]), title)
    lv("施策名", [T(title + ("　【新規】" if r["is_new"] else ""), "gb", 9)])
    lv("概要", [T(r["summary"])])
    if r["actors"]:
        lv("推進主体", [T("、".join(r["actors"]))])
    if r["departments"]:
        lv("担当部局", [T(dept_text(d, " ")) for d in r["departments"]])
    if r.get("methods"):
        lv("手法", [T("、".join(r["methods"]))])
    if r.get("schedule"):
        lv("実施計画", [T("%s：%s" % (yrs.span(s), s["label"])) for s in r["schedule"]])
    if r.get("indicators"):
        ps = []
        for ind in r["indicators"]:
            ps.append(T("◇" + ind["name"]))
            if ind.get("current"):
                ps.append(T("　現状値：%s（%s）" % (ind["current"]["value"], ind["current"]["as_of"])))
            if ind.get("target"):
                ps.append(T("　目標値：%s（%s）" % (ind["target"]["value"], ind["target"]["as_of"])))
        lv("評価指標", ps)
    labelled_tail(lv, T, r, url_size=7.5)
    return rows


def render(doc, ts, style):
    yrs = Years(style, form="short")
    flow = Flow(ts, landscape=True, margin=40, top=56, bottom=46, header=doc["edition"]["title"])
    flow.new_page()
    initiatives = [r for r in doc["records"] if r["kind"] == "initiative"]
    out = cards_across(flow, ts, initiatives, lambda r, W: card_rows(r, W, yrs), COLUMNS, GAP)
    return flow, out
