//! The little XML writing the feeds and the sitemap need: escaping text and
//! attribute values, turning site URLs into the forms crawlers expect, and printing
//! instants as Atom wants them.

use chrono::{Datelike, NaiveDate, NaiveDateTime};

/// Escapes text for an XML element or a double-quoted attribute. Characters that
/// XML 1.0 forbids (most C0 controls, U+FFFE, U+FFFF) are dropped.
pub(crate) fn escape(s: &str) -> String {
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
pub(crate) fn encode_url(url: &str) -> String {
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

/// An instant within the years Atom can print (0001 to 9999, four digits): an
/// earlier or later one (possible in an EDTF model) is clamped, so that instants
/// sort as they print.
pub(crate) fn atom_instant(t: NaiveDateTime) -> NaiveDateTime {
    let first = NaiveDate::from_ymd_opt(1, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0));
    let last = NaiveDate::from_ymd_opt(9999, 12, 31).and_then(|d| d.and_hms_opt(23, 59, 59));
    match (t.year(), first, last) {
        (y, Some(first), _) if y < 1 => first,
        (y, _, Some(last)) if y > 9999 => last,
        _ => t,
    }
}

/// An instant for an element a feed or sitemap may leave out (Atom's `published`, a
/// sitemap's `lastmod`): printed when Atom can print its year (0001 to 9999), else
/// `None`, so that an element is left out rather than given a false date.
pub(crate) fn atom_time_if_printable(t: NaiveDateTime) -> Option<String> {
    (1..=9999).contains(&t.year()).then(|| atom_time(t))
}

/// An instant as Atom prints it (RFC 3339, UTC), clamped by [`atom_instant`].
pub(crate) fn atom_time(t: NaiveDateTime) -> String {
    atom_instant(t).format("%Y-%m-%dT%H:%M:%SZ").to_string()
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
        let at = |y: i32, m: u32, d: u32| {
            NaiveDate::from_ymd_opt(y, m, d)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .expect("a date")
        };
        assert_eq!(atom_time(at(2022, 7, 1)), "2022-07-01T00:00:00Z");
        assert_eq!(atom_time(at(-44, 3, 15)), "0001-01-01T00:00:00Z");
        assert_eq!(atom_time(at(0, 1, 1)), "0001-01-01T00:00:00Z");
        assert_eq!(atom_time(at(10000, 1, 1)), "9999-12-31T23:59:59Z");
        assert!(atom_instant(at(-44, 3, 15)) < atom_instant(at(1, 1, 2)));
        assert_eq!(
            atom_time_if_printable(at(2022, 7, 1)).as_deref(),
            Some("2022-07-01T00:00:00Z")
        );
        assert_eq!(atom_time_if_printable(at(-499, 1, 1)), None);
        assert_eq!(atom_time_if_printable(at(10000, 1, 1)), None);
        assert_eq!(
            atom_time_if_printable(at(1, 1, 1)).as_deref(),
            Some("0001-01-01T00:00:00Z")
        );
    }
}
