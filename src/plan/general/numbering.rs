//! Outline numbering at the start of a heading or row: 第３章, 基本目標１,
//! 分野２, 施策①, 2-3-1, （３）, ①, ３, ア, （ア）, and unnumbered bullets
//! (○ ● ◎ ・ ◆). Digits may be full- or half-width.

/// The kind of a numbering token; headings of one style are one outline level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Style {
    /// 第３章, 第１節, 第２.
    Chapter,
    /// A word before the number: 基本目標１, 分野２, 施策①.
    Prefix(String),
    /// 2-3-1 (the parts are in [`Numbering::nums`]).
    Compound,
    /// （３） or (3).
    Paren,
    /// ① … ⑳ ㉑ … ㊿.
    Circled,
    /// ３ followed by a space or a full stop.
    Arabic,
    /// ア followed by a space or a full stop.
    Kana,
    /// （ア）.
    ParenKana,
    /// An unnumbered bullet (○ ● ◎ ・ ◆ ◇ □ ■).
    Bullet(char),
    /// A table row (number from a 番号 column).
    Row,
}

impl Style {
    /// Key under which headings of this style share an outline level.
    pub fn key(&self) -> String {
        match self {
            Style::Prefix(w) => format!("prefix:{w}"),
            Style::Bullet(c) => format!("bullet:{c}"),
            other => format!("{other:?}"),
        }
    }
}

/// A numbering token and the text after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Numbering {
    /// The token's style.
    pub style: Style,
    /// The (last) number, `None` for bullets.
    pub no: Option<u32>,
    /// All numbers of a compound token (2-3-1 → [2, 3, 1]); else `[no]`.
    pub nums: Vec<u32>,
    /// The text after the token, trimmed.
    pub rest: String,
}

/// Words that may stand before a heading number (基本目標１, 施策①).
const PREFIXES: &[&str] = &[
    "基本目標",
    "基本方針",
    "基本施策",
    "重点施策",
    "重点目標",
    "政策",
    "施策",
    "分野",
    "項目",
    "取組",
    "目標",
    "柱",
];

/// Katakana in 公用文 order (ア = 1).
const KANA: &str =
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン";

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// The value of a circled number ① … ㊿.
pub fn circled(c: char) -> Option<u32> {
    let u = c as u32;
    match u {
        0x2460..=0x2473 => Some(u - 0x2460 + 1),
        0x3251..=0x325F => Some(u - 0x3251 + 21),
        0x32B1..=0x32BF => Some(u - 0x32B1 + 36),
        _ => None,
    }
}

/// The 公用文 position of a katakana numbering letter (ア = 1).
pub fn kana(c: char) -> Option<u32> {
    KANA.chars().position(|k| k == c).map(|p| p as u32 + 1)
}

/// Digits at the start of `s`: (value, byte length).
fn digits(s: &str) -> Option<(u32, usize)> {
    let mut n: u32 = 0;
    let mut len = 0;
    for c in s.chars() {
        match digit(c) {
            Some(d) => {
                n = n.checked_mul(10)?.checked_add(d)?;
                len += c.len_utf8();
            }
            None => break,
        }
    }
    (len > 0).then_some((n, len))
}

/// A number at the start of `s` in digits or one circled character.
fn number(s: &str) -> Option<(u32, usize)> {
    let c = s.chars().next()?;
    circled(c).map(|n| (n, c.len_utf8())).or_else(|| digits(s))
}

fn is_sep(c: char) -> bool {
    c.is_whitespace() || matches!(c, '．' | '.' | '、' | '　')
}

fn make(style: Style, nums: Vec<u32>, rest: &str) -> Numbering {
    let rest = rest.trim_start_matches(is_sep).trim().to_string();
    Numbering {
        style,
        no: nums.last().copied(),
        nums,
        rest,
    }
}

/// Parse the numbering token at the start of `text`, if any.
pub fn numbering(text: &str) -> Option<Numbering> {
    let t = text.trim_start();
    let first = t.chars().next()?;
    if let Some(r) = t.strip_prefix('第') {
        // 第３章 / 第２編 / 第１部 divide the document; 第１ and 第２節 are outline levels.
        let (n, len) = digits(r)?;
        let r = &r[len..];
        if let Some(rest) = r.strip_prefix(['章', '編', '部']) {
            return Some(make(Style::Chapter, vec![n], rest));
        }
        let rest = r.strip_prefix('節').unwrap_or(r);
        return Some(make(Style::Prefix("第".into()), vec![n], rest));
    }
    for p in PREFIXES {
        if let Some(r) = t.strip_prefix(p) {
            if let Some((n, len)) = number(r.trim_start()) {
                let r = r.trim_start();
                return Some(make(Style::Prefix((*p).to_string()), vec![n], &r[len..]));
            }
        }
    }
    if let Some(n) = circled(first) {
        return Some(make(Style::Circled, vec![n], &t[first.len_utf8()..]));
    }
    if matches!(first, '（' | '(') {
        let inner = &t[first.len_utf8()..];
        let close = inner.find(['）', ')'])?;
        let body = &inner[..close];
        let after = &inner[close + inner[close..].chars().next()?.len_utf8()..];
        if let Some((n, len)) = digits(body) {
            return (len == body.len()).then(|| make(Style::Paren, vec![n], after));
        }
        let mut cs = body.chars();
        let k = cs.next().and_then(kana)?;
        return cs
            .next()
            .is_none()
            .then(|| make(Style::ParenKana, vec![k], after));
    }
    if let Some((n, len)) = digits(t) {
        let mut nums = vec![n];
        let mut at = len;
        while let Some(c) = t[at..].chars().next() {
            if !matches!(c, '-' | '－' | '‐' | '−' | '―') {
                break;
            }
            let Some((m, l)) = digits(&t[at + c.len_utf8()..]) else {
                break;
            };
            nums.push(m);
            at += c.len_utf8() + l;
        }
        // An outline counts from 1, and a number going on to an arrow is a
        // value changing (a wrapped 現状値 0 → 目標値 …), never a heading.
        let arrow = t[at..]
            .trim_start_matches(is_sep)
            .starts_with(['→', '⇒', '➡']);
        if n == 0 || arrow {
            return None;
        }
        let next = t[at..].chars().next();
        if nums.len() > 1 && next.is_none_or(is_sep) {
            return Some(make(Style::Compound, nums, &t[at..]));
        }
        return next
            .is_some_and(is_sep)
            .then(|| make(Style::Arabic, nums, &t[at..]));
    }
    if let Some(k) = kana(first) {
        let next = t[first.len_utf8()..].chars().next();
        return next
            .is_some_and(is_sep)
            .then(|| make(Style::Kana, vec![k], &t[first.len_utf8()..]));
    }
    if matches!(first, '○' | '●' | '◎' | '・' | '◆' | '◇' | '□' | '■' | '〇') {
        let rest = &t[first.len_utf8()..];
        return (!rest.trim().is_empty()).then(|| Numbering {
            style: Style::Bullet(first),
            no: None,
            nums: vec![],
            rest: rest.trim().to_string(),
        });
    }
    None
}

/// Whether a numbering at the start of a labelled title is the row's own
/// mark: ・ or （１） of a nested row always; its number (①, 2-3-1, ３) only
/// when the row has no number of its own (`numbered`).
pub fn marks_title(style: &Style, numbered: bool) -> bool {
    match style {
        Style::Bullet('・') | Style::Paren => true,
        Style::Circled | Style::Compound | Style::Arabic => !numbered,
        _ => false,
    }
}

/// A heading line naming two levels ("分野 2 行政の情報化　項目 3 市町村行政の情報化")
/// split into one numbering per level.
pub fn split_levels(n: Numbering) -> Vec<Numbering> {
    if !matches!(n.style, Style::Prefix(_)) {
        return vec![n];
    }
    let cut = n.rest.char_indices().find_map(|(i, c)| {
        if !c.is_whitespace() {
            return None;
        }
        let after = n.rest[i..].trim_start();
        numbering(after)
            .filter(|m| matches!(m.style, Style::Prefix(_)) && m.style != n.style)
            .map(|m| (i, m))
    });
    match cut {
        Some((i, m)) => {
            let mut first = n.clone();
            first.rest = n.rest[..i].trim().to_string();
            let mut out = vec![first];
            out.extend(split_levels(m));
            out
        }
        None => vec![n],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(s: &str) -> (Style, Option<u32>, String) {
        let n = numbering(s).expect(s);
        (n.style, n.no, n.rest)
    }

    #[test]
    fn every_numbering_form() {
        assert_eq!(st("第３章 分野別の取組").0, Style::Chapter);
        assert_eq!(
            st("第２ 行政の情報化"),
            (Style::Prefix("第".into()), Some(2), "行政の情報化".into())
        );
        assert_eq!(
            st("基本目標２ 行政の情報化"),
            (
                Style::Prefix("基本目標".into()),
                Some(2),
                "行政の情報化".into()
            )
        );
        assert_eq!(st("施策① 総合行政").1, Some(1));
        assert_eq!(
            st("（３）市町村行政の情報化"),
            (Style::Paren, Some(3), "市町村行政の情報化".into())
        );
        assert_eq!(
            st("① 総合行政"),
            (Style::Circled, Some(1), "総合行政".into())
        );
        assert_eq!(
            st("２ 行政の情報化"),
            (Style::Arabic, Some(2), "行政の情報化".into())
        );
        assert_eq!(st("イ 二番目"), (Style::Kana, Some(2), "二番目".into()));
        assert_eq!(st("（ア）最初"), (Style::ParenKana, Some(1), "最初".into()));
        assert_eq!(st("○ 無番号"), (Style::Bullet('○'), None, "無番号".into()));
        let n = numbering("2-3-1 カード").unwrap();
        assert_eq!((n.style, n.nums), (Style::Compound, vec![2, 3, 1]));
        assert_eq!(st("分野２ 行政").1, Some(2));
    }

    #[test]
    fn a_line_of_two_levels_splits() {
        let n = numbering("分野 2 行政の情報化　　項目 3 市町村行政の情報化").unwrap();
        let v = split_levels(n);
        assert_eq!(v.len(), 2);
        assert_eq!((v[0].no, v[0].rest.as_str()), (Some(2), "行政の情報化"));
        assert_eq!(
            (v[1].no, v[1].rest.as_str()),
            (Some(3), "市町村行政の情報化")
        );
    }

    #[test]
    fn plain_text_is_not_numbered() {
        assert!(numbering("2014年度から").is_none());
        // A value wrapped before its change, and a zero, number no heading.
        assert!(numbering("0 → 目標値 28年度末 2,500件").is_none());
        assert!(numbering("12 ⇒ 20件").is_none());
        assert!(numbering("0 はじめに").is_none());
        assert!(numbering("アイデア").is_none());
        assert!(numbering("県，市町村").is_none());
    }
}
