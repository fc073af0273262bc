//! The site's data as files beside its pages: per language, for the whole site and for
//! each topic, a TimelineJS3 file ([`timelinejs`]) and the downloads for readers, CSV,
//! JSON and GeoJSON ([`table`]); per language, the locale file TimelineJS3 loads. Pure:
//! the site model in, (site path, view) pairs out; [`crate::publish`] plans them with the
//! feeds, so a pipeline that remembers prints one again only when its view's hash moved.
//!
//! Where they go (under the language's prefix, `en/` for English):
//!
//! | file                             | what                                    |
//! |----------------------------------|-----------------------------------------|
//! | `topics/ID/timeline.json`        | the topic for TimelineJS3               |
//! | `topics/ID/events.csv`           | the topic's events, one row each        |
//! | `topics/ID/events.json`          | the same, with structure                |
//! | `topics/ID/places.geojson`       | the topic's places with coordinates     |
//! | `data/timeline.json`, `data/events.csv`, `data/events.json`, `data/places.geojson` | the same for the whole site |
//! | `data/timelinejs-locale.json`    | TimelineJS3's words and date formats    |

mod json_object;
pub(crate) mod records;
pub(crate) mod table;
pub(crate) mod timelinejs;

use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::site::{self, Site, TopicIx};
use records::Record;
use table::TableView;
use timelinejs::TimelineView;

/// One exported file, as the view it is printed from.
#[derive(Debug, Hash)]
pub(crate) enum Export {
    TimelineJs(TimelineView),
    Csv(TableView),
    Json(TableView),
    GeoJson(TableView),
    Locale(String),
}

impl Export {
    pub(crate) fn text(&self) -> String {
        match self {
            Export::TimelineJs(v) => timelinejs::json(v),
            Export::Csv(v) => table::csv(v),
            Export::Json(v) => table::json(v),
            Export::GeoJson(v) => table::geojson(v),
            Export::Locale(text) => text.clone(),
        }
    }
}

/// Every exported file of the site, by site path: per language, the whole site's
/// files, then each topic's. `records`: every language's ([`records::all`]).
pub(crate) fn plan(
    config: &Config,
    site: &Site,
    records: &[Vec<Arc<Record>>],
) -> Vec<(String, Export)> {
    (0..config.languages.len())
        .into_par_iter()
        .flat_map_iter(|l| language(config, site, l, records[l].clone()))
        .collect()
}

/// What the files of one language share.
struct Lang<'s> {
    config: &'s Config,
    lang: &'s crate::config::Language,
    fallback: &'s str,
    records: Vec<Arc<Record>>,
    topic_titles: Vec<String>,
}

impl Lang<'_> {
    /// A download of `events` for the page at `page` (site path).
    fn table(
        &self,
        title: &str,
        page: &str,
        topic: Option<&str>,
        events: &[Arc<Record>],
    ) -> TableView {
        TableView {
            lang: self.lang.code.clone(),
            title: title.to_string(),
            url: self.config.base_url.permalink(page),
            topic: topic.map(str::to_string),
            events: events.to_vec(),
        }
    }

    /// The four files of a list of events: TimelineJS3, CSV, JSON, GeoJSON.
    fn files(
        &self,
        path: impl Fn(&str) -> String,
        timeline: TimelineView,
        table: impl Fn() -> TableView,
    ) -> [(String, Export); 4] {
        [
            (path("timeline.json"), Export::TimelineJs(timeline)),
            (path("events.csv"), Export::Csv(table())),
            (path("events.json"), Export::Json(table())),
            (path("places.geojson"), Export::GeoJson(table())),
        ]
    }
}

fn language(
    config: &Config,
    site: &Site,
    l: usize,
    records: Vec<Arc<Record>>,
) -> Vec<(String, Export)> {
    let lang = &config.languages[l];
    let fallback = config.default_language().code.as_str();
    let x = Lang {
        config,
        lang,
        fallback,
        records,
        topic_titles: config
            .topics
            .iter()
            .map(|t| t.title.get(&lang.code, fallback))
            .collect(),
    };
    let ls = &site.languages[l];
    let mut out = Vec::with_capacity(5 + 4 * config.topics.len());
    // An event's group in the whole site's timeline: its first topic.
    let group_of = |i: usize| {
        site.topics_of(ls.entries[i].article)
            .first()
            .map(|t| x.topic_titles[t.get()].clone())
            .unwrap_or_default()
    };
    let all_phases: Vec<&crate::config::Phase> =
        config.topics.iter().flat_map(|t| &t.phases).collect();
    let timeline = TimelineView {
        arabic: lang.locale.arabic,
        headline: lang.title.clone(),
        text: lang.description.trim().to_string(),
        events: (x.records.iter().enumerate())
            .map(|(i, r)| (r.clone(), group_of(i)))
            .collect(),
        eras: timelinejs::eras(&all_phases, lang, fallback),
    };
    let home = site::home_path(&lang.prefix);
    out.extend(x.files(
        |f| site::site_export_path(&lang.prefix, f),
        timeline,
        || x.table(&lang.title, &home, None, &x.records),
    ));
    out.push((
        site::site_export_path(&lang.prefix, "timelinejs-locale.json"),
        Export::Locale(timelinejs::locale(lang)),
    ));
    for (t, topic) in config.topics.iter().enumerate() {
        out.extend(topic_files(&x, ls, t, topic));
    }
    out
}

/// The files of topic `t`.
fn topic_files(
    x: &Lang,
    ls: &site::LangSite,
    t: usize,
    topic: &crate::config::Topic,
) -> [(String, Export); 4] {
    let events: Vec<Arc<Record>> = ls
        .topic(TopicIx::new(t))
        .iter()
        .map(|i| x.records[i.get()].clone())
        .collect();
    let title = &x.topic_titles[t];
    let phases: Vec<&crate::config::Phase> = topic.phases.iter().collect();
    let timeline = TimelineView {
        arabic: x.lang.locale.arabic,
        headline: title.clone(),
        text: topic
            .description
            .as_ref()
            .map(|d| d.get(&x.lang.code, x.fallback).trim().to_string())
            .unwrap_or_default(),
        events: events.iter().map(|r| (r.clone(), title.clone())).collect(),
        eras: timelinejs::eras(&phases, x.lang, x.fallback),
    };
    let page = site::topic_path(&x.lang.prefix, &topic.id);
    x.files(
        |f| site::topic_export_path(&x.lang.prefix, &topic.id, f),
        timeline,
        || x.table(title, &page, Some(&topic.id), &events),
    )
}
