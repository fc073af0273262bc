//! Every GitHub workflow of the repository (.github/workflows/), the one `timeline init`
//! writes (written out here into a temporary site) and the action (action.yml) pass
//! `check-jsonschema` against GitHub's schemas and `zizmor --offline` (a security audit
//! of workflows) with no finding of high severity; every action they use is pinned to a
//! commit. Both tools come from PyPI; .ci/run installs them. Without them this test
//! says so and passes, except in CI (`CI` set), where it fails.
#![allow(clippy::print_stderr)] // skip reasons and findings below high severity, for whoever runs the tests

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository's workflow files.
fn repository_workflows() -> Vec<PathBuf> {
    let dir = common::repo().join(".github/workflows");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read .github/workflows")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
        .collect();
    files.sort();
    files
}

/// A site made by `timeline init` in `tmp`: its workflow.
fn init_workflow(tmp: &Path) -> PathBuf {
    let run = common::timeline(&["init", "site"], tmp);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    tmp.join("site/.github/workflows/pages.yml")
}

/// True when `tool --version` runs; in CI its absence fails the test.
fn have(tool: &str) -> bool {
    let found = Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{tool} is not installed (pip install check-jsonschema zizmor; .ci/run does)"
        );
        eprintln!("{tool} is not installed: skipped (pip install check-jsonschema zizmor)");
    }
    found
}

fn run(cmd: &mut Command) -> (bool, String) {
    let out = cmd.output().expect("run the tool");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn every_workflow_matches_githubs_schema() {
    if !have("check-jsonschema") {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut workflows = repository_workflows();
    workflows.push(init_workflow(tmp.path()));
    let (ok, said) = run(Command::new("check-jsonschema")
        .args(["--builtin-schema", "vendor.github-workflows"])
        .args(&workflows));
    assert!(ok, "{said}");
    let (ok, said) = run(Command::new("check-jsonschema")
        .args(["--builtin-schema", "vendor.github-actions"])
        .arg(common::repo().join("action.yml")));
    assert!(ok, "{said}");
}

#[test]
fn zizmor_finds_nothing_of_high_severity() {
    if !have("zizmor") {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut files = repository_workflows();
    files.push(init_workflow(tmp.path()));
    files.push(common::repo().join("action.yml"));
    let out = Command::new("zizmor")
        .args(["--offline", "--format", "json", "--no-progress"])
        .args(&files)
        .output()
        .expect("run zizmor");
    let text = String::from_utf8_lossy(&out.stdout);
    let findings: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "zizmor gave no JSON ({e}): {text}{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let findings = findings.as_array().expect("a list of findings");
    let described: Vec<String> = findings
        .iter()
        .map(|f| {
            let place = &f["locations"][0];
            format!(
                "{} ({}): {} in {} at line {}: {}",
                f["ident"].as_str().unwrap_or("?"),
                f["determinations"]["severity"].as_str().unwrap_or("?"),
                f["desc"].as_str().unwrap_or("?"),
                place["symbolic"]["key"]["Local"]["verbatim_path"]
                    .as_str()
                    .unwrap_or("?"),
                place["concrete"]["location"]["start_point"]["row"]
                    .as_u64()
                    .map_or(0, |r| r + 1),
                place["concrete"]["feature"].as_str().unwrap_or("?"),
            )
        })
        .collect();
    let high: Vec<&String> = described
        .iter()
        .zip(findings)
        .filter(|(_, f)| f["determinations"]["severity"] == "High")
        .map(|(d, _)| d)
        .collect();
    assert!(high.is_empty(), "high-severity findings: {high:#?}");
    if !described.is_empty() {
        eprintln!("zizmor, below high severity: {described:#?}");
    }
}

/// `uses: OWNER/REPO@REF`: every REF is a commit (40 hex digits), the version named
/// in a comment after it. zizmor checks this too; this says which line when it fails.
#[test]
fn every_action_is_pinned_to_a_commit() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut files = repository_workflows();
    files.push(init_workflow(tmp.path()));
    files.push(common::repo().join("action.yml"));
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        for line in text.lines() {
            let line = line.trim_start().trim_start_matches("- ");
            let Some(used) = line.strip_prefix("uses:") else {
                continue;
            };
            let used = used.trim();
            if used.starts_with("./") {
                continue;
            }
            let (_, pin) = used.split_once('@').expect("uses: NAME@REF");
            let (commit, version) = pin.split_once(" # ").unwrap_or((pin, ""));
            assert!(
                commit.len() == 40 && commit.chars().all(|c| c.is_ascii_hexdigit()),
                "{}: not pinned to a commit: {line}",
                file.display()
            );
            assert!(
                version.starts_with('v'),
                "{}: no version after the pin: {line}",
                file.display()
            );
        }
    }
}

/// The release: cargo-dist's configuration builds the five platforms with SHA-256
/// files and the manual pages, on version tags; the hardening of its workflow is in
/// place (running the script again changes nothing).
#[test]
fn the_release_builds_every_platform_on_a_tag() {
    let text = std::fs::read_to_string(common::repo().join("dist-workspace.toml")).expect("dist");
    let dist: toml::Value = toml::from_str(&text).expect("TOML");
    let dist = &dist["dist"];
    let mut targets: Vec<&str> = dist["targets"]
        .as_array()
        .expect("targets")
        .iter()
        .filter_map(toml::Value::as_str)
        .collect();
    targets.sort_unstable();
    assert_eq!(
        targets,
        [
            "aarch64-apple-darwin",
            "aarch64-unknown-linux-musl",
            "x86_64-apple-darwin",
            "x86_64-pc-windows-msvc",
            "x86_64-unknown-linux-musl",
        ]
    );
    assert_eq!(dist["checksum"].as_str(), Some("sha256"));
    assert_eq!(
        dist["unix-archive"].as_str(),
        Some(".tar.gz"),
        "the action unpacks .tar.gz"
    );
    assert_eq!(dist["windows-archive"].as_str(), Some(".zip"));
    assert!(dist["include"]
        .as_array()
        .is_some_and(|i| i.iter().any(|p| p.as_str() == Some("docs/man/"))));

    let release = common::repo().join(".github/workflows/release.yml");
    let workflow = std::fs::read_to_string(&release).expect("release.yml");
    assert!(
        workflow.contains("  push:\n    tags:\n"),
        "released on tags"
    );
    assert!(
        workflow.contains("permissions: {}\n"),
        "no permission at the workflow level"
    );
    let tmp = tempfile::tempdir().expect("tempdir");
    let copy = tmp.path().join("release.yml");
    std::fs::copy(&release, &copy).expect("copy");
    let out = Command::new("python3")
        .arg(common::repo().join(".github/harden-release.py"))
        .arg(&copy)
        .output();
    let Ok(out) = out else {
        assert!(std::env::var_os("CI").is_none(), "python3 is needed");
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&copy).expect("read"), workflow);
}
