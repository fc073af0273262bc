//! `timeline check` through the real binary: each kind of problem it finds, its
//! exit code, and `--external` against a local HTTP server and while "offline".

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;

const SITE_TOML: &str = r#"
title = "Check"
base_url = "https://user.github.io/repo/"
default_language = "en"
[[languages]]
code = "en"
name = "English"
[[languages]]
code = "ar"
name = "العربية"
[[topics]]
id = "main"
title = { en = "Main", ar = "رئيسي" }
"#;

fn copy_dir(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).expect("read_dir") {
        let p = e.expect("entry").path();
        let target = to.join(p.file_name().expect("name"));
        if p.is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).expect("copy");
        }
    }
}

/// A site with the default theme and the given files under content/.
fn site(articles: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("site.toml"), SITE_TOML).expect("site.toml");
    let theme = dir.path().join("themes/default");
    std::fs::create_dir_all(&theme).expect("mkdir");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &theme,
    );
    std::fs::create_dir_all(dir.path().join("content")).expect("mkdir");
    for (name, text) in articles {
        std::fs::write(dir.path().join("content").join(name), text).expect("article");
    }
    dir
}

fn article(title: &str, body: &str, sources: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: 2022-09-07\ntopics: [main]\n{sources}---\n\n{body}\n")
}

const SOURCES: &str = "sources:\n  - title: \"S\"\n    url: \"https://example.org/s\"\n";

/// Runs `timeline check --root DIR [extra…]`: (exit code, stdout, stderr).
fn check(root: &Path, extra: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_timeline"))
        .arg("check")
        .arg("--root")
        .arg(root)
        .args(extra)
        .output()
        .expect("run timeline");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A translated, sourced pair: no warnings of its own.
fn good_pair() -> Vec<(&'static str, String)> {
    vec![
        (
            "2022-09-07-target.md",
            article("Target", "## Known section\n\nText.", SOURCES),
        ),
        (
            "2022-09-07-target.ar.md",
            article("الهدف", "## قسم\n\nنص.", SOURCES),
        ),
    ]
}

fn with(extra: Vec<(&'static str, String)>) -> tempfile::TempDir {
    let mut files = good_pair();
    files.extend(extra);
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    site(&refs)
}

#[test]
fn a_clean_site_passes_without_warnings() {
    let dir = with(vec![]);
    let (code, stdout, stderr) = check(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("no errors"), "{stdout}");
    assert!(!stderr.contains("warning"), "{stderr}");
    assert!(!dir.path().join("public").exists(), "check writes nothing");
}

#[test]
fn a_link_to_a_missing_article_is_an_error_with_line_and_suggestion() {
    let body = "First line.\n\nSee [the target](@/2022-09-07-targt.md).";
    let dir = with(vec![
        ("2022-09-08-linker.md", article("Linker", body, SOURCES)),
        ("2022-09-08-linker.ar.md", article("رابط", "نص.", SOURCES)),
    ]);
    let (code, _, stderr) = check(dir.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    // Front matter: 8 lines with its fences, a blank line, then the text; the link
    // is on the third line of text.
    assert!(
        stderr.contains("content/2022-09-08-linker.md:12: link to a missing article"),
        "{stderr}"
    );
    assert!(
        stderr.contains("did you mean `@/2022-09-07-target.md`?"),
        "{stderr}"
    );
}

#[test]
fn a_link_to_a_missing_anchor_is_an_error() {
    let body = "See [the section](@/2022-09-07-target.md#known-sectoin).";
    let dir = with(vec![
        ("2022-09-08-linker.md", article("Linker", body, SOURCES)),
        ("2022-09-08-linker.ar.md", article("رابط", "نص.", SOURCES)),
    ]);
    let (code, _, stderr) = check(dir.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("content/2022-09-08-linker.md:10: link `@/2022-09-07-target.md#known-sectoin`: content/2022-09-07-target.md has no anchor `#known-sectoin`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("did you mean `#known-section`?"),
        "{stderr}"
    );
}

#[test]
fn a_relative_md_link_to_a_missing_file_is_an_error_with_its_line() {
    let body = "See [x](no-such-file.md).\n\nAnd [y](2022-09-07-target.md#known-sectoin).\n\n<a href=\"raw.md\">raw</a>";
    let dir = with(vec![
        ("2022-09-08-linker.md", article("Linker", body, SOURCES)),
        ("2022-09-08-linker.ar.md", article("رابط", "نص.", SOURCES)),
    ]);
    let (code, _, stderr) = check(dir.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "content/2022-09-08-linker.md:10: link to a missing article: `no-such-file.md`"
        ),
        "{stderr}"
    );
    assert!(
        stderr
            .contains("content/2022-09-08-linker.md:12: link `2022-09-07-target.md#known-sectoin`"),
        "{stderr}"
    );
    // A link in raw HTML is checked too, without a line (the Markdown parser does not
    // look inside HTML).
    assert!(
        stderr.contains("content/2022-09-08-linker.md: link to a missing article: `raw.md`"),
        "{stderr}"
    );
}

#[test]
fn a_missing_translation_is_a_warning() {
    let dir = with(vec![(
        "2022-09-08-only-english.md",
        article("Only English", "Text.", SOURCES),
    )]);
    let (code, _, stderr) = check(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning: `2022-09-08-only-english` has no العربية translation"),
        "{stderr}"
    );
}

#[test]
fn an_article_without_sources_is_a_warning() {
    let dir = with(vec![
        ("2022-09-08-unsourced.md", article("Unsourced", "Text.", "")),
        (
            "2022-09-08-unsourced.ar.md",
            article("بلا مصادر", "نص.", SOURCES),
        ),
    ]);
    let (code, _, stderr) = check(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning: content/2022-09-08-unsourced.md: this article has no sources"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("unsourced.ar.md: this article has no sources"),
        "{stderr}"
    );
}

/// An HTTP server on loopback: `/ok` 200, `/gone` 404, `/forbidden` 403; HEAD is
/// refused with 405 on `/get-only`, which answers GET with 200.
fn serve() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = Vec::new();
            let mut chunk = [0u8; 1024];
            while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                }
            }
            let request = String::from_utf8_lossy(&buf);
            let mut words = request.split_whitespace();
            let method = words.next().unwrap_or("");
            let path = words.next().unwrap_or("");
            let status = match (method, path) {
                (_, "/ok") => "200 OK",
                (_, "/gone") => "404 Not Found",
                (_, "/forbidden") => "403 Forbidden",
                ("HEAD", "/get-only") => "405 Method Not Allowed",
                ("GET", "/get-only") => "200 OK",
                _ => "500 Internal Server Error",
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    port
}

#[test]
fn external_check_fails_on_gone_sources_and_warns_on_refusals() {
    let port = serve();
    let sources = format!(
        "sources:\n  - title: \"ok\"\n    url: \"http://127.0.0.1:{port}/ok\"\n  - title: \"gone\"\n    url: \"http://127.0.0.1:{port}/gone\"\n  - title: \"forbidden\"\n    url: \"http://127.0.0.1:{port}/forbidden\"\n  - title: \"get\"\n    url: \"http://127.0.0.1:{port}/get-only\"\n"
    );
    let dir = with(vec![
        ("2022-09-08-cited.md", article("Cited", "Text.", &sources)),
        (
            "2022-09-08-cited.ar.md",
            article(
                "مستشهد",
                "نص.",
                SOURCES
                    .replace(
                        "https://example.org/s",
                        &format!("http://127.0.0.1:{port}/ok"),
                    )
                    .as_str(),
            ),
        ),
    ]);
    // Without --external nothing is fetched.
    let (code, _, stderr) = check(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = check(dir.path(), &["--external"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "content/2022-09-08-cited.md:9: source http://127.0.0.1:{port}/gone is gone (HTTP 404)"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("archive_url"), "{stderr}");
    assert!(
        stderr.contains("build failed: 1 error"),
        "only the 404 fails: {stderr}"
    );

    // Without the gone source: 403 is a warning, a HEAD refused then GET 200 is fine.
    let cited = dir.path().join("content/2022-09-08-cited.md");
    let text = std::fs::read_to_string(&cited).expect("read");
    std::fs::write(&cited, text.replace("/gone", "/ok")).expect("write");
    let (code, _, stderr) = check(dir.path(), &["--external"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "source http://127.0.0.1:{port}/forbidden answered HTTP 403"
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("/ok"), "{stderr}");
    assert!(!stderr.contains("/get-only"), "{stderr}");
}

#[test]
fn external_check_offline_is_reported_not_failed() {
    // A port nobody listens on: every request is refused at once, as when offline.
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let sources = format!("sources:\n  - title: \"a\"\n    url: \"http://127.0.0.1:{closed}/a\"\n");
    let en = article("Offline", "Text.", &sources);
    let ar = article("دون اتصال", "نص.", &sources);
    let dir = site(&[
        ("2022-09-08-offline.md", &en),
        ("2022-09-08-offline.ar.md", &ar),
    ]);
    let (code, _, stderr) = check(dir.path(), &["--external"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("could not reach any of the"), "{stderr}");
    assert!(stderr.contains("offline"), "{stderr}");
}
