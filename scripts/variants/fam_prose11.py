"""Variant 'prose11' of variant 'prose9': the department closes the summary paragraph in lenticular
brackets and without a label —「…を推進します。【震災復興・企画部 情報政策課】」."""
from famlib import family_copy, dept_text

_m = family_copy("fam_prose", NAME="prose11")
_initiative, _lab = _m.initiative, _m.lab
_current = {}


def initiative(flow, r, yrs, ind1, ind2):
    _current["r"] = r
    try:
        return _initiative(flow, r, yrs, ind1, ind2)
    finally:
        _current.clear()


def lab(flow, label, value, x):
    r = _current.get("r")
    if r is not None and label == "担当":
        return  # printed with the summary
    if r is not None and label == "事業概要" and r.get("departments"):
        value = "%s【%s】" % (value, "／".join(dept_text(d) for d in r["departments"]))
    _lab(flow, label, value, x)


_m.initiative, _m.lab = initiative, lab
NAME, render = _m.NAME, _m.render
