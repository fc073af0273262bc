//! Embedding and printing a topic, in headless Chromium: the sample site is built with
//! the real binary and served under its sub-path (/timeline/) over loopback HTTP.
//!
//! - The embed view (`embed/ID/`), in Arabic and English, inside an iframe of another
//!   page: no script at all, every event of the topic, nothing wider than a narrow
//!   iframe, links under the sub-path that open in the top window.
//! - The topic page and its embed with print media emulated: navigation, filters,
//!   overview chart, downloads and embed code are hidden; every event shows its date,
//!   title, summary and its sources' publishers; Chromium prints it to a PDF of several
//!   pages (kept with TIMELINE_SCREENSHOTS=DIR, to look at).
//!
//! Skips with a printed reason when /usr/bin/chromium is missing, unless CI=true.
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "common/browser.rs"]
mod browser;
mod common;

use std::path::{Path, PathBuf};

use browser::{chromium_available, Browser, Page, StaticServer};
use serde_json::{json, Value};

struct Built {
    _dir: tempfile::TempDir,
    public: PathBuf,
}

fn build_sample() -> Built {
    let repo = common::repo();
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("site");
    std::fs::create_dir(&root).expect("site folder");
    std::fs::copy(repo.join("site.toml"), root.join("site.toml")).expect("copy site.toml");
    common::copy_dir(&repo.join("content"), &root.join("content"));
    common::copy_dir(&repo.join("themes"), &root.join("themes"));
    let run = common::timeline(
        &["build", "--root", root.to_str().expect("utf-8 temp path")],
        dir.path(),
    );
    assert_eq!(run.code, Some(0), "build failed:\n{}", run.stderr);
    Built {
        _dir: dir,
        public: root.join("public"),
    }
}

/// How many events the topic has in a language (from its JSON download).
fn count(public: &Path, prefix: &str, topic: &str) -> usize {
    let text = std::fs::read_to_string(public.join(format!("{prefix}topics/{topic}/events.json")))
        .expect("events.json");
    let v: Value = serde_json::from_str(&text).expect("parses");
    v["events"].as_array().expect("events").len()
}

const TOPIC: &str = "cyberattack";

/// Checks the embed pages' HTML, and writes, per language, another site's page that
/// embeds the topic with the snippet of its topic page (`host-LANG.html`).
fn write_host_pages(public: &Path) {
    for (lang, prefix) in [("ar", ""), ("en", "en/")] {
        let html =
            std::fs::read_to_string(public.join(format!("{prefix}embed/{TOPIC}/index.html")))
                .expect("the embed page");
        assert!(
            !html.contains("<script"),
            "{lang}: the embed view needs no script"
        );
        assert!(html.contains("<base target=\"_top\">"), "{lang}");
        assert!(
            html.contains("<meta name=\"robots\" content=\"noindex\">"),
            "{lang}"
        );
        // Another site's page that embeds it, with the snippet of the topic page.
        let topic =
            std::fs::read_to_string(public.join(format!("{prefix}topics/{TOPIC}/index.html")))
                .expect("the topic page");
        let snippet = topic
            .split("<textarea")
            .nth(1)
            .and_then(|t| t.split_once('>'))
            .and_then(|(_, t)| t.split_once("</textarea>"))
            .map(|(t, _)| {
                t.replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
            })
            .expect("the topic page has the embed snippet");
        let local = snippet.replace("https://example.github.io/", "/");
        assert_ne!(local, snippet, "the snippet names the embed's absolute URL");
        std::fs::write(
            public.join(format!("host-{lang}.html")),
            format!("<!doctype html><html><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\"></head><body style=\"margin:0\"><div style=\"width:380px\">{}</div></body></html>", local.replace("width=\"100%\"", "width=\"380\"")),
        )
        .expect("host page");
    }
}

#[test]
fn an_embedded_topic_works_in_a_narrow_iframe_without_script() {
    if !chromium_available() {
        return;
    }
    let built = build_sample();
    write_host_pages(&built.public);
    let server = StaticServer::start(&built.public, "/timeline/");
    let browser = Browser::launch();
    let mut page = browser.new_page();
    page.set_viewport(1000, 800, false);
    for (lang, prefix) in [("ar", ""), ("en", "en/")] {
        page.goto(&format!("{}host-{lang}.html", server.url));
        page.wait_until(
            "(() => { const f = document.querySelector('iframe'); return !!f && !!f.contentDocument && f.contentDocument.readyState === 'complete' && f.contentDocument.querySelectorAll('.entry').length > 0; })()",
            "the embedded timeline",
        );
        let seen = page.eval(
            "(() => { const d = document.querySelector('iframe').contentDocument; return {
                entries: d.querySelectorAll('.entry').length,
                scripts: d.scripts.length,
                lang: d.documentElement.lang, dir: getComputedStyle(d.documentElement).direction,
                overflow: d.documentElement.scrollWidth - d.documentElement.clientWidth,
                base: d.querySelector('base').target,
                links: Array.from(d.querySelectorAll('a[href]')).map(a => a.pathname),
                nav: d.querySelectorAll('.topic-nav, .masthead, .site-footer').length,
            }; })()",
        );
        let what = format!("{lang} embed");
        assert_eq!(
            seen["entries"].as_u64(),
            Some(count(&built.public, prefix, TOPIC) as u64),
            "{what}: every event"
        );
        assert_eq!(seen["scripts"], 0, "{what}");
        assert_eq!(seen["lang"], lang, "{what}");
        assert_eq!(
            seen["dir"],
            if lang == "ar" { "rtl" } else { "ltr" },
            "{what}"
        );
        assert!(
            seen["overflow"].as_i64().is_some_and(|o| o <= 0),
            "{what}: wider than its iframe by {}",
            seen["overflow"]
        );
        assert_eq!(
            seen["base"], "_top",
            "{what}: links open the full site in the top window"
        );
        assert_eq!(seen["nav"], 0, "{what}: no navigation");
        for link in seen["links"].as_array().expect("links") {
            assert!(
                link.as_str().is_some_and(|l| l.starts_with("/timeline/")),
                "{what}: {link} is outside the sub-path"
            );
        }
        println!(
            "{what}: {} events in a 380px iframe, no script",
            seen["entries"]
        );
    }
}

/// What print media hides and shows on the page at `url`.
fn check_print(page: &mut Page, url: &str, what: &str, events: usize) -> Vec<u8> {
    page.goto(url);
    page.call("Emulation.setEmulatedMedia", json!({ "media": "print" }));
    let seen = page.eval(
        "(() => {
            const shown = el => getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
            const hidden = ['.topic-nav', '.lang-switch', '.timeline-tools', '.histogram', '.downloads', '.skip-link', '.footer-archive']
                .flatMap(s => Array.from(document.querySelectorAll(s))).filter(shown).map(e => e.className);
            const entries = Array.from(document.querySelectorAll('.entry'));
            return {
                visible_chrome: hidden,
                entries: entries.length,
                missing: entries.filter(e => !['.entry-date', '.entry-title', '.entry-summary'].every(s => e.querySelector(s) && shown(e.querySelector(s)))).length,
                publishers: entries.filter(e => e.querySelector('.entry-publishers') && shown(e.querySelector('.entry-publishers'))).length,
                with_publishers: entries.filter(e => e.querySelector('.entry-publishers')).length,
            };
        })()",
    );
    assert_eq!(
        seen["visible_chrome"],
        json!([]),
        "{what}: navigation, filters, overview and downloads are not printed"
    );
    assert_eq!(
        seen["entries"].as_u64(),
        Some(events as u64),
        "{what}: every event"
    );
    assert_eq!(
        seen["missing"], 0,
        "{what}: every event prints its date, title and summary"
    );
    assert!(
        seen["with_publishers"].as_u64() > Some(0),
        "{what}: events name their sources' publishers"
    );
    assert_eq!(
        seen["publishers"], seen["with_publishers"],
        "{what}: publishers are printed"
    );
    let pdf = page.call(
        "Page.printToPDF",
        json!({ "printBackground": false, "preferCSSPageSize": true }),
    );
    let bytes = browser::base64(pdf["data"].as_str().unwrap_or_default());
    page.call("Emulation.setEmulatedMedia", json!({ "media": "" }));
    bytes
}

#[test]
fn a_printed_topic_has_every_event_without_the_sites_chrome() {
    if !chromium_available() {
        return;
    }
    let built = build_sample();
    let server = StaticServer::start(&built.public, "/timeline/");
    let browser = Browser::launch();
    let mut page = browser.new_page();
    for (lang, prefix) in [("ar", ""), ("en", "en/")] {
        let events = count(&built.public, prefix, TOPIC);
        for (kind, path) in [
            ("topic", format!("{prefix}topics/{TOPIC}/")),
            ("embed", format!("{prefix}embed/{TOPIC}/")),
        ] {
            let what = format!("{lang} {kind} printed");
            let pdf = check_print(&mut page, &format!("{}{path}", server.url), &what, events);
            assert!(pdf.starts_with(b"%PDF-"), "{what}: a PDF");
            let pages = pdf
                .windows(10)
                .filter(|w| w == b"/Type /Pag" || w == b"/Type/Page")
                .count();
            assert!(
                pages >= 2,
                "{what}: {events} events fit on more than one page ({pages})"
            );
            if let Ok(dir) = std::env::var("TIMELINE_SCREENSHOTS") {
                std::fs::write(Path::new(&dir).join(format!("{lang}-{kind}.pdf")), &pdf)
                    .expect("keep the PDF");
            }
            println!("{what}: {} bytes of PDF", pdf.len());
        }
    }
}
