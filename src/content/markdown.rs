//! Markdown to HTML with pulldown-cmark: CommonMark plus tables, footnotes,
//! strikethrough, task lists and heading ids; root-relative links get the base path.
//! The raw-HTML policy of site.toml is applied here: links and images with a scheme
//! other than http(s), mailto or tel are left out, heading attributes give only an id
//! and classes, and raw HTML is escaped, sanitised (`content::sanitize`, only for bodies
//! that hold some) or kept.

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::sanitize;
use crate::config::{MarkdownOptions, RawHtml};
use crate::url;

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
    /// The hash of `html`, computed when first asked for (by `serve`, to tell whether a
    /// page changed) and kept with the article.
    html_hash: LazyHash,
}

impl RenderedMarkdown {
    /// Replaces the HTML (links resolved), forgetting the hash of the old one.
    pub fn set_html(&mut self, html: String) {
        self.html = html;
        self.html_hash = LazyHash::default();
    }

    /// The hash of the HTML, computed once.
    pub fn hash(&self) -> u64 {
        *self
            .html_hash
            .0
            .get_or_init(|| crate::fingerprint::hash_str(&self.html))
    }
}

/// A memoised hash; not part of what makes two bodies equal.
#[derive(Debug, Clone, Default)]
struct LazyHash(std::sync::OnceLock<u64>);

impl PartialEq for LazyHash {
    fn eq(&self, _: &LazyHash) -> bool {
        true
    }
}

impl Eq for LazyHash {}

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
        first_paragraph: pass.first_paragraph.trim().to_string(),
        may_link_articles: pass.may_link_articles,
        html_hash: LazyHash::default(),
    }
}

/// The policy a body too large to sanitise is rendered with.
const ESCAPE: MarkdownOptions = MarkdownOptions {
    raw_html: RawHtml::Escape,
    embed_hosts: Vec::new(),
};

/// Where the walk over the events is with respect to the first paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FirstParagraph {
    Before,
    Inside,
    Done,
}

/// One walk over a body's events: what it records, and the policy it applies to links,
/// images, heading attributes and raw HTML.
struct Pass<'b> {
    base_path: &'b str,
    raw_html: RawHtml,
    line_starts: Vec<usize>,
    internal_links: Vec<InternalLink>,
    first_paragraph: String,
    paragraph: FirstParagraph,
    /// Inside a `<script>` or `<style>` written inline in the first paragraph.
    in_raw_text: bool,
    /// Raw HTML left out of the first paragraph's text since its last text: the space
    /// on either side of it is kept once.
    after_html: bool,
    may_link_articles: bool,
    /// The body holds raw HTML (an HTML block or inline HTML).
    raw_html_seen: bool,
    /// While all the raw HTML is inert (see [`inert_html`]): the inline elements it has
    /// opened and not yet closed. `None` once some raw HTML needs the sanitiser.
    inert: Option<Vec<&'static str>>,
    /// For each open link and image: whether its start was kept.
    links: Vec<bool>,
    images: Vec<bool>,
}

impl<'b> Pass<'b> {
    fn new(body: &str, base_path: &'b str, raw_html: RawHtml) -> Self {
        Pass {
            base_path,
            raw_html,
            line_starts: std::iter::once(0)
                .chain(body.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
            internal_links: Vec::new(),
            first_paragraph: String::new(),
            paragraph: FirstParagraph::Before,
            in_raw_text: false,
            after_html: false,
            may_link_articles: false,
            raw_html_seen: false,
            inert: Some(Vec::new()),
            links: Vec::new(),
            images: Vec::new(),
        }
    }

    /// Some raw HTML may need the sanitiser: the body holds raw HTML that is not inert,
    /// or leaves an inert element open.
    fn needs_sanitizer(&self) -> bool {
        self.raw_html_seen && self.inert.as_ref().is_none_or(|open| !open.is_empty())
    }

    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset)
    }

    /// Records what the event tells about the body, as written: links to articles, raw
    /// HTML, and the plain text of the first paragraph (without raw HTML, nor the text
    /// of a `<script>` or `<style>` in it).
    fn note(&mut self, event: &Event) {
        match event {
            Event::Html(t) | Event::InlineHtml(t) => {
                self.raw_html_seen = true;
                self.may_link_articles |= t.contains(".md");
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
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.may_link_articles |=
                    dest_url.contains(".md") || dest_url.starts_with(INTERNAL_LINK_PREFIX);
            }
            _ => {}
        }
        match (self.paragraph, event) {
            (FirstParagraph::Before, Event::Start(Tag::Paragraph)) => {
                self.paragraph = FirstParagraph::Inside
            }
            (FirstParagraph::Inside, Event::End(TagEnd::Paragraph)) => {
                self.paragraph = FirstParagraph::Done
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
                let spaced = self.after_html && self.first_paragraph.ends_with(' ');
                self.first_paragraph
                    .push_str(if spaced { t.trim_start() } else { t });
                self.after_html = false;
            }
            (FirstParagraph::Inside, Event::SoftBreak) => self.first_paragraph.push(' '),
            _ => {}
        }
    }

    /// The event as it goes into the page, or `None` to leave it out.
    fn apply<'a>(&mut self, event: Event<'a>, offset: usize) -> Option<Event<'a>> {
        let escape = self.raw_html == RawHtml::Escape;
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let keep = self.allowed(&dest_url);
                self.links.push(keep);
                keep.then(|| {
                    let dest_url = self.link_target(dest_url, offset);
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })
                })
            }
            Event::End(TagEnd::Link) => self.links.pop().unwrap_or(true).then_some(event),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let keep = self.allowed(&dest_url);
                self.images.push(keep);
                keep.then(|| {
                    Event::Start(Tag::Image {
                        link_type,
                        dest_url: with_base(dest_url, self.base_path),
                        title,
                        id,
                    })
                })
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
fn inert_html(html: &str, open: &mut Vec<&'static str>) -> bool {
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

/// Gives every heading an id (its own `{#id}`, or one made from its text), unique in the page.
fn assign_heading_ids(events: &mut [Event]) -> Vec<Heading> {
    let mut headings = Vec::new();
    let mut used: Vec<String> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let level = heading_level(*level);
            let explicit = id.as_ref().map(|s| s.to_string());
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() {
                match &events[j] {
                    Event::End(TagEnd::Heading(_)) => break,
                    Event::Text(t) | Event::Code(t) => text.push_str(t),
                    _ => {}
                }
                j += 1;
            }
            let base = explicit.unwrap_or_else(|| {
                let s = slugify(&text);
                if s.is_empty() {
                    "section".to_string()
                } else {
                    s
                }
            });
            let mut unique = base.clone();
            let mut n = 1;
            while used.contains(&unique) {
                unique = format!("{base}-{n}");
                n += 1;
            }
            used.push(unique.clone());
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(unique.clone()));
            }
            headings.push(Heading {
                level,
                id: unique,
                text: text.trim().to_string(),
            });
            i = j;
        }
        i += 1;
    }
    headings
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A URL- and id-safe form of a text that keeps letters of every script
/// (Arabic headings get Arabic ids): lower case, words joined by `-`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' || c == '.' || c == '/' {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(body: &str, base_path: &str) -> RenderedMarkdown {
        super::render(body, base_path, &MarkdownOptions::default())
    }

    #[test]
    fn extensions_are_on() {
        let r = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~\n\n- [x] done\n\nNote[^1].\n\n[^1]: Foot.\n",
            "/",
        );
        assert!(r.html.contains("<table>"), "{}", r.html);
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("type=\"checkbox\""));
        assert!(r.html.contains("footnote-definition"));
    }

    #[test]
    fn heading_ids_auto_explicit_unique_arabic() {
        let r = render(
            "## Hello World\n\n## Hello World\n\n## Custom {#mine}\n\n## الهجوم الإلكتروني\n",
            "/",
        );
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            ["hello-world", "hello-world-1", "mine", "الهجوم-الإلكتروني"]
        );
        assert!(
            r.html.contains("<h2 id=\"hello-world\">Hello World</h2>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn root_links_get_base_path() {
        let r = render(
            "[a](/x/) [b](https://e.org/) [c](y/) ![i](/img/a.png)",
            "/repo/",
        );
        assert!(r.html.contains("href=\"/repo/x/\""));
        assert!(r.html.contains("href=\"https://e.org/\""));
        assert!(r.html.contains("href=\"y/\""));
        assert!(r.html.contains("src=\"/repo/img/a.png\""));
    }

    #[test]
    fn internal_links_are_recorded_with_lines() {
        let r = render(
            "para\n\nsee [x](@/2022-09-07-a.md#sec) and\n[y](@/b.md)\n\n[z](../c.md#part) [w](https://e.org/d.md)\n",
            "/",
        );
        assert_eq!(
            r.internal_links,
            vec![
                InternalLink {
                    target: "2022-09-07-a.md".into(),
                    fragment: Some("sec".into()),
                    line: 3,
                    relative: false,
                },
                InternalLink {
                    target: "b.md".into(),
                    fragment: None,
                    line: 4,
                    relative: false,
                },
                InternalLink {
                    target: "../c.md".into(),
                    fragment: Some("part".into()),
                    line: 6,
                    relative: true,
                },
            ]
        );
    }

    #[test]
    fn first_paragraph_is_plain_text() {
        let r = render("# T\n\nThe *first*\nparagraph `x`.\n\nSecond.", "/");
        assert_eq!(r.first_paragraph, "The first paragraph x.");
        assert!(r.html.contains("<code>x</code>"), "{}", r.html);
        assert!(!r.may_link_articles);
        assert!(render("[a](b.md)", "/").may_link_articles);
        assert!(render("<a href=\"../c.md\">c</a>", "/").may_link_articles);
    }
    #[test]
    fn nul_becomes_the_replacement_character() {
        let r = render("a\0b\n\n## h\0\n", "/");
        assert_eq!(r.first_paragraph, "a\u{FFFD}b");
        assert!(r.html.contains("<p>a\u{FFFD}b</p>"), "{}", r.html);
        assert!(!r.html.contains('\0'), "{:?}", r.html);
    }

    #[test]
    fn first_paragraph_leaves_out_raw_html_and_script_text() {
        let r = render(
            "First <script>alert('firstpara')</script> para with **bold** \
             <STYLE type=x>p{}</style>and <b>kept</b> <scripts>text</scripts>.",
            "/",
        );
        assert_eq!(r.first_paragraph, "First para with bold and kept text.");
        assert!(!r.html.contains("alert"), "{}", r.html);
    }

    fn with(mode: RawHtml, hosts: &[&str]) -> MarkdownOptions {
        MarkdownOptions {
            raw_html: mode,
            embed_hosts: hosts.iter().map(|h| h.to_string()).collect(),
        }
    }

    const HOSTILE: &str = "[click](javascript:alert('mdlink')) [d](data:text/html;base64,PHNjcmlwdD4=) \
        ![pic](JavaScript:alert(1)) <vbscript:x> [ok](https://e.org/) [m](mailto:a@b.org) [f](#fn)\n\n\
        ## Attr heading {onclick=alert(12) .c #h}\n";

    #[test]
    fn unsafe_link_schemes_are_left_out_unless_trusted() {
        for mode in [RawHtml::Sanitize, RawHtml::Escape] {
            let r = super::render(HOSTILE, "/", &with(mode, &[]));
            let html = r.html.to_ascii_lowercase();
            for gone in ["javascript", "data:", "href=\"vbscript", "<img"] {
                assert!(!html.contains(gone), "{mode:?}: {gone} in {}", r.html);
            }
            for kept in [
                "<p>click d pic vbscript:x ",
                "<a href=\"https://e.org/\">ok</a>",
                "<a href=\"mailto:a@b.org\">m</a>",
                "<a href=\"#fn\">f</a>",
            ] {
                assert!(r.html.contains(kept), "{mode:?}: no {kept} in {}", r.html);
            }
        }
        let r = super::render(HOSTILE, "/", &with(RawHtml::Trusted, &[]));
        assert!(
            r.html
                .contains("href=\"javascript:alert(&#x27;mdlink&#x27;)\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("src=\"JavaScript:alert(1)\""), "{}", r.html);
    }

    #[test]
    fn heading_attributes_give_only_id_and_class_in_every_mode() {
        for mode in [RawHtml::Sanitize, RawHtml::Escape, RawHtml::Trusted] {
            let r = super::render(HOSTILE, "/", &with(mode, &[]));
            assert!(
                r.html
                    .contains("<h2 id=\"h\" class=\"c\">Attr heading</h2>"),
                "{mode:?}: {}",
                r.html
            );
            assert!(!r.html.contains("onclick"), "{mode:?}: {}", r.html);
        }
    }

    const RAW: &str = "<script>alert('block')</script>\n\nText <b onmouseover=\"x()\">bold</b> \
        <a href=\"javascript:alert(2)\">j</a> <a href=\"other.md\">o</a>\n\n\
        <iframe src=\"https://www.youtube-nocookie.com/embed/x\"></iframe>\n\n\
        | a | b |\n|:--|--:|\n| 1 | 2 |\n";

    #[test]
    fn raw_html_sanitized() {
        let r = super::render(RAW, "/", &MarkdownOptions::default());
        for gone in ["<script", "alert", "onmouseover", "javascript", "<iframe"] {
            assert!(!r.html.contains(gone), "{gone} in {}", r.html);
        }
        for kept in [
            "<b>bold</b>",
            "<a>j</a>",
            "<a href=\"other.md\">o</a>",
            "<th style=\"text-align:left\">a</th>",
            "<td style=\"text-align:right\">2</td>",
        ] {
            assert!(r.html.contains(kept), "no {kept} in {}", r.html);
        }
        assert!(r.may_link_articles);
        let r = super::render(
            RAW,
            "/",
            &with(RawHtml::Sanitize, &["www.youtube-nocookie.com"]),
        );
        assert!(
            r.html
                .contains("<iframe src=\"https://www.youtube-nocookie.com/embed/x\"></iframe>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn raw_html_escaped_or_trusted() {
        let r = super::render(RAW, "/", &with(RawHtml::Escape, &[]));
        assert!(
            r.html
                .starts_with("<p>&lt;script&gt;alert('block')&lt;/script&gt;\n</p>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("Text &lt;b onmouseover=\"x()\"&gt;bold&lt;/b&gt;"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("<b"), "{}", r.html);
        let r = super::render(RAW, "/", &with(RawHtml::Trusted, &[]));
        assert!(
            r.html.starts_with("<script>alert('block')</script>\n"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<b onmouseover=\"x()\">bold</b>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<th style=\"text-align: left\">a</th>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn inert_raw_html_is_recognised() {
        let inert = |html: &str| {
            let mut open = Vec::new();
            inert_html(html, &mut open) && open.is_empty()
        };
        for ok in [
            "<br>",
            "<BR/>",
            "<br />",
            "<wbr>",
            "<sup>1</sup>",
            "<b>x <i>y</i></b>",
            "<span>a &amp; b</span>",
            "text\n<hr>\nmore\n",
        ] {
            assert!(inert(ok), "{ok}");
        }
        for not in [
            "<b class=\"x\">",
            "<br onclick=x>",
            "<b>x</i>",
            "</b>",
            "<b>open",
            "<script>",
            "<img src=x>",
            "<div>",
            "<!-- c -->",
            "<b >x</b >",
            "a < b",
            "<br",
            "<sup/>",
            "<br\tonload=x>",
        ] {
            assert!(!inert(not), "{not}");
        }
    }

    #[test]
    fn inert_raw_html_skips_the_sanitizer_unless_left_open() {
        // The sanitiser would write `text-align:left` and `<br>` for `<br/>`.
        let table = "| a |\n|:--|\n| 1 |\n\n";
        let r = render(
            &format!("{table}H<sub>2</sub>O<br/> and <b>bold <i>it</i></b>.\n"),
            "/",
        );
        assert!(
            r.html.contains("<th style=\"text-align: left\">a</th>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("H<sub>2</sub>O<br/> and <b>bold <i>it</i></b>."),
            "{}",
            r.html
        );
        // Left open at the end of its paragraph, or with an attribute: sanitised.
        for body in [
            "<b>bold\n\nnext\n",
            "x<b>y\n\n</b>\n",
            "<b title=\"t\">x</b>\n",
        ] {
            let r = render(&format!("{table}{body}"), "/");
            assert!(r.html.contains("text-align:left"), "{body}: {}", r.html);
        }
    }

    #[test]
    fn a_body_too_large_to_sanitize_shows_its_raw_html_as_text() {
        let body = format!(
            "{}\n\n<b class=\"x\" onclick=\"y()\">z</b>\n",
            "<div>".repeat(20_000)
        );
        let started = std::time::Instant::now();
        let r = super::render(&body, "/", &MarkdownOptions::default());
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        assert!(
            r.html.starts_with("<p>&lt;div&gt;&lt;div&gt;"),
            "{}",
            &r.html[..80]
        );
        assert!(r
            .html
            .contains("&lt;b class=\"x\" onclick=\"y()\"&gt;z&lt;/b&gt;"));
        assert!(!r.html.contains("<div") && !r.html.contains("<b "));
    }

    #[test]
    fn bodies_without_raw_html_skip_the_sanitizer() {
        // pulldown-cmark writes `text-align: left`; the sanitiser would write `text-align:left`.
        let table = "| a |\n|:--|\n| 1 |\n";
        let r = render(table, "/");
        assert!(
            r.html.contains("<th style=\"text-align: left\">a</th>"),
            "{}",
            r.html
        );
        let r = render(&format!("{table}\n<b class=\"c\">x</b>\n"), "/");
        assert!(
            r.html.contains("<th style=\"text-align:left\">a</th>"),
            "{}",
            r.html
        );
    }
}
