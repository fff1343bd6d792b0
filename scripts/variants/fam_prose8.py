"""Variant 'prose8' (of family 'prose'): the prose outline set in two columns on a portrait
page, each column read top to bottom, the left one first; headings, labels and paragraphs
break from the foot of the left column to the head of the right one and from there to the
next page.  Smaller type (8.5 pt body) so a column holds about 24 characters."""
import famlib
from famlib import family_copy

GAP = 20.0


class _Shifted:
    """The typesetter, drawing every line `shift()` to the right."""

    def __init__(self, ts, shift):
        self._ts, self._shift = ts, shift

    def put(self, box, x, y, size, role, s, **kw):
        return self._ts.put(box, x + self._shift(), y, size, role, s, **kw)

    def __getattr__(self, name):
        return getattr(self._ts, name)


class TwoColumnFlow(famlib.Flow):
    """famlib.Flow in two columns: `x0` and `width` are the first column's, and whatever is
    set while the cursor is in the second column is drawn one column width plus the gap to
    the right. Running header and folio span the page."""

    def __init__(self, ts, **kw):
        kw["margin"] = 44.0
        super().__init__(ts, **kw)
        self.col, self._full = 0, False
        self.ts = _Shifted(ts, lambda: 0.0 if self._full else self.col * (self.width + GAP))

    @property
    def width(self):
        full = self.w - 2 * self.margin
        return full if self._full else (full - GAP) / 2

    def new_page(self):
        if self.page is not None and self.col == 0:
            self.col = 1
            self.y = self.top
            return self.page
        self.col, self._full = 0, True
        try:
            return super().new_page()
        finally:
            self._full = False


_m = family_copy("fam_prose", NAME="prose8", Flow=TwoColumnFlow, BODY=8.5, PITCH=13.5,
                 TITLE_SIZE=9.5, FIELD_SIZE=11, ITEM_SIZE=10)
NAME, render = _m.NAME, _m.render
