//! One walk over a body's events: the policy applied to links, images, heading
//! attributes and raw HTML, and what is recorded on the way (links to other articles,
//! the first paragraph, what the raw HTML asks of the sanitiser).

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::first_paragraph;
use super::inert::RawHtmlScan;
use super::{InternalLink, INTERNAL_LINK_PREFIX};
use crate::config::RawHtml;
use crate::url;

/// The state of the walk: what it records, and the policy it applies.
pub(super) struct Pass<'b> {
    base_path: &'b str,
    raw_html: RawHtml,
    line_starts: Vec<usize>,
    pub internal_links: Vec<InternalLink>,
    pub first_paragraph: first_paragraph::Collector,
    pub may_link_articles: bool,
    raw: RawHtmlScan,
    /// For each open link and image: whether its start was kept.
    links: Vec<bool>,
    images: Vec<bool>,
}

impl<'b> Pass<'b> {
    pub(super) fn new(body: &str, base_path: &'b str, raw_html: RawHtml) -> Self {
        Pass {
            base_path,
            raw_html,
            line_starts: std::iter::once(0)
                .chain(body.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
            internal_links: Vec::new(),
            first_paragraph: first_paragraph::Collector::new(),
            may_link_articles: false,
            raw: RawHtmlScan::new(),
            links: Vec::new(),
            images: Vec::new(),
        }
    }

    /// Some raw HTML may need the sanitiser (see `content::markdown::inert`).
    pub(super) fn needs_sanitizer(&self) -> bool {
        self.raw.needs_sanitizer()
    }

    /// The 1-based line and column (in characters) of `body` at byte `offset`.
    pub(super) fn line_column(&self, body: &str, offset: usize) -> (usize, usize) {
        let line = self.line_of(offset);
        let start = self.line_starts[line - 1];
        let column = body.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }

    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset)
    }

    /// Records what the event tells about the body, as written: links to articles, raw
    /// HTML, and the plain text of the first paragraph.
    // `note` and the `note`s it calls are `#[inline]`: they run once per event, and
    // called across codegen units they cost 2% more instructions in the parse stage.
    #[inline]
    pub(super) fn note(&mut self, event: &Event) {
        match event {
            Event::Html(t) | Event::InlineHtml(t) => {
                self.may_link_articles |= t.contains(".md");
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.may_link_articles |=
                    dest_url.contains(".md") || dest_url.starts_with(INTERNAL_LINK_PREFIX);
            }
            _ => {}
        }
        self.raw.note(event);
        self.first_paragraph.note(event);
    }

    /// The event as it goes into the page, or `None` to leave it out.
    #[inline]
    pub(super) fn apply<'a>(&mut self, event: Event<'a>, offset: usize) -> Option<Event<'a>> {
        let escape = self.raw_html == RawHtml::Escape;
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.open_link(dest_url, offset)?;
                Some(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }))
            }
            Event::End(TagEnd::Link) => self.links.pop().unwrap_or(true).then_some(event),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.open_image(dest_url)?;
                Some(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }))
            }
            Event::End(TagEnd::Image) => self.images.pop().unwrap_or(true).then_some(event),
            // `{#id .class key=value}`: only the id and the classes, in every mode.
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => Some(Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs: Vec::new(),
            })),
            Event::Html(t) | Event::InlineHtml(t) if escape => Some(Event::Text(t)),
            Event::Start(Tag::HtmlBlock) if escape => Some(Event::Start(Tag::Paragraph)),
            Event::End(TagEnd::HtmlBlock) if escape => Some(Event::End(TagEnd::Paragraph)),
            other => Some(other),
        }
    }

    /// The start of a link: the URL it goes to, or `None` to leave the link out (its end
    /// too; its text stays).
    fn open_link<'a>(&mut self, dest_url: CowStr<'a>, offset: usize) -> Option<CowStr<'a>> {
        let keep = self.allowed(&dest_url);
        self.links.push(keep);
        keep.then(|| self.link_target(dest_url, offset))
    }

    /// The start of an image: its source, or `None` to leave the image out (its end too).
    fn open_image<'a>(&mut self, dest_url: CowStr<'a>) -> Option<CowStr<'a>> {
        let keep = self.allowed(&dest_url);
        self.images.push(keep);
        keep.then(|| with_base(dest_url, self.base_path))
    }

    /// A link or image to `url` is kept: its scheme is allowed, or authors are trusted.
    /// (A link left out keeps its text; an image left out shows its description.)
    fn allowed(&self, url: &str) -> bool {
        self.raw_html == RawHtml::Trusted || url::is_safe_link(url)
    }

    /// The URL a kept link goes to, recording links to other articles.
    fn link_target<'a>(&mut self, dest_url: CowStr<'a>, offset: usize) -> CowStr<'a> {
        let line = self.line_of(offset);
        if let Some(rest) = dest_url.strip_prefix(INTERNAL_LINK_PREFIX) {
            let (target, fragment) = match rest.split_once('#') {
                Some((t, f)) => (t.to_string(), Some(f.to_string())),
                None => (rest.to_string(), None),
            };
            self.internal_links.push(InternalLink {
                target,
                fragment,
                line,
                relative: false,
            });
            return dest_url;
        }
        if let Some((target, fragment)) = relative_md_link(&dest_url) {
            self.internal_links.push(InternalLink {
                target,
                fragment,
                line,
                relative: true,
            });
        }
        with_base(dest_url, self.base_path)
    }
}

/// A relative link to a Markdown file (`other.md`, `../x/index.md#part`): its path and
/// fragment. Links with a scheme, root-relative and fragment-only links are not.
fn relative_md_link(url: &str) -> Option<(String, Option<String>)> {
    let scheme = url.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if scheme || url.starts_with('/') || url.starts_with('#') {
        return None;
    }
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (url, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    path.ends_with(".md").then(|| (path.to_string(), fragment))
}

/// `/img/a.png` → `/repo/img/a.png`; other URLs unchanged.
fn with_base<'a>(url: CowStr<'a>, base_path: &str) -> CowStr<'a> {
    if url.starts_with('/') && !url.starts_with("//") && base_path != "/" {
        CowStr::from(format!("{}{}", base_path, &url[1..]))
    } else {
        url
    }
}
