//! The sample site's layout, measured: the repository's own site (site.toml, content/,
//! themes/) is built with the real binary, served as files over loopback HTTP, and
//! loaded in headless Debian Chromium at 390×844 (a phone) and 1280×800, in Arabic and
//! English. Checked there: the computed direction and `lang`, that nothing overflows the
//! viewport horizontally, that the timeline axis sits on the inline-start side (right in
//! Arabic, left in English), that the overview's badges neither overlap nor hide under
//! a bar, and that Latin names in Arabic titles are bidi-isolated.
//! Without a browser: every page carries `<html lang dir>` for its language.
//!
//! The browser test skips with a printed reason when /usr/bin/chromium is missing,
//! unless CI=true (then that is a failure).
#![allow(clippy::print_stdout, clippy::print_stderr)] // measurements and skip reasons, for whoever runs the tests

#[path = "common/browser.rs"]
mod browser;
mod common;

use std::path::PathBuf;
use std::time::Instant;

use browser::{chromium_available, Browser, Page, StaticServer};
use serde_json::Value;

/// An Arabic-first article whose title holds Latin text ("MEMEX").
const MEMEX: &str = "events/memex-leak-dispute/";
/// An article whose Arabic title starts with Latin text («HomeLand Justice» …).
const HOMELAND: &str = "events/homeland-justice-persona/";
const TOPIC: &str = "topics/cyberattack/";

/// The sample site built into a temporary folder.
struct Built {
    _dir: tempfile::TempDir,
    public: PathBuf,
    /// The path of site.toml's base URL (`/timeline/`), where the site is served.
    prefix: String,
}

fn build_sample() -> Built {
    build_sample_with(&[])
}

/// The sample site with `extra` articles (file name under content/, text) added.
fn build_sample_with(extra: &[(String, String)]) -> Built {
    let repo = common::repo();
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("site");
    std::fs::create_dir(&root).expect("site folder");
    std::fs::copy(repo.join("site.toml"), root.join("site.toml")).expect("copy site.toml");
    common::copy_dir(&repo.join("content"), &root.join("content"));
    common::copy_dir(&repo.join("themes"), &root.join("themes"));
    for (name, text) in extra {
        std::fs::write(root.join("content").join(name), text).expect("write extra article");
    }
    let started = Instant::now();
    let run = common::timeline(
        &["build", "--root", root.to_str().expect("utf-8 temp path")],
        dir.path(),
    );
    assert_eq!(run.code, Some(0), "build failed:\n{}", run.stderr);
    println!("built the sample site in {:?}", started.elapsed());
    let config: toml::Table =
        toml::from_str(&std::fs::read_to_string(root.join("site.toml")).expect("read site.toml"))
            .expect("site.toml parses");
    let base = config["base_url"].as_str().expect("base_url in site.toml");
    let after_scheme = base.split_once("://").map_or(base, |(_, rest)| rest);
    let prefix = after_scheme
        .find('/')
        .map_or("/".to_string(), |at| after_scheme[at..].to_string());
    Built {
        _dir: dir,
        public: root.join("public"),
        prefix,
    }
}

/// The opening `<html …>` tag of a page.
fn html_tag(page: &str) -> Option<&str> {
    let start = page.find("<html")?;
    let end = start + page[start..].find('>')?;
    Some(&page[start..=end])
}

#[test]
fn every_page_declares_its_language_and_direction() {
    let built = build_sample();
    let (mut arabic, mut english) = (0, 0);
    let mut wrong = Vec::new();
    for (path, bytes) in common::tree(&built.public) {
        if !path.ends_with(".html") {
            continue;
        }
        let text = String::from_utf8(bytes).expect("UTF-8 page");
        let expected = if path.starts_with("en/") {
            english += 1;
            r#"<html lang="en" dir="ltr">"#
        } else {
            arabic += 1;
            r#"<html lang="ar" dir="rtl">"#
        };
        let found = html_tag(&text);
        if found != Some(expected) {
            wrong.push(format!("{path}: {found:?}, expected {expected}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "pages with the wrong <html>:\n{}",
        wrong.join("\n")
    );
    // The sample site has 30+ events in each language, plus topic, year and home pages.
    assert!(arabic > 40, "only {arabic} Arabic pages");
    assert!(english > 40, "only {english} English pages");
    assert!(built.public.join("404.html").is_file(), "no 404.html");
    println!("{arabic} Arabic and {english} English pages checked");
}

/// Everything measured on one page, in one evaluation.
/// `VW` is the emulated viewport width.
const MEASURE: &str = r#"(() => {
  const de = document.documentElement;
  const vw = VW;
  const outside = [];
  for (const e of document.body.querySelectorAll('*')) {
    const b = e.getBoundingClientRect();
    if (b.width > 0 && b.height > 1 && (b.right > vw + 0.5 || b.left < -0.5) && outside.length < 6) {
      outside.push(e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).replace(/ /g, '.') : '') + ' [' + Math.round(b.left) + ', ' + Math.round(b.right) + ']');
    }
  }
  return {
    lang: de.lang,
    direction: getComputedStyle(de).direction,
    scrollWidth: de.scrollWidth,
    innerWidth: vw,
    outside: outside,
  };
})()"#;

/// Where the timeline's pieces sit: the axis (`.timeline::before`), the first entry's
/// dot (`.entry::before`), title and date, as x coordinates in CSS pixels.
const AXIS: &str = r#"(() => {
  const tl = document.querySelector('.timeline');
  const entry = tl && tl.querySelector('.tl-entries .entry');
  if (!entry) return null;
  // The x centre of an element's ::before box, from its used left offset and width.
  const before = (el) => {
    const s = getComputedStyle(el, '::before');
    const r = el.getBoundingClientRect();
    const width = parseFloat(s.width) + parseFloat(s.borderLeftWidth) + parseFloat(s.borderRightWidth);
    return { centre: r.left + parseFloat(s.left) + width / 2, left: s.left, right: s.right, width: width };
  };
  const title = entry.querySelector('.entry-title').getBoundingClientRect();
  const date = entry.querySelector('.entry-date').getBoundingClientRect();
  const box = tl.getBoundingClientRect();
  return {
    axis: before(tl),
    dot: before(entry),
    title: [title.left, title.right],
    date: [date.left, date.right],
    timeline: [box.left, box.right],
  };
})()"#;

/// For each element matched by `selector` whose text has one of `needles`: whether it
/// is, or is inside, or holds a bidi isolate (an element with a `dir` attribute, which
/// HTML isolates, or `<bdi>`) below `<html>`, and whether that isolate resolves to
/// right-to-left.
fn isolation_probe(selector: &str, needles: &[&str]) -> String {
    format!(
        r#"(() => {{
  const needles = {needles};
  return [...document.querySelectorAll({selector})]
    .filter(e => needles.some(n => e.textContent.includes(n)))
    .map(e => {{
      const sel = 'body [dir], bdi';
      const iso = e.closest(sel) || e.querySelector(sel);
      return {{ text: e.textContent.trim(), isolated: !!iso, rtl: !!iso && iso.matches(':dir(rtl)') }};
    }});
}})()"#,
        needles = serde_json::json!(needles),
        selector = serde_json::json!(selector),
    )
}

fn px(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

struct Viewport {
    name: &'static str,
    width: u32,
    height: u32,
    mobile: bool,
}

const VIEWPORTS: [Viewport; 2] = [
    Viewport {
        name: "390×844 mobile",
        width: 390,
        height: 844,
        mobile: true,
    },
    Viewport {
        name: "1280×800",
        width: 1280,
        height: 800,
        mobile: false,
    },
];

fn check_page(page: &mut Page, url: &str, lang: &str, vp: &Viewport) {
    let took = page.goto(url);
    let m = page.eval(&MEASURE.replace("VW", &vp.width.to_string()));
    let at = format!("{url} at {}", vp.name);
    println!("  {at}: loaded in {took:?}, {m}");
    let direction = if lang == "ar" { "rtl" } else { "ltr" };
    assert_eq!(m["lang"], lang, "document.documentElement.lang of {at}");
    assert_eq!(m["direction"], direction, "computed direction of {at}");
    // On a phone, content wider than the screen widens the layout viewport itself
    // (innerWidth grows past the device width), so both are compared with the device.
    let width = f64::from(vp.width);
    assert!(
        px(&m["scrollWidth"]) <= width && px(&m["innerWidth"]) == width,
        "{at} overflows horizontally: scrollWidth {}, innerWidth {}, viewport {width}; elements outside the viewport: {}",
        m["scrollWidth"],
        m["innerWidth"],
        m["outside"]
    );
}

fn check_axis(page: &mut Page, url: &str, lang: &str, vp: &Viewport) {
    let g = page.eval(AXIS);
    let at = format!("{url} at {}", vp.name);
    assert!(g.is_object(), "no timeline entry on {at}");
    println!("  {at}: axis {g}");
    let axis = px(&g["axis"]["centre"]);
    let dot = px(&g["dot"]["centre"]);
    let (title_left, title_right) = (px(&g["title"][0]), px(&g["title"][1]));
    let (tl_left, tl_right) = (px(&g["timeline"][0]), px(&g["timeline"][1]));
    let (date_left, date_right) = (px(&g["date"][0]), px(&g["date"][1]));
    assert!(
        (axis - dot).abs() <= 2.0,
        "{at}: the entry's dot (x {dot}) is not on the axis (x {axis})"
    );
    let middle = (tl_left + tl_right) / 2.0;
    if lang == "ar" {
        assert!(
            axis > middle,
            "{at}: the axis (x {axis}) is not on the right half of the timeline [{tl_left}, {tl_right}]"
        );
        assert!(
            title_right < dot,
            "{at}: the first entry's title [{title_left}, {title_right}] is not to the left of its dot (x {dot})"
        );
    } else {
        assert!(
            axis < middle,
            "{at}: the axis (x {axis}) is not on the left half of the timeline [{tl_left}, {tl_right}]"
        );
        assert!(
            title_left > dot,
            "{at}: the first entry's title [{title_left}, {title_right}] is not to the right of its dot (x {dot})"
        );
    }
    if vp.mobile {
        // One column: the date sits above the title, on the same side of the axis.
        let same_side = if lang == "ar" {
            date_right < dot
        } else {
            date_left > dot
        };
        assert!(
            same_side,
            "{at}: the date [{date_left}, {date_right}] is not on the title's side of the dot (x {dot})"
        );
    } else {
        // Wide: the date has its own column on the other side of the axis.
        let other_side = if lang == "ar" {
            date_left > dot
        } else {
            date_right < dot
        };
        assert!(
            other_side,
            "{at}: the date [{date_left}, {date_right}] is not in its column across the axis (x {dot})"
        );
    }
}

/// The overview's marks as drawn: circles of one lane that overlap, and circles that a
/// later-drawn bar of the same lane covers (each as the two x positions).
const OVERVIEW: &str = r#"(() => {
  const svg = document.querySelector('.overview-svg');
  if (!svg) return null;
  const shapes = [...svg.children].map((e, k) => ({
    k, tag: e.tagName, cls: e.getAttribute('class') || '',
    x: +(e.getAttribute('cx') ?? e.getAttribute('x')),
    y: e.tagName === 'rect' ? +e.getAttribute('y') + 5 : +e.getAttribute('cy'),
    r: +(e.getAttribute('r') || 0), w: +(e.getAttribute('width') || 0),
  })).filter((s) => s.cls === 'overview-mark' || s.cls === 'overview-cluster');
  const circles = shapes.filter((s) => s.tag === 'circle');
  const overlapping = [], covered = [];
  for (const a of circles) for (const b of circles)
    if (a.k < b.k && a.y === b.y && Math.abs(a.x - b.x) < a.r + b.r) overlapping.push([a.x, b.x]);
  for (const bar of shapes.filter((s) => s.tag === 'rect')) for (const c of circles)
    if (c.k < bar.k && c.y === bar.y && c.x + c.r > bar.x && c.x - c.r < bar.x + bar.w) covered.push([c.x, bar.x]);
  return { circles: circles.length, overlapping, covered };
})()"#;

/// On a topic page, every dot and cluster badge of the overview can be seen: none
/// overlaps another, and no event's bar is drawn over one.
fn check_overview(page: &mut Page, url: &str, vp: &Viewport) {
    page.wait_until(
        "document.querySelector('.overview-svg circle') !== null",
        "the overview to draw",
    );
    let o = page.eval(OVERVIEW);
    let at = format!("{url} at {}", vp.name);
    println!("  {at}: overview {o}");
    assert!(o["circles"].as_u64().is_some_and(|n| n > 0), "{at}: {o}");
    assert_eq!(
        o["overlapping"],
        serde_json::json!([]),
        "{at}: badges overlap: {o}"
    );
    assert_eq!(
        o["covered"],
        serde_json::json!([]),
        "{at}: a bar hides a badge: {o}"
    );
}

/// Latin names inside Arabic titles are isolated on the topic page and the article page.
fn check_isolation(page: &mut Page, url: &str, selector: &str, needles: &[&str]) {
    let found = page.eval(&isolation_probe(selector, needles));
    println!("  {url}: {selector} {found}");
    let list = found.as_array().expect("a list");
    for needle in needles {
        assert!(
            list.iter()
                .any(|e| e["text"].as_str().is_some_and(|t| t.contains(needle))),
            "no `{selector}` holding {needle:?} on {url}: {found}"
        );
    }
    for e in list {
        assert_eq!(
            e["isolated"],
            Value::Bool(true),
            "{url}: the title {} is not isolated (no dir attribute or <bdi>)",
            e["text"]
        );
    }
}

/// The built sample site, served, and a browser tab. Dropped in field order: the tab,
/// the browser (its process group killed), the server (stopped), the temporary site.
struct Session {
    page: Page,
    _browser: Browser,
    server: StaticServer,
    _built: Built,
}

impl Session {
    fn start() -> Session {
        Session::start_with(&[])
    }

    fn start_with(extra: &[(String, String)]) -> Session {
        let built = build_sample_with(extra);
        let server = StaticServer::start(&built.public, &built.prefix);
        let browser = Browser::launch();
        let page = browser.new_page();
        println!("serving {} at {}", built.public.display(), server.url);
        Session {
            page,
            _browser: browser,
            server,
            _built: built,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.url)
    }
}

#[test]
fn pages_lay_out_in_their_direction_without_overflow() {
    if !chromium_available() {
        return;
    }
    let started = Instant::now();
    let mut s = Session::start();
    let pages = [
        ("ar", TOPIC.to_string(), true),
        ("ar", MEMEX.to_string(), false),
        ("en", format!("en/{TOPIC}"), true),
        ("en", format!("en/{MEMEX}"), false),
    ];
    for vp in &VIEWPORTS {
        s.page.set_viewport(vp.width, vp.height, vp.mobile);
        for (lang, path, is_timeline) in &pages {
            let url = s.url(path);
            check_page(&mut s.page, &url, lang, vp);
            if *is_timeline {
                check_axis(&mut s.page, &url, lang, vp);
                check_overview(&mut s.page, &url, vp);
            }
        }
    }

    // Latin names in Arabic titles are bidi-isolated, in the timeline and as <h1>.
    let topic = s.url(TOPIC);
    s.page.goto(&topic);
    check_isolation(
        &mut s.page,
        &topic,
        ".entry-title",
        &["MEMEX", "HomeLand Justice"],
    );
    let article = s.url(MEMEX);
    s.page.goto(&article);
    check_isolation(&mut s.page, &article, "h1", &["MEMEX"]);
    println!("browser layout checks took {:?}", started.elapsed());
}

/// A site spanning decades: the histogram has a bar per year (too narrow for its counts)
/// and a long date range must wrap; neither may widen a phone's page.
#[test]
fn a_home_page_of_many_years_fits_a_phone() {
    if !chromium_available() {
        return;
    }
    let mut extra: Vec<(String, String)> = (1980..2010)
        .map(|y| {
            (
                format!("{y}-01-01-year-{y}.md"),
                format!("---\ntitle: \"حدث من عام {y}\"\ndate: {y}-03-01\ntopics: [relations]\n---\n\nنص.\n"),
            )
        })
        .collect();
    extra.push((
        "2019-11-27-long-range.md".into(),
        "---\ntitle: \"حدث طويل\"\ndate: \"2019-11-27/2019-12-13\"\ntopics: [relations]\n---\n\nنص.\n".into(),
    ));
    let mut s = Session::start_with(&extra);
    for vp in &VIEWPORTS {
        s.page.set_viewport(vp.width, vp.height, vp.mobile);
        for (lang, path) in [("ar", ""), ("en", "en/")] {
            let url = s.url(path);
            check_page(&mut s.page, &url, lang, vp);
        }
    }
}

/// An Arabic title that starts with a Latin name («HomeLand Justice» تظهر …) must still
/// read right to left: `dir="auto"` takes the direction of the first strong character,
/// so it makes this title a left-to-right paragraph (the Latin name first from the left,
/// the Arabic words after it, the line aligned left). A title whose language is known
/// needs that language's direction, with `dir="auto"` kept for text of unknown direction.
#[test]
fn arabic_titles_starting_with_latin_read_right_to_left() {
    if !chromium_available() {
        return;
    }
    let mut s = Session::start();
    let mut wrong = Vec::new();
    for path in [TOPIC, HOMELAND] {
        let url = s.url(path);
        s.page.goto(&url);
        let found = s.page.eval(&isolation_probe(
            ".entry-title, .entry-summary, h1",
            &["HomeLand Justice"],
        ));
        println!("  {url}: {found}");
        let list = found.as_array().expect("a list");
        assert!(!list.is_empty(), "no title with HomeLand Justice on {url}");
        for e in list {
            if e["rtl"] != Value::Bool(true) {
                wrong.push(format!("{url}: {}", e["text"]));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "Arabic text laid out left to right:\n{}",
        wrong.join("\n")
    );
}
