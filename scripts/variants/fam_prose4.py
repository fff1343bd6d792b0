"""Variant 'prose4' of family 'prose': initiative headings carry compound numbers
(2-3-1, or 2-1 where the plan has no 項目)."""
from famlib import family_copy


def initiative_mark(r):
    """The compound number printed before an initiative's title (○ when unnumbered)."""
    if r["no"] is None:
        return "○　"
    if r["item_no"] is not None:
        return "%d-%d-%d　" % (r["field_no"], r["item_no"], r["no"])
    return "%d-%d　" % (r["field_no"], r["no"])


_m = family_copy("fam_prose", NAME="prose4", initiative_mark=initiative_mark)
NAME, render = _m.NAME, _m.render
