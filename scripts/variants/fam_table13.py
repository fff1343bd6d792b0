"""Variant 'table13' of family 'table': a row under the header halves each fiscal-year column
into 上期 | 下期 (a roadmap's half-years); the arrows still span whole years."""
from famlib import Cell, Row, family_copy

_base = family_copy("fam_table")


def header_rows(doc, width, yrs):
    rows = _base.header_rows(doc, width, yrs)
    fixed, ycols, rest, open_year, years = _base.columns(doc, width)
    fill = _base.HEAD_FILL
    halves = [Cell(w, [], fill=fill) for w in fixed]
    for w in ycols:
        halves += [Cell(w / 2, [(h, "gb", 6.0, "c")], fill=fill, valign="middle") for h in ("上期", "下期")]
    halves.append(Cell(rest, [], fill=fill))
    return rows + [Row(halves, min_h=11)]


_m = family_copy("fam_table", NAME="table13", header_rows=header_rows)
NAME, render = _m.NAME, _m.render
