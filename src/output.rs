//! The only writer: puts a built site into a staging folder beside the output folder,
//! then swaps it in. A build that fails at any point leaves the old output as it was.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Diagnostic, Diagnostics};
use crate::render::{Contents, OutputFile};

/// Checks that no two files share a path and that every path stays inside the output.
pub fn check_paths(files: &[OutputFile]) -> Result<(), Diagnostics> {
    let mut seen = HashSet::with_capacity(files.len());
    let mut errors = Diagnostics::default();
    for f in files {
        let p = Path::new(&f.path);
        if f.path.is_empty() || p.components().any(|c| !matches!(c, Component::Normal(_))) {
            errors.push(Diagnostic::new(format!(
                "refusing to write outside the output folder: `{}`",
                f.path
            )));
        } else if !seen.insert(f.path.as_str()) {
            let what = match &f.contents {
                Contents::Copy(src) => format!(" (copied from {})", src.display()),
                Contents::Bytes(_) => String::new(),
            };
            errors.push(
                Diagnostic::new(format!("two files would be written to /{}{what}", f.path))
                    .hint("a file in content/ or the theme's static/ has the same path as a page; rename one of them"),
            );
        }
    }
    errors.into_result(())
}

/// Writes `files` into `output` atomically (stage, then swap).
pub fn write(files: &[OutputFile], output: &Path) -> Result<(), Diagnostics> {
    check_paths(files)?;
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let io_err = |path: &Path, e: std::io::Error, what: &str| {
        Diagnostic::new(format!("cannot {what} {}: {e}", path.display()))
            .hint("check that the output folder's parent exists and is writable")
    };
    std::fs::create_dir_all(&parent).map_err(|e| io_err(&parent, e, "create"))?;
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.staging-{pid}"));
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(|e| io_err(&staging, e, "clear"))?;
    }
    std::fs::create_dir(&staging).map_err(|e| io_err(&staging, e, "create"))?;
    if let Err(e) = write_tree(files, &staging) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    swap(&staging, output, &parent.join(format!(".{name}.old-{pid}"))).map_err(|e| {
        let _ = std::fs::remove_dir_all(&staging);
        Diagnostics::from(io_err(output, e, "replace"))
    })
}

fn write_tree(files: &[OutputFile], dir: &Path) -> Result<(), Diagnostics> {
    let mut dirs: Vec<&Path> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent())
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in dirs {
        let full = dir.join(d);
        std::fs::create_dir_all(&full)
            .map_err(|e| Diagnostic::new(format!("cannot create {}: {e}", full.display())))?;
    }
    let errors: Vec<Diagnostic> = files
        .par_iter()
        .filter_map(|f| {
            let target = dir.join(&f.path);
            let r = match &f.contents {
                Contents::Bytes(b) => std::fs::write(&target, b),
                Contents::Copy(src) => std::fs::copy(src, &target).map(|_| ()),
            };
            r.err()
                .map(|e| Diagnostic::new(format!("cannot write {}: {e}", f.path)))
        })
        .collect();
    Diagnostics(errors).into_result(())
}

/// Puts `staging` in place of `output`, keeping the old tree until the new one is there.
fn swap(staging: &Path, output: &Path, old: &Path) -> std::io::Result<()> {
    if output.exists() {
        if old.exists() {
            std::fs::remove_dir_all(old)?;
        }
        std::fs::rename(output, old)?;
        if let Err(e) = std::fs::rename(staging, output) {
            // Put the old site back.
            std::fs::rename(old, output)?;
            return Err(e);
        }
        std::fs::remove_dir_all(old)?;
    } else {
        std::fs::rename(staging, output)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            contents: Contents::Bytes(text.as_bytes().to_vec()),
        }
    }

    #[test]
    fn writes_and_replaces() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        write(
            &[page("index.html", "one"), page("a/b/index.html", "b")],
            &out,
        )
        .expect("write");
        assert_eq!(
            std::fs::read_to_string(out.join("a/b/index.html")).expect("read"),
            "b"
        );
        write(&[page("index.html", "two")], &out).expect("write");
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).expect("read"),
            "two"
        );
        assert!(!out.join("a").exists(), "stale files are gone");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).expect("ls").collect();
        assert_eq!(leftovers.len(), 1, "no staging folder left behind");
    }

    #[test]
    fn refuses_duplicates_and_escapes() {
        assert!(check_paths(&[page("a.html", ""), page("a.html", "")]).is_err());
        assert!(check_paths(&[page("../a.html", "")]).is_err());
        assert!(check_paths(&[page("/etc/a", "")]).is_err());
    }

    #[test]
    fn failed_write_leaves_output() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        write(&[page("index.html", "good")], &out).expect("write");
        let bad = OutputFile {
            path: "x.png".into(),
            contents: Contents::Copy(dir.path().join("missing.png")),
        };
        assert!(write(&[page("index.html", "new"), bad], &out).is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).expect("read"),
            "good"
        );
    }
}
