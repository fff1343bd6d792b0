//! Layout analysis: positioned glyphs → text lines, in reading order.
//!
//! Stages (all thresholds live in [`LayoutParams`], as fractions of the font size):
//!
//! 1. **dedupe** – glyphs drawn twice at the same place (fake bold) count once;
//! 2. **bands** – horizontal glyphs are grouped into bands whose vertical
//!    centres lie within `line_overlap` of each other;
//! 3. **segments** – within a band, glyphs sorted by x are cut into [`TextLine`]s
//!    where the gap exceeds `char_margin` or a vertical rule (a cell border)
//!    stands between them; gaps wider than `space_margin` become one space;
//! 4. **order** – lines are sorted top to bottom, then left to right;
//! 5. **blocks** ([`blocks`]) – stacked lines become paragraphs/cells, which
//!    give the reading order of the page text.
//!
//! ```text
//!   | 主体     |  県，市町村                  |     one band, two lines:
//!   +----------+------------------------------+     the rule between them cuts
//! ```
//!
//! Vertical runs (WMode 1) and rotated runs become one line each, top to
//! bottom; columns of one column group are read right to left (`vertical`).
//! Content-stream order is never used: producers emit text boxes in any order.

mod block;
mod vertical;

pub use block::{blocks, page_text, Block};
pub use vertical::{column_extent, continues_column, horizontal_separators};
use vertical::{columnar, merge_columns, stacked_columns, vertical_line, vertical_order};

use crate::pdf::{Direction, Page, Rect, Rule, RuleKind};

/// Every threshold of the layout analysis.
#[derive(Debug, Clone)]
pub struct LayoutParams {
    /// Two glyphs are on one line when their vertical centres differ by less
    /// than this fraction of the smaller glyph height.
    pub line_overlap: f32,
    /// A horizontal gap wider than this fraction of the font size ends a line.
    pub char_margin: f32,
    /// A horizontal gap wider than this fraction of the font size becomes a space.
    pub space_margin: f32,
    /// Glyphs whose sizes differ by more than this ratio are never on one line.
    pub size_ratio: f32,
    /// Glyphs with the same text closer than this fraction of the size are duplicates.
    pub duplicate_distance: f32,
    /// How far (points) a rule may be from a gap and still separate it.
    pub rule_tolerance: f32,
    /// Two stacked lines are one block when the gap between them is below
    /// this fraction of the font size.
    pub line_margin: f32,
    /// ... and their left edges are within this fraction of the font size.
    pub block_indent: f32,
    /// Two vertical columns side by side continue one paragraph when the gap
    /// between them is below this fraction of the font size.
    pub column_margin: f32,
}

impl Default for LayoutParams {
    fn default() -> LayoutParams {
        LayoutParams {
            line_overlap: 0.5,
            char_margin: 1.0,
            space_margin: 0.25,
            size_ratio: 1.7,
            duplicate_distance: 0.15,
            rule_tolerance: 0.5,
            line_margin: 0.9,
            block_indent: 2.5,
            column_margin: 1.5,
        }
    }
}

/// A line of text: glyphs on one baseline, not separated by a rule or a wide gap.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TextLine {
    /// The text, with spaces inserted for wide gaps.
    pub text: String,
    /// Union of the glyph boxes (visible glyphs only).
    pub bbox: Rect,
    /// Median font size.
    pub size: f32,
    /// Font of the first glyph run.
    pub font: String,
    /// Left edge of each character of `text` (same count as `text.chars()`).
    #[serde(skip)]
    pub char_x: Vec<f32>,
}

impl TextLine {
    /// A line of `text` in `bbox`, set in `size`, made elsewhere than by the
    /// layout analysis (no font, no character positions).
    pub fn plain(text: &str, bbox: Rect, size: f32) -> TextLine {
        TextLine {
            text: text.to_string(),
            bbox,
            size,
            font: String::new(),
            char_x: Vec::new(),
        }
    }

    /// Whether the line is a vertical column (縦書き): two or more characters
    /// stacked at one x, taller than wide.
    pub fn is_vertical(&self) -> bool {
        self.char_x.len() >= 2
            && self
                .char_x
                .iter()
                .all(|&x| (x - self.char_x[0]).abs() < 0.2 * self.size.max(1.0))
            && self.bbox.height() > self.bbox.width() * 1.2
    }

    /// The text without any white space.
    pub fn compact(&self) -> String {
        self.text.chars().filter(|c| !c.is_whitespace()).collect()
    }
}

/// A page after layout analysis.
#[derive(Debug, Clone)]
pub struct PageLayout {
    /// 1-based page number.
    pub number: u32,
    /// Page width.
    pub width: f32,
    /// Page height.
    pub height: f32,
    /// Lines in reading order (top to bottom, left to right).
    pub lines: Vec<TextLine>,
    /// The page's rules, rectangles and shapes.
    pub rules: Vec<Rule>,
}

struct PlacedGlyph<'a> {
    /// The glyph's text, borrowed from the page's run.
    text: &'a str,
    bbox: Rect,
    size: f32,
    font_idx: usize,
    /// Drawn by a show operator of its own (a run of one glyph): only such
    /// glyphs can stack into a vertical column (`vertical::stacked_columns`);
    /// glyphs of a longer horizontal run are horizontal text.
    alone: bool,
}

/// Run the layout stages over one page.
pub fn analyze(page: &Page, params: &LayoutParams) -> PageLayout {
    let mut fonts: Vec<&str> = Vec::new();
    let mut glyphs: Vec<PlacedGlyph> =
        Vec::with_capacity(page.runs.iter().map(|r| r.glyphs.len()).sum());
    let mut lines: Vec<TextLine> = Vec::new();
    for run in &page.runs {
        // Invisible text (render mode 3 or 7, e.g. the OCR layer of a scan)
        // is laid out like any other: it is the page's searchable text. The
        // PDF layer still counts it (`Quality::invisible_glyphs`); a visible
        // copy drawn at the same place is removed by `dedupe`.
        let font_idx = fonts
            .iter()
            .position(|f| *f == run.font)
            .unwrap_or_else(|| {
                fonts.push(&run.font);
                fonts.len() - 1
            });
        if run.direction == Direction::Vertical {
            lines.extend(vertical_line(&run.glyphs, run.size, &run.font, false));
            continue;
        }
        if let Some(upward) = columnar(&run.glyphs) {
            // Rotated text: a horizontal font drawn down (or up) the page.
            lines.extend(vertical_line(&run.glyphs, run.size, &run.font, upward));
            continue;
        }
        let drawn = |g: &&crate::pdf::Glyph| {
            !g.text.is_empty() && g.bbox.x0.is_finite() && g.bbox.y0.is_finite()
        };
        let alone = run.glyphs.iter().filter(drawn).count() == 1;
        for g in run.glyphs.iter().filter(drawn) {
            glyphs.push(PlacedGlyph {
                text: &g.text,
                bbox: g.bbox,
                size: run.size.max(g.bbox.height() * 0.5).max(0.1),
                font_idx,
                alone,
            });
        }
    }
    dedupe(&mut glyphs, params);
    let separators = vertical_separators(&page.rules);
    let borders = horizontal_separators(&page.rules);
    let stacked = stacked_columns(&mut glyphs, &lines, &fonts, &separators, &borders, params);
    lines.extend(stacked);
    let mut lines = merge_columns(lines, &borders, params);
    for band in bands(glyphs, params) {
        lines.extend(segments(band, &separators, &fonts, params));
    }
    let lines = vertical_order(reading_order(lines, params.line_overlap, |l| l));
    PageLayout {
        number: page.number,
        width: page.width,
        height: page.height,
        lines,
        rules: page.rules.clone(),
    }
}

/// Sort items into reading order: bands top to bottom (an item joins the
/// band whose first item's centre lies within `overlap` × the smaller size),
/// left to right within a band. A total order even for jittered input.
pub fn reading_order<T>(mut items: Vec<T>, overlap: f32, line: impl Fn(&T) -> &TextLine) -> Vec<T> {
    items.sort_by(|a, b| line(a).bbox.cy().total_cmp(&line(b).bbox.cy()));
    let mut bands: Vec<Vec<T>> = Vec::new();
    let mut band_key: Option<(f32, f32)> = None;
    for it in items {
        let (cy, size) = (line(&it).bbox.cy(), line(&it).size);
        match (band_key, bands.last_mut()) {
            (Some((c, s)), Some(band)) if cy - c < overlap * s.min(size) => band.push(it),
            _ => {
                band_key = Some((cy, size));
                bands.push(vec![it]);
            }
        }
    }
    bands
        .into_iter()
        .flat_map(|mut band| {
            band.sort_by(|a, b| line(a).bbox.x0.total_cmp(&line(b).bbox.x0));
            band
        })
        .collect()
}

fn dedupe(glyphs: &mut Vec<PlacedGlyph<'_>>, params: &LayoutParams) {
    glyphs.sort_by_cached_key(|g| order_key(g.bbox.x0));
    let mut keep = vec![true; glyphs.len()];
    for i in 0..glyphs.len() {
        if !keep[i] {
            continue;
        }
        let tol = params.duplicate_distance * glyphs[i].size;
        for j in i + 1..glyphs.len() {
            if glyphs[j].bbox.x0 - glyphs[i].bbox.x0 > tol {
                break;
            }
            // Position first: in fixed-pitch text every line has a glyph
            // at this x, and comparing their texts would cost the most.
            if keep[j]
                && (glyphs[j].bbox.y0 - glyphs[i].bbox.y0).abs() <= tol
                && glyphs[j].text == glyphs[i].text
            {
                keep[j] = false;
            }
        }
    }
    let mut k = keep.into_iter();
    glyphs.retain(|_| k.next().unwrap_or(true));
}

/// Vertical rules and the vertical edges of rectangles, as (x, y0, y1),
/// sorted by x.
pub fn vertical_separators(rules: &[Rule]) -> Vec<(f32, f32, f32)> {
    let mut out = Vec::new();
    for r in rules {
        let b = r.bbox;
        match r.kind {
            RuleKind::Line if b.width() < 1.0 && b.height() > 1.0 => out.push((b.cx(), b.y0, b.y1)),
            RuleKind::Rect if b.height() > 1.0 && b.width() > 1.0 => {
                out.push((b.x0, b.y0, b.y1));
                out.push((b.x1, b.y0, b.y1));
            }
            RuleKind::Rect if b.width() <= 1.0 && b.height() > 1.0 => {
                out.push((b.cx(), b.y0, b.y1))
            }
            _ => {}
        }
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out
}

/// An integer key that orders floats as `f32::total_cmp` does: sorting
/// glyphs by it (`sort_by_cached_key`, stable like `sort_by`) moves each
/// glyph once instead of at every step of a comparison sort.
fn order_key(x: f32) -> i32 {
    let bits = x.to_bits() as i32;
    bits ^ (((bits >> 31) as u32) >> 1) as i32
}

fn bands<'a>(mut glyphs: Vec<PlacedGlyph<'a>>, params: &LayoutParams) -> Vec<Vec<PlacedGlyph<'a>>> {
    glyphs.sort_by_cached_key(|g| order_key(g.bbox.cy()));
    let mut bands: Vec<Vec<PlacedGlyph<'a>>> = Vec::new();
    // Open bands: (centre, size) of the band's first glyph.
    let mut keys: Vec<(f32, f32)> = Vec::new();
    for g in glyphs {
        let cy = g.bbox.cy();
        let found = keys.iter().rposition(|&(c, s)| {
            let ratio = s.max(g.size) / s.min(g.size);
            (c - cy).abs() < params.line_overlap * s.min(g.size) && ratio <= params.size_ratio
        });
        match found {
            Some(i) => bands[i].push(g),
            None => {
                keys.push((cy, g.size));
                bands.push(vec![g]);
            }
        }
    }
    bands
}

fn segments(
    mut band: Vec<PlacedGlyph<'_>>,
    separators: &[(f32, f32, f32)],
    fonts: &[&str],
    params: &LayoutParams,
) -> Vec<TextLine> {
    band.sort_by_cached_key(|g| order_key(g.bbox.x0));
    let mut out = Vec::new();
    let mut cur: Vec<PlacedGlyph<'_>> = Vec::new();
    for g in band {
        if let Some(prev) = cur.last() {
            let gap = g.bbox.x0 - prev.bbox.x1;
            let size = prev.size.max(g.size);
            let cy = (prev.bbox.cy() + g.bbox.cy()) / 2.0;
            let tol = params.rule_tolerance;
            // Separators are sorted by x: only those between the two glyphs
            // are looked at (dense tables have thousands of cell edges).
            let lo = prev.bbox.x1.max(prev.bbox.cx()) - tol;
            let first = separators.partition_point(|&(x, _, _)| x <= lo);
            let ruled = separators
                .get(first..)
                .unwrap_or_default()
                .iter()
                .take_while(|&&(x, _, _)| x < g.bbox.x0 + tol)
                .any(|&(x, y0, y1)| {
                    x > prev.bbox.x1 - tol
                        && cy > y0
                        && cy < y1
                        && x > prev.bbox.cx()
                        && x < g.bbox.cx()
                });
            if gap > params.char_margin * size || ruled {
                out.extend(make_line(std::mem::take(&mut cur), fonts, params));
            }
        }
        cur.push(g);
    }
    out.extend(make_line(cur, fonts, params));
    out
}

fn make_line(
    glyphs: Vec<PlacedGlyph<'_>>,
    fonts: &[&str],
    params: &LayoutParams,
) -> Option<TextLine> {
    let first = glyphs.first()?;
    let mut sizes: Vec<f32> = glyphs.iter().map(|g| g.size).collect();
    sizes.sort_by(f32::total_cmp);
    let size = sizes[sizes.len() / 2];
    let mut text = String::new();
    let mut char_x = Vec::new();
    let mut bbox: Option<Rect> = None;
    let mut prev_x1: Option<f32> = None;
    for g in &glyphs {
        if let Some(px) = prev_x1 {
            let ends_space = text.ends_with(char::is_whitespace);
            if g.bbox.x0 - px > params.space_margin * size
                && !ends_space
                && !g.text.starts_with(char::is_whitespace)
            {
                text.push(' ');
                char_x.push(px);
            }
        }
        for c in g.text.chars() {
            text.push(c);
            char_x.push(g.bbox.x0);
        }
        if !g.text.trim().is_empty() {
            bbox = Some(bbox.map_or(g.bbox, |b| b.union(&g.bbox)));
        }
        prev_x1 = Some(g.bbox.x1);
    }
    let bbox = bbox?; // a line of spaces only is no line
    Some(TextLine {
        text,
        bbox,
        size,
        font: fonts
            .get(first.font_idx)
            .map(|s| s.to_string())
            .unwrap_or_default(),
        char_x,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_key_orders_as_total_cmp() {
        let xs = [
            -f32::INFINITY,
            -3.5,
            -0.0,
            0.0,
            1e-30,
            2.0,
            700.25,
            f32::INFINITY,
            f32::NAN,
        ];
        for a in xs {
            for b in xs {
                assert_eq!(order_key(a).cmp(&order_key(b)), a.total_cmp(&b), "{a} {b}");
            }
        }
    }
    use crate::pdf::{Color, Glyph, GlyphRun, Quality};

    fn run(text: &str, x: f32, y: f32, size: f32) -> GlyphRun {
        let glyphs = text
            .chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                text: c.to_string(),
                bbox: Rect {
                    x0: x + i as f32 * size,
                    y0: y - 0.88 * size,
                    x1: x + (i + 1) as f32 * size,
                    y1: y + 0.12 * size,
                },
            })
            .collect();
        GlyphRun {
            glyphs,
            font: "F".into(),
            size,
            render_mode: 0,
            color: Color::BLACK,
            direction: Direction::Horizontal,
        }
    }

    fn page(runs: Vec<GlyphRun>, rules: Vec<Rule>) -> Page {
        Page {
            number: 1,
            width: 600.0,
            height: 800.0,
            rotation: 0,
            runs,
            rules,
            warnings: vec![],
            quality: Quality::default(),
        }
    }

    #[test]
    fn shuffled_runs_come_out_in_reading_order() {
        let p = page(
            vec![
                run("下の行", 10.0, 200.0, 10.0),
                run("上の行", 10.0, 100.0, 10.0),
                run("右", 300.0, 100.0, 10.0),
            ],
            vec![],
        );
        let l = analyze(&p, &LayoutParams::default());
        let texts: Vec<&str> = l.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, vec!["上の行", "右", "下の行"]);
    }

    #[test]
    fn a_vertical_rule_cuts_a_line() {
        let rule = Rule {
            kind: RuleKind::Line,
            bbox: Rect {
                x0: 34.0,
                y0: 80.0,
                x1: 34.0,
                y1: 120.0,
            },
            stroked: true,
            filled: false,
            fill: None,
            line_width: 0.5,
            dashed: false,
        };
        // "主体" ends at x=30, the value starts at 38: the gap alone would not cut, the rule does.
        let p = page(
            vec![run("主体", 10.0, 100.0, 10.0), run("県", 38.0, 100.0, 10.0)],
            vec![rule],
        );
        let l = analyze(&p, &LayoutParams::default());
        assert_eq!(l.lines.len(), 2);
        let p2 = page(
            vec![run("主体", 10.0, 100.0, 10.0), run("県", 38.0, 100.0, 10.0)],
            vec![],
        );
        assert_eq!(analyze(&p2, &LayoutParams::default()).lines.len(), 1);
    }

    #[test]
    fn duplicated_glyphs_count_once() {
        let p = page(
            vec![run("新", 10.0, 100.0, 10.0), run("新", 10.3, 100.2, 10.0)],
            vec![],
        );
        let l = analyze(&p, &LayoutParams::default());
        assert_eq!(l.lines.len(), 1);
        assert_eq!(l.lines[0].text, "新");
    }

    #[test]
    fn invisible_text_is_laid_out_once() {
        let ocr = |text: &str, x: f32, y: f32| GlyphRun {
            render_mode: 3,
            ..run(text, x, y, 10.0)
        };
        // An OCR layer alone is the page's text.
        let p = page(vec![ocr("計画", 10.0, 100.0)], vec![]);
        let l = analyze(&p, &LayoutParams::default());
        assert_eq!(l.lines.len(), 1);
        assert_eq!(l.lines[0].text, "計画");
        // Over a visible copy of the same words it is not printed twice.
        let p = page(
            vec![run("計画", 10.0, 100.0, 10.0), ocr("計画", 10.2, 100.1)],
            vec![],
        );
        let l = analyze(&p, &LayoutParams::default());
        assert_eq!(l.lines.len(), 1);
        assert_eq!(l.lines[0].text, "計画");
    }

    #[test]
    fn wide_gaps_become_spaces() {
        let p = page(
            vec![run("AB", 10.0, 100.0, 10.0), run("CD", 33.0, 100.0, 10.0)],
            vec![],
        );
        let l = analyze(&p, &LayoutParams::default());
        assert_eq!(l.lines[0].text, "AB CD");
        assert_eq!(l.lines[0].char_x.len(), l.lines[0].text.chars().count());
    }

    #[test]
    fn one_column_drawn_by_two_shows_is_one_line() {
        let column = |text: &str, y: f32| GlyphRun {
            glyphs: text
                .chars()
                .enumerate()
                .map(|(i, c)| Glyph {
                    text: c.to_string(),
                    bbox: Rect {
                        x0: 100.0,
                        y0: y + i as f32 * 10.0,
                        x1: 110.0,
                        y1: y + (i + 1) as f32 * 10.0,
                    },
                })
                .collect(),
            font: "F".into(),
            size: 10.0,
            render_mode: 0,
            color: Color::BLACK,
            direction: Direction::Vertical,
        };
        let p = page(
            vec![
                column("計画", 120.0),
                column("縦書", 100.0),
                column("別列", 300.0),
            ],
            vec![],
        );
        let l = analyze(&p, &LayoutParams::default());
        let texts: Vec<&str> = l.lines.iter().map(|l| l.text.as_str()).collect();
        assert!(texts.contains(&"縦書計画"), "{texts:?}");
        assert_eq!(texts.len(), 2);
    }
}
