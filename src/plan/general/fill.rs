//! Field values as printed → record fields: actors, departments, schedule
//! text ("～H25：運用／H26～H28：継続"), indicators inline or in a cell,
//! projects, URLs, references, notes, the new badge.

use std::sync::OnceLock;

use regex::Regex;

use super::labels::{vocabulary, Field};
use super::Entry;
use crate::plan::record::{Department, Indicator, Record, ScheduleSpan};
use crate::plan::text::{is_url, join_wrapped, parse_int, split_actors, split_department};
use crate::plan::year::parse_span;

/// Join wrapped lines of one value (white space at line ends dropped).
pub fn join(lines: &[String]) -> String {
    join_wrapped(lines.iter().map(String::as_str))
}

/// Schedule spans written as text: parts separated by ／ (or 、 between
/// spans), each "years：label" or "years label".
pub fn schedule_text(text: &str) -> Vec<ScheduleSpan> {
    let mut out = Vec::new();
    // 、 or ， separate spans only when every piece starts with a year.
    let pieces: Vec<&str> = text
        .split(['／', '/'])
        .flat_map(|p| {
            let sub: Vec<&str> = p.split(['、', '，']).collect();
            let years_first = sub.len() > 1
                && sub.iter().all(|s| {
                    let head = s.trim().split(['：', ':', ' ', '　']).next().unwrap_or("");
                    parse_span(head).is_some()
                });
            if years_first {
                sub
            } else {
                vec![p]
            }
        })
        .collect();
    for part in pieces {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (years, label) = match part.find(['：', ':']) {
            Some(i) => (&part[..i], part[i..].trim_start_matches(['：', ':'])),
            None => part.split_once(char::is_whitespace).unwrap_or((part, "")),
        };
        if let Some((from, to)) = parse_span(years) {
            out.push(ScheduleSpan {
                from,
                to,
                label: label.trim().to_string(),
            });
        }
    }
    out
}

/// Schedule text over lines: a line that starts with a fiscal-year span
/// starts a span of its own (one span a line: "～H25年度：運用" then
/// "H26年度～H28年度：継続"); any other line continues the one before, as
/// does a line after one that ends in an open range (～).
pub fn schedule_lines(lines: &[String]) -> Vec<ScheduleSpan> {
    let mut groups: Vec<Vec<String>> = Vec::new();
    for line in lines {
        let open_range = groups
            .last()
            .and_then(|g| g.last())
            .is_some_and(|l| l.trim_end().ends_with(['～', '~', '〜']));
        match groups.last_mut() {
            Some(group) if open_range || !starts_with_span(line) => group.push(line.clone()),
            _ => groups.push(vec![line.clone()]),
        }
    }
    groups
        .iter()
        .flat_map(|g| schedule_text(&join(g)))
        .collect()
}

/// Whether `line` starts with a fiscal-year span ("～H25年度：", "2014年度～2016年度 ").
fn starts_with_span(line: &str) -> bool {
    let head = line
        .trim()
        .split(['：', ':', ' ', '　'])
        .next()
        .unwrap_or("");
    parse_span(head).is_some()
}

fn words(field: Field) -> String {
    let v = vocabulary();
    let mut ws: Vec<String> = v
        .words_of(field)
        .into_iter()
        .map(|w| regex::escape(&w))
        .collect();
    ws.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    ws.join("|")
}

/// The inline indicator patterns: values in parentheses after the name, then
/// (lenient) values after the name without parentheses, any separator between.
fn inline_indicator_res() -> &'static [Regex; 2] {
    static RE: OnceLock<[Regex; 2]> = OnceLock::new();
    RE.get_or_init(|| {
        let (c, t) = (words(Field::Current), words(Field::Target));
        // Short words (現状, 現況) are too common inside names to split on without brackets.
        let long_c = words(Field::Current)
            .split('|')
            .filter(|w| w.chars().count() >= 3)
            .collect::<Vec<_>>()
            .join("|");
        // A date is read by its shape, so that a value wrapped onto the
        // next line without a space still separates from it.
        let date = r"(?:[A-Za-zＡ-Ｚａ-ｚ]|平成|令和|昭和)?\s*[0-9０-９元]{1,4}\s*年\s*度?(?:\s*[0-9０-９]{1,2}\s*月)?(?:\s*[0-9０-９]{1,2}\s*日)?\s*(?:末|時点|現在)?";
        let value = |n: &str| {
            format!(r"\s*[（(]?\s*(?:(?P<{n}>{date})\s*[）)]?[\s：:]*|(?P<{n}2>[^\s）)]+)\s*[）)]?[\s：:]+)")
        };
        let strict = format!(
            r"^(?s)(?P<name>.*?)\s*[（(]\s*(?:{c}){}(?P<cv>.+?)\s*(?:→|⇒|➡|～|~)\s*(?:{t}){}(?P<tv>.+?)\s*[）)]$",
            value("cas"),
            value("tas")
        );
        let lenient = format!(
            r"^(?s)(?P<name>.+?)[\s：:、，]*(?:{long_c}){}(?P<cv>.+?)\s*(?:→|⇒|➡|～|~|、|，|／|\s)\s*(?:{t}){}(?P<tv>.+?)\s*[）)]?$",
            value("cas"),
            value("tas")
        );
        [strict, lenient].map(|r| Regex::new(&r).expect("valid regex"))
    })
}

/// An indicator written on one line: "name（現状値 H24年３月末 0グループ → 目標値 28年度末 2グループ）";
/// text without values is a name alone.
pub fn inline_indicator(text: &str) -> Indicator {
    let caps = inline_indicator_res()
        .iter()
        .find_map(|re| re.captures(text.trim()));
    match caps {
        Some(c) => {
            let get = |a: &str, b: &str| c.name(a).or(c.name(b)).map_or("", |m| m.as_str().trim());
            Indicator::printed(
                c["name"].trim(),
                Some((get("cas", "cas2"), c["cv"].trim())),
                Some((get("tas", "tas2"), c["tv"].trim())),
            )
        }
        None => Indicator::printed(text.trim(), None, None),
    }
}

/// "現状値（H24年３月末）：0グループ" → (Current, "H24年３月末", "0グループ");
/// the date may also follow the value: "現状値：0グループ（H24年３月末）".
pub fn value_label(line: &str) -> Option<(Field, String, String)> {
    let t = line.trim_start();
    let colon = t.find(['：', ':'])?;
    let (f, note) = vocabulary().field_with_note(&t[..colon])?;
    let rest = t[colon..].trim_start_matches(['：', ':']).trim();
    if !matches!(f, Field::Current | Field::Target) {
        return None;
    }
    match note {
        Some(note) => Some((f, note, rest.to_string())),
        None => {
            let (value, as_of) = trailing_date(rest).unwrap_or((rest, ""));
            Some((f, as_of.to_string(), value.to_string()))
        }
    }
}

/// "0グループ（H24年３月末）" → ("0グループ", "H24年３月末"): a value followed by
/// a date in brackets (a 年, 月 or 末 in it), split off.
fn trailing_date(text: &str) -> Option<(&str, &str)> {
    let inner = text.strip_suffix(['）', ')'])?;
    let open = inner.rfind(['（', '('])?;
    let date = &inner[open..];
    let date = date[date.chars().next()?.len_utf8()..].trim();
    let value = inner[..open].trim();
    let dated = date.chars().any(|c| matches!(c, '年' | '月' | '末'))
        && date
            .chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c) || c == '元');
    (dated && !value.is_empty()).then_some((value, date))
}

/// Whether a line starts with a current/target value label (現状値, 目標値 …).
fn starts_value(line: &str) -> bool {
    // The label form without dropping the colon: NFKC, no white space, no
    // leading marks or brackets.
    let k: String = crate::unicode::nfkc(line)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let k = k.trim_start_matches(|c| super::labels::is_mark(c) || super::labels::is_bracket(c));
    let v = vocabulary();
    [Field::Current, Field::Target]
        .iter()
        .flat_map(|f| v.words_of(*f))
        .any(|w| {
            let w = super::labels::label_key(&w);
            k.starts_with(&w)
                && k[w.len()..].starts_with(['(', '（', ':', '：', ']', '】', '>', '＞'])
        })
}

/// Indicators of a cell: "◇name" lines (wrapped), then 現状値（…）：value and
/// 目標値（…）：value lines (wrapped).
pub fn cell_indicators(lines: &[String]) -> Vec<Indicator> {
    // Parts: (is a value part, joined text), each starting at a bullet or a value label.
    let mut parts: Vec<(bool, String)> = Vec::new();
    for line in lines {
        let t = line.trim();
        let bullet = t.starts_with(['◇', '◆', '・', '○', '●']);
        if starts_value(t) {
            parts.push((true, t.to_string()));
        } else if bullet || parts.is_empty() {
            let name = t.trim_start_matches(['◇', '◆', '・', '○', '●']).trim();
            parts.push((false, name.to_string()));
        } else if let Some(last) = parts.last_mut() {
            last.1 = join_wrapped([last.1.as_str(), t]);
        }
    }
    let mut out: Vec<Indicator> = Vec::new();
    for (value, text) in parts {
        if !value {
            out.push(Indicator::printed(&text, None, None));
            continue;
        }
        let Some((f, as_of, rest)) = value_label(&text) else {
            continue;
        };
        if out.is_empty() {
            out.push(Indicator::printed("", None, None));
        }
        let Some(ind) = out.last_mut() else { continue };
        let v = Some((as_of.as_str(), rest.as_str()));
        match f {
            Field::Current => ind.current = Indicator::printed("", v, None).current,
            _ => ind.target = Indicator::printed("", None, v).target,
        }
    }
    for ind in &mut out {
        if ind.name.contains('（') && ind.current.is_none() && ind.target.is_none() {
            *ind = inline_indicator(&ind.name);
        }
    }
    out.retain(|i| !i.name.is_empty() || i.current.is_some() || i.target.is_some());
    out
}

/// Departments: "部 課" per line, a bureau line followed by its division
/// line, or several joined with ／.
pub fn departments(lines: &[String]) -> Vec<Department> {
    // A name wrapped in a narrow cell continues on the next line: a line
    // inside an open parenthesis or not ending like an organisation does.
    let ends_like_unit = |s: &str| {
        [
            "部", "局", "庁", "会", "課", "室", "ター", "所", "校", "館", "院", "班", "係", "長",
            "）", ")",
        ]
        .iter()
        .any(|e| s.ends_with(e))
    };
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
    let bureau_like = |s: &str| {
        ["部", "局", "庁", "本部", "委員会", "事務局"]
            .iter()
            .any(|e| s.ends_with(e))
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < parts.len() {
        let p = &parts[i];
        if p.contains(char::is_whitespace) {
            out.extend(split_department(p));
        } else if let Some(d) = glued_department(p) {
            out.push(d);
        } else if bureau_like(p)
            && parts
                .get(i + 1)
                .is_some_and(|n| !bureau_like(n) && !n.contains(char::is_whitespace))
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

/// Apply one labelled value (its lines) to an initiative or site record.
pub fn apply(rec: &mut Record, field: Field, lines: &[String]) {
    let text = join(lines);
    match field {
        Field::Title => rec.title = text,
        Field::Summary => {
            let s = rec.summary.get_or_insert_with(String::new);
            if !s.is_empty() && !text.is_empty() {
                s.push('\n');
            }
            s.push_str(&text);
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
                let v = Some((as_of, value));
                match field {
                    Field::Current => ind.current = Indicator::printed("", v, None).current,
                    _ => ind.target = Indicator::printed("", None, v).target,
                }
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
                n.push_str(&text);
            }
        }
        Field::Projects => rec
            .projects
            .get_or_insert_with(Vec::new)
            .extend(bullets(lines)),
        Field::NewBadge => {
            if text.contains('新') || text.to_ascii_uppercase().contains("NEW") || lines.is_empty()
            {
                rec.is_new = Some(true);
            }
        }
        Field::Number => {
            if let Some(n) = parse_int(&text) {
                rec.no = Some(Some(n));
            }
        }
        Field::FieldName | Field::ItemName | Field::Overview | Field::Topic | Field::Sites => {}
    }
}

/// Fill `rec` from an entry's labelled values, spans and indicators.
pub fn fill(rec: &mut Record, entry: &Entry) {
    for (field, lines) in &entry.values {
        apply(rec, *field, lines);
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_written_as_text() {
        let s = schedule_text("～平成25年度 システムの維持・運用／平成26年度～平成28年度 継続");
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].from, s[0].to.western()), (None, 2013));
        assert_eq!(s[1].label, "継続");
        let s = schedule_text("～H25：運用／H26～H28：継続");
        assert_eq!(
            (s[1].from.map(|y| y.western()), s[1].to.western()),
            (Some(2014), 2016)
        );
        let s = schedule_text("～平成25年度：運用、平成26～28年度：継続");
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].from.map(|y| y.western()), Some(2014));
        let s = schedule_text("～H25：サポート，アドバイス実施");
        assert_eq!(s[0].label, "サポート，アドバイス実施");
        let s = schedule_text("R1年度～R3年度 継続");
        assert_eq!(s[0].to.western(), 2021);
    }

    #[test]
    fn schedules_one_span_a_line() {
        let lines = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let s = schedule_lines(&lines(&[
            "～H25年度：システムの維持・",
            "運用",
            "H26年度～H28年度：継続",
        ]));
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].label, "システムの維持・運用");
        assert_eq!(s[1].from.map(|y| y.western()), Some(2014));
        assert_eq!(s[1].label, "継続");
        // A range wrapped after its ～ is one span.
        let s = schedule_lines(&lines(&["平成26年度～", "平成28年度：継続"]));
        assert_eq!(s.len(), 1);
        assert_eq!(
            (s[0].from.map(|y| y.western()), s[0].to.western()),
            (Some(2014), 2016)
        );
        // Spans on one line still split at ／.
        let s = schedule_lines(&lines(&["～H25：運用／H26～H28：継続"]));
        assert_eq!(s.len(), 2);
    }

    #[test]
    fn indicators_inline_and_in_cells() {
        let i = inline_indicator("市町村の共同利用クラウドグループ数（現状値 H24年３月末 0グループ → 目標値 28年度末 2グループ）");
        assert_eq!(i.name, "市町村の共同利用クラウドグループ数");
        assert_eq!(i.current.unwrap().as_of, "H24年３月末");
        assert_eq!(i.target.unwrap().value, "2グループ");
        let i = inline_indicator("数（現状値 26年3月末 0件 → 目標値 28年度末5,000件）");
        assert_eq!(i.target.as_ref().unwrap().as_of, "28年度末");
        assert_eq!(i.target.unwrap().value, "5,000件");
        let i = inline_indicator(
            "接続医療機関数 現状値（26年7月末）330施設、目標値（28年度末）2,000施設",
        );
        assert_eq!(i.name, "接続医療機関数");
        assert_eq!(i.current.as_ref().unwrap().value, "330施設");
        assert_eq!(i.target.as_ref().unwrap().as_of, "28年度末");
        let i = inline_indicator("利用者数（累計）");
        assert_eq!((i.name.as_str(), i.current), ("利用者数（累計）", None));
        let lines: Vec<String> = [
            "◇市町村の共同利用クラウドグル",
            "ープ数",
            "現状値（H24年３月末）：0グル",
            "ープ",
            "目標値（28年度末）：2グループ",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let v = cell_indicators(&lines);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].name, "市町村の共同利用クラウドグループ数");
        assert_eq!(v[0].current.as_ref().unwrap().value, "0グループ");
        // The date after the value.
        let lines: Vec<String> = [
            "◇設置小学校数（累計）",
            "現状値：14校（25年6月末）",
            "目標値：21校（27年度末）",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let v = cell_indicators(&lines);
        assert_eq!(v[0].name, "設置小学校数（累計）");
        let current = v[0].current.as_ref().unwrap();
        assert_eq!(
            (current.value.as_str(), current.as_of.as_str()),
            ("14校", "25年6月末")
        );
        assert_eq!(v[0].target.as_ref().unwrap().as_of, "27年度末");
        // A value whose brackets hold no date keeps them.
        let v = cell_indicators(&["◇件数".to_string(), "目標値：100件（累計）".to_string()]);
        assert_eq!(v[0].target.as_ref().unwrap().value, "100件（累計）");
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
    }
}
