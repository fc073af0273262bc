//! Site to output files: every page rendered through the theme's templates, in
//! parallel, plus the static and content files to copy. Never touches the disk.

pub mod date_format;
pub mod templates;
pub mod views;

use rayon::prelude::*;
use serde::Serialize;

use crate::built::{Contents, OutputFile};
use crate::config::Config;
use crate::error::{Diagnostic, Diagnostics};
use crate::fingerprint;
use crate::site::{self, Site};
use crate::theme::Theme;
use templates::Templates;
use views::{AlternateView, LangView, SiteView, TopicView, Views, YearLink};

/// What every page's template sees at the top level that is the same for every page of
/// a language: serialized once per language, not once per page.
#[derive(Serialize, Hash)]
struct LanguageConstants<'a> {
    lang: LangView<'a>,
    site: SiteView<'a>,
    /// Interface strings of the theme in the page's language.
    t: &'a crate::theme::Strings,
    topics: &'a [views::TopicRef],
    years: &'a [YearLink],
}

/// What every page's template sees at the top level that differs per page (besides its
/// own variables).
#[derive(Serialize, Hash)]
struct PageView<'a> {
    /// This page in every language of the site.
    languages: Vec<AlternateView<'a>>,
    /// "home", "topic", "article", "year" or "404".
    kind: &'static str,
    /// The page's own title (without the site title).
    title: String,
    /// Root-relative URL of this page.
    url: String,
    /// Absolute URL of this page.
    permalink: String,
}

enum Page {
    Home,
    /// Page `.1` (0-based) of topic `.0`'s timeline.
    Topic(usize, usize),
    /// The page of entry `.0` (an article of the language, not a fallback).
    Article(usize),
    /// Page `.1` (0-based) of year `.0` (an index into `LangSite::years`).
    Year(usize, usize),
    NotFound,
}

/// Renders the pages of a site, all at once or in batches (so a large site never has to
/// be held in memory whole).
pub struct Renderer<'a> {
    config: &'a Config,
    theme: &'a Theme,
    site: &'a Site,
    templates: &'a Templates,
    views: Vec<Views<'a>>,
    years: Vec<Vec<YearLink>>,
    /// Per language: the top-level variables shared by all its pages.
    constants: Vec<tera::Context>,
    /// Per language: the fingerprint of what every page depends on besides its own
    /// variables (templates, interface strings, settings, the language constants).
    global: Vec<u64>,
    /// Whether cards were hashed, so that pages have fingerprints.
    fingerprints: bool,
    jobs: Vec<(usize, Page)>,
}

impl<'a> Renderer<'a> {
    /// Parses the templates and plans every page.
    pub fn new(
        config: &'a Config,
        loaded: &'a crate::LoadedSite,
    ) -> Result<Renderer<'a>, Diagnostics> {
        Renderer::build(config, loaded, Vec::new(), &|_, _| false, false)
    }

    /// [`Renderer::new`] with the cards of an earlier build of the same site model (one
    /// [`views::Cards`] per language): entry `i` of language `l` keeps its card when
    /// `keep(l, i)`.
    pub fn reusing(
        config: &'a Config,
        loaded: &'a crate::LoadedSite,
        previous: Vec<views::Cards>,
        keep: &(dyn Fn(usize, usize) -> bool + Sync),
    ) -> Result<Renderer<'a>, Diagnostics> {
        Renderer::build(config, loaded, previous, keep, true)
    }

    fn build(
        config: &'a Config,
        loaded: &'a crate::LoadedSite,
        previous: Vec<views::Cards>,
        keep: &(dyn Fn(usize, usize) -> bool + Sync),
        fingerprints: bool,
    ) -> Result<Renderer<'a>, Diagnostics> {
        let (theme, templates, site) = (&loaded.theme, &loaded.templates, &loaded.site);
        let mut previous = previous;
        previous.resize_with(config.languages.len(), Default::default);
        let views: Vec<Views> = previous
            .into_par_iter()
            .enumerate()
            .map(|(l, cards)| Views::new(config, site, l, cards, &|i| keep(l, i), fingerprints))
            .collect();
        let years: Vec<Vec<YearLink>> = views.iter().map(Views::years).collect();
        let mut jobs: Vec<(usize, Page)> = Vec::new();
        for (l, ls) in site.languages.iter().enumerate() {
            jobs.push((l, Page::Home));
            for t in 0..config.topics.len() {
                let pages = views[l].paging(ls.topics[t].len()).count();
                jobs.extend((0..pages).map(|k| (l, Page::Topic(t, k))));
            }
            for (y, (_, list)) in ls.years.iter().enumerate() {
                let pages = views[l].paging(list.len()).count();
                jobs.extend((0..pages).map(|k| (l, Page::Year(y, k))));
            }
            jobs.extend(
                (0..ls.entries.len())
                    .filter(|&i| !ls.entries[i].fallback)
                    .map(|i| (l, Page::Article(i))),
            );
        }
        jobs.push((0, Page::NotFound));
        // What every page depends on besides its variables: the templates, and what
        // their functions read (the theme's strings in every language, as `tr` may ask
        // for any, and the languages' locales).
        let locales: Vec<_> = config
            .languages
            .iter()
            .map(|l| (&l.code, l.locale))
            .collect();
        let shared = fingerprints.then(|| {
            fingerprint::combine(&[
                fingerprint::hash_of(&locales),
                fingerprint::hash_of(&theme.strings),
                fingerprint::hash_of(
                    &theme
                        .templates
                        .iter()
                        .map(|t| (&t.name, &t.source))
                        .collect::<Vec<_>>(),
                ),
            ])
        });
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
                },
                t: theme.strings.get(&lang.code).unwrap_or(&EMPTY),
                topics: &views[l].topics,
                years: &years[l],
            };
            // A build that remembers nothing computes no fingerprint.
            global.push(shared.map_or(0, |s| fingerprint::combine(&[s, fingerprint::hash_of(&c)])));
            constants.push(
                tera::Context::from_serialize(&c)
                    .map_err(|e| Diagnostics::from(Diagnostic::new(format!("internal: {e}"))))?,
            );
        }
        Ok(Renderer {
            config,
            theme,
            site,
            templates,
            views,
            years,
            constants,
            global,
            fingerprints,
            jobs,
        })
    }

    /// Gives the cards back (see [`Renderer::reusing`]).
    pub fn into_cards(self) -> Vec<views::Cards> {
        self.views.into_iter().map(Views::into_cards).collect()
    }

    /// How many pages there are.
    pub fn page_count(&self) -> usize {
        self.jobs.len()
    }

    /// Consecutive ranges of pages, each about `budget` bytes of output, so a batch of
    /// long timelines (a home page lists every event) holds no more than a batch of
    /// articles. Estimated, not measured: an article page counts as much as
    /// `ENTRIES_PER_ARTICLE` timeline entries.
    pub fn batches(&self, articles_per_batch: usize) -> Vec<std::ops::Range<usize>> {
        const ENTRIES_PER_ARTICLE: usize = 20;
        let budget = articles_per_batch.max(1) * ENTRIES_PER_ARTICLE;
        let mut out = Vec::new();
        let (mut start, mut weight) = (0, 0);
        for (i, (l, page)) in self.jobs.iter().enumerate() {
            let ls = &self.site.languages[*l];
            let w = match page {
                Page::Home => self.home_entries(*l).len(),
                Page::Topic(t, k) => self.page_part(*l, &ls.topics[*t], *k).len(),
                Page::Year(y, k) => self.page_part(*l, &ls.years[*y].1, *k).len(),
                Page::Article(_) => ENTRIES_PER_ARTICLE,
                Page::NotFound => 1,
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
    pub fn render_pages(
        &self,
        range: std::ops::Range<usize>,
    ) -> Result<Vec<OutputFile>, Diagnostics> {
        let results: Vec<Result<OutputFile, Diagnostic>> = self.jobs[range]
            .par_iter()
            .map(|(l, page)| self.render_page(*l, page))
            .collect();
        all_or_errors(results)
    }

    /// The files copied as they are: the theme's static files and content assets.
    pub fn assets(&self) -> Vec<OutputFile> {
        let mut files: Vec<OutputFile> = self
            .theme
            .static_files
            .iter()
            .map(|f| OutputFile {
                path: f.rel.clone(),
                contents: Contents::Copy(f.source.clone()),
            })
            .collect();
        files.extend(content_assets(self.site));
        files
    }
}

/// Renders every page of `site` and lists the files to copy, all in memory.
pub fn render(config: &Config, loaded: &crate::LoadedSite) -> Result<Vec<OutputFile>, Diagnostics> {
    let r = Renderer::new(config, loaded)?;
    let mut files = r.render_pages(0..r.page_count())?;
    files.extend(r.assets());
    Ok(files)
}

/// Files under content/: bundle files go beside their article in every language;
/// others keep their path.
fn content_assets(site: &Site) -> Vec<OutputFile> {
    let mut out = Vec::new();
    for asset in &site.assets {
        let bundle = site
            .articles
            .iter()
            .filter_map(|a| a.file.bundle_dir.as_ref().map(|d| (a, d)))
            .find(|(_, d)| std::path::Path::new(&asset.rel).starts_with(d));
        match bundle {
            Some((_, dir)) => {
                let key = dir.to_string_lossy().replace('\\', "/");
                let inner = &asset.rel[key.len()..].trim_start_matches('/');
                for ls in &site.languages {
                    if let Some(e) = ls
                        .entries
                        .iter()
                        .find(|e| !e.fallback && site.articles[e.article].file.key == key)
                    {
                        out.push(OutputFile {
                            path: format!("{}{inner}", e.path),
                            contents: Contents::Copy(asset.source.clone()),
                        });
                    }
                }
            }
            None => out.push(OutputFile {
                path: asset.rel.clone(),
                contents: Contents::Copy(asset.source.clone()),
            }),
        }
    }
    out
}

/// The variables a page's template gets besides the language constants and
/// [`PageView`]; absent ones are not set.
#[derive(Serialize, Hash, Default)]
struct PageVars<'v> {
    #[serde(skip_serializing_if = "Option::is_none")]
    topic: Option<&'v TopicView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phases: Option<Vec<views::PhaseView>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    timeline: Option<Vec<views::YearView<'v>>>,
    /// Topic: every year of the topic (its timeline may be one page of several).
    #[serde(skip_serializing_if = "Option::is_none")]
    topic_years: Option<Vec<YearLink>>,
    /// Topic: this page of its timeline among the others.
    #[serde(skip_serializing_if = "Option::is_none")]
    pager: Option<views::PagerView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<&'v YearLink>,
    #[serde(skip_serializing_if = "Option::is_none")]
    article: Option<views::ArticleView<'v>>,
    /// Home: how many earlier events its timeline leaves out (`home_limit`).
    #[serde(skip_serializing_if = "Option::is_none")]
    earlier: Option<usize>,
}

/// A page in another language: the same page, or, where that language has none, the
/// page its language switcher leads to instead.
enum Alternate {
    Same(String),
    Instead(String),
}

/// Everything one page's template is given, and where the page goes.
struct PageData<'v> {
    template: &'static str,
    /// Output path (`en/events/x/index.html`).
    file: String,
    page: PageView<'v>,
    vars: PageVars<'v>,
}

/// A page rendered, or found unchanged, by [`Renderer::render_pages_memo`].
pub struct RenderedPage {
    pub path: String,
    pub fingerprint: u64,
    /// None: the fingerprint matched, keep the bytes rendered before.
    pub html: Option<Vec<u8>>,
}

impl Renderer<'_> {
    fn page_data(&self, l: usize, page: &Page) -> PageData<'_> {
        let (config, site, years) = (self.config, self.site, &self.years);
        let v = &self.views[l];
        let lang = &config.languages[l];
        let ls = &site.languages[l];
        let mut vars = PageVars::default();
        let path = self.site_path(l, page);
        let home = |x: &crate::config::Language| Alternate::Instead(site::home_path(&x.prefix));
        // (template, kind, title, this page in every language)
        let (template, kind, title, alternates): (
            &'static str,
            &'static str,
            String,
            Vec<Alternate>,
        ) = match page {
            Page::Home => {
                let latest = self.home_entries(l);
                vars.earlier = Some(latest.start);
                vars.timeline = Some(v.timeline(&latest.collect::<Vec<_>>()));
                (
                    "index.html",
                    "home",
                    lang.title.clone(),
                    config
                        .languages
                        .iter()
                        .map(|x| Alternate::Same(site::home_path(&x.prefix)))
                        .collect(),
                )
            }
            Page::Topic(t, k) => {
                let topic = &config.topics[*t];
                vars.topic = Some(&v.topics[*t]);
                vars.phases = Some(v.phases(topic));
                let list = &ls.topics[*t];
                vars.timeline = Some(v.topic_timeline(*t, self.page_part(l, list, *k)));
                vars.topic_years = Some(v.topic_years(*t, *k));
                let first = site::topic_path(&lang.prefix, &topic.id);
                vars.pager = Some(v.pager(list, *k, &first, false));
                (
                    "topic.html",
                    "topic",
                    v.topics[*t].title.clone(),
                    config
                        .languages
                        .iter()
                        .zip(&self.views)
                        .map(|(x, other)| {
                            let first = site::topic_path(&x.prefix, &topic.id);
                            // Fewer pages there: the switcher leads to the topic's first.
                            match *k < other.paging(other.lang_site.topics[*t].len()).count() {
                                true => Alternate::Same(site::paged_path(first, *k)),
                                false => Alternate::Instead(first),
                            }
                        })
                        .collect(),
                )
            }
            Page::Year(y, k) => {
                let (year, list) = &ls.years[*y];
                vars.year = Some(&years[l][*y]);
                vars.timeline = Some(v.timeline(self.page_part(l, list, *k)));
                let first = site::year_path(&lang.prefix, *year);
                vars.pager = Some(v.pager(list, *k, &first, true));
                (
                    "year.html",
                    "year",
                    years[l][*y].label.clone(),
                    config
                        .languages
                        .iter()
                        .enumerate()
                        .map(|(i, x)| {
                            let first = site::year_path(&x.prefix, *year);
                            match site.languages[i].years.iter().find(|(yy, _)| yy == year) {
                                Some((_, l)) if *k < self.views[i].paging(l.len()).count() => {
                                    Alternate::Same(site::paged_path(first, *k))
                                }
                                Some(_) => Alternate::Instead(first),
                                None => home(x),
                            }
                        })
                        .collect(),
                )
            }
            Page::Article(i) => {
                let e = &ls.entries[*i];
                let view = v.article_view(*i);
                let title = view.entry.title.clone();
                vars.article = Some(view);
                (
                    "article.html",
                    "article",
                    title,
                    config
                        .languages
                        .iter()
                        .zip(&site.languages)
                        .map(|(x, other)| match other.page_of_event(e.event) {
                            Some(page) => Alternate::Same(page.path.clone()),
                            None => home(x),
                        })
                        .collect(),
                )
            }
            Page::NotFound => (
                "404.html",
                "404",
                lang.title.clone(),
                // There is one 404 page (GitHub Pages serves the root one everywhere):
                // its language switcher leads to each language's home.
                config.languages.iter().map(home).collect(),
            ),
        };
        let page = PageView {
            languages: config
                .languages
                .iter()
                .zip(alternates)
                .map(|(x, alternate)| {
                    let (translated, p) = match alternate {
                        Alternate::Same(p) => (true, p),
                        Alternate::Instead(p) => (false, p),
                    };
                    AlternateView {
                        code: &x.code,
                        name: &x.name,
                        dir: x.dir.as_str(),
                        url: config.base_url.link(&p),
                        permalink: config.base_url.permalink(&p),
                        current: x.code == lang.code && translated,
                        translated,
                    }
                })
                .collect(),
            kind,
            title,
            url: config.base_url.link(&path),
            permalink: config.base_url.permalink(&path),
        };
        let file = file_name(path);
        PageData {
            template,
            file,
            page,
            vars,
        }
    }

    fn render_data(&self, l: usize, data: &PageData) -> Result<Vec<u8>, Diagnostic> {
        let internal = |e: tera::Error| Diagnostic::new(format!("internal: {e}"));
        let mut full = self.constants[l].clone();
        full.extend(tera::Context::from_serialize(&data.page).map_err(internal)?);
        full.extend(tera::Context::from_serialize(&data.vars).map_err(internal)?);
        self.templates.render(data.template, &full)
    }

    fn render_page(&self, l: usize, page: &Page) -> Result<OutputFile, Diagnostic> {
        let data = self.page_data(l, page);
        let html = self.render_data(l, &data)?;
        Ok(OutputFile::made(data.file, html))
    }

    /// The fingerprint of a page: the hash of everything its template is given, plus
    /// the templates, interface strings and settings every page depends on.
    fn fingerprint(&self, l: usize, data: &PageData) -> u64 {
        fingerprint::combine(&[
            self.global[l],
            fingerprint::hash_of(&(data.template, &data.page, &data.vars)),
        ])
    }

    /// Renders pages `range` in parallel, except those for which `memo(path)` holds the
    /// bytes rendered for the same fingerprint. With `changed` (given when the settings,
    /// templates and site model are those of the build `memo` comes from), a page
    /// whose entries all have `!changed(language, entry)` keeps its memo without its
    /// views being built at all: a page is a function of the settings, the model and
    /// the articles of the entries it shows ([`Renderer::shows`]).
    pub fn render_pages_memo(
        &self,
        range: std::ops::Range<usize>,
        memo: &(dyn Fn(&str) -> Option<u64> + Sync),
        changed: Option<&(dyn Fn(usize, usize) -> bool + Sync)>,
    ) -> Result<Vec<RenderedPage>, Diagnostics> {
        let results: Vec<Result<RenderedPage, Diagnostic>> = self.jobs[range]
            .par_iter()
            .map(|(l, page)| {
                if let Some(changed) = changed.filter(|_| self.fingerprints) {
                    let path = self.file_of(*l, page);
                    if let Some(fingerprint) = memo(&path) {
                        if !self.shows(*l, page).any(|i| changed(*l, i)) {
                            return Ok(RenderedPage {
                                path,
                                fingerprint,
                                html: None,
                            });
                        }
                    }
                }
                let data = self.page_data(*l, page);
                let fingerprint = self.fingerprint(*l, &data);
                let html = if self.fingerprints && memo(&data.file) == Some(fingerprint) {
                    None
                } else {
                    Some(self.render_data(*l, &data)?)
                };
                Ok(RenderedPage {
                    path: data.file,
                    fingerprint,
                    html,
                })
            })
            .collect();
        all_or_errors(results)
    }

    /// The fingerprint of everything pages share (per language): equal between two
    /// builds when the settings, templates, strings, topics and years are.
    pub fn shared_fingerprints(&self) -> &[u64] {
        &self.global
    }

    /// The entries (of language `l`) whose articles page `page` shows: its own, its
    /// neighbours and related articles, or the entries of its timeline. Keep in step
    /// with [`Renderer::page_data`].
    fn shows<'p>(&'p self, l: usize, page: &'p Page) -> Box<dyn Iterator<Item = usize> + 'p> {
        let ls = &self.site.languages[l];
        match page {
            Page::Home => Box::new(self.home_entries(l)),
            Page::Topic(t, k) => Box::new(self.page_part(l, &ls.topics[*t], *k).iter().copied()),
            Page::Year(y, k) => Box::new(self.page_part(l, &ls.years[*y].1, *k).iter().copied()),
            Page::Article(i) => {
                let e = &ls.entries[*i];
                Box::new(
                    std::iter::once(*i)
                        .chain(
                            e.neighbours
                                .iter()
                                .flat_map(|n| n.prev.into_iter().chain(n.next)),
                        )
                        .chain(e.related.iter().copied()),
                )
            }
            Page::NotFound => Box::new(std::iter::empty()),
        }
    }

    /// The part of `list` (a topic's timeline or a year, in language `l`) that its page
    /// `k` shows.
    fn page_part<'l>(&self, l: usize, list: &'l [usize], k: usize) -> &'l [usize] {
        &list[self.views[l].paging(list.len()).range(k)]
    }

    /// The entries the home page's timeline shows: the latest `home_limit`.
    fn home_entries(&self, l: usize) -> std::ops::Range<usize> {
        let n = self.site.languages[l].entries.len();
        match self.config.home_limit {
            0 => 0..n,
            limit => n.saturating_sub(limit)..n,
        }
    }

    /// Where page `page` of language `l` is written (`en/events/x/index.html`).
    fn file_of(&self, l: usize, page: &Page) -> String {
        file_name(self.site_path(l, page))
    }

    /// The site path of page `page` of language `l` (`en/events/x/`, `404.html`).
    fn site_path(&self, l: usize, page: &Page) -> String {
        let prefix = self.config.languages[l].prefix.as_str();
        let ls = &self.site.languages[l];
        match page {
            Page::Home => site::home_path(prefix),
            Page::Topic(t, k) => {
                site::paged_path(site::topic_path(prefix, &self.config.topics[*t].id), *k)
            }
            Page::Year(y, k) => site::paged_path(site::year_path(prefix, ls.years[*y].0), *k),
            Page::Article(i) => ls.entries[*i].path.clone(),
            Page::NotFound => "404.html".to_string(),
        }
    }
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

/// A page's site path as a file path: `x/` → `x/index.html`.
fn file_name(path: String) -> String {
    if path.ends_with('/') || path.is_empty() {
        format!("{path}index.html")
    } else {
        path
    }
}

static EMPTY: crate::theme::Strings = crate::theme::Strings::new();
