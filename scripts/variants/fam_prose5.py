"""Variant 'prose5' of family 'prose': labels as plain words followed by a full-width space
(事業概要　…, 担当　…), without brackets, marks or colons."""
from famlib import family_copy

_m = family_copy("fam_prose", NAME="prose5", LABEL_FORMAT="%s　%s")
NAME, render = _m.NAME, _m.render
