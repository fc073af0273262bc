//! `kill -9` at many instants of real builds of a generated site of a few thousand
//! articles: after every kill, the output is entirely the tree of the build before or
//! entirely the tree of the killed build, never a mix, and the next build cleans what
//! the killed one left (shared/reviews/safety.md, F5). Bounded: a fixed number of kills,
//! spread over the measured length of one build.
#![allow(clippy::print_stdout, clippy::print_stderr)] // measurements and skip reasons, for whoever runs the tests

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{tree, TestSite};

/// How many articles the generated site has.
const ARTICLES: usize = 1000;
/// How many builds are killed.
const KILLS: usize = 20;

/// Writes `n` articles into the site's content/.
fn generate(site: &TestSite, n: usize) {
    let body = "A paragraph of the event's story, long enough to make a page of some weight.\n\n"
        .repeat(12);
    for i in 0..n {
        let (year, month, day) = (2000 + i % 24, 1 + i % 12, 1 + i % 28);
        let topic = if i % 3 == 0 {
            "relations"
        } else {
            "cyberattack"
        };
        site.write(
            &format!("content/{year}-{month:02}-{day:02}-event-{i}.md"),
            format!(
                "---\ntitle: \"Event {i}\"\ndate: {year}-{month:02}-{day:02}\ntopics: [{topic}]\nsummary: \"Summary {i}.\"\n---\n\n{body}"
            ),
        );
    }
}

/// Sets the site title (which every page shows) to `title`.
fn set_title(site: &TestSite, title: &str) {
    let toml = site.read("site.toml");
    let line = toml
        .lines()
        .find(|l| l.starts_with("title = "))
        .expect("a title line")
        .to_string();
    site.write(
        "site.toml",
        toml.replacen(&line, &format!("title = \"{title}\""), 1),
    );
}

fn build(site: &TestSite, output: &Path) -> Duration {
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_timeline"))
        .args(["build", "--output"])
        .arg(output)
        .current_dir(&site.root)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    started.elapsed()
}

/// Starts a build of the output, kills it with SIGKILL after `delay`, and waits for it.
fn kill_after(site: &TestSite, delay: Duration) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_timeline"))
        .arg("build")
        .current_dir(&site.root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start");
    std::thread::sleep(delay);
    let _ = child.kill(); // SIGKILL; it may have finished already
    let _ = child.wait();
}

/// The name of the version `got` is, or a panic listing how it differs from both.
fn which(
    got: &BTreeMap<String, Vec<u8>>,
    versions: &[(&str, &BTreeMap<String, Vec<u8>>)],
) -> String {
    for (name, t) in versions {
        if got == *t {
            return name.to_string();
        }
    }
    let diffs: Vec<String> = versions
        .iter()
        .map(|(name, t)| {
            let d = common::tree_diff(t, got);
            format!(
                "{name}: {} differences, e.g. {:?}",
                d.len(),
                d.iter().take(5).collect::<Vec<_>>()
            )
        })
        .collect();
    panic!("the output is a mix: {}", diffs.join("; "));
}

#[test]
fn a_killed_build_leaves_the_old_tree_or_the_new_one() {
    let site = TestSite::base();
    generate(&site, ARTICLES);
    // The two versions: every page differs between them (the site title).
    let expected_dir = site.dir.path().join("expected");
    set_title(&site, "Version A");
    build(&site, &expected_dir.join("a"));
    set_title(&site, "Version B");
    let fresh_length = build(&site, &expected_dir.join("b"));
    let (a, b) = (tree(&expected_dir.join("a")), tree(&expected_dir.join("b")));
    assert!(a.len() > ARTICLES && a.keys().eq(b.keys()));

    // A fresh output killed: absent, or whole.
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    for k in 0..4 {
        let _ = std::fs::remove_dir_all(site.public());
        kill_after(&site, fresh_length.mul_f64(0.3 + 0.25 * k as f64));
        let got = tree(&site.public());
        let name = match got.is_empty() {
            true => "absent".to_string(),
            false => which(&got, &[("new", &b)]),
        };
        *outcomes.entry(format!("fresh → {name}")).or_default() += 1;
    }

    // Over an existing output: each kill builds the version the output is not. How long
    // such a build takes is measured first.
    set_title(&site, "Version A");
    build(&site, &site.public());
    set_title(&site, "Version B");
    let length = build(&site, &site.public());
    let mut current = "B";
    for k in 0..KILLS {
        let (next, title) = match current {
            "A" => ("B", "Version B"),
            _ => ("A", "Version A"),
        };
        set_title(&site, title);
        // Spread over the build, ending past it (the last ones let it finish).
        kill_after(&site, length.mul_f64(1.4 * k as f64 / KILLS as f64));
        let got = tree(&site.public());
        let now = which(&got, &[("A", &a), ("B", &b)]);
        let what = if now == current { "old" } else { "new" };
        *outcomes
            .entry(format!("over {current}, building {next} → {what}"))
            .or_default() += 1;
        current = if now == "A" { "A" } else { "B" };
    }
    // On a machine slower than when the length was measured, no kill may have come
    // after a build's end: builds given longer and longer make sure one does.
    for factor in [2.0, 4.0, 8.0] {
        if outcomes
            .keys()
            .any(|k| k.ends_with("→ new") && k.starts_with("over"))
        {
            break;
        }
        let (next, title) = match current {
            "A" => ("B", "Version B"),
            _ => ("A", "Version A"),
        };
        set_title(&site, title);
        kill_after(&site, length.mul_f64(factor));
        let now = which(&tree(&site.public()), &[("A", &a), ("B", &b)]);
        let what = if now == current { "old" } else { "new" };
        *outcomes
            .entry(format!("over {current}, building {next} → {what}"))
            .or_default() += 1;
        current = if now == "A" { "A" } else { "B" };
    }
    eprintln!("outcomes of {} kills: {outcomes:?}", KILLS + 4);

    // The next build finishes and leaves nothing beside the output.
    build(&site, &site.public());
    let beside: Vec<String> = std::fs::read_dir(&site.root)
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(beside.is_empty(), "left beside the output: {beside:?}");
    assert!(
        outcomes.keys().any(|k| k.ends_with("→ old"))
            && outcomes
                .keys()
                .any(|k| k.ends_with("→ new") && k.starts_with("over")),
        "the kills never caught a build both before and after its end: {outcomes:?}"
    );
}
