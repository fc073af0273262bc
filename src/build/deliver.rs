//! Handing a run's files to its sink: pages rendered batch by batch on every core
//! while the sink takes each batch on a thread of its own, then the copied files, the
//! feeds and the sitemap; every path checked on the way (inside the output, no two
//! files on one path). With a cache, a page or feed whose fingerprint did not move is
//! the bytes made before.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, SyncSender};

use rayon::prelude::*;

use super::index::Indexing;
use super::run::{Clock, Memo};
use super::{Progress, Sink, Summary, BATCH};
use crate::built::{Bytes, OutputFile};
use crate::config::Config;
use crate::error::{Diagnostic, Diagnostics};
use crate::export::records::{self, Lines};
use crate::publish;
use crate::render::Renderer;
use crate::site::{EntryIx, LangIx, Site};

/// Renders the pages batch by batch and hands them, with the copied files, feeds and
/// sitemap, to the sink on a thread of its own, so that neither waits for the other (at
/// most one batch waits in between). Rendering goes on after an error, so that every
/// problem of the build is reported together; nothing more is sent then.
pub(super) fn send(
    config: &Config,
    site: &Site,
    renderer: &Renderer,
    mut memo: Option<&mut Memo>,
    bodies: Bodies,
    sink: &mut dyn Sink,
    clock: &mut Clock,
) -> Result<Summary, Diagnostics> {
    let total = renderer.page_count();
    let mut out = Delivery::default();
    out.paths.root = config.root.clone();
    std::thread::scope(|scope| {
        let (tx, rx) = sync_channel::<Vec<OutputFile>>(1);
        let taking = scope.spawn(move || rx.into_iter().try_for_each(|files| sink.add(files)));
        let mut indexing = Indexing::start(
            config.search,
            memo.as_deref_mut().map(|m| &mut *m.cache),
            scope,
        );
        for range in renderer.batches(BATCH) {
            let done = range.end;
            match pages(renderer, range, memo.as_deref_mut()) {
                Ok((files, fresh)) => {
                    out.rendered += fresh;
                    indexing.take(&files, memo.as_deref().map(|m| &*m.cache));
                    out.deliver(&tx, files);
                }
                Err(e) => out.errors.extend(e.0),
            }
            (clock.progress)(Progress::Rendered { done, total });
        }
        clock.lap("pages");
        if bodies == Bodies::Release {
            release_bodies(config, site);
        }
        out.deliver(&tx, renderer.assets());
        out.deliver(&tx, list_data(renderer, memo.as_deref_mut()));
        let statuses = renderer.has_statuses();
        match memo.as_deref_mut() {
            Some(memo) => out.deliver(&tx, published(config, site, statuses, memo)),
            None => {
                let records = records::all(config, site, Vec::new(), &|_, _| false, Lines::Printed);
                let plan = publish::plan(config, site, statuses, &records);
                publish::print_in_windows(plan, |files| out.deliver(&tx, files));
            }
        }
        clock.lap("feeds and sitemap");
        match indexing.finish(memo.as_deref_mut().map(|m| &mut *m.cache)) {
            Ok(files) => out.deliver(&tx, files),
            Err(e) => out.errors.extend(e.0),
        }
        clock.lap("search index");
        drop(tx);
        match taking.join() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                out.errors.extend(e.0);
                out.sink_failed = true;
            }
            Err(_) => out
                .errors
                .push(Diagnostic::new("internal: the output thread stopped")),
        }
    });
    if let Some(memo) = memo {
        memo.cache.forget_made_except(&out.paths.seen);
        if out.sink_failed {
            // A file the last walk listed may be gone (an asset deleted meanwhile):
            // the next run walks content/ again rather than trust it.
            memo.cache.forget_content();
        }
    }
    let Delivery {
        errors,
        pages,
        files,
        rendered,
        ..
    } = out;
    errors.sorted().into_result(Summary {
        pages,
        files,
        rendered,
        ..Summary::default()
    })
}

/// What becomes of the articles' rendered bodies once every page is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Bodies {
    /// Kept: a cache holds the articles for the next run.
    Keep,
    /// Freed, but for those a feed prints: nothing else prints them from then on (at
    /// 100k, most of what the articles hold).
    Release,
}

/// Frees the rendered bodies no feed prints. Before the records and the published
/// files are made, so that their peak is not on top of every body: freeing all of them
/// after the feeds' views are planned (which hold their own copies) left the peak at
/// 10k where it was before (258–262 MB against 209–216).
fn release_bodies(config: &Config, site: &Site) {
    let printed = publish::feeds::articles_printed(config, site);
    site.articles
        .par_iter()
        .zip(printed)
        .filter(|(_, printed)| !printed)
        .for_each(|(article, _)| article.body.html.release());
}

/// Pages `range` of the renderer, and how many were rendered (with a cache, the others
/// are the bytes made before for the same fingerprint).
fn pages(
    renderer: &Renderer,
    range: std::ops::Range<usize>,
    memo: Option<&mut Memo>,
) -> Result<(Vec<OutputFile>, usize), Diagnostics> {
    let Some(memo) = memo else {
        let files = renderer.render_pages(range)?;
        let n = files.len();
        return Ok((files, n));
    };
    let rendered = {
        let cache = &*memo.cache;
        let lookup = |path: &str| cache.fingerprint_of(path);
        let unchanged = &memo.unchanged;
        let changed =
            (memo.same_ground).then_some(move |l: LangIx, i: EntryIx| !unchanged[l.get()][i.get()]);
        let changed_fn = changed.as_ref().map(|f| f as &crate::render::Changed<'_>);
        renderer.render_pages_memo(range, &lookup, changed_fn)?
    };
    let fresh = rendered.iter().filter(|p| p.html.is_some()).count();
    let files = rendered
        .into_iter()
        .filter_map(|p| {
            memo.cache
                .keep(p.path, p.fingerprint, p.html.map(Bytes::from))
        })
        .collect();
    Ok((files, fresh))
}

/// The `list.json` of the paged lists; with a cache, made again only when the cards of
/// its list moved.
fn list_data(renderer: &Renderer, memo: Option<&mut Memo>) -> Vec<OutputFile> {
    let Some(memo) = memo else {
        return renderer.list_data();
    };
    let planned = {
        let cache = &*memo.cache;
        renderer.list_data_memo(&|path, print| cache.fingerprint_of(path) == Some(print))
    };
    kept(memo, planned)
}

/// With a cache: the feeds, sitemap, data exports and files for GitHub Pages, printed
/// again only when the fingerprint of their view moved, and the exports' records of
/// unchanged entries are the last run's.
fn published(config: &Config, site: &Site, statuses: bool, memo: &mut Memo) -> Vec<OutputFile> {
    let previous = std::mem::take(&mut memo.records);
    let unchanged = &memo.unchanged;
    let same = |l: LangIx, i: EntryIx| unchanged.get(l.get()).is_some_and(|s| s[i.get()]);
    memo.records = records::all(config, site, previous, &same, Lines::Kept);
    let planned: Vec<(String, u64, Option<String>)> = {
        let cache = &*memo.cache;
        publish::plan(config, site, statuses, &memo.records)
            .into_par_iter()
            .map(|(path, p)| {
                let print = p.fingerprint();
                let text = (cache.fingerprint_of(&path) != Some(print)).then(|| p.text());
                (path, print, text)
            })
            .collect()
    };
    kept(memo, planned)
}

/// The files of `planned` (path, fingerprint, text made or none when the cache holds
/// it), remembered in the cache.
fn kept(memo: &mut Memo, planned: Vec<(String, u64, Option<String>)>) -> Vec<OutputFile> {
    planned
        .into_iter()
        .filter_map(|(path, print, text)| memo.cache.keep(path, print, text.map(Bytes::from)))
        .collect()
}

/// What has been handed to the sink, and the problems found so far.
#[derive(Default)]
struct Delivery {
    errors: Diagnostics,
    sink_failed: bool,
    paths: Paths,
    pages: usize,
    files: usize,
    rendered: usize,
}

impl Delivery {
    /// Checks the paths of `files` and sends them, unless something failed before.
    fn deliver(&mut self, tx: &SyncSender<Vec<OutputFile>>, files: Vec<OutputFile>) {
        if !self.paths.check(&files, &mut self.errors) || !self.errors.is_empty() {
            return;
        }
        self.pages += files.iter().filter(|f| f.is_page()).count();
        self.files += files.len();
        // The sink stopped on an error: it is reported when its thread is joined.
        let _ = tx.send(files);
    }
}

/// Checks the paths of every batch: inside the output, and no two files on one path
/// (the message names the file of content/ or static/ that collides, whichever came
/// first).
#[derive(Default)]
struct Paths {
    /// The site folder: messages name files relative to it.
    root: PathBuf,
    seen: HashMap<String, Option<PathBuf>>,
}

impl Paths {
    fn check(&mut self, files: &[OutputFile], errors: &mut Diagnostics) -> bool {
        let before = errors.len();
        if let Err(e) = crate::output::check_paths(files) {
            errors.extend(e.0);
        }
        for f in files {
            let source = f
                .copied_from()
                .map(|p| crate::source::rel_to(&self.root, p));
            match self.seen.get(&f.path) {
                None => {
                    self.seen.insert(f.path.clone(), source);
                }
                Some(first) => {
                    let named = source.as_deref().or(first.as_deref());
                    errors.push(crate::output::duplicate(&f.path, named));
                }
            }
        }
        errors.len() == before
    }
}
