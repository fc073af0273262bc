//! A real browser on `timeline serve --watch`: headless Debian Chromium, driven over the
//! DevTools protocol (a WebSocket, spoken here with tungstenite). The page is opened
//! once; the test only edits files, and the open page must show the new text by itself,
//! swap a stylesheet without reloading, show the error overlay after a broken edit, and
//! clear it after the fix.
//!
//! Skips with a printed reason when /usr/bin/chromium is missing, unless CI=true.
#![allow(clippy::print_stdout, clippy::print_stderr)] // measurements and skip reasons, for whoever runs the tests

#[path = "common/browser.rs"]
mod browser;
#[path = "common/serve_util.rs"]
mod serve_util;

use serde_json::Value;

use browser::{chromium_available, Browser};
use serve_util::{Server, Site};

const ARTICLE: &str = "content/2020-01-15-first-event.md";
const ARTICLE_URL: &str = "events/first-event/";

#[test]
fn an_open_page_follows_edits_and_shows_errors() {
    if !chromium_available() {
        return;
    }
    let site = Site::fixture();
    let server = Server::watch(&site.root);
    let browser = Browser::launch();
    let mut page = browser.new_page();
    page.goto(&format!("{}{ARTICLE_URL}", server.url));
    page.wait_until(
        "document.readyState === 'complete' && (document.body ? document.body.innerText : '').includes('ORIGINAL-FIRST-BODY')",
        "the article to load",
    );
    // Give the page's event stream a moment to connect (a missed reload would be
    // caught by the `hello` check anyway).
    std::thread::sleep(std::time::Duration::from_millis(200));
    let original = site.read(ARTICLE);

    // 1. An edit: the open page shows the new text by itself.
    page.eval("window.__loadedBefore = true");
    std::fs::write(
        site.path(ARTICLE),
        original.replace("ORIGINAL-FIRST-BODY", "BROWSER-EDIT-ONE"),
    )
    .expect("write");
    let took = page.wait_until(
        "(document.body ? document.body.innerText : '').includes('BROWSER-EDIT-ONE')",
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
        "(document.body && getComputedStyle(document.body).outlineColor) === 'rgb(1, 2, 3)'",
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
        page.eval("(document.body ? document.body.innerText : '').includes('BROWSER-EDIT-ONE')"),
        Value::Bool(true)
    );

    // 4. The fix clears the overlay and shows the new text.
    std::fs::write(
        site.path(ARTICLE),
        original.replace("ORIGINAL-FIRST-BODY", "BROWSER-FIXED"),
    )
    .expect("write");
    page.wait_until(
        "(document.body ? document.body.innerText : '').includes('BROWSER-FIXED') && !document.getElementById('__timeline-overlay')",
        "the fix without the overlay",
    );
}
