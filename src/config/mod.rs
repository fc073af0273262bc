//! site.toml: read with serde (unknown keys are errors, [`raw`]), then checked into a
//! [`Config`] ([`validate`], pure) whose paths are resolved and whose languages and topics
//! are ready to use. Every error points at its value's line and column ([`toml_errors`]).
//! A `Config` hashes (`Hash`), so that a pipeline that remembers knows when the settings
//! changed.

mod base_url;
mod raw;
mod toml_errors;
mod validate;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::date::EventDate;
use crate::error::{Diagnostic, Diagnostics};
pub use base_url::BaseUrl;
pub use raw::Translated;
pub use toml_errors::{at_span, parse_error};
pub use validate::{HOME_LIMIT, PAGE_SIZE};

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

/// Writing direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
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

/// Which Arabic month names to show (`[dates] month_names`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MonthNames {
    /// Levantine names: كانون الثاني، شباط، … (chrono `ar_SY`).
    Levantine,
    /// Egyptian names: يناير، فبراير، … (chrono `ar_EG`).
    Egyptian,
    /// Both, Levantine first: "كانون الثاني/يناير". The default.
    #[default]
    Both,
}

/// Which digits Arabic output uses (`[dates] digits`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Digits {
    /// 0123456789. The default.
    #[default]
    Western,
    /// ٠١٢٣٤٥٦٧٨٩ (U+0660..U+0669).
    ArabicIndic,
}

/// Which calendars Arabic pages show (`[dates] calendar`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Calendar {
    /// The Gregorian date alone. The default.
    #[default]
    #[serde(rename = "gregorian")]
    Gregorian,
    /// On Arabic pages, the Hijri date beside the Gregorian one: Umm al-Qura (ICU4X's
    /// `Hijri::new_umm_al_qura`, the KACST tables for 1300–1600 AH and the tabular
    /// Islamic calendar, type II, Friday epoch, outside them).
    #[serde(rename = "gregorian+hijri")]
    GregorianHijri,
}

/// How dates are written (`[dates]`); every field has a default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DateStyle {
    pub month_names: MonthNames,
    pub digits: Digits,
    pub calendar: Calendar,
}

/// The words and numbers a language writes dates and counts with: decided once, from its
/// code and `[dates]`, so that no later stage looks at a language code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Locale {
    /// Arabic words and marks in dates (نحو، منذ، قبل، the Arabic comma), Arabic month
    /// names and Arabic plural categories; otherwise English ones.
    pub arabic: bool,
    /// The digits numbers are written with.
    pub digits: Digits,
    pub month_names: MonthNames,
    /// The Hijri date beside the Gregorian one (Arabic pages under
    /// `calendar = "gregorian+hijri"`).
    pub hijri: bool,
}

impl Locale {
    /// The locale of language `code` under the site's `[dates]` settings.
    pub fn of(code: &str, style: DateStyle) -> Locale {
        let primary = code.split(['-', '_']).next().unwrap_or(code);
        let arabic = primary.eq_ignore_ascii_case("ar");
        Locale {
            arabic,
            // Eastern Arabic digits are an Arabic setting: other languages keep theirs.
            digits: if arabic {
                style.digits
            } else {
                Digits::Western
            },
            month_names: style.month_names,
            hijri: arabic && style.calendar == Calendar::GregorianHijri,
        }
    }
}

#[derive(Debug, Clone, Hash)]
pub struct Language {
    pub code: String,
    /// The language's own name, for the language switcher ("العربية", "English").
    pub name: String,
    pub dir: Direction,
    pub locale: Locale,
    /// The site title and description in this language.
    pub title: String,
    pub description: String,
    /// URL prefix: "" for the default language, "en/" for the others.
    pub prefix: String,
}

#[derive(Debug, Clone, Hash)]
pub struct Phase {
    pub title: Translated,
    pub date: EventDate,
}

/// A role an event may give an entity it mentions (`[[roles]]`).
#[derive(Debug, Clone, Hash)]
pub struct Role {
    pub id: String,
    pub name: Translated,
}

/// What a `[check]` policy makes of an event or source that does not meet it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Policy {
    #[default]
    Off,
    Warn,
    Error,
}

/// `[check]`: what `timeline check` requires of every event and source.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Checks {
    /// Every event cites at least one source (default: warn).
    pub sources: Policy,
    /// Every source has an archived copy (default: off).
    pub archives: Policy,
    /// Every reported, disputed or denied event has `attribution` (default: warn).
    pub attribution: Policy,
}

#[derive(Debug, Clone, Hash)]
pub struct Topic {
    pub id: String,
    pub title: Translated,
    pub description: Option<Translated>,
    pub color: String,
    pub phases: Vec<Phase>,
}

/// What becomes of raw HTML written in a body (`[markdown] raw_html`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Kept, without what could run script (see `content::sanitize`). The default.
    #[default]
    Sanitize,
    /// Passed through as written, for sites whose every author is trusted.
    Trusted,
    /// Shown as text.
    Escape,
}

/// The `[markdown]` settings of site.toml.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct MarkdownOptions {
    pub raw_html: RawHtml,
    /// Hosts whose pages an `<iframe>` may show (in sanitize mode), lower-case.
    pub embed_hosts: Vec<String>,
}

/// The validated site configuration.
#[derive(Debug, Clone, Hash)]
pub struct Config {
    pub root: PathBuf,
    pub content_dir: PathBuf,
    /// The site's theme folder: themes/NAME/ (for the built-in theme, the folder whose
    /// files override the built-in ones; it need not exist).
    pub theme_dir: PathBuf,
    /// True when the theme is the built-in default theme (`theme = "default"`, or no
    /// `theme`), with theme_dir's files over it; false for a full theme of the site's own.
    pub builtin_theme: bool,
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
    /// The roles events may give the entities they mention.
    pub roles: Vec<Role>,
    pub checks: Checks,
    pub date_style: DateStyle,
    pub drafts: bool,
    /// The home page's combined timeline shows the latest this many events (0: all);
    /// the year archive and the topic timelines have every event.
    pub home_limit: usize,
    /// A topic timeline or a year of the archive longer than this many events is cut
    /// into pages, the first holding the latest (0: one page, however long).
    pub page_size: usize,
    /// Whether the build makes a search index (`pagefind/`) of the pages the theme
    /// marks (`search = false` in site.toml turns it off).
    pub search: bool,
}

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

    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.id == id)
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

    /// Checks the text of site.toml (pure, [`validate`]), then the folders it names on
    /// disk: the theme, and where the output may go. `root` is the site folder.
    pub fn parse(text: &str, root: &Path, options: &BuildOptions) -> Result<Config, Diagnostics> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let settings = validate::settings(text, options);
        let mut errors = Diagnostics::default();
        let (theme_dir, builtin_theme) = match &settings {
            Ok(s) => theme_dir(root, &s.theme, text, &mut errors),
            Err(_) => (PathBuf::new(), false),
        };
        let output_dir = options
            .output
            .clone()
            .unwrap_or_else(|| root.join("public"));
        let output_real =
            crate::layout::output_dir(root, &root.join(CONFIG_FILE), options.output.as_deref())
                .unwrap_or_else(|d| {
                    errors.push(d);
                    PathBuf::new()
                });
        let s = match settings {
            Ok(s) if errors.is_empty() => s,
            Ok(_) => return Err(errors),
            Err(mut e) => {
                e.extend(errors.0);
                return Err(e);
            }
        };
        Ok(Config {
            content_dir: root.join("content"),
            theme_dir,
            builtin_theme,
            output_dir,
            output_real,
            root: root.to_path_buf(),
            base_url: s.base_url,
            title: s.title,
            description: s.description,
            author: s.author,
            cname: s.cname,
            markdown: s.markdown,
            languages: s.languages,
            topics: s.topics,
            roles: s.roles,
            checks: s.checks,
            date_style: s.date_style,
            drafts: options.drafts,
            home_limit: s.home_limit,
            page_size: s.page_size,
            search: s.search,
        })
    }
}

/// The name of the theme built into timeline (`theme = "default"`, the default).
pub const BUILTIN_THEME: &str = "default";

/// The theme's folder, and whether the theme is the built-in one. The built-in theme
/// needs no folder; any other must hold templates/.
fn theme_dir(
    root: &Path,
    (name, span): &(String, Option<std::ops::Range<usize>>),
    text: &str,
    errors: &mut Diagnostics,
) -> (PathBuf, bool) {
    let dir = root.join("themes").join(name);
    if name == BUILTIN_THEME {
        return (dir, true);
    }
    if !dir.join("templates").is_dir() {
        let message = format!(
            "theme `{name}` not found: {} has no templates/ folder",
            crate::source::rel_to(root, &dir).display()
        );
        let d = match span {
            Some(span) => at_span(CONFIG_FILE, text, span.clone(), message),
            None => Diagnostic::in_file(CONFIG_FILE, message),
        };
        errors.push(d.hint(
            "a theme of your own is a folder themes/NAME/ holding templates/; for the built-in theme, set theme = \"default\" or remove the line",
        ));
    }
    (dir, false)
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
