//! timeline: a static-site generator for dated topic timelines.
//!
//! The build is a chain of plain values, each stage a pure function of the one before:
//! `site.toml → Config → Content (articles) → Site → Vec<OutputFile> → public/`.
//! [`build_site`] runs the stages in memory; [`output::write`] is the only writer.

pub mod check;
pub mod config;
pub mod content;
pub mod error;
pub mod fingerprint;
pub mod layout;
pub mod links;
pub mod output;
pub mod publish;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod source;
pub mod theme;

use config::Config;
use error::{Diagnostic, Diagnostics};
use render::{Contents, OutputFile};

/// A site rendered in memory, not yet written.
#[derive(Debug)]
pub struct BuiltSite {
    pub files: Vec<OutputFile>,
    /// Problems that do not stop the build (missing translations).
    pub warnings: Vec<Diagnostic>,
}

impl BuiltSite {
    /// The number of HTML pages.
    pub fn pages(&self) -> usize {
        self.files
            .iter()
            .filter(|f| matches!(f.contents, Contents::Bytes(_)) && f.path.ends_with(".html"))
            .count()
    }
}

/// Everything a build needs before rendering.
pub struct LoadedSite {
    pub theme: theme::Theme,
    /// The theme's templates, parsed.
    pub templates: render::templates::Templates,
    pub site: site::Site,
}

/// Loads the theme (parsing its templates) and the content side by side, reporting the
/// problems of both together; then builds the site model and resolves links between
/// articles.
pub fn load_site(config: &Config) -> Result<LoadedSite, Diagnostics> {
    let (theme, content) = rayon::join(|| load_theme(config), || content::load(config));
    let (theme, content) = match (theme, content) {
        (Ok(t), Ok(c)) => (t, c),
        (t, c) => {
            let mut errors = Diagnostics::default();
            if let Err(e) = t {
                errors.extend(e.0);
            }
            if let Err(e) = c {
                errors.extend(e.0);
            }
            return Err(errors.sorted());
        }
    };
    let (theme, templates) = theme;
    let mut site = site::Site::build(config, content).map_err(Diagnostics::sorted)?;
    links::resolve(config, &mut site).map_err(Diagnostics::sorted)?;
    Ok(LoadedSite {
        theme,
        templates,
        site,
    })
}

/// Loads the theme and parses its templates.
pub fn load_theme(
    config: &Config,
) -> Result<(theme::Theme, render::templates::Templates), Diagnostics> {
    let theme = theme::Theme::load(config)?;
    let templates = render::templates::Templates::new(&theme, &config.date_style)?;
    Ok((theme, templates))
}

/// Runs every stage of the build in memory. All problems found are returned together.
pub fn build_site(config: &Config) -> Result<BuiltSite, Diagnostics> {
    let loaded = load_site(config)?;
    let mut files = render::render(config, &loaded)?;
    files.extend(publish::render(config, &loaded.site));
    output::check_paths(&files)?;
    let warnings = missing_translation_warnings(config, &loaded.site);
    Ok(BuiltSite { files, warnings })
}

/// How many untranslated events a build names per language; the rest are counted.
const UNTRANSLATED_LISTED: usize = 10;

/// One warning per event missing a translation, up to [`UNTRANSLATED_LISTED`] per
/// language, then one that counts the others (a large site would print thousands).
pub(crate) fn missing_translation_warnings(config: &Config, site: &site::Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for lang in &config.languages {
        let name = lang.name.as_str();
        let missing: Vec<&str> = site
            .missing_translations
            .iter()
            .filter(|(_, l)| *l == lang.code)
            .map(|(key, _)| key.as_str())
            .collect();
        out.extend(missing.iter().take(UNTRANSLATED_LISTED).map(|key| {
            let l = &lang.code;
            Diagnostic::new(format!(
                "`{key}` has no {name} translation ({key}.{l}.md); {name} timelines list it with a link to the original"
            ))
        }));
        if missing.len() > UNTRANSLATED_LISTED {
            out.push(Diagnostic::new(format!(
                "… and {} more events have no {name} translation; {name} timelines list them with links to the originals",
                missing.len() - UNTRANSLATED_LISTED
            )));
        }
    }
    out
}

/// What a finished build reports.
#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub written: output::WriteStats,
    pub warnings: Vec<Diagnostic>,
    pub output: std::path::PathBuf,
}

/// Article pages (or list pages of the same weight) rendered and staged at a time by
/// [`build`]: bounds memory on large sites.
pub const BATCH: usize = 512;

/// What a build reports while it runs.
#[derive(Debug)]
pub enum Progress {
    /// `done` of `total` pages rendered.
    Rendered { done: usize, total: usize },
    /// Another build is writing the same output folder: this one waits for it.
    Waiting { lock: std::path::PathBuf },
}

/// Loads the config, builds the site and writes it: the `timeline build` command.
/// Pages are rendered and staged in batches, so memory stays flat however large the
/// site; the output is replaced only when every page rendered.
pub fn build(options: &config::BuildOptions) -> Result<BuildReport, Diagnostics> {
    build_with_progress(options, &mut |_| {})
}

/// [`build`], telling `progress` how it goes.
pub fn build_with_progress(
    options: &config::BuildOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<BuildReport, Diagnostics> {
    let config = Config::load(options)?;
    let loaded = load_site(&config)?;
    let site = &loaded.site;
    let renderer = render::Renderer::new(&config, &loaded)?;
    let writer = output::Writer::begin(&config.output_real, &config.output_dir, &mut |lock| {
        progress(Progress::Waiting {
            lock: lock.to_path_buf(),
        })
    })?;
    let n = renderer.page_count();
    let mut errors = Diagnostics::default();
    let mut pages = 0;
    // Rendering runs on every core; a writer thread stages each batch meanwhile, so
    // that neither waits for the other (at most one batch waits in between).
    let written = std::thread::scope(|scope| {
        let (batches, received) = std::sync::mpsc::sync_channel::<Vec<render::OutputFile>>(1);
        let writing = scope.spawn(move || {
            let mut writer = writer;
            for files in received {
                writer.add(&files)?;
            }
            Ok::<_, Diagnostics>(writer)
        });
        for range in renderer.batches(BATCH) {
            let end = range.end;
            match renderer.render_pages(range) {
                Ok(files) if errors.is_empty() => {
                    pages += files.iter().filter(|f| f.path.ends_with(".html")).count();
                    // The writer stopped on an error: it is reported below.
                    if batches.send(files).is_err() {
                        break;
                    }
                }
                Ok(_) => {}
                // Keep rendering: every problem of the build is reported together.
                Err(e) => errors.extend(e.0),
            }
            progress(Progress::Rendered {
                done: end,
                total: n,
            });
        }
        if errors.is_empty() {
            let _ = batches.send(renderer.assets());
            let _ = batches.send(publish::render(&config, site));
        }
        drop(batches);
        writing
            .join()
            .map_err(|_| Diagnostics::from(Diagnostic::new("internal: the writer thread stopped")))
    })?;
    let writer = match written {
        Ok(writer) if errors.is_empty() => writer,
        Ok(_) => return Err(errors.sorted()),
        Err(e) => {
            errors.extend(e.0);
            return Err(errors.sorted());
        }
    };
    let written = writer.finish()?;
    let mut warnings = missing_translation_warnings(&config, site);
    warnings.extend(written.warnings.iter().cloned());
    // Freeing a large site takes a while (0.6 s at 100k articles) and nothing waits for
    // it: it is freed on a thread of its own, which a command that exits does not await.
    let cards = renderer.into_cards();
    std::thread::spawn(move || drop((cards, loaded)));
    Ok(BuildReport {
        pages,
        files: written.written + written.unchanged,
        written,
        warnings,
        output: config.output_dir,
    })
}
