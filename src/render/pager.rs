//! How a page of a long list (a topic's timeline, a year) stands among the others: the
//! pager with its labelled pages, and the links to a topic's years, which may be on
//! other pages of its timeline.

use super::date_format::{format_year, month_name};
use super::lang_views::Views;
use super::views::{PagerLink, PagerView, YearLink, PAGER_AROUND};
use crate::site::{self, EntryIx, TopicIx};

impl Views<'_> {
    /// Every year of topic `t`, as page `page` of its timeline links to them: to the
    /// year's heading on the page holding its first event (on this page, `#y2022`).
    pub(crate) fn topic_years(&self, t: TopicIx, page: usize) -> Vec<YearLink> {
        let paging = self.paging(self.lang_site.topic(t).len());
        let first = site::topic_path(&self.lang.prefix, &self.config.topics[t.get()].id);
        self.topic_years[t.get()]
            .iter()
            .map(|y| {
                let on = paging.page_of(y.first);
                let anchor = format!("#y{}", y.year);
                YearLink {
                    year: y.year,
                    label: format_year(y.year, &self.lang.locale),
                    url: match on == page {
                        true => anchor,
                        false => format!(
                            "{}{anchor}",
                            self.link(&site::paged_path(first.clone(), on))
                        ),
                    },
                    count: y.count,
                }
            })
            .collect()
    }

    /// Page `page` of the pages of `list` (a topic's timeline, a year: entries in
    /// order) among the others; `first`: the site path of the first page. Each page is
    /// labelled by the years of its events, or, in a year (`by_month`), its months.
    pub(crate) fn pager(
        &self,
        list: &[EntryIx],
        page: usize,
        first: &str,
        by_month: bool,
    ) -> PagerView {
        let paging = self.paging(list.len());
        let count = paging.count();
        let url = |k: usize| self.link(&site::paged_path(first.to_string(), k));
        let label = |k: usize| self.page_label(list, paging.range(k), by_month);
        // The first, the last, and the pages near this one: a pager stays short however
        // many pages there are.
        let mut listed: Vec<usize> = vec![0];
        listed
            .extend(page.saturating_sub(PAGER_AROUND).max(1)..(page + PAGER_AROUND + 1).min(count));
        if count > 1 && listed.last() != Some(&(count - 1)) {
            listed.push(count - 1);
        }
        PagerView {
            number: page + 1,
            count,
            newer: (page > 0).then(|| url(page - 1)),
            older: (page + 1 < count).then(|| url(page + 1)),
            pages: match count {
                1 => Vec::new(),
                _ => listed
                    .iter()
                    .enumerate()
                    .map(|(n, &k)| PagerLink {
                        number: k + 1,
                        url: url(k),
                        current: k == page,
                        label: label(k),
                        gap_before: n > 0 && listed[n - 1] + 1 != k,
                    })
                    .collect(),
            },
        }
    }

    /// The years of the events of `list[range]` (`2019–2021`), or, in a year
    /// (`by_month`), its months (`March–June`); an event known only to the year has no
    /// month, and the page is labelled by the year.
    fn page_label(
        &self,
        list: &[EntryIx],
        range: std::ops::Range<usize>,
        by_month: bool,
    ) -> String {
        let Some(last) = range.end.checked_sub(1) else {
            return String::new();
        };
        let locale = &self.lang.locale;
        let (a, b) = (
            &self.article_of(list[range.start]).date,
            &self.article_of(list[last]).date,
        );
        let (a, b) = match (by_month, a.month(), b.month()) {
            (true, Some(x), Some(y)) => (month_name(x, locale), month_name(y, locale)),
            (true, _, _) => (format_year(b.year(), locale), format_year(b.year(), locale)),
            _ => (format_year(a.year(), locale), format_year(b.year(), locale)),
        };
        match a == b {
            true => a,
            false => format!("{a}–{b}"),
        }
    }
}
