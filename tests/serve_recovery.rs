//! `timeline serve --watch` (and `--poll`) when files the site had disappear: a
//! deleted or renamed asset, a deleted linked asset, content/ moved away and back. The
//! server never wedges: each save gives what a build of the same files gives (the
//! same error, shown in the page; or the site without the file), the last good site
//! is served meanwhile, and later edits appear once the site is valid again
//! (shared/reviews/safety.md, F4 and F15).

#[path = "common/serve_util.rs"]
mod serve_util;

use std::time::{Duration, Instant};

use serve_util::{expect_reload_with, Server, Site, WAIT};

const FIRST: &str = "content/2020-01-15-first-event.md";
const FIRST_URL: &str = "/events/first-event/";

/// Edits the first event's title to `title` and waits until its page shows it.
fn retitle(site: &Site, server: &Server, events: &mut serve_util::Events, title: &str) {
    let text = site.read(FIRST);
    let old = text
        .lines()
        .find(|l| l.starts_with("title:"))
        .expect("a title line")
        .to_string();
    site.write(
        FIRST,
        &text.replacen(&old, &format!("title: \"{title}\""), 1),
    );
    expect_reload_with(server, events, FIRST_URL, 200, title);
}

/// Waits until `path` answers `status`.
fn until_status(server: &Server, path: &str, status: u16) {
    let deadline = Instant::now() + WAIT;
    while server.get(path).status != status && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(
        server.get(path).status,
        status,
        "{path}\nstderr: {}",
        server.stderr_text()
    );
}

fn deleted_assets_never_wedge(args: &[&str]) {
    let site = Site::fixture();
    std::fs::write(site.path("content/photo.png"), [137u8, 80, 78, 71]).expect("asset");
    std::fs::write(site.path("content/diagram.svg"), "<svg/>").expect("asset");
    let server = Server::start(&site.root, args);
    let mut events = server.events();
    assert_eq!(server.get("/photo.png").status, 200);

    std::fs::remove_file(site.path("content/photo.png")).expect("rm");
    until_status(&server, "/photo.png", 404);
    retitle(&site, &server, &mut events, "AFTER-DELETING-AN-ASSET");

    std::fs::rename(
        site.path("content/diagram.svg"),
        site.path("content/renamed.svg"),
    )
    .expect("mv");
    until_status(&server, "/renamed.svg", 200);
    assert_eq!(server.get("/diagram.svg").status, 404);
    retitle(&site, &server, &mut events, "AFTER-RENAMING-AN-ASSET");

    #[cfg(unix)]
    {
        std::fs::write(site.path("shared.png"), [1u8, 2]).expect("write");
        std::os::unix::fs::symlink("../shared.png", site.path("content/linked.png")).expect("ln");
        until_status(&server, "/linked.png", 200);
        std::fs::remove_file(site.path("shared.png")).expect("rm the link's target");
        // A dangling link is what a build refuses too: the error shows, then the fix.
        retitle_until_error(&server, &site);
        std::fs::remove_file(site.path("content/linked.png")).expect("rm the link");
        retitle(&site, &server, &mut events, "AFTER-A-DANGLING-LINK");
    }
    assert!(server.stderr_text().len() < 100_000);
}

/// Saves an edit and waits for the page's error overlay data (the build error).
fn retitle_until_error(server: &Server, site: &Site) {
    let mut events = server.events();
    let text = site.read(FIRST);
    site.write(FIRST, &format!("{text}\n"));
    let error = events
        .next_named("build-error", WAIT)
        .expect("the same error a build gives");
    assert!(error.data.contains("content/linked.png"), "{}", error.data);
}

#[test]
fn f4_deleted_and_renamed_assets_never_wedge_the_server() {
    deleted_assets_never_wedge(&["--watch"]);
}

#[test]
fn f4_deleted_and_renamed_assets_never_wedge_the_poller() {
    deleted_assets_never_wedge(&["--poll", "50"]);
}

#[test]
fn f15_content_moved_away_shows_the_build_error_and_comes_back() {
    let site = Site::fixture();
    let server = Server::watch(&site.root);
    let mut events = server.events();
    std::fs::rename(site.path("content"), site.path("content-bak")).expect("mv");
    let error = events
        .next_named("build-error", WAIT)
        .expect("the error a build gives");
    assert!(
        error.data.contains("the content folder is missing"),
        "{}",
        error.data
    );
    // The last good site is still served meanwhile.
    assert_eq!(server.get(FIRST_URL).status, 200);
    std::fs::rename(site.path("content-bak"), site.path("content")).expect("mv back");
    let mut events = server.events();
    retitle(&site, &server, &mut events, "AFTER-CONTENT-CAME-BACK");
}
