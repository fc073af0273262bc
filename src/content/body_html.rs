//! A body's rendered HTML as the pipeline holds it: shared (a copy is a count), and
//! freed once nothing is left to print it, so that a build of a large site does not
//! hold every body until its end.

use std::sync::{Arc, RwLock};

/// The rendered HTML of a body, or nothing once [released](BodyHtml::release).
#[derive(Default)]
pub struct BodyHtml(RwLock<Option<Arc<str>>>);

impl BodyHtml {
    pub fn new(html: String) -> BodyHtml {
        BodyHtml(RwLock::new(Some(html.into())))
    }

    /// The HTML; after [`BodyHtml::release`], none ("").
    pub fn get(&self) -> Arc<str> {
        let held = self.0.read().unwrap_or_else(|e| e.into_inner());
        held.clone().unwrap_or_else(|| Arc::from(""))
    }

    /// Frees the HTML (those holding a copy keep theirs). Only a run that keeps nothing
    /// for a next one releases bodies, and only once every page and feed printing them
    /// has been made.
    pub fn release(&self) {
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// Whether the HTML was released.
    pub fn is_released(&self) -> bool {
        self.0.read().unwrap_or_else(|e| e.into_inner()).is_none()
    }
}

impl Clone for BodyHtml {
    fn clone(&self) -> BodyHtml {
        BodyHtml(RwLock::new(
            self.0.read().unwrap_or_else(|e| e.into_inner()).clone(),
        ))
    }
}

impl PartialEq for BodyHtml {
    fn eq(&self, other: &BodyHtml) -> bool {
        self.get() == other.get()
    }
}

impl Eq for BodyHtml {}

impl std::fmt::Debug for BodyHtml {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("BodyHtml").field(&self.get()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_released_body_is_gone_and_copies_taken_before_stay() {
        let body = BodyHtml::new("<p>a</p>".to_string());
        let kept = body.get();
        let twin = body.clone();
        assert_eq!(&*body.get(), "<p>a</p>");
        body.release();
        assert!(body.is_released() && !twin.is_released());
        assert_eq!(&*body.get(), "");
        assert_eq!(&*kept, "<p>a</p>");
        assert_eq!(&*twin.get(), "<p>a</p>");
    }
}
