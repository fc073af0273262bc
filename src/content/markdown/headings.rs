//! Heading ids: each heading gets its own `{#id}`, or one made from its text that keeps
//! letters of every script, unique in the page.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::Heading;

/// Gives every heading an id (its own `{#id}`, or one made from its text), unique in the page.
pub(super) fn assign_heading_ids(events: &mut [Event]) -> Vec<Heading> {
    let mut headings = Vec::new();
    let mut used: Vec<String> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let level = heading_level(*level);
            let explicit = id.as_ref().map(|s| s.to_string());
            let (text, end) = heading_text(events, i + 1);
            let base = explicit.unwrap_or_else(|| id_from_text(&text));
            let unique = unique_id(base, &mut used);
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(unique.clone()));
            }
            headings.push(Heading {
                level,
                id: unique,
                text: text.trim().to_string(),
            });
            i = end;
        }
        i += 1;
    }
    headings
}

/// The text of the heading whose content starts at `events[start]`, and the index of
/// its end.
fn heading_text(events: &[Event], start: usize) -> (String, usize) {
    let mut text = String::new();
    let mut j = start;
    while j < events.len() {
        match &events[j] {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
        j += 1;
    }
    (text, j)
}

/// The id a heading without `{#id}` gets: its text slugified, or `section`.
fn id_from_text(text: &str) -> String {
    let s = slugify(text);
    if s.is_empty() {
        "section".to_string()
    } else {
        s
    }
}

/// `base`, or `base-1`, `base-2`… if it is taken; recorded in `used`.
fn unique_id(base: String, used: &mut Vec<String>) -> String {
    let mut unique = base.clone();
    let mut n = 1;
    while used.contains(&unique) {
        unique = format!("{base}-{n}");
        n += 1;
    }
    used.push(unique.clone());
    unique
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A URL- and id-safe form of a text that keeps letters of every script
/// (Arabic headings get Arabic ids): lower case, words joined by `-`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' || c == '.' || c == '/' {
            dash = true;
        }
    }
    out
}
