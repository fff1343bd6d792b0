//! Edition detection: the plan's title, the edition id derived from it, and
//! the fiscal years it covers.
//!
//! The title is what the document states: a plan title printed in the
//! running footer/header of most pages, else the document information
//! /Title, else the caller's `--edition`. The id is the lower-cased Latin
//! acronym of the NFKC title followed by its first four-digit year:
//! "みやぎＩＴ推進プラン２０１３（…）" → "it2013".
//!
//! The issuer (the prefecture or municipality whose plan it is) comes from the
//! document information /Author when that names a public body
//! ([`issuer_from_author`]), else from the caller (`--issuer`).

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

/// The 47 prefectures, longest names first where one is a prefix of another.
const PREFECTURES: [&str; 47] = [
    "北海道",
    "青森県",
    "岩手県",
    "宮城県",
    "秋田県",
    "山形県",
    "福島県",
    "茨城県",
    "栃木県",
    "群馬県",
    "埼玉県",
    "千葉県",
    "東京都",
    "神奈川県",
    "新潟県",
    "富山県",
    "石川県",
    "福井県",
    "山梨県",
    "長野県",
    "岐阜県",
    "静岡県",
    "愛知県",
    "三重県",
    "滋賀県",
    "京都府",
    "大阪府",
    "兵庫県",
    "奈良県",
    "和歌山県",
    "鳥取県",
    "島根県",
    "岡山県",
    "広島県",
    "山口県",
    "徳島県",
    "香川県",
    "愛媛県",
    "高知県",
    "福岡県",
    "佐賀県",
    "長崎県",
    "熊本県",
    "大分県",
    "宮崎県",
    "鹿児島県",
    "沖縄県",
];
/// Endings of a municipality's name.
const MUNICIPAL_SUFFIXES: [char; 4] = ['市', '区', '町', '村'];
/// Longest body name taken from /Author, in characters.
const MAX_ISSUER_CHARS: usize = 16;

/// The issuing body named by a document's /Author, when it names one: a
/// prefecture, optionally followed by a municipality ("宮城県", "宮城県仙台市"),
/// or a whole first word ending in 市/区/町/村 ("仙台市"). A department after
/// the body is dropped ("宮城県 震災復興・企画部" → "宮城県"); anything else
/// (a user name, "Microsoft Office User") is not an issuer.
///
/// ```
/// use shisaku::plan::edition::issuer_from_author;
/// assert_eq!(issuer_from_author("宮城県").as_deref(), Some("宮城県"));
/// assert_eq!(issuer_from_author("宮城県震災復興・企画部情報政策課").as_deref(), Some("宮城県"));
/// assert_eq!(issuer_from_author("仙台市 まちづくり政策局").as_deref(), Some("仙台市"));
/// assert_eq!(issuer_from_author("tanaka"), None);
/// ```
pub fn issuer_from_author(author: &str) -> Option<String> {
    let norm: String = author.nfkc().collect();
    let first = norm.split_whitespace().next()?;
    if let Some(pref) = PREFECTURES.iter().find(|p| first.starts_with(**p)) {
        // A municipality right after the prefecture, when the word ends in one.
        let rest = first.get(pref.len()..).unwrap_or_default();
        let municipal = !rest.is_empty()
            && rest.chars().count() <= MAX_ISSUER_CHARS
            && rest.ends_with(MUNICIPAL_SUFFIXES)
            && !rest.contains(['部', '課', '局', '室', '・']);
        return Some(if municipal {
            first.to_string()
        } else {
            pref.to_string()
        });
    }
    let is_body = first.chars().count() <= MAX_ISSUER_CHARS
        && first.ends_with(MUNICIPAL_SUFFIXES)
        && first.chars().all(|c| !c.is_ascii());
    is_body.then(|| first.to_string())
}

/// Offset from Heisei to Western years.
const HEISEI_OFFSET: i32 = 1988;
/// Longest plan period, in years, taken from schedules; a longer spread of
/// schedule years keeps its last [`TYPICAL_PLAN_YEARS`].
const MAX_PLAN_YEARS: i32 = 5;
/// Years of a typical plan period.
const TYPICAL_PLAN_YEARS: i32 = 3;

/// The fiscal years a title states as a range: "（2014～2016）",
/// "2014-2016年度", "平成26～28年度" (Western years out).
///
/// ```
/// use shisaku::plan::edition::title_years;
/// assert_eq!(title_years("みやぎICT推進プラン（2014～2016）"), Some([2014, 2016]));
/// assert_eq!(title_years("情報化計画（平成２６年度～平成２８年度）"), Some([2014, 2016]));
/// assert_eq!(title_years("みやぎＩＴ推進プラン２０１３"), None);
/// ```
pub fn title_years(title: &str) -> Option<[i32; 2]> {
    static WESTERN: OnceLock<Regex> = OnceLock::new();
    static HEISEI: OnceLock<Regex> = OnceLock::new();
    let norm: String = title.nfkc().collect::<String>().replace('〜', "~");
    let western = WESTERN.get_or_init(|| {
        Regex::new(r"((?:19|20)\d{2})\s*(?:年度?)?\s*[~\-–―]\s*((?:19|20)\d{2})")
            .expect("valid regex")
    });
    if let Some(c) = western.captures(&norm) {
        let a: i32 = c.get(1)?.as_str().parse().ok()?;
        let b: i32 = c.get(2)?.as_str().parse().ok()?;
        return (a <= b).then_some([a, b]);
    }
    let heisei = HEISEI.get_or_init(|| {
        Regex::new(r"平成\s*(\d{1,2})\s*(?:年度?)?\s*[~\-–―]\s*(?:平成)?\s*(\d{1,2})\s*年")
            .expect("valid regex")
    });
    let c = heisei.captures(&norm)?;
    let a: i32 = c.get(1)?.as_str().parse().ok()?;
    let b: i32 = c.get(2)?.as_str().parse().ok()?;
    (a <= b).then_some([a + HEISEI_OFFSET, b + HEISEI_OFFSET])
}

/// The fiscal years of a plan from the Heisei years of its bounded schedule
/// spans and year columns: first to last, or the last three when they
/// spread over more than five years.
pub fn schedule_years(years: &[i32]) -> Option<[i32; 2]> {
    let lo = years.iter().copied().filter(|y| *y > 0).min()?;
    let hi = years.iter().copied().max()?;
    let lo = if hi - lo + 1 > MAX_PLAN_YEARS {
        hi - TYPICAL_PLAN_YEARS + 1
    } else {
        lo
    };
    Some([lo + HEISEI_OFFSET, hi + HEISEI_OFFSET])
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
    fn fiscal_years_from_schedules() {
        assert_eq!(schedule_years(&[23, 25, 24]), Some([2011, 2013]));
        assert_eq!(schedule_years(&[18, 26, 28]), Some([2014, 2016]));
        assert_eq!(schedule_years(&[]), None);
        assert_eq!(title_years("計画（2016～2014）"), None);
    }

    #[test]
    fn issuers_from_authors() {
        for (author, issuer) in [
            ("宮城県", Some("宮城県")),
            ("　宮城県　", Some("宮城県")),
            ("宮城県仙台市", Some("宮城県仙台市")),
            ("京都府", Some("京都府")),
            ("宮城県 情報政策課", Some("宮城県")),
            ("宮城県企画部", Some("宮城県")),
            ("四日市市", Some("四日市市")),
            ("千代田区", Some("千代田区")),
            ("Microsoft Office User", None),
            ("情報政策課", None),
            ("", None),
        ] {
            assert_eq!(issuer_from_author(author).as_deref(), issuer, "{author:?}");
        }
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
