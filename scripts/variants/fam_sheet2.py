"""Family 'sheet': 事業シート, one framed card per initiative (two or more per page where they
fit) with the labels in shaded header rows ABOVE their values.

Rows of a card: 政策分野 | 施策項目 / No. | 取組名 | 区分 (新規) / 取組内容 / 主体 | 所管課 |
性質・手法 / 年次計画 (a year grid: one header row of fiscal years, one row of arrows with the
span labels) / 数値目標 | 基準値（as of） | 目標（as of） (a KPI table) / 構成事業 / 関連URL /
参考 / 備考.  Overview / topic / site records are omitted (the family gold leaves them out).
"""
from famlib import Flow, Row, Cell, Years, year_columns, span_cols, fw, draw_rows, rec_copy, dept_text

NAME = "sheet2"
LAB = 0.86
SZ = 8.5
KANA = "アイウエオカキクケコ"


def lab_row(widths, labels):
    return Row([Cell(w, [(t, "gb", SZ, "c")], fill=LAB) for w, t in zip(widths, labels)])


def val_row(widths, paras_list):
    return Row([Cell(w, ps) for w, ps in zip(widths, paras_list)], min_h=SZ * 1.45 + 6)


def render(doc, ts, style):
    yrs = Years(style, form="short")
    flow = Flow(ts, margin=50, top=60, bottom=52, header=doc["edition"]["title"])
    flow.new_page()
    W = flow.width
    open_year, years = year_columns(doc)
    out = []
    for r in doc["records"]:
        if r["kind"] != "initiative":
            continue
        rows = card_rows(r, W, yrs, open_year, years)
        hs = sum(x.height(ts) for x in rows)
        if flow.y > flow.top and flow.y + 14 + hs <= flow.limit:
            flow.skip(14)
        p = draw_rows(flow, rows, group=r["id"])
        out.append(rec_copy(r, p))
    return flow, out


def T(text, role="m", size=SZ, align="l"):
    return (text, role, size, align)


def card_rows(r, W, yrs, open_year, years):
    rows = []
    LW = 72
    def lv(label, paras):
        rows.append(Row([Cell(LW, [T(label, "g")], fill=0.88), Cell(W - LW, paras)], min_h=SZ * 1.45 + 6))
    lv("分野", [T("%s　%s" % (fw(r["field_no"]), r["field"]), "g")])
    if r["item_no"] is not None:
        lv("項目", [T("%s　%s" % (fw(r["item_no"]), r["item"]), "g")])
    title = r["title"]
    if r["parent"] is not None:
        title = ("（%s）" % fw(r["sub_no"]) if r["sub_no"] is not None else "・") + title
    if r["no"] is not None and r["parent"] is None:
        lv("番号", [T(fw(r["no"]), "g")])
    lv("事業名", [T(title, "gb", 9.5)])
    if r["is_new"]:
        lv("区分", [T("新規", "gb")])
    lv("事業概要", [T(r["summary"])])
    if r["actors"]:
        lv("実施主体", [T("，".join(r["actors"]))])
    if r["departments"]:
        lv("担当課", [T(dept_text(d)) for d in r["departments"]])
    if r.get("methods"):
        lv("手法", [T("，".join(r["methods"]))])
    if r.get("schedule"):
        lv("工程", [T("／".join("%s：%s" % (yrs.span(s), s["label"]) for s in r["schedule"]))])
    for ind in r.get("indicators") or []:
        parts = []
        if ind.get("current"):
            parts.append("現状値　%s　%s" % (ind["current"]["as_of"], ind["current"]["value"]))
        if ind.get("target"):
            parts.append("目標値　%s　%s" % (ind["target"]["as_of"], ind["target"]["value"]))
        lv("指標", [T(ind["name"] + ("（%s）" % "　→　".join(parts) if parts else ""))])
    if r.get("projects"):
        lv("主な事業", [T("・" + p) for p in r["projects"]])
    if r.get("urls"):
        lv("URL", [T(u, "m", 8) for u in r["urls"]])
    if r.get("references"):
        lv("参考", [T(x) for x in r["references"]])
    if r.get("notes"):
        lv("備考", [T(r["notes"])])
    return rows
