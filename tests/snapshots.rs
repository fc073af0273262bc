//! Snapshot tests: small fixture sites built by the real binary, their whole output tree
//! compared file by file, byte for byte, with `tests/fixtures/<case>/expected/`.
//!
//! To accept a deliberate change of the output, rewrite every expected tree with
//!
//!     UPDATE_SNAPSHOTS=1 cargo test --test snapshots
//!
//! and review the diff (`git diff tests/fixtures`) before committing it.
//!
//! Each fixture is laid over `tests/fixtures/_base` (see tests/common): most use its small
//! fixed theme (themes/plain/), so that the default theme's redesign does not churn them.
//! Only `default-theme` renders with the real default theme, both built in and from a copy
//! of the repository's `themes/default/`: it changes whenever that theme does, which is
//! the point (update it with the command above).

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{copy_dir, tree, tree_diff, TestSite};

type Tree = BTreeMap<String, Vec<u8>>;

fn updating() -> bool {
    std::env::var_os("UPDATE_SNAPSHOTS").is_some()
}

/// Builds the fixture and returns its output tree.
fn build(site: &TestSite) -> Tree {
    site.build_ok(&[]);
    tree(&site.public())
}

/// What differs between `expected` and `actual`, with the first differing line of each
/// differing text file; empty when they are the same.
fn compare(expected: &Tree, actual: &Tree) -> Vec<String> {
    tree_diff(expected, actual)
        .into_iter()
        .map(|d| match d.strip_prefix("differs: ") {
            Some(path) => {
                let (e, a) = (&expected[path], &actual[path]);
                let (e, a) = (String::from_utf8_lossy(e), String::from_utf8_lossy(a));
                let line = e
                    .lines()
                    .zip(a.lines())
                    .enumerate()
                    .find(|(_, (x, y))| x != y)
                    .map(|(i, (x, y))| format!("\n    line {}:\n    - {x}\n    + {y}", i + 1))
                    .unwrap_or_else(|| "\n    (lengths differ)".into());
                format!("{d}{line}")
            }
            None => d,
        })
        .collect()
}

fn write_tree(dir: &Path, files: &Tree) {
    if dir.exists() {
        std::fs::remove_dir_all(dir).expect("remove old expected/");
    }
    for (rel, bytes) in files {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, bytes).expect("write");
    }
}

/// Compares the build of `site` with `tests/fixtures/<case>/expected/` (or rewrites it).
fn check(case: &str, site: &TestSite) {
    check_tree(case, build(site));
}

fn check_tree(case: &str, actual: Tree) {
    assert!(!actual.is_empty(), "{case}: nothing was built");
    let expected_dir = common::tests_dir()
        .join("fixtures")
        .join(case)
        .join("expected");
    if updating() {
        write_tree(&expected_dir, &actual);
        return;
    }
    assert!(
        expected_dir.is_dir(),
        "{} is missing: run UPDATE_SNAPSHOTS=1 cargo test --test snapshots",
        expected_dir.display()
    );
    let diffs = compare(&tree(&expected_dir), &actual);
    assert!(
        diffs.is_empty(),
        "{case}: the output differs from {}:\n  {}\n(if the change is intended: UPDATE_SNAPSHOTS=1 cargo test --test snapshots)",
        expected_dir.display(),
        diffs.join("\n  ")
    );
}

fn snapshot(case: &str) {
    check(case, &TestSite::from_case(&format!("fixtures/{case}")));
}

/// Two languages (Arabic default, English), translations, a range and a month-only date,
/// sources, status, a draft left out, previous/next and related links.
#[test]
fn basic() {
    snapshot("basic");
}

/// One left-to-right language at the domain root, topic phases, a page bundle with its
/// image, footnotes, task lists and strikethrough, a file copied from content/.
#[test]
fn english_bundle() {
    snapshot("english-bundle");
}

/// EDTF level 1 forms (a BCE range and day, a decade, a season, an unspecified month,
/// an unknown end, a Y year) with the Hijri date beside the Gregorian one on Arabic
/// pages: their display, their order, their years' pages, `<time datetime>` only
/// where HTML has a value, and the feeds' clamped instants.
#[test]
fn dates_edtf() {
    snapshot("dates-edtf");
}

/// The default-theme fixture without the tests' own theme: its site.toml names no
/// theme, so it is the built-in one.
fn default_theme_site() -> TestSite {
    let site = TestSite::from_case("fixtures/default-theme");
    std::fs::remove_dir_all(site.path("themes")).expect("remove the test theme");
    site
}

/// Builds `site` and compares it with the default-theme snapshot. The theme's static
/// files (CSS…) are compared with their source, the repository's themes/default/static/,
/// instead of being stored again in expected/, so a style change alone does not churn
/// the snapshot; every rendered file is compared.
fn check_default_theme(site: &TestSite) {
    let mut actual = build(site);
    let statics = tree(&common::repo().join("themes/default/static"));
    assert!(!statics.is_empty(), "the default theme has static files");
    for (rel, bytes) in statics {
        let built = actual.remove(&rel);
        assert!(
            built.as_ref() == Some(&bytes),
            "static/{rel} is not copied as it is to /{rel}"
        );
    }
    check_tree("default-theme", actual);
}

/// The real default theme on a small bilingual site, from a full copy of the
/// repository's themes/default/ in the site (every file overrides the built-in one, as
/// in a site made before the theme was built in).
#[test]
fn default_theme() {
    let site = default_theme_site();
    copy_dir(
        &common::repo().join("themes/default"),
        &site.path("themes/default"),
    );
    check_default_theme(&site);
}

/// The same site with no themes/ folder: the theme built into the binary gives the same
/// output, byte for byte.
#[test]
fn default_theme_built_in() {
    let site = default_theme_site();
    assert!(!site.path("themes").exists());
    check_default_theme(&site);
}

/// The comparison itself: a stale expectation fails, whether a file differs, is missing
/// from the output or is new in it.
#[test]
fn stale_expectations_fail() {
    let site = TestSite::from_case("fixtures/basic");
    let actual = build(&site);
    assert!(compare(&actual, &actual).is_empty());

    let mut changed = actual.clone();
    let page = changed.get_mut("index.html").expect("index.html");
    page.push(b'\n');
    let diffs = compare(&changed, &actual);
    assert_eq!(diffs.len(), 1, "{diffs:?}");
    assert!(diffs[0].starts_with("differs: index.html"), "{diffs:?}");

    let mut extra = actual.clone();
    extra.insert("events/gone/index.html".into(), b"old".to_vec());
    assert_eq!(
        compare(&extra, &actual),
        ["missing from the output: events/gone/index.html"]
    );

    let mut fewer = actual.clone();
    fewer.remove("404.html");
    assert_eq!(compare(&fewer, &actual), ["not expected: 404.html"]);

    let mut one_byte = actual.clone();
    let bytes = one_byte.get_mut("404.html").expect("404.html");
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    assert_eq!(compare(&one_byte, &actual).len(), 1);
}

/// Entities (their pages in both languages, one without a translation, their timelines
/// with roles, the indexes of actors and places), cited sources (numbering, kinds, back
/// links), statuses with attribution, and corrections (newest first, `updated`).
#[test]
fn journalism() {
    snapshot("journalism");
}
