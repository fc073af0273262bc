//! Structured data for search engines and link previews: each page's JSON-LD
//! (schema.org), made from the same views its template shows. An event is a
//! NewsArticle (its dates, its time as an EDTF interval, the entities it is about and
//! mentions with their Wikidata ids, its sources as citations, its corrections); a
//! topic, a year and an index are CollectionPages; an entity is a Person, Organization,
//! Country or Place; the home page is the WebSite. The JSON is escaped so that no title
//! can end the script element it is printed in.

use serde_json::{json, Map, Value};

use super::entity_views::EntityView;
use super::views::{ArticleView, MentionView, SourceView};
use crate::config::{Config, Language};
use crate::content::Article;
use crate::site;

/// JSON-LD as text to print inside `<script type="application/ld+json">`: `<`, `>`
/// and `&` written as `\u003c`… (valid JSON, and no `</script>` or `<!--` can appear).
pub(crate) fn script_text(value: &Value) -> String {
    // Writing a Value cannot fail; to_string's Display path is slower.
    let text = serde_json::to_string(value).unwrap_or_default();
    let special = |c: char| matches!(c, '<' | '>' | '&');
    if !text.contains(special) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut last = 0;
    for (at, c) in text.match_indices(special) {
        out.push_str(&text[last..at]);
        out.push_str(match c {
            "<" => "\\u003c",
            ">" => "\\u003e",
            _ => "\\u0026",
        });
        last = at + 1;
    }
    out.push_str(&text[last..]);
    out
}

/// What every page's JSON-LD says of itself.
pub(crate) struct PageFacts<'a> {
    pub config: &'a Config,
    pub lang: &'a Language,
    pub title: &'a str,
    pub description: &'a str,
    pub permalink: &'a str,
}

impl PageFacts<'_> {
    fn website(&self) -> Value {
        json!({
            "@type": "WebSite",
            "name": self.lang.title,
            "url": self.config.base_url.permalink(&site::home_path(&self.lang.prefix)),
            "inLanguage": self.lang.code,
        })
    }

    /// A page of `kind` (WebPage, CollectionPage…), part of the site.
    pub(crate) fn page(&self, kind: &str) -> Value {
        let mut page = json!({
            "@context": "https://schema.org",
            "@type": kind,
            "name": self.title,
            "url": self.permalink,
            "inLanguage": self.lang.code,
            "isPartOf": self.website(),
        });
        if !self.description.is_empty() {
            page["description"] = json!(self.description);
        }
        page
    }

    /// The home page: the site itself.
    pub(crate) fn home(&self) -> Value {
        let mut site = self.website();
        site["@context"] = json!("https://schema.org");
        if !self.description.is_empty() {
            site["description"] = json!(self.description);
        }
        site
    }

    /// An event's page.
    pub(crate) fn news_article(&self, view: &ArticleView, a: &Article) -> Value {
        let mut o = Map::new();
        o.insert("@context".into(), json!("https://schema.org"));
        o.insert("@type".into(), json!("NewsArticle"));
        o.insert("headline".into(), json!(view.entry.title));
        o.insert("url".into(), json!(self.permalink));
        o.insert("mainEntityOfPage".into(), json!(self.permalink));
        o.insert("inLanguage".into(), json!(a.file.lang));
        o.insert("temporalCoverage".into(), json!(a.date.to_edtf()));
        if !view.entry.summary.is_empty() {
            o.insert("description".into(), json!(view.entry.summary));
        }
        let instant = |p: &crate::date::DatePoint| super::views::html_datetime(p);
        if let Some(d) = a.published.as_ref().and_then(instant) {
            o.insert("datePublished".into(), json!(d));
        }
        if let Some(d) = a.updated.as_ref().and_then(instant) {
            o.insert("dateModified".into(), json!(d));
        }
        o.insert("isPartOf".into(), self.website());
        o.insert(
            "publisher".into(),
            json!({"@type": "Organization", "name": self.lang.title}),
        );
        if !view.tags.is_empty() {
            o.insert("keywords".into(), json!(view.tags));
        }
        let things =
            |list: &[MentionView]| -> Vec<Value> { list.iter().map(|m| self.thing(m)).collect() };
        if !view.actors.is_empty() {
            o.insert("about".into(), json!(things(&view.actors)));
        }
        if !view.places.is_empty() {
            o.insert("mentions".into(), json!(things(&view.places)));
        }
        if !view.sources.is_empty() {
            let sources: Vec<Value> = view.sources.iter().map(citation).collect();
            o.insert("citation".into(), json!(sources));
        }
        if !a.corrections.is_empty() {
            let corrections: Vec<Value> = a
                .corrections
                .iter()
                .map(|c| {
                    let mut v = json!({"@type": "CorrectionComment", "text": c.text});
                    if let Some(d) = instant(&c.date) {
                        v["datePublished"] = json!(d);
                    }
                    v
                })
                .collect();
            o.insert("correction".into(), json!(corrections));
        }
        if let Some(image) = &view.image {
            o.insert("image".into(), json!(image));
        }
        Value::Object(o)
    }

    /// An entity an event mentions: its type, name, page and Wikidata item.
    fn thing(&self, m: &MentionView) -> Value {
        let mut v = json!({"@type": schema_type(m.kind), "name": m.name});
        if m.kind.is_some() {
            let path = site::entity_path(&self.lang.prefix, &m.id);
            v["url"] = json!(self.config.base_url.permalink(&path));
        }
        if let Some(q) = &m.wikidata {
            v["sameAs"] = json!(format!("https://www.wikidata.org/wiki/{q}"));
        }
        v
    }

    /// An entity's page: the entity itself, its page the `mainEntityOfPage`.
    pub(crate) fn entity(&self, e: &EntityView) -> Value {
        let mut v = json!({
            "@context": "https://schema.org",
            "@type": schema_type(Some(e.kind)),
            "name": e.name,
            "url": self.permalink,
            "mainEntityOfPage": self.page("ProfilePage"),
        });
        if !e.description.is_empty() {
            v["description"] = json!(e.description);
        }
        if !e.aliases.is_empty() {
            v["alternateName"] = json!(e.aliases);
        }
        if let Some(url) = &e.wikidata_url {
            v["sameAs"] = json!(url);
        }
        if let Some([lat, lon]) = &e.coordinates {
            v["geo"] = json!({"@type": "GeoCoordinates", "latitude": number(lat), "longitude": number(lon)});
        }
        v
    }
}

/// A source as a citation: a CreativeWork with its publisher, date and archived copy.
fn citation(s: &SourceView) -> Value {
    let mut v = json!({"@type": "CreativeWork", "name": s.title, "url": s.url});
    if let Some(p) = &s.publisher {
        v["publisher"] = json!({"@type": "Organization", "name": p});
    }
    if let Some(a) = &s.archive_url {
        v["archivedAt"] = json!(a);
    }
    if let Some(l) = &s.language {
        v["inLanguage"] = json!(l);
    }
    v
}

/// The schema.org type of an entity's kind.
fn schema_type(kind: Option<&str>) -> &'static str {
    match kind {
        Some("person") => "Person",
        Some("country") => "Country",
        Some("place") => "Place",
        Some("organisation" | "group") => "Organization",
        _ => "Thing",
    }
}

/// A coordinate as a JSON number (it was a finite number when read).
fn number(text: &str) -> Value {
    text.parse::<f64>().map_or(Value::Null, |f| json!(f))
}
