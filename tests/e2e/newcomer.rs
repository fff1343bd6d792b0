//! Regression tests for issue #19 ("What a newcomer runs into"): CLI
//! defects found by trying every subcommand as a new user would. One test
//! per defect, each of which failed before its fix.

use std::io::Read;
use std::process::{Command, Stdio};

use super::common::{root, shisaku, shisaku_json, CORPUS_RECORDS};
use super::lineage::corpus_index;

fn index_arg() -> &'static str {
    corpus_index().to_str().expect("utf-8 path")
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// #19.6: a reader that goes away (`search … | head -1`) ends the program
/// quietly with success, not a panic (exit 101).
#[test]
fn broken_pipe_ends_quietly_with_success() {
    for args in [
        vec!["search", "", "--limit", "103", "--index", index_arg()],
        vec!["export", "--index", index_arg()],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_shisaku"))
            .args(&args)
            .current_dir(root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("shisaku runs");
        // Read one byte, then close the pipe as `head -c1` would.
        let mut stdout = child.stdout.take().expect("piped stdout");
        let mut first = [0u8; 1];
        stdout.read_exact(&mut first).expect("some output");
        drop(stdout);
        let mut err = String::new();
        if let Some(mut e) = child.stderr.take() {
            e.read_to_string(&mut err).expect("stderr");
        }
        let status = child.wait().expect("exit status");
        assert!(status.success(), "{args:?}: {status:?} {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

/// #19.5: `--offset` continues the numbering; `--limit 0` is refused.
#[test]
fn offsets_number_on_and_zero_limits_are_refused() {
    let out = shisaku(&[
        "search",
        "",
        "--index",
        index_arg(),
        "--offset",
        "101",
        "--limit",
        "3",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("102. "), "{text}");
    assert!(!text.contains("  1. "), "{text}");
    let out = shisaku(&["search", "x", "--index", index_arg(), "--limit", "0"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("at least 1"), "{}", stderr(&out));
}

/// #19.8: a query may start with an exclusion.
#[test]
fn a_leading_exclusion_is_a_query() {
    let (all, _) = shisaku_json(&["search", "", "--index", index_arg(), "--json"]);
    let (with, _) = shisaku_json(&["search", "クラウド", "--index", index_arg(), "--json"]);
    let (without, _) = shisaku_json(&["search", "-クラウド", "--index", index_arg(), "--json"]);
    let n = |v: &serde_json::Value| v["total"].as_u64().expect("total");
    assert!(n(&with) > 0);
    assert_eq!(n(&without), n(&all) - n(&with));
}

/// #19.9: messages a person can act on.
#[test]
fn messages_name_the_problem() {
    let pdf = root().join("corpus/ict2014.pdf");
    let pdf = pdf.to_str().expect("utf-8 path");
    for (pages, says) in [
        ("99", "page 99 does not exist"),
        ("5-3", "runs backwards"),
        ("abc", "is not a page number"),
    ] {
        let out = shisaku(&["extract", pdf, "--pages", pages]);
        assert!(!out.status.success());
        assert!(
            stderr(&out).contains(says),
            "--pages {pages}: {}",
            stderr(&out)
        );
        assert!(!stderr(&out).contains("Some("), "{}", stderr(&out));
    }
    let out = shisaku(&["extract", "corpus"]);
    assert!(stderr(&out).contains("shisaku ingest"), "{}", stderr(&out));
    let nosuch = std::env::temp_dir().join(format!("shisaku-nosuch-{}", std::process::id()));
    let out = shisaku(&["status", "--index", nosuch.to_str().expect("utf-8")]);
    assert!(stderr(&out).contains("no index at"), "{}", stderr(&out));
    let out = shisaku(&["status", "--index", pdf]);
    assert!(stderr(&out).contains("is a file"), "{}", stderr(&out));
}

/// #19.9: an export's format follows its file name (or is refused), and the
/// export says how many records it wrote.
#[test]
fn exports_follow_the_file_name_and_count() {
    let dir = std::env::temp_dir().join(format!("shisaku-newcomer-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let csv = dir.join("y.csv");
    let out = shisaku(&[
        "export",
        "--index",
        index_arg(),
        "--out",
        csv.to_str().expect("utf-8"),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(&csv).expect("csv written");
    assert!(bytes.starts_with(b"\xEF\xBB\xBFid,"), "CSV with BOM");
    let wrote = format!("wrote {CORPUS_RECORDS} records (CSV)");
    assert!(stderr(&out).contains(&wrote), "{}", stderr(&out));
    let out = shisaku(&[
        "export",
        "--index",
        index_arg(),
        "--format",
        "jsonl",
        "--out",
        csv.to_str().expect("utf-8"),
    ]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("does not match"), "{}", stderr(&out));
    let _ = std::fs::remove_dir_all(&dir);
}

/// #19.2: a diff of an edition with itself is refused, a reversed pair is
/// named as such, and the page's selects show the editions compared.
#[test]
fn diff_refuses_one_edition_and_names_a_reversed_pair() {
    let out = shisaku(&[
        "diff",
        "--from",
        "it2013",
        "--to",
        "it2013",
        "--index",
        index_arg(),
    ]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("with itself"), "{}", stderr(&out));
    let out = shisaku(&[
        "diff",
        "--from",
        "ict2014",
        "--to",
        "it2013",
        "--index",
        index_arg(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("is the later edition"),
        "{}",
        stderr(&out)
    );
    let server = super::serve::Server::start(corpus_index());
    // #19.10: every page links to the diff.
    assert!(server
        .get("/")
        .text()
        .contains("<a href=\"/diff\">版の比較</a>"));
    let page = server.get("/diff").text();
    assert!(page.contains("<option value=\"it2013\" selected>"), "from");
    assert!(page.contains("<option value=\"ict2014\" selected>"), "to");
    assert!(page.contains("継続 9 件"), "9 continued");
    assert!(page.contains("題名の一致度"), "evidence in Japanese");
    let same = server.get("/diff?from=it2013&to=it2013");
    assert_eq!(same.status, 400);
    assert!(same.text().contains("同じ版"));
    let reversed = server.get("/diff?from=ict2014&to=it2013").text();
    assert!(reversed.contains("入れ替えて"), "reversed pair named");
}

/// #19.12: `parse --format json` writes the documented keys, empty or not.
#[test]
fn parse_json_has_every_documented_key() {
    let (doc, _) = shisaku_json(&["parse", "corpus/ict2014.pdf", "--format", "json", "-q"]);
    for key in ["edition", "pages", "records", "unplaced", "quality"] {
        assert!(doc.get(key).is_some(), "missing {key}");
    }
}

/// #19.4: a filter value the key cannot read is refused everywhere, naming
/// the value and what is accepted: the CLI exits 1, export writes nothing,
/// the API and the page answer 400 (in Japanese first).
#[test]
fn bad_filter_values_are_refused() {
    for (filter, accepted) in [("year=abc", "H27"), ("indicator.target>=abc", "number")] {
        let out = shisaku(&["search", "", "--index", index_arg(), "--filter", filter]);
        assert_eq!(out.status.code(), Some(1), "{filter}: {}", stderr(&out));
        assert!(stderr(&out).contains("\"abc\""), "{}", stderr(&out));
        assert!(stderr(&out).contains(accepted), "{}", stderr(&out));
        let out = shisaku(&["export", "--index", index_arg(), "--filter", filter]);
        assert_eq!(out.status.code(), Some(1), "export {filter}");
        assert!(out.stdout.is_empty(), "export wrote records for {filter}");
    }
    let server = super::serve::Server::start(corpus_index());
    let e = server.json(
        &format!("/api/search?filter={}", super::serve::enc("year:abc")),
        400,
    );
    let message = e["error"].as_str().expect("an error message");
    assert!(
        message.contains("\"abc\"") && message.contains("H27"),
        "{message}"
    );
    let page = server.get(&format!("/?filter={}", super::serve::enc("year:abc")));
    assert_eq!(page.status, 400);
    assert!(page.text().contains("絞り込みの値"), "a Japanese sentence");
}

/// #19.11: the page's 400s and warnings speak Japanese first (the English
/// detail may follow).
#[test]
fn page_messages_are_japanese() {
    let server = super::serve::Server::start(corpus_index());
    let page = server.get("/?limit=1000");
    assert_eq!(page.status, 400);
    assert!(page.text().contains("件数が多すぎます"), "{}", page.text());
    let e = server.json("/api/search?limit=1000", 400);
    assert!(e["error"].as_str().is_some_and(|m| m.contains("件数")));
    let page = server.get(&format!("/?q={}", super::serve::enc("クラウド OR")));
    assert_eq!(page.status, 200);
    assert!(
        page.text().contains("読み取れなかった"),
        "warning in Japanese"
    );
}

/// #19.3: an ingest that indexes nothing says so and exits 1, leaving no
/// folder that `status` would call "not a shisaku index".
#[test]
fn an_ingest_that_indexes_nothing_fails() {
    let dir = std::env::temp_dir().join(format!("shisaku-newcomer-none-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (empty, bad, index) = (dir.join("empty"), dir.join("bad"), dir.join("index"));
    std::fs::create_dir_all(&empty).expect("empty dir");
    std::fs::create_dir_all(&bad).expect("bad dir");
    std::fs::write(bad.join("a.pdf"), b"not a pdf").expect("write");
    std::fs::write(bad.join("b.pdf"), b"").expect("write");
    let index_s = index.to_str().expect("utf-8");
    let out = shisaku(&["ingest", empty.to_str().expect("utf-8"), "--index", index_s]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("no PDF found in"), "{}", stderr(&out));
    assert!(!index.exists(), "no index folder for nothing");
    let out = shisaku(&["ingest", bad.to_str().expect("utf-8"), "--index", index_s]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("nothing indexed"), "{}", stderr(&out));
    assert!(!index.exists(), "no index folder after every file failed");
    let out = shisaku(&["status", "--index", index_s]);
    assert!(stderr(&out).contains("no index at"), "{}", stderr(&out));
    let _ = std::fs::remove_dir_all(&dir);
}

/// #19.1: a 分野 is one edition's: the facet lists ict2014's 分野 2 and
/// it2013's 分野 2 apart, each with its own name; a plain `field=2` that
/// both editions have is refused naming both; the record page's
/// breadcrumb links to its edition's 分野 only.
#[test]
fn sections_of_different_editions_never_merge() {
    let (all, _) = shisaku_json(&["search", "", "--index", index_arg(), "--json"]);
    let fields = all["facets"]["field"].as_array().expect("field facet");
    let value = |v: &str| fields.iter().find(|f| f["value"] == v).cloned();
    let ict = value("ict2014:2").expect("ict2014's 分野 2");
    assert_eq!(ict["label"], "行政の情報化");
    let it = value("it2013:2").expect("it2013's 分野 2");
    assert!(!it["label"].as_str().unwrap_or("/").contains('/'), "{it}");
    assert!(value("2").is_none(), "no plain 分野 2 merging editions");
    let (one, _) = shisaku_json(&[
        "search",
        "",
        "--index",
        index_arg(),
        "--json",
        "--filter",
        "field=ict2014:2",
    ]);
    assert_eq!(one["total"], ict["count"]);
    let editions = one["facets"]["edition"].as_array().expect("editions");
    assert_eq!(editions.len(), 1, "{editions:?}");
    let out = shisaku(&["search", "", "--index", index_arg(), "--filter", "field=2"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("\n  ict2014:2 "), "{}", stderr(&out));
    assert!(stderr(&out).contains("\n  it2013:2 "), "{}", stderr(&out));
    // Unambiguous once the edition is chosen.
    let (scoped, _) = shisaku_json(&[
        "search",
        "",
        "--index",
        index_arg(),
        "--json",
        "--filter",
        "field=2",
        "--filter",
        "edition=ict2014",
    ]);
    assert_eq!(scoped["total"], ict["count"]);
    let server = super::serve::Server::start(corpus_index());
    server.json("/api/search?filter=field:2", 400);
    let id = one["hits"][0]["id"].as_str().expect("a hit id");
    let page = server
        .get(&format!("/records/{}", super::serve::enc(id)))
        .text();
    assert!(page.contains("/?filter=field:ict2014:2\""), "breadcrumb");
    assert!(!page.contains("/?filter=field:2\""), "breadcrumb");
}

/// #19.12: a GET with a body is refused (413), and too many filters are
/// reported with the number sent.
#[test]
fn bodies_are_refused_and_filter_counts_are_true() {
    let server = super::serve::Server::start(corpus_index());
    let r = super::serve::request(
        server.addr,
        "GET /api/search?q=x HTTP/1.1\r\n",
        b"0123456789",
    );
    assert_eq!(r.status, 413, "{}", r.text());
    let filters: String = (0..40)
        .map(|i| format!("&filter=year%3D{}", 2000 + i))
        .collect();
    let r = server.get(&format!("/api/search?q=x{filters}"));
    assert_eq!(r.status, 400);
    assert!(r.text().contains("too many filters: 40"), "{}", r.text());
}

/// #19.1: a plain `field=2` that two editions have is refused with one
/// clean message: one candidate a line with its name, then how to choose;
/// no repeated cause.
#[test]
fn ambiguous_field_filter_lists_the_candidates() {
    let out = shisaku(&["search", "", "--index", index_arg(), "--filter", "field=2"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            "error: --filter field=2 is ambiguous: more than one edition has a 分野 2:",
            "  ict2014:2 行政の情報化",
            "  it2013:2 県民生活の利便性の向上",
            "choose one with its edition, e.g. field=ict2014:2, or add the filter edition=ict2014",
        ],
        "{err}"
    );
    let out = shisaku(&["search", "", "--index", index_arg(), "--filter", "item=2-3"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("more than one edition has a 項目 2-3:\n  ict2014:2-3 "),
        "{}",
        stderr(&out)
    );
    // The page asks in Japanese and links each edition's 分野 2, other filters kept.
    let server = super::serve::Server::start(corpus_index());
    let page = server.get("/?filter=field:2&filter=kind:initiative");
    assert_eq!(page.status, 400);
    let page = page.text();
    assert!(
        page.contains("<h1>どの版の分野か選んでください</h1>"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"/?filter=field:ict2014:2&amp;filter=kind:initiative\">2　行政の情報化</a>（みやぎICT推進プラン（2014～2016）（ict2014））"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"/?filter=field:it2013:2&amp;filter=kind:initiative\">2　県民生活の利便性の向上</a>"),
        "{page}"
    );
}

/// #19.10: a 版 is shown as its plan's title (the id still names it in
/// filters): in the JSON facets, the CLI's facet lines, the page's sidebar
/// and chip, and the /diff selects.
#[test]
fn editions_are_shown_by_plan_title() {
    const ICT: &str = "みやぎICT推進プラン（2014～2016）";
    const IT: &str = "みやぎＩＴ推進プラン２０１３（復興に向けた取組編）";
    let (all, _) = shisaku_json(&["search", "", "--index", index_arg(), "--json"]);
    let editions = all["facets"]["edition"].as_array().expect("editions");
    let label = |id: &str| {
        editions
            .iter()
            .find(|e| e["value"] == id)
            .map(|e| e["label"].clone())
    };
    assert_eq!(label("ict2014"), Some(ICT.into()), "{editions:?}");
    assert_eq!(label("it2013"), Some(IT.into()), "{editions:?}");
    let out = shisaku(&["search", "", "--index", index_arg()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("版: {ICT}（ict2014） (74) · {IT}（it2013） (58)")),
        "{text}"
    );
    let out = shisaku(&["status", "--index", index_arg()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("  edition    ict2014      74   {ICT}\n")),
        "{text}"
    );
    let out = shisaku(&["show", "ict2014/2-3-3", "--index", index_arg()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("\n  edition: {ICT}（ict2014）\n")),
        "{text}"
    );
    let server = super::serve::Server::start(corpus_index());
    let page = server.get("/?filter=edition:ict2014").text();
    assert!(
        page.contains(&format!("<span class=\"fl\">{ICT}（ict2014）</span>")),
        "sidebar"
    );
    assert!(
        page.contains(&format!("版: {ICT}（ict2014） <span")),
        "chip"
    );
    let diff = server.get("/diff").text();
    assert!(
        diff.contains(&format!(
            "<option value=\"it2013\" selected>{IT}（it2013）</option>"
        )),
        "from select"
    );
    assert!(
        diff.contains(&format!(
            "<option value=\"ict2014\" selected>{ICT}（ict2014）</option>"
        )),
        "to select"
    );
}

/// #19.2: /diff with one edition named compares it with its neighbour of
/// the same issuer; the latest edition alone has none and is refused in
/// Japanese, as is an edition the index does not hold.
#[test]
fn diff_with_one_edition_named_picks_its_neighbour() {
    let server = super::serve::Server::start(corpus_index());
    for url in ["/diff?from=it2013", "/diff?to=ict2014"] {
        let page = server.get(url);
        assert_eq!(page.status, 200, "{url}");
        let page = page.text();
        assert!(page.contains("<option value=\"it2013\" selected>"), "{url}");
        assert!(
            page.contains("<option value=\"ict2014\" selected>"),
            "{url}"
        );
    }
    let last = server.get("/diff?from=ict2014");
    assert_eq!(last.status, 400);
    let last = last.text();
    assert!(last.contains("より後の版がありません"), "{last}");
    // Refused, the form stays to choose again, as asked.
    assert!(
        last.contains("<option value=\"ict2014\" selected>"),
        "{last}"
    );
    let same = server.get("/diff?from=it2013&to=it2013").text();
    assert_eq!(
        same.matches("<option value=\"it2013\" selected>").count(),
        2
    );
    let unknown = server.get("/diff?from=kampo&to=ict2014");
    assert_eq!(unknown.status, 400);
    assert!(
        unknown.text().contains("版「kampo」は索引にありません"),
        "{}",
        unknown.text()
    );
}

/// #19.4 and #19.10: without the source PDF at hand the record page still
/// cites the plan by the title the ingest read (not its edition id); related
/// initiatives and a collapsed result's editions name the plan by title.
#[test]
fn plan_titles_without_the_pdf_and_in_lists() {
    let empty = std::env::temp_dir().join(format!("shisaku-no-corpus-{}", std::process::id()));
    std::fs::create_dir_all(&empty).expect("empty corpus dir");
    let server = super::serve::Server::start_with(corpus_index(), &empty);
    let page = server.get("/records/ict2014/2-3-3").text();
    assert!(
        page.contains("宮城県『みやぎICT推進プラン（2014～2016）』p.46「市町村業務システムの共同クラウド化の推進」"),
        "citation by plan title"
    );
    assert!(
        page.contains("（みやぎＩＴ推進プラン２０１３（復興に向けた取組編）・類似度"),
        "related by plan title"
    );
    let results = server
        .get(&format!("/?q={}", super::serve::enc("クラウド")))
        .text();
    assert!(
        results.contains(">みやぎＩＴ推進プラン２０１３（復興に向けた取組編）（it2013）</a> 市町村クラウド導入等支援事業"),
        "collapsed editions by plan title"
    );
    let passages = server.get("/?filter=kind:passage").text();
    assert!(
        passages.contains("<span class=\"doc\">ict2014.pdf（みやぎICT推進プラン（2014～2016）（ict2014））</span>"),
        "a passage's document by plan title"
    );
    let _ = std::fs::remove_dir_all(&empty);
}

/// An index written with another schema: serve and status name the problem
/// and its cause once each, and say how to rebuild.
#[test]
fn an_index_of_another_version_is_named_once_with_the_way_out() {
    let dir = std::env::temp_dir().join(format!("shisaku-e2e-oldschema-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let mut schema = tantivy::schema::Schema::builder();
    schema.add_text_field("id", tantivy::schema::STRING | tantivy::schema::STORED);
    tantivy::Index::create_in_dir(&dir, schema.build()).expect("an index of another schema");
    let path = dir.to_str().expect("utf-8 path");
    for args in [
        vec!["serve", "--index", path, "--addr", "127.0.0.1:0"],
        vec!["status", "--index", path],
    ] {
        let out = shisaku(&args);
        let err = stderr(&out);
        assert!(!out.status.success(), "{args:?}: {err}");
        assert_eq!(
            err.matches("incompatible schema").count(),
            1,
            "{args:?}: {err}"
        );
        assert_eq!(err.matches("does not exist").count(), 1, "{args:?}: {err}");
        assert!(
            err.contains("rebuild it with `shisaku ingest"),
            "{args:?}: {err}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
