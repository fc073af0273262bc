//! The sources of an article: what each is (`kind`), what it says of itself (title,
//! publisher, language, dates), where to read it and its archived copy, and the
//! citations the body makes of it (`[@id]`). Checked field by field, each error at the
//! line that holds the value.

use std::collections::HashSet;

use super::front_matter::{FrontMatterLines, RawSource};
pub use super::source_kind::SourceKind;
use crate::date::{parse_published, DatePoint};
use crate::error::Diagnostic;
use crate::url;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// What the body cites it by (`[@id]`).
    pub id: Option<String>,
    pub title: String,
    pub url: String,
    pub publisher: Option<String>,
    pub kind: Option<SourceKind>,
    /// The language it is written in.
    pub language: Option<String>,
    pub published: Option<DatePoint>,
    /// When the newsroom last read it.
    pub accessed: Option<DatePoint>,
    /// An http(s) address, or a path on the site (with the base path put before it).
    pub archive_url: Option<String>,
    pub note: Option<String>,
    /// 1-based line of its `url:` in the file (for `check`'s messages).
    pub line: Option<usize>,
}

/// Each source's dates and addresses checked: `url` is an absolute http(s) address,
/// `archive_url` one or a path on the site (which gets the base path, as links do);
/// ids are unique in the article.
pub(crate) fn check_sources(
    raw: Vec<RawSource>,
    base_path: &str,
    fm: &FrontMatterLines,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Source> {
    let mut ids = HashSet::new();
    let mut sources = Vec::with_capacity(raw.len());
    for s in raw {
        let mut date = |key: &str, value: Option<&super::front_matter::Scalar>| {
            let text = value?.text();
            parse_published(&text)
                .map_err(|e| errors.push(fm.error_at_value(key, &text, e.message).hint(e.hint)))
                .ok()
        };
        let published = date("published", s.published.as_ref());
        let accessed = date("accessed", s.accessed.as_ref());
        check_url(&s, fm, errors);
        if let Some(id) = &s.id {
            check_id(id, &mut ids, fm, errors);
        }
        let line = match fm.value_position("url", &s.url) {
            Some((line, _)) => Some(line),
            None => Some(fm.at_key("url").0),
        };
        sources.push(Source {
            line,
            id: s.id,
            title: s.title,
            url: s.url,
            publisher: s.publisher,
            kind: s.kind,
            language: s.language,
            published,
            accessed,
            archive_url: s.archive_url.map(|u| with_base_path(u, base_path)),
            note: s.note,
        });
    }
    sources
}

fn check_url(s: &RawSource, fm: &FrontMatterLines, errors: &mut Vec<Diagnostic>) {
    if !is_absolute_url(&s.url) {
        errors.push(
            fm.error_at_value(
                "url",
                &s.url,
                format!("source url `{}` is not a web address", s.url),
            )
            .hint("give the full address, starting with https://"),
        );
    }
    if let Some(problem) = s.archive_url.as_deref().and_then(url::author_url_problem) {
        let value = s.archive_url.as_deref().unwrap_or_default();
        errors.push(
            fm.error_at_url("archive_url", value, problem)
                .hint("give the archived copy's address, starting with https:// (such as https://web.archive.org/…), or a path on this site; `javascript:`, `data:` and other schemes are not allowed"),
        );
    }
}

/// A source id is a word a citation can name (`[@nato-statement]`), given once.
fn check_id(
    id: &str,
    seen: &mut HashSet<String>,
    fm: &FrontMatterLines,
    errors: &mut Vec<Diagnostic>,
) {
    let word = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !word {
        errors.push(
            fm.error_at_value("id", id, format!("source id `{}` is not a single word", url::shown(id)))
                .hint("use letters, digits, hyphens, dots or underscores, such as nato-statement; the body cites it as [@nato-statement]"),
        );
    }
    if !seen.insert(id.to_string()) {
        errors.push(
            fm.error_at_value("id", id, format!("two sources have the id `{id}`"))
                .hint("give each source its own id"),
        );
    }
}

/// `/copies/a.pdf` → `/repo/copies/a.pdf`; other addresses unchanged.
fn with_base_path(url: String, base_path: &str) -> String {
    match url.strip_prefix('/') {
        Some(rest) if base_path != "/" && !rest.starts_with('/') => format!("{base_path}{rest}"),
        _ => url,
    }
}

fn is_absolute_url(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://"))
        && s.len() > 8
        && !s.contains(char::is_whitespace)
}
