//! sitemap.xml (sitemaps.org 0.9) with `xhtml:link` hreflang alternates: every page of
//! every language. Printed from its [`SitemapView`], whose hash is its fingerprint.

use std::borrow::Cow;
use std::fmt::Write as _;

use super::xml::{atom_time_if_printable, encode_url, escape};
use crate::config::Config;
use crate::date::EventDate;
use crate::site::{self, LangSite, Site, TopicIx};

/// The sitemap, as printed.
#[derive(Debug, Hash)]
pub(crate) struct SitemapView<'s> {
    /// `https://host/repo/`: every path is printed under it.
    pub base: &'s str,
    pub pages: Vec<SitemapPage<'s>>,
}

/// One page of the site in one language, with the same page in every language.
/// Borrowed from the site model where it can be: a sitemap lists every article, and
/// a remembering pipeline fingerprints it after every edit.
#[derive(Debug, Hash)]
pub(crate) struct SitemapPage<'s> {
    pub path: Cow<'s, str>,
    /// (language code, site path) of each language that has this page, itself included.
    pub alternates: Vec<(&'s str, Cow<'s, str>)>,
    pub lastmod: Option<String>,
}

/// The sitemap of the site (`statuses`: the theme makes the page explaining the
/// statuses).
pub(crate) fn view<'s>(config: &'s Config, site: &'s Site, statuses: bool) -> SitemapView<'s> {
    let mut pages = Vec::new();
    for (l, ls) in site.languages.iter().enumerate() {
        home(config, l, &mut pages);
        for t in 0..config.topics.len() {
            let id = &config.topics[t].id;
            paged(
                config,
                site,
                l,
                &mut pages,
                &|p| site::topic_path(p, id),
                &|ls| Some(ls.topic(TopicIx::new(t)).len()),
            );
        }
        for year in ls.years.iter().map(|y| &y.year) {
            let len = |ls: &LangSite| {
                ls.years
                    .iter()
                    .find(|y| y.year == *year)
                    .map(|y| y.entries.len())
            };
            paged(
                config,
                site,
                l,
                &mut pages,
                &|p| site::year_path(p, *year),
                &len,
            );
        }
        articles(config, site, l, &mut pages);
        for e in &site.entities {
            everywhere(config, l, &mut pages, &|p| site::entity_path(p, &e.id));
        }
        let kinds = || site.entities.iter().map(|e| e.kind.is_place());
        for places in [false, true]
            .into_iter()
            .filter(|&p| kinds().any(|k| k == p))
        {
            everywhere(config, l, &mut pages, &|p| site::entities_path(p, places));
        }
        if statuses {
            everywhere(config, l, &mut pages, &|p| site::statuses_path(p));
        }
    }
    SitemapView {
        base: &config.base_url.absolute,
        pages,
    }
}

fn home<'s>(config: &'s Config, l: usize, out: &mut Vec<SitemapPage<'s>>) {
    out.push(SitemapPage {
        path: Cow::Owned(site::home_path(&config.languages[l].prefix)),
        alternates: config
            .languages
            .iter()
            .map(|x| (x.code.as_str(), Cow::Owned(site::home_path(&x.prefix))))
            .collect(),
        lastmod: None,
    });
}

/// A page every language has, at `path(prefix)`.
fn everywhere<'s>(
    config: &'s Config,
    l: usize,
    out: &mut Vec<SitemapPage<'s>>,
    path: &dyn Fn(&str) -> String,
) {
    out.push(SitemapPage {
        path: Cow::Owned(path(&config.languages[l].prefix)),
        alternates: config
            .languages
            .iter()
            .map(|x| (x.code.as_str(), Cow::Owned(path(&x.prefix))))
            .collect(),
        lastmod: None,
    });
}

/// Each page of a paged list in language `l`, with the languages that have that page.
/// `first`: the list's first page's path for a language prefix; `len`: its length in a
/// language (None: that language does not have it).
fn paged<'s>(
    config: &'s Config,
    site: &'s Site,
    l: usize,
    out: &mut Vec<SitemapPage<'s>>,
    first: &dyn Fn(&str) -> String,
    len: &dyn Fn(&LangSite) -> Option<usize>,
) {
    let pages = |ls: &LangSite| {
        len(ls).map_or(0, |len| {
            site::Paging {
                len,
                size: config.page_size,
            }
            .count()
        })
    };
    let prefix = &config.languages[l].prefix;
    for k in 0..pages(&site.languages[l]) {
        out.push(SitemapPage {
            path: Cow::Owned(site::paged_path(first(prefix), k)),
            alternates: config
                .languages
                .iter()
                .zip(&site.languages)
                .filter(|(_, other)| k < pages(other))
                .map(|(x, _)| {
                    (
                        x.code.as_str(),
                        Cow::Owned(site::paged_path(first(&x.prefix), k)),
                    )
                })
                .collect(),
            lastmod: None,
        });
    }
}

fn articles<'s>(config: &'s Config, site: &'s Site, l: usize, out: &mut Vec<SitemapPage<'s>>) {
    for e in site.languages[l].entries.iter().filter(|e| !e.fallback) {
        let a = site.article(e.article);
        out.push(SitemapPage {
            path: Cow::Borrowed(&e.path),
            alternates: config
                .languages
                .iter()
                .zip(&site.languages)
                .filter_map(|(x, other)| {
                    other
                        .page_of_event(e.event)
                        .map(|p| (x.code.as_str(), Cow::Borrowed(p.path.as_str())))
                })
                .collect(),
            lastmod: a
                .updated
                .as_ref()
                .or(a.published.as_ref())
                .and_then(|p| atom_time_if_printable(EventDate::Point(*p).start_instant())),
        });
    }
}

/// The sitemap as XML.
pub(crate) fn xml(view: &SitemapView) -> String {
    let url = |path: &str| {
        escape(&encode_url(&format!(
            "{}{}",
            view.base,
            path.trim_start_matches('/')
        )))
    };
    let mut x = String::with_capacity(512 + view.pages.len() * 400);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for p in &view.pages {
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
