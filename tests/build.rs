//! `timeline build` on inputs that must be accepted, its flags, determinism, and
//! robustness against hostile input (the corpora under tests/fixtures/corpora).
//!
//! Sites are `tests/fixtures/_base` with a fixture folder laid over it (tests/common).

mod common;

use std::path::PathBuf;

use common::{timeline, tree, tree_diff, TestSite};
use timeline::config::{BuildOptions, Config};
use timeline::content::article::{self, Article};
use timeline::content::SourceFile;
use timeline::error::Diagnostic;

// ---------------------------------------------------------------------------------------
// Accepted without complaint

#[test]
fn accepts_a_byte_order_mark() {
    let site = TestSite::from_case("fixtures/bom");
    let raw = std::fs::read(site.path("content/2022-09-07-bom.md")).expect("read");
    assert!(
        raw.starts_with(b"\xef\xbb\xbf---\n"),
        "the fixture lost its BOM"
    );
    let run = site.build_ok(&[]);
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    let page = site.read("public/events/bom/index.html");
    assert!(page.contains("<h1>BOM article</h1>"), "{page}");
    assert!(
        page.contains("<strong>byte-order mark</strong>"),
        "the body is rendered: {page}"
    );
    assert!(!page.contains('\u{feff}'), "no BOM in the page");
}

#[test]
fn accepts_crlf_line_endings() {
    let site = TestSite::from_case("fixtures/crlf");
    let raw = site.read("content/2022-09-07-crlf.md");
    assert!(
        raw.starts_with("---\r\ntitle:"),
        "the fixture lost its CRLF line endings"
    );
    site.build_ok(&[]);
    let page = site.read("public/events/crlf/index.html");
    assert!(page.contains("<h1>CRLF article</h1>"), "{page}");
    assert!(
        page.contains("<p class=\"summary\">Written on Windows</p>"),
        "{page}"
    );
    assert!(
        page.contains("<p>First paragraph\nstill first.</p>\n<p>Second paragraph.</p>"),
        "{page}"
    );
    assert!(!page.contains('\r'), "no CR in the page");
}

#[test]
fn accepts_an_empty_body() {
    let site = TestSite::from_case("fixtures/empty-body");
    site.build_ok(&[]);
    let page = site.read("public/events/empty/index.html");
    assert!(page.contains("<h1>Empty body</h1>"), "{page}");
    assert!(page.contains("<p class=\"summary\"></p>"), "{page}");
    // The closing fence is the last line, without a newline after it.
    let page = site.read("public/events/no-newline/index.html");
    assert!(page.contains("<h1>Title only</h1>"), "{page}");
}

#[test]
fn accepts_arabic_file_names() {
    let site = TestSite::from_case("fixtures/arabic-file-name");
    site.build_ok(&[]);
    let page = site.read("public/events/هجوم/index.html");
    assert!(page.contains("<h1>هجوم إلكتروني</h1>"), "{page}");
    assert!(page.contains("<p>نص المقال.</p>"), "{page}");
    let en = site.read("public/en/events/هجوم/index.html");
    assert!(en.contains("<h1>Cyberattack</h1>"), "{en}");
    let topic = site.read("public/topics/cyberattack/index.html");
    assert!(
        topic.contains("<a href=\"/site/events/هجوم/\">هجوم إلكتروني</a>"),
        "{topic}"
    );
}

/// Every form of the date model, shown as its precision allows, in both languages,
/// in the order of the sorting rules (earliest day, coarser precision first, slug).
// One scenario read top to bottom, kept whole.
#[allow(clippy::too_many_lines)]
#[test]
fn every_date_form_is_displayed_in_both_languages() {
    let site = TestSite::from_case("fixtures/date-forms");
    site.build_ok(&[]);
    // (slug, precision, datetime, Arabic display, English display), in page order.
    let expected = [
        (
            "before",
            "month",
            "2013-05",
            "قبل أيار/مايو 2013",
            "before May 2013",
        ),
        (
            "range-precisions",
            "month",
            "2013-05",
            "أيار/مايو 2013 – أيلول/سبتمبر 2016",
            "May 2013 – September 2016",
        ),
        ("year", "year", "2014", "2014", "2014"),
        ("year-quoted", "year", "2015", "2015", "2015"),
        ("ongoing", "year", "2016", "منذ 2016", "since 2016"),
        (
            "approximate-uncertain",
            "year",
            "2022",
            "نحو 2022؟",
            "c. 2022?",
        ),
        ("uncertain", "year", "2022", "2022؟", "2022?"),
        (
            "approximate",
            "month",
            "2022-07",
            "نحو تموز/يوليو 2022",
            "c. July 2022",
        ),
        ("month", "month", "2022-07", "تموز/يوليو 2022", "July 2022"),
        (
            "range-days",
            "day",
            "2022-07-15",
            "15–17 تموز/يوليو 2022",
            "15–17 July 2022",
        ),
        (
            "day",
            "day",
            "2022-09-07",
            "7 أيلول/سبتمبر 2022",
            "7 September 2022",
        ),
        (
            "time",
            "time",
            "2022-09-07T10:30:00+02:00",
            "7 أيلول/سبتمبر 2022، 10:30 (UTC+02:00)",
            "7 September 2022, 10:30 (UTC+02:00)",
        ),
        // A time keeps the calendar day it was written with: no zone shifts it to the 8th.
        (
            "time-late",
            "time",
            "2022-09-07T23:30:00-05:00",
            "7 أيلول/سبتمبر 2022، 23:30 (UTC-05:00)",
            "7 September 2022, 23:30 (UTC-05:00)",
        ),
        (
            "day-quoted",
            "day",
            "2022-09-08",
            "8 أيلول/سبتمبر 2022",
            "8 September 2022",
        ),
    ];
    for (lang, prefix) in [("ar", ""), ("en", "en/")] {
        let page = site.read(&format!("public/{prefix}topics/relations/index.html"));
        let entries: Vec<&str> = page
            .lines()
            .filter(|l| l.starts_with("<p class=\"entry"))
            .collect();
        assert_eq!(entries.len(), expected.len(), "{page}");
        for (line, (slug, precision, datetime, ar, en)) in entries.iter().zip(expected) {
            let display = if lang == "ar" { ar } else { en };
            let want = format!(
                "<p class=\"entry {precision}\"><time datetime=\"{datetime}\">{display}</time> <a href=\"/site/{prefix}events/{slug}/\">{slug} {lang}</a>"
            );
            assert!(
                line.starts_with(&want),
                "{lang}: expected\n  {want}\ngot\n  {line}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// The command and its flags

#[test]
fn prints_one_summary_line() {
    let site = TestSite::from_case("fixtures/basic");
    let run = site.build_ok(&[]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    assert!(
        lines[0].contains(" pages") && lines[0].ends_with(" ms"),
        "pages written and time taken: {}",
        lines[0]
    );
}

#[test]
fn same_input_gives_byte_identical_output() {
    for case in ["fixtures/basic", "fixtures/date-forms"] {
        let site = TestSite::from_case(case);
        let one = site.dir.path().join("one");
        let two = site.dir.path().join("two");
        site.build_ok(&["--output", one.to_str().expect("utf-8")]);
        // A second build from another working folder, after touching nothing.
        let run = timeline(
            &[
                "build",
                "--root",
                site.root.to_str().expect("utf-8"),
                "--output",
                two.to_str().expect("utf-8"),
            ],
            &site.root,
        );
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        let (a, b) = (tree(&one), tree(&two));
        assert!(a.len() > 10, "{case}: {:?}", a.keys());
        assert!(a == b, "{case}: {:?}", tree_diff(&a, &b));
    }
}

#[test]
fn the_sample_site_builds_byte_identically_twice() {
    // The repository's own site, with the real theme: no clock, no hash order in the output.
    let dir = tempfile::tempdir().expect("tempdir");
    let root = common::repo();
    let mut trees = Vec::new();
    for name in ["one", "two"] {
        let out = dir.path().join(name);
        let run = timeline(
            &[
                "build",
                "--root",
                root.to_str().expect("utf-8"),
                "--output",
                out.to_str().expect("utf-8"),
            ],
            dir.path(),
        );
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        trees.push(tree(&out));
    }
    assert!(trees[0].len() > 50, "{:?}", trees[0].keys());
    assert!(
        trees[0] == trees[1],
        "{:?}",
        tree_diff(&trees[0], &trees[1])
    );
}

#[test]
fn drafts_only_with_the_flag() {
    let site = TestSite::from_case("fixtures/basic");
    site.build_ok(&[]);
    assert!(!site.path("public/events/draft").exists());
    assert!(!site.path("public/years/2014").exists());
    let all: Vec<u8> = tree(&site.public()).into_values().flatten().collect();
    let all = String::from_utf8_lossy(&all);
    assert!(!all.contains("مسودة"), "the draft appears somewhere");
    assert!(!all.contains("events/draft"), "a link to the draft");

    site.build_ok(&["--drafts"]);
    let page = site.read("public/events/draft/index.html");
    assert!(page.contains("<h1>مسودة</h1>"), "{page}");
    assert!(site
        .read("public/index.html")
        .contains("<a href=\"/site/events/draft/\">مسودة</a>"));
    assert!(site.path("public/years/2014/index.html").is_file());
}

#[test]
fn output_flag_relative_and_absolute() {
    let site = TestSite::from_case("fixtures/basic");
    // Relative: from the current folder (the tempdir holding site/).
    site.build_ok(&["--output", "out"]);
    assert!(site.dir.path().join("out/index.html").is_file());
    assert!(!site.public().exists(), "public/ is not written");
    // Short form, absolute.
    let abs = site.dir.path().join("elsewhere/deep");
    site.build_ok(&["-o", abs.to_str().expect("utf-8")]);
    let a = tree(&site.dir.path().join("out"));
    let b = tree(&abs);
    assert!(a == b, "{:?}", tree_diff(&a, &b));
    // Default: ROOT/public whatever the current folder.
    site.build_ok(&[]);
    assert!(site.path("public/index.html").is_file());
}

#[test]
fn base_url_flag_overrides_site_toml() {
    let site = TestSite::from_case("fixtures/basic");
    site.build_ok(&["--base-url", "https://other.example/sub"]);
    let page = site.read("public/en/events/attack/index.html");
    assert!(
        page.contains(
            "<link rel=\"canonical\" href=\"https://other.example/sub/en/events/attack/\">"
        ),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"/sub/en/topics/cyberattack/\">Cyberattack</a>"),
        "{page}"
    );
    for (path, bytes) in tree(&site.public()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("example.org/site") && !text.contains("\"/site/"),
            "{path} still uses site.toml's base_url"
        );
    }
}

#[test]
fn help_mentions_every_flag() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = timeline(&["--help"], dir.path());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for word in [
        "build",
        "serve",
        "check",
        "new",
        "init",
        "--help",
        "--version",
    ] {
        assert!(
            run.stdout.contains(word),
            "`timeline --help` lacks {word}:\n{}",
            run.stdout
        );
    }
    let run = timeline(&["build", "--help"], dir.path());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for flag in [
        "--root <DIR>",
        "--output <DIR>",
        "-o",
        "--base-url <URL>",
        "--drafts",
        "--help",
    ] {
        assert!(
            run.stdout.contains(flag),
            "`timeline build --help` lacks {flag}:\n{}",
            run.stdout
        );
    }
    // Each flag is explained, not just listed.
    for explained in ["site.toml", "public", "base URL", "draft"] {
        assert!(
            run.stdout.contains(explained),
            "{explained}:\n{}",
            run.stdout
        );
    }
}

// ---------------------------------------------------------------------------------------
// Robustness: hostile input never panics; it is accepted or reported with file and line.

fn corpus(name: &str) -> serde_json::Value {
    let path = common::tests_dir().join("fixtures/corpora").join(name);
    let text = std::fs::read_to_string(&path).expect("read corpus");
    serde_json::from_str(&text).expect("corpus is JSON")
}

fn base_config(site: &TestSite) -> Config {
    Config::load(&BuildOptions {
        root: site.root.clone(),
        ..BuildOptions::default()
    })
    .expect("the base site.toml is valid")
}

fn source_file(name: &str) -> SourceFile {
    SourceFile {
        path: PathBuf::from(format!("content/{name}.md")),
        key: name.to_string(),
        lang: "ar".into(),
        bundle_dir: None,
    }
}

/// Parses `text` as `content/<name>.md`; a panic or a diagnostic without the file and a
/// line inside it is a failure, returned as text.
fn parse_checked(
    config: &Config,
    name: &str,
    text: &str,
) -> Result<Result<Article, Vec<Diagnostic>>, String> {
    let file = source_file(name);
    let path = file.path.clone();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        article::parse(file, text, config, "/site/")
    }))
    .map_err(|_| format!("{name}: panicked"))?;
    if let Err(diags) = &result {
        if diags.is_empty() {
            return Err(format!("{name}: failed without a diagnostic"));
        }
        let lines = text.lines().count().max(1) + 1;
        for d in diags {
            if d.path.as_deref() != Some(path.as_path()) {
                return Err(format!("{name}: diagnostic without the file: {d}"));
            }
            match d.line {
                Some(l) if (1..=lines).contains(&l) => {}
                _ => {
                    return Err(format!(
                        "{name}: diagnostic without a line in the file: {d}"
                    ))
                }
            }
            if d.message.trim().is_empty() {
                return Err(format!("{name}: empty message"));
            }
        }
    }
    Ok(result)
}

/// A YAML double-quoted scalar holding `s` exactly: every character YAML does not allow
/// raw in a stream (C0 and C1 controls, DEL, the noncharacters U+FFFE and U+FFFF, the BOM)
/// or reads as a line break (U+0085, U+2028, U+2029) is escaped.
fn yaml_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{20}'..='\u{7e}' => out.push(c),
            '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' if c != '\u{feff}' => out.push(c),
            c if (c as u32) >= 0x10000 => out.push(c),
            c => out.push_str(&format!("\\u{:04X}", c as u32)),
        }
    }
    out.push('"');
    out
}

#[test]
fn naughty_strings_as_title_summary_tag_and_slug() {
    let site = TestSite::base();
    let config = base_config(&site);
    let strings = corpus("blns.json");
    let strings: Vec<&str> = strings
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(strings.len() > 500);
    let mut failures = Vec::new();
    let mut accepted_titles = 0;
    for (i, s) in strings.iter().enumerate() {
        let q = yaml_quoted(s);
        let fields = [
            (
                "title",
                format!("title: {q}\ndate: 2022-09-07\ntopics: [relations]\n"),
            ),
            (
                "summary",
                format!("title: \"t\"\nsummary: {q}\ndate: 2022-09-07\ntopics: [relations]\n"),
            ),
            (
                "tag",
                format!("title: \"t\"\ntags: [{q}]\ndate: 2022-09-07\ntopics: [relations]\n"),
            ),
            (
                "slug",
                format!("title: \"t\"\nslug: {q}\ndate: 2022-09-07\ntopics: [relations]\n"),
            ),
        ];
        for (field, fm) in fields {
            let name = format!("blns-{i}-{field}");
            let text = format!("---\n{fm}---\nBody.\n");
            match parse_checked(&config, &name, &text) {
                Err(f) => failures.push(f),
                Ok(Err(_)) => {}
                Ok(Ok(a)) => {
                    // What was accepted is kept as written.
                    match field {
                        "title" => {
                            accepted_titles += 1;
                            if a.title != s.trim() {
                                failures
                                    .push(format!("{name}: title {:?} became {:?}", s, a.title));
                            }
                        }
                        "tag" if a.tags != [s.to_string()] => {
                            failures.push(format!("{name}: tag {:?} became {:?}", s, a.tags));
                        }
                        "slug" => {
                            let slug = a.slug.as_str();
                            if slug.is_empty()
                                || slug.contains(['/', '\\'])
                                || slug == "."
                                || slug == ".."
                            {
                                failures.push(format!("{name}: unsafe slug accepted: {slug:?}"));
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // An empty or blank title is refused; every other title is accepted.
    let blank = strings.iter().filter(|s| s.trim().is_empty()).count();
    assert_eq!(accepted_titles, strings.len() - blank);
}

#[test]
fn naughty_strings_in_a_built_site_are_escaped() {
    // The naughty strings that HTML must escape (and every tenth of the others) as the
    // title, summary and tag of one site, built by the binary. (The test above feeds
    // every string through the parser; this one checks what reaches the pages.)
    let site = TestSite::base();
    let strings = corpus("blns.json");
    let mut written = 0;
    for (i, s) in strings.as_array().expect("a list").iter().enumerate() {
        let Some(s) = s.as_str() else { continue };
        if s.trim().is_empty() || !(s.contains(['<', '>', '&', '"', '\'']) || i % 10 == 0) {
            continue;
        }
        let q = yaml_quoted(s);
        site.write(
            &format!("content/2022-{i:03}.md"),
            format!("---\ntitle: {q}\nsummary: {q}\ntags: [{q}]\ndate: 2022-09-07\ntopics: [relations]\n---\nBody.\n"),
        );
        written += 1;
    }
    assert!(written > 100, "{written}");
    site.build_ok(&[]);
    let topic = site.read("public/topics/relations/index.html");
    assert_eq!(topic.matches("<p class=\"entry").count(), written);
    let hostile = ["<script>alert(", "<img src=x onerror", "<svg><script"];
    let inputs: Vec<&str> = strings
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    for raw in hostile {
        assert!(
            inputs.iter().any(|s| s.contains(raw)),
            "the corpus has {raw}"
        );
    }
    for (path, bytes) in tree(&site.public()) {
        // The downloads for readers are data for programs (text/csv, application/json):
        // they hold each text as written, which tests/exports.rs reads back exactly.
        // timeline.json is checked: TimelineJS3 shows its text as HTML.
        if ["events.csv", "events.json", "places.geojson"]
            .iter()
            .any(|data| path.ends_with(data))
        {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        for raw in hostile {
            assert!(!text.contains(raw), "{path}: `{raw}` is not escaped");
        }
    }
}

#[test]
fn yaml_test_suite_documents_as_front_matter() {
    let site = TestSite::base();
    let config = base_config(&site);
    let cases = corpus("yaml-suite.json");
    let cases = cases.as_array().expect("a list");
    assert!(cases.len() > 400);
    let mut failures = Vec::new();
    let (mut ok, mut refused) = (0, 0);
    for case in cases {
        let id = case["id"].as_str().unwrap_or("?");
        let yaml = case["yaml"].as_str().unwrap_or("");
        let yaml = if yaml.ends_with('\n') || yaml.is_empty() {
            yaml.to_string()
        } else {
            format!("{yaml}\n")
        };
        // As the whole front matter, and after valid keys (errors then sit further down).
        for (variant, fm) in [
            ("alone", yaml.clone()),
            (
                "after",
                format!(
                    "title: \"t\"\ndate: 2022-09-07\ntopics: [relations]\nextra:\n  x: 1\n{yaml}"
                ),
            ),
        ] {
            let name = format!("yaml-{id}-{variant}");
            match parse_checked(&config, &name, &format!("---\n{fm}---\nBody.\n")) {
                Err(f) => failures.push(f),
                Ok(Ok(_)) => ok += 1,
                Ok(Err(_)) => refused += 1,
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(refused > 0 && ok + refused == 2 * cases.len());
}

#[test]
fn alias_bombs_and_deep_nesting_are_refused() {
    let site = TestSite::base();
    let config = base_config(&site);
    // "Billion laughs": nine levels of nine aliases each.
    let mut bomb =
        String::from("title: \"bomb\"\ndate: 2022\ntopics: [relations]\nextra:\n  a: &a [");
    bomb.push_str(&["\"lol\""; 9].join(","));
    bomb.push_str("]\n");
    let mut prev = 'a';
    for name in 'b'..='i' {
        let refs = vec![format!("*{prev}"); 9].join(",");
        bomb.push_str(&format!("  {name}: &{name} [{refs}]\n"));
        prev = name;
    }
    let deep = format!(
        "title: \"deep\"\ndate: 2022\ntopics: [relations]\nextra:\n  x: {}{}\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    for (name, fm, hint) in [("bomb", bomb, "alias"), ("deep", deep, "nested too deeply")] {
        let result = parse_checked(&config, name, &format!("---\n{fm}---\nBody.\n"));
        match result {
            Ok(Err(diags)) => assert!(
                diags[0].hint.as_deref().unwrap_or("").contains(hint),
                "{name}: {}",
                diags[0]
            ),
            Ok(Ok(_)) => panic!("{name} was accepted"),
            Err(f) => panic!("{f}"),
        }
    }
}

#[test]
fn commonmark_examples_as_bodies() {
    let site = TestSite::base();
    let config = base_config(&site);
    let examples = corpus("commonmark-examples.json");
    let examples = examples.as_array().expect("a list");
    assert!(examples.len() > 600);
    let mut failures = Vec::new();
    for ex in examples {
        let n = ex["number"].as_u64().unwrap_or(0);
        let md = ex["markdown"].as_str().unwrap_or("");
        let name = format!("commonmark-{n}");
        let text = format!(
            "---\ntitle: \"Example {n}\"\ndate: 2022-09-07\ntopics: [relations]\n---\n{md}"
        );
        match parse_checked(&config, &name, &text) {
            Err(f) => failures.push(f),
            Ok(Err(d)) => failures.push(format!("{name}: a Markdown body was refused: {d:?}")),
            Ok(Ok(a)) => {
                if a.body_line != 6 {
                    failures.push(format!("{name}: body_line {}", a.body_line));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn commonmark_examples_build_into_pages() {
    // A sample of the spec examples through the whole pipeline (links and all).
    let site = TestSite::base();
    let examples = corpus("commonmark-examples.json");
    let sample: Vec<u64> = examples
        .as_array()
        .expect("a list")
        .iter()
        .step_by(6)
        .map(|ex| {
            let n = ex["number"].as_u64().unwrap_or(0);
            let md = ex["markdown"].as_str().unwrap_or("");
            site.write(
                &format!("content/2022-ex{n:03}.md"),
                format!(
                    "---\ntitle: \"Example {n}\"\ndate: 2022-09-07\ntopics: [relations]\n---\n{md}"
                ),
            );
            n
        })
        .collect();
    // Some examples link to `.md` files that do not exist, which a build must refuse:
    // each such error names its article. Without those articles the build succeeds.
    let run = site.build(&[]);
    let mut refused = Vec::new();
    if run.code != Some(0) {
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        for line in run.stderr.lines().filter(|l| l.starts_with("error: ")) {
            let file = line
                .strip_prefix("error: content/2022-ex")
                .and_then(|rest| rest.get(..3))
                .and_then(|n| n.parse::<u64>().ok());
            let Some(n) = file else {
                panic!("an error that names no article: {line}");
            };
            refused.push(n);
            let _ = std::fs::remove_file(site.path(&format!("content/2022-ex{n:03}.md")));
        }
        assert!(refused.len() < 5, "too many refused: {}", run.stderr);
        site.build_ok(&[]);
    }
    for n in sample.iter().filter(|n| !refused.contains(n)) {
        let page = site.read(&format!("public/events/ex{n:03}/index.html"));
        assert!(page.contains(&format!("<h1>Example {n}</h1>")), "{n}");
        assert!(page.trim_end().ends_with("</html>"), "{n}: page cut short");
    }
}

// ---------------------------------------------------------------------------------------
// The home page of a large site

#[test]
fn the_home_page_shows_the_latest_events_and_says_where_the_rest_are() {
    let (_dir, root, config) = sample_site();
    let events = std::fs::read_dir(root.join("content"))
        .expect("ls")
        .filter(|e| {
            let name = e.as_ref().expect("entry").file_name();
            let name = name.to_string_lossy();
            name.ends_with(".md") && !name.ends_with(".en.md")
        })
        .count();
    assert!(events > 5, "{events}");

    // By default (300) the sample site's home shows every event.
    std::fs::write(root.join("site.toml"), &config).expect("write");
    let run = timeline(&["build"], &root);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let home = std::fs::read_to_string(root.join("public/en/index.html")).expect("home");
    assert_eq!(home.matches("<article class=\"entry ").count(), events);
    assert!(home.contains("The whole timeline"));

    std::fs::write(root.join("site.toml"), format!("home_limit = 5\n{config}")).expect("write");
    let run = timeline(&["build"], &root);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let home = std::fs::read_to_string(root.join("public/en/index.html")).expect("home");
    assert_eq!(home.matches("<article class=\"entry ").count(), 5);
    assert!(home.contains("The latest events"), "heading");
    assert!(
        home.contains(&format!(
            "{} earlier events are in the archive by year",
            events - 5
        )),
        "note"
    );
    let ar = std::fs::read_to_string(root.join("public/index.html")).expect("home");
    assert_eq!(ar.matches("<article class=\"entry ").count(), 5);
    assert!(
        ar.contains(&format!("أما الأحداث الأقدم ({})", events - 5)),
        "Arabic note"
    );
    // Every event is still in the year archive.
    let archived: usize = std::fs::read_dir(root.join("public/en/years"))
        .expect("years")
        .map(|y| {
            let page = y.expect("year").path().join("index.html");
            std::fs::read_to_string(page)
                .expect("year page")
                .matches("<article class=\"entry ")
                .count()
        })
        .sum();
    assert_eq!(archived, events);
}

/// The sample site's content/ and themes/ in a temporary folder (kept while the first
/// value lives), the folder, and the text of its site.toml, which the caller writes
/// (with its own settings in front).
fn sample_site() -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("site");
    let repo = common::repo();
    common::copy_dir(&repo.join("content"), &root.join("content"));
    common::copy_dir(&repo.join("themes"), &root.join("themes"));
    let config = std::fs::read_to_string(repo.join("site.toml")).expect("site.toml");
    (dir, root, config)
}

/// The events a list page shows, in order: the link of each entry's title.
fn entry_links(html: &str) -> Vec<String> {
    html.split("class=\"entry-title\"><a href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or_default().to_string())
        .collect()
}

/// The `href` of every link (`<a … href="…"`) inside the first element opened by
/// `start` (up to `end`).
fn hrefs_within(html: &str, start: &str, end: &str) -> Vec<String> {
    let Some(from) = html.find(start) else {
        return Vec::new();
    };
    let part = &html[from..];
    let part = &part[..part.find(end).unwrap_or(part.len())];
    part.split("href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or_default().to_string())
        .collect()
}

// One scenario read top to bottom, kept whole.
#[allow(clippy::too_many_lines)]
#[test]
fn long_topic_timelines_and_years_are_cut_into_pages_that_hold_every_event_once() {
    let (_dir, root, config) = sample_site();
    let read = |rel: &str| std::fs::read_to_string(root.join("public").join(rel)).expect(rel);

    // The whole timelines, on one page each (the sample's topics are shorter than 300).
    std::fs::write(root.join("site.toml"), &config).expect("write");
    let run = timeline(&["build"], &root);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let topics = ["relations", "cyberattack", "nato"];
    let years: Vec<String> = std::fs::read_dir(root.join("public/years"))
        .expect("years")
        .map(|y| y.expect("year").file_name().to_string_lossy().into_owned())
        .collect();
    let lists: Vec<String> = ["", "en/"]
        .iter()
        .flat_map(|prefix| {
            let topics = topics.iter().map(move |t| format!("{prefix}topics/{t}/"));
            topics.chain(years.iter().map(move |y| format!("{prefix}years/{y}/")))
        })
        .collect();
    let whole: Vec<(String, Vec<String>)> = lists
        .into_iter()
        .map(|path| {
            let html = read(&format!("{path}index.html"));
            assert!(
                !html.contains("class=\"pager\""),
                "{path}: one page needs no pager"
            );
            assert!(
                !root.join("public").join(&path).join("page").exists(),
                "{path}"
            );
            (path, entry_links(&html))
        })
        .collect();

    let size = 4;
    std::fs::write(
        root.join("site.toml"),
        format!("page_size = {size}\n{config}"),
    )
    .expect("write");
    let run = timeline(&["build"], &root);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let sitemap = read("sitemap.xml");
    assert!(
        whole
            .iter()
            .any(|(p, e)| p.starts_with("years/") && e.len() > size),
        "some year should need pages"
    );
    for (path, events) in &whole {
        let count = events.len().div_ceil(size).max(1);
        if path.contains("topics/") {
            assert!(
                count > 1,
                "{path} should need pages: {} events",
                events.len()
            );
        }
        let page_path = |k: usize| match k {
            1 => path.clone(),
            k => format!("{path}page/{k}/"),
        };
        let mut seen: Vec<String> = Vec::new();
        for k in 1..=count {
            let html = read(&format!("{}index.html", page_path(k)));
            let shown = entry_links(&html);
            // Page 1 holds the latest events; each next page the ones before.
            let end = events.len() - (k - 1) * size;
            assert_eq!(
                shown,
                events[end.saturating_sub(size)..end],
                "{path} page {k}"
            );
            seen.splice(0..0, shown);
            let link = |k: usize| format!("/timeline/{}", page_path(k));
            let walk = hrefs_within(&html, "<p class=\"pager-walk\">", "</p>");
            let mut expected = Vec::new();
            if k < count {
                expected.push(link(k + 1));
            }
            if k > 1 {
                expected.push(link(k - 1));
                assert!(
                    html.contains(&format!(" · Page {k} · "))
                        || html.contains(&format!(" · الصفحة {k} · ")),
                    "{path} page {k}: title"
                );
            }
            assert_eq!(walk, expected, "{path} page {k}");
            let pages = hrefs_within(&html, "<ol class=\"pager-pages\">", "</ol>");
            if count > 1 {
                let listed = (1..=count).filter(|&j| j == 1 || j == count || j.abs_diff(k) <= 3);
                assert_eq!(pages, listed.map(link).collect::<Vec<_>>());
                assert!(html.contains(&format!("href=\"{}\" aria-current=\"page\"", link(k))));
            } else {
                assert!(
                    !html.contains("class=\"pager\""),
                    "{path}: one page needs no pager"
                );
            }
            // Every bar of the topic's histogram leads to its year's heading on the page
            // holding the year's first event.
            for href in hrefs_within(&html, "<figure class=\"histogram", "</figure>") {
                let (target, anchor) = href.split_once('#').expect("an anchor");
                let target = match target {
                    "" => html.clone(),
                    t => read(&format!("{}index.html", t.trim_start_matches("/timeline/"))),
                };
                assert!(
                    target.contains(&format!("id=\"{anchor}\"")),
                    "{path} page {k}: {href}"
                );
            }
            assert!(sitemap.contains(&format!(
                "<loc>https://example.github.io/timeline/{}</loc>",
                page_path(k)
            )));
            // The same page in the other language (both list every event).
            let other = match path.strip_prefix("en/") {
                Some(_) => page_path(k).replacen("en/", "", 1),
                None => format!("en/{}", page_path(k)),
            };
            let alternate = format!(
                "hreflang=\"{}\" href=\"https://example.github.io/timeline/{other}\">",
                ar_or_en(&other)
            );
            assert!(html.contains(&alternate), "{path} page {k}: {alternate}");
        }
        assert_eq!(&seen, events, "{path}: every event once, in order");
        assert!(!root.join("public").join(page_path(count + 1)).exists());
    }
}

/// The language of a site path of the sample site.
fn ar_or_en(path: &str) -> &'static str {
    match path.starts_with("en/") {
        true => "en",
        false => "ar",
    }
}

#[test]
fn a_long_pager_lists_the_first_the_last_and_the_nearby_pages() {
    let (_dir, root, config) = sample_site();
    std::fs::write(root.join("site.toml"), format!("page_size = 1\n{config}")).expect("write");
    let run = timeline(&["build"], &root);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let count = std::fs::read_dir(root.join("public/en/topics/relations/page"))
        .expect("pages")
        .count()
        + 1;
    assert!(count >= 12, "{count} pages");
    let html = std::fs::read_to_string(root.join("public/en/topics/relations/page/7/index.html"))
        .expect("page 7");
    let pages = hrefs_within(&html, "<ol class=\"pager-pages\">", "</ol>");
    let link = |k: usize| match k {
        1 => "/timeline/en/topics/relations/".to_string(),
        k => format!("/timeline/en/topics/relations/page/{k}/"),
    };
    let mut expected = vec![link(1)];
    expected.extend((4..=10).map(link));
    expected.push(link(count));
    assert_eq!(pages, expected);
    assert_eq!(html.matches("class=\"pager-gap\"").count(), 2);
    assert!(html.contains(
        "<span class=\"visually-hidden\">Page </span><span class=\"pager-number\">7</span>"
    ));

    // One English translation moves to another topic: the English relations timeline
    // has a page fewer, and the last Arabic page's switcher leads to its first page.
    let moved = root.join("content/2013-03-albania-offers-to-host-mek.en.md");
    let text = std::fs::read_to_string(&moved).expect("translation");
    std::fs::write(
        &moved,
        text.replacen("topics: [relations]", "topics: [nato]", 1),
    )
    .expect("write");
    let run = timeline(&["build"], &root);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let en = std::fs::read_dir(root.join("public/en/topics/relations/page")).expect("en");
    assert_eq!(en.count() + 1, count - 1);
    let last = std::fs::read_to_string(
        root.join(format!("public/topics/relations/page/{count}/index.html")),
    )
    .expect("last Arabic page");
    assert!(
        last.contains(
            "<a href=\"/timeline/en/topics/relations/\" hreflang=\"en\" lang=\"en\" dir=\"ltr\">"
        ),
        "the switcher leads to the English timeline's first page"
    );
    assert!(
        !last.contains("<link rel=\"alternate\" hreflang=\"en\""),
        "no English equivalent"
    );
}

#[test]
fn untranslated_events_are_named_up_to_ten_per_language_then_counted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("site");
    let repo = common::repo();
    common::copy_dir(&repo.join("themes"), &root.join("themes"));
    std::fs::copy(repo.join("site.toml"), root.join("site.toml")).expect("site.toml");
    for i in 0..13 {
        let file = root.join(format!("content/2020-01-{:02}-only-arabic-{i}.md", i + 1));
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        std::fs::write(
            file,
            format!(
                "---\ntitle: \"حدث {i}\"\ndate: 2020-01-{:02}\ntopics: [nato]\n---\n\nنص.\n",
                i + 1
            ),
        )
        .expect("write");
    }
    let run = timeline(&["build"], &root);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let named: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("has no English translation"))
        .collect();
    assert_eq!(named.len(), 10, "{}", run.stderr);
    assert!(named[0].contains("`2020-01-01-only-arabic-0` has no English translation"));
    assert!(
        run.stderr
            .contains("warning: … and 3 more events have no English translation"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_phase_is_marked_on_its_topic_timeline_in_the_month_of_its_first_event() {
    let (_dir, root, config) = sample_site();
    std::fs::write(root.join("site.toml"), &config).expect("write");
    let run = timeline(&["build"], &root);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let read = |rel: &str| std::fs::read_to_string(root.join("public").join(rel)).expect(rel);
    for (page, title) in [
        (
            "en/topics/relations/index.html",
            "The MEK moves from Iraq to Albania",
        ),
        (
            "topics/relations/index.html",
            "نقل أعضاء مجاهدي خلق من العراق إلى ألبانيا",
        ),
    ] {
        let html = read(page);
        assert_eq!(html.matches("class=\"tl-phase\"").count(), 1, "{page}");
        // In May 2013, its first event's month, before that month's events.
        let month = html.find("id=\"y2013-m05\"").expect("May 2013");
        let marker = html.find("class=\"tl-phase\"").expect("marker");
        let next_month = html[month..]
            .find("class=\"tl-month-heading\"")
            .map(|i| i + month);
        let first_event = html[month..].find("class=\"entry ").map(|i| i + month);
        assert!(marker > month && Some(marker) < first_event && Some(marker) < next_month);
        assert!(html[marker..].contains(title), "{page}");
    }
    for page in [
        "index.html",
        "en/years/2013/index.html",
        "en/topics/nato/index.html",
    ] {
        assert!(!read(page).contains("class=\"tl-phase\""), "{page}");
    }

    // Paged, the marker is on the page of the phase's first event only.
    std::fs::write(root.join("site.toml"), format!("page_size = 2\n{config}")).expect("write");
    let run = timeline(&["build"], &root);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let pages: Vec<String> = std::iter::once("en/topics/relations/index.html".to_string())
        .chain(
            std::fs::read_dir(root.join("public/en/topics/relations/page"))
                .expect("pages")
                .map(|p| {
                    let name = p.expect("page").file_name().to_string_lossy().into_owned();
                    format!("en/topics/relations/page/{name}/index.html")
                }),
        )
        .collect();
    let marked: Vec<&String> = pages
        .iter()
        .filter(|p| read(p).contains("class=\"tl-phase\""))
        .collect();
    assert_eq!(marked.len(), 1, "{marked:?}");
    assert!(read(marked[0]).contains("id=\"y2013-m05\""));
}

/// The real default theme gives a `<time datetime>` only where HTML has a value: a
/// BCE date, a decade and a season are text in a `<span>` with the same classes, and
/// no page holds an empty `datetime`.
#[test]
fn default_theme_shows_dates_html_cannot_hold_as_text() {
    let site = TestSite::from_case("fixtures/dates-edtf");
    // The built-in theme: no themes/ folder, no `theme =`.
    std::fs::remove_dir_all(site.path("themes")).expect("remove the test theme");
    let config = site.read("site.toml").replace("theme = \"plain\"\n", "");
    std::fs::write(site.path("site.toml"), config).expect("write site.toml");
    site.build_ok(&[]);
    for (path, bytes) in tree(&site.public()) {
        let page = String::from_utf8_lossy(&bytes);
        assert!(
            !page.contains("datetime=\"\""),
            "{path} has an empty datetime"
        );
    }
    let en = site.read("public/en/index.html");
    for shown in [
        "<span class=\"date date-decade\">the 1990s</span>",
        "<span class=\"date date-season\">spring 2022</span>",
        "<span class=\"date date-day\">15 March 44 BCE</span>",
        "<time datetime=\"2022-09-07\" class=\"date date-day\">7 September 2022</time>",
    ] {
        assert!(
            en.contains(shown),
            "{shown} is not on the English home page"
        );
    }
    let ar = site.read("public/index.html");
    assert!(
        ar.contains(">7 أيلول/سبتمبر 2022، 11 صفر 1444 هـ</time>"),
        "the Hijri date is not beside the Gregorian one"
    );
}

/// More events than a feed holds (50): a build frees the bodies no feed prints once
/// every page is made; every event page still shows its own body, and every entry of the
/// site's and the topic's feeds its body.
#[test]
fn every_page_and_feed_entry_keeps_its_body_past_the_feed_limit() {
    let site = TestSite::base();
    for i in 0..60 {
        site.write(
            &format!("content/e{i:02}.md"),
            format!(
                "---\ntitle: Event {i}\ndate: 2020-{:02}-{:02}\ntopics: [relations]\n---\n\
                 First paragraph {i}.\n\nBody word zebra{i}.\n",
                i / 28 + 1,
                i % 28 + 1
            ),
        );
    }
    site.build_ok(&[]);
    for i in 0..60 {
        let page = site.read(&format!("public/events/e{i:02}/index.html"));
        assert!(page.contains(&format!("zebra{i}.")), "e{i:02}: {page}");
    }
    for feed in ["public/atom.xml", "public/topics/relations/atom.xml"] {
        let xml = site.read(feed);
        assert_eq!(xml.matches("<entry").count(), 50, "{feed}");
        assert_eq!(xml.matches("Body word zebra").count(), 50, "{feed}: {xml}");
    }
}
