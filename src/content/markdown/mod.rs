//! Markdown to HTML with pulldown-cmark: CommonMark plus tables, footnotes,
//! strikethrough, task lists and heading ids; root-relative links get the base path.
//! The raw-HTML policy of site.toml is applied here: links and images with a scheme
//! other than http(s), mailto or tel are left out, heading attributes give only an id
//! and classes, and raw HTML is escaped, sanitised (`content::sanitize`, only for bodies
//! that hold some) or kept.
//!
//! One walk over the events (`pass`) applies the policy and records links to articles,
//! the first paragraph (`first_paragraph`) and whether the raw HTML is inert (`inert`);
//! then headings get their ids (`headings`), and the HTML is written.

mod first_paragraph;
mod headings;
mod inert;
mod pass;

use pulldown_cmark::{html, Event, Options, Parser};

use super::sanitize;
use crate::config::{MarkdownOptions, RawHtml};
use headings::assign_heading_ids;
pub use headings::slugify;
use pass::Pass;

/// A link an author wrote to another article's source file: `@/name.md#anchor`, or a
/// relative `other.md#anchor`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// The target as written (after `@/` for those), without the fragment.
    pub target: String,
    pub fragment: Option<String>,
    /// 1-based line in the body.
    pub line: usize,
    /// Written as a relative link (`other.md`), not with `@/`.
    pub relative: bool,
}

/// The prefix that marks a link to another article's source.
pub const INTERNAL_LINK_PREFIX: &str = "@/";

/// A body rendered to HTML, with what later stages need to know about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderedMarkdown {
    pub html: String,
    /// Ids of the headings, in order (for anchors and tables of contents).
    pub headings: Vec<Heading>,
    pub internal_links: Vec<InternalLink>,
    /// The text of the first paragraph, for a summary when none is given.
    pub first_paragraph: String,
    /// A link or raw HTML in the body mentions `.md` or `@/`: links to other articles
    /// may need resolving (see `crate::links`); false spares scanning the HTML.
    pub may_link_articles: bool,
}

impl RenderedMarkdown {
    /// Replaces the HTML (links resolved).
    pub fn set_html(&mut self, html: String) {
        self.html = html;
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `body`; `base_path` (e.g. `/repo/`) is put before links that start with `/`;
/// `policy` says what becomes of raw HTML (see `content::sanitize`).
pub fn render(body: &str, base_path: &str, policy: &MarkdownOptions) -> RenderedMarkdown {
    // CommonMark replaces U+0000 with U+FFFD; pulldown-cmark leaves it in.
    let replaced;
    let body = if body.contains('\0') {
        replaced = body.replace('\0', "\u{FFFD}");
        replaced.as_str()
    } else {
        body
    };
    let mut pass = Pass::new(body, base_path, policy.raw_html);
    let mut events: Vec<Event> = Vec::new();
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        pass.note(&event);
        if let Some(event) = pass.apply(event, range.start) {
            events.push(event);
        }
    }
    let headings = assign_heading_ids(&mut events);
    let mut out = String::with_capacity(body.len() + body.len() / 4);
    html::push_html(&mut out, events.into_iter());
    if policy.raw_html == RawHtml::Sanitize && pass.needs_sanitizer() {
        match sanitize::clean(&out, &policy.embed_hosts) {
            Some(clean) => out = clean,
            // Too many elements to sanitise in good time: the raw HTML is shown as text.
            None => return render(body, base_path, &ESCAPE),
        }
    }
    RenderedMarkdown {
        html: out,
        headings,
        internal_links: pass.internal_links,
        first_paragraph: pass.first_paragraph.text(),
        may_link_articles: pass.may_link_articles,
    }
}

/// The policy a body too large to sanitise is rendered with.
const ESCAPE: MarkdownOptions = MarkdownOptions {
    raw_html: RawHtml::Escape,
    embed_hosts: Vec::new(),
};

#[cfg(test)]
mod tests;
