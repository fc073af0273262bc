//! What an author may write as a URL or a host name: the schemes allowed in links, images
//! and front matter (read as a browser reads them), and host names for site.toml.

/// The schemes a link in a body may use; a URL without a scheme (a path on the site, a
/// relative file, a fragment) is always allowed.
pub(crate) const LINK_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// The scheme of `url`, lower-case, as a browser finds it: leading spaces and control
/// characters are stripped and tabs and line breaks anywhere are ignored (the URL
/// standard's rules), so ` java\tscript:` is `javascript`. `None` for a URL without one.
pub(crate) fn scheme(url: &str) -> Option<String> {
    let mut out = String::new();
    let chars = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'));
    for c in chars {
        match c {
            ':' if !out.is_empty() => return Some(out),
            c if c.is_ascii_alphabetic() => out.push(c.to_ascii_lowercase()),
            c if !out.is_empty() && (c.is_ascii_digit() || "+-.".contains(c)) => out.push(c),
            _ => return None,
        }
    }
    None
}

/// A link or image in a body may point there: no scheme, or one of [`LINK_SCHEMES`].
pub(crate) fn is_safe_link(url: &str) -> bool {
    // The common cases without a look at every character.
    if url.starts_with(['/', '#', '.']) || url.starts_with("https://") {
        return true;
    }
    scheme(url).is_none_or(|s| LINK_SCHEMES.contains(&s.as_str()))
}

/// Why `url`, given in front matter (`image`, `archive_url`), is neither an http(s)
/// address nor a path on the site; `None` when it is one.
pub(crate) fn author_url_problem(url: &str) -> Option<String> {
    let scheme = scheme(url);
    let trimmed = url.trim_start_matches(|c: char| c <= ' ');
    match scheme.as_deref() {
        Some("http") | Some("https") | None => {}
        Some(other) => return Some(format!("`{other}:` addresses are not allowed")),
    }
    if scheme.is_none()
        && (trimmed.starts_with("//") || trimmed.starts_with('\\') || trimmed.starts_with("/\\"))
    {
        return Some("it starts like an address on another site, without its `https:`".into());
    }
    if url.chars().any(char::is_control) {
        return Some("it holds a control character (a line break, a tab…)".into());
    }
    if url.trim() != url {
        return Some("it starts or ends with a space".into());
    }
    let after_scheme = url.split_once(':').map_or("", |(_, rest)| rest);
    match after_scheme.strip_prefix("//") {
        _ if scheme.is_none() => None,
        Some(host) if !host.is_empty() && !host.starts_with('/') => None,
        _ => Some("an http(s) address needs `//` and a host name after its scheme".into()),
    }
}

/// A host name: dot-separated labels of ASCII letters, digits and hyphens (not at either
/// end of a label), each 1–63 characters, 253 in all. No scheme, port, path or spaces.
pub(crate) fn is_host_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// `s` for a message: control characters (a line break…) written as escapes.
pub(crate) fn shown(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_as_browsers_read_them() {
        assert_eq!(scheme("https://x.org/").as_deref(), Some("https"));
        assert_eq!(scheme("JavaScript:alert(1)").as_deref(), Some("javascript"));
        assert_eq!(scheme(" \u{1}javascript:x").as_deref(), Some("javascript"));
        assert_eq!(scheme("java\tscr\nipt:x").as_deref(), Some("javascript"));
        assert_eq!(scheme("data:text/html,x").as_deref(), Some("data"));
        assert_eq!(scheme("view-source:x").as_deref(), Some("view-source"));
        assert_eq!(scheme("/a:b"), None);
        assert_eq!(scheme("a/b:c"), None);
        assert_eq!(scheme("#x:y"), None);
        assert_eq!(scheme("@/a.md"), None);
        assert_eq!(scheme("1x:y"), None);
        assert_eq!(scheme(":x"), None);
        assert_eq!(scheme("photo.jpg"), None);
    }

    #[test]
    fn safe_links() {
        for ok in [
            "https://e.org/",
            "HTTP://e.org",
            "mailto:a@b.org",
            "tel:+355",
            "/events/x/",
            "x.md#a",
            "#fn",
            "",
        ] {
            assert!(is_safe_link(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " JAVASCRIPT:alert(1)",
            "\u{0}javascript:x",
            "data:text/html;base64,PHNjcmlwdD4=",
            "vbscript:x",
            "file:///etc/passwd",
            "java\nscript:x",
        ] {
            assert!(!is_safe_link(bad), "{bad}");
        }
    }

    #[test]
    fn author_urls() {
        for ok in [
            "https://web.archive.org/web/2022/https://e.org/",
            "HTTPS://E.ORG/x",
            "/images/a.png",
            "photo.jpg",
            "sub/photo.jpg",
        ] {
            assert_eq!(author_url_problem(ok), None, "{ok}");
        }
        for (bad, why) in [
            ("javascript:alert('img')", "`javascript:`"),
            (" Data:text/html,<script>", "`data:`"),
            ("vbscript:x", "`vbscript:`"),
            ("file:///etc/passwd", "`file:`"),
            ("ftp://e.org/x", "`ftp:`"),
            ("https:/x", "needs `//`"),
            ("http://", "needs `//`"),
            ("//evil.org/x.png", "another site"),
            ("\\\\evil.org/x.png", "another site"),
            ("/\\evil.org/x.png", "another site"),
            ("a\nb.png", "control character"),
            (" /a.png", "space"),
        ] {
            let p = author_url_problem(bad).unwrap_or_default();
            assert!(p.contains(why), "{bad:?}: {p}");
        }
    }

    #[test]
    fn shown_escapes_controls() {
        assert_eq!(shown("a.org\n<x>\u{0}"), "a.org\\n<x>\\u{0}");
    }

    #[test]
    fn host_names() {
        for ok in [
            "timeline.example.org",
            "a-b.c1.org",
            "localhost",
            "xn--mgbh0fb.com",
        ] {
            assert!(is_host_name(ok), "{ok}");
        }
        let long = format!("{}.org", "a".repeat(64));
        let too_long = ["abc."; 64].concat() + "org";
        for bad in [
            "",
            "a.example.org\n<script>",
            "../../x",
            "https://x.org",
            "x.org/path",
            "x.org:8080",
            "a b.org",
            "-a.org",
            "a-.org",
            "a..org",
            "x.org.",
            "user@x.org",
            "مثال.com",
            long.as_str(),
            too_long.as_str(),
        ] {
            assert!(!is_host_name(bad), "{bad:?}");
        }
    }
}
