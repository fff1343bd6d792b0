//! Departments as printed → [`Department`]s: "部 課" per line, a bureau
//! line over its division line, names joined with ／ or glued without a
//! space, bureau and division columns paired, and a department closing a
//! title or summary in brackets with no label.

use crate::plan::record::{Department, Record};
use crate::plan::text::split_department;

/// Departments: "部 課" per line, a bureau line followed by its division
/// line, or several joined with ／.
pub fn departments(lines: &[String]) -> Vec<Department> {
    // A name wrapped in a narrow cell continues on the next line: a line
    // inside an open parenthesis or not ending like an organisation does.
    let ends_like_unit = |s: &str| ends_like_organisation(s) || s.ends_with(['）', ')']);
    let mut joined: Vec<String> = Vec::new();
    for l in lines {
        let open = |s: &str| s.matches(['（', '(']).count() > s.matches(['）', ')']).count();
        match joined.last_mut() {
            Some(last)
                if open(last)
                    || !ends_like_unit(last)
                    || l.trim_start().starts_with(['（', '(']) =>
            {
                last.push_str(l.trim())
            }
            _ => joined.push(l.trim().to_string()),
        }
    }
    let parts: Vec<String> = joined
        .iter()
        .flat_map(|l| l.split(['／', '/']).map(|s| s.trim().to_string()))
        .filter(|s| !s.is_empty())
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < parts.len() {
        let p = &parts[i];
        if p.contains(char::is_whitespace) {
            out.extend(split_department(p));
        } else if let Some(d) = glued_department(p) {
            out.push(d);
        } else if is_bureau(p)
            && parts
                .get(i + 1)
                .is_some_and(|n| !is_bureau(n) && !n.contains(char::is_whitespace))
        {
            out.push(Department {
                bureau: p.clone(),
                division: Some(parts[i + 1].clone()),
            });
            i += 1;
        } else {
            out.extend(split_department(p));
        }
        i += 1;
    }
    out
}

/// Whether `s` ends like the name of an organisation (部, 局, 課, 室,
/// センター, 協議会 …; 社会 is no 会: 共同参画社会 is no body).
fn ends_like_organisation(s: &str) -> bool {
    [
        "部", "局", "庁", "会", "課", "室", "ター", "所", "校", "館", "院", "班", "係", "長",
    ]
    .iter()
    .any(|e| s.ends_with(e))
        && !s.ends_with("社会")
}

/// A department closing a title or a summary in brackets, with no label —
/// 「総合行政ネットワークの運用（震災復興・企画部 情報政策課）」, 「…運用します。
/// 【情報政策課】」— split off into the departments, when no label gave any:
/// every name in the brackets (／ between names, a space between bureau and
/// division) ends like an organisation. A summary gives up only 【…】: a
/// body in round brackets closing a sentence is as often a partner.
pub(super) fn unlabelled_department(rec: &mut Record) {
    if rec.departments.as_ref().is_some_and(|d| !d.is_empty()) {
        return;
    }
    if let Some((rest, found)) = closing_department(&rec.title, &[')', '】']) {
        rec.title = rest;
        rec.departments = Some(found);
    } else if let Some(summary) = rec.summary.as_deref() {
        if let Some((rest, found)) = closing_department(summary, &['】']) {
            rec.summary = Some(rest);
            rec.departments = Some(found);
        }
    }
}

/// `text` without the bracket (of a kind in `kinds`) that closes it, and the
/// departments it names, when every name in it ends like an organisation and
/// text comes before it.
fn closing_department(text: &str, kinds: &[char]) -> Option<(String, Vec<Department>)> {
    let (start, inner, kind) = last_bracket(text)?;
    let before = text[..start].trim_end();
    (kinds.contains(&kind) && names_organisations(inner) && !before.is_empty())
        .then(|| (before.to_string(), departments(&[inner.to_string()])))
}

/// Whether `text` is nothing but names of organisations: ／ between names,
/// white space between bureau and division, each ending like an organisation
/// (a name may end with a bracket of its own: 産業人材対策課（能力開発校）).
pub(super) fn names_organisations(text: &str) -> bool {
    let organisation = |word: &str| match last_bracket(word) {
        Some((at, _, ')')) => ends_like_organisation(&word[..at]),
        _ => ends_like_organisation(word),
    };
    !text.contains(['：', ':'])
        && text
            .split(['／', '/'])
            .map(str::trim)
            .all(|n| !n.is_empty() && n.split_whitespace().all(organisation))
}

/// The last bracketed group closing `text` (brackets inside it matched): the
/// byte where it opens, its inner text and its kind (')' or '】').
pub(super) fn last_bracket(text: &str) -> Option<(usize, &str, char)> {
    let trimmed = text.trim_end();
    let close = trimmed
        .chars()
        .last()
        .filter(|c| matches!(c, '）' | ')' | '】'))?;
    let (opens, closes): (&[char], &[char]) = match close {
        '】' => (&['【'], &['】']),
        _ => (&['（', '('], &['）', ')']),
    };
    let mut depth = 0;
    for (i, c) in trimmed.char_indices().rev() {
        if closes.contains(&c) {
            depth += 1;
        } else if opens.contains(&c) {
            depth -= 1;
            if depth == 0 {
                let inner = &trimmed[i..trimmed.len() - close.len_utf8()];
                let kind = if close == '】' { '】' } else { ')' };
                return Some((i, inner.trim_start_matches(opens), kind));
            }
        }
    }
    None
}

/// Whether a department name ends like a bureau (部, 局, 庁, 本部, 委員会,
/// 事務局), not a division.
fn is_bureau(s: &str) -> bool {
    ["部", "局", "庁", "本部", "委員会", "事務局"]
        .iter()
        .any(|e| s.ends_with(e))
}

/// Departments read from a column (or label) of bureaus only followed by one
/// of as many divisions only (担当部 | 担当課): paired in order, one
/// department each.
pub(super) fn pair_bureaus_with_divisions(departments: &mut Vec<Department>) {
    let n = departments.len() / 2;
    let split = n > 0
        && departments.len() == 2 * n
        && departments.iter().all(|d| d.division.is_none())
        && departments[..n].iter().all(|d| is_bureau(&d.bureau))
        && departments[n..].iter().all(|d| !is_bureau(&d.bureau));
    if split {
        let divisions: Vec<String> = departments.drain(n..).map(|d| d.bureau).collect();
        for (d, division) in departments.iter_mut().zip(divisions) {
            d.division = Some(division);
        }
    }
}

/// "環境生活部環境政策課" written without a space: bureau up to its 部/局/庁,
/// division after it when it ends like one.
fn glued_department(s: &str) -> Option<Department> {
    let cut = s
        .char_indices()
        .find(|(_, c)| matches!(c, '部' | '局' | '庁'))?;
    let at = cut.0 + cut.1.len_utf8();
    let (bureau, division) = (&s[..at], &s[at..]);
    let ends = [
        "課",
        "室",
        "センター",
        "所",
        "校",
        "館",
        "院",
        "班",
        "係",
        "）",
    ];
    (!division.is_empty()
        && bureau.chars().count() >= 2
        && ends.iter().any(|e| division.ends_with(e)))
    .then(|| Department {
        bureau: bureau.to_string(),
        division: Some(division.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_department_closing_the_title_or_summary_in_brackets_is_split_off() {
        let record = |title: &str| {
            let mut r = Record::empty(
                "x/1".into(),
                "x".into(),
                crate::plan::RecordKind::Initiative,
                1,
            );
            r.title = title.to_string();
            unlabelled_department(&mut r);
            r
        };
        let r = record("職業訓練（ＩＴ関連分野）（経済商工観光部 産業人材対策課（能力開発校））");
        assert_eq!(r.title, "職業訓練（ＩＴ関連分野）");
        let d = &r.departments.as_ref().expect("departments")[0];
        assert_eq!(d.bureau, "経済商工観光部");
        assert_eq!(d.division.as_deref(), Some("産業人材対策課（能力開発校）"));
        let r = record("庁内ＬＡＮの運用（情報政策課／総務課）");
        assert_eq!(r.title, "庁内ＬＡＮの運用");
        assert_eq!(r.departments.map(|d| d.len()), Some(2));
        // Names of organisations, and what is none.
        assert!(names_organisations("震災復興・企画部 情報政策課／総務部"));
        assert!(names_organisations("産業人材対策課（能力開発校）"));
        for text in ["県，市町村", "担当：情報政策課", "運用開始", "共同参画社会"]
        {
            assert!(!names_organisations(text), "{text}");
        }
        // A summary gives up its department only in 【】.
        let mut r = record("庁内ＬＡＮの運用");
        r.summary = Some("運用します。【情報政策課】".into());
        unlabelled_department(&mut r);
        assert_eq!(r.summary.as_deref(), Some("運用します。"));
        assert_eq!(r.departments.map(|d| d.len()), Some(1));
        let mut r = record("研修会の開催");
        r.summary = Some("研修会を開催します（ＩＣＴ推進協議会）".into());
        unlabelled_department(&mut r);
        assert!(r.departments.unwrap_or_default().is_empty());
        // Brackets that name no organisation stay in the title.
        for title in [
            "ＩＣＴ推進協議会（仮称）",
            "電力監視測定器（電力消費量見える化システム）",
            "共生社会（地域共生社会）",
            "（情報政策課）",
        ] {
            let r = record(title);
            assert_eq!(r.title, title);
            assert!(r.departments.unwrap_or_default().is_empty(), "{title}");
        }
    }

    #[test]
    fn departments_in_lines() {
        let d = departments(&["震災復興・企画部".into(), "情報政策課".into()]);
        assert_eq!(d[0].division.as_deref(), Some("情報政策課"));
        let d = departments(&["震災復興・企画".into(), "部".into(), "情報政策課".into()]);
        assert_eq!(d[0].bureau, "震災復興・企画部");
        assert_eq!(d[0].division.as_deref(), Some("情報政策課"));
        let d = departments(&["環境生活部環境政策課".into()]);
        assert_eq!(d[0].division.as_deref(), Some("環境政策課"));
        let d = departments(&["総務部 市町村課".into()]);
        assert_eq!(d[0].bureau, "総務部");
        let d = departments(&["環境生活部 共同参画社会".into(), "推進課".into()]);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].division.as_deref(), Some("共同参画社会推進課"));
        let d = departments(&["宮城県電子自治体推進協議会".into(), "情報政策課".into()]);
        assert_eq!(d.len(), 2);
    }
}
