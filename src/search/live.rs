//! The search index `serve` keeps between its runs: each language's Pagefind stays
//! open with the pages it read, and a run gives it only the pages whose fingerprint
//! moved. A page changed where it stands is read again in its place, which leaves
//! Pagefind holding what a fresh index of the run's pages would hold, so the files are
//! the same bytes; a language whose pages came, went or moved is indexed afresh.

use std::collections::{BTreeMap, HashMap};

use super::pagefind::{language_of, merged, Bundle, Indexer};
use super::{every, joined, output_files, primary};
use crate::built::OutputFile;
use crate::error::{Diagnostic, Diagnostics};

/// The index of the last run, by language.
#[derive(Default)]
pub(crate) struct Live {
    languages: BTreeMap<String, Language>,
    /// Path → the language holding the page and its place there.
    at: HashMap<String, (String, usize)>,
    /// The files of the last run (given again while no language's moved).
    files: Vec<OutputFile>,
    /// Pages found to mark nothing, by path, under the fingerprint they had: a page of
    /// the same fingerprint has the same bytes, so it is not looked through again.
    unmarked: HashMap<String, u64>,
}

/// One language: its Pagefind, the pages it read, in order, and its files.
struct Language {
    indexer: Indexer,
    pages: Vec<Held>,
    bundle: Bundle,
    /// How many pages its Pagefind was given since it was made again (for the tests).
    reads: usize,
}

/// A page the index holds: what it was given, under the fingerprint it was made with.
struct Held {
    path: String,
    print: Option<u64>,
    html: String,
}

/// A page of a run, in output order: its fingerprint (none when unknown: it is then
/// read again), and what Pagefind is to be given of it ([`super::searchable`]) unless
/// [`Live::holds`] it as it is.
pub(crate) struct Seen {
    pub path: String,
    pub print: Option<u64>,
    pub html: Option<String>,
}

impl Live {
    /// Whether the index holds the page at `path` as made under `print`.
    pub(crate) fn holds(&self, path: &str, print: Option<u64>) -> bool {
        print.is_some() && self.held(path).is_some_and(|held| held.print == print)
    }

    /// Whether the page at `path`, made under `print`, was found to mark nothing.
    pub(crate) fn marks_nothing(&self, path: &str, print: Option<u64>) -> bool {
        print.is_some() && self.unmarked.get(path).copied() == print
    }

    /// Notes pages found to mark nothing (path, fingerprint).
    pub(crate) fn note_unmarked(&mut self, pages: Vec<(String, u64)>) {
        self.unmarked.extend(pages);
    }

    /// The index of the run whose searchable pages are `pages` (in output order), and its
    /// files. On an error the index is left in no state to be used again: drop it.
    pub(crate) fn update(&mut self, pages: Vec<Seen>) -> Result<Vec<OutputFile>, Diagnostics> {
        let by_language = self.by_language(pages);
        let mut old = std::mem::take(&mut self.languages);
        let mut fresh = Vec::new();
        let mut moved = false;
        for (lang, pages) in by_language {
            match old.remove(&lang) {
                Some(mut language) if language.same_places(&pages) => {
                    moved |= language.replace(pages)?;
                    self.languages.insert(lang, language);
                }
                Some(language) => {
                    old.insert(lang.clone(), language);
                    fresh.push((lang, pages));
                }
                None => fresh.push((lang, pages)),
            }
        }
        if !moved && fresh.is_empty() && old.is_empty() {
            return Ok(self.files.clone());
        }
        // What a fresh language is given of a page it held as it is: what it was given.
        let fresh: Vec<(String, Vec<Held>)> = fresh
            .into_iter()
            .map(|(lang, pages)| {
                let pages = pages
                    .into_iter()
                    .map(|seen| self.given(seen, &mut old))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok((lang, pages))
            })
            .collect::<Result<_, Diagnostics>>()?;
        self.languages.extend(afresh(fresh)?);
        self.at = self
            .languages
            .iter()
            .flat_map(|(lang, language)| {
                language
                    .pages
                    .iter()
                    .enumerate()
                    .map(move |(i, held)| (held.path.clone(), (lang.clone(), i)))
            })
            .collect();
        let bundles = self.languages.values().map(|l| l.bundle.clone()).collect();
        self.files = output_files(merged(bundles)?);
        Ok(self.files.clone())
    }

    /// `pages` by the language they are indexed in: their own (what they were given says
    /// it, for a page held as it is), and for pages without one the main language, after
    /// its own pages, as Pagefind files them.
    fn by_language(&self, pages: Vec<Seen>) -> BTreeMap<String, Vec<Seen>> {
        let mut by_language: BTreeMap<String, Vec<Seen>> = BTreeMap::new();
        for seen in pages {
            let lang = match &seen.html {
                Some(html) => language_of(html),
                None => self
                    .held(&seen.path)
                    .map_or("", |held| language_of(&held.html)),
            };
            by_language.entry(lang.to_string()).or_default().push(seen);
        }
        if let Some(unknown) = by_language.remove("") {
            let main = primary(by_language.iter().map(|(l, p)| (l.as_str(), p.len())));
            by_language
                .entry(main.to_string())
                .or_default()
                .extend(unknown);
        }
        by_language
    }

    /// How many pages were read again in place since each language was made afresh.
    #[cfg(test)]
    pub(crate) fn reads(&self) -> usize {
        self.languages.values().map(|l| l.reads).sum()
    }

    /// The page held at `path`.
    fn held(&self, path: &str) -> Option<&Held> {
        let (lang, i) = self.at.get(path)?;
        self.languages.get(lang)?.pages.get(*i)
    }

    /// The page `seen` as a fresh index is given it: its HTML, or the HTML the index
    /// of the last run was given for it (taken from `old`, which is not used again).
    fn given(&self, seen: Seen, old: &mut BTreeMap<String, Language>) -> Result<Held, Diagnostics> {
        let html = match seen.html {
            Some(html) => html,
            None => self
                .at
                .get(&seen.path)
                .and_then(|(lang, i)| old.get_mut(lang)?.pages.get_mut(*i))
                .map(|held| std::mem::take(&mut held.html))
                .ok_or_else(|| {
                    Diagnostic::new(format!("internal: the search index lost {}", seen.path))
                })?,
        };
        Ok(Held {
            path: seen.path,
            print: seen.print,
            html,
        })
    }
}

/// A fresh index of each language's pages, each on a thread of its own.
fn afresh(languages: Vec<(String, Vec<Held>)>) -> Result<Vec<(String, Language)>, Diagnostics> {
    let made = std::thread::scope(|scope| {
        let threads: Vec<_> = languages
            .into_iter()
            .map(|(lang, pages)| (lang, scope.spawn(move || Language::afresh(pages))))
            .collect();
        threads
            .into_iter()
            .map(|(lang, thread)| joined(thread).map(|language| (lang, language)))
            .collect::<Vec<_>>()
    });
    every(made)
}

impl Language {
    /// A new index of `pages`.
    fn afresh(pages: Vec<Held>) -> Result<Language, Diagnostics> {
        let mut indexer = Indexer::new()?;
        for page in &pages {
            indexer.add(&page.path, page.html.clone())?;
        }
        let bundle = indexer.bundle()?;
        Ok(Language {
            indexer,
            pages,
            bundle,
            reads: 0,
        })
    }

    /// Whether `pages` are the pages held, on the same paths in the same order.
    fn same_places(&self, pages: &[Seen]) -> bool {
        self.pages.len() == pages.len()
            && self.pages.iter().zip(pages).all(|(a, b)| a.path == b.path)
    }

    /// Reads again the pages of `pages` (on the same places) that come with HTML other
    /// than what the index holds, and makes the files again if any did. A page whose
    /// searchable parts are what they were (an edit of an event's body, which the theme
    /// does not mark) only takes its new fingerprint: Pagefind would make the same files.
    /// Whether the files were made again.
    fn replace(&mut self, pages: Vec<Seen>) -> Result<bool, Diagnostics> {
        let mut moved = false;
        for (held, seen) in self.pages.iter_mut().zip(pages) {
            let Some(html) = seen.html else { continue };
            if html == held.html {
                held.print = seen.print;
                continue;
            }
            self.reads += 1;
            self.indexer.add(&seen.path, html.clone())?;
            *held = Held {
                path: seen.path,
                print: seen.print,
                html,
            };
            moved = true;
        }
        if moved {
            self.bundle = self.indexer.bundle()?;
        }
        Ok(moved)
    }
}
