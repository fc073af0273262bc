//! The names serde gives a struct's fields, read from its derived `Deserialize`: the
//! keys front matter may use are listed once, as the fields of the struct, and a field
//! added there is a known key at once (no second list to keep in step).

use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};

/// The field names `T`'s `Deserialize` asks for, in their order; empty for a type that
/// is not deserialised as a struct.
pub(super) fn names<T: DeserializeOwned>() -> &'static [&'static str] {
    match T::deserialize(FieldNames) {
        Err(Found(fields)) => fields,
        Ok(_) => &[],
    }
}

/// A deserializer that holds no data: it stops at the first request, which for a derived
/// struct is `deserialize_struct` with the list of its fields.
struct FieldNames;

/// What [`FieldNames`] stops with: the fields asked for (none unless a struct was).
#[derive(Debug)]
struct Found(&'static [&'static str]);

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "fields {:?}", self.0)
    }
}

impl std::error::Error for Found {}

impl de::Error for Found {
    fn custom<M: fmt::Display>(_: M) -> Self {
        Found(&[])
    }
}

impl<'de> Deserializer<'de> for FieldNames {
    type Error = Found;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Found> {
        Err(Found(&[]))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Found> {
        Err(Found(fields))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
        identifier ignored_any
    }
}
