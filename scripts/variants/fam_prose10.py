"""Variant 'prose10' of family 'prose': an initiative's department closes its title line, in
brackets and without a label —「①総合行政ネットワークの運用（震災復興・企画部 情報政策課）」—
instead of a 【担当】 line of its own."""
from famlib import family_copy, dept_text

_m = family_copy("fam_prose", NAME="prose10")
_initiative = _m.initiative


def initiative(flow, r, yrs, ind1, ind2):
    if not r.get("departments"):
        return _initiative(flow, r, yrs, ind1, ind2)
    printed = dict(r)
    printed["title"] = "%s（%s）" % (r["title"], "／".join(dept_text(d) for d in r["departments"]))
    printed["departments"] = []
    return _initiative(flow, printed, yrs, ind1, ind2)


_m.initiative = initiative
NAME, render = _m.NAME, _m.render
