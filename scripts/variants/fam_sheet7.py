"""Variant 'sheet7' of variant 'sheet2': the label cells are one character wide, so each label stands
in its cell one character a line, top to bottom (as forms print labels in a narrow column:
担 / 当 / 課), left of its value."""
from famlib import Cell, family_copy


def label_cell(label):
    """A label stacked one character a line, centred in its row."""
    return Cell(_m.LW, [_m.T(c, "g") for c in label], fill=0.88, valign="middle")


_m = family_copy("fam_sheet2", NAME="sheet7", label_cell=label_cell)
_m.LW = _m.SZ + 8
NAME, render = _m.NAME, _m.render
