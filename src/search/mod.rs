//! The search index: rendered pages → Pagefind's files (`pagefind/` at the root of the
//! output), made in process by the `pagefind` crate. Pagefind splits the index by each
//! page's `<html lang>`, so every language gets its own, with its stemmer (Arabic's folds
//! alef and hamza forms, diacritics and the article ال). Only pages the theme marks with
//! `data-pagefind-body` are read (the built-in theme marks events and entities): the
//! others would be parsed only to be dropped. A stage after rendering: it sees pages,
//! never the model, and writes nothing (its files go to the sink like every other).
//! A build streams its pages to [`index`]; `serve` keeps a [`Live`] index between its
//! runs, which reads again only the pages that changed.

mod live;
mod pagefind;

use std::collections::BTreeMap;

use crate::built::{Contents, OutputFile};
use crate::error::{Diagnostic, Diagnostics};

pub(crate) use live::{Live, Seen};
use pagefind::{language_of, merged, Bundle, Indexer};

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
        let mut unknown = Vec::new();
        for (path, html) in pages {
            match language_of(&html) {
                "" => unknown.push((path, html)),
                lang => languages
                    .entry(lang.to_string())
                    .or_insert_with(|| Language::spawn(scope))
                    .send((path, html)),
            }
        }
        if !unknown.is_empty() {
            // As Pagefind does: pages without a language go with the main one, last.
            let main = primary(languages.iter().map(|(l, t)| (l.as_str(), t.pages))).to_string();
            let language = languages
                .entry(main)
                .or_insert_with(|| Language::spawn(scope));
            unknown.into_iter().for_each(|page| language.send(page));
        }
        languages
            .into_values()
            .map(|Language { tx, thread, .. }| {
                drop(tx);
                joined(thread)
            })
            .collect::<Vec<_>>()
    });
    Ok(output_files(merged(every(per_language)?)?))
}

/// The language pages without one are indexed with, as Pagefind chooses it: the one of
/// most pages (the first in code order on a tie), or none ("").
fn primary<'a>(counts: impl Iterator<Item = (&'a str, usize)>) -> &'a str {
    let mut best: Option<(&str, usize)> = None;
    for (lang, n) in counts {
        if !lang.is_empty() && best.is_none_or(|(_, m)| n > m) {
            best = Some((lang, n));
        }
    }
    best.map_or("", |(lang, _)| lang)
}

/// What the threads made, or every error among them.
fn every<T>(made: Vec<Result<T, Diagnostics>>) -> Result<Vec<T>, Diagnostics> {
    let mut out = Vec::new();
    let mut errors = Diagnostics::default();
    for m in made {
        match m {
            Ok(t) => out.push(t),
            Err(e) => errors.extend(e.0),
        }
    }
    errors.into_result(out)
}

/// What an indexing thread made (an error when it stopped).
fn joined<T>(
    thread: std::thread::ScopedJoinHandle<'_, Result<T, Diagnostics>>,
) -> Result<T, Diagnostics> {
    thread
        .join()
        .unwrap_or_else(|_| Err(Diagnostic::new("internal: a search index thread stopped").into()))
}

/// The thread indexing one language's pages.
struct Language<'scope> {
    tx: std::sync::mpsc::SyncSender<(String, String)>,
    thread: std::thread::ScopedJoinHandle<'scope, Result<Bundle, Diagnostics>>,
    /// How many pages it was sent.
    pages: usize,
}

impl<'scope> Language<'scope> {
    fn spawn<'env>(scope: &'scope std::thread::Scope<'scope, 'env>) -> Language<'scope> {
        let (tx, rx) = std::sync::mpsc::sync_channel(256);
        let thread = scope.spawn(move || index_language(rx.into_iter()));
        Language {
            tx,
            thread,
            pages: 0,
        }
    }

    fn send(&mut self, page: (String, String)) {
        self.pages += 1;
        // A send fails only when the thread stopped, on an error it reports.
        drop(self.tx.send(page));
    }
}

/// The files of `bundle`, in the output.
fn output_files(bundle: Bundle) -> Vec<OutputFile> {
    bundle
        .into_iter()
        .map(|(path, bytes)| OutputFile::made(format!("{FOLDER}/{path}"), bytes))
        .collect()
}

/// The bundle Pagefind makes of `pages` (none when there is no page).
fn index_language(pages: impl Iterator<Item = (String, String)>) -> Result<Bundle, Diagnostics> {
    let mut indexer = Indexer::new()?;
    for (path, html) in pages {
        indexer.add(&path, html)?;
    }
    indexer.bundle()
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

    /// Pages of three languages and some without one, in output order.
    fn mixed_pages() -> Vec<(String, String)> {
        let words = [
            "هجوم إلكتروني على ألبانيا",
            "cyberattack on Albania",
            "NATO statement",
        ];
        (0..14)
            .map(|i| {
                let lang = ["ar", "en", "ar", "", "fr", "ar", "en"][i % 7];
                let html = page(lang, &format!("{} {i}", words[i % 3]), words[(i + 1) % 3]);
                let html = if lang.is_empty() {
                    html.replace(" lang=\"\"", "")
                } else {
                    html
                };
                (format!("p{i}/index.html"), html)
            })
            .collect()
    }

    #[test]
    fn pages_without_a_language_go_with_the_main_one_as_in_one_pagefind() {
        let pages = mixed_pages();
        assert!(pages[3].1.contains("<html><head>"), "{}", pages[3].1);
        let one = output_files(index_language(pages.clone().into_iter()).expect("indexes"));
        assert_eq!(index(pages.into_iter()).expect("indexes"), one);
        assert_eq!(primary([("ar", 2), ("en", 2), ("fr", 1)].into_iter()), "ar");
        assert_eq!(primary([("", 9), ("en", 1)].into_iter()), "en");
        assert_eq!(primary(std::iter::empty()), "");
    }

    #[test]
    fn a_live_index_gives_what_a_fresh_one_gives_after_every_change() {
        let mut pages = mixed_pages();
        let seen = |pages: &[(String, String)], print: u64, changed: Option<usize>, live: &Live| {
            pages
                .iter()
                .enumerate()
                .map(|(i, (path, html))| {
                    let print = Some(if Some(i) == changed { print } else { 1 });
                    Seen {
                        path: path.clone(),
                        print,
                        html: (!live.holds(path, print)).then(|| html.clone()),
                    }
                })
                .collect::<Vec<_>>()
        };
        let mut live = Live::default();
        let first = live.update(seen(&pages, 1, None, &live)).expect("indexes");
        assert_eq!(first, index(pages.clone().into_iter()).expect("indexes"));
        // One page changed where it stands (one without a language too).
        for (at, print) in [(4, 2), (3, 3)] {
            pages[at].1 = pages[at].1.replace("</p>", " communiqué</p>");
            let files = live
                .update(seen(&pages, print, Some(at), &live))
                .expect("indexes");
            assert_eq!(files, index(pages.clone().into_iter()).expect("indexes"));
            assert_ne!(files, first);
        }
        assert_eq!(live.reads(), 2);
        // A page made again (its fingerprint moved) with the same searchable parts, as
        // after an edit of an event's body: nothing is read again, the files stay.
        let before = live.update(seen(&pages, 3, None, &live)).expect("indexes");
        let files = live
            .update(seen(&pages, 4, Some(4), &live))
            .expect("indexes");
        assert!(!live.holds(&pages[4].0, Some(3)) && live.holds(&pages[4].0, Some(4)));
        assert_eq!(live.reads(), 2);
        assert_eq!(files, before);
        // A page comes first, one goes.
        pages.insert(0, ("new/index.html".into(), page("en", "New", "Albania")));
        pages.remove(5);
        let files = live
            .update(seen(&pages, 1, Some(0), &live))
            .expect("indexes");
        assert_eq!(files, index(pages.clone().into_iter()).expect("indexes"));
    }

    #[test]
    fn no_page_no_index() {
        assert_eq!(index(std::iter::empty()).expect("indexes"), Vec::new());
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
