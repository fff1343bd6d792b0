//! Readers of filter values: what people type (`H27`, `あり`, `継続`) into
//! the value a facet stores (`2015`, `true`, `continued`). Each facet of the
//! registry names its reader ([`super::FacetRole::parse`]).

use crate::plan::FiscalYear;

/// Any non-blank value, as given.
pub fn any(text: &str) -> Option<String> {
    (!text.trim().is_empty()).then(|| text.to_string())
}

/// A fiscal year ([`parse_year`]) as its Western number.
pub fn year(text: &str) -> Option<String> {
    parse_year(text).map(|y| y.to_string())
}

/// A boolean ([`parse_bool`]) as `true` / `false`.
pub fn boolean(text: &str) -> Option<String> {
    parse_bool(text).map(|b| b.to_string())
}

/// A lineage status ([`parse_lineage`]).
pub fn lineage(text: &str) -> Option<String> {
    parse_lineage(text).map(str::to_string)
}

/// Reads a fiscal year: `2015`, `H27`, `h27`, `平成27年度`, `平成２７年`, `R2`,
/// `令和2年度`, `令和元年度`, `FY2015`, or a bare era number below 100 (taken
/// as Heisei, the era of most plans).
pub fn parse_year(text: &str) -> Option<i32> {
    let t: String = crate::unicode::nfkc(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let t = t.trim_end_matches("年度").trim_end_matches('年');
    let t = t
        .strip_prefix("FY")
        .or_else(|| t.strip_prefix("fy"))
        .unwrap_or(t);
    if t.is_empty() || t.chars().count() > 6 {
        return None;
    }
    if t.chars().all(|c| c.is_ascii_digit()) {
        let n: i32 = t.parse().ok()?;
        return match n {
            1..=99 => FiscalYear::from_era("平成", n).map(FiscalYear::western),
            1000..=9999 => Some(n),
            _ => None,
        };
    }
    let whole = FiscalYear::find_all(t);
    match whole.as_slice() {
        [m] if m.start == 0 && m.end == t.len() => Some(m.year.western()),
        _ => None,
    }
}

/// Reads a lineage status: `continued`, `new`, `carried`, `dropped`, or
/// 継続 (continued), 新規 (new), 終了/廃止 (dropped).
pub fn parse_lineage(text: &str) -> Option<&'static str> {
    let t: String = crate::unicode::nfkc(text).trim().to_lowercase();
    match t.as_str() {
        "continued" | "継続" => Some("continued"),
        "new" | "新規" => Some("new"),
        "carried" | "carried_over" | "引継ぎ" => Some("carried"),
        "dropped" | "終了" | "廃止" => Some("dropped"),
        _ => None,
    }
}

/// Reads a boolean: true/false, yes/no, 1/0, あり/なし, 新規.
pub fn parse_bool(text: &str) -> Option<bool> {
    let t: String = crate::unicode::nfkc(text).trim().to_lowercase();
    match t.as_str() {
        "true" | "yes" | "y" | "1" | "on" | "あり" | "有" | "新規" | "新" => Some(true),
        "false" | "no" | "n" | "0" | "off" | "なし" | "無" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_in_every_spelling() {
        for s in [
            "2015",
            "H27",
            "h27",
            "平成27年度",
            "平成２７年度",
            "Ｈ２７",
            "27",
            "FY2015",
        ] {
            assert_eq!(parse_year(s), Some(2015), "{s}");
        }
        assert_eq!(parse_year("令和元年度"), Some(2019));
        for s in ["", "abc", "H", "平成", "H0", "123456"] {
            assert_eq!(parse_year(s), None, "{s}");
        }
    }

    #[test]
    fn readers_normalise_or_refuse() {
        assert_eq!(year("H27").as_deref(), Some("2015"));
        assert_eq!(boolean("あり").as_deref(), Some("true"));
        assert_eq!(lineage("継続").as_deref(), Some("continued"));
        assert_eq!(any("  "), None);
        assert_eq!(boolean("maybe"), None);
    }
}
