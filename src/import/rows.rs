//! The rows of a spreadsheet, read into drafts of articles: TimelineJS3's Google-Sheets
//! layout, or timeline's own CSV download (`events.csv`). Every problem names its row
//! (the line of the file where the row starts) and its column (the cell's position,
//! counted from 1, and its header).

use std::path::Path;

use super::html::{to_markdown, to_text};
use crate::config::Config;
use crate::content::Status;
use crate::date::EventDate;
use crate::error::{did_you_mean, Diagnostic};

/// TimelineJS3's columns, as its template names them.
pub(crate) const TIMELINEJS_COLUMNS: [&str; 18] = [
    "Year",
    "Month",
    "Day",
    "Time",
    "End Year",
    "End Month",
    "End Day",
    "End Time",
    "Display Date",
    "Headline",
    "Text",
    "Media",
    "Media Credit",
    "Media Caption",
    "Media Thumbnail",
    "Type",
    "Group",
    "Background",
];

/// A source of a draft.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DraftSource {
    pub title: String,
    pub publisher: Option<String>,
    pub url: String,
}

/// An article to write, read from one row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Draft {
    /// The line of the file where its row starts.
    pub line: usize,
    /// The slug it should have (`id` of our CSV; from the headline otherwise).
    pub slug: Option<String>,
    pub title: String,
    /// EDTF.
    pub date: String,
    pub topics: Vec<String>,
    pub status: Status,
    pub summary: Option<String>,
    pub body: String,
    pub image: Option<(String, String, Option<String>)>,
    pub sources: Vec<DraftSource>,
    /// TimelineJS3's Display Date, kept under `extra:`.
    pub display_date: Option<String>,
    /// The language of the row's text, when the sheet says (our `lang` column).
    pub lang: Option<String>,
}

/// What the rows hold: drafts, notes about what was left out, and the problems.
#[derive(Debug, Default)]
pub(crate) struct Read {
    pub drafts: Vec<Draft>,
    pub notes: Vec<String>,
    pub errors: Vec<Diagnostic>,
    /// Groups no topic of site.toml has (name, line, column), for --create-topics.
    pub unknown_groups: Vec<(String, usize, usize)>,
}

/// One row: its cells by header, and where it is.
struct Row<'r> {
    path: &'r Path,
    headers: &'r [String],
    record: &'r csv::StringRecord,
    line: usize,
}

impl Row<'_> {
    fn index(&self, header: &str) -> Option<usize> {
        self.headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(header))
    }

    /// The cell under `header`, trimmed ("" when absent).
    fn get(&self, header: &str) -> &str {
        self.index(header)
            .and_then(|i| self.record.get(i))
            .map_or("", str::trim)
    }

    fn error(&self, header: &str, message: String) -> Diagnostic {
        let column = self.index(header).map_or(1, |i| i + 1);
        Diagnostic::in_file(
            self.path,
            format!("row {}, column {column} ({header}): {message}", self.line),
        )
        .at(self.line, Some(column))
    }
}

/// Which layout the header row names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    TimelineJs,
    Ours,
}

pub(crate) fn layout(headers: &[String]) -> Option<Layout> {
    let has = |h: &str| headers.iter().any(|x| x.eq_ignore_ascii_case(h));
    if has("Headline") && has("Year") {
        Some(Layout::TimelineJs)
    } else if has("id") && has("title") && has("date") {
        Some(Layout::Ours)
    } else {
        None
    }
}

/// Reads every row of `reader` (its headers read already) in `layout`.
pub(crate) fn read(
    config: &Config,
    path: &Path,
    headers: &[String],
    layout: Layout,
    records: Vec<(usize, csv::StringRecord)>,
    default_topic: Option<&str>,
) -> Read {
    let mut out = Read::default();
    for (line, record) in &records {
        let row = Row {
            path,
            headers,
            record,
            line: *line,
        };
        let draft = match layout {
            Layout::TimelineJs => timelinejs_row(config, &row, default_topic, &mut out),
            Layout::Ours => our_row(config, &row, &mut out),
        };
        out.drafts.extend(draft);
    }
    out
}

/// A date's parts from TimelineJS3 cells: `2022`, `2022-07`, `2022-07-15T10:30:00Z`.
/// Years are historical there (`-500` is 500 BCE), astronomical in EDTF (`-0499`).
fn timelinejs_date(row: &Row, end: bool, errors: &mut Vec<Diagnostic>) -> Option<String> {
    let name = |n: &str| match end {
        true => format!("End {n}"),
        false => n.to_string(),
    };
    let (y, m, d, t) = (
        row.get(&name("Year")),
        row.get(&name("Month")),
        row.get(&name("Day")),
        row.get(&name("Time")),
    );
    if y.is_empty() {
        if !(m.is_empty() && d.is_empty() && t.is_empty()) {
            errors.push(row.error(&name("Year"), "a month, day or time without a year".into())
                .hint("TimelineJS3 dates need a year; give the year, or leave the other cells empty"));
        }
        return None;
    }
    let mut bad = |header: String, what: &str, hint: &str| {
        errors.push(row.error(&header, what.to_string()).hint(hint.to_string()));
        None::<String>
    };
    let Ok(year) = y.parse::<i64>() else {
        return bad(
            name("Year"),
            &format!("`{y}` is not a year"),
            "write the year as a number: 2022, or -500 for 500 BCE",
        );
    };
    if year == 0 {
        return bad(
            name("Year"),
            "TimelineJS3 has no year 0",
            "1 BCE is -1, 1 CE is 1",
        );
    }
    let astronomical = if year < 0 { year + 1 } else { year };
    refine(crate::date::edtf_year(astronomical), (m, d, t), &name, bad)
}

/// A year's text refined by the Month, Day and Time cells, or the first problem.
fn refine(
    mut text: String,
    (m, d, t): (&str, &str, &str),
    name: &dyn Fn(&str) -> String,
    mut bad: impl FnMut(String, &str, &str) -> Option<String>,
) -> Option<String> {
    if !m.is_empty() {
        match m.parse::<u32>() {
            Ok(month @ 1..=12) => text.push_str(&format!("-{month:02}")),
            _ => {
                return bad(
                    name("Month"),
                    &format!("`{m}` is not a month"),
                    "write the month as a number from 1 to 12",
                )
            }
        }
    }
    if !d.is_empty() {
        if m.is_empty() {
            return bad(
                name("Day"),
                "a day without a month",
                "give the month too, or leave the day empty",
            );
        }
        match d.parse::<u32>() {
            Ok(day @ 1..=31) => text.push_str(&format!("-{day:02}")),
            _ => {
                return bad(
                    name("Day"),
                    &format!("`{d}` is not a day"),
                    "write the day as a number from 1 to 31",
                )
            }
        }
    }
    if !t.is_empty() {
        if d.is_empty() {
            return bad(
                name("Time"),
                "a time without a day",
                "give the month and day too, or leave the time empty",
            );
        }
        match time_of_day(t) {
            Some(hms) => text.push_str(&format!("T{hms}Z")),
            None => {
                return bad(
                    name("Time"),
                    &format!("`{t}` is not a time"),
                    "write the time as 10:30, 10:30:15 or 2:30 PM",
                )
            }
        }
    }
    Some(text)
}

/// `10:30`, `10:30:15`, `2:30 PM` → `10:30:00`.
fn time_of_day(t: &str) -> Option<String> {
    let lower = t.to_ascii_lowercase();
    let (clock, pm) = match (lower.strip_suffix("pm"), lower.strip_suffix("am")) {
        (Some(c), _) => (c.trim(), Some(true)),
        (_, Some(c)) => (c.trim(), Some(false)),
        _ => (lower.trim(), None),
    };
    let parts: Vec<u32> = clock
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let (mut h, m, s) = match parts[..] {
        [h, m] => (h, m, 0),
        [h, m, s] => (h, m, s),
        _ => return None,
    };
    match pm {
        Some(true) if h < 12 => h += 12,
        Some(false) if h == 12 => h = 0,
        _ => {}
    }
    (h < 24 && m < 60 && s < 60).then(|| format!("{h:02}:{m:02}:{s:02}"))
}

/// A Display Date that says the date is approximate.
fn says_approximate(display: &str) -> bool {
    let d = display.trim().to_lowercase();
    [
        "c.",
        "ca.",
        "circa",
        "about",
        "around",
        "approximately",
        "~",
        "نحو",
        "حوالي",
        "قرابة",
    ]
    .iter()
    .any(|p| d.starts_with(p))
}

/// The topic a TimelineJS3 Group names: a topic's id, or its title in a language.
fn topic_of(config: &Config, group: &str) -> Option<String> {
    config
        .topics
        .iter()
        .find(|t| {
            t.id.eq_ignore_ascii_case(group)
                || config.languages.iter().any(|l| {
                    t.title
                        .get(&l.code, &l.code)
                        .trim()
                        .eq_ignore_ascii_case(group)
                })
        })
        .map(|t| t.id.clone())
}

const IMAGE_EXTENSIONS: [&str; 7] = [".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif"];

/// Whether the row is an event (no Type): a title slide or an era is noted and left
/// out, another Type is an error.
fn is_event(row: &Row, out: &mut Read) -> bool {
    match row.get("Type").to_ascii_lowercase().as_str() {
        "" => {}
        "title" => {
            out.notes.push(format!(
                "row {}: the title slide ({}) is not an event: left out (a topic's title and description live in site.toml)",
                row.line,
                to_text(row.get("Headline"))
            ));
            return false;
        }
        "era" => {
            out.notes.push(format!(
                "row {}: the era «{}» is not an event: left out (add it to its topic in site.toml as [[topics.phases]])",
                row.line,
                to_text(row.get("Headline"))
            ));
            return false;
        }
        other => {
            out.errors.push(
                row.error("Type", format!("unknown Type `{other}`"))
                    .hint("TimelineJS3's types are empty (an event), `title` and `era`"),
            );
            return false;
        }
    }
    true
}

fn timelinejs_row(
    config: &Config,
    row: &Row,
    default_topic: Option<&str>,
    out: &mut Read,
) -> Option<Draft> {
    if !is_event(row, out) {
        return None;
    }
    let before = out.errors.len();
    let title = to_text(row.get("Headline"));
    if title.is_empty() {
        out.errors.push(
            row.error("Headline", "the Headline is empty".into())
                .hint("every event needs a headline: it becomes the article's title"),
        );
    }
    let start = timelinejs_date(row, false, &mut out.errors);
    let end = timelinejs_date(row, true, &mut out.errors);
    if start.is_none() && out.errors.len() == before && row.get("Year").is_empty() {
        out.errors.push(
            row.error("Year", "no Year".into())
                .hint("every event needs at least a year"),
        );
    }
    let display = row.get("Display Date");
    let mut date = start.unwrap_or_default();
    if says_approximate(display) && !date.is_empty() {
        date.push('~');
    }
    if let Some(end) = end {
        date = format!("{date}/{end}");
    }
    if !date.is_empty() && out.errors.len() == before {
        if let Err(e) = EventDate::parse(&date) {
            out.errors.push(
                row.error("Year", format!("the dates make `{date}`: {}", e.message))
                    .hint(e.hint),
            );
        }
    }
    let topics = row_topics(config, row, default_topic, out);
    let (image, sources) = media(row, &title, &mut out.errors);
    (out.errors.len() == before).then(|| Draft {
        line: row.line,
        slug: None,
        title,
        date,
        topics,
        status: Status::Confirmed,
        summary: None,
        body: to_markdown(row.get("Text")),
        image,
        sources,
        display_date: (!display.is_empty()).then(|| to_text(display)),
        lang: None,
    })
}

/// The row's topic: its Group (a topic's id or title), else `--topic`.
fn row_topics(
    config: &Config,
    row: &Row,
    default_topic: Option<&str>,
    out: &mut Read,
) -> Vec<String> {
    let group = row.get("Group");
    match (group, default_topic) {
        ("", Some(t)) => vec![t.to_string()],
        ("", None) => {
            out.errors.push(row.error("Group", "no Group, and no --topic".into()).hint(
                "give the row a Group (a topic of site.toml, by id or title), or give the topic of rows without one: --topic ID",
            ));
            Vec::new()
        }
        (g, _) => match topic_of(config, g) {
            Some(id) => vec![id],
            None => {
                let column = row.index("Group").map_or(1, |i| i + 1);
                out.unknown_groups.push((g.to_string(), row.line, column));
                vec![g.to_string()]
            }
        },
    }
}

type Media = (Option<(String, String, Option<String>)>, Vec<DraftSource>);

/// The Media cell: an image (with its caption as alt text and its credit), or, for
/// anything else TimelineJS3 shows (a video, a post), a source linking to it.
fn media(row: &Row, title: &str, errors: &mut Vec<Diagnostic>) -> Media {
    let url = row.get("Media");
    if url.is_empty() {
        return (None, Vec::new());
    }
    if let Some(problem) = crate::url::author_url_problem(url) {
        errors.push(row.error("Media", problem).hint(
            "give an address starting with https:// or a path on the site such as /images/photo.jpg",
        ));
        return (None, Vec::new());
    }
    let caption = to_text(row.get("Media Caption"));
    let credit = to_text(row.get("Media Credit"));
    let credit = (!credit.is_empty()).then_some(credit);
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or(url)
        .to_ascii_lowercase();
    if IMAGE_EXTENSIONS.iter().any(|e| path.ends_with(e)) {
        let alt = match caption.is_empty() {
            true => title.to_string(),
            false => caption,
        };
        return (Some((url.to_string(), alt, credit)), Vec::new());
    }
    let source = DraftSource {
        title: match caption.is_empty() {
            true => title.to_string(),
            false => caption,
        },
        publisher: credit,
        url: url.to_string(),
    };
    (None, vec![source])
}

/// A row of timeline's own CSV download.
fn our_row(config: &Config, row: &Row, out: &mut Read) -> Option<Draft> {
    let before = out.errors.len();
    let id = row.get("id");
    if !is_slug(id) {
        out.errors.push(
            row.error("id", format!("`{id}` cannot be an event's slug"))
                .hint("use lower-case letters, digits and hyphens (or letters of any script)"),
        );
    }
    let title = row.get("title");
    if title.is_empty() {
        out.errors.push(
            row.error("title", "the title is empty".into())
                .hint("give the event a headline"),
        );
    }
    let date = row.get("date");
    if let Err(e) = EventDate::parse(date) {
        out.errors.push(row.error("date", e.message).hint(e.hint));
    }
    let topics: Vec<String> = row
        .get("topics")
        .split(';')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    let ids: Vec<&str> = config.topics.iter().map(|t| t.id.as_str()).collect();
    for t in &topics {
        if config.topic(t).is_none() {
            let column = row.index("topics").map_or(1, |i| i + 1);
            out.unknown_groups.push((t.clone(), row.line, column));
            let _ = did_you_mean(t, &ids);
        }
    }
    if topics.is_empty() {
        out.errors
            .push(row.error("topics", "no topic".into()).hint(format!(
                "list the event's topics, separated by `; `: {}",
                ids.join("; ")
            )));
    }
    let status = match row.get("status") {
        "" => Status::Confirmed,
        s => match Status::ALL.iter().find(|x| x.as_str() == s) {
            Some(x) => *x,
            None => {
                out.errors.push(
                    row.error("status", format!("unknown status `{s}`"))
                        .hint("the statuses are confirmed, reported, disputed and denied"),
                );
                Status::Confirmed
            }
        },
    };
    let sources = our_sources(row, &mut out.errors);
    let summary = row.get("summary");
    let lang = row.get("lang");
    if !lang.is_empty() && config.language(lang).is_none() {
        let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        out.errors.push(
            row.error("lang", format!("no language `{lang}` in site.toml"))
                .hint(format!("languages in site.toml: {}", codes.join(", "))),
        );
    }
    (out.errors.len() == before).then(|| Draft {
        line: row.line,
        slug: Some(id.to_string()),
        title: title.to_string(),
        date: date.to_string(),
        topics,
        status,
        summary: (!summary.is_empty()).then(|| summary.to_string()),
        body: to_markdown(summary),
        image: None,
        sources,
        display_date: None,
        lang: Some(row.get("lang").to_string()).filter(|l| !l.is_empty()),
    })
}

/// The `sources` cell: one per line, `title — publisher <url>`.
fn our_sources(row: &Row, errors: &mut Vec<Diagnostic>) -> Vec<DraftSource> {
    let mut out = Vec::new();
    for line in row
        .get("sources")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        let parsed = line
            .strip_suffix('>')
            .and_then(|l| l.rsplit_once(" <"))
            .map(|(text, url)| match text.rsplit_once(" — ") {
                Some((title, publisher)) => (title, Some(publisher), url),
                None => (text, None, url),
            });
        match parsed {
            Some((title, publisher, url)) if !url.is_empty() => out.push(DraftSource {
                title: title.trim().to_string(),
                publisher: publisher.map(|p| p.trim().to_string()),
                url: url.trim().to_string(),
            }),
            _ => errors.push(
                row.error("sources", format!("cannot read the source `{line}`"))
                    .hint("write one source per line as `title — publisher <https://…>` (the publisher is optional)"),
            ),
        }
    }
    out
}

/// An event's slug: letters (of any script), digits and hyphens.
pub(crate) fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && s.chars()
            .all(|c| c == '-' || (c.is_alphanumeric() && !c.is_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_twenty_four_hours() {
        assert_eq!(time_of_day("10:30").as_deref(), Some("10:30:00"));
        assert_eq!(time_of_day("2:30 PM").as_deref(), Some("14:30:00"));
        assert_eq!(time_of_day("12:05am").as_deref(), Some("00:05:00"));
        assert_eq!(time_of_day("25:00"), None);
        assert_eq!(time_of_day("noon"), None);
    }

    #[test]
    fn approximate_display_dates() {
        assert!(says_approximate("c. 1450"));
        assert!(says_approximate("نحو 2013"));
        assert!(!says_approximate("July 2022"));
    }
}
