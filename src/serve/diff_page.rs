//! `GET /diff?from=EDITION&to=EDITION`: what continued, what is new and what
//! was dropped between two editions, as a page (the `shisaku diff` report).

use std::sync::Arc;

use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;

use super::html::{document, esc, respond, Shell};
use super::pages::error_page;
use super::params::pairs;
use super::state::AppState;
use crate::export::collect_records;
use crate::lineage::{diff, edition_order, EditionDiff, LineageParams};
use crate::plan::Record;

/// Records, editions oldest first, the diff, and the two editions compared.
type Compared = (Vec<Record>, Vec<String>, EditionDiff, String, String);

/// `GET /diff`: without parameters, the two most recent editions.
pub async fn diff_page(State(state): State<Arc<AppState>>, uri: Uri) -> Response {
    let params = pairs(&uri).unwrap_or_default();
    let get = |k: &str| {
        params
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let (want_from, want_to) = (get("from"), get("to"));
    let index = state.index();
    let result = tokio::task::spawn_blocking(move || -> Result<Compared, String> {
        let (records, _) = collect_records(&index, "", &[]).map_err(|e| e.to_string())?;
        let order = edition_order(&records);
        let n = order.len();
        if n < 2 {
            return Err("比較できる版が2つ以上ありません（one edition only）".to_string());
        }
        let from = want_from.unwrap_or_else(|| order[n - 2].clone());
        let to = want_to.unwrap_or_else(|| order[n - 1].clone());
        if from == to {
            return Err(format!(
                "同じ版（{from}）どうしは比較できません。前の版と後の版に別の版を選んでください。"
            ));
        }
        let d = diff(&records, &from, &to, &LineageParams::default()).map_err(|e| e.to_string())?;
        Ok((records, order, d, from, to))
    })
    .await;
    let (records, order, d, from, to) = match result {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => return error_page(StatusCode::BAD_REQUEST, &e),
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
        esc(&from),
        esc(&to)
    );
    let options = |chosen: &str| -> String {
        order
            .iter()
            .map(|e| {
                let selected = if e == chosen { " selected" } else { "" };
                format!("<option value=\"{0}\"{selected}>{0}</option>", esc(e))
            })
            .collect()
    };
    body.push_str(&format!(
        "<form method=\"get\" action=\"/diff\"><label>前の版 <select name=\"from\">{}</select></label> <label>後の版 <select name=\"to\">{}</select></label> <button>比較</button></form>",
        options(&from),
        options(&to)
    ));
    if crate::lineage::diff::is_reversed(&records, &from, &to) {
        body.push_str(&format!(
            "<p class=\"warning\">注意: {} は {} より新しい版です。新規と終了が逆に表示されます（前の版と後の版を入れ替えてください）。</p>",
            esc(&from),
            esc(&to)
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
