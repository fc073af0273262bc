//! Files for publishing beside the pages: Atom feeds, sitemap.xml, robots.txt,
//! .nojekyll and CNAME. Pure: the site model in, output files out.
//!
//! Every URL written here is absolute, under `base_url`, so feeds and the sitemap
//! work the same for a site at the root of a domain and for a GitHub Pages project
//! site under `/repo/`.

pub mod html;
pub mod xml;

use std::borrow::Cow;
use std::fmt::Write as _;

use chrono::NaiveDateTime;
use rayon::prelude::*;

use crate::built::{Contents, OutputFile};
use crate::config::{Config, Language};
use crate::content::date::EventDate;
use crate::content::Article;
use crate::site::{self, Entry, LangSite, Site};
use xml::{atom_instant, atom_time, encode_url, escape};

/// The most entries one feed holds (the newest ones).
pub const FEED_LIMIT: usize = 50;

/// Feeds, sitemap and the files GitHub Pages needs.
pub fn render(config: &Config, site: &Site) -> Vec<OutputFile> {
    render_memo(config, site, None)
        .into_iter()
        .map(|p| text_file(p.path, p.text.unwrap_or_default()))
        .collect()
}

/// Says whether the text made for (path, fingerprint) is at hand.
pub type Unchanged<'a> = dyn Fn(&str, u64) -> bool + Sync + 'a;

/// One published file, or its fingerprint when it did not change.
pub struct Published {
    pub path: String,
    pub fingerprint: u64,
    /// None: `unchanged` said the text made for this fingerprint is at hand.
    pub text: Option<String>,
}

/// [`render`] for `serve`: with `unchanged`, each feed and the sitemap get a
/// fingerprint of what they show (the entries a feed selects with everything it
/// prints of them, the sitemap's pages) and are written again only when
/// `unchanged(path, fingerprint)` is false.
pub fn render_memo(
    config: &Config,
    site: &Site,
    unchanged: Option<&Unchanged<'_>>,
) -> Vec<Published> {
    use crate::fingerprint::{combine, hash_of, hash_str};
    let settings = match unchanged {
        Some(_) => hash_str(&format!("{config:?}")),
        None => 0,
    };
    let keep = |path: &str, print: u64| unchanged.is_some_and(|f| f(path, print));
    // When each article last changed (an instant: only what a feed shows is printed).
    let updated: Vec<NaiveDateTime> = site
        .articles
        .par_iter()
        .map(|a| article_updated(a))
        .collect();
    // The `updated` of a language's feeds: its newest article's (an empty feed too).
    let site_updated: Vec<NaiveDateTime> = site
        .languages
        .iter()
        .map(|ls| newest(ls, &updated))
        .collect();
    // (language, topic or None for the language's whole feed)
    let feeds: Vec<(usize, Option<usize>)> = (0..config.languages.len())
        .flat_map(|l| {
            std::iter::once((l, None)).chain((0..config.topics.len()).map(move |t| (l, Some(t))))
        })
        .collect();
    let (mut files, sitemap) = rayon::join(
        || {
            feeds
                .par_iter()
                .map(|&(l, t)| {
                    let (lang, ls) = (&config.languages[l], &site.languages[l]);
                    let all: Vec<usize>;
                    let site_updated = &site_updated[l];
                    let fallback = &config.default_language().code;
                    let (info, entries) = match t {
                        None => (
                            FeedInfo {
                                title: lang.title.clone(),
                                subtitle: lang.description.clone(),
                                path: site::feed_path(&lang.prefix),
                                page: site::home_path(&lang.prefix),
                            },
                            {
                                all = (0..ls.entries.len()).collect();
                                &all
                            },
                        ),
                        Some(t) => {
                            let topic = &config.topics[t];
                            let title = topic.title.get(&lang.code, fallback);
                            (
                                FeedInfo {
                                    title: format!("{title} · {}", lang.title),
                                    subtitle: topic
                                        .description
                                        .as_ref()
                                        .map(|d| d.get(&lang.code, fallback))
                                        .unwrap_or_default(),
                                    path: site::topic_feed_path(&lang.prefix, &topic.id),
                                    page: site::topic_path(&lang.prefix, &topic.id),
                                },
                                &ls.topics[t],
                            )
                        }
                    };
                    let items = newest_items(site, ls, entries, &updated);
                    let fingerprint = match unchanged {
                        Some(_) => {
                            let shown: Vec<_> = items
                                .iter()
                                .map(|(u, e)| {
                                    let a = &site.articles[e.article];
                                    (
                                        u.and_utc().timestamp(),
                                        &e.path,
                                        &a.title,
                                        &a.summary,
                                        &a.topics,
                                        &a.file.lang,
                                        a.published.map(|p| format!("{p:?}")),
                                        a.body.hash(),
                                    )
                                })
                                .collect();
                            combine(&[
                                settings,
                                hash_of(&(
                                    &info.title,
                                    &info.subtitle,
                                    &info.path,
                                    site_updated.and_utc().timestamp(),
                                )),
                                hash_of(&shown),
                            ])
                        }
                        None => 0,
                    };
                    let text = (!keep(&info.path, fingerprint))
                        .then(|| atom_feed(config, site, lang, &info, &items, *site_updated));
                    Published {
                        path: info.path,
                        fingerprint,
                        text,
                    }
                })
                .collect::<Vec<_>>()
        },
        || {
            let pages = pages(config, site);
            let fingerprint = match unchanged {
                Some(_) => combine(&[settings, hash_of(&pages)]),
                None => 0,
            };
            let path = "sitemap.xml";
            Published {
                path: path.into(),
                fingerprint,
                text: (!keep(path, fingerprint)).then(|| sitemap(config, &pages)),
            }
        },
    );
    files.push(sitemap);
    let mut small = |path: &str, text: String| {
        files.push(Published {
            path: path.into(),
            fingerprint: hash_str(&text),
            text: Some(text),
        })
    };
    small(
        "robots.txt",
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            encode_url(&config.base_url.permalink("sitemap.xml"))
        ),
    );
    // GitHub Pages: serve files as they are (no Jekyll, which hides `_` folders).
    small(".nojekyll", String::new());
    if let Some(cname) = config.cname.as_deref().map(str::trim) {
        if !cname.is_empty() {
            small("CNAME", format!("{cname}\n"));
        }
    }
    files
}

fn text_file(path: String, text: String) -> OutputFile {
    OutputFile {
        path,
        contents: Contents::Bytes(text.into_bytes().into()),
    }
}

/// The instant an article last changed, for a feed: `updated`, else `published`,
/// else the start of the event (a month or a year becomes its first day, 00:00 UTC).
pub fn article_updated(article: &Article) -> NaiveDateTime {
    atom_instant(
        match article.updated.as_ref().or(article.published.as_ref()) {
            Some(p) => EventDate::Point(*p).start_instant(),
            None => article.date.start_instant(),
        },
    )
}

/// The newest `updated` (per article) of a language's entries (for an empty language,
/// 1970-01-01).
fn newest(ls: &LangSite, updated: &[NaiveDateTime]) -> NaiveDateTime {
    ls.entries
        .iter()
        .map(|e| updated[e.article])
        .max()
        .unwrap_or_default()
}

struct FeedInfo {
    title: String,
    subtitle: String,
    /// Site path of the feed itself.
    path: String,
    /// Site path of the HTML page the feed follows.
    page: String,
}

/// The newest [`FEED_LIMIT`] of `entries` (indices into `ls.entries`), newest first:
/// by `updated`, then by event date, then by path (stable output).
fn newest_items<'s>(
    site: &Site,
    ls: &'s LangSite,
    entries: &[usize],
    updated: &[NaiveDateTime],
) -> Vec<(NaiveDateTime, &'s Entry)> {
    let mut items: Vec<(NaiveDateTime, &Entry)> = entries
        .iter()
        .map(|&i| {
            let e = &ls.entries[i];
            (updated[e.article], e)
        })
        .collect();
    let newest_first = |(ua, a): &(NaiveDateTime, &Entry), (ub, b): &(NaiveDateTime, &Entry)| {
        let (x, y) = (&site.articles[a.article], &site.articles[b.article]);
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

/// One Atom feed (RFC 4287) of `items` (see [`newest_items`]).
fn atom_feed(
    config: &Config,
    site: &Site,
    lang: &Language,
    info: &FeedInfo,
    items: &[(NaiveDateTime, &Entry)],
    site_updated: NaiveDateTime,
) -> String {
    let updated = atom_time(items.first().map_or(site_updated, |(u, _)| *u));
    let self_url = config.base_url.permalink(&info.path);
    let author = config.author.as_deref().unwrap_or(&lang.title);

    let mut x = String::with_capacity(4096 + items.len() * 2048);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        x,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape(&lang.code)
    );
    let _ = writeln!(x, "  <id>{}</id>", escape(&self_url));
    let _ = writeln!(x, "  <title>{}</title>", escape(&info.title));
    if !info.subtitle.trim().is_empty() {
        let _ = writeln!(x, "  <subtitle>{}</subtitle>", escape(info.subtitle.trim()));
    }
    let _ = writeln!(x, "  <updated>{updated}</updated>");
    let _ = writeln!(
        x,
        "  <author>\n    <name>{}</name>\n    <uri>{}</uri>\n  </author>",
        escape(author),
        escape(&config.base_url.absolute)
    );
    let _ = writeln!(
        x,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape(&self_url)
    );
    let _ = writeln!(
        x,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape(&config.base_url.permalink(&info.page))
    );
    let _ = writeln!(
        x,
        "  <generator version=\"{}\">timeline</generator>",
        env!("CARGO_PKG_VERSION")
    );
    for (entry_updated, e) in items {
        let a = &site.articles[e.article];
        let permalink = config.base_url.permalink(&e.path);
        if a.file.lang == lang.code {
            x.push_str("  <entry>\n");
        } else {
            // Shown in another language until a translation exists.
            let _ = writeln!(x, "  <entry xml:lang=\"{}\">", escape(&a.file.lang));
        }
        let _ = writeln!(x, "    <id>{}</id>", escape(&permalink));
        let _ = writeln!(x, "    <title>{}</title>", escape(&a.title));
        let _ = writeln!(x, "    <updated>{}</updated>", atom_time(*entry_updated));
        if let Some(p) = &a.published {
            let published = atom_time(EventDate::Point(*p).start_instant());
            let _ = writeln!(x, "    <published>{published}</published>");
        }
        let _ = writeln!(
            x,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            escape(&permalink)
        );
        for id in &a.topics {
            if let Some(t) = config.topic(id) {
                let label = t.title.get(&lang.code, &config.default_language().code);
                let _ = writeln!(
                    x,
                    "    <category term=\"{}\" label=\"{}\"/>",
                    escape(id),
                    escape(&label)
                );
            }
        }
        if !a.summary.trim().is_empty() {
            let _ = writeln!(x, "    <summary>{}</summary>", escape(a.summary.trim()));
        }
        let content = html::rewrite_urls(&a.body.html, |url| {
            let abs = html::absolute_url(url, &permalink);
            (abs != url).then_some(abs)
        });
        let _ = writeln!(
            x,
            "    <content type=\"html\">{}</content>",
            escape(&content)
        );
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// One page of the site in one language, with the same page in every language.
/// Borrowed from the site model where it can be: a sitemap lists every article, and
/// `serve` fingerprints it after every edit.
#[derive(serde::Serialize)]
struct SitemapPage<'s> {
    path: Cow<'s, str>,
    /// (language code, site path) of each language that has this page, itself included.
    alternates: Vec<(&'s str, Cow<'s, str>)>,
    lastmod: Option<String>,
}

/// Every page of every language, in the order they are rendered.
fn pages<'s>(config: &'s Config, site: &'s Site) -> Vec<SitemapPage<'s>> {
    let all_langs = |f: &dyn Fn(&str) -> String| -> Vec<(&'s str, Cow<'s, str>)> {
        config
            .languages
            .iter()
            .map(|l| (l.code.as_str(), Cow::Owned(f(&l.prefix))))
            .collect()
    };
    let mut out = Vec::new();
    for (lang, ls) in config.languages.iter().zip(&site.languages) {
        out.push(SitemapPage {
            path: Cow::Owned(site::home_path(&lang.prefix)),
            alternates: all_langs(&site::home_path),
            lastmod: None,
        });
        // A paged list: each of its pages, with the languages that have that page.
        // `first`: its first page's path in a language; `len`: its length in one.
        let mut paged = |first: &dyn Fn(&str) -> String,
                         len: &dyn Fn(&LangSite) -> Option<usize>| {
            let pages = |ls: &LangSite| {
                len(ls).map_or(0, |len| {
                    site::Paging {
                        len,
                        size: config.page_size,
                    }
                    .count()
                })
            };
            for k in 0..pages(ls) {
                out.push(SitemapPage {
                    path: Cow::Owned(site::paged_path(first(&lang.prefix), k)),
                    alternates: config
                        .languages
                        .iter()
                        .zip(&site.languages)
                        .filter(|(_, other)| k < pages(other))
                        .map(|(l, _)| {
                            (
                                l.code.as_str(),
                                Cow::Owned(site::paged_path(first(&l.prefix), k)),
                            )
                        })
                        .collect(),
                    lastmod: None,
                });
            }
        };
        for (t, topic) in config.topics.iter().enumerate() {
            paged(&|p| site::topic_path(p, &topic.id), &|ls| {
                Some(ls.topics[t].len())
            });
        }
        for (year, _) in &ls.years {
            let len = |ls: &LangSite| {
                ls.years
                    .iter()
                    .find(|(y, _)| y == year)
                    .map(|(_, l)| l.len())
            };
            paged(&|p| site::year_path(p, *year), &len);
        }
        for e in ls.entries.iter().filter(|e| !e.fallback) {
            let a = &site.articles[e.article];
            out.push(SitemapPage {
                path: Cow::Borrowed(&e.path),
                alternates: config
                    .languages
                    .iter()
                    .zip(&site.languages)
                    .filter_map(|(l, other)| {
                        other
                            .page_of_event(e.event)
                            .map(|x| (l.code.as_str(), Cow::Borrowed(x.path.as_str())))
                    })
                    .collect(),
                lastmod: a
                    .updated
                    .as_ref()
                    .or(a.published.as_ref())
                    .map(|p| atom_time(EventDate::Point(*p).start_instant())),
            });
        }
    }
    out
}

/// sitemap.xml (sitemaps.org 0.9) with `xhtml:link` hreflang alternates.
fn sitemap(config: &Config, pages: &[SitemapPage]) -> String {
    let url = |path: &str| escape(&encode_url(&config.base_url.permalink(path)));
    let mut x = String::with_capacity(512 + pages.len() * 400);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for p in pages {
        x.push_str("  <url>\n");
        let _ = writeln!(x, "    <loc>{}</loc>", url(&p.path));
        if let Some(m) = &p.lastmod {
            let _ = writeln!(x, "    <lastmod>{m}</lastmod>");
        }
        if p.alternates.len() > 1 {
            for (code, path) in &p.alternates {
                let _ = writeln!(
                    x,
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    escape(code),
                    url(path)
                );
            }
        }
        x.push_str("  </url>\n");
    }
    x.push_str("</urlset>\n");
    x
}
