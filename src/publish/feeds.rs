//! Atom feeds (RFC 4287): one per language for the whole site and one per topic, each
//! holding the newest [`FEED_LIMIT`] entries. A feed is printed from its [`FeedView`],
//! which holds everything printed and nothing else, so that its fingerprint is the
//! hash of that view.

use std::fmt::Write as _;

use chrono::NaiveDateTime;
use rayon::prelude::*;

use super::xml::{atom_instant, atom_time, atom_time_if_printable, escape};
use crate::config::{Config, Language};
use crate::content::Article;
use crate::date::EventDate;
use crate::html;
use crate::site::{self, Entry, EntryIx, LangSite, Site, TopicIx};

/// The most entries one feed holds (the newest ones).
pub(crate) const FEED_LIMIT: usize = 50;

/// One feed, as printed.
#[derive(Debug, Hash)]
pub(crate) struct FeedView<'s> {
    pub lang: &'s str,
    /// The feed's own absolute URL (its id and `rel=self` link).
    pub id: String,
    pub title: String,
    pub subtitle: String,
    pub updated: String,
    pub author: &'s str,
    pub author_uri: &'s str,
    /// The HTML page the feed follows.
    pub alternate: String,
    pub entries: Vec<FeedEntry<'s>>,
}

/// One entry of a feed, as printed.
#[derive(Debug, Hash)]
pub(crate) struct FeedEntry<'s> {
    /// The language of the text, when it is not the feed's (an untranslated event).
    pub lang: Option<&'s str>,
    pub permalink: String,
    pub title: &'s str,
    pub updated: String,
    pub published: Option<String>,
    /// (topic id, its title in the feed's language).
    pub categories: Vec<(&'s str, String)>,
    pub summary: &'s str,
    /// The article's HTML; its URLs are made absolute when printed.
    pub body: std::sync::Arc<str>,
}

/// The instant an article last changed, for a feed: `updated`, else `published`,
/// else the start of the event (a month or a year becomes its first day, 00:00 UTC).
/// Atom requires it, so a date Atom cannot print (before 0001, as BCE events are, or
/// after 9999) is clamped to 0001-01-01T00:00:00Z or 9999-12-31T23:59:59Z.
pub(crate) fn article_updated(article: &Article) -> NaiveDateTime {
    atom_instant(
        match article.updated.as_ref().or(article.published.as_ref()) {
            Some(p) => EventDate::Point(*p).start_instant(),
            None => article.date.start_instant(),
        },
    )
}

/// Every feed of the site: (site path, view), each language's whole feed first, then
/// its topics'.
pub(crate) fn feeds<'s>(config: &'s Config, site: &'s Site) -> Vec<(String, FeedView<'s>)> {
    let updated = updated_of(site);
    wanted(config)
        .par_iter()
        .map(|&(l, t)| feed(config, site, &updated, l, t))
        .collect()
}

/// Which articles some feed prints in full (by article index): the newest of each feed.
pub(crate) fn articles_printed(config: &Config, site: &Site) -> Vec<bool> {
    let updated = updated_of(site);
    let mut printed = vec![false; site.articles.len()];
    for (l, t) in wanted(config) {
        let ls = &site.languages[l];
        for (_, e) in newest_items(site, ls, &listed(ls, t), &updated) {
            printed[e.article.get()] = true;
        }
    }
    printed
}

/// When each article last changed, by article index ([`article_updated`]).
fn updated_of(site: &Site) -> Vec<NaiveDateTime> {
    site.articles
        .par_iter()
        .map(|a| article_updated(a))
        .collect()
}

/// The feeds of the site: (language, topic or none for the whole site).
fn wanted(config: &Config) -> Vec<(usize, Option<usize>)> {
    (0..config.languages.len())
        .flat_map(|l| {
            std::iter::once((l, None)).chain((0..config.topics.len()).map(move |t| (l, Some(t))))
        })
        .collect()
}

/// The entries a feed chooses from: the language's all, or topic `t`'s.
fn listed(ls: &LangSite, t: Option<usize>) -> std::borrow::Cow<'_, [EntryIx]> {
    match t {
        None => ls.all().collect::<Vec<_>>().into(),
        Some(t) => ls.topic(TopicIx::new(t)).into(),
    }
}

/// The feed of language `l`: of topic `t`, or of the whole site.
fn feed<'s>(
    config: &'s Config,
    site: &'s Site,
    updated: &[NaiveDateTime],
    l: usize,
    t: Option<usize>,
) -> (String, FeedView<'s>) {
    let (lang, ls) = (&config.languages[l], &site.languages[l]);
    let fallback = &config.default_language().code;
    let (title, subtitle, path, page) = match t {
        None => (
            lang.title.clone(),
            lang.description.clone(),
            site::feed_path(&lang.prefix),
            site::home_path(&lang.prefix),
        ),
        Some(t) => {
            let topic = &config.topics[t];
            let title = topic.title.get(&lang.code, fallback);
            (
                format!("{title} · {}", lang.title),
                topic
                    .description
                    .as_ref()
                    .map(|d| d.get(&lang.code, fallback))
                    .unwrap_or_default(),
                site::topic_feed_path(&lang.prefix, &topic.id),
                site::topic_path(&lang.prefix, &topic.id),
            )
        }
    };
    let items = newest_items(site, ls, &listed(ls, t), updated);
    // The feed's `updated`: its newest entry's, else its language's newest article's.
    let newest = items
        .first()
        .map(|(u, _)| *u)
        .unwrap_or_else(|| newest(ls, updated));
    let view = FeedView {
        lang: &lang.code,
        id: config.base_url.permalink(&path),
        title,
        subtitle: subtitle.trim().to_string(),
        updated: atom_time(newest),
        author: config.author.as_deref().unwrap_or(&lang.title),
        author_uri: &config.base_url.absolute,
        alternate: config.base_url.permalink(&page),
        entries: items
            .iter()
            .map(|(u, e)| feed_entry(config, site, lang, *u, e))
            .collect(),
    };
    (path, view)
}

fn feed_entry<'s>(
    config: &'s Config,
    site: &'s Site,
    lang: &Language,
    updated: NaiveDateTime,
    e: &Entry,
) -> FeedEntry<'s> {
    let a: &'s Article = site.article(e.article);
    FeedEntry {
        lang: (a.file.lang != lang.code).then_some(a.file.lang.as_str()),
        permalink: config.base_url.permalink(&e.path),
        title: &a.title,
        updated: atom_time(updated),
        published: a
            .published
            .as_ref()
            .and_then(|p| atom_time_if_printable(EventDate::Point(*p).start_instant())),
        categories: a
            .topics
            .iter()
            .filter_map(|id| {
                let t = config.topic(id)?;
                Some((
                    id.as_str(),
                    t.title.get(&lang.code, &config.default_language().code),
                ))
            })
            .collect(),
        summary: a.summary.trim(),
        body: a.body.html.get(),
    }
}

/// The newest `updated` (per article) of a language's entries (for an empty language,
/// 1970-01-01).
fn newest(ls: &LangSite, updated: &[NaiveDateTime]) -> NaiveDateTime {
    ls.entries
        .iter()
        .map(|e| updated[e.article.get()])
        .max()
        .unwrap_or_default()
}

/// The newest [`FEED_LIMIT`] of `entries` (indices into `ls.entries`), newest first:
/// by `updated`, then by event date, then by path (stable output).
fn newest_items<'s>(
    site: &Site,
    ls: &'s LangSite,
    entries: &[EntryIx],
    updated: &[NaiveDateTime],
) -> Vec<(NaiveDateTime, &'s Entry)> {
    let mut items: Vec<(NaiveDateTime, &Entry)> = entries
        .iter()
        .map(|&i| {
            let e = ls.entry(i);
            (updated[e.article.get()], e)
        })
        .collect();
    let newest_first = |(ua, a): &(NaiveDateTime, &Entry), (ub, b): &(NaiveDateTime, &Entry)| {
        let (x, y) = (site.article(a.article), site.article(b.article));
        ub.cmp(ua)
            .then_with(|| y.date.sort_key().cmp(&x.date.sort_key()))
            .then_with(|| a.path.cmp(&b.path))
    };
    if items.len() > FEED_LIMIT {
        items.select_nth_unstable_by(FEED_LIMIT, newest_first);
        items.truncate(FEED_LIMIT);
    }
    items.sort_by(newest_first);
    items
}

/// The feed as Atom XML.
pub(crate) fn atom(feed: &FeedView) -> String {
    let mut x = String::with_capacity(4096 + feed.entries.len() * 2048);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        x,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape(feed.lang)
    );
    let _ = writeln!(x, "  <id>{}</id>", escape(&feed.id));
    let _ = writeln!(x, "  <title>{}</title>", escape(&feed.title));
    if !feed.subtitle.is_empty() {
        let _ = writeln!(x, "  <subtitle>{}</subtitle>", escape(&feed.subtitle));
    }
    let _ = writeln!(x, "  <updated>{}</updated>", feed.updated);
    let _ = writeln!(
        x,
        "  <author>\n    <name>{}</name>\n    <uri>{}</uri>\n  </author>",
        escape(feed.author),
        escape(feed.author_uri)
    );
    let _ = writeln!(
        x,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape(&feed.id)
    );
    let _ = writeln!(
        x,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape(&feed.alternate)
    );
    let _ = writeln!(
        x,
        "  <generator version=\"{}\">timeline</generator>",
        env!("CARGO_PKG_VERSION")
    );
    for entry in &feed.entries {
        atom_entry(&mut x, entry);
    }
    x.push_str("</feed>\n");
    x
}

fn atom_entry(x: &mut String, e: &FeedEntry) {
    match e.lang {
        None => x.push_str("  <entry>\n"),
        // Shown in another language until a translation exists.
        Some(lang) => {
            let _ = writeln!(x, "  <entry xml:lang=\"{}\">", escape(lang));
        }
    }
    let _ = writeln!(x, "    <id>{}</id>", escape(&e.permalink));
    let _ = writeln!(x, "    <title>{}</title>", escape(e.title));
    let _ = writeln!(x, "    <updated>{}</updated>", e.updated);
    if let Some(published) = &e.published {
        let _ = writeln!(x, "    <published>{published}</published>");
    }
    let _ = writeln!(
        x,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape(&e.permalink)
    );
    for (term, label) in &e.categories {
        let _ = writeln!(
            x,
            "    <category term=\"{}\" label=\"{}\"/>",
            escape(term),
            escape(label)
        );
    }
    if !e.summary.is_empty() {
        let _ = writeln!(x, "    <summary>{}</summary>", escape(e.summary));
    }
    let content = html::rewrite_urls(&e.body, |url| {
        let abs = html::absolute_url(url, &e.permalink);
        (abs != url).then_some(abs)
    });
    let _ = writeln!(
        x,
        "    <content type=\"html\">{}</content>",
        escape(&content)
    );
    x.push_str("  </entry>\n");
}
