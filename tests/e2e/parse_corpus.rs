//! `parse` on every PDF of the shared corpus and on the shipped corpus/
//! reproduces the gold records exactly (issue #4 acceptance).

use crate::common::{assert_exact, gold, parse_records, root, shared};

#[test]
fn shipped_corpus_parses_exactly() {
    for doc in ["ict2014", "it2013"] {
        let got = parse_records(&root().join(format!("corpus/{doc}.pdf")));
        assert_exact(&format!("corpus/{doc}.pdf"), &gold(doc), &got);
    }
}

#[test]
fn every_shared_profile_parses_exactly() {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared is not beside the repository");
        return;
    };
    let mut seen = 0;
    for profile in std::fs::read_dir(shared.join("corpus/pdf"))
        .expect("corpus/pdf")
        .flatten()
    {
        for doc in ["ict2014", "it2013"] {
            let pdf = profile.path().join(format!("{doc}.pdf"));
            if pdf.is_file() {
                assert_exact(&pdf.display().to_string(), &gold(doc), &parse_records(&pdf));
                seen += 1;
            }
        }
    }
    assert!(
        seen >= 4,
        "expected the word and legacy profiles, saw {seen} PDFs"
    );
}

#[test]
fn lgwan_card_has_the_expected_title_and_department() {
    let got = parse_records(&root().join("corpus/ict2014.pdf"));
    let card = got
        .iter()
        .find(|r| r["id"] == "ict2014/2-3-1")
        .expect("card 2-3-1");
    assert_eq!(card["title"], "総合行政ネットワーク（LGWAN)の運用");
    assert_eq!(card["departments"][0]["division"], "情報政策課");
    assert_eq!(card["source"]["page"], 2);
}

#[test]
fn layout_variants_parse_exactly() {
    // Page sizes, margins, font and column scales, shuffled content and jitter
    // (scripts/make_layout_fixtures.sh): the parser knows labels and layout
    // rules, not coordinates.
    let dir = root().join("tests/fixtures/layout");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir)
        .expect("tests/fixtures/layout")
        .flatten()
    {
        let path = entry.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let doc = if name.ends_with("-ict2014.pdf") {
            "ict2014"
        } else if name.ends_with("-it2013.pdf") {
            "it2013"
        } else {
            continue;
        };
        assert_exact(&name, &gold(doc), &parse_records(&path));
        seen += 1;
    }
    assert_eq!(seen, 6, "three variants of each document");
}

/// The gold `edition` object of `doc` (id, title, issuer, fiscal years).
fn gold_edition(doc: &str) -> serde_json::Value {
    crate::common::gold_document(doc)["edition"].clone()
}

#[test]
fn editions_match_gold_including_the_issuer_from_author() {
    let mut pdfs = vec![
        root().join("corpus/ict2014.pdf"),
        root().join("corpus/it2013.pdf"),
    ];
    if let Some(shared) = shared() {
        for profile in std::fs::read_dir(shared.join("corpus/pdf"))
            .expect("corpus/pdf")
            .flatten()
        {
            pdfs.push(profile.path().join("ict2014.pdf"));
            pdfs.push(profile.path().join("it2013.pdf"));
        }
    }
    for pdf in pdfs.iter().filter(|p| p.is_file()) {
        let (doc, _) = crate::common::shisaku_json(&[
            "parse",
            pdf.to_str().expect("utf-8"),
            "--format",
            "json",
            "--quiet",
        ]);
        let stem = pdf.file_stem().and_then(|s| s.to_str()).expect("stem");
        assert_eq!(doc["edition"], gold_edition(stem), "{}", pdf.display());
    }
    // --issuer overrides what /Author says.
    let out = crate::common::shisaku(&[
        "parse",
        "corpus/it2013.pdf",
        "--format",
        "json",
        "--quiet",
        "--issuer",
        "仙台市",
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["edition"]["issuer"], "仙台市");
}
