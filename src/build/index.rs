//! The search index as a step of the run: the pages the theme marks are handed to
//! [`crate::search::index`] while the others go on rendering. Without a cache they
//! stream to a thread of their own as they are made (nothing is held but what Pagefind
//! keeps); with one (`serve`) the index of the last run stays open in the cache, and only
//! the pages whose fingerprint moved are cut and given to it again
//! ([`crate::search::Live`]).

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
    /// With a cache: the index of the last run, and this run's pages for it (and the
    /// pages found to mark nothing, by fingerprint, not to be read again).
    Live {
        live: search::Live,
        seen: Vec<search::Seen>,
        unmarked: Vec<(String, u64)>,
    },
}

/// A page of a run with a cache, as the index sees it.
enum Checked {
    /// A page of the index: held as it is (no HTML), or to be read (again).
    Indexed(search::Seen),
    /// Found to mark nothing, under this fingerprint.
    Unmarked(String, u64),
}

impl<'scope> Indexing<'scope> {
    pub(super) fn start<'env>(
        search: bool,
        cache: Option<&mut Cache>,
        scope: &'scope Scope<'scope, 'env>,
    ) -> Indexing<'scope> {
        match (search, cache) {
            (false, _) => Indexing::Off,
            (true, Some(cache)) => Indexing::Live {
                live: cache.take_search_index(),
                seen: Vec::new(),
                unmarked: Vec::new(),
            },
            (true, None) => {
                let (tx, rx) = sync_channel(super::BATCH);
                let thread = scope.spawn(move || search::index(rx.into_iter()));
                Indexing::Streaming { tx, thread }
            }
        }
    }

    /// Takes the pages of `files` that are to be indexed (`cache`: the run's, which
    /// knows each page's fingerprint).
    pub(super) fn take(&mut self, files: &[OutputFile], cache: Option<&Cache>) {
        match self {
            Indexing::Off => {}
            Indexing::Streaming { tx, .. } => {
                let wanted: Vec<(String, String)> = files
                    .par_iter()
                    .filter_map(|f| search::searchable(f).map(|html| (f.path.clone(), html)))
                    .collect();
                // A send fails only when the thread stopped, on an error it reports.
                wanted.into_iter().for_each(|p| drop(tx.send(p)));
            }
            Indexing::Live {
                live,
                seen,
                unmarked,
            } => {
                let live = &*live;
                let print = |path: &str| cache.and_then(|c| c.fingerprint_of(path));
                let pages: Vec<Checked> = files
                    .par_iter()
                    .filter_map(|f| {
                        let print = print(&f.path);
                        let html = match live.holds(&f.path, print) {
                            true => None,
                            false if live.marks_nothing(&f.path, print) => return None,
                            false => match (search::searchable(f), print) {
                                (Some(html), _) => Some(html),
                                (None, Some(print)) => {
                                    return Some(Checked::Unmarked(f.path.clone(), print))
                                }
                                (None, None) => return None,
                            },
                        };
                        Some(Checked::Indexed(search::Seen {
                            path: f.path.clone(),
                            print,
                            html,
                        }))
                    })
                    .collect();
                for page in pages {
                    match page {
                        Checked::Indexed(page) => seen.push(page),
                        Checked::Unmarked(path, print) => unmarked.push((path, print)),
                    }
                }
            }
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
            Indexing::Live {
                mut live,
                seen,
                unmarked,
            } => {
                live.note_unmarked(unmarked);
                let files = live.update(seen)?;
                if let Some(cache) = cache {
                    cache.keep_search_index(live);
                }
                Ok(files)
            }
        }
    }
}
