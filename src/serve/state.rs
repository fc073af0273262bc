//! What the server publishes: the last good build held in memory, the errors of the
//! last failed build, and the live-reload messages sent to open pages.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

use crate::build::{Bytes, Contents, OutputFile, Sink};
use crate::error::{Diagnostic, Diagnostics};

/// One complete build: every file of the site by its path (`en/events/x/index.html`).
#[derive(Debug)]
pub(super) struct Snapshot {
    /// `server-id-generation`: changes with every good build and every server start.
    pub build_id: String,
    pub files: HashMap<String, Bytes>,
}

/// The sink serve gives the pipeline: every file of a run held in memory, the files to
/// copy read at once (so that what is served never changes under a page), through a
/// cache of copied files that re-reads one only when its size or time changes.
pub(super) struct SiteSink<'c> {
    files: HashMap<String, Bytes>,
    cache: &'c FileCache,
    used: FileCache,
}

impl<'c> SiteSink<'c> {
    pub(super) fn new(cache: &'c FileCache) -> SiteSink<'c> {
        SiteSink {
            files: HashMap::new(),
            cache,
            used: FileCache::new(),
        }
    }

    /// The snapshot of the run, and the copied files read (the cache for the next run).
    pub(super) fn finish(self, build_id: String) -> (Snapshot, FileCache) {
        let snapshot = Snapshot {
            build_id,
            files: self.files,
        };
        (snapshot, self.used)
    }
}

impl Sink for SiteSink<'_> {
    fn add(&mut self, files: Vec<OutputFile>) -> Result<(), Diagnostics> {
        let mut errors = Diagnostics::default();
        for f in files {
            let bytes = match f.contents {
                Contents::Bytes(b) => b,
                Contents::Copy(src) => match read_copy(&src, self.cache) {
                    Ok((real, stamp, b)) => {
                        self.used.insert(real, (stamp, b.clone()));
                        b
                    }
                    Err(e) => {
                        errors.push(Diagnostic::in_file(&src, format!("cannot read: {e}")));
                        continue;
                    }
                },
            };
            self.files.insert(f.path, bytes);
        }
        errors.into_result(())
    }
}

/// The size and modification time of a file, and when it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    read_at: SystemTime,
}

impl Stamp {
    /// True when a file with stamp `now` surely has the bytes read under `self`. File
    /// times are coarse (a few milliseconds), so a file changed shortly before it was
    /// read could change again without its time moving: such reads are not trusted
    /// (as git does with its "racily clean" entries).
    fn still_valid(&self, now: &Stamp) -> bool {
        match (self.modified, now.modified) {
            (Some(then), Some(current)) => {
                self.len == now.len
                    && then == current
                    && then + Duration::from_secs(1) < self.read_at
            }
            _ => false,
        }
    }
}

/// Copied files already read: canonical path → (stamp, bytes).
pub(super) type FileCache = HashMap<PathBuf, (Stamp, Bytes)>;

/// Reads `path` (or takes it from `cache`, when its stamp says it did not change).
fn read_copy(path: &Path, cache: &FileCache) -> std::io::Result<(PathBuf, Stamp, Bytes)> {
    let real = path.canonicalize()?;
    let meta = std::fs::metadata(&real)?;
    let stamp = Stamp {
        len: meta.len(),
        modified: meta.modified().ok(),
        read_at: SystemTime::now(),
    };
    if let Some((cached, bytes)) = cache.get(&real) {
        if cached.still_valid(&stamp) {
            return Ok((real, *cached, bytes.clone()));
        }
    }
    let bytes = Bytes::from(std::fs::read(&real)?);
    Ok((real, stamp, bytes))
}

/// One error as the overlay shows it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub(super) struct ErrorView {
    pub location: Option<String>,
    pub message: String,
    pub hint: Option<String>,
    /// The whole error as the terminal shows it (`error: …`, `  hint: …`): what the
    /// overlay and the page served before the first good build show.
    pub text: String,
}

impl ErrorView {
    pub(super) fn list(errors: &Diagnostics) -> Vec<ErrorView> {
        errors
            .0
            .iter()
            .map(|d| ErrorView {
                location: d.location(),
                message: d.message.clone(),
                hint: d.hint.clone(),
                text: d.to_string(),
            })
            .collect()
    }
}

/// A message to every open page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum LiveEvent {
    /// A new build is in place: reload.
    Reload { build_id: String },
    /// Only stylesheets changed: swap them in without a reload.
    Css { build_id: String },
    /// The last build failed: show these errors (a JSON array of [`ErrorView`]).
    Errors { json: String },
}

/// What is being served now.
#[derive(Debug, Clone, Default)]
pub(super) struct Current {
    /// The last good build; `None` until the first build succeeds.
    pub site: Option<Arc<Snapshot>>,
    /// The errors of the last build, when it failed, as JSON for the overlay.
    pub errors: Option<String>,
}

/// Shared between the rebuild thread (which publishes) and the HTTP handlers.
#[derive(Debug)]
pub(super) struct Shared {
    current: RwLock<Current>,
    events: broadcast::Sender<LiveEvent>,
    /// Distinguishes this server's builds from those of an earlier run on the same port.
    pub server_id: String,
}

impl Shared {
    pub(super) fn new(server_id: String) -> Shared {
        let (events, _) = broadcast::channel(64);
        Shared {
            current: RwLock::new(Current::default()),
            events,
            server_id,
        }
    }

    pub(super) fn current(&self) -> Current {
        match self.current.read() {
            Ok(c) => c.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Receives every event published from now on.
    pub(super) fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.events.subscribe()
    }

    fn update(&self, f: impl FnOnce(&mut Current)) {
        match self.current.write() {
            Ok(mut c) => f(&mut c),
            Err(poisoned) => f(&mut poisoned.into_inner()),
        }
    }

    /// Swaps in a complete new build, then tells the pages: a stylesheet swap when
    /// `css_only` and nothing was wrong before, else a reload.
    pub(super) fn publish(&self, snapshot: Snapshot, css_only: bool) {
        let build_id = snapshot.build_id.clone();
        let mut had_errors = false;
        self.update(|c| {
            had_errors = c.errors.is_some();
            c.site = Some(Arc::new(snapshot));
            c.errors = None;
        });
        let event = if css_only && !had_errors {
            LiveEvent::Css { build_id }
        } else {
            LiveEvent::Reload { build_id }
        };
        // No receiver (no open page) is fine.
        let _ = self.events.send(event);
    }

    /// Keeps the last good build and shows `errors` in every page.
    pub(super) fn fail(&self, errors: &Diagnostics) {
        let json = serde_json::to_string(&ErrorView::list(errors)).unwrap_or_else(|_| "[]".into());
        self.update(|c| c.errors = Some(json.clone()));
        let _ = self.events.send(LiveEvent::Errors { json });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(id: &str) -> Snapshot {
        Snapshot {
            build_id: id.into(),
            files: HashMap::new(),
        }
    }

    #[test]
    fn recently_changed_files_are_read_again() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let stamp = |len, modified: SystemTime, read_at| Stamp {
            len,
            modified: Some(modified),
            read_at,
        };
        let old = stamp(10, t, t + Duration::from_secs(5));
        assert!(old.still_valid(&stamp(10, t, t + Duration::from_secs(9))));
        assert!(!old.still_valid(&stamp(11, t, t + Duration::from_secs(9))));
        assert!(!old.still_valid(&stamp(
            10,
            t + Duration::from_millis(1),
            t + Duration::from_secs(9)
        )));
        // Read in the same instant it was written: a second write may keep the time.
        let racy = stamp(10, t, t + Duration::from_millis(2));
        assert!(!racy.still_valid(&stamp(10, t, t + Duration::from_secs(9))));
    }

    #[test]
    fn a_failed_build_keeps_the_last_good_one() {
        let shared = Shared::new("s".into());
        let mut rx = shared.subscribe();
        shared.publish(snapshot("s-1"), false);
        assert_eq!(
            rx.try_recv().ok(),
            Some(LiveEvent::Reload {
                build_id: "s-1".into()
            })
        );
        let errors = Diagnostics::from(Diagnostic::in_file("content/a.md", "bad").at(2, Some(3)));
        shared.fail(&errors);
        let Ok(LiveEvent::Errors { json }) = rx.try_recv() else {
            panic!("expected errors");
        };
        assert!(json.contains("content/a.md:2:3"), "{json}");
        assert!(
            json.contains(r#""text":"error: content/a.md:2:3: bad""#),
            "{json}"
        );
        let current = shared.current();
        assert_eq!(current.site.map(|s| s.build_id.clone()), Some("s-1".into()));
        assert!(current.errors.is_some());
        // A stylesheet change after a failure reloads, to clear the overlay.
        shared.publish(snapshot("s-2"), true);
        assert_eq!(
            rx.try_recv().ok(),
            Some(LiveEvent::Reload {
                build_id: "s-2".into()
            })
        );
        assert!(shared.current().errors.is_none());
        shared.publish(snapshot("s-3"), true);
        assert_eq!(
            rx.try_recv().ok(),
            Some(LiveEvent::Css {
                build_id: "s-3".into()
            })
        );
    }
}
