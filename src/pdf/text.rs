//! Positioned text and graphics of one page: the output of the PDF layer.
//!
//! Coordinates are PDF points in *page space*: origin at the top-left corner of
//! the visible page (the CropBox, after applying /Rotate), x to the right,
//! y downwards. Layout and parsing never see PDF objects, only these values.

use serde::Serialize;

/// An axis-aligned rectangle in page space (top-left origin, y down).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Rect {
    /// Left edge.
    pub x0: f32,
    /// Top edge.
    pub y0: f32,
    /// Right edge.
    pub x1: f32,
    /// Bottom edge.
    pub y1: f32,
}

impl Rect {
    /// The smallest rectangle holding all `points`; `None` without points.
    pub fn from_points(points: impl IntoIterator<Item = (f32, f32)>) -> Option<Rect> {
        let mut it = points.into_iter();
        let (x, y) = it.next()?;
        let mut r = Rect {
            x0: x,
            y0: y,
            x1: x,
            y1: y,
        };
        for (x, y) in it {
            r.x0 = r.x0.min(x);
            r.y0 = r.y0.min(y);
            r.x1 = r.x1.max(x);
            r.y1 = r.y1.max(y);
        }
        Some(r)
    }

    /// Width (x1 - x0).
    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }

    /// Height (y1 - y0).
    pub fn height(&self) -> f32 {
        self.y1 - self.y0
    }

    /// Horizontal centre.
    pub fn cx(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }

    /// Vertical centre.
    pub fn cy(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }

    /// The union of two rectangles.
    pub fn union(&self, o: &Rect) -> Rect {
        Rect {
            x0: self.x0.min(o.x0),
            y0: self.y0.min(o.y0),
            x1: self.x1.max(o.x1),
            y1: self.y1.max(o.y1),
        }
    }

    /// Whether the point lies inside (edges included, with `tolerance`).
    pub fn contains_point(&self, x: f32, y: f32, tolerance: f32) -> bool {
        x >= self.x0 - tolerance
            && x <= self.x1 + tolerance
            && y >= self.y0 - tolerance
            && y <= self.y1 + tolerance
    }
}

/// An RGB colour, components 0..=1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Color(pub f32, pub f32, pub f32);

impl Color {
    /// Black.
    pub const BLACK: Color = Color(0.0, 0.0, 0.0);

    /// Perceived lightness, 0 (black) ..= 1 (white).
    pub fn lightness(&self) -> f32 {
        0.299 * self.0 + 0.587 * self.1 + 0.114 * self.2
    }
}

/// One character (or ligature) drawn on the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Glyph {
    /// The Unicode text of the glyph (usually one char; empty when unmapped).
    pub text: String,
    /// The glyph box: advance × (ascent..descent) for horizontal text,
    /// em width × advance for vertical text.
    pub bbox: Rect,
}

/// Writing direction of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Left to right lines.
    Horizontal,
    /// Top to bottom columns (a -V CMap, WMode 1).
    Vertical,
}

/// The glyphs of one text-showing operator (`Tj`, `TJ`, `'`, `"`), in drawing order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GlyphRun {
    /// Glyphs in drawing order.
    pub glyphs: Vec<Glyph>,
    /// Font resource's BaseFont name (subset prefix removed).
    pub font: String,
    /// Effective font size in page space (Tfs scaled by the text and CTM matrices).
    pub size: f32,
    /// Text rendering mode (Tr); 3 is invisible.
    pub render_mode: u8,
    /// Fill colour at the time of drawing.
    pub color: Color,
    /// Writing direction.
    pub direction: Direction,
}

impl GlyphRun {
    /// The concatenated text of the run.
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.text.as_str()).collect()
    }

    /// The union of the glyph boxes.
    pub fn bbox(&self) -> Option<Rect> {
        let mut it = self.glyphs.iter().map(|g| g.bbox);
        let first = it.next()?;
        Some(it.fold(first, |a, b| a.union(&b)))
    }
}

/// What kind of vector graphic a [`Rule`] came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    /// A straight segment (`m`/`l`), possibly very thin.
    Line,
    /// A rectangle (`re`).
    Rect,
    /// Any other closed or curved path, by its bounding box (arrow heads, circles).
    Shape,
}

/// A vector graphic that matters for layout: a rule, frame, cell fill or arrow head.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rule {
    /// The kind of path.
    pub kind: RuleKind,
    /// Bounding box in page space (a line has zero width or height).
    pub bbox: Rect,
    /// Whether the path was stroked.
    pub stroked: bool,
    /// Whether the path was filled.
    pub filled: bool,
    /// Fill colour when filled.
    pub fill: Option<Color>,
    /// Stroke line width in page space.
    pub line_width: f32,
    /// Whether a dash pattern was in effect when stroked.
    pub dashed: bool,
}

#[cfg(test)]
impl Rule {
    /// A stroked line from (x0, y0) to (x1, y1), half a point wide (tests).
    pub(crate) fn stroked_line(x0: f32, y0: f32, x1: f32, y1: f32) -> Rule {
        Rule {
            kind: RuleKind::Line,
            bbox: Rect { x0, y0, x1, y1 },
            stroked: true,
            filled: false,
            fill: None,
            line_width: 0.5,
            dashed: false,
        }
    }
}

/// Counters of a page's text, reported beside it instead of silently
/// passing bad text into records: what went wrong (unmapped glyphs, U+FFFD)
/// and what the text is (invisible glyphs over images: an OCR layer).
/// [`Quality::class`] names the page's [`QualityClass`] from them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Quality {
    /// Glyphs whose code mapped to no Unicode.
    pub unmapped_glyphs: usize,
    /// U+FFFD characters in the output.
    pub replacement_chars: usize,
    /// Glyphs drawn with render mode 3 (invisible) or 7.
    pub invisible_glyphs: usize,
    /// Glyphs drawn visibly (any other render mode).
    pub visible_glyphs: usize,
    /// Images painted (image XObjects, inside forms too, and inline images).
    pub images: usize,
}

/// What a page's text is, decided from its [`Quality`] counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QualityClass {
    /// Text drawn as printed and read without problems.
    Clean,
    /// An OCR text layer: no damage, and most of the text is invisible
    /// (render mode 3 or 7) on a page that paints an image, as a scan with
    /// recognised text is. Searchable, but only as good as the OCR.
    Ocr,
    /// Unmapped glyphs or U+FFFD: the text read is not the text printed.
    Damaged,
}

impl QualityClass {
    /// The class as a value ("clean", "ocr", "damaged").
    pub fn as_str(self) -> &'static str {
        match self {
            QualityClass::Clean => "clean",
            QualityClass::Ocr => "ocr",
            QualityClass::Damaged => "damaged",
        }
    }
}

impl Quality {
    /// Glyphs read wrongly: unmapped glyphs and U+FFFD.
    pub fn damage(&self) -> usize {
        self.unmapped_glyphs + self.replacement_chars
    }

    /// The page's class: damaged when any glyph was read wrongly; OCR when
    /// invisible glyphs are at least half of the page's glyphs and an image
    /// lies on the page; clean otherwise (a few invisible words on a
    /// born-digital page, or hidden text with no image, stay clean and
    /// counted).
    pub fn class(&self) -> QualityClass {
        if self.damage() > 0 {
            QualityClass::Damaged
        } else if self.invisible_glyphs > 0
            && self.invisible_glyphs >= self.visible_glyphs
            && self.images > 0
        {
            QualityClass::Ocr
        } else {
            QualityClass::Clean
        }
    }

    /// Whether anything worth reporting was counted: damage or invisible
    /// text (whatever the class).
    pub fn is_notable(&self) -> bool {
        self.damage() + self.invisible_glyphs > 0
    }
}

/// One page of positioned text and rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    /// 1-based physical page number.
    pub number: u32,
    /// Visible width (after rotation).
    pub width: f32,
    /// Visible height (after rotation).
    pub height: f32,
    /// /Rotate in degrees (0, 90, 180, 270).
    pub rotation: i32,
    /// Text runs in content-stream order (not reading order).
    pub runs: Vec<GlyphRun>,
    /// Rules, rectangles and shapes.
    pub rules: Vec<Rule>,
    /// Problems met while interpreting the page (unknown operators, broken fonts).
    pub warnings: Vec<String>,
    /// Extraction quality counters.
    pub quality: Quality,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(unmapped: usize, invisible: usize, visible: usize, images: usize) -> Quality {
        Quality {
            unmapped_glyphs: unmapped,
            invisible_glyphs: invisible,
            visible_glyphs: visible,
            images,
            ..Quality::default()
        }
    }

    #[test]
    fn invisible_text_over_an_image_is_ocr_and_damage_wins() {
        assert_eq!(q(0, 0, 500, 0).class(), QualityClass::Clean);
        assert_eq!(q(0, 480, 20, 1).class(), QualityClass::Ocr);
        assert_eq!(q(2, 480, 20, 1).class(), QualityClass::Damaged);
        // A hidden footer on a born-digital page, hidden text with no scan.
        assert_eq!(q(0, 16, 400, 1).class(), QualityClass::Clean);
        assert_eq!(q(0, 300, 0, 0).class(), QualityClass::Clean);
        assert!(q(0, 16, 400, 1).is_notable() && !q(0, 0, 9, 1).is_notable());
        let fffd = Quality {
            replacement_chars: 1,
            ..Quality::default()
        };
        assert_eq!(fffd.class(), QualityClass::Damaged);
    }
}
