"""Variant 'deflist' of variant 'sheet3': the same label | value rows one card a page
across, without rules or shading (a definition list)."""
from famlib import family_copy

_m = family_copy("fam_sheet3", NAME="deflist", COLUMNS=1, RULED=False)
NAME, render = _m.NAME, _m.render
