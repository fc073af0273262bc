//! One article: the `Article` model, and `parse`, which checks its front matter field by
//! field and renders its Markdown body. `parse` is pure (text in, article or diagnostics
//! out); reading files is `content::load`'s job, the YAML `content::front_matter`'s, the
//! slug `content::slug`'s.

use std::borrow::Cow;
use std::path::PathBuf;

use super::front_matter::{self, Extra, FrontMatter, FrontMatterLines, RawSource, Scalar};
use super::markdown::{self, RenderedMarkdown};
use super::slug;
use crate::config::Config;
use crate::date::{parse_published, DatePoint, EventDate};
use crate::error::{did_you_mean, Diagnostic};
use crate::url;

pub use super::status::Status;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub title: String,
    pub url: String,
    pub publisher: Option<String>,
    pub published: Option<DatePoint>,
    /// An http(s) address, or a path on the site (with the base path put before it).
    pub archive_url: Option<String>,
}

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
    pub actors: Vec<String>,
    pub places: Vec<String>,
    pub image: Option<String>,
    pub image_alt: Option<String>,
    pub extra: serde_json::Value,
    pub published: Option<DatePoint>,
    pub updated: Option<DatePoint>,
    pub body: RenderedMarkdown,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
    /// 1-based line of `slug:` in the file, when the front matter sets one.
    pub slug_line: Option<usize>,
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
    } = front_matter::read(&text, &path)?;
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
    let sources = check_sources(raw.sources, base_path, &fm, &mut errors);
    let extra = check_extra(raw.extra.as_ref(), &fm, &mut errors);
    let date = match date {
        Some(d) if errors.is_empty() => d,
        _ => return Err(errors),
    };
    let mut body = markdown::render(body, base_path, &config.markdown);
    let summary = summary(raw.summary, &mut body);
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
        actors: raw.actors,
        places: raw.places,
        image: raw.image,
        image_alt: raw.image_alt,
        extra,
        published,
        updated,
        body,
        body_line,
        slug_line: slug_line.map(|(line, _)| line),
    })
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

/// Each source's dates and addresses checked: `url` is an absolute http(s) address,
/// `archive_url` one or a path on the site (which gets the base path, as links do).
fn check_sources(
    raw: Vec<RawSource>,
    base_path: &str,
    fm: &FrontMatterLines,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Source> {
    let mut sources = Vec::with_capacity(raw.len());
    for s in raw {
        let published = s.published.as_ref().and_then(|v| {
            parse_published(&v.text())
                .map_err(|e| {
                    errors.push(
                        fm.error_at_value("published", &v.text(), e.message)
                            .hint(e.hint),
                    )
                })
                .ok()
        });
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
        sources.push(Source {
            title: s.title,
            url: s.url,
            publisher: s.publisher,
            published,
            archive_url: s.archive_url.map(|u| with_base_path(u, base_path)),
        });
    }
    sources
}

/// `/copies/a.pdf` → `/repo/copies/a.pdf`; other addresses unchanged.
fn with_base_path(url: String, base_path: &str) -> String {
    match url.strip_prefix('/') {
        Some(rest) if base_path != "/" && !rest.starts_with('/') => format!("{base_path}{rest}"),
        _ => url,
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

fn is_absolute_url(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://"))
        && s.len() > 8
        && !s.contains(char::is_whitespace)
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
