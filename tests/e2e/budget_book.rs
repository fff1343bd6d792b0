//! #14: a long budget book (ruled 款・項・目 tables, no plan structure) is
//! indexed with no flags and stays searchable row by row: a phrase from one
//! row finds that row's page.

use super::common::shisaku_json;

#[path = "../support/budget_book.rs"]
mod book;

/// Pages of the test book (the README's figure is for 600 pages, in release).
const PAGES: usize = 120;
/// Rows per page.
const ROWS: usize = 36;

#[test]
fn a_budget_book_is_searchable_row_by_row_on_the_right_page() {
    let dir = std::env::temp_dir().join(format!("shisaku-budget-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("pdf")).expect("temp dir");
    let pdf = dir.join("pdf/yosan-r6.pdf");
    std::fs::write(&pdf, book::budget_book(PAGES, ROWS)).expect("write book");
    let index = dir.join("index");
    let index = index.to_str().expect("utf-8");
    let (report, _) = shisaku_json(&[
        "ingest",
        dir.join("pdf").to_str().expect("utf-8"),
        "--index",
        index,
        "--json",
        "-q",
    ]);
    assert_eq!(report["indexed"], 1, "{report}");
    let doc = &report["documents"][0];
    assert_eq!(doc["passage_pages"], PAGES, "{doc}");
    for (page, row) in [(1, 0), (7, 3), (64, 20), (PAGES, ROWS - 1)] {
        let name = book::row_name(page, row);
        let (res, _) =
            shisaku_json(&["search", &format!("\"{name}\""), "--index", index, "--json"]);
        assert!(res["total"].as_u64().unwrap_or(0) >= 1, "{name}: {res}");
        assert_eq!(res["hits"][0]["page"], page, "{name} is on page {page}");
        let snippet = res["hits"][0]["snippet"]["text"]
            .as_str()
            .unwrap_or_default();
        assert!(
            snippet.replace(['\n', ' '], "").contains(&name),
            "{name}: {snippet}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
