//! Links between articles: `[text](@/2022-09-07-x.md#anchor)` (or a plain relative
//! `[text](other.md)`) in Markdown becomes the target article's URL in the linking
//! article's language; a missing target or anchor is an error with file and line.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::config::Config;
use crate::content::markdown::{InternalLink, INTERNAL_LINK_PREFIX};
use crate::content::Article;
use crate::error::{did_you_mean, Diagnostic, Diagnostics};
use crate::html::{has_scheme, normalize_path, percent_decode, rewrite_urls};
use crate::site::{LangSite, Site};

/// Anchors every article page has whatever its text (from the theme's layout).
pub(crate) const PAGE_ANCHORS: [&str; 2] = ["top", "main"];

/// Rewrites `@/` and relative `.md` links in every article body and checks their
/// targets and anchors. Every problem of every article is reported together.
pub(crate) fn resolve(config: &Config, site: &mut Site) -> Result<(), Diagnostics> {
    if !site.articles.iter().any(|a| a.body.may_link_articles) {
        return Ok(());
    }
    let index = Index::new(config, site);
    let mut errors = Diagnostics::default();
    let mut rewritten: Vec<(usize, String)> = Vec::new();
    for (ai, article) in site.articles.iter().enumerate() {
        if !article.body.may_link_articles {
            continue;
        }
        let lang = config
            .languages
            .iter()
            .position(|l| l.code == article.file.lang)
            .unwrap_or(0);
        let mut records: Vec<&InternalLink> = article.body.internal_links.iter().collect();
        let mut changed = false;
        let html = rewrite_urls(&article.body.html.get(), |url| {
            let link = Link::parse(url, &index.rel_path(article))?;
            // The line the Markdown recorded for this link, when it did (not for links
            // in raw HTML).
            let written_path = link.written.split('#').next().unwrap_or_default();
            let written_path = written_path.split('?').next().unwrap_or_default();
            let line = {
                let pos = records.iter().position(|r| {
                    let target = percent_decode(&r.target);
                    let same_target = match r.relative {
                        false => link.internal && target == link.target,
                        true => !link.internal && target == percent_decode(written_path),
                    };
                    same_target
                        && r.fragment
                            .as_deref()
                            .map(percent_decode)
                            .unwrap_or_default()
                            == percent_decode(link.fragment.unwrap_or_default())
                });
                pos.map(|pos| article.body_line + records.remove(pos).line.max(1) - 1)
            };
            match index.resolve(config, site, lang, &link) {
                Ok(new) => {
                    changed = true;
                    Some(new)
                }
                Err(message_hint) => {
                    let (message, hint) = message_hint;
                    let mut d = Diagnostic::in_file(&article.file.path, message).hint(hint);
                    if let Some(l) = line {
                        d = d.at(l, None);
                    }
                    errors.push(d);
                    None
                }
            }
        });
        if changed {
            rewritten.push((ai, html));
        }
    }
    for (ai, html) in rewritten {
        std::sync::Arc::make_mut(&mut site.articles[ai])
            .body
            .set_html(html);
    }
    errors.into_result(())
}

/// A link found in a body, decoded.
struct Link<'a> {
    /// The target path under content/ (`2022-09-07-x.md`, `sub/y.en.md`).
    target: String,
    /// The fragment as written (possibly percent-encoded), without `#`.
    fragment: Option<&'a str>,
    /// Written with `@/` (and so recorded with its line by the Markdown stage).
    internal: bool,
    /// As written, for messages.
    written: &'a str,
}

impl<'a> Link<'a> {
    /// `dir` is the linking article's folder under content/ (`""` at the top).
    fn parse(url: &'a str, rel_path: &str) -> Option<Link<'a>> {
        let (rest, internal) = match url.strip_prefix(INTERNAL_LINK_PREFIX) {
            Some(rest) => (rest, true),
            None => (url, false),
        };
        let (path, fragment) = match rest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (rest, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        let decoded = percent_decode(path);
        let target = if internal {
            decoded.trim_start_matches('/').to_string()
        } else {
            // A plain relative link to a Markdown file, e.g. `other.md` or `../x/index.md`.
            if has_scheme(url)
                || url.starts_with('/')
                || url.starts_with('#')
                || !decoded.ends_with(".md")
            {
                return None;
            }
            let dir = match rel_path.rfind('/') {
                Some(i) => &rel_path[..=i],
                None => "",
            };
            normalize_path(&format!("/{dir}{decoded}"))
                .trim_start_matches('/')
                .to_string()
        };
        Some(Link {
            target,
            fragment: fragment.filter(|f| !f.is_empty()),
            internal,
            written: url,
        })
    }
}

/// Articles by file and by translation key.
struct Index {
    /// The content folder as it starts the articles' paths (`content`).
    content_prefix: std::path::PathBuf,
    /// Path under content/ → translation key.
    by_file: BTreeMap<String, String>,
    /// Translation key → articles (any language).
    keys: HashMap<String, Vec<usize>>,
    codes: Vec<String>,
}

impl Index {
    fn new(config: &Config, site: &Site) -> Index {
        let content_prefix = crate::source::rel_to(&config.root, &config.content_dir);
        let mut index = Index {
            content_prefix,
            by_file: BTreeMap::new(),
            keys: HashMap::new(),
            codes: config.languages.iter().map(|l| l.code.clone()).collect(),
        };
        for (i, a) in site.articles.iter().enumerate() {
            index.by_file.insert(index.rel_path(a), a.file.key.clone());
            index.keys.entry(a.file.key.clone()).or_default().push(i);
        }
        index
    }

    /// The article's path under content/, `/`-separated.
    fn rel_path(&self, a: &Article) -> String {
        a.file
            .path
            .strip_prefix(&self.content_prefix)
            .unwrap_or(Path::new(&a.file.path))
            .to_string_lossy()
            .replace('\\', "/")
    }

    /// The translation key a link target names: an exact file, or a file name
    /// whose language or `/index` part differs (`x.md` for an article that only
    /// exists as `x.en.md`).
    fn key_of(&self, target: &str) -> Option<&str> {
        if let Some(k) = self.by_file.get(target) {
            return Some(k);
        }
        let stem = target.strip_suffix(".md").unwrap_or(target);
        let stem = match stem.rsplit_once('.') {
            Some((name, code)) if self.codes.iter().any(|c| c == code) => name,
            _ => stem,
        };
        let stem = stem.strip_suffix("/index").unwrap_or(stem);
        self.keys.get_key_value(stem).map(|(k, _)| k.as_str())
    }

    /// The URL for `link` from a page in language `lang`, or (message, hint).
    fn resolve(
        &self,
        config: &Config,
        site: &Site,
        lang: usize,
        link: &Link,
    ) -> Result<String, (String, String)> {
        let Some(key) = self.key_of(&link.target) else {
            let files: Vec<&str> = self.by_file.keys().map(String::as_str).collect();
            let hint = match did_you_mean(&link.target, &files) {
                Some(c) => format!("did you mean `@/{c}`?"),
                None => "link to another article by its file name under content/, e.g. `[text](@/2022-09-07-name.md)`".to_string(),
            };
            return Err((
                format!(
                    "link to a missing article: `{}` (no content/{})",
                    link.written, link.target
                ),
                hint,
            ));
        };
        let ls: &LangSite = &site.languages[lang];
        let Some(entry) = ls
            .entries
            .iter()
            .find(|e| site.article(e.article).file.key == key)
        else {
            return Err((
                format!("link to `{}`, which has no page", link.written),
                "is the target a draft? build with --drafts or link elsewhere".into(),
            ));
        };
        let mut url = config.base_url.link(&entry.path);
        if let Some(fragment) = link.fragment {
            let target = site.article(entry.article);
            let wanted = percent_decode(fragment);
            let html = target.body.html.get();
            let ids = anchors(target, &html);
            if !ids.contains(&wanted.as_str()) {
                let headings: Vec<&str> =
                    target.body.headings.iter().map(|h| h.id.as_str()).collect();
                let hint = match did_you_mean(&wanted, &ids) {
                    Some(c) => format!("did you mean `#{c}`?"),
                    None if headings.is_empty() => format!(
                        "{} has no headings; link to the article without `#…`",
                        target.file.path.display()
                    ),
                    None => format!(
                        "the headings of {} have the ids: {}",
                        target.file.path.display(),
                        headings.join(", ")
                    ),
                };
                return Err((
                    format!(
                        "link `{}`: {} has no anchor `#{wanted}`",
                        link.written,
                        target.file.path.display()
                    ),
                    hint,
                ));
            }
            url.push('#');
            url.push_str(fragment);
        }
        Ok(url)
    }
}

/// The anchors a link may point at on an article's page: its headings, any other
/// `id` in its body (footnotes, raw HTML) and the page's own anchors.
/// `html`: the article's body.
fn anchors<'a>(article: &'a Article, html: &'a str) -> Vec<&'a str> {
    let mut ids: Vec<&str> = article
        .body
        .headings
        .iter()
        .map(|h| h.id.as_str())
        .collect();
    for pattern in [" id=\"", " name=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(pattern) {
            rest = &rest[i + pattern.len()..];
            if let Some(end) = rest.find('"') {
                ids.push(&rest[..end]);
            }
        }
    }
    ids.extend(PAGE_ANCHORS);
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_internal_and_relative_links() {
        let l = Link::parse("@/2022-09-07-a.md#sec", "x.md").expect("internal");
        assert_eq!(l.target, "2022-09-07-a.md");
        assert_eq!(l.fragment, Some("sec"));
        assert!(l.internal);
        let l = Link::parse("../b/index.md", "sub/a.md").expect("relative");
        assert_eq!(l.target, "b/index.md");
        assert!(!l.internal);
        let l = Link::parse("b%20c.en.md#", "a.md").expect("relative");
        assert_eq!(l.target, "b c.en.md");
        assert_eq!(l.fragment, None);
        for other in [
            "https://e.org/a.md",
            "/repo/a.md",
            "#a.md",
            "page/",
            "x.mdx",
        ] {
            assert!(Link::parse(other, "a.md").is_none(), "{other}");
        }
    }
}
