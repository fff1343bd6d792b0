//! Issue #5 acceptance on the gold records: recall of every title by any
//! 2-character substring plus its field facet, width folding, department
//! scope, facet counts, and an on-disk round trip.

use std::collections::HashSet;

use shisaku::index::{build_index, open_index, SearchIndex};
use shisaku::plan::Record;
use shisaku::query::{Filter, FilterKey, SearchRequest, SearchResponse};

#[derive(serde::Deserialize)]
struct GoldFile {
    records: Vec<Record>,
}

fn gold() -> Vec<Record> {
    let mut out = Vec::new();
    for name in ["ict2014.json", "it2013.json"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/gold")
            .join(name);
        let text = std::fs::read_to_string(path).unwrap();
        out.extend(serde_json::from_str::<GoldFile>(&text).unwrap().records);
    }
    out
}

fn run(index: &SearchIndex, query: &str, filters: Vec<Filter>) -> SearchResponse {
    let mut req = SearchRequest::new(query);
    req.filters = filters;
    req.limit = 1000;
    index.search(&req).unwrap()
}

/// Kanji, hiragana, katakana (the scripts the bigram analysis covers).
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}' | '々')
}

#[test]
fn every_title_is_found_by_a_two_char_substring_and_its_field() {
    let records = gold();
    let index = SearchIndex::in_memory(&records).unwrap();
    let mut checked = 0;
    for r in &records {
        let chars: Vec<char> = r.title.chars().collect();
        for w in chars.windows(2).filter(|w| w.iter().all(|c| is_cjk(*c))) {
            let q: String = w.iter().collect();
            let mut filters = Vec::new();
            if let Some(n) = r.field_no {
                filters.push(Filter::new(
                    FilterKey::from_name("field").unwrap(),
                    format!("{}:{n}", r.edition),
                ));
            }
            let res = run(&index, &q, filters);
            assert!(
                res.hits.iter().any(|h| h.id == r.id),
                "{} not found by {q:?} (title {:?})",
                r.id,
                r.title
            );
            checked += 1;
        }
    }
    assert!(checked > 500, "{checked}");
}

#[test]
fn full_and_half_width_give_the_same_hits() {
    let index = SearchIndex::in_memory(&gold()).unwrap();
    for (a, b) in [
        ("ＩＣＴ", "ICT"),
        ("ＬＧＷＡＮ", "lgwan"),
        ("ＩＴ", "IT"),
        ("Wi-Fi", "ＷＩ－ＦＩ"),
        ("wi-fi", "Ｗｉ-Ｆｉ"),
    ] {
        let ids = |q| {
            run(&index, q, vec![])
                .hits
                .into_iter()
                .map(|h| h.id)
                .collect::<HashSet<_>>()
        };
        let (x, y) = (ids(a), ids(b));
        assert!(!x.is_empty(), "{a}");
        assert_eq!(x, y, "{a} vs {b}");
    }
}

#[test]
fn dept_scope_and_filter_match_the_records() {
    let records = gold();
    let index = SearchIndex::in_memory(&records).unwrap();
    for name in ["情報産業振興室", "情報政策課"] {
        let expected: HashSet<&str> = records
            .iter()
            .filter(|r| {
                r.departments
                    .iter()
                    .flatten()
                    .any(|d| d.division.as_deref() == Some(name) || d.bureau == name)
            })
            .map(|r| r.id.as_str())
            .collect();
        assert!(!expected.is_empty());
        let scoped = run(&index, &format!("dept:{name}"), vec![]);
        let got: HashSet<&str> = scoped.hits.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(got, expected, "dept:{name}");
        let filtered = run(
            &index,
            "",
            vec![Filter::new(FilterKey::from_name("dept").unwrap(), name)],
        );
        assert_eq!(filtered.total, expected.len(), "dept={name}");
    }
}

#[test]
fn facet_counts_equal_counts_from_records() {
    let records = gold();
    let index = SearchIndex::in_memory(&records).unwrap();
    let res = run(&index, "", vec![]);
    assert_eq!(res.total, records.len());
    let count = |values: &[shisaku::query::FacetValue], v: &str| {
        values.iter().find(|x| x.value == v).map_or(0, |x| x.count) as usize
    };
    for kind in ["initiative", "overview", "site", "topic"] {
        let n = records.iter().filter(|r| r.kind.as_str() == kind).count();
        assert_eq!(count(res.facets.get("kind"), kind), n, "{kind}");
    }
    let with_ind = records
        .iter()
        .filter(|r| !r.indicator_list().is_empty())
        .count();
    assert_eq!(count(res.facets.get("indicator"), "true"), with_ind);
    let new = records.iter().filter(|r| r.is_new == Some(true)).count();
    assert_eq!(count(res.facets.get("new"), "true"), new);
    for fy in 2011..=2016 {
        let n = records
            .iter()
            .filter(|r| {
                r.schedule.iter().flatten().any(|s| match s.from {
                    Some(f) => f.western() <= fy && fy <= s.to.western(),
                    None => s.to.western() == fy,
                })
            })
            .count();
        assert_eq!(count(res.facets.get("year"), &fy.to_string()), n, "{fy}");
    }
    for r in &records {
        for a in r.actors.iter().flatten() {
            let n = records
                .iter()
                .filter(|x| x.actors.iter().flatten().any(|y| y == a))
                .count();
            assert_eq!(count(res.facets.get("actor"), a), n, "{a}");
        }
    }
    // Multi-select: selecting a kind keeps the other kinds' counts.
    let sel = run(
        &index,
        "",
        vec![Filter::new(FilterKey::from_name("kind").unwrap(), "site")],
    );
    for kind in ["initiative", "overview", "site"] {
        assert_eq!(
            count(sel.facets.get("kind"), kind),
            count(res.facets.get("kind"), kind)
        );
    }
    assert_eq!(sel.total, count(res.facets.get("kind"), "site"));
}

#[test]
fn on_disk_round_trip_of_every_record() {
    let records = gold();
    let dir = std::env::temp_dir().join(format!("shisaku-gold-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    build_index(&dir, &records).unwrap();
    let index = open_index(&dir).unwrap();
    for r in &records {
        assert_eq!(index.record(&r.id).as_ref(), Some(r));
    }
    let _ = std::fs::remove_dir_all(&dir);
}
