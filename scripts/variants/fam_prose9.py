"""Variant 'prose9' of family 'prose': an initiative's department closes its summary paragraph,
in brackets inside the text —「…を推進します。（担当：震災復興・企画部 情報政策課）」— instead of a
【担当】 line of its own."""
from famlib import family_copy, dept_text

# How the department closes the summary (a variant prints it otherwise).
CLOSING = "%s（担当：%s）"
_m = family_copy("fam_prose", NAME="prose9")
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
        value = CLOSING % (value, "／".join(dept_text(d) for d in r["departments"]))
    _lab(flow, label, value, x)


_m.initiative, _m.lab = initiative, lab
NAME, render = _m.NAME, _m.render
