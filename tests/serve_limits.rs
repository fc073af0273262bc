//! `timeline serve` against hostile connections, through the real binary: slow and
//! silent clients are closed after the header timeout while others are served; past the
//! connection cap, and out of file descriptors, the oldest idle connections make room
//! for new clients while live-reload streams stay open; and a request naming another
//! site in its Host header gets 421 (the DNS-rebinding guard).
#![allow(clippy::print_stdout, clippy::print_stderr)] // measurements and skip reasons, for whoever runs the tests

#[path = "common/serve_util.rs"]
mod serve_util;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serve_util::{expect_reload_with, request_raw, Response, Server, Site};
use timeline::serve::connections::{HEADER_TIMEOUT, MAX_CONNECTIONS};

const FIRST: &str = "content/2020-01-15-first-event.md";
const FIRST_URL: &str = "/events/first-event/";

fn connect(port: u16) -> TcpStream {
    let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_nodelay(true).expect("nodelay");
    stream
}

/// True once the server has closed `stream` (end of file or a reset), reading and
/// dropping anything it sent before (such as a 408).
fn closed_by_server(stream: &TcpStream) -> bool {
    stream.set_nonblocking(true).expect("nonblocking");
    let mut buf = [0u8; 4096];
    let mut reader = stream;
    let closed = loop {
        match reader.read(&mut buf) {
            Ok(0) => break true,
            Ok(_) => continue,
            Err(e) if e.kind() == ErrorKind::WouldBlock => break false,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => break true,
        }
    };
    stream.set_nonblocking(false).expect("blocking");
    closed
}

/// A GET of `path` with `host` as its Host header (none: HTTP/1.0 without one).
fn get_with_host(port: u16, path: &str, host: Option<&str>) -> Response {
    let raw = match host {
        Some(h) => format!("GET {path} HTTP/1.1\r\nHost: {h}\r\nConnection: close\r\n\r\n"),
        None => format!("GET {path} HTTP/1.0\r\n\r\n"),
    };
    request_raw(port, raw.as_bytes())
}

/// A GET of `/` on a new connection, which must be answered 200 within `limit`.
fn answered_within(port: u16, limit: Duration) {
    let started = Instant::now();
    let mut stream = connect(port);
    stream
        .set_read_timeout(Some(limit + Duration::from_secs(2)))
        .expect("timeout");
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .expect("send");
    let mut head = [0u8; 12];
    let read = stream.read_exact(&mut head);
    let took = started.elapsed();
    assert!(read.is_ok(), "no answer after {took:?}: {read:?}");
    assert_eq!(&head, b"HTTP/1.1 200", "{}", String::from_utf8_lossy(&head));
    assert!(took < limit, "answered after {took:?}");
}

/// A HEAD request on `stream`, which the server then keeps alive.
fn head_kept_alive(mut stream: &TcpStream) {
    stream
        .write_all(b"HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .expect("send");
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).expect("a response head");
        head.push(byte[0]);
    }
    assert!(head.starts_with(b"HTTP/1.1 200"), "{head:?}");
}

/// Waits (bounded) until `ready` holds.
fn wait_for(limit: Duration, mut ready: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if ready() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    ready()
}

/// An edit must still reach `events`: the stream survived, and the server rebuilds.
fn edit_reaches(server: &Server, events: &mut serve_util::Events, site: &Site, marker: &str) {
    let text = site.read(FIRST).replace("ORIGINAL-FIRST-BODY", marker);
    std::fs::write(site.path(FIRST), text).expect("write");
    expect_reload_with(server, events, FIRST_URL, 200, marker);
}

#[test]
fn slow_and_silent_clients_are_closed_after_the_header_timeout() {
    let site = Site::fixture();
    let server = Server::watch(&site.root);
    let started = Instant::now();
    let mut partial = connect(server.port);
    partial
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ")
        .expect("send");
    let trickle = connect(server.port);
    let mut drip = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Drip: "
        .iter()
        .chain([b'a'; 64].iter())
        .copied();
    let silent = connect(server.port);
    let kept_alive = connect(server.port);
    head_kept_alive(&kept_alive);
    let mut sockets = [
        ("partial", partial),
        ("trickle", trickle),
        ("silent", silent),
        ("kept-alive", kept_alive),
    ];
    let mut closed: [Option<Duration>; 4] = [None; 4];
    let limit = HEADER_TIMEOUT + Duration::from_secs(4);
    let mut next_drip = Instant::now();
    while started.elapsed() < limit && closed.iter().any(Option::is_none) {
        if closed[1].is_none() && Instant::now() >= next_drip {
            let byte = drip.next().expect("enough bytes to drip");
            if sockets[1].1.write_all(&[byte]).is_err() {
                closed[1] = Some(started.elapsed());
            }
            next_drip += Duration::from_secs(1);
        }
        for (at, (_, stream)) in closed.iter_mut().zip(sockets.iter()) {
            if at.is_none() && closed_by_server(stream) {
                *at = Some(started.elapsed());
            }
        }
        // Others are served all along.
        answered_within(server.port, Duration::from_secs(2));
        std::thread::sleep(Duration::from_millis(200));
    }
    for ((name, _), at) in sockets.iter().zip(closed) {
        let at = at.unwrap_or_else(|| panic!("the {name} socket is still open after {limit:?}"));
        assert!(
            at >= HEADER_TIMEOUT - Duration::from_millis(500),
            "the {name} socket was closed after only {at:?}"
        );
    }
    answered_within(server.port, Duration::from_secs(1));
}

#[test]
fn past_the_cap_the_oldest_idle_connections_make_room_and_event_streams_stay() {
    let site = Site::fixture();
    let server = Server::watch(&site.root);
    // Opened first, so the oldest connection of all; busy for as long as it is open.
    let mut events = server.events();
    let total = MAX_CONNECTIONS + 44;
    let mut idle: Vec<TcpStream> = Vec::with_capacity(total);
    for n in 0..total {
        let mut stream = connect(server.port);
        match n % 3 {
            // Kept alive after a response.
            0 => head_kept_alive(&stream),
            // Half a header.
            1 => stream
                .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                .expect("send"),
            // Nothing at all.
            _ => {}
        }
        idle.push(stream);
    }
    // One event stream and `total` idle connections: the oldest idle ones over the cap
    // are closed as the newest arrive.
    let over = total + 1 - MAX_CONNECTIONS;
    let oldest_closed = wait_for(Duration::from_secs(3), || {
        idle[..over].iter().all(closed_by_server)
    });
    let open = idle.iter().filter(|s| !closed_by_server(s)).count();
    assert!(
        oldest_closed,
        "the {over} oldest idle connections are not all closed ({open} of {total} open)"
    );
    // A new client is served at once, and makes room by closing the next oldest.
    answered_within(server.port, Duration::from_secs(1));
    assert!(wait_for(Duration::from_secs(2), || closed_by_server(
        &idle[over]
    )));
    // The newest are still open (long before the header timeout).
    assert!(idle[total - 100..].iter().all(|s| !closed_by_server(s)));
    // The live-reload stream was never cut.
    edit_reaches(&server, &mut events, &site, "AFTER-THE-CAP");
}

/// Under a limit of 64 file descriptors (prlimit), 100 idle connections: the server
/// runs out, closes the oldest idle ones and answers a new client at once.
#[cfg(target_os = "linux")]
#[test]
fn out_of_descriptors_the_oldest_idle_connections_make_room() {
    let has_prlimit = std::process::Command::new("prlimit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_prlimit {
        eprintln!("skipped: prlimit (util-linux) is not installed");
        return;
    }
    let site = Site::fixture();
    let mut command = std::process::Command::new("prlimit");
    command
        .arg("--nofile=64:64")
        .arg("--")
        .arg(serve_util::binary())
        .arg("serve")
        .arg("--root")
        .arg(&site.root)
        .args(["--watch", "--port", "0"]);
    let mut server = Server::spawn(command);
    let mut events = server.events();
    let idle: Vec<TcpStream> = (0..100).map(|_| connect(server.port)).collect();
    answered_within(server.port, Duration::from_secs(1));
    assert!(server.process_alive());
    assert!(
        idle.iter().any(closed_by_server),
        "no idle connection was closed"
    );
    assert!(
        wait_for(Duration::from_secs(2), || server
            .stderr_text()
            .contains("cannot accept a connection")),
        "{}",
        server.stderr_text()
    );
    // The stream stays, and the rebuild still finds descriptors to read the site with.
    edit_reaches(&server, &mut events, &site, "OUT-OF-DESCRIPTORS");
    answered_within(server.port, Duration::from_secs(1));
}

#[test]
fn a_foreign_host_gets_421_and_loopback_hosts_are_served() {
    let site = Site::fixture();
    let server = Server::watch(&site.root);
    let port = server.port;
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
    ] {
        for path in ["/", FIRST_URL, "/__timeline/events", "/__timeline/live.js"] {
            let r = get_with_host(port, path, Some(&host));
            assert_eq!(r.status, 421, "{host} {path}");
            assert_eq!(
                r.header("content-type"),
                Some("text/plain; charset=utf-8"),
                "{host} {path}"
            );
            let text = r.text();
            assert!(text.contains("DNS rebinding"), "{text}");
            assert!(
                text.contains(&format!("Open {} instead", server.url)),
                "{text}"
            );
            assert!(
                !text.contains("FIRST-BODY") && !text.contains("<html"),
                "{text}"
            );
        }
    }
    for host in [
        Some(format!("localhost:{port}")),
        Some(format!("LOCALHOST:{port}")),
        Some(format!("127.0.0.1:{port}")),
        Some("127.0.0.1".to_string()),
        Some(format!("[::1]:{port}")),
        Some(format!("docs.localhost:{port}")),
        None,
    ] {
        let r = get_with_host(port, FIRST_URL, host.as_deref());
        assert_eq!(r.status, 200, "{host:?}");
        assert!(r.text().contains("ORIGINAL-FIRST-BODY"), "{host:?}");
    }
    // Two Host headers are refused too.
    let raw = format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
    );
    assert_eq!(request_raw(port, raw.as_bytes()).status, 421);
}
