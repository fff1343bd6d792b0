//! Tests of the passage post-pass.

use super::*;
use crate::plan::record::Source;

fn views(pages: &[PageLayout]) -> Vec<crate::plan::page::PageView<'_>> {
    pages.iter().map(crate::plan::page::PageView::new).collect()
}

fn line(text: &str, x0: f32, y: f32, size: f32) -> TextLine {
    let n = text.chars().count();
    TextLine {
        text: text.into(),
        bbox: Rect {
            x0,
            y0: y - size,
            x1: x0 + n as f32 * size,
            y1: y,
        },
        size,
        font: String::new(),
        char_x: (0..n).map(|i| x0 + i as f32 * size).collect(),
    }
}

fn page(number: u32, lines: Vec<TextLine>) -> PageLayout {
    PageLayout {
        number,
        width: 600.0,
        height: 800.0,
        lines,
        rules: vec![],
    }
}

fn plan_record(page: u32, bbox: BBox) -> Record {
    let mut r = Record::empty("e/1-1-1".into(), "e".into(), RecordKind::Initiative, page);
    r.source = Source {
        file: "e.pdf".into(),
        page,
        bbox: Some(bbox),
        ..Source::default()
    };
    r
}

fn texts(records: &[Record]) -> Vec<(String, String, String)> {
    records
        .iter()
        .map(|r| {
            (
                r.id.clone(),
                r.title.clone(),
                r.text.clone().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn uncovered_text_becomes_passages_under_their_heading() {
    let p1 = page(
        1,
        vec![
            line("第１章　計画の概要", 50.0, 120.0, 16.0),
            line("この計画は村の将来像を示すものであり、", 50.0, 150.0, 10.0),
            line("十年間の指針となる。", 50.0, 162.0, 10.0),
            line("カードの中の文字", 60.0, 300.0, 10.0),
        ],
    );
    let p2 = page(2, vec![line("続きの本文です。", 50.0, 150.0, 10.0)]);
    let p3 = page(3, vec![]);
    let mut records = vec![plan_record(
        1,
        BBox {
            x0: 40.0,
            y0: 280.0,
            x1: 500.0,
            y1: 320.0,
        },
    )];
    let pages = [p1, p2, p3];
    let coverage = add_passages(
        "e",
        "e.pdf",
        &views(&pages),
        &mut records,
        &[],
        &LayoutParams::default(),
    );
    let got = texts(&records);
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[0].0, "e/1-1-1", "plan records keep their place");
    assert_eq!(
        got[1],
        (
            "e/p1-1".to_string(),
            "第１章　計画の概要".to_string(),
            "第１章　計画の概要\nこの計画は村の将来像を示すものであり、十年間の指針となる。"
                .to_string()
        )
    );
    // Page 2 has no heading: the one above, on page 1, is its title.
    assert_eq!(got[2].0, "e/p2-1");
    assert_eq!(got[2].1, "第１章　計画の概要");
    assert_eq!(records[1].kind, RecordKind::Passage);
    assert_eq!(records[1].source.page, 1);
    assert!(records[1].source.bbox.is_some());
    assert_eq!(
        coverage,
        Coverage {
            pages: 3,
            record_pages: 1,
            passage_pages: 1,
            textless_pages: vec![3],
        }
    );
    assert!(coverage.summary().contains("without a text layer"));
}

#[test]
fn a_passage_without_heading_has_a_null_title_and_running_footers_are_left_out() {
    let pages: Vec<PageLayout> = (1..=3)
        .map(|n| {
            page(
                n,
                vec![
                    line("本文のみの頁", 50.0, 300.0, 10.0),
                    line(&format!("村だより {n}号"), 250.0, 780.0, 8.0),
                ],
            )
        })
        .collect();
    let mut records = Vec::new();
    add_passages(
        "e",
        "e.pdf",
        &views(&pages),
        &mut records,
        &[],
        &LayoutParams::default(),
    );
    assert_eq!(records.len(), 3);
    assert!(records
        .iter()
        .all(|r| r.text.as_deref() == Some("本文のみの頁")));
    let v = serde_json::to_value(&records[0]).expect("serialises");
    assert!(v["title"].is_null(), "{v}");
    assert!(v["field"].is_null() && v["item"].is_null());
}

#[test]
fn long_pages_are_cut_between_paragraphs() {
    let para = "あ".repeat(30);
    let lines: Vec<TextLine> = (0..60)
        .map(|i| {
            line(
                &para,
                50.0 + (i % 2) as f32 * 20.0,
                40.0 + i as f32 * 12.0,
                10.0,
            )
        })
        .collect();
    let mut records = Vec::new();
    let pages = [page(1, lines)];
    add_passages(
        "e",
        "e.pdf",
        &views(&pages),
        &mut records,
        &[],
        &LayoutParams::default(),
    );
    assert!(records.len() >= 2, "{}", records.len());
    for r in &records {
        assert!(r.text.as_deref().unwrap_or("").chars().count() <= MAX_PASSAGE_CHARS);
    }
    let total: usize = records
        .iter()
        .map(|r| {
            r.text
                .as_deref()
                .unwrap_or("")
                .replace('\n', "")
                .chars()
                .count()
        })
        .sum();
    assert_eq!(total, 60 * 30, "every line lands in a passage");
}

#[test]
fn headings_are_short_marked_or_larger_lines() {
    let body = 10.0;
    assert!(is_heading(&line("１．はじめに", 0.0, 10.0, 10.0), body));
    assert!(is_heading(&line("（２）目的", 0.0, 10.0, 10.0), body));
    assert!(is_heading(&line("【資料編】", 0.0, 10.0, 10.0), body));
    assert!(is_heading(&line("大きな見出し", 0.0, 10.0, 14.0), body));
    assert!(!is_heading(
        &line("本文の一文です。", 0.0, 10.0, 10.0),
        body
    ));
    assert!(!is_heading(&line("2024", 0.0, 10.0, 14.0), body));
    assert!(!is_heading(&line("普通の行", 0.0, 10.0, 10.0), body));
}
