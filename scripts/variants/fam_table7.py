"""Variant 'table7' of family 'table': the header row printed on the first page only; the
table goes on over later pages without it."""
from famlib import family_copy

_m = family_copy("fam_table", NAME="table7", REPEAT_HEADER=False)
NAME, render = _m.NAME, _m.render
