"""Family 'sheet': 事業シート, one framed card per initiative (two or more per page where they
fit) with the labels in shaded header rows ABOVE their values.

Rows of a card: 政策分野 | 施策項目 / No. | 取組名 | 区分 (新規) / 取組内容 / 主体 | 所管課 |
性質・手法 / 年次計画 (a year grid: one header row of fiscal years, one row of arrows with the
span labels) / 数値目標 | 基準値（as of） | 目標（as of） (a KPI table) / 構成事業 / 関連URL /
参考 / 備考.  Overview / topic / site records are omitted (the family gold leaves them out).
"""
from famlib import Flow, Row, Cell, Years, year_columns, span_cols, fw, draw_rows, rec_copy, dept_text

NAME = "sheet"
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
    w2 = [W * 0.4, W * 0.6]
    rows.append(lab_row(w2, ["政策分野", "施策項目"]))
    rows.append(val_row(w2, [[T("%s　%s" % (fw(r["field_no"]), r["field"]), "g")],
                             [T("%s　%s" % (fw(r["item_no"]), r["item"]), "g")] if r["item_no"] is not None else []]))
    w3 = [40, W - 40 - 56, 56]
    no = fw(r["no"]) if r["no"] is not None and r["parent"] is None else ""
    title = r["title"]
    if r["parent"] is not None:
        title = ("（%s）" % fw(r["sub_no"]) if r["sub_no"] is not None else "・") + title
    rows.append(lab_row(w3, ["No.", "取組名", "区分"]))
    rows.append(val_row(w3, [[T(no, "g", 9, "c")], [T(title, "gb", 9.5)],
                             [T("新規", "gb", 9, "c")] if r["is_new"] else []]))
    rows.append(lab_row([W], ["取組内容"]))
    rows.append(val_row([W], [[T(r["summary"])]]))
    w4 = [W * 0.36, W * 0.36, W * 0.28]
    rows.append(lab_row(w4, ["主体", "所管課", "性質・手法"]))
    rows.append(val_row(w4, [[T("，".join(r["actors"]))] if r["actors"] else [],
                             [T(dept_text(d)) for d in r["departments"]],
                             [T("，".join(r.get("methods") or []))] if r.get("methods") else []]))
    if r.get("schedule"):
        ncol = len(years) + (1 if open_year is not None else 0)
        cw = [W / ncol] * ncol
        heads = ([yrs.upto(open_year)] if open_year is not None else []) + [yrs.fy(y) for y in years]
        rows.append(lab_row([W], ["年次計画"]))
        rows.append(Row([Cell(w, [T(h, "g", 8, "c")], fill=0.95) for w, h in zip(cw, heads)]))
        spans = []
        for s in r["schedule"]:
            c0, c1 = span_cols(s, open_year, years)
            spans.append((c0, c1, s["label"]))
        rows.append(Row([Cell(W, bars={"cols": cw, "spans": spans})]))
    inds = r.get("indicators") or []
    k = 0
    while k < len(inds):
        ind = inds[k]
        key = (ind["current"] or {}).get("as_of"), (ind["target"] or {}).get("as_of")
        group = [ind]
        while k + len(group) < len(inds):
            nx = inds[k + len(group)]
            if ((nx["current"] or {}).get("as_of"), (nx["target"] or {}).get("as_of")) != key:
                break
            group.append(nx)
        k += len(group)
        wk = [W * 0.5, W * 0.25, W * 0.25]
        rows.append(lab_row(wk, ["数値目標",
                                 "基準値（%s）" % key[0] if key[0] is not None else "基準値",
                                 "目標（%s）" % key[1] if key[1] is not None else "目標"]))
        for g in group:
            rows.append(val_row(wk, [[T(g["name"])],
                                     [T(g["current"]["value"], "m", SZ, "c")] if g["current"] else [],
                                     [T(g["target"]["value"], "m", SZ, "c")] if g["target"] else []]))
    if r.get("projects"):
        rows.append(lab_row([W], ["構成事業"]))
        rows.append(val_row([W], [[T("・" + p) for p in r["projects"]]]))
    if r.get("urls"):
        rows.append(lab_row([W], ["関連URL"]))
        rows.append(val_row([W], [[T(u, "m", 8) for u in r["urls"]]]))
    if r.get("references"):
        rows.append(lab_row([W], ["参考"]))
        rows.append(val_row([W], [[T(x) for x in r["references"]]]))
    if r.get("notes"):
        rows.append(lab_row([W], ["備考"]))
        rows.append(val_row([W], [[T(r["notes"])]]))
    return rows
