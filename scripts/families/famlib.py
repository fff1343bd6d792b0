"""Shared machinery of the layout families: year styles, a page flow, table rows, PDF output
and the family gold files.

The page model, fonts, content-stream emitter and PDF object writer are imported from the
shared fixture generator (/work/shared/tools/render, read-only); nothing of it is copied here.
"""
import copy
import json
import os
import sys

RENDER = os.environ.get("SHISAKU_RENDER", "/work/shared/tools/render")
sys.path.insert(0, RENDER)
sys.dont_write_bytecode = True

from pdfobj import PdfWriter, N, Lit, Stream, text_string  # noqa: E402
from fontkit import Type0Legacy, Type0TTF  # noqa: E402
from typeset import TS, PAGE_SIZES, ASC, arrow  # noqa: E402
from model import Page, Rect, Line  # noqa: E402
from emit import Emitter  # noqa: E402
from textutil import wrap_para, fw  # noqa: E402

GOLD_DIR = "/work/shared/corpus/gold"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def circled(n):
    return CIRCLED[n - 1] if 1 <= n <= 20 else "（%s）" % fw(n)


# Derived documents: a gold document with its schedule years moved, so that the era style
# meets Reiwa years (平成30年度, 令和元年度 = 2019, R2, R3).  Only the plan period, the title's
# year range and the schedules move; every other text stays as in the source gold.
DERIVED = {
    "ict2019": {"source": "ict2014", "shift": 5,
                "title": ("（2014～2016）", "（2019～2021）")},
}


def load_gold(doc):
    spec = DERIVED.get(doc)
    with open(os.path.join(GOLD_DIR, (spec["source"] if spec else doc) + ".json"), encoding="utf-8") as fh:
        d = json.load(fh)
    if spec:
        d = shifted(d, doc, spec)
    return d


def shifted(d, new_id, spec):
    old_id = d["edition"]["id"]
    k = spec["shift"]
    d = copy.deepcopy(d)
    d["doc"] = new_id
    ed = d["edition"]
    ed["id"] = new_id
    ed["title"] = ed["title"].replace(*spec["title"])
    ed["fiscal_years"] = [y + k for y in ed["fiscal_years"]]

    def rid(x):
        return None if x is None else new_id + x[len(old_id):]

    for r in d["records"]:
        r["id"] = rid(r["id"])
        r["edition"] = new_id
        if "parent" in r:
            r["parent"] = rid(r["parent"])
        for s in r.get("schedule") or []:
            s["to"] += k
            if s["from"] is not None:
                s["from"] += k
    for p in d.get("pages", []):
        p["header"] = None
    return d


# ------------------------------------------------------------------------------ years
# Year styles every family and variant renders in.
STYLES = ("western", "era", "plain")


class Years:
    """Fiscal-year wording.  style 'western': 2014年度; style 'era': 平成26年度 / H26年度 / H26
    (令和: 令和元年度 / R1年度 / R1).  form picks the era spelling: 'long', 'short' (H26年度),
    'bare' (H26).  style 'plain': the era number alone, as plans print it once the era is clear
    from the title or the plan period (26年度, 元年度, 2年度; every form).  The document names its
    years elsewhere only in the Western title (（2014～2016）)."""

    def __init__(self, style, form="long"):
        assert style in STYLES
        self.style, self.form = style, form

    def era(self, y, form=None):
        form = form or self.form
        if y >= 2019:
            n = y - 2018
            if form == "long":
                return "令和%s年度" % ("元" if n == 1 else str(n))
            return "R%d%s" % (n, "年度" if form == "short" else "")
        n = y - 1988
        if form == "long":
            return "平成%d年度" % n
        return "H%d%s" % (n, "年度" if form == "short" else "")

    def fy(self, y, form=None):
        if self.style == "western":
            return "%d年度" % y
        if self.style == "plain":
            n = y - 2018 if y >= 2019 else y - 1988
            return "%s年度" % ("元" if n == 1 else str(n))
        return self.era(y, form)

    def upto(self, y, form=None):
        """Open start column / span: ～2013年度, ～平成25年度, ～H25."""
        return "～" + self.fy(y, form)

    def span(self, s, form=None):
        if s["from"] is None:
            return self.upto(s["to"], form)
        if s["from"] == s["to"]:
            return self.fy(s["to"], form)
        return self.fy(s["from"], form) + "～" + self.fy(s["to"], form)


def year_columns(doc):
    """(open_start_year or None, [years]) of the schedule grid of a document."""
    ed = doc["edition"]
    y0, y1 = ed["fiscal_years"]
    has_open = any(s["from"] is None for r in doc["records"] for s in r.get("schedule", []) or [])
    return (y0 - 1 if has_open else None), list(range(y0, y1 + 1))


# The last (indicator) column of a table is kept at least this wide: on a narrower paper every
# other column narrows alike (on A4 landscape nothing changes).
MIN_LAST_COLUMN = 110.0


def fit_columns(width, fixed, yw, ny, least=MIN_LAST_COLUMN):
    """(fixed widths, year column width, last column width) of a table `width` wide, the last
    column at least `least` wide."""
    rest = width - sum(fixed) - yw * ny
    if rest >= least:
        return fixed, yw, rest
    k = (width - least) / (sum(fixed) + yw * ny)
    return [w * k for w in fixed], yw * k, least


def span_cols(s, open_year, years):
    """Column indices [c0, c1] of a span over the grid (open column first when present)."""
    off = 1 if open_year is not None else 0
    if s["from"] is None:
        return 0, 0
    return years.index(s["from"]) + off, years.index(s["to"]) + off


# ------------------------------------------------------------------------------ text helpers
def dept_text(d, sep="　"):
    return d["bureau"] + (sep + d["division"] if d.get("division") else "")


def indicator_parts(ind):
    return ind["name"], ind.get("current"), ind.get("target")


# ------------------------------------------------------------------------------ flow
class Flow:
    """Pages of one output PDF with a running header, a folio and a vertical cursor."""

    def __init__(self, ts, paper="A4", landscape=False, margin=56.0, top=62.0, bottom=56.0,
                 header="", header_size=8.0, on_new_page=None):
        w, h = PAGE_SIZES[paper]
        if landscape:
            w, h = h, w
        self.ts, self.w, self.h = ts, w, h
        self.margin, self.top, self.bottom = margin, top, bottom
        self.header, self.header_size = header, header_size
        self.on_new_page = on_new_page
        self.pages, self.info = [], []
        self.page = None
        self.y = 0.0

    @property
    def x0(self):
        return self.margin

    @property
    def width(self):
        return self.w - 2 * self.margin

    @property
    def limit(self):
        return self.h - self.bottom

    def new_page(self):
        n = len(self.pages) + 1
        p = Page(n, self.w, self.h)
        p.printed = str(n)
        self.pages.append(p)
        self.page = p
        b = p.canvas.box(part="header")
        hs = self.header_size * FONT_SCALE
        self.ts.put(b, self.margin, self.top - 14, hs, "g", self.header, align="r",
                    width=self.width, gray=0.35)
        b.gfx.append(Line([(self.margin, self.top - 10), (self.w - self.margin, self.top - 10)], 0.4))
        f = p.canvas.box(part="folio")
        self.ts.put(f, 0, self.h - self.bottom + 26, 9 * FONT_SCALE, "m", "－ %d －" % n, align="c", width=self.w)
        self.info.append({"page": n, "printed": str(n), "header": self.header})
        self.y = self.top
        if self.on_new_page:
            self.on_new_page(self)
        return p

    def need(self, h):
        """Make sure h pt fit below the cursor (new page otherwise); returns the page number."""
        if self.page is None or self.y + h > self.limit + 1e-6:
            self.new_page()
        return self.page.number

    def skip(self, dy):
        self.y += dy

    def lines(self, text, width, size, role):
        size *= FONT_SCALE
        return wrap_para(text, width, lambda s: self.ts.w(role, s, size))

    def para(self, text, x=None, width=None, size=9.5, role="m", pitch=None, hang=0.0,
             first_indent=0.0, keep=99, part=None, gray=0.0, reserve=0.0):
        """A paragraph set at x; continuation lines indented by hang; breaks across pages.
        keep: lines that must stay with the first line on its page.  Returns the page number
        of the first line."""
        x = self.x0 if x is None else x
        width = self.width - (x - self.x0) if width is None else width
        size *= FONT_SCALE
        pitch = pitch * FONT_SCALE if pitch else size * 1.6
        first = wrap_para(text, width - first_indent, lambda s: self.ts.w(role, s, size))
        if len(first) > 1 and hang:
            head = first[0]
            rest = wrap_para(text[len(head):], width - hang, lambda s: self.ts.w(role, s, size))
            out = [(first_indent, head)] + [(hang, s) for s in rest]
        else:
            out = [(first_indent if i == 0 else 0.0, s) for i, s in enumerate(first)]
        self.need(pitch * min(keep, len(out)) + reserve)
        start = self.page.number
        box = None
        for dx, s in out:
            if self.y + pitch > self.limit + 1e-6:
                self.new_page()
                box = None
            if box is None:
                box = self.page.canvas.box(part=part)
            self.ts.put(box, x + dx, self.y + (pitch - size) / 2 + ASC * size, size, role, s, gray=gray)
            self.y += pitch
        return start


# ------------------------------------------------------------------------------ table rows
class Cell:
    """One cell: paragraphs [(text, role, size, align)] or a bar chart over sub-columns.

    bars: {"cols": [widths], "spans": [(c0, c1, label)]} — labels centred above arrows that run
    over the columns c0..c1 (no rules between those columns in this cell)."""

    def __init__(self, width, paras=(), fill=None, bars=None, valign="top"):
        self.width, self.paras, self.fill, self.bars, self.valign = width, list(paras), fill, bars, valign


PAD = 3.0   # vertical cell padding
PADX = 5.5  # horizontal: keeps neighbouring columns more than one character apart


def _wrapped(ts, cell):
    out = []
    inner = cell.width - 2 * PADX
    for p in cell.paras:
        text, role, size, align = (list(p) + ["l"])[:4]
        size *= FONT_SCALE
        if align in ("fit", "cfit"):  # one line, shrunk to fit
            size = ts.fit(role, text, size, inner)
            out.append((text, role, size, "l" if align == "fit" else "c"))
            continue
        for s in wrap_para(text, inner, lambda s: ts.w(role, s, size)):
            out.append((s, role, size, align))
    return out


def _bar_lanes(ts, bars, size):
    """Lanes of spans (non-overlapping spans share a lane), with each span's label lines."""
    xs = [0.0]
    for w in bars["cols"]:
        xs.append(xs[-1] + w)
    lanes = []
    for c0, c1, label in bars["spans"]:
        width = xs[c1 + 1] - xs[c0] - 2 * PADX
        ls = wrap_para(label, width, lambda s: ts.w("g", s, size)) if label else []
        item = (c0, c1, ls, xs[c0], xs[c1 + 1])
        for lane in lanes:
            if all(c1 < a or c0 > b for a, b, _, _, _ in lane):
                lane.append(item)
                break
        else:
            lanes.append([item])
    return lanes


BAR_SIZE = 7.0


def bar_size():
    """The size of span labels over arrows, scaled with every font (use_font_scale)."""
    return BAR_SIZE * FONT_SCALE


def cell_height(ts, cell):
    if cell.bars is not None:
        lanes = _bar_lanes(ts, cell.bars, bar_size())
        h = 2 * PAD
        for lane in lanes:
            n = max(len(i[2]) for i in lane)
            h += n * bar_size() * 1.3 + 9
        return h
    h = 2 * PAD
    for s, role, size, align in _wrapped(ts, cell):
        h += size * 1.45
    return h


class Row:
    def __init__(self, cells, rules=True, min_h=0.0, frame_lw=0.5):
        self.cells, self.rules, self.min_h, self.frame_lw = cells, rules, min_h, frame_lw

    def height(self, ts):
        return max([self.min_h] + [cell_height(ts, c) for c in self.cells])

    def draw(self, flow, x, y, h=None, group=None):
        ts = flow.ts
        h = h or self.height(ts)
        cv = flow.page.canvas
        cx = x
        g = cv.box(group=group, part="rules")
        for c in self.cells:
            if c.fill is not None:
                cv.fill(cx, y, c.width, h, c.fill)
            if c.bars is not None:
                self._bars(flow, c, cx, y, group)
            else:
                lines = _wrapped(ts, c)
                tot = sum(size * 1.45 for _, _, size, _ in lines)
                ly = y + PAD + ((h - 2 * PAD - tot) / 2 if c.valign == "middle" else 0)
                box = cv.box(group=group, part="cell")
                for s, role, size, align in lines:
                    pitch = size * 1.45
                    ts.put(box, cx + PADX, ly + (pitch - size) / 2 + ASC * size, size, role, s,
                           align=align, width=c.width - 2 * PADX)
                    ly += pitch
            cx += c.width
        if self.rules:
            lw = self.frame_lw
            g.gfx.append(Line([(x, y), (cx, y)], lw))
            g.gfx.append(Line([(x, y + h), (cx, y + h)], lw))
            bx = x
            g.gfx.append(Line([(bx, y), (bx, y + h)], lw))
            for c in self.cells:
                bx += c.width
                g.gfx.append(Line([(bx, y), (bx, y + h)], lw))
        return h

    @staticmethod
    def _bars(flow, c, cx, y, group):
        ts = flow.ts
        cv = flow.page.canvas
        ly = y + PAD
        for lane in _bar_lanes(ts, c.bars, bar_size()):
            n = max(len(i[2]) for i in lane)
            for c0, c1, ls, xa, xb in lane:
                box = cv.box(group=group, part="bar")
                yy = ly + (n - len(ls)) * bar_size() * 1.3
                for s in ls:
                    ts.put(box, cx + xa + PADX, yy + bar_size() * 0.15 + ASC * bar_size(), bar_size(), "g", s,
                           align="c", width=xb - xa - 2 * PADX)
                    yy += bar_size() * 1.3
                ay = ly + n * bar_size() * 1.3 + 4.5
                box.gfx.extend(arrow(cx + xa + 3, cx + xb - 3, ay, 1.2, 5))
            ly += n * bar_size() * 1.3 + 9


def inline_indicator(ind):
    """An indicator on one line: name（現状値　as_of　value　→　目標値　as_of　value）."""
    parts = []
    if ind.get("current"):
        parts.append("現状値　%s　%s" % (ind["current"]["as_of"], ind["current"]["value"]))
    if ind.get("target"):
        parts.append("目標値　%s　%s" % (ind["target"]["as_of"], ind["target"]["value"]))
    return ind["name"] + ("（%s）" % "　→　".join(parts) if parts else "")


def labelled_levels(lv, T, r):
    """The 分野 and 項目 rows that start a label-left card."""
    lv("分野", [T("%s　%s" % (fw(r["field_no"]), r["field"]), "g")])
    if r["item_no"] is not None:
        lv("項目", [T("%s　%s" % (fw(r["item_no"]), r["item"]), "g")])


def marked_title(r):
    """A record's title with the mark of a nested row: （１） or ・."""
    if r["parent"] is None:
        return r["title"]
    return ("（%s）" % fw(r["sub_no"]) if r["sub_no"] is not None else "・") + r["title"]


def labelled_tail(lv, T, r, url_size=8):
    """The optional rows that end a label-left card: 主な事業, URL, 参考, 備考 (lv(label, paras)
    adds a row; T(text, role, size) makes a paragraph)."""
    if r.get("projects"):
        lv("主な事業", [T("・" + p) for p in r["projects"]])
    if r.get("urls"):
        lv("URL", [T(u, "m", url_size) for u in r["urls"]])
    if r.get("references"):
        lv("参考", [T(x) for x in r["references"]])
    if r.get("notes"):
        lv("備考", [T(r["notes"])])


def cards_across(flow, ts, records, rows_of, columns, gap, skip=12):
    """Cards (rows_of(record, width) → rows) laid out `columns` across, top to bottom in each
    column, a new page when the last column is full; returns the gold records with their
    pages."""
    W = (flow.width - gap * (columns - 1)) / columns
    col = 0
    out = []
    for r in records:
        rows = rows_of(r, W)
        hs = [x.height(ts) for x in rows]
        need = sum(hs) + (skip if flow.y > flow.top else 0)
        if flow.y + need > flow.limit:
            if col < columns - 1:
                col += 1
            else:
                col = 0
                flow.new_page()
            flow.y = flow.top
        elif flow.y > flow.top:
            flow.skip(skip)
        x = flow.x0 + col * (W + gap)
        for row, h in zip(rows, hs):
            row.draw(flow, x, flow.y, h, r["id"])
            flow.y += h
        out.append(rec_copy(r, flow.page.number))
    return out


def header_on_new_page(ts, row_of):
    """An on_new_page callback drawing row_of(flow), a table's header row, at the top of
    every page."""
    def on_new_page(flow):
        r = row_of(flow)
        h = r.height(ts)
        r.draw(flow, flow.x0, flow.y, h)
        flow.y += h
    return on_new_page


def draw_rows(flow, rows, x=None, group=None):
    """Draw rows as one block (kept on one page); returns the page number."""
    x = flow.x0 if x is None else x
    hs = [r.height(flow.ts) for r in rows]
    flow.need(sum(hs))
    for r, h in zip(rows, hs):
        r.draw(flow, x, flow.y, h, group)
        flow.y += h
    return flow.page.number


# ------------------------------------------------------------------------------ output
def write_pdf(flow, out_path, doc, fs, shuffle_seed=None, profile="legacy", jitter=0.0):
    """Legacy profile output (non-embedded HeiseiKakuGo-W5 / HeiseiMin-W3, UniJIS-UCS2-H) by
    default; profile "word" (with the fonts of new_ts("word")) writes the embedded IPAex
    subsets, Identity-H and TJ kerning of the shared renderer's word profile.  jitter moves
    text boxes by up to that many pt (the shared renderer's --jitter, seeded by shuffle_seed)."""
    if jitter:
        from variant import jitter_page
        for pg in flow.pages:
            jitter_page(pg, jitter, shuffle_seed or 0, flow.ts.w)
    em = Emitter(profile, fs, shuffle=shuffle_seed is not None, seed=shuffle_seed)
    contents = [em.page_content(p) for p in flow.pages]
    w = PdfWriter("1.4")
    catalog = w.reserve()
    root = w.reserve()
    fs.finalize(w)
    res = w.add({"Font": {N(k): v for k, v in sorted(fs.resources().items())},
                 "ProcSet": [N("PDF"), N("Text")]})
    kids = []
    for pg, (data, _) in zip(flow.pages, contents):
        cs = w.add(Stream({}, data))
        kids.append(w.add({"Type": N("Page"), "Parent": root, "Contents": cs, "Resources": res,
                           "MediaBox": [0, 0, round(pg.width, 2), round(pg.height, 2)]}))
    w.set(root, {"Type": N("Pages"), "Kids": kids, "Count": len(kids)})
    w.set(catalog, {"Type": N("Catalog"), "Pages": root, "Lang": Lit("ja-JP")})
    ed = doc["edition"]
    date = Lit("D:%04d0401093000+09'00'" % ((ed.get("fiscal_years") or [2014])[0]))
    info = w.add({"Title": text_string(ed["title"]), "Author": text_string(ed.get("issuer") or ""),
                  "Creator": text_string("shisaku families"), "Producer": Lit("shisaku scripts/families"),
                  "CreationDate": date, "ModDate": date})
    w.write(out_path, catalog, info, id_seed=os.path.basename(out_path).encode())


# Every font size of the layouts (text in cells, paragraphs, span labels), with their line
# pitches: sweep.py --font-scale sets it (use_font_scale); rules and fixed row heights stay.
FONT_SCALE = 1.0


def use_font_scale(k):
    """Scale every font size set after this call by `k` (0.9 smaller, 1.15 larger type)."""
    global FONT_SCALE
    FONT_SCALE = k


def use_paper(paper):
    """Set every page of the layouts imported (or copied) after this call on `paper` (B5,
    Letter; a family's own portrait or landscape choice stays)."""
    global Flow
    base = Flow

    class PaperFlow(base):
        def __init__(self, ts, **kw):
            kw["paper"] = paper
            super().__init__(ts, **kw)

    Flow = PaperFlow


def render_to(module, doc_id, style, base, seed=None, profile="legacy", jitter=0.0):
    """Render gold document `doc_id` in layout `module` and year style `style` to base.pdf and
    its gold to base.json; returns (pages, records)."""
    doc = load_gold(doc_id)
    fs, ts = new_ts(profile)
    flow, records = module.render(doc, ts, style)
    write_pdf(flow, base + ".pdf", doc, fs, seed, profile=profile, jitter=jitter)
    write_gold(base + ".json", doc, records, flow)
    return len(flow.pages), len(records)


def write_gold(path, doc, records, flow):
    out = {"doc": doc["doc"] if "doc" in doc else doc["edition"]["id"], "edition": doc["edition"],
           "pages": flow.info, "records": records}
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(out, fh, ensure_ascii=False, indent=1)
        fh.write("\n")


# characters the legacy (Adobe-Japan1, no ToUnicode) fonts give back as other characters in
# pdftotext: "_" comes back as U+0332, "~" as U+02DC.  Their full-width forms are the same
# characters after the NFKC of the scoring.  An ideographic space is drawn as a half-width
# space (NFKC-equal): pdftotext splits a line into separate blocks at a full-width gap.
LEGACY_FIX = str.maketrans({"_": "＿", "~": "～", "\u3000": " "})


class FamTS(TS):
    def put(self, box, x, y, size, role, s, align="l", width=None, gray=0.0):
        TS.put(self, box, x, y, size, role, s.translate(LEGACY_FIX), align, width, gray)


def new_ts(profile="legacy"):
    """The font system and typesetter of a profile: "legacy" (the families' default) or
    "word" (embedded IPAex subsets; needs fontTools and the IPAex fonts)."""
    if profile == "word":
        fs = Type0TTF()
        return fs, TS(fs)
    fs = Type0Legacy()
    return fs, FamTS(fs)


def rec_copy(r, page, **changes):
    q = copy.deepcopy(r)
    q["page"] = page
    q.update(changes)
    return q


def family_copy(name, **overrides):
    """A fresh copy of family module `name` (e.g. "fam_table") with module-level
    names replaced by `overrides`: its functions read them at call time, so a
    variant states only how it differs (words, one cell builder) and shares the rest."""
    import importlib.util
    import os
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, name + ".py")
    if not os.path.exists(path):  # a variant of a variant (scripts/variants)
        path = os.path.join(here, "..", "variants", name + ".py")
    spec = importlib.util.spec_from_file_location("%s_%s" % (name, overrides.get("NAME", "copy")), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for key, value in overrides.items():
        setattr(module, key, value)
    return module
