//! Edition detection: the plan's title, the edition id derived from it, and
//! the fiscal years it covers.
//!
//! The title is what the document states: a plan title printed in the
//! running footer/header of most pages, else the document information
//! /Title, else the caller's `--edition`. The id is the lower-cased Latin
//! acronym of the NFKC title followed by its first four-digit year:
//! "みやぎＩＴ推進プラン２０１３（…）" → "it2013".

use regex::Regex;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

/// Derive an edition id from a title, or `None` when it has no acronym or year.
pub fn edition_id(title: &str) -> Option<String> {
    static ACRONYM: OnceLock<Regex> = OnceLock::new();
    static YEAR: OnceLock<Regex> = OnceLock::new();
    let norm: String = title.nfkc().collect();
    let acronym = ACRONYM.get_or_init(|| Regex::new(r"[A-Za-z]{2,}").expect("valid regex"));
    let year =
        YEAR.get_or_init(|| Regex::new(r"(?:^|\D)((?:19|20)\d{2})(?:\D|$)").expect("valid regex"));
    let a = acronym.find(&norm)?.as_str().to_ascii_lowercase();
    let y = year.captures(&norm)?.get(1)?.as_str().to_string();
    Some(format!("{a}{y}"))
}

/// Whether a printed line looks like a plan title ("…プラン…2013…", "…計画…").
pub fn looks_like_title(text: &str) -> bool {
    let norm: String = text.nfkc().collect();
    (norm.contains("プラン")
        || norm.contains("計画")
        || norm.contains("戦略")
        || norm.contains("ビジョン"))
        && edition_id(text).is_some()
        && norm.chars().count() <= 60
}

/// Pick the title printed on most pages among `candidates` (one list per page).
pub fn printed_title(candidates: &[Vec<String>]) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for page in candidates {
        for c in page.iter().filter(|c| looks_like_title(c)) {
            match counts.iter_mut().find(|(t, _)| t == c) {
                Some(e) => e.1 += 1,
                None => counts.push((c.clone(), 1)),
            }
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(t, _)| t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_titles() {
        assert_eq!(
            edition_id("みやぎICT推進プラン（2014～2016）").as_deref(),
            Some("ict2014")
        );
        assert_eq!(
            edition_id("みやぎＩＴ推進プラン２０１３（復興に向けた取組編）").as_deref(),
            Some("it2013")
        );
        assert_eq!(edition_id("みやぎ推進プラン"), None);
    }

    #[test]
    fn the_most_printed_title_wins() {
        let pages = vec![
            vec!["みやぎＩＴ推進プラン２０１３（復興に向けた取組編）".to_string()],
            vec![
                "みやぎＩＴ推進プラン２０１３（復興に向けた取組編）".to_string(),
                "３４".to_string(),
            ],
        ];
        assert_eq!(
            printed_title(&pages).as_deref(),
            Some("みやぎＩＴ推進プラン２０１３（復興に向けた取組編）")
        );
    }
}
