//! TimelineJS3's Text cells hold HTML. Simple HTML becomes Markdown: paragraphs,
//! line breaks, bold, italics and links. Anything else (a table, an image, a `<div>`
//! with a class) is kept as it is written: Markdown passes HTML through, and the build
//! sanitizes it as site.toml's `[markdown] raw_html` says.

use crate::html::decode_entities;

/// One piece of the HTML: a tag (name lower-cased, closing or not, its `href`) or text.
enum Piece<'a> {
    Tag {
        name: String,
        closing: bool,
        href: Option<String>,
    },
    Text(&'a str),
}

/// The pieces, or `None` when the HTML is not one this reader understands (an unclosed
/// `<`, a comment).
fn pieces(html: &str) -> Option<Vec<Piece<'_>>> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        if lt > 0 {
            out.push(Piece::Text(&rest[..lt]));
        }
        let gt = rest[lt..].find('>')? + lt;
        let inside = rest[lt + 1..gt].trim();
        rest = &rest[gt + 1..];
        if inside.starts_with('!') {
            return None;
        }
        let closing = inside.starts_with('/');
        let inside = inside.trim_start_matches('/').trim_end_matches('/').trim();
        let name: String = inside
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let attrs = &inside[name.len()..];
        out.push(Piece::Tag {
            href: attribute(attrs, "href"),
            name,
            closing,
        });
        // Other attributes than href (a class, a style) make it HTML to keep.
        let others = attrs.replace(
            &format!("href=\"{}\"", attribute(attrs, "href").unwrap_or_default()),
            "",
        );
        if !others.trim().is_empty() {
            return None;
        }
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    Some(out)
}

/// The value of `name="…"` in a tag's attributes.
fn attribute(attrs: &str, name: &str) -> Option<String> {
    let at = attrs.find(&format!("{name}=\""))? + name.len() + 2;
    let end = attrs[at..].find('"')? + at;
    Some(attrs[at..end].to_string())
}

/// Markdown's special characters in text, escaped.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '[' | ']' | '`' | '<' | '>' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The Markdown of a Text cell: converted when it is simple HTML, else the HTML as it
/// is. Plain text (no tag) is escaped so that it reads as written.
pub(crate) fn to_markdown(html: &str) -> String {
    let html = html.trim();
    if !html.contains('<') {
        return escape_text(&decode_entities(html));
    }
    convert(html).unwrap_or_else(|| html.to_string())
}

fn convert(html: &str) -> Option<String> {
    let mut out = String::new();
    let mut links: Vec<String> = Vec::new();
    for piece in pieces(html)? {
        match piece {
            Piece::Text(t) => {
                let text = decode_entities(t);
                // Whitespace between blocks is not text.
                let text = text.replace(['\n', '\r'], " ");
                if !(text.trim().is_empty() && (out.is_empty() || out.ends_with('\n'))) {
                    out.push_str(&escape_text(&text));
                }
            }
            Piece::Tag {
                name,
                closing,
                href,
            } => match (name.as_str(), closing) {
                ("p" | "div", false) => {}
                ("p" | "div", true) => {
                    out.truncate(out.trim_end_matches(' ').len());
                    out.push_str("\n\n");
                }
                ("br", _) => out.push_str("  \n"),
                ("b" | "strong", _) => out.push_str("**"),
                ("i" | "em", _) => out.push('*'),
                ("a", false) => {
                    links.push(href?);
                    out.push('[');
                }
                ("a", true) => {
                    let href = links.pop()?;
                    out.push_str(&format!(
                        "]({})",
                        href.replace(' ', "%20").replace(')', "%29")
                    ));
                }
                _ => return None,
            },
        }
    }
    links.is_empty().then(|| out.trim().to_string())
}

/// The text of a cell that may hold HTML (a headline, a caption): tags removed,
/// entities decoded, whitespace collapsed.
pub(crate) fn to_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode_entities(&out)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_html_becomes_markdown() {
        assert_eq!(
            to_markdown("<p>Albania <b>cuts</b> ties with <a href=\"https://x.org/a\">Iran</a>.</p><p>Second<br>line</p>"),
            "Albania **cuts** ties with [Iran](https://x.org/a).\n\nSecond  \nline"
        );
        assert_eq!(to_markdown("<i>a</i> &amp; b"), "*a* & b");
    }

    #[test]
    fn other_html_is_kept() {
        let table = "<table><tr><td>1</td></tr></table>";
        assert_eq!(to_markdown(table), table);
        let styled = "<p class=\"x\">text</p>";
        assert_eq!(to_markdown(styled), styled);
        assert_eq!(to_markdown("<p>open <b"), "<p>open <b");
    }

    #[test]
    fn plain_text_reads_as_written() {
        assert_eq!(to_markdown("a * b [c]"), "a \\* b \\[c\\]");
        assert_eq!(to_text("<b>Rama</b>  &amp; NATO"), "Rama & NATO");
    }
}
