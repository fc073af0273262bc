//! Site to output files: every page rendered through the theme's templates, in
//! parallel and in batches, plus the static and content files to copy. Never touches
//! the disk. What each page is and shows is in [`pages`]; what templates see, in
//! [`views`]; the views of a language are built by [`lang_views`].

mod article_view;
pub(crate) mod date_format;
mod date_words;
mod entity_pages;
mod entity_views;
mod facets;
pub(crate) mod hijri;
pub(crate) mod lang_views;
mod list_data;
mod pager;
mod pages;
mod structured;
pub(crate) mod templates;
mod tera_errors;
pub(crate) mod views;

use rayon::prelude::*;
use serde::Serialize;

use crate::built::OutputFile;
use crate::config::Config;
use crate::error::{Diagnostic, Diagnostics};
use crate::fingerprint;
use crate::site::{self, EntityIx, EntryIx, LangIx, Site, TopicIx};
use crate::theme::{StaticContents, Theme};
use lang_views::Views;
use pages::{Page, PageData};
use templates::Templates;
use views::{Cards, TopicRef};
use views::{LangView, SiteView, YearLink};

/// What every page's template sees at the top level that is the same for every page of
/// a language: serialized once per language, not once per page.
#[derive(Serialize, Hash)]
struct LanguageConstants<'a> {
    lang: LangView<'a>,
    site: SiteView<'a>,
    /// Interface strings of the theme in the page's language.
    t: &'a crate::theme::Strings,
    topics: &'a [TopicRef],
    years: &'a [YearLink],
}

/// Where a theme holds TimelineJS3 for the optional TimelineJS3 page of each topic.
pub(crate) const TIMELINEJS_SCRIPT: &str = "timelinejs/js/timeline.js";

/// What is rendered from: the settings, the site model, the theme and its templates.
#[derive(Clone, Copy)]
pub(crate) struct Inputs<'a> {
    pub config: &'a Config,
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub templates: &'a Templates,
}

/// Renders the pages of a site, all at once or in batches (so a large site never has to
/// be held in memory whole).
pub(crate) struct Renderer<'a> {
    config: &'a Config,
    theme: &'a Theme,
    site: &'a Site,
    templates: &'a Templates,
    views: Vec<Views<'a>>,
    years: Vec<Vec<YearLink>>,
    /// Per language: the entries its home page shows.
    home: Vec<Vec<EntryIx>>,
    /// Per language: the top-level variables shared by all its pages.
    constants: Vec<tera::Context>,
    /// Per language: the fingerprint of what every page depends on besides its own
    /// variables (templates, what their functions read, the language constants).
    global: Vec<u64>,
    /// Whether cards were hashed, so that pages have fingerprints.
    fingerprints: bool,
    /// The optional pages the theme makes possible.
    optional: views::Optional,
    jobs: Vec<(LangIx, Page)>,
}

/// A page rendered, or found unchanged, by [`Renderer::render_pages_memo`].
pub(crate) struct RenderedPage {
    pub path: String,
    pub fingerprint: u64,
    /// None: the fingerprint matched, keep the bytes rendered before.
    pub html: Option<Vec<u8>>,
}

/// Says whether a page's fingerprint is that of the bytes made before for its path.
pub(crate) type Memo<'m> = dyn Fn(&str) -> Option<u64> + Sync + 'm;

/// Says whether an entry's article changed since the last run (language, entry).
pub(crate) type Changed<'c> = dyn Fn(LangIx, EntryIx) -> bool + Sync + 'c;

impl<'a> Renderer<'a> {
    /// Plans every page of `inputs`.
    pub(crate) fn new(inputs: Inputs<'a>) -> Result<Renderer<'a>, Diagnostics> {
        Renderer::build(inputs, Vec::new(), &|_, _| false, false)
    }

    /// [`Renderer::new`] with the cards of an earlier build of the same site model (one
    /// [`Cards`] per language): entry `i` of language `l` keeps its card when
    /// `keep(l, i)`. Pages get fingerprints.
    pub(crate) fn reusing(
        inputs: Inputs<'a>,
        previous: Vec<Cards>,
        keep: &(dyn Fn(LangIx, EntryIx) -> bool + Sync),
    ) -> Result<Renderer<'a>, Diagnostics> {
        Renderer::build(inputs, previous, keep, true)
    }

    fn build(
        inputs: Inputs<'a>,
        mut previous: Vec<Cards>,
        keep: &(dyn Fn(LangIx, EntryIx) -> bool + Sync),
        fingerprints: bool,
    ) -> Result<Renderer<'a>, Diagnostics> {
        let Inputs {
            config,
            site,
            theme,
            templates,
        } = inputs;
        previous.resize_with(config.languages.len(), Default::default);
        let optional = views::Optional {
            embeds: templates.has("embed.html"),
            timelinejs: templates.has("timelinejs.html")
                && theme
                    .static_files
                    .iter()
                    .any(|f| f.rel == TIMELINEJS_SCRIPT),
        };
        let views: Vec<Views> = previous
            .into_par_iter()
            .enumerate()
            .map(|(l, cards)| {
                let l = LangIx::new(l);
                Views::new(
                    config,
                    site,
                    l,
                    cards,
                    &|i| keep(l, i),
                    fingerprints,
                    optional,
                )
            })
            .collect();
        let years: Vec<Vec<YearLink>> = views.iter().map(Views::years).collect();
        let home = (0..config.languages.len())
            .map(|l| home_entries(config, site, LangIx::new(l)))
            .collect();
        let mut renderer = Renderer {
            config,
            theme,
            site,
            templates,
            views,
            years,
            home,
            constants: Vec::new(),
            global: Vec::new(),
            fingerprints,
            optional,
            jobs: Vec::new(),
        };
        renderer.check_templates()?;
        renderer.jobs = renderer.plan();
        (renderer.constants, renderer.global) = renderer.constants()?;
        Ok(renderer)
    }

    /// Every page, in the order they are rendered: per language its home, topics,
    /// years and articles; then the one 404 page.
    fn plan(&self) -> Vec<(LangIx, Page)> {
        let mut jobs = Vec::new();
        for (l, ls) in self.site.languages.iter().enumerate() {
            let (l, v) = (LangIx::new(l), &self.views[l]);
            jobs.push((l, Page::Home));
            for t in 0..self.config.topics.len() {
                let topic = TopicIx::new(t);
                let pages = v.paging(ls.topic(topic).len()).count();
                jobs.extend((0..pages).map(|page| (l, Page::Topic { topic, page })));
            }
            for (year, y) in ls.years.iter().enumerate() {
                let pages = v.paging(y.entries.len()).count();
                jobs.extend((0..pages).map(|page| (l, Page::Year { year, page })));
            }
            jobs.extend(
                ls.all()
                    .filter(|&i| !ls.entry(i).fallback)
                    .map(|i| (l, Page::Article(i))),
            );
            jobs.extend((0..self.site.entities.len()).map(|e| (l, Page::Entity(EntityIx::new(e)))));
            let (actors, places) = self.entity_indexes();
            jobs.extend(actors.then_some((l, Page::Entities { places: false })));
            jobs.extend(places.then_some((l, Page::Entities { places: true })));
            jobs.extend(self.has_statuses().then_some((l, Page::Statuses)));
            let topics = (0..self.config.topics.len()).map(TopicIx::new);
            if self.optional.embeds {
                jobs.extend(topics.clone().map(|t| (l, Page::Embed(t))));
            }
            if self.optional.timelinejs {
                jobs.extend(topics.map(|t| (l, Page::TimelineJs(t))));
            }
        }
        jobs.push((LangIx::new(0), Page::NotFound));
        jobs
    }

    /// Whether the site has an index of actors and one of places: it has entities of
    /// those kinds.
    fn entity_indexes(&self) -> (bool, bool) {
        let kinds = || self.site.entities.iter().map(|e| e.kind.is_place());
        (kinds().any(|p| !p), kinds().any(|p| p))
    }

    /// The theme explains the statuses (a theme written before they were has no page
    /// for it: its badges link nowhere).
    pub(crate) fn has_statuses(&self) -> bool {
        self.templates.has("statuses.html")
    }

    /// A site with entities needs a theme that shows them.
    fn check_templates(&self) -> Result<(), Diagnostics> {
        if self.site.entities.is_empty() {
            return Ok(());
        }
        let mut errors = Diagnostics::default();
        for name in ["entity.html", "entities.html"] {
            if !self.templates.has(name) {
                errors.push(
                    Diagnostic::in_file(self.templates.dir(), format!("the theme has no `{name}` template, and the site has entities (content/entities/)"))
                        .hint(format!("add {name} to the theme (`timeline theme eject templates/{name}` copies the default theme's), or remove content/entities/")),
                );
            }
        }
        errors.into_result(())
    }

    /// Per language, the variables every page shares, and (with fingerprints) the hash
    /// of everything every page depends on besides its own variables: the templates,
    /// what their functions read (the theme's strings in every language, as `tr` may
    /// ask for any, and the languages' locales), and those variables.
    fn constants(&self) -> Result<(Vec<tera::Context>, Vec<u64>), Diagnostics> {
        let (config, theme) = (self.config, self.theme);
        let shared = self.fingerprints.then(|| {
            let locales: Vec<_> = config
                .languages
                .iter()
                .map(|l| (&l.code, l.locale))
                .collect();
            let sources: Vec<_> = theme
                .templates
                .iter()
                .map(|t| (&t.name, &t.source))
                .collect();
            fingerprint::combine(&[
                fingerprint::hash_of(&locales),
                fingerprint::hash_of(&theme.strings),
                fingerprint::hash_of(&sources),
            ])
        });
        let (actors, places) = self.entity_indexes();
        let mut constants = Vec::with_capacity(config.languages.len());
        let mut global = Vec::with_capacity(config.languages.len());
        for (l, lang) in config.languages.iter().enumerate() {
            let c = LanguageConstants {
                lang: LangView {
                    code: &lang.code,
                    dir: lang.dir.as_str(),
                    name: &lang.name,
                },
                site: SiteView {
                    title: &lang.title,
                    description: &lang.description,
                    base_url: &config.base_url.absolute,
                    base_path: &config.base_url.path,
                    home_url: config.base_url.link(&lang.prefix),
                    feed_url: config.base_url.link(&site::feed_path(&lang.prefix)),
                    statuses_url: self
                        .has_statuses()
                        .then(|| config.base_url.link(&site::statuses_path(&lang.prefix))),
                    actors_url: actors.then(|| {
                        config
                            .base_url
                            .link(&site::entities_path(&lang.prefix, false))
                    }),
                    places_url: places.then(|| {
                        config
                            .base_url
                            .link(&site::entities_path(&lang.prefix, true))
                    }),
                    search_url: config
                        .search
                        .then(|| config.base_url.link(&format!("{}/", crate::search::FOLDER))),
                },
                t: theme.strings.get(&lang.code).unwrap_or(&EMPTY),
                topics: &self.views[l].topics,
                years: &self.years[l],
            };
            // A build that remembers nothing computes no fingerprint.
            global.push(shared.map_or(0, |s| fingerprint::combine(&[s, fingerprint::hash_of(&c)])));
            constants.push(
                tera::Context::from_serialize(&c)
                    .map_err(|e| Diagnostics::from(Diagnostic::new(format!("internal: {e}"))))?,
            );
        }
        Ok((constants, global))
    }

    /// Gives the cards back (see [`Renderer::reusing`]).
    pub(crate) fn into_cards(self) -> Vec<Cards> {
        self.views.into_iter().map(Views::into_cards).collect()
    }

    /// How many pages there are.
    pub(crate) fn page_count(&self) -> usize {
        self.jobs.len()
    }

    /// The fingerprint of everything pages share (per language): equal between two
    /// builds when the templates, strings, locales, topics and years are.
    pub(crate) fn shared_fingerprints(&self) -> &[u64] {
        &self.global
    }

    /// Consecutive ranges of pages, each about `budget` bytes of output, so a batch of
    /// long timelines holds no more than a batch of articles. Estimated, not measured:
    /// an article page counts as much as `ENTRIES_PER_ARTICLE` timeline entries.
    pub(crate) fn batches(&self, articles_per_batch: usize) -> Vec<std::ops::Range<usize>> {
        const ENTRIES_PER_ARTICLE: usize = 20;
        let budget = articles_per_batch.max(1) * ENTRIES_PER_ARTICLE;
        let mut out = Vec::new();
        let (mut start, mut weight) = (0, 0);
        for (i, (l, page)) in self.jobs.iter().enumerate() {
            let w = match page {
                Page::Article(_) => ENTRIES_PER_ARTICLE,
                Page::NotFound | Page::Statuses | Page::Entities { .. } => 1,
                _ => self.shown(*l, page).entries().count(),
            };
            // A page heavier than a thread's share still shares its batch, so that every
            // thread has a page to render (a 100k site's topic pages list 20,000 events).
            let w = w.min(budget / rayon::current_num_threads().max(1));
            if weight > 0 && weight + w > budget {
                out.push(start..i);
                (start, weight) = (i, 0);
            }
            weight += w;
        }
        if start < self.jobs.len() {
            out.push(start..self.jobs.len());
        }
        out
    }

    /// Renders pages `range` (of `0..page_count()`) in parallel.
    pub(crate) fn render_pages(
        &self,
        range: std::ops::Range<usize>,
    ) -> Result<Vec<OutputFile>, Diagnostics> {
        let results: Vec<Result<OutputFile, Diagnostic>> = self.jobs[range]
            .par_iter()
            .map(|(l, page)| {
                let data = self.page_data(*l, page, &self.shown(*l, page));
                let html = self.render_data(*l, &data)?;
                Ok(OutputFile::made(data.file, html))
            })
            .collect();
        all_or_errors(results)
    }

    /// Renders pages `range` in parallel, except those for which `memo(path)` holds the
    /// fingerprint of their data now. With `changed` (given when the settings,
    /// templates and site model are those of the build `memo` comes from), a page none
    /// of whose shown entries changed keeps its memo without its views being built.
    pub(crate) fn render_pages_memo(
        &self,
        range: std::ops::Range<usize>,
        memo: &Memo<'_>,
        changed: Option<&Changed<'_>>,
    ) -> Result<Vec<RenderedPage>, Diagnostics> {
        let results: Vec<Result<RenderedPage, Diagnostic>> = self.jobs[range]
            .par_iter()
            .map(|(l, page)| self.render_memo(*l, page, memo, changed))
            .collect();
        all_or_errors(results)
    }

    fn render_memo(
        &self,
        l: LangIx,
        page: &Page,
        memo: &Memo<'_>,
        changed: Option<&Changed<'_>>,
    ) -> Result<RenderedPage, Diagnostic> {
        let shown = self.shown(l, page);
        if let Some(changed) = changed.filter(|_| self.fingerprints) {
            let path = self.file_of(l, page);
            if let Some(fingerprint) = memo(&path) {
                if !shown.entries().any(|i| changed(l, i)) {
                    return Ok(RenderedPage {
                        path,
                        fingerprint,
                        html: None,
                    });
                }
            }
        }
        let data = self.page_data(l, page, &shown);
        let fingerprint = fingerprint::combine(&[
            self.global[l.get()],
            fingerprint::hash_of(&(data.template, &data.page, &data.vars)),
        ]);
        let html = match self.fingerprints && memo(&data.file) == Some(fingerprint) {
            true => None,
            false => Some(self.render_data(l, &data)?),
        };
        Ok(RenderedPage {
            path: data.file,
            fingerprint,
            html,
        })
    }

    fn render_data(&self, l: LangIx, data: &PageData) -> Result<Vec<u8>, Diagnostic> {
        let internal = |e: tera::Error| Diagnostic::new(format!("internal: {e}"));
        let mut full = self.constants[l.get()].clone();
        full.extend(tera::Context::from_serialize(&data.page).map_err(internal)?);
        full.extend(tera::Context::from_serialize(&data.vars).map_err(internal)?);
        self.templates.render(data.template, &full)
    }

    /// The files copied as they are: the theme's static files and content assets.
    pub(crate) fn assets(&self) -> Vec<OutputFile> {
        let mut files: Vec<OutputFile> = self
            .theme
            .static_files
            .iter()
            .map(|f| match &f.contents {
                StaticContents::File(source) => OutputFile::copy(f.rel.clone(), source.clone()),
                StaticContents::BuiltIn(bytes) => {
                    OutputFile::made(f.rel.clone(), crate::built::Bytes::from_static(bytes))
                }
            })
            .collect();
        files.extend(content_assets(self.site));
        files
    }
}

/// The entries the home page of language `l` shows: the latest `home_limit`.
fn home_entries(config: &Config, site: &Site, l: LangIx) -> Vec<EntryIx> {
    let n = site.language(l).entries.len();
    let from = match config.home_limit {
        0 => 0,
        limit => n.saturating_sub(limit),
    };
    (from..n).map(EntryIx::new).collect()
}

/// Files under content/: bundle files go beside their article in every language;
/// others keep their path.
fn content_assets(site: &Site) -> Vec<OutputFile> {
    let mut out = Vec::new();
    for asset in &site.assets {
        let bundle = site
            .articles
            .iter()
            .filter_map(|a| a.file.bundle_dir.as_ref())
            .find(|d| std::path::Path::new(&asset.rel).starts_with(d));
        let Some(dir) = bundle else {
            out.push(OutputFile::copy(asset.rel.clone(), asset.source.clone()));
            continue;
        };
        let key = dir.to_string_lossy().replace('\\', "/");
        let inner = asset.rel[key.len()..].trim_start_matches('/');
        for ls in &site.languages {
            let page = ls
                .entries
                .iter()
                .find(|e| !e.fallback && site.article(e.article).file.key == key);
            if let Some(e) = page {
                out.push(OutputFile::copy(
                    format!("{}{inner}", e.path),
                    asset.source.clone(),
                ));
            }
        }
    }
    out
}

/// Every page, or every problem (sorted and deduplicated: one broken template fails
/// every page alike, and is said once).
fn all_or_errors<T>(results: Vec<Result<T, Diagnostic>>) -> Result<Vec<T>, Diagnostics> {
    let mut pages = Vec::with_capacity(results.len());
    let mut errors = Diagnostics::default();
    for r in results {
        match r {
            Ok(p) => pages.push(p),
            Err(d) => errors.push(d),
        }
    }
    errors.sorted().into_result(pages)
}

static EMPTY: crate::theme::Strings = crate::theme::Strings::new();
