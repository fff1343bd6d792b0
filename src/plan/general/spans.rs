//! Schedule spans printed as text: "～H25：運用／H26～H28：継続" on one line,
//! or one span a line, broken wherever a narrow cell or column breaks it.

use crate::plan::record::ScheduleSpan;
use crate::plan::text::join_wrapped;
use crate::plan::year::{ends_with_year, parse_span, starts_with_year, ERAS};

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
    // Each group's text, its lines joined; and its last line.
    let mut groups: Vec<(String, &str)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some((text, last)) = groups.last_mut() else {
            groups.push((line.trim().to_string(), line));
            continue;
        };
        let year_ends = ends_with_year(last);
        // A range broken at its dash: "平成26年度～" | "平成28年度", "平成26年度" | "～平成28年度";
        // or a year after its era's name: "平成26年度～平成" | "28年度".
        let open_range = last.trim_end().ends_with(['～', '~', '〜'])
            || (year_ends && line.trim_start().starts_with(['～', '~', '〜']))
            || ERAS.iter().any(|e| last.trim_end().ends_with(e.name));
        // A year broken inside its word in a narrow column starts a span
        // with the line after it: "26年" | "度～28年度：継続".
        let starts = starts_with_span(line)
            || (line
                .trim_end()
                .ends_with(|c: char| c == '年' || c.is_numeric())
                && lines.get(i + 1).is_some_and(|next| {
                    starts_with_span(&format!("{}{}", line.trim(), next.trim()))
                }));
        if open_range || !starts {
            // A label wrapped right after its years ("平成26年度～平成28年度" | "継続")
            // keeps a space between them.
            let cut_word = line.trim_start().starts_with(['年', '度']);
            *text = if !open_range && !cut_word && year_ends {
                format!("{} {}", text.trim_end(), line.trim())
            } else {
                join_wrapped([text.as_str(), line.as_str()])
            };
            *last = line;
        } else {
            groups.push((line.trim().to_string(), line));
        }
    }
    groups
        .iter()
        .flat_map(|(text, _)| schedule_text(text))
        .collect()
}

/// Whether `line` starts with a fiscal-year span ("～H25年度：", "2014年度～2016年度 ").
fn starts_with_span(line: &str) -> bool {
    let head = line
        .trim()
        .split(['：', ':', ' ', '　'])
        .next()
        .unwrap_or("");
    starts_with_year(head) && parse_span(head).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::FiscalYear;

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
        // A narrow column: a label wrapped right after its years, a range
        // broken before its dash, a line holding a year but not starting with one.
        let s = schedule_lines(&lines(&["2011年度 運用／2012年度～2013年度", "継続運用"]));
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].label, "継続運用");
        let s = schedule_lines(&lines(&["～H25 構築／平成26年度", "～平成28年度 運用"]));
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].from.map(|y| y.western()), Some(2014));
        assert_eq!(s[1].label, "運用");
        let s = schedule_lines(&lines(&["～H25 開発／平成26年", "度～平成28年度 運用開始"]));
        assert_eq!(s[1].label, "運用開始");
        // A year broken after its era's name, where the era-less year of the
        // next line reads as a year of its own (the document names its years).
        let _named = crate::plan::year::anchor(Some([FiscalYear::from_western(2014); 2]));
        let s = schedule_lines(&lines(&["～H25 運用／平成26年度～平成", "28年度 継続"]));
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].from.map(|y| y.western()), Some(2014));
        assert_eq!((s[1].to.western(), s[1].label.as_str()), (2016, "継続"));
        // An era-less year broken inside its word, its label wrapped before it.
        let s = schedule_lines(&lines(&[
            "～25",
            "年度：",
            "システ",
            "ムの運",
            "用",
            "26年",
            "度～",
            "28年度",
            "：継続",
        ]));
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].label, "システムの運用");
        assert_eq!(
            (s[1].from.map(|y| y.western()), s[1].label.as_str()),
            (Some(2014), "継続")
        );
        let s = schedule_lines(&lines(&["～H25 開発／平成26", "年度～平成28年度 運用開始"]));
        assert_eq!(s[1].label, "運用開始");
        assert_eq!(s[1].to.western(), 2016);
        let s = schedule_lines(&lines(&[
            "～平成25年度 アドバイス実",
            "施／平成26年度～平成28年度 継続",
        ]));
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].label, "アドバイス実施");
    }
}
