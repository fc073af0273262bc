//! Watching by looking: for shares where file-system events never come (or `--poll MS`),
//! a thread looks at the site's files every so often and reports each one created,
//! changed (modification time, to the nanosecond, or size) or removed, as notify
//! would. (notify's own poller compares times to the second, so it misses a second save
//! within the same second.)

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use notify::event::{CreateKind, ModifyKind, RemoveKind};
use notify::{Event, EventKind};

use crate::layout::SitePaths;
use crate::source::is_ignored_name;

/// The polling thread; it stops when this is dropped.
pub(super) struct Poller {
    stop: Arc<AtomicBool>,
    /// How often the files are looked at.
    pub every: Duration,
}

/// Every file of the site as the poller sees it: (modified, size) by path.
type FileStamps = HashMap<PathBuf, (Option<SystemTime>, u64)>;

impl Poller {
    /// Looks at the files of `site` every `every`, sending what changed to `tx`.
    pub(super) fn start(
        site: SitePaths,
        every: Duration,
        tx: Sender<notify::Result<Event>>,
    ) -> std::io::Result<Poller> {
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let mut before = file_stamps(&site);
        std::thread::Builder::new()
            .name("timeline-poll".into())
            .spawn(move || {
                while !stopped.load(Ordering::Relaxed) {
                    std::thread::sleep(every);
                    let now = file_stamps(&site);
                    for event in differences(&before, &now) {
                        if tx.send(Ok(event)).is_err() {
                            return;
                        }
                    }
                    before = now;
                }
            })?;
        Ok(Poller { stop, every })
    }
}

impl Drop for Poller {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// The files directly in the site folder (site.toml), and every file under content/
/// and themes/ but hidden folders, editors' temporary files and the output folder
/// (which changes would not count anyway: see [`super::watch::is_relevant`]).
fn file_stamps(site: &SitePaths) -> FileStamps {
    let mut files = FileStamps::new();
    let mut note = |path: PathBuf| {
        // A link that leads nowhere is a change a build sees too (it refuses it).
        let meta = std::fs::metadata(&path).or_else(|_| std::fs::symlink_metadata(&path));
        if let Ok(meta) = meta {
            if meta.is_file() || meta.is_symlink() {
                files.insert(path, (meta.modified().ok(), meta.len()));
            }
        }
    };
    if let Ok(entries) = std::fs::read_dir(&site.root) {
        for entry in entries.flatten() {
            note(entry.path());
        }
    }
    for dir in [&site.content_dir, &site.themes_dir] {
        let walk = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0
                    || !(is_ignored_name(&e.file_name().to_string_lossy())
                        || e.path().starts_with(&site.output_dir))
            });
        for entry in walk {
            match entry {
                Ok(e) if e.file_type().is_file() => note(e.into_path()),
                Ok(_) => {}
                Err(e) => {
                    if let Some(p) = e.path() {
                        note(p.to_path_buf());
                    }
                }
            }
        }
    }
    files
}

/// What changed between two looks at the files, as notify events.
fn differences(before: &FileStamps, now: &FileStamps) -> Vec<Event> {
    let created_or_changed = now
        .iter()
        .filter_map(|(path, seen)| match before.get(path) {
            None => Some((EventKind::Create(CreateKind::File), path)),
            Some(old) if old != seen => Some((EventKind::Modify(ModifyKind::Any), path)),
            Some(_) => None,
        });
    let removed = before
        .keys()
        .filter(|path| !now.contains_key(*path))
        .map(|path| (EventKind::Remove(RemoveKind::File), path));
    created_or_changed
        .chain(removed)
        .map(|(kind, path)| Event::new(kind).add_path(path.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_poller_reports_created_changed_and_removed_files() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let later = t + Duration::from_nanos(1);
        let file = |p: &str| PathBuf::from(p);
        let before: FileStamps = [
            (file("/s/content/kept.md"), (Some(t), 10)),
            (file("/s/content/touched.md"), (Some(t), 10)),
            (file("/s/content/grown.md"), (Some(t), 10)),
            (file("/s/content/gone.md"), (Some(t), 10)),
        ]
        .into_iter()
        .collect();
        let now: FileStamps = [
            (file("/s/content/kept.md"), (Some(t), 10)),
            // Saved again within the same second: only the nanoseconds differ.
            (file("/s/content/touched.md"), (Some(later), 10)),
            (file("/s/content/grown.md"), (Some(t), 11)),
            (file("/s/content/new.md"), (Some(t), 1)),
        ]
        .into_iter()
        .collect();
        let mut seen: Vec<(String, &str)> = differences(&before, &now)
            .into_iter()
            .map(|e| {
                let kind = match e.kind {
                    EventKind::Create(_) => "created",
                    EventKind::Modify(_) => "changed",
                    EventKind::Remove(_) => "removed",
                    _ => "other",
                };
                (e.paths[0].display().to_string(), kind)
            })
            .collect();
        seen.sort();
        assert_eq!(
            seen,
            [
                ("/s/content/gone.md".to_string(), "removed"),
                ("/s/content/grown.md".to_string(), "changed"),
                ("/s/content/new.md".to_string(), "created"),
                ("/s/content/touched.md".to_string(), "changed"),
            ]
        );
    }
}
