//! HTML and URL helpers every stage may use: escaping text for HTML, and a small,
//! tag-aware scan of the URL attributes (`href`, `src`) of an HTML fragment, used to
//! rewrite links between articles and to make feed content's URLs absolute. Not a full
//! HTML parser: it reads tags and their attributes, skips comments and the insides of
//! `<script>` and `<style>`, and leaves everything else byte for byte as it was.

/// Calls `f` with the decoded value of every `href` and `src` attribute; when `f`
/// returns a new value, it replaces the old one (escaped for a double-quoted
/// attribute). Returns the rewritten HTML.
pub(crate) fn rewrite_urls(html: &str, mut f: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let bytes = html.as_bytes();
    let mut copied = 0; // bytes of `html` already in `out`
    let mut i = 0;
    while let Some(lt) = html[i..].find('<') {
        let start = i + lt;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(html.len(), |e| start + e + 3);
            continue;
        }
        let Some(first) = bytes.get(start + 1) else {
            break;
        };
        if !first.is_ascii_alphabetic() {
            i = start + 1;
            continue;
        }
        let (name, mut j) = tag_name(html, start + 1);
        // Attributes, until the unquoted `>`.
        loop {
            match attribute(html, j) {
                Step::End(end) => {
                    j = end;
                    break;
                }
                Step::Skip(next) => j = next,
                Step::Attribute(a) => {
                    if a.name == "href" || a.name == "src" {
                        let value = decode_entities(&html[a.value.clone()]);
                        if let Some(new) = f(&value) {
                            // Replace the whole attribute value, quotes included.
                            out.push_str(&html[copied..a.value_from]);
                            out.push('"');
                            out.push_str(&escape_attr(&new));
                            out.push('"');
                            copied = a.next;
                        }
                    }
                    j = a.next;
                }
            }
        }
        i = (j + 1).min(html.len());
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            i = html[i..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(html.len(), |e| i + e);
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// The lower-case name of the tag whose name starts at `j`, and where it ends.
fn tag_name(html: &str, mut j: usize) -> (String, usize) {
    let bytes = html.as_bytes();
    let start = j;
    while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'-') {
        j += 1;
    }
    (html[start..j].to_ascii_lowercase(), j)
}

/// What is at a position inside a tag.
enum Step {
    /// The tag ends here (at its `>`, or at the end of the text).
    End(usize),
    /// An attribute without a value, or a stray character: go on from here.
    Skip(usize),
    Attribute(Attribute),
}

/// An attribute with a value.
struct Attribute {
    /// Its name, lower-case.
    name: String,
    /// Its value, without quotes.
    value: std::ops::Range<usize>,
    /// Where its value starts, quote included.
    value_from: usize,
    /// Where the next attribute may start.
    next: usize,
}

/// Reads the attribute at `j` of a tag.
fn attribute(html: &str, mut j: usize) -> Step {
    let bytes = html.as_bytes();
    let space = |k: usize| k < bytes.len() && bytes[k].is_ascii_whitespace();
    while space(j) || (j < bytes.len() && bytes[j] == b'/') {
        j += 1;
    }
    if j >= bytes.len() || bytes[j] == b'>' {
        return Step::End(j);
    }
    let name_start = j;
    while j < bytes.len()
        && !bytes[j].is_ascii_whitespace()
        && !matches!(bytes[j], b'=' | b'>' | b'/')
    {
        j += 1;
    }
    let name = html[name_start..j].to_ascii_lowercase();
    let mut k = j;
    while space(k) {
        k += 1;
    }
    if bytes.get(k) != Some(&b'=') {
        // A stray character: step over it.
        return Step::Skip(if j == name_start { j + 1 } else { j });
    }
    k += 1;
    while space(k) {
        k += 1;
    }
    let (value, next) = match bytes.get(k) {
        Some(&q) if q == b'"' || q == b'\'' => {
            let end = html[k + 1..]
                .find(q as char)
                .map_or(html.len(), |e| k + 1 + e);
            (k + 1..end, (end + 1).min(html.len()))
        }
        _ => {
            let mut e = k;
            while e < bytes.len() && !bytes[e].is_ascii_whitespace() && bytes[e] != b'>' {
                e += 1;
            }
            (k..e, e)
        }
    };
    Step::Attribute(Attribute {
        name,
        value,
        value_from: k,
        next,
    })
}

/// Escapes a value for a double-quoted HTML attribute.
pub(crate) fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Decodes the character references an attribute value may hold: the named ones
/// HTML writers emit for URLs and every numeric one.
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after.find(';').and_then(|semi| {
            let name = &after[..semi];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((c, semi))
        });
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes `%XX` escapes (UTF-8); anything malformed is kept as written.
pub(crate) fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// True when `url` names its scheme (`https:`, `mailto:`, `data:`…).
pub(crate) fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(colon) => {
            let scheme = &url[..colon];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Resolves `url` against the absolute URL of the page it appears on, as a browser
/// would: absolute URLs are kept; `//host`, `/path`, `#frag`, `?q` and relative
/// paths (with `.` and `..`) are joined to `page`.
pub(crate) fn absolute_url(url: &str, page: &str) -> String {
    if has_scheme(url) {
        return url.to_string();
    }
    let (scheme, after_scheme) = page.split_once("://").unwrap_or(("https", page));
    if let Some(rest) = url.strip_prefix("//") {
        return format!("{scheme}://{rest}");
    }
    let host_end = after_scheme.find('/').unwrap_or(after_scheme.len());
    let origin = &page[..scheme.len() + 3 + host_end];
    let page_path = &after_scheme[host_end..];
    let page_path = page_path.split(['#', '?']).next().unwrap_or(page_path);
    let page_path = if page_path.is_empty() { "/" } else { page_path };
    if url.is_empty() {
        return format!("{origin}{page_path}");
    }
    if url.starts_with('#') || url.starts_with('?') {
        return format!("{origin}{page_path}{url}");
    }
    let (path, suffix) = match url.find(['?', '#']) {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    };
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        let dir = &page_path[..page_path.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{path}")
    };
    format!("{origin}{}{suffix}", normalize_path(&joined))
}

/// Removes `.` and `..` segments from an absolute path, keeping a trailing `/`.
pub(crate) fn normalize_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len().saturating_sub(1);
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            "." => {
                if i == last {
                    parts.push("");
                }
            }
            ".." => {
                if parts.len() > 1 {
                    parts.pop();
                }
                if i == last {
                    parts.push("");
                }
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    if joined.starts_with('/') {
        joined
    } else {
        format!("/{joined}")
    }
}

/// Writes `input` escaped for HTML text or a double-quoted attribute (`& < > " '`,
/// and no more: no `/`, which would bloat URLs for no gain). Tera's escape function.
pub(crate) fn write_escaped(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut start = 0;
    for (i, b) in input.bytes().enumerate() {
        let rep: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&input.as_bytes()[start..i])?;
        out.write_all(rep)?;
        start = i + 1;
    }
    out.write_all(&input.as_bytes()[start..])
}

/// `input` escaped as [`write_escaped`] does.
pub(crate) fn escape(input: &str) -> String {
    let mut out = Vec::with_capacity(input.len() + 8);
    // Writing to a Vec cannot fail; the bytes are `input`'s and ASCII entities.
    let _ = write_escaped(input, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// `input` for an attribute value in single quotes: only `&` and `'` are escaped, so
/// that JSON keeps its `"` (six bytes each as `&quot;`, on every card of a list).
pub(crate) fn escape_single_quoted(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_quoted_values_escape_only_what_ends_them() {
        assert_eq!(
            escape_single_quoted(r#"{"p":[["O'Brien","A & B <x>"]]}"#),
            r#"{"p":[["O&#39;Brien","A &amp; B <x>"]]}"#
        );
    }

    #[test]
    fn rewrites_href_and_src_only_in_tags() {
        let html = "<p>a href=\"x\" <a href=\"@/b.md\" title=\"t\">b</a> <img src='i.png' alt=\"\"><!-- <a href=\"c\"> --><code>&lt;a href=&quot;d&quot;&gt;</code></p>";
        let mut seen = Vec::new();
        let out = rewrite_urls(html, |v| {
            seen.push(v.to_string());
            Some(format!("/new/{v}"))
        });
        assert_eq!(seen, ["@/b.md", "i.png"]);
        assert_eq!(
            out,
            "<p>a href=\"x\" <a href=\"/new/@/b.md\" title=\"t\">b</a> <img src=\"/new/i.png\" alt=\"\"><!-- <a href=\"c\"> --><code>&lt;a href=&quot;d&quot;&gt;</code></p>"
        );
    }

    #[test]
    fn untouched_when_nothing_changes() {
        let html = "<a href=\"x&amp;y\">z</a><script>if (a<b) x = '<a href=\"q\">';</script><br/>";
        let mut seen = Vec::new();
        let out = rewrite_urls(html, |v| {
            seen.push(v.to_string());
            None
        });
        assert_eq!(out, html);
        assert_eq!(seen, ["x&y"]);
    }

    #[test]
    fn decodes_references_and_percent_escapes() {
        assert_eq!(
            decode_entities("a&amp;b&#x27;c&#39;d&bogus"),
            "a&b'c'd&bogus"
        );
        assert_eq!(percent_decode("%D9%87%D8%AC%D9%88%D9%85-1"), "هجوم-1");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }

    #[test]
    fn resolves_like_a_browser() {
        let page = "https://u.github.io/repo/events/x/";
        assert_eq!(absolute_url("https://e.org/a", page), "https://e.org/a");
        assert_eq!(absolute_url("mailto:a@b", page), "mailto:a@b");
        assert_eq!(absolute_url("//cdn.org/a", page), "https://cdn.org/a");
        assert_eq!(
            absolute_url("/repo/y/", page),
            "https://u.github.io/repo/y/"
        );
        assert_eq!(
            absolute_url("#s", page),
            "https://u.github.io/repo/events/x/#s"
        );
        assert_eq!(
            absolute_url("img.png", page),
            "https://u.github.io/repo/events/x/img.png"
        );
        assert_eq!(
            absolute_url("../y/#f", page),
            "https://u.github.io/repo/events/y/#f"
        );
        assert_eq!(absolute_url("../../../../a", page), "https://u.github.io/a");
        assert_eq!(
            absolute_url("./", page),
            "https://u.github.io/repo/events/x/"
        );
    }
    #[test]
    fn escapes_the_five_characters_only() {
        assert_eq!(
            escape(r#"<a href="/x?a=1&b='2'">ع/é</a>"#),
            "&lt;a href=&quot;/x?a=1&amp;b=&#39;2&#39;&quot;&gt;ع/é&lt;/a&gt;"
        );
        assert_eq!(escape("plain"), "plain");
        assert_eq!(escape(""), "");
    }
}
