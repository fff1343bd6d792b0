"""Variant 'prose2' of family 'prose': 第１ → １ → （１） numbering (● unnumbered),
■label：value, and other label words (取組内容, 手法, 事業主体, 所管課, 工程表, 目標指標,
ホームページ, ＜主な取組＞, 〔トピックス〕)."""
from famlib import family_copy, fw


def initiative_mark(r):
    """（１） before a numbered initiative, ● before an unnumbered one."""
    return ("（%s）" % fw(r["no"])) if r["no"] is not None else "●　"


_m = family_copy(
    "fam_prose",
    NAME="prose2",
    FIELD_FORMAT="第%s　%s",
    ITEM_FORMAT="%s　%s",
    LABEL_FORMAT="■%s：%s",
    TOPIC_MARK="〔トピックス〕",
    PROJECTS_HEAD="＜主な取組＞",
    WORDS={"事業概要": "取組内容", "性質・手法": "手法", "実施主体": "事業主体", "担当": "所管課",
           "スケジュール": "工程表", "成果指標": "目標指標", "関連URL": "ホームページ"},
    initiative_mark=initiative_mark,
)
NAME, render = _m.NAME, _m.render
