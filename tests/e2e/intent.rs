//! Intent recall (#17): queries spelled the way a person types a concept the
//! plans print otherwise (a compound printed apart, a katakana spelling of a
//! Latin acronym, a hiragana reading, a long-vowel or okurigana variant, a
//! Latin loanword, an abbreviation). The queries and the printed forms they
//! mean are data (`tests/data/intent_queries.tsv`); a record is relevant when
//! its title or prose contains one of the forms. The test prints recall per
//! query and per class and asserts the overall figure.

use std::collections::{BTreeMap, BTreeSet};

use shisaku::analysis::normalize;
use shisaku::index::document::body;
use shisaku::index::SearchIndex;
use shisaku::plan::Record;
use shisaku::query::SearchRequest;

use crate::common::gold_records;

/// One line of the query file.
struct Intent {
    query: String,
    class: String,
    forms: Vec<String>,
}

fn intents() -> Vec<Intent> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/intent_queries.tsv");
    let text = std::fs::read_to_string(path).expect("intent query file");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 3, "three columns: {l}");
            Intent {
                query: cols[0].to_string(),
                class: cols[1].to_string(),
                forms: cols[2].split('|').map(|f| normalize(f).text).collect(),
            }
        })
        .collect()
}

fn records() -> Vec<Record> {
    gold_records()
}

/// Ids of the records whose normalised title or prose holds one of `forms`.
fn relevant(records: &[Record], forms: &[String]) -> BTreeSet<String> {
    records
        .iter()
        .filter(|r| {
            let text = normalize(&format!("{}\n{}", r.title, body(r).unwrap_or_default())).text;
            forms.iter().any(|f| text.contains(f.as_str()))
        })
        .map(|r| r.id.clone())
        .collect()
}

#[test]
fn intent_queries_reach_the_records_they_mean() {
    let records = records();
    let index = SearchIndex::in_memory(&records).expect("index");
    let (mut found_all, mut wanted_all) = (0usize, 0usize);
    let mut by_class: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut report = Vec::new();
    for intent in intents() {
        let wanted = relevant(&records, &intent.forms);
        assert!(
            !wanted.is_empty(),
            "{}: no record prints {:?}",
            intent.query,
            intent.forms
        );
        let mut req = SearchRequest::new(intent.query.as_str());
        req.limit = 1000;
        let res = index.search(&req).expect("search");
        let hits: BTreeSet<String> = res.hits.iter().map(|h| h.id.clone()).collect();
        let found = wanted.intersection(&hits).count();
        found_all += found;
        wanted_all += wanted.len();
        let class = by_class.entry(intent.class.clone()).or_default();
        class.0 += found;
        class.1 += wanted.len();
        report.push(format!(
            "{:<20} {:<18} {found:>3}/{:<3} hits {}",
            intent.query,
            intent.class,
            wanted.len(),
            hits.len()
        ));
    }
    for (class, (found, wanted)) in &by_class {
        report.push(format!("class {class:<18} recall {found}/{wanted}"));
    }
    let recall = found_all as f64 / wanted_all as f64;
    report.push(format!(
        "intent recall {found_all}/{wanted_all} = {recall:.3}"
    ));
    println!("{}", report.join("\n"));
    assert!(
        recall >= 0.95,
        "intent recall {recall:.3} < 0.95\n{}",
        report.join("\n")
    );
}
