"""Variant 'table12' of family 'table': the year columns' header split in two rows, a cell
naming the unit (年度) over the year columns and under it each column's year as a bare number:
～2013 | 2014 | 2015 | 2016 (Western), ～H25 | H26 (era), ～25 | 26 (plain)."""
from famlib import Cell, Row, family_copy

_base = family_copy("fam_table")
UNIT = "年度"


def number(yrs, y):
    """A year as the split header prints it: the year without 年度."""
    return yrs.fy(y, "bare").replace("年度", "")


def header_rows(doc, width, yrs):
    fixed, ycols, rest, open_year, years = _base.columns(doc, width)
    fill = _base.HEAD_FILL
    top = [_base.head_cell(w, h) for w, h in zip(fixed, _base.HEADS)]
    top.append(Cell(sum(ycols), [(UNIT, "gb", _base.BODY, "c")], fill=fill, valign="middle"))
    top.append(Cell(rest, [(_base.INDICATOR_HEAD, "gb", _base.BODY, "cfit")], fill=fill, valign="middle"))
    labels = (["～" + number(yrs, open_year)] if open_year is not None else []) + [number(yrs, y) for y in years]
    below = [Cell(w, [], fill=fill) for w in fixed]
    below += [Cell(w, [(s, "gb", 7.0, "c")], fill=fill, valign="middle") for w, s in zip(ycols, labels)]
    below.append(Cell(rest, [], fill=fill))
    return [Row(top, min_h=14), Row(below, min_h=12)]


_m = family_copy("fam_table", NAME="table12", header_rows=header_rows)
NAME, render = _m.NAME, _m.render
