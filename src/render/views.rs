//! What templates see: documented, serializable views built from the site model, and
//! the views many pages share, made once (an entry's card, with the hash of its view
//! that a page's fingerprint counts instead of the whole card; a topic's view with its
//! Tera value; a body's HTML; an article's free `extra` data).
//! Every URL in a view is ready to print (base path included); every date is already
//! formatted for the page's language as its precision allows.

use std::sync::Arc;

use serde::Serialize;

use crate::config::{Config, Language, Locale, Topic};
use crate::date::{DatePoint, EventDate, Precision};
use crate::render::date_format::format_event_date;
use crate::site;

/// `lang`: the page's language.
#[derive(Debug, Hash, Serialize)]
pub(crate) struct LangView<'a> {
    pub code: &'a str,
    pub dir: &'static str,
    pub name: &'a str,
}

/// `site`: the site as a whole, in the page's language.
#[derive(Debug, Hash, Serialize)]
pub(crate) struct SiteView<'a> {
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
    /// The page explaining the statuses (absent when the theme has none).
    pub statuses_url: Option<String>,
    /// The indexes of actors and places (absent when the site has none).
    pub actors_url: Option<String>,
    pub places_url: Option<String>,
    /// The folder of the search index and its script (`pagefind.js`); absent with
    /// `search = false`.
    pub search_url: Option<String>,
}

/// One entry of `languages`: this same page in a language of the site, or that
/// language's home page when the page has no version in it (`translated` false).
#[derive(Debug, Hash, Serialize)]
pub(crate) struct AlternateView<'a> {
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
pub(crate) struct TopicView {
    pub id: String,
    pub title: String,
    pub description: String,
    pub url: String,
    pub color: String,
    /// Number of events in this topic (in this language).
    pub count: usize,
    /// The topic's Atom feed in this language.
    pub feed_url: String,
    /// The topic's data for readers, in this language.
    pub downloads: DownloadsView,
    /// The topic's embeddable view (`embed/ID/`, for an iframe), and its absolute URL for
    /// the snippet; absent when the theme has no `embed.html`.
    pub embed_url: Option<String>,
    pub embed_permalink: Option<String>,
    /// The topic shown by TimelineJS3 (`topics/ID/timelinejs/`): made when the theme
    /// has `timelinejs.html` and TimelineJS3 in `static/timelinejs/`, else absent.
    pub timelinejs_url: Option<String>,
}

/// Which optional pages a site has (they depend on what its theme holds).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Optional {
    /// `embed/ID/`: the theme has `embed.html`.
    pub embeds: bool,
    /// `topics/ID/timelinejs/`: the theme has `timelinejs.html` and
    /// `static/timelinejs/js/timeline.js`.
    pub timelinejs: bool,
}

/// A topic's downloads (root-relative links): one row per event as CSV, the same as
/// JSON, its places with coordinates as GeoJSON, and the file TimelineJS3 reads.
#[derive(Debug, Clone, Hash, Serialize)]
pub(crate) struct DownloadsView {
    pub csv: String,
    pub json: String,
    pub geojson: String,
    pub timelinejs: String,
    /// The language's TimelineJS3 locale file (TimelineJS3's `language` option).
    pub timelinejs_locale: String,
}

/// A period of a topic (from site.toml).
#[derive(Debug, Hash, Serialize)]
pub(crate) struct PhaseView {
    pub title: String,
    pub date: DateView,
}

/// A date, ready to show.
#[derive(Debug, Clone, Hash, Serialize)]
pub(crate) struct DateView {
    /// "15–17 July 2022", "تموز/يوليو 2022", "c. 2013"…
    pub display: String,
    /// A valid HTML `datetime` value for the start (or the end, when the start is open
    /// or unknown): "2022", "2022-07", "2022-07-15"; empty where HTML has none (BCE
    /// years, decades, centuries, seasons): show the date as plain text then.
    pub datetime: String,
    /// The date as written in EDTF ("2022-07-15/2022-07-17").
    pub edtf: String,
    /// "century", "decade", "year", "season", "month", "day" or "time".
    pub precision: &'static str,
    pub ongoing: bool,
    pub approximate: bool,
    pub uncertain: bool,
}

/// An event in a list (timelines, related articles).
#[derive(Debug, Clone, Hash, Serialize)]
pub(crate) struct EntryView {
    pub title: String,
    pub url: String,
    pub date: DateView,
    pub summary: String,
    pub status: &'static str,
    /// Who claims what, beside the status.
    pub attribution: Option<String>,
    /// Shared with the language's topic list (a card holds no copy).
    pub topics: Vec<TopicRef>,
    pub source_count: usize,
    /// The publishers of its sources, each once, in order (what a printed timeline
    /// shows).
    pub publishers: Vec<String>,
    /// Shown in another language, because no translation exists yet.
    pub fallback: bool,
    /// The language of the text shown (differs from the page's on fallback).
    pub lang: String,
    pub dir: &'static str,
    /// Its topics, actors, places, status and days as JSON, for a filter script
    /// ([`crate::render::facets`]): print it in an attribute.
    pub facets: String,
}

/// An entry as a template sees it, built once per language and shared by every list
/// and page that shows it. Templates see its view; a page's fingerprint counts it as the
/// hash of that view, computed once ([`crate::fingerprint`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Card<'v> {
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
pub(crate) struct TopicRef(Arc<(TopicView, tera::Value)>);

impl TopicRef {
    pub(crate) fn new(view: TopicView) -> TopicRef {
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
pub(crate) struct Cards {
    pub views: Vec<EntryView>,
    pub hashes: Vec<u64>,
}

/// A page's body, its HTML.
#[derive(Debug, Clone, Hash)]
pub(crate) struct Body {
    pub html: std::sync::Arc<str>,
}

impl Serialize for Body {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.html)
    }
}

/// Free data for themes (an article's `extra`), with a fingerprint of its JSON text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Extra<'v>(pub &'v serde_json::Value);

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
pub(crate) struct MonthView<'v> {
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
pub(crate) struct YearView<'v> {
    pub year: i64,
    pub label: String,
    pub url: String,
    pub anchor: String,
    pub count: usize,
    pub months: Vec<MonthView<'v>>,
}

/// Where a page of a long list (a topic timeline, a year) stands among the others.
#[derive(Debug, Hash, Serialize)]
pub(crate) struct PagerView {
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
pub(crate) const PAGER_AROUND: usize = 3;

#[derive(Debug, Hash, Serialize)]
pub(crate) struct PagerLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
    /// The years its events fall in (`2019–2021`), in a year the months.
    pub label: String,
    /// Pages between the one before in the list and this one are left out.
    pub gap_before: bool,
}

/// A year in navigation lists.
#[derive(Debug, Hash, Serialize)]
pub(crate) struct YearLink {
    pub year: i64,
    pub label: String,
    pub url: String,
    pub count: usize,
}

/// A source of an article, as its numbered list shows it.
#[derive(Debug, Hash, Serialize)]
pub(crate) struct SourceView {
    /// Its number in the list, from 1: the body's `[n]` references name it.
    pub number: usize,
    /// The id of its list item (`source-3`).
    pub anchor: String,
    pub id: Option<String>,
    pub title: String,
    pub url: String,
    pub publisher: Option<String>,
    /// primary, news, wire, state-media, social, research or court (the theme's strings
    /// name each: `source_state-media`…).
    pub kind: Option<&'static str>,
    /// State media or a social-media post: labelled as such wherever it is listed.
    pub flagged: bool,
    /// The language it is written in (a code), when not the page's.
    pub language: Option<String>,
    pub published: Option<String>,
    pub accessed: Option<String>,
    pub archive_url: Option<String>,
    pub note: Option<String>,
    /// The body's references to it (`#cite-3-1`…), for links back.
    pub backlinks: Vec<String>,
}

/// An entity an event mentions.
#[derive(Debug, Hash, Serialize)]
pub(crate) struct MentionView {
    /// The entity's id (on a site without entities, the name as written).
    pub id: String,
    /// Its name in the page's language (or its original's).
    pub name: String,
    /// Its page; absent on a site without entities.
    pub url: Option<String>,
    /// person, organisation, country, place or group (absent without entities).
    pub kind: Option<&'static str>,
    /// The role's id and its name in the page's language.
    pub role: Option<String>,
    pub role_name: Option<String>,
    /// Its Wikidata id (`Q794`).
    pub wikidata: Option<String>,
}

/// A correction made to an article.
#[derive(Debug, Hash, Serialize)]
pub(crate) struct CorrectionView {
    pub date: String,
    pub datetime: String,
    pub text: String,
}

/// Previous and next event within one topic.
#[derive(Debug, Hash, Serialize)]
pub(crate) struct NeighboursView<'v> {
    pub topic: &'v TopicView,
    pub prev: Option<Card<'v>>,
    pub next: Option<Card<'v>>,
}

/// `article`: the event of an article page.
#[derive(Debug, Hash, Serialize)]
pub(crate) struct ArticleView<'a> {
    #[serde(flatten)]
    pub entry: &'a EntryView,
    pub body: Body,
    pub headings: &'a [crate::content::markdown::Heading],
    pub sources: Vec<SourceView>,
    pub tags: &'a [String],
    pub actors: Vec<MentionView>,
    pub places: Vec<MentionView>,
    /// Who claims what (for a reported, disputed or denied event).
    pub attribution: Option<&'a str>,
    /// Newest first.
    pub corrections: Vec<CorrectionView>,
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

pub(crate) fn topic_view(
    config: &Config,
    lang: &Language,
    t: &Topic,
    count: usize,
    optional: Optional,
) -> TopicView {
    let fallback = &config.default_language().code;
    let file = |f: &str| {
        config
            .base_url
            .link(&site::topic_export_path(&lang.prefix, &t.id, f))
    };
    let embed = optional
        .embeds
        .then(|| site::embed_path(&lang.prefix, &t.id));
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
        downloads: DownloadsView {
            csv: file("events.csv"),
            json: file("events.json"),
            geojson: file("places.geojson"),
            timelinejs: file("timeline.json"),
            timelinejs_locale: config.base_url.link(&site::site_export_path(
                &lang.prefix,
                "timelinejs-locale.json",
            )),
        },
        timelinejs_url: optional.timelinejs.then(|| {
            config
                .base_url
                .link(&site::timelinejs_path(&lang.prefix, &t.id))
        }),
        embed_url: embed.as_ref().map(|p| config.base_url.link(p)),
        embed_permalink: embed.as_ref().map(|p| config.base_url.permalink(p)),
    }
}

pub(crate) fn date_view(d: &EventDate, locale: &Locale) -> DateView {
    let anchor = d.anchor();
    let q = anchor.map(|p| p.qualifiers).unwrap_or_default();
    DateView {
        display: format_event_date(d, locale),
        datetime: anchor.and_then(html_datetime).unwrap_or_default(),
        edtf: d.to_edtf(),
        precision: d.precision().as_str(),
        ongoing: d.is_ongoing(),
        approximate: q.approximate,
        uncertain: q.uncertain,
    }
}

/// A valid HTML `datetime` value for a point at the precision it is known to
/// (HTML's valid year, month, date or global date and time strings): "2022",
/// "2022-07", "2022-07-15", "2022-07-15T10:30:00+02:00". `2004-07-XX` is "2004-07".
/// `None` where HTML has no such value: a year before 1 (BCE), a decade, a century,
/// a season. A qualifier lives in the visible text only.
pub(crate) fn html_datetime(p: &DatePoint) -> Option<String> {
    if p.year < 1 {
        return None;
    }
    let y = p.year;
    Some(match p.precision() {
        Precision::Century | Precision::Decade | Precision::Season => return None,
        Precision::Year => format!("{y:04}"),
        Precision::Month => format!("{y:04}-{:02}", p.month.unwrap_or(1)),
        Precision::Day => format!(
            "{y:04}-{:02}-{:02}",
            p.month.unwrap_or(1),
            p.day.unwrap_or(1)
        ),
        Precision::Time => {
            let (m, d) = (p.month.unwrap_or(1), p.day.unwrap_or(1));
            match p.time_of_day() {
                Some((t, off)) => format!("{y:04}-{m:02}-{d:02}T{}{off}", t.format("%H:%M:%S")),
                None => format!("{y:04}-{m:02}-{d:02}"),
            }
        }
    })
}
