//! Watching the site's sources. notify reports raw events (or [`super::poll`] makes
//! them, where there are none); [`next_batch`] debounces them; the pure
//! [`classify_events`] decides whether a batch needs a rebuild and whether only
//! stylesheets changed. This module knows nothing of HTTP or of the build.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, MetadataKind, ModifyKind};
use notify::{Event, EventKind, RecursiveMode, Watcher};

use crate::config::CONFIG_FILE;
use crate::error::Diagnostic;
use crate::layout::SitePaths;
use crate::source::is_ignored_name;

use super::poll::Poller;
use super::report::{Reporter, ServeEvent};

/// How long the sources must stay quiet before a batch is closed: editors write a
/// file in several steps (truncate, write, rename, delete the backup).
pub(super) const QUIET: Duration = Duration::from_millis(30);
/// How long to wait for more events once a save has completed (a file closed after
/// writing): editors may still delete a backup or write a second file.
pub(super) const SETTLE: Duration = Duration::from_millis(5);
/// A batch is closed after this long even if events keep coming.
pub(super) const MAX_BATCH: Duration = Duration::from_millis(500);
/// How often files are looked at when file-system events cannot be had.
pub(super) const FALLBACK_POLL: Duration = Duration::from_millis(500);

/// What a batch of changed paths asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Change {
    /// Nothing the site is built from changed.
    None,
    /// Only stylesheets changed: rebuild, then swap them in the open pages.
    Css,
    /// Rebuild, then reload the open pages.
    Rebuild,
}

/// Decides what a batch of changed paths needs. Pure: it looks at the names only.
///
/// Relevant are site.toml and anything under content/ or themes/, except editor temp
/// and swap files, hidden files and folders, and anything under the output folder.
pub(super) fn classify_events(paths: &[PathBuf], site: &SitePaths) -> Change {
    let mut relevant = paths.iter().filter(|p| is_relevant(p, site)).peekable();
    if relevant.peek().is_none() {
        return Change::None;
    }
    if relevant.all(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("css"))) {
        Change::Css
    } else {
        Change::Rebuild
    }
}

/// True when a change to `path` can change the built site.
pub(super) fn is_relevant(path: &Path, site: &SitePaths) -> bool {
    if path.starts_with(&site.output_dir) {
        return false;
    }
    let Ok(rel) = path.strip_prefix(&site.root) else {
        return false;
    };
    let mut names = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(name) => names.push(name.to_string_lossy()),
            _ => return false,
        }
    }
    if names.iter().any(|n| is_ignored_name(n)) {
        return false;
    }
    match names.first().map(|n| n.as_ref()) {
        Some(CONFIG_FILE) => names.len() == 1,
        Some("content") | Some("themes") => true,
        _ => false,
    }
}

/// True for the kinds of events that mean a file or folder changed. Reads (open, close
/// without writing, access times) are not changes: the build itself causes them.
pub(super) fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    }
}

/// The paths of `event` if it is a change, and whether it is a file closed after
/// writing (the end of an in-place save).
fn changed_paths(
    event: notify::Result<Event>,
    site: &SitePaths,
    report: &Reporter,
) -> (Vec<PathBuf>, bool) {
    match event {
        // Events were lost: the content folder itself stands for "look at everything".
        Ok(e) if e.need_rescan() => (vec![site.content_dir.clone()], false),
        Ok(e) if is_change(&e.kind) => {
            let closed = e.kind == EventKind::Access(AccessKind::Close(AccessMode::Write));
            (e.paths, closed)
        }
        Ok(_) => (Vec::new(), false),
        Err(e) => {
            // A lost event (inotify queue overflow) or a watch error: rebuild to be safe.
            report.send(ServeEvent::WatcherFailed {
                reason: e.to_string(),
            });
            let mut paths = e.paths;
            paths.push(site.content_dir.clone());
            (paths, false)
        }
    }
}

/// Waits for a change relevant to `site`, then collects events until the sources have
/// been quiet for `quiet` (or `max` has passed). `None` when the watcher has stopped.
/// The watcher's errors go to `report`.
///
/// Once a relevant file is closed after writing, the save is complete: the batch then
/// only waits [`SETTLE`] for stragglers. Renames and deletions get the full `quiet`
/// period, since editors that save by renaming do it in several steps.
pub(super) fn next_batch(
    events: &Receiver<notify::Result<Event>>,
    site: &SitePaths,
    quiet: Duration,
    max: Duration,
    report: &Reporter,
) -> Option<Vec<PathBuf>> {
    let relevant = |paths: &[PathBuf]| paths.iter().any(|p| is_relevant(p, site));
    let (mut batch, mut closed) = loop {
        let (paths, closed) = changed_paths(events.recv().ok()?, site, report);
        if relevant(&paths) {
            break (paths, closed);
        }
    };
    let deadline = Instant::now() + max;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Some(batch);
        }
        let wait = if closed { SETTLE.min(quiet) } else { quiet };
        match events.recv_timeout(wait.min(left)) {
            Ok(event) => {
                let (paths, was_closed) = changed_paths(event, site, report);
                if relevant(&paths) {
                    closed = was_closed;
                }
                batch.extend(paths);
            }
            Err(RecvTimeoutError::Timeout) => return Some(batch),
            Err(RecvTimeoutError::Disconnected) => return Some(batch),
        }
    }
}

/// A notify watcher on the site's folders: the root (not recursive, for site.toml),
/// content/ and themes/ (recursive). Folders are watched rather than files, so that
/// editors that save by renaming a new file over the old one are seen.
pub(super) struct SiteWatcher {
    /// None while polling ([`Poller`] looks at everything each time).
    watcher: Option<Box<dyn Watcher + Send>>,
    site: SitePaths,
    watched: Vec<PathBuf>,
    poller: Option<Poller>,
}

impl SiteWatcher {
    /// Starts watching, by file-system events or, with `poll`, by looking at the files
    /// that often; events are sent to the returned receiver. When file-system events
    /// cannot be had at all, or the system's limit on watches is reached, it polls
    /// instead and says so (to `report`, with the folders that cannot be watched); other
    /// problems are errors.
    pub(super) fn start(
        site: SitePaths,
        poll: Option<Duration>,
        report: &Reporter,
    ) -> Result<(SiteWatcher, Receiver<notify::Result<Event>>), Diagnostic> {
        let (tx, rx) = std::sync::mpsc::channel();
        if let Some(every) = poll {
            return Ok((SiteWatcher::polling(site, every, tx)?, rx));
        }
        let fall_back = |why: String, site: SitePaths, tx| {
            report.send(ServeEvent::EventsUnavailable {
                reason: why,
                every: FALLBACK_POLL,
            });
            SiteWatcher::polling(site, FALLBACK_POLL, tx)
        };
        let events = tx.clone();
        let native = match notify::recommended_watcher(move |event| {
            let _ = events.send(event);
        }) {
            Ok(native) => native,
            Err(e) => return fall_back(e.to_string(), site, tx).map(|w| (w, rx)),
        };
        let mut w = SiteWatcher {
            watcher: Some(Box::new(native)),
            site,
            watched: Vec::new(),
            poller: None,
        };
        let root = w.site.root.clone();
        if let Some(Err(e)) = w
            .watcher
            .as_mut()
            .map(|n| n.watch(&root, RecursiveMode::NonRecursive))
        {
            if out_of_watches(&e) {
                return fall_back(e.to_string(), w.site.clone(), tx).map(|w| (w, rx));
            }
            return Err(Diagnostic::new(format!(
                "cannot watch {} for changes: {e}",
                root.display()
            ))
            .hint("check that the site folder exists and is readable"));
        }
        let failed = w.refresh(&[]);
        if let Some((_, e)) = failed.iter().find(|(_, e)| out_of_watches(e)) {
            let why = e.to_string();
            let site = w.site.clone();
            drop(w);
            return fall_back(why, site, tx).map(|w| (w, rx));
        }
        for (dir, e) in failed {
            report.send(ServeEvent::CannotWatch {
                dir,
                reason: e.to_string(),
            });
        }
        Ok((w, rx))
    }

    /// How often the files are looked at, when they are polled.
    pub(super) fn polling_every(&self) -> Option<Duration> {
        self.poller.as_ref().map(|p| p.every)
    }

    fn polling(
        site: SitePaths,
        every: Duration,
        tx: std::sync::mpsc::Sender<notify::Result<Event>>,
    ) -> Result<SiteWatcher, Diagnostic> {
        if !site.root.is_dir() {
            return Err(Diagnostic::new(format!(
                "cannot watch {} for changes: it is not a folder",
                site.root.display()
            ))
            .hint("check that the site folder exists and is readable"));
        }
        let poller = Poller::start(site.clone(), every, tx)
            .map_err(|e| Diagnostic::new(format!("cannot start the file poller: {e}")))?;
        Ok(SiteWatcher {
            watcher: None,
            site,
            watched: Vec::new(),
            poller: Some(poller),
        })
    }

    /// Watches content/ and themes/ again when they appeared, or were replaced (a
    /// folder deleted and created again loses its watch), as seen in `batch`. Returns
    /// the folders that could not be watched, and why.
    pub(super) fn refresh(&mut self, batch: &[PathBuf]) -> Vec<(PathBuf, notify::Error)> {
        let mut failed = Vec::new();
        let Some(watcher) = self.watcher.as_mut() else {
            return failed;
        };
        for dir in [self.site.content_dir.clone(), self.site.themes_dir.clone()] {
            let replaced = batch.iter().any(|p| p == &dir);
            let watched = self.watched.contains(&dir);
            if !dir.is_dir() {
                if watched {
                    let _ = watcher.unwatch(&dir);
                    self.watched.retain(|d| d != &dir);
                }
                continue;
            }
            if watched && !replaced {
                continue;
            }
            if watched {
                let _ = watcher.unwatch(&dir);
                self.watched.retain(|d| d != &dir);
            }
            match watcher.watch(&dir, RecursiveMode::Recursive) {
                Ok(()) => self.watched.push(dir),
                Err(e) => failed.push((dir, e)),
            }
        }
        failed
    }
}

/// True when watching failed because the system's limit on watches (or on watchers)
/// is reached: then polling is the way to go on.
fn out_of_watches(e: &notify::Error) -> bool {
    // Linux's "no space left" (inotify watches) and "too many open files".
    const ENOSPC: i32 = 28;
    const EMFILE: i32 = 24;
    match &e.kind {
        notify::ErrorKind::MaxFilesWatch => true,
        notify::ErrorKind::Io(io) => matches!(io.raw_os_error(), Some(ENOSPC | EMFILE)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_limit_on_watches_makes_serve_poll() {
        let io = |code| notify::Error::io(std::io::Error::from_raw_os_error(code));
        assert!(out_of_watches(&notify::Error::new(
            notify::ErrorKind::MaxFilesWatch
        )));
        assert!(
            out_of_watches(&io(28)),
            "ENOSPC: inotify's limit on watches"
        );
        assert!(
            out_of_watches(&io(24)),
            "EMFILE: too many inotify instances"
        );
        assert!(
            !out_of_watches(&io(13)),
            "EACCES is reported, not polled around"
        );
        assert!(!out_of_watches(&notify::Error::path_not_found()));
    }

    fn site() -> SitePaths {
        SitePaths::new(Path::new("/site"), None)
    }

    fn classify(paths: &[&str]) -> Change {
        let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
        classify_events(&paths, &site())
    }

    #[test]
    fn content_theme_and_config_changes_rebuild() {
        assert_eq!(classify(&["/site/content/a.md"]), Change::Rebuild);
        assert_eq!(classify(&["/site/content/new-folder"]), Change::Rebuild);
        assert_eq!(classify(&["/site/content/x/photo.jpg"]), Change::Rebuild);
        assert_eq!(
            classify(&["/site/themes/default/templates/base.html"]),
            Change::Rebuild
        );
        assert_eq!(classify(&["/site/site.toml"]), Change::Rebuild);
        assert_eq!(classify(&["/site/content"]), Change::Rebuild);
    }

    #[test]
    fn stylesheets_alone_are_swapped() {
        assert_eq!(
            classify(&["/site/themes/default/static/style.css"]),
            Change::Css
        );
        assert_eq!(
            classify(&[
                "/site/themes/default/static/style.css",
                "/site/themes/default/static/.style.css.swp"
            ]),
            Change::Css
        );
        assert_eq!(
            classify(&[
                "/site/themes/default/static/style.css",
                "/site/content/a.md"
            ]),
            Change::Rebuild
        );
    }

    #[test]
    fn editor_temp_files_are_ignored() {
        for p in [
            "/site/content/.a.md.swp",
            "/site/content/a.md~",
            "/site/content/.#a.md",
            "/site/content/#a.md#",
            "/site/content/4913",
            "/site/content/.hidden/a.md",
            "/site/content/a.md___jb_tmp___",
            "/site/themes/default/templates/.base.html.swx",
            "/site/.git/index",
        ] {
            assert_eq!(classify(&[p]), Change::None, "{p}");
        }
    }

    #[test]
    fn output_and_unrelated_files_are_ignored() {
        assert_eq!(classify(&["/site/public/index.html"]), Change::None);
        assert_eq!(classify(&["/site/public"]), Change::None);
        assert_eq!(classify(&["/site/README.md"]), Change::None);
        assert_eq!(classify(&["/site/target/debug/x"]), Change::None);
        assert_eq!(classify(&["/elsewhere/content/a.md"]), Change::None);
        assert_eq!(classify(&["/site/site.toml/x"]), Change::None);
        assert_eq!(classify(&[]), Change::None);
        let mut inside = site();
        inside.output_dir = PathBuf::from("/site/content/out");
        assert_eq!(
            classify_events(&[PathBuf::from("/site/content/out/a.html")], &inside),
            Change::None
        );
    }

    #[test]
    fn a_save_by_rename_is_one_rebuild() {
        // vim: write 4913, rename a.md to a.md~, write a.md, delete a.md~.
        assert_eq!(
            classify(&[
                "/site/content/4913",
                "/site/content/a.md",
                "/site/content/a.md~",
                "/site/content/a.md"
            ]),
            Change::Rebuild
        );
    }

    #[test]
    fn reads_are_not_changes() {
        assert!(!is_change(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(is_change(&EventKind::Modify(ModifyKind::Any)));
        assert!(is_change(&EventKind::Remove(
            notify::event::RemoveKind::File
        )));
    }

    #[test]
    fn batches_are_debounced() {
        let (report, _reported) = Reporter::channel();
        let (tx, rx) = std::sync::mpsc::channel();
        let ev =
            |p: &str| Ok(Event::new(EventKind::Modify(ModifyKind::Any)).add_path(PathBuf::from(p)));
        tx.send(ev("/site/README.md")).expect("send");
        tx.send(ev("/site/content/a.md")).expect("send");
        tx.send(ev("/site/content/b.md")).expect("send");
        let batch = next_batch(&rx, &site(), QUIET, MAX_BATCH, &report).expect("a batch");
        assert_eq!(
            batch,
            vec![
                PathBuf::from("/site/content/a.md"),
                PathBuf::from("/site/content/b.md")
            ]
        );
        drop(tx);
        assert_eq!(next_batch(&rx, &site(), QUIET, MAX_BATCH, &report), None);
    }

    #[test]
    fn a_completed_save_closes_the_batch_early() {
        let (report, _reported) = Reporter::channel();
        let (tx, rx) = std::sync::mpsc::channel();
        let ev = |kind, p: &str| Ok(Event::new(kind).add_path(PathBuf::from(p)));
        let long = Duration::from_secs(30);
        tx.send(ev(EventKind::Modify(ModifyKind::Any), "/site/content/a.md"))
            .expect("send");
        tx.send(ev(
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            "/site/content/a.md",
        ))
        .expect("send");
        let started = Instant::now();
        let batch = next_batch(&rx, &site(), long, long, &report).expect("a batch");
        assert_eq!(batch.len(), 2);
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "waited the quiet period"
        );
        // A rename alone waits for quiet (here: until the sender is gone).
        let (tx, rx) = std::sync::mpsc::channel();
        tx.send(ev(
            EventKind::Modify(ModifyKind::Name(notify::event::RenameMode::From)),
            "/site/content/a.md",
        ))
        .expect("send");
        let waiter = std::thread::spawn(move || {
            let started = Instant::now();
            let batch = next_batch(&rx, &site(), long, long, &report);
            (batch, started.elapsed())
        });
        std::thread::sleep(Duration::from_millis(200));
        drop(tx);
        let (batch, waited) = waiter.join().expect("join");
        assert_eq!(batch.map(|b| b.len()), Some(1));
        assert!(waited >= Duration::from_millis(150), "{waited:?}");
    }
}
