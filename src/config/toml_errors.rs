//! The one adapter between the TOML parser's errors and diagnostics: site.toml's (and a
//! theme's strings') parse errors at the span the parser gives, with a hint, and a
//! diagnostic at the span of a value.

use crate::error::{did_you_mean, Diagnostic, Diagnostics};
use crate::source::line_col;

/// A parse error of `file` (whose text is `text`), at the parser's span.
pub fn parse_error(file: &str, e: &toml::de::Error, text: &str) -> Diagnostics {
    let message = e.message().trim().to_string();
    let mut d = Diagnostic::in_file(file, message.clone());
    if let Some(span) = e.span() {
        let (line, col) = line_col(text, span.start);
        d = d.at(line, Some(col));
    }
    d.hint(hint(&message)).into()
}

/// A diagnostic about a value of `file`, at the span the TOML parser gave it.
pub fn at_span(
    file: impl AsRef<std::path::Path>,
    text: &str,
    span: std::ops::Range<usize>,
    message: String,
) -> Diagnostic {
    let (line, col) = line_col(text, span.start);
    Diagnostic::in_file(file, message).at(line, Some(col))
}

/// A hint for a serde/TOML message: "did you mean" for unknown keys. Serde's messages
/// list the fields a struct accepts, which no structured error carries.
fn hint(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let candidates: Vec<&str> = expected
            .split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, s)| s)
            .collect();
        return match did_you_mean(field, &candidates) {
            Some(c) => format!(
                "did you mean `{c}`? site.toml accepts: {}",
                candidates.join(", ")
            ),
            None => format!("site.toml accepts here: {}", candidates.join(", ")),
        };
    }
    if let Some((_, expected)) = message
        .strip_prefix("unknown variant")
        .and_then(|m| m.split_once("expected "))
    {
        let values: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        return format!(
            "write one of: {} (README.md's site.toml example explains each)",
            values.join(", ")
        );
    }
    if message.ends_with("expected a boolean") {
        return "write true or false, without quotes".into();
    }
    if message.starts_with("missing field") {
        return "see the site.toml reference in README.md".into();
    }
    "site.toml is TOML: check quotes, brackets and `key = value` pairs (README.md has a full example)".into()
}
