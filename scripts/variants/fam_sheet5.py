"""Variant 'sheet5' of variant 'sheet3': the same cards (labels LEFT of values, two side by
side) with every label centred vertically in its cell, as spreadsheets print them."""
from famlib import family_copy

_m = family_copy("fam_sheet3", NAME="sheet5", LABEL_VALIGN="middle")
NAME, render = _m.NAME, _m.render
