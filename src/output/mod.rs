//! The only writer. A build's files go into a staging folder beside the output, which
//! becomes a whole tree (unchanged files hard-linked from the old output, so their
//! bytes and modification times stay); then the staged tree and the old output swap
//! places in one rename ([`swap`]). A build that fails, or is killed, at any point
//! leaves the old output as it was, and readers never see a mix.
//!
//! timeline writes only into a folder it owns ([`tree`]): one that does not exist yet,
//! an empty one, or one carrying the marker its last build left, which lists the files
//! it wrote. Files it did not write are carried over into the new tree, never deleted
//! or overwritten. Where the output may be at all is decided before anything is
//! created ([`crate::layout`]).

mod io;
mod swap;
mod tree;

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use crate::built::{Contents, OutputFile};
use crate::error::{Diagnostic, Diagnostics};
pub(crate) use crate::layout::MARKER;
use tree::{Found, OldTree};

/// Checks that no two files share a path and that every path stays inside the output.
pub(crate) fn check_paths(files: &[OutputFile]) -> Result<(), Diagnostics> {
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
pub(crate) fn check_named<'a>(
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
        } else if path == MARKER || !seen.insert(path) {
            errors.push(duplicate(path, source));
        }
    }
    errors.into_result(())
}

/// What a write changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Files whose bytes were new or changed.
    pub written: usize,
    /// Files already there with the same bytes (kept, mtime and all).
    pub unchanged: usize,
    /// Files of the previous build that are no longer produced.
    pub removed: usize,
    /// Files in the output that timeline did not write, carried over as they were.
    pub kept: usize,
    /// A problem after the new output was in place (the old tree could not be removed).
    pub warnings: Vec<Diagnostic>,
}

/// What [`Writer::begin`] would refuse about the output folder `output` (its real path;
/// `shown` as the user named it), found without writing anything: for `check`.
pub(crate) fn preflight(output: &Path, shown: &Path) -> Result<(), Diagnostics> {
    tree::survey(output, shown)
        .map(|_| ())
        .map_err(Diagnostics::from)
}

/// Writes a site into `output`, in as many batches as the caller likes (see the module
/// documentation). Dropping an unfinished writer removes the staging folder.
pub(crate) struct Writer {
    output: PathBuf,
    /// The output as the user named it, for messages.
    shown: PathBuf,
    beside: swap::Beside,
    staging: PathBuf,
    /// The output as the last build left it; `None` when missing or empty.
    old: Option<OldTree>,
    seen: HashSet<String>,
    written: usize,
    unchanged: usize,
    warnings: Vec<Diagnostic>,
    _lock: swap::OutputLock,
}

impl Writer {
    /// Takes the output's lock (calling `waiting` if another build holds it), cleans up
    /// after killed builds, checks that the output is timeline's to write, and creates
    /// the staging folder. `output` is the real path ([`crate::layout::output_dir`]).
    pub(crate) fn begin(
        output: &Path,
        shown: &Path,
        waiting: &mut dyn FnMut(&Path),
    ) -> Result<Writer, Diagnostics> {
        let beside = swap::Beside::of(output);
        let lock = swap::lock(&beside, waiting)?;
        let warnings = swap::recover(output, &beside);
        let old = match tree::survey(output, shown)? {
            Found::Fresh => None,
            Found::Owned(old) => Some(old),
        };
        let staging = beside.staging();
        std::fs::create_dir(&staging).map_err(|e| swap::io_error(&staging, &e, "create"))?;
        // Marked at once, so that the next build knows a killed build's staging is ours.
        std::fs::write(staging.join(MARKER), crate::layout::marker_text([]))
            .map_err(|e| swap::io_error(&staging, &e, "write"))?;
        Ok(Writer {
            output: output.to_path_buf(),
            shown: shown.to_path_buf(),
            beside,
            staging,
            old,
            seen: HashSet::new(),
            written: 0,
            unchanged: 0,
            warnings,
            _lock: lock,
        })
    }

    /// Stages one batch: checks its paths, links what the old output already has with
    /// the same bytes, and writes the rest.
    pub(crate) fn add(&mut self, files: &[OutputFile]) -> Result<(), Diagnostics> {
        check_paths(files)?;
        let mut errors = Diagnostics::default();
        for f in files {
            if !self.seen.insert(f.path.clone()) {
                errors.push(duplicate(&f.path, copied_from(f)));
            }
            if let Some(old) = &self.old {
                if !old.is_ours(&f.path) {
                    errors.push(foreign_in_the_way(&self.shown, &f.path));
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        // Many at once: staging waits on the disk far more than on the processor.
        let results: Vec<Result<bool, Diagnostic>> = io::map(files, |f| self.stage(f));
        for r in results {
            match r {
                Ok(true) => self.unchanged += 1,
                Ok(false) => self.written += 1,
                Err(d) => errors.push(d),
            }
        }
        errors.into_result(())
    }

    /// Puts one file into the staging tree; true when it was unchanged (linked).
    fn stage(&self, f: &OutputFile) -> Result<bool, Diagnostic> {
        let target = self.staging.join(&f.path);
        let cannot = |e: std::io::Error| Diagnostic::new(format!("cannot write {}: {e}", f.path));
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(cannot)?;
        }
        let old_path = self.output.join(&f.path);
        let unchanged = self
            .old
            .as_ref()
            .and_then(|old| old.files.get(&f.path))
            .is_some_and(|&len| same_contents(f, len, &old_path));
        if unchanged && keep_old(&old_path, &target).is_ok() {
            return Ok(true);
        }
        match &f.contents {
            Contents::Bytes(b) => std::fs::write(&target, b),
            Contents::Copy(src) => std::fs::copy(src, &target).map(|_| ()),
        }
        .map_err(cannot)?;
        if unchanged {
            // Linking failed (an immutable file…): a copy keeps the old time all the same.
            copy_time(&old_path, &target);
        }
        Ok(unchanged)
    }

    /// Carries over what timeline did not write, records what it wrote in the marker,
    /// and swaps the staged tree in.
    pub(crate) fn finish(self) -> Result<WriteStats, Diagnostics> {
        let mut stats = WriteStats {
            written: self.written,
            unchanged: self.unchanged,
            warnings: self.warnings.clone(),
            ..WriteStats::default()
        };
        if let Some(old) = &self.old {
            stats.kept = self.carry_over(old)?;
            stats.removed = old
                .written
                .iter()
                .filter(|p| old.files.contains_key(*p) && !self.seen.contains(*p))
                .count();
        }
        self.write_marker()?;
        let leftover = swap::publish(
            &self.staging,
            &self.output,
            &self.beside,
            self.old.is_some(),
        )?;
        stats.warnings.extend(leftover);
        Ok(stats)
    }

    /// Links every file of the old output that timeline did not write into the staged
    /// tree (and recreates its empty folders). Returns how many files were kept.
    fn carry_over(&self, old: &OldTree) -> Result<usize, Diagnostics> {
        let mut errors = Diagnostics::default();
        let mut kept = 0;
        // Folders that hold no file timeline wrote are the user's (an empty one too).
        let ours: HashSet<&str> = old
            .written
            .iter()
            .flat_map(|p| p.match_indices('/').map(move |(i, _)| &p[..i]))
            .collect();
        for dir in old.dirs.iter().filter(|d| !ours.contains(d.as_str())) {
            let staged = self.staging.join(dir);
            if staged.is_file() || std::fs::create_dir_all(&staged).is_err() {
                errors.push(foreign_in_the_way(&self.shown, dir));
            }
        }
        let mut foreign: Vec<&String> = old
            .files
            .keys()
            .filter(|p| !old.written.contains(*p) && p.as_str() != MARKER)
            .collect();
        foreign.sort();
        for path in foreign {
            let staged = self.staging.join(path);
            if staged.exists() {
                errors.push(foreign_in_the_way(&self.shown, path));
                continue;
            }
            let from = self.output.join(path);
            match keep_old(&from, &staged)
                .or_else(|_| std::fs::copy(&from, &staged).map(|_| copy_time(&from, &staged)))
            {
                Ok(()) => kept += 1,
                Err(e) => errors.push(swap::io_error(&from, &e, "keep")),
            }
        }
        errors.into_result(kept)
    }

    /// The marker with the list of files written; the old one kept when the list is the same.
    fn write_marker(&self) -> Result<(), Diagnostics> {
        let text = crate::layout::marker_text(self.seen.iter().map(String::as_str));
        let target = self.staging.join(MARKER);
        let old = self.output.join(MARKER);
        if self.old.is_some() && std::fs::read(&old).is_ok_and(|b| b == text.as_bytes()) {
            let _ = std::fs::remove_file(&target);
            if keep_old(&old, &target).is_ok() {
                return Ok(());
            }
        }
        std::fs::write(&target, text).map_err(|e| swap::io_error(&target, &e, "write").into())
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if self.staging.exists() {
            let _ = swap::remove_tree(&self.staging);
        }
    }
}

pub(crate) fn duplicate(path: &str, source: Option<&Path>) -> Diagnostic {
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

fn foreign_in_the_way(shown: &Path, path: &str) -> Diagnostic {
    Diagnostic::new(format!(
        "{} was not written by timeline, and this build would replace it",
        shown.join(path).display()
    ))
    .hint("move that file out of the output folder; timeline never overwrites a file it did not write")
}

/// The old output's file, unchanged, becomes part of the staged tree: same bytes, same
/// modification time, no copy.
fn keep_old(old: &Path, staged: &Path) -> std::io::Result<()> {
    std::fs::hard_link(old, staged)
}

/// Gives `to` the modification time of `from`.
fn copy_time(from: &Path, to: &Path) {
    if let Ok(time) = std::fs::metadata(from).and_then(|m| m.modified()) {
        if let Ok(f) = std::fs::File::options().write(true).open(to) {
            let _ = f.set_modified(time);
        }
    }
}

/// True when the old output's file (`len` bytes, at `existing`) already holds exactly
/// the bytes `f` would write.
fn same_contents(f: &OutputFile, len: u64, existing: &Path) -> bool {
    match &f.contents {
        Contents::Bytes(b) => {
            len == b.len() as u64 && std::fs::read(existing).is_ok_and(|old| old == *b)
        }
        Contents::Copy(src) => {
            let Ok(src_meta) = std::fs::metadata(src) else {
                return false;
            };
            src_meta.len() == len
                && match (std::fs::read(src), std::fs::read(existing)) {
                    (Ok(a), Ok(b)) => a == b,
                    _ => false,
                }
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `files` into `output` (see [`Writer`]).
    fn write(files: &[OutputFile], output: &Path) -> Result<WriteStats, Diagnostics> {
        let mut w = Writer::begin(output, output, &mut |_| {})?;
        w.add(files)?;
        w.finish()
    }

    fn page(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            contents: Contents::Bytes(text.as_bytes().to_vec().into()),
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
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .expect("ls")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["public"], "no staging folder or lock left behind");
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
                ..WriteStats::default()
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
