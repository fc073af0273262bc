//! The pages of a site: what each is ([`Page`]), where it goes, what of the timeline it
//! shows ([`Shown`]) and what its template is given ([`PageData`]), one function per kind
//! of page. A page's views are built from its `Shown` alone, so that `Shown` is also,
//! by construction, the list of entries whose articles the page depends on.

use serde::Serialize;

use super::entity_views::{EntityGroup, EntityView, StatusView};
use super::lang_views::{Around, Views};
use super::structured::{self, PageFacts};
use super::views::{self, AlternateView, PagerView, PhaseView, TopicView, YearLink, YearView};
use super::Renderer;
use crate::config::Language;
use crate::site::{self, EntityIx, EntryIx, LangIx, TopicIx};

/// One page of one language.
#[derive(Debug, Clone, Copy)]
pub(super) enum Page {
    Home,
    /// Page `page` (0-based) of a topic's timeline.
    Topic {
        topic: TopicIx,
        page: usize,
    },
    /// Page `page` (0-based) of a year of the archive (`year`: its index in
    /// `LangSite::years`).
    Year {
        year: usize,
        page: usize,
    },
    /// The page of an entry (an article of the language, not a fallback).
    Article(EntryIx),
    /// The page of an entity (an actor or a place).
    Entity(EntityIx),
    /// The index of the places (`places`) or of the actors.
    Entities {
        places: bool,
    },
    /// The page that explains the statuses.
    Statuses,
    /// A topic's whole timeline without the site's navigation, for an iframe.
    Embed(TopicIx),
    /// A topic shown by TimelineJS3 (optional: see `Optional::timelinejs`).
    TimelineJs(TopicIx),
    NotFound,
}

/// What kind of page a template renders (`kind` in templates).
#[derive(Debug, Clone, Copy, Hash, Serialize)]
pub(super) enum PageKind {
    #[serde(rename = "home")]
    Home,
    #[serde(rename = "topic")]
    Topic,
    #[serde(rename = "year")]
    Year,
    #[serde(rename = "article")]
    Article,
    #[serde(rename = "entity")]
    Entity,
    #[serde(rename = "entities")]
    Entities,
    #[serde(rename = "statuses")]
    Statuses,
    #[serde(rename = "embed")]
    Embed,
    #[serde(rename = "timelinejs")]
    TimelineJs,
    #[serde(rename = "404")]
    NotFound,
}

/// What of the timeline a page shows.
pub(super) enum Shown<'s> {
    /// A list of entries, in order (the home page's latest, a page of a topic or year).
    List(&'s [EntryIx]),
    /// An article page: its own entry and what it shows around it.
    Article(EntryIx, Around<'s>),
    Nothing,
}

impl Shown<'_> {
    /// Every entry the page shows.
    pub(super) fn entries(&self) -> Box<dyn Iterator<Item = EntryIx> + '_> {
        match self {
            Shown::List(list) => Box::new(list.iter().copied()),
            Shown::Article(i, around) => Box::new(
                std::iter::once(*i)
                    .chain(
                        around
                            .neighbours
                            .iter()
                            .flat_map(|n| n.prev.into_iter().chain(n.next)),
                    )
                    .chain(around.related.iter().copied()),
            ),
            Shown::Nothing => Box::new(std::iter::empty()),
        }
    }
}

/// What every page's template sees at the top level that differs per page (besides its
/// own variables).
#[derive(Serialize, Hash)]
pub(super) struct PageView<'a> {
    /// This page in every language of the site.
    languages: Vec<AlternateView<'a>>,
    kind: PageKind,
    /// The page's own title (without the site title).
    title: String,
    /// What the page is about, in a sentence or two (for search engines and link
    /// previews).
    description: String,
    /// Absolute URL of the image a link preview shows, if any.
    image: Option<String>,
    /// The page's JSON-LD, ready to go inside `<script type="application/ld+json">`.
    structured_data: String,
    /// Root-relative URL of this page.
    url: String,
    /// Absolute URL of this page.
    permalink: String,
}

/// The variables a page's template gets besides the language constants and
/// [`PageView`]; absent ones are not set.
#[derive(Serialize, Hash, Default)]
pub(super) struct PageVars<'v> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) topic: Option<&'v TopicView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) phases: Option<Vec<PhaseView>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) timeline: Option<Vec<YearView<'v>>>,
    /// Topic: every year of the topic (its timeline may be one page of several).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) topic_years: Option<Vec<YearLink>>,
    /// Topic and year: this page of its list among the others.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) pager: Option<PagerView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) year: Option<&'v YearLink>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) article: Option<views::ArticleView<'v>>,
    /// Home: how many earlier events its timeline leaves out (`home_limit`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) earlier: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) entity: Option<EntityView<'v>>,
    /// Entities: the actors or places, by kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) entity_groups: Option<Vec<EntityGroup<'v>>>,
    /// Entities: `actors` or `places`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) index: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) statuses: Option<Vec<StatusView>>,
}

/// A page in another language: the same page, or, where that language has none, the
/// page its language switcher leads to instead.
pub(super) enum Alternate {
    Same(String),
    Instead(String),
}

/// Everything one page's template is given, and where the page goes.
pub(super) struct PageData<'v> {
    pub template: &'static str,
    /// Output path (`en/events/x/index.html`).
    pub file: String,
    pub page: PageView<'v>,
    pub vars: PageVars<'v>,
}

/// What a page-kind function gives: its template, kind, title, description, preview
/// image, alternates and variables.
pub(super) struct Made<'v> {
    pub template: &'static str,
    pub kind: PageKind,
    pub title: String,
    pub description: String,
    pub image: Option<String>,
    pub alternates: Vec<Alternate>,
    pub vars: PageVars<'v>,
}

impl Renderer<'_> {
    /// What page `page` of language `l` shows.
    pub(super) fn shown(&self, l: LangIx, page: &Page) -> Shown<'_> {
        let ls = self.site.language(l);
        match *page {
            Page::Home => Shown::List(&self.home[l.get()]),
            Page::Topic { topic, page } => Shown::List(self.page_part(l, ls.topic(topic), page)),
            Page::Year { year, page } => {
                Shown::List(self.page_part(l, &ls.years[year].entries, page))
            }
            Page::Article(i) => {
                let e = ls.entry(i);
                let around = Around {
                    neighbours: &e.neighbours,
                    related: &e.related,
                };
                Shown::Article(i, around)
            }
            Page::Entity(e) => Shown::List(&ls.entity_entries[e.get()]),
            // The latest page of the topic, as its first page shows (a topic of 20,000
            // events is not embedded whole).
            Page::Embed(t) => Shown::List(self.page_part(l, ls.topic(t), 0)),
            Page::TimelineJs(_) => Shown::Nothing,
            Page::Entities { .. } | Page::Statuses | Page::NotFound => Shown::Nothing,
        }
    }

    /// Everything page `page` of language `l`, showing `shown`, is given.
    pub(super) fn page_data<'s>(
        &'s self,
        l: LangIx,
        page: &Page,
        shown: &Shown<'s>,
    ) -> PageData<'s> {
        let v = &self.views[l.get()];
        let made = match (*page, shown) {
            (Page::Home, Shown::List(list)) => self.home(l, v, list),
            (Page::Topic { topic, page }, Shown::List(list)) => self.topic(l, v, topic, page, list),
            (Page::Year { year, page }, Shown::List(list)) => self.year(l, v, year, page, list),
            (Page::Article(_), Shown::Article(i, around)) => self.article(v, *i, *around),
            (Page::Entity(e), Shown::List(list)) => self.entity(v, e, list),
            (Page::Embed(t), Shown::List(list)) => self.embed(v, t, list),
            (Page::TimelineJs(t), _) => self.timelinejs(v, t),
            (Page::Entities { places }, _) => self.entities(v, places),
            (Page::Statuses, _) => self.statuses(v),
            _ => self.not_found(),
        };
        let lang = &self.config.languages[l.get()];
        let path = self.site_path(l, page);
        let permalink = self.config.base_url.permalink(&path);
        let structured_data = self.structured_data(v, page, &made, &permalink);
        PageData {
            template: made.template,
            file: file_name(path.clone()),
            page: PageView {
                languages: self.alternates(lang, made.alternates),
                kind: made.kind,
                title: made.title,
                description: made.description,
                image: made.image,
                structured_data,
                url: self.config.base_url.link(&path),
                permalink,
            },
            vars: made.vars,
        }
    }

    /// The page's JSON-LD (see [`super::structured`]).
    fn structured_data(
        &self,
        v: &Views<'_>,
        page: &Page,
        made: &Made<'_>,
        permalink: &str,
    ) -> String {
        let facts = PageFacts {
            config: self.config,
            lang: v.lang,
            title: &made.title,
            description: &made.description,
            permalink,
        };
        let value = match (page, &made.vars) {
            (Page::Home, _) => facts.home(),
            (
                Page::Article(i),
                PageVars {
                    article: Some(view),
                    ..
                },
            ) => facts.news_article(view, v.article_of(*i)),
            (
                Page::Entity(_),
                PageVars {
                    entity: Some(e), ..
                },
            ) => facts.entity(e),
            (Page::Topic { .. } | Page::Year { .. } | Page::Entities { .. }, _) => {
                facts.page("CollectionPage")
            }
            _ => facts.page("WebPage"),
        };
        structured::script_text(&value)
    }

    fn home<'s>(&'s self, l: LangIx, v: &'s Views<'s>, list: &[EntryIx]) -> Made<'s> {
        let lang = &self.config.languages[l.get()];
        Made {
            template: "index.html",
            kind: PageKind::Home,
            title: lang.title.clone(),
            description: lang.description.clone(),
            image: None,
            alternates: self
                .config
                .languages
                .iter()
                .map(|x| Alternate::Same(site::home_path(&x.prefix)))
                .collect(),
            vars: PageVars {
                earlier: Some(self.site.language(l).entries.len() - list.len()),
                timeline: Some(v.timeline(list)),
                ..PageVars::default()
            },
        }
    }

    fn topic<'s>(
        &'s self,
        l: LangIx,
        v: &'s Views<'s>,
        t: TopicIx,
        page: usize,
        list: &[EntryIx],
    ) -> Made<'s> {
        let (lang, topic) = (
            &self.config.languages[l.get()],
            &self.config.topics[t.get()],
        );
        let whole = self.site.language(l).topic(t);
        let first = site::topic_path(&lang.prefix, &topic.id);
        let alternates = self
            .config
            .languages
            .iter()
            .zip(&self.views)
            .map(|(x, other)| {
                let first = site::topic_path(&x.prefix, &topic.id);
                // Fewer pages there: the switcher leads to the topic's first.
                match page < other.paging(other.lang_site.topic(t).len()).count() {
                    true => Alternate::Same(site::paged_path(first, page)),
                    false => Alternate::Instead(first),
                }
            })
            .collect();
        Made {
            template: "topic.html",
            kind: PageKind::Topic,
            title: v.topics[t.get()].title.clone(),
            description: match v.topics[t.get()].description.as_str() {
                "" => lang.description.clone(),
                d => d.to_string(),
            },
            image: None,
            alternates,
            vars: PageVars {
                topic: Some(&v.topics[t.get()]),
                phases: Some(v.phases(topic)),
                timeline: Some(v.topic_timeline(t, list)),
                topic_years: Some(v.topic_years(t, page)),
                pager: Some(v.pager(whole, page, &first, false)),
                ..PageVars::default()
            },
        }
    }

    fn year<'s>(
        &'s self,
        l: LangIx,
        v: &'s Views<'s>,
        y: usize,
        page: usize,
        list: &[EntryIx],
    ) -> Made<'s> {
        let lang = &self.config.languages[l.get()];
        let year = &self.site.language(l).years[y];
        let first = site::year_path(&lang.prefix, year.year);
        let alternates = self
            .config
            .languages
            .iter()
            .enumerate()
            .map(|(i, x)| {
                let first = site::year_path(&x.prefix, year.year);
                let there = self.site.languages[i]
                    .years
                    .iter()
                    .find(|o| o.year == year.year);
                match there {
                    Some(o) if page < self.views[i].paging(o.entries.len()).count() => {
                        Alternate::Same(site::paged_path(first, page))
                    }
                    Some(_) => Alternate::Instead(first),
                    None => Alternate::Instead(site::home_path(&x.prefix)),
                }
            })
            .collect();
        let link = &self.years[l.get()][y];
        Made {
            template: "year.html",
            kind: PageKind::Year,
            title: link.label.clone(),
            description: lang.description.clone(),
            image: None,
            alternates,
            vars: PageVars {
                year: Some(link),
                timeline: Some(v.timeline(list)),
                pager: Some(v.pager(&year.entries, page, &first, true)),
                ..PageVars::default()
            },
        }
    }

    fn article<'s>(&'s self, v: &'s Views<'s>, i: EntryIx, around: Around<'s>) -> Made<'s> {
        let e = v.lang_site.entry(i);
        let view = v.article_view(i, around);
        let alternates = self
            .config
            .languages
            .iter()
            .zip(&self.site.languages)
            .map(|(x, other)| match other.page_of_event(e.event) {
                Some(page) => Alternate::Same(page.path.clone()),
                None => Alternate::Instead(site::home_path(&x.prefix)),
            })
            .collect();
        Made {
            template: "article.html",
            kind: PageKind::Article,
            title: view.entry.title.clone(),
            description: view.entry.summary.clone(),
            image: v.article_of(i).image.as_deref().map(|src| {
                match (src.strip_prefix('/'), src.contains("://")) {
                    (Some(rest), _) => self.config.base_url.permalink(rest),
                    (None, true) => src.to_string(),
                    // Beside the article (a bundle's image).
                    (None, false) => self.config.base_url.permalink(&format!("{}{src}", e.path)),
                }
            }),
            alternates,
            vars: PageVars {
                article: Some(view),
                ..PageVars::default()
            },
        }
    }

    /// A topic's embeddable view: its latest `page_size` events (all of a shorter
    /// topic), and how many earlier ones it leaves out.
    fn embed<'s>(&'s self, v: &'s Views<'s>, t: TopicIx, list: &[EntryIx]) -> Made<'s> {
        let topic = &self.config.topics[t.get()];
        let view = &v.topics[t.get()];
        Made {
            template: "embed.html",
            kind: PageKind::Embed,
            title: view.title.clone(),
            description: view.description.clone(),
            image: None,
            alternates: self
                .config
                .languages
                .iter()
                .map(|x| Alternate::Same(site::embed_path(&x.prefix, &topic.id)))
                .collect(),
            vars: PageVars {
                topic: Some(view),
                phases: Some(v.phases(topic)),
                timeline: Some(v.topic_timeline(t, list)),
                earlier: Some(v.lang_site.topic(t).len() - list.len()),
                ..PageVars::default()
            },
        }
    }

    /// A topic shown by TimelineJS3, from the topic's TimelineJS3 file (its events are
    /// in that file, not in the page).
    fn timelinejs<'s>(&'s self, v: &'s Views<'s>, t: TopicIx) -> Made<'s> {
        let topic = &self.config.topics[t.get()];
        let view = &v.topics[t.get()];
        Made {
            template: "timelinejs.html",
            kind: PageKind::TimelineJs,
            title: view.title.clone(),
            description: view.description.clone(),
            image: None,
            alternates: self
                .config
                .languages
                .iter()
                .map(|x| Alternate::Same(site::timelinejs_path(&x.prefix, &topic.id)))
                .collect(),
            vars: PageVars {
                topic: Some(view),
                ..PageVars::default()
            },
        }
    }

    fn not_found(&self) -> Made<'_> {
        let lang = self.config.default_language();
        Made {
            template: "404.html",
            kind: PageKind::NotFound,
            title: lang.title.clone(),
            description: lang.description.clone(),
            image: None,
            // There is one 404 page (GitHub Pages serves the root one everywhere): its
            // language switcher leads to each language's home.
            alternates: self
                .config
                .languages
                .iter()
                .map(|x| Alternate::Instead(site::home_path(&x.prefix)))
                .collect(),
            vars: PageVars::default(),
        }
    }

    /// The language switcher's entries for a page of `lang`.
    pub(super) fn alternates<'s>(
        &'s self,
        lang: &Language,
        alternates: Vec<Alternate>,
    ) -> Vec<AlternateView<'s>> {
        self.config
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
                    url: self.config.base_url.link(&p),
                    permalink: self.config.base_url.permalink(&p),
                    current: x.code == lang.code && translated,
                    translated,
                }
            })
            .collect()
    }

    /// The part of `list` (a topic's timeline or a year, in language `l`) that its page
    /// `page` shows.
    pub(super) fn page_part<'l>(
        &self,
        l: LangIx,
        list: &'l [EntryIx],
        page: usize,
    ) -> &'l [EntryIx] {
        &list[self.views[l.get()].paging(list.len()).range(page)]
    }

    /// Where page `page` of language `l` is written (`en/events/x/index.html`).
    pub(super) fn file_of(&self, l: LangIx, page: &Page) -> String {
        file_name(self.site_path(l, page))
    }

    /// The site path of page `page` of language `l` (`en/events/x/`, `404.html`).
    fn site_path(&self, l: LangIx, page: &Page) -> String {
        let prefix = self.config.languages[l.get()].prefix.as_str();
        let ls = self.site.language(l);
        match *page {
            Page::Home => site::home_path(prefix),
            Page::Topic { topic, page } => site::paged_path(
                site::topic_path(prefix, &self.config.topics[topic.get()].id),
                page,
            ),
            Page::Year { year, page } => {
                site::paged_path(site::year_path(prefix, ls.years[year].year), page)
            }
            Page::Article(i) => ls.entry(i).path.clone(),
            Page::Entity(e) => site::entity_path(prefix, &self.site.entity(e).id),
            Page::Entities { places } => site::entities_path(prefix, places),
            Page::Statuses => site::statuses_path(prefix),
            Page::Embed(t) => site::embed_path(prefix, &self.config.topics[t.get()].id),
            Page::TimelineJs(t) => site::timelinejs_path(prefix, &self.config.topics[t.get()].id),
            Page::NotFound => "404.html".to_string(),
        }
    }
}

/// A page's site path as a file path: `x/` → `x/index.html`.
fn file_name(path: String) -> String {
    if path.ends_with('/') || path.is_empty() {
        format!("{path}index.html")
    } else {
        path
    }
}
