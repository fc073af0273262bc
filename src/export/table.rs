//! The downloads for readers: CSV (one row per event), JSON (the same records with
//! their structure) and GeoJSON (the places with coordinates).
//!
//! CSV (RFC 4180, UTF-8 with a byte-order mark so that spreadsheet programs read the
//! Arabic right, CRLF line ends, every field quoted, `"` doubled) has these columns:
//!
//! | column      | what                                                           |
//! |-------------|----------------------------------------------------------------|
//! | `id`        | the event's slug                                               |
//! | `title`     | its headline                                                   |
//! | `date`      | the date as written (EDTF: `2022-07-15`, `2013~`, `2016/..`)   |
//! | `date_text` | the date as the pages show it, in the file's language          |
//! | `earliest`  | the earliest day it can be on (`YYYY-MM-DD`; empty when open)  |
//! | `latest`    | the latest day it can be on (empty when open or unknown)       |
//! | `precision` | century, decade, year, season, month, day or time              |
//! | `status`    | confirmed, reported, disputed or denied                        |
//! | `topics`    | topic ids, separated by `; `                                   |
//! | `actors`    | names, each with its role in parentheses, separated by `; `    |
//! | `places`    | the same for places                                            |
//! | `summary`   | the summary                                                    |
//! | `url`       | the event's page                                               |
//! | `sources`   | one per line: `title — publisher <url>`                        |
//! | `lang`      | the language of the row's text (another than the file's when the event has no translation yet) |
//!
//! The hand-written writer is a dozen lines: quoting every field is all RFC 4180 asks.

use std::fmt::Write as _;
use std::sync::Arc;

use serde_json::json;

use super::json_object::JsonObject;
use super::records::{Fields, Named, Record};

/// One download, as printed: what it lists and for which page.
#[derive(Debug, Hash)]
pub(crate) struct TableView {
    pub lang: String,
    pub title: String,
    /// The topic's (or the site's) page, absolute.
    pub url: String,
    /// The topic's id (none for the whole site).
    pub topic: Option<String>,
    pub events: Vec<Arc<Record>>,
}

/// The CSV columns, in order.
pub(crate) const COLUMNS: [&str; 15] = [
    "id",
    "title",
    "date",
    "date_text",
    "earliest",
    "latest",
    "precision",
    "status",
    "topics",
    "actors",
    "places",
    "summary",
    "url",
    "sources",
    "lang",
];

fn field(out: &mut String, value: &str) {
    out.push('"');
    out.push_str(&value.replace('"', "\"\""));
    out.push('"');
}

fn names(list: &[Named]) -> String {
    list.iter()
        .map(|n| match &n.role {
            Some(role) => format!("{} ({role})", n.name),
            None => n.name.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn row(r: &Fields) -> [String; 15] {
    let sources = r
        .sources
        .iter()
        .map(|s| {
            let mut line = s.title.clone();
            if let Some(p) = &s.publisher {
                let _ = write!(line, " — {p}");
            }
            let _ = write!(line, " <{}>", s.url);
            line
        })
        .collect::<Vec<_>>()
        .join("\n");
    [
        r.id.clone(),
        r.title.clone(),
        r.date.clone(),
        r.date_text.clone(),
        r.earliest.clone().unwrap_or_default(),
        r.latest.clone().unwrap_or_default(),
        r.precision.to_string(),
        r.status.to_string(),
        r.topics.join("; "),
        names(&r.actors),
        names(&r.places),
        r.summary.clone(),
        r.url.clone(),
        sources,
        r.lang.clone(),
    ]
}

/// The CSV text.
pub(crate) fn csv(view: &TableView) -> String {
    let mut out = String::with_capacity(256 + view.events.len() * 512);
    out.push('\u{feff}');
    line(&mut out, &COLUMNS);
    for r in &view.events {
        out.push_str(&r.csv_line(|fields| {
            let mut text = String::new();
            let cells = row(fields);
            let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
            line(&mut text, &refs);
            text
        }));
    }
    out
}

/// One CSV line of `cells`.
fn line(out: &mut String, cells: &[&str]) {
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, c);
    }
    out.push_str("\r\n");
}

/// The JSON text: `{lang, title, url, topic, events: [...]}`.
pub(crate) fn json(view: &TableView) -> String {
    // A record as a `Value`, one at a time: its keys sorted, as the whole file's were;
    // printed once for all the files that list it.
    let events = view.events.iter().map(|r| {
        r.json_item(|fields| {
            let value = serde_json::to_value(fields).unwrap_or_default();
            serde_json::to_string(&value).unwrap_or_default()
        })
    });
    JsonObject::new()
        .array_printed("events", events)
        .field("lang", &view.lang)
        .field("title", &view.title)
        .field("topic", &view.topic)
        .field("url", &view.url)
        .line()
}

/// The GeoJSON text (RFC 7946): one Point feature per event and place with
/// coordinates, `[longitude, latitude]`.
pub(crate) fn geojson(view: &TableView) -> String {
    let features = view.events.iter().flat_map(|r| {
        r.places.iter().filter_map(move |p| {
            let [lat, lon] = p.coordinates?;
            Some(json!({
                "type": "Feature",
                "geometry": { "type": "Point", "coordinates": [lon, lat] },
                "properties": {
                    "event": r.id,
                    "title": r.title,
                    "date": r.date,
                    "date_text": r.date_text,
                    "url": r.url,
                    "place": p.id,
                    "place_name": p.name,
                    "role": p.role,
                },
            }))
        })
    });
    JsonObject::new()
        .array("features", features)
        .field("type", &"FeatureCollection")
        .line()
}
