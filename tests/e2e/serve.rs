//! `shisaku serve` over a real socket (issue #7): the binary is started on
//! port 0 against a temporary index built from corpus/, its `listening on`
//! line is read, and requests go through a tiny HTTP/1.1 client written here.
//! The browser test (headless Chromium through chromedriver) lives in
//! tests/browser/ and is compiled in as a submodule.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::common::{root, shisaku};

#[path = "../browser/search_page.rs"]
mod browser;

/// A running `shisaku serve`, killed when dropped.
pub struct Server {
    child: Child,
    /// The bound address.
    pub addr: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts `shisaku serve --index <index> --addr 127.0.0.1:0` and waits for its address.
    pub fn start(index: &Path) -> Server {
        Server::start_with(index, Path::new("corpus"))
    }

    /// Starts `shisaku serve` with the source PDFs looked up in `corpus`.
    pub fn start_with(index: &Path, corpus: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_shisaku"))
            .args(["serve", "--addr", "127.0.0.1:0", "--corpus"])
            .arg(corpus)
            .arg("--index")
            .arg(index)
            .current_dir(root())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("shisaku serve starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(addr) = line.strip_prefix("listening on http://") {
                    let _ = tx.send(addr.trim().to_string());
                }
            }
        });
        let addr = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(a) => a,
            Err(_) => {
                let _ = child.kill();
                panic!("serve printed no `listening on` line");
            }
        };
        Server {
            child,
            addr: addr.parse().expect("a socket address"),
        }
    }

    /// `GET path` (sent as is, no normalisation).
    pub fn get(&self, path: &str) -> Response {
        request(self.addr, &format!("GET {path} HTTP/1.1\r\n"), b"")
    }

    /// `GET path` decoded as JSON, asserting the status.
    pub fn json(&self, path: &str, status: u16) -> Value {
        let r = self.get(path);
        assert_eq!(r.status, status, "{path}: {}", r.text());
        assert!(
            r.header("content-type").contains("application/json"),
            "{path}: {:?}",
            r.headers
        );
        serde_json::from_slice(&r.body).expect("JSON body")
    }
}

/// An HTTP response.
#[derive(Debug)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Headers, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// Body (de-chunked).
    pub body: Vec<u8>,
}

impl Response {
    /// The first header `name` (lower case), or "".
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `start_line` (+ Host, Connection: close, extra body) and reads the whole answer.
pub fn request(addr: SocketAddr, start_line: &str, body: &[u8]) -> Response {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60))).ok();
    let mut req = format!("{start_line}Host: {addr}\r\nConnection: close\r\n").into_bytes();
    if !body.is_empty() {
        req.extend_from_slice(format!("Content-Length: {}\r\n", body.len()).as_bytes());
    }
    req.extend_from_slice(b"\r\n");
    req.extend_from_slice(body);
    s.write_all(&req).expect("send");
    // Read the header block, then the body by Content-Length (peers such as
    // chromedriver keep the connection open), chunks, or up to EOF.
    let mut raw = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    let split = loop {
        if let Some(p) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break p;
        }
        let n = s.read(&mut buf).expect("read a response");
        assert!(n > 0, "connection closed before the headers");
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let length = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok());
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
    loop {
        let done = match length {
            Some(len) => body.len() >= len,
            None => chunked && body.ends_with(b"0\r\n\r\n"),
        };
        if done {
            break;
        }
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => body.extend_from_slice(&buf[..n]),
        }
    }
    if chunked {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(
            String::from_utf8_lossy(&data[..eol])
                .split(';')
                .next()
                .unwrap_or("0")
                .trim(),
            16,
        )
        .unwrap_or(0);
        if size == 0 || data.len() < eol + 2 + size {
            break;
        }
        out.extend_from_slice(&data[eol + 2..eol + 2 + size]);
        data = &data[(eol + 4 + size).min(data.len())..];
    }
    out
}

/// Percent-encodes a query value.
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~:".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A fresh directory under the test tmp dir.
fn tmp_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("serve-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// `shisaku ingest <paths> --index <dir>`, asserting success.
fn ingest(paths: &[&str], dir: &Path) {
    let mut args = vec!["ingest"];
    args.extend_from_slice(paths);
    let dir_s = dir.to_str().expect("utf-8 path");
    args.extend_from_slice(&["--index", dir_s]);
    let out = shisaku(&args);
    assert!(
        out.status.success(),
        "ingest failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The index of the whole corpus, built once per test run.
pub fn corpus_index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = tmp_dir("corpus");
        ingest(&["corpus"], &dir);
        dir
    })
}

/// The hit ids of a search response, in order.
pub fn ids(v: &Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["id"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// (value, count) of each value of a facet in a search response.
pub fn counts(values: &Value) -> Vec<(String, u64)> {
    values
        .as_array()
        .expect("facet values")
        .iter()
        .map(|v| {
            (
                v["value"].as_str().unwrap_or_default().to_string(),
                v["count"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn serve_search_ranks_the_cloud_card_first() {
    let server = Server::start(corpus_index());
    let v = server.json(&format!("/api/search?q={}", enc("クラウド")), 200);
    assert_eq!(ids(&v).first().map(String::as_str), Some("ict2014/2-3-3"));
    assert!(v["total"].as_u64().unwrap_or(0) >= 2);
    assert!(v["took_ms"].as_f64().is_some());
    let first = &v["hits"][0];
    assert!(!first["snippet"]["marks"]
        .as_array()
        .expect("marks")
        .is_empty());
    assert!(v["facets"]["dept"]
        .as_array()
        .is_some_and(|d| !d.is_empty()));
    // Unknown parameters are ignored; limit and offset page through.
    let page2 = server.json(
        &format!(
            "/api/search?q={}&limit=1&offset=1&colour=red",
            enc("クラウド")
        ),
        200,
    );
    assert_eq!(ids(&page2), vec![ids(&v)[1].clone()]);
}

#[test]
fn serve_filter_narrows_counts_and_keeps_sibling_counts() {
    let server = Server::start(corpus_index());
    let all = server.json("/api/facets", 200);
    assert_eq!(all["total"], crate::common::CORPUS_RECORDS);
    let dept = format!("filter={}", enc("dept:情報政策課"));
    let one = server.json(&format!("/api/search?{dept}&limit=100"), 200);
    let total = one["total"].as_u64().expect("total");
    assert!(
        total > 0 && total < crate::common::CORPUS_RECORDS,
        "{total}"
    );
    // The filtered facet keeps its siblings with their unfiltered counts …
    assert_eq!(
        counts(&one["facets"]["dept"]),
        counts(&all["facets"]["dept"])
    );
    let bureau = &one["facets"]["dept"]
        .as_array()
        .expect("dept")
        .iter()
        .find(|b| b["value"] == "震災復興・企画部")
        .expect("the bureau")["children"];
    let division = bureau
        .as_array()
        .expect("divisions")
        .iter()
        .find(|d| d["value"] == "情報政策課")
        .expect("the division");
    assert_eq!(division["selected"], true);
    // … while the other facets count only the filtered records.
    let editions: u64 = counts(&one["facets"]["edition"]).iter().map(|c| c.1).sum();
    assert_eq!(editions, total);
    // A second dimension narrows further (AND), keeping year siblings.
    let both = server.json(
        &format!("/api/search?{dept}&filter={}&limit=100", enc("year:2015")),
        200,
    );
    let narrowed = both["total"].as_u64().expect("total");
    assert!(narrowed > 0 && narrowed <= total, "{narrowed} of {total}");
    assert_eq!(
        counts(&both["facets"]["year"]),
        counts(&one["facets"]["year"])
    );
    assert!(both["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .all(|h| h["departments"].to_string().contains("情報政策課")));
}

#[test]
fn serve_records_by_id_and_json_errors() {
    let server = Server::start(corpus_index());
    let r = server.json("/api/records/ict2014/2-3-1", 200);
    assert!(
        r["title"].as_str().is_some_and(|t| t.contains("LGWAN")),
        "{r}"
    );
    assert_eq!(r["id"], "ict2014/2-3-1");
    assert!(r["source"]["file"].as_str().is_some());
    // The stored lineage comes with the record: LGWAN is new in ict2014.
    assert_eq!(r["lineage"]["status"], serde_json::json!(["new"]));
    let later = server.json("/api/records/ict2014/4-2-4", 200);
    assert_eq!(later["lineage"]["predecessors"][0]["id"], "it2013/2-2-3");
    assert!(later["lineage"]["predecessors"][0]["score"].as_f64() > Some(0.9));
    assert_eq!(later["lineage"]["issuer"], "宮城県");
    let e = server.json("/api/records/ict2014/9-9-9", 404);
    assert_eq!(e["status"], 404);
    assert!(e["error"].as_str().is_some_and(|m| m.contains("9-9-9")));
    let e = server.json("/api/search?limit=1000", 400);
    assert_eq!(e["status"], 400);
    assert!(e["error"].as_str().is_some_and(|m| m.contains("limit")));
    let long = "あ".repeat(1001);
    server.json(&format!("/api/search?q={}", enc(&long)), 400);
    server.json("/api/search?sort=sideways", 400);
    server.json("/api/search?offset=minus", 400);
    server.json(&format!("/api/search?filter={}", enc("colour:red")), 400);
    // Invalid UTF-8 is decoded lossily, not refused.
    let lossy = server.json("/api/search?q=%FF%FE", 200);
    assert!(!lossy["warnings"].as_array().expect("warnings").is_empty());
    server.json("/api/nothing-here", 404);
    let health = server.json("/healthz", 200);
    assert_eq!(health["status"], "ok");
    assert_eq!(health["records"], crate::common::CORPUS_RECORDS);
    // Bodies are refused, other methods too, always as JSON.
    let big = vec![b'x'; 4096];
    let r = request(server.addr, "GET /api/search HTTP/1.1\r\n", &big);
    assert_eq!(r.status, 413, "{}", r.text());
    assert!(r.text().contains("\"status\":413"));
    let r = request(
        server.addr,
        "DELETE /api/records/ict2014/2-3-1 HTTP/1.1\r\n",
        b"",
    );
    assert_eq!(r.status, 405);
    assert!(r.text().contains("\"error\""));
}

#[test]
fn serve_pdf_serves_ingested_files_and_refuses_traversal() {
    let server = Server::start(corpus_index());
    let ok = server.get("/pdf/ict2014.pdf");
    assert_eq!(ok.status, 200);
    assert_eq!(ok.header("content-type"), "application/pdf");
    assert!(ok.body.starts_with(b"%PDF-"));
    for path in [
        "/pdf/..%2FCargo.toml",
        "/pdf/%2e%2e%2fCargo.toml",
        "/pdf/..%5CCargo.toml",
        "/pdf/../Cargo.toml",
        "/pdf/%2E%2E",
        "/pdf/corpus%2Fict2014.pdf",
        "/pdf/%2Fetc%2Fpasswd",
        "/pdf/.shisaku-ingest.lock",
        "/pdf/Cargo.toml",
        "/pdf/missing.pdf",
        "/pdf/ict2014.pdf%00.txt",
    ] {
        let r = server.get(path);
        assert!(
            (400..500).contains(&r.status),
            "{path} answered {}",
            r.status
        );
        let text = r.text();
        assert!(
            !text.contains("[package]") && !text.contains("root:"),
            "{path}"
        );
    }
}

#[test]
fn serve_pages_render_results_records_and_svg() {
    let server = Server::start(corpus_index());
    let page = server.get(&format!("/?q={}", enc("クラウド")));
    assert_eq!(page.status, 200);
    assert!(page.header("content-type").starts_with("text/html"));
    let html = page.text();
    assert!(
        html.contains("href=\"/records/ict2014/2-3-3"),
        "a link to the top hit"
    );
    assert!(html.contains("<mark>クラウド</mark>"));
    assert!(html.contains("class=\"fv\""), "facet links");
    assert!(html.contains("lang=\"ja\""));
    let none = server.get(&format!("/?q={}", enc("存在しないことばぬぬぬ")));
    assert_eq!(none.status, 200);
    assert!(none.text().contains("該当する施策はありません"));
    let bad = server.get("/?limit=1000");
    assert_eq!(bad.status, 400);
    assert!(bad.text().contains("limit"));
    let rec = server.get("/records/ict2014/2-3-1").text();
    assert!(rec.contains("LGWAN"));
    assert!(rec.contains("/pdf/ict2014.pdf#page="));
    assert!(rec.contains("id=\"cite\""));
    // #19.4: the citation names issuer, plan, printed page and title, not
    // the file name or the internal id.
    let cloud = server.get("/records/ict2014/2-3-3").text();
    assert!(
        cloud.contains("宮城県『みやぎICT推進プラン（2014～2016）』p.46「市町村業務システムの共同クラウド化の推進」"),
        "citation"
    );
    assert!(rec.contains("震災復興・企画部"));
    // Lineage: the 2014 card links back to its 2013 row, and the row forward.
    let later = server.get("/records/ict2014/4-2-4").text();
    assert!(
        later.contains("前の版") && later.contains("href=\"/records/it2013/2-2-3\""),
        "predecessor link"
    );
    let earlier = server.get("/records/it2013/2-2-3").text();
    assert!(
        earlier.contains("次の版") && earlier.contains("href=\"/records/ict2014/4-2-4\""),
        "successor link"
    );
    // 2-3-1 (LGWAN) continues nothing of it2013: the page says it is new.
    assert!(rec.contains("この版で新規"), "status of a new initiative");
    let front = server.get("/?q=&filter=lineage:new").text();
    assert!(
        front.contains("この版で新規"),
        "lineage facet chip or value"
    );
    let d = server.get("/diff?from=it2013&to=ict2014").text();
    assert!(d.contains("継続 9 件"), "edition diff page");
    assert!(d.contains("href=\"/records/ict2014/2-3-3\""));
    let missing = server.get("/records/ict2014/9-9-9");
    assert_eq!(missing.status, 404);
    assert!(missing.header("content-type").starts_with("text/html"));
    let svg = server.get("/svg/ict2014/2-3-1");
    assert_eq!(svg.status, 200, "{}", svg.text());
    assert!(svg.header("content-type").starts_with("image/svg+xml"));
    let svg = svg.text();
    assert!(svg.contains("id=\"highlight\""));
    assert!(svg.contains("LGWAN") || svg.contains("ＬＧＷＡＮ"));
    for asset in ["/assets/style.css", "/assets/app.js"] {
        assert_eq!(server.get(asset).status, 200, "{asset}");
    }
}

#[test]
fn serve_picks_up_a_new_commit_and_answers_during_ingest() {
    let dir = tmp_dir("reload");
    ingest(&["corpus/it2013.pdf"], &dir);
    let server = Server::start(&dir);
    assert_eq!(
        server.json("/healthz", 200)["records"],
        41 + crate::common::IT2013_PASSAGES
    );
    assert_eq!(server.get("/pdf/ict2014.pdf").status, 404);
    let addr = server.addr;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = stop.clone();
    let load = std::thread::spawn(move || {
        let (mut ok, mut failed) = (0, 0);
        while !flag.load(std::sync::atomic::Ordering::Relaxed) {
            let r = request(
                addr,
                "GET /api/search?q=%E3%82%AF%E3%83%A9%E3%82%A6%E3%83%89 HTTP/1.1\r\n",
                b"",
            );
            if r.status == 200 {
                ok += 1;
            } else {
                failed += 1;
            }
        }
        (ok, failed)
    });
    ingest(&["corpus"], &dir);
    let committed = Instant::now();
    let mut seen = None;
    while committed.elapsed() < Duration::from_secs(10) {
        if server.json("/healthz", 200)["records"] == crate::common::CORPUS_RECORDS {
            seen = Some(committed.elapsed());
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (ok, failed) = load.join().expect("load thread");
    let seen = seen.expect("the new commit became visible");
    eprintln!("new commit visible after {seen:?}; {ok} searches answered during the ingest");
    assert!(seen < Duration::from_secs(3), "visible after {seen:?}");
    assert!(
        ok > 0 && failed == 0,
        "{ok} ok, {failed} failed during ingest"
    );
    let v = server.json(&format!("/api/search?q={}", enc("クラウド")), 200);
    assert_eq!(ids(&v).first().map(String::as_str), Some("ict2014/2-3-3"));
    assert_eq!(server.get("/pdf/ict2014.pdf").status, 200);
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
