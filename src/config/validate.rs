//! site.toml's values checked part by part: pure, text in, values or diagnostics out
//! (nothing on disk is looked at; [`super::Config::load`] does that). Every problem is
//! reported, each at the line and column of its value.

use toml::Spanned;

use super::raw::{RawConfig, RawLanguage, RawMarkdown, RawRole, RawTopic};
use super::toml_errors::{at_span, parse_error};
use super::{
    BaseUrl, BuildOptions, Checks, DateStyle, Direction, Language, Locale, MarkdownOptions, Phase,
    Role, Topic, CONFIG_FILE,
};
use crate::date::EventDate;
use crate::error::{Diagnostic, Diagnostics};
use crate::url::{is_host_name, shown};

/// Colours given to topics that do not set one (distinct, readable on light and dark).
const TOPIC_COLOURS: [&str; 6] = [
    "#2563eb", "#c2410c", "#059669", "#9333ea", "#be123c", "#0e7490",
];

/// The default of `home_limit`: a home page stays light on a site of thousands of
/// events, and shows the whole timeline of a smaller one.
pub const HOME_LIMIT: usize = 300;

/// The default of `page_size`: a page of a few hundred kilobytes, where a topic of
/// 10,000 events on one page would be 4 MB of HTML.
pub const PAGE_SIZE: usize = 300;

/// Everything site.toml says, checked.
pub(super) struct Settings {
    pub base_url: BaseUrl,
    pub title: String,
    pub description: String,
    pub author: Option<String>,
    pub cname: Option<String>,
    pub markdown: MarkdownOptions,
    pub languages: Vec<Language>,
    pub topics: Vec<Topic>,
    pub roles: Vec<Role>,
    pub checks: Checks,
    pub date_style: DateStyle,
    pub home_limit: usize,
    pub page_size: usize,
    pub search: bool,
    /// The theme's folder name, with its span when site.toml sets it.
    pub theme: (String, Option<std::ops::Range<usize>>),
}

/// A diagnostic at a value of site.toml.
fn at(text: &str, span: std::ops::Range<usize>, message: String) -> Diagnostic {
    at_span(CONFIG_FILE, text, span, message)
}

/// Checks the text of site.toml.
pub(super) fn settings(text: &str, options: &BuildOptions) -> Result<Settings, Diagnostics> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| parse_error(CONFIG_FILE, &e, text))?;
    let mut errors = Diagnostics::default();
    let base_url = base_url(&raw.base_url, options, text, &mut errors);
    let date_style = DateStyle {
        month_names: raw.dates.month_names,
        digits: raw.dates.digits,
        calendar: raw.dates.calendar,
    };
    let languages = languages(&raw, text, date_style, &mut errors);
    let topics = topics(raw.topics, text, &mut errors);
    let cname = cname(raw.cname.as_ref(), text, &mut errors);
    let markdown = markdown_options(raw.markdown, text, &mut errors);
    let theme = theme(raw.theme, text, &mut errors);
    let roles = roles(raw.roles, text, &mut errors);
    let checks = Checks {
        sources: raw.check.sources,
        archives: raw.check.archives,
        attribution: raw.check.attribution,
    };
    let base_url = match base_url {
        Some(b) if errors.is_empty() => b,
        _ => return Err(errors),
    };
    Ok(Settings {
        base_url,
        title: raw.title,
        description: raw.description,
        author: raw.author,
        cname,
        markdown,
        languages,
        topics,
        roles,
        checks,
        date_style,
        home_limit: raw.home_limit.unwrap_or(HOME_LIMIT),
        page_size: raw.page_size.unwrap_or(PAGE_SIZE),
        search: raw.search.unwrap_or(true),
        theme,
    })
}

/// `base_url`, or `--base-url` when given.
fn base_url(
    raw: &Spanned<String>,
    options: &BuildOptions,
    text: &str,
    errors: &mut Diagnostics,
) -> Option<BaseUrl> {
    let given = options.base_url.as_deref().unwrap_or(raw.get_ref());
    match BaseUrl::parse(given) {
        Ok(b) => Some(b),
        Err(msg) => {
            errors.push(match options.base_url {
                // The value came from the command line, not from site.toml.
                Some(_) => Diagnostic::new(format!("--base-url: {msg}"))
                    .hint("e.g. --base-url https://user.github.io/repo/"),
                None => at(text, raw.span(), msg)
                    .hint("e.g. base_url = \"https://user.github.io/repo/\""),
            });
            None
        }
    }
}

/// The languages, the default one first (with no `[[languages]]`, the default one, or
/// English).
fn languages(
    raw: &RawConfig,
    text: &str,
    style: DateStyle,
    errors: &mut Diagnostics,
) -> Vec<Language> {
    let implicit = [RawLanguage {
        code: Spanned::new(
            0..0,
            raw.default_language
                .as_ref()
                .map_or_else(|| "en".to_string(), |d| d.get_ref().clone()),
        ),
        name: None,
        title: None,
        description: None,
    }];
    let listed: &[RawLanguage] = match raw.languages.is_empty() {
        true => &implicit,
        false => &raw.languages,
    };
    let default_code = raw
        .default_language
        .as_ref()
        .map_or_else(|| listed[0].code.get_ref().clone(), |d| d.get_ref().clone());
    let mut seen: Vec<&str> = Vec::new();
    for l in listed {
        let code = l.code.get_ref();
        if !is_language_code(code) {
            errors.push(
                at(
                    text,
                    l.code.span(),
                    format!("`{code}` is not a language code"),
                )
                .hint("use a BCP 47 code such as \"ar\", \"en\" or \"fr\""),
            );
        }
        if seen.contains(&code.as_str()) {
            errors.push(at(
                text,
                l.code.span(),
                format!("language `{code}` is listed twice"),
            ));
        }
        seen.push(code);
    }
    if !seen.contains(&default_code.as_str()) {
        let message = format!(
            "default_language `{default_code}` is not one of the languages ({})",
            seen.join(", ")
        );
        let d = match &raw.default_language {
            Some(d) => at(text, d.span(), message),
            None => Diagnostic::in_file(CONFIG_FILE, message),
        };
        errors.push(d.hint("add it under [[languages]] or change default_language"));
    }
    let mut languages: Vec<Language> = listed
        .iter()
        .map(|l| language(l, raw, &default_code, style))
        .collect();
    languages.sort_by_key(|l| l.code != default_code);
    languages
}

fn language(l: &RawLanguage, raw: &RawConfig, default_code: &str, style: DateStyle) -> Language {
    let code = l.code.get_ref().clone();
    Language {
        prefix: match code == default_code {
            true => String::new(),
            false => format!("{code}/"),
        },
        dir: Direction::of(&code),
        locale: Locale::of(&code, style),
        name: l.name.clone().unwrap_or_else(|| code.clone()),
        title: l.title.clone().unwrap_or_else(|| raw.title.clone()),
        description: l
            .description
            .clone()
            .unwrap_or_else(|| raw.description.clone()),
        code,
    }
}

fn topics(raw: Vec<RawTopic>, text: &str, errors: &mut Diagnostics) -> Vec<Topic> {
    let mut topics: Vec<Topic> = Vec::new();
    for (i, t) in raw.into_iter().enumerate() {
        let id = t.id.get_ref().clone();
        if !is_slug(&id) {
            errors.push(at(text, t.id.span(), format!("topic id `{id}` is not a valid id"))
                .hint("use lower-case letters, digits and hyphens, e.g. \"cyberattack\"; it becomes part of the URL"));
        }
        if topics.iter().any(|x| x.id == id) {
            errors.push(at(
                text,
                t.id.span(),
                format!("topic `{id}` is defined twice"),
            ));
        }
        let phases = t
            .phases
            .into_iter()
            .filter_map(|p| match EventDate::parse(p.date.get_ref()) {
                Ok(date) => Some(Phase {
                    title: p.title,
                    date,
                }),
                Err(e) => {
                    // The date's own (0-based) column inside the quoted value.
                    let value = p.date.get_ref();
                    let byte = value
                        .char_indices()
                        .nth(e.column)
                        .map_or(value.len(), |(i, _)| i);
                    let start = p.date.span().start + 1 + byte;
                    let message = format!("phase of topic `{id}`: {}", e.message);
                    errors.push(at(text, start..start, message).hint(e.hint));
                    None
                }
            })
            .collect();
        let color = match t.color {
            Some(c) if is_css_colour(c.get_ref()) => c.into_inner(),
            Some(c) => {
                let message = format!("topic `{id}`: `{}` is not a colour", c.get_ref());
                errors.push(
                    at(text, c.span(), message).hint("write a hex colour such as \"#2563eb\""),
                );
                String::new()
            }
            None => TOPIC_COLOURS[i % TOPIC_COLOURS.len()].to_string(),
        };
        topics.push(Topic {
            id,
            title: t.title,
            description: t.description,
            color,
            phases,
        });
    }
    if topics.is_empty() {
        errors.push(
            Diagnostic::in_file(CONFIG_FILE, "site.toml defines no topics")
                .hint("add at least one:\n  [[topics]]\n  id = \"main\"\n  title = \"Main\""),
        );
    }
    topics
}

/// The roles, each with an id (as topic ids are written) given once.
fn roles(raw: Vec<RawRole>, text: &str, errors: &mut Diagnostics) -> Vec<Role> {
    let mut roles: Vec<Role> = Vec::new();
    for r in raw {
        let id = r.id.get_ref().clone();
        if !is_slug(&id) {
            errors.push(
                at(
                    text,
                    r.id.span(),
                    format!("role id `{id}` is not a valid id"),
                )
                .hint("use lower-case letters, digits and hyphens, e.g. \"accused\""),
            );
        }
        if roles.iter().any(|x| x.id == id) {
            errors.push(
                at(text, r.id.span(), format!("role `{id}` is defined twice"))
                    .hint("give each [[roles]] its own id, or remove one of the two"),
            );
        }
        roles.push(Role { id, name: r.name });
    }
    roles
}

/// `cname`, when given, is a host name; an empty one writes no CNAME.
fn cname(raw: Option<&Spanned<String>>, text: &str, errors: &mut Diagnostics) -> Option<String> {
    let c = raw?;
    let name = c.get_ref();
    if name.is_empty() || is_host_name(name) {
        return Some(name.clone());
    }
    errors.push(at(text, c.span(), format!("cname `{}` is not a host name", shown(name)))
        .hint("a custom domain such as \"timeline.example.org\": letters, digits, hyphens and dots, without https://, a path, a port or spaces (an internationalised name in its xn-- form)"));
    None
}

/// `[markdown]`: the policy, with every embed host checked and kept lower-case.
fn markdown_options(raw: RawMarkdown, text: &str, errors: &mut Diagnostics) -> MarkdownOptions {
    let mut embed_hosts = Vec::new();
    for h in raw.embed_hosts {
        if is_host_name(h.get_ref()) {
            embed_hosts.push(h.get_ref().to_ascii_lowercase());
        } else {
            let message = format!("embed host `{}` is not a host name", shown(h.get_ref()));
            errors.push(at(text, h.span(), message).hint(
                "list host names only, such as \"www.youtube-nocookie.com\": no https://, path or port",
            ));
        }
    }
    MarkdownOptions {
        raw_html: raw.raw_html,
        embed_hosts,
    }
}

/// The theme's name: a folder under themes/.
fn theme(
    raw: Option<Spanned<String>>,
    text: &str,
    errors: &mut Diagnostics,
) -> (String, Option<std::ops::Range<usize>>) {
    let Some(t) = raw else {
        return (super::BUILTIN_THEME.into(), None);
    };
    let span = t.span();
    let name = t.into_inner();
    if name.contains(['/', '\\']) || name.starts_with('.') {
        errors.push(at(
            text,
            span.clone(),
            format!("theme `{name}` must be a folder name under themes/"),
        ));
    }
    (name, Some(span))
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
