//! The TimelineJS3 export, checked by TimelineJS3 itself: the sample site (site.toml,
//! content/, themes/ of the repository) is built with the real binary, the real library
//! from npm (`@knight-lab/timelinejs`, pinned in tests/js/package-lock.json; `npm ci` in
//! tests/js) is put beside it, and the whole is served over loopback HTTP and loaded in
//! headless Chromium, with absolute script paths and our locale file, for every topic and
//! the whole site in Arabic and English. Checked: no error in the console or on the page,
//! every file the page asked for answered 200, one slide per event plus the title slide,
//! one marker per event on the time axis, and each slide's date is the text its event's
//! page shows.
//!
//! Skips with a printed reason when /usr/bin/chromium or the npm package is missing,
//! unless CI=true (then that is a failure).
#![allow(clippy::print_stdout, clippy::print_stderr)] // skip reasons, for whoever runs the tests

#[path = "common/browser.rs"]
mod browser;
mod common;

use std::path::{Path, PathBuf};

use browser::{chromium_available, Browser, StaticServer};
use serde_json::Value;

/// Where `npm ci` in tests/js puts the library's built files.
fn timelinejs_dist() -> Option<PathBuf> {
    let dist = common::tests_dir().join("js/node_modules/@knight-lab/timelinejs/dist");
    if dist.join("js/timeline.js").is_file() {
        return Some(dist);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "{} is missing, and CI=true requires the TimelineJS3 test to run (npm ci --prefix tests/js)",
            dist.display()
        );
    }
    eprintln!(
        "skipping the TimelineJS3 test: run `npm ci --prefix tests/js` to install the library"
    );
    None
}

/// The page the test loads: TimelineJS3 from `lib` (absolute), showing `data` with the
/// locale file `locale`. It records console errors and warnings, uncaught errors, and
/// when TimelineJS says it has loaded.
fn harness(lang: &str, dir: &str, lib: &str, data: &str, locale: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="{lang}" dir="{dir}">
<head>
<meta charset="utf-8">
<title>TimelineJS3 check</title>
<link rel="icon" href="data:,">
<script>
window.problems = [];
for (const level of ["error", "warn"]) {{
  const original = console[level];
  console[level] = function (...args) {{ window.problems.push(level + ": " + args.map(String).join(" ")); original.apply(console, args); }};
}}
window.addEventListener("error", e => window.problems.push("uncaught: " + e.message));
window.addEventListener("unhandledrejection", e => window.problems.push("rejection: " + e.reason));
</script>
<link rel="stylesheet" href="{lib}css/timeline.css">
<script src="{lib}js/timeline.js"></script>
</head>
<body>
<div id="timeline" style="width: 1100px; height: 680px"></div>
<script>
window.loaded = false;
const tl = new TL.Timeline("timeline", "{data}", {{ language: "{locale}", script_path: "{lib}js/", hash_bookmark: false }});
tl.on("loaded", () => {{ window.loaded = true; }});
window.tl = tl;
</script>
</body>
</html>
"#
    )
}

/// What the page shows, read once TimelineJS has loaded.
const READ: &str = r#"(() => ({
  slides: document.querySelectorAll(".tl-storyslider .tl-slide").length,
  markers: document.querySelectorAll(".tl-timenav .tl-timemarker").length,
  dates: Array.from(document.querySelectorAll(".tl-storyslider .tl-slide"))
    .map(s => { const d = s.querySelector(".tl-headline-date"); return d ? d.textContent.trim() : null; }),
  links: Array.from(document.querySelectorAll(".tl-storyslider .tl-slide"))
    .map(s => { const a = s.querySelector(".tl-text-content a"); return a ? a.getAttribute("href") : null; }),
  failed: performance.getEntriesByType("resource")
    .filter(r => r.responseStatus && r.responseStatus !== 200)
    .map(r => r.name + " " + r.responseStatus),
  problems: window.problems,
  rtl: document.querySelector(".tl-timeline") ? getComputedStyle(document.querySelector(".tl-timeline")).direction : null,
}))()"#;

/// The text of an HTML page with tags removed and entities of text decoded (enough to
/// find a date in it).
fn page_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

/// With TIMELINE_SCREENSHOTS=DIR, keeps a picture of the page, to look at.
fn keep_screenshot(page: &mut browser::Page, name: &str) {
    if let Ok(dir) = std::env::var("TIMELINE_SCREENSHOTS") {
        let shot = page.call(
            "Page.captureScreenshot",
            serde_json::json!({ "format": "png" }),
        );
        let png = browser::base64(shot["data"].as_str().unwrap_or_default());
        let file = Path::new(&dir).join(name.replace("_check/", "").replace(".html", ".png"));
        std::fs::write(&file, png).expect("write the screenshot");
    }
}

fn check(
    page: &mut browser::Page,
    server: &StaticServer,
    public: &Path,
    base: &str,
    (lang, dir, prefix): (&str, &str, &str),
    data: &str,
) {
    // Absolute URLs: TimelineJS3 reads its data URL with `new URL()`.
    let lib = format!("{}_timelinejs/", server.url);
    let locale = format!("{}{prefix}data/timelinejs-locale.json", server.url);
    let data_url = format!("{}{prefix}{data}", server.url);
    let name = format!("_check/{lang}-{}.html", data.replace('/', "-"));
    std::fs::create_dir_all(public.join("_check")).expect("check folder");
    std::fs::write(
        public.join(&name),
        harness(lang, dir, &lib, &data_url, &locale),
    )
    .expect("write the harness page");
    page.goto(&format!("{}{name}", server.url));
    page.wait_until(
        "window.loaded === true || window.problems.length > 0",
        &format!("TimelineJS3 to load {data_url}"),
    );
    // Slides are made at once; give the library a moment to report late problems.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let seen = page.eval(READ);
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(public.join(prefix).join(data)).expect("read the export"),
    )
    .expect("the export parses");
    let events = json["events"].as_array().expect("events");
    let what = format!("{lang} {data}");
    assert_eq!(seen["problems"], Value::Array(vec![]), "{what}: console");
    assert_eq!(
        seen["failed"],
        Value::Array(vec![]),
        "{what}: failed requests"
    );
    assert_eq!(
        seen["slides"].as_u64(),
        Some(events.len() as u64 + 1),
        "{what}: one slide per event and the title slide"
    );
    assert_eq!(
        seen["markers"].as_u64(),
        Some(events.len() as u64),
        "{what}: one marker per event"
    );
    assert_eq!(seen["rtl"], dir, "{what}: the timeline's direction");
    let dates = seen["dates"].as_array().expect("dates");
    let links = seen["links"].as_array().expect("links");
    // Slide 0 is the title slide; TimelineJS orders the others by date (ties its own
    // way): each is matched to its event by the link to the event's page.
    let mut unseen: Vec<&Value> = events.iter().collect();
    for i in 1..dates.len() {
        let shown = dates[i].as_str().unwrap_or_default();
        let link = links[i].as_str().expect("each slide links to its event");
        let href = format!("href=\"{link}\"");
        let at = unseen
            .iter()
            .position(|e| {
                e["text"]["text"]
                    .as_str()
                    .is_some_and(|t| t.contains(&href))
            })
            .unwrap_or_else(|| panic!("{what}: slide {i} links to {link}, no event left does"));
        let event = unseen.remove(at);
        assert_eq!(
            Some(shown),
            event["display_date"].as_str(),
            "{what}: slide {i}"
        );
        // The date is the one the event's page shows.
        let site_path = link
            .split_once(base)
            .map(|(_, p)| p)
            .expect("the link is under the base URL");
        let html = std::fs::read_to_string(public.join(site_path).join("index.html"))
            .unwrap_or_else(|e| panic!("{what}: read the page {link}: {e}"));
        assert!(
            page_text(&html).contains(shown),
            "{what}: the page {link} does not show the date «{shown}»"
        );
    }
    assert!(unseen.is_empty(), "{what}: events without a slide");
    keep_screenshot(page, &name);
    println!("{what}: {} slides, no console errors", events.len() + 1);
}

/// Builds the site at `root` (its base URL's path `base`), puts TimelineJS3 beside
/// it, and checks every TimelineJS3 file of both languages in Chromium.
fn check_site(root: &Path, base: &str, dist: &Path) {
    let run = common::timeline(
        &["build", "--root", root.to_str().expect("utf-8 temp path")],
        root,
    );
    assert_eq!(run.code, Some(0), "build failed:\n{}", run.stderr);
    let public = root.join("public");
    common::copy_dir(dist, &public.join("_timelinejs"));
    let server = StaticServer::start(&public, base);
    let browser = Browser::launch();
    let mut page = browser.new_page();
    page.set_viewport(1280, 800, false);
    let config: toml::Table =
        toml::from_str(&std::fs::read_to_string(root.join("site.toml")).expect("site.toml"))
            .expect("site.toml parses");
    let topics: Vec<String> = config["topics"]
        .as_array()
        .expect("topics")
        .iter()
        .map(|t| t["id"].as_str().expect("topic id").to_string())
        .collect();
    for language in [("ar", "rtl", ""), ("en", "ltr", "en/")] {
        check(
            &mut page,
            &server,
            &public,
            base,
            language,
            "data/timeline.json",
        );
        for t in &topics {
            let data = format!("topics/{t}/timeline.json");
            check(&mut page, &server, &public, base, language, &data);
        }
    }
}

#[test]
fn timelinejs3_renders_the_sample_sites_export_in_both_languages() {
    if !chromium_available() {
        return;
    }
    let Some(dist) = timelinejs_dist() else {
        return;
    };
    let repo = common::repo();
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("site");
    std::fs::create_dir(&root).expect("site folder");
    std::fs::copy(repo.join("site.toml"), root.join("site.toml")).expect("copy site.toml");
    common::copy_dir(&repo.join("content"), &root.join("content"));
    common::copy_dir(&repo.join("themes"), &root.join("themes"));
    // site.toml's base URL is https://example.github.io/timeline/: served at /timeline/.
    check_site(&root, "/timeline/", &dist);
}

/// BCE days and years, a season, a decade, an unspecified month, a year of nine digits,
/// an approximate month with an unknown end, and the Hijri date on Arabic pages.
#[test]
fn timelinejs3_renders_every_kind_of_date() {
    if !chromium_available() {
        return;
    }
    let Some(dist) = timelinejs_dist() else {
        return;
    };
    let site = common::TestSite::from_case("fixtures/dates-edtf");
    // Its base URL is https://example.org/site/.
    check_site(&site.root, "/site/", &dist);
}

/// The optional page per topic (`topics/ID/timelinejs/`): made when the theme holds
/// TimelineJS3 in static/timelinejs/ (the built-in theme vendors it), linked
/// from the topic page, and rendered by the library from the site's own files, with no
/// other host, in both languages.
#[test]
fn the_optional_timelinejs_page_shows_each_topic() {
    if !chromium_available() {
        return;
    }
    let Some(dist) = timelinejs_dist() else {
        return;
    };
    let repo = common::repo();
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("site");
    std::fs::create_dir(&root).expect("site folder");
    std::fs::copy(repo.join("site.toml"), root.join("site.toml")).expect("copy site.toml");
    common::copy_dir(&repo.join("content"), &root.join("content"));
    common::copy_dir(&repo.join("themes"), &root.join("themes"));
    // The built-in theme vendors the library: the published files, unmodified.
    let vendored = repo.join("themes/default/static/timelinejs");
    for file in ["js/timeline.js", "css/timeline.css"] {
        let ours = std::fs::read(vendored.join(file)).expect("vendored file");
        let npm = std::fs::read(dist.join(file)).expect("npm file");
        assert!(ours == npm, "{file} is TimelineJS3's own, as npm has it");
    }
    let run = common::timeline(&["build", "--root", root.to_str().expect("utf-8")], &root);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let public = root.join("public");
    let server = StaticServer::start(&public, "/timeline/");
    let browser = Browser::launch();
    let mut page = browser.new_page();
    page.set_viewport(1280, 900, false);
    page.call("Page.enable", serde_json::json!({}));
    page.call(
        "Page.addScriptToEvaluateOnNewDocument",
        serde_json::json!({ "source": "window.problems = []; for (const level of ['error', 'warn']) { const o = console[level]; console[level] = (...a) => { window.problems.push(level + ': ' + a.join(' ')); o.apply(console, a); }; } window.addEventListener('error', e => window.problems.push('uncaught: ' + e.message));" }),
    );
    for prefix in ["", "en/"] {
        for topic in ["relations", "cyberattack", "nato"] {
            let topic_page =
                std::fs::read_to_string(public.join(format!("{prefix}topics/{topic}/index.html")))
                    .expect("topic page");
            assert!(
                topic_page.contains(&format!(
                    "href=\"/timeline/{prefix}topics/{topic}/timelinejs/\""
                )),
                "the topic page links its TimelineJS3 page"
            );
            let url = format!("{}{prefix}topics/{topic}/timelinejs/", server.url);
            page.goto(&url);
            page.wait_until(
                "document.getElementById('timelinejs').dataset.loaded === 'true' || window.problems.length > 0",
                &format!("TimelineJS3 on {url}"),
            );
            let seen = page.eval(
                "({ problems: window.problems, slides: document.querySelectorAll('.tl-storyslider .tl-slide').length, failed: performance.getEntriesByType('resource').filter(r => r.responseStatus && r.responseStatus !== 200 && !r.name.endsWith('/favicon.ico')).map(r => r.name), hosts: [...new Set(performance.getEntriesByType('resource').map(r => new URL(r.name).host))] })",
            );
            let events = std::fs::read_to_string(
                public.join(format!("{prefix}topics/{topic}/timeline.json")),
            )
            .expect("timeline.json");
            let events: Value = serde_json::from_str(&events).expect("parses");
            let n = events["events"].as_array().expect("events").len() as u64;
            assert_eq!(seen["problems"], Value::Array(vec![]), "{url}");
            // (The sample site has no favicon: Chromium asks for /favicon.ico on every page.)
            assert_eq!(seen["failed"], Value::Array(vec![]), "{url}");
            assert_eq!(seen["slides"].as_u64(), Some(n + 1), "{url}");
            assert_eq!(
                seen["hosts"],
                serde_json::json!([format!("127.0.0.1:{}", server.port)]),
                "{url}: no other host"
            );
            keep_screenshot(
                &mut page,
                &format!("page-{}{topic}.html", prefix.replace('/', "-")),
            );
        }
    }
}
