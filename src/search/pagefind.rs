//! Pagefind, as timeline drives it: one index of one language's pages (its Rust API
//! is async and reads one page at a time), and the bundles of several languages put
//! together into the one Pagefind writes for all of them.

use std::collections::BTreeMap;

use crate::error::{Diagnostic, Diagnostics};

/// Pagefind's files, by their path in its folder.
pub(super) type Bundle = BTreeMap<String, Vec<u8>>;

/// The `lang` of the page's `<html>` tag ("" without one: Pagefind then files it under
/// the site's main language).
pub(super) fn language_of(html: &str) -> &str {
    let tag = html
        .find("<html")
        .and_then(|at| html[at..].find('>').map(|end| &html[at..at + end]));
    tag.and_then(|tag| tag.split_once(" lang=\""))
        .and_then(|(_, rest)| rest.split_once('"'))
        .map_or("", |(lang, _)| lang)
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

/// One language's Pagefind, with the runtime its async API runs on.
pub(super) struct Indexer {
    runtime: tokio::runtime::Runtime,
    pagefind: ::pagefind::api::PagefindIndex,
    pages: usize,
}

fn failed(what: &str, e: &dyn std::fmt::Display) -> Diagnostics {
    Diagnostics::from(Diagnostic::new(format!("search index: {what}: {e}")))
}

impl Indexer {
    pub(super) fn new() -> Result<Indexer, Diagnostics> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(|e| failed("cannot start", &e))?;
        let options = ::pagefind::options::PagefindServiceConfig::builder()
            .write_playground(false)
            .build();
        let pagefind = ::pagefind::api::PagefindIndex::new(Some(options))
            .map_err(|e| failed("cannot start", &e))?;
        Ok(Indexer {
            runtime,
            pagefind,
            pages: 0,
        })
    }

    /// Reads the page at `path` (relative to the output); a page already read at that
    /// path is replaced where it stands, as Pagefind does.
    pub(super) fn add(&mut self, path: &str, html: String) -> Result<(), Diagnostics> {
        self.pages += 1;
        let url = result_url(path);
        self.runtime
            .block_on(self.pagefind.add_html_file(None, Some(url), html))
            .map(drop)
            .map_err(|e| failed(path, &e))
    }

    /// The index of the pages read so far (none when there is none), without the files
    /// [`kept`] leaves out.
    pub(super) fn bundle(&mut self) -> Result<Bundle, Diagnostics> {
        if self.pages == 0 {
            // A theme that marks no page has no search.
            return Ok(Bundle::new());
        }
        let files = self
            .runtime
            .block_on(self.pagefind.get_files())
            .map_err(|e| failed("cannot write the index", &e))?;
        Ok(files
            .into_iter()
            .filter_map(|f| {
                let name = f.filename.to_string_lossy().replace('\\', "/");
                kept(&name).then_some((name, f.contents))
            })
            .collect())
    }
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
pub(super) fn merged(bundles: Vec<Bundle>) -> Result<Bundle, Diagnostics> {
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

    #[test]
    fn urls_leave_the_base_path_to_the_browser() {
        assert_eq!(result_url("en/events/x/index.html"), "/en/events/x/");
        assert_eq!(result_url("events/x/index.html"), "/events/x/");
        assert_eq!(result_url("404.html"), "/404.html");
    }
}
