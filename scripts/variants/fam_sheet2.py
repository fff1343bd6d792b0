"""Variant 'sheet2' of family 'sheet': cards with each label in a shaded cell LEFT of its value
(分野 / 項目 / 番号 / 事業名 / 区分 / 事業概要 / 実施主体 / 担当課 / 手法 / 工程 (spans as text) /
指標 (現状値 → 目標値 inline) / 主な事業 / URL / 参考 / 備考), instead of label rows above values."""
from famlib import family_copy, Row, Cell, fw, dept_text, labelled_tail, labelled_levels, marked_title, inline_indicator


# Width of the label cells (a variant narrows them).
LW = 72


def label_cell(label):
    """The shaded cell holding a label, left of its value (a variant sets it otherwise)."""
    return Cell(LW, [T(label, "g")], fill=0.88)


def card_rows(r, W, yrs, open_year, years):
    rows = []

    def lv(label, paras):
        rows.append(Row([label_cell(label), Cell(W - LW, paras)], min_h=SZ * 1.45 + 6))
    labelled_levels(lv, T, r)
    title = marked_title(r)
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
        lv("指標", [T(inline_indicator(ind))])
    labelled_tail(lv, T, r, url_size=8)
    return rows


_m = family_copy("fam_sheet", NAME="sheet2", card_rows=card_rows)
NAME, render, T, SZ = _m.NAME, _m.render, _m.T, _m.SZ
