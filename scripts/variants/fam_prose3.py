"""Variant 'prose3' of family 'prose': headings in body type (「１．分野」), and every
bracketed label on a line of its own above its value."""
from famlib import family_copy

_base = family_copy("fam_prose")
BODY, PITCH = _base.BODY, _base.PITCH


def lab(flow, label, value, x):
    """A bracketed label on its own line, its value indented below it."""
    if value:
        flow.para("【%s】" % label, x=x, size=BODY, role="g", pitch=PITCH)
        flow.para(value, x=x + BODY, size=BODY, role="m", pitch=PITCH)


_m = family_copy("fam_prose", NAME="prose3", FIELD_FORMAT="%s．%s", FIELD_SIZE=BODY, ITEM_SIZE=BODY,
                 TITLE_SIZE=BODY, lab=lab)
NAME, render = _m.NAME, _m.render
