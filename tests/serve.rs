//! `timeline serve --watch` through the real binary, on temporary copies of
//! tests/fixtures/serve-site: HTTP answers, every kind of editor save seen both as new
//! content over HTTP and as a reload event, build errors shown then cleared, stylesheet
//! swaps, traversal attempts refused, a clean stop, and `--open` handing the URL to
//! the desktop's opener.
#![allow(clippy::print_stdout, clippy::print_stderr)] // measurements and skip reasons, for whoever runs the tests

#[path = "common/serve_util.rs"]
mod serve_util;

use std::time::{Duration, Instant};

use serve_util::{article, expect_reload_with, request, request_raw, Server, Site, WAIT};

const FIRST: &str = "content/2020-01-15-first-event.md";
const FIRST_URL: &str = "/events/first-event/";
const THIRD: &str = "content/2022-third-event.md";
const THIRD_URL: &str = "/events/third-event/";

#[test]
fn serves_the_site_from_memory_with_types() {
    let site = Site::fixture();
    let server = Server::watch(&site.root);

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("cache-control"), Some("no-store"));
    // The live-reload script sits just before </body>, naming the build it came from.
    let events = server.events();
    let tag = format!(
        "<script src=\"/__timeline/live.js\" data-build=\"{}\"></script>\n</body>",
        events.hello
    );
    assert!(home.text().contains(&tag), "{tag} not in the home page");

    let page = server.get(FIRST_URL);
    assert_eq!(page.status, 200);
    assert!(page.text().contains("ORIGINAL-FIRST-BODY"));
    // Built for the local address: links and permalinks point at this server.
    assert!(
        page.text().contains(&server.url),
        "permalinks use {}",
        server.url
    );
    assert!(!page.text().contains("https://example.org/"));

    let css = server.get("/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(
        css.body,
        std::fs::read(site.path("themes/default/static/style.css")).expect("css")
    );

    let feed = server.get("/atom.xml");
    assert_eq!(feed.status, 200);
    assert!(feed
        .header("content-type")
        .is_some_and(|t| t.ends_with("xml; charset=utf-8")));

    let js = server.get("/__timeline/live.js");
    assert_eq!(js.status, 200);
    assert_eq!(
        js.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(js.text().contains("EventSource"));

    // A folder without its slash redirects to it.
    let folder = server.get("/events/first-event");
    assert_eq!(folder.status, 308);
    assert_eq!(folder.header("location"), Some("/events/first-event/"));

    // Missing pages get the site's 404 page with status 404.
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let not_found_page = server.get("/404.html").text();
    assert_eq!(missing.text(), not_found_page);

    // HEAD: the same headers, no body.
    let head = request(server.port, "HEAD", FIRST_URL);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(head.header("content-length"), page.header("content-length"));

    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let r = request(server.port, method, FIRST_URL);
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("allow"), Some("GET, HEAD"), "{method}");
    }

    // Nothing is written: the output folder is never created.
    assert!(!site.path("public").exists());
}

#[test]
fn without_watch_no_script_and_no_events() {
    let site = Site::fixture();
    let server = Server::start(&site.root, &[]);
    let page = server.get(FIRST_URL);
    assert_eq!(page.status, 200);
    assert!(!page.text().contains("/__timeline/"));
    assert_eq!(server.get("/__timeline/events").status, 404);
}

#[test]
fn edit_in_place_reloads() {
    let site = Site::fixture();
    let server = Server::watch(&site.root);
    let mut events = server.events();
    let text = site
        .read(FIRST)
        .replace("ORIGINAL-FIRST-BODY", "EDITED-IN-PLACE");
    std::fs::write(site.path(FIRST), text).expect("write");
    expect_reload_with(&server, &mut events, FIRST_URL, 200, "EDITED-IN-PLACE");
}

#[test]
fn save_by_rename_reloads() {
    // vim (backupcopy=no): probe file 4913, original renamed to a backup, new file
    // written, backup deleted. VS Code and JetBrains: write a temp file, rename it over.
    let site = Site::fixture();
    let server = Server::watch(&site.root);
    let mut events = server.events();

    let probe = site.path("content/4913");
    std::fs::write(&probe, "").expect("probe");
    std::fs::remove_file(&probe).expect("remove probe");
    let backup = site.path(&format!("{FIRST}~"));
    std::fs::rename(site.path(FIRST), &backup).expect("backup");
    let text = std::fs::read_to_string(&backup)
        .expect("read")
        .replace("ORIGINAL-FIRST-BODY", "SAVED-BY-VIM");
    std::fs::write(site.path(FIRST), text).expect("write");
    std::fs::remove_file(&backup).expect("remove backup");
    expect_reload_with(&server, &mut events, FIRST_URL, 200, "SAVED-BY-VIM");

    let temp = site.path("content/.2022-third-event.md.tmp.123");
    let text = site
        .read(THIRD)
        .replace("ORIGINAL-THIRD-BODY", "SAVED-BY-RENAME");
    std::fs::write(&temp, text).expect("write temp");
    std::fs::rename(&temp, site.path(THIRD)).expect("rename over");
    expect_reload_with(&server, &mut events, THIRD_URL, 200, "SAVED-BY-RENAME");
}

#[test]
fn delete_then_create_reloads() {
    let site = Site::fixture();
    let server = Server::watch(&site.root);
    let mut events = server.events();
    let text = site.read(FIRST).replace("ORIGINAL-FIRST-BODY", "RECREATED");
    std::fs::remove_file(site.path(FIRST)).expect("delete");
    std::fs::write(site.path(FIRST), text).expect("create");
    expect_reload_with(&server, &mut events, FIRST_URL, 200, "RECREATED");
}

#[test]
fn new_deleted_and_renamed_files() {
    let site = Site::fixture();
    let server = Server::watch(&site.root);
    let mut events = server.events();

    site.write(
        "content/2023-03-04-fourth-event.md",
        &article(
            "Fourth event",
            "2023-03-04",
            "alpha",
            "A NEW-FOURTH-BODY article.",
        ),
    );
    expect_reload_with(
        &server,
        &mut events,
        "/events/fourth-event/",
        200,
        "NEW-FOURTH-BODY",
    );
    assert!(server.get("/").text().contains("Fourth event"));

    std::fs::remove_file(site.path(THIRD)).expect("delete");
    expect_reload_with(&server, &mut events, THIRD_URL, 404, "");
    assert!(!server.get("/").text().contains("Third event"));

    std::fs::rename(
        site.path(FIRST),
        site.path("content/2020-01-15-renamed-event.md"),
    )
    .expect("rename");
    expect_reload_with(
        &server,
        &mut events,
        "/events/renamed-event/",
        200,
        "ORIGINAL-FIRST-BODY",
    );
    assert_eq!(server.get(FIRST_URL).status, 404);
}

#[test]
fn new_folder_with_an_article() {
    let site = Site::fixture();
    let server = Server::watch(&site.root);
    let mut events = server.events();
    site.write(
        "content/more/deeper/2024-05-fifth-event.md",
        &article("Fifth event", "2024-05", "beta", "IN-A-NEW-FOLDER"),
    );
    expect_reload_with(
        &server,
        &mut events,
        "/events/fifth-event/",
        200,
        "IN-A-NEW-FOLDER",
    );
    // The new folders are watched too.
    site.write(
        "content/more/deeper/2024-05-fifth-event.md",
        &article("Fifth event", "2024-05", "beta", "EDITED-IN-NEW-FOLDER"),
    );
    expect_reload_with(
        &server,
        &mut events,
        "/events/fifth-event/",
        200,
        "EDITED-IN-NEW-FOLDER",
    );
}

#[test]
fn a_broken_edit_shows_errors_and_a_fix_clears_them() {
    let site = Site::fixture();
    let mut server = Server::watch(&site.root);
    let mut events = server.events();
    let good = site.read(THIRD);

    site.write(
        THIRD,
        "---\ntitle: \"Third event\"\ndate: \"2022\"\ntopics: [beta\n---\n\nBROKEN\n",
    );
    let error = events
        .next_named("build-error", WAIT)
        .expect("a build-error event");
    let list: serde_json::Value = serde_json::from_str(&error.data).expect("JSON errors");
    let first = &list[0];
    let location = first["location"].as_str().expect("a location");
    assert!(
        location.starts_with("content/2022-third-event.md:"),
        "{location}"
    );
    assert!(first["message"].as_str().is_some_and(|m| !m.is_empty()));
    // The last good build is still served.
    let page = server.get(THIRD_URL);
    assert_eq!(page.status, 200);
    assert!(page.text().contains("ORIGINAL-THIRD-BODY"));
    // A page opened now gets the errors at once.
    let mut late = server.events();
    let shown = late
        .next_named("build-error", WAIT)
        .expect("errors for a newly opened page");
    assert_eq!(shown.data, error.data);
    // And the terminal shows them too.
    let deadline = Instant::now() + WAIT;
    while !server
        .stderr_text()
        .contains("content/2022-third-event.md:")
        && Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        server
            .stderr_text()
            .contains("content/2022-third-event.md:"),
        "{}",
        server.stderr_text()
    );

    site.write(
        THIRD,
        &good.replace("ORIGINAL-THIRD-BODY", "FIXED-THIRD-BODY"),
    );
    expect_reload_with(&server, &mut events, THIRD_URL, 200, "FIXED-THIRD-BODY");
    // A page opened after the fix gets no errors.
    let fresh = server.events();
    let after: Vec<String> = fresh
        .drain(Duration::from_millis(300))
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert!(!after.contains(&"build-error".to_string()), "{after:?}");
    assert!(server.process_alive());
}

#[test]
fn a_stylesheet_change_swaps_css_without_reload() {
    let site = Site::fixture();
    let server = Server::watch(&site.root);
    let mut events = server.events();
    let css = site.path("themes/default/static/style.css");
    let mut text = std::fs::read_to_string(&css).expect("css");
    text.push_str("\n/* CSS-CHANGED */\n");
    std::fs::write(&css, text).expect("write css");
    let swapped = events.next_named("css", WAIT).expect("a css event");
    assert!(!swapped.data.is_empty());
    assert!(server.get("/style.css").text().contains("CSS-CHANGED"));
    // A template change is a full reload.
    let base = site.path("themes/default/templates/base.html");
    let text = std::fs::read_to_string(&base)
        .expect("base")
        .replace("</main>", "</main><p>TEMPLATE-CHANGED</p>");
    std::fs::write(&base, text).expect("write template");
    expect_reload_with(&server, &mut events, FIRST_URL, 200, "TEMPLATE-CHANGED");
}

#[test]
fn config_changes_reload() {
    let site = Site::fixture();
    let server = Server::watch(&site.root);
    let mut events = server.events();
    let text = site
        .read("site.toml")
        .replace("title = \"Serve fixture\"", "title = \"RENAMED-SITE\"");
    std::fs::write(site.path("site.toml"), text).expect("write");
    expect_reload_with(&server, &mut events, "/", 200, "RENAMED-SITE");
}

#[test]
fn temp_files_and_the_output_folder_are_ignored() {
    let site = Site::fixture();
    let server = Server::watch(&site.root);
    let mut events = server.events();
    for name in [
        "content/.2020-01-15-first-event.md.swp",
        "content/2020-01-15-first-event.md~",
        "content/.#2020-01-15-first-event.md",
        "content/4913",
        "public/index.html",
        "README.md",
    ] {
        site.write(name, "---\ntitle: [broken\n");
    }
    let seen = events.drain(Duration::from_millis(700));
    assert!(seen.is_empty(), "events for ignored files: {seen:?}");
    // The watcher still works.
    let text = site
        .read(FIRST)
        .replace("ORIGINAL-FIRST-BODY", "AFTER-TEMP-FILES");
    std::fs::write(site.path(FIRST), text).expect("write");
    expect_reload_with(&server, &mut events, FIRST_URL, 200, "AFTER-TEMP-FILES");
}

#[test]
fn a_failing_first_build_serves_errors_until_fixed() {
    let site = Site::fixture();
    let good = site.read(FIRST);
    site.write(
        FIRST,
        "---\ntitle: \"First\"\ndate: \"not a date\"\ntopics: [alpha]\n---\nx\n",
    );
    let server = Server::watch(&site.root);
    let page = server.get("/");
    assert_eq!(page.status, 503);
    assert!(
        page.text().contains("content/2020-01-15-first-event.md:"),
        "{}",
        page.text()
    );
    let mut events = server.events();
    site.write(FIRST, &good);
    expect_reload_with(&server, &mut events, FIRST_URL, 200, "ORIGINAL-FIRST-BODY");
}

#[test]
fn a_failing_build_without_watch_exits() {
    let site = Site::fixture();
    site.write(FIRST, "---\ntitle: \"First\"\n---\nx\n");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_timeline"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&site.root)
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("content/2020-01-15-first-event.md"));
}

#[test]
fn traversal_attempts_get_400_or_404_and_never_a_file() {
    let site = Site::fixture();
    // A file beside the site, which no request may reach.
    let secret = site.dir.path().join("secret.txt");
    std::fs::write(&secret, "TOP-SECRET-CONTENT").expect("secret");
    // A symbolic link inside content/ pointing outside the site.
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, site.path("content/leak.txt")).expect("symlink");
    let server = Server::watch(&site.root);
    #[cfg(unix)]
    {
        // The same rule as a build: the link is an error naming it, and nothing is served
        // from it, nor quoted.
        let r = server.get("/leak.txt");
        assert_eq!(r.status, 503);
        assert!(r.text().contains("content/leak.txt"), "{}", r.text());
        assert!(!r.text().contains("TOP-SECRET"));
        std::fs::remove_file(site.path("content/leak.txt")).expect("rm the link");
        let deadline = Instant::now() + WAIT;
        while server.get("/").status != 200 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(server.get("/leak.txt").status, 404);
    }

    let corpus = std::fs::read_to_string(
        serve_util::repo_root().join("tests/fixtures/corpora/traversal-paths.txt"),
    )
    .expect("the traversal corpus");
    let home = server.get("/").body;
    let mut checked = 0;
    for line in corpus.lines().filter(|l| !l.is_empty()) {
        for target in [
            line.to_string(),
            line.replace("etc/passwd", "secret.txt")
                .replace("passwd", "secret.txt"),
        ] {
            let raw =
                format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            let r = request_raw(server.port, raw.as_bytes());
            let body = r.text();
            assert!(
                !body.contains("root:") && !body.contains("TOP-SECRET"),
                "{target}: leaked a file"
            );
            // `/?/../x` asks for the home page with a query: that is not a traversal.
            let path = target.split('?').next().unwrap_or("");
            if path == "/" {
                assert!(r.status == 200 && r.body == home, "{target}: {}", r.status);
            } else {
                assert!(
                    r.status == 400 || r.status == 404,
                    "{target}: status {}",
                    r.status
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} paths checked");
    // Still serving.
    assert_eq!(server.get(FIRST_URL).status, 200);
}

#[test]
fn ctrl_c_stops_cleanly() {
    let site = Site::fixture();
    let mut server = Server::watch(&site.root);
    let _events = server.events();
    let status = std::process::Command::new("kill")
        .args(["-INT", &server.pid().to_string()])
        .status()
        .expect("kill -INT");
    assert!(status.success());
    let exit = server
        .wait_exit(Duration::from_secs(10))
        .expect("the server stops after Ctrl-C");
    assert!(exit.success(), "{exit:?}");
    let deadline = Instant::now() + Duration::from_secs(2);
    while !server.stdout_text().contains("Stopped.") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        server.stdout_text().contains("Stopped."),
        "{}",
        server.stdout_text()
    );
}

#[test]
fn a_taken_port_moves_on_and_other_addresses_warn() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    let site = Site::fixture();
    let server = Server::start(&site.root, &["--port", &port.to_string()]);
    assert_ne!(server.port, port);
    assert!(
        server
            .stdout_text()
            .contains(&format!("Port {port} is taken")),
        "{}",
        server.stdout_text()
    );
    assert!(server.get("/").status == 200);
    drop(server);

    let server = Server::start(&site.root, &["--bind", "0.0.0.0"]);
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );
    let deadline = Instant::now() + Duration::from_secs(5);
    while !server
        .stderr_text()
        .contains("warning: listening on 0.0.0.0")
        && Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        server
            .stderr_text()
            .contains("warning: listening on 0.0.0.0"),
        "{}",
        server.stderr_text()
    );
}

/// Save-to-reload latency on the sample site: from writing an article to the reload
/// event, and to the new text over HTTP. Prints the figures (run with --nocapture).
#[test]
fn save_to_reload_latency_on_the_sample_site() {
    let site = Site::sample();
    let server = Server::watch(&site.root);
    let mut events = server.events();
    let name = std::fs::read_dir(site.path("content"))
        .expect("content")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") && !n.contains(".en."))
        .min()
        .expect("an article");
    let rel = format!("content/{name}");
    let slug_url = {
        // The article's URL, as the build names it: find it in the served home page.
        let stem = name.trim_end_matches(".md");
        let slug = stem.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-');
        format!("/events/{slug}/")
    };
    assert_eq!(server.get(&slug_url).status, 200, "{slug_url}");
    let mut to_event = Vec::new();
    let mut to_http = Vec::new();
    for i in 0..5 {
        let marker = format!("LATENCY-MARKER-{i}");
        let text = format!("{}\n\n{marker}\n", site.read(&rel));
        let saved = Instant::now();
        std::fs::write(site.path(&rel), text).expect("write");
        let reload = expect_reload_with(&server, &mut events, &slug_url, 200, &marker);
        to_http.push(saved.elapsed());
        to_event.push(reload.at.duration_since(saved));
        // Let the next save start from a quiet watcher.
        std::thread::sleep(Duration::from_millis(150));
    }
    to_event.sort();
    to_http.sort();
    println!(
        "save-to-reload on the sample site: reload event median {:?} (min {:?}, max {:?}); new text over HTTP median {:?} (max {:?})",
        to_event[2], to_event[0], to_event[4], to_http[2], to_http[4]
    );
    println!("{}", server.stdout_text());
    // Generous: debug builds on a shared machine. The release figure is in the report.
    assert!(
        to_event[2] < Duration::from_secs(3),
        "median {:?}",
        to_event[2]
    );
}

#[test]
fn copied_files_are_served_and_follow_edits() {
    let site = Site::fixture();
    site.write(
        "content/pictures/map.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>MAP-ONE</title></svg>",
    );
    // Old enough for the server to trust its cached copy (see serve::state::Stamp).
    std::thread::sleep(Duration::from_millis(1100));
    let server = Server::watch(&site.root);
    let mut events = server.events();
    let svg = server.get("/pictures/map.svg");
    assert_eq!(svg.status, 200);
    assert_eq!(
        svg.header("content-type"),
        Some("image/svg+xml; charset=utf-8")
    );
    assert!(svg.text().contains("MAP-ONE"));
    // Edits that keep the size are seen (copied files are cached between builds).
    for n in ["TWO", "SIX"] {
        site.write(
            "content/pictures/map.svg",
            &format!("<svg xmlns=\"http://www.w3.org/2000/svg\"><title>MAP-{n}</title></svg>"),
        );
        expect_reload_with(
            &server,
            &mut events,
            "/pictures/map.svg",
            200,
            &format!("MAP-{n}"),
        );
    }
}

/// Waits (bounded) until `ready` gives a value.
fn wait_until<T>(mut ready: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(v) = ready() {
            return Some(v);
        }
        if Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `--open` hands the served URL to the desktop's opener (xdg-open on Linux): a stand-in
/// xdg-open first on PATH records what it is given. Without an opener, serve says so
/// and serves on.
#[cfg(target_os = "linux")]
#[test]
fn open_hands_the_served_url_to_the_desktop_opener() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::fixture();
    let bin = tempfile::tempdir().expect("tempdir");
    let opened = bin.path().join("opened.txt");
    let opener = bin.path().join("xdg-open");
    std::fs::write(
        &opener,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$1\" > '{}'\n",
            opened.display()
        ),
    )
    .expect("write xdg-open");
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let serve = |path: &std::ffi::OsStr| {
        let mut command = std::process::Command::new(serve_util::binary());
        command
            .arg("serve")
            .arg("--root")
            .arg(&site.root)
            .args(["--port", "0", "--open"])
            .env("PATH", path);
        Server::spawn(command)
    };

    let mut path = std::ffi::OsString::from(bin.path());
    path.push(":");
    path.push(std::env::var_os("PATH").unwrap_or_default());
    let server = serve(&path);
    let url = wait_until(|| {
        std::fs::read_to_string(&opened)
            .ok()
            .filter(|s| s.ends_with('\n'))
    })
    .expect("xdg-open was called");
    assert_eq!(url.trim(), server.url);
    assert_eq!(server.get("/").status, 200);
    drop(server);

    let nowhere = tempfile::tempdir().expect("tempdir");
    let server = serve(nowhere.path().as_os_str());
    let warned = wait_until(|| {
        let err = server.stderr_text();
        err.contains("warning: cannot open a browser")
            .then_some(err)
    });
    assert!(warned.is_some(), "{}", server.stderr_text());
    assert!(server.stderr_text().contains(&server.url));
    assert_eq!(server.get("/").status, 200);
}

/// `--poll MS` watches by looking at the files (for shares where file-system events do
/// not arrive): it implies --watch, and an edit reloads the page as with events.
#[test]
fn poll_watches_by_looking_at_the_files() {
    let site = Site::fixture();
    let server = Server::start(&site.root, &["--poll", "50"]);
    let watching = wait_until(|| {
        let out = server.stdout_text();
        out.contains("by looking at the files every 50 ms; pages reload on every save")
            .then_some(out)
    });
    assert!(watching.is_some(), "{}", server.stdout_text());
    let mut events = server.events();
    let text = site
        .read(FIRST)
        .replace("ORIGINAL-FIRST-BODY", "EDITED-WHILE-POLLING");
    std::fs::write(site.path(FIRST), text).expect("write");
    expect_reload_with(&server, &mut events, FIRST_URL, 200, "EDITED-WHILE-POLLING");

    // A new article is found too.
    site.write(
        "content/2024-02-02-polled.md",
        &article("Found by polling", "2024-02-02", "alpha", "POLLED-BODY"),
    );
    expect_reload_with(&server, &mut events, "/events/polled/", 200, "POLLED-BODY");
}

#[test]
fn poll_needs_a_sensible_interval() {
    let site = Site::fixture();
    let run = std::process::Command::new(serve_util::binary())
        .arg("serve")
        .arg("--root")
        .arg(&site.root)
        .args(["--poll", "0"])
        .output()
        .expect("run");
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("--poll <MS>") && err.contains("10..=60000"),
        "{err}"
    );
}
