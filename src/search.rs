//! The search index: rendered pages → Pagefind's files (`pagefind/` at the root of the
//! output), made in process by the `pagefind` crate. Pagefind splits the index by each
//! page's `<html lang>`, so every language gets its own, with its stemmer (Arabic's folds
//! alef and hamza forms, diacritics and the article ال). Only pages the theme marks with
//! `data-pagefind-body` are read (the built-in theme marks events and entities): the
//! others would be parsed only to be dropped. A stage after rendering: it sees pages,
//! never the model, and writes nothing (its files go to the sink like every other).

use std::collections::BTreeMap;

use crate::built::{Contents, OutputFile};
use crate::error::{Diagnostic, Diagnostics};

/// The folder of the output the index and Pagefind's script live in.
pub(crate) const FOLDER: &str = "pagefind";

/// What marks a page to index.
const MARKER: &str = "data-pagefind-body";

/// What Pagefind is given of the page `file`, when it is one to index (an HTML page that
/// marks its searchable parts): its `<html>` tag (the language) and the marked elements
/// alone, or the whole page when they cannot be cut out. Pagefind reads every byte it
/// is given, one page after another, and the marked parts are a tenth of a page: this
/// cut, made on every core while pages render, keeps the index's time a fraction of the
/// build's.
pub(crate) fn searchable(file: &OutputFile) -> Option<String> {
    if !file.is_page() {
        return None;
    }
    let Contents::Bytes(b) = &file.contents else {
        return None;
    };
    let html = std::str::from_utf8(b).ok()?;
    if !html.contains(MARKER) {
        return None;
    }
    Some(marked_parts(html).unwrap_or_else(|| html.to_string()))
}

/// `<html …><body>` and every outermost element marked [`MARKER`], in order.
fn marked_parts(html: &str) -> Option<String> {
    let start = html.find("<html")?;
    let html_tag = &html[start..=start + html[start..].find('>')?];
    let mut out = format!("<!DOCTYPE html>{html_tag}<body>");
    let mut from = 0;
    while let Some(found) = html[from..].find(MARKER) {
        let at = from + found;
        let open = html[..at].rfind('<')?;
        if html[open..at].contains('>') {
            // The marker's text outside a tag (escaped text never is, but be safe).
            from = at + MARKER.len();
            continue;
        }
        let rest = &html[open + 1..];
        let name_end = open + 1 + rest.find(|c: char| c.is_ascii_whitespace() || c == '>')?;
        let end = element_end(html, open, &html[open + 1..name_end])?;
        out.push_str(&html[open..end]);
        from = end;
    }
    out.push_str("</body></html>");
    Some(out)
}

/// Where the element of tag `name` opened at `open` ends (after its closing tag),
/// counting the elements of the same name inside it.
fn element_end(html: &str, open: usize, name: &str) -> Option<usize> {
    let (opening, closing) = (format!("<{name}"), format!("</{name}>"));
    let mut depth = 0usize;
    let mut at = open;
    loop {
        let next_open = html[at..].find(&opening).map(|i| at + i);
        let next_close = html[at..].find(&closing).map(|i| at + i)?;
        match next_open {
            Some(o) if o < next_close => {
                let after = html[o + opening.len()..].chars().next()?;
                if after.is_ascii_whitespace() || after == '>' {
                    depth += 1;
                }
                at = o + opening.len();
            }
            _ => {
                depth = depth.checked_sub(1)?;
                at = next_close + closing.len();
                if depth == 0 {
                    return Some(at);
                }
            }
        }
    }
}

/// The URL Pagefind gives a result for the page at `path` (relative to the output):
/// root-relative without the site's base path, which the script in the browser adds
/// from where it was loaded (`/timeline/pagefind/pagefind.js` → `/timeline/`), so the
/// same index works under any sub-path.
fn result_url(path: &str) -> String {
    let dir = path.strip_suffix("index.html").unwrap_or(path);
    format!("/{dir}")
}

/// Whether Pagefind's file `name` (relative to its bundle) is one the site needs: the
/// search script, its worker and the index. Pagefind's own interfaces (the theme
/// brings its own, in its languages) and its playground are left out.
fn kept(name: &str) -> bool {
    let ui = [
        "pagefind-ui.",
        "pagefind-modular-ui.",
        "pagefind-component-ui.",
    ];
    !(ui.iter().any(|p| name.starts_with(p))
        || name == "pagefind-highlight.js"
        || name.starts_with("playground/"))
}

/// Indexes `pages` (path, HTML, in output order) and returns the files of the index,
/// under [`FOLDER`] (none when there is no page). Each language is indexed by a Pagefind
/// of its own on a thread of its own (Pagefind's Rust API reads one page at a time, and
/// splits the index by language anyway); their files are then put together as the one
/// Pagefind would have written ([`merged`]). The same pages in the same order give the
/// same bytes.
pub(crate) fn index(
    pages: impl Iterator<Item = (String, String)>,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let per_language = std::thread::scope(|scope| {
        let mut languages: BTreeMap<String, Language<'_>> = BTreeMap::new();
        for (path, html) in pages {
            let lang = language_of(&html).to_string();
            let language = languages.entry(lang).or_insert_with(|| {
                let (tx, rx) = std::sync::mpsc::sync_channel(256);
                let thread = scope.spawn(move || index_language(rx.into_iter()));
                Language { tx, thread }
            });
            // A send fails only when the thread stopped, on an error it reports.
            drop(language.tx.send((path, html)));
        }
        languages
            .into_values()
            .map(|Language { tx, thread }| {
                drop(tx);
                thread.join().unwrap_or_else(|_| {
                    Err(Diagnostic::new("internal: a search index thread stopped").into())
                })
            })
            .collect::<Vec<_>>()
    });
    let mut all = Vec::new();
    let mut errors = Diagnostics::default();
    for made in per_language {
        match made {
            Ok(files) => all.push(files),
            Err(e) => errors.extend(e.0),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let files = merged(all)?;
    Ok(files
        .into_iter()
        .map(|(path, bytes)| OutputFile::made(format!("{FOLDER}/{path}"), bytes))
        .collect())
}

/// The thread indexing one language's pages.
struct Language<'scope> {
    tx: std::sync::mpsc::SyncSender<(String, String)>,
    thread: std::thread::ScopedJoinHandle<'scope, Result<Bundle, Diagnostics>>,
}

/// Pagefind's files, by their path in its folder.
type Bundle = BTreeMap<String, Vec<u8>>;

/// The `lang` of the page's `<html>` tag ("" without one: Pagefind then files it under
/// the site's main language).
fn language_of(html: &str) -> &str {
    let tag = html
        .find("<html")
        .and_then(|at| html[at..].find('>').map(|end| &html[at..at + end]));
    tag.and_then(|tag| tag.split_once(" lang=\""))
        .and_then(|(_, rest)| rest.split_once('"'))
        .map_or("", |(lang, _)| lang)
}

/// The bundle Pagefind makes of `pages` (none when there is no page), without the
/// files [`kept`] leaves out.
fn index_language(pages: impl Iterator<Item = (String, String)>) -> Result<Bundle, Diagnostics> {
    let failed = |what: &str, e: &dyn std::fmt::Display| {
        Diagnostics::from(Diagnostic::new(format!("search index: {what}: {e}")))
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| failed("cannot start", &e))?;
    let options = pagefind::options::PagefindServiceConfig::builder()
        .write_playground(false)
        .build();
    let mut pagefind =
        pagefind::api::PagefindIndex::new(Some(options)).map_err(|e| failed("cannot start", &e))?;
    let mut count = 0;
    let files = runtime.block_on(async {
        for (path, html) in pages {
            count += 1;
            pagefind
                .add_html_file(None, Some(result_url(&path)), html)
                .await
                .map_err(|e| failed(&path, &e))?;
        }
        pagefind
            .get_files()
            .await
            .map_err(|e| failed("cannot write the index", &e))
    })?;
    if count == 0 {
        // A theme that marks no page has no search.
        return Ok(Bundle::new());
    }
    Ok(files
        .into_iter()
        .filter_map(|f| {
            let name = f.filename.to_string_lossy().replace('\\', "/");
            kept(&name).then_some((name, f.contents))
        })
        .collect())
}

/// The file that lists the languages of the index and where each one's files are.
const ENTRY: &str = "pagefind-entry.json";

/// [`ENTRY`] as Pagefind writes it (its fields in its order, so the bytes are its own).
#[derive(serde::Serialize, serde::Deserialize)]
struct Entry {
    version: String,
    languages: BTreeMap<String, EntryLanguage>,
    include_characters: Vec<char>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct EntryLanguage {
    hash: String,
    wasm: Option<String>,
    page_count: usize,
}

/// One bundle of the bundles of single languages, as one Pagefind of all the pages
/// makes it: each language's files are its own (named by language and hash), the
/// script and its worker are the same in every bundle, and the entry lists every
/// language.
fn merged(bundles: Vec<Bundle>) -> Result<Bundle, Diagnostics> {
    let bad_entry = |e: &dyn std::fmt::Display| {
        Diagnostics::from(Diagnostic::new(format!(
            "search index: Pagefind's {ENTRY} is not what this version of timeline reads: {e}"
        )))
    };
    let mut out = Bundle::new();
    let mut entry: Option<Entry> = None;
    for bundle in bundles {
        for (name, bytes) in bundle {
            if name != ENTRY {
                out.entry(name).or_insert(bytes);
                continue;
            }
            let this: Entry = serde_json::from_slice(&bytes).map_err(|e| bad_entry(&e))?;
            match entry.as_mut() {
                None => entry = Some(this),
                Some(all) => all.languages.extend(this.languages),
            }
        }
    }
    if let Some(entry) = entry {
        let bytes = serde_json::to_vec(&entry).map_err(|e| bad_entry(&e))?;
        out.insert(ENTRY.to_string(), bytes);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(lang: &str, title: &str, body: &str) -> String {
        format!(
            "<!DOCTYPE html><html lang=\"{lang}\"><head><title>{title}</title></head>\
             <body><nav>menu</nav><article data-pagefind-body><h1>{title}</h1><p>{body}</p></article></body></html>"
        )
    }

    #[test]
    fn only_marked_pages_are_given_and_only_their_marked_parts() {
        let marked = OutputFile::made("en/a/index.html".into(), page("en", "A", "b"));
        let list = OutputFile::made("en/index.html".into(), "<html><body>list</body></html>");
        let feed = OutputFile::made("en/feed.xml".into(), "data-pagefind-body");
        assert_eq!(
            searchable(&marked).as_deref(),
            Some("<!DOCTYPE html><html lang=\"en\"><body><article data-pagefind-body><h1>A</h1><p>b</p></article></body></html>")
        );
        assert_eq!(searchable(&list), None);
        assert_eq!(searchable(&feed), None);
    }

    #[test]
    fn nested_elements_of_the_same_name_and_several_parts() {
        let html =
            "<html lang=\"ar\"><body><div class=\"x\"><div data-pagefind-body>a<div>b</div>c</div>\
                    <p>skip</p><dd data-pagefind-body>d</dd><div>e</div></div></body></html>";
        assert_eq!(
            marked_parts(html).as_deref(),
            Some("<!DOCTYPE html><html lang=\"ar\"><body><div data-pagefind-body>a<div>b</div>c</div><dd data-pagefind-body>d</dd></body></html>")
        );
        // An element that never closes: the whole page is given instead.
        assert_eq!(marked_parts("<html><body><div data-pagefind-body>a"), None);
    }

    #[test]
    fn the_languages_indexed_apart_make_the_bundle_one_pagefind_of_all_makes() {
        let page_of = |i: usize, lang: &str| {
            let words = [
                "هجوم إلكتروني على ألبانيا",
                "cyberattack on Albania",
                "NATO statement",
            ];
            (
                format!("{lang}/events/e{i}/index.html"),
                page(lang, &format!("{} {i}", words[i % 3]), words[(i + 1) % 3]),
            )
        };
        let pages: Vec<(String, String)> = (0..12)
            .map(|i| page_of(i, if i % 3 == 0 { "en" } else { "ar" }))
            .collect();
        let only = |lang: &str| {
            let prefix = format!("{lang}/");
            pages
                .iter()
                .filter(|(p, _)| p.starts_with(&prefix))
                .cloned()
                .collect::<Vec<_>>()
        };
        let one = index_language(pages.clone().into_iter()).expect("indexes");
        let apart = merged(vec![
            index_language(only("ar").into_iter()).expect("indexes"),
            index_language(only("en").into_iter()).expect("indexes"),
        ])
        .expect("merges");
        assert_eq!(
            apart.keys().collect::<Vec<_>>(),
            one.keys().collect::<Vec<_>>()
        );
        assert_eq!(apart, one);
        assert_eq!(
            language_of("<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><body>"),
            "ar"
        );
        assert_eq!(language_of("<html><body lang=\"en\">"), "");
    }

    #[test]
    fn no_page_no_index() {
        assert_eq!(index(std::iter::empty()).expect("indexes"), Vec::new());
    }

    #[test]
    fn urls_leave_the_base_path_to_the_browser() {
        assert_eq!(result_url("en/events/x/index.html"), "/en/events/x/");
        assert_eq!(result_url("events/x/index.html"), "/events/x/");
        assert_eq!(result_url("404.html"), "/404.html");
    }

    #[test]
    fn one_index_per_language_and_the_same_bytes_twice() {
        let pages = || {
            vec![
                (
                    "events/a/index.html".to_string(),
                    page("ar", "هجوم إلكتروني", "الهجمات على ألبانيا"),
                ),
                (
                    "en/events/a/index.html".to_string(),
                    page("en", "Cyberattack", "attacks on Albania"),
                ),
            ]
            .into_iter()
        };
        let files = index(pages()).expect("indexes");
        let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert!(names.contains(&"pagefind/pagefind.js"), "{names:?}");
        assert!(names.contains(&"pagefind/pagefind-entry.json"));
        assert!(names.contains(&"pagefind/wasm.ar.pagefind"), "{names:?}");
        assert!(names.contains(&"pagefind/wasm.en.pagefind"));
        assert!(!names.iter().any(|n| n.contains("-ui.")), "{names:?}");
        let entry = files
            .iter()
            .find(|f| f.path == "pagefind/pagefind-entry.json")
            .expect("entry");
        let Contents::Bytes(entry) = &entry.contents else {
            panic!("made")
        };
        let entry: serde_json::Value = serde_json::from_slice(entry).expect("JSON");
        assert_eq!(entry["languages"]["ar"]["page_count"], 1);
        assert_eq!(entry["languages"]["en"]["page_count"], 1);
        assert_eq!(index(pages()).expect("indexes"), files);
    }
}
