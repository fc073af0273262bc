//! One entity: a person, organisation, country, place or group that events mention, from
//! its own file under content/entities/ (`iran.md`, with `iran.en.md` beside it for its
//! English version, as articles have). Its front matter names it, says what kind it is,
//! and may give its aliases, its Wikidata id and, for a place, its coordinates; its body
//! describes it. `parse` is pure: text in, entity or diagnostics out.

use serde::{Deserialize, Serialize};

use super::article::SourceFile;
use super::front_matter::{self, Form, FrontMatter, FrontMatterLines};
use super::markdown::{self, RenderedMarkdown};
use crate::config::Config;
use crate::error::Diagnostic;

/// The folder of content/ that holds entities.
pub const ENTITIES: &str = "entities";

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Organisation,
    Country,
    Place,
    Group,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organisation => "organisation",
            EntityKind::Country => "country",
            EntityKind::Place => "place",
            EntityKind::Group => "group",
        }
    }

    /// Listed among the places (else among the actors).
    pub fn is_place(self) -> bool {
        self == EntityKind::Place
    }
}

/// A parsed, checked version of an entity (in one language).
#[derive(Debug, Clone)]
pub struct Entity {
    /// `key` is the entity's id (`iran`); `lang` the version's language.
    pub file: SourceFile,
    /// Given in the original (default-language) version; a translation has none.
    pub kind: Option<EntityKind>,
    pub name: String,
    pub aliases: Vec<String>,
    /// A Wikidata id (`Q794`), from the original.
    pub wikidata: Option<String>,
    /// (latitude, longitude) in degrees, from the original.
    pub coordinates: Option<(f64, f64)>,
    pub description: String,
    pub body: RenderedMarkdown,
}

impl Entity {
    /// The entity's id: its file name without the language.
    pub fn id(&self) -> &str {
        &self.file.key
    }
}

/// An entity's front matter as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEntity {
    #[serde(default)]
    pub kind: Option<EntityKind>,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub wikidata: Option<String>,
    #[serde(default)]
    pub coordinates: Option<[f64; 2]>,
    #[serde(default)]
    pub description: Option<String>,
}

impl Form for RawEntity {
    const REQUIRED: &'static [&'static str] = &["name"];
    const EXTRA: bool = false;

    fn required_hint(_: &str) -> &'static str {
        "add a line `name: \"…\"`: the entity's name in the file's language"
    }
}

/// Parses an entity file's text. `original`: it is in the site's default language (it
/// says what kind the entity is, and may give its Wikidata id and coordinates).
pub fn parse(
    file: SourceFile,
    text: &str,
    config: &Config,
    original: bool,
) -> Result<Entity, Vec<Diagnostic>> {
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n");
    let path = file.path.clone();
    let FrontMatter {
        raw,
        lines: fm,
        body,
        ..
    } = front_matter::read::<RawEntity>(&text, &path)?;
    let mut errors = Vec::new();
    if raw.name.trim().is_empty() {
        errors.push(
            fm.error_at_key("name", "the name is empty".into())
                .hint("give the entity's name in the file's language"),
        );
    }
    check_identity(&raw, original, &fm, &mut errors);
    check_slug_like(&file.key, &fm, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Entity {
        kind: raw.kind,
        name: raw.name.trim().to_string(),
        aliases: raw.aliases,
        wikidata: raw.wikidata,
        coordinates: raw.coordinates.map(|[lat, lon]| (lat, lon)),
        description: raw.description.unwrap_or_default().trim().to_string(),
        body: markdown::render(body, config.base_url.path.as_str(), &config.markdown),
        file,
    })
}

/// The original says what kind the entity is; a translation leaves the kind, the
/// Wikidata id and the coordinates to it. A Wikidata id is `Q` and digits; coordinates
/// are a latitude within ±90° and a longitude within ±180°.
fn check_identity(
    raw: &RawEntity,
    original: bool,
    fm: &FrontMatterLines,
    errors: &mut Vec<Diagnostic>,
) {
    if original && raw.kind.is_none() {
        errors.push(
            Diagnostic::in_file(fm.path, "missing `kind` in front matter")
                .at(fm.first_line - 1, Some(1))
                .hint("add a line `kind: person` (or organisation, country, place, group)"),
        );
    }
    if !original {
        for (key, given) in [
            ("kind", raw.kind.is_some()),
            ("wikidata", raw.wikidata.is_some()),
            ("coordinates", raw.coordinates.is_some()),
        ] {
            if given {
                errors.push(
                    fm.error_at_key(key, format!("`{key}` belongs in the original file, not in a translation"))
                        .hint("remove it here: the entity's file in the site's default language gives it for every language"),
                );
            }
        }
    }
    if let Some(q) = &raw.wikidata {
        let valid = q.len() > 1
            && q.starts_with('Q')
            && q[1..].chars().all(|c| c.is_ascii_digit())
            && !q[1..].starts_with('0');
        if !valid {
            errors.push(
                fm.error_at_key("wikidata", format!("`{q}` is not a Wikidata id"))
                    .hint("a Wikidata id is Q and a number, such as Q794 (Iran): the last part of its address, https://www.wikidata.org/wiki/Q794"),
            );
        }
    }
    if let Some([lat, lon]) = raw.coordinates {
        if !(-90.0..=90.0).contains(&lat)
            || !(-180.0..=180.0).contains(&lon)
            || !lat.is_finite()
            || !lon.is_finite()
        {
            errors.push(
                fm.error_at_key("coordinates", format!("[{lat}, {lon}] are not coordinates"))
                    .hint("write [latitude, longitude] in degrees: latitude from -90 to 90, longitude from -180 to 180, such as [41.33, 19.82] for Tirana"),
            );
        }
    }
}

/// An entity's id is a word of a URL: lower-case letters, digits and hyphens.
fn check_slug_like(id: &str, fm: &FrontMatterLines, errors: &mut Vec<Diagnostic>) {
    let ok = !id.is_empty()
        && !id.starts_with('-')
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !ok {
        errors.push(
            Diagnostic::in_file(fm.path, format!("`{id}` cannot be an entity id"))
                .at(1, Some(1))
                .hint("name the file with lower-case letters, digits and hyphens, such as edi-rama.md: its name is the id events mention"),
        );
    }
}
