//! The entities of a site (content/entities/) and the events' mentions of them: each
//! mention resolved to its entity (an unknown id is an error at the line that names it,
//! with the nearest id), each entity with its version in every language, and the key of
//! what the model reads of them.

use std::sync::Arc;

use super::input::ModelInput;
use super::EntityIx;
use crate::config::Config;
use crate::content::{Entity, EntityKind, Mention};
use crate::error::{did_you_mean, Diagnostic, Diagnostics};

/// An entity of the site, with its version in each language.
#[derive(Debug, Clone)]
pub(crate) struct SiteEntity {
    pub(crate) id: String,
    pub(crate) kind: EntityKind,
    /// Per language of site.toml: the index of its version in `Site::entity_files`.
    pub(crate) versions: Vec<Option<usize>>,
}

/// A mention resolved: the entity, the role it plays (an id of site.toml's roles) and
/// whether the event names it as a place.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Resolved {
    pub(crate) entity: EntityIx,
    pub(crate) role: Option<String>,
    pub(crate) place: bool,
}

/// Everything of an entity version that pages show, so that the model (and every page)
/// is made again when any of it changes: entities are few, and change seldom.
#[derive(Debug, Hash)]
struct EntityInput<'a> {
    id: &'a str,
    lang: &'a str,
    kind: Option<EntityKind>,
    name: &'a str,
    aliases: &'a [String],
    wikidata: Option<&'a str>,
    coordinates: Option<(u64, u64)>,
    description: &'a str,
    body: Arc<str>,
}

/// The key of the entities' part of the model.
pub(crate) fn entities_key(files: &[Arc<Entity>]) -> u64 {
    let inputs: Vec<EntityInput> = files
        .iter()
        .map(|e| EntityInput {
            id: e.id(),
            lang: &e.file.lang,
            kind: e.kind,
            name: &e.name,
            aliases: &e.aliases,
            wikidata: e.wikidata.as_deref(),
            coordinates: e.coordinates.map(|(a, b)| (a.to_bits(), b.to_bits())),
            description: &e.description,
            body: e.body.html.get(),
        })
        .collect();
    crate::fingerprint::hash_of(&inputs)
}

/// The site's entities, sorted by id, from their files; an entity needs its version in
/// the default language (which says what kind it is).
pub(crate) fn entities(
    config: &Config,
    files: &[Arc<Entity>],
) -> Result<Vec<SiteEntity>, Diagnostics> {
    let mut ids: Vec<&str> = files.iter().map(|e| e.id()).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut errors = Diagnostics::default();
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let versions: Vec<Option<usize>> = config
            .languages
            .iter()
            .map(|l| {
                files
                    .iter()
                    .position(|e| e.id() == id && e.file.lang == l.code)
            })
            .collect();
        let original = versions[0].map(|i| &files[i]);
        match original.and_then(|e| e.kind) {
            Some(kind) => out.push(SiteEntity {
                id: id.to_string(),
                kind,
                versions,
            }),
            None => {
                let any = files.iter().find(|e| e.id() == id);
                let path = any.map(|e| e.file.path.clone()).unwrap_or_default();
                errors.push(
                    Diagnostic::in_file(path, format!("entity `{id}` has no file in the site's default language"))
                        .hint(format!("add content/entities/{id}.md, which says what kind of entity it is and names it in {}", config.default_language().name)),
                );
            }
        }
    }
    errors.into_result(out)
}

/// Each article's mentions resolved (none on a site without entities, where actors and
/// places are names); every unknown id is an error.
pub(crate) fn resolve(
    inputs: &[ModelInput],
    entities: &[SiteEntity],
) -> Result<Vec<Vec<Resolved>>, Diagnostics> {
    let mut errors = Diagnostics::default();
    if entities.is_empty() {
        return Ok(vec![Vec::new(); inputs.len()]);
    }
    let ids: Vec<&str> = entities.iter().map(|e| e.id.as_str()).collect();
    let resolved = inputs
        .iter()
        .map(|a| {
            let mentions = a
                .actors
                .iter()
                .map(|m| (m, false))
                .chain(a.places.iter().map(|m| (m, true)));
            mentions
                .filter_map(|(m, place)| match ids.binary_search(&m.id.as_str()) {
                    Ok(i) => Some(Resolved {
                        entity: EntityIx::new(i),
                        role: m.role.clone(),
                        place,
                    }),
                    Err(_) => {
                        errors.push(unknown(a, m, place, &ids));
                        None
                    }
                })
                .collect()
        })
        .collect();
    errors.into_result(resolved)
}

fn unknown(a: &ModelInput, m: &Mention, place: bool, ids: &[&str]) -> Diagnostic {
    let (id, what) = (m.id.as_str(), if place { "place" } else { "actor" });
    let mut d = Diagnostic::in_file(
        &a.file.path,
        format!("unknown {what} `{id}`: no entity has this id"),
    );
    if let Some(line) = m.line {
        d = d.at(line, m.column);
    }
    let hint = match did_you_mean(id, ids) {
        Some(c) => {
            format!("did you mean `{c}`? An entity's id is its file's name under content/entities/")
        }
        None => format!(
            "add content/entities/{id}.md, or use one of the entities' ids ({}{})",
            ids.iter().take(12).copied().collect::<Vec<_>>().join(", "),
            if ids.len() > 12 { ", …" } else { "" }
        ),
    };
    d.hint(hint)
}
