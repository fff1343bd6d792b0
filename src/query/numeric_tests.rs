//! Search tests of numeric indicator filters, indicator sorts, the unit facet
//! and year comparisons, on a small in-memory index.

use super::*;
use crate::plan::{Indicator, Record, ScheduleSpan};

/// An initiative with an indicator `current → target` (None: no indicator)
/// and a schedule over the fiscal years `from..=to`.
fn record(id: &str, values: Option<(&str, &str)>, years: (i32, i32)) -> Record {
    let mut r = Record::empty(id.into(), "ict2014".into(), RecordKind::Initiative, 1);
    r.title = format!("施策{id}");
    r.summary = Some("情報化を推進します。".into());
    r.schedule = Some(vec![ScheduleSpan::western(Some(years.0), years.1, "実施")]);
    r.indicators = Some(
        values
            .map(|(current, target)| {
                Indicator::printed(
                    "指標",
                    Some(("H25年度末", current)),
                    Some(("28年度末", target)),
                )
            })
            .into_iter()
            .collect(),
    );
    r
}

fn index() -> SearchIndex {
    let records = vec![
        record(
            "ict2014/1-1-1",
            Some(("330施設", "2,000施設")),
            (2014, 2016),
        ),
        record(
            "ict2014/1-1-2",
            Some(("0", "2,500件（許可業者の70%）")),
            (2014, 2014),
        ),
        record(
            "ict2014/1-1-3",
            Some(("2,740億円", "2,940億円")),
            (2015, 2016),
        ),
        record(
            "ict2014/1-1-4",
            Some(("40.9分", "平成27年全国平均")),
            (2011, 2013),
        ),
        record("ict2014/1-1-5", Some(("14校", "21校")), (2014, 2016)),
        record("ict2014/1-1-6", Some(("61件", "61件")), (2010, 2011)),
        record("ict2014/1-1-7", None, (2014, 2016)),
    ];
    SearchIndex::in_memory(&records).unwrap()
}

fn run(index: &SearchIndex, filters: &[&str], sort: Sort) -> SearchResponse {
    let mut req = SearchRequest::new("");
    req.limit = 100;
    req.sort = sort;
    req.filters = filters.iter().map(|f| f.parse().unwrap()).collect();
    index.search(&req).unwrap()
}

fn ids(res: &SearchResponse) -> Vec<&str> {
    res.hits
        .iter()
        .map(|h| h.id.trim_start_matches("ict2014/"))
        .collect()
}

fn sorted_ids(index: &SearchIndex, filters: &[&str]) -> Vec<String> {
    let res = run(index, filters, Sort::Id);
    assert!(res.warnings.is_empty(), "{filters:?}: {:?}", res.warnings);
    ids(&res).into_iter().map(str::to_string).collect()
}

#[test]
fn comparisons_on_target_current_and_change() {
    let ix = index();
    assert_eq!(
        sorted_ids(&ix, &["indicator.target>=1000"]),
        ["1-1-1", "1-1-2", "1-1-3"]
    );
    assert_eq!(sorted_ids(&ix, &["target>2500"]), ["1-1-3"]);
    assert_eq!(
        sorted_ids(&ix, &["indicator.target=21..2500"]),
        ["1-1-1", "1-1-2", "1-1-5", "1-1-6"]
    );
    assert_eq!(sorted_ids(&ix, &["indicator.current=40.9"]), ["1-1-4"]);
    assert_eq!(
        sorted_ids(&ix, &["indicator.current<100"]),
        ["1-1-2", "1-1-4", "1-1-5", "1-1-6"]
    );
    // Change needs two quantities of one unit: 1-1-4's target is not a number.
    assert_eq!(
        sorted_ids(&ix, &["indicator.change>0"]),
        ["1-1-1", "1-1-2", "1-1-3", "1-1-5"]
    );
    assert_eq!(sorted_ids(&ix, &["indicator.change=0"]), ["1-1-6"]);
    // Two conditions are AND-ed.
    assert_eq!(
        sorted_ids(&ix, &["target>=1000", "target<=2000"]),
        ["1-1-1"]
    );
}

#[test]
fn a_unit_in_the_value_must_match() {
    let ix = index();
    assert_eq!(sorted_ids(&ix, &["indicator.target>=1000件"]), ["1-1-2"]);
    assert_eq!(sorted_ids(&ix, &["indicator.target>=1億円"]), ["1-1-3"]);
    assert_eq!(
        sorted_ids(&ix, &["indicator.target>=1000人"]),
        Vec::<String>::new()
    );
    assert_eq!(sorted_ids(&ix, &["unit=件"]), ["1-1-2", "1-1-6"]);
}

#[test]
fn unit_facet_counts_and_multi_select() {
    let ix = index();
    let counts = |res: &SearchResponse| -> Vec<(String, u64)> {
        let mut v: Vec<(String, u64)> = res
            .facets
            .get("unit")
            .iter()
            .map(|v| (v.value.clone(), v.count))
            .collect();
        v.sort();
        v
    };
    let all = run(&ix, &[], Sort::Id);
    let mut expected: Vec<(String, u64)> =
        [("円", 1), ("分", 1), ("件", 2), ("施設", 1), ("校", 1)]
            .into_iter()
            .map(|(u, n)| (u.to_string(), n))
            .collect();
    expected.sort();
    assert_eq!(counts(&all), expected);
    // Selecting a unit keeps the other units' counts (multi-select) …
    let one = run(&ix, &["unit=件"], Sort::Id);
    assert_eq!(one.total, 2);
    assert_eq!(counts(&one), expected);
    // … while a numeric condition narrows every facet.
    let big = run(&ix, &["indicator.target>=1000"], Sort::Id);
    let mut narrowed: Vec<(String, u64)> = [("円", 1), ("件", 1), ("施設", 1)]
        .into_iter()
        .map(|(u, n)| (u.to_string(), n))
        .collect();
    narrowed.sort();
    assert_eq!(counts(&big), narrowed);
    assert_eq!(big.facets.get("edition").first().map(|v| v.count), Some(3));
}

#[test]
fn sorting_by_indicator_values_puts_records_without_one_last() {
    let ix = index();
    let desc = run(&ix, &[], "target".parse().unwrap());
    assert_eq!(desc.sort.to_string(), "target");
    let order = ids(&desc);
    assert_eq!(order[..5], ["1-1-3", "1-1-2", "1-1-1", "1-1-6", "1-1-5"]);
    let mut rest = order[5..].to_vec();
    rest.sort_unstable();
    assert_eq!(rest, ["1-1-4", "1-1-7"]);
    let asc = run(&ix, &[], "target_asc".parse().unwrap());
    assert_eq!(
        ids(&asc)[..5],
        ["1-1-5", "1-1-6", "1-1-1", "1-1-2", "1-1-3"]
    );
    let change = run(&ix, &["indicator.change>=0"], "change".parse().unwrap());
    assert_eq!(ids(&change), ["1-1-3", "1-1-2", "1-1-1", "1-1-5", "1-1-6"]);
    // Hits carry the indicator, so the value the list is sorted by is shown.
    assert_eq!(
        desc.hits[0]
            .indicator
            .as_ref()
            .and_then(|i| i.target.as_ref())
            .map(|v| v.value.as_str()),
        Some("2,940億円")
    );
    // Paging through a numeric sort continues the same order.
    let mut req = SearchRequest::new("");
    req.sort = "target".parse().unwrap();
    req.limit = 2;
    req.offset = 2;
    let page = ix.search(&req).unwrap();
    assert_eq!(ids(&page), ["1-1-1", "1-1-6"]);
}

#[test]
fn year_comparisons_select_schedules_since_a_year() {
    let ix = index();
    // Since FY2015 (H27): every schedule reaching H27 or later.
    assert_eq!(
        sorted_ids(&ix, &["year>=2015"]),
        ["1-1-1", "1-1-3", "1-1-5", "1-1-7"]
    );
    assert_eq!(sorted_ids(&ix, &["year=H22..H23"]), ["1-1-4", "1-1-6"]);
    // Before FY2012: 1-1-4 runs H23–H25, so it starts in FY2011.
    let inline = ix.search(&SearchRequest::new("情報化 year<2012")).unwrap();
    let mut found = ids(&inline);
    found.sort_unstable();
    assert_eq!(found, ["1-1-4", "1-1-6"]);
}

#[test]
fn unreadable_comparisons_are_warnings() {
    let ix = index();
    let mut req = SearchRequest::new("");
    req.limit = 100;
    req.filters = vec![
        Filter::compare(
            FilterKey::from_name("indicator.target").unwrap(),
            Cmp::Ge,
            "たくさん",
        ),
        Filter::compare(FilterKey::from_name("dept").unwrap(), Cmp::Ge, "情報"),
    ];
    let res = ix.search(&req).unwrap();
    assert_eq!(res.total, 7, "both filters ignored");
    assert_eq!(res.warnings.len(), 2, "{:?}", res.warnings);
    assert!(res.warnings[0].contains("indicator.target"));
    let bad: Result<Sort, _> = "targets".parse();
    assert!(bad.is_err());
}
