//! The build: one pipeline, `site.toml → Config → Content → Site → pages → files`, that
//! every command runs. `timeline build` sends the files to the staged writer,
//! `timeline check` and the tests to an in-memory collection, `serve` to the site it
//! answers from: where the files go is a [`Sink`]. A [`Pipeline`] that remembers
//! ([`Pipeline::remembering`], for `serve`) keeps what earlier runs made ([`cache`])
//! and makes again only what changed; one that does not ([`Pipeline::new`]) computes no
//! fingerprint at all. Both give the same files.

mod cache;
mod deliver;
mod index;
mod run;
mod sink;

use std::path::PathBuf;
use std::time::Duration;

pub use crate::built::{Bytes, Contents, OutputFile};
use crate::config::{BuildOptions, Config};
use crate::error::{Diagnostic, Diagnostics};
pub use sink::{Collect, Sink};

/// Pages (or list pages of the same weight) rendered and sent to the sink at a time:
/// bounds memory on large sites.
pub const BATCH: usize = 512;

/// What a run reports while it goes.
#[derive(Debug)]
pub enum Progress<'a> {
    /// The site model is built and its links resolved: its articles (what `check`
    /// inspects).
    Articles(&'a [std::sync::Arc<crate::content::Article>]),
    /// `done` of `total` pages rendered.
    Rendered { done: usize, total: usize },
    /// Another build is writing the same output folder: this one waits for it.
    Waiting { lock: PathBuf },
    /// A stage of the run finished, taking `elapsed` (shown with `TIMELINE_TIMINGS=1`).
    Stage {
        name: &'static str,
        elapsed: Duration,
    },
}

/// What a run made.
#[derive(Debug, Default)]
pub struct Summary {
    /// HTML pages in the site.
    pub pages: usize,
    /// Files sent to the sink.
    pub files: usize,
    /// Pages rendered by this run (with a memory, the others were unchanged).
    pub rendered: usize,
    /// Article files parsed by this run.
    pub parsed: usize,
    /// Problems that do not stop the build (missing translations).
    pub warnings: Vec<Diagnostic>,
    /// What `check` reports by site.toml's `[check]` policies, and entities no event
    /// mentions (warnings, and errors that fail `check`, not the build); made only by a
    /// pipeline that is [auditing](Pipeline::auditing).
    pub audit: Vec<Diagnostic>,
}

/// The build, with or without a memory of earlier runs.
#[derive(Default)]
pub struct Pipeline {
    cache: Option<cache::Cache>,
    /// Whether runs make [`Summary::audit`].
    audit: bool,
}

impl Pipeline {
    /// A pipeline that remembers nothing: every run reads, parses and renders everything.
    pub fn new() -> Pipeline {
        Pipeline::default()
    }

    /// A pipeline that keeps what each run made, so that the next reads, parses and
    /// renders only what changed (`serve --watch`).
    pub fn remembering() -> Pipeline {
        Pipeline {
            cache: Some(cache::Cache::default()),
            audit: false,
        }
    }

    /// This pipeline, its runs also auditing the site by site.toml's `[check]` policies
    /// (`timeline check`; a build and `serve` print nothing of it, and at 10k it was a
    /// third of a save's time).
    pub fn auditing(mut self) -> Pipeline {
        self.audit = true;
        self
    }

    /// Builds the site `config` describes into `sink`. `changed`: the paths a save
    /// touched (absolute), when known; `None` looks at everything. All problems are
    /// reported together.
    pub fn run(
        &mut self,
        config: &Config,
        changed: Option<&[PathBuf]>,
        sink: &mut dyn Sink,
        progress: &mut dyn FnMut(Progress<'_>),
    ) -> Result<Summary, Diagnostics> {
        let audit = self.audit;
        run::run(config, self.cache.as_mut(), changed, audit, sink, progress)
    }
}

/// A site built in memory.
#[derive(Debug)]
pub struct BuiltSite {
    pub files: Vec<OutputFile>,
    /// Problems that do not stop the build (missing translations).
    pub warnings: Vec<Diagnostic>,
}

/// Builds the site in memory: what `check` and the tests use.
pub fn build_site(config: &Config) -> Result<BuiltSite, Diagnostics> {
    let mut files = Collect::default();
    let summary = Pipeline::new().run(config, None, &mut files, &mut |_| {})?;
    Ok(BuiltSite {
        files: files.0,
        warnings: summary.warnings,
    })
}

/// What `timeline build` reports.
#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub written: crate::output::WriteStats,
    pub warnings: Vec<Diagnostic>,
    pub output: PathBuf,
}

/// `timeline build`: loads the config and builds the site into the output folder
/// through the staged writer, which replaces the old output only when everything
/// succeeded.
pub fn build(
    options: &BuildOptions,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<BuildReport, Diagnostics> {
    let config = Config::load(options)?;
    let mut writer =
        crate::output::Writer::begin(&config.output_real, &config.output_dir, &mut |lock| {
            progress(Progress::Waiting {
                lock: lock.to_path_buf(),
            })
        })?;
    let summary = Pipeline::new().run(&config, None, &mut writer, progress)?;
    let written = writer.finish()?;
    let mut warnings = summary.warnings;
    warnings.extend(written.warnings.iter().cloned());
    Ok(BuildReport {
        pages: summary.pages,
        files: written.written + written.unchanged,
        written,
        warnings,
        output: config.output_dir,
    })
}
