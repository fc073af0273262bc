//! site.toml: read with serde (unknown keys are errors), then validated into a `Config`
//! whose paths are resolved and whose languages and topics are ready to use.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::content::date::EventDate;
use crate::content::sanitize::{MarkdownOptions, RawHtml};
use crate::content::url::{is_host_name, shown};
use crate::error::{did_you_mean, Diagnostic, Diagnostics};
use crate::render::date_format::{DateStyle, Digits, MonthNames};
use crate::source::line_col;

pub const CONFIG_FILE: &str = "site.toml";

/// What the command line asks of a build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holding site.toml); the current folder by default.
    pub root: PathBuf,
    /// Where to write the site; `<root>/public` by default.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` of site.toml (e.g. for a sub-path deploy or a local server).
    pub base_url: Option<String>,
    /// Include articles marked `draft: true`.
    pub drafts: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    base_url: toml::Spanned<String>,
    #[serde(default)]
    default_language: Option<String>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    author: Option<String>,
    /// A custom domain for GitHub Pages: written to CNAME.
    #[serde(default)]
    cname: Option<toml::Spanned<String>>,
    #[serde(default)]
    languages: Vec<RawLanguage>,
    #[serde(default)]
    topics: Vec<RawTopic>,
    #[serde(default)]
    dates: RawDates,
    /// How many of the latest events the home page's combined timeline shows.
    #[serde(default)]
    home_limit: Option<usize>,
    /// How many events a page of a topic timeline or of a year shows.
    #[serde(default)]
    page_size: Option<usize>,
    #[serde(default)]
    markdown: RawMarkdown,
}

/// `[markdown]`: what becomes of raw HTML in articles.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    #[serde(default)]
    raw_html: RawHtml,
    #[serde(default)]
    embed_hosts: Vec<toml::Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    code: String,
    name: Option<String>,
    title: Option<String>,
    description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    id: String,
    title: Translated,
    #[serde(default)]
    description: Option<Translated>,
    #[serde(default)]
    color: Option<String>,
    #[serde(default)]
    phases: Vec<RawPhase>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPhase {
    title: Translated,
    date: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDates {
    #[serde(default)]
    month_names: MonthNames,
    #[serde(default)]
    digits: Digits,
}

/// A text given once for all languages, or per language code.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Translated {
    One(String),
    PerLanguage(BTreeMap<String, String>),
}

impl Translated {
    /// The text in `lang`, else in `fallback`, else any.
    pub fn get(&self, lang: &str, fallback: &str) -> String {
        match self {
            Translated::One(s) => s.clone(),
            Translated::PerLanguage(m) => m
                .get(lang)
                .or_else(|| m.get(fallback))
                .or_else(|| m.values().next())
                .cloned()
                .unwrap_or_default(),
        }
    }
}

/// Writing direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    /// Derived from the language code: Arabic, Hebrew, Persian, Urdu… are right to left.
    pub fn of(code: &str) -> Direction {
        const RTL: [&str; 11] = [
            "ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "ug", "ur",
        ];
        let primary = code.split(['-', '_']).next().unwrap_or(code);
        if RTL.contains(&primary.to_ascii_lowercase().as_str()) {
            Direction::Rtl
        } else {
            Direction::Ltr
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Language {
    pub code: String,
    /// The language's own name, for the language switcher ("العربية", "English").
    pub name: String,
    pub dir: Direction,
    /// The site title and description in this language.
    pub title: String,
    pub description: String,
    /// URL prefix: "" for the default language, "en/" for the others.
    pub prefix: String,
}

#[derive(Debug, Clone)]
pub struct Phase {
    pub title: Translated,
    pub date: EventDate,
}

#[derive(Debug, Clone)]
pub struct Topic {
    pub id: String,
    pub title: Translated,
    pub description: Option<Translated>,
    pub color: String,
    pub phases: Vec<Phase>,
}

/// The base URL, split for the two ways pages use it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// `https://user.github.io/repo/`, always ending in `/`.
    pub absolute: String,
    /// `/repo/`: the path every root-relative link starts with.
    pub path: String,
}

impl BaseUrl {
    pub fn parse(s: &str) -> Result<BaseUrl, String> {
        let s = s.trim();
        let rest = s
            .strip_prefix("https://")
            .or_else(|| s.strip_prefix("http://"))
            .ok_or_else(|| format!("base_url `{s}` must start with https:// or http://"))?;
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if s.contains(|c: char| c.is_whitespace() || c.is_control()) {
            return Err(format!(
                "base_url `{}` holds a space or a control character",
                shown(s)
            ));
        }
        if host.is_empty() {
            return Err(format!("base_url `{s}` has no host name"));
        }
        if host.contains('@') {
            return Err(format!(
                "base_url `{s}` holds a user name or password (`…@`): a site's address has none"
            ));
        }
        if !is_host_and_port(host) {
            return Err(format!("base_url `{s}` has an invalid host name `{host}`"));
        }
        if path.contains(['?', '#']) {
            return Err(format!(
                "base_url `{s}` must not have a query or a fragment"
            ));
        }
        let mut path = path.to_string();
        if !path.ends_with('/') {
            path.push('/');
        }
        let scheme = if s.starts_with("https://") {
            "https://"
        } else {
            "http://"
        };
        Ok(BaseUrl {
            absolute: format!("{scheme}{host}{path}"),
            path,
        })
    }

    /// `/repo/` + `events/x/`.
    pub fn link(&self, site_path: &str) -> String {
        format!("{}{}", self.path, site_path.trim_start_matches('/'))
    }

    /// `https://host/repo/` + `events/x/`.
    pub fn permalink(&self, site_path: &str) -> String {
        format!("{}{}", self.absolute, site_path.trim_start_matches('/'))
    }
}

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    pub content_dir: PathBuf,
    pub theme_dir: PathBuf,
    /// The output folder as the user named it (for messages).
    pub output_dir: PathBuf,
    /// The output folder's real path, checked ([`crate::layout::output_dir`]).
    pub output_real: PathBuf,
    pub base_url: BaseUrl,
    pub title: String,
    pub description: String,
    pub author: Option<String>,
    /// Custom domain written to CNAME, if any: a host name.
    pub cname: Option<String>,
    /// What becomes of raw HTML in articles, and the hosts an iframe may show.
    pub markdown: MarkdownOptions,
    /// The default language first.
    pub languages: Vec<Language>,
    pub topics: Vec<Topic>,
    pub date_style: DateStyle,
    pub drafts: bool,
    /// The home page's combined timeline shows the latest this many events (0: all);
    /// the year archive and the topic timelines have every event.
    pub home_limit: usize,
    /// A topic timeline or a year of the archive longer than this many events is cut
    /// into pages, the first holding the latest (0: one page, however long).
    pub page_size: usize,
}

/// The default of `home_limit`: a home page stays light on a site of thousands of
/// events, and shows the whole timeline of a smaller one.
pub const HOME_LIMIT: usize = 300;

/// The default of `page_size`: a page of a few hundred kilobytes, where a topic of
/// 10,000 events on one page would be 4 MB of HTML.
pub const PAGE_SIZE: usize = 300;

/// Colours given to topics that do not set one (distinct, readable on light and dark).
const TOPIC_COLOURS: [&str; 6] = [
    "#2563eb", "#c2410c", "#059669", "#9333ea", "#be123c", "#0e7490",
];

impl Config {
    pub fn default_language(&self) -> &Language {
        &self.languages[0]
    }

    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// Which symbolic links under content/ and themes/ may be followed.
    pub fn fence(&self) -> crate::source::Fence {
        crate::source::Fence::new(&self.root, &self.output_real)
    }

    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.id == id)
    }

    /// Reads `<root>/site.toml` and validates it against the options.
    pub fn load(options: &BuildOptions) -> Result<Config, Diagnostics> {
        let root = if options.root.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            options.root.clone()
        };
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::in_file(CONFIG_FILE, format!("cannot read {}: {e}", path.display()))
                .hint("run timeline in a site folder (one holding site.toml), pass --root DIR, or create one with `timeline init DIR`")
        })?;
        Config::parse(&text, &root, options)
    }

    /// Validates the text of site.toml; `root` is the site folder it came from.
    pub fn parse(text: &str, root: &Path, options: &BuildOptions) -> Result<Config, Diagnostics> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let raw: RawConfig = toml::from_str(text).map_err(|e| toml_diagnostic(&e, text))?;
        let mut errors = Diagnostics::default();
        let err = |msg: String| Diagnostic::in_file(CONFIG_FILE, msg);
        let line_of = |needle: &str| line_containing(text, needle);

        let base_url_text = options
            .base_url
            .as_deref()
            .unwrap_or(raw.base_url.get_ref());
        let base_url = match BaseUrl::parse(base_url_text) {
            Ok(b) => Some(b),
            Err(msg) => {
                let d = match options.base_url {
                    // The value came from the command line, not from site.toml.
                    Some(_) => Diagnostic::new(format!("--base-url: {msg}"))
                        .hint("e.g. --base-url https://user.github.io/repo/"),
                    None => at_span(text, raw.base_url.span(), msg)
                        .hint("e.g. base_url = \"https://user.github.io/repo/\""),
                };
                errors.push(d);
                None
            }
        };

        // Languages: the default one first.
        let mut raw_langs = raw.languages;
        if raw_langs.is_empty() {
            raw_langs.push(RawLanguage {
                code: raw.default_language.clone().unwrap_or_else(|| "en".into()),
                name: None,
                title: None,
                description: None,
            });
        }
        let default_code = raw
            .default_language
            .clone()
            .unwrap_or_else(|| raw_langs[0].code.clone());
        let mut seen = Vec::new();
        for l in &raw_langs {
            if !is_language_code(&l.code) {
                let mut d = err(format!("`{}` is not a language code", l.code))
                    .hint("use a BCP 47 code such as \"ar\", \"en\" or \"fr\"");
                if let Some(line) = line_of(&format!("\"{}\"", l.code)) {
                    d = d.at(line, None);
                }
                errors.push(d);
            }
            if seen.contains(&l.code) {
                errors.push(err(format!("language `{}` is listed twice", l.code)));
            }
            seen.push(l.code.clone());
        }
        if !seen.contains(&default_code) {
            let mut d = err(format!(
                "default_language `{default_code}` is not one of the languages ({})",
                seen.join(", ")
            ))
            .hint("add it under [[languages]] or change default_language");
            if let Some(l) = line_of("default_language") {
                d = d.at(l, None);
            }
            errors.push(d);
        }
        raw_langs.sort_by_key(|l| l.code != default_code);
        let languages: Vec<Language> = raw_langs
            .into_iter()
            .map(|l| {
                let prefix = if l.code == default_code {
                    String::new()
                } else {
                    format!("{}/", l.code)
                };
                Language {
                    dir: Direction::of(&l.code),
                    name: l.name.unwrap_or_else(|| l.code.clone()),
                    title: l.title.unwrap_or_else(|| raw.title.clone()),
                    description: l.description.unwrap_or_else(|| raw.description.clone()),
                    code: l.code,
                    prefix,
                }
            })
            .collect();

        // Topics.
        let mut topics = Vec::new();
        for (i, t) in raw.topics.into_iter().enumerate() {
            let line = line_of(&format!("\"{}\"", t.id));
            let at = |d: Diagnostic| match line {
                Some(l) => d.at(l, None),
                None => d,
            };
            if !is_slug(&t.id) {
                errors.push(at(err(format!("topic id `{}` is not a valid id", t.id))
                    .hint("use lower-case letters, digits and hyphens, e.g. \"cyberattack\"; it becomes part of the URL")));
            }
            if topics.iter().any(|x: &Topic| x.id == t.id) {
                errors.push(at(err(format!("topic `{}` is defined twice", t.id))));
            }
            let mut phases = Vec::new();
            for p in t.phases {
                match EventDate::parse(&p.date) {
                    Ok(date) => phases.push(Phase {
                        title: p.title,
                        date,
                    }),
                    Err(e) => {
                        errors
                            .push(at(err(format!("phase of topic `{}`: {}", t.id, e.message))
                                .hint(e.hint)))
                    }
                }
            }
            let color = match t.color {
                Some(c) if is_css_colour(&c) => c,
                Some(c) => {
                    errors.push(at(err(format!("topic `{}`: `{c}` is not a colour", t.id))
                        .hint("write a hex colour such as \"#2563eb\"")));
                    String::new()
                }
                None => TOPIC_COLOURS[i % TOPIC_COLOURS.len()].to_string(),
            };
            topics.push(Topic {
                id: t.id,
                title: t.title,
                description: t.description,
                color,
                phases,
            });
        }
        if topics.is_empty() {
            errors.push(
                err("site.toml defines no topics".into())
                    .hint("add at least one:\n  [[topics]]\n  id = \"main\"\n  title = \"Main\""),
            );
        }

        let cname = match check_cname(raw.cname.as_ref(), text) {
            Ok(c) => c,
            Err(d) => {
                errors.push(d);
                None
            }
        };
        let markdown = markdown_options(raw.markdown, text, &mut errors);

        let theme = raw.theme.unwrap_or_else(|| "default".into());
        if theme.contains(['/', '\\']) || theme.starts_with('.') {
            errors.push(err(format!(
                "theme `{theme}` must be a folder name under themes/"
            )));
        }
        let theme_dir = root.join("themes").join(&theme);
        if !theme_dir.join("templates").is_dir() {
            let mut d = err(format!(
                "theme `{theme}` not found: {} has no templates/ folder",
                theme_dir.display()
            ))
            .hint("set theme = \"default\" and keep themes/default/ in the site folder");
            if let Some(l) = line_of("theme") {
                d = d.at(l, None);
            }
            errors.push(d);
        }

        let output_dir = options
            .output
            .clone()
            .unwrap_or_else(|| root.join("public"));
        let output_real = match crate::layout::output_dir(
            root,
            &root.join(CONFIG_FILE),
            options.output.as_deref(),
        ) {
            Ok(p) => p,
            Err(d) => {
                errors.push(d);
                PathBuf::new()
            }
        };

        let base_url = match base_url {
            Some(b) if errors.is_empty() => b,
            _ => return Err(errors),
        };
        Ok(Config {
            content_dir: root.join("content"),
            theme_dir,
            output_dir,
            output_real,
            root: root.to_path_buf(),
            base_url,
            title: raw.title,
            description: raw.description,
            author: raw.author,
            cname,
            markdown,
            languages,
            topics,
            date_style: DateStyle {
                month_names: raw.dates.month_names,
                digits: raw.dates.digits,
            },
            drafts: options.drafts,
            home_limit: raw.home_limit.unwrap_or(HOME_LIMIT),
            page_size: raw.page_size.unwrap_or(PAGE_SIZE),
        })
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
}

fn is_language_code(s: &str) -> bool {
    let mut parts = s.split('-');
    let primary_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_lowercase()));
    primary_ok
        && parts
            .all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn is_css_colour(s: &str) -> bool {
    let hex = s.strip_prefix('#').unwrap_or("");
    matches!(hex.len(), 3 | 6) && hex.chars().all(|c| c.is_ascii_hexdigit())
}

/// A diagnostic at a value of site.toml, from the span the TOML parser gave it.
fn at_span(text: &str, span: std::ops::Range<usize>, message: String) -> Diagnostic {
    let (line, col) = line_col(text, span.start);
    Diagnostic::in_file(CONFIG_FILE, message).at(line, Some(col))
}

/// `cname`, when given, is a host name; an empty one writes no CNAME, as before.
fn check_cname(
    cname: Option<&toml::Spanned<String>>,
    text: &str,
) -> Result<Option<String>, Diagnostic> {
    let Some(c) = cname else { return Ok(None) };
    let name = c.get_ref();
    if name.is_empty() || is_host_name(name) {
        return Ok(Some(name.clone()));
    }
    Err(at_span(text, c.span(), format!("cname `{}` is not a host name", shown(name)))
        .hint("a custom domain such as \"timeline.example.org\": letters, digits, hyphens and dots, without https://, a path, a port or spaces (an internationalised name in its xn-- form)"))
}

/// `[markdown]`: the policy, with every embed host checked and kept lower-case.
fn markdown_options(raw: RawMarkdown, text: &str, errors: &mut Diagnostics) -> MarkdownOptions {
    let mut embed_hosts = Vec::new();
    for h in raw.embed_hosts {
        if is_host_name(h.get_ref()) {
            embed_hosts.push(h.get_ref().to_ascii_lowercase());
        } else {
            errors.push(
                at_span(text, h.span(), format!("embed host `{}` is not a host name", shown(h.get_ref())))
                    .hint("list host names only, such as \"www.youtube-nocookie.com\": no https://, path or port"),
            );
        }
    }
    MarkdownOptions {
        raw_html: raw.raw_html,
        embed_hosts,
    }
}

/// `host`, `host:port`, `[ipv6]` or `[ipv6]:port` of a base URL.
fn is_host_and_port(s: &str) -> bool {
    let (host_ok, port) = match s.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((ip, after)) => (
                !ip.is_empty()
                    && ip
                        .chars()
                        .all(|c| c.is_ascii_hexdigit() || ":.".contains(c)),
                if after.is_empty() {
                    Some("")
                } else {
                    after.strip_prefix(':')
                },
            ),
            None => (false, None),
        },
        None => match s.rsplit_once(':') {
            Some((h, p)) => (is_host_name(h), Some(p)),
            None => (is_host_name(s), Some("")),
        },
    };
    host_ok
        && port.is_some_and(|p| {
            p.bytes().all(|b| b.is_ascii_digit()) && (p.is_empty() || p.parse::<u16>().is_ok())
        })
}

/// The first 1-based line whose text contains `needle`.
fn line_containing(text: &str, needle: &str) -> Option<usize> {
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
}

fn toml_diagnostic(e: &toml::de::Error, text: &str) -> Diagnostics {
    let message = e.message().trim().to_string();
    let mut d = Diagnostic::in_file(CONFIG_FILE, message.clone());
    if let Some(span) = e.span() {
        let (line, col) = line_col(text, span.start);
        d = d.at(line, Some(col));
    }
    d = d.hint(toml_hint(&message));
    d.into()
}

/// A hint for a serde/TOML message: "did you mean" for unknown keys.
fn toml_hint(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let candidates: Vec<&str> = expected
            .split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, s)| s)
            .collect();
        return match did_you_mean(field, &candidates) {
            Some(c) => format!(
                "did you mean `{c}`? site.toml accepts: {}",
                candidates.join(", ")
            ),
            None => format!("site.toml accepts here: {}", candidates.join(", ")),
        };
    }
    if let Some((_, expected)) = message
        .strip_prefix("unknown variant")
        .and_then(|m| m.split_once("expected "))
    {
        let values: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        return format!(
            "write one of: {} (README.md's site.toml example explains each)",
            values.join(", ")
        );
    }
    if message.starts_with("missing field") {
        return "see the site.toml reference in README.md".into();
    }
    "site.toml is TOML: check quotes, brackets and `key = value` pairs (README.md has a full example)".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Diagnostics> {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("themes/default/templates")).expect("mkdir");
        Config::parse(text, dir.path(), &BuildOptions::default())
    }

    const MINIMAL: &str = r#"
title = "T"
base_url = "https://user.github.io/repo"
default_language = "ar"
[[languages]]
code = "en"
[[languages]]
code = "ar"
[[topics]]
id = "a"
title = { ar = "أ", en = "A" }
"#;

    #[test]
    fn default_language_first_and_directions() {
        let c = parse(MINIMAL).expect("valid");
        assert_eq!(c.languages[0].code, "ar");
        assert_eq!(c.languages[0].dir, Direction::Rtl);
        assert_eq!(c.languages[0].prefix, "");
        assert_eq!(c.languages[1].prefix, "en/");
        assert_eq!(c.languages[1].dir, Direction::Ltr);
        assert_eq!(c.base_url.path, "/repo/");
        assert_eq!(c.base_url.absolute, "https://user.github.io/repo/");
    }

    #[test]
    fn unknown_key_has_line_and_suggestion() {
        let text = MINIMAL.replace("title = \"T\"", "titel = \"T\"");
        let e = parse(&text).expect_err("invalid");
        let d = &e.0[0];
        assert_eq!(d.line, Some(2));
        assert!(d.message.contains("titel"), "{}", d.message);
        assert!(d
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("did you mean `title`"));
    }

    #[test]
    fn base_url_forms() {
        assert_eq!(
            BaseUrl::parse("https://x.org").map(|b| b.path),
            Ok("/".into())
        );
        assert!(BaseUrl::parse("x.org").is_err());
        assert!(BaseUrl::parse("https://x.org/a?b").is_err());
        for ok in [
            "http://localhost:1111/",
            "http://127.0.0.1:8080/a/",
            "http://[::1]:1111/",
            "https://user.github.io/repo",
            " https://x.org/ ",
        ] {
            assert!(BaseUrl::parse(ok).is_ok(), "{ok}");
        }
        for (bad, why) in [
            ("https://x.org/a b/", "holds a space"),
            (
                "https://x.org/a\tb/",
                "holds a space or a control character",
            ),
            ("https://user:pass@x.org/", "user name or password"),
            ("https://@x.org/", "user name or password"),
            ("https://x_y.org/", "invalid host name `x_y.org`"),
            ("https://x.org:99999/", "invalid host name"),
            ("https://x.org:80a/", "invalid host name"),
            ("https://[zz]/", "invalid host name"),
            ("https://-x.org/", "invalid host name"),
            ("https://x.org\\evil/", "invalid host name"),
        ] {
            let e = BaseUrl::parse(bad).expect_err(bad);
            assert!(e.contains(why), "{bad:?}: {e}");
        }
    }

    #[test]
    fn cname_markdown_and_base_url_errors_point_at_their_values() {
        let text = MINIMAL.replace(
            "default_language = \"ar\"",
            "default_language = \"ar\"\ncname = \"../../x\"\n[markdown]\nembed_hosts = [\"ok.example\", \"https://x.org/\"]",
        );
        let e = parse(&text).expect_err("invalid");
        let found: Vec<(Option<usize>, Option<usize>, &str)> =
            e.0.iter()
                .map(|d| (d.line, d.column, d.message.as_str()))
                .collect();
        assert_eq!(
            found,
            [
                (Some(5), Some(9), "cname `../../x` is not a host name"),
                (
                    Some(7),
                    Some(30),
                    "embed host `https://x.org/` is not a host name"
                ),
            ]
        );
        let text = MINIMAL.replace("https://user.github.io/repo", "https://a b.org/");
        let e = parse(&text).expect_err("invalid");
        assert_eq!((e.0[0].line, e.0[0].column), (Some(3), Some(12)));
    }

    #[test]
    fn markdown_settings() {
        let c = parse(MINIMAL).expect("valid");
        assert_eq!(c.markdown, MarkdownOptions::default());
        assert_eq!(c.markdown.raw_html, RawHtml::Sanitize);
        assert_eq!(c.cname, None);
        let text = format!(
            "cname = \"Timeline.example.org\"\n{MINIMAL}\n[markdown]\nraw_html = \"escape\"\nembed_hosts = [\"WWW.YouTube-nocookie.com\"]\n"
        );
        let c = parse(&text).expect("valid");
        assert_eq!(c.cname.as_deref(), Some("Timeline.example.org"));
        assert_eq!(c.markdown.raw_html, RawHtml::Escape);
        assert_eq!(c.markdown.embed_hosts, ["www.youtube-nocookie.com"]);
        let e = parse(&text.replace("\"escape\"", "\"unsafe\"")).expect_err("unknown mode");
        let d = &e.0[0];
        assert!(
            d.message.contains("unknown variant `unsafe`"),
            "{}",
            d.message
        );
        assert_eq!(
            d.line,
            Some(
                text.lines()
                    .position(|l| l.starts_with("raw_html"))
                    .map(|i| i + 1)
                    .unwrap_or(0)
            )
        );
        assert!(
            d.hint.as_deref().unwrap_or("").contains("sanitize"),
            "{:?}",
            d.hint
        );
    }

    #[test]
    fn direction_from_code() {
        assert_eq!(Direction::of("ar"), Direction::Rtl);
        assert_eq!(Direction::of("ar-EG"), Direction::Rtl);
        assert_eq!(Direction::of("fa"), Direction::Rtl);
        assert_eq!(Direction::of("en"), Direction::Ltr);
        assert_eq!(Direction::of("fr-CA"), Direction::Ltr);
    }
}
