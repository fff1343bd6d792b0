//! The content-stream interpreter (ISO 32000-1 §8, §9.3–9.4).
//!
//! Runs the operations of a page (and of the Form XObjects it paints) against
//! a graphics state and hands out two kinds of output: [`GlyphRun`]s for
//! every text-showing operator and [`Rule`]s for every painted path. It knows
//! nothing of layout. Operators are looked up in `arity`; an unknown
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

use lopdf::{Dictionary, Document, ObjectId};

mod forms;
mod show;

use super::font::Font;
use super::lexer::{parse_operations_bounded, Operand, Operation};
pub use super::matrix::Matrix;
use super::path::{fill_color, PaintStyle, Path};
use super::text::{Color, GlyphRun, Quality, Rule};
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

/// The state of one content stream being executed.
struct Frame {
    stack: Vec<GraphicsState>,
    gs: GraphicsState,
    tm: Matrix,
    tlm: Matrix,
    path: Path,
    current: Option<(f32, f32)>,
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

impl GraphicsState {
    /// The state at the start of a page or an annotation appearance.
    fn initial(ctm: Matrix) -> GraphicsState {
        GraphicsState {
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
        }
    }
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
        let ops = self.parse(content, "the page's content");
        self.execute(&ops, resources, GraphicsState::initial(ctm));
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
        let mut f = Frame {
            stack: Vec::new(),
            gs: initial,
            tm: Matrix::IDENTITY,
            tlm: Matrix::IDENTITY,
            path: Path::default(),
            current: None,
        };
        for op in ops {
            if !self.count_operation() {
                return;
            }
            let name = op.operator.as_slice();
            let Some(args) = self.operands(op) else {
                continue;
            };
            if !self.state_op(&mut f, name, args) && !self.path_op(&mut f, name, args) {
                self.text_op(&mut f, name, args, resources);
            }
            if name == b"BI" {
                self.out.quality.images += 1;
            }
            if name == b"Do" {
                if let Some(Operand::Name(n)) = args.first() {
                    self.paint_xobject(resources, n, &f.gs);
                }
            }
        }
    }

    /// Count one operation against the page's budgets; `false` once the
    /// page is cut short (operation limit, time budget or glyph limit).
    fn count_operation(&mut self) -> bool {
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
            return false;
        }
        true
    }

    /// The operands an operator uses (the last k of a fixed-arity one), or
    /// `None` with a warning for an unknown operator or one short of operands.
    fn operands<'o>(&mut self, op: &'o Operation) -> Option<&'o [Operand]> {
        let name = op.operator.as_slice();
        let Some(arity) = arity(name) else {
            self.warn_once(format!(
                "unknown operator {}",
                String::from_utf8_lossy(name)
            ));
            return None;
        };
        match arity {
            Some(k) if op.operands.len() < k => {
                self.warn_once(format!(
                    "operator {} has {} operands, needs {k}",
                    String::from_utf8_lossy(name),
                    op.operands.len()
                ));
                None
            }
            Some(k) => Some(&op.operands[op.operands.len() - k..]),
            None => Some(&op.operands[..]),
        }
    }

    /// Graphics-state operators (q Q cm w d and fill colours); `false` when
    /// `name` is not one of them.
    fn state_op(&mut self, f: &mut Frame, name: &[u8], args: &[Operand]) -> bool {
        let num = |i: usize| num(args, i);
        let gs = &mut f.gs;
        match name {
            b"q" if f.stack.len() < self.limits.max_state_depth => f.stack.push(gs.clone()),
            b"q" => {}
            b"Q" => {
                if let Some(s) = f.stack.pop() {
                    *gs = s;
                }
            }
            b"cm" => {
                let m = Matrix([num(0), num(1), num(2), num(3), num(4), num(5)]);
                gs.ctm = m.then(&gs.ctm);
            }
            b"w" => gs.line_width = num(0),
            b"d" => gs.dashed = matches!(args.first(), Some(Operand::Array(a)) if !a.is_empty()),
            b"g" => set_fill(gs, &[num(0)]),
            b"rg" => set_fill(gs, &[num(0), num(1), num(2)]),
            b"k" => set_fill(gs, &[num(0), num(1), num(2), num(3)]),
            b"cs" => {
                let comps = match args.first() {
                    Some(Operand::Name(n)) if n == b"DeviceRGB" || n == b"CalRGB" => 3,
                    Some(Operand::Name(n)) if n == b"DeviceCMYK" => 4,
                    _ => 1,
                };
                gs.fill_components = comps;
                set_fill(gs, &vec![0.0; comps]);
            }
            b"sc" | b"scn" => {
                let vals: Vec<f32> = args.iter().filter_map(Operand::as_f32).collect();
                if vals.len() == gs.fill_components || matches!(vals.len(), 1 | 3 | 4) {
                    set_fill(gs, &vals);
                }
            }
            _ => return false,
        }
        true
    }

    /// Path construction and painting operators; `false` when `name` is not
    /// one of them.
    fn path_op(&mut self, f: &mut Frame, name: &[u8], args: &[Operand]) -> bool {
        let num = |i: usize| num(args, i);
        let ctm = f.gs.ctm;
        match name {
            b"m" => {
                let p = ctm.apply(num(0), num(1));
                f.path.subpaths.push((vec![p], false));
                f.current = Some(p);
            }
            b"l" | b"c" | b"v" | b"y" => {
                let k = args.len();
                let p = ctm.apply(num(k - 2), num(k - 1));
                f.path.curved |= name != b"l";
                match f.path.subpaths.last_mut() {
                    Some((pts, false)) => pts.push(p),
                    _ => f
                        .path
                        .subpaths
                        .push((vec![f.current.unwrap_or(p), p], false)),
                }
                f.current = Some(p);
            }
            b"h" => {
                if let Some((pts, closed)) = f.path.subpaths.last_mut() {
                    *closed = true;
                    f.current = pts.first().copied();
                }
            }
            b"re" => {
                let (x, y, w, h) = (num(0), num(1), num(2), num(3));
                f.path.rects.push([
                    ctm.apply(x, y),
                    ctm.apply(x + w, y),
                    ctm.apply(x + w, y + h),
                    ctm.apply(x, y + h),
                ]);
                f.current = Some(ctm.apply(x, y));
            }
            b"S" | b"s" => self.paint(&mut f.path, &f.gs, true, false),
            b"f" | b"F" | b"f*" => self.paint(&mut f.path, &f.gs, false, true),
            b"B" | b"B*" | b"b" | b"b*" => self.paint(&mut f.path, &f.gs, true, true),
            b"n" => f.path = Path::default(),
            _ => return false,
        }
        true
    }

    fn warn_once(&mut self, msg: String) {
        if !self.out.warnings.contains(&msg) && self.out.warnings.len() < 100 {
            self.out.warnings.push(msg);
        }
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
}

/// Operand `i` as a number (0 when absent or not a number).
fn num(args: &[Operand], i: usize) -> f32 {
    args.get(i).and_then(Operand::as_f32).unwrap_or(0.0)
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
