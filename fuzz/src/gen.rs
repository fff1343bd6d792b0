//! Input generation: a deterministic random source, byte mutations for the
//! property tests, and the decoding of raw bytes into [`PageLayout`]s for the
//! plan-parser target.

use shisaku::layout::{PageLayout, TextLine};
use shisaku::pdf::{Color, Rect, Rule, RuleKind};

/// A small deterministic generator (xorshift64*), so property tests repeat exactly.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (0 is replaced by a fixed odd constant).
    pub fn new(seed: u64) -> Rng {
        Rng(if seed == 0 {
            0x9e37_79b9_7f4a_7c15
        } else {
            seed
        })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
}

/// Byte strings that matter to the parsers, spliced in by [`mutate`].
const DICTIONARY: &[&[u8]] = &[
    b"obj",
    b"endobj",
    b"stream\n",
    b"endstream",
    b"xref",
    b"trailer",
    b"startxref",
    b"/Length",
    b"/Filter/FlateDecode",
    b"/Type/Page",
    b"/Parent",
    b"/Kids[",
    b"R",
    b"<<",
    b">>",
    b"[",
    b"]",
    b"(",
    b")",
    b"<",
    b">",
    b"BT",
    b"ET",
    b"Tf",
    b"Tj",
    b"TJ",
    b"Td",
    b"Tm",
    b"cm",
    b"q",
    b"Q",
    b"Do",
    b"re",
    b"f",
    b"S",
    b"BI",
    b"ID",
    b"EI",
    b"begincodespacerange",
    b"endcodespacerange",
    b"beginbfchar",
    b"endbfchar",
    b"beginbfrange",
    b"endbfrange",
    b"begincidrange",
    b"endcidrange",
    b"usecmap",
    b"<0000> <FFFF>",
    b"<00> <FF>",
    b"<FFFFFFFF>",
    b"-1",
    b"99999999999",
    b"1e38",
    b"NaN",
    b"%",
    b"\\",
    b"/F1 12 Tf",
    b"/F2 12 Tf",
    b"/F3 12 Tf",
    b"/X1 Do",
    b"0 0 1 1 re",
];

/// A mutated copy of `input`: a few random byte flips, insertions, deletions,
/// duplications and dictionary splices.
pub fn mutate(input: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut out = input.to_vec();
    let edits = 1 + rng.below(8);
    for _ in 0..edits {
        let at = rng.below(out.len() + 1);
        match rng.below(6) {
            0 if !out.is_empty() => {
                let i = at.min(out.len() - 1);
                out[i] ^= 1 << rng.below(8);
            }
            1 => out.insert(at, rng.next_u64() as u8),
            2 if at < out.len() => {
                let end = (at + 1 + rng.below(16)).min(out.len());
                out.drain(at..end);
            }
            3 if at < out.len() => {
                let end = (at + 1 + rng.below(64)).min(out.len());
                let chunk = out[at..end].to_vec();
                let times = 1 + rng.below(4);
                for _ in 0..times {
                    out.splice(at..at, chunk.iter().copied());
                }
            }
            4 => {
                let word = DICTIONARY[rng.below(DICTIONARY.len())];
                out.splice(at..at, word.iter().copied());
            }
            _ => out.truncate(at),
        }
    }
    out
}

/// Text that plan pages are made of: numbering, markers, schedule words, years.
const PLAN_TEXT: &[&str] = &[
    "１",
    "２",
    "３",
    "１０",
    "(1)",
    "（２）",
    "①",
    "②",
    "１．",
    "２　",
    "３．",
    "No",
    "№",
    "主な取組事業",
    "事業の概要",
    "新",
    "【新】",
    "【ＨＰ】",
    "・",
    "◆",
    "■",
    "○",
    "※",
    "ＩＴを活用した産業の活性化",
    "行政情報提供・発信の充実",
    "電子県庁による効率的",
    "みやぎＩＴ推進プラン",
    "情報通信基盤の復旧",
    "平成２５年度",
    "平成26年度",
    "H27",
    "検討",
    "実施",
    "運用",
    "構築",
    "再構築",
    "継続運用",
    "→",
    "～",
    "http://www.pref.miyagi.jp/",
    "担当課",
    "情報政策課",
    "指標",
    "目標値",
    "分野",
    "施策",
    "(",
    ")",
    "。",
    "，",
    "、",
    " ",
    "　",
    "",
    "a",
    "\u{fffd}",
    "𠮷",
    "ﾃｽﾄ",
];

/// Reads little-endian pieces off a byte string; zero when exhausted.
struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> u8 {
        let b = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    fn done(&self) -> bool {
        self.pos >= self.data.len()
    }

    /// A coordinate in about -50..1000, with rare extreme values.
    fn coord(&mut self) -> f32 {
        let hi = self.byte();
        let lo = self.byte();
        match hi {
            255 => f32::MAX,
            254 => -1e9,
            253 => 0.0,
            _ => (f32::from(hi) * 256.0 + f32::from(lo)) / 64.0 - 50.0,
        }
    }

    fn text(&mut self) -> String {
        let pieces = self.byte() % 6;
        let mut s = String::new();
        for _ in 0..pieces {
            let b = self.byte() as usize;
            match PLAN_TEXT.get(b) {
                Some(t) => s.push_str(t),
                None => s.push(char::from_u32(0x3000 + b as u32).unwrap_or('?')),
            }
        }
        s
    }
}

/// Pages of positioned lines and rules decoded from `data` (at most 6 pages,
/// 80 lines and 40 rules each); `char_x` always has one entry per character.
pub fn layouts_from_bytes(data: &[u8]) -> Vec<PageLayout> {
    let mut r = Reader { data, pos: 0 };
    let pages = 1 + usize::from(r.byte() % 6);
    let mut out = Vec::with_capacity(pages);
    for number in 1..=pages as u32 {
        let (width, height) = match r.byte() % 4 {
            0 => (595.0, 842.0),
            1 => (842.0, 595.0),
            2 => (0.0, 0.0),
            _ => (r.coord(), r.coord()),
        };
        let mut lines = Vec::new();
        let nlines = usize::from(r.byte() % 80);
        for _ in 0..nlines {
            if r.done() {
                break;
            }
            let text = r.text();
            let (x0, y0) = (r.coord(), r.coord());
            let size = f32::from(r.byte() % 40) + 0.5 * f32::from(r.byte() % 2);
            let advance = if r.byte().is_multiple_of(8) {
                0.0
            } else {
                size
            };
            let n = text.chars().count();
            let char_x = (0..n).map(|i| x0 + advance * i as f32).collect();
            let bbox = Rect {
                x0,
                y0,
                x1: x0 + advance * n as f32,
                y1: y0 + size,
            };
            let font = ["IPAexGothic", "MS-Mincho", ""][usize::from(r.byte() % 3)].to_string();
            lines.push(TextLine {
                text,
                bbox,
                size,
                font,
                char_x,
            });
        }
        let mut rules = Vec::new();
        let nrules = usize::from(r.byte() % 40);
        for _ in 0..nrules {
            if r.done() {
                break;
            }
            let kind = [RuleKind::Line, RuleKind::Rect, RuleKind::Shape][usize::from(r.byte() % 3)];
            let (x0, y0, x1, y1) = (r.coord(), r.coord(), r.coord(), r.coord());
            let filled = r.byte().is_multiple_of(2);
            let grey = f32::from(r.byte()) / 255.0;
            rules.push(Rule {
                kind,
                bbox: Rect {
                    x0: x0.min(x1),
                    y0: y0.min(y1),
                    x1: x0.max(x1),
                    y1: y0.max(y1),
                },
                stroked: !filled,
                filled,
                fill: filled.then_some(Color(grey, grey, grey)),
                line_width: f32::from(r.byte() % 4) * 0.5,
                dashed: r.byte().is_multiple_of(5),
            });
        }
        out.push(PageLayout {
            number,
            width,
            height,
            lines,
            rules,
        });
    }
    out
}
