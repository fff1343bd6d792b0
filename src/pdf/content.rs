//! The content-stream interpreter (ISO 32000-1 §8, §9.3–9.4).
//!
//! Runs the operations of a page (and of the Form XObjects it paints) against
//! a graphics state and hands out two kinds of output: [`GlyphRun`]s for
//! every text-showing operator and [`Rule`]s for every painted path. It knows
//! nothing of layout. Operators are looked up in [`arity`]; an unknown
//! operator or one short of operands is recorded as a warning and skipped.
//!
//! Positions are computed exactly from font metrics: for each glyph,
//! `Trm = [Tfs·Th 0 0 Tfs 0 Trise] × Tm × CTM`, and the text matrix advances by
//! `(w0·Tfs + Tc + Tw) · Th` (Tw only for a single-byte code 32), or for
//! vertical fonts by `w1·Tfs + Tc + Tw` downwards.

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::font::Font;
use super::lexer::{parse_operations_bounded, Operand, Operation};
pub use super::matrix::Matrix;
use super::objects::{as_dict, get_array, get_dict, get_name, numbers, stream_data};
use super::path::{fill_color, PaintStyle, Path};
use super::text::{Color, Direction, Glyph, GlyphRun, Quality, Rect, Rule};
use super::Limits;

/// Number of operands each operator needs (`None` for variable counts).
fn arity(op: &[u8]) -> Option<Option<usize>> {
    Some(match op {
        b"q" | b"Q" | b"BT" | b"ET" | b"T*" | b"h" | b"S" | b"s" | b"f" | b"F" | b"f*" | b"B"
        | b"B*" | b"b" | b"b*" | b"n" | b"W" | b"W*" | b"EMC" | b"BX" | b"EX" | b"BI" => Some(0),
        b"Tc" | b"Tw" | b"Tz" | b"TL" | b"Ts" | b"Tr" | b"g" | b"G" | b"w" | b"J" | b"j" | b"M"
        | b"i" | b"gs" | b"Do" | b"cs" | b"CS" | b"ri" | b"sh" | b"MP" | b"BMC" | b"Tj" | b"'"
        | b"TJ" => Some(1),
        b"Td" | b"TD" | b"Tf" | b"m" | b"l" | b"d" | b"DP" | b"BDC" | b"d0" => Some(2),
        b"\"" | b"rg" | b"RG" => Some(3),
        b"re" | b"k" | b"K" | b"v" | b"y" => Some(4),
        b"cm" | b"Tm" | b"c" | b"d1" => Some(6),
        b"sc" | b"scn" | b"SC" | b"SCN" => None,
        _ => return None,
    })
}

#[derive(Clone)]
struct TextState {
    font: Option<Arc<Font>>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    scale: f32,
    leading: f32,
    rise: f32,
    render_mode: u8,
}

#[derive(Clone)]
struct GraphicsState {
    ctm: Matrix,
    fill: Color,
    fill_components: usize,
    line_width: f32,
    dashed: bool,
    text: TextState,
}

/// Collected output of interpreting one page.
#[derive(Default)]
pub struct Output {
    /// Text runs in drawing order.
    pub runs: Vec<GlyphRun>,
    /// Painted paths.
    pub rules: Vec<Rule>,
    /// Problems met.
    pub warnings: Vec<String>,
    /// Quality counters.
    pub quality: Quality,
    /// True when the interpreter's deadline passed before the page was done.
    pub timed_out: bool,
    glyphs: usize,
    /// Operations executed on the page, Form XObjects included.
    operations: usize,
    /// Form XObjects painted on the page.
    forms_painted: usize,
    truncated: bool,
}

/// How many operations run between two checks of [`Interpreter::deadline`].
const DEADLINE_CHECK_INTERVAL: usize = 4096;

/// Fonts loaded for one document, shared by its pages: a font dictionary is
/// decoded once (ToUnicode, CMaps, embedded font tables), not once per page.
/// Keyed by the address of the font dictionary inside the document, which
/// stays put while the document is open.
#[derive(Default)]
pub struct FontCache {
    fonts: Mutex<HashMap<usize, Arc<Font>>>,
}

impl FontCache {
    fn get(&self, key: *const Dictionary) -> Option<Arc<Font>> {
        self.fonts.lock().ok()?.get(&(key as usize)).cloned()
    }

    fn insert(&self, key: *const Dictionary, font: Arc<Font>) {
        if let Ok(mut m) = self.fonts.lock() {
            m.insert(key as usize, font);
        }
    }
}

/// Interprets content streams of one page.
pub struct Interpreter<'a> {
    doc: &'a Document,
    limits: &'a Limits,
    /// Maps device space (PDF user space of the page) to page space (top-left origin).
    page_transform: Matrix,
    /// Loaded fonts by the address of their dictionary in `doc` (so fonts
    /// given as direct objects are loaded once too).
    fonts: HashMap<*const Dictionary, Arc<Font>>,
    form_stack: Vec<ObjectId>,
    /// Operations of each Form XObject met on the page, decoded once (empty
    /// when the stream could not be decoded).
    forms: HashMap<ObjectId, Rc<Vec<Operation>>>,
    /// Fonts shared by all pages of the document (see [`FontCache`]).
    shared_fonts: Option<&'a FontCache>,
    /// The output collected so far.
    pub out: Output,
    /// When to stop interpreting (checked every few thousand operations).
    pub deadline: Option<Instant>,
}

impl<'a> Interpreter<'a> {
    /// An interpreter drawing into page space through `page_transform`.
    pub fn new(doc: &'a Document, limits: &'a Limits, page_transform: Matrix) -> Interpreter<'a> {
        Interpreter {
            doc,
            limits,
            page_transform,
            fonts: HashMap::new(),
            form_stack: Vec::new(),
            forms: HashMap::new(),
            shared_fonts: None,
            out: Output::default(),
            deadline: None,
        }
    }

    /// Share loaded fonts with the other pages of the document.
    pub fn with_font_cache(mut self, cache: &'a FontCache) -> Interpreter<'a> {
        self.shared_fonts = Some(cache);
        self
    }

    /// Run a content stream with `resources` from an initial CTM.
    pub fn run(&mut self, content: &[u8], resources: Option<&'a Dictionary>, ctm: Matrix) {
        let state = GraphicsState {
            ctm,
            fill: Color::BLACK,
            fill_components: 1,
            line_width: 1.0,
            dashed: false,
            text: TextState {
                font: None,
                size: 0.0,
                char_spacing: 0.0,
                word_spacing: 0.0,
                scale: 1.0,
                leading: 0.0,
                rise: 0.0,
                render_mode: 0,
            },
        };
        let ops = self.parse(content, "the page's content");
        self.execute(&ops, resources, state);
    }

    /// Operations of a content stream, bounded by the operation limit; `what`
    /// names the stream in the warning when it was cut short.
    fn parse(&mut self, data: &[u8], what: &str) -> Vec<Operation> {
        let (ops, cut) = parse_operations_bounded(data, self.limits.max_operations);
        if cut {
            self.warn_once(format!(
                "{what} has too many operations or operands; the rest is skipped"
            ));
        }
        ops
    }

    fn execute(
        &mut self,
        ops: &[Operation],
        resources: Option<&'a Dictionary>,
        initial: GraphicsState,
    ) {
        let mut stack: Vec<GraphicsState> = Vec::new();
        let mut gs = initial;
        let mut tm = Matrix::IDENTITY;
        let mut tlm = Matrix::IDENTITY;
        let mut path = Path::default();
        let mut current: Option<(f32, f32)> = None;
        for op in ops {
            self.out.operations += 1;
            if self.out.operations.is_multiple_of(DEADLINE_CHECK_INTERVAL)
                && self.deadline.is_some_and(|d| Instant::now() >= d)
                && !self.out.truncated
            {
                self.out
                    .warnings
                    .push("time budget exceeded; rest of the page skipped".into());
                self.out.timed_out = true;
                self.out.truncated = true;
            }
            if self.out.operations > self.limits.max_operations || self.out.truncated {
                if !self.out.truncated {
                    self.out.warnings.push(format!(
                        "page has more than {} content-stream operations (forms included); rest skipped",
                        self.limits.max_operations
                    ));
                    self.out.truncated = true;
                }
                return;
            }
            let name = op.operator.as_slice();
            let Some(arity) = arity(name) else {
                self.warn_once(format!(
                    "unknown operator {}",
                    String::from_utf8_lossy(name)
                ));
                continue;
            };
            if let Some(k) = arity {
                if op.operands.len() < k {
                    self.warn_once(format!(
                        "operator {} has {} operands, needs {k}",
                        String::from_utf8_lossy(name),
                        op.operands.len()
                    ));
                    continue;
                }
            }
            // Operands of a fixed-arity operator are the last k.
            let args = match arity {
                Some(k) => &op.operands[op.operands.len() - k..],
                None => &op.operands[..],
            };
            let num = |i: usize| args.get(i).and_then(Operand::as_f32).unwrap_or(0.0);
            match name {
                b"q" if stack.len() < self.limits.max_state_depth => stack.push(gs.clone()),
                b"q" => {}
                b"Q" => {
                    if let Some(s) = stack.pop() {
                        gs = s;
                    }
                }
                b"cm" => {
                    let m = Matrix([num(0), num(1), num(2), num(3), num(4), num(5)]);
                    gs.ctm = m.then(&gs.ctm);
                }
                b"w" => gs.line_width = num(0),
                b"d" => {
                    gs.dashed = matches!(args.first(), Some(Operand::Array(a)) if !a.is_empty())
                }
                b"g" => set_fill(&mut gs, &[num(0)]),
                b"rg" => set_fill(&mut gs, &[num(0), num(1), num(2)]),
                b"k" => set_fill(&mut gs, &[num(0), num(1), num(2), num(3)]),
                b"cs" => {
                    let comps = match args.first() {
                        Some(Operand::Name(n)) if n == b"DeviceRGB" || n == b"CalRGB" => 3,
                        Some(Operand::Name(n)) if n == b"DeviceCMYK" => 4,
                        _ => 1,
                    };
                    gs.fill_components = comps;
                    set_fill(&mut gs, &vec![0.0; comps]);
                }
                b"sc" | b"scn" => {
                    let vals: Vec<f32> = args.iter().filter_map(Operand::as_f32).collect();
                    if vals.len() == gs.fill_components || matches!(vals.len(), 1 | 3 | 4) {
                        set_fill(&mut gs, &vals);
                    }
                }
                b"BT" => {
                    tm = Matrix::IDENTITY;
                    tlm = Matrix::IDENTITY;
                }
                b"Tc" => gs.text.char_spacing = num(0),
                b"Tw" => gs.text.word_spacing = num(0),
                b"Tz" => gs.text.scale = num(0) / 100.0,
                b"TL" => gs.text.leading = num(0),
                b"Ts" => gs.text.rise = num(0),
                b"Tr" => gs.text.render_mode = num(0).clamp(0.0, 7.0) as u8,
                b"Tf" => {
                    gs.text.size = num(1);
                    gs.text.font = match args.first() {
                        Some(Operand::Name(n)) => self.font(resources, n),
                        _ => None,
                    };
                }
                b"Td" => {
                    tlm = Matrix::translate(num(0), num(1)).then(&tlm);
                    tm = tlm;
                }
                b"TD" => {
                    gs.text.leading = -num(1);
                    tlm = Matrix::translate(num(0), num(1)).then(&tlm);
                    tm = tlm;
                }
                b"Tm" => {
                    tlm = Matrix([num(0), num(1), num(2), num(3), num(4), num(5)]);
                    tm = tlm;
                }
                b"T*" => {
                    tlm = Matrix::translate(0.0, -gs.text.leading).then(&tlm);
                    tm = tlm;
                }
                b"Tj" | b"'" | b"\"" => {
                    if name != b"Tj" {
                        if name == b"\"" {
                            gs.text.word_spacing = num(0);
                            gs.text.char_spacing = num(1);
                        }
                        tlm = Matrix::translate(0.0, -gs.text.leading).then(&tlm);
                        tm = tlm;
                    }
                    if let Some(Operand::Str(s)) = args.last() {
                        self.show(&gs, &mut tm, &[Operand::Str(s.clone())]);
                    }
                }
                b"TJ" => {
                    if let Some(Operand::Array(items)) = args.first() {
                        self.show(&gs, &mut tm, items);
                    }
                }
                b"m" => {
                    let p = gs.ctm.apply(num(0), num(1));
                    path.subpaths.push((vec![p], false));
                    current = Some(p);
                }
                b"l" => {
                    let p = gs.ctm.apply(num(0), num(1));
                    match path.subpaths.last_mut() {
                        Some((pts, false)) => pts.push(p),
                        _ => path.subpaths.push((vec![current.unwrap_or(p), p], false)),
                    }
                    current = Some(p);
                }
                b"c" | b"v" | b"y" => {
                    let k = args.len();
                    let p = gs.ctm.apply(num(k - 2), num(k - 1));
                    path.curved = true;
                    match path.subpaths.last_mut() {
                        Some((pts, false)) => pts.push(p),
                        _ => path.subpaths.push((vec![current.unwrap_or(p), p], false)),
                    }
                    current = Some(p);
                }
                b"h" => {
                    if let Some((pts, closed)) = path.subpaths.last_mut() {
                        *closed = true;
                        current = pts.first().copied();
                    }
                }
                b"re" => {
                    let (x, y, w, h) = (num(0), num(1), num(2), num(3));
                    let c = &gs.ctm;
                    path.rects.push([
                        c.apply(x, y),
                        c.apply(x + w, y),
                        c.apply(x + w, y + h),
                        c.apply(x, y + h),
                    ]);
                    current = Some(c.apply(x, y));
                }
                b"S" | b"s" => self.paint(&mut path, &gs, true, false),
                b"f" | b"F" | b"f*" => self.paint(&mut path, &gs, false, true),
                b"B" | b"B*" | b"b" | b"b*" => self.paint(&mut path, &gs, true, true),
                b"n" => path = Path::default(),
                b"Do" => {
                    if let Some(Operand::Name(n)) = args.first() {
                        self.paint_xobject(resources, n, &gs);
                    }
                }
                _ => {}
            }
        }
    }

    fn warn_once(&mut self, msg: String) {
        if !self.out.warnings.contains(&msg) && self.out.warnings.len() < 100 {
            self.out.warnings.push(msg);
        }
    }

    fn font(&mut self, resources: Option<&'a Dictionary>, name: &[u8]) -> Option<Arc<Font>> {
        let fonts = resources.and_then(|r| get_dict(self.doc, r, b"Font"));
        let obj = fonts.and_then(|f| f.get(name).ok());
        let Some(dict) = obj.and_then(|o| as_dict(self.doc, o)) else {
            self.warn_once(format!(
                "font /{} not found in resources",
                String::from_utf8_lossy(name)
            ));
            return Some(Arc::new(Font::fallback(&String::from_utf8_lossy(name))));
        };
        let key: *const Dictionary = dict;
        if let Some(f) = self.fonts.get(&key) {
            return Some(f.clone());
        }
        if let Some(f) = self.shared_fonts.and_then(|c| c.get(key)) {
            self.fonts.insert(key, f.clone());
            return Some(f);
        }
        let font = Arc::new(Font::load(
            self.doc,
            dict,
            self.limits.max_stream_bytes,
            &mut self.out.warnings,
        ));
        self.fonts.insert(key, font.clone());
        if let Some(c) = self.shared_fonts {
            c.insert(key, font.clone());
        }
        Some(font)
    }

    fn show(&mut self, gs: &GraphicsState, tm: &mut Matrix, items: &[Operand]) {
        let Some(font) = gs.text.font.clone() else {
            self.warn_once("text shown without a font (no Tf)".to_string());
            return;
        };
        let ts = &gs.text;
        let vertical = font.is_vertical();
        let mut glyphs = Vec::new();
        for item in items {
            match item {
                Operand::Number(adj) => {
                    let d = -adj / 1000.0 * ts.size;
                    *tm = if vertical {
                        Matrix::translate(0.0, d).then(tm)
                    } else {
                        Matrix::translate(d * ts.scale, 0.0).then(tm)
                    };
                }
                Operand::Str(bytes) => {
                    for g in font.decode(bytes) {
                        self.out.glyphs += 1;
                        if self.out.glyphs > self.limits.max_glyphs_per_page {
                            if !self.out.truncated {
                                self.out.warnings.push(format!(
                                    "more than {} glyphs on the page; rest skipped",
                                    self.limits.max_glyphs_per_page
                                ));
                                self.out.truncated = true;
                            }
                            return;
                        }
                        let trm = Matrix([ts.size * ts.scale, 0.0, 0.0, ts.size, 0.0, ts.rise])
                            .then(tm)
                            .then(&gs.ctm)
                            .then(&self.page_transform);
                        let spacing = ts.char_spacing
                            + if g.is_word_space {
                                ts.word_spacing
                            } else {
                                0.0
                            };
                        let corners = if vertical {
                            // Glyph origin = current point - position vector (§9.7.4.3).
                            let (vx, vy) = g.position;
                            let (x0, x1) = (-vx, g.width - vx);
                            let (y0, y1) = (font.descent - vy, font.ascent - vy);
                            [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
                        } else {
                            let w = g.width;
                            [
                                (0.0, font.descent),
                                (w, font.descent),
                                (w, font.ascent),
                                (0.0, font.ascent),
                            ]
                        };
                        let bbox = Rect::from_points(corners.iter().map(|&(x, y)| trm.apply(x, y)))
                            .unwrap_or_default();
                        let text = match g.text {
                            Some(t) => {
                                self.out.quality.replacement_chars += t.matches('\u{fffd}').count();
                                t
                            }
                            None => {
                                self.out.quality.unmapped_glyphs += 1;
                                String::new()
                            }
                        };
                        if matches!(ts.render_mode, 3 | 7) {
                            self.out.quality.invisible_glyphs += 1;
                        }
                        glyphs.push(Glyph { text, bbox });
                        *tm = if vertical {
                            Matrix::translate(0.0, g.vertical_advance * ts.size + spacing).then(tm)
                        } else {
                            Matrix::translate((g.width * ts.size + spacing) * ts.scale, 0.0)
                                .then(tm)
                        };
                    }
                }
                _ => {}
            }
        }
        if glyphs.is_empty() {
            return;
        }
        let size_matrix = Matrix([ts.size * ts.scale, 0.0, 0.0, ts.size, 0.0, 0.0])
            .then(tm)
            .then(&gs.ctm);
        let size = {
            let [_, _, c, d, ..] = size_matrix.0;
            (c * c + d * d).sqrt()
        };
        self.out.runs.push(GlyphRun {
            glyphs,
            font: font.name.clone(),
            size,
            render_mode: ts.render_mode,
            color: gs.fill,
            direction: if vertical {
                Direction::Vertical
            } else {
                Direction::Horizontal
            },
        });
    }

    fn paint(&mut self, path: &mut Path, gs: &GraphicsState, stroke: bool, fill: bool) {
        let style = PaintStyle {
            stroke,
            fill: fill.then_some(gs.fill),
            line_width: gs.line_width * gs.ctm.scale() * self.page_transform.scale(),
            dashed: gs.dashed,
        };
        let rules = std::mem::take(path).rules(&style, &self.page_transform);
        self.out.rules.extend(rules);
        if self.out.rules.len() > self.limits.max_rules_per_page {
            self.out.rules.truncate(self.limits.max_rules_per_page);
            self.warn_once(format!(
                "more than {} rules on the page; rest skipped",
                self.limits.max_rules_per_page
            ));
        }
    }

    fn paint_xobject(
        &mut self,
        resources: Option<&'a Dictionary>,
        name: &[u8],
        gs: &GraphicsState,
    ) {
        let doc = self.doc;
        let xobjects = resources.and_then(|r| get_dict(doc, r, b"XObject"));
        let Some(Ok(Object::Reference(id))) = xobjects.map(|x| x.get(name)) else {
            return;
        };
        let id = *id;
        let Some(Object::Stream(stream)) = doc.objects.get(&id) else {
            return;
        };
        if get_name(doc, &stream.dict, b"Subtype") != Some(b"Form") {
            return;
        }
        if self.form_stack.contains(&id) || self.form_stack.len() >= self.limits.max_form_depth {
            self.warn_once(format!(
                "Form XObject {} {} nested too deep or cyclic; skipped",
                id.0, id.1
            ));
            return;
        }
        self.out.forms_painted += 1;
        if self.out.forms_painted > self.limits.max_forms_per_page {
            self.warn_once(format!(
                "more than {} Form XObjects painted on the page; rest skipped",
                self.limits.max_forms_per_page
            ));
            return;
        }
        let ops = match self.forms.get(&id) {
            Some(ops) => ops.clone(),
            None => {
                let ops = match stream_data(stream, self.limits.max_stream_bytes) {
                    Ok(data) => self.parse(&data, &format!("Form XObject {} {}", id.0, id.1)),
                    Err(e) => {
                        self.warn_once(format!("Form XObject {} {}: {e}", id.0, id.1));
                        Vec::new()
                    }
                };
                let ops = Rc::new(ops);
                self.forms.insert(id, ops.clone());
                ops
            }
        };
        let matrix = get_array(doc, &stream.dict, b"Matrix")
            .map(|m| numbers(doc, m))
            .filter(|m| m.len() == 6)
            .map(|m| Matrix([m[0], m[1], m[2], m[3], m[4], m[5]]))
            .unwrap_or(Matrix::IDENTITY);
        let form_resources = get_dict(doc, &stream.dict, b"Resources").or(resources);
        let mut state = gs.clone();
        state.ctm = matrix.then(&gs.ctm);
        self.form_stack.push(id);
        self.execute(&ops, form_resources, state);
        self.form_stack.pop();
    }
}

fn set_fill(gs: &mut GraphicsState, v: &[f32]) {
    gs.fill = fill_color(v, gs.fill);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operator_in_the_table_has_an_arity() {
        for op in [&b"Tj"[..], b"TJ", b"re", b"cm", b"scn", b"'", b"\""] {
            assert!(arity(op).is_some());
        }
        assert!(arity(b"XYZ").is_none());
    }
}
