"""Variant 'sheet7' of variant 'sheet2': the label cells are one character wide, so each label
stands in its cell one character a line, top to bottom (as forms print labels in a narrow
column: 担 / 当 / 課), left of its value."""
from famlib import family_copy, Row, Cell, fw, dept_text, labelled_tail, labelled_levels, marked_title, inline_indicator


def card_rows(r, W, yrs, open_year, years):
    rows = []
    LW = SZ + 8

    def lv(label, paras):
        # One character a line; the row is as tall as the label or its value.
        chars = [T(c, "g") for c in label]
        rows.append(Row([Cell(LW, chars, fill=0.88, valign="middle"), Cell(W - LW, paras)],
                        min_h=SZ * 1.45 + 6))
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


_m = family_copy("fam_sheet", NAME="sheet7", card_rows=card_rows)
NAME, render, T, SZ = _m.NAME, _m.render, _m.T, _m.SZ
