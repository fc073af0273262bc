//! The output folder as the last build left it: the marker that says timeline owns it,
//! the list of files timeline wrote there (kept in the marker), and every file and
//! folder found in it, read without following a single symbolic link.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::error::Diagnostic;
use crate::layout::read_marker;

/// What an existing output folder holds.
#[derive(Debug, Default)]
pub(super) struct OldTree {
    /// Every regular file, by `/`-separated path, with its size.
    pub files: HashMap<String, u64>,
    /// Every folder (below the top), by path.
    pub dirs: Vec<String>,
    /// The files the last build says it wrote (from the marker).
    pub written: HashSet<String>,
}

impl OldTree {
    /// True when the file at `path` is one timeline wrote (or no file is there).
    pub(super) fn is_ours(&self, path: &str) -> bool {
        !self.files.contains_key(path) || self.written.contains(path)
    }
}

/// How an output folder stands before a build.
pub(super) enum Found {
    /// Missing, or an empty folder: the new tree simply takes its place.
    Fresh,
    /// A folder carrying our marker.
    Owned(OldTree),
}

/// Looks at `output` (its real path): missing, empty, or ours; anything else, and any
/// symbolic link or special file inside, is refused with the reason.
pub(super) fn survey(output: &Path, shown: &Path) -> Result<Found, Diagnostic> {
    let meta = match std::fs::symlink_metadata(output) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Fresh),
        Err(e) => return Err(cannot(shown, &e)),
    };
    if !meta.is_dir() {
        return Err(Diagnostic::new(format!(
            "refusing to write the site into {}: it is not a folder",
            shown.display()
        ))
        .hint("choose another output folder"));
    }
    let empty = std::fs::read_dir(output)
        .map_err(|e| cannot(shown, &e))?
        .next()
        .is_none();
    if empty {
        return Ok(Found::Fresh);
    }
    let Some(written) = read_marker(output) else {
        return Err(crate::layout::not_ours(shown));
    };
    let mut tree = index(output, shown)?;
    tree.written = written;
    Ok(Found::Owned(tree))
}

/// Every file and folder under `output`, never following a link.
fn index(output: &Path, shown: &Path) -> Result<OldTree, Diagnostic> {
    let mut tree = OldTree::default();
    for entry in walkdir::WalkDir::new(output).min_depth(1) {
        let entry = entry.map_err(|e| {
            let io = std::io::Error::other(e.to_string());
            cannot(shown, &io)
        })?;
        let rel = relative(output, entry.path());
        let kind = entry.file_type();
        if kind.is_symlink() {
            let target = std::fs::read_link(entry.path()).unwrap_or_default();
            return Err(Diagnostic::new(format!(
                "{} is a symbolic link (to {}); timeline writes only real files and folders in its output",
                shown.join(&rel).display(),
                target.display()
            ))
            .hint("remove the link; the next build writes a real folder there"));
        }
        if kind.is_dir() {
            tree.dirs.push(rel);
        } else if kind.is_file() {
            let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
            tree.files.insert(rel, len);
        } else {
            return Err(Diagnostic::new(format!(
                "{} is neither a file nor a folder",
                shown.join(&rel).display()
            ))
            .hint("remove it from the output folder"));
        }
    }
    Ok(tree)
}

/// `output/a/b` → `a/b`.
pub(super) fn relative(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

fn cannot(shown: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::new(format!(
        "cannot read the output folder {}: {e}",
        shown.display()
    ))
    .hint("check that the output folder is readable")
}
