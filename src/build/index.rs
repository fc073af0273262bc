//! The search index as a step of the run: the pages the theme marks are handed to
//! [`crate::search::index`] while the others go on rendering. Without a cache they
//! stream to a thread of their own as they are made (nothing is held but what Pagefind
//! keeps); with one (`serve`) they are gathered, and the index of the last run is given
//! again when no indexed page's fingerprint moved.

use std::sync::mpsc::{sync_channel, SyncSender};
use std::thread::{Scope, ScopedJoinHandle};

use super::cache::Cache;
use rayon::prelude::*;

use crate::built::OutputFile;
use crate::error::{Diagnostic, Diagnostics};
use crate::search;

type Made = Result<Vec<OutputFile>, Diagnostics>;

/// Pages on their way to the index.
pub(super) enum Indexing<'scope> {
    /// `search = false`.
    Off,
    /// Streaming to the indexing thread.
    Streaming {
        tx: SyncSender<(String, String)>,
        thread: ScopedJoinHandle<'scope, Made>,
    },
    /// Gathered until the end (with a cache).
    Gathered(Vec<(String, String)>),
}

impl<'scope> Indexing<'scope> {
    pub(super) fn start<'env>(
        search: bool,
        cached: bool,
        scope: &'scope Scope<'scope, 'env>,
    ) -> Indexing<'scope> {
        match (search, cached) {
            (false, _) => Indexing::Off,
            (true, true) => Indexing::Gathered(Vec::new()),
            (true, false) => {
                let (tx, rx) = sync_channel(super::BATCH);
                let thread = scope.spawn(move || search::index(rx.into_iter()));
                Indexing::Streaming { tx, thread }
            }
        }
    }

    /// Takes the pages of `files` that are to be indexed.
    pub(super) fn take(&mut self, files: &[OutputFile]) {
        if matches!(self, Indexing::Off) {
            return;
        }
        let wanted: Vec<(String, String)> = files
            .par_iter()
            .filter_map(|f| search::searchable(f).map(|html| (f.path.clone(), html)))
            .collect();
        let wanted = wanted.into_iter();
        match self {
            Indexing::Off => {}
            // A send fails only when the thread stopped, on an error it reports.
            Indexing::Streaming { tx, .. } => wanted.for_each(|p| drop(tx.send(p))),
            Indexing::Gathered(pages) => pages.extend(wanted),
        }
    }

    /// The files of the index (none with `search = false`).
    pub(super) fn finish(self, cache: Option<&mut Cache>) -> Made {
        match self {
            Indexing::Off => Ok(Vec::new()),
            Indexing::Streaming { tx, thread } => {
                drop(tx);
                thread.join().unwrap_or_else(|_| {
                    Err(Diagnostic::new("internal: the search index thread stopped").into())
                })
            }
            Indexing::Gathered(pages) => {
                let Some(cache) = cache else {
                    return search::index(pages.into_iter());
                };
                let prints: Vec<(&str, Option<u64>)> = pages
                    .iter()
                    .map(|(path, _)| (path.as_str(), cache.fingerprint_of(path)))
                    .collect();
                let key = crate::fingerprint::hash_of(&prints);
                if let Some(files) = cache.search_index(key) {
                    return Ok(files);
                }
                let files = search::index(pages.into_iter())?;
                cache.remember_search_index(key, files.clone());
                Ok(files)
            }
        }
    }
}
