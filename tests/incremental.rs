//! The warm rebuilds of `serve --watch` never leave a page stale: after every kind of
//! edit, the incremental rebuild gives exactly the files a full build of the same
//! sources gives, byte for byte, and it re-renders only pages whose content changed.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use timeline::build::{Collect, Contents, Pipeline};
use timeline::config::{BuildOptions, Config};

/// The sample site (site.toml, content/, themes/) in a temporary folder.
struct Sample {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Sample {
    fn new() -> Sample {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = std::path::absolute(dir.path().join("site")).expect("absolute");
        let repo = common::repo();
        common::copy_dir(&repo.join("content"), &root.join("content"));
        common::copy_dir(&repo.join("themes"), &root.join("themes"));
        std::fs::copy(repo.join("site.toml"), root.join("site.toml")).expect("site.toml");
        Sample { _dir: dir, root }
    }

    /// A fixture site of tests/fixtures (laid over _base), with the built-in theme.
    fn fixture(name: &str) -> Sample {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = std::path::absolute(dir.path().join("site")).expect("absolute");
        let tests = common::repo().join("tests/fixtures");
        common::copy_dir(&tests.join("_base"), &root);
        common::copy_dir(&tests.join(name), &root);
        for generated in ["expected", "themes"] {
            std::fs::remove_dir_all(root.join(generated)).expect("remove");
        }
        let site = Sample { _dir: dir, root };
        site.edit("site.toml", "theme = \"plain\"\n", "");
        site
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).expect("read")
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no `{from}`");
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// The line of `rel` that starts with `key` (a front matter key with its colon).
    fn front_matter_line(&self, rel: &str, key: &str) -> String {
        self.read(rel)
            .lines()
            .find(|l| l.starts_with(key))
            .unwrap_or_else(|| panic!("{rel} has no `{key}` line"))
            .to_string()
    }

    fn config(&self) -> Config {
        Config::load(&BuildOptions {
            root: self.root.clone(),
            output: None,
            base_url: None,
            drafts: false,
        })
        .expect("config")
    }

    /// What a full build gives: every file's bytes, or the error messages.
    fn full(&self) -> Result<BTreeMap<String, Vec<u8>>, String> {
        let built = timeline::build_site(&self.config()).map_err(|e| e.to_string())?;
        Ok(built
            .files
            .into_iter()
            .map(|f| {
                let bytes = match f.contents {
                    Contents::Bytes(b) => b.to_vec(),
                    Contents::Copy(p) => std::fs::read(p).expect("copy source"),
                };
                (f.path, bytes)
            })
            .collect())
    }
}

/// A warm rebuild after `changed` (paths relative to the site; None: unknown), checked
/// against a full build. Returns (pages rendered, files parsed) and the files.
fn rebuild_matches_full(
    site: &Sample,
    inc: &mut Pipeline,
    changed: Option<&[&str]>,
) -> (usize, usize, BTreeMap<String, Vec<u8>>) {
    let changed: Option<Vec<PathBuf>> =
        changed.map(|c| c.iter().map(|rel| site.path(rel)).collect());
    let mut sink = Collect::default();
    let warm = inc.run(&site.config(), changed.as_deref(), &mut sink, &mut |_| {});
    let full = site.full();
    match (warm, full) {
        (Ok(w), Ok(full)) => {
            let files: BTreeMap<String, Vec<u8>> = sink
                .0
                .into_iter()
                .map(|f| {
                    let bytes = match f.contents {
                        Contents::Bytes(b) => b.to_vec(),
                        Contents::Copy(src) => std::fs::read(src).expect("copy source"),
                    };
                    (f.path, bytes)
                })
                .collect();
            let only_warm: Vec<&String> = files.keys().filter(|k| !full.contains_key(*k)).collect();
            let only_full: Vec<&String> = full.keys().filter(|k| !files.contains_key(*k)).collect();
            let differ: Vec<&String> = files
                .iter()
                .filter(|(k, v)| full.get(*k).is_some_and(|f| f != *v))
                .map(|(k, _)| k)
                .collect();
            assert!(
                only_warm.is_empty() && only_full.is_empty() && differ.is_empty(),
                "warm rebuild differs from a full build:\n only warm: {only_warm:?}\n only full: {only_full:?}\n stale: {differ:?}"
            );
            (w.rendered, w.parsed, files)
        }
        (Err(w), Err(f)) => {
            assert_eq!(w.to_string(), f, "both fail, with the same errors");
            (0, 0, BTreeMap::new())
        }
        (w, f) => panic!(
            "warm and full builds disagree: warm {:?}, full {:?}",
            w.map(|r| r.pages),
            f.map(|m| m.len())
        ),
    }
}

fn page(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("no {path}"))
            .clone(),
    )
    .expect("utf-8")
}

const AR: &str = "content/2022-09-07-albania-cuts-ties.md";
const EN: &str = "content/2022-09-07-albania-cuts-ties.en.md";

// One scenario read top to bottom, kept whole.
#[allow(clippy::too_many_lines)]
#[test]
fn every_edit_gives_what_a_full_build_gives() {
    let site = Sample::new();
    assert!(
        site.path(AR).is_file() && site.path(EN).is_file(),
        "sample article moved"
    );
    let mut inc = Pipeline::remembering();

    let (rendered, parsed, files) = rebuild_matches_full(&site, &mut inc, None);
    let pages = files.keys().filter(|k| k.ends_with(".html")).count();
    assert_eq!(rendered, pages, "the first build renders every page");
    assert!(
        parsed > 40,
        "the first build parses every article ({parsed})"
    );

    // Saving without a change: nothing parsed, nothing rendered.
    let text = site.read(EN);
    site.write(EN, &text);
    let (rendered, parsed, _) = rebuild_matches_full(&site, &mut inc, Some(&[EN]));
    assert_eq!((rendered, parsed), (0, 0));

    // A body edit: one file parsed, only its page rendered.
    site.write(EN, &format!("{text}\nA new closing paragraph.\n"));
    let (rendered, parsed, files) = rebuild_matches_full(&site, &mut inc, Some(&[EN]));
    assert_eq!((rendered, parsed), (1, 1));
    assert!(
        page(&files, "en/events/albania-cuts-ties/index.html").contains("A new closing paragraph.")
    );

    // A title edit reaches its topic pages, the home and year pages and the pages of
    // its neighbours, and nothing else is rendered.
    let title = site.front_matter_line(EN, "title:");
    site.edit(
        EN,
        &title,
        "title: \"Tirana expels Iran's diplomats (edited)\"",
    );
    let (rendered, _, files) = rebuild_matches_full(&site, &mut inc, Some(&[EN]));
    for p in ["en/index.html", "en/years/2022/index.html"] {
        assert!(
            page(&files, p).contains("Tirana expels Iran&#39;s diplomats (edited)")
                || page(&files, p).contains("Tirana expels Iran's diplomats (edited)"),
            "{p}"
        );
    }
    assert!(
        rendered > 3 && rendered < pages / 2,
        "{rendered} of {pages} pages rendered"
    );

    // A date edit moves the event to another year; a topic edit to other topic pages.
    site.edit(EN, "date: 2022-09-07", "date: 2021-09-07");
    site.edit(AR, "date: 2022-09-07", "date: 2021-09-07");
    rebuild_matches_full(&site, &mut inc, Some(&[EN, AR]));
    let topics = site.front_matter_line(AR, "topics:");
    site.edit(AR, &topics, "topics: [nato]");
    rebuild_matches_full(&site, &mut inc, Some(&[AR]));

    // A new article, untranslated (a fallback entry in English), then removed.
    site.write(
        "content/2023-01-02-new-event.md",
        "---\ntitle: \"حدث جديد\"\ndate: 2023-01-02\ntopics: [nato]\n---\n\nنص.\n",
    );
    rebuild_matches_full(&site, &mut inc, Some(&["content/2023-01-02-new-event.md"]));
    std::fs::remove_file(site.path("content/2023-01-02-new-event.md")).expect("rm");
    rebuild_matches_full(&site, &mut inc, Some(&["content/2023-01-02-new-event.md"]));

    // A link to another article's heading, then that heading renamed: both builds fail
    // alike; then fixed.
    site.write(EN, &format!("{}\n## Reactions\n\nSee [the NATO view](@/2009-albania-joins-nato.en.md#why-it-matters).\n", site.read(EN)));
    let target = "content/2009-albania-joins-nato.en.md";
    site.write(
        target,
        &format!("{}\n## Why it matters\n\nText.\n", site.read(target)),
    );
    rebuild_matches_full(&site, &mut inc, Some(&[EN, target]));
    site.edit(target, "## Why it matters", "## Why it mattered");
    let (_, _, failed) = rebuild_matches_full(&site, &mut inc, Some(&[target]));
    assert!(
        failed.is_empty(),
        "a link to a missing anchor fails the build"
    );
    site.edit(target, "## Why it mattered", "## Why it matters");
    rebuild_matches_full(&site, &mut inc, Some(&[target]));

    // A draft leaves the site.
    site.edit(AR, "---\n", "---\ndraft: true\n");
    rebuild_matches_full(&site, &mut inc, Some(&[AR]));

    // A template edit renders every page that uses it; a settings edit, all pages.
    let article = "themes/default/templates/article.html";
    site.edit(
        article,
        "{% block main %}",
        "{% block main %}<!-- edited -->",
    );
    let (rendered, _, _) = rebuild_matches_full(&site, &mut inc, Some(&[article]));
    assert!(rendered > pages / 2, "{rendered}");
    site.edit("site.toml", "title = \"", "title = \"(edited) ");
    rebuild_matches_full(&site, &mut inc, Some(&["site.toml"]));

    // Unknown changes (a lost watcher event): everything is looked at again.
    site.edit(
        EN,
        "A new closing paragraph.",
        "An edited closing paragraph.",
    );
    let (_, parsed, _) = rebuild_matches_full(&site, &mut inc, None);
    assert_eq!(parsed, 1, "only the changed file is parsed again");
}

#[test]
fn a_file_that_fails_to_parse_and_is_fixed() {
    let site = Sample::new();
    let mut inc = Pipeline::remembering();
    rebuild_matches_full(&site, &mut inc, None);
    let text = site.read(EN);
    site.write(EN, &text.replacen("title:", "titel:", 1));
    let (_, _, files) = rebuild_matches_full(&site, &mut inc, Some(&[EN]));
    assert!(files.is_empty());
    site.write(EN, &text);
    let (rendered, parsed, _) = rebuild_matches_full(&site, &mut inc, Some(&[EN]));
    assert_eq!(parsed, 1);
    // The failed build rendered nothing: the pages come back from the memory of the
    // last good build, and none changed.
    assert_eq!(rendered, 0);
}

#[test]
fn paged_topic_timelines_stay_whole_when_events_come_and_go() {
    let site = Sample::new();
    site.edit("site.toml", "title = \"", "page_size = 3\ntitle = \"");
    let mut inc = Pipeline::remembering();
    let (_, _, files) = rebuild_matches_full(&site, &mut inc, None);
    let pages_of = |files: &BTreeMap<String, Vec<u8>>| {
        files
            .keys()
            .filter(|k| k.starts_with("en/topics/nato/"))
            .filter(|k| k.ends_with("index.html"))
            .count()
    };
    let before = pages_of(&files);
    assert!(before > 1, "the NATO timeline should need pages: {before}");

    // A title edit on a paged timeline.
    site.edit(EN, "title: ", "title: (edited) ");
    rebuild_matches_full(&site, &mut inc, Some(&[EN]));

    // New events push the others to later pages until a page is added; removing them
    // takes it away again.
    let new: Vec<String> = (1..=3)
        .map(|i| format!("content/2030-01-0{i}-new-event-{i}.en.md"))
        .collect();
    for (i, path) in new.iter().enumerate() {
        site.write(
            path,
            &format!(
                "---\ntitle: \"New {i}\"\ndate: 2030-01-0{}\ntopics: [nato]\n---\n\nText.\n",
                i + 1
            ),
        );
        rebuild_matches_full(&site, &mut inc, Some(&[path.as_str()]));
    }
    let files = site.full().expect("full build");
    assert_eq!(
        pages_of(&files),
        before + 1,
        "three more events make one more page"
    );
    assert!(page(&files, "en/topics/nato/index.html").contains("New 2"));
    for path in &new {
        std::fs::remove_file(site.path(path)).expect("rm");
    }
    let changed: Vec<&str> = new.iter().map(String::as_str).collect();
    rebuild_matches_full(&site, &mut inc, Some(&changed));
    assert_eq!(pages_of(&site.full().expect("full build")), before);
}

/// Entities, mentions, citations, statuses and corrections: every edit of them gives
/// what a full build gives, entity pages and the indexes included.
#[test]
fn journalism_edits_give_what_a_full_build_gives() {
    let site = Sample::fixture("journalism");
    let mut inc = Pipeline::remembering();
    let (_, _, files) = rebuild_matches_full(&site, &mut inc, None);
    assert!(page(&files, "en/entities/iran/index.html").contains("A country in Western Asia."));

    // An entity's description, then its translation removed and written again.
    let iran = "content/entities/iran.en.md";
    site.edit(
        iran,
        "A country in Western Asia.",
        "A country of Western Asia.",
    );
    let (_, _, files) = rebuild_matches_full(&site, &mut inc, Some(&[iran]));
    assert!(page(&files, "en/entities/iran/index.html").contains("A country of Western Asia."));
    let text = site.read(iran);
    std::fs::remove_file(site.path(iran)).expect("rm");
    rebuild_matches_full(&site, &mut inc, Some(&[iran]));
    site.write(iran, &text);
    rebuild_matches_full(&site, &mut inc, Some(&[iran]));

    // A role, a mention, a citation, a status and its attribution, a correction.
    let attack = "content/attack.en.md";
    site.edit(
        attack,
        "{id: albania, role: target}",
        "{id: albania, role: accused}",
    );
    rebuild_matches_full(&site, &mut inc, Some(&[attack]));
    site.edit(attack, "places: [tirana]", "places: []");
    let (_, _, files) = rebuild_matches_full(&site, &mut inc, Some(&[attack]));
    assert_eq!(
        page(&files, "en/entities/tirana/index.html")
            .matches("events/attack/")
            .count(),
        0
    );
    site.edit(
        attack,
        "denied it again later",
        "denied it again later [@statement]",
    );
    rebuild_matches_full(&site, &mut inc, Some(&[attack]));
    site.edit(attack, "status: disputed", "status: denied");
    site.edit(attack, "Iran denies it.", "Iran denies it outright.");
    rebuild_matches_full(&site, &mut inc, Some(&[attack]));
    site.edit(
        attack,
        "corrections:\n",
        "corrections:\n  - {date: 2022-10-05, text: A third correction.}\n",
    );
    let (_, _, files) = rebuild_matches_full(&site, &mut inc, Some(&[attack]));
    assert!(page(&files, "en/atom.xml").contains("<updated>2022-10-05T00:00:00Z</updated>"));

    // A new entity, mentioned by an event; then an unknown one fails both builds alike.
    site.write(
        "content/entities/nato.md",
        "---\nkind: organisation\nname: الناتو\n---\n",
    );
    let ties = "content/ties-cut.md";
    site.edit(ties, "places: [tirana]", "places: [tirana]\nactors: []");
    site.edit(ties, "actors: []", "");
    site.edit(ties, "actors: [edi-rama,", "actors: [nato, edi-rama,");
    rebuild_matches_full(&site, &mut inc, Some(&["content/entities/nato.md", ties]));
    site.edit(ties, "actors: [nato,", "actors: [natoo,");
    let (_, _, failed) = rebuild_matches_full(&site, &mut inc, Some(&[ties]));
    assert!(failed.is_empty(), "an unknown entity fails the build");
    site.edit(ties, "actors: [natoo,", "actors: [nato,");
    rebuild_matches_full(&site, &mut inc, Some(&[ties]));
}

/// The downloads and the TimelineJS3 export follow every edit they show: a warm rebuild
/// gives the files a full build gives, and they hold the change.
#[test]
fn exports_follow_edits_as_a_full_build_does() {
    let site = Sample::fixture("journalism");
    let mut inc = Pipeline::remembering();
    rebuild_matches_full(&site, &mut inc, None);
    let attack = "content/attack.en.md";

    // A title and a date's precision.
    site.edit(attack, "title: ", "title: Edited, \"quoted\" ");
    site.edit(attack, "date: 2022-07-15/2022-07-17", "date: 2022-07~");
    let (_, _, files) = rebuild_matches_full(&site, &mut inc, Some(&[attack]));
    let csv = page(&files, "en/topics/cyberattack/events.csv");
    assert!(csv.contains("\"Edited, \"\"quoted\"\" "), "{csv}");
    assert!(csv.contains("\"2022-07~\",\"c. July 2022\""), "{csv}");
    let tl = page(&files, "en/data/timeline.json");
    assert!(tl.contains("\"display_date\":\"c. July 2022\""), "{tl}");

    // An image with its credit.
    site.edit(
        attack,
        "status: ",
        "image: /photo.jpg\nimage_alt: A screen\nimage_credit: Agency\nstatus: ",
    );
    let (_, _, files) = rebuild_matches_full(&site, &mut inc, Some(&[attack]));
    assert!(page(&files, "en/data/timeline.json").contains("\"credit\":\"Agency\""));

    // A place's coordinates (an entity file), then a role's name and a topic's title
    // and phases (site.toml).
    let tirana = "content/entities/tirana.md";
    site.edit(
        tirana,
        "coordinates: [41.3275, 19.8189]",
        "coordinates: [41.33, 19.82]",
    );
    let (_, _, files) = rebuild_matches_full(&site, &mut inc, Some(&[tirana]));
    assert!(page(&files, "en/data/places.geojson").contains("[19.82,41.33]"));
    site.edit("site.toml", "en = \"accused\"", "en = \"blamed\"");
    site.edit(
        "site.toml",
        "en = \"Cyberattack\" }",
        "en = \"The cyberattack\" }\nphases = [{ title = { ar = \"مرحلة\", en = \"A phase\" }, date = \"2022-07\" }]",
    );
    let (_, _, files) = rebuild_matches_full(&site, &mut inc, Some(&["site.toml"]));
    assert!(page(&files, "en/topics/cyberattack/events.json").contains("\"role\":\"blamed\""));
    let tl = page(&files, "en/topics/cyberattack/timeline.json");
    assert!(tl.contains("\"headline\":\"The cyberattack\""), "{tl}");
    assert!(tl.contains("\"headline\":\"A phase\""), "{tl}");

    // An event moved to another topic, then removed.
    site.edit(attack, "topics: [cyberattack]", "topics: [relations]");
    let (_, _, files) = rebuild_matches_full(&site, &mut inc, Some(&[attack]));
    assert!(page(&files, "en/topics/relations/events.csv").contains("Edited"));
    assert!(!page(&files, "en/topics/cyberattack/events.csv").contains("Edited"));
    std::fs::remove_file(site.path(attack)).expect("rm");
    let (_, _, files) = rebuild_matches_full(&site, &mut inc, Some(&[attack]));
    assert!(!page(&files, "en/data/events.json").contains("Edited"));
}

/// The search index (pagefind/) of a run: path → bytes.
fn index_of(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<&String, &Vec<u8>> {
    files
        .iter()
        .filter(|(p, _)| p.starts_with("pagefind/"))
        .collect()
}

#[test]
fn the_search_index_follows_every_edit() {
    let site = Sample::fixture("journalism");
    let mut inc = Pipeline::remembering();
    let (_, _, first) = rebuild_matches_full(&site, &mut inc, None);
    let before = index_of(&first);
    assert!(before.contains_key(&"pagefind/pagefind-entry.json".to_string()));

    // A word of an event's text: the index is made again, as a full build makes it.
    let attack = "content/attack.en.md";
    site.edit(
        attack,
        "denied it again later",
        "denied it again later from Zeppelin",
    );
    let (_, _, edited) = rebuild_matches_full(&site, &mut inc, Some(&[attack]));
    assert_ne!(index_of(&edited), before, "the index moved with the text");

    // Nothing changed: the same index, given again.
    let (_, _, again) = rebuild_matches_full(&site, &mut inc, Some(&[attack]));
    assert_eq!(index_of(&again), index_of(&edited));

    // A paragraph after the first, which no marked part of the page shows (the lede is
    // the first): the page is made again, the index is the one before, as in a full build.
    site.edit(
        attack,
        "[@denial; @statement].",
        "[@denial; @statement].\n\nThe airship Graf was not involved.",
    );
    let (_, _, body) = rebuild_matches_full(&site, &mut inc, Some(&[attack]));
    assert!(page(&body, "en/events/attack/index.html").contains("airship Graf"));
    assert_eq!(index_of(&body), index_of(&edited));

    // An English edit leaves the Arabic index as it was (each language is its own).
    let arabic = |files: &BTreeMap<String, Vec<u8>>| -> Vec<(String, Vec<u8>)> {
        files
            .iter()
            .filter(|(p, _)| p.starts_with("pagefind/") && p.contains("/ar_"))
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect()
    };
    site.edit(attack, "from Zeppelin", "from Zeppelin and Hindenburg");
    let (_, _, english) = rebuild_matches_full(&site, &mut inc, Some(&[attack]));
    assert_ne!(index_of(&english), index_of(&edited));
    assert!(!arabic(&english).is_empty());
    assert_eq!(arabic(&english), arabic(&edited));

    // A page that comes (between the others), one whose date moves it before them,
    // and one that goes: each language is then indexed afresh, as a full build does.
    let new = "content/new-event.md";
    site.write(
        new,
        "---\ntitle: حدث جديد عن المناطيد\ndate: 2020-01-01\ntopics: [relations]\nstatus: confirmed\n---\nنص.\n",
    );
    let (_, _, added) = rebuild_matches_full(&site, &mut inc, Some(&[new]));
    assert_ne!(
        arabic(&added),
        arabic(&english),
        "the new page is in the index"
    );
    site.edit(new, "date: 2020-01-01", "date: 1990-01-01");
    rebuild_matches_full(&site, &mut inc, Some(&[new]));
    std::fs::remove_file(site.path(new)).expect("rm");
    let (_, _, removed) = rebuild_matches_full(&site, &mut inc, Some(&[new]));
    assert_eq!(
        index_of(&removed),
        index_of(&english),
        "as it was before it came"
    );
    site.edit(attack, "from Zeppelin and Hindenburg", "from Zeppelin");
    rebuild_matches_full(&site, &mut inc, Some(&[attack]));

    // Turned off, then on again.
    site.edit("site.toml", "title = ", "search = false\ntitle = ");
    let (_, _, off) = rebuild_matches_full(&site, &mut inc, None);
    assert!(index_of(&off).is_empty(), "search = false: no index");
    assert!(!page(&off, "index.html").contains("data-search"));
    site.edit("site.toml", "search = false\n", "");
    let (_, _, on) = rebuild_matches_full(&site, &mut inc, None);
    assert_eq!(index_of(&on), index_of(&edited));
}
