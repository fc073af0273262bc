//! Files to articles: discover content/, read each file once, parse front matter,
//! dates and Markdown (in parallel), and collect every problem found.
//!
//! `discover` finds the files; `front_matter` splits a text and reads its YAML (the only
//! module that knows serde_yaml); `article` checks each field into an `Article`, with
//! its slug from `slug`; `markdown` renders the body (held as a `body_html`), `sanitize`
//! its raw HTML.

pub mod article;
pub mod body_html;
pub(crate) mod discover;
pub mod entity;
pub(crate) mod front_matter;
pub mod markdown;
pub mod mentions;
pub(crate) mod sanitize;
pub(crate) mod slug;
pub mod source_kind;
pub mod sources;
pub mod status;

use std::sync::Arc;

use rayon::prelude::*;

pub use article::{Article, Correction, Mention, Source, SourceFile, SourceKind, Status};
pub use discover::Asset;
pub use entity::{Entity, EntityKind};
pub(crate) use slug::slug_from_key;

use crate::config::Config;
use crate::error::{Diagnostic, Diagnostics};
use crate::source::decode_utf8;

/// Everything found under content/.
#[derive(Debug)]
pub struct Content {
    /// Shared, so that `serve` keeps articles parsed between rebuilds without copying.
    pub articles: Vec<Arc<Article>>,
    /// Every version of every entity (content/entities/), in a stable order.
    pub entities: Vec<Arc<Entity>>,
    pub assets: Vec<Asset>,
}

/// Reads and parses every article under `config.content_dir`.
pub fn load(config: &Config) -> Result<Content, Diagnostics> {
    let codes: Vec<String> = config.languages.iter().map(|l| l.code.clone()).collect();
    let found = discover::discover(&config.root, &config.content_dir, &codes, &config.fence())?;
    let results: Vec<Result<Article, Vec<Diagnostic>>> = found
        .articles
        .into_par_iter()
        .map(|(abs, file)| {
            let bytes = std::fs::read(&abs).map_err(|e| {
                vec![Diagnostic::in_file(
                    &file.path,
                    format!("cannot read the file: {e}"),
                )]
            })?;
            parse_bytes(&bytes, file, config)
        })
        .collect();
    let mut articles = Vec::with_capacity(results.len());
    let mut errors = Diagnostics::default();
    for r in results {
        match r {
            Ok(a) => articles.push(Arc::new(a)),
            Err(e) => errors.extend(e),
        }
    }
    let entities = load_entities(config, &found.entities).unwrap_or_else(|e| {
        errors.extend(e.0);
        Vec::new()
    });
    errors.into_result(Content {
        articles,
        entities,
        assets: found.assets,
    })
}

/// Reads and parses the entity files `found` (few: read and parsed on every run).
pub(crate) fn load_entities(
    config: &Config,
    found: &[(std::path::PathBuf, SourceFile)],
) -> Result<Vec<Arc<Entity>>, Diagnostics> {
    let default = &config.default_language().code;
    let results: Vec<Result<Entity, Vec<Diagnostic>>> = found
        .par_iter()
        .map(|(abs, file)| {
            let bytes = std::fs::read(abs).map_err(|e| {
                vec![Diagnostic::in_file(
                    &file.path,
                    format!("cannot read the file: {e}"),
                )]
            })?;
            let text = decode_utf8(&bytes, &file.path).map_err(|d| vec![d])?;
            entity::parse(file.clone(), text, config, file.lang == *default)
        })
        .collect();
    let mut entities = Vec::with_capacity(results.len());
    let mut errors = Diagnostics::default();
    for r in results {
        match r {
            Ok(e) => entities.push(Arc::new(e)),
            Err(e) => errors.extend(e),
        }
    }
    errors.into_result(entities)
}

/// Parses one article from the bytes of its file.
pub fn parse_bytes(
    bytes: &[u8],
    file: article::SourceFile,
    config: &Config,
) -> Result<Article, Vec<Diagnostic>> {
    let text = decode_utf8(bytes, &file.path).map_err(|d| vec![d])?;
    article::parse(file, text, config, config.base_url.path.as_str())
}
