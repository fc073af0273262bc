//! A JSON object printed a field at a time, for the files whose arrays hold every event
//! of a site: one `serde_json::Value` tree of 100,000 events takes ten times the memory
//! of its text. The text is what printing the whole object as one `Value` gives, when
//! the fields come in sorted order (the order serde_json's maps print keys in) and each
//! item of an array is a `Value` (whose keys are then sorted too).

use serde::Serialize;

pub(super) struct JsonObject {
    text: Vec<u8>,
}

impl JsonObject {
    pub(super) fn new() -> JsonObject {
        JsonObject { text: vec![b'{'] }
    }

    /// `"key":value`.
    pub(super) fn field(mut self, key: &str, value: &impl Serialize) -> JsonObject {
        self.key(key);
        // Writing to a Vec cannot fail, nor can printing text, numbers or a `Value`.
        let _ = serde_json::to_writer(&mut self.text, value);
        self
    }

    /// `"key":[item,item…]`, each item printed and dropped before the next is made.
    pub(super) fn array<V: Serialize>(
        self,
        key: &str,
        items: impl IntoIterator<Item = V>,
    ) -> JsonObject {
        self.list(key, items, |text, item| {
            let _ = serde_json::to_writer(text, &item);
        })
    }

    /// `"key":[item,item…]` of items already printed as JSON.
    pub(super) fn array_printed(
        self,
        key: &str,
        items: impl IntoIterator<Item = impl std::borrow::Borrow<str>>,
    ) -> JsonObject {
        self.list(key, items, |text, item| {
            text.extend_from_slice(item.borrow().as_bytes());
        })
    }

    /// `"key":[…]`, each item written by `put`.
    fn list<I>(
        mut self,
        key: &str,
        items: impl IntoIterator<Item = I>,
        mut put: impl FnMut(&mut Vec<u8>, I),
    ) -> JsonObject {
        self.key(key);
        self.text.push(b'[');
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                self.text.push(b',');
            }
            put(&mut self.text, item);
        }
        self.text.push(b']');
        self
    }

    fn key(&mut self, key: &str) {
        if self.text.len() > 1 {
            self.text.push(b',');
        }
        let _ = serde_json::to_writer(&mut self.text, key);
        self.text.push(b':');
    }

    /// The object on one line (the downloads are for programs: indenting them would make
    /// a large site's files a third larger).
    pub(super) fn line(mut self) -> String {
        self.text.extend_from_slice(b"}\n");
        String::from_utf8(self.text).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_same_text_as_one_value() {
        let items = || (0..3).map(|i| json!({"z": i, "a": [i, "x\"y"], "m": null}));
        let whole = json!({
            "events": items().collect::<Vec<_>>(),
            "lang": "ar",
            "title": "عنوان \u{2028}",
            "topic": None::<String>,
        });
        let streamed = JsonObject::new()
            .array("events", items())
            .field("lang", &"ar")
            .field("title", &"عنوان \u{2028}")
            .field("topic", &None::<String>)
            .line();
        assert_eq!(streamed, format!("{whole}\n"));
        assert_eq!(
            JsonObject::new().array("e", Vec::<u8>::new()).line(),
            "{\"e\":[]}\n"
        );
    }
}
