//! The pages of entities and statuses: an entity's page, the indexes of actors and of
//! places, and the page that explains the statuses, each in every language.

use super::lang_views::Views;
use super::pages::{Alternate, Made, PageKind, PageVars};
use super::Renderer;
use crate::site::{self, EntityIx, EntryIx};

impl Renderer<'_> {
    pub(super) fn entity<'s>(
        &'s self,
        v: &'s Views<'s>,
        e: EntityIx,
        list: &[EntryIx],
    ) -> Made<'s> {
        let view = v.entity_view(e, list);
        let id = &self.site.entity(e).id;
        Made {
            template: "entity.html",
            kind: PageKind::Entity,
            title: view.name.to_string(),
            description: view.description.to_string(),
            image: None,
            alternates: self.everywhere(|prefix| site::entity_path(prefix, id)),
            vars: PageVars {
                entity: Some(view),
                ..PageVars::default()
            },
        }
    }

    pub(super) fn entities<'s>(&'s self, v: &'s Views<'s>, places: bool) -> Made<'s> {
        let title = match places {
            true => self.string(v, "places_title", "Places"),
            false => self.string(v, "actors_title", "Actors"),
        };
        Made {
            template: "entities.html",
            kind: PageKind::Entities,
            title: title.to_string(),
            description: v.lang.description.clone(),
            image: None,
            alternates: self.everywhere(|prefix| site::entities_path(prefix, places)),
            vars: PageVars {
                entity_groups: Some(v.entity_groups(places)),
                index: Some(if places { "places" } else { "actors" }),
                ..PageVars::default()
            },
        }
    }

    pub(super) fn statuses<'s>(&'s self, v: &'s Views<'s>) -> Made<'s> {
        let title = self.string(v, "statuses_title", "Statuses");
        Made {
            template: "statuses.html",
            kind: PageKind::Statuses,
            title: title.to_string(),
            description: v.lang.description.clone(),
            image: None,
            alternates: self.everywhere(site::statuses_path),
            vars: PageVars {
                statuses: Some(v.statuses()),
                ..PageVars::default()
            },
        }
    }

    /// The theme's string `key` in the views' language, else `otherwise`.
    fn string<'s>(&'s self, v: &Views<'_>, key: &str, otherwise: &'s str) -> &'s str {
        self.theme
            .strings
            .get(&v.lang.code)
            .and_then(|t| t.get(key))
            .map_or(otherwise, String::as_str)
    }

    /// A page every language has, at `path(prefix)`.
    fn everywhere(&self, path: impl Fn(&str) -> String) -> Vec<Alternate> {
        self.config
            .languages
            .iter()
            .map(|x| Alternate::Same(path(&x.prefix)))
            .collect()
    }
}
