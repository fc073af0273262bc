//! Building the site into memory and publishing it: the first build, then one per batch
//! of saves on the rebuild thread. On failure the last good build stays. What each
//! build did is reported ([`ServeEvent`]), never printed.

use std::path::PathBuf;
use std::sync::mpsc::Receiver;
use std::sync::Arc;
use std::time::Instant;

use crate::build::{Pipeline, Progress};
use crate::config::{BuildOptions, Config};
use crate::error::{Diagnostic, Diagnostics};

use super::report::{Reporter, ServeEvent};
use super::state::{FileCache, Shared, SiteSink};
use super::watch::{self, Change, SiteWatcher};
use crate::layout::SitePaths;

/// Builds the site and publishes it; on failure the last good build stays.
pub(super) struct Builder {
    options: BuildOptions,
    pub shared: Arc<Shared>,
    generation: u64,
    /// The warnings last reported, so that a rebuild does not repeat them.
    warnings: Vec<Diagnostic>,
    /// Copied files (images, stylesheets) kept in memory between builds.
    cache: FileCache,
    /// The build, remembering what it made so that a save makes again only what changed.
    pipeline: Pipeline,
    report: Reporter,
}

/// What a build did.
pub(super) struct Built {
    pub pages: usize,
    pub rendered: usize,
    pub parsed: usize,
}

impl Builder {
    pub(super) fn new(options: BuildOptions, shared: Arc<Shared>, report: Reporter) -> Builder {
        Builder {
            options,
            shared,
            generation: 0,
            warnings: Vec::new(),
            cache: FileCache::new(),
            pipeline: Pipeline::remembering(),
            report,
        }
    }

    /// Builds in memory (the pipeline remembers what it made: only what changed is
    /// parsed and rendered again) and swaps the result in: the reload is sent only after
    /// that. `changed`: the paths saved, when known.
    pub(super) fn build(
        &mut self,
        css_only: bool,
        changed: Option<&[PathBuf]>,
    ) -> Result<Built, Diagnostics> {
        let config = Config::load(&self.options)?;
        let mut timings = Vec::new();
        let mut note = |p: Progress<'_>| {
            if let Progress::Stage { name, elapsed } = p {
                timings.push((name, elapsed));
            }
        };
        let mut sink = SiteSink::new(&self.cache);
        let summary = self.pipeline.run(&config, changed, &mut sink, &mut note)?;
        self.generation += 1;
        let (snapshot, cache) =
            sink.finish(format!("{}-{}", self.shared.server_id, self.generation));
        self.cache = cache;
        if summary.warnings != self.warnings {
            self.warnings.clone_from(&summary.warnings);
            self.report.send(ServeEvent::Warnings(summary.warnings));
        }
        self.shared.publish(snapshot, css_only);
        self.report.send(ServeEvent::Timings(timings));
        Ok(Built {
            pages: summary.pages,
            rendered: summary.rendered,
            parsed: summary.parsed,
        })
    }
}

/// Rebuilds after every batch of changes until the watcher stops.
pub(super) fn rebuild_loop(
    mut watcher: SiteWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    paths: SitePaths,
    mut builder: Builder,
) {
    let report = builder.report.clone();
    while let Some(batch) =
        watch::next_batch(&events, &paths, watch::QUIET, watch::MAX_BATCH, &report)
    {
        for (dir, e) in watcher.refresh(&batch) {
            report.send(ServeEvent::CannotWatch {
                dir,
                reason: e.to_string(),
            });
        }
        let change = watch::classify_events(&batch, &paths);
        if change == Change::None {
            continue;
        }
        let relevant: Vec<PathBuf> = batch
            .iter()
            .filter(|p| watch::is_relevant(p, &paths))
            .cloned()
            .collect();
        let changed = relevant
            .first()
            .map(|p| p.strip_prefix(&paths.root).unwrap_or(p).to_path_buf())
            .unwrap_or_default();
        let started = Instant::now();
        let css_only = change == Change::Css;
        match builder.build(css_only, Some(&relevant)) {
            Ok(built) => report.send(ServeEvent::Rebuilt {
                changed,
                parsed: built.parsed,
                rendered: built.rendered,
                pages: built.pages,
                elapsed: started.elapsed(),
                css_only,
            }),
            Err(errors) => {
                builder.shared.fail(&errors);
                report.send(ServeEvent::RebuildFailed(errors));
            }
        }
    }
}
