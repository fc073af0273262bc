//! HTTP on loopback: serves the last good build from memory (GET and HEAD only), with
//! live reload over server-sent events on [`EVENTS_PATH`].
//!
//! A request whose `Host` names another site is refused with 421 ([`host_allowed`]), so
//! that a web page whose name is rebound to this computer cannot read the site.
//!
//! Paths are looked up in an in-memory map of the built site, so no request can reach a
//! file outside it; malformed and traversal-looking paths are still rejected up front
//! with 400, so they never even reach the lookup.

use std::convert::Infallible;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Router;
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::{broadcast, watch};

use super::state::{LiveEvent, Shared};

/// Server-sent events: `hello`, `reload`, `css`, `build-error`.
pub(super) const EVENTS_PATH: &str = "/__timeline/events";
/// The live-reload script injected into every served page.
pub(super) const SCRIPT_PATH: &str = "/__timeline/live.js";

const LIVE_JS: &str = include_str!("live.js");

#[derive(Clone)]
pub(super) struct App {
    pub shared: Arc<Shared>,
    /// Inject the live-reload script (with `--watch`).
    pub live: bool,
    /// The server's own address (`http://127.0.0.1:PORT/`), named when refusing a Host.
    pub url: String,
    /// Becomes true when the server is stopping: event streams end.
    pub shutdown: watch::Receiver<bool>,
}

pub(super) fn router(app: App) -> Router {
    Router::new().fallback(handle).with_state(app)
}

async fn handle(State(app): State<App>, method: Method, uri: Uri, headers: HeaderMap) -> Response {
    if let Some(refused) = misdirected(&app, &headers) {
        return refused;
    }
    if method != Method::GET && method != Method::HEAD {
        let mut r = plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "only GET and HEAD are served\n",
        );
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let raw = uri.path();
    if app.live && raw == EVENTS_PATH {
        return events(&app).into_response();
    }
    if app.live && raw == SCRIPT_PATH {
        return with_type(StatusCode::OK, "js", Bytes::from_static(LIVE_JS.as_bytes()));
    }
    let key = match site_path(raw) {
        Ok(k) => k,
        Err(why) => return plain(StatusCode::BAD_REQUEST, &format!("bad request: {why}\n")),
    };
    let current = app.shared.current();
    let Some(site) = current.site else {
        return not_built(&app, current.errors.as_deref());
    };
    let inject = |body: &Bytes| {
        if app.live {
            inject_script(body, &site.build_id)
        } else {
            body.clone()
        }
    };
    let file = if key.is_empty() || key.ends_with('/') {
        format!("{key}index.html")
    } else {
        key.clone()
    };
    if let Some(body) = site.files.get(&file) {
        let ext = extension(&file);
        let body = if ext == "html" {
            inject(body)
        } else {
            body.clone()
        };
        return with_type(StatusCode::OK, ext, body);
    }
    if !key.is_empty()
        && !key.ends_with('/')
        && site.files.contains_key(&format!("{key}/index.html"))
    {
        let mut r = plain(StatusCode::PERMANENT_REDIRECT, "");
        if let Ok(to) = HeaderValue::from_str(&format!("{}/", uri.path())) {
            r.headers_mut().insert(header::LOCATION, to);
        }
        return r;
    }
    match site.files.get("404.html") {
        Some(body) => with_type(StatusCode::NOT_FOUND, "html", inject(body)),
        None => plain(StatusCode::NOT_FOUND, "not found\n"),
    }
}

/// 421 Misdirected Request, unless the request has at most one `Host` and it is allowed.
fn misdirected(app: &App, headers: &HeaderMap) -> Option<Response> {
    let mut hosts = headers.get_all(header::HOST).iter();
    let allowed = match (hosts.next(), hosts.next()) {
        (None, _) => true,
        (Some(host), None) => host.to_str().is_ok_and(host_allowed),
        (Some(_), Some(_)) => false,
    };
    if allowed {
        return None;
    }
    Some(plain(
        StatusCode::MISDIRECTED_REQUEST,
        &format!(
            "misdirected request: this server answers only to localhost and IP addresses, so that a web page whose name is made to point at this computer (DNS rebinding) cannot read the site and its drafts.\nOpen {} instead.\n",
            app.url
        ),
    ))
}

/// Whether a request's `Host` may be answered: `localhost` or a name under it (RFC 6761
/// keeps them on this computer), or an IP address (v6 in brackets), which covers the
/// address the server is bound to; a trailing dot and a port are allowed. A web page
/// served from a name that is rebound to this computer sends that name, and is refused.
/// An empty Host, which RFC 9112 gives a URI without an authority, is allowed as a
/// missing one (HTTP/1.0) is: no browser sends either.
pub(super) fn host_allowed(host: &str) -> bool {
    if host.is_empty() {
        return true;
    }
    if let Some(rest) = host.strip_prefix('[') {
        return match rest.split_once(']') {
            Some((ip, port)) => ip.parse::<Ipv6Addr>().is_ok() && is_port(port),
            None => false,
        };
    }
    let (name, port) = host.split_at(host.find(':').unwrap_or(host.len()));
    if !is_port(port) {
        return false;
    }
    if name.parse::<Ipv4Addr>().is_ok() {
        return true;
    }
    let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost")
}

/// Nothing, or `:` and digits.
fn is_port(s: &str) -> bool {
    s.is_empty()
        || s.strip_prefix(':')
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

/// Before the first good build: the errors, and the script that reloads once it builds.
fn not_built(app: &App, errors: Option<&str>) -> Response {
    let list: Vec<super::state::ErrorView> = errors
        .and_then(|e| serde_json::from_str(e).ok())
        .unwrap_or_default();
    let mut html = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\"><head><meta charset=\"utf-8\"><title>Build failed</title></head>\n<body>\n<h1>The site has not built yet</h1>\n<pre>",
    );
    for e in &list {
        html.push_str(&crate::html::escape(&e.text));
        html.push('\n');
    }
    html.push_str(
        "</pre>\n<p>Fix the error and save: this page reloads by itself.</p>\n</body>\n</html>\n",
    );
    let body = Bytes::from(html);
    let body = if app.live {
        inject_script(&body, &format!("{}-0", app.shared.server_id))
    } else {
        body
    };
    with_type(StatusCode::SERVICE_UNAVAILABLE, "html", body)
}

/// The event stream of one open page: `hello` with the current build id (a page built
/// from another build reloads at once), the current errors if any, then every event.
fn events(app: &App) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // Subscribe before reading the state, so that nothing published in between is lost.
    let rx = app.shared.subscribe();
    let current = app.shared.current();
    let build_id = match &current.site {
        Some(s) => s.build_id.clone(),
        None => format!("{}-0", app.shared.server_id),
    };
    let mut first = vec![Event::default().event("hello").data(build_id)];
    if let Some(json) = current.errors {
        first.push(Event::default().event("build-error").data(json));
    }
    let live = stream::unfold(
        (rx, app.shutdown.clone()),
        |(mut rx, mut stop)| async move {
            if *stop.borrow() {
                return None;
            }
            let event = tokio::select! {
                _ = stop.changed() => return None,
                received = rx.recv() => match received {
                    Ok(e) => to_sse(e),
                    // Missed some events: a reload brings the page up to date.
                    Err(broadcast::error::RecvError::Lagged(_)) => Event::default().event("reload").data(""),
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
            };
            Some((event, (rx, stop)))
        },
    );
    Sse::new(stream::iter(first).chain(live).map(Ok)).keep_alive(KeepAlive::default())
}

fn to_sse(event: LiveEvent) -> Event {
    match event {
        LiveEvent::Reload { build_id } => Event::default().event("reload").data(build_id),
        LiveEvent::Css { build_id } => Event::default().event("css").data(build_id),
        LiveEvent::Errors { json } => Event::default().event("build-error").data(json),
    }
}

fn plain(status: StatusCode, text: &str) -> Response {
    with_type(status, "txt", Bytes::from(text.to_string()))
}

fn with_type(status: StatusCode, ext: &str, body: Bytes) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(ext)),
    );
    // An authoring server: the browser must never show a stale page.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// The lower-case extension of a site path.
fn extension(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext,
        _ => "",
    }
}

/// The Content-Type for a file extension; text types say they are UTF-8.
pub(super) fn content_type(ext: &str) -> &'static str {
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json; charset=utf-8",
        "webmanifest" => "application/manifest+json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "rss" => "application/rss+xml; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "geojson" => "application/geo+json; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "ogg" => "audio/ogg",
        "wasm" => "application/wasm",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// Why a request path was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BadPath {
    NotAbsolute,
    EncodedSeparator,
    BadEncoding,
    NotUtf8,
    ControlOrBackslash,
    DotSegment,
    EmptySegment,
}

impl std::fmt::Display for BadPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            BadPath::NotAbsolute => "the path must start with /",
            BadPath::EncodedSeparator => "encoded / or \\ in the path",
            BadPath::BadEncoding => "malformed percent-encoding",
            BadPath::NotUtf8 => "the path is not valid UTF-8",
            BadPath::ControlOrBackslash => "control character or backslash in the path",
            BadPath::DotSegment => "`.` or `..` in the path",
            BadPath::EmptySegment => "empty segment (`//`) in the path",
        })
    }
}

/// The site path (`events/x/`, `style.css`, `` for the home page) of a request path,
/// decoded once. Refuses anything that is not a plain path inside the site: dot
/// segments (plain or encoded), encoded separators, backslashes, NUL and other control
/// characters, empty segments, malformed escapes and invalid (e.g. overlong) UTF-8.
pub(super) fn site_path(raw: &str) -> Result<String, BadPath> {
    let rest = raw.strip_prefix('/').ok_or(BadPath::NotAbsolute)?;
    let bytes = rest.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(BadPath::BadEncoding)?;
            let hex = std::str::from_utf8(hex).map_err(|_| BadPath::BadEncoding)?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(BadPath::BadEncoding);
            }
            let b = u8::from_str_radix(hex, 16).map_err(|_| BadPath::BadEncoding)?;
            if b == b'/' || b == b'\\' {
                return Err(BadPath::EncodedSeparator);
            }
            decoded.push(b);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    let path = String::from_utf8(decoded).map_err(|_| BadPath::NotUtf8)?;
    if path.chars().any(|c| c == '\\' || c.is_control()) {
        return Err(BadPath::ControlOrBackslash);
    }
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len() - 1;
    for (n, s) in segments.iter().enumerate() {
        if *s == "." || *s == ".." {
            return Err(BadPath::DotSegment);
        }
        if s.is_empty() && n != last {
            return Err(BadPath::EmptySegment);
        }
    }
    Ok(path)
}

/// Puts the live-reload script before the last `</body>` (or at the end).
pub(super) fn inject_script(html: &Bytes, build_id: &str) -> Bytes {
    let tag = format!(
        "<script src=\"{SCRIPT_PATH}\" data-build=\"{}\"></script>\n",
        crate::html::escape(build_id)
    );
    let lower = html.to_ascii_lowercase();
    let at = find_last(&lower, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    Bytes::from(out)
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_map_to_site_paths() {
        assert_eq!(site_path("/"), Ok(String::new()));
        assert_eq!(site_path("/events/x/"), Ok("events/x/".into()));
        assert_eq!(site_path("/style.css"), Ok("style.css".into()));
        assert_eq!(site_path("/en/events/a%20b/"), Ok("en/events/a b/".into()));
        assert_eq!(
            site_path("/%D8%A3%D8%AD%D8%AF%D8%A7%D8%AB/"),
            Ok("أحداث/".into())
        );
        // Decoded once: %252e stays the text `%2e`, which is no dot segment.
        assert_eq!(site_path("/%252e%252e/x"), Ok("%2e%2e/x".into()));
        assert_eq!(site_path("/.../x"), Ok(".../x".into()));
    }

    #[test]
    fn traversal_and_malformed_paths_are_refused() {
        for (raw, why) in [
            ("../etc/passwd", BadPath::NotAbsolute),
            ("*", BadPath::NotAbsolute),
            ("/../etc/passwd", BadPath::DotSegment),
            ("/a/./b", BadPath::DotSegment),
            ("/.", BadPath::DotSegment),
            ("/%2e%2e/etc/passwd", BadPath::DotSegment),
            ("/.%2E/etc/passwd", BadPath::DotSegment),
            ("/..%2fetc", BadPath::EncodedSeparator),
            ("/..%5Cetc", BadPath::EncodedSeparator),
            ("/..\\etc", BadPath::ControlOrBackslash),
            ("/etc/passwd%00.html", BadPath::ControlOrBackslash),
            ("/a%0a", BadPath::ControlOrBackslash),
            ("//etc/passwd", BadPath::EmptySegment),
            ("/a//b", BadPath::EmptySegment),
            ("/%c0%ae%c0%ae/etc", BadPath::NotUtf8),
            ("/%e0%80%ae", BadPath::NotUtf8),
            ("/%2", BadPath::BadEncoding),
            ("/%zz", BadPath::BadEncoding),
            ("/%u002e", BadPath::BadEncoding),
        ] {
            assert_eq!(site_path(raw), Err(why), "{raw}");
        }
    }

    #[test]
    fn loopback_names_and_addresses_are_answered() {
        for host in [
            "localhost",
            "LOCALHOST:1111",
            "localhost.",
            "localhost.:1111",
            "a.localhost",
            "Docs.Site.localhost:8080",
            "127.0.0.1",
            "127.0.0.1:1111",
            "192.168.1.4:1111",
            "0.0.0.0",
            "[::1]",
            "[::1]:8080",
            "[fe80::1]:1111",
            "localhost:",
            "",
        ] {
            assert!(host_allowed(host), "{host:?} refused");
        }
    }

    #[test]
    fn other_names_are_refused() {
        for host in [
            "evil.example",
            "evil.example:1111",
            "127.0.0.1.evil.example",
            "127.0.0.1.evil.example:1111",
            "localhost.evil.example",
            "localhost.evil.example.",
            "localhostx",
            "xlocalhost",
            "evil-localhost",
            "localhost..",
            "localhost:abc",
            "localhost:1111:2222",
            "127.0.0.1:80:80",
            "::1",
            "[::1",
            "[::1]x",
            "[::1]:80x",
            "[evil.example]",
            "127.1",
            "2130706433",
            "user@localhost",
            "localhost/",
            " ",
        ] {
            assert!(!host_allowed(host), "{host:?} allowed");
        }
    }

    #[test]
    fn text_types_say_utf8() {
        for ext in ["html", "css", "js", "json", "xml", "svg", "txt"] {
            assert!(content_type(ext).ends_with("charset=utf-8"), "{ext}");
        }
        assert_eq!(content_type("woff2"), "font/woff2");
        assert_eq!(content_type("PNG"), "image/png");
        assert_eq!(extension("a/b.c/index.html"), "html");
        assert_eq!(extension("a/.hidden"), "");
        assert_eq!(extension("a/CNAME"), "");
    }

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let html = Bytes::from_static(b"<html><body><p>x</body></p></BODY></html>");
        let out = inject_script(&html, "s-1");
        let out = String::from_utf8(out.to_vec()).expect("utf-8");
        assert_eq!(
            out,
            "<html><body><p>x</body></p><script src=\"/__timeline/live.js\" data-build=\"s-1\"></script>\n</BODY></html>"
        );
        let out = inject_script(&Bytes::from_static(b"<p>no body"), "s-2");
        assert!(out.ends_with(b"data-build=\"s-2\"></script>\n"));
    }
}
