//! Fingerprints of what a template is given: the hash of a page's whole context, so
//! that `serve` re-renders a page exactly when something it shows changed, without
//! tracking which page depends on what.
//!
//! A view is hashed through its `Serialize` implementation with postcard (a compact,
//! non-self-describing format, streamed into the hasher, nothing allocated). Large
//! parts that many pages share say so by serializing as their own precomputed hash
//! when the serializer is not human-readable (see [`super::views::Card`] and
//! [`super::views::Body`]): templates, which are given JSON-like values, see the
//! whole view; the fingerprint sees the same data with those parts summed up.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;

use serde::Serialize;

/// The fingerprint of `value` (a view, or several views in a tuple).
pub fn hash_of<T: Serialize + ?Sized>(value: &T) -> u64 {
    let mut w = HashWriter(DefaultHasher::new());
    match postcard::to_io(value, &mut w) {
        Ok(_) => w.0.finish(),
        // Nothing in a view fails to serialize; if something ever did, no two
        // fingerprints would match and every page would simply be rendered.
        Err(_) => fresh(),
    }
}

/// The hash of a string (an article body, a template's source).
pub fn hash_str(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// Combines hashes in order.
pub fn combine(parts: &[u64]) -> u64 {
    let mut h = DefaultHasher::new();
    parts.hash(&mut h);
    h.finish()
}

/// A value no other call returns: for what cannot be fingerprinted.
fn fresh() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let mut h = DefaultHasher::new();
    ("unfingerprintable", NEXT.fetch_add(1, Ordering::Relaxed)).hash(&mut h);
    h.finish()
}

struct HashWriter(DefaultHasher);

impl Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::views::{Body, Card, EntryView};

    fn entry(title: &str) -> EntryView {
        EntryView {
            title: title.to_string(),
            url: "/events/a/".into(),
            date: crate::render::views::DateView {
                display: "2022".into(),
                datetime: "2022".into(),
                edtf: "2022".into(),
                precision: "year",
                ongoing: false,
                approximate: false,
                uncertain: false,
            },
            summary: String::new(),
            status: "confirmed",
            topics: Vec::new(),
            source_count: 0,
            fallback: false,
            lang: "en".into(),
            dir: "ltr",
        }
    }

    #[test]
    fn every_field_of_a_view_counts() {
        let (a, b) = (entry("One"), entry("Two"));
        assert_eq!(hash_of(&a), hash_of(&entry("One")));
        assert_ne!(hash_of(&a), hash_of(&b));
        let mut c = entry("One");
        c.date.uncertain = true;
        assert_ne!(hash_of(&a), hash_of(&c));
    }

    #[test]
    fn a_card_counts_as_its_hash_and_a_template_sees_its_view() {
        let a = entry("One");
        let card = Card {
            view: &a,
            hash: hash_of(&a),
        };
        // Fingerprint: the card is its hash, so a changed hash changes the page's.
        let other = Card { hash: 7, ..card };
        assert_ne!(hash_of(&vec![card]), hash_of(&vec![other]));
        // Templates: the whole view.
        let json = serde_json::to_value(card).expect("json");
        assert_eq!(json["title"], "One");
        let body = Body {
            html: "<p>x</p>",
            hash: hash_str("<p>x</p>"),
        };
        assert_eq!(serde_json::to_value(body).expect("json"), "<p>x</p>");
        assert_ne!(
            hash_of(&body),
            hash_of(&Body {
                html: "<p>x</p>",
                hash: hash_str("<p>y</p>")
            })
        );
    }
}
