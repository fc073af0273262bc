//! An article's slug, the last segment of its URL: `slug:` when the front matter gives
//! one, else the file name without its date prefix; either must be one URL segment.

use super::front_matter::FrontMatterLines;
use crate::error::Diagnostic;
use crate::url;

/// The slug: `slug:` when given, else the one the file name gives; either must be one
/// URL segment.
pub(super) fn choose(
    given: Option<&str>,
    key: &str,
    fm: &FrontMatterLines,
    errors: &mut Vec<Diagnostic>,
) -> String {
    match given {
        Some(s) if !is_valid_slug(s) => {
            errors.push(fm.error_at_key("slug", format!("`{s}` cannot be a slug"))
                .hint("a slug is one URL segment: letters, digits and hyphens, no `/`, no leading `.`"));
            String::new()
        }
        Some(s) => s.to_string(),
        None => {
            let slug = slug_from_key(key);
            if !is_valid_slug(&slug) {
                // A name with a line break is shown with `\n`, on the error's one line.
                let path = url::shown(&fm.path.to_string_lossy());
                errors.push(
                    Diagnostic::in_file(
                        path,
                        format!(
                            "the file name gives the slug `{}`, which cannot be part of a URL",
                            url::shown(&slug)
                        ),
                    )
                    .hint("rename the file with letters, digits and hyphens (no spaces, `#`, `?`, `%`, `/` or leading `.`), or set `slug:` in its front matter"),
                );
            }
            slug
        }
    }
}

/// `2022-09-07-albania-cuts-ties` → `albania-cuts-ties`; `sub/2014-mek` → `mek`.
pub(crate) fn slug_from_key(key: &str) -> String {
    let last = key.rsplit('/').next().unwrap_or(key);
    let stripped = strip_date_prefix(last);
    // A name that is only a date (`2022-09-07`) keeps it all.
    if stripped.chars().all(|c| c.is_ascii_digit() || c == '-') {
        last.to_string()
    } else {
        stripped.to_string()
    }
}

/// Removes a leading `YYYY-`, `YYYY-MM-` or `YYYY-MM-DD-` (or `_`).
fn strip_date_prefix(name: &str) -> &str {
    let b = name.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
    let sep = |i: usize| matches!(b.get(i), Some(b'-') | Some(b'_'));
    if !digits(0..4) || !sep(4) {
        return name;
    }
    if digits(5..7) && sep(7) {
        if digits(8..10) && sep(10) {
            return &name[11..];
        }
        return &name[8..];
    }
    &name[5..]
}

fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('.')
        && !s.contains(['/', '\\', '?', '#', '%', '"', '<', '>', ' '])
        && !s.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_from_keys() {
        assert_eq!(
            slug_from_key("2022-09-07-albania-cuts-ties"),
            "albania-cuts-ties"
        );
        assert_eq!(slug_from_key("2022-07-attack"), "attack");
        assert_eq!(slug_from_key("2014-mek"), "mek");
        assert_eq!(slug_from_key("2022-09-07"), "2022-09-07");
        assert_eq!(slug_from_key("sub/2013_x"), "x");
        assert_eq!(slug_from_key("هجوم"), "هجوم");
        assert_eq!(slug_from_key("20221-x"), "20221-x");
    }
}
