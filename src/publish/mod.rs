//! Files for publishing beside the pages: Atom feeds, sitemap.xml, robots.txt,
//! .nojekyll and CNAME, and the downloads and TimelineJS3 export ([`crate::export`]). Pure: the site model in, output files out.
//!
//! Every URL written here is absolute, under `base_url`, so feeds and the sitemap
//! work the same for a site at the root of a domain and for a GitHub Pages project
//! site under `/repo/`.

pub(crate) mod feeds;
pub(crate) mod sitemap;
pub(crate) mod xml;

use rayon::prelude::*;

use std::sync::Arc;

use crate::built::OutputFile;
use crate::config::Config;
use crate::export::records::Record;
use crate::fingerprint::hash_of;
use crate::site::Site;
use xml::encode_url;

/// One file to publish, as the view it is printed from: its fingerprint is the hash of
/// that view, and its text is printed from it alone.
#[derive(Debug, Hash)]
pub(crate) enum Publication<'s> {
    Feed(feeds::FeedView<'s>),
    Sitemap(sitemap::SitemapView<'s>),
    Text(String),
    /// A download or the TimelineJS3 export ([`crate::export`]).
    Export(crate::export::Export),
}

impl Publication<'_> {
    pub(crate) fn fingerprint(&self) -> u64 {
        hash_of(self)
    }

    pub(crate) fn text(&self) -> String {
        match self {
            Publication::Feed(f) => feeds::atom(f),
            Publication::Sitemap(s) => sitemap::xml(s),
            Publication::Text(t) => t.clone(),
            Publication::Export(e) => e.text(),
        }
    }
}

/// Every file published beside the pages, by site path: the feeds, the sitemap, the
/// data exports (of `records`, [`crate::export::records::all`]), robots.txt and what
/// GitHub Pages needs.
pub(crate) fn plan<'s>(
    config: &'s Config,
    site: &'s Site,
    statuses: bool,
    records: &[Vec<Arc<Record>>],
) -> Vec<(String, Publication<'s>)> {
    let ((feeds, sitemap), exports) = rayon::join(
        || {
            rayon::join(
                || feeds::feeds(config, site),
                || sitemap::view(config, site, statuses),
            )
        },
        || crate::export::plan(config, site, records),
    );
    let mut out: Vec<(String, Publication)> = feeds
        .into_iter()
        .map(|(path, f)| (path, Publication::Feed(f)))
        .collect();
    out.push(("sitemap.xml".into(), Publication::Sitemap(sitemap)));
    out.extend(
        exports
            .into_iter()
            .map(|(p, e)| (p, Publication::Export(e))),
    );
    let robots = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        encode_url(&config.base_url.permalink("sitemap.xml"))
    );
    out.push(("robots.txt".into(), Publication::Text(robots)));
    // GitHub Pages: serve files as they are (no Jekyll, which hides `_` folders).
    out.push((".nojekyll".into(), Publication::Text(String::new())));
    if let Some(cname) = config.cname.as_deref().map(str::trim) {
        if !cname.is_empty() {
            out.push(("CNAME".into(), Publication::Text(format!("{cname}\n"))));
        }
    }
    out
}

/// The files of `plan`, printed a few at a time on every core and handed to `deliver`
/// as they are made, in plan order, so that a large site's exports (at 100k articles,
/// 1.3 GB of text, single files of 100 MB) are never all in memory at once.
pub(crate) fn print_in_windows(
    plan: Vec<(String, Publication<'_>)>,
    mut deliver: impl FnMut(Vec<OutputFile>),
) {
    let window = 2 * rayon::current_num_threads().max(1);
    let mut plan = plan.into_iter().peekable();
    while plan.peek().is_some() {
        let some: Vec<(String, Publication)> = plan.by_ref().take(window).collect();
        deliver(
            some.into_par_iter()
                .map(|(path, p)| OutputFile::made(path, p.text().into_bytes()))
                .collect(),
        );
    }
}
