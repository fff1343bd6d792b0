//! Tests of [`super`]: media tags, URLs, scores and evidence, and term
//! counts (merged halves, counting from profiles).

use super::*;
use crate::plan::Department;

fn card(id: &str, title: &str, summary: &str) -> Record {
    let mut r = Record::empty(id.into(), "e".into(), RecordKind::Initiative, 1);
    r.title = title.into();
    r.summary = Some(summary.into());
    r
}

#[test]
fn media_tags_are_stripped_from_titles() {
    assert_eq!(
        strip_media_tag("みやぎ復興人材ネットワーク事業【ＨＰ】"),
        "みやぎ復興人材ネットワーク事業"
    );
    assert_eq!(strip_media_tag("【ＨＰ】"), "【ＨＰ】");
    assert_eq!(strip_media_tag("普通の題名"), "普通の題名");
}

#[test]
fn counting_from_profiles_counts_what_the_records_hold() {
    let records = [
        card(
            "a/1",
            "みやぎ復興人材ネットワーク事業【ＨＰ】",
            "人材の育成を行う。",
        ),
        card("a/2", "地域情報化の推進", "光ファイバ網を整備する。"),
        card("a/3", "", "題名のない記録"),
    ];
    let analysis = Analysis::of(&records, &WordTable::default());
    let mut from_profiles = Corpus::default();
    for r in &records {
        from_profiles.count(r, Some(&Profile::analysed(r, &analysis)), &analysis);
    }
    let plain = Corpus::counted(&records, &analysis);
    assert_eq!(from_profiles.docs, plain.docs);
    assert_eq!(from_profiles.df, plain.df);
    assert_eq!(from_profiles.title_df, plain.title_df);
    assert_eq!(from_profiles.summary_df, plain.summary_df);
    // The tag's term is counted (the profile leaves it out).
    assert_eq!(plain.df("hp"), 1, "{:?}", plain.df);
}

#[test]
fn url_directories_ignore_scheme_and_www() {
    let u = normalize_url("http://www.pref.miyagi.jp/soshiki/jyoho/lgwan-index.html");
    assert_eq!(
        u.as_deref(),
        Some("pref.miyagi.jp/soshiki/jyoho/lgwan-index.html")
    );
    assert_eq!(
        url_dir("pref.miyagi.jp/soshiki/jyoho/x.html"),
        Some("pref.miyagi.jp/soshiki/jyoho/")
    );
    assert_eq!(url_dir("cancer-miyagi.jp/"), None);
}

#[test]
fn same_title_scores_high_and_explains_itself() {
    let a = card(
        "a/1",
        "民間賃貸住宅借上げシステムの運用",
        "契約・支払を行う。",
    );
    let b = card(
        "b/1",
        "民間賃貸住宅借上げシステムの運用",
        "契約・支払を行う。",
    );
    let other = card("b/2", "商店街の情報化支援", "商店街の集客力向上");
    let corpus = Corpus::of(&[a.clone(), b.clone(), other.clone()]);
    let p = LineageParams::default();
    let same = compare(&Profile::of(&a), &Profile::of(&b), &corpus, &p);
    let diff = compare(&Profile::of(&a), &Profile::of(&other), &corpus, &p);
    assert!(same.score > 0.7, "{same:?}");
    assert!(diff.score < p.threshold, "{diff:?}");
    assert!(same.evidence.iter().any(|e| e == "題名の一致度 1.00"));
}

#[test]
fn url_path_and_department_add_evidence() {
    let mut a = card("a/1", "甲", "");
    let mut b = card("b/1", "乙", "");
    a.urls = Some(vec!["http://www.pref.miyagi.jp/soshiki/jyoho/a.html".into()]);
    b.urls = Some(vec!["https://pref.miyagi.jp/soshiki/jyoho/b.html".into()]);
    let dept = Department {
        bureau: "震災復興・企画部".into(),
        division: Some("情報政策課".into()),
    };
    a.departments = Some(vec![dept.clone()]);
    b.departments = Some(vec![dept]);
    let corpus = Corpus::of(&[a.clone(), b.clone()]);
    let halves = Corpus::of(std::slice::from_ref(&a)).merged(&Corpus::of(std::slice::from_ref(&b)));
    assert_eq!(halves.docs, corpus.docs);
    assert_eq!(halves.df, corpus.df);
    assert_eq!(halves.title_df, corpus.title_df);
    assert_eq!(halves.summary_df, corpus.summary_df);
    let s = compare(
        &Profile::of(&a),
        &Profile::of(&b),
        &corpus,
        &LineageParams::default(),
    );
    assert!(s
        .evidence
        .contains(&"同じURLパス /soshiki/jyoho/".to_string()));
    assert!(s.evidence.contains(&"同じ担当 情報政策課".to_string()));
}

#[test]
fn rarities_from_the_table_are_the_formula_to_the_bit() {
    let analysis = Analysis::default();
    let one = card("a/1", "地域情報化の推進", "光ファイバ網を整備する。");
    let two = card("a/2", "人材の育成", "研修を行う。");
    let formula = |docs: f64, df: usize| (1.0 + docs / df.max(1) as f64).ln();
    let mut corpus = Corpus::default();
    corpus.count(&one, None, &analysis);
    assert_eq!(corpus.idf("推進").to_bits(), formula(1.0, 1).to_bits());
    // A table made before more records are counted must not linger.
    corpus.count(&two, None, &analysis);
    assert_eq!(corpus.idf("推進").to_bits(), formula(2.0, 1).to_bits());
    let merged = corpus.merged(&Corpus::of(std::slice::from_ref(&one)));
    assert_eq!(merged.idf("推進").to_bits(), formula(3.0, 2).to_bits());
    // Past the table's end too, and for frequencies above the table's size.
    let mut big = Corpus {
        docs: 5000,
        ..Corpus::default()
    };
    for df in [0, 1, 2, 7, 100, IDF_TABLE, IDF_TABLE + 1, 4999, 5000, 9000] {
        big.df.insert("語".into(), df);
        assert_eq!(
            big.idf("語").to_bits(),
            formula(5000.0, df).to_bits(),
            "df {df}"
        );
    }
}
