//! Text helpers of the plan parser: normalised comparison, numbers in any
//! width, joining wrapped lines, and splitting departments and actors.

use super::record::Department;
use crate::layout::TextLine;

/// NFKC with all white space removed: the form labels are compared in.
pub fn key(s: &str) -> String {
    crate::unicode::nfkc(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Parse an integer written in half- or full-width digits (surrounding
/// white space ignored).
pub fn parse_int(s: &str) -> Option<u32> {
    let n: String = crate::unicode::nfkc(s.trim());
    if n.is_empty() || !n.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    n.parse().ok()
}

/// The number of a number cell as plans print it: 12, １２, ①, 12., （12）,
/// No.12, №12.
pub fn number_cell(s: &str) -> Option<u32> {
    let n = crate::unicode::nfkc(s.trim());
    let n = n.trim();
    let n = ["No.", "NO.", "No", "NO", "№"]
        .iter()
        .find_map(|p| n.strip_prefix(p))
        .unwrap_or(n)
        .trim();
    let n = n
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or(n);
    parse_int(n.trim_end_matches(['.', ')']))
}

/// Split a leading number (any width) off `s`: ("12", "rest").
pub fn leading_number(s: &str) -> Option<(u32, &str)> {
    let t = s.trim_start();
    let end = t
        .char_indices()
        .find(|&(_, c)| !is_digit(c))
        .map_or(t.len(), |(i, _)| i);
    if end == 0 {
        return None;
    }
    Some((parse_int(&t[..end])?, &t[end..]))
}

/// Half- or full-width decimal digit.
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Join the lines of one paragraph: line-wrap breaks are removed; a space is
/// kept between two Latin words.
pub fn join_wrapped<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for l in lines {
        let l = l.trim_end();
        if l.trim().is_empty() {
            continue;
        }
        let need_space = out
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric())
            && l.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && !out.ends_with('/');
        if need_space {
            out.push(' ');
        }
        out.push_str(l.trim_start());
    }
    out.trim().to_string()
}

/// Group value lines into logical entries: a line continues the previous
/// entry when the previous line ran up to the right edge of the value area
/// (it was wrapped), else it starts a new entry.
pub fn group_wrapped(lines: &[&TextLine], right_edge: f32) -> Vec<String> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    let mut prev: Option<&TextLine> = None;
    for l in lines {
        let continues = prev.is_some_and(|p| {
            let room = right_edge - p.bbox.x1;
            room < 1.6 * p.size.max(l.size)
        });
        match (continues, out.last_mut()) {
            (true, Some(group)) => group.push(&l.text),
            _ => out.push(vec![&l.text]),
        }
        prev = Some(l);
    }
    out.into_iter()
        .map(join_wrapped)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Split a department line "震災復興・企画部　情報政策課" into bureau and division
/// at the first white space; without white space the whole is the bureau.
pub fn split_department(s: &str) -> Option<Department> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    match s.split_once(char::is_whitespace) {
        Some((bureau, division)) if !division.trim().is_empty() => Some(Department {
            bureau: bureau.trim().to_string(),
            division: Some(division.trim().to_string()),
        }),
        _ => Some(Department {
            bureau: s.to_string(),
            division: None,
        }),
    }
}

/// Split actors on "，" (or ",", "、") outside parentheses.
pub fn split_actors(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '（' | '(' | '［' | '[' | '「' => depth += 1,
            '）' | ')' | '］' | ']' | '」' => depth = (depth - 1).max(0),
            _ => {}
        }
        if depth == 0 && matches!(c, '，' | ',' | '、') {
            let t = cur.trim().to_string();
            if !t.is_empty() {
                out.push(t);
            }
            cur.clear();
        } else {
            cur.push(c);
        }
    }
    let t = cur.trim().to_string();
    if !t.is_empty() {
        out.push(t);
    }
    out
}

/// Whether a string looks like a URL.
pub fn is_url(s: &str) -> bool {
    let k = key(s).to_ascii_lowercase();
    k.starts_with("http://")
        || k.starts_with("https://")
        || k.starts_with("www.")
        || k.starts_with("ftp://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_any_width() {
        assert_eq!(parse_int("１２"), Some(12));
        assert_eq!(leading_number("３ 市町村"), Some((3, " 市町村")));
        assert_eq!(leading_number("市町村"), None);
    }

    #[test]
    fn number_cells_as_printed() {
        for (cell, n) in [
            ("12", 12),
            ("１２", 12),
            ("①", 1),
            ("3.", 3),
            ("３．", 3),
            ("（4）", 4),
            ("(5)", 5),
            ("No.6", 6),
            ("№7", 7),
            ("8)", 8),
        ] {
            assert_eq!(number_cell(cell), Some(n), "{cell}");
        }
        for cell in ["", "新規", "2-3-1", "No.", "1a"] {
            assert_eq!(number_cell(cell), None, "{cell}");
        }
    }

    #[test]
    fn departments_split_at_the_first_space() {
        let d = split_department("震災復興・企画部　情報政策課").unwrap();
        assert_eq!(d.bureau, "震災復興・企画部");
        assert_eq!(d.division.as_deref(), Some("情報政策課"));
        let d = split_department("経済商工観光部　情報産業振興室（仮）").unwrap();
        assert_eq!(d.division.as_deref(), Some("情報産業振興室（仮）"));
        assert_eq!(split_department("教育庁").unwrap().division, None);
    }

    #[test]
    fn actors_keep_parentheses() {
        assert_eq!(
            split_actors("県，市町村（一部，民間）"),
            vec!["県", "市町村（一部，民間）"]
        );
    }

    #[test]
    fn wrapped_lines_join_without_breaks() {
        assert_eq!(
            join_wrapped(["全国の地方公共", "団体を"]),
            "全国の地方公共団体を"
        );
        assert_eq!(join_wrapped(["FREE", "Wi-Fi"]), "FREE Wi-Fi");
    }
}
