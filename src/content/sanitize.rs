//! Raw HTML in article bodies: the policy of site.toml's `[markdown]` (sanitize, trusted
//! or escape, and the hosts an `<iframe>` may show) and the ammonia sanitiser that
//! applies it to the bodies that hold raw HTML. Bodies without raw HTML never reach it:
//! the Markdown stage enforces the same rules on their events (see `content::markdown`).

use std::cell::RefCell;

use crate::url::LINK_SCHEMES;

/// The attributes an allowed `<iframe>` keeps.
const IFRAME_ATTRIBUTES: [&str; 7] = [
    "src",
    "title",
    "width",
    "height",
    "allowfullscreen",
    "loading",
    "referrerpolicy",
];

/// The most elements a body may have to be sanitised: html5ever builds its tree in time
/// quadratic in the nesting depth (10,000 nested elements take 0.25 s, 100,000 take 40 s),
/// and the count of start tags bounds the depth. Real articles have a few hundred.
pub(crate) const MAX_ELEMENTS: usize = 10_000;

thread_local! {
    /// One sanitiser per thread, made again only when the embed hosts change.
    static SANITIZER: RefCell<Option<(Vec<String>, ammonia::Builder<'static>)>> =
        const { RefCell::new(None) };
}

/// Sanitises `html` (a body rendered by pulldown-cmark): formatting, lists, tables (with
/// only `text-align` in the `style` of their cells), figures, images, footnotes, task-list
/// checkboxes (any other input becomes one), `id`, `class`, `dir` and `lang` survive, and links and images whose scheme
/// is http(s), mailto or tel, or none; `<script>` and `<style>` go with their content, and
/// so do every event handler, other `style`, and other URLs. An `<iframe>` stays only when
/// its `src` is https on one of `embed_hosts`, with [`IFRAME_ATTRIBUTES`] only.
/// `None` for HTML of more than [`MAX_ELEMENTS`] elements.
pub(crate) fn clean(html: &str, embed_hosts: &[String]) -> Option<String> {
    if start_tags(html) > MAX_ELEMENTS {
        return None;
    }
    let cleaned = SANITIZER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.as_ref().is_some_and(|(hosts, _)| hosts != embed_hosts) {
            *slot = None;
        }
        let (_, builder) = slot.get_or_insert_with(|| (embed_hosts.to_vec(), builder(embed_hosts)));
        builder.clean(html).to_string()
    });
    Some(if embed_hosts.is_empty() || !cleaned.contains("<iframe") {
        cleaned
    } else {
        drop_iframes_without_src(&cleaned)
    })
}

/// How many start tags `html` can hold at most: every one begins with `<` and a letter.
fn start_tags(html: &str) -> usize {
    html.as_bytes()
        .windows(2)
        .filter(|w| w[0] == b'<' && w[1].is_ascii_alphabetic())
        .count()
}

fn builder(embed_hosts: &[String]) -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.url_schemes(LINK_SCHEMES.into_iter().collect())
        .link_rel(None)
        .add_generic_attributes(&["id", "class", "dir"])
        // A citation's note reference (`role="doc-noteref"`).
        .add_tag_attributes("a", &["role"])
        .add_tag_attributes("th", &["style"])
        .add_tag_attributes("td", &["style"])
        .filter_style_properties(["text-align"].into_iter().collect())
        // Task lists: every input is a checkbox. (One value is set, not two: ammonia
        // adds missing ones in the order of a hash map, which varies between runs.)
        .add_tags(&["input"])
        .add_tag_attributes("input", &["type", "checked", "disabled"])
        .set_tag_attribute_value("input", "type", "checkbox");
    if embed_hosts.is_empty() {
        b.add_clean_content_tags(&["iframe"]);
    } else {
        b.add_tags(&["iframe"])
            .add_tag_attributes("iframe", &IFRAME_ATTRIBUTES);
        let hosts = embed_hosts.to_vec();
        b.attribute_filter(move |element, attribute, value| {
            if element == "iframe" && attribute == "src" && !embeddable(value, &hosts) {
                None
            } else {
                Some(value.into())
            }
        });
    }
    b
}

/// `src` of an `<iframe>` that may stay: https, no user name, a host in `hosts`.
fn embeddable(src: &str, hosts: &[String]) -> bool {
    let Ok(url) = ammonia::Url::parse(src) else {
        return false;
    };
    url.scheme() == "https"
        && url.username().is_empty()
        && url.password().is_none()
        && url
            .host_str()
            .is_some_and(|h| hosts.iter().any(|allowed| allowed.eq_ignore_ascii_case(h)))
}

/// Removes each `<iframe>` whose `src` the sanitiser refused, and the text inside every
/// iframe (never shown). `html` is ammonia's output: tags lower-case, every attribute
/// value double-quoted with `"` escaped, and no raw-text element but `<iframe>`.
fn drop_iframes_without_src(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let tag_len = tag_length(&rest[lt..]);
        let tag = &rest[lt..lt + tag_len];
        rest = &rest[lt + tag_len..];
        if tag.starts_with("<iframe") && tag[7..].starts_with([' ', '>']) {
            let close = rest.find("</iframe>").map_or(rest.len(), |i| i + 9);
            rest = &rest[close..];
            if tag.contains(" src=\"") {
                out.push_str(tag);
                out.push_str("</iframe>");
            }
        } else {
            out.push_str(tag);
        }
    }
    out.push_str(rest);
    out
}

/// The length of the tag `s` starts with, up to its `>` outside quotes.
fn tag_length(s: &str) -> usize {
    let mut quoted = false;
    for (i, c) in s.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '>' if !quoted => return i + 1,
            _ => {}
        }
    }
    s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts() -> Vec<String> {
        vec!["www.youtube-nocookie.com".to_string()]
    }

    #[test]
    fn keeps_formatting_tables_footnotes_and_ids() {
        let html = "<h2 id=\"a\" class=\"c\">A</h2>\n<p><em>e</em> <strong>s</strong> <del>d</del> \
                    <code>c</code> <sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup></p>\n\
                    <table><thead><tr><th style=\"text-align: right\">h</th></tr></thead>\
                    <tbody><tr><td style=\"text-align: center\">d</td></tr></tbody></table>\n\
                    <div class=\"footnote-definition\" id=\"1\"><sup class=\"footnote-definition-label\">1</sup></div>\n\
                    <ul><li><input disabled=\"\" type=\"checkbox\" checked=\"\"/> done</li></ul>\n\
                    <figure><img src=\"/a.png\" alt=\"x\"><figcaption>f</figcaption></figure>\n\
                    <p dir=\"rtl\" lang=\"ar\"><a href=\"mailto:a@b.org\" title=\"t\">m</a> <a href=\"tel:+1\">t</a> \
                    <a href=\"other.md#x\">o</a></p>";
        let out = clean(html, &[]).unwrap_or_default();
        for kept in [
            "<h2 id=\"a\" class=\"c\">A</h2>",
            "<em>e</em>",
            "<del>d</del>",
            "<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup>",
            "<th style=\"text-align:right\">h</th>",
            "<td style=\"text-align:center\">d</td>",
            "<div class=\"footnote-definition\" id=\"1\">",
            "<figure><img src=\"/a.png\" alt=\"x\"><figcaption>f</figcaption></figure>",
            "<p dir=\"rtl\" lang=\"ar\">",
            "<a href=\"mailto:a@b.org\" title=\"t\">m</a>",
            "<a href=\"tel:+1\">t</a>",
            "<a href=\"other.md#x\">o</a>",
        ] {
            assert!(out.contains(kept), "lost {kept} in {out}");
        }
        assert!(
            out.contains("<input disabled=\"\" type=\"checkbox\" checked=\"\">"),
            "{out}"
        );
        assert!(!out.contains("rel="), "{out}");
    }

    #[test]
    fn removes_scripts_handlers_styles_and_unsafe_urls() {
        let html = "<script>alert('block')</script><style>p{}</style>\
                    <p onclick=\"x()\" style=\"color: red\">p</p>\
                    <td style=\"text-align: left; background: url(javascript:x)\">c</td>\
                    <a href=\"javascript:alert(1)\">j</a><a href=\" JAVASCRIPT:alert(1)\">k</a>\
                    <a href=\"data:text/html;base64,PHNjcmlwdD4=\">d</a><img src=\"vbscript:x\" onerror=\"y\">\
                    <input type=\"text\" name=\"pw\"><svg><script>alert(2)</script></svg>\
                    <iframe src=\"https://www.youtube-nocookie.com/embed/x\"></iframe><form action=\"/x\">f</form>";
        let out = clean(html, &[]).unwrap_or_default();
        for gone in [
            "<script",
            "alert(",
            "<style",
            "p{}",
            "onclick",
            "color",
            "background",
            "javascript",
            "data:",
            "vbscript",
            "onerror",
            "<iframe",
            "<form",
            "name=",
        ] {
            assert!(
                !out.to_ascii_lowercase().contains(gone),
                "{gone} kept in {out}"
            );
        }
        assert!(out.contains("<input type=\"checkbox\">"), "{out}");
    }

    #[test]
    fn iframes_only_from_the_listed_hosts() {
        let html = "<iframe src=\"https://www.youtube-nocookie.com/embed/x\" width=\"560\" \
                    onload=\"x()\" allow=\"camera\" srcdoc=\"&lt;script&gt;\">inner <b>text</b></iframe>\
                    <iframe src=\"https://evil.example/x\" title=\"a > b\"></iframe>\
                    <iframe src=\"http://www.youtube-nocookie.com/embed/y\"></iframe>\
                    <iframe src=\"https://u:p@www.youtube-nocookie.com/z\"></iframe>\
                    <iframe src=\"//www.youtube-nocookie.com/w\"></iframe>\
                    <iframe title=\"none\"></iframe><p>after</p>";
        let out = clean(html, &hosts()).unwrap_or_default();
        assert_eq!(
            out,
            "<iframe src=\"https://www.youtube-nocookie.com/embed/x\" width=\"560\"></iframe><p>after</p>"
        );
        // Without hosts, no iframe at all.
        assert_eq!(clean(html, &[]).as_deref(), Some("<p>after</p>"));
    }

    #[test]
    fn a_new_host_list_makes_a_new_sanitizer() {
        let html = "<iframe src=\"https://a.example/x\"></iframe>";
        assert_eq!(clean(html, &hosts()).as_deref(), Some(""));
        let a = vec!["a.example".to_string()];
        assert_eq!(clean(html, &a).as_deref(), Some(html));
        assert_eq!(clean(html, &hosts()).as_deref(), Some(""));
    }

    #[test]
    fn too_many_elements_are_not_sanitized() {
        let at_limit = "<i>".repeat(MAX_ELEMENTS);
        assert!(clean(&at_limit, &[]).is_some());
        let html = format!("{at_limit}<b>");
        assert_eq!(clean(&html, &[]), None);
        // `<` without a letter after it starts no tag.
        assert!(clean(&format!("{at_limit}< b></b>"), &[]).is_some());
    }
}
