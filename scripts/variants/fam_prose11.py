"""Variant 'prose11' of variant 'prose9': the department closes the summary paragraph in lenticular
brackets and without a label —「…を推進します。【震災復興・企画部 情報政策課】」."""
from famlib import family_copy

_m = family_copy("fam_prose9", NAME="prose11", CLOSING="%s【%s】")
NAME, render = _m.NAME, _m.render
