//! What `serve` reports while it runs. The library never prints: every part of serve
//! (the first build, the rebuild thread, the watcher, the accept loop) sends a
//! [`ServeEvent`] through a [`Reporter`], and [`super::run`] hands each to its caller's
//! `on_event` on the caller's thread, in the order they were sent. `main` prints them.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use tokio::sync::mpsc;

use crate::error::{Diagnostic, Diagnostics};

/// Something serve did or met.
#[derive(Debug)]
pub enum ServeEvent {
    /// The first build succeeded.
    Built { pages: usize, elapsed: Duration },
    /// The first build failed; with `--watch`, an error page is served until the site
    /// builds. (Without `--watch`, [`super::run`] returns the errors instead.)
    FirstBuildFailed(Diagnostics),
    /// The server is listening at `url`.
    Serving { url: String, watching: Watching },
    /// A batch of saves was built and published; the open pages are reloaded, or only
    /// their stylesheets swapped (`css_only`).
    Rebuilt {
        /// The first file of the batch that counts, relative to the site folder.
        changed: PathBuf,
        /// Article files parsed again.
        parsed: usize,
        /// Pages rendered again, of `pages`.
        rendered: usize,
        pages: usize,
        elapsed: Duration,
        css_only: bool,
    },
    /// A rebuild failed: the last good build is still served, and the open pages show
    /// the errors.
    RebuildFailed(Diagnostics),
    /// The warnings of a build, when they differ from the last build's (empty: the
    /// last ones are gone).
    Warnings(Vec<Diagnostic>),
    /// How long each stage of a build took (`timeline` shows them with
    /// `TIMELINE_TIMINGS=1`).
    Timings(Vec<(&'static str, Duration)>),
    /// The port asked for is taken: the server listens on `using`, the next free one.
    PortTaken { asked: u16, using: u16 },
    /// `--bind` names an address other computers can reach.
    NotLoopback { bind: IpAddr },
    /// File-system events cannot be had (`reason`): the files are looked at every
    /// `every` instead.
    EventsUnavailable { reason: String, every: Duration },
    /// A folder of the site cannot be watched for changes.
    CannotWatch { dir: PathBuf, reason: String },
    /// The file watcher reported an error; the next rebuild looks at everything.
    WatcherFailed { reason: String },
    /// A connection could not be accepted (reported once until one is accepted again).
    /// `out_of_descriptors`: the process ran out of file descriptors, so idle
    /// connections are closed to make room.
    CannotAccept {
        error: std::io::Error,
        out_of_descriptors: bool,
    },
    /// `--open`: no browser could be started.
    BrowserNotOpened { url: String, error: std::io::Error },
    /// Interrupted (Ctrl-C or SIGTERM): the server has stopped.
    Stopped,
}

/// How the server follows the site's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Watching {
    /// Not at all: no `--watch`.
    Off,
    /// By file-system events.
    Events,
    /// By looking at the files that often.
    Polling { every: Duration },
}

/// Where the parts of serve send their events; cheap to clone, usable from any thread.
#[derive(Debug, Clone)]
pub struct Reporter(mpsc::UnboundedSender<ServeEvent>);

impl Reporter {
    /// A reporter and the receiving end that [`super::run`] drains.
    pub fn channel() -> (Reporter, mpsc::UnboundedReceiver<ServeEvent>) {
        let (tx, rx) = mpsc::unbounded_channel();
        (Reporter(tx), rx)
    }

    /// Sends `event`; once nobody receives (the server is stopping), it is dropped.
    pub fn send(&self, event: ServeEvent) {
        let _ = self.0.send(event);
    }
}
