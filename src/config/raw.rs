//! site.toml as written: the serde shape of the file, every key known (`deny_unknown_fields`)
//! and every value that can be wrong kept with its span, so that an error points at the
//! line and column where the value is.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::{Calendar, Digits, MonthNames, RawHtml};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub base_url: Spanned<String>,
    #[serde(default)]
    pub default_language: Option<Spanned<String>>,
    #[serde(default)]
    pub theme: Option<Spanned<String>>,
    #[serde(default)]
    pub author: Option<String>,
    /// A custom domain for GitHub Pages: written to CNAME.
    #[serde(default)]
    pub cname: Option<Spanned<String>>,
    #[serde(default)]
    pub languages: Vec<RawLanguage>,
    #[serde(default)]
    pub topics: Vec<RawTopic>,
    #[serde(default)]
    pub dates: RawDates,
    /// How many of the latest events the home page's combined timeline shows.
    #[serde(default)]
    pub home_limit: Option<usize>,
    /// How many events a page of a topic timeline or of a year shows.
    #[serde(default)]
    pub page_size: Option<usize>,
    #[serde(default)]
    pub markdown: RawMarkdown,
    /// The roles an event may give an entity it mentions (`actors: [{id, role}]`).
    #[serde(default)]
    pub roles: Vec<RawRole>,
    /// `[check]`: what `timeline check` requires of every event and source.
    #[serde(default)]
    pub check: RawCheck,
    /// `search = false`: no search index (and no search box in the built-in theme).
    #[serde(default)]
    pub search: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRole {
    pub id: Spanned<String>,
    pub name: Translated,
}

/// `[check]`: each policy off, a warning or an error.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCheck {
    /// Every event cites at least one source.
    #[serde(default = "warn")]
    pub sources: super::Policy,
    /// Every source has an archived copy (`archive_url`).
    #[serde(default)]
    pub archives: super::Policy,
    /// Every reported, disputed or denied event says who claims what (`attribution`).
    #[serde(default = "warn")]
    pub attribution: super::Policy,
}

fn warn() -> super::Policy {
    super::Policy::Warn
}

impl Default for RawCheck {
    fn default() -> RawCheck {
        RawCheck {
            sources: super::Policy::Warn,
            archives: super::Policy::Off,
            attribution: super::Policy::Warn,
        }
    }
}

/// `[markdown]`: what becomes of raw HTML in articles.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMarkdown {
    #[serde(default)]
    pub raw_html: RawHtml,
    #[serde(default)]
    pub embed_hosts: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLanguage {
    pub code: Spanned<String>,
    pub name: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTopic {
    pub id: Spanned<String>,
    pub title: Translated,
    #[serde(default)]
    pub description: Option<Translated>,
    #[serde(default)]
    pub color: Option<Spanned<String>>,
    #[serde(default)]
    pub phases: Vec<RawPhase>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPhase {
    pub title: Translated,
    pub date: Spanned<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDates {
    #[serde(default)]
    pub month_names: MonthNames,
    #[serde(default)]
    pub digits: Digits,
    #[serde(default)]
    pub calendar: Calendar,
}

/// A text given once for all languages, or per language code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
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
