//! The downloads and the TimelineJS3 export, read back: every JSON and GeoJSON file
//! parses, the CSV is read by Python's csv module (the reference reader most data
//! journalists use) and gives back a title with commas, quotes, a line break and Arabic
//! exactly, each file lists the events of its topic and language, places with
//! coordinates become GeoJSON points (longitude first), phases become eras with unequal
//! ends, and two builds give the same bytes. The TimelineJS3 files are loaded by
//! TimelineJS3 itself in tests/browser_timelinejs.rs; their exact text is in the
//! snapshots (tests/snapshots.rs).

mod common;

use std::path::Path;
use std::process::Command;

use common::{tree, TestSite};
use serde_json::Value;

/// A title a CSV writer must quote and escape.
const TRICKY: &str = "Rama: \"we cut ties\", Iran, NATO,\nand «ألبانيا»; 50% done";

fn site() -> TestSite {
    let site = TestSite::from_case("fixtures/journalism");
    let title = serde_json::to_string(TRICKY).expect("json");
    site.write(
        "content/tricky.en.md",
        format!(
            "---\ntitle: {title}\ndate: 2022-09~\ntopics: [relations]\nplaces: [tirana]\nsummary: \"Commas, \\\"quotes\\\" and a\\nline break.\"\nsources:\n  - title: A report, with a comma\n    url: https://example.org/r\n    publisher: \"Agency \\\"Q\\\"\"\n---\nText.\n"
        ),
    );
    site.write(
        "site.toml",
        site.read("site.toml").replace(
            "[[topics]]\nid = \"relations\"",
            "[[topics]]\nid = \"relations\"\nphases = [{ title = \"One year\", date = \"2014\" }, { title = \"Ongoing\", date = \"2016/..\" }]",
        ),
    );
    site
}

fn json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()))
}

#[test]
fn every_export_parses_and_lists_its_topics_events() {
    let site = site();
    let run = site.build_ok(&[]);
    // The phase with an open end cannot be an era, and the build says so.
    assert!(
        run.stderr.contains(
            "the phase `Ongoing` of topic `relations` (2016/..) has an open or unknown end"
        ),
        "{}",
        run.stderr
    );
    let public = site.public();
    let files = tree(&public);
    let mut parsed = 0;
    for path in files.keys() {
        if path.ends_with(".json") || path.ends_with(".geojson") {
            json(&public.join(path));
            parsed += 1;
        }
    }
    // Per language: 5 site files (one the locale) and 4 per topic, 3 of them JSON.
    assert_eq!(parsed, 2 * (4 + 3 * 2), "JSON files");
    for prefix in ["", "en/"] {
        let all = json(&public.join(prefix).join("data/events.json"));
        let all = all["events"].as_array().expect("events");
        for topic in ["cyberattack", "relations"] {
            let file = json(&public.join(format!("{prefix}topics/{topic}/events.json")));
            let ids: Vec<&str> = file["events"]
                .as_array()
                .expect("events")
                .iter()
                .map(|e| e["id"].as_str().expect("id"))
                .collect();
            let expected: Vec<&str> = all
                .iter()
                .filter(|e| {
                    e["topics"]
                        .as_array()
                        .expect("topics")
                        .iter()
                        .any(|t| t == topic)
                })
                .map(|e| e["id"].as_str().expect("id"))
                .collect();
            assert_eq!(ids, expected, "{prefix}{topic}");
            let tl = json(&public.join(format!("{prefix}topics/{topic}/timeline.json")));
            assert_eq!(tl["events"].as_array().expect("events").len(), ids.len());
            for e in tl["events"].as_array().expect("events") {
                let id = e["unique_id"].as_str().expect("unique_id");
                assert!(
                    id.is_ascii() && id.starts_with(|c: char| c.is_ascii_lowercase()),
                    "{id}"
                );
                assert!(e["display_date"].is_string(), "{e}");
            }
        }
    }
    // The one-year phase is widened to its days; the open one is left out.
    let tl = json(&public.join("en/topics/relations/timeline.json"));
    assert_eq!(
        tl["eras"],
        serde_json::json!([{
            "start_date": {"year": 2014, "month": 1, "day": 1},
            "end_date": {"year": 2014, "month": 12, "day": 31},
            "text": {"headline": "One year"},
        }])
    );
    // Tirana (41.3275 N, 19.8189 E) is a point, longitude first, once per event there.
    let geo = json(&public.join("en/data/places.geojson"));
    let features = geo["features"].as_array().expect("features");
    assert!(!features.is_empty());
    for f in features {
        assert_eq!(
            f["geometry"]["coordinates"],
            serde_json::json!([19.8189, 41.3275]),
            "{f}"
        );
        assert_eq!(f["properties"]["place"], "tirana");
    }
    assert!(features
        .iter()
        .any(|f| f["properties"]["event"] == "tricky"));
}

#[test]
fn python_reads_the_csv_back_exactly() {
    let site = site();
    site.build_ok(&[]);
    let public = site.public();
    let script = r#"
import csv, json, sys
with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
    rows = list(csv.DictReader(f))
print(json.dumps(rows))
"#;
    for prefix in ["", "en/"] {
        let csv = public.join(prefix).join("data/events.csv");
        let out = Command::new("python3")
            .args(["-c", script])
            .arg(&csv)
            .output()
            .expect("python3 runs (the CSV's reference reader)");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let rows: Vec<Value> = serde_json::from_slice(&out.stdout).expect("python's rows");
        let events = json(&public.join(prefix).join("data/events.json"));
        let events = events["events"].as_array().expect("events");
        assert_eq!(rows.len(), events.len(), "{prefix}: one row per event");
        for (row, e) in rows.iter().zip(events) {
            for key in [
                "id",
                "title",
                "date",
                "date_text",
                "precision",
                "status",
                "summary",
                "url",
                "lang",
            ] {
                assert_eq!(row[key], e[key], "{prefix}{}: {key}", e["id"]);
            }
            assert_eq!(
                row["earliest"],
                e["earliest"].as_str().unwrap_or(""),
                "earliest"
            );
            assert_eq!(row["latest"], e["latest"].as_str().unwrap_or(""), "latest");
            let topics: Vec<&str> = e["topics"]
                .as_array()
                .expect("topics")
                .iter()
                .map(|t| t.as_str().expect("id"))
                .collect();
            assert_eq!(row["topics"], topics.join("; "));
        }
        let tricky = rows
            .iter()
            .find(|r| r["id"] == "tricky")
            .expect("the tricky row");
        assert_eq!(tricky["title"], TRICKY);
        assert_eq!(
            tricky["sources"],
            "A report, with a comma — Agency \"Q\" <https://example.org/r>"
        );
        assert_eq!(
            tricky["places"],
            if prefix.is_empty() {
                "تيرانا"
            } else {
                "Tirana"
            }
        );
        assert_eq!(tricky["date"], "2022-09~");
        assert_eq!(tricky["precision"], "month");
    }
    // The columns, documented in the README, in order.
    let text = std::fs::read_to_string(public.join("data/events.csv")).expect("csv");
    assert!(text.starts_with("\u{feff}\"id\",\"title\",\"date\",\"date_text\",\"earliest\",\"latest\",\"precision\",\"status\",\"topics\",\"actors\",\"places\",\"summary\",\"url\",\"sources\",\"lang\"\r\n"));
}

#[test]
fn two_builds_give_the_same_exports() {
    let site = site();
    site.build_ok(&[]);
    let first = tree(&site.public());
    site.build_ok(&[]);
    assert!(first == tree(&site.public()), "the second build differs");
}

/// The embed view holds the latest `page_size` events of a long topic and says how many
/// earlier ones are on the site; a theme without embed.html has no embed pages.
#[test]
fn embeds_are_made_by_themes_that_have_them_and_hold_one_page() {
    let site = TestSite::base();
    for day in 1..=3 {
        site.write(
            &format!("content/e{day}.en.md"),
            format!(
                "---\ntitle: Event {day}\ndate: 2022-09-0{day}\ntopics: [relations]\n---\nText.\n"
            ),
        );
    }
    site.build_ok(&[]);
    assert!(
        !site.public().join("en/embed").exists(),
        "the plain theme has no embed.html"
    );
    site.write(
        "site.toml",
        site.read("site.toml")
            .replace("theme = \"plain\"\n", "page_size = 2\n"),
    );
    site.build_ok(&[]);
    let embed = std::fs::read_to_string(site.public().join("en/embed/relations/index.html"))
        .expect("embed page");
    assert_eq!(
        embed.matches("<article class=\"entry").count(),
        2,
        "{embed}"
    );
    assert!(
        embed.contains("1 earlier event is in the full timeline on the site"),
        "{embed}"
    );
    assert!(!embed.contains("Event 1<"), "the oldest is left out");
    let topic = std::fs::read_to_string(site.public().join("en/topics/relations/index.html"))
        .expect("topic page");
    assert!(
        topic.contains("https://example.org/site/en/embed/relations/"),
        "the snippet names the embed"
    );
}
