//! Search and filters (issue 14), in the built-in theme: the explore fixture (the
//! journalism fixture under `/timeline/`) built with the real binary, served as files over
//! loopback HTTP under that sub-path and read in headless Debian Chromium. Checked there:
//! Arabic queries in other word forms than the text (with the article, with diacritics,
//! with a bare alef for a hamza) and English ones find the right event or entity, results
//! show the date and topics, and no request leaves the site; filters chosen from the
//! keyboard give a URL that, opened fresh, shows the same events, back and forward
//! restore them, counts follow and an empty result says so; without JavaScript every
//! event is listed and neither the search box nor the filters show. Without a browser:
//! one index per language, and `search = false` makes none.
//!
//! The browser tests skip with a printed reason when /usr/bin/chromium is missing, unless
//! CI=true (then that is a failure).
#![allow(clippy::print_stdout, clippy::print_stderr)] // skip reasons, for whoever runs the tests

#[path = "common/browser.rs"]
mod browser;
mod common;

use browser::{chromium_available, Browser, Page, StaticServer};
use common::TestSite;
use serde_json::{json, Value};

/// The explore fixture with the built-in theme, built.
fn built() -> TestSite {
    let site = TestSite::from_case("fixtures/explore");
    std::fs::remove_dir_all(site.path("themes")).expect("remove the test theme");
    site.build_ok(&[]);
    site
}

/// The built fixture served under /timeline/, and a browser tab. Dropped in field
/// order: the tab, the browser, the server, the site.
struct Session {
    page: Page,
    browser: Browser,
    server: StaticServer,
    _site: TestSite,
}

impl Session {
    fn start() -> Session {
        Session::of(built())
    }

    fn of(site: TestSite) -> Session {
        let server = StaticServer::start(&site.public(), "/timeline/");
        let browser = Browser::launch();
        let page = browser.new_page();
        Session {
            page,
            browser,
            server,
            _site: site,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.url)
    }
}

/// Types `text` into the search box as a person would (focus, then text input).
fn search(page: &mut Page, text: &str) {
    page.eval("document.querySelector('#search-q').value = ''; document.querySelector('#search-q').focus()");
    page.call("Input.insertText", json!({ "text": text }));
}

/// Waits until the search results hold a link whose address ends with `path`; returns
/// the results' text.
fn wait_for_result(page: &mut Page, path: &str, query: &str) -> String {
    let expr = format!(
        "[...document.querySelectorAll('.search-result a')].some(a => a.pathname.endsWith({}))",
        json!(path)
    );
    page.wait_until(&expr, &format!("a result {path} for «{query}»"));
    page.eval("document.querySelector('.search-results').innerText")
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Every resource the page loaded came from the page's own host.
fn all_from_the_site(page: &mut Page) {
    let foreign = page.eval(
        "performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin))",
    );
    assert_eq!(foreign, json!([]), "requests to another host");
    let loaded = page.eval(
        "performance.getEntriesByType('resource').some(e => e.name.includes('/timeline/pagefind/pagefind.js'))",
    );
    assert_eq!(
        loaded,
        json!(true),
        "the search script comes from the sub-path"
    );
}

#[test]
fn arabic_and_english_searches_find_events_and_entities_under_a_sub_path() {
    if !chromium_available() {
        return;
    }
    let mut s = Session::start();
    let home = s.url("");
    s.page.goto(&home);
    s.page.wait_until(
        "!document.querySelector('[data-search]').hidden",
        "the search box to show",
    );
    let dir = s
        .page
        .eval("getComputedStyle(document.querySelector('#search-q')).direction");
    assert_eq!(dir, "rtl", "the Arabic search box reads right to left");
    // The text has «تسريبات» and «أرشيف»: the query has the article, diacritics, a bare alef.
    for query in ["التسريبات", "تَسْرِيبَات", "ارشيف"] {
        search(&mut s.page, query);
        let text = wait_for_result(&mut s.page, "/timeline/events/leaks/", query);
        assert!(text.contains("2022"), "the result shows the date: {text}");
        assert!(text.contains("الهجوم الإلكتروني"), "and the topic: {text}");
    }
    // An entity, by its name.
    search(&mut s.page, "إيران");
    wait_for_result(&mut s.page, "/timeline/entities/iran/", "إيران");
    // Nothing found says so.
    search(&mut s.page, "زرافة");
    s.page.wait_until(
        "document.querySelector('.search-status').textContent.includes('لا حدث')",
        "the no-result message",
    );
    all_from_the_site(&mut s.page);

    let english = s.url("en/");
    s.page.goto(&english);
    s.page.wait_until(
        "!document.querySelector('[data-search]').hidden",
        "the search box to show",
    );
    // The text has «archive» and «leaked»: the queries are other forms of them.
    for query in ["archives", "leaks"] {
        search(&mut s.page, query);
        let text = wait_for_result(&mut s.page, "/timeline/en/events/leaks/", query);
        assert!(
            text.contains("Cyberattack"),
            "the result shows the topic: {text}"
        );
        assert!(text.contains("September 2022"), "and the date: {text}");
    }
    // Arabic words are not in the English index.
    search(&mut s.page, "تسريبات");
    s.page.wait_until(
        "document.querySelector('.search-status').textContent.includes('No event')",
        "no Arabic result in English",
    );
    all_from_the_site(&mut s.page);
    drop(s.browser);
}

/// The entries the list shows (their links' paths), in order.
fn shown(page: &mut Page) -> Vec<String> {
    let v = page.eval(
        "[...document.querySelectorAll('.timeline .tl-entries > li')].filter(li => li.offsetParent !== null).map(li => li.querySelector('.entry-title a').pathname)",
    );
    serde_json::from_value(v).expect("paths")
}

/// Focuses the filter `name` and presses `key` on it (a closed select changes its choice
/// with the arrow keys, as a person using the keyboard does).
fn press_on(page: &mut Page, name: &str, key: &str, code: u32) {
    page.eval(&format!("document.querySelector('#filter-{name}').focus()"));
    for kind in ["keyDown", "keyUp"] {
        page.call(
            "Input.dispatchKeyEvent",
            json!({ "type": kind, "key": key, "code": key, "windowsVirtualKeyCode": code }),
        );
    }
}

// One scenario read top to bottom, kept whole.
#[allow(clippy::too_many_lines)]
#[test]
fn filters_chosen_from_the_keyboard_give_a_link_that_shows_the_same_events() {
    if !chromium_available() {
        return;
    }
    let mut s = Session::start();
    let home = s.url("en/");
    s.page.goto(&home);
    s.page.wait_until(
        "!document.querySelector('[data-filters]').hidden",
        "the filters to show",
    );
    let all = shown(&mut s.page);
    assert_eq!(all.len(), 5, "every event: {all:?}");
    // The actors, by name (Albania has no English version: its Arabic name). Down once:
    // Edi Rama.
    let actors = s
        .page
        .eval("[...document.querySelector('#filter-actor').options].map(o => o.textContent)");
    assert_eq!(actors, json!(["All", "Edi Rama", "Iran", "ألبانيا"]));
    press_on(&mut s.page, "actor", "ArrowDown", 40);
    s.page.wait_until(
        "location.search === '?actor=edi-rama'",
        "the actor in the URL",
    );
    let rama = shown(&mut s.page);
    assert_eq!(rama, ["/timeline/en/events/ties-cut/"], "{rama:?}");
    let status = s
        .page
        .eval("document.querySelector('.filter-status').textContent");
    assert_eq!(status, "Events shown: 1 of 5");
    let live = s
        .page
        .eval("document.querySelector('.filter-status').getAttribute('aria-live')");
    assert_eq!(live, "polite", "the count is announced");
    let years = s.page.eval(
        "[...document.querySelectorAll('.tl-year')].filter(y => !y.hidden).map(y => y.querySelector('.tl-year-count').textContent)",
    );
    assert_eq!(years, json!(["1 event"]), "2013 is gone, 2022 counts one");

    // A status on top: Edi Rama has no reported event.
    press_on(&mut s.page, "status", "ArrowDown", 40);
    press_on(&mut s.page, "status", "ArrowDown", 40);
    s.page.wait_until(
        "location.search === '?actor=edi-rama&status=reported'",
        "both in the URL",
    );
    assert!(shown(&mut s.page).is_empty());
    let empty = s
        .page
        .eval("document.querySelector('.filter-empty').offsetParent !== null");
    assert_eq!(empty, json!(true), "the empty result says so");

    // Each choice is a step of the history (the status went through "confirmed"): back
    // twice, Edi Rama alone again; forward twice, nothing again.
    s.page.eval("history.back()");
    s.page.wait_until(
        "location.search === '?actor=edi-rama&status=confirmed'",
        "back",
    );
    assert_eq!(shown(&mut s.page), rama);
    s.page.eval("history.back()");
    s.page
        .wait_until("location.search === '?actor=edi-rama'", "back again");
    assert_eq!(shown(&mut s.page), rama);
    let status = s
        .page
        .eval("document.querySelector('#filter-status').value");
    assert_eq!(status, "", "the form follows the history");
    s.page.eval("history.forward(); history.forward()");
    s.page
        .wait_until("location.search.includes('status=reported')", "forward");
    assert!(shown(&mut s.page).is_empty());

    // A dates range, opened fresh from its URL in another tab.
    let link = s.url("en/?from=2022-09-08&to=2022-09-30");
    let mut fresh = s.browser.new_page();
    fresh.goto(&link);
    fresh.wait_until(
        "!document.querySelector('[data-filters]').hidden",
        "the filters to show",
    );
    let september = shown(&mut fresh);
    assert_eq!(
        september,
        [
            "/timeline/en/events/sanctions/",
            "/timeline/en/events/leaks/"
        ],
        "the events from 8 to 30 September"
    );
    let from = fresh.eval("document.querySelector('#filter-from').value");
    assert_eq!(
        from, "2022-09-08",
        "the form shows the state it was opened with"
    );

    // Arabic: the same link on the Arabic home, the form right to left.
    let arabic = s.url("?actor=edi-rama");
    fresh.goto(&arabic);
    fresh.wait_until(
        "!document.querySelector('[data-filters]').hidden",
        "the filters to show",
    );
    assert_eq!(shown(&mut fresh), ["/timeline/events/ties-cut/"]);
    let dir = fresh.eval("getComputedStyle(document.querySelector('[data-filters]')).direction");
    assert_eq!(dir, "rtl");
    let status = fresh.eval("document.querySelector('.filter-status').textContent");
    assert_eq!(status, "الأحداث المعروضة: 1 من 5");
}

#[test]
fn without_javascript_every_event_is_listed_and_nothing_of_search_shows() {
    if !chromium_available() {
        return;
    }
    let mut s = Session::start();
    s.page.call(
        "Emulation.setScriptExecutionDisabled",
        json!({ "value": true }),
    );
    for (path, events) in [
        ("en/?actor=edi-rama", 5),
        ("", 5),
        ("topics/cyberattack/", 3),
    ] {
        let url = s.url(path);
        s.page.goto(&url);
        assert_eq!(shown(&mut s.page).len(), events, "{path}");
        let visible = s.page.eval(
            "[...document.querySelectorAll('[data-search], [data-filters]')].filter(e => e.offsetParent !== null).length",
        );
        assert_eq!(
            visible,
            json!(0),
            "{path}: no search box nor filters without JavaScript"
        );
    }
}

/// The fixture built in memory with the built-in theme, `search` set as given.
fn files_with(search: Option<bool>) -> Vec<(String, Vec<u8>)> {
    let site = TestSite::from_case("fixtures/explore");
    std::fs::remove_dir_all(site.path("themes")).expect("remove the test theme");
    if let Some(on) = search {
        let config = site.read("site.toml");
        site.write("site.toml", format!("search = {on}\n{config}"));
    }
    site.build_ok(&[]);
    common::tree(&site.public()).into_iter().collect()
}

#[test]
fn one_index_per_language_and_none_with_search_off() {
    let files = files_with(None);
    let entry = files
        .iter()
        .find(|(p, _)| p == "pagefind/pagefind-entry.json")
        .expect("the index's entry file");
    let entry: Value = serde_json::from_slice(&entry.1).expect("JSON");
    // Five events and four entities in Arabic; in English, the same (the untranslated
    // event and entities fall back to the original, still marked for the index).
    let ar = &entry["languages"]["ar"]["page_count"];
    let en = &entry["languages"]["en"]["page_count"];
    assert!(ar.as_u64().is_some_and(|n| n >= 9), "{entry}");
    assert!(en.as_u64().is_some_and(|n| n >= 5), "{entry}");
    let home = files
        .iter()
        .find(|(p, _)| p == "index.html")
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .expect("home");
    assert!(
        home.contains("data-search=\"/timeline/pagefind/\""),
        "{home}"
    );
    assert!(home.contains("data-facets='{"));

    let off = files_with(Some(false));
    assert!(
        !off.iter().any(|(p, _)| p.starts_with("pagefind/")),
        "search = false makes no index"
    );
    let home = off
        .iter()
        .find(|(p, _)| p == "index.html")
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .expect("home");
    assert!(!home.contains("data-search"), "nor a search box");
}

/// Presses `key` on whatever has the focus.
fn press(page: &mut Page, key: &str, code: u32) {
    let text = if key.chars().count() == 1 { key } else { "" };
    for kind in ["keyDown", "keyUp"] {
        page.call(
            "Input.dispatchKeyEvent",
            json!({ "type": kind, "key": key, "windowsVirtualKeyCode": code, "text": text }),
        );
    }
}

/// The overview's axis labels and their x, left to right on screen.
fn ticks(page: &mut Page) -> Vec<(f64, String)> {
    let v = page.eval(
        "[...document.querySelectorAll('.overview-tick')].map(t => [t.getBBox().x, t.textContent]).sort((a, b) => a[0] - b[0])",
    );
    serde_json::from_value(v).expect("ticks")
}

#[test]
fn the_overview_works_from_the_keyboard_and_mirrors_in_arabic() {
    if !chromium_available() {
        return;
    }
    let mut s = Session::start();
    for (path, rtl, later, earlier) in [
        ("", true, ("ArrowLeft", 37), ("ArrowRight", 39)),
        ("en/", false, ("ArrowRight", 39), ("ArrowLeft", 37)),
    ] {
        let url = s.url(path);
        s.page.goto(&url);
        s.page.wait_until(
            "!document.querySelector('[data-overview]').hidden && document.querySelector('.overview-tick') !== null",
            "the overview to draw",
        );
        // Time runs right to left in Arabic: the first year is on the right.
        let t = ticks(&mut s.page);
        let years: Vec<&str> = t.iter().map(|(_, y)| y.as_str()).collect();
        let (first, last) = (years[0], years[years.len() - 1]);
        assert_eq!(first > last, rtl, "{path}: axis {years:?}");
        // Keyboard alone: focus, Home (the first event), later, later, Enter.
        s.page
            .eval("document.querySelector('.overview-view').focus()");
        press(&mut s.page, "Home", 36);
        let status = s
            .page
            .eval("document.querySelector('.overview-status').textContent");
        assert!(
            status.as_str().is_some_and(|t| t.contains("2013")),
            "{path}: {status}"
        );
        press(&mut s.page, later.0, later.1);
        press(&mut s.page, later.0, later.1);
        press(&mut s.page, earlier.0, earlier.1);
        press(&mut s.page, later.0, later.1);
        // The third event: ties cut, 7 September 2022.
        let status = s
            .page
            .eval("document.querySelector('.overview-status').textContent");
        assert!(
            status
                .as_str()
                .is_some_and(|t| t.contains("2022") && (t.contains("إيران") || t.contains("Iran"))),
            "{path}: {status}"
        );
        press(&mut s.page, "Enter", 13);
        let focused = s.page.eval("document.activeElement.pathname");
        assert!(
            focused
                .as_str()
                .is_some_and(|p| p.ends_with("/events/ties-cut/")),
            "{path}: Enter leads to the event in the list: {focused}"
        );
        // Zoom in from the keyboard: the axis shows a shorter span.
        let before = ticks(&mut s.page);
        for _ in 0..4 {
            s.page
                .eval("document.querySelector('.overview-view').focus()");
            press(&mut s.page, "+", 187);
        }
        let after = ticks(&mut s.page);
        assert_ne!(before, after, "{path}: + zooms");
    }
}

#[test]
fn on_a_list_cut_into_pages_the_filters_cover_every_page() {
    if !chromium_available() {
        return;
    }
    // Two events a page: the cyberattack topic's first page holds its latest two, the
    // disputed attack of July is on page 2.
    let site = TestSite::from_case("fixtures/explore");
    std::fs::remove_dir_all(site.path("themes")).expect("remove the test theme");
    let config = site.read("site.toml");
    site.write("site.toml", format!("page_size = 2\n{config}"));
    site.build_ok(&[]);
    let mut s = Session::of(site);
    let url = s.url("en/topics/cyberattack/?status=disputed");
    s.page.goto(&url);
    s.page.wait_until(
        "!document.querySelector('[data-filters]').hidden",
        "the filters to show",
    );
    assert!(
        shown(&mut s.page).is_empty(),
        "no disputed event on this page"
    );
    let elsewhere = s
        .page
        .eval("[...document.querySelectorAll('.filter-elsewhere a')].map(a => a.pathname)");
    assert_eq!(
        elsewhere,
        json!(["/timeline/en/events/attack/"]),
        "the one on page 2"
    );
    let empty = s
        .page
        .eval("document.querySelector('.filter-empty').hidden");
    assert_eq!(empty, json!(true), "not empty: it is on another page");
    let title = s
        .page
        .eval("document.querySelector('.filter-elsewhere-title').textContent");
    assert_eq!(title, "On the other pages of this list: 1");
    // On page 2 the same filter shows it in place, and nothing elsewhere.
    let url = s.url("en/topics/cyberattack/page/2/?status=disputed");
    s.page.goto(&url);
    s.page.wait_until(
        "!document.querySelector('[data-filters]').hidden",
        "the filters to show",
    );
    assert_eq!(shown(&mut s.page), ["/timeline/en/events/attack/"]);
    let hidden = s
        .page
        .eval("document.querySelector('.filter-elsewhere').hidden");
    assert_eq!(hidden, json!(true));
}
