//! `timeline import`, through the real binary: a TimelineJS3 sheet becomes articles
//! that build, and its export gives the sheet's dates back; a site's own CSV download
//! imported into an empty site gives the same events (dates at the same precision);
//! `--dry-run` writes nothing; an existing file is never overwritten and a bad sheet
//! writes nothing; `--create-topics` adds the sheet's groups to site.toml. (Each error
//! message has its case in tests/errors.rs.)

mod common;

use std::path::Path;

use common::{timeline, tree, TestSite};
use serde_json::Value;

fn import(site: &TestSite, args: &[&str]) -> common::Run {
    let root = site.root.to_str().expect("utf-8 temp path");
    let mut all = vec!["import", "--root", root];
    all.extend_from_slice(args);
    timeline(&all, site.dir.path())
}

fn sheet() -> String {
    common::tests_dir()
        .join("fixtures/import/timelinejs.csv")
        .display()
        .to_string()
}

fn json(path: &Path) -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_timelinejs_sheet_becomes_articles_that_give_its_dates_back() {
    let site = TestSite::base();
    let run = import(&site, &[&sheet(), "--lang", "en"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.contains("Imported 5 articles"), "{}", run.stdout);
    // The title slide and the era are not events, and say so; so do times.
    assert!(
        run.stderr.contains("row 2: the title slide"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("row 3: the era «The MEK moves to Albania»"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("written as UTC"), "{}", run.stderr);
    let attack = site.read("content/2022-07-15-cyberattack-on-albania.en.md");
    for line in [
        "title: \"Cyberattack on Albania\"",
        "date: \"2022-07-15\"",
        "topics: [\"cyberattack\"]",
        "image: \"https://example.org/photo.jpg\"",
        "image_alt: \"Government website down\"",
        "image_credit: \"Reuters\"",
        "Hackers **disrupt** public services.\n\nSee [the report](https://example.org/report).",
    ] {
        assert!(attack.contains(line), "{line}:\n{attack}");
    }
    // A title with quotes, commas and a line break; a group named by a topic's title;
    // a time.
    let ties =
        site.read("content/2022-09-07-albania-cuts-ties-with-quotes-commas-and-a-line-break.en.md");
    assert!(
        ties.contains(
            "title: \"Albania cuts ties, with \\\"quotes\\\", commas, and a line break\""
        ),
        "{ties}"
    );
    assert!(ties.contains("date: \"2022-09-07T10:30:00Z\""), "{ties}");
    assert!(ties.contains("topics: [\"relations\"]"), "{ties}");
    assert!(ties.contains("Rama announces the break \\* live"), "{ties}");
    // An approximate display date, HTML kept, a video as a source.
    let mek = site.read("content/2013-first-mek-members-arrive.en.md");
    assert!(mek.contains("date: \"2013~\""), "{mek}");
    assert!(
        mek.contains("<table><tr><td>kept as HTML</td></tr></table>"),
        "{mek}"
    );
    assert!(
        mek.contains("url: \"https://www.youtube.com/watch?v=abc\""),
        "{mek}"
    );
    assert!(mek.contains("display_date: \"c. 2013\""), "{mek}");
    // BCE years: TimelineJS3's -500 is EDTF's -0499.
    let wars = site.read("content/the-persian-wars.en.md");
    assert!(wars.contains("date: \"-0499/-0449\""), "{wars}");
    // The site builds, and its TimelineJS3 export has the sheet's dates.
    exported_dates_are_the_sheets(&site);
}

fn exported_dates_are_the_sheets(site: &TestSite) {
    site.build_ok(&[]);
    let out = json(&site.public().join("en/data/timeline.json"));
    let events = out["events"].as_array().expect("events");
    assert_eq!(events.len(), 5);
    let start = |headline: &str| {
        events
            .iter()
            .find(|e| {
                e["text"]["headline"]
                    .as_str()
                    .is_some_and(|h| h.starts_with(headline))
            })
            .map(|e| (e["start_date"].clone(), e.get("end_date").cloned()))
            .unwrap_or_else(|| panic!("no slide {headline}"))
    };
    assert_eq!(
        start("Cyberattack").0,
        serde_json::json!({"year": 2022, "month": 7, "day": 15})
    );
    assert_eq!(start("Cyberattack").1, None);
    assert_eq!(
        start("Albania cuts ties").0,
        serde_json::json!({"year": 2022, "month": 9, "day": 7, "hour": 10, "minute": 30, "second": 0})
    );
    assert_eq!(
        start("The Persian Wars").0,
        serde_json::json!({"year": -500})
    );
    assert_eq!(
        start("The Persian Wars").1,
        Some(serde_json::json!({"year": -450}))
    );
    assert_eq!(
        start("الهجوم").0,
        serde_json::json!({"year": 2014, "month": 3})
    );
    assert_eq!(
        start("الهجوم").1,
        Some(serde_json::json!({"year": 2014, "month": 4}))
    );
}

/// The fields a round trip keeps, per event, in a language's events.json.
fn events(public: &Path, prefix: &str) -> Vec<Value> {
    let file = json(&public.join(prefix).join("data/events.json"));
    file["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| {
            let sources: Vec<Value> = e["sources"]
                .as_array()
                .expect("sources")
                .iter()
                .map(|s| serde_json::json!([s["title"], s["publisher"], s["url"]]))
                .collect();
            serde_json::json!({
                "id": e["id"], "title": e["title"], "date": e["date"], "date_text": e["date_text"],
                "earliest": e["earliest"], "latest": e["latest"], "precision": e["precision"],
                "status": e["status"], "topics": e["topics"], "summary": e["summary"],
                "url": e["url"], "lang": e["lang"], "sources": sources,
            })
        })
        .collect()
}

#[test]
fn a_sites_csv_imported_into_an_empty_site_gives_the_same_events() {
    let from = TestSite::from_case("fixtures/journalism");
    from.build_ok(&[]);
    let to = TestSite::base();
    std::fs::copy(from.path("site.toml"), to.path("site.toml")).expect("copy site.toml");
    for (csv, lang) in [("data/events.csv", "ar"), ("en/data/events.csv", "en")] {
        let file = from.public().join(csv).display().to_string();
        let run = import(&to, &[&file, "--lang", lang]);
        assert_eq!(run.code, Some(0), "{csv}: {}", run.stderr);
    }
    to.build_ok(&[]);
    for prefix in ["", "en/"] {
        let (a, b) = (events(&from.public(), prefix), events(&to.public(), prefix));
        assert!(!a.is_empty());
        assert_eq!(a, b, "{prefix}events.json after the round trip");
    }
}

#[test]
fn a_dry_run_writes_nothing() {
    let site = TestSite::base();
    let before = tree(site.dir.path());
    let run = import(&site, &[&sheet(), "--dry-run", "--lang", "en"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.contains("Would create content/2022-07-15-cyberattack-on-albania.en.md:\n---\ntitle: \"Cyberattack on Albania\""), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("Would import 5 articles (dry run: nothing written)"),
        "{}",
        run.stdout
    );
    assert!(
        tree(site.dir.path()) == before,
        "the dry run wrote something"
    );
}

#[test]
fn an_existing_file_is_never_overwritten_and_nothing_is_written() {
    let site = TestSite::base();
    site.write("content/2022-07-15-cyberattack-on-albania.en.md", "mine\n");
    let before = tree(site.dir.path());
    let run = import(&site, &[&sheet(), "--lang", "en"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/2022-07-15-cyberattack-on-albania.en.md already exists"),
        "{}",
        run.stderr
    );
    assert!(tree(site.dir.path()) == before, "something was written");
    assert_eq!(
        site.read("content/2022-07-15-cyberattack-on-albania.en.md"),
        "mine\n"
    );
}

#[test]
fn create_topics_adds_the_new_groups_to_site_toml() {
    let site = TestSite::base();
    let csv = site.path("sheet.csv");
    std::fs::write(
        &csv,
        "Year,Month,Day,Headline,Text,Group\n2022,9,7,Ties cut,Text,Diplomacy\n2022,9,8,Sanctions,Text,Diplomacy\n",
    )
    .expect("write the sheet");
    let csv = csv.display().to_string();
    let refused = import(&site, &[&csv]);
    assert_eq!(refused.code, Some(1), "{}", refused.stderr);
    assert!(
        refused.stderr.contains("no topic `Diplomacy` in site.toml"),
        "{}",
        refused.stderr
    );
    let run = import(&site, &[&csv, "--create-topics"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("Added the topic `diplomacy` (Diplomacy) to site.toml"),
        "{}",
        run.stdout
    );
    let toml = site.read("site.toml");
    assert!(
        toml.ends_with("[[topics]]\nid = \"diplomacy\"\ntitle = \"Diplomacy\"\n\n"),
        "{toml}"
    );
    assert_eq!(toml.matches("id = \"diplomacy\"").count(), 1, "{toml}");
    site.build_ok(&[]);
    assert!(site.public().join("topics/diplomacy/index.html").is_file());
}

/// content/ that leads out of the site through a symbolic link: the import writes
/// nothing there.
#[cfg(unix)]
#[test]
fn nothing_is_written_outside_the_site() {
    let site = TestSite::base();
    let outside = site.dir.path().join("outside");
    std::fs::create_dir(&outside).expect("outside folder");
    std::os::unix::fs::symlink(&outside, site.path("content")).expect("symlink content/");
    let run = import(&site, &[&sheet(), "--lang", "en"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("outside the site folder"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_dir(&outside).expect("read").count(),
        0,
        "nothing written outside"
    );
}
