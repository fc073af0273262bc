//! One record per event and language: everything the downloads and the TimelineJS3
//! export print, taken once from the site model and shared by the site's files and each
//! topic's. Owned, hashable values, so that a pipeline that remembers fingerprints an
//! export by the hash of what it prints.

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use serde::{Serialize, Serializer};

use crate::config::{Config, Language};
use crate::content::Article;
use crate::date::{Day, EventDate};
use crate::html;
use crate::render::date_format::format_event_date;
use crate::site::{Entry, EntryIx, LangIx, Site};

/// A coordinate (degrees), hashed by its bits and printed as a number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Degrees(pub f64);

impl std::hash::Hash for Degrees {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.to_bits().hash(state);
    }
}

impl Serialize for Degrees {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.0)
    }
}

/// An actor or a place an event names, in the record's language.
#[derive(Debug, Clone, Hash, Serialize)]
pub(crate) struct Named {
    /// The entity's id (on a site without entity files, the name as written).
    pub id: String,
    pub name: String,
    /// The role's name in the language, when the event gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// `[latitude, longitude]`, for a place that has them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coordinates: Option<[Degrees; 2]>,
    /// Its page on the site, absolute (none on a site without entity files).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A source of an event.
#[derive(Debug, Clone, Hash, Serialize)]
pub(crate) struct SourceRecord {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub title: String,
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accessed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archive_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An event's image.
#[derive(Debug, Clone, Hash, Serialize)]
pub(crate) struct ImageRecord {
    /// Absolute.
    pub url: String,
    pub alt: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credit: Option<String>,
}

/// One event in one language, as the downloads give it, with the hash of its fields
/// taken once: the site's files and each topic's share a record, and a view's
/// fingerprint hashes that number rather than the whole record again (at 10k events,
/// every export's fields were hashed a dozen times on each save in `serve`).
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub(crate) struct Record {
    fields: Fields,
    #[serde(skip)]
    print: u64,
    /// Whether it keeps its printed lines.
    #[serde(skip)]
    lines: Lines,
    /// With [`Lines::Kept`], the record as a line of the CSV downloads and as an item of
    /// the JSON ones, printed once for every file that lists it (the site's and each of
    /// its topics') and every run of `serve` while the record is kept.
    #[serde(skip)]
    csv_line: OnceLock<String>,
    #[serde(skip)]
    json_item: OnceLock<String>,
    /// With [`Lines::Kept`], its TimelineJS3 slide but for the file's own parts (see
    /// `timelinejs::slide_text`).
    #[serde(skip)]
    slide: OnceLock<(String, String)>,
}

impl Record {
    fn new(fields: Fields, lines: Lines) -> Record {
        let print = crate::fingerprint::hash_of(&fields);
        Record {
            fields,
            print,
            lines,
            csv_line: OnceLock::new(),
            json_item: OnceLock::new(),
            slide: OnceLock::new(),
        }
    }

    /// Whether it keeps its printed lines ([`Lines::Kept`]).
    pub(crate) fn keeps_lines(&self) -> bool {
        self.lines == Lines::Kept
    }

    /// The record's CSV line, as `print` prints it (kept the first time, with
    /// [`Lines::Kept`]).
    pub(crate) fn csv_line(&self, print: impl FnOnce(&Fields) -> String) -> Cow<'_, str> {
        self.printed_text(&self.csv_line, print)
    }

    /// The record's JSON item, as `print` prints it (kept the first time, with
    /// [`Lines::Kept`]).
    pub(crate) fn json_item(&self, print: impl FnOnce(&Fields) -> String) -> Cow<'_, str> {
        self.printed_text(&self.json_item, print)
    }

    /// The record's two parts of a TimelineJS3 slide, as `print` prints them (kept the
    /// first time, with [`Lines::Kept`]).
    pub(crate) fn slide_parts(
        &self,
        print: impl FnOnce(&Fields) -> (String, String),
    ) -> Cow<'_, (String, String)> {
        self.printed(&self.slide, print)
    }

    fn printed_text<'r>(
        &'r self,
        kept: &'r OnceLock<String>,
        print: impl FnOnce(&Fields) -> String,
    ) -> Cow<'r, str> {
        match self.printed(kept, print) {
            Cow::Borrowed(text) => Cow::Borrowed(text),
            Cow::Owned(text) => Cow::Owned(text),
        }
    }

    fn printed<'r, T: Clone>(
        &'r self,
        kept: &'r OnceLock<T>,
        print: impl FnOnce(&Fields) -> T,
    ) -> Cow<'r, T> {
        match self.lines {
            Lines::Kept => Cow::Borrowed(kept.get_or_init(|| print(&self.fields))),
            Lines::Printed => Cow::Owned(print(&self.fields)),
        }
    }
}

/// Whether records keep their printed lines: where the records are kept between runs
/// (`serve`), an edit prints again only its own event's lines; a build prints each
/// record for every file that lists it rather than hold them all (at 100k, 200 MB).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lines {
    Kept,
    Printed,
}

impl std::ops::Deref for Record {
    type Target = Fields;
    fn deref(&self) -> &Fields {
        &self.fields
    }
}

impl std::hash::Hash for Record {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.print.hash(state);
    }
}

/// What a [`Record`] holds.
#[derive(Debug, Clone, Hash, Serialize)]
pub(crate) struct Fields {
    /// The event's slug.
    pub id: String,
    pub title: String,
    /// The date as written (canonical EDTF).
    pub date: String,
    /// The date as the pages show it, in the record's language.
    pub date_text: String,
    /// The earliest and latest day the event can be on (`YYYY-MM-DD`, astronomical
    /// years, `-0499-01-01` for 500 BCE); none for an open or unknown side.
    pub earliest: Option<String>,
    pub latest: Option<String>,
    /// century, decade, year, season, month, day or time.
    pub precision: &'static str,
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribution: Option<String>,
    /// Topic ids.
    pub topics: Vec<String>,
    pub actors: Vec<Named>,
    pub places: Vec<Named>,
    pub summary: String,
    /// Its page, absolute.
    pub url: String,
    /// The language its text is in (another than the file's when it is untranslated).
    pub lang: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageRecord>,
    pub sources: Vec<SourceRecord>,
    /// The date itself, for the TimelineJS3 export.
    #[serde(skip)]
    pub event_date: EventDate,
}

/// A day as ISO 8601 text, extended to any year: `2022-07-15`, `-0499-01-01`.
pub(crate) fn day_text(d: Day) -> String {
    match d.year {
        y if (0..=9999).contains(&y) => format!("{y:04}-{:02}-{:02}", d.month, d.day),
        y if y < 0 => format!("-{:04}-{:02}-{:02}", -y, d.month, d.day),
        y => format!("+{y}-{:02}-{:02}", d.month, d.day),
    }
}

/// The records of every language, one per entry of its timeline, in timeline order.
/// `previous`: the last run's, for the same model (its entries in the same order);
/// entry `i` of language `l` keeps its record when `same(l, i)` says it is made from
/// what it was made from then (`serve`: the article unchanged, the entities too).
pub(crate) fn all(
    config: &Config,
    site: &Site,
    mut previous: Vec<Vec<Arc<Record>>>,
    same: &(dyn Fn(LangIx, EntryIx) -> bool + Sync),
    lines: Lines,
) -> Vec<Vec<Arc<Record>>> {
    use rayon::prelude::*;
    previous.resize_with(config.languages.len(), Vec::new);
    previous
        .into_par_iter()
        .enumerate()
        .map(|(l, before)| {
            let (lang, entries) = (&config.languages[l], &site.languages[l].entries);
            let l = LangIx::new(l);
            let reuse = before.len() == entries.len();
            entries
                .par_iter()
                .enumerate()
                .map(|(i, e)| match reuse && same(l, EntryIx::new(i)) {
                    true => before[i].clone(),
                    false => Arc::new(record(config, site, lang, l, e, lines)),
                })
                .collect()
        })
        .collect()
}

fn record(
    config: &Config,
    site: &Site,
    lang: &Language,
    l: LangIx,
    e: &Entry,
    lines: Lines,
) -> Record {
    let a: &Article = site.article(e.article);
    let locale = &lang.locale;
    let url = config.base_url.permalink(&e.path);
    let (actors, places) = named(config, site, lang, l, e);
    Record::new(
        Fields {
            id: a.slug.clone(),
            title: a.title.clone(),
            date: a.date.to_edtf(),
            date_text: format_event_date(&a.date, locale),
            earliest: a.date.earliest_bound().map(day_text),
            latest: a.date.latest_day().map(day_text),
            precision: a.date.precision().as_str(),
            status: a.status.as_str(),
            attribution: a.attribution.clone(),
            topics: a.topics.clone(),
            actors,
            places,
            summary: a.summary.clone(),
            lang: a.file.lang.clone(),
            image: a.image.as_ref().map(|src| ImageRecord {
                url: match src.starts_with('/') {
                    true => config.base_url.permalink(src),
                    false => html::absolute_url(src, &url),
                },
                alt: a.image_alt.clone().unwrap_or_default(),
                credit: a.image_credit.clone(),
            }),
            sources: a
                .sources
                .iter()
                .map(|s| SourceRecord {
                    id: s.id.clone(),
                    title: s.title.clone(),
                    url: html::absolute_url(&s.url, &url),
                    publisher: s.publisher.clone(),
                    kind: s.kind.map(|k| k.as_str()),
                    language: s.language.clone(),
                    published: s.published.as_ref().map(|p| p.to_edtf()),
                    accessed: s.accessed.as_ref().map(|p| p.to_edtf()),
                    archive_url: s.archive_url.clone(),
                    note: s.note.clone(),
                })
                .collect(),
            event_date: a.date,
            url,
        },
        lines,
    )
}

/// The event's actors and places: its entities, or, on a site without entity files,
/// the names as written.
fn named(
    config: &Config,
    site: &Site,
    lang: &Language,
    l: LangIx,
    e: &Entry,
) -> (Vec<Named>, Vec<Named>) {
    let a = site.article(e.article);
    let fallback = &config.default_language().code;
    let role = |id: &Option<String>| {
        id.as_ref().map(|r| {
            config
                .roles
                .iter()
                .find(|x| &x.id == r)
                .map_or_else(|| r.clone(), |x| x.name.get(&lang.code, fallback))
        })
    };
    let mentions = site.mentions_of(e.article);
    if mentions.is_empty() {
        let plain = |list: &[crate::content::Mention]| {
            list.iter()
                .map(|m| Named {
                    id: m.id.clone(),
                    name: m.id.clone(),
                    role: role(&m.role),
                    coordinates: None,
                    url: None,
                })
                .collect()
        };
        return (plain(&a.actors), plain(&a.places));
    }
    let (mut actors, mut places) = (Vec::new(), Vec::new());
    for m in mentions {
        let entity = site.entity_version(m.entity, l);
        let id = site.entity(m.entity).id.clone();
        let named = Named {
            url: Some(
                config
                    .base_url
                    .permalink(&crate::site::entity_path(&lang.prefix, &id)),
            ),
            id,
            name: entity.name.clone(),
            role: role(&m.role),
            // A translation may leave the coordinates to the original.
            coordinates: entity
                .coordinates
                .or(site.entity_version(m.entity, LangIx::new(0)).coordinates)
                .map(|(lat, lon)| [Degrees(lat), Degrees(lon)]),
        };
        match m.place {
            true => places.push(named),
            false => actors.push(named),
        }
    }
    (actors, places)
}
