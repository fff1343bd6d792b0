//! Tests of the header-row blocks.

use super::super::header::header;
use super::super::test_lines::{page_ctx, row};
use super::super::Params;
use super::*;

#[test]
fn a_row_halving_every_year_column_belongs_to_the_header() {
    let ctx = page_ctx(500.0, vec![]);
    let head = row(
        &[
            ("番号", 40.0),
            ("事業名", 80.0),
            ("2014年度", 300.0),
            ("2015年度", 380.0),
        ],
        100.0,
    );
    let refs: Vec<&TextLine> = head.iter().collect();
    let mut block = header(&refs, &ctx).expect("a header");
    assert_eq!(block.years.len(), 2);
    let halves = row(
        &[
            ("上期", 300.0),
            ("下期", 330.0),
            ("上期", 380.0),
            ("下期", 410.0),
        ],
        110.0,
    );
    let refs: Vec<&TextLine> = halves.iter().collect();
    assert!(block.divides_years(&refs));
    let p = Params::default();
    assert_eq!(block.take(&refs, &ctx, &p).map(|o| o.len()), Some(0));
    assert!(block.row.is_empty(), "no record holds the halves");
    // Span labels of a record differ from column to column: a record's row.
    let spans = row(
        &[
            ("構築", 300.0),
            ("試行", 330.0),
            ("運用", 380.0),
            ("継続", 410.0),
        ],
        122.0,
    );
    let refs: Vec<&TextLine> = spans.iter().collect();
    assert!(!block.divides_years(&refs));
    block.take(&refs, &ctx, &p);
    assert_eq!(block.row.len(), 4);
    // Once a record has begun, no row divides the years.
    let refs: Vec<&TextLine> = halves.iter().collect();
    assert!(!block.divides_years(&refs));
}

#[test]
fn a_band_naming_only_organisations_gives_the_rows_under_it_their_department() {
    let ctx = page_ctx(500.0, vec![]);
    let head = row(
        &[("番号", 40.0), ("事業名", 80.0), ("事業概要", 200.0)],
        100.0,
    );
    let refs: Vec<&TextLine> = head.iter().collect();
    let mut block = header(&refs, &ctx).expect("a header");
    assert_eq!(block.kind, Kind::Rows);
    let rows = [
        row(&[("総務部　市町村課", 42.0)], 120.0),
        row(
            &[
                ("１", 40.0),
                ("住基ネットの運用", 80.0),
                ("運用します。", 200.0),
            ],
            140.0,
        ),
        row(&[("震災復興・企画部　情報政策課", 42.0)], 170.0),
        row(&[("２", 40.0), ("ＬＧＷＡＮの運用", 80.0)], 190.0),
        row(&[("項目２　県民生活", 42.0)], 220.0),
        row(&[("１", 40.0), ("県民向け講座", 80.0)], 240.0),
    ];
    let refs: Vec<Vec<&TextLine>> = rows.iter().map(|r| r.iter().collect()).collect();
    let p = Params::default();
    let mut taken = Vec::new();
    for r in &refs {
        let outs = block.take(r, &ctx, &p).expect("the table takes the row");
        taken.push((outs, block.took_structure));
    }
    // A band of organisations: structure, no record of its own.
    assert!(taken[0].0.is_empty() && taken[0].1);
    // The next band closes the row, which takes the department of its band.
    let [Out::Row(first)] = taken[2].0.as_slice() else {
        panic!("one row closed: {:?}", taken[2].0)
    };
    assert_eq!(
        first.values,
        vec![
            (Field::Summary, vec!["運用します。".to_string()]),
            (Field::Departments, vec!["総務部　市町村課".to_string()])
        ]
    );
    // A numbered band (項目) is a heading and ends the department's group.
    assert!(!taken[4].1);
    let [Out::Row(second), Out::Heading(_)] = taken[4].0.as_slice() else {
        panic!("a row and a heading: {:?}", taken[4].0)
    };
    assert_eq!(
        second.values,
        vec![(
            Field::Departments,
            vec!["震災復興・企画部　情報政策課".to_string()]
        )]
    );
    let last = block.close(&ctx);
    let [Out::Row(third)] = last.as_slice() else {
        panic!("one row: {last:?}")
    };
    assert!(
        third.values.is_empty(),
        "no band over it: {:?}",
        third.values
    );
    // Words that are no organisation's name are no department band.
    let other = row(&[("県が取り組む施策", 42.0)], 260.0);
    let refs: Vec<&TextLine> = other.iter().collect();
    assert_eq!(block.department_band(&refs), None);
}
