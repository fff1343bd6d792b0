//! Field values as printed → record fields: actors, departments (read by
//! [`super::departments`]), schedule text (read by [`super::spans`]),
//! indicators (read by [`super::indicators`]), projects, URLs, references,
//! notes, the new badge.

use super::departments::{
    departments, last_bracket, pair_bureaus_with_divisions, unlabelled_department,
};
use super::indicators::{
    cell_indicators, inline_indicator, set_value, starts_value, trailing_date,
};
use super::labels::{says_new, vocabulary, Field};
use super::spans::schedule_lines;
use super::Entry;
use crate::plan::record::{Indicator, Record};
use crate::plan::text::{is_url, join_wrapped, number_cell, split_actors};

/// Join wrapped lines of one value (white space at line ends dropped).
pub fn join(lines: &[String]) -> String {
    join_wrapped(lines.iter().map(String::as_str))
}

/// Bulleted lines (・) → items, continuation lines joined to their item. A
/// hyphen is a bullet only with white space after it: a line that starts
/// with one and goes straight on (-Ｆｉの旅」) continues a word broken at the
/// hyphen (Ｗｉ-Ｆｉ).
pub fn bullets(lines: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in lines {
        let t = l.trim();
        let bullet = t.strip_prefix(['・', '●', '○', '◇']).or_else(|| {
            t.strip_prefix('-')
                .filter(|r| r.starts_with(char::is_whitespace))
        });
        if let Some(rest) = bullet {
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
    unlabelled_department(rec);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hyphen_is_a_bullet_only_with_a_space_after_it() {
        let lines: Vec<String> = [
            "・宮城支店「観光ＦＲＥＥＷｉ",
            "-Ｆｉの旅」",
            "- 二つ目",
            "・三つ目",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            bullets(&lines),
            ["宮城支店「観光ＦＲＥＥＷｉ-Ｆｉの旅」", "二つ目", "三つ目"]
        );
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
}
