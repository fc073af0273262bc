//! `timeline init` and `timeline new`: files a new user starts from.
//!
//! `init` writes a complete site (settings, one topic, one example article and the
//! GitHub Pages workflow) that builds at once with the theme built into timeline; `new`
//! writes one article with its front matter filled in. Neither ever overwrites a file.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::config::{BuildOptions, Config, CONFIG_FILE};
use crate::content::markdown::slugify;
use crate::date::{DatePoint, EventDate};
use crate::error::{did_you_mean, Diagnostic, Diagnostics};

/// The GitHub Pages workflow of a new site, before [`pages_workflow`] fills in the
/// timeline action and version.
pub const SITE_WORKFLOW: &str = include_str!("scaffold/pages.yml");

/// The repository timeline is released from (Cargo.toml's `repository`): its action and
/// its release archives.
pub const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// The Pages workflow `init` writes: it builds the site with the timeline action of this
/// release, which installs a released binary of this version (no Rust toolchain, no
/// compiling, no variable to set).
pub fn pages_workflow() -> String {
    SITE_WORKFLOW
        .replace("@TIMELINE_ACTION@", &action_ref())
        .replace("@TIMELINE_VERSION@", crate::version::VERSION)
}

/// `owner/repo@COMMIT # vVERSION`: the action pinned to the commit this binary was built
/// from (a release's is its tag's), or to the version's tag when the commit is unknown.
pub fn action_ref() -> String {
    let slug = REPOSITORY
        .trim_end_matches('/')
        .trim_end_matches(".git")
        .trim_start_matches("https://github.com/")
        .to_string();
    let version = crate::version::VERSION;
    match crate::version::commit() {
        Some(commit) => format!("{slug}@{commit} # v{version}"),
        None => format!("{slug}@v{version} # pin this to the tag's commit"),
    }
}

/// What `timeline new` is asked to create.
#[derive(Debug, Clone)]
pub struct NewArticle {
    pub root: PathBuf,
    pub title: String,
    pub topics: Vec<String>,
    pub date: Option<String>,
    pub lang: Option<String>,
}

/// The example article of a new site.
const EXAMPLE_ARTICLE: &str = r#"---
title: "The timeline starts"
date: 2024-05-01
topics: [main]
summary: "The first event of this timeline. Replace it with your own."
sources:
  - title: "Where the facts of an event come from"
    url: "https://example.org/"
    publisher: "Example"
---

Each event is one Markdown file in `content/`, named after its date and a short
name. Its front matter gives the title, the date (a day such as `2022-09-07`, a
month such as `2022-07`, a year, or a range such as `2013-05/2016-09`), its
topics from `site.toml`, and its sources.

## Writing the next one

Run `timeline new "Title of the event" --topic main --date 2024-06-01`, edit the
file it creates, and run `timeline build` (or `timeline serve --watch`).
"#;

/// The README of a new site: what to do next, and how to deploy.
const SITE_README: &str = r#"# My timeline

A timeline built with `timeline`: one Markdown file per event in `content/`,
the site's settings in `site.toml`. Its look is timeline's built-in theme: to
change a file of it, `timeline theme eject templates/article.html` (or
`static/style.css`, `i18n/en.toml`…) copies that file to `themes/default/`,
where it overrides the built-in one; every file you leave out keeps coming
from timeline, with its fixes and new features.

## Write

    timeline new "What happened" --topic main --date 2024-06-01   # writes content/2024-06-01-what-happened.md
    timeline serve --watch                                          # preview at http://127.0.0.1:1111/, reloads on save
    timeline check                                                  # front matter, dates, links, translations, sources
    timeline build                                                  # writes the site to public/

Link to another event by its file: `[text](@/2024-05-01-the-timeline-starts.md#writing-the-next-one)`.

## Deploy to GitHub Pages

1. Push this folder to a GitHub repository (branch `main`).
2. In the repository, open Settings → Pages and set Source to "GitHub Actions".
3. Push again (or run the workflow from the Actions tab). The workflow
   (`.github/workflows/pages.yml`) installs a released timeline binary, builds
   the site and deploys it; the site appears at https://USER.github.io/REPOSITORY/,
   and every link works under that sub-path. To build with a newer timeline,
   change `version:` in the workflow (and the action's pin beside `uses:`).
"#;

/// `.gitignore` of a new site: the output is built by the workflow, not committed.
const GITIGNORE: &str = "/public\n/target\n";

/// The settings of a new site named `name` (its folder).
fn site_toml(name: &str) -> String {
    format!(
        r##"# The settings of this timeline. `timeline build` reads them.
title = "{title}"
description = "Events in order, each with its sources."
# The site's public address. On GitHub Pages the workflow in .github/workflows/
# passes the real one (https://USER.github.io/REPO/) to `timeline build --base-url`.
base_url = "https://example.github.io/{name}/"
default_language = "en"
# The theme built into timeline. Files under themes/default/ override single files
# of it: `timeline theme eject templates/article.html` copies one there to edit.
theme = "default"
# author = "Your newsroom"
# cname = "timeline.example.org"   # a custom domain, written to public/CNAME

[[languages]]
code = "en"
name = "English"

# A second language: uncomment these lines, then write translations beside the
# originals as NAME.ar.md. Its pages appear under /ar/.
# [[languages]]
# code = "ar"
# name = "العربية"
# title = "خط زمني"

[[topics]]
id = "main"
title = "Main events"
description = "Everything that happened, in order."
# color = "#2563eb"
"##,
        title = "My timeline",
    )
}

/// A folder name usable in a URL path, for the example base_url.
fn url_name(dir: &Path) -> String {
    let name = dir
        .canonicalize()
        .ok()
        .as_deref()
        .and_then(Path::file_name)
        .or_else(|| dir.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug.trim_matches(['-', '.']).to_string();
    if slug.is_empty() {
        "timeline".into()
    } else {
        slug
    }
}

/// Creates a working site in `dir`; returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Diagnostics> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Diagnostic::in_file(dir, "exists and is not a folder")
                .hint("choose a new folder name: `timeline init my-timeline`")
                .into());
        }
        let not_empty = std::fs::read_dir(dir)
            .map_err(|e| Diagnostic::in_file(dir, format!("cannot read the folder: {e}")))?
            .next()
            .is_some();
        if not_empty {
            return Err(Diagnostic::in_file(dir, "the folder is not empty")
                .hint("`timeline init` only writes into an empty or new folder, so it never overwrites your files; choose another folder")
                .into());
        }
    }
    let files: Vec<(PathBuf, Vec<u8>)> = vec![
        (CONFIG_FILE.into(), site_toml(&url_name(dir)).into_bytes()),
        (
            PathBuf::from("content").join("2024-05-01-the-timeline-starts.md"),
            EXAMPLE_ARTICLE.as_bytes().to_vec(),
        ),
        (".gitignore".into(), GITIGNORE.as_bytes().to_vec()),
        ("README.md".into(), SITE_README.as_bytes().to_vec()),
        (
            PathBuf::from(".github").join("workflows").join("pages.yml"),
            pages_workflow().into_bytes(),
        ),
    ];
    let mut written = Vec::with_capacity(files.len());
    for (rel, bytes) in files {
        let path = dir.join(&rel);
        write_new(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}

/// Writes a file that must not exist yet, creating its folders.
pub(crate) fn write_new(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::in_file(parent, format!("cannot create the folder: {e}")))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Diagnostic::in_file(path, "already exists; not overwriting it")
                    .hint("choose another title (or --date), or edit the existing file")
            } else {
                Diagnostic::in_file(path, format!("cannot create the file: {e}"))
            }
        })?;
    file.write_all(bytes)
        .map_err(|e| Diagnostic::in_file(path, format!("cannot write the file: {e}")))
}

/// Creates an article file; returns its path. Never overwrites.
pub fn new_article(request: &NewArticle) -> Result<PathBuf, Diagnostics> {
    let config = Config::load(&BuildOptions {
        root: request.root.clone(),
        ..BuildOptions::default()
    })?;
    let title = request.title.trim();
    let (lang, date_text, date) = checked(&config, request, title)?;
    let slug = match slugify(title) {
        s if s.is_empty() => "event".to_string(),
        s => s
            .chars()
            .take(80)
            .collect::<String>()
            .trim_end_matches('-')
            .to_string(),
    };
    let suffix = match lang == config.default_language().code {
        true => String::new(),
        false => format!(".{lang}"),
    };
    let name = format!("{}-{slug}{suffix}.md", date_prefix(&date));
    let path = config.content_dir.join(&name);
    let text = format!(
        "---\ntitle: {title}\ndate: {date}\ntopics: [{topics}]\nsummary: \"\"\nsources: []\n---\n\nWrite the article here.\n",
        title = yaml_string(title),
        date = yaml_string(&date_text),
        topics = request.topics.join(", "),
    );
    write_new(&path, text.as_bytes())?;
    Ok(path)
}

/// The request's title, topics, language and date checked against the site: the
/// language, the date as written (today by default) and as read, or every problem.
fn checked(
    config: &Config,
    request: &NewArticle,
    title: &str,
) -> Result<(String, String, EventDate), Diagnostics> {
    let mut errors = Diagnostics::default();
    if title.is_empty() {
        errors.push(
            Diagnostic::new("the title is empty")
                .hint("give the event a short headline: timeline new \"Albania cuts ties with Iran\" --topic relations"),
        );
    }
    check_topics(config, &request.topics, &mut errors);
    let lang = request
        .lang
        .clone()
        .unwrap_or_else(|| config.default_language().code.clone());
    if config.language(&lang).is_none() {
        let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        errors.push(
            Diagnostic::new(format!("--lang {lang}: no such language in site.toml")).hint(format!(
                "languages in site.toml: {}; add a [[languages]] table to write in another",
                codes.join(", ")
            )),
        );
    }
    let date_text = match &request.date {
        Some(d) => d.trim().to_string(),
        // The only clock in timeline: a new article defaults to today.
        None => chrono::Local::now()
            .date_naive()
            .format("%Y-%m-%d")
            .to_string(),
    };
    let date = match EventDate::parse(&date_text) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(Diagnostic::new(format!("--date {date_text}: {}", e.message)).hint(e.hint));
            None
        }
    };
    match date {
        Some(date) if errors.is_empty() => Ok((lang, date_text, date)),
        _ => Err(errors),
    }
}

/// Every `--topic` is a topic of site.toml, and there is one.
fn check_topics(config: &Config, topics: &[String], errors: &mut Diagnostics) {
    let ids: Vec<&str> = config.topics.iter().map(|t| t.id.as_str()).collect();
    if topics.is_empty() {
        errors.push(Diagnostic::new("no topic given").hint(format!(
            "add --topic ID; topics in site.toml: {}",
            ids.join(", ")
        )));
    }
    for t in topics.iter().filter(|t| config.topic(t).is_none()) {
        let known = format!("topics in site.toml: {}", ids.join(", "));
        errors.push(
            Diagnostic::new(format!("--topic {t}: no such topic in site.toml")).hint(
                match did_you_mean(t, &ids) {
                    Some(c) => format!("did you mean `{c}`? {known}"),
                    None => format!("{known}; add a [[topics]] table to create one"),
                },
            ),
        );
    }
}

/// The date part of a new file's name: `2022-09-07`, `2022-07` or `2022`, from the
/// start of the event (or its end, for an open start).
fn date_prefix(date: &EventDate) -> String {
    let p: Option<&DatePoint> = date.start().or(date.end());
    match p {
        Some(p) => match (p.month, p.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", p.year),
            (Some(m), None) => format!("{:04}-{m:02}", p.year),
            _ => format!("{:04}", p.year),
        },
        None => "undated".into(),
    }
}

/// A YAML double-quoted scalar (JSON string syntax is valid YAML).
fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{}\"", s.replace('"', "'")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workflow_uses_this_release_of_the_action() {
        let w = pages_workflow();
        assert!(!w.contains("@TIMELINE_"), "{w}");
        let version = crate::version::VERSION;
        assert!(w.contains(&format!("version: \"{version}\"")), "{w}");
        let uses = action_ref();
        assert!(w.contains(&format!("uses: {uses}")), "{w}");
        assert!(!uses.starts_with("https://"), "{uses}");
        if let Some(commit) = crate::version::commit() {
            assert!(uses.ends_with(&format!("@{commit} # v{version}")), "{uses}");
        }
        for gone in ["TIMELINE_GIT", "cargo ", "rust"] {
            assert!(!w.contains(gone), "the workflow still mentions {gone}");
        }
    }

    #[test]
    fn file_name_dates() {
        let p = |s: &str| date_prefix(&EventDate::parse(s).expect("date"));
        assert_eq!(p("2022-09-07"), "2022-09-07");
        assert_eq!(p("2022-07"), "2022-07");
        assert_eq!(p("2014~"), "2014");
        assert_eq!(p("2013-05/2016-09"), "2013-05");
        assert_eq!(p("../2013-05"), "2013-05");
    }

    #[test]
    fn titles_are_quoted_for_yaml() {
        assert_eq!(yaml_string("a: \"b\" #c"), "\"a: \\\"b\\\" #c\"");
    }
}
