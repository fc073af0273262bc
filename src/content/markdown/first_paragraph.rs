//! The plain text of a body's first paragraph, for a summary when none is given: its text
//! and code as written, without raw HTML nor the text of a `<script>` or `<style>` in it.

use pulldown_cmark::{Event, Tag, TagEnd};

/// Where the walk over the events is with respect to the first paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FirstParagraph {
    Before,
    Inside,
    Done,
}

/// Collects the first paragraph's text from the events, one at a time.
pub(super) struct Collector {
    at: FirstParagraph,
    text: String,
    /// Inside a `<script>` or `<style>` written inline in the first paragraph.
    in_raw_text: bool,
    /// Raw HTML left out of the first paragraph's text since its last text: the space
    /// on either side of it is kept once.
    after_html: bool,
}

impl Collector {
    pub(super) fn new() -> Self {
        Collector {
            at: FirstParagraph::Before,
            text: String::new(),
            in_raw_text: false,
            after_html: false,
        }
    }

    /// The text collected, trimmed.
    pub(super) fn text(&self) -> String {
        self.text.trim().to_string()
    }

    /// A citation stood here (it shows no text in a summary): the space before it goes,
    /// so "works [@a]." reads "works.", and the text after it brings its own space.
    pub(super) fn cited(&mut self) {
        if self.at == FirstParagraph::Inside {
            let kept = self.text.trim_end().len();
            self.text.truncate(kept);
        }
    }

    #[inline]
    pub(super) fn note(&mut self, event: &Event) {
        match (self.at, event) {
            (FirstParagraph::Before, Event::Start(Tag::Paragraph)) => {
                self.at = FirstParagraph::Inside
            }
            (FirstParagraph::Inside, Event::End(TagEnd::Paragraph)) => {
                self.at = FirstParagraph::Done
            }
            (FirstParagraph::Inside, Event::InlineHtml(t)) => {
                self.after_html = true;
                if opens_raw_text(t) {
                    self.in_raw_text = true;
                } else if closes_raw_text(t) {
                    self.in_raw_text = false;
                }
            }
            (FirstParagraph::Inside, Event::Text(t) | Event::Code(t)) if !self.in_raw_text => {
                let spaced = self.after_html && self.text.ends_with(' ');
                self.text.push_str(if spaced { t.trim_start() } else { t });
                self.after_html = false;
            }
            (FirstParagraph::Inside, Event::SoftBreak) => self.text.push(' '),
            _ => {}
        }
    }
}

/// Inline HTML that opens an element whose content is not text to show: `<script…>`,
/// `<style…>`.
fn opens_raw_text(html: &str) -> bool {
    raw_text_tag(html.strip_prefix('<'))
}

fn closes_raw_text(html: &str) -> bool {
    raw_text_tag(html.strip_prefix("</"))
}

fn raw_text_tag(after_bracket: Option<&str>) -> bool {
    after_bracket.is_some_and(|rest| {
        ["script", "style"].iter().any(|name| {
            rest.get(..name.len())
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
                && !rest[name.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
        })
    })
}
