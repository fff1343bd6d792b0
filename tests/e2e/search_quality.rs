//! Search quality on the gold records: readings (a query in kana finds words
//! written in kanji) and one-character queries (issue #5).

use std::collections::BTreeSet;

use shisaku::analysis::normalize;
use shisaku::index::document::body;
use shisaku::index::SearchIndex;
use shisaku::plan::{Record, RecordKind};
use shisaku::query::{SearchRequest, SearchResponse};

use crate::common::gold_records;

fn records() -> Vec<Record> {
    gold_records()
}

fn search(index: &SearchIndex, q: &str) -> SearchResponse {
    let mut req = SearchRequest::new(q);
    req.limit = 1000;
    index.search(&req).expect("search")
}

fn hit_ids(res: &SearchResponse) -> BTreeSet<String> {
    res.hits.iter().map(|h| h.id.clone()).collect()
}

/// Ids of the records whose title or prose contains `word` (normalised).
fn containing(records: &[Record], word: &str) -> BTreeSet<String> {
    let word = normalize(word).text;
    records
        .iter()
        .filter(|r| {
            let text = format!("{}\n{}", r.title, body(r).unwrap_or_default());
            normalize(&text).text.contains(&word)
        })
        .map(|r| r.id.clone())
        .collect()
}

#[test]
fn kana_query_finds_kanji_by_reading_below_literal_kana() {
    let mut all = records();
    let chiiki = containing(&all, "地域");
    assert!(chiiki.len() >= 3, "the gold records talk about 地域");
    let mut literal = Record::empty("x/topic/1".into(), "x".into(), RecordKind::Topic, 1);
    literal.title = "ちいきの話題".into();
    literal.text = Some("ちいきで話し合います。".into());
    all.push(literal);
    let index = SearchIndex::in_memory(&all).expect("index");
    let res = search(&index, "ちいき");
    let found = hit_ids(&res);
    let missing: Vec<&String> = chiiki.difference(&found).collect();
    assert!(
        missing.is_empty(),
        "ちいき misses records with 地域: {missing:?}"
    );
    assert_eq!(res.hits.first().map(|h| h.id.as_str()), Some("x/topic/1"));
    // Reading matches are highlighted on the kanji.
    let marked = res
        .hits
        .iter()
        .filter(|h| chiiki.contains(&h.id))
        .filter(|h| h.snippet.brackets().contains("【地域"))
        .count();
    assert!(marked > 0, "地域 is highlighted for ちいき");
}

#[test]
fn hiragana_division_name_finds_the_division() {
    let all = records();
    let with_division: BTreeSet<String> = all
        .iter()
        .filter(|r| {
            r.departments
                .iter()
                .flatten()
                .any(|d| d.division.as_deref() == Some("情報政策課"))
        })
        .map(|r| r.id.clone())
        .collect();
    assert!(!with_division.is_empty());
    let index = SearchIndex::in_memory(&all).expect("index");
    let found = hit_ids(&search(&index, "じょうほうせいさく"));
    let missing: Vec<&String> = with_division.difference(&found).collect();
    assert!(missing.is_empty(), "じょうほうせいさく misses {missing:?}");
    // Scoped to departments, it finds exactly the records with that division
    // (no other department reads ジョウホウセイサク).
    let scoped = hit_ids(&search(&index, "dept:じょうほうせいさく"));
    assert!(with_division.is_subset(&scoped));
}

#[test]
fn katakana_words_are_not_expanded_by_reading() {
    let index = SearchIndex::in_memory(&records()).expect("index");
    let mut req = SearchRequest::new("クラウド ちいき");
    req.explain = true;
    let explain = index
        .search(&req)
        .expect("search")
        .explain
        .unwrap_or_default();
    assert!(
        explain.contains("ちいき: morph") && explain.contains("reading チイキ"),
        "{explain}"
    );
    let cloud_line = explain
        .lines()
        .find(|l| l.contains("クラウド: morph"))
        .unwrap_or("");
    assert!(!cloud_line.contains("reading"), "{cloud_line}");
}

#[test]
fn one_character_query_finds_compounds() {
    let all = records();
    let index = SearchIndex::in_memory(&all).expect("index");
    let res = search(&index, "課");
    let found = hit_ids(&res);
    let expected = containing(&all, "課");
    assert!(!expected.is_empty());
    let missing: Vec<&String> = expected.difference(&found).collect();
    assert!(missing.is_empty(), "課 misses {missing:?}");
    // 情報政策課 sits in departments only: the dept scope finds it too.
    let dept = hit_ids(&search(&index, "dept:課"));
    let seisaku = all.iter().find(|r| {
        r.departments
            .iter()
            .flatten()
            .any(|d| d.division.as_deref() == Some("情報政策課"))
    });
    let seisaku = seisaku.map(|r| r.id.clone()).unwrap_or_default();
    assert!(dept.contains(&seisaku), "dept:課 finds {seisaku}");
    // The character is highlighted wherever it occurs in the prose shown.
    let hit = res.hits.iter().find(|h| h.snippet.text.contains('課'));
    assert!(hit.is_some_and(|h| h.snippet.brackets().contains("【課")));
}
