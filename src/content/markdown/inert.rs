//! Raw HTML that can be left as written in sanitize mode: bare formatting tags (`<br>`,
//! `<sup>`, `<b>`… without attributes), each closed in the block that opened it. A body
//! whose raw HTML is all inert is spared the sanitiser, which would give the same elements.

use pulldown_cmark::{Event, TagEnd};

/// What a body's raw HTML asks of the sanitiser, noted event by event.
pub(super) struct RawHtmlScan {
    /// The body holds raw HTML (an HTML block or inline HTML).
    seen: bool,
    /// While all the raw HTML is inert (see [`inert_html`]): the inline elements it has
    /// opened and not yet closed. `None` once some raw HTML needs the sanitiser.
    inert: Option<Vec<&'static str>>,
}

impl RawHtmlScan {
    pub(super) fn new() -> Self {
        RawHtmlScan {
            seen: false,
            inert: Some(Vec::new()),
        }
    }

    #[inline]
    pub(super) fn note(&mut self, event: &Event) {
        match event {
            Event::Html(t) | Event::InlineHtml(t) => {
                self.seen = true;
                if let Some(open) = &mut self.inert {
                    if !inert_html(t, open) {
                        self.inert = None;
                    }
                }
            }
            // Inert inline elements are closed in the block that opened them.
            Event::End(tag)
                if !is_inline(tag) && self.inert.as_ref().is_some_and(|open| !open.is_empty()) =>
            {
                self.inert = None;
            }
            _ => {}
        }
    }

    /// Some raw HTML may need the sanitiser: the body holds raw HTML that is not inert,
    /// or leaves an inert element open.
    pub(super) fn needs_sanitizer(&self) -> bool {
        self.seen && self.inert.as_ref().is_none_or(|open| !open.is_empty())
    }
}

/// Elements that raw HTML may hold, without attributes, and be left as written in
/// sanitize mode: they cannot run script, load anything, or change how the rest is parsed.
const INERT_VOID: [&str; 3] = ["br", "wbr", "hr"];
const INERT_INLINE: [&str; 21] = [
    "b", "i", "em", "strong", "u", "s", "del", "ins", "sub", "sup", "small", "mark", "kbd", "code",
    "abbr", "cite", "q", "dfn", "var", "samp", "span",
];

/// `html` (raw HTML of a body) is inert: every `<` in it starts a tag without attributes
/// of [`INERT_VOID`] or [`INERT_INLINE`] (`<br>`, `<br/>`, `<sup>`, `</sup>`), each closing
/// tag closes the innermost element in `open`, which this updates. Bodies whose raw HTML
/// is all inert are spared the sanitiser, which would give the same elements.
pub(super) fn inert_html(html: &str, open: &mut Vec<&'static str>) -> bool {
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        let after = &rest[lt + 1..];
        let Some(gt) = after.find('>') else {
            return false;
        };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        let (closing, name) = match tag.strip_prefix('/') {
            Some(name) => (true, name),
            None => (
                false,
                tag.strip_suffix('/').unwrap_or(tag).trim_end_matches(' '),
            ),
        };
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return false;
        }
        let is = |n: &&str| n.eq_ignore_ascii_case(name);
        if let Some(inline) = INERT_INLINE.iter().copied().find(is) {
            if !closing {
                open.push(inline);
            } else if open.pop() != Some(inline) {
                return false;
            }
        } else if closing || !INERT_VOID.iter().any(is) {
            return false;
        }
    }
    true
}

/// The end of an inline element (inside a block), rather than of a block.
fn is_inline(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image
    )
}
