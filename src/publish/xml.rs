//! The little XML writing the feeds and the sitemap need: escaping text and
//! attribute values, and turning site URLs into the forms crawlers expect.

/// Escapes text for an XML element or a double-quoted attribute. Characters that
/// XML 1.0 forbids (most C0 controls, U+FFFE, U+FFFF) are dropped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes what may not appear raw in a URL: non-ASCII bytes (Arabic slugs),
/// spaces and a few reserved-for-nothing characters. `%` is kept, so an already
/// encoded URL passes through unchanged.
pub fn encode_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_ascii()
            && !c.is_ascii_control()
            && !matches!(
                c,
                ' ' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}'
            )
        {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// An RFC 3339 instant that Atom accepts: a four-digit year from 0001 to 9999.
/// Dates outside that range (possible in an EDTF model) are clamped.
pub fn clamp_rfc3339(s: String) -> String {
    let year_ok = s.len() >= 20
        && s.as_bytes()[..4].iter().all(u8::is_ascii_digit)
        && s.as_bytes()[4] == b'-';
    if !year_ok {
        if s.starts_with('-') {
            return "0001-01-01T00:00:00Z".into();
        }
        return "9999-12-31T23:59:59Z".into();
    }
    if s.starts_with("0000") {
        return "0001-01-01T00:00:00Z".into();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_controls() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>\u{1}\n"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;\n"
        );
        assert_eq!(escape("ألبانيا"), "ألبانيا");
    }

    #[test]
    fn encodes_non_ascii_and_keeps_escapes() {
        assert_eq!(
            encode_url("https://x.org/a/هجوم/"),
            "https://x.org/a/%D9%87%D8%AC%D9%88%D9%85/"
        );
        assert_eq!(
            encode_url("https://x.org/a%20b?q=1#f"),
            "https://x.org/a%20b?q=1#f"
        );
        assert_eq!(encode_url("a b"), "a%20b");
    }

    #[test]
    fn clamps_years_atom_cannot_hold() {
        assert_eq!(
            clamp_rfc3339("2022-07-01T00:00:00Z".into()),
            "2022-07-01T00:00:00Z"
        );
        assert_eq!(
            clamp_rfc3339("-0044-03-15T00:00:00Z".into()),
            "0001-01-01T00:00:00Z"
        );
        assert_eq!(
            clamp_rfc3339("+10000-01-01T00:00:00Z".into()),
            "9999-12-31T23:59:59Z"
        );
    }
}
