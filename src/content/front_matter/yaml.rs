//! The YAML of the front matter through serde_yaml (0.9), and its errors explained: each
//! with its line in the article file and a hint. The patterns below match serde_yaml's
//! wording (`at position`, `at line`, `duplicate entry with key`, `expected a sequence`…);
//! every message they produce is pinned by a case of tests/invalid/.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::{fields, FrontMatterLines};
use crate::error::{did_you_mean, Diagnostic};

/// What a kind of front matter (an article's, an entity's) is made of, for explaining
/// what is wrong with one: its keys (the fields of its struct), those it must have, and
/// the keys of the lists of tables it holds (an article's `sources`).
pub(crate) trait Form: DeserializeOwned {
    /// The keys it must have.
    const REQUIRED: &'static [&'static str];
    /// How to add required `key`.
    fn required_hint(key: &str) -> &'static str;
    /// (key, the keys of each table in the list under it).
    fn lists() -> Vec<(&'static str, &'static [&'static str])> {
        Vec::new()
    }
    /// The keys it may have: its struct's fields.
    fn keys() -> &'static [&'static str] {
        fields::names::<Self>()
    }
    /// It has `extra:` for custom data (an article; an entity has none).
    const EXTRA: bool = true;
}

/// Parses the YAML into the front-matter struct `T`; on failure, explains every problem
/// with its line in the file.
pub(super) fn parse<T: Form>(
    yaml: &str,
    first_line: usize,
    path: &Path,
) -> Result<T, Vec<Diagnostic>> {
    let yaml_or_empty = if yaml.trim().is_empty() { "{}" } else { yaml };
    let err = match serde_yaml::from_str::<T>(yaml_or_empty) {
        Ok(raw) => return Ok(raw),
        Err(e) => e,
    };
    let value: serde_yaml::Value = match serde_yaml::from_str(yaml_or_empty) {
        Ok(v) => v,
        Err(syntax) => {
            return Err(vec![syntax_error(
                &syntax,
                yaml,
                yaml_or_empty,
                first_line,
                path,
            )])
        }
    };
    let fm = FrontMatterLines {
        yaml,
        first_line,
        path,
    };
    let Some(map) = value.as_mapping() else {
        return Err(vec![Diagnostic::in_file(
            path,
            "front matter must be a list of `key: value` lines",
        )
        .at(first_line, Some(1))
        .hint(
            "e.g.\n  title: \"…\"\n  date: 2022-09-07\n  topics: [cyberattack]",
        )]);
    };
    let mut errors = Vec::new();
    let suggested = unknown_keys(map, T::keys(), T::EXTRA, &fm, &mut errors);
    missing_keys::<T>(map, &suggested, &fm, &mut errors);
    for (list, keys) in T::lists() {
        unknown_list_keys(map, list, keys, &fm, &mut errors);
    }
    if errors.is_empty() {
        let msg = strip_location(&err.to_string());
        errors.push(
            at_location(
                Diagnostic::in_file(path, format!("front matter: {msg}")),
                &err,
                first_line,
            )
            .hint(type_hint(&msg)),
        );
    }
    Err(errors)
}

/// The diagnostic at the location serde_yaml gives, in the article file.
fn at_location(d: Diagnostic, e: &serde_yaml::Error, first_line: usize) -> Diagnostic {
    match e.location() {
        Some(loc) => d.at(loc.line() + first_line - 1, Some(loc.column())),
        None => d.at(first_line - 1, None),
    }
}

/// YAML that cannot be read at all (bad syntax, a control character, a key twice).
fn syntax_error(
    syntax: &serde_yaml::Error,
    yaml: &str,
    yaml_or_empty: &str,
    first_line: usize,
    path: &Path,
) -> Diagnostic {
    let msg = strip_location(&syntax.to_string());
    // Errors of the YAML reader (bad characters) give a byte offset, not a line.
    let d = match reader_position(&msg, yaml_or_empty) {
        Some((msg, line, col)) => {
            Diagnostic::in_file(path, format!("invalid YAML in front matter: {msg}"))
                .at(line + first_line - 1, Some(col))
        }
        None => at_location(
            Diagnostic::in_file(path, format!("invalid YAML in front matter: {msg}")),
            syntax,
            first_line,
        ),
    };
    let d = locate_duplicate_key(d, &msg, yaml, first_line);
    let tab_indented = d
        .line
        .and_then(|l| l.checked_sub(first_line))
        .and_then(|i| yaml.lines().nth(i))
        .is_some_and(|l| l.trim_start_matches(' ').starts_with('\t'));
    d.hint(syntax_hint(&msg, tab_indented))
}

fn syntax_hint(msg: &str, tab_indented: bool) -> &'static str {
    if msg.contains("control characters") {
        "the front matter holds an invisible control character: delete it, or write it as an escape such as \\u0007 inside double quotes"
    } else if msg.starts_with("duplicate entry") {
        "each key may appear only once: remove one of the two lines"
    } else if msg.contains("repetition limit") {
        "the front matter repeats an alias (`*name`) too often: write the values out"
    } else if msg.contains("recursion limit") {
        "the front matter is nested too deeply"
    } else if tab_indented {
        "YAML does not allow tabs for indentation: indent with spaces"
    } else {
        "check indentation and quoting; a value holding `: ` or starting with `[`, `{`, `*` or `#` needs double quotes"
    }
}

/// One error per top-level key that is not a field; returns the required keys that an
/// unknown key is probably a misspelling of (`titel:`): the "did you mean" error says it
/// all, so they are not also reported as missing.
fn unknown_keys(
    map: &serde_yaml::Mapping,
    keys: &'static [&'static str],
    extra: bool,
    fm: &FrontMatterLines,
    errors: &mut Vec<Diagnostic>,
) -> Vec<&'static str> {
    let (aside, then) = match extra {
        true => (
            " (custom data for themes goes under `extra:`)",
            "; custom data goes under `extra:`",
        ),
        false => ("", ""),
    };
    let mut suggested = Vec::new();
    for key in map.keys() {
        let name = key
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| format!("{key:?}"));
        if !keys.contains(&name.as_str()) {
            let hint = match did_you_mean(&name, keys) {
                Some(k) => {
                    suggested.push(k);
                    format!("did you mean `{k}`?{aside}")
                }
                None => format!("allowed keys: {}{then}", keys.join(", ")),
            };
            let mut d = fm.error_at_key(&name, format!("unknown key `{name}`"));
            if d.column.is_some() {
                // Point at the key itself, not at its value.
                d.column = Some(1);
            }
            errors.push(d.hint(hint));
        }
    }
    suggested
}

fn missing_keys<T: Form>(
    map: &serde_yaml::Mapping,
    suggested: &[&str],
    fm: &FrontMatterLines,
    errors: &mut Vec<Diagnostic>,
) {
    for &key in T::REQUIRED {
        if !map.contains_key(key) && !suggested.contains(&key) {
            errors.push(
                Diagnostic::in_file(fm.path, format!("missing `{key}` in front matter"))
                    .at(fm.first_line - 1, Some(1))
                    .hint(T::required_hint(key)),
            );
        }
    }
}

/// One error per key of a table under `list` that the table does not have.
fn unknown_list_keys(
    map: &serde_yaml::Mapping,
    list: &str,
    keys: &'static [&'static str],
    fm: &FrontMatterLines,
    errors: &mut Vec<Diagnostic>,
) {
    let Some(serde_yaml::Value::Sequence(items)) = map.get(list) else {
        return;
    };
    let one = list.strip_suffix('s').unwrap_or(list);
    for m in items.iter().filter_map(|s| s.as_mapping()) {
        for k in m.keys().filter_map(|k| k.as_str()) {
            if !keys.contains(&k) {
                let hint = match did_you_mean(k, keys) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => format!("a {one} has: {}", keys.join(", ")),
                };
                errors.push(
                    fm.error_at_nested_key(k, format!("unknown key `{k}` in a {one}"))
                        .hint(hint),
                );
            }
        }
    }
}

/// The hint for YAML that reads but does not fit the struct (a wrong type, a missing
/// field of a source).
fn type_hint(msg: &str) -> &'static str {
    if msg.contains("expected a sequence") {
        "write a list as `[a, b]` or as lines starting with `- `"
    } else if msg.contains("expected a date") {
        "write one date: YYYY, YYYY-MM or YYYY-MM-DD, or a range as \"START/END\""
    } else if msg.starts_with("kind:") {
        "an entity's kind is one of: person, organisation, country, place, group"
    } else if msg.starts_with("status:") {
        "status is one of: confirmed, reported, disputed, denied"
    } else if msg.starts_with("sources") && msg.contains("unknown variant") {
        "a source's kind is one of: primary, news, wire, state-media, social, research, court"
    } else if msg.starts_with("corrections") {
        "each correction has a `date` and a `text`: - { date: 2022-09-10, text: \"…\" }"
    } else if msg.starts_with("actors") || msg.starts_with("places") {
        "write entity ids from content/entities/, as `[iran, tirana]`, or `- { id: iran, role: accused }`"
    } else if msg.starts_with("sources") && msg.contains("missing field") {
        "each source needs a `title` and a `url`: - { title: \"…\", url: \"https://…\" }"
    } else if msg.contains("expected a boolean") {
        "write true or false"
    } else if msg.contains("expected a string") {
        "write a single text value; put it in double quotes if it holds `: ` or starts with `[`"
    } else {
        "see the front matter reference in README.md"
    }
}

/// `duplicate entry with key "title"`: serde_yaml points at the start of the mapping;
/// point at the second top-level line with that key instead.
fn locate_duplicate_key(d: Diagnostic, msg: &str, yaml: &str, first_line: usize) -> Diagnostic {
    let Some(key) = msg
        .strip_prefix("duplicate entry with key \"")
        .and_then(|rest| rest.split_once('"'))
        .map(|(k, _)| k)
    else {
        return d;
    };
    let second = yaml
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .nth(1);
    match second {
        Some((i, _)) => d.at(first_line + i, Some(1)),
        None => d,
    }
}

/// `"control characters are not allowed at position 160"`: the message without its
/// byte offset, and the 1-based line and column of that offset in `yaml`.
pub(super) fn reader_position<'m>(msg: &'m str, yaml: &str) -> Option<(&'m str, usize, usize)> {
    let (head, offset) = msg.rsplit_once(" at position ")?;
    let mut offset: usize = offset.trim().parse().ok()?;
    offset = offset.min(yaml.len());
    while !yaml.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &yaml[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((head, line, col))
}

/// serde_yaml appends " at line L column C"; the diagnostic carries the location itself.
fn strip_location(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}
