//! Articles to a site model: events (an article and its translations), one sorted
//! timeline per language, topics, years, permalinks, previous/next and related
//! articles. Pure: no files, no templates.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{Article, Asset, Content};
use crate::error::{Diagnostic, Diagnostics};

/// The whole site, ready to render.
#[derive(Debug)]
pub struct Site {
    /// Every article of every language, as parsed (drafts removed unless asked for).
    pub articles: Vec<std::sync::Arc<Article>>,
    /// One per configured language, in the order of `Config::languages`.
    pub languages: Vec<LangSite>,
    pub assets: Vec<Asset>,
    /// Articles that exist in some languages but not in others: (key, missing language).
    pub missing_translations: Vec<(String, String)>,
}

/// The site in one language.
#[derive(Debug)]
pub struct LangSite {
    pub lang: String,
    /// One entry per event, sorted by date, then coarser precision, then slug.
    pub entries: Vec<Entry>,
    /// Per topic of site.toml (same order): indices into `entries`, in order.
    pub topics: Vec<Vec<usize>>,
    /// Years present, ascending, each with its indices into `entries`.
    pub years: Vec<(i32, Vec<usize>)>,
    /// Per event (see [`Entry::event`]): its index into `entries`, if shown in this language.
    pub by_event: Vec<Option<usize>>,
}

impl LangSite {
    /// The page of `event` in this language, if it has been translated into it.
    pub fn page_of_event(&self, event: usize) -> Option<&Entry> {
        self.entry_of_event(event).filter(|e| !e.fallback)
    }

    /// The entry showing `event` in this language (possibly a fallback to another
    /// language's page).
    pub fn entry_of_event(&self, event: usize) -> Option<&Entry> {
        self.by_event
            .get(event)
            .copied()
            .flatten()
            .map(|i| &self.entries[i])
    }
}

/// One event as shown in one language.
#[derive(Debug)]
pub struct Entry {
    /// Index into `Site::articles`.
    pub article: usize,
    /// The article is in another language because this one has no translation yet: the
    /// entry is listed in this language's timelines and links to the original's page
    /// (`path`); it has no page of its own in this language.
    pub fallback: bool,
    /// Site-relative path of its page, e.g. `en/events/slug/`.
    pub path: String,
    /// Per topic of the article (same order as its `topics`): previous and next entry.
    pub neighbours: Vec<Neighbours>,
    /// Entries sharing topics, tags or actors, best first.
    pub related: Vec<usize>,
    /// Index of the event (the same for all languages).
    pub event: usize,
}

#[derive(Debug, Clone)]
pub struct Neighbours {
    pub topic: usize,
    pub prev: Option<usize>,
    pub next: Option<usize>,
}

/// One language's part of the model, with its missing translations and its duplicate
/// URLs (the pair of translation keys, and the error).
type LangBuild = (
    LangSite,
    Vec<(String, String)>,
    Vec<((String, String), Diagnostic)>,
);

/// How many related articles an article page shows.
pub const RELATED: usize = 4;

/// Site-relative path of a language's home: "" or "en/".
pub fn home_path(prefix: &str) -> String {
    prefix.to_string()
}

pub fn topic_path(prefix: &str, id: &str) -> String {
    format!("{prefix}topics/{id}/")
}

/// Site-relative path of page `page` (0-based) of a list whose first page is at
/// `first` (`topics/x/`): the others are at `topics/x/page/N/`, N from 2.
pub fn paged_path(first: String, page: usize) -> String {
    match page {
        0 => first,
        k => format!("{first}page/{}/", k + 1),
    }
}

/// How a list of `len` events (a topic's timeline, a year of the archive) is cut into
/// pages of `size` events (0: one page). The first page holds the latest `size`
/// events, each next page the `size` before them, so the last page (the oldest
/// events) may hold fewer.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    pub len: usize,
    pub size: usize,
}

impl Paging {
    pub fn count(self) -> usize {
        match self.size {
            0 => 1,
            size => self.len.div_ceil(size).max(1),
        }
    }

    /// The positions in the list that page `page` shows, in order.
    pub fn range(self, page: usize) -> std::ops::Range<usize> {
        match self.size {
            0 => 0..self.len,
            size => {
                let end = self.len.saturating_sub(page * size);
                end.saturating_sub(size)..end
            }
        }
    }

    /// The page showing position `pos` of the list.
    pub fn page_of(self, pos: usize) -> usize {
        match self.size {
            0 => 0,
            size => (self.len.saturating_sub(pos + 1)) / size,
        }
    }
}

pub fn year_path(prefix: &str, year: i32) -> String {
    format!("{prefix}years/{year}/")
}

/// The Atom feed of a language's whole site.
pub fn feed_path(prefix: &str) -> String {
    format!("{prefix}atom.xml")
}

/// The Atom feed of one topic in one language.
pub fn topic_feed_path(prefix: &str, id: &str) -> String {
    format!("{prefix}topics/{id}/atom.xml")
}

pub fn article_path(prefix: &str, slug: &str) -> String {
    format!("{prefix}events/{slug}/")
}

/// What of an article [`Site::build`] reads: its file (language, translation key,
/// bundle), slug, date, topics, tags, actors and draft flag. Two lists of articles
/// with equal keys, in the same order, give the same model (order, paths, neighbours,
/// related articles, missing translations); `serve` then keeps the model and swaps in
/// the new articles ([`Site::with_articles`]). Keep in step with `build`.
pub fn model_key(a: &Article) -> u64 {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut h = DefaultHasher::new();
    (
        &a.file,
        &a.slug,
        a.slug_line,
        &a.date,
        &a.topics,
        &a.tags,
        &a.actors,
        a.draft,
    )
        .hash(&mut h);
    h.finish()
}

impl Site {
    /// This model with new versions of its articles, in the same order and with the same
    /// [`model_key`]s (checked by the caller), and the assets found now.
    pub fn with_articles(mut self, config: &Config, content: Content) -> Site {
        self.articles = content
            .articles
            .into_iter()
            .filter(|a| config.drafts || !a.draft)
            .collect();
        self.assets = content.assets;
        self
    }

    /// Builds the model; fails when two articles would write the same page.
    pub fn build(config: &Config, content: Content) -> Result<Site, Diagnostics> {
        let articles: Vec<std::sync::Arc<Article>> = content
            .articles
            .into_iter()
            .filter(|a| config.drafts || !a.draft)
            .collect();

        // Events: articles grouped by translation key, in a stable order.
        let mut events: BTreeMap<&str, HashMap<&str, usize>> = BTreeMap::new();
        for (i, a) in articles.iter().enumerate() {
            events
                .entry(a.file.key.as_str())
                .or_default()
                .insert(a.file.lang.as_str(), i);
        }
        let default_lang = config.default_language().code.as_str();
        // Each language on its own thread; problems merged in language order.
        let built: Vec<LangBuild> = config
            .languages
            .par_iter()
            .map(|lang| {
                let mut missing = Vec::new();
                let mut duplicates: Vec<((String, String), Diagnostic)> = Vec::new();
                let mut entries = Vec::with_capacity(events.len());
                for (event, (key, versions)) in events.iter().enumerate() {
                    let (article, fallback) = match versions.get(lang.code.as_str()) {
                        Some(&i) => (i, false),
                        None => {
                            missing.push((key.to_string(), lang.code.clone()));
                            let Some(&i) = versions.get(default_lang).or_else(|| {
                                config
                                    .languages
                                    .iter()
                                    .find_map(|l| versions.get(l.code.as_str()))
                            }) else {
                                continue;
                            };
                            (i, true)
                        }
                    };
                    // An untranslated event is listed, linking to its page in the original
                    // language (as Hugo and Zola do, no page is made up for it).
                    let prefix = match fallback {
                        true => config
                            .language(&articles[article].file.lang)
                            .map_or(lang.prefix.as_str(), |l| l.prefix.as_str()),
                        false => lang.prefix.as_str(),
                    };
                    entries.push(Entry {
                        article,
                        fallback,
                        path: article_path(prefix, &articles[article].slug),
                        neighbours: Vec::new(),
                        related: Vec::new(),
                        event,
                    });
                }
                entries.sort_by_cached_key(|e| {
                    let a = &articles[e.article];
                    (a.date.sort_key(), a.slug.as_str(), a.file.key.as_str())
                });
                // Two articles at one URL (reported once per pair of events, not per language).
                let mut by_path: HashMap<&str, usize> = HashMap::new();
                for (i, e) in entries.iter().enumerate() {
                    if let Some(&j) = by_path.get(e.path.as_str()) {
                        let (a, b) = (&articles[entries[j].article], &articles[e.article]);
                        let pair = (a.file.key.clone(), b.file.key.clone());
                        let mut d = Diagnostic::in_file(
                            &b.file.path,
                            format!(
                                "`{}` and `{}` would both be written to /{}",
                                a.file.path.display(),
                                b.file.path.display(),
                                e.path
                            ),
                        )
                        .hint("give one of them another file name or a different `slug:` in its front matter");
                        if let Some(line) = b.slug_line {
                            d = d.at(line, None);
                        }
                        duplicates.push((pair, d));
                    } else {
                        by_path.insert(e.path.as_str(), i);
                    }
                }
                let topics: Vec<Vec<usize>> = config
                    .topics
                    .iter()
                    .map(|t| {
                        (0..entries.len())
                            .filter(|&i| articles[entries[i].article].topics.contains(&t.id))
                            .collect()
                    })
                    .collect();
                let mut years: Vec<(i32, Vec<usize>)> = Vec::new();
                for (i, e) in entries.iter().enumerate() {
                    let y = articles[e.article].date.year();
                    match years.last_mut() {
                        Some((year, list)) if *year == y => list.push(i),
                        _ => years.push((y, vec![i])),
                    }
                }
                // Sorting is by earliest day, so a year group never reappears later.
                link_neighbours(config, &articles, &mut entries, &topics);
                let mut by_event = vec![None; events.len()];
                for (i, e) in entries.iter().enumerate() {
                    by_event[e.event] = Some(i);
                }
                let site = LangSite {
                    lang: lang.code.clone(),
                    entries,
                    topics,
                    years,
                    by_event,
                };
                (site, missing, duplicates)
            })
            .collect();
        let mut errors = Diagnostics::default();
        let mut missing = Vec::new();
        let mut languages = Vec::with_capacity(built.len());
        let mut reported: Vec<(String, String)> = Vec::new();
        for (site, lang_missing, duplicates) in built {
            languages.push(site);
            missing.extend(lang_missing);
            for (pair, d) in duplicates {
                if !reported.contains(&pair) {
                    reported.push(pair);
                    errors.push(d);
                }
            }
        }
        missing.sort();
        errors.into_result(Site {
            articles,
            languages,
            assets: content.assets,
            missing_translations: missing,
        })
    }
}

/// Fills in previous/next per topic and related entries.
fn link_neighbours(
    config: &Config,
    articles: &[std::sync::Arc<Article>],
    entries: &mut [Entry],
    topics: &[Vec<usize>],
) {
    // Position of each entry in each topic list.
    let mut position: Vec<Vec<(usize, usize)>> = vec![Vec::new(); entries.len()];
    for (t, list) in topics.iter().enumerate() {
        for (pos, &i) in list.iter().enumerate() {
            position[i].push((t, pos));
        }
    }
    const WINDOW: usize = 6;
    for i in 0..entries.len() {
        let a = &articles[entries[i].article];
        let mut neighbours = Vec::new();
        for id in &a.topics {
            let Some(t) = config.topics.iter().position(|x| x.id == *id) else {
                continue;
            };
            let Some(&(_, pos)) = position[i].iter().find(|(tt, _)| *tt == t) else {
                continue;
            };
            let list = &topics[t];
            neighbours.push(Neighbours {
                topic: t,
                prev: pos.checked_sub(1).map(|p| list[p]),
                next: list.get(pos + 1).copied(),
            });
        }
        // Related: near in time within shared topics, scored by what they share.
        let mut candidates: Vec<(usize, usize)> = Vec::new();
        for &(t, pos) in &position[i] {
            let list = &topics[t];
            let lo = pos.saturating_sub(WINDOW);
            let hi = (pos + WINDOW + 1).min(list.len());
            for (k, &j) in list[lo..hi].iter().enumerate() {
                if j == i || candidates.iter().any(|(c, _)| *c == j) {
                    continue;
                }
                let b = &articles[entries[j].article];
                let shared =
                    |x: &[String], y: &[String]| x.iter().filter(|s| y.contains(s)).count();
                let score = 4 * shared(&a.topics, &b.topics)
                    + 2 * shared(&a.tags, &b.tags)
                    + 2 * shared(&a.actors, &b.actors);
                let distance = (lo + k).abs_diff(pos);
                candidates.push((j, score * 16 + (WINDOW + 1 - distance.min(WINDOW))));
            }
        }
        candidates.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        let related = candidates
            .into_iter()
            .take(RELATED)
            .map(|(j, _)| j)
            .collect();
        entries[i].neighbours = neighbours;
        entries[i].related = related;
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
