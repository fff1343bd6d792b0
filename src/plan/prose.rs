//! Prose records: overview sections (【現状，課題と取組の方向性】), トピックス
//! boxes and 情報発信サイト等 entries.
//!
//! Paragraphs are rebuilt from geometry: a line starts a paragraph when it
//! is indented (an ideographic space or a left offset), when it is a
//! numbered sub-heading such as "(1) …", when it follows a sub-heading, or
//! after a vertical gap wider than a normal line pitch.

use regex::Regex;
use std::sync::OnceLock;

use crate::layout::TextLine;
use crate::pdf::Rect;

use super::page::{sort_reading, PageView};
use super::record::Record;
use super::text::{is_url, join_wrapped, key, split_department};

fn subheading_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^\s*(\(\d+\)|（[0-9０-９]+）|[0-9０-９]+[)）]|[①-⑳])").expect("valid regex")
    })
}

/// Rebuild paragraphs from lines (any order): "\n" between paragraphs.
pub fn paragraphs(lines: &[&TextLine]) -> String {
    let mut ls: Vec<&TextLine> = lines.to_vec();
    sort_reading(&mut ls);
    let Some(left) = ls.iter().map(|l| l.bbox.x0).reduce(f32::min) else {
        return String::new();
    };
    let mut pitches: Vec<f32> = ls
        .windows(2)
        .map(|w| w[1].bbox.cy() - w[0].bbox.cy())
        .filter(|p| *p > 0.0)
        .collect();
    pitches.sort_by(f32::total_cmp);
    let pitch = pitches.get(pitches.len() / 2).copied().unwrap_or(f32::MAX);
    let mut paras: Vec<Vec<&str>> = Vec::new();
    let mut prev: Option<&TextLine> = None;
    let mut prev_sub = false;
    for l in ls {
        let indented = l.text.starts_with(char::is_whitespace) || l.bbox.x0 > left + 0.6 * l.size;
        let sub = subheading_re().is_match(&l.text);
        let gap = prev.is_some_and(|p| l.bbox.cy() - p.bbox.cy() > pitch * 1.25 + 0.5);
        let new_para = prev.is_none() || indented || sub || prev_sub || gap;
        if new_para {
            paras.push(vec![&l.text]);
        } else if let Some(p) = paras.last_mut() {
            p.push(&l.text);
        }
        prev_sub = sub;
        prev = Some(l);
    }
    paras
        .into_iter()
        .map(join_wrapped)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Parse the overview region `area`: the 【title】 line and the prose under it.
pub fn parse_overview(view: &PageView, area: &Rect, title_line: &TextLine, rec: &mut Record) {
    let t = title_line.text.trim();
    rec.title = t
        .trim_start_matches(['【', '['])
        .trim_end_matches(['】', ']'])
        .trim()
        .to_string();
    let body: Vec<&TextLine> = view
        .lines_in(area)
        .into_iter()
        .filter(|l| l.bbox.cy() > title_line.bbox.y1)
        .collect();
    rec.text = Some(paragraphs(&body));
}

/// Parse a topic box framed by `frame`; `label` is the トピックス line.
pub fn parse_topic(view: &PageView, frame: &Rect, label: &TextLine, rec: &mut Record) {
    let lines = view.lines_in(frame);
    // The title sits on the label's band, to its right.
    let band_bottom = label.bbox.y1 + label.size * 0.6;
    let title: Vec<&TextLine> = lines
        .iter()
        .copied()
        .filter(|l| l.bbox.cy() < band_bottom && l.bbox.x0 > label.bbox.x1 - 0.5)
        .collect();
    rec.title = join_wrapped(title.iter().map(|l| l.text.as_str()));
    let body: Vec<&TextLine> = lines
        .into_iter()
        .filter(|l| l.bbox.y0 > band_bottom - 0.5)
        .collect();
    rec.text = Some(paragraphs(&body));
}

/// Parse one site entry from its lines; `media_frames` are the small framed
/// tags on the page.
///
/// Above the first label (ＵＲＬ / 担当) come the title (lines at the entry's
/// left edge) and the summary (indented lines after it). Below it, URL-shaped
/// lines are URLs, lines from the 担当 label down are departments, anything
/// else is notes.
pub fn parse_site(lines: &[&TextLine], media_frames: &[Rect], rec: &mut Record) {
    let in_media = |l: &TextLine| {
        media_frames
            .iter()
            .any(|f| f.contains_point(l.bbox.cx(), l.bbox.cy(), 0.5))
    };
    let mut media: Vec<&TextLine> = lines.iter().copied().filter(|l| in_media(l)).collect();
    media.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    rec.media = Some(media.iter().map(|l| l.text.trim().to_string()).collect());
    let mut rest: Vec<&TextLine> = lines.iter().copied().filter(|l| !in_media(l)).collect();
    sort_reading(&mut rest);
    let Some(title_x) = rest.iter().map(|l| l.bbox.x0).reduce(f32::min) else {
        return;
    };
    let label_of = |l: &TextLine| {
        let k = key(&l.text);
        if k.starts_with("URL") {
            Some("URL")
        } else if k.starts_with("担当") {
            Some("担当")
        } else {
            None
        }
    };
    let first_label = rest
        .iter()
        .filter(|l| label_of(l).is_some())
        .map(|l| l.bbox.cy() - 0.8 * l.size)
        .reduce(f32::min);
    let dept_label = rest
        .iter()
        .find(|l| label_of(l) == Some("担当"))
        .map(|l| l.bbox.cy() - 0.8 * l.size);
    let (mut title, mut summary, mut urls, mut notes, mut depts) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut in_summary = false;
    for l in rest {
        let values = match label_of(l) {
            Some(label) => label_values(&[l], label),
            None => vec![l.text.clone()],
        };
        let labelled = first_label.is_some_and(|y| l.bbox.cy() >= y) || label_of(l).is_some();
        for v in values {
            if is_url(&v) {
                urls.push(v);
            } else if labelled {
                if dept_label.is_some_and(|y| l.bbox.cy() >= y) {
                    depts.push(v);
                } else {
                    notes.push(v);
                }
            } else {
                if !in_summary
                    && (l.bbox.x0 > title_x + 0.4 * l.size
                        || l.text.starts_with(char::is_whitespace))
                {
                    in_summary = true;
                }
                if in_summary {
                    summary.push(v);
                } else {
                    title.push(v);
                }
            }
        }
    }
    rec.title = join_wrapped(title.iter().map(String::as_str));
    rec.summary = Some(join_wrapped(summary.iter().map(String::as_str)));
    rec.urls = Some(
        urls.iter()
            .map(|u| u.split_whitespace().collect())
            .collect(),
    );
    rec.departments = Some(depts.iter().filter_map(|d| split_department(d)).collect());
    let note = join_wrapped(notes.iter().map(String::as_str));
    rec.notes = Some((!note.is_empty()).then_some(note));
}

/// The values of a labelled row: the text after the label (same line or
/// further segments).
fn label_values(row: &[&TextLine], label: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, l) in row.iter().enumerate() {
        if i == 0 {
            // Drop the label itself, keeping any value merged into the same line.
            let t = l.text.trim();
            let mut chars = 0;
            let mut seen = 0;
            for (idx, c) in t.char_indices() {
                if c.is_whitespace() {
                    continue;
                }
                if key(&c.to_string()).chars().all(|k| label.contains(k))
                    && seen < label.chars().count()
                {
                    seen += key(&c.to_string()).chars().count();
                    chars = idx + c.len_utf8();
                } else {
                    break;
                }
            }
            let rest = t[chars..].trim();
            if !rest.is_empty() {
                out.push(rest.to_string());
            }
        } else {
            out.push(l.text.trim().to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, x0: f32, y: f32) -> TextLine {
        TextLine {
            text: text.into(),
            bbox: Rect {
                x0,
                y0: y - 9.0,
                x1: x0 + 100.0,
                y1: y + 1.0,
            },
            size: 10.0,
            font: String::new(),
            char_x: text.chars().map(|_| x0).collect(),
        }
    }

    #[test]
    fn indented_lines_and_subheadings_start_paragraphs() {
        let ls = [
            line("　本県では，", 10.0, 20.0),
            line("続きの行。", 10.0, 36.0),
            line("(1) 商品販売・導入支援", 10.0, 52.0),
            line("　次の段落", 10.0, 68.0),
            line("その続き", 10.0, 84.0),
        ];
        let refs: Vec<&TextLine> = ls.iter().collect();
        assert_eq!(
            paragraphs(&refs),
            "本県では，続きの行。\n(1) 商品販売・導入支援\n次の段落その続き"
        );
    }

    #[test]
    fn url_label_merged_with_its_value_is_split() {
        let l = line("ＵＲＬ http://example.jp/a", 10.0, 10.0);
        assert_eq!(
            label_values(&[&l], "URL"),
            vec!["http://example.jp/a".to_string()]
        );
    }
}
