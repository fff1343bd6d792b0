//! Katakana spellings of Latin acronyms: ラン → LAN, エルジーワン → LGWAN,
//! アイシーティー → ICT.
//!
//! Japanese users type an acronym the way it is said: letter by letter
//! (エル・ジー), or as a word where the acronym is pronounced as one (ラン,
//! ワン). [`latin_readings`] turns a katakana word into every Latin spelling
//! that reads so, using two tables: the names of the 26 letters and the
//! pronounced syllable words common in public-sector IT terms. Long vowel
//! marks (ー) are ignored on both sides, since users drop and add them freely.
//! The query side keeps only spellings the index actually holds.

/// Letter names, as said in Japanese.
const LETTERS: &[(&str, &str)] = &[
    ("エー", "A"),
    ("エイ", "A"),
    ("ビー", "B"),
    ("シー", "C"),
    ("ディー", "D"),
    ("デー", "D"),
    ("イー", "E"),
    ("エフ", "F"),
    ("ジー", "G"),
    ("エイチ", "H"),
    ("エッチ", "H"),
    ("アイ", "I"),
    ("ジェイ", "J"),
    ("ジェー", "J"),
    ("ケー", "K"),
    ("ケイ", "K"),
    ("エル", "L"),
    ("エム", "M"),
    ("エヌ", "N"),
    ("オー", "O"),
    ("ピー", "P"),
    ("キュー", "Q"),
    ("アール", "R"),
    ("エス", "S"),
    ("ティー", "T"),
    ("テー", "T"),
    ("ユー", "U"),
    ("ブイ", "V"),
    ("ヴィー", "V"),
    ("ダブリュー", "W"),
    ("エックス", "X"),
    ("ワイ", "Y"),
    ("ゼット", "Z"),
    ("ゼッド", "Z"),
];

/// Parts of acronyms said as words.
const WORDS: &[(&str, &str)] = &[
    ("ラン", "LAN"),
    ("ワン", "WAN"),
    ("ネット", "NET"),
    ("ウェブ", "WEB"),
    ("ウエブ", "WEB"),
    ("メール", "MAIL"),
    ("ワイファイ", "WIFI"),
    ("ファイ", "FI"),
    ("テック", "TECH"),
    ("ナビ", "NAVI"),
    ("サイト", "SITE"),
    ("ポータル", "PORTAL"),
    ("クラウド", "CLOUD"),
    ("データ", "DATA"),
    ("システム", "SYSTEM"),
    ("ブログ", "BLOG"),
    ("ニュース", "NEWS"),
    ("ホーム", "HOME"),
    ("ページ", "PAGE"),
    ("サーバ", "SERVER"),
    ("ネットワーク", "NETWORK"),
    ("セキュリティ", "SECURITY"),
    ("オープン", "OPEN"),
    ("モバイル", "MOBILE"),
    ("デジタル", "DIGITAL"),
    ("インターネット", "INTERNET"),
    ("スマート", "SMART"),
    ("フォン", "PHONE"),
    ("タブレット", "TABLET"),
    ("センター", "CENTER"),
    ("サービス", "SERVICE"),
    ("コンテンツ", "CONTENTS"),
    ("アプリ", "APP"),
    ("ソフト", "SOFT"),
    ("メディア", "MEDIA"),
    ("ソーシャル", "SOCIAL"),
    ("テレワーク", "TELEWORK"),
    ("ブロードバンド", "BROADBAND"),
];

/// Katakana spellings that users and printers swap freely: the small vowel
/// of a loanword written full size (ウェブ / ウエブ), ヴ written as バ行
/// (ヴァ / バ).
const KANA_VARIANTS: &[(&str, &str)] = &[
    ("ウェ", "ウエ"),
    ("ウィ", "ウイ"),
    ("ウォ", "ウオ"),
    ("ティ", "テイ"),
    ("ディ", "デイ"),
    ("フィ", "フイ"),
    ("フェ", "フエ"),
    ("シェ", "シエ"),
    ("ジェ", "ジエ"),
    ("ヴァ", "バ"),
    ("ヴィ", "ビ"),
    ("ヴェ", "ベ"),
    ("ヴォ", "ボ"),
    ("ヴ", "ブ"),
];

/// Most spellings returned for one word.
const MAX_SPELLINGS: usize = 16;
/// Longest katakana word read (characters); longer ones are not acronyms.
const MAX_CHARS: usize = 24;

/// Katakana without long vowel marks and middle dots, NFKC (half-width
/// katakana becomes full-width).
fn bare(text: &str) -> String {
    crate::unicode::nfkc(text)
        .chars()
        .filter(|c| !matches!(c, 'ー' | '・' | '･' | ' ' | '　'))
        .collect()
}

/// Whether `text` is a katakana word (after NFKC, marks allowed).
pub fn is_katakana_word(text: &str) -> bool {
    let norm: String = crate::unicode::nfkc(text);
    !norm.is_empty()
        && norm
            .chars()
            .all(|c| matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー' | '・'))
}

/// Every Latin spelling that reads as the katakana word `text`, at most
/// `MAX_SPELLINGS`, shortest parse first. Empty for text that is not a
/// katakana word or reads as no acronym.
///
/// ```
/// use shisaku::analysis::translit::latin_readings;
/// assert!(latin_readings("ラン").contains(&"LAN".to_string()));
/// assert!(latin_readings("エルジーワン").contains(&"LGWAN".to_string()));
/// assert!(latin_readings("アイシーティー").contains(&"ICT".to_string()));
/// assert!(latin_readings("じんざい").is_empty());
/// ```
pub fn latin_readings(text: &str) -> Vec<String> {
    if !is_katakana_word(text) {
        return Vec::new();
    }
    let word = bare(text);
    if word.is_empty() || word.chars().count() > MAX_CHARS {
        return Vec::new();
    }
    let table: Vec<(String, &str)> = LETTERS
        .iter()
        .chain(WORDS)
        .map(|(kana, latin)| (bare(kana), *latin))
        .collect();
    let mut out: Vec<String> = Vec::new();
    spell(&word, &table, String::new(), &mut out);
    out.sort_by_key(String::len);
    out.dedup();
    out
}

/// The katakana spellings of a Latin word made of loanword parts (cloud →
/// クラウド, opendata → オープンデータ), through the same word table read the
/// other way; letters are not spelled out. Empty for anything else.
///
/// ```
/// use shisaku::analysis::translit::katakana_spellings;
/// assert_eq!(katakana_spellings("Cloud"), ["クラウド"]);
/// assert!(katakana_spellings("web").contains(&"ウェブ".to_string()));
/// assert!(katakana_spellings("ICT").is_empty());
/// ```
pub fn katakana_spellings(text: &str) -> Vec<String> {
    let word: String = crate::unicode::nfkc(text)
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .collect();
    if word.is_empty()
        || word.chars().count() > MAX_CHARS
        || !word.chars().all(|c| c.is_ascii_alphabetic())
    {
        return Vec::new();
    }
    let table: Vec<(String, &str)> = WORDS
        .iter()
        .map(|(kana, latin)| (latin.to_string(), *kana))
        .collect();
    let mut out: Vec<String> = Vec::new();
    spell(&word.to_ascii_uppercase(), &table, String::new(), &mut out);
    out
}

/// Other spellings of the katakana word `text` under `KANA_VARIANTS` (each
/// pair swapped both ways, all occurrences at once; ヴ only to バ行) and
/// without a final long vowel mark. Empty for text that is not a katakana word.
///
/// ```
/// use shisaku::analysis::translit::kana_variants;
/// assert!(kana_variants("ウエブ").contains(&"ウェブ".to_string()));
/// assert!(kana_variants("サーバー").contains(&"サーバ".to_string()));
/// assert!(kana_variants("クラウド").is_empty());
/// ```
pub fn kana_variants(text: &str) -> Vec<String> {
    if !is_katakana_word(text) {
        return Vec::new();
    }
    let word: String = crate::unicode::nfkc(text);
    let mut out: Vec<String> = Vec::new();
    let mut push = |v: String| {
        if v != word && !v.is_empty() && !out.contains(&v) {
            out.push(v);
        }
    };
    for (a, b) in KANA_VARIANTS {
        if word.contains(a) {
            push(word.replace(a, b));
        } else if word.contains(b) && !a.starts_with('ヴ') {
            push(word.replace(b, a));
        }
    }
    if let Some(stem) = word.strip_suffix('ー') {
        push(stem.to_string());
    }
    out.truncate(MAX_SPELLINGS);
    out
}

/// Depth-first: every way to read `rest` as table entries, appended to `so_far`.
fn spell(rest: &str, table: &[(String, &str)], so_far: String, out: &mut Vec<String>) {
    if out.len() >= MAX_SPELLINGS {
        return;
    }
    if rest.is_empty() {
        if !so_far.is_empty() && !out.contains(&so_far) {
            out.push(so_far);
        }
        return;
    }
    for (kana, latin) in table {
        if let Some(tail) = rest.strip_prefix(kana.as_str()) {
            spell(tail, table, format!("{so_far}{latin}"), out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_words() {
        for (kana, latin) in [
            ("ラン", "LAN"),
            ("エルジーワン", "LGWAN"),
            ("エルジイワン", ""),
            ("アイティー", "IT"),
            ("アイティ", "IT"),
            ("エヌピーオー", "NPO"),
            ("ジーアイエス", "GIS"),
            ("ワイファイ", "WIFI"),
            ("ｴﾙｼﾞｰﾜﾝ", "LGWAN"),
        ] {
            let got = latin_readings(kana);
            if latin.is_empty() {
                assert!(!got.contains(&"LGWAN".to_string()), "{kana}: {got:?}");
            } else {
                assert!(got.contains(&latin.to_string()), "{kana}: {got:?}");
            }
        }
    }

    #[test]
    fn not_acronyms() {
        assert!(latin_readings("クラウドか").is_empty());
        assert!(latin_readings("人材").is_empty());
        assert!(latin_readings("ー").is_empty());
        assert!(latin_readings("ホゲホゲ").is_empty());
    }
}
