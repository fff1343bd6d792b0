//! Field values as printed → record fields: actors, departments, schedule
//! text (read by [`super::spans`]), indicators (read by
//! [`super::indicators`]), projects, URLs, references, notes, the new badge.

use super::indicators::{
    cell_indicators, inline_indicator, set_value, starts_value, trailing_date,
};
use super::labels::{says_new, vocabulary, Field};
use super::spans::schedule_lines;
use super::Entry;
use crate::plan::record::{Department, Indicator, Record};
use crate::plan::text::{is_url, join_wrapped, number_cell, split_actors, split_department};

/// Join wrapped lines of one value (white space at line ends dropped).
pub fn join(lines: &[String]) -> String {
    join_wrapped(lines.iter().map(String::as_str))
}

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

/// A department closing a title in brackets, with no label —
/// 「総合行政ネットワークの運用（震災復興・企画部 情報政策課）」— split off the
/// title into the departments, when no label gave any: every name in the
/// brackets (／ between names, a space between bureau and division) ends like
/// an organisation.
fn department_closing_title(rec: &mut Record) {
    if rec.departments.as_ref().is_some_and(|d| !d.is_empty()) {
        return;
    }
    let Some((start, inner, ')')) = last_bracket(&rec.title) else {
        return;
    };
    // A name may end with a bracket of its own: 産業人材対策課（能力開発校）.
    let organisation = |word: &str| match last_bracket(word) {
        Some((at, _, ')')) => ends_like_organisation(&word[..at]),
        _ => ends_like_organisation(word),
    };
    let names: Vec<&str> = inner.split(['／', '/']).map(str::trim).collect();
    let organisations = names
        .iter()
        .all(|n| n.split_whitespace().all(organisation) && !n.contains(['：', ':']));
    if !organisations || start == 0 {
        return;
    }
    let found = departments(&[inner.to_string()]);
    rec.title = rec.title[..start].trim_end().to_string();
    rec.departments = Some(found);
}

/// The last bracketed group closing `text` (brackets inside it matched): the
/// byte where it opens, its inner text and its kind (')' or '】').
fn last_bracket(text: &str) -> Option<(usize, &str, char)> {
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
fn pair_bureaus_with_divisions(departments: &mut Vec<Department>) {
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

/// Bulleted lines (・) → items, continuation lines joined to their item.
pub fn bullets(lines: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in lines {
        let t = l.trim();
        if let Some(rest) = t.strip_prefix(['・', '●', '○', '◇', '-']) {
            out.push(rest.trim().to_string());
        } else if let Some(last) = out.last_mut() {
            *last = join_wrapped([last.as_str(), t]);
        } else if !t.is_empty() {
            out.push(t.to_string());
        }
    }
    out
}

/// URLs of a value: a line not starting a URL continues the previous one.
fn urls(lines: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in lines {
        let t = l.trim();
        if t.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if !is_url(t) => last.push_str(t),
            _ => out.push(t.to_string()),
        }
    }
    out
}

/// A labelled value in brackets that closes a paragraph —「…を推進します。
/// （担当：情報政策課）」— split off: the text before it, and its field and value.
fn closing_label(text: &str) -> (&str, Option<(Field, &str)>) {
    let Some((start, inner, _)) = last_bracket(text) else {
        return (text, None);
    };
    let Some((word, value)) = inner.split_once(['：', ':']) else {
        return (text, None);
    };
    match vocabulary().field(word.trim()) {
        Some(f) if !matches!(f, Field::Summary | Field::Title) && !value.trim().is_empty() => {
            (text[..start].trim_end(), Some((f, value.trim())))
        }
        _ => (text, None),
    }
}

/// Apply one labelled value (its lines) to an initiative or site record.
pub fn apply(rec: &mut Record, field: Field, lines: &[String]) {
    let text = join(lines);
    match field {
        Field::Title => rec.title = text,
        Field::Summary => {
            let (text, closing) = closing_label(&text);
            let s = rec.summary.get_or_insert_with(String::new);
            if !s.is_empty() && !text.is_empty() {
                s.push('\n');
            }
            s.push_str(text);
            if let Some((field, value)) = closing {
                apply(rec, field, &[value.to_string()]);
            }
        }
        Field::Actors => rec
            .actors
            .get_or_insert_with(Vec::new)
            .extend(split_actors(&text)),
        Field::Methods => rec
            .methods
            .get_or_insert_with(Vec::new)
            .extend(split_actors(&text)),
        Field::Media => rec
            .media
            .get_or_insert_with(Vec::new)
            .extend(split_actors(&text)),
        Field::Departments => rec
            .departments
            .get_or_insert_with(Vec::new)
            .extend(departments(lines)),
        Field::Schedule => rec
            .schedule
            .get_or_insert_with(Vec::new)
            .extend(schedule_lines(lines)),
        Field::Indicator
        | Field::Current
        | Field::Target
        | Field::CurrentAsOf
        | Field::TargetAsOf => apply_indicator(rec, field, lines, text),
        Field::Urls => rec.urls.get_or_insert_with(Vec::new).extend(urls(lines)),
        Field::References => {
            for r in bullets(lines) {
                let r = r.trim();
                if is_url(r) {
                    rec.urls.get_or_insert_with(Vec::new).push(r.to_string());
                } else {
                    rec.references
                        .get_or_insert_with(Vec::new)
                        .push(r.to_string());
                }
            }
        }
        Field::Notes => {
            if !text.is_empty() {
                let n = rec
                    .notes
                    .get_or_insert(None)
                    .get_or_insert_with(String::new);
                if !n.is_empty() {
                    n.push('\n');
                }
                n.push_str(&text);
            }
        }
        Field::Projects => rec
            .projects
            .get_or_insert_with(Vec::new)
            .extend(bullets(lines)),
        Field::NewBadge => {
            if says_new(&text) || lines.is_empty() {
                rec.is_new = Some(true);
            }
        }
        Field::Number => {
            if let Some(n) = number_cell(&text) {
                rec.no = Some(Some(n));
            }
        }
        Field::FieldName | Field::ItemName | Field::Overview | Field::Topic | Field::Sites => {}
    }
}

/// [`apply`] for the fields of an indicator: its name (inline or in a cell),
/// a value or a date labelled apart from it.
fn apply_indicator(rec: &mut Record, field: Field, lines: &[String], text: String) {
    match field {
        Field::Current | Field::Target if !lines.iter().any(|l| starts_value(l)) => {
            // A value whose label was read apart from it (現状値：0件（25年度末）):
            // it belongs to the indicator named before it.
            if text.is_empty() {
                return;
            }
            let inds = rec.indicators.get_or_insert_with(Vec::new);
            if inds.is_empty() {
                inds.push(Indicator::printed("", None, None));
            }
            let (value, as_of) = trailing_date(&text).unwrap_or((text.as_str(), ""));
            if let Some(ind) = inds.last_mut() {
                set_value(ind, field, as_of, value);
            }
        }
        Field::Indicator | Field::Current | Field::Target => {
            let inds = if lines.iter().any(|l| starts_value(l)) {
                cell_indicators(lines)
            } else if text.is_empty() {
                vec![]
            } else {
                let name = text
                    .trim_start_matches(['◇', '◆', '・', '○', '●'])
                    .trim_start();
                vec![inline_indicator(name)]
            };
            rec.indicators.get_or_insert_with(Vec::new).extend(inds);
        }
        Field::CurrentAsOf | Field::TargetAsOf => {
            // A date labelled apart: it belongs to the value of the indicator
            // before it; without one, the text is kept as a note.
            let value = rec
                .indicators
                .as_mut()
                .and_then(|v| v.last_mut())
                .and_then(|ind| match field {
                    Field::CurrentAsOf => ind.current.as_mut(),
                    _ => ind.target.as_mut(),
                });
            match value {
                Some(v) if !text.is_empty() => v.as_of = text,
                Some(_) => {}
                None => apply(rec, Field::Notes, lines),
            }
        }
        _ => {}
    }
}

/// Fill `rec` from an entry's labelled values, spans and indicators.
pub fn fill(rec: &mut Record, entry: &Entry) {
    for (field, lines) in &entry.values {
        apply(rec, *field, lines);
    }
    let columns = entry
        .values
        .iter()
        .filter(|(f, _)| *f == Field::Departments)
        .count();
    if let (Some(d), true) = (rec.departments.as_mut(), columns > 1) {
        pair_bureaus_with_divisions(d);
    }
    if let Some(s) = rec.schedule.as_mut() {
        s.extend(entry.spans.iter().cloned());
    }
    if let Some(i) = rec.indicators.as_mut() {
        i.extend(entry.indicators.iter().cloned());
    }
    if entry.is_new {
        rec.is_new = Some(true);
    }
    department_closing_title(rec);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_department_closing_the_title_in_brackets_is_split_off() {
        let record = |title: &str| {
            let mut r = Record::empty(
                "x/1".into(),
                "x".into(),
                crate::plan::RecordKind::Initiative,
                1,
            );
            r.title = title.to_string();
            department_closing_title(&mut r);
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
    fn a_labelled_value_closing_the_summary_is_split_off() {
        let mut r = Record::empty(
            "x/1".into(),
            "x".into(),
            crate::plan::RecordKind::Initiative,
            1,
        );
        let text = "訓練を行っています。（担当：経済商工観光部 産業人材対策課（能力開発校））";
        apply(&mut r, Field::Summary, &[text.to_string()]);
        assert_eq!(r.summary.as_deref(), Some("訓練を行っています。"));
        let d = &r.departments.as_ref().expect("departments")[0];
        assert_eq!(d.division.as_deref(), Some("産業人材対策課（能力開発校）"));
        // Brackets that hold no label stay in the text.
        let mut r = Record::empty(
            "x/2".into(),
            "x".into(),
            crate::plan::RecordKind::Initiative,
            1,
        );
        apply(
            &mut r,
            Field::Summary,
            &["設置します（仮称：センター）。（ＣＥＭＳ）".to_string()],
        );
        assert_eq!(
            r.summary.as_deref(),
            Some("設置します（仮称：センター）。（ＣＥＭＳ）")
        );
        assert!(r.departments.as_ref().is_none_or(Vec::is_empty));
    }

    #[test]
    fn dates_labelled_apart_join_their_indicator() {
        let mut r = Record::empty(
            "x/1".into(),
            "x".into(),
            crate::plan::RecordKind::Initiative,
            1,
        );
        let lines = |s: &str| vec![s.to_string()];
        apply(&mut r, Field::Indicator, &lines("◇利用者数"));
        apply(&mut r, Field::Current, &lines("120人"));
        apply(&mut r, Field::CurrentAsOf, &lines("25年度"));
        apply(&mut r, Field::Target, &lines("200人（28年度末）"));
        let ind = &r.indicators.as_ref().unwrap()[0];
        assert_eq!(ind.name, "利用者数");
        let c = ind.current.as_ref().unwrap();
        assert_eq!((c.value.as_str(), c.as_of.as_str()), ("120人", "25年度"));
        let t = ind.target.as_ref().unwrap();
        assert_eq!((t.value.as_str(), t.as_of.as_str()), ("200人", "28年度末"));
        // A date with no indicator before it changes nothing.
        let mut empty = Record::empty(
            "x/2".into(),
            "x".into(),
            crate::plan::RecordKind::Initiative,
            1,
        );
        apply(&mut empty, Field::TargetAsOf, &lines("28年度末"));
        assert!(empty.indicators.as_ref().is_none_or(Vec::is_empty));
    }

    #[test]
    fn bureau_and_division_columns_make_one_department() {
        let v = |f: Field, ls: &[&str]| (f, ls.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        let mut r = Record::empty(
            "x/1".into(),
            "x".into(),
            crate::plan::RecordKind::Initiative,
            1,
        );
        let entry = Entry {
            values: vec![
                v(Field::Departments, &["震災復興・企画", "部", "総務部"]),
                v(Field::Departments, &["情報政策課", "市町村課"]),
            ],
            ..Default::default()
        };
        fill(&mut r, &entry);
        let d = r.departments.unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(
            (d[1].bureau.as_str(), d[1].division.as_deref()),
            ("総務部", Some("市町村課"))
        );
        // Two whole departments stay two.
        let mut r = Record::empty(
            "x/2".into(),
            "x".into(),
            crate::plan::RecordKind::Initiative,
            1,
        );
        let entry = Entry {
            values: vec![
                v(Field::Departments, &["総務部 市町村課"]),
                v(Field::Departments, &["環境生活部 環境政策課"]),
            ],
            ..Default::default()
        };
        fill(&mut r, &entry);
        assert_eq!(r.departments.unwrap().len(), 2);
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
