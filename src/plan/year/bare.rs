//! Years printed without their era: 26年度, 元年度, 26～28年度.
//!
//! Once a plan has named its period (in the title, a 計画期間 line or any
//! year printed in full), its tables and schedules often drop the era and
//! print the era year alone. Such a number is a fiscal year only when 年度
//! (or 年 and a month) follows it, and it is read in the era that puts it
//! nearest the years the document names ([`anchor`]): 30年度 in a plan for
//! 2019–2021 is 平成30年度 (2018), 2年度 in the same plan 令和2年度 (2020).
//! A number that no era brings within [`REACH`] years of them, or a document
//! that names no year, leaves the number unread, as before.
//!
//! The document's years are set for the thread that parses it, for as long
//! as the guard [`anchor`] returns lives: parsing one document runs on one
//! thread, and every reader of years ([`super::FiscalYear::find_all`] and the
//! functions built on it) sees them without being handed them.

use std::cell::Cell;
use std::sync::OnceLock;

use regex::Regex;

use super::{FiscalYear, ERAS};

/// How many years outside the document's named years an era-less year may
/// fall (a plan looks back at its baseline and ahead to its targets).
pub const REACH: i32 = 10;

thread_local! {
    /// The first and last Western year the document being parsed names.
    static NAMED: Cell<Option<(i32, i32)>> = const { Cell::new(None) };
}

/// While alive, era-less years on this thread are read against the years
/// `named` (the first and last year a document names outright); dropped, the
/// years set before it are back.
#[must_use = "era-less years are read only while the guard lives"]
pub struct Anchored {
    /// The years set before this guard.
    previous: Option<(i32, i32)>,
}

/// Reads era-less years against `named` until the returned guard is dropped
/// (`None`: left unread).
pub fn anchor(named: Option<[FiscalYear; 2]>) -> Anchored {
    let range = named.map(|[a, b]| {
        let (a, b) = (a.western(), b.western());
        (a.min(b), a.max(b))
    });
    Anchored {
        previous: NAMED.with(|n| n.replace(range)),
    }
}

impl Drop for Anchored {
    fn drop(&mut self) {
        NAMED.with(|n| n.set(self.previous));
    }
}

/// The first and last of the years `texts` name outright (with their era or
/// in the Western calendar), the anchor of a document whose title and plan
/// period name none.
pub fn named_years<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<[FiscalYear; 2]> {
    let mut range: Option<[FiscalYear; 2]> = None;
    for text in texts {
        for m in FiscalYear::find_all(text) {
            range = Some(match range {
                Some([lo, hi]) => [lo.min(m.year), hi.max(m.year)],
                None => [m.year, m.year],
            });
        }
    }
    range
}

/// The fiscal year of a PDF date ("D:20140401093000+09'00'": fiscal 2014;
/// January to March belong to the fiscal year before), the anchor of a
/// document that names no year at all.
pub fn of_pdf_date(date: &str) -> Option<FiscalYear> {
    let digits = date.trim().strip_prefix("D:").unwrap_or(date.trim());
    let year: i32 = digits.get(..4)?.parse().ok()?;
    let month: u32 = digits.get(4..6).and_then(|m| m.parse().ok()).unwrap_or(4);
    let year = if (1..=3).contains(&month) {
        year - 1
    } else {
        year
    };
    super::WESTERN_RANGE
        .contains(&year)
        .then_some(FiscalYear::from_western(year))
}

/// The fiscal year the era year `n`, printed alone, stands for: in the era
/// that puts it nearest the anchored years (within [`REACH`]), if years are
/// anchored.
pub(super) fn year_near_named(n: i32) -> Option<FiscalYear> {
    let (lo, hi) = NAMED.with(Cell::get)?;
    let distance = |y: FiscalYear| (lo - y.western()).max(y.western() - hi).max(0);
    ERAS.iter()
        .filter_map(|e| e.year(n))
        .map(|y| (distance(y), y))
        .filter(|(d, _)| *d <= REACH)
        .min_by_key(|(d, _)| *d)
        .map(|(_, y)| y)
}

/// Whether a number followed by `rest` (normalised text) is printed as a
/// year: 年度 after it, 年 and a month, or a range to a number with 年度
/// ("26～28年度").
pub(super) fn reads_as_year(rest: &str) -> bool {
    static AFTER: OnceLock<Regex> = OnceLock::new();
    AFTER
        .get_or_init(|| {
            Regex::new(r"^\s*(?:年度|年\s*\d{1,2}\s*月|[~\-–―]\s*(?:元|\d{1,2})\s*年度)")
                .expect("valid era-less year regex")
        })
        .is_match(rest)
}

#[cfg(test)]
mod tests {
    use super::super::parse_span;
    use super::*;

    fn y(n: i32) -> FiscalYear {
        FiscalYear::from_western(n)
    }

    #[test]
    fn era_less_years_are_read_near_the_named_years() {
        assert_eq!(FiscalYear::parse("26年度"), None, "no years named");
        let _named = anchor(Some([y(2014), y(2016)]));
        assert_eq!(FiscalYear::parse("26年度"), Some(y(2014)));
        assert_eq!(parse_span("26年度～28年度"), Some((Some(y(2014)), y(2016))));
        assert_eq!(parse_span("26～28年度"), Some((Some(y(2014)), y(2016))));
        assert_eq!(parse_span("～25年度"), Some((None, y(2013))));
        assert_eq!(parse_span("25年度まで"), Some((None, y(2013))));
        // 年 and a month: the fiscal year of the date.
        assert_eq!(parse_span("27年3月"), Some((Some(y(2014)), y(2014))));
        for text in ["26", "26件", "第3年度", "第26年度", "3年間", "12345年度"] {
            assert_eq!(FiscalYear::parse(text), None, "{text}");
        }
    }

    #[test]
    fn each_number_takes_the_era_nearest_the_plan() {
        let _named = anchor(Some([y(2019), y(2021)]));
        assert_eq!(FiscalYear::parse("30年度"), Some(y(2018)));
        assert_eq!(FiscalYear::parse("元年度"), Some(y(2019)));
        assert_eq!(FiscalYear::parse("3年度"), Some(y(2021)));
        assert_eq!(parse_span("30年度～2年度"), Some((Some(y(2018)), y(2020))));
        // No era brings 50 within reach of 2019–2021.
        assert_eq!(FiscalYear::parse("50年度"), None);
    }

    #[test]
    fn the_guard_restores_the_years_before_it() {
        {
            let _outer = anchor(Some([y(2014), y(2016)]));
            {
                let _inner = anchor(None);
                assert_eq!(FiscalYear::parse("26年度"), None);
            }
            assert_eq!(FiscalYear::parse("26年度"), Some(y(2014)));
        }
        assert_eq!(FiscalYear::parse("26年度"), None);
    }

    #[test]
    fn pdf_dates_name_their_fiscal_year() {
        assert_eq!(of_pdf_date("D:20140401093000+09'00'"), Some(y(2014)));
        assert_eq!(of_pdf_date("D:20150331"), Some(y(2014)));
        assert_eq!(of_pdf_date("D:2016"), Some(y(2016)));
        assert_eq!(of_pdf_date("yesterday"), None);
    }

    #[test]
    fn named_years_span_every_year_printed_in_full() {
        let texts = ["計画期間", "平成26年度から", "2016年度まで", "26年度"];
        assert_eq!(named_years(texts), Some([y(2014), y(2016)]));
        assert_eq!(named_years(["本文のみ"]), None);
    }
}
