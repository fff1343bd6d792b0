//! Search tests on small in-memory fixtures (corpus-level tests live in
//! `tests/`).

use super::*;
use crate::plan::{FiscalYear, Indicator, Record, ScheduleSpan};

fn dept(bureau: &str, division: Option<&str>) -> Department {
    Department {
        bureau: bureau.into(),
        division: division.map(Into::into),
    }
}

/// A span over Heisei years, as the cards print them.
fn span(from: Option<i32>, to: i32) -> ScheduleSpan {
    let western = |y: i32| FiscalYear::from_era("平成", y).map_or(y, FiscalYear::western);
    ScheduleSpan::western(from.map(western), western(to), "継続")
}

#[allow(clippy::too_many_arguments)]
fn card(
    id: &str,
    field: (u32, &str),
    item: (u32, &str),
    title: &str,
    summary: &str,
    departments: Vec<Department>,
    actors: &[&str],
    schedule: Vec<ScheduleSpan>,
) -> Record {
    let edition = id.split('/').next().unwrap_or_default().to_string();
    let mut r = Record::empty(id.into(), edition, RecordKind::Initiative, 2);
    r.field_no = Some(field.0);
    r.field = Some(field.1.into());
    r.item_no = Some(item.0);
    r.item = Some(item.1.into());
    r.title = title.into();
    r.summary = Some(summary.into());
    r.departments = Some(departments);
    r.actors = Some(actors.iter().map(|a| a.to_string()).collect());
    r.schedule = Some(schedule);
    r.methods = Some(vec!["システム".into()]);
    r
}

fn fixtures() -> Vec<Record> {
    let seisaku = || dept("震災復興・企画部", Some("情報政策課"));
    let gyosei = (2, "行政の情報化");
    let shichoson = (3, "市町村行政の情報化");
    let mut v = vec![
        card(
            "ict2014/2-3-1",
            gyosei,
            shichoson,
            "総合行政ネットワーク（LGWAN)の運用",
            "全国の地方公共団体を相互に接続する行政機関専用のネットワーク「ＬＧＷＡＮ」を運用します。",
            vec![seisaku()],
            &["県", "市町村"],
            vec![span(None, 25), span(Some(26), 28)],
        ),
        card(
            "ict2014/2-3-3",
            gyosei,
            shichoson,
            "市町村業務システムの共同クラウド化の推進",
            "市町村の各種業務システムの共同クラウド化による事務の効率化を図ります。",
            vec![seisaku(), dept("総務部", Some("市町村課"))],
            &["宮城県電子自治体推進協議会"],
            vec![span(None, 25), span(Some(26), 28)],
        ),
        card(
            "ict2014/4-1-1",
            (4, "教育の情報化"),
            (1, "学校教育"),
            "ＩＣＴを活用した授業の推進",
            "ＩＣＴ機器を活用したわかる授業を推進します。",
            vec![dept("教育庁", Some("教育企画室"))],
            &["県"],
            vec![span(Some(26), 26)],
        ),
        card(
            "ict2014/5-1-1",
            (5, "産業の振興"),
            (1, "情報産業の振興"),
            "情報産業の人材育成",
            "ソーシャルメディアを活用した情報発信を支援します。",
            vec![dept("経済商工観光部", Some("情報産業振興室"))],
            &["県"],
            vec![span(Some(27), 27)],
        ),
        card(
            "it2013/1-1-1",
            (1, "安全・安心な生活環境の実現"),
            (1, "防災対策の推進"),
            "災害情報配信システムの再構築",
            "各種メディアへの災害情報一括配信",
            Vec::new(),
            &[],
            vec![span(Some(23), 23), span(Some(24), 25)],
        ),
    ];
    if let Some(r) = v.get_mut(1) {
        r.is_new = Some(true);
        r.indicators = Some(vec![Indicator::printed(
            "共同利用クラウドグループ数",
            Some(("H24年３月末", "0グループ")),
            Some(("28年度末", "2グループ")),
        )]);
    }
    if let Some(r) = v.get_mut(2) {
        r.methods = Some(vec!["情報発信".into()]);
    }
    if let Some(r) = v.get_mut(4) {
        r.projects = Some(vec!["同報系無線デジタル化事業".into()]);
    }
    let mut site = Record::empty(
        "ict2014/site/3-1-2".into(),
        "ict2014".into(),
        RecordKind::Site,
        9,
    );
    site.field_no = Some(3);
    site.field = Some("暮らしの情報化".into());
    site.item_no = Some(1);
    site.item = Some("環境".into());
    site.title = "みやぎ環境ｅ-NEWS".into();
    site.summary = Some("環境に関する情報を発信するメールマガジンです。".into());
    site.departments = Some(vec![dept("環境生活部", Some("環境政策課"))]);
    site.media = Some(vec!["メルマガ".into()]);
    v.push(site);
    let mut overview = Record::empty(
        "ict2014/overview/2-3".into(),
        "ict2014".into(),
        RecordKind::Overview,
        1,
    );
    overview.field_no = Some(2);
    overview.field = Some("行政の情報化".into());
    overview.item_no = Some(3);
    overview.item = Some("市町村行政の情報化".into());
    overview.title = "現状，課題と取組の方向性".into();
    overview.text = Some(format!(
        "{}\n震災の被害により，市町村のＩＣＴ人材が不足しています。{}",
        "本県及び県内市町村では，電子自治体化の推進に取り組んできました。".repeat(4),
        "クラウド導入を支援します。".repeat(6)
    ));
    v.push(overview);
    v
}

fn index() -> SearchIndex {
    SearchIndex::in_memory(&fixtures()).unwrap()
}

fn search(index: &SearchIndex, query: &str, filters: &[&str]) -> SearchResponse {
    let mut req = SearchRequest::new(query);
    req.limit = 100;
    req.filters = filters.iter().map(|f| f.parse().unwrap()).collect();
    index.search(&req).unwrap()
}

fn ids(res: &SearchResponse) -> Vec<&str> {
    let mut v: Vec<&str> = res.hits.iter().map(|h| h.id.as_str()).collect();
    v.sort_unstable();
    v
}

fn count(values: &[FacetValue], value: &str) -> u64 {
    values
        .iter()
        .find(|v| v.value == value)
        .map_or(0, |v| v.count)
}

#[test]
fn browse_lists_everything_by_id() {
    let idx = index();
    let res = search(&idx, "", &[]);
    assert_eq!(res.total, 7);
    assert_eq!(res.sort, Sort::Id);
    let order: Vec<&str> = res.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(order.first(), Some(&"ict2014/2-3-1"));
    assert_eq!(order.last(), Some(&"it2013/1-1-1"));
    assert_eq!(count(res.facets.get("kind"), "initiative"), 5);
    assert_eq!(count(res.facets.get("edition"), "ict2014"), 6);
    assert_eq!(count(res.facets.get("new"), "true"), 1);
    assert_eq!(count(res.facets.get("indicator"), "true"), 1);
    assert_eq!(count(res.facets.get("indicator"), "false"), 4);
    let field2 = res
        .facets
        .get("field")
        .iter()
        .find(|v| v.value == "ict2014:2")
        .unwrap();
    assert_eq!(
        (field2.count, field2.label.as_deref()),
        (3, Some("行政の情報化"))
    );
    assert_eq!(count(&field2.children, "ict2014:2-3"), 3);
    let bureau = res
        .facets
        .get("dept")
        .iter()
        .find(|v| v.value == "震災復興・企画部")
        .unwrap();
    assert_eq!(
        (bureau.count, count(&bureau.children, "情報政策課")),
        (2, 2)
    );
    // ～H25 counts only H25 = 2013; 23..=23 and 24..=25 give 2011..2013.
    let years: Vec<(&str, u64)> = res
        .facets
        .get("year")
        .iter()
        .map(|v| (v.value.as_str(), v.count))
        .collect();
    assert_eq!(
        years,
        vec![
            ("2011", 1),
            ("2012", 1),
            ("2013", 3),
            ("2014", 3),
            ("2015", 3),
            ("2016", 2)
        ]
    );
}

#[test]
fn filters_or_within_and_across_dimensions() {
    let idx = index();
    assert_eq!(
        ids(&search(&idx, "", &["dept=情報政策課"])),
        ["ict2014/2-3-1", "ict2014/2-3-3"]
    );
    assert_eq!(search(&idx, "", &["dept=震災復興・企画部"]).total, 2);
    assert_eq!(search(&idx, "", &["kind=site", "kind=overview"]).total, 2);
    assert_eq!(search(&idx, "", &["kind=initiative", "field=2"]).total, 2);
    assert_eq!(ids(&search(&idx, "", &["item=4-1"])), ["ict2014/4-1-1"]);
    assert_eq!(search(&idx, "", &["year=2015"]).total, 3);
    for y in ["H27", "平成27年度", "平成２７年度"] {
        assert_eq!(search(&idx, "", &[&format!("year={y}")]).total, 3, "{y}");
    }
    assert_eq!(ids(&search(&idx, "", &["year=2011"])), ["it2013/1-1-1"]);
    assert_eq!(search(&idx, "", &["edition=it2013"]).total, 1);
    assert_eq!(search(&idx, "", &["edition=ICT2014"]).total, 6);
    assert_eq!(search(&idx, "", &["method=情報発信"]).total, 1);
    assert_eq!(search(&idx, "", &["new=true"]).total, 1);
    assert_eq!(search(&idx, "", &["indicator=true"]).total, 1);
    assert_eq!(search(&idx, "", &["actor=県"]).total, 3);
    assert_eq!(search(&idx, "", &["actor=県", "dept=情報政策課"]).total, 1);
    assert_eq!(search(&idx, "", &["dept=存在しない課"]).total, 0);
}

#[test]
fn multi_select_keeps_sibling_counts() {
    let idx = index();
    let res = search(&idx, "", &["kind=site"]);
    assert_eq!(res.total, 1);
    // The selected facet counts without its own filter …
    assert_eq!(count(res.facets.get("kind"), "initiative"), 5);
    assert_eq!(count(res.facets.get("kind"), "site"), 1);
    assert!(res
        .facets
        .get("kind")
        .iter()
        .any(|v| v.value == "site" && v.selected));
    // … the others with it.
    assert_eq!(count(res.facets.get("edition"), "ict2014"), 1);
    assert_eq!(count(res.facets.get("edition"), "it2013"), 0);
    // Two selected facets: each ignores only itself.
    let res = search(&idx, "", &["kind=initiative", "edition=it2013"]);
    assert_eq!(res.total, 1);
    assert_eq!(
        count(res.facets.get("kind"), "site"),
        0,
        "it2013 has no sites"
    );
    assert_eq!(count(res.facets.get("kind"), "initiative"), 1);
    assert_eq!(count(res.facets.get("edition"), "ict2014"), 4);
    // Field tree: selecting a 項目 keeps the other 分野.
    let res = search(&idx, "", &["item=2-3"]);
    assert_eq!(res.total, 3);
    assert_eq!(count(res.facets.get("field"), "ict2014:4"), 1);
}

#[test]
fn facet_counts_equal_counts_from_records() {
    let idx = index();
    let records = fixtures();
    let res = search(&idx, "市町村", &[]);
    let hit_ids: HashSet<&str> = res.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(res.total, hit_ids.len());
    for kind in ["initiative", "site", "overview"] {
        let expected = records
            .iter()
            .filter(|r| hit_ids.contains(r.id.as_str()) && r.kind.as_str() == kind)
            .count() as u64;
        assert_eq!(count(res.facets.get("kind"), kind), expected, "{kind}");
    }
    let actors = records
        .iter()
        .filter(|r| hit_ids.contains(r.id.as_str()))
        .filter(|r| r.actors.iter().flatten().any(|a| a == "県"))
        .count() as u64;
    assert_eq!(count(res.facets.get("actor"), "県"), actors);
}

#[test]
fn bigram_substrings_and_width_forms() {
    let idx = index();
    assert_eq!(ids(&search(&idx, "業務シ", &[])), ["ict2014/2-3-3"]);
    assert_eq!(
        ids(&search(&idx, "共同クラ", &["field=2"])),
        ["ict2014/2-3-3"]
    );
    // Non-adjacent characters of 情報政策課 do not match as a phrase.
    assert_eq!(search(&idx, "情策", &[]).total, 0);
    assert_eq!(search(&idx, "\"政策 情報\"", &[]).total, 0);
    let full = search(&idx, "ＩＣＴ", &[]);
    let half = search(&idx, "ict", &[]);
    assert_eq!(ids(&full), ids(&half));
    assert_eq!(ids(&full), ["ict2014/4-1-1", "ict2014/overview/2-3"]);
    assert_eq!(ids(&search(&idx, "LGWAN", &[])), ["ict2014/2-3-1"]);
}

#[test]
fn projects_are_searched() {
    let idx = index();
    for q in ["同報系無線", "デジタル化事業", "project:無線デジタル"] {
        assert_eq!(ids(&search(&idx, q, &[])), ["it2013/1-1-1"], "{q}");
    }
    assert_eq!(search(&idx, "title:デジタル化事業", &[]).total, 0);
}

#[test]
fn scopes_or_and_exclusion() {
    let idx = index();
    assert_eq!(
        ids(&search(&idx, "dept:情報産業振興室", &[])),
        ["ict2014/5-1-1"]
    );
    // 情報産業 is in the title, not a department, of the same record only.
    assert_eq!(search(&idx, "dept:情報産業", &[]).total, 1);
    assert_eq!(ids(&search(&idx, "title:クラウド", &[])), ["ict2014/2-3-3"]);
    assert_eq!(search(&idx, "クラウド", &[]).total, 2);
    assert_eq!(
        ids(&search(&idx, "クラウド -title:クラウド", &[])),
        ["ict2014/overview/2-3"]
    );
    assert_eq!(search(&idx, "LGWAN OR 授業", &[]).total, 2);
    assert_eq!(ids(&search(&idx, "actor:市町村", &[])), ["ict2014/2-3-1"]);
    assert_eq!(ids(&search(&idx, "url:nothing", &[])), Vec::<&str>::new());
    assert_eq!(search(&idx, "市町村 year:2011", &[]).total, 0);
    assert_eq!(search(&idx, "-市町村", &[]).total, 4);
}

#[test]
fn synonyms_expand_and_are_explained() {
    let idx = index();
    let mut req = SearchRequest::new("SNS");
    req.explain = true;
    let res = idx.search(&req).unwrap();
    assert_eq!(ids(&res), ["ict2014/5-1-1"]);
    let explain = res.explain.unwrap();
    assert!(
        explain.contains("synonyms of SNS: ソーシャルメディア"),
        "{explain}"
    );
    assert_eq!(
        ids(&search(&idx, "メールマガジン", &[])),
        ["ict2014/site/3-1-2"]
    );
    let plain = idx
        .search_with(&SearchRequest::new("SNS"), &Synonyms::empty())
        .unwrap();
    assert_eq!(plain.total, 0);
}

#[test]
fn snippets_mark_matches_from_both_analyses() {
    let idx = index();
    let res = search(&idx, "業務シ", &[]);
    let hit = &res.hits[0];
    assert_eq!(
        hit.snippet.brackets(),
        "市町村の各種【業務シ】ステムの共同クラウド化による事務の効率化を図ります。"
    );
    assert_eq!(hit.title_marks.len(), 1);
    let res = search(&idx, "震災", &["kind=overview"]);
    let s = &res.hits[0].snippet;
    assert!(
        s.text.starts_with('…') && s.text.contains("震災の被害"),
        "{}",
        s.text
    );
    assert_eq!(s.marks.len(), 1);
    // A record without prose shows its title.
    let mut r = Record::empty("x/topic/1".into(), "x".into(), RecordKind::Topic, 1);
    r.title = "社会保障・税番号制度".into();
    let idx = SearchIndex::in_memory(&[r]).unwrap();
    let res = search(&idx, "番号", &[]);
    assert_eq!(res.hits[0].snippet.brackets(), "社会保障・税【番号】制度");
}

#[test]
fn sorting_and_paging() {
    let idx = index();
    let mut req = SearchRequest::new("");
    req.sort = Sort::Edition;
    req.limit = 2;
    req.offset = 5;
    let res = idx.search(&req).unwrap();
    assert_eq!(res.total, 7);
    let page: Vec<&str> = res.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(page, ["ict2014/site/3-1-2", "it2013/1-1-1"]);
    let res = search(&idx, "市町村", &[]);
    assert!(res.hits.windows(2).all(|w| w[0].score >= w[1].score));
    assert!(res.hits[0].score > 0.0);
    let mut req = SearchRequest::new("市町村");
    req.offset = 1000;
    assert!(idx.search(&req).unwrap().hits.is_empty());
}

#[test]
fn malformed_requests_degrade_with_warnings() {
    let idx = index();
    let long = "情報".repeat(5000);
    for q in [
        "\"市町村",
        "-",
        "OR",
        "title:",
        "\"\"",
        long.as_str(),
        "a:b:c",
        "----",
        "(",
        "*",
    ] {
        let res = search(&idx, q, &[]);
        assert!(res.total <= 7, "{q}");
    }
    let res = search(&idx, "\"市町村", &[]);
    assert_eq!(res.warnings.len(), 1);
    assert!(res.total > 0);
    let mut req = SearchRequest::new("");
    req.filters
        .push(Filter::new(FilterKey::from_name("year").unwrap(), "いつか"));
    req.limit = 5000;
    let res = idx.search(&req).unwrap();
    assert_eq!(res.total, 7, "a bad filter is ignored");
    assert_eq!(res.warnings.len(), 2, "{:?}", res.warnings);
}

#[test]
fn records_and_json_shape() {
    let idx = index();
    let records = fixtures();
    assert_eq!(idx.record("ict2014/2-3-3").as_ref(), records.get(1));
    let res = search(&idx, "LGWAN", &["dept=情報政策課"]);
    let json = serde_json::to_value(&res).unwrap();
    assert_eq!(json["total"], 1);
    let hit = &json["hits"][0];
    for key in [
        "id",
        "kind",
        "title",
        "departments",
        "field",
        "item",
        "edition",
        "page",
        "score",
        "snippet",
    ] {
        assert!(hit.get(key).is_some(), "{key}");
    }
    assert_eq!(json["facets"]["edition"][0]["value"], "ict2014");
    assert!(json["facets"]["dept"][0]["children"].is_array());
    assert!(res
        .facets
        .get("dept")
        .iter()
        .any(|v| v.selected || v.children.iter().any(|c| c.selected)));
}

#[test]
fn kana_queries_find_kanji_by_reading() {
    let idx = index();
    assert_eq!(ids(&search(&idx, "じゅぎょう", &[])), ["ict2014/4-1-1"]);
    let res = search(&idx, "じょうほうせいさく", &[]);
    assert_eq!(ids(&res), ["ict2014/2-3-1", "ict2014/2-3-3"]);
    // 市町村 in titles, prose and 項目 names (actors have no reading field).
    assert_eq!(
        ids(&search(&idx, "しちょうそん", &[])),
        ["ict2014/2-3-1", "ict2014/2-3-3", "ict2014/overview/2-3"]
    );
    // The snippet marks the kanji the reading matched.
    let res = search(&idx, "じゅぎょう", &[]);
    assert_eq!(res.hits[0].title_marks.len(), 1);
    // A word in kanji with the same reading ranks below the literal kana.
    let mut kana = Record::empty("x/topic/1".into(), "x".into(), RecordKind::Topic, 1);
    kana.title = "じゅぎょうの工夫".into();
    let mut records = fixtures();
    records.push(kana);
    let idx = SearchIndex::in_memory(&records).unwrap();
    let res = search(&idx, "じゅぎょう", &[]);
    let order: Vec<&str> = res.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(order, ["x/topic/1", "ict2014/4-1-1"]);
}

#[test]
fn one_character_queries_match_inside_words() {
    let idx = index();
    // 情報政策課, 市町村課 (departments) and 課題 (an overview title).
    assert_eq!(
        ids(&search(&idx, "課", &[])),
        [
            "ict2014/2-3-1",
            "ict2014/2-3-3",
            "ict2014/overview/2-3",
            "ict2014/site/3-1-2"
        ]
    );
    assert_eq!(
        ids(&search(&idx, "dept:課", &[])),
        ["ict2014/2-3-1", "ict2014/2-3-3", "ict2014/site/3-1-2"]
    );
    let res = search(&idx, "題", &["kind=overview"]);
    assert_eq!(res.total, 1);
    assert_eq!(res.hits[0].title_marks, vec![[12, 15]]);
}
