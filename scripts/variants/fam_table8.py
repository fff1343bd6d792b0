"""Variant 'table8' of variant 'table6': the department in two columns, 担当部 | 担当課."""
from famlib import family_copy

_m = family_copy(
    "fam_table6",
    NAME="table8",
    HEADS=["No.", "施策", "施策の概要", "実施主体", "担当部", "担当課", "実施時期", "評価指標"],
    WIDTHS=[34, 120, 210, 60, 66, 64, 92],
    SPLIT_DEPARTMENTS=True,
)
NAME, render = _m.NAME, _m.render
