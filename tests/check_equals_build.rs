//! `timeline check` reports exactly what `timeline build` would: both run the same
//! pipeline. For every case under tests/invalid/ and for the cases where they used to
//! differ (a file of content/ on the path of a generated file; an editor's temporary
//! file), the two commands give the same exit status and the same error lines.

mod common;

use common::TestSite;

/// The errors of a run, each with its hint lines, in order (warnings left out: `check`
/// gives some a build does not, such as articles without sources).
fn problems(stderr: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut in_error = false;
    for line in stderr.lines() {
        if line.starts_with("error: ") || line.starts_with("build failed") {
            in_error = true;
            out.push(line);
        } else if line.starts_with("warning: ") {
            in_error = false;
        } else if in_error {
            out.push(line);
        }
    }
    out
}

fn same_answer(site: &TestSite, case: &str) {
    let build = site.build(&[]);
    let check = common::timeline(
        &["check", "--root", site.root.to_str().expect("utf-8")],
        site.dir.path(),
    );
    assert_eq!(
        build.code, check.code,
        "{case}: exit status\nbuild: {}\ncheck: {}",
        build.stderr, check.stderr
    );
    assert_eq!(
        problems(&build.stderr),
        problems(&check.stderr),
        "{case}: build and check disagree"
    );
}

#[test]
fn check_reports_what_build_reports_on_every_invalid_case() {
    let mut cases: Vec<String> = std::fs::read_dir(common::tests_dir().join("invalid"))
        .expect("tests/invalid")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(cases.len() > 20, "{cases:?}");
    for case in cases {
        let site = TestSite::from_case(&format!("invalid/{case}"));
        same_answer(&site, &case);
    }
}

#[test]
fn a_content_file_on_a_generated_path_fails_both() {
    for name in [
        "robots.txt",
        "sitemap.xml",
        "atom.xml",
        "404.html",
        "index.html",
    ] {
        let site = TestSite::from_case("fixtures/basic");
        site.write(&format!("content/{name}"), "mine\n");
        let build = site.build(&[]);
        assert_eq!(build.code, Some(1), "{name}: {}", build.stderr);
        same_answer(&site, name);
    }
}

#[test]
fn editor_temporary_files_are_neither_published_nor_checked() {
    let site = TestSite::from_case("fixtures/basic");
    for name in [
        "x.md___jb_tmp___",
        "x.md___jb_old___",
        "a.md.kate-swp",
        "s.css.crswap",
        ".#a.md",
        "a.md~",
    ] {
        site.write(&format!("content/{name}"), "---\nnot: an article\n");
    }
    same_answer(&site, "editor files");
    site.build_ok(&[]);
    let published: Vec<String> = common::tree(&site.public()).into_keys().collect();
    for name in ["___jb_", "kate-swp", "crswap", ".#a", "a.md~"] {
        assert!(
            !published.iter().any(|p| p.contains(name)),
            "{name} was published: {published:?}"
        );
    }
}
