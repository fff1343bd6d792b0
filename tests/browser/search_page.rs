//! Browser test of the search page (issue #7): headless Chromium driven
//! through chromedriver's WebDriver HTTP API with the std::net client of the
//! serve tests (no extra crates). Types a query, clicks a department facet,
//! opens a record with the keyboard and checks what is shown; screenshots go
//! to target/browser/. Skipped, with a message, when `chromium` or
//! `chromedriver` is not installed (Debian: `chromium chromium-driver`).

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::{corpus_index, enc, request, Server};
use crate::common::root;

/// The W3C WebDriver element key.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
/// How long to wait for a page condition.
const WAIT: Duration = Duration::from_secs(20);

/// The first of `names` found on PATH.
fn which(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// chromedriver plus one browser session; both end when dropped.
struct Browser {
    driver: Child,
    addr: SocketAddr,
    session: String,
    profile: PathBuf,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.call("DELETE", &format!("/session/{}", self.session), None);
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

impl Browser {
    fn start(chromium: PathBuf, chromedriver: PathBuf) -> Browser {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let addr: SocketAddr = ([127, 0, 0, 1], port).into();
        let started = Instant::now();
        while TcpStream::connect(addr).is_err() {
            assert!(started.elapsed() < WAIT, "chromedriver did not listen");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = std::env::temp_dir().join(format!("shisaku-chromium-{}", std::process::id()));
        let mut browser = Browser {
            driver,
            addr,
            session: String::new(),
            profile: profile.clone(),
        };
        let caps = json!({"capabilities": {"alwaysMatch": {
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--lang=ja",
                    "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.display())]
            }
        }}});
        let v = browser.call("POST", "/session", Some(caps));
        browser.session = v["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {v}"))
            .to_string();
        browser
    }

    /// One WebDriver command; returns its `value`.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let line = format!("{method} {path} HTTP/1.1\r\nContent-Type: application/json\r\n");
        let r = request(self.addr, &line, body.as_bytes());
        let v: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
        assert!(r.status < 400, "{method} {path}: {} {v}", r.status);
        v["value"].clone()
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    fn goto(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    fn url(&self) -> String {
        self.cmd("GET", "/url", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn script(&self, script: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }

    /// Waits until `script` (a JS expression) is truthy.
    fn wait_for(&self, what: &str, expr: &str) {
        let started = Instant::now();
        loop {
            let v = self.script(&format!("return !!({expr});"));
            if v == Value::Bool(true) {
                return;
            }
            assert!(
                started.elapsed() < WAIT,
                "timed out waiting for {what} at {}",
                self.url()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn find(&self, using: &str, value: &str) -> String {
        let v = self.cmd(
            "POST",
            "/element",
            Some(json!({"using": using, "value": value})),
        );
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {value}: {v}"))
            .to_string()
    }

    fn text(&self, css: &str) -> String {
        let id = self.find("css selector", css);
        let v = self.cmd("GET", &format!("/element/{id}/text"), None);
        v.as_str().unwrap_or_default().to_string()
    }

    /// The text of every element `css` selects, in document order.
    fn texts(&self, css: &str) -> Vec<String> {
        let v = self.script(&format!(
            "return Array.from(document.querySelectorAll({})).map(e => e.textContent);",
            json!(css)
        ));
        v.as_array()
            .expect("texts")
            .iter()
            .map(|t| t.as_str().unwrap_or_default().to_string())
            .collect()
    }

    fn click(&self, element: &str) {
        self.cmd(
            "POST",
            &format!("/element/{element}/click"),
            Some(json!({})),
        );
    }

    fn type_into(&self, element: &str, text: &str) {
        self.cmd(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        );
    }

    fn keys(&self, keys: &str) {
        let actions: Vec<Value> = keys
            .chars()
            .flat_map(|c| {
                [
                    json!({"type": "keyDown", "value": c.to_string()}),
                    json!({"type": "keyUp", "value": c.to_string()}),
                ]
            })
            .collect();
        self.cmd(
            "POST",
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
        );
    }

    fn resize(&self, width: u32, height: u32) {
        self.cmd(
            "POST",
            "/window/rect",
            Some(json!({"width": width, "height": height})),
        );
    }

    fn screenshot(&self, name: &str) -> PathBuf {
        let b64 = self.cmd("GET", "/screenshot", None);
        let png = base64_decode(b64.as_str().unwrap_or_default());
        let dir = root().join("target/browser");
        std::fs::create_dir_all(&dir).expect("target/browser");
        let path = dir.join(name);
        std::fs::write(&path, png).expect("screenshot written");
        path
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(val) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

#[test]
fn serve_browser_search_filter_and_record_page() {
    let (Some(chromium), Some(driver)) = (
        which(&["chromium", "chromium-browser", "google-chrome"]),
        which(&["chromedriver"]),
    ) else {
        eprintln!(
            "SKIPPED serve_browser_search_filter_and_record_page: chromium and chromedriver not \
             found on PATH (Debian: apt-get install -y chromium chromium-driver)"
        );
        return;
    };
    let server = Server::start(corpus_index());
    let base = format!("http://{}", server.addr);
    let b = Browser::start(chromium, driver);

    // Type a query and submit with Enter.
    b.goto(&format!("{base}/"));
    let q = b.find("css selector", "#q");
    b.type_into(&q, "クラウド\u{E007}");
    b.wait_for("results", "document.querySelector('.hit-title')");
    // The results may render before the address bar is updated: wait for the URL too.
    b.wait_for(
        "the query in the URL",
        &format!("location.href.includes('q={}')", enc("クラウド")),
    );
    assert!(b.text(".hit-title").contains("共同クラウド"), "top hit");
    assert!(b.text("#count").contains("件"));

    // Click the 情報政策課 division in the 担当 facet.
    let dept = b.find(
        "xpath",
        "//details[@data-facet='dept']//a[contains(., '情報政策課')]",
    );
    b.click(&dept);
    b.wait_for("the dept filter", "location.search.includes('filter=dept')");
    assert!(b.text(".chip").contains("情報政策課"));
    let metas = b.script(
        "return Array.from(document.querySelectorAll('.hit .meta')).map(e => e.textContent);",
    );
    let metas = metas.as_array().expect("hit metas");
    assert!(!metas.is_empty());
    assert!(metas
        .iter()
        .all(|m| m.as_str().unwrap_or_default().contains("情報政策課")));
    let selected = b.script("return document.querySelectorAll('.fv.on').length;");
    assert_eq!(selected, json!(1));
    let shot = b.screenshot("search.png");
    eprintln!("screenshot: {}", shot.display());

    // Keyboard: j selects the first hit, Enter opens it.
    b.keys("j");
    b.wait_for(
        "a focused hit",
        "document.activeElement.classList.contains('hit-title')",
    );
    b.keys("\u{E007}");
    b.wait_for(
        "the record page",
        "location.pathname.startsWith('/records/')",
    );
    assert!(b.url().contains("/records/ict2014/2-3-3"), "{}", b.url());
    assert!(b.text("#rec-title").contains("クラウド"));
    let pdf = b.script("return document.getElementById('pdf-link').getAttribute('href');");
    assert!(
        pdf.as_str()
            .unwrap_or_default()
            .starts_with("/pdf/ict2014.pdf#page="),
        "{pdf}"
    );
    b.wait_for(
        "the page drawing",
        "document.getElementById('page-svg').complete && document.getElementById('page-svg').naturalWidth > 0",
    );
    let cite = b.script("return document.getElementById('cite').value;");
    let cite = cite.as_str().unwrap_or_default();
    assert_eq!(
        cite,
        "宮城県『みやぎICT推進プラン（2014～2016）』p.46「市町村業務システムの共同クラウド化の推進」"
    );
    assert!(b.text(".card").contains("情報政策課"));
    let shot = b.screenshot("record.png");
    eprintln!("screenshot: {}", shot.display());

    // u goes back to the filtered results.
    b.keys("u");
    b.wait_for(
        "the results again",
        "location.search.includes('filter=dept')",
    );

    // #17: the page shows one result per initiative, its editions oldest
    // first; the switch lists every record again.
    b.goto(&format!("{base}/?q={}", enc("クラウド")));
    b.wait_for("results", "document.querySelector('.hit-title')");
    let eds = b.script(
        "return Array.from(document.querySelectorAll('.hit')[0].querySelectorAll('.editions li')).map(e => e.textContent);",
    );
    let eds: Vec<&str> = eds
        .as_array()
        .expect("editions")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(eds.len(), 2, "{eds:?}");
    assert!(
        eds[0].starts_with("みやぎＩＴ推進プラン２０１３（復興に向けた取組編）（it2013） ")
            && eds[1].starts_with("みやぎICT推進プラン（2014～2016）（ict2014） "),
        "{eds:?}"
    );
    let toggle = b.find("css selector", "#collapse-toggle");
    b.click(&toggle);
    b.wait_for("every record", "location.search.includes('collapse=none')");
    let groups = b.script("return document.querySelectorAll('.editions').length;");
    assert_eq!(groups, json!(0));

    sections_stay_in_their_edition(&b, &base);
    diff_compares_two_editions(&b, &base);

    // Empty state and phone width.
    b.goto(&format!("{base}/?q={}", enc("ぬぬぬぬぬ")));
    assert_eq!(b.text(".empty-title"), "該当する施策はありません");
    b.resize(390, 844);
    b.goto(&format!("{base}/?q={}", enc("防災")));
    b.wait_for("results", "document.querySelector('.hit-title')");
    let overflow =
        b.script("return document.documentElement.scrollWidth <= window.innerWidth + 1;");
    assert_eq!(
        overflow,
        json!(true),
        "no horizontal scrolling at phone width"
    );
    let shot = b.screenshot("search-phone.png");
    eprintln!("screenshot: {}", shot.display());
    // #19.11: an active filter at phone width keeps its chip visible, opens
    // only its own facet group, and the first result stays on the first screen.
    b.goto(&format!(
        "{base}/?q={}&filter={}",
        enc("防災"),
        enc("kind=initiative")
    ));
    b.wait_for("filtered results", "document.querySelector('.hit-title')");
    let shot = b.screenshot("search-phone-filtered.png");
    eprintln!("screenshot: {}", shot.display());
    let open = b.script("return document.querySelectorAll('details.facet[open]').length;");
    let active = b.script("return document.querySelectorAll('details.facet[data-active]').length;");
    assert_eq!(open, active, "only groups with an active filter stay open");
    let chip = b.script(
        "return document.querySelector('.chips').getBoundingClientRect().top < window.innerHeight;",
    );
    assert_eq!(chip, json!(true), "the active filter's chip is visible");
    let first_on_screen = b.script(
        "return document.querySelector('.hit-title').getBoundingClientRect().top < window.innerHeight;",
    );
    assert_eq!(
        first_on_screen,
        json!(true),
        "first hit on the first screen"
    );
}

/// #19.1 on the page: the 分野 facet lists each edition's 分野 2 apart with
/// its own name; choosing ict2014's gives only ict2014's records, its chip
/// names the 分野, and the 版 facet is left with that edition, shown by its
/// plan title (#19.10).
fn sections_stay_in_their_edition(b: &Browser, base: &str) {
    b.goto(&format!("{base}/"));
    b.wait_for("results", "document.querySelector('.hit-title')");
    let fields = b.texts("details[data-facet='field'] > ul > li > a .fl");
    let twos: Vec<&String> = fields.iter().filter(|f| f.starts_with("2　")).collect();
    assert_eq!(
        twos,
        [
            "2　行政の情報化（ict2014）",
            "2　県民生活の利便性の向上（it2013）"
        ],
        "{fields:?}"
    );
    let editions = b.texts("details[data-facet='edition'] .fl");
    assert_eq!(
        editions,
        [
            "みやぎICT推進プラン（2014～2016）（ict2014）",
            "みやぎＩＴ推進プラン２０１３（復興に向けた取組編）（it2013）"
        ],
        "版 by plan title"
    );
    let ict2 = b.find(
        "xpath",
        "//details[@data-facet='field']/ul/li/a[contains(., '2　行政の情報化（ict2014）')]",
    );
    b.click(&ict2);
    b.wait_for(
        "the 分野 filter",
        "location.search.includes('filter=field')",
    );
    assert!(
        b.url()
            .contains(&format!("filter={}", enc("field:ict2014:2"))),
        "{}",
        b.url()
    );
    assert_eq!(b.text(".chip"), "分野: 2　行政の情報化（ict2014） ×");
    let ids = b.texts(".hit .meta .id");
    assert!(!ids.is_empty());
    assert!(ids.iter().all(|id| id.starts_with("ict2014/")), "{ids:?}");
    let metas = b.texts(".hit .meta");
    assert!(
        metas.iter().all(|m| m.contains("行政の情報化")),
        "{metas:?}"
    );
    assert_eq!(
        b.texts("details[data-facet='edition'] .fl"),
        ["みやぎICT推進プラン（2014～2016）（ict2014）"]
    );
}

/// #19.2 on the page: the search page links to /diff; both selects hold a
/// selected edition, the older one first, by plan title; comparing an
/// edition with itself is refused in Japanese, a reversed pair is named.
fn diff_compares_two_editions(b: &Browser, base: &str) {
    b.goto(&format!("{base}/"));
    let link = b.find("css selector", "a[href='/diff']");
    b.click(&link);
    b.wait_for("the diff page", "location.pathname === '/diff'");
    assert!(b.text("h1").starts_with("版の比較"), "{}", b.text("h1"));
    let chosen = b.script(
        "return ['from', 'to'].map(n => { const s = document.querySelector(`select[name=${n}]`); \
         const o = s.querySelector('option[selected]'); return [s.value, o ? o.textContent : null]; });",
    );
    assert_eq!(
        chosen,
        json!([
            [
                "it2013",
                "みやぎＩＴ推進プラン２０１３（復興に向けた取組編）（it2013）"
            ],
            ["ict2014", "みやぎICT推進プラン（2014～2016）（ict2014）"]
        ]),
        "older → newer, each select with a selected option"
    );
    assert!(b.text("article.diff").contains("継続 9 件"));
    // Choose ict2014 on both sides and compare.
    b.script("document.querySelector('select[name=from]').value = 'ict2014';");
    let button = b.find("css selector", "form[action='/diff'] button");
    b.click(&button);
    b.wait_for("the refusal", "location.search.includes('from=ict2014')");
    assert!(b.url().contains("to=ict2014"), "{}", b.url());
    let error = b.text(".error");
    assert!(error.contains("同じ版"), "{error}");
    assert!(error.contains("どうしは比較できません"), "{error}");
    // The selects stay to choose again: the older edition on the left compares.
    assert_eq!(
        b.script("return document.querySelector('select[name=to]').value;"),
        json!("ict2014")
    );
    b.script("document.querySelector('select[name=from]').value = 'it2013';");
    let button = b.find("css selector", "form[action='/diff'] button");
    b.click(&button);
    b.wait_for("the diff again", "location.search.includes('from=it2013')");
    assert!(b.text("article.diff").contains("継続 9 件"));
    // A reversed pair is compared with a warning.
    b.goto(&format!("{base}/diff?from=ict2014&to=it2013"));
    assert!(b.text(".warning").contains("入れ替えて"));
}
