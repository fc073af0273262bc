//! Tests of the split at the fences, of the YAML errors, and that the keys listed are
//! the fields of the structs.

use super::yaml::reader_position;
use super::*;

#[test]
fn splits_with_line_numbers() {
    let s = split("---\ntitle: a\ndate: 2014\n---\nbody\n", Path::new("a.md")).expect("ok");
    assert_eq!(s.yaml, "title: a\ndate: 2014\n");
    assert_eq!(s.yaml_line, 2);
    assert_eq!(s.body, "body\n");
    assert_eq!(s.body_line, 5);
}

#[test]
fn empty_body_and_dots_fence() {
    let s = split("---\ntitle: a\n...", Path::new("a.md")).expect("ok");
    assert_eq!(s.body, "");
    let s = split("---\n---\n", Path::new("a.md")).expect("ok");
    assert_eq!(s.yaml, "");
}

#[test]
fn missing_and_unclosed() {
    let e = split("# hello\n", Path::new("a.md")).expect_err("no fm");
    assert!(e.message.contains("no front matter"));
    let e = split("---\ntitle: a\n", Path::new("a.md")).expect_err("unclosed");
    assert!(e.message.contains("unclosed"));
    assert_eq!(e.line, Some(1));
}

#[test]
fn fence_with_trailing_spaces() {
    assert!(split("---  \ntitle: a\n---\t\n", Path::new("a.md")).is_ok());
}

#[test]
fn reader_errors_point_at_the_character() {
    let yaml = "title: \"a\"\nsummary: \"x\u{7f}\"\n";
    let offset = yaml.find('\u{7f}').expect("DEL");
    let msg = format!("control characters are not allowed at position {offset}");
    assert_eq!(
        reader_position(&msg, yaml),
        Some(("control characters are not allowed", 2, 12))
    );
    assert_eq!(reader_position("did not find expected key", yaml), None);
}

const VALID: &str = "title: t\ndate: 2022\ntopics: [a]\n";

fn parse(yaml: &str) -> Result<RawFrontMatter, Vec<Diagnostic>> {
    yaml::parse(yaml, 2, Path::new("a.md"))
}

/// An error says a key is not one of the struct's fields.
fn unknown(errors: &[Diagnostic]) -> bool {
    errors
        .iter()
        .any(|e| e.message.contains("unknown key") || e.message.contains("unknown field"))
}

#[test]
fn keys_are_the_fields_of_the_struct() {
    // Each key is one serde knows: its value is read (or refused for its type).
    assert_eq!(keys().len(), 20);
    assert_eq!(keys()[..3], REQUIRED);
    for key in keys() {
        let errors = parse(&format!("{VALID}{key}: {{ x: [] }}\n")).err();
        assert!(!unknown(&errors.unwrap_or_default()), "{key}");
    }
    assert_eq!(
        source_keys(),
        [
            "id",
            "title",
            "url",
            "publisher",
            "kind",
            "language",
            "published",
            "accessed",
            "archive_url",
            "note"
        ]
    );
    for key in source_keys() {
        let yaml = format!("{VALID}sources:\n  - {{ title: a, url: b, {key}: {{ x: [] }} }}\n");
        assert!(!unknown(&parse(&yaml).err().unwrap_or_default()), "{key}");
    }
    // And a key that is not a field is unknown, with the whole list in the hint.
    let errors = parse(&format!("{VALID}zzqx: 1\n")).expect_err("unknown");
    assert_eq!(errors[0].message, "unknown key `zzqx`");
    assert_eq!(
        errors[0].hint.as_deref(),
        Some(
            "allowed keys: title, date, topics, summary, tags, sources, slug, draft, status, \
             actors, places, attribution, corrections, image, image_alt, image_credit, extra, published, \
             updated, lang; custom data goes under `extra:`"
        )
    );
}

#[test]
fn required_keys_are_the_fields_without_a_default() {
    assert!(parse(VALID).is_ok());
    for key in REQUIRED {
        let yaml: String = VALID
            .lines()
            .filter(|l| !l.starts_with(key))
            .map(|l| format!("{l}\n"))
            .collect();
        let errors = parse(&yaml).expect_err(key);
        assert_eq!(
            errors[0].message,
            format!("missing `{key}` in front matter")
        );
    }
}

#[test]
fn field_names_of_a_type_that_is_not_a_struct_are_none() {
    assert!(fields::names::<String>().is_empty());
}
