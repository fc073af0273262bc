//! Making a staged tree the output in one step, and keeping the folder beside the output
//! tidy: an advisory lock so that two builds never write one output at once, the
//! leftovers of a killed build, and the removal of a replaced tree.
//!
//! Where the system has it (Linux's `renameat2(RENAME_EXCHANGE)`, macOS's
//! `renamex_np(RENAME_SWAP)`), the staged tree and the old output trade places in one
//! call: a reader, or a build killed at any instant, finds the old tree or the new one,
//! never a mix and never nothing. Elsewhere the old tree is first renamed aside (kept,
//! so that the next build puts it back if this one dies before the second rename).

use std::fs::File;
use std::path::{Path, PathBuf};

use super::io;
use crate::error::Diagnostic;
use crate::layout::{is_marked, MARKER};

/// The folder beside the output where staging, replaced trees and the lock live, and
/// the names used there.
pub(super) struct Beside {
    pub parent: PathBuf,
    /// The output folder's own name (`public`).
    pub name: String,
}

impl Beside {
    pub(super) fn of(output: &Path) -> Beside {
        let parent = output
            .parent()
            .map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
        let name = output
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        Beside { parent, name }
    }

    fn prefixed(&self, what: &str) -> String {
        format!(".{}.{what}", self.name)
    }

    pub(super) fn staging(&self) -> PathBuf {
        self.parent
            .join(self.prefixed(&format!("staging-{}", std::process::id())))
    }

    fn aside(&self) -> PathBuf {
        self.parent
            .join(self.prefixed(&format!("old-{}", std::process::id())))
    }

    fn lock_file(&self) -> PathBuf {
        self.parent.join(self.prefixed("lock"))
    }

    /// Folders a build of this output leaves behind when it is killed: staging trees and
    /// trees set aside, whatever process made them.
    fn leftovers(&self) -> Vec<(PathBuf, bool)> {
        let staging = self.prefixed("staging-");
        let aside = self.prefixed("old-");
        let Ok(entries) = std::fs::read_dir(&self.parent) else {
            return Vec::new();
        };
        let mut found: Vec<(PathBuf, bool)> = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let set_aside = name.starts_with(&aside);
                (set_aside || name.starts_with(&staging)).then(|| (e.path(), set_aside))
            })
            .collect();
        found.sort();
        found
    }
}

/// Held while a build writes an output; other builds of the same output wait for it.
/// The lock file exists only while a build holds it: it is removed, still locked, when
/// the build ends, so that a build leaves nothing beside the output.
pub(super) struct OutputLock {
    file: File,
    path: PathBuf,
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still locked: a build waiting on this file then sees that it is
        // no longer the lock file (see [`lock`]) and takes the new one.
        #[cfg(unix)]
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Takes the lock of the output described by `beside`, calling `waiting` once if another
/// build holds it (then waiting for it).
pub(super) fn lock(
    beside: &Beside,
    waiting: &mut dyn FnMut(&Path),
) -> Result<OutputLock, Diagnostic> {
    let path = beside.lock_file();
    std::fs::create_dir_all(&beside.parent).map_err(|e| io_error(&beside.parent, &e, "create"))?;
    let mut told = false;
    loop {
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| io_error(&path, &e, "create"))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                if !told {
                    waiting(&path);
                    told = true;
                }
                file.lock().map_err(|e| io_error(&path, &e, "lock"))?;
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io_error(&path, &e, "lock")),
        }
        if still_the_lock_file(&file, &path) {
            return Ok(OutputLock { file, path });
        }
        // The build that held it removed it on finishing: try the current one.
    }
}

/// True when `path` still names the file `file` has open.
#[cfg(unix)]
fn still_the_lock_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_the_lock_file(_: &File, _: &Path) -> bool {
    true
}

/// Before a build (holding the lock): puts back an output a build killed between the
/// two renames had set aside, then removes what killed builds left. Only folders that
/// carry timeline's marker (or are empty) are touched.
pub(super) fn recover(output: &Path, beside: &Beside) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let mut leftovers = beside.leftovers();
    if !output.exists() {
        let newest_aside = leftovers
            .iter()
            .rposition(|(p, aside)| *aside && is_marked(p));
        if let Some(i) = newest_aside {
            let (p, _) = leftovers.remove(i);
            if let Err(e) = std::fs::rename(&p, output) {
                warnings.push(io_error(&p, &e, "put back").as_warning());
            }
        }
    }
    for (p, _) in leftovers {
        if is_marked(&p) || is_empty_dir(&p) {
            if let Err(e) = remove_tree(&p) {
                warnings.push(leftover_warning(&p, &e));
            }
        }
    }
    warnings
}

fn is_empty_dir(p: &Path) -> bool {
    std::fs::read_dir(p).is_ok_and(|mut d| d.next().is_none())
}

/// Makes `staging` the output. `replaces`: an old output is there to be replaced (else
/// the output is missing or an empty folder). Returns a warning when the old tree could
/// not be removed afterwards (the new output is in place all the same).
pub(super) fn publish(
    staging: &Path,
    output: &Path,
    beside: &Beside,
    replaces: bool,
) -> Result<Option<Diagnostic>, Diagnostic> {
    if !replaces {
        if output.is_dir() {
            // An empty folder: on some systems a rename cannot replace a folder.
            std::fs::remove_dir(output).map_err(|e| io_error(output, &e, "replace"))?;
        }
        std::fs::rename(staging, output).map_err(|e| io_error(output, &e, "create"))?;
        return Ok(None);
    }
    let old = match exchange(staging, output) {
        Ok(true) => staging.to_path_buf(),
        Ok(false) => {
            let aside = beside.aside();
            std::fs::rename(output, &aside).map_err(|e| io_error(output, &e, "replace"))?;
            if let Err(e) = std::fs::rename(staging, output) {
                // Put the old output back: the build fails, the site stays as it was.
                let _ = std::fs::rename(&aside, output);
                return Err(io_error(output, &e, "replace"));
            }
            aside
        }
        Err(e) => return Err(io_error(output, &e, "replace")),
    };
    Ok(remove_tree(&old).err().map(|e| leftover_warning(&old, &e)))
}

/// Swaps two folders in one call; `Ok(false)` where the system or file system cannot.
#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(e) if [Errno::INVAL, Errno::NOSYS, Errno::OPNOTSUPP, Errno::NOTSUP].contains(&e) => {
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// Removes a tree timeline made: its files, then its folders deepest first, many at a
/// time, and its marker last, so that a tree only partly removed (a file that refused)
/// is still known as timeline's and the next build tries again. A folder without write
/// permission (a user's `chmod -w`) is made writable first, since removing its files
/// needs it.
pub(super) fn remove_tree(dir: &Path) -> std::io::Result<()> {
    match remove_all_but_marker(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            make_writable(dir);
            remove_all_but_marker(dir)?;
        }
        other => other?,
    }
    match std::fs::remove_file(dir.join(MARKER)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    std::fs::remove_dir(dir)
}

/// Removes everything under `dir` but its marker; an error names the first thing left.
fn remove_all_but_marker(dir: &Path) -> std::io::Result<()> {
    let marker = dir.join(MARKER);
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .flatten()
    {
        match entry.file_type().is_dir() {
            true => dirs.push((entry.depth(), entry.into_path())),
            false if entry.path() == marker => {}
            false => files.push(entry.into_path()),
        }
    }
    let failed = std::sync::Mutex::new(None);
    let note = |r: std::io::Result<()>| {
        if let (Err(e), Ok(mut first)) = (r, failed.lock()) {
            first.get_or_insert(e);
        }
    };
    io::each(&files, |f| note(std::fs::remove_file(f)));
    dirs.sort_by_key(|d| std::cmp::Reverse(d.0));
    for level in dirs.chunk_by(|a, b| a.0 == b.0) {
        io::each(level, |(_, d)| note(std::fs::remove_dir(d)));
    }
    match failed.into_inner().ok().flatten() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

fn make_writable(dir: &Path) {
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_dir() {
            if let Ok(meta) = entry.metadata() {
                let mut perms = meta.permissions();
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    perms.set_mode(perms.mode() | 0o700);
                }
                #[cfg(not(unix))]
                perms.set_readonly(false);
                let _ = std::fs::set_permissions(entry.path(), perms);
            }
        }
    }
}

fn leftover_warning(p: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::warning(format!(
        "the previous output could not be removed and is left in {}: {e}",
        p.display()
    ))
    .hint("the new output is in place; remove that folder yourself (the next build tries again)")
}

pub(super) fn io_error(path: &Path, e: &std::io::Error, what: &str) -> Diagnostic {
    Diagnostic::new(format!("cannot {what} {}: {e}", path.display()))
        .hint("check that the output folder and its parent exist and are writable")
}
