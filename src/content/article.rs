//! One article: the `Article` model, and `parse`, which checks its front matter field by
//! field and renders its Markdown body. `parse` is pure (text in, article or diagnostics
//! out); reading files is `content::load`'s job, the YAML `content::front_matter`'s, the
//! slug `content::slug`'s.

use std::borrow::Cow;
use std::path::PathBuf;

use super::front_matter::{self, Extra, FrontMatter, FrontMatterLines, Scalar};
use super::markdown::{self, RenderedMarkdown};
use super::{mentions, slug};
use crate::config::Config;
use crate::date::{parse_published, DatePoint, EventDate};
use crate::error::{did_you_mean, Diagnostic};
use crate::url;

pub use super::status::Status;

pub use super::mentions::{Correction, Mention};
pub use super::sources::{Source, SourceKind};

/// Where an article came from and which language it is in (see `content::discover`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SourceFile {
    /// Path relative to the site root, as shown in messages (`content/a.md`).
    pub path: PathBuf,
    /// The translation key: the path under content/ without `.LANG.md` (`2022-09-07-x`);
    /// for a bundle (`x/index.md`) the folder (`x`).
    pub key: String,
    pub lang: String,
    /// For `x/index.md`: the folder under content/ whose other files go beside the page.
    pub bundle_dir: Option<PathBuf>,
}

/// A parsed, checked article.
#[derive(Debug, Clone)]
pub struct Article {
    pub file: SourceFile,
    pub slug: String,
    pub title: String,
    pub date: EventDate,
    pub topics: Vec<String>,
    /// The summary given, else the first paragraph.
    pub summary: String,
    pub tags: Vec<String>,
    pub sources: Vec<Source>,
    pub status: Status,
    pub draft: bool,
    /// Who the event involves (entities, with their roles).
    pub actors: Vec<Mention>,
    /// Where it happened (entities).
    pub places: Vec<Mention>,
    /// Who claims what (for a reported, disputed or denied event).
    pub attribution: Option<String>,
    /// Corrections made since it was published, newest first.
    pub corrections: Vec<Correction>,
    pub image: Option<String>,
    pub image_alt: Option<String>,
    /// Who made the image (`image_credit`).
    pub image_credit: Option<String>,
    pub extra: serde_json::Value,
    pub published: Option<DatePoint>,
    pub updated: Option<DatePoint>,
    pub body: RenderedMarkdown,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
    /// 1-based line of `slug:` in the file, when the front matter sets one.
    pub slug_line: Option<usize>,
    /// 1-based line of `status:`, when the front matter sets one.
    pub status_line: Option<usize>,
}

/// Parses an article's whole text. `base_path` is the site's URL path (`/repo/`).
pub fn parse(
    file: SourceFile,
    text: &str,
    config: &Config,
    base_path: &str,
) -> Result<Article, Vec<Diagnostic>> {
    let text = normalize(text);
    let path = file.path.clone();
    let FrontMatter {
        raw,
        lines: fm,
        body,
        body_line,
    } = front_matter::read::<front_matter::RawFrontMatter>(&text, &path)?;
    let mut errors = Vec::new();
    let date = check_date(&raw.date, &fm, &mut errors);
    check_title(&raw.title, &fm, &mut errors);
    check_topics(&raw.topics, config, &fm, &mut errors);
    check_lang(raw.lang.as_deref(), &file.lang, &fm, &mut errors);
    let slug_line = raw.slug.as_ref().and(fm.key_position("slug"));
    let slug = slug::choose(raw.slug.as_deref(), &file.key, &fm, &mut errors);
    check_image(
        raw.image.as_deref(),
        raw.image_alt.as_deref(),
        &fm,
        &mut errors,
    );
    let published = check_point("published", raw.published.as_ref(), &fm, &mut errors);
    let updated = check_point("updated", raw.updated.as_ref(), &fm, &mut errors);
    let sources = super::sources::check_sources(raw.sources, base_path, &fm, &mut errors);
    let actors = mentions::check_mentions("actors", raw.actors, config, &fm, &mut errors);
    let places = mentions::check_mentions("places", raw.places, config, &fm, &mut errors);
    let corrections = mentions::check_corrections(raw.corrections, &fm, &mut errors);
    let extra = check_extra(raw.extra.as_ref(), &fm, &mut errors);
    let ids: Vec<Option<&str>> = sources.iter().map(|s| s.id.as_deref()).collect();
    let mut body = markdown::render_citing(body, base_path, &config.markdown, &ids);
    check_citations(&mut body, &sources, &path, body_line, &mut errors);
    let date = match date {
        Some(d) if errors.is_empty() => d,
        _ => return Err(errors),
    };
    let summary = summary(raw.summary, &mut body);
    let updated = latest(updated, corrections.first());
    Ok(Article {
        file,
        slug,
        title: raw.title.trim().to_string(),
        date,
        topics: raw.topics,
        summary,
        tags: raw.tags,
        sources,
        status: raw.status,
        draft: raw.draft,
        actors,
        places,
        attribution: raw
            .attribution
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty()),
        corrections,
        image: raw.image,
        image_alt: raw.image_alt,
        image_credit: raw
            .image_credit
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty()),
        extra,
        published,
        updated,
        body,
        body_line,
        slug_line: slug_line.map(|(line, _)| line),
        status_line: fm.key_position("status").map(|(line, _)| line),
    })
}

/// Every citation of an id no source has, at its line of the file.
fn check_citations(
    body: &mut RenderedMarkdown,
    sources: &[Source],
    path: &std::path::Path,
    body_line: usize,
    errors: &mut Vec<Diagnostic>,
) {
    let ids: Vec<&str> = sources.iter().filter_map(|s| s.id.as_deref()).collect();
    for c in std::mem::take(&mut body.unknown_citations) {
        let hint = match (did_you_mean(&c.id, &ids), ids.is_empty()) {
            (Some(near), _) => format!("did you mean [@{near}]? A citation names the `id:` of one of the article's sources"),
            (None, true) => "give the source an id (`id: nato-statement` in its entry under `sources:`) and cite it as [@nato-statement]; to write brackets as text, write \\[@…]".to_string(),
            (None, false) => format!("the article's sources have the ids {}", ids.join(", ")),
        };
        errors.push(
            Diagnostic::in_file(path, format!("[@{}] cites no source of this article", c.id))
                .at(body_line + c.line - 1, Some(c.column))
                .hint(hint),
        );
    }
}

/// `updated`, or the date of the latest correction when that is later: a correction
/// updates the article (its page, its feed entries and the sitemap say so).
fn latest(updated: Option<DatePoint>, correction: Option<&Correction>) -> Option<DatePoint> {
    match (updated, correction) {
        (Some(u), Some(c)) if c.date.first_day() > u.first_day() => Some(c.date),
        (None, Some(c)) => Some(c.date),
        (u, _) => u,
    }
}

/// The text without a byte-order mark, with `\n` line endings.
fn normalize(text: &str) -> Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The summary given, else the first paragraph shortened (taken out of the body: it is
/// only needed for a summary, not kept with every article).
fn summary(given: Option<String>, body: &mut RenderedMarkdown) -> String {
    let first_paragraph = std::mem::take(&mut body.first_paragraph);
    match given {
        Some(s) if !s.trim().is_empty() => s.trim().to_string(),
        _ => shorten(&first_paragraph, 240),
    }
}

fn check_date(
    date: &Scalar,
    fm: &FrontMatterLines,
    errors: &mut Vec<Diagnostic>,
) -> Option<EventDate> {
    match EventDate::parse(&date.text()) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(fm.error_at_key("date", e.message).hint(e.hint));
            None
        }
    }
}

fn check_title(title: &str, fm: &FrontMatterLines, errors: &mut Vec<Diagnostic>) {
    if title.trim().is_empty() {
        errors.push(
            fm.error_at_key("title", "the title is empty".into())
                .hint("give the event a short headline"),
        );
    }
}

/// At least one topic, and each one defined in site.toml.
fn check_topics(
    topics: &[String],
    config: &Config,
    fm: &FrontMatterLines,
    errors: &mut Vec<Diagnostic>,
) {
    if topics.is_empty() {
        errors.push(
            fm.error_at_key(
                "topics",
                "`topics` is empty: list at least one topic".into(),
            )
            .hint(topics_hint(config)),
        );
    }
    for t in topics {
        if config.topic(t).is_none() {
            let ids: Vec<&str> = config.topics.iter().map(|t| t.id.as_str()).collect();
            let hint = match did_you_mean(t, &ids) {
                Some(c) => format!("did you mean `{c}`? {}", topics_hint(config)),
                None => topics_hint(config),
            };
            errors.push(
                fm.error_at_value("topics", t, format!("unknown topic `{t}`"))
                    .hint(hint),
            );
        }
    }
}

/// `lang:`, when given, agrees with the language of the file name.
fn check_lang(
    given: Option<&str>,
    file_lang: &str,
    fm: &FrontMatterLines,
    errors: &mut Vec<Diagnostic>,
) {
    if let Some(lang) = given {
        if lang != file_lang {
            errors.push(fm.error_at_key("lang", format!(
                "`lang: {lang}` disagrees with the file name, which makes this a `{file_lang}` article"
            )).hint("the language comes from the file name (`name.en.md` is English); remove `lang:` or rename the file"));
        }
    }
}

/// `published:` or `updated:`, when given.
fn check_point(
    key: &str,
    value: Option<&Scalar>,
    fm: &FrontMatterLines,
    errors: &mut Vec<Diagnostic>,
) -> Option<DatePoint> {
    match parse_published(&value?.text()) {
        Ok(p) => Some(p),
        Err(e) => {
            errors.push(fm.error_at_key(key, e.message).hint(e.hint));
            None
        }
    }
}

/// `extra:` as templates see it (an empty object when not given).
fn check_extra(
    extra: Option<&Extra>,
    fm: &FrontMatterLines,
    errors: &mut Vec<Diagnostic>,
) -> serde_json::Value {
    let Some(extra) = extra else {
        return serde_json::Value::Object(Default::default());
    };
    match extra.to_json() {
        Ok(v) => v,
        Err(e) => {
            errors.push(
                fm.error_at_key("extra", format!("`extra` cannot be used by templates: {e}"))
                    .hint("use text keys in `extra`"),
            );
            serde_json::Value::Null
        }
    }
}

/// `image` needs `image_alt`, and must be an http(s) address or a path on the site.
fn check_image(
    image: Option<&str>,
    alt: Option<&str>,
    fm: &FrontMatterLines,
    errors: &mut Vec<Diagnostic>,
) {
    let Some(image) = image else { return };
    if alt.is_none_or(|a| a.trim().is_empty()) {
        errors.push(
            fm.error_at_key("image", "`image` has no `image_alt`".into())
                .hint("describe the image for readers who cannot see it: image_alt: \"…\""),
        );
    }
    if let Some(problem) = url::author_url_problem(image) {
        errors.push(
            fm.error_at_url("image", image, problem)
                .hint("give an address starting with https:// or a path on this site such as /images/photo.jpg (or photo.jpg beside an index.md); `javascript:`, `data:` and other schemes are not allowed"),
        );
    }
}

fn topics_hint(config: &Config) -> String {
    let ids: Vec<String> = config
        .topics
        .iter()
        .map(|t| format!("`{}`", t.id))
        .collect();
    format!("topics defined in site.toml: {}", ids.join(", "))
}

/// At most `n` characters, cut at a word boundary, with an ellipsis.
pub fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let cut: String = s.chars().take(n).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > n / 2 => cut[..i].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end_matches([',', '،', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_cuts_at_words() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("one two three four", 10), "one two…");
    }
}
