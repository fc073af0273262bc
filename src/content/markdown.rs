//! Markdown to HTML with pulldown-cmark: CommonMark plus tables, footnotes,
//! strikethrough, task lists and heading ids; root-relative links get the base path.

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

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

/// Renders `body`; `base_path` (e.g. `/repo/`) is put before links that start with `/`.
pub fn render(body: &str, base_path: &str) -> RenderedMarkdown {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset);

    let mut events: Vec<Event> = Vec::new();
    let mut internal_links = Vec::new();
    let mut first_paragraph = String::new();
    let mut paragraph_state = 0u8; // 0 before, 1 inside the first, 2 done
    let mut may_link_articles = false;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match &event {
            Event::Html(t) | Event::InlineHtml(t) if t.contains(".md") => may_link_articles = true,
            Event::Start(Tag::Link { dest_url, .. })
                if dest_url.contains(".md") || dest_url.starts_with(INTERNAL_LINK_PREFIX) =>
            {
                may_link_articles = true
            }
            _ => {}
        }
        let event = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match dest_url.strip_prefix(INTERNAL_LINK_PREFIX) {
                    Some(rest) => {
                        let (target, fragment) = match rest.split_once('#') {
                            Some((t, f)) => (t.to_string(), Some(f.to_string())),
                            None => (rest.to_string(), None),
                        };
                        internal_links.push(InternalLink {
                            target,
                            fragment,
                            line: line_of(range.start),
                            relative: false,
                        });
                        dest_url
                    }
                    None => {
                        if let Some((target, fragment)) = relative_md_link(&dest_url) {
                            internal_links.push(InternalLink {
                                target,
                                fragment,
                                line: line_of(range.start),
                                relative: true,
                            });
                        }
                        with_base(dest_url, base_path)
                    }
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: with_base(dest_url, base_path),
                title,
                id,
            }),
            Event::Start(Tag::Paragraph) if paragraph_state == 0 => {
                paragraph_state = 1;
                Event::Start(Tag::Paragraph)
            }
            Event::End(TagEnd::Paragraph) if paragraph_state == 1 => {
                paragraph_state = 2;
                Event::End(TagEnd::Paragraph)
            }
            Event::Text(t) if paragraph_state == 1 => {
                first_paragraph.push_str(&t);
                Event::Text(t)
            }
            Event::Code(t) if paragraph_state == 1 => {
                first_paragraph.push_str(&t);
                Event::Code(t)
            }

            Event::SoftBreak if paragraph_state == 1 => {
                first_paragraph.push(' ');
                Event::SoftBreak
            }
            other => other,
        };
        events.push(event);
    }
    let headings = assign_heading_ids(&mut events);
    let mut out = String::with_capacity(body.len() + body.len() / 4);
    html::push_html(&mut out, events.into_iter());
    RenderedMarkdown {
        html: out,
        headings,
        internal_links,
        first_paragraph: first_paragraph.trim().to_string(),
        may_link_articles,
        html_hash: LazyHash::default(),
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
}
