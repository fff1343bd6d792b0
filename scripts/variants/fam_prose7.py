"""Variant 'prose7' of variant 'prose5': plain labels before a space, and every indicator over
three labelled lines (成果指標　name / 現状値　value（as_of） / 目標値　value（as_of））."""
from famlib import family_copy, inline_indicator

_base = family_copy("fam_prose", LABEL_FORMAT="%s　%s")


def lab(flow, label, value, x):
    """prose5's label line; an indicator's values on lines of their own."""
    ind = _INDICATORS.get(value) if label == "成果指標" else None
    if ind is None:
        _base.lab(flow, label, value, x)
        return
    _base.lab(flow, "成果指標", ind["name"], x)
    for word, part in (("現状値", ind.get("current")), ("目標値", ind.get("target"))):
        if part:
            _base.lab(flow, word, "%s（%s）" % (part["value"], part["as_of"]), x)


# The family prints an indicator as one labelled value; render() below maps that value back
# to its indicator.
_INDICATORS = {}


def render(doc, ts, style):
    _INDICATORS.clear()
    for r in doc["records"]:
        for ind in r.get("indicators") or []:
            _INDICATORS[inline_indicator(ind)] = ind
    return _m.render(doc, ts, style)


_m = family_copy("fam_prose", NAME="prose7", LABEL_FORMAT="%s　%s", lab=lab)
NAME = _m.NAME
