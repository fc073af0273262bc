//! What a filter script needs of an entry, beside what its card shows: its topics,
//! actors and places (ids, with names in the page's language), its status and the days
//! it spans, as one small JSON text that the built-in theme prints in a `data-facets`
//! attribute (interface 4). Part of the card's view, so a page's fingerprint moves with
//! it.

use serde::Serialize;

use super::lang_views::Views;
use crate::date::Day;
use crate::site::EntryIx;

#[derive(Serialize)]
struct Facets<'a> {
    /// Topic ids.
    t: Vec<&'a str>,
    /// Actors: [id, name].
    a: Vec<(&'a str, &'a str)>,
    /// Places: [id, name].
    p: Vec<(&'a str, &'a str)>,
    /// Status.
    s: &'static str,
    /// First and last day, as the number yyyymmdd (absent when open or unknown).
    #[serde(skip_serializing_if = "Option::is_none")]
    f: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    u: Option<i64>,
}

/// A day as the number yyyymmdd, which orders as days do (also before year 1).
pub(crate) fn day_number(d: Day) -> i64 {
    d.year * 10_000 + i64::from(d.month) * 100 + i64::from(d.day)
}

impl Views<'_> {
    /// The facets of entry `i`, as JSON.
    pub(crate) fn facets(&self, i: EntryIx) -> String {
        let e = self.lang_site.entry(i).article;
        let a = self.site.article(e);
        let resolved = self.site.mentions_of(e);
        let (mut actors, mut places) = (Vec::new(), Vec::new());
        if resolved.is_empty() {
            // A site without entities: the ids as written are the names.
            actors.extend(a.actors.iter().map(|m| (m.id.as_str(), m.id.as_str())));
            places.extend(a.places.iter().map(|m| (m.id.as_str(), m.id.as_str())));
        }
        for m in resolved {
            let id = self.site.entity(m.entity).id.as_str();
            let name = self
                .site
                .entity_version(m.entity, self.lang_ix())
                .name
                .as_str();
            let list = if m.place { &mut places } else { &mut actors };
            if !list.iter().any(|(i, _)| *i == id) {
                list.push((id, name));
            }
        }
        let facets = Facets {
            t: self
                .site
                .topics_of(e)
                .iter()
                .map(|t| self.config.topics[t.get()].id.as_str())
                .collect(),
            a: actors,
            p: places,
            s: a.status.as_str(),
            f: a.date.earliest_bound().map(day_number),
            u: a.date.latest_day().map(day_number),
        };
        serde_json::to_string(&facets).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_order_as_days() {
        let d = |year, month, day| day_number(Day { year, month, day });
        assert_eq!(d(2022, 7, 15), 20_220_715);
        assert!(d(2022, 7, 15) < d(2022, 7, 16));
        assert!(d(2021, 12, 31) < d(2022, 1, 1));
        assert!(d(-500, 12, 31) < d(-499, 1, 1));
        assert!(d(-1, 12, 31) < d(0, 1, 1));
    }
}
