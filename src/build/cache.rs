//! What a pipeline remembers between runs, for `serve`'s warm rebuilds: each article
//! file parsed, under the hash of its bytes; the theme; the site model with the cards of
//! its entries; and each page and feed made, under the fingerprint of everything its
//! template was given. Nothing here decides what a page shows: a page is made again
//! whenever its fingerprint moves, so a remembered page can never be stale.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::built::{Bytes, OutputFile};
use crate::config::Config;
use crate::content::discover::{self, Discovered};
use crate::content::{self, Article, Content, SourceFile};
use crate::error::{Diagnostic, Diagnostics};
use crate::fingerprint;
use crate::render::templates::Templates;
use crate::render::views::Cards;
use crate::site;
use crate::theme::Theme;

/// The memory of earlier runs; [`Cache::default`] remembers nothing yet.
#[derive(Default)]
pub(super) struct Cache {
    /// The settings the memory below was made with; other settings start afresh.
    config_key: Option<u64>,
    /// content/ as last read.
    content: Option<ContentMemo>,
    pub(super) theme: Option<(Theme, Templates)>,
    pub(super) model: Option<Model>,
    /// Output path → fingerprint and bytes of the page or feed made for it.
    made: HashMap<String, (u64, Bytes)>,
    /// The search index of the last run, still open.
    search: Option<crate::search::Live>,
}

/// The site model of the last good run, with what it was built from.
pub(super) struct Model {
    /// [`site::model_key`] of every article, in content order.
    pub keys: Vec<u64>,
    /// The model's layout of the articles (timelines, topics, neighbours…).
    pub model: site::Model,
    /// The model's articles before links were resolved (as parsed).
    pub articles: Vec<Arc<Article>>,
    /// The entries' cards, per language.
    pub cards: Vec<Cards>,
    /// [`crate::render::Renderer::shared_fingerprints`] of the run.
    pub shared: Vec<u64>,
    /// The data exports' records, per language.
    pub records: Vec<Vec<Arc<crate::export::records::Record>>>,
}

impl Cache {
    /// Forgets everything when `config` is not the one the memory was made with.
    pub(super) fn keep_for(&mut self, config: &Config) {
        let key = fingerprint::hash_of(config);
        if self.config_key != Some(key) {
            *self = Cache {
                config_key: Some(key),
                ..Cache::default()
            };
        }
    }

    /// Forgets content/ as last read: the next run walks it again.
    pub(super) fn forget_content(&mut self) {
        self.content = None;
    }

    /// The paths of `changed` when each is an article file already known (or a file
    /// that came and went, such as an editor's temporary file): then only those are
    /// read again. `None` when anything else changed, or nothing is known yet.
    pub(super) fn only_articles<'p>(
        &self,
        changed: Option<&'p [PathBuf]>,
    ) -> Option<&'p [PathBuf]> {
        let memo = self.content.as_ref()?;
        changed.filter(|paths| {
            paths.iter().all(|p| match memo.by_path.contains_key(p) {
                true => p.is_file(),
                // Not a file the site had (an asset, a folder, content/ itself), which
                // walks again.
                false => !p.exists() && !p.is_symlink() && !memo.had(p),
            })
        })
    }

    /// Reads and parses content/ (only `only`, when given), reusing what was parsed
    /// from the same bytes. Returns the content, each article's [`site::model_key`] and
    /// how many files were parsed.
    pub(super) fn load_content(
        &mut self,
        config: &Config,
        only: Option<&[PathBuf]>,
    ) -> Result<(Content, Vec<u64>, usize), Diagnostics> {
        let parsed = match (only, self.content.as_mut()) {
            (Some(paths), Some(memo)) => memo.reread(config, paths),
            _ => {
                let old = self.content.take();
                let (memo, parsed) = ContentMemo::walk(config, old)?;
                self.content = Some(memo);
                parsed
            }
        };
        match &self.content {
            Some(memo) => memo.content(config, parsed),
            None => Err(Diagnostic::new("internal: content/ was not walked").into()),
        }
    }

    /// The fingerprint of what was last made for `path`.
    pub(super) fn fingerprint_of(&self, path: &str) -> Option<u64> {
        self.made.get(path).map(|(print, _)| *print)
    }

    /// The file for `path`: the bytes `made` now (remembered under `print`), or those
    /// remembered from before.
    pub(super) fn keep(
        &mut self,
        path: String,
        print: u64,
        made: Option<Bytes>,
    ) -> Option<OutputFile> {
        let bytes = match made {
            Some(bytes) => {
                self.made.insert(path.clone(), (print, bytes.clone()));
                bytes
            }
            None => self.made.get(&path)?.1.clone(),
        };
        Some(OutputFile::made(path, bytes))
    }

    /// The search index of the last run (a new one the first time), to be given back
    /// with [`Cache::keep_search_index`] when this run made its files.
    pub(super) fn take_search_index(&mut self) -> crate::search::Live {
        self.search.take().unwrap_or_default()
    }

    pub(super) fn keep_search_index(&mut self, live: crate::search::Live) {
        self.search = Some(live);
    }

    /// Forgets what was made for a path no run makes any more (a removed article).
    pub(super) fn forget_made_except<V>(&mut self, made: &HashMap<String, V>) {
        if self.made.len() > made.len() {
            self.made.retain(|p, _| made.contains_key(p));
        }
    }
}

type Parsed = Result<Arc<Article>, Vec<Diagnostic>>;

/// One article file as last read.
struct ParsedFile {
    /// Hash of the file's bytes.
    hash: u64,
    result: Parsed,
    /// [`site::model_key`] of the article.
    model: u64,
}

impl ParsedFile {
    fn parse(config: &Config, bytes: &[u8], hash: u64, file: &SourceFile) -> ParsedFile {
        let result = content::parse_bytes(bytes, file.clone(), config).map(Arc::new);
        ParsedFile {
            hash,
            model: result.as_ref().map_or(0, |a| site::model_key(a)),
            result,
        }
    }

    fn unreadable(file: &SourceFile, e: &std::io::Error) -> ParsedFile {
        ParsedFile {
            hash: 0,
            result: Err(vec![Diagnostic::in_file(
                &file.path,
                format!("cannot read the file: {e}"),
            )]),
            model: 0,
        }
    }

    /// The same parse, when it was made for the same file identity (a file can keep its
    /// bytes but change its language or translation key by being renamed).
    fn reuse(&self, hash: u64, file: &SourceFile) -> Option<ParsedFile> {
        let same = match &self.result {
            Ok(a) => a.file == *file,
            // Errors name the file's path; parsed again to be sure they still do.
            Err(_) => false,
        };
        (same && self.hash == hash).then(|| ParsedFile {
            hash,
            result: self.result.clone(),
            model: self.model,
        })
    }
}

/// content/ as last read: the walk, each article file's parse (in the walk's order),
/// and where each path is in it.
struct ContentMemo {
    found: Discovered,
    files: Vec<ParsedFile>,
    by_path: HashMap<PathBuf, usize>,
}

impl ContentMemo {
    /// Walks content/ and reads every article, re-parsing only those whose bytes differ
    /// from `old`'s. Returns the memo and how many files were parsed.
    fn walk(
        config: &Config,
        old: Option<ContentMemo>,
    ) -> Result<(ContentMemo, usize), Diagnostics> {
        let codes: Vec<String> = config.languages.iter().map(|l| l.code.clone()).collect();
        let mut found =
            discover::discover(&config.root, &config.content_dir, &codes, &config.fence())?;
        for (abs, _) in &mut found.articles {
            if let Ok(a) = std::path::absolute(&*abs) {
                *abs = a;
            }
        }
        let results: Vec<(ParsedFile, bool)> = found
            .articles
            .par_iter()
            .map(|(abs, file)| {
                let bytes = match std::fs::read(abs) {
                    Ok(bytes) => bytes,
                    Err(e) => return (ParsedFile::unreadable(file, &e), true),
                };
                let hash = fingerprint::hash_bytes(&bytes);
                let kept = old.as_ref().and_then(|old| {
                    let i = *old.by_path.get(abs)?;
                    old.files[i].reuse(hash, file)
                });
                match kept {
                    Some(p) => (p, false),
                    None => (ParsedFile::parse(config, &bytes, hash, file), true),
                }
            })
            .collect();
        let parsed = results.iter().filter(|(_, fresh)| *fresh).count();
        let by_path = found
            .articles
            .iter()
            .enumerate()
            .map(|(i, (abs, _))| (abs.clone(), i))
            .collect();
        let files = results.into_iter().map(|(p, _)| p).collect();
        Ok((
            ContentMemo {
                found,
                files,
                by_path,
            },
            parsed,
        ))
    }

    /// Reads `paths` (article files it knows) again; returns how many were parsed.
    fn reread(&mut self, config: &Config, paths: &[PathBuf]) -> usize {
        let mut parsed = 0;
        for path in paths {
            let Some(&i) = self.by_path.get(path) else {
                continue;
            };
            let file = &self.found.articles[i].1;
            self.files[i] = match std::fs::read(path) {
                Ok(bytes) => match fingerprint::hash_bytes(&bytes) {
                    hash if hash == self.files[i].hash => continue,
                    hash => ParsedFile::parse(config, &bytes, hash, file),
                },
                Err(e) => ParsedFile::unreadable(file, &e),
            };
            parsed += 1;
        }
        parsed
    }

    /// True when the last walk found `path`, or something under it (a folder).
    fn had(&self, path: &Path) -> bool {
        let under = |p: &Path| p.starts_with(path);
        self.found.articles.iter().any(|(abs, _)| under(abs))
            || self
                .found
                .entities
                .iter()
                .any(|(abs, _)| under(abs) || std::path::absolute(abs).is_ok_and(|p| under(&p)))
            || self.found.assets.iter().any(|a| {
                under(&a.source) || std::path::absolute(&a.source).is_ok_and(|p| under(&p))
            })
    }

    /// The content as last read (entities read again: they are few), its model keys
    /// (the articles', then the entities'), and `parsed`; or every file's errors.
    fn content(
        &self,
        config: &Config,
        parsed: usize,
    ) -> Result<(Content, Vec<u64>, usize), Diagnostics> {
        let mut articles = Vec::with_capacity(self.files.len());
        let mut keys = Vec::with_capacity(self.files.len());
        let mut errors = Diagnostics::default();
        for file in &self.files {
            match &file.result {
                Ok(a) => {
                    articles.push(Arc::clone(a));
                    keys.push(file.model);
                }
                Err(e) => errors.extend(e.iter().cloned()),
            }
        }
        let entities = content::load_entities(config, &self.found.entities).unwrap_or_else(|e| {
            errors.extend(e.0);
            Vec::new()
        });
        keys.push(site::entities_key(&entities));
        errors.into_result((
            Content {
                articles,
                entities,
                assets: self.found.assets.clone(),
            },
            keys,
            parsed,
        ))
    }
}
