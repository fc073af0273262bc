//! Views shared by many pages, made once: an entry's card (with the hash of its view,
//! which a page's fingerprint counts instead of the whole card), a topic's view with its
//! Tera value, a body's HTML, an article's free `extra` data.

use std::sync::Arc;

use serde::Serialize;

use super::views::{EntryView, TopicView};

/// An entry as a template sees it, built once per language and shared by every list
/// and page that shows it. Templates see its view; a page's fingerprint counts it as the
/// hash of that view, computed once ([`crate::fingerprint`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Card<'v> {
    pub view: &'v EntryView,
    /// `fingerprint::hash_of(view)` (0 in a run that makes no fingerprints).
    pub hash: u64,
}

impl Serialize for Card<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.view.serialize(s)
    }
}

impl std::hash::Hash for Card<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// A topic's view shared by every card that shows it, with its Tera value (made once:
/// a card's value then holds the same map, not a copy).
#[derive(Debug, Clone)]
pub(crate) struct TopicRef(Arc<(TopicView, tera::Value)>);

impl TopicRef {
    pub(crate) fn new(view: TopicView) -> TopicRef {
        let value = tera::Value::from_serializable(&view);
        TopicRef(Arc::new((view, value)))
    }
}

impl std::ops::Deref for TopicRef {
    type Target = TopicView;
    fn deref(&self) -> &TopicView {
        &self.0 .0
    }
}

impl Serialize for TopicRef {
    /// The view, as the Tera value made from it once.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0 .1.serialize(s)
    }
}

impl std::hash::Hash for TopicRef {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0 .0.hash(state);
    }
}

/// The cards of one language, kept between builds by `serve`.
#[derive(Debug, Default)]
pub(crate) struct Cards {
    pub views: Vec<EntryView>,
    pub hashes: Vec<u64>,
}

/// A page's body, its HTML.
#[derive(Debug, Clone, Copy, Hash)]
pub(crate) struct Body<'v> {
    pub html: &'v str,
}

impl Serialize for Body<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.html)
    }
}

/// Free data for themes (an article's `extra`), with a fingerprint of its JSON text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Extra<'v>(pub &'v serde_json::Value);

impl Serialize for Extra<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl std::hash::Hash for Extra<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.to_string().hash(state);
    }
}
