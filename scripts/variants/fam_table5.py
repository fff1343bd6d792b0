"""Variant 'table5' of family 'table': header cells wrapped over two lines."""
from famlib import Cell, family_copy

_base = family_copy("fam_table")


def head_cell(w, h):
    """A header cell whose words longer than two characters wrap after the second."""
    sz = _base.BODY
    lines = [(h[:2], "gb", sz, "c"), (h[2:], "gb", sz, "c")] if len(h) > 2 else [(h, "gb", sz, "c")]
    return Cell(w, lines, fill=_base.HEAD_FILL, valign="middle")


def year_head_cell(w, s):
    """A year header wrapped before its last three characters (年度 and a bracket)."""
    lines = [(s[:-3], "gb", 7.0, "c"), (s[-3:], "gb", 7.0, "c")]
    return Cell(w, lines, fill=_base.HEAD_FILL, valign="middle")


_m = family_copy("fam_table", NAME="table5", head_cell=head_cell, year_head_cell=year_head_cell)
NAME, render = _m.NAME, _m.render
