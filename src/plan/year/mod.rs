//! Japanese fiscal years (年度): one type for every year a plan prints.
//!
//! A [`FiscalYear`] holds the Western year in which the fiscal year starts
//! (April–March): 平成26年度 = Ｈ２６ = H26 = 2014年度 = 2014. Plans write years
//! in the Western calendar or in an era (昭和, 平成, 令和), spelled out or as
//! a one-letter abbreviation, in any character width; the era changed in the
//! middle of fiscal 2019, so 平成31年度 and 令和元年度 are the same year.
//!
//! The era table ([`ERAS`]) is the only place in the code base that knows
//! how era years map to Western years. Parsing ([`FiscalYear::parse`],
//! [`FiscalYear::find_all`], [`parse_span`]) and display
//! ([`FiscalYear::era_label`], [`FiscalYear::short_label`]) read it.
//!
//! ```
//! use shisaku::plan::FiscalYear;
//! let h26 = FiscalYear::parse("Ｈ２６").unwrap();
//! assert_eq!(h26.western(), 2014);
//! assert_eq!(FiscalYear::parse("令和元年度").unwrap().western(), 2019);
//! assert_eq!(FiscalYear::parse("平成31年度").unwrap().western(), 2019);
//! assert_eq!(FiscalYear::parse("R3").unwrap().western(), 2021);
//! assert_eq!(FiscalYear::parse("2014年度").unwrap(), h26);
//! assert_eq!(h26.era_label(), "平成26年度");
//! assert_eq!(h26.short_label(), "H26");
//! ```

mod bare;

use std::fmt;
use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

pub use bare::{anchor, named_years, of_pdf_date, Anchored, REACH};

/// A Japanese era: its names and the Western year before its first year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Era {
    /// The era's name, e.g. "平成".
    pub name: &'static str,
    /// The one-letter abbreviation, e.g. 'H'.
    pub letter: char,
    /// Western year of the era's year 0 (era year n = `offset + n`).
    pub offset: i32,
    /// The last era year that fiscal years are written in (the era after
    /// it starts in the middle of that fiscal year); `None` for the current era.
    pub last: Option<i32>,
}

impl Era {
    /// Fiscal year `n` of this era, or `None` for a year outside it.
    pub fn year(&self, n: i32) -> Option<FiscalYear> {
        let in_era = n >= 1 && self.last.is_none_or(|last| n <= last);
        in_era.then_some(FiscalYear(self.offset + n))
    }
}

/// The eras plans are written in, oldest first.
pub const ERAS: [Era; 3] = [
    Era {
        name: "昭和",
        letter: 'S',
        offset: 1925,
        last: Some(64),
    },
    Era {
        name: "平成",
        letter: 'H',
        offset: 1988,
        last: Some(31),
    },
    Era {
        name: "令和",
        letter: 'R',
        offset: 2018,
        last: None,
    },
];

/// Earliest and latest Western years accepted as fiscal years.
const WESTERN_RANGE: std::ops::RangeInclusive<i32> = 1900..=2199;

/// A Japanese fiscal year, stored as its Western starting year. Serialises as
/// that plain integer (schema v2: `2014`, not `26`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FiscalYear(i32);

/// Where a year was found in a string, with the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearMatch {
    /// The year.
    pub year: FiscalYear,
    /// Byte range of the match in the NFKC-normalised string.
    pub start: usize,
    /// End of that range.
    pub end: usize,
}

impl FiscalYear {
    /// The fiscal year starting in Western year `year`.
    pub const fn from_western(year: i32) -> FiscalYear {
        FiscalYear(year)
    }

    /// The fiscal year `n` of `era` ("平成", "令和", "昭和" or their letters),
    /// or `None` for an unknown era or a year outside it.
    pub fn from_era(era: &str, n: i32) -> Option<FiscalYear> {
        era_named(era)?.year(n)
    }

    /// The Western year (2014 for 平成26年度).
    pub const fn western(self) -> i32 {
        self.0
    }

    /// The era this year is printed in today's usage (平成 up to 2018, 令和 from
    /// 2019: a fiscal year that straddles an era change takes the new era).
    pub fn era(self) -> Option<&'static Era> {
        ERAS.iter().rev().find(|e| self.0 > e.offset)
    }

    /// "平成26年度", "令和元年度"; the Western form for years before 昭和.
    pub fn era_label(self) -> String {
        match self.era() {
            Some(e) if self.0 - e.offset == 1 => format!("{}元年度", e.name),
            Some(e) => format!("{}{}年度", e.name, self.0 - e.offset),
            None => format!("{}年度", self.0),
        }
    }

    /// "H26", "R1": the abbreviation tables print.
    pub fn short_label(self) -> String {
        match self.era() {
            Some(e) => format!("{}{}", e.letter, self.0 - e.offset),
            None => self.0.to_string(),
        }
    }

    /// The first fiscal year written in `s`, in any form: Ｈ２６, H26年度,
    /// 平成26年度, R3, R元, 令和元年度, 2014年度, 2014.
    pub fn parse(s: &str) -> Option<FiscalYear> {
        FiscalYear::find_all(s).first().map(|m| m.year)
    }

    /// Like [`FiscalYear::parse`], but a bare era year ("26年度", "28年度末")
    /// is read in `era` when nothing else names a year.
    pub fn parse_in_era(s: &str, era: &Era) -> Option<FiscalYear> {
        FiscalYear::parse(s).or_else(|| {
            let n = bare_era_number(&normalize(s))?;
            era.year(n)
        })
    }

    /// Every fiscal year written in `s`, in order. An era year whose era is
    /// left out after an explicit one ("H26～28") takes that era.
    pub fn find_all(s: &str) -> Vec<YearMatch> {
        if !may_hold_year(s) {
            return Vec::new();
        }
        FiscalYear::find_in_normalized(&normalize(s))
    }

    /// [`Self::find_all`] in text already normalised (offsets are into it).
    fn find_in_normalized(norm: &str) -> Vec<YearMatch> {
        let mut out: Vec<YearMatch> = Vec::new();
        let mut last_era: Option<&'static Era> = None;
        for c in year_regex().captures_iter(norm) {
            let (Some(whole), Some(n)) = (c.get(0), c.name("n")) else {
                continue;
            };
            let letter = c.name("letter").filter(|l| {
                let before = norm.get(..l.start()).and_then(|b| b.chars().last());
                !before.is_some_and(|b| b.is_ascii_alphabetic())
            });
            let named = c.name("era").or(letter);
            let digits = n.as_str().len();
            let era_sized = digits <= 2 || n.as_str() == "元";
            let year = match named.and_then(|e| era_named(e.as_str())) {
                Some(era) if era_sized => {
                    last_era = Some(era);
                    era_number(n.as_str()).and_then(|k| era.year(k))
                }
                _ if digits == 4 => n.as_str().parse().ok().map(FiscalYear),
                _ if era_sized && c.name("cont").is_some() && last_era.is_some() => {
                    last_era.and_then(|e| e.year(era_number(n.as_str())?))
                }
                _ if era_sized && is_era_less_year(norm, n.start(), whole.end()) => {
                    // Each era-less number takes its own era (a plan may
                    // run from 30年度 to 2年度), and a range mark after it
                    // does not carry one on.
                    era_number(n.as_str()).and_then(bare::year_near_named)
                }
                _ => None,
            };
            if let Some(year) = year.filter(|y| WESTERN_RANGE.contains(&y.0)) {
                out.push(YearMatch {
                    year,
                    start: named.map_or(n.start(), |e| e.start()),
                    end: whole.end(),
                });
            }
        }
        out
    }
}

impl fmt::Display for FiscalYear {
    /// "2014年度".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}年度", self.0)
    }
}

/// A span of fiscal years as printed: "H26～H28", "平成26年度から28年度まで",
/// "～H25" (open start), "H25まで", "2014年度" (one year). Returns
/// `(from, to)` with `from = None` for an open start.
///
/// ```
/// use shisaku::plan::year::{parse_span, FiscalYear};
/// let y = FiscalYear::from_western;
/// assert_eq!(parse_span("～Ｈ２５"), Some((None, y(2013))));
/// assert_eq!(parse_span("H26～28"), Some((Some(y(2014)), y(2016))));
/// assert_eq!(parse_span("令和元年度"), Some((Some(y(2019)), y(2019))));
/// ```
pub fn parse_span(s: &str) -> Option<(Option<FiscalYear>, FiscalYear)> {
    let norm = normalize(s);
    let years = FiscalYear::find_in_normalized(&norm);
    let first = years.first()?;
    let last = years.last()?;
    let before = norm.get(..first.start).unwrap_or_default();
    let after = norm.get(first.end..).unwrap_or_default();
    let tail = after
        .trim_start()
        .trim_start_matches("年度")
        .trim_start_matches('年')
        .trim_start();
    let open_start = before.trim_end().ends_with(['~', '-', '〜'])
        || (years.len() == 1 && (tail.starts_with("まで") || tail.starts_with("以前")));
    let (from, to) = (fiscal(&norm, first), fiscal(&norm, last));
    if open_start {
        return Some((None, from));
    }
    Some((Some(from), to.max(from)))
}

/// The fiscal year of a year match followed by a month: January to March
/// belong to the fiscal year that began the April before ("H29.3" and
/// "2017年3月" end fiscal 2016). A fiscal-year label (年度) is taken as it is.
fn fiscal(norm: &str, m: &YearMatch) -> FiscalYear {
    let matched = norm.get(m.start..m.end).unwrap_or_default();
    let after = norm.get(m.end..).unwrap_or_default();
    if matched.contains("年度") || after.starts_with("年度") {
        return m.year;
    }
    let rest = after.strip_prefix('年').unwrap_or(after);
    let (sep, rest) = match rest.strip_prefix(['.', '/']) {
        Some(r) => (true, r),
        None => (matched.ends_with('年') || after.starts_with('年'), rest),
    };
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let month_word = rest[digits.len()..].starts_with('月');
    let month: u32 = digits.parse().unwrap_or(0);
    let is_month = (1..=12).contains(&month) && digits.len() <= 2 && (month_word || sep);
    if is_month && month <= 3 {
        FiscalYear(m.year.0 - 1)
    } else {
        m.year
    }
}

/// Whether `s` starts with a fiscal year or an open span ("H26～",
/// "～平成25年度", "2014年度…"), not merely holds one ("施／H26～").
///
/// ```
/// use shisaku::plan::year::starts_with_year;
/// assert!(starts_with_year("～Ｈ２５年度 運用"));
/// assert!(starts_with_year("平成26年度～平成28年度 継続"));
/// assert!(!starts_with_year("施／平成26年度～平成28年度 継続"));
/// ```
pub fn starts_with_year(s: &str) -> bool {
    let norm = normalize(s.trim_start());
    let rest = norm.trim_start_matches(['~', '-']).trim_start();
    let skipped = norm.len() - rest.len();
    FiscalYear::find_in_normalized(&norm)
        .first()
        .is_some_and(|m| m.start == skipped)
}

/// Whether `s` ends with a fiscal year ("…／平成26年度", "H26～H28").
///
/// ```
/// use shisaku::plan::year::ends_with_year;
/// assert!(ends_with_year("運用／平成26年度"));
/// assert!(ends_with_year("H26～H28 "));
/// assert!(!ends_with_year("平成26年度 継続"));
/// ```
pub fn ends_with_year(s: &str) -> bool {
    let norm = normalize(s.trim_end());
    FiscalYear::find_in_normalized(&norm)
        .last()
        .is_some_and(|m| {
            let rest = norm.get(m.end..).unwrap_or_default();
            matches!(rest, "" | "年度" | "年" | "度")
        })
}

/// Whether `s` says nothing but a fiscal year or a span of them, as a column
/// header does: "Ｈ２６", "平成27年度", "～H25", "2014年度", "R3～R5", "2014（H26）".
/// A bare Western number ("2014") is not taken as a header on its own.
///
/// ```
/// use shisaku::plan::year::is_year_label;
/// assert!(is_year_label("～Ｈ２５"));
/// assert!(is_year_label("2014年度"));
/// assert!(!is_year_label("2014"));
/// assert!(!is_year_label("H26年度から実施"));
/// ```
pub fn is_year_label(s: &str) -> bool {
    if !may_hold_year(s) {
        return false;
    }
    let norm = normalize(s);
    // A character no year and no mark around one is made of stays in the
    // rest below: such a line (most body lines with a number) is no label.
    if !norm.chars().all(may_be_in_year_label) {
        return false;
    }
    let years = FiscalYear::find_in_normalized(&norm);
    if years.is_empty() {
        return false;
    }
    let mut rest = String::new();
    let mut at = 0;
    for m in &years {
        rest.push_str(norm.get(at..m.start).unwrap_or_default());
        at = m.end;
    }
    rest.push_str(norm.get(at..).unwrap_or_default());
    let rest: String = rest
        .replace("年度", "")
        .replace("まで", "")
        .replace('年', "")
        .chars()
        .filter(|c| !c.is_whitespace() && !"~-–―()（）".contains(*c))
        .collect();
    let marked = years.len() > 1
        || norm.contains('年')
        || norm.chars().any(|c| c.is_ascii_alphabetic() || c == '~')
        || ERAS.iter().any(|e| norm.contains(e.name));
    rest.is_empty() && marked
}

/// Whether normalised character `c` can be part of a year label: of a year
/// as [`year_regex`] reads one (era name or letter, continuation mark,
/// spaces, dot, digits or 元) or of what [`is_year_label`] allows around
/// years (年度, まで, 年, dashes and brackets).
fn may_be_in_year_label(c: char) -> bool {
    c.is_numeric()
        || c.is_whitespace()
        || "元から~-–―.年度まで()（）".contains(c)
        || ERAS
            .iter()
            .any(|e| e.name.contains(c) || e.letter.eq_ignore_ascii_case(&c))
}

/// The era named by `s` ("平成" or 'H', any width or case).
pub fn era_named(s: &str) -> Option<&'static Era> {
    let s = normalize(s);
    let mut chars = s.chars();
    let letter = match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c.to_ascii_uppercase()),
        _ => None,
    };
    ERAS.iter()
        .find(|e| s == e.name || letter == Some(e.letter))
}

/// Whether `s` has anything a year number can be written with: a digit of
/// any width or script (circled and other numeric forms included, since
/// NFKC turns them into digits) or 元. Text without one is no year, and is
/// not normalised to find out.
fn may_hold_year(s: &str) -> bool {
    s.chars()
        .any(|c| crate::unicode::is_numeric(c) || c == '元')
}

/// NFKC with the wave dashes and 〜 folded to '~'.
fn normalize(s: &str) -> String {
    crate::unicode::nfkc(s)
        .chars()
        .map(|c| match c {
            '〜' | '～' | '∼' => '~',
            c => c,
        })
        .collect()
}

/// Whether the era-sized number from `start` to `end` in `norm` is printed
/// as an era-less year ([`bare::reads_as_year`]), and not as an ordinal
/// (第3年度: the plan's third year).
fn is_era_less_year(norm: &str, start: usize, end: usize) -> bool {
    let before = norm.get(..start).and_then(|b| b.trim_end().chars().last());
    before != Some('第') && bare::reads_as_year(norm.get(end..).unwrap_or_default())
}

/// "元" → 1, digits → their value.
fn era_number(s: &str) -> Option<i32> {
    if s == "元" {
        Some(1)
    } else {
        s.parse().ok()
    }
}

/// A bare era number with 年 after it ("26年度", "28年度末", "元年度").
fn bare_era_number(norm: &str) -> Option<i32> {
    static BARE: OnceLock<Regex> = OnceLock::new();
    let re = BARE.get_or_init(|| {
        Regex::new(r"(?:^|[^0-9])(元|\d{1,2})\s*年").expect("valid bare-year regex")
    });
    era_number(re.captures(norm)?.get(1)?.as_str())
}

/// The pattern of one year: an era (name or letter) with its number, or a
/// range mark before a bare number (continuing the era of the year before
/// it), or a bare number. Digit runs are taken whole, so a year is never read
/// out of a longer number; which runs are years is decided by
/// [`FiscalYear::find_all`].
fn year_regex() -> &'static Regex {
    static YEAR: OnceLock<Regex> = OnceLock::new();
    YEAR.get_or_init(|| {
        let names: Vec<&str> = ERAS.iter().map(|e| e.name).collect();
        let letters: String = ERAS
            .iter()
            .flat_map(|e| [e.letter, e.letter.to_ascii_lowercase()])
            .collect();
        let pattern = format!(
            r"(?:(?P<era>{names})|(?P<letter>[{letters}])|(?P<cont>[~\-–―]|から))?\s*\.?\s*(?P<n>元|\d+)",
            names = names.join("|"),
        );
        Regex::new(&pattern).expect("valid fiscal-year regex")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn y(n: i32) -> FiscalYear {
        FiscalYear::from_western(n)
    }

    #[test]
    fn every_printed_form() {
        for (text, year) in [
            ("Ｈ２６", 2014),
            ("H26年度", 2014),
            ("h26", 2014),
            ("平成26年度", 2014),
            ("平成２６年度", 2014),
            ("R3", 2021),
            ("Ｒ３", 2021),
            ("令和3年度", 2021),
            ("令和元年度", 2019),
            ("R元", 2019),
            ("平成31年度", 2019),
            ("H31", 2019),
            ("2014年度", 2014),
            ("２０１４年度", 2014),
            ("2014", 2014),
            ("2014（H26）", 2014),
            ("昭和60年度", 1985),
        ] {
            assert_eq!(FiscalYear::parse(text), Some(y(year)), "{text}");
        }
    }

    #[test]
    fn not_years() {
        for text in [
            "ICT推進",
            "12345",
            "LAN",
            "R&D",
            "平成",
            "CHR26",
            "第3章",
            "26",
        ] {
            assert_eq!(FiscalYear::parse(text), None, "{text}");
        }
        assert_eq!(FiscalYear::from_era("平成", 32), None);
        assert_eq!(FiscalYear::from_era("令和", 0), None);
    }

    #[test]
    fn bare_years_take_the_given_era() {
        let heisei = era_named("平成").unwrap();
        assert_eq!(FiscalYear::parse_in_era("28年度末", heisei), Some(y(2016)));
        assert_eq!(
            FiscalYear::parse_in_era("H24年３月末", heisei),
            Some(y(2012))
        );
        assert_eq!(FiscalYear::parse_in_era("現状", heisei), None);
    }

    #[test]
    fn spans_and_open_starts() {
        assert_eq!(parse_span("～Ｈ２５"), Some((None, y(2013))));
        assert_eq!(parse_span("H25まで"), Some((None, y(2013))));
        assert_eq!(parse_span("2013年度まで"), Some((None, y(2013))));
        // Months: January to March close the fiscal year before.
        assert_eq!(parse_span("H26.4～H29.3"), Some((Some(y(2014)), y(2016))));
        assert_eq!(
            parse_span("2014年4月～2017年3月"),
            Some((Some(y(2014)), y(2016)))
        );
        assert_eq!(
            parse_span("平成27年1月から"),
            Some((Some(y(2014)), y(2014)))
        );
        assert_eq!(parse_span("H26～H28"), Some((Some(y(2014)), y(2016))));
        assert_eq!(parse_span("2016年度3月"), Some((Some(y(2016)), y(2016))));
        assert_eq!(parse_span("H28.10"), Some((Some(y(2016)), y(2016))));
        assert_eq!(parse_span("平成25年度以前"), Some((None, y(2013))));
        assert_eq!(parse_span("～令和元年度"), Some((None, y(2019))));
        assert_eq!(
            parse_span("平成26年度～平成28年度"),
            Some((Some(y(2014)), y(2016)))
        );
        assert_eq!(parse_span("H26～28"), Some((Some(y(2014)), y(2016))));
        assert_eq!(
            parse_span("平成26年度から28年度まで"),
            Some((Some(y(2014)), y(2016)))
        );
        assert_eq!(
            parse_span("2015年から2019年度まで"),
            Some((Some(y(2015)), y(2019)))
        );
        assert_eq!(parse_span("R2～R4"), Some((Some(y(2020)), y(2022))));
        assert_eq!(parse_span("継続"), None);
    }

    #[test]
    fn labels() {
        assert_eq!(y(2014).era_label(), "平成26年度");
        assert_eq!(y(2019).era_label(), "令和元年度");
        assert_eq!(y(2021).short_label(), "R3");
        assert_eq!(y(2014).to_string(), "2014年度");
        assert_eq!(serde_json::to_string(&y(2014)).unwrap(), "2014");
    }
}
