"""Variant 'prose12' of family 'prose': an initiative's department stands at the right end of its
title line, set apart and without a label or brackets —「① 総合行政ネットワークの運用 …………
震災復興・企画部 情報政策課」— instead of a 【担当】 line of its own."""
import famlib
from famlib import ASC, family_copy, dept_text

_m = family_copy("fam_prose", NAME="prose12")
_initiative, _lab = _m.initiative, _m.lab
_current = {}


def initiative(flow, r, yrs, ind1, ind2):
    if not r.get("departments"):
        return _initiative(flow, r, yrs, ind1, ind2)
    dept = "／".join(dept_text(d) for d in r["departments"])
    dept_w = flow.ts.w("m", dept, _m.BODY * famlib.FONT_SCALE)
    para = flow.para

    def title_then_department(text, **kw):
        if kw.get("role") != "gb":
            return para(text, **kw)
        flow.para = para
        # The title keeps clear of the department; its first line stays on this page.
        kw["width"] = flow.width - (kw["x"] - flow.x0) - dept_w - 2 * _m.BODY
        flow.need(kw.get("pitch", 18) * 3 + kw.get("reserve", 0.0))
        y, pitch = flow.y, kw.get("pitch", 18)
        start = para(text, **kw)
        box = flow.page.canvas.box() if flow.page.number == start else None
        if box is not None:
            size = _m.BODY * famlib.FONT_SCALE
            flow.ts.put(box, flow.x0 + flow.width - dept_w, y + (pitch - size) / 2 + ASC * size, size, "m", dept)
        return start

    flow.para = title_then_department
    _current["r"] = r
    try:
        return _initiative(flow, r, yrs, ind1, ind2)
    finally:
        flow.para = para
        _current.clear()


def lab(flow, label, value, x):
    if _current.get("r") is not None and label == "担当":
        return  # printed on the title line
    _lab(flow, label, value, x)


_m.initiative, _m.lab = initiative, lab
NAME, render = _m.NAME, _m.render
