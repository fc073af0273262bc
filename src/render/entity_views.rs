//! The views of the pages entities have: an entity's own page (its name, kind,
//! description, Wikidata link and body, and a timeline of every event that mentions it,
//! grouped by year, with the roles it plays), the indexes of actors and places, and the
//! page that explains the statuses.

use serde::Serialize;

use super::date_format::format_year;
use super::lang_views::Views;
use super::views::{Body, Card};
use crate::content::{EntityKind, Status};
use crate::site::{self, EntityIx, EntryIx, LangIx};

/// `entity`: the entity of an entity page.
#[derive(Debug, Hash, Serialize)]
pub(crate) struct EntityView<'v> {
    pub id: &'v str,
    pub name: &'v str,
    pub kind: &'static str,
    pub aliases: &'v [String],
    pub description: &'v str,
    pub body: Body,
    pub wikidata: Option<&'v str>,
    pub wikidata_url: Option<String>,
    /// Latitude and longitude in degrees, as written (a place's).
    pub coordinates: Option<[String; 2]>,
    pub url: String,
    /// No version in the page's language: the text is the original's, in `lang`.
    pub fallback: bool,
    pub lang: &'v str,
    pub dir: &'static str,
    /// How many events mention it.
    pub count: usize,
    pub years: Vec<EntityYear<'v>>,
}

/// A year of an entity's timeline.
#[derive(Debug, Hash, Serialize)]
pub(crate) struct EntityYear<'v> {
    pub year: i64,
    pub label: String,
    pub anchor: String,
    pub events: Vec<EntityEvent<'v>>,
}

/// An event of an entity's timeline, with the roles the entity plays in it.
#[derive(Debug, Hash, Serialize)]
pub(crate) struct EntityEvent<'v> {
    #[serde(flatten)]
    pub card: Card<'v>,
    /// The roles' names in the page's language (none when no role is given).
    pub roles: Vec<String>,
    /// The event names it among its places (else among its actors).
    pub place: bool,
}

/// An entity in an index.
#[derive(Debug, Hash, Serialize)]
pub(crate) struct EntityLink<'v> {
    pub id: &'v str,
    pub name: &'v str,
    pub kind: &'static str,
    pub description: &'v str,
    pub url: String,
    pub count: usize,
    pub lang: &'v str,
    pub fallback: bool,
}

/// The entities of one kind in an index.
#[derive(Debug, Hash, Serialize)]
pub(crate) struct EntityGroup<'v> {
    pub kind: &'static str,
    pub entities: Vec<EntityLink<'v>>,
}

/// A status, as the statuses page explains it.
#[derive(Debug, Hash, Serialize)]
pub(crate) struct StatusView {
    pub id: &'static str,
    /// The id of its section (`status-disputed`), which badges link to.
    pub anchor: String,
}

/// The kinds an index of actors lists, in order.
const ACTOR_KINDS: [EntityKind; 4] = [
    EntityKind::Country,
    EntityKind::Organisation,
    EntityKind::Group,
    EntityKind::Person,
];

impl<'a> Views<'a> {
    /// The view of entity `e`'s page.
    pub(crate) fn entity_view(&self, e: EntityIx, entries: &[EntryIx]) -> EntityView<'_> {
        let entity = self.site.entity(e);
        let version = self.site.entity_version(e, self.lang_ix());
        let original = self.site.entity_version(e, LangIx::new(0));
        let lang = version.file.lang.as_str();
        EntityView {
            id: &entity.id,
            name: &version.name,
            kind: entity.kind.as_str(),
            aliases: &version.aliases,
            description: &version.description,
            body: Body {
                html: version.body.html.get(),
            },
            wikidata: original.wikidata.as_deref(),
            wikidata_url: original
                .wikidata
                .as_ref()
                .map(|q| format!("https://www.wikidata.org/wiki/{q}")),
            coordinates: original
                .coordinates
                .map(|(lat, lon)| [lat.to_string(), lon.to_string()]),
            url: self.link(&site::entity_path(&self.lang.prefix, &entity.id)),
            fallback: lang != self.lang.code,
            lang,
            dir: crate::config::Direction::of(lang).as_str(),
            count: entries.len(),
            years: self.entity_years(e, entries),
        }
    }

    /// The entries that mention `e`, grouped by year, each with `e`'s roles in it.
    fn entity_years(&self, e: EntityIx, entries: &[EntryIx]) -> Vec<EntityYear<'_>> {
        let mut years: Vec<EntityYear> = Vec::new();
        for &i in entries {
            let year = self.article_of(i).date.year();
            if years.last().is_none_or(|y| y.year != year) {
                years.push(EntityYear {
                    year,
                    label: format_year(year, &self.lang.locale),
                    anchor: format!("y{year}"),
                    events: Vec::new(),
                });
            }
            let mentions = self.site.mentions_of(self.lang_site.entry(i).article);
            let own = mentions.iter().filter(|m| m.entity == e);
            let event = EntityEvent {
                card: self.card(i),
                roles: own
                    .clone()
                    .filter_map(|m| self.role_name(m.role.as_deref()))
                    .collect(),
                place: own.clone().all(|m| m.place),
            };
            if let Some(y) = years.last_mut() {
                y.events.push(event);
            }
        }
        years
    }

    /// The index of the places (`places`) or of the actors, by kind, each sorted by its
    /// name in this language.
    pub(crate) fn entity_groups(&self, places: bool) -> Vec<EntityGroup<'_>> {
        let kinds: &[EntityKind] = match places {
            true => &[EntityKind::Place],
            false => &ACTOR_KINDS,
        };
        kinds
            .iter()
            .map(|&kind| {
                let mut entities: Vec<EntityLink> = (0..self.site.entities.len())
                    .map(EntityIx::new)
                    .filter(|&e| self.site.entity(e).kind == kind)
                    .map(|e| self.entity_link(e))
                    .collect();
                entities.sort_by(|a, b| {
                    a.name
                        .to_lowercase()
                        .cmp(&b.name.to_lowercase())
                        .then(a.id.cmp(b.id))
                });
                EntityGroup {
                    kind: kind.as_str(),
                    entities,
                }
            })
            .filter(|g| !g.entities.is_empty())
            .collect()
    }

    fn entity_link(&self, e: EntityIx) -> EntityLink<'_> {
        let entity = self.site.entity(e);
        let version = self.site.entity_version(e, self.lang_ix());
        EntityLink {
            id: &entity.id,
            name: &version.name,
            kind: entity.kind.as_str(),
            description: &version.description,
            url: self.link(&site::entity_path(&self.lang.prefix, &entity.id)),
            count: self.lang_site.entity_entries[e.get()].len(),
            lang: &version.file.lang,
            fallback: version.file.lang != self.lang.code,
        }
    }

    /// Every status. (The page says what each means, not how many events have it: it
    /// depends on no event, so a remembering pipeline never renders it again.)
    pub(crate) fn statuses(&self) -> Vec<StatusView> {
        Status::ALL
            .iter()
            .map(|&s| StatusView {
                id: s.as_str(),
                anchor: format!("status-{}", s.as_str()),
            })
            .collect()
    }
}
