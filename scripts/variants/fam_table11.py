"""Variant 'table11' (of variant 'table10'): the 成果指標一覧 apart from the initiatives has no
No. column: 事業名 | 成果指標 | 現状値 | 目標値, each initiative named by its title alone."""
from famlib import family_copy

_m = family_copy("fam_table10", NAME="table11", KPI_NUMBERED=False)
NAME, render = _m.NAME, _m.render
