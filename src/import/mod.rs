//! `timeline import FILE.csv`: a spreadsheet's rows as articles in content/. Reads
//! TimelineJS3's Google-Sheets layout (Year, Month, Day, Time, End Year, …, Headline,
//! Text, Media, Media Credit, Media Caption, Media Thumbnail, Type, Group, Background)
//! or timeline's own CSV download (`events.csv`), so a site's data round-trips.
//!
//! Safe by construction: every row is read and every article it would write is parsed
//! as the build would parse it before anything is written; any problem (each with its
//! row and column) stops the import with nothing written. A file is only ever created,
//! never overwritten (`create_new`, so not even a file that appears meanwhile), and
//! only inside the site's content folder (its real path checked like every path the
//! build reads). `--create-topics` appends the new topics to site.toml; nothing else
//! of the site is touched.

mod html;
mod rows;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::config::{BuildOptions, Config, Topic, Translated};
use crate::content::markdown::slugify;
use crate::content::SourceFile;
use crate::date::EventDate;
use crate::error::{Diagnostic, Diagnostics};
use rows::{Draft, Layout};

/// What `timeline import` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The site folder (holding site.toml).
    pub root: PathBuf,
    /// The spreadsheet, as CSV.
    pub file: PathBuf,
    /// Print what would be written; write nothing.
    pub dry_run: bool,
    /// Add a topic to site.toml for each Group it does not have.
    pub create_topics: bool,
    /// The language the rows are written in (the site's default language otherwise).
    pub lang: Option<String>,
    /// The topic of rows without a Group.
    pub topic: Option<String>,
}

/// One file the import writes (or would write).
#[derive(Debug, Clone)]
pub struct Planned {
    /// Where, as messages name it (`content/2022-07-15-attack.md`).
    pub path: PathBuf,
    pub text: String,
}

/// What an import did (or, with `--dry-run`, would do).
#[derive(Debug, Default)]
pub struct ImportReport {
    pub files: Vec<Planned>,
    /// Topics appended to site.toml (id, title).
    pub created_topics: Vec<(String, String)>,
    /// What was left out, and what to know (times taken as UTC…).
    pub notes: Vec<String>,
    pub dry_run: bool,
}

/// Reads the spreadsheet, checks every article it makes, and writes them (unless
/// `dry_run`). Any problem: nothing is written.
pub fn import(options: &ImportOptions) -> Result<ImportReport, Diagnostics> {
    let mut config = Config::load(&BuildOptions {
        root: options.root.clone(),
        ..BuildOptions::default()
    })?;
    let lang = check_options(&config, options)?;
    let shown = crate::source::rel_to(&config.root, &options.file);
    let bytes = std::fs::read(&options.file).map_err(|e| {
        Diagnostics::from(
            Diagnostic::in_file(&options.file, format!("cannot read the spreadsheet: {e}"))
                .hint("give the path of a CSV file (in Google Sheets: File → Download → Comma-separated values)"),
        )
    })?;
    let text = crate::source::decode_utf8(&bytes, &shown)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (headers, layout, records) = read_csv(text, &shown)?;
    let mut read = rows::read(
        &config,
        &shown,
        &headers,
        layout,
        records,
        options.topic.as_deref(),
    );
    let mut errors = Diagnostics::default();
    errors.extend(std::mem::take(&mut read.errors));
    let created = new_topics(
        &mut config,
        &read,
        (options.create_topics, layout, &shown),
        &mut errors,
    );
    for d in &mut read.drafts {
        for t in &mut d.topics {
            if let Some((id, _)) = created.iter().find(|(_, name)| name == t) {
                *t = id.clone();
            }
        }
    }
    // Our download lists an untranslated event in the original's language: it belongs
    // to the import of that language's file.
    read.drafts.retain(|d| match d.lang.as_deref() {
        Some(l) if l != lang => {
            read.notes.push(format!(
                "row {}: this event is in `{l}` (it has no `{lang}` translation): left out; import the `{l}` file for it",
                d.line
            ));
            false
        }
        _ => true,
    });
    let files = plan(&config, &lang, &read.drafts, &shown, &mut errors);
    if !errors.is_empty() {
        return Err(errors.sorted());
    }
    let mut notes = read.notes;
    if layout == Layout::TimelineJs && read.drafts.iter().any(|d| d.date.contains('T')) {
        notes.push("TimelineJS3 times have no time zone: they are written as UTC (`Z`); change the offset in the files where it is another".into());
    }
    if layout == Layout::Ours {
        notes.push("actors and places are not imported (they are entities of content/entities/): add them to the articles".into());
    }
    let report = ImportReport {
        files,
        created_topics: created,
        notes,
        dry_run: options.dry_run,
    };
    if !options.dry_run {
        write(&config, &report)?;
    }
    Ok(report)
}

/// The language to write in, and the topic of rows without a Group, checked.
fn check_options(config: &Config, options: &ImportOptions) -> Result<String, Diagnostics> {
    let mut errors = Diagnostics::default();
    let lang = options
        .lang
        .clone()
        .unwrap_or_else(|| config.default_language().code.clone());
    if config.language(&lang).is_none() {
        let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        errors.push(
            Diagnostic::new(format!("--lang {lang}: no such language in site.toml"))
                .hint(format!("languages in site.toml: {}", codes.join(", "))),
        );
    }
    if let Some(t) = options
        .topic
        .as_deref()
        .filter(|t| config.topic(t).is_none())
    {
        let ids: Vec<&str> = config.topics.iter().map(|t| t.id.as_str()).collect();
        errors.push(
            Diagnostic::new(format!("--topic {t}: no such topic in site.toml"))
                .hint(format!("topics in site.toml: {}", ids.join(", "))),
        );
    }
    errors.into_result(lang)
}

type Records = Vec<(usize, csv::StringRecord)>;

/// The header row, the layout it names, and every record with the line it starts on.
fn read_csv(text: &str, shown: &Path) -> Result<(Vec<String>, Layout, Records), Diagnostics> {
    let csv_error = |e: &csv::Error| {
        let line = line_at(text, e.position());
        Diagnostic::in_file(shown, format!("row {line}: cannot read the CSV: {e}"))
            .at(line, None)
            .hint("save the sheet as CSV (comma-separated, UTF-8); a field with commas, quotes or line breaks must be in double quotes, with its quotes doubled")
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| Diagnostics::from(csv_error(&e)))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let Some(layout) = rows::layout(&headers) else {
        return Err(Diagnostics::from(
            Diagnostic::in_file(shown, "the first row names neither TimelineJS3's columns nor timeline's")
                .at(1, Some(1))
                .hint(format!(
                    "a TimelineJS3 sheet starts with the row {}; timeline's own download with id,title,date,…",
                    rows::TIMELINEJS_COLUMNS.join(",")
                )),
        ));
    };
    let mut records = Vec::new();
    let mut errors = Diagnostics::default();
    for r in reader.records() {
        match r {
            Ok(r) if r.iter().all(|c| c.trim().is_empty()) => {}
            Ok(r) => records.push((line_at(text, r.position()), r)),
            Err(e) => errors.push(csv_error(&e)),
        }
    }
    if records.is_empty() && errors.is_empty() {
        errors.push(
            Diagnostic::in_file(shown, "the spreadsheet has no rows below its header")
                .hint("add one row per event"),
        );
    }
    errors.into_result((headers, layout, records))
}

/// The line where a record starts, counted from its byte offset (the csv crate's own
/// count is one short after CRLF line ends, where a record's offset is that of the
/// `\n` before it: it counts, as the first byte of the record).
fn line_at(text: &str, position: Option<&csv::Position>) -> usize {
    let byte = position
        .map_or(0, |p| p.byte() as usize + 1)
        .min(text.len());
    text.as_bytes()[..byte]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// A topic id made of a Group's name: lower-case ASCII letters, digits and hyphens.
fn topic_id(name: &str, taken: &[String]) -> String {
    let ascii: String = slugify(name)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let base = match ascii.trim_matches('-') {
        "" => "topic".to_string(),
        s => s.to_string(),
    };
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// The topics of groups site.toml lacks: errors, or (with `--create-topics`) new topics
/// added to `config` and returned as (id, name).
fn new_topics(
    config: &mut Config,
    read: &rows::Read,
    (create, layout, shown): (bool, Layout, &Path),
    errors: &mut Diagnostics,
) -> Vec<(String, String)> {
    let ids: Vec<String> = config.topics.iter().map(|t| t.id.clone()).collect();
    let mut created: Vec<(String, String)> = Vec::new();
    for (name, line, column) in &read.unknown_groups {
        if create {
            if !created.iter().any(|(_, n)| n == name) {
                let mut taken = ids.clone();
                taken.extend(created.iter().map(|(id, _)| id.clone()));
                created.push((topic_id(name, &taken), name.clone()));
            }
            continue;
        }
        let header = match layout {
            Layout::TimelineJs => "Group",
            Layout::Ours => "topics",
        };
        let known: Vec<&str> = ids.iter().map(String::as_str).collect();
        let near = crate::error::did_you_mean(name, &known)
            .map(|n| format!("did you mean `{n}`? "))
            .unwrap_or_default();
        errors.push(
            Diagnostic::in_file(
                shown,
                format!("row {line}, column {column} ({header}): no topic `{name}` in site.toml"),
            )
            .at(*line, Some(*column))
            .hint(format!(
                "{near}a Group names a topic by its id or its title ({}); add a [[topics]] table to site.toml, or run with --create-topics to add one for each new group",
                known.join(", ")
            )),
        );
    }
    for (id, name) in &created {
        config.topics.push(Topic {
            id: id.clone(),
            title: Translated::One(name.clone()),
            description: None,
            color: "#4b5563".to_string(),
            phases: Vec::new(),
        });
    }
    created
}

/// A YAML double-quoted scalar (JSON string syntax is valid YAML).
fn yaml(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{}\"", s.replace('"', "'")))
}

/// The text of a draft's file.
fn article_text(d: &Draft, slug_line: Option<&str>) -> String {
    let mut t = String::from("---\n");
    let _ = writeln!(t, "title: {}", yaml(&d.title));
    let _ = writeln!(t, "date: {}", yaml(&d.date));
    let topics: Vec<String> = d.topics.iter().map(|x| yaml(x)).collect();
    let _ = writeln!(t, "topics: [{}]", topics.join(", "));
    if let Some(slug) = slug_line {
        let _ = writeln!(t, "slug: {}", yaml(slug));
    }
    if d.status != crate::content::Status::Confirmed {
        let _ = writeln!(t, "status: {}", d.status.as_str());
    }
    if let Some(s) = &d.summary {
        let _ = writeln!(t, "summary: {}", yaml(s));
    }
    if let Some((url, alt, credit)) = &d.image {
        let _ = writeln!(t, "image: {}", yaml(url));
        let _ = writeln!(t, "image_alt: {}", yaml(alt));
        if let Some(c) = credit {
            let _ = writeln!(t, "image_credit: {}", yaml(c));
        }
    }
    if !d.sources.is_empty() {
        t.push_str("sources:\n");
        for s in &d.sources {
            let _ = writeln!(t, "  - title: {}", yaml(&s.title));
            let _ = writeln!(t, "    url: {}", yaml(&s.url));
            if let Some(p) = &s.publisher {
                let _ = writeln!(t, "    publisher: {}", yaml(p));
            }
        }
    }
    if let Some(display) = &d.display_date {
        let _ = writeln!(t, "extra:\n  display_date: {}", yaml(display));
    }
    t.push_str("---\n");
    if !d.body.is_empty() {
        t.push('\n');
        t.push_str(&d.body);
        t.push('\n');
    }
    t
}

/// The date part of a file name: `2022-09-07`, `2022-07`, `2022` (none before year 1).
fn date_prefix(date: &str) -> Option<String> {
    let d = EventDate::parse(date).ok()?;
    let p = d.start().or(d.end())?;
    if !(1..=9999).contains(&p.year) {
        return None;
    }
    Some(
        match (
            p.calendar_month(),
            p.day.filter(|_| p.calendar_month().is_some()),
        ) {
            (Some(m), Some(day)) if p.precision() >= crate::date::Precision::Day => {
                format!("{:04}-{m:02}-{day:02}", p.year)
            }
            (Some(m), _) => format!("{:04}-{m:02}", p.year),
            _ => format!("{:04}", p.year),
        },
    )
}

/// Where each draft goes and what it holds, each checked: no two on one path, none
/// over an existing file, each one an article the build accepts.
fn plan(
    config: &Config,
    lang: &str,
    drafts: &[Draft],
    shown: &Path,
    errors: &mut Diagnostics,
) -> Vec<Planned> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for d in drafts {
        let suffix = match lang == config.default_language().code {
            true => String::new(),
            false => format!(".{lang}"),
        };
        let slug = match &d.slug {
            Some(s) => s.clone(),
            None => {
                let s: String = slugify(&d.title).chars().take(80).collect();
                match s.trim_end_matches('-') {
                    "" => "event".to_string(),
                    s => s.to_string(),
                }
            }
        };
        let stem = match date_prefix(&d.date) {
            Some(p) => format!("{p}-{slug}"),
            None => slug.clone(),
        };
        let name = format!("{stem}{suffix}.md");
        let rel = Path::new("content").join(&name);
        let row = |message: String| {
            Diagnostic::in_file(shown, format!("row {}: {message}", d.line)).at(d.line, None)
        };
        if let Some(first) = seen.insert(name.clone(), d.line) {
            errors.push(
                row(format!("would write {} as row {first} does", rel.display()))
                    .hint("two rows with the same date and headline: change one of the headlines"),
            );
            continue;
        }
        let path = config.content_dir.join(&name);
        if path.exists() || path.symlink_metadata().is_ok() {
            errors.push(row(format!("{} already exists", rel.display()))
                .hint("timeline import never overwrites a file: remove or rename the existing one, or import into an empty site"));
            continue;
        }
        // A topic site.toml lacks is reported already.
        if d.topics.iter().any(|t| config.topic(t).is_none()) {
            continue;
        }
        // The slug the file name gives, and the one the row asks for.
        let from_name = crate::content::slug_from_key(&stem);
        let text = article_text(d, (from_name != slug).then_some(slug.as_str()));
        let file = SourceFile {
            path: rel.clone(),
            key: stem.clone(),
            lang: lang.to_string(),
            bundle_dir: None,
        };
        if let Err(problems) =
            crate::content::article::parse(file, &text, config, &config.base_url.path)
        {
            for p in problems {
                let mut e = row(format!("the article would not build: {}", p.message));
                if let Some(h) = p.hint {
                    e = e.hint(h);
                }
                errors.push(e);
            }
            continue;
        }
        out.push(Planned { path: rel, text });
    }
    out
}

/// Appends the new topics to site.toml and creates the files, each new.
fn write(config: &Config, report: &ImportReport) -> Result<(), Diagnostics> {
    if config.content_dir.exists() {
        crate::source::Fence::new(&config.root, &config.output_real)
            .check_link(&config.content_dir)?;
    }
    if !report.created_topics.is_empty() {
        let site_toml = config.root.join(crate::config::CONFIG_FILE);
        let mut text = String::from("\n# Added by `timeline import --create-topics`.\n");
        for (id, name) in &report.created_topics {
            let _ = write!(
                text,
                "[[topics]]\nid = {}\ntitle = {}\n\n",
                yaml(id),
                yaml(name)
            );
        }
        use std::io::Write as _;
        std::fs::OpenOptions::new()
            .append(true)
            .open(&site_toml)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .map_err(|e| {
                Diagnostics::from(Diagnostic::in_file(
                    crate::config::CONFIG_FILE,
                    format!("cannot add the new topics: {e}"),
                ))
            })?;
    }
    let mut errors = Diagnostics::default();
    for f in &report.files {
        let name = f.path.file_name().unwrap_or_default();
        if let Err(e) =
            crate::scaffold::write_new(&config.content_dir.join(name), f.text.as_bytes())
        {
            errors.push(e);
        }
    }
    errors.into_result(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_ids_are_ascii_and_unique() {
        assert_eq!(topic_id("NATO response", &[]), "nato-response");
        assert_eq!(topic_id("الهجوم", &[]), "topic");
        assert_eq!(topic_id("الهجوم", &["topic".into()]), "topic-2");
    }

    #[test]
    fn file_names_start_with_the_date_known() {
        assert_eq!(date_prefix("2022-07-15").as_deref(), Some("2022-07-15"));
        assert_eq!(date_prefix("2022-07~").as_deref(), Some("2022-07"));
        assert_eq!(date_prefix("201X").as_deref(), Some("2010"));
        assert_eq!(date_prefix("-0499"), None);
    }
}
