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
/// under [`FOLDER`] (none when there is no page). The same pages in the same order
/// give the same bytes.
pub(crate) fn index(
    pages: impl Iterator<Item = (String, String)>,
) -> Result<Vec<OutputFile>, Diagnostics> {
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
        return Ok(Vec::new());
    }
    // In path order, whatever order Pagefind made them in.
    let files: BTreeMap<String, Vec<u8>> = files
        .into_iter()
        .filter_map(|f| {
            let name = f.filename.to_string_lossy().replace('\\', "/");
            kept(&name).then(|| (format!("{FOLDER}/{name}"), f.contents))
        })
        .collect();
    Ok(files
        .into_iter()
        .map(|(path, bytes)| OutputFile::made(path, bytes))
        .collect())
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
