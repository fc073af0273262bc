//! A real browser on `timeline serve --watch`: headless Debian Chromium, driven over the
//! DevTools protocol (a WebSocket, spoken here with tungstenite). The page is opened
//! once; the test only edits files, and the open page must show the new text by itself,
//! swap a stylesheet without reloading, show the error overlay after a broken edit, and
//! clear it after the fix.
//!
//! Skips with a printed reason when /usr/bin/chromium is missing, unless CI=true.

#[path = "common/serve_util.rs"]
mod serve_util;

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use serve_util::{Server, Site};
use tungstenite::{Message, WebSocket};

const CHROMIUM: &str = "/usr/bin/chromium";
const WAIT: Duration = Duration::from_secs(30);

/// Chromium in its own process group, killed with all its helpers on drop.
struct Browser {
    child: Child,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn launch() -> (Browser, String) {
    let profile = tempfile::tempdir().expect("profile folder");
    let mut command = Command::new(CHROMIUM);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("about:blank")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command.spawn().expect("start chromium");
    let stderr = child.stderr.take().expect("stderr");
    let browser = Browser {
        child,
        _profile: profile,
    };
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(at) = line.find("ws://") {
                let _ = tx.send(line[at..].trim().to_string());
            }
        }
    });
    let ws = rx
        .recv_timeout(WAIT)
        .expect("chromium did not print its DevTools address");
    (browser, ws)
}

/// A DevTools session attached to one page.
struct Page {
    socket: WebSocket<TcpStream>,
    session: String,
    next_id: u64,
}

impl Page {
    fn open(ws_url: &str, url: &str) -> Page {
        let hostport = ws_url
            .trim_start_matches("ws://")
            .split('/')
            .next()
            .expect("host:port");
        let stream = TcpStream::connect(hostport).expect("connect to DevTools");
        stream.set_read_timeout(Some(WAIT)).expect("read timeout");
        let (socket, _) = tungstenite::client(ws_url, stream).expect("DevTools handshake");
        let mut page = Page {
            socket,
            session: String::new(),
            next_id: 0,
        };
        let target = page.call(None, "Target.createTarget", json!({ "url": url }));
        let target_id = target["targetId"].as_str().expect("targetId").to_string();
        let attached = page.call(
            None,
            "Target.attachToTarget",
            json!({ "targetId": target_id, "flatten": true }),
        );
        page.session = attached["sessionId"]
            .as_str()
            .expect("sessionId")
            .to_string();
        page
    }

    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        self.socket
            .send(Message::text(msg.to_string()))
            .expect("send to DevTools");
        let deadline = Instant::now() + WAIT;
        loop {
            assert!(Instant::now() < deadline, "no answer to {method}");
            let reply = self.socket.read().expect("read from DevTools");
            let Message::Text(text) = reply else {
                continue;
            };
            let v: Value = serde_json::from_str(text.as_str()).expect("DevTools JSON");
            if v["id"].as_u64() == Some(id) {
                assert!(v.get("error").is_none(), "{method}: {v}");
                return v["result"].clone();
            }
        }
    }

    /// Evaluates `expr` in the page; its value as JSON.
    fn eval(&mut self, expr: &str) -> Value {
        let session = self.session.clone();
        let r = self.call(
            Some(&session),
            "Runtime.evaluate",
            json!({ "expression": expr, "returnByValue": true }),
        );
        r["result"]["value"].clone()
    }

    /// Polls `expr` until it is `true`; panics with `what` after the timeout.
    fn wait_until(&mut self, expr: &str, what: &str) -> Duration {
        let started = Instant::now();
        loop {
            if self.eval(expr) == Value::Bool(true) {
                return started.elapsed();
            }
            let text = self.eval("document.body ? document.body.innerText.slice(0, 400) : ''");
            assert!(
                started.elapsed() < WAIT,
                "timed out waiting for {what}; page: {text}"
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

fn chromium_available() -> bool {
    if Path::new(CHROMIUM).exists() {
        return true;
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{CHROMIUM} is missing, and CI=true requires the browser test to run (apt-get install -y chromium)");
    }
    eprintln!(
        "skipping the browser test: {CHROMIUM} is not installed (apt-get install -y chromium)"
    );
    false
}

const ARTICLE: &str = "content/2020-01-15-first-event.md";
const ARTICLE_URL: &str = "events/first-event/";

#[test]
fn an_open_page_follows_edits_and_shows_errors() {
    if !chromium_available() {
        return;
    }
    let site = Site::fixture();
    let server = Server::watch(&site.root);
    let (_browser, ws) = launch();
    let mut page = Page::open(&ws, &format!("{}{ARTICLE_URL}", server.url));
    page.wait_until(
        "document.readyState === 'complete' && document.body.innerText.includes('ORIGINAL-FIRST-BODY')",
        "the article to load",
    );
    // Give the page's event stream a moment to connect (a missed reload would be
    // caught by the `hello` check anyway).
    std::thread::sleep(Duration::from_millis(200));
    let original = site.read(ARTICLE);

    // 1. An edit: the open page shows the new text by itself.
    page.eval("window.__loadedBefore = true");
    std::fs::write(
        site.path(ARTICLE),
        original.replace("ORIGINAL-FIRST-BODY", "BROWSER-EDIT-ONE"),
    )
    .expect("write");
    let took = page.wait_until(
        "document.body.innerText.includes('BROWSER-EDIT-ONE')",
        "the edited text",
    );
    println!("browser: edit visible after {took:?}");
    assert_eq!(
        page.eval("window.__loadedBefore === true"),
        Value::Bool(false),
        "the page reloaded"
    );

    // 2. A stylesheet change is swapped in without a reload.
    page.eval("window.__beforeCss = true");
    let css = site.path("themes/default/static/style.css");
    let mut text = std::fs::read_to_string(&css).expect("css");
    text.push_str("\nbody { outline: 3px solid rgb(1, 2, 3); }\n");
    std::fs::write(&css, text).expect("write css");
    page.wait_until(
        "getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)'",
        "the new stylesheet",
    );
    assert_eq!(
        page.eval("window.__beforeCss === true"),
        Value::Bool(true),
        "no reload for CSS"
    );

    // 3. A broken edit: the overlay names the file and line; the last good page stays.
    std::fs::write(
        site.path(ARTICLE),
        "---\ntitle: \"First event\"\ndate: \"2020-13-45\"\ntopics: [alpha]\n---\n\nBROKEN\n",
    )
    .expect("write");
    page.wait_until(
        "(function () { var o = document.getElementById('__timeline-overlay'); return !!o && o.innerText.includes('content/2020-01-15-first-event.md:'); })()",
        "the error overlay",
    );
    assert_eq!(
        page.eval("document.body.innerText.includes('BROWSER-EDIT-ONE')"),
        Value::Bool(true)
    );

    // 4. The fix clears the overlay and shows the new text.
    std::fs::write(
        site.path(ARTICLE),
        original.replace("ORIGINAL-FIRST-BODY", "BROWSER-FIXED"),
    )
    .expect("write");
    page.wait_until(
        "document.body.innerText.includes('BROWSER-FIXED') && !document.getElementById('__timeline-overlay')",
        "the fix without the overlay",
    );
}
