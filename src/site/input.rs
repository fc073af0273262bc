//! What the site model reads of an article ([`ModelInput`]: its file, slug, date,
//! topics, tags, actors and places), and the key of it that tells the build whether
//! the model must be made again ([`model_key`]).

use crate::content::{Article, Mention, SourceFile};
use crate::date::EventDate;

/// What the site model reads of an article.
#[derive(Debug, Hash)]
pub(crate) struct ModelInput<'a> {
    /// Its language, translation key and path (for messages).
    pub file: &'a SourceFile,
    pub slug: &'a str,
    /// The line of `slug:`, for the message about two articles at one URL.
    pub slug_line: Option<usize>,
    pub date: &'a EventDate,
    pub topics: &'a [String],
    pub tags: &'a [String],
    pub actors: &'a [Mention],
    pub places: &'a [Mention],
    /// Not read by the model (drafts are left out before), but a draft that becomes
    /// public changes the model.
    pub draft: bool,
}

impl<'a> ModelInput<'a> {
    pub(crate) fn of(a: &'a Article) -> ModelInput<'a> {
        ModelInput {
            file: &a.file,
            slug: &a.slug,
            slug_line: a.slug_line,
            date: &a.date,
            topics: &a.topics,
            tags: &a.tags,
            actors: &a.actors,
            places: &a.places,
            draft: a.draft,
        }
    }
}

/// The key of an article's part in the model: equal keys, in the same order, give the
/// same model.
pub(crate) fn model_key(a: &Article) -> u64 {
    crate::fingerprint::hash_of(&ModelInput::of(a))
}
