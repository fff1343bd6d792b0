"""Variant 'table2' of family 'table': other header and label words
(No. | 取組名 | 取組内容 | 事業主体 | 所管課 | years | 目標指標; 【性質・手法】, ＜構成事業＞, 【ホームページ】)."""
from famlib import family_copy

_m = family_copy(
    "fam_table",
    NAME="table2",
    HEADS=["No.", "取組名", "取組内容", "事業主体", "所管課"],
    INDICATOR_HEAD="目標指標",
    METHODS_LABEL="【性質・手法】",
    PROJECTS_LABEL="＜構成事業＞",
    URL_LABEL="【ホームページ】",
)
NAME, render = _m.NAME, _m.render
