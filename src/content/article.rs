//! One article: its front matter checked field by field and its Markdown body rendered.
//! `parse` is pure (text in, article or diagnostics out); reading files is `content::load`'s job.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::front_matter;
use super::markdown::{self, RenderedMarkdown};
use crate::config::Config;
use crate::date::{parse_published, DatePoint, EventDate};
use crate::error::{did_you_mean, Diagnostic};
use crate::url;

/// How sure the newsroom is of an event.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Confirmed,
    Reported,
    Disputed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Confirmed => "confirmed",
            Status::Reported => "reported",
            Status::Disputed => "disputed",
        }
    }
}

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

/// The keys front matter may use.
pub const KEYS: [&str; 17] = [
    "title",
    "date",
    "topics",
    "summary",
    "tags",
    "sources",
    "slug",
    "draft",
    "status",
    "actors",
    "places",
    "image",
    "image_alt",
    "extra",
    "published",
    "updated",
    "lang",
];
const REQUIRED: [&str; 3] = ["title", "date", "topics"];
const SOURCE_KEYS: [&str; 5] = ["title", "url", "publisher", "published", "archive_url"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrontMatter {
    title: String,
    date: Scalar,
    topics: Vec<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    sources: Vec<RawSource>,
    #[serde(default)]
    slug: Option<String>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    status: Status,
    #[serde(default)]
    actors: Vec<String>,
    #[serde(default)]
    places: Vec<String>,
    #[serde(default)]
    image: Option<String>,
    #[serde(default)]
    image_alt: Option<String>,
    #[serde(default)]
    extra: Option<serde_yaml::Mapping>,
    #[serde(default)]
    published: Option<Scalar>,
    #[serde(default)]
    updated: Option<Scalar>,
    /// Accepted for authors used to Hugo; must agree with the file name.
    #[serde(default)]
    lang: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    title: String,
    url: String,
    #[serde(default)]
    publisher: Option<String>,
    #[serde(default)]
    published: Option<Scalar>,
    #[serde(default)]
    archive_url: Option<String>,
}

/// A date written as YAML text or a bare number (`date: 2014`).
#[derive(Debug)]
enum Scalar {
    Text(String),
    Number(u64),
}

/// By hand rather than `#[serde(untagged)]`: an untagged enum loses the error's location
/// and says "data did not match any variant"; this says what a date looks like.
impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a date such as 2022-09-07, 2022-07 or 2014")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar::Text(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar::Number(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Scalar, E> {
                // A negative year: left to the date parser to refuse, with its hint.
                Ok(Scalar::Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

impl Scalar {
    fn text(&self) -> String {
        match self {
            Scalar::Text(s) => s.clone(),
            Scalar::Number(n) => n.to_string(),
        }
    }
}

/// Parses an article's whole text. `base_path` is the site's URL path (`/repo/`).
pub fn parse(
    file: SourceFile,
    text: &str,
    config: &Config,
    base_path: &str,
) -> Result<Article, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let normalized;
    let text = if text.contains('\r') {
        normalized = text.replace("\r\n", "\n").replace('\r', "\n");
        normalized.as_str()
    } else {
        text
    };
    let path = file.path.clone();
    let split = front_matter::split(text, &path).map_err(|d| vec![d])?;
    let raw = parse_yaml(split.yaml, split.yaml_line, &path)?;
    let fm = FrontMatterLines {
        yaml: split.yaml,
        first_line: split.yaml_line,
        path: &path,
    };

    let mut errors = Vec::new();
    let date = match EventDate::parse(&raw.date.text()) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(fm.error_at_key("date", e.message).hint(e.hint));
            None
        }
    };
    if raw.title.trim().is_empty() {
        errors.push(
            fm.error_at_key("title", "the title is empty".into())
                .hint("give the event a short headline"),
        );
    }
    if raw.topics.is_empty() {
        errors.push(
            fm.error_at_key(
                "topics",
                "`topics` is empty: list at least one topic".into(),
            )
            .hint(topics_hint(config)),
        );
    }
    for t in &raw.topics {
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
    if let Some(lang) = &raw.lang {
        if *lang != file.lang {
            errors.push(fm.error_at_key("lang", format!(
                "`lang: {lang}` disagrees with the file name, which makes this a `{}` article",
                file.lang
            )).hint("the language comes from the file name (`name.en.md` is English); remove `lang:` or rename the file"));
        }
    }
    let raw_slug_line = raw
        .slug
        .as_ref()
        .and(fm.key_position("slug"))
        .map(|(line, _)| line);
    let slug = choose_slug(raw.slug.as_deref(), &file.key, &fm, &mut errors);
    check_image(
        raw.image.as_deref(),
        raw.image_alt.as_deref(),
        &fm,
        &mut errors,
    );
    let mut point = |key: &str, value: &Option<Scalar>| -> Option<DatePoint> {
        let v = value.as_ref()?;
        match parse_published(&v.text()) {
            Ok(p) => Some(p),
            Err(e) => {
                errors.push(fm.error_at_key(key, e.message).hint(e.hint));
                None
            }
        }
    };
    let published = point("published", &raw.published);
    let updated = point("updated", &raw.updated);
    let sources = check_sources(raw.sources, base_path, &fm, &mut errors);
    let extra = match raw.extra {
        None => serde_json::Value::Object(Default::default()),
        Some(m) => match serde_json::to_value(&m) {
            Ok(v) => v,
            Err(e) => {
                errors.push(
                    fm.error_at_key("extra", format!("`extra` cannot be used by templates: {e}"))
                        .hint("use text keys in `extra`"),
                );
                serde_json::Value::Null
            }
        },
    };

    let date = match date {
        Some(d) if errors.is_empty() => d,
        _ => return Err(errors),
    };
    let mut body = markdown::render(split.body, base_path, &config.markdown);
    // The first paragraph is only needed for a summary: not kept with every article.
    let first_paragraph = std::mem::take(&mut body.first_paragraph);
    let summary = match raw.summary {
        Some(s) if !s.trim().is_empty() => s.trim().to_string(),
        _ => shorten(&first_paragraph, 240),
    };
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
        body_line: split.body_line,
        slug_line: raw_slug_line,
    })
}

/// The slug: `slug:` when given, else the one the file name gives; either must be one
/// URL segment.
fn choose_slug(
    given: Option<&str>,
    key: &str,
    fm: &FrontMatterLines,
    errors: &mut Vec<Diagnostic>,
) -> String {
    match given {
        Some(s) if !is_valid_slug(s) => {
            errors.push(fm.error_at_key("slug", format!("`{s}` cannot be a slug"))
                .hint("a slug is one URL segment: letters, digits and hyphens, no `/`, no leading `.`"));
            String::new()
        }
        Some(s) => s.to_string(),
        None => {
            let slug = slug_from_key(key);
            if !is_valid_slug(&slug) {
                // A name with a line break is shown with `\n`, on the error's one line.
                let path = url::shown(&fm.path.to_string_lossy());
                errors.push(
                    Diagnostic::in_file(
                        path,
                        format!(
                            "the file name gives the slug `{}`, which cannot be part of a URL",
                            url::shown(&slug)
                        ),
                    )
                    .hint("rename the file with letters, digits and hyphens (no spaces, `#`, `?`, `%`, `/` or leading `.`), or set `slug:` in its front matter"),
                );
            }
            slug
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

/// Parses the YAML into the front-matter struct; on failure, explains every problem
/// with its line in the article file.
fn parse_yaml(
    yaml: &str,
    first_line: usize,
    path: &Path,
) -> Result<RawFrontMatter, Vec<Diagnostic>> {
    let yaml_or_empty = if yaml.trim().is_empty() { "{}" } else { yaml };
    let err = match serde_yaml::from_str::<RawFrontMatter>(yaml_or_empty) {
        Ok(raw) => return Ok(raw),
        Err(e) => e,
    };
    let at_location = |d: Diagnostic, e: &serde_yaml::Error| match e.location() {
        Some(loc) => d.at(loc.line() + first_line - 1, Some(loc.column())),
        None => d.at(first_line - 1, None),
    };
    let value: serde_yaml::Value = match serde_yaml::from_str(yaml_or_empty) {
        Ok(v) => v,
        Err(syntax) => {
            let msg = strip_location(&syntax.to_string());
            // Errors of the YAML reader (bad characters) give a byte offset, not a line.
            let d = match reader_position(&msg, yaml_or_empty) {
                Some((msg, line, col)) => {
                    Diagnostic::in_file(path, format!("invalid YAML in front matter: {msg}"))
                        .at(line + first_line - 1, Some(col))
                }
                None => at_location(
                    Diagnostic::in_file(path, format!("invalid YAML in front matter: {msg}")),
                    &syntax,
                ),
            };
            let d = locate_duplicate_key(d, &msg, yaml, first_line);
            let tab_indented = d
                .line
                .and_then(|l| l.checked_sub(first_line))
                .and_then(|i| yaml.lines().nth(i))
                .is_some_and(|l| l.trim_start_matches(' ').starts_with('\t'));
            let hint = if msg.contains("control characters") {
                "the front matter holds an invisible control character: delete it, or write it as an escape such as \\u0007 inside double quotes"
            } else if msg.starts_with("duplicate entry") {
                "each key may appear only once: remove one of the two lines"
            } else if msg.contains("repetition limit") {
                "the front matter repeats an alias (`*name`) too often: write the values out"
            } else if msg.contains("recursion limit") {
                "the front matter is nested too deeply"
            } else if tab_indented {
                "YAML does not allow tabs for indentation: indent with spaces"
            } else {
                "check indentation and quoting; a value holding `: ` or starting with `[`, `{`, `*` or `#` needs double quotes"
            };
            return Err(vec![d.hint(hint)]);
        }
    };
    let fm = FrontMatterLines {
        yaml,
        first_line,
        path,
    };
    let Some(map) = value.as_mapping() else {
        return Err(vec![Diagnostic::in_file(
            path,
            "front matter must be a list of `key: value` lines",
        )
        .at(first_line, Some(1))
        .hint(
            "e.g.\n  title: \"…\"\n  date: 2022-09-07\n  topics: [cyberattack]",
        )]);
    };
    let mut errors = Vec::new();
    // Required keys that an unknown key is probably a misspelling of (`titel:`): the
    // "did you mean" error says it all, so they are not also reported as missing.
    let mut suggested: Vec<&str> = Vec::new();
    for key in map.keys() {
        let name = key
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| format!("{key:?}"));
        if !KEYS.contains(&name.as_str()) {
            let hint = match did_you_mean(&name, &KEYS) {
                Some(k) => {
                    suggested.push(k);
                    format!("did you mean `{k}`? (custom data for themes goes under `extra:`)")
                }
                None => format!(
                    "allowed keys: {}; custom data goes under `extra:`",
                    KEYS.join(", ")
                ),
            };
            let mut d = fm.error_at_key(&name, format!("unknown key `{name}`"));
            if d.column.is_some() {
                // Point at the key itself, not at its value.
                d.column = Some(1);
            }
            errors.push(d.hint(hint));
        }
    }
    for key in REQUIRED {
        if !map.contains_key(key) && !suggested.contains(&key) {
            errors.push(
                Diagnostic::in_file(path, format!("missing `{key}` in front matter"))
                    .at(first_line - 1, Some(1))
                    .hint(match key {
                        "title" => "add a line `title: \"…\"`",
                        "date" => "add a line such as `date: 2022-09-07` (or 2022-07, 2014, 2013-05/2016-09)",
                        _ => "add a line such as `topics: [cyberattack]` with topic ids from site.toml",
                    }),
            );
        }
    }
    if let Some(serde_yaml::Value::Sequence(sources)) = map.get("sources") {
        for s in sources {
            if let Some(m) = s.as_mapping() {
                for k in m.keys().filter_map(|k| k.as_str()) {
                    if !SOURCE_KEYS.contains(&k) {
                        let hint = match did_you_mean(k, &SOURCE_KEYS) {
                            Some(c) => format!("did you mean `{c}`?"),
                            None => format!("a source has: {}", SOURCE_KEYS.join(", ")),
                        };
                        errors.push(
                            fm.error_at_nested_key(k, format!("unknown key `{k}` in a source"))
                                .hint(hint),
                        );
                    }
                }
            }
        }
    }
    if errors.is_empty() {
        let msg = strip_location(&err.to_string());
        errors.push(
            at_location(
                Diagnostic::in_file(path, format!("front matter: {msg}")),
                &err,
            )
            .hint(type_hint(&msg)),
        );
    }
    Err(errors)
}

fn type_hint(msg: &str) -> &'static str {
    if msg.contains("expected a sequence") {
        "write a list as `[a, b]` or as lines starting with `- `"
    } else if msg.contains("expected a date") {
        "write one date: YYYY, YYYY-MM or YYYY-MM-DD, or a range as \"START/END\""
    } else if msg.starts_with("status:") {
        "status is one of: confirmed, reported, disputed"
    } else if msg.starts_with("sources") && msg.contains("missing field") {
        "each source needs a `title` and a `url`: - { title: \"…\", url: \"https://…\" }"
    } else if msg.contains("expected a boolean") {
        "write true or false"
    } else if msg.contains("expected a string") {
        "write a single text value; put it in double quotes if it holds `: ` or starts with `[`"
    } else {
        "see the front matter reference in README.md"
    }
}

/// `duplicate entry with key "title"`: serde_yaml points at the start of the mapping;
/// point at the second top-level line with that key instead.
fn locate_duplicate_key(d: Diagnostic, msg: &str, yaml: &str, first_line: usize) -> Diagnostic {
    let Some(key) = msg
        .strip_prefix("duplicate entry with key \"")
        .and_then(|rest| rest.split_once('"'))
        .map(|(k, _)| k)
    else {
        return d;
    };
    let second = yaml
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .nth(1);
    match second {
        Some((i, _)) => d.at(first_line + i, Some(1)),
        None => d,
    }
}

/// `"control characters are not allowed at position 160"`: the message without its
/// byte offset, and the 1-based line and column of that offset in `yaml`.
fn reader_position<'m>(msg: &'m str, yaml: &str) -> Option<(&'m str, usize, usize)> {
    let (head, offset) = msg.rsplit_once(" at position ")?;
    let mut offset: usize = offset.trim().parse().ok()?;
    offset = offset.min(yaml.len());
    while !yaml.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &yaml[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((head, line, col))
}

/// serde_yaml appends " at line L column C"; the diagnostic carries the location itself.
fn strip_location(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// Finds the lines of keys in the front matter, to point errors at them.
struct FrontMatterLines<'a> {
    yaml: &'a str,
    first_line: usize,
    path: &'a Path,
}

impl FrontMatterLines<'_> {
    /// An error on the line of top-level `key:`, pointing at its value.
    fn error_at_key(&self, key: &str, message: String) -> Diagnostic {
        let d = Diagnostic::in_file(self.path, message);
        match self.key_position(key) {
            Some((line, value_col)) => d.at(line, Some(value_col)),
            None => d.at(self.first_line - 1, None),
        }
    }

    /// The file line of top-level `key:` and the column where its value starts.
    fn key_position(&self, key: &str) -> Option<(usize, usize)> {
        self.yaml.lines().enumerate().find_map(|(i, line)| {
            let after = line.strip_prefix(key)?.trim_start().strip_prefix(':')?;
            let value_col = line.chars().count() - after.trim_start().chars().count() + 1;
            Some((self.first_line + i, value_col))
        })
    }

    /// An error where `value` appears on or after the line of `key` (lists, nested keys).
    fn error_at_value(&self, key: &str, value: &str, message: String) -> Diagnostic {
        let lines: Vec<&str> = self.yaml.lines().collect();
        let key_line = lines
            .iter()
            .position(|l| {
                let t = l.trim_start().trim_start_matches("- ");
                t.starts_with(key) && t[key.len()..].trim_start().starts_with(':')
            })
            .unwrap_or(0);
        for (i, line) in lines.iter().enumerate().skip(key_line) {
            if let Some(byte) = line.find(value) {
                let col = line[..byte].chars().count() + 1;
                return Diagnostic::in_file(self.path, message).at(self.first_line + i, Some(col));
            }
        }
        self.error_at_key(key, message)
    }

    /// An error at a URL given as `key: value` at any depth: where the value is written
    /// if it can be found as it is (not escaped), else at the key. `problem` says why
    /// the URL is refused.
    fn error_at_url(&self, key: &str, value: &str, problem: String) -> Diagnostic {
        let message = format!(
            "`{key}` `{}` is not an http(s) address or a path on this site: {problem}",
            url::shown(value)
        );
        let found = !value.is_empty() && self.yaml.lines().any(|l| l.contains(value));
        if found {
            self.error_at_value(key, value, message)
        } else {
            self.error_at_nested_key(key, message)
        }
    }

    /// An error on the first line holding `key:` at any depth.
    fn error_at_nested_key(&self, key: &str, message: String) -> Diagnostic {
        for (i, line) in self.yaml.lines().enumerate() {
            let t = line.trim_start().trim_start_matches("- ");
            if t.starts_with(key) && t[key.len()..].trim_start().starts_with(':') {
                let col = line.chars().count() - t.chars().count() + 1;
                return Diagnostic::in_file(self.path, message).at(self.first_line + i, Some(col));
            }
        }
        Diagnostic::in_file(self.path, message).at(self.first_line, None)
    }
}

/// `2022-09-07-albania-cuts-ties` → `albania-cuts-ties`; `sub/2014-mek` → `mek`.
pub fn slug_from_key(key: &str) -> String {
    let last = key.rsplit('/').next().unwrap_or(key);
    let stripped = strip_date_prefix(last);
    // A name that is only a date (`2022-09-07`) keeps it all.
    if stripped.chars().all(|c| c.is_ascii_digit() || c == '-') {
        last.to_string()
    } else {
        stripped.to_string()
    }
}

/// Removes a leading `YYYY-`, `YYYY-MM-` or `YYYY-MM-DD-` (or `_`).
fn strip_date_prefix(name: &str) -> &str {
    let b = name.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
    let sep = |i: usize| matches!(b.get(i), Some(b'-') | Some(b'_'));
    if !digits(0..4) || !sep(4) {
        return name;
    }
    if digits(5..7) && sep(7) {
        if digits(8..10) && sep(10) {
            return &name[11..];
        }
        return &name[8..];
    }
    &name[5..]
}

fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('.')
        && !s.contains(['/', '\\', '?', '#', '%', '"', '<', '>', ' '])
        && !s.chars().any(char::is_control)
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
    fn slugs_from_keys() {
        assert_eq!(
            slug_from_key("2022-09-07-albania-cuts-ties"),
            "albania-cuts-ties"
        );
        assert_eq!(slug_from_key("2022-07-attack"), "attack");
        assert_eq!(slug_from_key("2014-mek"), "mek");
        assert_eq!(slug_from_key("2022-09-07"), "2022-09-07");
        assert_eq!(slug_from_key("sub/2013_x"), "x");
        assert_eq!(slug_from_key("هجوم"), "هجوم");
        assert_eq!(slug_from_key("20221-x"), "20221-x");
    }

    #[test]
    fn reader_errors_point_at_the_character() {
        let yaml = "title: \"a\"\nsummary: \"x\u{7f}\"\n";
        let offset = yaml.find('\u{7f}').expect("DEL");
        let msg = format!("control characters are not allowed at position {offset}");
        assert_eq!(
            reader_position(&msg, yaml),
            Some(("control characters are not allowed", 2, 12))
        );
        assert_eq!(reader_position("did not find expected key", yaml), None);
    }

    #[test]
    fn shorten_cuts_at_words() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("one two three four", 10), "one two…");
    }
}
