//! Builds the views of one language: the cards of its entries (kept from the last run
//! of a remembering pipeline when their article did not change), timelines grouped by
//! year and month, pagers, topic and year links, and the view of an article page.

use super::date_format::{format_year, month_name};
use super::views::*;
use super::views::{Card, Cards, TopicRef};
use crate::config::{Config, Language, Phase, Topic};
use crate::content::Article;
use crate::date::EventDate;
use crate::site::{self, EntryIx, LangIx, LangSite, Neighbours, Site, TopicIx};

/// A year of a topic timeline: how many events it has and where the first is.
#[derive(Debug)]
pub(super) struct TopicYear {
    pub year: i64,
    pub count: usize,
    /// Position of its first event in the topic's timeline.
    pub first: usize,
}

/// What an article page shows besides its own entry: its neighbours in each of its
/// topics and its related entries. A page's views are built from this alone, so that it
/// is also the list of what the page depends on.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Around<'s> {
    pub neighbours: &'s [Neighbours],
    pub related: &'s [EntryIx],
}

/// Builds views for one language of the site.
pub(crate) struct Views<'a> {
    pub config: &'a Config,
    pub site: &'a Site,
    pub lang: &'a Language,
    l: LangIx,
    pub lang_site: &'a LangSite,
    /// Per topic of site.toml, its view in this language.
    pub topics: Vec<TopicRef>,
    /// Every entry of the language as lists show it (indexed like `lang_site.entries`).
    cards: Vec<EntryView>,
    /// The fingerprint hash of each card.
    card_hashes: Vec<u64>,
    /// Per topic, the years of its timeline (for paged timelines, which show them all).
    pub(super) topic_years: Vec<Vec<TopicYear>>,
    /// Per topic, where each of its phases begins: (the phase's first entry, phase).
    phase_starts: Vec<Vec<(EntryIx, usize)>>,
}

impl<'a> Views<'a> {
    /// The views of language `l`, taking the cards of an earlier build of the same site
    /// model (`previous`, empty for none): entry `i` keeps its card when `keep(i)` (its
    /// article did not change). `fingerprints`: hash the cards (for
    /// [`crate::fingerprint`]); a build that remembers nothing does not need it.
    pub(crate) fn new(
        config: &'a Config,
        site: &'a Site,
        l: LangIx,
        previous: Cards,
        keep: &(dyn Fn(EntryIx) -> bool + Sync),
        fingerprints: bool,
        optional: super::views::Optional,
    ) -> Views<'a> {
        let lang = &config.languages[l.get()];
        let lang_site = site.language(l);
        let topics = config
            .topics
            .iter()
            .enumerate()
            .map(|(t, topic)| {
                let count = lang_site.topic(TopicIx::new(t)).len();
                TopicRef::new(topic_view(config, lang, topic, count, optional))
            })
            .collect();
        let mut views = Views {
            config,
            site,
            lang,
            l,
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
            .map(|list| views.years_of(list))
            .collect();
        views.phase_starts = config
            .topics
            .iter()
            .zip(&lang_site.topics)
            .map(|(topic, list)| views.phase_starts_of(topic, list))
            .collect();
        (views.cards, views.card_hashes) = views.cards(previous, keep, fingerprints);
        views
    }

    /// The years of a topic's timeline `list`.
    fn years_of(&self, list: &[EntryIx]) -> Vec<TopicYear> {
        let mut years: Vec<TopicYear> = Vec::new();
        for (pos, &i) in list.iter().enumerate() {
            let year = self.article_of(i).date.year();
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
    }

    /// Where each phase of `topic` begins in its timeline `list`: its first event.
    fn phase_starts_of(&self, topic: &Topic, list: &[EntryIx]) -> Vec<(EntryIx, usize)> {
        topic
            .phases
            .iter()
            .enumerate()
            .filter_map(|(p, phase)| {
                let (from, to) = (phase.date.earliest_day(), phase.date.latest_day());
                list.iter()
                    .copied()
                    .find(|&i| {
                        let day = self.article_of(i).date.earliest_day();
                        day >= from && to.is_none_or(|to| day <= to)
                    })
                    .map(|i| (i, p))
            })
            .collect()
    }

    /// Every entry's card and its hash, reusing `previous`'s where `keep` says so.
    fn cards(
        &self,
        previous: Cards,
        keep: &(dyn Fn(EntryIx) -> bool + Sync),
        fingerprints: bool,
    ) -> (Vec<EntryView>, Vec<u64>) {
        let n = self.lang_site.entries.len();
        let reuse = fingerprints && previous.views.len() == n && previous.hashes.len() == n;
        if reuse {
            let (mut cards, mut hashes) = (previous.views, previous.hashes);
            for i in self.lang_site.all().filter(|&i| !keep(i)) {
                let card = self.entry(i);
                hashes[i.get()] = crate::fingerprint::hash_of(&card);
                cards[i.get()] = card;
            }
            return (cards, hashes);
        }
        let cards: Vec<EntryView> = self.lang_site.all().map(|i| self.entry(i)).collect();
        let hashes = match fingerprints {
            true => cards.iter().map(crate::fingerprint::hash_of).collect(),
            false => vec![0; n],
        };
        (cards, hashes)
    }

    /// Gives the cards back, for [`Views::new`] in the next build.
    pub(crate) fn into_cards(self) -> Cards {
        Cards {
            views: self.cards,
            hashes: self.card_hashes,
        }
    }

    /// Entry `i` as lists show it.
    pub(crate) fn card(&self, i: EntryIx) -> Card<'_> {
        Card {
            view: &self.cards[i.get()],
            hash: self.card_hashes[i.get()],
        }
    }

    /// The language these views are of.
    pub(crate) fn lang_ix(&self) -> LangIx {
        self.l
    }

    pub(crate) fn link(&self, path: &str) -> String {
        self.config.base_url.link(path)
    }

    pub(crate) fn date(&self, d: &EventDate) -> DateView {
        date_view(d, &self.lang.locale)
    }

    pub(crate) fn article_of(&self, i: EntryIx) -> &'a Article {
        self.site.article(self.lang_site.entry(i).article)
    }

    /// How a list of `len` events is cut into pages.
    pub(crate) fn paging(&self, len: usize) -> site::Paging {
        site::Paging {
            len,
            size: self.config.page_size,
        }
    }

    fn entry(&self, i: EntryIx) -> EntryView {
        let e = self.lang_site.entry(i);
        let a = self.site.article(e.article);
        EntryView {
            title: a.title.clone(),
            url: self.link(&e.path),
            date: self.date(&a.date),
            summary: a.summary.clone(),
            status: a.status.as_str(),
            attribution: a.attribution.clone(),
            topics: self
                .site
                .topics_of(e.article)
                .iter()
                .map(|t| self.topics[t.get()].clone())
                .collect(),
            source_count: a.sources.len(),
            publishers: a.sources.iter().fold(Vec::new(), |mut list, s| {
                if let Some(p) = s.publisher.as_ref().filter(|p| !list.contains(*p)) {
                    list.push(p.clone());
                }
                list
            }),
            fallback: e.fallback,
            lang: a.file.lang.clone(),
            dir: self
                .config
                .language(&a.file.lang)
                .map_or(crate::config::Direction::of(&a.file.lang), |l| l.dir)
                .as_str(),
            facets: self.facets(i),
        }
    }

    /// A timeline of the given entries (already in order), grouped by year and month.
    pub(crate) fn timeline(&self, entries: &[EntryIx]) -> Vec<YearView<'_>> {
        self.timeline_marking(entries, &|_| Vec::new())
    }

    /// The timeline of topic `t` (`entries`: a page of it), each phase of the topic
    /// marked in the month of its first event.
    pub(crate) fn topic_timeline(&self, t: TopicIx, entries: &[EntryIx]) -> Vec<YearView<'_>> {
        let topic = &self.config.topics[t.get()];
        let starts = &self.phase_starts[t.get()];
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
        entries: &[EntryIx],
        phases_at: &dyn Fn(EntryIx) -> Vec<PhaseView>,
    ) -> Vec<YearView<'_>> {
        let mut years: Vec<YearView> = Vec::new();
        for &i in entries {
            let a = self.article_of(i);
            let (year, month) = (a.date.year(), a.date.month());
            if years.last().is_none_or(|y| y.year != year) {
                years.push(self.year_view(year));
            }
            let Some(y) = years.last_mut() else { continue };
            y.count += 1;
            if y.months.last().is_none_or(|m| m.month != month) {
                y.months.push(self.month_view(year, month));
            }
            if let Some(m) = y.months.last_mut() {
                m.phases.extend(phases_at(i));
                m.entries.push(self.card(i));
            }
        }
        years
    }

    fn year_view(&self, year: i64) -> YearView<'_> {
        YearView {
            year,
            label: format_year(year, &self.lang.locale),
            url: self.link(&site::year_path(&self.lang.prefix, year)),
            anchor: format!("y{year}"),
            count: 0,
            months: Vec::new(),
        }
    }

    fn month_view(&self, year: i64, month: Option<u32>) -> MonthView<'_> {
        MonthView {
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
        }
    }

    pub(crate) fn years(&self) -> Vec<YearLink> {
        self.lang_site
            .years
            .iter()
            .map(|y| YearLink {
                year: y.year,
                label: format_year(y.year, &self.lang.locale),
                url: self.link(&site::year_path(&self.lang.prefix, y.year)),
                count: y.entries.len(),
            })
            .collect()
    }

    pub(crate) fn phases(&self, topic: &Topic) -> Vec<PhaseView> {
        topic.phases.iter().map(|p| self.phase(p)).collect()
    }

    fn phase(&self, p: &Phase) -> PhaseView {
        PhaseView {
            title: p
                .title
                .get(&self.lang.code, &self.config.default_language().code),
            date: self.date(&p.date),
        }
    }
}
