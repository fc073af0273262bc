//! Fingerprints of values, for memoising stages in `serve`: the hash of an article's
//! bytes or body, and of everything a page's template is given, so that a page is
//! re-rendered exactly when something it shows changed, without tracking which page
//! depends on what. Depends on no stage; every stage may use it.
//!
//! A view is hashed through its `Serialize` implementation by a small serializer that
//! streams every value into the hasher (nothing allocated). Large
//! parts that many pages share say so by serializing as their own precomputed hash
//! when the serializer is not human-readable (see [`crate::render::views::Card`] and
//! [`crate::render::views::Body`]): templates, which are given JSON-like values, see the
//! whole view; the fingerprint sees the same data with those parts summed up.

use std::hash::{DefaultHasher, Hash, Hasher};

use serde::Serialize;

/// The fingerprint of `value` (a view, or several views in a tuple).
pub fn hash_of<T: Serialize + ?Sized>(value: &T) -> u64 {
    let mut h = HashSerializer(Buffer(Vec::with_capacity(4096)));
    match value.serialize(&mut h) {
        Ok(()) => h.0.finish(),
        // Only a view's own `Serialize` could fail; if one ever did, no two
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

/// The hash of a file's bytes.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    h.write(bytes);
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

/// A serde serializer that feeds what it is given into a hasher: every value with a
/// tag byte, strings and sequences with their length, so that no two different values
/// write the same bytes. Not human-readable, which is what makes [`Card`] and [`Body`]
/// stand for their hashes.
///
/// [`Card`]: crate::render::views::Card
/// [`Body`]: crate::render::views::Body
struct HashSerializer(Buffer);

/// Collects the bytes to hash and hashes them at once: much faster than feeding the
/// hasher the many small pieces a view serializes into.
struct Buffer(Vec<u8>);

impl Hasher for Buffer {
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    fn finish(&self) -> u64 {
        hash_bytes(&self.0)
    }
}

#[derive(Debug)]
struct HashError(String);

impl std::fmt::Display for HashError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for HashError {}

impl serde::ser::Error for HashError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        HashError(msg.to_string())
    }
}

impl HashSerializer {
    fn tag(&mut self, t: u8) {
        self.0.write_u8(t);
    }

    /// The start of an enum variant holding fields.
    fn variant(&mut self, tag: u8, index: u32) -> Result<&mut Self, HashError> {
        self.tag(tag);
        self.0.write_u32(index);
        Ok(self)
    }
}

macro_rules! scalar {
    ($name:ident, $ty:ty, $tag:expr, $write:ident) => {
        fn $name(self, v: $ty) -> Result<(), HashError> {
            self.tag($tag);
            self.0.$write(v);
            Ok(())
        }
    };
}

impl serde::Serializer for &mut HashSerializer {
    type Ok = ();
    type Error = HashError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn is_human_readable(&self) -> bool {
        false
    }

    scalar!(serialize_i8, i8, 1, write_i8);
    scalar!(serialize_i16, i16, 2, write_i16);
    scalar!(serialize_i32, i32, 3, write_i32);
    scalar!(serialize_i64, i64, 4, write_i64);
    scalar!(serialize_u8, u8, 5, write_u8);
    scalar!(serialize_u16, u16, 6, write_u16);
    scalar!(serialize_u32, u32, 7, write_u32);
    scalar!(serialize_u64, u64, 8, write_u64);
    scalar!(serialize_i128, i128, 9, write_i128);
    scalar!(serialize_u128, u128, 10, write_u128);

    fn serialize_bool(self, v: bool) -> Result<(), HashError> {
        self.tag(11);
        self.0.write_u8(u8::from(v));
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), HashError> {
        self.tag(12);
        self.0.write_u32(v.to_bits());
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), HashError> {
        self.tag(13);
        self.0.write_u64(v.to_bits());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), HashError> {
        self.tag(14);
        self.0.write_u32(v as u32);
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), HashError> {
        self.tag(15);
        self.0.write_usize(v.len());
        self.0.write(v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), HashError> {
        self.tag(16);
        self.0.write_usize(v.len());
        self.0.write(v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), HashError> {
        self.tag(17);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), HashError> {
        self.tag(18);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), HashError> {
        self.tag(19);
        Ok(())
    }
    fn serialize_unit_struct(self, name: &'static str) -> Result<(), HashError> {
        self.tag(20);
        self.0.write(name.as_bytes());
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        index: u32,
        _variant: &'static str,
    ) -> Result<(), HashError> {
        self.tag(21);
        self.0.write_u32(index);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), HashError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        index: u32,
        _variant: &'static str,
        value: &T,
    ) -> Result<(), HashError> {
        self.tag(22);
        self.0.write_u32(index);
        value.serialize(self)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self, HashError> {
        self.tag(23);
        Ok(self)
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self, HashError> {
        self.tag(24);
        Ok(self)
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self, HashError> {
        self.tag(24);
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self, HashError> {
        self.variant(25, index)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self, HashError> {
        self.tag(26);
        Ok(self)
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self, HashError> {
        self.tag(26);
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self, HashError> {
        self.variant(27, index)
    }
}

/// Compound values: every element in order, then an end tag (so `[[a], b]` and
/// `[[a, b]]` differ).
macro_rules! compound {
    ($trait:ident, $method:ident) => {
        impl serde::ser::$trait for &mut HashSerializer {
            type Ok = ();
            type Error = HashError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), HashError> {
                self.tag(30);
                value.serialize(&mut **self)
            }
            fn end(self) -> Result<(), HashError> {
                self.tag(31);
                Ok(())
            }
        }
    };
}

compound!(SerializeSeq, serialize_element);
compound!(SerializeTuple, serialize_element);
compound!(SerializeTupleStruct, serialize_field);
compound!(SerializeTupleVariant, serialize_field);

impl serde::ser::SerializeMap for &mut HashSerializer {
    type Ok = ();
    type Error = HashError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), HashError> {
        self.tag(32);
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), HashError> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), HashError> {
        self.tag(31);
        Ok(())
    }
}

macro_rules! fields {
    ($trait:ident) => {
        impl serde::ser::$trait for &mut HashSerializer {
            type Ok = ();
            type Error = HashError;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), HashError> {
                // Same bytes as a map entry, so a flattened struct hashes like one.
                self.tag(32);
                key.serialize(&mut **self)?;
                value.serialize(&mut **self)
            }
            fn skip_field(&mut self, key: &'static str) -> Result<(), HashError> {
                self.tag(33);
                self.0.write(key.as_bytes());
                Ok(())
            }
            fn end(self) -> Result<(), HashError> {
                self.tag(31);
                Ok(())
            }
        }
    };
}

fields!(SerializeStruct);
fields!(SerializeStructVariant);

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
    fn flattened_views_hash_the_same_every_time() {
        #[derive(Serialize)]
        struct Page<'a> {
            #[serde(flatten)]
            entry: &'a EntryView,
            extra: serde_json::Value,
        }
        let e = entry("One");
        let page = Page {
            entry: &e,
            extra: serde_json::json!({"a": [1, 2.5, null]}),
        };
        assert_eq!(hash_of(&page), hash_of(&page));
        let other = Page {
            entry: &e,
            extra: serde_json::json!({"a": [1, 2.5]}),
        };
        assert_ne!(hash_of(&page), hash_of(&other));
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
