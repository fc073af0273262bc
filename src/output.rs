//! The only writer: puts a built site into a staging folder beside the output folder,
//! then swaps it in. A build that fails at any point leaves the old output as it was.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Diagnostic, Diagnostics};
use crate::render::{Contents, OutputFile};

/// Checks that no two files share a path and that every path stays inside the output.
pub fn check_paths(files: &[OutputFile]) -> Result<(), Diagnostics> {
    check_named(files.iter().map(|f| (f.path.as_str(), copied_from(f))))
}

/// The file `f` is a copy of, if it is one.
fn copied_from(f: &OutputFile) -> Option<&Path> {
    match &f.contents {
        Contents::Copy(src) => Some(src),
        Contents::Bytes(_) => None,
    }
}

/// [`check_paths`] for (output path, the file it is copied from, if it is) pairs.
pub fn check_named<'a>(
    files: impl IntoIterator<Item = (&'a str, Option<&'a Path>)>,
) -> Result<(), Diagnostics> {
    let mut seen = HashSet::new();
    let mut errors = Diagnostics::default();
    for (path, source) in files {
        let p = Path::new(path);
        if path.is_empty() || p.components().any(|c| !matches!(c, Component::Normal(_))) {
            errors.push(Diagnostic::new(format!(
                "refusing to write outside the output folder: `{path}`"
            )));
        } else if !seen.insert(path) {
            errors.push(duplicate(path, source));
        }
    }
    errors.into_result(())
}

/// What a write changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Files whose bytes were new or changed.
    pub written: usize,
    /// Files already there with the same bytes (left alone, mtime kept).
    pub unchanged: usize,
    /// Files of the previous build that are no longer produced.
    pub removed: usize,
}

/// Writes `files` into `output` (see [`Writer`]).
pub fn write(files: &[OutputFile], output: &Path) -> Result<WriteStats, Diagnostics> {
    let mut w = Writer::begin(output)?;
    w.add(files)?;
    w.finish()
}

/// Writes a site into `output`, in as many batches as the caller likes. Everything new
/// or changed is first written to a staging folder beside `output`; only when every
/// batch is there does [`Writer::finish`] move it in, so an error at any point (a page
/// that fails to render, a full disk) leaves the previous site as it was. Files whose
/// bytes did not change are not touched (their mtimes stay, deploys stay small).
/// Dropping an unfinished writer removes the staging folder.
pub struct Writer {
    output: PathBuf,
    staging: PathBuf,
    /// The output did not exist: the staging folder becomes it in one rename.
    fresh: bool,
    seen: HashSet<String>,
    changed: Vec<String>,
    total: usize,
    /// Write from the calling thread only (a writer thread beside rendering threads).
    serial: bool,
}

impl Writer {
    pub fn begin(output: &Path) -> Result<Writer, Diagnostics> {
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if output.exists() && !output.is_dir() {
            return Err(io_error(
                output,
                std::io::Error::other("it is not a folder"),
                "replace",
            )
            .into());
        }
        std::fs::create_dir_all(&parent).map_err(|e| io_error(&parent, e, "create"))?;
        let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(|e| io_error(&staging, e, "clear"))?;
        }
        std::fs::create_dir(&staging).map_err(|e| io_error(&staging, e, "create"))?;
        Ok(Writer {
            fresh: !output.is_dir(),
            output: output.to_path_buf(),
            staging,
            seen: HashSet::new(),
            changed: Vec::new(),
            total: 0,
            serial: false,
        })
    }

    /// Writes from the calling thread only, instead of from all cores: for a thread
    /// that writes while others render, so that a write waiting on the disk never
    /// holds up rendering.
    pub fn serial(mut self) -> Writer {
        self.serial = true;
        self
    }

    /// Stages one batch: checks its paths, and writes what differs from the output.
    pub fn add(&mut self, files: &[OutputFile]) -> Result<(), Diagnostics> {
        check_paths(files)?;
        let mut errors = Diagnostics::default();
        for f in files {
            if !self.seen.insert(f.path.clone()) {
                errors.push(duplicate(&f.path, copied_from(f)));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        self.total += files.len();
        if self.fresh {
            let all: Vec<&OutputFile> = files.iter().collect();
            write_tree(&all, &self.staging, self.serial)?;
            self.changed.extend(files.iter().map(|f| f.path.clone()));
            return Ok(());
        }
        let differs = |f: &&OutputFile| !same_contents(f, &self.output.join(&f.path));
        let changed: Vec<&OutputFile> = match self.serial {
            true => files.iter().filter(differs).collect(),
            false => files.par_iter().filter(differs).collect(),
        };
        write_tree(&changed, &self.staging, self.serial)?;
        self.changed
            .extend(changed.into_iter().map(|f| f.path.clone()));
        Ok(())
    }

    /// Moves everything staged into the output and removes what is no longer produced.
    pub fn finish(mut self) -> Result<WriteStats, Diagnostics> {
        let stats = |removed| WriteStats {
            written: self.changed.len(),
            unchanged: self.total - self.changed.len(),
            removed,
        };
        if self.fresh {
            std::fs::rename(&self.staging, &self.output)
                .map_err(|e| io_error(&self.output, e, "create"))?;
            return Ok(stats(0));
        }
        let mut errors = Diagnostics::default();
        for path in &self.changed {
            let target = self.output.join(path);
            if let Err(e) = move_into_place(&self.staging.join(path), &target) {
                errors.push(io_error(&target, e, "write"));
            }
        }
        let removed = remove_stale(&self.output, &self.seen);
        let result = errors.into_result(stats(removed));
        self.changed.clear();
        result
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if self.staging.exists() {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

fn duplicate(path: &str, source: Option<&Path>) -> Diagnostic {
    let d = match source {
        Some(src) => Diagnostic::in_file(
            src,
            format!("this file would be written to /{path}, where another file goes"),
        ),
        None => Diagnostic::new(format!("two files would be written to /{path}")),
    };
    d.hint(
        "a file in content/ or the theme's static/ has the same path as a page; rename one of them",
    )
}

fn move_into_place(staged: &Path, target: &Path) -> std::io::Result<()> {
    if let Some(dir) = target.parent() {
        if dir.is_file() {
            std::fs::remove_file(dir)?;
        }
        std::fs::create_dir_all(dir)?;
    }
    if target.is_dir() {
        std::fs::remove_dir_all(target)?;
    }
    std::fs::rename(staged, target)
}

fn io_error(path: &Path, e: std::io::Error, what: &str) -> Diagnostic {
    Diagnostic::new(format!("cannot {what} {}: {e}", path.display()))
        .hint("check that the output folder and its parent exist and are writable")
}

/// True when `existing` already holds exactly the bytes `f` would write.
fn same_contents(f: &OutputFile, existing: &Path) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(existing) else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    match &f.contents {
        Contents::Bytes(b) => {
            meta.len() == b.len() as u64 && std::fs::read(existing).is_ok_and(|old| old == *b)
        }
        Contents::Copy(src) => {
            let Ok(src_meta) = std::fs::metadata(src) else {
                return false;
            };
            src_meta.len() == meta.len()
                && match (std::fs::read(src), std::fs::read(existing)) {
                    (Ok(a), Ok(b)) => a == b,
                    _ => false,
                }
        }
    }
}

/// Removes files under `output` that are not in `keep`, then folders left empty.
fn remove_stale(output: &Path, keep: &HashSet<String>) -> usize {
    let mut removed = 0;
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(output)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
    {
        let Ok(rel) = entry.path().strip_prefix(output) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if entry.file_type().is_dir() {
            dirs.push(entry.path().to_path_buf());
        } else if !keep.contains(&rel) && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    // Deepest first, so parents empty out after their children.
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for d in dirs {
        let _ = std::fs::remove_dir(d); // fails, as it should, when not empty
    }
    removed
}

/// Writes `files` under `dir`, in parallel; each file creates its own folder (most
/// pages sit alone in theirs, so a separate folder pass would only serialise the work).
fn write_tree(files: &[&OutputFile], dir: &Path, serial: bool) -> Result<(), Diagnostics> {
    let write = |f: &&OutputFile| {
        let target = dir.join(&f.path);
        let r = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| match &f.contents {
                Contents::Bytes(b) => std::fs::write(&target, b),
                Contents::Copy(src) => std::fs::copy(src, &target).map(|_| ()),
            });
        r.err()
            .map(|e| Diagnostic::new(format!("cannot write {}: {e}", f.path)))
    };
    let errors: Vec<Diagnostic> = match serial {
        true => files.iter().filter_map(write).collect(),
        false => files.par_iter().filter_map(write).collect(),
    };
    Diagnostics(errors).into_result(())
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
    fn unchanged_files_keep_their_mtime() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        write(&[page("a.html", "same"), page("b.html", "old")], &out).expect("write");
        let before = std::fs::metadata(out.join("a.html"))
            .and_then(|m| m.modified())
            .expect("mtime");
        std::thread::sleep(std::time::Duration::from_millis(20));
        let stats = write(&[page("a.html", "same"), page("b.html", "new")], &out).expect("write");
        assert_eq!(
            stats,
            WriteStats {
                written: 1,
                unchanged: 1,
                removed: 0
            }
        );
        let after = std::fs::metadata(out.join("a.html"))
            .and_then(|m| m.modified())
            .expect("mtime");
        assert_eq!(before, after);
        assert_eq!(
            std::fs::read_to_string(out.join("b.html")).expect("read"),
            "new"
        );
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
