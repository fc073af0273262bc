//! Headless Debian Chromium driven over the DevTools protocol (a WebSocket, spoken with
//! tungstenite), for the browser tests (tests/browser_serve.rs, tests/browser_layout.rs),
//! with device emulation and navigation. Also a tiny loopback static file server for a built
//! `public/` folder. Every wait is bounded; the browser and the server stop on drop.
#![allow(dead_code, unreachable_pub)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tungstenite::{Message, WebSocket};

pub const CHROMIUM: &str = "/usr/bin/chromium";
/// The longest any single wait may take (a debug build on a busy two-core machine).
pub const WAIT: Duration = Duration::from_secs(30);

/// True when the browser tests should run: /usr/bin/chromium exists. When it is missing
/// the test is skipped with a printed reason, unless CI=true, where that is a failure.
pub fn chromium_available() -> bool {
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

/// Chromium in its own process group, killed with all its helpers on drop.
pub struct Browser {
    child: Child,
    /// The DevTools WebSocket address of the browser.
    pub ws_url: String,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    /// Starts headless Chromium with a fresh profile and waits for its DevTools address.
    pub fn launch() -> Browser {
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
                "--hide-scrollbars",
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
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.find("ws://") {
                    let _ = tx.send(line[at..].trim().to_string());
                }
            }
        });
        let mut browser = Browser {
            child,
            ws_url: String::new(),
            _profile: profile,
        };
        // On timeout the panic drops `browser`, which kills the process group.
        browser.ws_url = rx
            .recv_timeout(WAIT)
            .expect("chromium did not print its DevTools address");
        browser
    }

    /// A new tab (at about:blank) with a DevTools session attached to it.
    pub fn new_page(&self) -> Page {
        Page::open(&self.ws_url)
    }
}

/// A DevTools session attached to one tab.
pub struct Page {
    socket: WebSocket<TcpStream>,
    session: String,
    next_id: u64,
}

impl Page {
    fn open(ws_url: &str) -> Page {
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
        let target = page.call_browser("Target.createTarget", json!({ "url": "about:blank" }));
        let target_id = target["targetId"].as_str().expect("targetId").to_string();
        let attached = page.call_browser(
            "Target.attachToTarget",
            json!({ "targetId": target_id, "flatten": true }),
        );
        page.session = attached["sessionId"]
            .as_str()
            .expect("sessionId")
            .to_string();
        page
    }

    fn send(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
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
            // The socket's read timeout bounds this read too.
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

    /// A browser-level DevTools command.
    pub fn call_browser(&mut self, method: &str, params: Value) -> Value {
        self.send(None, method, params)
    }

    /// A DevTools command for this tab.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.send(Some(&session), method, params)
    }

    /// Evaluates `expr` in the page; its value as JSON. A thrown exception fails the test.
    pub fn eval(&mut self, expr: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({ "expression": expr, "returnByValue": true }),
        );
        assert!(
            r.get("exceptionDetails").is_none(),
            "the page threw evaluating {expr}: {}",
            r["exceptionDetails"]
        );
        r["result"]["value"].clone()
    }

    /// Emulates a device viewport of `width` × `height` CSS pixels.
    pub fn set_viewport(&mut self, width: u32, height: u32, mobile: bool) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({
                "width": width,
                "height": height,
                "deviceScaleFactor": if mobile { 3 } else { 1 },
                "mobile": mobile,
            }),
        );
    }

    /// Loads `url` and waits until the document (with its stylesheets) has loaded.
    pub fn goto(&mut self, url: &str) -> Duration {
        let started = Instant::now();
        let r = self.call("Page.navigate", json!({ "url": url }));
        if let Some(error) = r.get("errorText").and_then(Value::as_str) {
            panic!("loading {url} failed: {error}");
        }
        let expr = format!(
            "location.href === {} && document.readyState === 'complete'",
            json!(url)
        );
        self.wait_until(&expr, &format!("{url} to load"));
        started.elapsed()
    }

    /// Polls `expr` until it is `true`; panics with `what` after the timeout.
    pub fn wait_until(&mut self, expr: &str, what: &str) -> Duration {
        let started = Instant::now();
        loop {
            if self.eval(expr) == Value::Bool(true) {
                return started.elapsed();
            }
            let text = self.eval(
                "location.href + ' ' + (document.body ? document.body.innerText.slice(0, 300) : '')",
            );
            assert!(
                started.elapsed() < WAIT,
                "timed out waiting for {what}; page: {text}"
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

/// Serves the files of a folder over loopback HTTP under a path prefix (e.g. `/timeline/`
/// for a site whose base URL is `https://example.github.io/timeline/`), the way a static
/// host serves a built site: `dir/` answers `dir/index.html`, a missing file answers
/// `404.html` with status 404. Stops on drop.
pub struct StaticServer {
    pub port: u16,
    /// `http://127.0.0.1:PORT/PREFIX/`
    pub url: String,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    pub fn start(dir: &Path, prefix: &str) -> StaticServer {
        let prefix = format!("/{}/", prefix.trim_matches('/')).replace("//", "/");
        let listener = TcpListener::bind(("127.0.0.1", 0)).expect("bind a loopback port");
        let port = listener.local_addr().expect("local address").port();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let root = dir.to_path_buf();
        let served_prefix = prefix.clone();
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if flag.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(stream) = stream else { continue };
                let root = root.clone();
                let prefix = served_prefix.clone();
                std::thread::spawn(move || answer(stream, &root, &prefix));
            }
        });
        StaticServer {
            port,
            url: format!("http://127.0.0.1:{port}{prefix}"),
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect_timeout(
            &std::net::SocketAddr::from(([127, 0, 0, 1], self.port)),
            Duration::from_secs(2),
        );
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn answer(mut stream: TcpStream, root: &Path, prefix: &str) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let target = head.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let (status, file) = match resolve(root, prefix, path) {
        Some(file) => ("200 OK", file),
        None => ("404 Not Found", root.join("404.html")),
    };
    let body = std::fs::read(&file).unwrap_or_default();
    let reply = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        content_type(&file),
        body.len()
    );
    let _ = stream.write_all(reply.as_bytes());
    let _ = stream.write_all(&body);
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Both);
}

/// The file a request path names, if it is under `prefix` and exists.
fn resolve(root: &Path, prefix: &str, path: &str) -> Option<PathBuf> {
    let rel = path.strip_prefix(prefix).or_else(|| {
        // `/timeline` without the trailing slash.
        (path == prefix.trim_end_matches('/')).then_some("")
    })?;
    let decoded = percent_decode(rel)?;
    let mut file = root.to_path_buf();
    for part in Path::new(&decoded).components() {
        match part {
            Component::Normal(p) => file.push(p),
            _ => return None,
        }
    }
    if decoded.is_empty() || decoded.ends_with('/') {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Decodes standard base64 (DevTools' screenshots).
pub fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let bits: Vec<u8> = text.bytes().filter_map(value).collect();
    bits.chunks(4)
        .flat_map(|c| {
            let n = c.iter().fold(0u32, |n, &b| (n << 6) | u32::from(b)) << (6 * (4 - c.len()));
            let bytes = n.to_be_bytes();
            bytes[1..c.len()].to_vec()
        })
        .collect()
}
