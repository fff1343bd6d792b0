"""Family 'prose': prose outline without any rules (総合計画 / 行動計画 style).

Headings: 第３章 (chapter, furniture) → ２ 分野 → （３） 項目 → ① initiative (○ unnumbered,
・ nested rows, ア/イ for "（１）" sub-rows).  Labels inline in brackets: 【事業概要】, 【性質・手法】,
【実施主体】, 【担当】, 【スケジュール】, 【成果指標】name（現状値 … → 目標値 …）, ＜主な事業＞ with ・
bullets, 【関連URL】, 【参考】, 【備考】; badge 【新規】 before the title.  Overviews are
【現状，課題と取組の方向性】 sections, topics ＜トピックス＞ sections, sites ■情報発信サイト等 entries.
"""
from famlib import inline_indicator, Flow, Years, fw, circled, dept_text, rec_copy

NAME = "prose"
KANA = "アイウエオカキクケコサシスセソタチツテト"
BODY = 9.5
PITCH = 15.5
# Heading forms and sizes (variants change them).
FIELD_FORMAT = "%s　%s"
ITEM_FORMAT = "（%s）%s"
LABEL_FORMAT = "【%s】%s"
TOPIC_MARK = "＜トピックス＞"
PROJECTS_HEAD = "＜主な事業＞"
# The word printed for each label (variants map 担当 → 所管課 and the like).
WORDS = {}


def word(label):
    """The word printed for `label`."""
    return WORDS.get(label, label)
FIELD_SIZE = 12
ITEM_SIZE = 11
TITLE_SIZE = 10.5


def initiative_mark(r):
    """The number printed before an initiative's title (○ when unnumbered)."""
    return (circled(r["no"]) + "　") if r["no"] is not None else "○　"


def render(doc, ts, style):
    yrs = Years(style, form="long")
    flow = Flow(ts, margin=62, top=64, bottom=60, header=doc["edition"]["title"])
    flow.new_page()
    ed = doc["edition"]
    flow.para(ed["title"], size=15, role="gb", pitch=26)
    flow.para("第３章　分野別の取組", size=13, role="gb", pitch=24)
    flow.skip(4)
    x0 = flow.x0
    ind1 = x0 + BODY  # body of a section
    ind2 = x0 + 2 * BODY  # body of an initiative
    out = []
    cur_field = cur_item = None
    in_sites = False
    for r in doc["records"]:
        if r["field_no"] != cur_field:
            cur_field, cur_item = r["field_no"], None
            flow.skip(6)
            flow.para(FIELD_FORMAT % (fw(r["field_no"]), r["field"]), size=FIELD_SIZE, role="gb", pitch=21, keep=4,
                      reserve=50)
            in_sites = False
        if r["item_no"] != cur_item and r["item_no"] is not None:
            cur_item = r["item_no"]
            flow.skip(3)
            flow.para(ITEM_FORMAT % (fw(r["item_no"]), r["item"]), x=x0 + 6, size=ITEM_SIZE, role="gb", pitch=19,
                      keep=4, reserve=50)
            in_sites = False
        kind = r["kind"]
        if kind == "overview":
            first = flow.lines(r["text"].split("\n")[0], flow.width - (ind1 - flow.x0) - BODY, BODY, "m")
            p = flow.para("【%s】" % r["title"], x=ind1, size=10, role="g", pitch=17, reserve=PITCH * len(first) + 2)
            paras(flow, r["text"], ind1)
            out.append(rec_copy(r, p))
            in_sites = False
        elif kind == "topic":
            flow.skip(4)
            first = flow.lines(r["text"].split("\n")[0], flow.width - (ind1 - flow.x0) - BODY, BODY, "m")
            p = flow.para(TOPIC_MARK + r["title"], x=ind1, size=10.5, role="gb", pitch=18,
                          reserve=PITCH * len(first) + 2)
            paras(flow, r["text"], ind1)
            out.append(rec_copy(r, p))
            in_sites = False
        elif kind == "site":
            if not in_sites:
                flow.skip(4)
                flow.para("■情報発信サイト等", x=ind1, size=10.5, role="gb", pitch=18, keep=4, reserve=50)
                in_sites = True
            p = flow.para("◆" + r["title"], x=ind1, size=10, role="gb", pitch=17, keep=3, reserve=32)
            lab(flow, "媒体", "，".join(r.get("media") or []), ind2)
            lab(flow, "内容", r.get("summary"), ind2)
            for u in r.get("urls") or []:
                lab(flow, "URL", u, ind2)
            for d in r.get("departments") or []:
                lab(flow, "担当", dept_text(d), ind2)
            lab(flow, "備考", r.get("notes"), ind2)
            out.append(rec_copy(r, p))
        else:
            in_sites = False
            p = initiative(flow, r, yrs, ind1, ind2)
            out.append(rec_copy(r, p))
    return flow, out


def paras(flow, text, x):
    for t in text.split("\n"):
        flow.para(t, x=x, size=BODY, role="m", pitch=PITCH, first_indent=BODY)


def lab(flow, label, value, x):
    """A bracketed label with its value on the same line."""
    if value:
        flow.para(LABEL_FORMAT % (word(label), value), x=x, size=BODY, role="m", pitch=PITCH, hang=BODY * 1.0)


def initiative(flow, r, yrs, ind1, ind2):
    if r["parent"] is not None:
        mark = (KANA[r["sub_no"] - 1] + "　") if r["sub_no"] is not None else "・"
        x = ind2
        body = ind2 + BODY
    else:
        mark = initiative_mark(r)
        x = ind1
        body = ind2
    badge = "【新規】" if r["is_new"] else ""
    flow.skip(5)
    first = flow.lines(LABEL_FORMAT % (word("事業概要"), r["summary"]), flow.width - (body - flow.x0) - BODY, BODY, "m")
    p = flow.para(mark + badge + r["title"], x=x, size=TITLE_SIZE, role="gb", pitch=18, hang=10.5 * 1.5,
                  reserve=PITCH * len(first) + 2)
    lab(flow, "事業概要", r["summary"], body)
    lab(flow, "性質・手法", "，".join(r.get("methods") or []), body)
    lab(flow, "実施主体", "，".join(r.get("actors") or []), body)
    if r.get("departments"):
        lab(flow, "担当", "／".join(dept_text(d) for d in r["departments"]), body)
    if r.get("schedule"):
        lab(flow, "スケジュール", "／".join("%s　%s" % (yrs.span(s), s["label"]) for s in r["schedule"]), body)
    for ind in r.get("indicators") or []:
        lab(flow, "成果指標", inline_indicator(ind), body)
    if r.get("projects"):
        flow.para(PROJECTS_HEAD, x=body, size=BODY, role="m", pitch=PITCH)
        for pj in r["projects"]:
            flow.para("・" + pj, x=body + BODY, size=BODY, role="m", pitch=PITCH, hang=BODY)
    for u in r.get("urls") or []:
        lab(flow, "関連URL", u, body)
    for ref in r.get("references") or []:
        lab(flow, "参考", ref, body)
    lab(flow, "備考", r.get("notes"), body)
    return p
