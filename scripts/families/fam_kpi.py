"""Family 'kpi': municipal 総合戦略 style — 基本目標 → 施策①②… with a prose paragraph, a KPI
table 重要業績評価指標（KPI）| 現状値（as of）| 目標値（as of）, ＜主な事業＞ bullets (・),
■ marked lines (■主体, ■手法, ■工程表, ■関連サイト, ■参考, ■備考) and a 【担当】 line.

The plan has no 項目 level: initiatives are numbered ①②… within each 基本目標 (分野), so the
family gold renumbers them: id "<ed>/<field>-<k>", no = k, item_no / item = null; nested rows
keep their suffix under the new parent id.  Overview / topic / site records are omitted.
"""
from famlib import Flow, Row, Cell, Years, fw, circled, draw_rows, rec_copy, dept_text

NAME = "kpi"
BODY = 9.5
PITCH = 15.5
# Words and marks printed (variants change them).
MEASURE_FORMAT = "施策%s　"
DEPT_LABEL = "【担当】"
LABEL_MARK = "■"
KPI_HEAD = "重要業績評価指標（KPI）"
CURRENT_HEAD = "現状値"
KANA = "アイウエオカキクケコ"


def render(doc, ts, style):
    yrs = Years(style, form="bare")
    ed = doc["edition"]
    flow = Flow(ts, margin=60, top=64, bottom=60, header=ed["title"])
    flow.new_page()
    flow.para(ed["title"], size=15, role="gb", pitch=26)
    flow.para("施策の展開（基本目標別）", size=12, role="gb", pitch=22)
    x0 = flow.x0
    body = x0 + 2 * BODY
    out = []
    newid = {}
    cur_field = None
    k = 0
    for r in doc["records"]:
        if r["kind"] != "initiative":
            continue
        if r["field_no"] != cur_field:
            cur_field, k = r["field_no"], 0
            flow.skip(10)
            flow.para("基本目標%s　%s" % (fw(r["field_no"]), r["field"]), size=12.5, role="gb", pitch=22,
                      reserve=60)
        edn = r["edition"]
        if r["parent"] is None:
            k += 1
            nid = "%s/%d-%d" % (edn, r["field_no"], k)
            changes = {"no": k}
            head = MEASURE_FORMAT % circled(k)
            x = x0 + BODY
            b = body
        else:
            nid = newid[r["parent"]] + "." + r["id"].rsplit(".", 1)[1]
            changes = {"parent": newid[r["parent"]]}
            head = "（%s）" % KANA[r["sub_no"] - 1] if r["sub_no"] is not None else "・"
            x = body
            b = body + BODY
        newid[r["id"]] = nid
        changes.update(id=nid, item_no=None, item=None)
        flow.skip(6)
        badge = "【新規】" if r["is_new"] else ""
        first = flow.lines(r["summary"], flow.width - (b - flow.x0) - BODY, BODY, "m") if r["summary"] else []
        p = flow.para(head + badge + r["title"], x=x, size=10.5, role="gb", pitch=18, hang=21,
                      reserve=PITCH * max(1, len(first)) + 2)
        flow.para(r["summary"], x=b, size=BODY, role="m", pitch=PITCH, first_indent=BODY)
        mark(flow, "主体", "，".join(r["actors"]), b)
        mark(flow, "手法", "，".join(r.get("methods") or []), b)
        if r.get("schedule"):
            mark(flow, "工程表", "／".join("%s：%s" % (yrs.span(s), s["label"]) for s in r["schedule"]), b)
        kpi_table(flow, r.get("indicators") or [], b)
        if r.get("projects"):
            flow.para("＜主な事業＞", x=b, size=BODY, role="g", pitch=PITCH)
            for pj in r["projects"]:
                flow.para("・" + pj, x=b + BODY, size=BODY, role="m", pitch=PITCH, hang=BODY)
        for u in r.get("urls") or []:
            mark(flow, "関連サイト", u, b)
        for ref in r.get("references") or []:
            mark(flow, "参考", ref, b)
        mark(flow, "備考", r.get("notes"), b)
        if r.get("departments"):
            flow.para(DEPT_LABEL + "，".join(dept_text(d) for d in r["departments"]), x=b, size=BODY,
                      role="m", pitch=PITCH, hang=BODY * 4)
        out.append(rec_copy(r, p, **changes))
    return flow, out


def mark(flow, label, value, x):
    if value:
        flow.para(LABEL_MARK + "%s　%s" % (label, value), x=x, size=BODY, role="m", pitch=PITCH, hang=BODY)


def kpi_table(flow, inds, x):
    if not inds:
        return
    W = flow.width - (x - flow.x0)
    wk = [W * 0.52, W * 0.24, W * 0.24]
    sz = 8.5
    k = 0
    flow.skip(3)
    while k < len(inds):
        key = (inds[k]["current"] or {}).get("as_of"), (inds[k]["target"] or {}).get("as_of")
        group = [inds[k]]
        while k + len(group) < len(inds):
            nx = inds[k + len(group)]
            if ((nx["current"] or {}).get("as_of"), (nx["target"] or {}).get("as_of")) != key:
                break
            group.append(nx)
        k += len(group)
        current = CURRENT_HEAD + "（%s）" % key[0] if key[0] else CURRENT_HEAD
        rows = [Row([Cell(wk[0], [(KPI_HEAD, "g", sz, "c")], fill=0.88),
                     Cell(wk[1], [(current, "g", sz, "c")], fill=0.88),
                     Cell(wk[2], [("目標値（%s）" % key[1] if key[1] else "目標値", "g", sz, "c")], fill=0.88)])]
        for g in group:
            rows.append(Row([Cell(wk[0], [(g["name"], "m", sz)]),
                             Cell(wk[1], [(g["current"]["value"], "m", sz, "c")] if g["current"] else []),
                             Cell(wk[2], [(g["target"]["value"], "m", sz, "c")] if g["target"] else [])]))
        draw_rows(flow, rows, x=x)
    flow.skip(4)
