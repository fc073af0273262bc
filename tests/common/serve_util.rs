//! Helpers for the `timeline serve` tests: a temporary copy of a site, the real binary
//! serving it on a free port, raw HTTP requests, and the live-reload event stream.
//! Every wait is bounded, so a broken server fails a test instead of hanging it.
#![allow(dead_code, unreachable_pub)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a rebuild may take before a test gives up (debug builds on a busy machine).
pub const WAIT: Duration = Duration::from_secs(20);

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A site in a temporary folder (the folder is removed on drop).
pub struct Site {
    pub dir: tempfile::TempDir,
    pub root: PathBuf,
}

impl Site {
    /// tests/fixtures/serve-site plus the repository's themes/default, copied now so
    /// that the fixture never carries its own, diverging copy of the theme.
    pub fn fixture() -> Site {
        let site = Site::empty();
        copy_dir(&repo_root().join("tests/fixtures/serve-site"), &site.root);
        copy_dir(&theme_source(), &site.root.join("themes/default"));
        site
    }

    /// The repository's sample site: site.toml, content/ and themes/.
    pub fn sample() -> Site {
        let site = Site::empty();
        let repo = repo_root();
        std::fs::copy(repo.join("site.toml"), site.root.join("site.toml")).expect("copy site.toml");
        copy_dir(&repo.join("content"), &site.root.join("content"));
        copy_dir(&theme_source(), &site.root.join("themes/default"));
        site
    }

    fn empty() -> Site {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("site");
        std::fs::create_dir(&root).expect("create site folder");
        Site { dir, root }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).expect("read site file")
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("create folders");
        }
        std::fs::write(p, text).expect("write site file");
    }
}

/// The theme the tests use: the repository's default theme.
fn theme_source() -> PathBuf {
    repo_root().join("themes/default")
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// An article with the given front matter fields and body.
pub fn article(title: &str, date: &str, topics: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: \"{date}\"\ntopics: [{topics}]\n---\n\n{body}\n")
}

/// The binary under test; TIMELINE_BIN overrides it, e.g. to measure a release build:
/// `TIMELINE_BIN=target/release/timeline cargo test --test serve latency -- --nocapture`.
pub fn binary() -> PathBuf {
    std::env::var_os("TIMELINE_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_timeline")))
}

/// `timeline serve` running on a free port; killed on drop.
pub struct Server {
    child: Child,
    pub port: u16,
    pub url: String,
    pub stdout: Arc<Mutex<Vec<String>>>,
    pub stderr: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// `timeline serve --watch --port 0 --root ROOT`.
    pub fn watch(root: &Path) -> Server {
        Server::start(root, &["--watch"])
    }

    pub fn start(root: &Path, args: &[&str]) -> Server {
        let mut command = Command::new(binary());
        command.arg("serve").arg("--root").arg(root);
        if !args.contains(&"--port") {
            command.args(["--port", "0"]);
        }
        command.args(args);
        Server::spawn(command)
    }

    pub fn spawn(mut command: Command) -> Server {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start timeline serve");
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        let out = child.stdout.take().expect("stdout");
        let lines = Arc::clone(&stdout);
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if let Some(rest) = line.strip_prefix("Serving the site at ") {
                    let _ = tx.send(rest.trim().to_string());
                }
                lines.lock().expect("lock").push(line);
            }
        });
        let err = child.stderr.take().expect("stderr");
        let lines = Arc::clone(&stderr);
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                lines.lock().expect("lock").push(line);
            }
        });
        let url = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "the server did not start\nstdout: {:?}\nstderr: {:?}",
                    stdout.lock().expect("lock"),
                    stderr.lock().expect("lock")
                );
            }
        };
        let port = url
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("a port in the URL");
        Server {
            child,
            port,
            url,
            stdout,
            stderr,
        }
    }

    /// True while the server process runs.
    pub fn process_alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn get(&self, path: &str) -> Response {
        get(self.port, path)
    }

    pub fn events(&self) -> Events {
        Events::connect(self.port)
    }

    pub fn stdout_text(&self) -> String {
        self.stdout.lock().expect("lock").join("\n")
    }

    pub fn stderr_text(&self) -> String {
        self.stderr.lock().expect("lock").join("\n")
    }

    /// Waits for the process to exit by itself.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A parsed HTTP response.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

pub fn get(port: u16, path: &str) -> Response {
    request(port, "GET", path)
}

pub fn request(port: u16, method: &str, target: &str) -> Response {
    let raw = format!(
        "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    );
    request_raw(port, raw.as_bytes())
}

/// Sends `raw` as it is and reads the whole response (the connection is closed).
pub fn request_raw(port: u16, raw: &[u8]) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(WAIT)).expect("timeout");
    stream.write_all(raw).expect("send request");
    let mut bytes = Vec::new();
    // A server that closes at once on a bad request may reset the connection.
    let _ = stream.read_to_end(&mut bytes);
    parse_response(&bytes).unwrap_or_else(|| {
        panic!(
            "not an HTTP response: {:?}",
            String::from_utf8_lossy(&bytes)
        )
    })
}

fn parse_response(bytes: &[u8]) -> Option<Response> {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&bytes[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = bytes[end + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body)?;
    }
    Some(Response {
        status,
        headers,
        body,
    })
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size =
            usize::from_str_radix(std::str::from_utf8(&data[..line_end]).ok()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

/// One server-sent event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub name: String,
    pub data: String,
    /// When the test received it.
    pub at: Instant,
}

/// The live-reload event stream, read by a background thread.
pub struct Events {
    stream: TcpStream,
    rx: Receiver<Event>,
    /// The build id the server announced on connecting.
    pub hello: String,
}

impl Events {
    /// Connects and waits for the `hello` event, so that nothing after this is missed.
    pub fn connect(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        // HTTP/1.0: the body is the plain event stream, without chunked encoding.
        stream
            .write_all(b"GET /__timeline/events HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
            .expect("send request");
        let reader = stream.try_clone().expect("clone stream");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(reader).lines().map_while(Result::ok);
            // The response head.
            for line in lines.by_ref() {
                if line.is_empty() {
                    break;
                }
            }
            let (mut name, mut data) = (String::new(), Vec::<String>::new());
            for line in lines {
                if line.is_empty() {
                    if !name.is_empty() || !data.is_empty() {
                        let event = Event {
                            name: std::mem::take(&mut name),
                            data: std::mem::take(&mut data).join("\n"),
                            at: Instant::now(),
                        };
                        if tx.send(event).is_err() {
                            return;
                        }
                    }
                } else if let Some(v) = line.strip_prefix("event:") {
                    name = v.trim_start().to_string();
                } else if let Some(v) = line.strip_prefix("data:") {
                    data.push(v.strip_prefix(' ').unwrap_or(v).to_string());
                }
            }
        });
        let mut events = Events {
            stream,
            rx,
            hello: String::new(),
        };
        let hello = events
            .next_named("hello", WAIT)
            .expect("no hello event from the server");
        events.hello = hello.data;
        events
    }

    /// The next event of any name.
    pub fn next(&self, timeout: Duration) -> Option<Event> {
        match self.rx.recv_timeout(timeout) {
            Ok(e) => Some(e),
            Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => None,
        }
    }

    /// The next event named `name`, skipping others (keep-alive comments are not events).
    pub fn next_named(&mut self, name: &str, timeout: Duration) -> Option<Event> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            let e = self.next(left)?;
            if e.name == name {
                return Some(e);
            }
        }
    }

    /// Collects every event that arrives within `window`.
    pub fn drain(&self, window: Duration) -> Vec<Event> {
        let deadline = Instant::now() + window;
        let mut out = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return out;
            }
            match self.next(left) {
                Some(e) => out.push(e),
                None => return out,
            }
        }
    }
}

impl Drop for Events {
    fn drop(&mut self) {
        let _ = self.stream.shutdown(Shutdown::Both);
    }
}

/// After an edit: waits for reload events until `path` answers `status` with a body
/// containing `text` (a partial save may be followed by a second rebuild). Panics with
/// what was seen when that does not happen in time. Returns the first reload event.
pub fn expect_reload_with(
    server: &Server,
    events: &mut Events,
    path: &str,
    status: u16,
    text: &str,
) -> Event {
    let deadline = Instant::now() + WAIT;
    let mut first = None;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let Some(e) = events.next_named("reload", left) else {
            let r = server.get(path);
            panic!(
                "no reload showing {text:?} at {path} (reload seen: {}; now {} {:?})\nstdout: {}\nstderr: {}",
                first.is_some(),
                r.status,
                r.text().chars().take(300).collect::<String>(),
                server.stdout_text(),
                server.stderr_text()
            );
        };
        first.get_or_insert(e);
        let r = server.get(path);
        if r.status == status && r.text().contains(text) {
            return first.expect("a reload");
        }
    }
}
