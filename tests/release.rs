//! What a release ships besides the binary, through the real binary: `--version` names
//! the commit, `completions SHELL` prints a script for each shell, and the manual pages
//! in docs/man/ (which every release archive carries) are what `timeline man` makes.
//!
//! After a deliberate change of the command line, rewrite the pages with
//!
//!     UPDATE_MAN=1 cargo test --test release

mod common;

use common::{timeline, tree, tree_diff};

#[test]
fn version_names_the_commit() {
    let run = timeline(&["--version"], &common::repo());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        run.stdout.starts_with(&format!("timeline {version} (")),
        "{}",
        run.stdout
    );
    match timeline::version::commit() {
        // Built in a clone of the repository (or from a packaged crate): its first 12
        // digits, and the commit's date when git gave it.
        Some(commit) => assert!(run.stdout.contains(&commit[..12]), "{}", run.stdout),
        None => assert!(run.stdout.contains("(commit unknown)"), "{}", run.stdout),
    }
    assert_eq!(timeline(&["-V"], &common::repo()).stdout, run.stdout);
}

#[test]
fn completions_for_every_shell() {
    for (shell, sign) in [
        ("bash", "_timeline()"),
        ("zsh", "#compdef timeline"),
        ("fish", "complete -c timeline"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[timeline]"),
    ] {
        let run = timeline(&["completions", shell], &common::repo());
        assert_eq!(run.code, Some(0), "{shell}: {}", run.stderr);
        assert!(run.stdout.contains(sign), "{shell}: {}", run.stdout);
        assert!(
            run.stdout.contains("eject"),
            "{shell} completes subcommands"
        );
    }
    let run = timeline(&["completions", "tcsh"], &common::repo());
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("possible values"), "{}", run.stderr);
}

#[test]
fn man_pages_are_up_to_date() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("man");
    let run = timeline(
        &["man", "--dir", dir.to_str().expect("utf-8")],
        &common::repo(),
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let made = tree(&dir);
    let committed_dir = common::repo().join("docs/man");
    if std::env::var_os("UPDATE_MAN").is_some() {
        if committed_dir.exists() {
            std::fs::remove_dir_all(&committed_dir).expect("rm docs/man");
        }
        common::copy_dir(&dir, &committed_dir);
        return;
    }
    let committed = tree(&committed_dir);
    assert!(
        made == committed,
        "docs/man/ is not what `timeline man` makes: {:?} (after a change of the command line: UPDATE_MAN=1 cargo test --test release)",
        tree_diff(&committed, &made)
    );
    for page in ["timeline.1", "timeline-build.1", "timeline-theme-eject.1"] {
        assert!(made.contains_key(page), "{page}");
    }
    let text = String::from_utf8_lossy(&made["timeline.1"]).into_owned();
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        text.contains(&format!(".TH timeline 1  \"timeline {version}\"")),
        "{text}"
    );
    // The pages change with the command line only, not with every commit.
    if let Some(commit) = timeline::version::commit() {
        assert!(!text.contains(&commit[..12]), "the commit is in the page");
    }
    // `timeline man` alone prints the first page.
    let run = timeline(&["man"], &common::repo());
    assert_eq!(run.stdout.as_bytes(), made["timeline.1"].as_slice());
}
