//! The default theme, built into the binary: themes/default/ of timeline's source
//! (templates, static files, strings and the theme guide), embedded at compile time by
//! build.rs as a table of (path under the theme, bytes) sorted by path, so a site needs
//! no theme folder and every site that has not overridden a file gets the theme's fixes.

use std::path::PathBuf;

use super::{Layer, StaticContents, Template};

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// The name of the built-in theme, in site.toml and under themes/.
pub const NAME: &str = crate::config::BUILTIN_THEME;

/// Every file of the built-in theme: (path under the theme, contents), sorted by path.
pub fn files() -> &'static [(&'static str, &'static [u8])] {
    DEFAULT_THEME
}

/// The built-in file at `rel` (`templates/article.html`), if there is one.
pub fn file(rel: &str) -> Option<&'static [u8]> {
    DEFAULT_THEME
        .binary_search_by(|(name, _)| (*name).cmp(rel))
        .ok()
        .map(|i| DEFAULT_THEME[i].1)
}

/// How messages name a built-in file: `themes/default/templates/x.html (built in)`.
pub fn shown(rel: &str) -> PathBuf {
    PathBuf::from(format!("themes/{NAME}/{rel} (built in)"))
}

/// The built-in theme as the first layer of a site's theme: its templates, the strings
/// of the languages in `codes` it has, its static files. (Its text is UTF-8, which a
/// test checks; a file that were not would be left out.)
pub(super) fn layer(codes: &[&str]) -> Layer {
    let mut layer = Layer::default();
    for (rel, bytes) in DEFAULT_THEME {
        if let Some(name) = rel.strip_prefix("templates/") {
            let Ok(source) = std::str::from_utf8(bytes) else {
                continue;
            };
            let t = Template {
                name: name.to_string(),
                source: source.to_string(),
                path: shown(rel),
            };
            layer.templates.insert(name.to_string(), t);
        } else if let Some(file) = rel.strip_prefix("i18n/") {
            let code = file.strip_suffix(".toml").unwrap_or(file);
            if let (true, Ok(text)) = (codes.contains(&code), std::str::from_utf8(bytes)) {
                layer
                    .strings
                    .insert(code.to_string(), (shown(rel), text.to_string()));
            }
        } else if let Some(path) = rel.strip_prefix("static/") {
            layer
                .statics
                .insert(path.to_string(), StaticContents::BuiltIn(bytes));
        }
    }
    layer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_the_whole_default_theme_sorted() {
        let names: Vec<&str> = DEFAULT_THEME.iter().map(|(n, _)| *n).collect();
        for needed in [
            "README.md",
            "templates/base.html",
            "templates/article.html",
            "templates/macros.html",
            "i18n/en.toml",
            "i18n/ar.toml",
            "static/style.css",
        ] {
            assert!(names.contains(&needed), "{needed} missing from {names:?}");
        }
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted, "file() searches a sorted table");
        let en = DEFAULT_THEME.iter().find(|(n, _)| *n == "i18n/en.toml");
        assert_eq!(file("i18n/en.toml"), en.map(|(_, b)| *b));
        assert!(file("templates/nope.html").is_none());
    }

    #[test]
    fn every_text_file_is_utf8_and_every_template_declares_the_interface() {
        for (rel, bytes) in DEFAULT_THEME {
            let text = std::str::from_utf8(bytes);
            if !rel.starts_with("static/") {
                assert!(text.is_ok(), "{rel} is not UTF-8");
            }
            if rel.starts_with("templates/") {
                let declared = text.ok().and_then(super::super::interface::declared);
                assert_eq!(
                    declared,
                    Some(super::super::interface::CURRENT),
                    "{rel} starts with {}",
                    super::super::interface::header()
                );
            }
        }
    }

    #[test]
    fn strings_parse() {
        for code in ["en", "ar"] {
            let rel = format!("i18n/{code}.toml");
            let text = std::str::from_utf8(file(&rel).unwrap_or_default()).unwrap_or_default();
            let strings = super::super::parse_strings(text, &shown(&rel)).expect("valid TOML");
            assert!(strings.contains_key("home"), "{rel}");
        }
    }
}
