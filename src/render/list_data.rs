//! The data a filter needs to cover a list cut into pages (`page_size`): per topic and
//! per year of each language that has more than one page, `list.json` beside the
//! list's first page, holding every event of the list with the page it is on, its
//! address, title, date as shown and facets ([`super::facets`]). One small file per
//! list, made from the cards every page shows, so it never disagrees with them.

use rayon::prelude::*;

use super::lang_views::Views;
use super::Renderer;
use crate::built::OutputFile;
use crate::site::{self, EntryIx, TopicIx};

/// The file's name, beside the list's first page.
pub(crate) const FILE: &str = "list.json";

impl Renderer<'_> {
    /// The `list.json` of every list of more than one page, in every language.
    pub(crate) fn list_data(&self) -> Vec<OutputFile> {
        self.list_data_memo(&|_, _| false)
            .into_iter()
            .filter_map(|(path, _, text)| Some(OutputFile::made(path, text?)))
            .collect()
    }

    /// Every `list.json` as (path, fingerprint, text), the text left out where
    /// `made(path, fingerprint)` says that file is made already. The fingerprint is the
    /// hash of the list's path, its number of pages and its cards' hashes (a run without
    /// fingerprints has cards of hash 0: give it a `made` that says no).
    pub(crate) fn list_data_memo(
        &self,
        made: &(dyn Fn(&str, u64) -> bool + Sync),
    ) -> Vec<(String, u64, Option<String>)> {
        let mut lists = Vec::new();
        for (l, ls) in self.site.languages.iter().enumerate() {
            let prefix = &self.config.languages[l].prefix;
            for (t, topic) in self.config.topics.iter().enumerate() {
                lists.push((
                    l,
                    site::topic_path(prefix, &topic.id),
                    ls.topic(TopicIx::new(t)),
                ));
            }
            for y in &ls.years {
                lists.push((l, site::year_path(prefix, y.year), &y.entries[..]));
            }
        }
        lists
            .into_par_iter()
            .filter_map(|(l, first, entries)| {
                let v = &self.views[l];
                let pages = v.paging(entries.len()).count();
                if pages < 2 {
                    return None;
                }
                let cards: Vec<u64> = entries.iter().map(|&i| v.card(i).hash).collect();
                let print = crate::fingerprint::hash_of(&(&first, pages, cards));
                let path = format!("{first}{FILE}");
                let text = (!made(&path, print)).then(|| list_text(v, &first, entries));
                Some((path, print, text))
            })
            .collect()
    }
}

/// `{"pages": [first page's URL, …], "events": [{"p": page, "u", "n", "d", "x"}, …]}`
/// for the list at `first` (of more than one page).
fn list_text(v: &Views<'_>, first: &str, entries: &[EntryIx]) -> String {
    let paging = v.paging(entries.len());
    let text = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let pages: Vec<String> = (0..paging.count())
        .map(|p| text(&v.link(&site::paged_path(first.to_string(), p))))
        .collect();
    let mut out = format!("{{\"pages\":[{}],\"events\":[", pages.join(","));
    for (pos, &i) in entries.iter().enumerate() {
        let card = v.card(i).view;
        if pos > 0 {
            out.push(',');
        }
        out.push_str(&format!(
            "{{\"p\":{},\"u\":{},\"n\":{},\"d\":{},\"x\":{}}}",
            paging.page_of(pos),
            text(&card.url),
            text(&card.title),
            text(&card.date.display),
            card.facets
        ));
    }
    out.push_str("]}");
    out
}
