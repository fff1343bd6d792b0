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

use super::year::FiscalYear;

/// Derive an edition id from a title (schema v2): the lower-cased Latin
/// acronym followed by the first year as a Western year ("ict2014"); for a
/// title without an acronym, the NFKC title without its year range, brackets
/// and spaces, followed by that first year ("宮城県情報化推進計画2021"). A title
/// that states no year takes `period_start` (the plan period the document
/// states), else stands alone. `None` for a title with no text left.
///
/// ```
/// use shisaku::plan::edition::edition_id;
/// use shisaku::plan::FiscalYear;
/// assert_eq!(edition_id("みやぎＩＴ推進プラン２０１３（復興に向けた取組編）", None).as_deref(), Some("it2013"));
/// assert_eq!(edition_id("…ICT推進プラン（令和2年度～令和4年度）", None).as_deref(), Some("ict2020"));
/// assert_eq!(
///     edition_id("宮城県情報化推進計画（令和3年度～令和7年度）", None).as_deref(),
///     Some("宮城県情報化推進計画2021")
/// );
/// let y2015 = Some(FiscalYear::from_western(2015));
/// assert_eq!(edition_id("大和町総合戦略", y2015).as_deref(), Some("大和町総合戦略2015"));
/// ```
pub fn edition_id(title: &str, period_start: Option<FiscalYear>) -> Option<String> {
    static ACRONYM: OnceLock<Regex> = OnceLock::new();
    let norm: String = crate::unicode::nfkc(title);
    let years = FiscalYear::find_all(&norm);
    let year = years.first().map(|m| m.year).or(period_start);
    let acronym = ACRONYM.get_or_init(|| Regex::new(r"[A-Za-z]{2,}").expect("valid regex"));
    if let (Some(a), Some(y)) = (acronym.find(&norm), year) {
        return Some(format!(
            "{}{}",
            a.as_str().to_ascii_lowercase(),
            y.western()
        ));
    }
    // Cut the year range: from the first year to the end of the last one,
    // with a 年度/年 and a まで right after it.
    let mut stem = norm.clone();
    if let (Some(first), Some(last)) = (years.first(), years.last()) {
        let mut end = last.end;
        for tail in ["年度", "年", "まで"] {
            if stem.get(end..).is_some_and(|r| r.starts_with(tail)) {
                end += tail.len();
            }
        }
        stem.replace_range(first.start..end, "");
    }
    let stem: String = stem
        .chars()
        .filter(|c| !c.is_whitespace() && !is_bracket(*c) && !matches!(c, '~' | '〜' | '～'))
        .collect();
    if stem.is_empty() {
        return None;
    }
    Some(match year {
        Some(y) => format!("{stem}{}", y.western()),
        None => stem,
    })
}

/// An edition id from a file name: NFKC, lower-cased, without extension.
pub fn edition_id_from_file(file: &str) -> String {
    let name = std::path::Path::new(file)
        .file_stem()
        .map_or_else(|| file.to_string(), |s| s.to_string_lossy().into_owned());
    crate::unicode::nfkc(&name).to_lowercase()
}

/// Brackets a title's parts are wrapped in.
fn is_bracket(c: char) -> bool {
    "()（）[]［］「」『』【】〈〉《》<>＜＞{}｛｝".contains(c)
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
    let norm: String = crate::unicode::nfkc(author);
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

/// Longest plan period, in years, taken from schedules; a longer spread of
/// schedule years keeps its last [`TYPICAL_PLAN_YEARS`].
const MAX_PLAN_YEARS: i32 = 5;
/// Years of a typical plan period.
const TYPICAL_PLAN_YEARS: i32 = 3;

/// The fiscal years a title states as a range: "（2014～2016）",
/// "2014-2016年度", "平成26～28年度", "令和3年度～令和7年度".
///
/// ```
/// use shisaku::plan::edition::title_years;
/// use shisaku::plan::FiscalYear;
/// let y = FiscalYear::from_western;
/// assert_eq!(title_years("みやぎICT推進プラン（2014～2016）"), Some([y(2014), y(2016)]));
/// assert_eq!(title_years("情報化計画（平成２６年度～平成２８年度）"), Some([y(2014), y(2016)]));
/// assert_eq!(title_years("みやぎＩＴ推進プラン２０１３"), None);
/// ```
pub fn title_years(title: &str) -> Option<[FiscalYear; 2]> {
    let years = FiscalYear::find_all(title);
    let (first, last) = (years.first()?, years.last()?);
    (years.len() >= 2 && first.year < last.year).then_some([first.year, last.year])
}

/// The fiscal years of a plan from the years of its bounded schedule spans
/// and year columns: first to last, or the last three when they spread over
/// more than five years.
pub fn schedule_years(years: &[FiscalYear]) -> Option<[FiscalYear; 2]> {
    let lo = years.iter().copied().min()?.western();
    let hi = years.iter().copied().max()?.western();
    let lo = if hi - lo + 1 > MAX_PLAN_YEARS {
        hi - TYPICAL_PLAN_YEARS + 1
    } else {
        lo
    };
    Some([FiscalYear::from_western(lo), FiscalYear::from_western(hi)])
}

/// Words that name a plan in its title.
const PLAN_WORDS: [&str; 6] = ["プラン", "計画", "戦略", "ビジョン", "構想", "プログラム"];
/// Longest plan title, in characters.
const MAX_TITLE_CHARS: usize = 60;

/// Whether a printed line looks like a plan title ("…プラン…2013…", "…計画…").
pub fn looks_like_title(text: &str) -> bool {
    let norm: String = crate::unicode::nfkc(text);
    PLAN_WORDS.iter().any(|w| norm.contains(w))
        && edition_id(text, None).is_some()
        && norm.chars().count() <= MAX_TITLE_CHARS
        && !norm.ends_with(['。', '、', ','])
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
            edition_id("みやぎICT推進プラン（2014～2016）", None).as_deref(),
            Some("ict2014")
        );
        assert_eq!(
            edition_id("みやぎＩＴ推進プラン２０１３（復興に向けた取組編）", None).as_deref(),
            Some("it2013")
        );
        assert_eq!(
            edition_id("第２期 大和町総合戦略（平成27年度～平成31年度）", None).as_deref(),
            Some("第2期大和町総合戦略2015")
        );
        assert_eq!(
            edition_id("みやぎ推進プラン", None).as_deref(),
            Some("みやぎ推進プラン")
        );
        assert_eq!(edition_id("（　）", None), None);
        assert_eq!(edition_id_from_file("dir/Plan２０２０.PDF"), "plan2020");
    }

    #[test]
    fn fiscal_years_from_schedules() {
        let y = FiscalYear::from_western;
        assert_eq!(
            schedule_years(&[y(2011), y(2013), y(2012)]),
            Some([y(2011), y(2013)])
        );
        assert_eq!(
            schedule_years(&[y(2006), y(2014), y(2016)]),
            Some([y(2014), y(2016)])
        );
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
