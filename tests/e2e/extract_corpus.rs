//! `extract` on every shared-corpus PDF contains every gold title, summary,
//! URL and department string (NFKC, white space removed): issue #3 acceptance.

use serde_json::Value;

use crate::common::{gold, norm, shared, shisaku};

fn strings_of(r: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut push = |v: &Value| {
        if let Value::String(s) = norm(v) {
            if !s.is_empty() {
                out.push(s);
            }
        }
    };
    push(&r["title"]);
    push(&r["summary"]);
    for u in r["urls"].as_array().into_iter().flatten() {
        push(u);
    }
    for d in r["departments"].as_array().into_iter().flatten() {
        push(&d["bureau"]);
        push(&d["division"]);
    }
    out
}

#[test]
fn extract_contains_every_gold_string() {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared is not beside the repository");
        return;
    };
    for profile in ["word", "legacy"] {
        for doc in ["ict2014", "it2013"] {
            let pdf = shared.join(format!("corpus/pdf/{profile}/{doc}.pdf"));
            let out = shisaku(&["extract", pdf.to_str().expect("utf-8")]);
            assert!(out.status.success());
            // Lines joined: a wrapped string must be found across line breaks.
            let text = norm(&Value::String(
                String::from_utf8_lossy(&out.stdout).replace(['\n', '\t', '\x0c'], ""),
            ));
            let text = text.as_str().unwrap_or_default().to_string();
            let (mut total, mut missing) = (0, Vec::new());
            for r in gold(doc) {
                for s in strings_of(&r) {
                    total += 1;
                    if !text.contains(&s) {
                        missing.push(s);
                    }
                }
            }
            assert!(total > 40, "{profile}/{doc}: only {total} gold strings");
            assert!(
                missing.is_empty(),
                "{profile}/{doc}: {}/{total} gold strings missing, e.g. {:?}",
                missing.len(),
                &missing[..missing.len().min(5)]
            );
        }
    }
}
