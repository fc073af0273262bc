//! The GitHub Action (action.yml) offline: its install script against a local copy of a
//! release (an archive of the built binary laid out as cargo-dist lays it out, with its
//! .sha256 file, read through file:// URLs), and its run steps one after the other as the
//! runner would run them, into a site `timeline init` made. The cache step
//! (actions/cache) is GitHub's and is not run here; the script's own use of the cache
//! folder is.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const TARGET: &str = "x86_64-unknown-linux-musl";

fn script() -> PathBuf {
    common::repo().join(".github/action/install.sh")
}

/// The archive of this build's binary as cargo-dist makes it for `TARGET`
/// (`timeline-ssg-<target>/timeline` and a README in a .tar.gz), made once: the binary
/// is large in a test build.
fn archive() -> &'static Path {
    static ARCHIVE: std::sync::OnceLock<(tempfile::TempDir, PathBuf)> = std::sync::OnceLock::new();
    let (_, path) = ARCHIVE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let name = format!("timeline-ssg-{TARGET}");
        let stage = dir.path().join(&name);
        std::fs::create_dir_all(&stage).expect("mkdir");
        std::fs::copy(env!("CARGO_BIN_EXE_timeline"), stage.join("timeline")).expect("copy binary");
        std::fs::write(stage.join("README.md"), "# timeline\n").expect("readme");
        let archive = dir.path().join(format!("{name}.tar.gz"));
        let status = Command::new("bash")
            .arg("-c")
            .arg("tar -cf - -C \"$1\" \"$2\" | gzip -1 > \"$3\"")
            .arg("tar")
            .arg(dir.path())
            .arg(&name)
            .arg(&archive)
            .status()
            .expect("run tar");
        assert!(status.success(), "tar failed");
        (dir, archive)
    });
    path
}

/// A release folder for `version`: `<dir>/releases/v<version>/` with the archive and its
/// `.sha256` file as cargo-dist writes it. Returns the download URL (file://…).
fn release(dir: &Path, version: &str, target: &str) -> String {
    let name = format!("timeline-ssg-{target}");
    let folder = dir.join("releases").join(format!("v{version}"));
    std::fs::create_dir_all(&folder).expect("mkdir");
    let archive = folder.join(format!("{name}.tar.gz"));
    std::fs::copy(self::archive(), &archive).expect("copy the archive");
    let sum = sha256(&archive);
    std::fs::write(
        folder.join(format!("{name}.tar.gz.sha256")),
        format!("{sum} *{name}.tar.gz\n"),
    )
    .expect("write .sha256");
    format!("file://{}", dir.join("releases").display())
}

fn sha256(path: &Path) -> String {
    let out = Command::new("sha256sum")
        .arg(path)
        .output()
        .expect("run sha256sum");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .expect("a hash")
        .to_string()
}

/// Where bash is (the fake PATH of a test may not hold it).
fn bash() -> PathBuf {
    let out = Command::new("bash")
        .args(["-c", "command -v bash"])
        .output()
        .expect("bash");
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

struct Installed {
    code: Option<i32>,
    out: String,
}

/// Runs the install script with `env` (and PATH, HOME).
fn install(env: &[(&str, &str)], path: Option<&str>) -> Installed {
    let mut cmd = Command::new(bash());
    cmd.arg(script()).env_clear();
    cmd.env(
        "PATH",
        path.map_or_else(|| std::env::var("PATH").unwrap_or_default(), String::from),
    );
    cmd.env("HOME", std::env::var("HOME").unwrap_or_default());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run install.sh");
    Installed {
        code: out.status.code(),
        out: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

#[test]
fn installs_a_release_checks_its_checksum_and_uses_the_cache() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let version = env!("CARGO_PKG_VERSION");
    let url = release(tmp.path(), version, TARGET);
    let bin = tmp.path().join("bin");
    let cache = tmp.path().join("cache");
    let github_path = tmp.path().join("github_path");
    let env = [
        ("TIMELINE_VERSION", version),
        ("TIMELINE_DOWNLOAD_URL", url.as_str()),
        ("TIMELINE_INSTALL_DIR", bin.to_str().expect("utf-8")),
        ("TIMELINE_CACHE_DIR", cache.to_str().expect("utf-8")),
        ("TIMELINE_TARGET", TARGET),
        ("GITHUB_PATH", github_path.to_str().expect("utf-8")),
    ];
    let first = install(&env, None);
    assert_eq!(first.code, Some(0), "{}", first.out);
    assert!(first.out.contains(&format!("Installing timeline {version} ({TARGET}) from {url}/v{version}/timeline-ssg-{TARGET}.tar.gz")), "{}", first.out);
    assert!(!first.out.contains("cached"), "{}", first.out);
    let run = Command::new(bin.join("timeline"))
        .arg("--version")
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&run.stdout).starts_with(&format!("timeline {version} (")));
    assert_eq!(
        std::fs::read_to_string(&github_path).expect("GITHUB_PATH"),
        format!("{}\n", bin.display())
    );
    let archive = cache.join(format!("timeline-ssg-{TARGET}.tar.gz"));
    assert!(archive.is_file(), "the archive is cached");

    // Again: the cached archive, checked against the release's checksum.
    let second = install(&env, None);
    assert_eq!(second.code, Some(0), "{}", second.out);
    assert!(
        second
            .out
            .contains("Using the cached archive (its SHA-256 matches)"),
        "{}",
        second.out
    );

    // A cached archive that no longer matches is downloaded again, not used.
    std::fs::write(&archive, "tampered").expect("write");
    let third = install(&env, None);
    assert_eq!(third.code, Some(0), "{}", third.out);
    assert!(
        !third.out.contains("Using the cached archive"),
        "{}",
        third.out
    );
    assert_eq!(
        sha256(&archive),
        sha256(
            &tmp.path()
                .join(format!("releases/v{version}/timeline-ssg-{TARGET}.tar.gz"))
        )
    );
}

#[test]
fn a_wrong_checksum_installs_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let version = env!("CARGO_PKG_VERSION");
    let url = release(tmp.path(), version, TARGET);
    let sum = tmp.path().join(format!(
        "releases/v{version}/timeline-ssg-{TARGET}.tar.gz.sha256"
    ));
    std::fs::write(&sum, format!("{} *x.tar.gz\n", "0".repeat(64))).expect("write");
    let bin = tmp.path().join("bin");
    let r = install(
        &[
            ("TIMELINE_VERSION", version),
            ("TIMELINE_DOWNLOAD_URL", &url),
            ("TIMELINE_INSTALL_DIR", bin.to_str().expect("utf-8")),
            ("TIMELINE_TARGET", TARGET),
        ],
        None,
    );
    assert_eq!(r.code, Some(1), "{}", r.out);
    assert!(
        r.out.contains(&format!(
            "::error::timeline install: the SHA-256 of timeline-ssg-{TARGET}.tar.gz is "
        )),
        "{}",
        r.out
    );
    assert!(
        r.out
            .contains(&format!("says {}; nothing was installed", "0".repeat(64))),
        "{}",
        r.out
    );
    assert!(!bin.exists(), "nothing installed");

    // A checksum file that holds no checksum.
    std::fs::write(&sum, "<html>not found</html>\n").expect("write");
    let r = install(
        &[
            ("TIMELINE_VERSION", version),
            ("TIMELINE_DOWNLOAD_URL", &url),
            ("TIMELINE_INSTALL_DIR", bin.to_str().expect("utf-8")),
            ("TIMELINE_TARGET", TARGET),
        ],
        None,
    );
    assert_eq!(r.code, Some(1), "{}", r.out);
    assert!(r.out.contains(".sha256 holds no SHA-256"), "{}", r.out);
}

#[test]
fn a_missing_release_or_another_version_is_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let version = env!("CARGO_PKG_VERSION");
    // The binary of this version, published as 9.9.9: it says what it is.
    let url = release(tmp.path(), "9.9.9", TARGET);
    let bin = tmp.path().join("bin");
    let bin = bin.to_str().expect("utf-8");
    let with = |v: &str| {
        install(
            &[
                ("TIMELINE_VERSION", v),
                ("TIMELINE_DOWNLOAD_URL", &url),
                ("TIMELINE_INSTALL_DIR", bin),
                ("TIMELINE_TARGET", TARGET),
            ],
            None,
        )
    };
    let r = with("v9.9.9");
    assert_eq!(r.code, Some(1), "{}", r.out);
    assert!(
        r.out.contains(&format!("says `timeline {version} (")),
        "{}",
        r.out
    );
    assert!(r.out.contains("not timeline 9.9.9"), "{}", r.out);
    let r = with("1.2.3");
    assert_eq!(r.code, Some(1), "{}", r.out);
    assert!(
        r.out.contains(&format!(
            "cannot download {url}/v1.2.3/timeline-ssg-{TARGET}.tar.gz.sha256"
        )),
        "{}",
        r.out
    );
    let r = with("1.2.3; rm -rf /");
    assert_eq!(r.code, Some(1), "{}", r.out);
    assert!(
        r.out.contains("is not a version such as 0.1.0"),
        "{}",
        r.out
    );
    let r = install(
        &[
            ("TIMELINE_DOWNLOAD_URL", &url),
            ("TIMELINE_INSTALL_DIR", bin),
        ],
        None,
    );
    assert!(r.out.contains("no version given"), "{}", r.out);
}

#[test]
fn the_target_is_this_machines() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let url = format!("file://{}/none", tmp.path().display());
    let fake = tmp.path().join("fake");
    std::fs::create_dir_all(&fake).expect("mkdir");
    // The tools the script uses, and an `uname` that says what the test wants.
    for tool in [
        "curl",
        "mktemp",
        "rm",
        "tr",
        "awk",
        "cut",
        "mkdir",
        "sha256sum",
    ] {
        let found = Command::new("bash")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .expect("command -v");
        let at = String::from_utf8_lossy(&found.stdout).trim().to_string();
        assert!(!at.is_empty(), "{tool} not found");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&at, fake.join(tool)).expect("ln");
    }
    for (os, arch, expected) in [
        (
            "Linux",
            "x86_64",
            "timeline-ssg-x86_64-unknown-linux-musl.tar.gz",
        ),
        (
            "Linux",
            "aarch64",
            "timeline-ssg-aarch64-unknown-linux-musl.tar.gz",
        ),
        (
            "Darwin",
            "x86_64",
            "timeline-ssg-x86_64-apple-darwin.tar.gz",
        ),
        (
            "Darwin",
            "arm64",
            "timeline-ssg-aarch64-apple-darwin.tar.gz",
        ),
        (
            "MINGW64_NT-10.0-20348",
            "x86_64",
            "timeline-ssg-x86_64-pc-windows-msvc.zip",
        ),
        (
            "FreeBSD",
            "amd64",
            "no timeline release for FreeBSD on amd64",
        ),
    ] {
        let uname = fake.join("uname");
        std::fs::write(
            &uname,
            format!("#!/bin/sh\ncase \"$1\" in -s) echo {os} ;; -m) echo {arch} ;; esac\n"),
        )
        .expect("write uname");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&uname, std::fs::Permissions::from_mode(0o755))
                .expect("chmod");
        }
        let r = install(
            &[
                ("TIMELINE_VERSION", "0.1.0"),
                ("TIMELINE_DOWNLOAD_URL", &url),
                ("TIMELINE_INSTALL_DIR", "/nonexistent/bin"),
            ],
            Some(fake.to_str().expect("utf-8")),
        );
        assert_eq!(r.code, Some(1), "{os} {arch}: {}", r.out);
        assert!(r.out.contains(expected), "{os} {arch}: {}", r.out);
    }
}

/// One `run` step of action.yml: its shell script and its `env`.
struct Step {
    id: String,
    run: String,
    env: BTreeMap<String, String>,
}

fn action() -> serde_yaml::Value {
    let text = std::fs::read_to_string(common::repo().join("action.yml")).expect("action.yml");
    serde_yaml::from_str(&text).expect("action.yml is YAML")
}

/// The run steps, with `${{ inputs.NAME }}` (the input, else its default) and
/// `${{ runner.temp }}` filled in; any other expression fails the test.
fn run_steps(inputs: &BTreeMap<&str, String>, temp: &Path) -> Vec<Step> {
    let action = action();
    let declared = action["inputs"].as_mapping().expect("inputs");
    let value = |name: &str| -> String {
        inputs.get(name).cloned().unwrap_or_else(|| {
            let input = declared
                .get(serde_yaml::Value::from(name))
                .unwrap_or_else(|| panic!("no input {name}"));
            input["default"].as_str().unwrap_or_default().to_string()
        })
    };
    let fill = |text: &str| -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${{") {
            out.push_str(&rest[..start]);
            let end = rest[start..].find("}}").expect("closed expression") + start;
            let expr = rest[start + 3..end].trim();
            match expr.strip_prefix("inputs.") {
                Some(name) => out.push_str(&value(name)),
                None if expr == "runner.temp" => out.push_str(&temp.display().to_string()),
                None => panic!("the test cannot evaluate `{expr}`"),
            }
            rest = &rest[end + 2..];
        }
        out.push_str(rest);
        out
    };
    let steps = action["runs"]["steps"].as_sequence().expect("steps");
    steps
        .iter()
        .filter_map(|s| {
            let run = s["run"].as_str()?;
            assert_eq!(s["shell"].as_str(), Some("bash"), "every run step is bash");
            assert!(!run.contains("${{"), "no expression inside a script: {run}");
            let env = s["env"]
                .as_mapping()
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| {
                            (
                                k.as_str().expect("key").to_string(),
                                fill(v.as_str().expect("value")),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            Some(Step {
                id: s["id"].as_str().unwrap_or_default().to_string(),
                run: run.to_string(),
                env,
            })
        })
        .collect()
}

#[test]
fn the_action_installs_and_builds_a_new_site() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let version = env!("CARGO_PKG_VERSION");
    let url = release(tmp.path(), version, TARGET);
    let workspace = tmp.path().join("workspace");
    std::fs::create_dir_all(&workspace).expect("mkdir");
    let init = common::timeline(&["init", "."], &workspace);
    assert_eq!(init.code, Some(0), "{}", init.stderr);
    let temp = tmp.path().join("runner-temp");
    std::fs::create_dir_all(&temp).expect("mkdir");
    let inputs = BTreeMap::from([
        ("version", version.to_string()),
        ("download-url", url.clone()),
        ("base-url", "https://octo.github.io/my-site".to_string()),
    ]);
    let mut outputs = BTreeMap::new();
    for step in run_steps(&inputs, &temp) {
        let output = tmp.path().join(format!("output-{}", step.id));
        std::fs::write(&output, "").expect("GITHUB_OUTPUT");
        let r = Command::new("bash")
            .args(["-e", "-c", &step.run])
            .current_dir(&workspace)
            .envs(&step.env)
            .env("GITHUB_ACTION_PATH", common::repo())
            .env("GITHUB_OUTPUT", &output)
            .env("GITHUB_PATH", tmp.path().join("github_path"))
            .env("TIMELINE_TARGET", TARGET)
            .output()
            .expect("run the step");
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&r.stdout),
            String::from_utf8_lossy(&r.stderr)
        );
        assert!(r.status.success(), "step {}: {said}", step.id);
        outputs.insert(step.id, std::fs::read_to_string(&output).expect("outputs"));
    }
    assert!(
        outputs["install"].starts_with(&format!("timeline=timeline {version} (")),
        "{outputs:?}"
    );
    assert_eq!(outputs["build"], "path=./public\n");
    let home = std::fs::read_to_string(workspace.join("public/index.html")).expect("built");
    assert!(
        home.contains("https://octo.github.io/my-site/"),
        "the base URL is used"
    );
    assert!(workspace
        .join("public/events/the-timeline-starts/index.html")
        .is_file());
}

#[test]
fn the_action_downloads_from_this_repository() {
    let action = action();
    assert_eq!(
        action["inputs"]["download-url"]["default"].as_str(),
        Some(format!("{}/releases/download", timeline::scaffold::REPOSITORY).as_str())
    );
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    assert!(action["outputs"]["path"].is_mapping());
}
