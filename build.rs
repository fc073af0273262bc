//! Two things the binary carries from where it was built:
//! - the default theme (themes/default), embedded so that a site needs no theme folder:
//!   `$OUT_DIR/default_theme.rs` is a table of (path under the theme, `include_bytes!` of
//!   the file), sorted by path, skipping hidden and editor temporary files;
//! - the git commit, for `timeline --version` and the action `timeline init` pins:
//!   `TIMELINE_COMMIT` (the full hash, or empty) and `TIMELINE_COMMIT_DESC` (its first
//!   12 digits and date, or "commit unknown"). It comes from git when this folder is the
//!   top of a git work tree, else from `.cargo_vcs_info.json`, which `cargo package`
//!   writes into a packaged crate, else it is unknown; the build never fails for it.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    embed_theme(&manifest);
    let (commit, desc) = match from_git(&manifest) {
        Some((hash, date)) => {
            let desc = format!("{} {date}", short(&hash));
            (hash, desc)
        }
        None => match from_vcs_info(&manifest) {
            Some(hash) => {
                let desc = short(&hash).to_string();
                (hash, desc)
            }
            None => (String::new(), "commit unknown".to_string()),
        },
    };
    println!("cargo:rustc-env=TIMELINE_COMMIT={commit}");
    println!("cargo:rustc-env=TIMELINE_COMMIT_DESC={desc}");
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

fn embed_theme(manifest: &Path) {
    let theme = manifest.join("themes").join("default");
    println!("cargo:rerun-if-changed=themes/default");
    let mut files = Vec::new();
    collect(&theme, &theme, &mut files);
    files.sort();
    let mut out = String::from(
        "/// The files of themes/default: (path under the theme, contents), sorted by path.\n\
         pub static DEFAULT_THEME: &[(&str, &[u8])] = &[\n",
    );
    for (rel, abs) in &files {
        out.push_str(&format!("    ({rel:?}, include_bytes!({abs:?})),\n"));
    }
    out.push_str("];\n");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    if let Err(e) = std::fs::write(out_dir.join("default_theme.rs"), out) {
        panic!("cannot write default_theme.rs: {e}");
    }
}

/// Every file under `dir`, skipping hidden and editor temp files (the names the theme
/// loader skips too: src/source.rs `is_ignored_name`).
fn collect(base: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ignored = name.starts_with('.')
            || name.starts_with('#')
            || name == "4913"
            || [
                "~",
                ".swp",
                ".swx",
                ".swo",
                ".tmp",
                "___jb_tmp___",
                "___jb_old___",
                ".kate-swp",
                ".crswap",
            ]
            .iter()
            .any(|end| name.ends_with(end));
        if ignored {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            collect(base, &path, files);
        } else if let Ok(rel) = path.strip_prefix(base) {
            let rel = rel.to_string_lossy().replace('\\', "/");
            files.push((rel, path.to_string_lossy().into_owned()));
        }
    }
}

/// `git ARGS` in `dir`: its trimmed output, if git ran and succeeded.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}

/// The commit checked out (hash, date) when `manifest` is the top of a git work tree
/// (a packaged crate unpacked inside some other repository is not), and the files to
/// watch so that a new commit builds again.
fn from_git(manifest: &Path) -> Option<(String, String)> {
    let top = git(manifest, &["rev-parse", "--show-toplevel"])?;
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if !same(Path::new(&top), manifest) {
        return None;
    }
    let line = git(manifest, &["log", "-1", "--format=%H %cs"])?;
    let (hash, date) = line.split_once(' ')?;
    let git_dir = git(manifest, &["rev-parse", "--absolute-git-dir"]).map(PathBuf::from);
    let common = git(manifest, &["rev-parse", "--git-common-dir"]).map(|c| manifest.join(c));
    let head_ref = git(manifest, &["symbolic-ref", "-q", "HEAD"]);
    let mut watched: Vec<PathBuf> = Vec::new();
    if let Some(g) = &git_dir {
        watched.push(g.join("HEAD"));
    }
    if let Some(c) = &common {
        watched.push(c.join("packed-refs"));
        if let Some(r) = &head_ref {
            watched.push(c.join(r));
        }
    }
    for path in watched.iter().filter(|p| p.is_file()) {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    Some((hash.to_string(), date.to_string()))
}

/// The commit `cargo package` recorded in the packaged crate's `.cargo_vcs_info.json`
/// (`{"git": {"sha1": "…"}, …}`).
fn from_vcs_info(manifest: &Path) -> Option<String> {
    let path = manifest.join(".cargo_vcs_info.json");
    let text = std::fs::read_to_string(&path).ok()?;
    println!("cargo:rerun-if-changed={}", path.display());
    let after = &text[text.find("\"sha1\"")? + "\"sha1\"".len()..];
    let start = after.find('"')? + 1;
    let hash = after.get(start..start + 40)?;
    hash.chars()
        .all(|c| c.is_ascii_hexdigit())
        .then(|| hash.to_string())
}
