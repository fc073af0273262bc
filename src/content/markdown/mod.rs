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

mod citations;
mod first_paragraph;
mod headings;
mod inert;
mod pass;

use pulldown_cmark::{html, Event, Options, Parser};

pub use citations::UnknownCitation;
use citations::{Citations, Taken};

use super::body_html::BodyHtml;
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
    pub html: BodyHtml,
    /// Ids of the headings, in order (for anchors and tables of contents).
    pub headings: Vec<Heading>,
    pub internal_links: Vec<InternalLink>,
    /// The text of the first paragraph, for a summary when none is given.
    pub first_paragraph: String,
    /// A link or raw HTML in the body mentions `.md` or `@/`: links to other articles
    /// may need resolving (see `crate::links`); false spares scanning the HTML.
    pub may_link_articles: bool,
    /// Per source of the article (see [`render_citing`]): how many times the body cites
    /// it, so `[n]` references `#cite-n-1`… link back from the list.
    pub citations: Vec<u32>,
    /// Citations of ids no source has.
    pub unknown_citations: Vec<UnknownCitation>,
}

impl RenderedMarkdown {
    /// Replaces the HTML (links resolved).
    pub fn set_html(&mut self, html: String) {
        self.html = BodyHtml::new(html);
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
    render_citing(body, base_path, policy, &[])
}

/// [`render`], with `[@id]` citations of the sources whose ids are `sources` (in their
/// order; `None` for a source without an id) made numbered note references.
pub fn render_citing(
    body: &str,
    base_path: &str,
    policy: &MarkdownOptions,
    sources: &[Option<&str>],
) -> RenderedMarkdown {
    // CommonMark replaces U+0000 with U+FFFD; pulldown-cmark leaves it in.
    let replaced;
    let body = if body.contains('\0') {
        replaced = body.replace('\0', "\u{FFFD}");
        replaced.as_str()
    } else {
        body
    };
    let mut pass = Pass::new(body, base_path, policy.raw_html);
    let mut citations = Citations::new(sources);
    let mut events: Vec<Event> = Vec::new();
    let mut cite = |link: pulldown_cmark::BrokenLink<'_>| citations::target(&link);
    let parser = Parser::new_with_broken_link_callback(body, options(), Some(&mut cite));
    for (event, range) in parser.into_offset_iter() {
        let event = match citations.take(event, || pass.line_column(body, range.start)) {
            Taken::Not(event) => event,
            Taken::Reference(html) => {
                pass.first_paragraph.cited();
                citations::attach(&mut events);
                events.push(html);
                continue;
            }
            Taken::Skip => continue,
        };
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
            None => return render_citing(body, base_path, &ESCAPE, sources),
        }
    }
    RenderedMarkdown {
        html: BodyHtml::new(out),
        headings,
        internal_links: pass.internal_links,
        first_paragraph: pass.first_paragraph.text(),
        may_link_articles: pass.may_link_articles,
        citations: citations.counts,
        unknown_citations: citations.unknown,
    }
}

/// The policy a body too large to sanitise is rendered with.
const ESCAPE: MarkdownOptions = MarkdownOptions {
    raw_html: RawHtml::Escape,
    embed_hosts: Vec::new(),
};

#[cfg(test)]
mod tests;
