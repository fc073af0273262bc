//! What templates see: documented, serializable views built from the site model.
//! Every URL in a view is ready to print (base path included); every date is already
//! formatted for the page's language as its precision allows.

use std::sync::Arc;

use serde::Serialize;

use crate::config::{Config, Language, Topic};
use crate::content::Article;
use crate::date::{DatePoint, EventDate, Precision};
use crate::render::date_format::{format_event_date, format_point, format_year, month_name};
use crate::site::{self, Entry, LangSite, Site};

/// `lang`: the page's language.
#[derive(Debug, Hash, Serialize)]
pub struct LangView<'a> {
    pub code: &'a str,
    pub dir: &'static str,
    pub name: &'a str,
}

/// `site`: the site as a whole, in the page's language.
#[derive(Debug, Hash, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// `https://user.github.io/repo/`
    pub base_url: &'a str,
    /// `/repo/`: prefix of every root-relative link (theme static files live here).
    pub base_path: &'a str,
    /// The home page in this language.
    pub home_url: String,
    /// The Atom feed of the whole site in this language.
    pub feed_url: String,
}

/// One entry of `languages`: this same page in a language of the site, or that
/// language's home page when the page has no version in it (`translated` false).
#[derive(Debug, Hash, Serialize)]
pub struct AlternateView<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub dir: &'static str,
    pub url: String,
    pub permalink: String,
    pub current: bool,
    pub translated: bool,
}

/// A topic, for navigation, badges and legends.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct TopicView {
    pub id: String,
    pub title: String,
    pub description: String,
    pub url: String,
    pub color: String,
    /// Number of events in this topic (in this language).
    pub count: usize,
    /// The topic's Atom feed in this language.
    pub feed_url: String,
}

/// A period of a topic (from site.toml).
#[derive(Debug, Hash, Serialize)]
pub struct PhaseView {
    pub title: String,
    pub date: DateView,
}

/// A date, ready to show.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct DateView {
    /// "15–17 July 2022", "تموز/يوليو 2022", "c. 2013"…
    pub display: String,
    /// A valid HTML `datetime` value for the start: "2022", "2022-07", "2022-07-15".
    pub datetime: String,
    /// The date as written in EDTF ("2022-07-15/2022-07-17").
    pub edtf: String,
    /// "year", "month", "day" or "time".
    pub precision: &'static str,
    pub ongoing: bool,
    pub approximate: bool,
    pub uncertain: bool,
}

/// An event in a list (timelines, related articles).
#[derive(Debug, Clone, Hash, Serialize)]
pub struct EntryView {
    pub title: String,
    pub url: String,
    pub date: DateView,
    pub summary: String,
    pub status: &'static str,
    /// Shared with the language's topic list (a card holds no copy).
    pub topics: Vec<TopicRef>,
    pub source_count: usize,
    /// Shown in another language, because no translation exists yet.
    pub fallback: bool,
    /// The language of the text shown (differs from the page's on fallback).
    pub lang: String,
    pub dir: &'static str,
}

/// An entry as a template sees it, built once per language and shared by every list
/// and page that shows it. Templates see its view; a page's fingerprint counts it as the
/// hash of that view, computed once ([`crate::fingerprint`]).
#[derive(Debug, Clone, Copy)]
pub struct Card<'v> {
    pub view: &'v EntryView,
    /// `fingerprint::hash_of(view)` (0 in a run that makes no fingerprints).
    pub hash: u64,
}

impl Serialize for Card<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.view.serialize(s)
    }
}

impl std::hash::Hash for Card<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// A topic's view shared by every card that shows it, with its Tera value (made once:
/// a card's value then holds the same map, not a copy).
#[derive(Debug, Clone)]
pub struct TopicRef(Arc<(TopicView, tera::Value)>);

impl TopicRef {
    pub fn new(view: TopicView) -> TopicRef {
        let value = tera::Value::from_serializable(&view);
        TopicRef(Arc::new((view, value)))
    }
}

impl std::ops::Deref for TopicRef {
    type Target = TopicView;
    fn deref(&self) -> &TopicView {
        &self.0 .0
    }
}

impl Serialize for TopicRef {
    /// The view, as the Tera value made from it once.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0 .1.serialize(s)
    }
}

impl std::hash::Hash for TopicRef {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0 .0.hash(state);
    }
}

/// The cards of one language, kept between builds by `serve`.
#[derive(Debug, Default)]
pub struct Cards {
    pub views: Vec<EntryView>,
    pub hashes: Vec<u64>,
}

/// A page's body, its HTML.
#[derive(Debug, Clone, Copy, Hash)]
pub struct Body<'v> {
    pub html: &'v str,
}

impl Serialize for Body<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.html)
    }
}

/// Free data for themes (an article's `extra`), with a fingerprint of its JSON text.
#[derive(Debug, Clone, Copy)]
pub struct Extra<'v>(pub &'v serde_json::Value);

impl Serialize for Extra<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl std::hash::Hash for Extra<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.to_string().hash(state);
    }
}

/// A month of a year in a timeline; `month` is absent for events known only to the year.
#[derive(Debug, Hash, Serialize)]
pub struct MonthView<'v> {
    pub month: Option<u32>,
    pub label: String,
    /// An id for the heading, unique in the page: "y2022-m07" or "y2022".
    pub anchor: String,
    /// Phases of the page's topic that begin in this month (with their first event).
    pub phases: Vec<PhaseView>,
    pub entries: Vec<Card<'v>>,
}

/// A year of a timeline.
#[derive(Debug, Hash, Serialize)]
pub struct YearView<'v> {
    pub year: i32,
    pub label: String,
    pub url: String,
    pub anchor: String,
    pub count: usize,
    pub months: Vec<MonthView<'v>>,
}

/// Where a page of a long list (a topic timeline, a year) stands among the others.
#[derive(Debug, Hash, Serialize)]
pub struct PagerView {
    /// This page's number, from 1 (the latest events).
    pub number: usize,
    pub count: usize,
    /// The page of the events just after (absent on the first page).
    pub newer: Option<String>,
    /// The page of the events just before (absent on the last page).
    pub older: Option<String>,
    /// When there is more than one page: the first, the last and those within
    /// [`PAGER_AROUND`] of this one, in order.
    pub pages: Vec<PagerLink>,
}

/// How many pages on either side of the current one a pager lists.
pub const PAGER_AROUND: usize = 3;

#[derive(Debug, Hash, Serialize)]
pub struct PagerLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
    /// The years its events fall in (`2019–2021`), in a year the months.
    pub label: String,
    /// Pages between the one before in the list and this one are left out.
    pub gap_before: bool,
}

/// A year of a topic timeline: how many events it has and where the first is.
#[derive(Debug)]
struct TopicYear {
    year: i32,
    count: usize,
    /// Position of its first event in the topic's timeline.
    first: usize,
}

/// A year in navigation lists.
#[derive(Debug, Hash, Serialize)]
pub struct YearLink {
    pub year: i32,
    pub label: String,
    pub url: String,
    pub count: usize,
}

#[derive(Debug, Hash, Serialize)]
pub struct SourceView {
    pub title: String,
    pub url: String,
    pub publisher: Option<String>,
    pub published: Option<String>,
    pub archive_url: Option<String>,
}

/// Previous and next event within one topic.
#[derive(Debug, Hash, Serialize)]
pub struct NeighboursView<'v> {
    pub topic: &'v TopicView,
    pub prev: Option<Card<'v>>,
    pub next: Option<Card<'v>>,
}

/// `article`: the event of an article page.
#[derive(Debug, Hash, Serialize)]
pub struct ArticleView<'a> {
    #[serde(flatten)]
    pub entry: &'a EntryView,
    pub body: Body<'a>,
    pub headings: &'a [crate::content::markdown::Heading],
    pub sources: Vec<SourceView>,
    pub tags: &'a [String],
    pub actors: &'a [String],
    pub places: &'a [String],
    pub image: Option<String>,
    pub image_alt: Option<&'a str>,
    pub published: Option<String>,
    pub updated: Option<String>,
    pub extra: Extra<'a>,
    pub neighbours: Vec<NeighboursView<'a>>,
    pub related: Vec<Card<'a>>,
    /// The article's year page.
    pub year_url: String,
}

/// Builds views for one language of the site.
pub struct Views<'a> {
    pub config: &'a Config,
    pub site: &'a Site,
    pub lang: &'a Language,
    pub lang_site: &'a LangSite,
    /// Per topic of site.toml, its view in this language.
    pub topics: Vec<TopicRef>,
    /// Every entry of the language as lists show it (indexed like `lang_site.entries`).
    pub cards: Vec<EntryView>,
    /// The fingerprint hash of each card.
    pub card_hashes: Vec<u64>,
    /// Per topic, the years of its timeline (for paged timelines, which show them all).
    topic_years: Vec<Vec<TopicYear>>,
    /// Per topic, where each of its phases begins: (the phase's first entry, phase).
    phase_starts: Vec<Vec<(usize, usize)>>,
}

impl<'a> Views<'a> {
    /// The views of language `index`, taking the cards of an earlier build of the same
    /// site model (`previous`, empty for none): entry `i` keeps its card when `keep(i)`
    /// (its article did not change).
    /// `fingerprints`: hash the cards (for [`crate::fingerprint`]); a one-off build
    /// does not need it.
    pub fn new(
        config: &'a Config,
        site: &'a Site,
        index: usize,
        previous: Cards,
        keep: &(dyn Fn(usize) -> bool + Sync),
        fingerprints: bool,
    ) -> Views<'a> {
        let lang = &config.languages[index];
        let lang_site = &site.languages[index];
        let topics = config
            .topics
            .iter()
            .enumerate()
            .map(|(i, t)| TopicRef::new(topic_view(config, lang, t, lang_site.topics[i].len())))
            .collect();
        let mut views = Views {
            config,
            site,
            lang,
            lang_site,
            topics,
            cards: Vec::new(),
            card_hashes: Vec::new(),
            topic_years: Vec::new(),
            phase_starts: Vec::new(),
        };
        views.topic_years = lang_site
            .topics
            .iter()
            .map(|list| {
                let mut years: Vec<TopicYear> = Vec::new();
                for (pos, &i) in list.iter().enumerate() {
                    let year = views.year_of(i);
                    match years.last_mut() {
                        Some(y) if y.year == year => y.count += 1,
                        _ => years.push(TopicYear {
                            year,
                            count: 1,
                            first: pos,
                        }),
                    }
                }
                years
            })
            .collect();
        views.phase_starts = config
            .topics
            .iter()
            .zip(&lang_site.topics)
            .map(|(topic, list)| {
                topic
                    .phases
                    .iter()
                    .enumerate()
                    .filter_map(|(p, phase)| {
                        let (from, to) = (phase.date.earliest_day(), phase.date.latest_day());
                        list.iter()
                            .copied()
                            .find(|&i| {
                                let day = views.article(&lang_site.entries[i]).date.earliest_day();
                                day >= from && to.is_none_or(|to| day <= to)
                            })
                            .map(|i| (i, p))
                    })
                    .collect()
            })
            .collect();
        let n = lang_site.entries.len();
        let reuse = fingerprints && previous.views.len() == n && previous.hashes.len() == n;
        let (mut cards, mut hashes) = (previous.views, previous.hashes);
        if reuse {
            let fresh: Vec<(usize, EntryView)> = (0..n)
                .filter(|&i| !keep(i))
                .map(|i| (i, views.entry(i)))
                .collect();
            for (i, card) in fresh {
                hashes[i] = crate::fingerprint::hash_of(&card);
                cards[i] = card;
            }
        } else {
            cards = (0..n).map(|i| views.entry(i)).collect();
            hashes = match fingerprints {
                true => cards.iter().map(crate::fingerprint::hash_of).collect(),
                false => vec![0; n],
            };
        }
        views.cards = cards;
        views.card_hashes = hashes;
        views
    }

    /// Gives the cards back, for [`Views::new`] in the next build.
    pub fn into_cards(self) -> Cards {
        Cards {
            views: self.cards,
            hashes: self.card_hashes,
        }
    }

    /// Entry `i` as lists show it.
    pub fn card(&self, i: usize) -> Card<'_> {
        Card {
            view: &self.cards[i],
            hash: self.card_hashes[i],
        }
    }

    pub fn link(&self, path: &str) -> String {
        self.config.base_url.link(path)
    }

    pub fn date(&self, d: &EventDate) -> DateView {
        date_view(d, &self.lang.locale)
    }

    fn article(&self, e: &Entry) -> &'a Article {
        &self.site.articles[e.article]
    }

    fn year_of(&self, i: usize) -> i32 {
        self.article(&self.lang_site.entries[i]).date.year()
    }

    /// How a list of `len` events is cut into pages.
    pub fn paging(&self, len: usize) -> site::Paging {
        site::Paging {
            len,
            size: self.config.page_size,
        }
    }

    /// Every year of topic `t`, as page `page` of its timeline links to them: to the
    /// year's heading on the page holding its first event (on this page, `#y2022`).
    pub fn topic_years(&self, t: usize, page: usize) -> Vec<YearLink> {
        let paging = self.paging(self.lang_site.topics[t].len());
        let first = site::topic_path(&self.lang.prefix, &self.config.topics[t].id);
        self.topic_years[t]
            .iter()
            .map(|y| {
                let on = paging.page_of(y.first);
                let anchor = format!("#y{}", y.year);
                YearLink {
                    year: y.year,
                    label: format_year(y.year, &self.lang.locale),
                    url: match on == page {
                        true => anchor,
                        false => format!(
                            "{}{anchor}",
                            self.link(&site::paged_path(first.clone(), on))
                        ),
                    },
                    count: y.count,
                }
            })
            .collect()
    }

    /// Page `page` of the pages of `list` (a topic's timeline, a year: entries in
    /// order) among the others; `first`: the site path of the first page. Each page is
    /// labelled by the years of its events, or, in a year (`by_month`), its months.
    pub fn pager(&self, list: &[usize], page: usize, first: &str, by_month: bool) -> PagerView {
        let paging = self.paging(list.len());
        let count = paging.count();
        let url = |k: usize| self.link(&site::paged_path(first.to_string(), k));
        let locale = &self.lang.locale;
        let date = |pos: usize| &self.article(&self.lang_site.entries[list[pos]]).date;
        // In a year, its months (`March–June`); an event known only to the year has
        // none, and the page is labelled by the year.
        let label = |k: usize| {
            let r = paging.range(k);
            let Some(last) = r.end.checked_sub(1) else {
                return String::new();
            };
            let (a, b) = (date(r.start), date(last));
            let (a, b) = match (by_month, a.month(), b.month()) {
                (true, Some(x), Some(y)) => (month_name(x, locale), month_name(y, locale)),
                (true, _, _) => (format_year(b.year(), locale), format_year(b.year(), locale)),
                _ => (format_year(a.year(), locale), format_year(b.year(), locale)),
            };
            match a == b {
                true => a,
                false => format!("{a}–{b}"),
            }
        };
        // The first, the last, and the pages near this one: a pager stays short however
        // many pages there are.
        let mut listed: Vec<usize> = vec![0];
        listed
            .extend(page.saturating_sub(PAGER_AROUND).max(1)..(page + PAGER_AROUND + 1).min(count));
        if count > 1 && listed.last() != Some(&(count - 1)) {
            listed.push(count - 1);
        }
        PagerView {
            number: page + 1,
            count,
            newer: (page > 0).then(|| url(page - 1)),
            older: (page + 1 < count).then(|| url(page + 1)),
            pages: match count {
                1 => Vec::new(),
                _ => listed
                    .iter()
                    .enumerate()
                    .map(|(n, &k)| PagerLink {
                        number: k + 1,
                        url: url(k),
                        current: k == page,
                        label: label(k),
                        gap_before: n > 0 && listed[n - 1] + 1 != k,
                    })
                    .collect(),
            },
        }
    }

    fn entry(&self, i: usize) -> EntryView {
        let e = &self.lang_site.entries[i];
        let a = self.article(e);
        EntryView {
            title: a.title.clone(),
            url: self.link(&e.path),
            date: self.date(&a.date),
            summary: a.summary.clone(),
            status: a.status.as_str(),
            topics: a
                .topics
                .iter()
                .filter_map(|id| self.config.topics.iter().position(|t| t.id == *id))
                .map(|t| self.topics[t].clone())
                .collect(),
            source_count: a.sources.len(),
            fallback: e.fallback,
            lang: a.file.lang.clone(),
            dir: crate::config::Direction::of(&a.file.lang).as_str(),
        }
    }

    /// A timeline of the given entries (already in order), grouped by year and month.
    pub fn timeline(&self, entries: &[usize]) -> Vec<YearView<'_>> {
        self.timeline_marking(entries, &|_| Vec::new())
    }

    /// The timeline of topic `t` (`entries`: a page of it), each phase of the topic
    /// marked in the month of its first event.
    pub fn topic_timeline(&self, t: usize, entries: &[usize]) -> Vec<YearView<'_>> {
        let topic = &self.config.topics[t];
        let starts = &self.phase_starts[t];
        self.timeline_marking(entries, &|i| {
            starts
                .iter()
                .filter(|(first, _)| *first == i)
                .map(|&(_, p)| self.phase(&topic.phases[p]))
                .collect()
        })
    }

    /// [`Views::timeline`], with `phases_at(i)` marked in the month of entry `i`.
    fn timeline_marking(
        &self,
        entries: &[usize],
        phases_at: &dyn Fn(usize) -> Vec<PhaseView>,
    ) -> Vec<YearView<'_>> {
        let mut years: Vec<YearView> = Vec::new();
        for &i in entries {
            let a = self.article(&self.lang_site.entries[i]);
            let year = a.date.year();
            let month = a.date.month();
            if years.last().is_none_or(|y| y.year != year) {
                years.push(YearView {
                    year,
                    label: format_year(year, &self.lang.locale),
                    url: self.link(&site::year_path(&self.lang.prefix, year)),
                    anchor: format!("y{year}"),
                    count: 0,
                    months: Vec::new(),
                });
            }
            let Some(y) = years.last_mut() else { continue };
            y.count += 1;
            if y.months.last().is_none_or(|m| m.month != month) {
                y.months.push(MonthView {
                    month,
                    label: match month {
                        Some(m) => month_name(m, &self.lang.locale),
                        None => String::new(),
                    },
                    anchor: match month {
                        Some(m) => format!("y{year}-m{m:02}"),
                        None => format!("y{year}-year"),
                    },
                    phases: Vec::new(),
                    entries: Vec::new(),
                });
            }
            if let Some(m) = y.months.last_mut() {
                m.phases.extend(phases_at(i));
                m.entries.push(self.card(i));
            }
        }
        years
    }

    pub fn years(&self) -> Vec<YearLink> {
        self.lang_site
            .years
            .iter()
            .map(|(y, list)| YearLink {
                year: *y,
                label: format_year(*y, &self.lang.locale),
                url: self.link(&site::year_path(&self.lang.prefix, *y)),
                count: list.len(),
            })
            .collect()
    }

    pub fn phases(&self, topic: &Topic) -> Vec<PhaseView> {
        topic.phases.iter().map(|p| self.phase(p)).collect()
    }

    fn phase(&self, p: &crate::config::Phase) -> PhaseView {
        PhaseView {
            title: p
                .title
                .get(&self.lang.code, &self.config.default_language().code),
            date: self.date(&p.date),
        }
    }

    pub fn article_view(&self, i: usize) -> ArticleView<'_> {
        let e = &self.lang_site.entries[i];
        let a = self.article(e);
        let locale = &self.lang.locale;
        ArticleView {
            entry: &self.cards[i],
            body: Body { html: &a.body.html },
            headings: &a.body.headings,
            sources: a
                .sources
                .iter()
                .map(|s| SourceView {
                    title: s.title.clone(),
                    url: s.url.clone(),
                    publisher: s.publisher.clone(),
                    published: s.published.as_ref().map(|p| format_point(p, locale)),
                    archive_url: s.archive_url.clone(),
                })
                .collect(),
            tags: &a.tags,
            actors: &a.actors,
            places: &a.places,
            image: a.image.as_ref().map(|src| {
                if src.starts_with('/') {
                    self.link(src)
                } else {
                    src.clone()
                }
            }),
            image_alt: a.image_alt.as_deref(),
            published: a.published.as_ref().map(|p| format_point(p, locale)),
            updated: a.updated.as_ref().map(|p| format_point(p, locale)),
            extra: Extra(&a.extra),
            neighbours: e
                .neighbours
                .iter()
                .map(|n| NeighboursView {
                    topic: &self.topics[n.topic],
                    prev: n.prev.map(|j| self.card(j)),
                    next: n.next.map(|j| self.card(j)),
                })
                .collect(),
            related: e.related.iter().map(|&j| self.card(j)).collect(),
            year_url: self.link(&site::year_path(&self.lang.prefix, a.date.year())),
        }
    }
}

pub fn topic_view(config: &Config, lang: &Language, t: &Topic, count: usize) -> TopicView {
    let fallback = &config.default_language().code;
    TopicView {
        id: t.id.clone(),
        title: t.title.get(&lang.code, fallback),
        description: t
            .description
            .as_ref()
            .map(|d| d.get(&lang.code, fallback))
            .unwrap_or_default(),
        url: config.base_url.link(&site::topic_path(&lang.prefix, &t.id)),
        color: t.color.clone(),
        count,
        feed_url: config
            .base_url
            .link(&site::topic_feed_path(&lang.prefix, &t.id)),
    }
}

pub fn date_view(d: &EventDate, locale: &crate::config::Locale) -> DateView {
    let (start, ongoing) = match d {
        EventDate::Point(p) => (Some(p), false),
        EventDate::Range { start, end } => (start.as_ref().or(end.as_ref()), end.is_none()),
    };
    let q = start.map(|p| p.qualifiers).unwrap_or_default();
    DateView {
        display: format_event_date(d, locale),
        datetime: start.map(html_datetime).unwrap_or_default(),
        edtf: d.to_edtf(),
        precision: match d.precision() {
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Day => "day",
            Precision::Time => "time",
        },
        ongoing,
        approximate: q.approximate,
        uncertain: q.uncertain,
    }
}

/// A valid HTML `datetime` attribute for a point at its own precision.
pub fn html_datetime(p: &DatePoint) -> String {
    match (p.month, p.day, &p.time) {
        (Some(m), Some(d), Some((t, off))) => {
            format!(
                "{:04}-{m:02}-{d:02}T{}{}",
                p.year,
                t.format("%H:%M:%S"),
                off
            )
        }
        (Some(m), Some(d), None) => format!("{:04}-{m:02}-{d:02}", p.year),
        (Some(m), None, _) => format!("{:04}-{m:02}", p.year),
        _ => format!("{:04}", p.year),
    }
}
