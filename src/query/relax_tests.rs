//! Tests of the relaxations (`relax`): one class each, on records of our own
//! whose wording differs from the query's.

use super::{SearchIndex, SearchRequest, SearchResponse};
use crate::plan::{Record, RecordKind};

fn record(id: &str, title: &str, summary: &str) -> Record {
    let mut r = Record::empty(id.into(), "x2020".into(), RecordKind::Initiative, 1);
    r.title = title.into();
    r.summary = Some(summary.into());
    r
}

fn index() -> SearchIndex {
    SearchIndex::in_memory(&[
        record(
            "x2020/1",
            "ＩＣＴ産業人材の育成",
            "県内企業の技術者を育てます。",
        ),
        record(
            "x2020/2",
            "庁内無線ＬＡＮの整備",
            "会議室に無線ＬＡＮを整備します。",
        ),
        record(
            "x2020/3",
            "LGWANの運用",
            "総合行政ネットワークを運用します。",
        ),
        record(
            "x2020/4",
            "グランプリの開催",
            "アニメーションのグランプリを開きます。",
        ),
        record("x2020/5", "地域防災計画の見直し", "防災訓練を行います。"),
        record(
            "x2020/6",
            "情報発信の強化",
            "県の取組をウェブで紹介します。",
        ),
        record("x2020/7", "観光案内", "観光の情報を広く発信します。"),
        record("x2020/8", "クラウドの活用", "サーバを集約します。"),
    ])
    .expect("index")
}

fn search(index: &SearchIndex, query: &str) -> SearchResponse {
    let mut req = SearchRequest::new(query);
    req.explain = true;
    index.search(&req).expect("search")
}

fn ids(res: &SearchResponse) -> Vec<&str> {
    res.hits.iter().map(|h| h.id.as_str()).collect()
}

fn explained(res: &SearchResponse) -> String {
    res.explain.clone().unwrap_or_default()
}

#[test]
fn a_compound_printed_apart_is_found_by_its_parts() {
    let ix = index();
    let res = search(&ix, "人材育成");
    assert_eq!(ids(&res), ["x2020/1"]);
    assert!(
        explained(&res).contains("relaxed 人材育成: parts 人材 + 育成"),
        "{}",
        explained(&res)
    );
}

#[test]
fn katakana_spellings_of_acronyms_find_the_acronym() {
    let ix = index();
    let lan = search(&ix, "ラン");
    // The literal substring (グランプリ) still ranks first; LAN is added below it.
    assert_eq!(ids(&lan), ["x2020/4", "x2020/2"]);
    assert!(explained(&lan).contains("katakana read as LAN"));
    assert_eq!(ids(&search(&ix, "エルジーワン")), ["x2020/3"]);
    assert_eq!(ids(&search(&ix, "ムセンラン")), Vec::<&str>::new());
}

#[test]
fn hiragana_compounds_are_split_by_reading() {
    let ix = index();
    let res = search(&ix, "じんざいいくせい");
    assert_eq!(ids(&res), ["x2020/1"]);
    assert!(
        explained(&res).contains("reading parts じんざい + いくせい"),
        "{}",
        explained(&res)
    );
}

#[test]
fn a_compound_that_matches_also_finds_its_parts_near_each_other() {
    let ix = index();
    let res = search(&ix, "情報発信");
    // The literal match first, the parts with a word between below it.
    assert_eq!(ids(&res), ["x2020/6", "x2020/7"]);
    assert!(
        explained(&res).contains("parts near each other 情報 … 発信"),
        "{}",
        explained(&res)
    );
}

#[test]
fn other_spellings_of_the_same_word_are_found() {
    let ix = index();
    for (query, id, spelled) in [
        ("取り組み", "x2020/6", "取組"),
        ("ウエブ", "x2020/6", "ウェブ"),
        ("cloud", "x2020/8", "クラウド"),
        ("サーバー", "x2020/8", "サーバ"),
    ] {
        let res = search(&ix, query);
        assert_eq!(ids(&res), [id], "{query}");
        assert!(
            explained(&res).contains(&format!("relaxed {query}: also spelled {spelled}")),
            "{query}: {}",
            explained(&res)
        );
    }
    // Only a kanji stem of two or more characters the dictionary reads the same.
    assert_eq!(
        super::relax::without_okurigana("取り組み").as_deref(),
        Some("取組")
    );
    assert_eq!(super::relax::without_okurigana("行う"), None);
    assert_eq!(super::relax::without_okurigana("情報"), None);
}

#[test]
fn words_that_match_as_typed_are_not_relaxed_to_parts() {
    let ix = index();
    let res = search(&ix, "防災計画");
    assert_eq!(ids(&res), ["x2020/5"]);
    assert!(!explained(&res).contains("parts 防災 +"));
    // Quoted phrases are taken as typed.
    assert!(ids(&search(&ix, "\"人材育成\"")).is_empty());
    // Nothing searchable matches nothing, not everything.
    assert!(ids(&search(&ix, "、。！？")).is_empty());
}
