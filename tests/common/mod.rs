//! Helpers shared by the integration tests: temporary copies of test sites, running the
//! real `timeline` binary, and reading whole output trees.
//!
//! A test site is `tests/fixtures/_base` (site.toml, two languages, two topics and a
//! minimal five-template theme) with a case folder copied over it, so a case holds only
//! what differs from the base: its content/, or a broken site.toml or template.
#![allow(dead_code, unreachable_pub)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (where Cargo.toml is).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn tests_dir() -> PathBuf {
    repo().join("tests")
}

/// The shared base site every case is laid over.
pub fn base_site() -> PathBuf {
    tests_dir().join("fixtures/_base")
}

/// Copies `from` into `to` recursively (creating `to`), overwriting files already there.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display()))
    {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        let kind = entry.file_type().expect("file type");
        if kind.is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("copy {}: {e}", entry.path().display()));
        }
    }
}

/// A site in a temporary folder: the root is `<tempdir>/site`, so the tempdir itself is a
/// folder that holds the site (an ancestor) and `<tempdir>/out` is a free output folder.
pub struct TestSite {
    pub dir: tempfile::TempDir,
    pub root: PathBuf,
}

impl TestSite {
    /// The base site alone (no content/ folder yet).
    pub fn base() -> TestSite {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("site");
        copy_dir(&base_site(), &root);
        TestSite { dir, root }
    }

    /// The base site with `case` (a folder under tests/) copied over it. Files of the
    /// case that are test data, not site files (`expected.txt`, `expected/`), are left out.
    pub fn from_case(case: &str) -> TestSite {
        let site = TestSite::base();
        let case_dir = tests_dir().join(case);
        assert!(
            case_dir.is_dir(),
            "no test case folder {}",
            case_dir.display()
        );
        for entry in std::fs::read_dir(&case_dir).expect("read case") {
            let entry = entry.expect("dir entry");
            let name = entry.file_name();
            if name == "expected.txt" || name == "expected" {
                continue;
            }
            let target = site.root.join(&name);
            if entry.file_type().expect("file type").is_dir() {
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).expect("copy");
            }
        }
        site
    }

    /// The base site without any content plus one article at `content/<name>`.
    pub fn with_article(name: &str, text: &str) -> TestSite {
        let site = TestSite::base();
        site.write(&format!("content/{name}"), text);
        site
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let p = self.path(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, contents).expect("write");
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub fn public(&self) -> PathBuf {
        self.root.join("public")
    }

    /// `timeline build --root <root> <args>`.
    pub fn build(&self, args: &[&str]) -> Run {
        let mut all: Vec<&str> = vec!["build", "--root"];
        let root = self.root.to_str().expect("utf-8 temp path");
        all.push(root);
        all.extend_from_slice(args);
        timeline(&all, self.dir.path())
    }

    /// Builds and fails the test (with the tool's output) unless the build succeeded.
    pub fn build_ok(&self, args: &[&str]) -> Run {
        let run = self.build(args);
        assert_eq!(run.code, Some(0), "build failed:\n{}", run.stderr);
        run
    }
}

/// The outcome of one run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the real binary with `args` in `cwd`.
pub fn timeline(args: &[&str], cwd: &Path) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(env!("CARGO_BIN_EXE_timeline"))
        .args(args)
        .current_dir(cwd)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("run timeline");
    Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// Every file under `dir` (hidden ones included), by `/`-separated relative path.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    if dir.exists() {
        collect(dir, dir, &mut out);
    }
    out
}

fn collect(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let entry = entry.expect("dir entry");
        let path = entry.path();
        if entry.file_type().expect("file type").is_dir() {
            collect(base, &path, out);
        } else {
            let rel = path
                .strip_prefix(base)
                .expect("under base")
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, std::fs::read(&path).expect("read file"));
        }
    }
}

/// Fills `dir` with a marker tree standing for an earlier build (with the marker an
/// earlier build leaves, listing its files, so that timeline may write there).
pub fn plant_marker_output(dir: &Path) {
    std::fs::create_dir_all(dir.join("events/old")).expect("mkdir");
    std::fs::write(dir.join("index.html"), "<p>the previous build</p>\n").expect("write");
    std::fs::write(dir.join("events/old/index.html"), "old event\n").expect("write");
    std::fs::write(dir.join("marker.bin"), [0u8, 159, 146, 150, 255]).expect("write");
    let written = ["index.html", "events/old/index.html", "marker.bin"];
    std::fs::write(
        dir.join(timeline::layout::MARKER),
        timeline::layout::marker_text(written),
    )
    .expect("write");
}

/// A short listing of what differs between two trees (`expected` first), for failure
/// messages: `differs: …`, `missing from the output: …`, `not expected: …`.
pub fn tree_diff(
    expected: &BTreeMap<String, Vec<u8>>,
    actual: &BTreeMap<String, Vec<u8>>,
) -> Vec<String> {
    let mut diffs = Vec::new();
    for (k, v) in expected {
        match actual.get(k) {
            None => diffs.push(format!("missing from the output: {k}")),
            Some(a) if a != v => diffs.push(format!("differs: {k}")),
            _ => {}
        }
    }
    for k in actual.keys() {
        if !expected.contains_key(k) {
            diffs.push(format!("not expected: {k}"));
        }
    }
    diffs
}
