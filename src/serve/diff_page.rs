//! `GET /diff?from=EDITION&to=EDITION`: what continued, what is new and what
//! was dropped between two editions, as a page (the `shisaku diff` report).

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;

use super::html::{document, esc, respond, Shell};
use super::pages::error_page;
use super::params::pairs;
use super::state::AppState;
use crate::dimension::show_edition;
use crate::export::collect_records;
use crate::index::SearchIndex;
use crate::ingest::read_manifest;
use crate::lineage::{chain_order, diff, edition_order, EditionDiff, LineageParams};
use crate::plan::Record;

/// Records, editions oldest first, the diff, and the two editions compared.
type Compared = (Vec<Record>, Vec<String>, EditionDiff, String, String);

/// The editions to compare when the request names none (or one): the latest
/// consecutive pair of one issuer's editions (`order` oldest first; the two
/// latest editions when no issuer has two); with one edition named, its
/// neighbour in its issuer's chain.
fn default_pair(
    order: &[String],
    issuers: &BTreeMap<String, String>,
    from: Option<String>,
    to: Option<String>,
) -> Option<(String, String)> {
    let chains = chain_order(order, issuers);
    let chain_of = |e: &str| {
        chains
            .values()
            .find(|c| c.iter().any(|x| x == e))
            .cloned()
            .unwrap_or_default()
    };
    let at = |chain: &[String], e: &str| chain.iter().position(|x| x == e);
    match (from, to) {
        (Some(f), Some(t)) => Some((f, t)),
        (Some(f), None) => {
            let chain = chain_of(&f);
            let next = at(&chain, &f).and_then(|i| chain.get(i + 1)).cloned();
            Some((f, next?))
        }
        (None, Some(t)) => {
            let chain = chain_of(&t);
            let prev = at(&chain, &t)
                .and_then(|i| i.checked_sub(1))
                .and_then(|i| chain.get(i))
                .cloned();
            Some((prev?, t))
        }
        // No issuer with two editions: the two latest editions.
        (None, None) => chains
            .values()
            .filter(|c| c.len() >= 2)
            .filter_map(|c| Some((c[c.len() - 2].clone(), c.last()?.clone())))
            .max_by_key(|(_, t)| at(order, t))
            .or_else(|| match order {
                [.., a, b] => Some((a.clone(), b.clone())),
                _ => None,
            }),
    }
}

/// Why two editions were not compared: a Japanese message, and the editions
/// to choose from again (oldest first; empty when there is nothing to choose).
struct Refused {
    message: String,
    order: Vec<String>,
}

impl From<String> for Refused {
    fn from(message: String) -> Refused {
        Refused {
            message,
            order: Vec::new(),
        }
    }
}

/// Resolves the editions to compare (see [`default_pair`]) and compares
/// them; a Japanese message when they cannot be.
fn compare(
    index: &SearchIndex,
    issuers: &BTreeMap<String, String>,
    titles: &BTreeMap<String, String>,
    want_from: Option<String>,
    want_to: Option<String>,
) -> Result<Compared, Refused> {
    let edition = |id: &str| show_edition(id, titles.get(id).map(String::as_str));
    let (records, _) = collect_records(index, "", &[]).map_err(|e| e.to_string())?;
    let order = edition_order(&records);
    if order.len() < 2 {
        return Err("比較できる版が2つ以上ありません。".to_string().into());
    }
    match resolve(&order, issuers, &edition, want_from, want_to) {
        Ok((from, to)) => {
            let d =
                diff(&records, &from, &to, &LineageParams::default()).map_err(|e| e.to_string())?;
            Ok((records, order, d, from, to))
        }
        Err(message) => Err(Refused { message, order }),
    }
}

/// The pair of editions to compare, or why there is none.
fn resolve(
    order: &[String],
    issuers: &BTreeMap<String, String>,
    edition: &dyn Fn(&str) -> String,
    want_from: Option<String>,
    want_to: Option<String>,
) -> Result<(String, String), String> {
    let (from, to) = match (
        default_pair(order, issuers, want_from.clone(), want_to),
        want_from,
    ) {
        (Some(pair), _) => pair,
        (None, Some(f)) if order.contains(&f) => {
            return Err(format!(
                "{} より後の版がありません。後の版も選んでください。",
                edition(&f)
            ))
        }
        (None, _) => {
            return Err("比較する版を決められません。前の版と後の版を選んでください。".to_string())
        }
    };
    for e in [&from, &to] {
        if !order.contains(e) {
            return Err(format!("版「{e}」は索引にありません。"));
        }
    }
    if from == to {
        return Err(format!(
            "同じ版（{}）どうしは比較できません。前の版と後の版に別の版を選んでください。",
            edition(&from)
        ));
    }
    Ok((from, to))
}

/// The form choosing the two editions, `from` and `to` selected, each edition
/// shown by `edition`.
fn form(order: &[String], from: &str, to: &str, edition: &dyn Fn(&str) -> String) -> String {
    let options = |chosen: &str| -> String {
        order
            .iter()
            .map(|e| {
                let selected = if e == chosen { " selected" } else { "" };
                format!(
                    "<option value=\"{}\"{selected}>{}</option>",
                    esc(e),
                    esc(&edition(e))
                )
            })
            .collect()
    };
    format!(
        "<form method=\"get\" action=\"/diff\"><label>前の版 <select name=\"from\">{}</select></label> <label>後の版 <select name=\"to\">{}</select></label> <button>比較</button></form>",
        options(from),
        options(to)
    )
}

/// `GET /diff`: without parameters, the latest consecutive pair of editions
/// of one issuer; the selects show plan titles.
pub async fn diff_page(State(state): State<Arc<AppState>>, uri: Uri) -> Response {
    let params = pairs(&uri).unwrap_or_default();
    let get = |k: &str| {
        params
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let (want_from, want_to) = (get("from"), get("to"));
    let manifest = read_manifest(state.index_dir()).unwrap_or_default();
    let (issuers, titles) = (manifest.issuers(), manifest.titles());
    let index = state.index();
    let named = titles.clone();
    let asked = (want_from.clone(), want_to.clone());
    let result =
        tokio::task::spawn_blocking(move || compare(&index, &issuers, &named, want_from, want_to))
            .await;
    let edition = |id: &str| show_edition(id, titles.get(id).map(String::as_str));
    let (records, order, d, from, to) = match result {
        Ok(Ok(v)) => v,
        // Refused with editions to choose from: the message above the form.
        Ok(Err(r)) if r.order.len() >= 2 => {
            let body = format!(
                "<article class=\"diff\"><h1>版の比較</h1><div class=\"error\" role=\"alert\"><p>{}</p></div>{}</article>",
                esc(&r.message),
                form(
                    &r.order,
                    asked.0.as_deref().unwrap_or_default(),
                    asked.1.as_deref().unwrap_or_default(),
                    &edition
                )
            );
            let shell = Shell {
                title: "版の比較",
                query: "",
                hidden: String::new(),
                body,
            };
            return respond(StatusCode::BAD_REQUEST, document(&shell));
        }
        Ok(Err(r)) => return error_page(StatusCode::BAD_REQUEST, &r.message),
        Err(_) => return error_page(StatusCode::INTERNAL_SERVER_ERROR, "diff failed"),
    };
    let title_of = |id: &str| {
        records
            .iter()
            .find(|r| r.id == id)
            .map_or(String::new(), |r| r.title.clone())
    };
    let link = |id: &str| {
        format!(
            "<a href=\"/records/{}\">{}</a> {}",
            esc(id),
            esc(id),
            esc(&title_of(id))
        )
    };
    let mut body = format!(
        "<article class=\"diff\"><h1>版の比較: {} → {}</h1>",
        esc(&edition(&from)),
        esc(&edition(&to))
    );
    body.push_str(&form(&order, &from, &to, &edition));
    if crate::lineage::diff::is_reversed(&records, &from, &to) {
        body.push_str(&format!(
            "<p class=\"warning\">注意: {} は {} より新しい版です。新規と終了が逆に表示されます（前の版と後の版を入れ替えてください）。</p>",
            esc(&edition(&from)),
            esc(&edition(&to))
        ));
    }
    body.push_str(&format!(
        "<p>継続 {} 件、新規 {} 件、終了 {} 件</p><h2>継続</h2><ul>",
        d.continued.len(),
        d.new.len(),
        d.dropped.len()
    ));
    for c in &d.continued {
        body.push_str(&format!(
            "<li>{} → {} <span class=\"meta\">（類似度 {:.2}: {}）</span></li>",
            link(&c.from),
            link(&c.to),
            c.score,
            esc(&c
                .evidence
                .iter()
                .take(3)
                .cloned()
                .collect::<Vec<_>>()
                .join("; "))
        ));
    }
    body.push_str("</ul><h2>新規</h2><ul>");
    for id in &d.new {
        body.push_str(&format!("<li>{}</li>", link(id)));
    }
    body.push_str("</ul><h2>終了（後の版にない）</h2><ul>");
    for id in &d.dropped {
        body.push_str(&format!("<li>{}</li>", link(id)));
    }
    body.push_str("</ul></article>");
    let shell = Shell {
        title: "版の比較",
        query: "",
        hidden: String::new(),
        body,
    };
    respond(StatusCode::OK, document(&shell))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_pair_is_the_latest_consecutive_pair_of_one_issuer() {
        let order: Vec<String> = ["a2012", "b2013", "a2014", "c2015"]
            .map(String::from)
            .to_vec();
        let issuers: BTreeMap<String, String> = [
            ("a2012", "宮城県"),
            ("b2013", "仙台市"),
            ("a2014", "宮城県"),
            ("c2015", "石巻市"),
        ]
        .map(|(e, i)| (e.to_string(), i.to_string()))
        .into_iter()
        .collect();
        let pair = |f: Option<&str>, t: Option<&str>| {
            default_pair(&order, &issuers, f.map(String::from), t.map(String::from))
        };
        let p = |f: &str, t: &str| Some((f.to_string(), t.to_string()));
        assert_eq!(pair(None, None), p("a2012", "a2014"));
        assert_eq!(pair(Some("a2012"), None), p("a2012", "a2014"));
        assert_eq!(pair(None, Some("a2014")), p("a2012", "a2014"));
        assert_eq!(pair(Some("a2014"), None), None);
        assert_eq!(pair(Some("b2013"), Some("c2015")), p("b2013", "c2015"));
        let one_each: Vec<String> = ["b2013", "c2015"].map(String::from).to_vec();
        assert_eq!(
            default_pair(&one_each, &issuers, None, None),
            p("b2013", "c2015")
        );
    }
}
