//! The label vocabulary (`dict/labels.toml`, embedded) and label matching:
//! which record field a printed label names, in any of the label forms
//! (cell text, header cell, 【担当】, ＜担当＞, ［担当］, ■担当, ◆担当, 担当：).

use std::collections::HashMap;
use std::sync::OnceLock;

/// The vocabulary file, embedded at build time.
const LABELS_TOML: &str = include_str!("../../../dict/labels.toml");

/// A record field (or section) a label word can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// Initiative title.
    Title,
    /// Summary text.
    Summary,
    /// Actors (主体).
    Actors,
    /// Departments (担当).
    Departments,
    /// Schedule (スケジュール, 工程表, year grid).
    Schedule,
    /// Indicator name (指標, KPI).
    Indicator,
    /// Indicator current value (現状値).
    Current,
    /// Indicator target value (目標値).
    Target,
    /// When the current value was measured, in a column of its own (基準年度).
    CurrentAsOf,
    /// When the target is to be reached, in a column of its own (目標年度).
    TargetAsOf,
    /// URLs.
    Urls,
    /// References (参考).
    References,
    /// Notes (備考).
    Notes,
    /// Projects (主な事業).
    Projects,
    /// Methods (性質・手法).
    Methods,
    /// Printed number (番号).
    Number,
    /// The new badge (新規) or a 区分 cell holding it.
    NewBadge,
    /// Media of a site entry.
    Media,
    /// 分野 label.
    FieldName,
    /// 項目 label.
    ItemName,
    /// Section: 現状，課題と取組の方向性.
    Overview,
    /// Section: トピックス.
    Topic,
    /// Section: 情報発信サイト等.
    Sites,
}

impl Field {
    fn from_key(k: &str) -> Option<Field> {
        Some(match k {
            "title" => Field::Title,
            "summary" => Field::Summary,
            "actors" => Field::Actors,
            "departments" => Field::Departments,
            "schedule" => Field::Schedule,
            "indicator" => Field::Indicator,
            "current" => Field::Current,
            "target" => Field::Target,
            "current_as_of" => Field::CurrentAsOf,
            "target_as_of" => Field::TargetAsOf,
            "urls" => Field::Urls,
            "references" => Field::References,
            "notes" => Field::Notes,
            "projects" => Field::Projects,
            "methods" => Field::Methods,
            "number" => Field::Number,
            "new_badge" => Field::NewBadge,
            "media" => Field::Media,
            "field" => Field::FieldName,
            "item" => Field::ItemName,
            "overview" => Field::Overview,
            "topic" => Field::Topic,
            "sites" => Field::Sites,
            _ => return None,
        })
    }

    /// The record field name (for `--explain`).
    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Summary => "summary",
            Field::Actors => "actors",
            Field::Departments => "departments",
            Field::Schedule => "schedule",
            Field::Indicator => "indicators",
            Field::Current => "indicators.current",
            Field::Target => "indicators.target",
            Field::CurrentAsOf => "indicators.current.as_of",
            Field::TargetAsOf => "indicators.target.as_of",
            Field::Urls => "urls",
            Field::References => "references",
            Field::Notes => "notes",
            Field::Projects => "projects",
            Field::Methods => "methods",
            Field::Number => "no",
            Field::NewBadge => "is_new",
            Field::Media => "media",
            Field::FieldName => "field",
            Field::ItemName => "item",
            Field::Overview => "overview",
            Field::Topic => "topic",
            Field::Sites => "sites",
        }
    }
}

/// Words → field, keyed by [`label_key`].
pub struct Vocabulary {
    words: HashMap<String, Field>,
    /// Characters in the longest word (label form).
    longest: usize,
}

/// Combining marks and the half-width voicing marks and Hangul jamo that NFKC
/// composes with the character before them.
fn is_combining(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
        || matches!(c, '\u{FF9E}' | '\u{FF9F}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

/// The label form of a text: NFKC, white space, brackets and label marks removed.
pub fn label_key(s: &str) -> String {
    crate::unicode::nfkc(s)
        .chars()
        .filter(|c| !c.is_whitespace() && !is_bracket(*c) && !is_mark(*c))
        .filter(|c| *c != ':')
        .collect()
}

/// Opening or closing bracket characters around labels (after NFKC).
pub fn is_bracket(c: char) -> bool {
    matches!(
        c,
        '【' | '】'
            | '<'
            | '>'
            | '＜'
            | '＞'
            | '['
            | ']'
            | '［'
            | '］'
            | '〔'
            | '〕'
            | '《'
            | '》'
            | '〈'
            | '〉'
            | '『'
            | '』'
    )
}

/// Marks that introduce a label (■担当, ◆手法).
pub fn is_mark(c: char) -> bool {
    matches!(
        c,
        '■' | '◆' | '□' | '◇' | '◎' | '●' | '▼' | '▲' | '★' | '☆' | '○'
    )
}

/// Parse the embedded vocabulary: `key = ["word", …]` lines under any section.
fn parse(toml: &str) -> HashMap<String, Field> {
    let mut words = HashMap::new();
    for line in toml.lines() {
        let line = line.trim();
        if line.starts_with('#') || line.starts_with('[') || line.is_empty() {
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            continue;
        };
        let Some(field) = Field::from_key(k.trim()) else {
            continue;
        };
        for word in v.split('"').skip(1).step_by(2) {
            words.entry(label_key(word)).or_insert(field);
        }
    }
    words
}

/// The vocabulary of `dict/labels.toml`.
pub fn vocabulary() -> &'static Vocabulary {
    static V: OnceLock<Vocabulary> = OnceLock::new();
    V.get_or_init(|| {
        let words = parse(LABELS_TOML);
        let longest = words.keys().map(|w| w.chars().count()).max().unwrap_or(0);
        Vocabulary { words, longest }
    })
}

impl Vocabulary {
    /// Every word (label form) of `field`.
    pub fn words_of(&self, field: Field) -> Vec<String> {
        let mut w: Vec<String> = self
            .words
            .iter()
            .filter(|(_, f)| **f == field)
            .map(|(w, _)| w.clone())
            .collect();
        w.sort();
        w
    }

    /// The label a line starts with, in any form ([`Self::leading`]), or
    /// the whole line as a label word: (field, label text, the rest).
    pub fn label<'t>(&self, text: &'t str) -> Option<(Field, &'t str, &'t str)> {
        self.leading(text)
            .or_else(|| self.field(text).map(|f| (f, text, "")))
    }

    /// The field a whole label text names ("【担当】", "担当課", "■主体").
    pub fn field(&self, text: &str) -> Option<Field> {
        if !self.may_be_label(text) {
            return None;
        }
        self.words.get(&label_key(text)).copied()
    }

    /// Whether `text` is short enough to be a word: NFKC only combines a
    /// letter with the marks after it, so the label form has at least as many
    /// characters as `text` has letters and digits outside combining marks
    /// (brackets, marks and white space are removed and not counted). Body
    /// lines fail this without being normalised.
    fn may_be_label(&self, text: &str) -> bool {
        let letters = text
            .chars()
            .filter(|&c| crate::unicode::is_alphanumeric(c) && !is_combining(c))
            .take(self.longest + 1)
            .count();
        letters <= self.longest
    }

    /// A label with a parenthesised suffix: "現状値（2014年度）" → (Current, "2014年度"),
    /// "重要業績評価指標（KPI）" → (Indicator, "KPI").
    pub fn field_with_note(&self, text: &str) -> Option<(Field, Option<String>)> {
        if let Some(f) = self.field(text) {
            return Some((f, None));
        }
        let t = text.trim();
        let open = t.find(['（', '('])?;
        let inner = t[open..]
            .trim_start_matches(['（', '('])
            .trim_end_matches(['）', ')']);
        let rest = t[open..].trim_end();
        if !(rest.ends_with('）') || rest.ends_with(')')) {
            return None;
        }
        self.field(&t[..open])
            .map(|f| (f, Some(inner.trim().to_string())))
    }

    /// An inline label at the start of a line: "【担当】総務部" → (Departments,
    /// "【担当】", "総務部"); forms 【】 ＜＞ ［］ 〔〕, ■/◆ marks followed by a
    /// word and a space, and "word：".
    pub fn leading<'t>(&self, text: &'t str) -> Option<(Field, &'t str, &'t str)> {
        let t = text.trim_start();
        let first = t.chars().next()?;
        let close = match first {
            '【' => Some('】'),
            '＜' | '<' => Some(if first == '<' { '>' } else { '＞' }),
            '［' | '[' => Some(if first == '[' { ']' } else { '］' }),
            '〔' => Some('〕'),
            '《' => Some('》'),
            '〈' => Some('〉'),
            _ => None,
        };
        if let Some(close) = close {
            let end = t.find(close)? + close.len_utf8();
            let f = self.field_with_note(&t[..end])?.0;
            return Some((f, &t[..end], t[end..].trim_start_matches(['：', ':'])));
        }
        if is_mark(first) {
            let body = &t[first.len_utf8()..];
            let end = body
                .find(|c: char| c.is_whitespace() || c == '：' || c == ':')
                .unwrap_or(body.len());
            let f = self.field(&body[..end])?;
            let cut = first.len_utf8() + end;
            let rest = t[cut..].trim_start_matches(['：', ':']);
            return Some((f, &t[..cut], rest));
        }
        if let Some(colon) = t.find(['：', ':']) {
            let word = &t[..colon];
            if word.chars().count() <= 8 {
                if let Some(f) = self.field(word) {
                    let cut = colon + t[colon..].chars().next()?.len_utf8();
                    return Some((f, &t[..cut], &t[cut..]));
                }
            }
        }
        self.spaced(t)
    }

    /// "word　value": a label word of two or more characters, a space (full-
    /// or half-width), then the value; plans without brackets or colons set
    /// their labels so ("担当課　情報政策課"). Prose has no space after a
    /// word, so a line starting so is a label.
    fn spaced<'t>(&self, t: &'t str) -> Option<(Field, &'t str, &'t str)> {
        let end = t.find([' ', '\u{3000}'])?;
        let word = &t[..end];
        if !(2..=8).contains(&word.chars().count()) {
            return None;
        }
        let f = self.field(word)?;
        let rest = t[end..].trim_start_matches([' ', '\u{3000}']);
        // 現状値/目標値 inside an indicator wrapped over lines ("name（現状値
        // 26年3月末 139人 →" / "目標値 28年度末 229人）") are its text: their
        // line closes a bracket it did not open.
        let opened = rest.matches(['（', '(']).count();
        let closed = rest.matches(['）', ')']).count();
        if matches!(f, Field::Current | Field::Target) && closed > opened {
            return None;
        }
        // Japanese words only ("No. of children" in English prose is no
        // label), bar a URL label before an address.
        let ascii_ok = f == Field::Urls && rest.starts_with("http");
        (!rest.is_empty() && (!word.is_ascii() || ascii_ok)).then(|| (f, &t[..end], rest))
    }
}

/// A bracketed word at the start of a line (【X】, ＜X＞, ［X］) that may be a label.
pub fn bracketed(text: &str) -> Option<&str> {
    let close = match text.chars().next()? {
        '【' => '】',
        '＜' => '＞',
        '［' => '］',
        _ => return None,
    };
    let end = text.find(close)? + close.len_utf8();
    (text[..end].chars().count() <= 14).then(|| &text[..end])
}

/// Whether a badge or 区分 cell says new (新規, 新, NEW).
pub fn says_new(text: &str) -> bool {
    text.contains('新') || text.to_ascii_uppercase().contains("NEW")
}

/// `text` without the new badge that ends it (【新規】, （新規）, ［NEW］),
/// trimmed; `None` when it ends with none.
pub fn trailing_new_badge(text: &str) -> Option<&str> {
    let t = text.trim_end();
    let close = t.chars().next_back()?;
    let open = match close {
        '】' => '【',
        '）' => '（',
        ')' => '(',
        '］' => '［',
        '＞' => '＜',
        '〉' => '〈',
        _ => return None,
    };
    let start = t.rfind(open)?;
    let inner = &t[start + open.len_utf8()..t.len() - close.len_utf8()];
    (says_new(inner) && vocabulary().field(inner) == Some(Field::NewBadge))
        .then(|| t[..start].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_after_nfkc_and_without_brackets() {
        let v = vocabulary();
        assert_eq!(v.field("関連ＵＲＬ"), Some(Field::Urls));
        assert_eq!(v.field("【担当】"), Some(Field::Departments));
        assert_eq!(v.field("＜主な事業＞"), Some(Field::Projects));
        assert_eq!(v.field("■主 体"), Some(Field::Actors));
        assert_eq!(v.field("No."), Some(Field::Number));
        assert_eq!(v.field("県，市町村"), None);
    }

    #[test]
    fn labels_with_a_date_keep_it() {
        let v = vocabulary();
        assert_eq!(
            v.field_with_note("現状値（2014年度）"),
            Some((Field::Current, Some("2014年度".into())))
        );
        assert_eq!(
            v.field_with_note("重要業績評価指標（KPI）").map(|x| x.0),
            Some(Field::Indicator)
        );
    }

    #[test]
    fn inline_labels_in_every_form() {
        let v = vocabulary();
        let l = |s| v.leading(s).map(|(f, _, rest)| (f, rest));
        assert_eq!(
            l("【担当】総務部 市町村課"),
            Some((Field::Departments, "総務部 市町村課"))
        );
        assert_eq!(l("■主体 県，市町村"), Some((Field::Actors, " 県，市町村")));
        assert_eq!(l("担当：総務部"), Some((Field::Departments, "総務部")));
        assert_eq!(l("［担当課］総務部"), Some((Field::Departments, "総務部")));
        assert_eq!(l("＜主な事業＞"), Some((Field::Projects, "")));
        assert_eq!(l("【担当】：総務部"), Some((Field::Departments, "総務部")));
        assert_eq!(l("「自治体クラウド」において"), None);
        assert_eq!(
            l("担当課　震災復興・企画部 情報政策課"),
            Some((Field::Departments, "震災復興・企画部 情報政策課"))
        );
        assert_eq!(
            l("事業概要 全国の地方公共団体"),
            Some((Field::Summary, "全国の地方公共団体"))
        );
        assert_eq!(
            l("担当課　"),
            None,
            "a word alone is a label cell, not a value"
        );
        assert_eq!(l("担当者の配置を進める"), None);
        assert_eq!(l("No. of children on 6c who"), None);
        assert_eq!(l("URL of the page"), None);
        assert_eq!(l("目標値 28年度末 229人）"), None);
        assert_eq!(
            l("現状値　0グループ（H24年３月末）"),
            Some((Field::Current, "0グループ（H24年３月末）"))
        );
        assert_eq!(
            l("URL http://www.pref.miyagi.jp/"),
            Some((Field::Urls, "http://www.pref.miyagi.jp/"))
        );
        assert_eq!(
            l("【新規】産業廃棄物"),
            Some((Field::NewBadge, "産業廃棄物"))
        );
    }

    #[test]
    fn new_badges_after_a_title() {
        assert_eq!(
            trailing_new_badge("産業廃棄物の電子申請　【新規】"),
            Some("産業廃棄物の電子申請")
        );
        assert_eq!(trailing_new_badge("（新規）"), Some(""));
        assert_eq!(trailing_new_badge("電子申請（累計）"), None);
        assert_eq!(trailing_new_badge("電子申請【区分】"), None);
        assert_eq!(trailing_new_badge("電子申請"), None);
    }
}
