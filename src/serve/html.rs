//! HTML building blocks shared by the pages: escaping, marked text, the page
//! shell (header with the search form, footer with keyboard help).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Escapes `s` for HTML text and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `text` escaped, with the byte ranges `marks` wrapped in `<mark>`. Ranges
/// that are out of order or not on character boundaries are skipped.
pub fn marked(text: &str, marks: &[[usize; 2]]) -> String {
    let mut out = String::with_capacity(text.len() + marks.len() * 13);
    let mut at = 0;
    for &[s, e] in marks {
        if s < at || e <= s {
            continue;
        }
        let (Some(before), Some(inner)) = (text.get(at..s), text.get(s..e)) else {
            continue;
        };
        out.push_str(&esc(before));
        out.push_str("<mark>");
        out.push_str(&esc(inner));
        out.push_str("</mark>");
        at = e;
    }
    out.push_str(&esc(text.get(at..).unwrap_or_default()));
    out
}

/// What goes into the page shell.
pub struct Shell<'a> {
    /// The `<title>` (before the site name).
    pub title: &'a str,
    /// The query shown in the header search box.
    pub query: &'a str,
    /// Hidden inputs of the header form (active filters), already HTML.
    pub hidden: String,
    /// The `<main>` content, already HTML.
    pub body: String,
}

/// A whole HTML document around `shell`.
pub fn document(shell: &Shell<'_>) -> String {
    format!(
        r##"<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}施策検索</title>
<link rel="stylesheet" href="/assets/style.css">
<script src="/assets/app.js" defer></script>
</head>
<body>
<a class="skip" href="#main">本文へ移動</a>
<header class="top">
<a class="brand" href="/" title="検索トップへ">施策検索</a>
<form class="search" action="/" method="get" role="search">
<input type="search" id="q" name="q" value="{query}" maxlength="1000" autocomplete="off" placeholder="キーワード（例: クラウド　防災）" aria-label="検索語">{hidden}
<button type="submit">検索</button>
</form>
<nav class="links" aria-label="ページ"><a href="/diff">版の比較</a></nav>
</header>
<main id="main">
{body}
</main>
<footer class="foot">キーボード: <kbd>/</kbd> 検索欄へ　<kbd>j</kbd>/<kbd>k</kbd> 結果の移動　<kbd>Enter</kbd> 開く　<kbd>h</kbd>/<kbd>l</kbd> 前/次のページ<br>検索式: <code>"語句"</code>　<code>A OR B</code>　<code>-除外</code>　<code>title:語</code>　<code>dept=情報政策課</code>　<code>year&gt;=2011</code>　<code>indicator.target&gt;=1000</code>　<code>unit=件</code></footer>
</body>
</html>
"##,
        title = if shell.title.is_empty() {
            String::new()
        } else {
            format!("{} — ", esc(shell.title))
        },
        query = esc(shell.query),
        hidden = shell.hidden,
        body = shell.body,
    )
}

/// An HTML response with `status`.
pub fn respond(status: StatusCode, html: String) -> Response {
    let mut resp = (status, html).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_marks() {
        assert_eq!(
            esc(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        let text = "市町村<クラウド>";
        let s = text.find("クラウド").unwrap();
        let e = s + "クラウド".len();
        assert_eq!(
            marked(text, &[[s, e]]),
            "市町村&lt;<mark>クラウド</mark>&gt;"
        );
        // Ranges off a character boundary or reversed are skipped, not panicked on.
        assert_eq!(marked("あい", &[[1, 2], [3, 1]]), "あい");
    }
}
