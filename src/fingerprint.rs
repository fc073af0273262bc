//! Fingerprints of values, for a pipeline that remembers what it made: the hash of a
//! file's bytes, and of a value through its `Hash` implementation, which views derive,
//! so that every field a template or feed is given counts and none can be forgotten. A
//! few parts shared by many pages stand for a hash computed once (a card is its view's
//! hash): their `Hash` writes that hash, and their `Serialize` is the whole value.
//! Depends on no stage; every stage may use it.

use std::hash::{DefaultHasher, Hash, Hasher};

/// The fingerprint of `value` (a view, or several in a tuple).
pub(crate) fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut buffer = Buffer(Vec::with_capacity(4096));
    value.hash(&mut buffer);
    buffer.finish()
}

/// The hash of a file's bytes.
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    h.write(bytes);
    h.finish()
}

/// Combines hashes in order.
pub(crate) fn combine(parts: &[u64]) -> u64 {
    let mut h = DefaultHasher::new();
    parts.hash(&mut h);
    h.finish()
}

/// Collects the bytes a value hashes into and hashes them at once: much faster than
/// feeding the hasher the many small pieces a view is made of.
struct Buffer(Vec<u8>);

impl Hasher for Buffer {
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    fn finish(&self) -> u64 {
        hash_bytes(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Hash)]
    struct View<'a> {
        title: &'a str,
        tags: Vec<&'a str>,
        count: usize,
    }

    #[test]
    fn every_field_counts_and_boundaries_are_kept() {
        let a = View {
            title: "One",
            tags: vec!["a", "b"],
            count: 1,
        };
        assert_eq!(hash_of(&a), hash_of(&View { ..a }));
        let b = View {
            title: "One",
            tags: vec!["ab"],
            count: 1,
        };
        assert_ne!(
            hash_of(&View {
                tags: vec!["a", "b"],
                ..b
            }),
            hash_of(&b)
        );
        assert_ne!(
            hash_of(&(&["a", "b"][..], "c")),
            hash_of(&(&["a"][..], "bc"))
        );
    }
}
