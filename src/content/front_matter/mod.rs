//! Front matter: the one adapter of serde_yaml (so that a maintained fork can replace it
//! here and nowhere else). It splits an article's text at its `---` fences, keeping the
//! line numbers needed to point at errors in the original file, deserialises the YAML
//! into [`RawFrontMatter`], and explains a failure with its line and a hint (`yaml`); it
//! also finds the lines of keys, for the checks of `content::article` (`lines`).

mod fields;
mod lines;
mod yaml;

use std::path::Path;

use serde::Deserialize;

use super::source_kind::SourceKind;
use super::status::Status;
use crate::error::Diagnostic;

pub(crate) use lines::FrontMatterLines;
pub(crate) use yaml::Form;

/// An article's front matter deserialised, with what is needed to point at its lines,
/// and the body after it.
pub(crate) struct FrontMatter<'a, T = RawFrontMatter> {
    pub raw: T,
    pub lines: FrontMatterLines<'a>,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// 1-based line of the file on which `body` starts.
    pub body_line: usize,
}

/// Splits `text` (BOM already removed, line endings `\n`) and parses its front matter
/// as `T`; on failure, explains every problem with its line in the file `path`.
pub(crate) fn read<'a, T: Form>(
    text: &'a str,
    path: &'a Path,
) -> Result<FrontMatter<'a, T>, Vec<Diagnostic>> {
    let split = split(text, path).map_err(|d| vec![d])?;
    let raw = yaml::parse::<T>(split.yaml, split.yaml_line, path)?;
    Ok(FrontMatter {
        raw,
        lines: FrontMatterLines {
            yaml: split.yaml,
            first_line: split.yaml_line,
            path,
        },
        body: split.body,
        body_line: split.body_line,
    })
}

/// An article's text cut in two.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    /// The YAML between the fences (without them).
    pub yaml: &'a str,
    /// 1-based line of the file on which `yaml` starts.
    pub yaml_line: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// 1-based line of the file on which `body` starts.
    pub body_line: usize,
}

const EXAMPLE: &str =
    "start the file with a line `---`, then `title:`, `date:` and `topics:`, then a closing `---`";

/// Splits `text` (BOM already removed, line endings `\n`) at its `---` fences.
/// `path` only names the file in errors.
pub(crate) fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Diagnostic> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        let found = if text.trim().is_empty() {
            "the file is empty".to_string()
        } else {
            format!("the first line is `{}`", truncate(first.trim_end(), 40))
        };
        return Err(Diagnostic::in_file(
            path,
            format!("no front matter: an article must start with a `---` line ({found})"),
        )
        .at(1, Some(1))
        .hint(EXAMPLE));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for (i, line) in lines.enumerate() {
        let t = line.trim_end();
        if t == "---" || t == "..." {
            let body_start = offset + line.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: i + 3,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::in_file(
        path,
        "unclosed front matter: the `---` on line 1 has no closing `---` line",
    )
    .at(1, Some(1))
    .hint("end the front matter with a line holding only `---`, then write the body below it"))
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

/// The keys front matter may use: the fields of [`RawFrontMatter`], as serde names them.
#[cfg(test)]
pub(crate) fn keys() -> &'static [&'static str] {
    RawFrontMatter::keys()
}

/// The keys a source may use: the fields of [`RawSource`].
pub(crate) fn source_keys() -> &'static [&'static str] {
    fields::names::<RawSource>()
}

/// The keys an article's front matter must have: the fields of [`RawFrontMatter`]
/// without a default.
const REQUIRED: [&str; 3] = ["title", "date", "topics"];

impl Form for RawFrontMatter {
    const REQUIRED: &'static [&'static str] = &REQUIRED;

    fn required_hint(key: &str) -> &'static str {
        match key {
            "title" => "add a line `title: \"…\"`",
            "date" => "add a line such as `date: 2022-09-07` (or 2022-07, 2014, 2013-05/2016-09)",
            _ => "add a line such as `topics: [cyberattack]` with topic ids from site.toml",
        }
    }

    fn lists() -> Vec<(&'static str, &'static [&'static str])> {
        vec![
            ("sources", source_keys()),
            ("corrections", fields::names::<RawCorrection>()),
        ]
    }
}

/// The front matter as written, before any check but its YAML types.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFrontMatter {
    pub title: String,
    pub date: Scalar,
    pub topics: Vec<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub sources: Vec<RawSource>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub status: Status,
    /// Who the event involves: entity ids (`iran`), or `{id, role}`.
    #[serde(default)]
    pub actors: Vec<RawMention>,
    /// Where it happened: entity ids of places.
    #[serde(default)]
    pub places: Vec<RawMention>,
    /// Who claims what, for a reported, disputed or denied event.
    #[serde(default)]
    pub attribution: Option<String>,
    /// Corrections made to the article after it was published.
    #[serde(default)]
    pub corrections: Vec<RawCorrection>,
    #[serde(default)]
    pub image: Option<String>,
    #[serde(default)]
    pub image_alt: Option<String>,
    /// Who made the image (a photographer, an agency), shown with it and exported.
    #[serde(default)]
    pub image_credit: Option<String>,
    #[serde(default)]
    pub extra: Option<Extra>,
    #[serde(default)]
    pub published: Option<Scalar>,
    #[serde(default)]
    pub updated: Option<Scalar>,
    /// Accepted for authors used to Hugo; must agree with the file name.
    #[serde(default)]
    pub lang: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSource {
    /// What the body cites it by (`[@id]`).
    #[serde(default)]
    pub id: Option<String>,
    pub title: String,
    pub url: String,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub kind: Option<SourceKind>,
    /// The language it is written in (a language code).
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub published: Option<Scalar>,
    /// When the newsroom last read it.
    #[serde(default)]
    pub accessed: Option<Scalar>,
    #[serde(default)]
    pub archive_url: Option<String>,
    /// What a reader should know about it.
    #[serde(default)]
    pub note: Option<String>,
}

/// An entity an event mentions: its id, or its id and the role it plays.
#[derive(Debug, Clone)]
pub(crate) struct RawMention {
    pub id: String,
    pub role: Option<String>,
}

impl<'de> Deserialize<'de> for RawMention {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct WithRole {
            id: String,
            #[serde(default)]
            role: Option<String>,
        }
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawMention;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an entity id such as iran, or { id: iran, role: accused }")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawMention, E> {
                Ok(RawMention {
                    id: v.to_string(),
                    role: None,
                })
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, m: M) -> Result<RawMention, M::Error> {
                let w = WithRole::deserialize(serde::de::value::MapAccessDeserializer::new(m))?;
                Ok(RawMention {
                    id: w.id,
                    role: w.role,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// A correction: when it was made, and what was corrected.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCorrection {
    pub date: Scalar,
    pub text: String,
}

/// `extra:`, the custom data for themes, as YAML.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub(crate) struct Extra(serde_yaml::Mapping);

impl Extra {
    /// The data as templates see it; an error when a key is not text (`[x]: 1`).
    pub(crate) fn to_json(&self) -> Result<serde_json::Value, serde_json::Error> {
        serde_json::to_value(&self.0)
    }
}

/// A date written as YAML text or a bare number (`date: 2014`).
#[derive(Debug)]
pub(crate) enum Scalar {
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
    pub(crate) fn text(&self) -> String {
        match self {
            Scalar::Text(s) => s.clone(),
            Scalar::Number(n) => n.to_string(),
        }
    }
}

#[cfg(test)]
mod tests;
