//! The data a filter needs to cover a list cut into pages (`page_size`): per topic and
//! per year of each language that has more than one page, `list.json` beside the
//! list's first page, holding every event of the list with the page it is on, its
//! address, title, date as shown and facets ([`super::facets`]). One small file per
//! list, made from the cards every page shows, so it never disagrees with them.

use super::lang_views::Views;
use super::Renderer;
use crate::built::OutputFile;
use crate::site::{self, EntryIx, TopicIx};

/// The file's name, beside the list's first page.
pub(crate) const FILE: &str = "list.json";

impl Renderer<'_> {
    /// The `list.json` of every list of more than one page, in every language.
    pub(crate) fn list_data(&self) -> Vec<OutputFile> {
        let mut files = Vec::new();
        for (l, ls) in self.site.languages.iter().enumerate() {
            let (v, prefix) = (&self.views[l], &self.config.languages[l].prefix);
            for (t, topic) in self.config.topics.iter().enumerate() {
                let first = site::topic_path(prefix, &topic.id);
                files.extend(list_file(v, first, ls.topic(TopicIx::new(t))));
            }
            for y in &ls.years {
                files.extend(list_file(v, site::year_path(prefix, y.year), &y.entries));
            }
        }
        files
    }
}

/// `{"pages": [first page's URL, …], "events": [{"p": page, "u", "n", "d", "x"}, …]}`
/// for the list at `first`, when it has more than one page.
fn list_file(v: &Views<'_>, first: String, entries: &[EntryIx]) -> Option<OutputFile> {
    let paging = v.paging(entries.len());
    if paging.count() < 2 {
        return None;
    }
    let text = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let pages: Vec<String> = (0..paging.count())
        .map(|p| text(&v.link(&site::paged_path(first.clone(), p))))
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
    Some(OutputFile::made(format!("{first}{FILE}"), out))
}
