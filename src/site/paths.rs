//! Where each page of the site goes: the site path of a language's home, a topic's
//! timeline and its pages, a year, an event and the feeds; and how a long list is cut
//! into pages.

/// Site-relative path of a language's home: "" or "en/".
pub(crate) fn home_path(prefix: &str) -> String {
    prefix.to_string()
}

pub(crate) fn topic_path(prefix: &str, id: &str) -> String {
    format!("{prefix}topics/{id}/")
}

/// Site-relative path of page `page` (0-based) of a list whose first page is at
/// `first` (`topics/x/`): the others are at `topics/x/page/N/`, N from 2.
pub(crate) fn paged_path(first: String, page: usize) -> String {
    match page {
        0 => first,
        k => format!("{first}page/{}/", k + 1),
    }
}

pub(crate) fn year_path(prefix: &str, year: i64) -> String {
    format!("{prefix}years/{year}/")
}

/// The Atom feed of a language's whole site.
pub(crate) fn feed_path(prefix: &str) -> String {
    format!("{prefix}atom.xml")
}

/// The Atom feed of one topic in one language.
pub(crate) fn topic_feed_path(prefix: &str, id: &str) -> String {
    format!("{prefix}topics/{id}/atom.xml")
}

pub(crate) fn article_path(prefix: &str, slug: &str) -> String {
    format!("{prefix}events/{slug}/")
}

/// The page of an entity (an actor or a place).
pub(crate) fn entity_path(prefix: &str, id: &str) -> String {
    format!("{prefix}entities/{id}/")
}

/// The index of the actors (`places` false) or of the places.
pub(crate) fn entities_path(prefix: &str, places: bool) -> String {
    match places {
        true => format!("{prefix}places/"),
        false => format!("{prefix}actors/"),
    }
}

/// The page that explains the statuses an event may have.
pub(crate) fn statuses_path(prefix: &str) -> String {
    format!("{prefix}statuses/")
}

/// The downloads and the TimelineJS3 export of one topic in one language
/// (`file`: `events.csv`, `events.json`, `places.geojson`, `timeline.json`).
pub(crate) fn topic_export_path(prefix: &str, id: &str, file: &str) -> String {
    format!("{prefix}topics/{id}/{file}")
}

/// The downloads and the TimelineJS3 export of a language's whole site, and the
/// TimelineJS3 locale file (`timelinejs-locale.json`).
pub(crate) fn site_export_path(prefix: &str, file: &str) -> String {
    format!("{prefix}data/{file}")
}

/// A topic shown by TimelineJS3 (the optional page).
pub(crate) fn timelinejs_path(prefix: &str, id: &str) -> String {
    format!("{prefix}topics/{id}/timelinejs/")
}

/// The embeddable view of a topic (no navigation, for an iframe).
pub(crate) fn embed_path(prefix: &str, id: &str) -> String {
    format!("{prefix}embed/{id}/")
}

/// How a list of `len` events (a topic's timeline, a year of the archive) is cut into
/// pages of `size` events (0: one page). The first page holds the latest `size`
/// events, each next page the `size` before them, so the last page (the oldest
/// events) may hold fewer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Paging {
    pub len: usize,
    pub size: usize,
}

impl Paging {
    pub(crate) fn count(self) -> usize {
        match self.size {
            0 => 1,
            size => self.len.div_ceil(size).max(1),
        }
    }

    /// The positions in the list that page `page` shows, in order.
    pub(crate) fn range(self, page: usize) -> std::ops::Range<usize> {
        match self.size {
            0 => 0..self.len,
            size => {
                let end = self.len.saturating_sub(page * size);
                end.saturating_sub(size)..end
            }
        }
    }

    /// The page showing position `pos` of the list.
    pub(crate) fn page_of(self, pos: usize) -> usize {
        match self.size {
            0 => 0,
            size => (self.len.saturating_sub(pos + 1)) / size,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Paging;

    #[test]
    fn pages_hold_the_latest_first_and_cover_every_event_once() {
        let pages = Paging { len: 7, size: 3 };
        assert_eq!(pages.count(), 3);
        assert_eq!(pages.range(0), 4..7);
        assert_eq!(pages.range(1), 1..4);
        assert_eq!(pages.range(2), 0..1);
        for pos in 0..7 {
            assert!(pages.range(pages.page_of(pos)).contains(&pos), "{pos}");
        }
    }

    #[test]
    fn a_short_or_unpaged_list_has_one_page_of_everything() {
        for pages in [
            Paging { len: 3, size: 3 },
            Paging { len: 5, size: 0 },
            Paging { len: 0, size: 3 },
        ] {
            assert_eq!(pages.count(), 1);
            assert_eq!(pages.range(0), 0..pages.len);
            assert_eq!(pages.page_of(pages.len.saturating_sub(1)), 0);
        }
    }
}
