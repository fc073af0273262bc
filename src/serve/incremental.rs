//! The build kept warm between saves. `serve --watch` runs the same stages as
//! `timeline build`, but remembers two things: each article file parsed, under the hash
//! of its bytes, and each page rendered, under the fingerprint of everything its
//! template was given ([`crate::fingerprint`]). A save re-reads the files it
//! touched, re-parses those whose bytes changed, rebuilds the site model, and renders
//! again only the pages whose fingerprint moved. No page's dependencies are guessed,
//! so no page can be left stale: a title edit reaches every list, neighbour, related
//! card and feed that shows the title because their fingerprints include it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Bytes;
use rayon::prelude::*;

use crate::config::Config;
use crate::content::discover::{self, Discovered};
use crate::content::{self, Article, Content};
use crate::error::{Diagnostic, Diagnostics};
use crate::fingerprint;
use crate::render::templates::Templates;
use crate::render::views::Cards;
use crate::render::{self, Contents, OutputFile};
use crate::theme::Theme;
use crate::{links, publish, site, LoadedSite};

/// One file of a rebuilt site, ready for [`super::state::Snapshot`].
#[derive(Debug)]
pub enum Payload {
    Bytes(Bytes),
    /// A file copied as it is (read when the snapshot is made).
    Copy(PathBuf),
}

impl From<Contents> for Payload {
    fn from(contents: Contents) -> Payload {
        match contents {
            Contents::Bytes(b) => Payload::Bytes(Bytes::from(b)),
            Contents::Copy(src) => Payload::Copy(src),
        }
    }
}

/// What a rebuild produced.
#[derive(Debug)]
pub struct Rebuilt {
    pub files: Vec<(String, Payload)>,
    /// HTML pages in the site.
    pub pages: usize,
    /// Pages rendered by this rebuild (the others were unchanged).
    pub rendered: usize,
    /// Article files parsed by this rebuild.
    pub parsed: usize,
    pub warnings: Vec<Diagnostic>,
    /// Wall time of each stage, in order (shown with `TIMELINE_TIMINGS=1`).
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Notes the time each stage took.
struct Stopwatch(Vec<(&'static str, std::time::Duration)>, std::time::Instant);

impl Stopwatch {
    fn start() -> Stopwatch {
        Stopwatch(Vec::new(), std::time::Instant::now())
    }

    fn lap(&mut self, stage: &'static str) {
        let now = std::time::Instant::now();
        self.0.push((stage, now - self.1));
        self.1 = now;
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

/// The site model of the last good build, with what it was built from.
struct Model {
    /// [`site::model_key`] of every article, in content order.
    keys: Vec<u64>,
    site: site::Site,
    /// The model's articles before links were resolved (as parsed).
    articles: Vec<Arc<Article>>,
    /// The entries' cards, per language.
    cards: Vec<Cards>,
    /// [`render::Renderer::shared_fingerprints`] of the build.
    shared: Vec<u64>,
}

/// The memory of earlier builds. Start with [`Incremental::default`]; the first
/// rebuild is a full build.
#[derive(Default)]
pub struct Incremental {
    /// The settings the memory below was built with; other settings start afresh.
    config_key: Option<u64>,
    /// content/ as last read (article paths made absolute).
    content: Option<ContentMemo>,
    theme: Option<(Theme, Templates)>,
    model: Option<Model>,
    /// Output path → fingerprint and bytes of the page rendered for it.
    pages: HashMap<String, (u64, Bytes)>,
}

impl Incremental {
    /// Forgets content/ as last read, so that the next rebuild walks it again (after a
    /// file it listed could not be read).
    pub fn forget_content(&mut self) {
        self.content = None;
    }

    /// Builds the site, reusing what earlier builds computed. `changed`: the paths a
    /// save touched (absolute), when known; `None` re-reads everything. When every
    /// changed path is an article file already known (or a file that came and went,
    /// such as an editor's temporary file), only those are read again; anything else
    /// (a new or deleted article, a theme file, site.toml) walks content/ again and
    /// re-reads every file, still re-parsing only those whose bytes differ.
    ///
    /// The site model is kept when no article changed what the model is built from
    /// ([`site::model_key`]: dates, topics, slugs…), and each entry's card when its
    /// article is the same parse. Every page's fingerprint is then computed from its
    /// views and only pages whose fingerprint moved are rendered.
    pub fn rebuild(
        &mut self,
        config: &Config,
        changed: Option<&[PathBuf]>,
    ) -> Result<Rebuilt, Diagnostics> {
        let mut watch = Stopwatch::start();
        let key = fingerprint::hash_str(&format!("{config:?}"));
        if self.config_key != Some(key) {
            *self = Incremental {
                config_key: Some(key),
                ..Incremental::default()
            };
        }
        let only_articles = changed.filter(|paths| {
            self.content.as_ref().is_some_and(|m| {
                paths.iter().all(|p| match m.by_path.contains_key(p) {
                    true => p.is_file(),
                    // A file that came and went (an editor's temporary file); not one
                    // the site had (an asset, a folder, content/ itself): that walks again.
                    false => !p.exists() && !p.is_symlink() && !m.had(p),
                })
            })
        });
        let theme = match only_articles {
            Some(_) => self.theme.take(),
            None => None,
        };
        let (theme, content) = rayon::join(
            || match theme {
                Some(t) => Ok(t),
                None => crate::load_theme(config),
            },
            || load_content(config, only_articles, &mut self.content),
        );
        let ((theme, templates), (content, keys, parsed)) = match (theme, content) {
            (Ok(t), Ok(c)) => (t, c),
            (t, c) => {
                let mut errors = Diagnostics::default();
                match t {
                    Ok(t) => self.theme = Some(t),
                    Err(e) => errors.extend(e.0),
                }
                if let Err(e) = c {
                    errors.extend(e.0);
                }
                return Err(errors.sorted());
            }
        };
        watch.lap("content and theme");
        let previous = self.model.take();
        let built = build_pages(
            config,
            (theme, templates),
            content,
            keys,
            previous,
            (&mut self.pages, only_articles.is_some()),
            &mut watch,
        );
        let (theme, result) = built;
        self.theme = Some(theme);
        let (done, model) = result?;
        self.model = Some(model);
        Ok(Rebuilt {
            parsed,
            timings: watch.0,
            ..done
        })
    }
}

type PagesResult = Result<(Rebuilt, Model), Diagnostics>;

/// Output path → fingerprint and bytes of what was made for it. Entries stay valid
/// whatever happens to a build: each holds the bytes made for its fingerprint.
type Memo = HashMap<String, (u64, Bytes)>;

/// The site model (kept from `previous` when it still holds), links, pages (rendered
/// only where their fingerprint is new), feeds and files to copy. Gives the theme
/// back whatever happens.
fn build_pages(
    config: &Config,
    theme: (Theme, Templates),
    content: Content,
    keys: Vec<u64>,
    previous: Option<Model>,
    (memo, articles_only): (&mut Memo, bool),
    watch: &mut Stopwatch,
) -> ((Theme, Templates), PagesResult) {
    let (mut site, previous) = match previous {
        Some(m) if m.keys == keys => (
            m.site.with_articles(config, content),
            Some((m.articles, m.cards, m.shared)),
        ),
        _ => match site::Site::build(config, content) {
            Ok(site) => (site, None),
            Err(e) => return (theme, Err(e.sorted())),
        },
    };
    watch.lap("site model");
    let articles = site.articles.clone();
    if let Err(e) = links::resolve(config, &mut site) {
        return (theme, Err(e.sorted()));
    }
    watch.lap("links");
    // Articles parsed from the same bytes as last time keep their cards.
    let reused = previous.is_some();
    let (old_articles, old_cards, old_shared) = previous.unwrap_or_default();
    let same: Vec<bool> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| old_articles.get(i).is_some_and(|o| Arc::ptr_eq(o, a)))
        .collect();
    drop(old_articles);
    let loaded = LoadedSite {
        theme: theme.0,
        templates: theme.1,
        site,
    };
    let old = Previous {
        cards: old_cards,
        shared: reused.then_some(old_shared),
    };
    let result = render_all(config, &loaded, old, &same, (memo, articles_only), watch);
    let LoadedSite {
        theme,
        templates,
        site,
    } = loaded;
    let result = result.map(|(done, (cards, shared))| {
        let model = Model {
            keys,
            site,
            articles,
            cards,
            shared,
        };
        (done, model)
    });
    ((theme, templates), result)
}

/// What the last build of the same site model left: the cards, and the shared
/// fingerprints when the model is the same.
struct Previous {
    cards: Vec<Cards>,
    shared: Option<Vec<u64>>,
}

type RenderResult = Result<(Rebuilt, (Vec<Cards>, Vec<u64>)), Diagnostics>;

fn render_all(
    config: &Config,
    loaded: &LoadedSite,
    previous: Previous,
    same_article: &[bool],
    (memo, articles_only): (&mut Memo, bool),
    watch: &mut Stopwatch,
) -> RenderResult {
    let site = &loaded.site;
    let keep = |l: usize, i: usize| same_article[site.languages[l].entries[i].article];
    let renderer = render::Renderer::reusing(config, loaded, previous.cards, &keep)?;
    watch.lap("views");
    let shared = renderer.shared_fingerprints().to_vec();
    // Same settings, templates and model: a page none of whose articles changed is
    // kept without building its views.
    let same_ground = previous.shared.as_ref() == Some(&shared);
    let rendered = {
        let lookup = |path: &str| memo.get(path).map(|(p, _)| *p);
        let changed = |l: usize, i: usize| !keep(l, i);
        renderer.render_pages_memo(
            0..renderer.page_count(),
            &lookup,
            same_ground.then_some(&changed as &(dyn Fn(usize, usize) -> bool + Sync)),
        )?
    };
    let mut files: Vec<(String, Payload)> = Vec::with_capacity(rendered.len() + 64);
    let mut fresh = 0;
    for page in rendered {
        fresh += usize::from(page.html.is_some());
        keep_made(
            memo,
            &mut files,
            page.path,
            page.fingerprint,
            page.html.map(Bytes::from),
        );
    }
    watch.lap("pages");
    let page_count = files.iter().filter(|(p, _)| p.ends_with(".html")).count();
    let others: Vec<OutputFile> = renderer.assets();
    let published = {
        let unchanged = |path: &str, print: u64| memo.get(path).is_some_and(|(p, _)| *p == print);
        publish::render_memo(config, site, Some(&unchanged))
    };
    for p in published {
        keep_made(
            memo,
            &mut files,
            p.path,
            p.fingerprint,
            p.text.map(Bytes::from),
        );
    }
    let cards = renderer.into_cards();
    files.extend(
        others
            .into_iter()
            .map(|f| (f.path, Payload::from(f.contents))),
    );
    // Forget what no longer exists (a removed article's page).
    if memo.len() > files.len() {
        let made: std::collections::HashSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        memo.retain(|p, _| made.contains(p.as_str()));
    }
    watch.lap("feeds and sitemap");
    // The same checks as `timeline build` makes before writing; when only articles
    // changed and the model is the same, the paths are those of the last good build.
    if !(articles_only && same_ground) {
        crate::output::check_named(files.iter().map(|(path, payload)| {
            let source = match payload {
                Payload::Copy(src) => Some(src.as_path()),
                Payload::Bytes(_) => None,
            };
            (path.as_str(), source)
        }))?;
    }
    let warnings = crate::missing_translation_warnings(config, site);
    watch.lap("checks");
    let done = Rebuilt {
        files,
        pages: page_count,
        rendered: fresh,
        parsed: 0,
        warnings,
        timings: Vec::new(),
    };
    Ok((done, (cards, shared)))
}

/// content/ as last read: the walk, each article file's parse (in the walk's order),
/// and where each path is in it.
struct ContentMemo {
    found: Discovered,
    files: Vec<ParsedFile>,
    by_path: HashMap<PathBuf, usize>,
}

impl ContentMemo {
    /// True when the last walk found `path`, or something under it (a folder).
    fn had(&self, path: &std::path::Path) -> bool {
        let under = |p: &std::path::Path| p.starts_with(path);
        self.found.articles.iter().any(|(abs, _)| under(abs))
            || self.found.assets.iter().any(|a| {
                under(&a.source) || std::path::absolute(&a.source).is_ok_and(|p| under(&p))
            })
    }
}

/// Adds a page (or feed) to the files: the bytes `made` for it now, remembered under
/// its fingerprint, or those remembered from before.
fn keep_made(
    memo: &mut Memo,
    files: &mut Vec<(String, Payload)>,
    path: String,
    print: u64,
    made: Option<Bytes>,
) {
    let bytes = match made {
        Some(bytes) => {
            memo.insert(path.clone(), (print, bytes.clone()));
            bytes
        }
        None => match memo.get(&path) {
            Some((_, b)) => b.clone(),
            None => return,
        },
    };
    files.push((path, Payload::Bytes(bytes)));
}

/// Reads and parses content/, reusing `memo` for files whose bytes did not change.
/// Returns the content, each article's [`site::model_key`] and how many files were
/// parsed.
fn load_content(
    config: &Config,
    only: Option<&[PathBuf]>,
    memo: &mut Option<ContentMemo>,
) -> Result<(Content, Vec<u64>, usize), Diagnostics> {
    let from_bytes = |bytes: &[u8], hash: u64, file: &crate::content::SourceFile| -> ParsedFile {
        let result = content::parse_bytes(bytes, file.clone(), config).map(Arc::new);
        ParsedFile {
            hash,
            model: result.as_ref().map_or(0, |a| site::model_key(a)),
            result,
        }
    };
    let unreadable = |file: &crate::content::SourceFile, e: std::io::Error| ParsedFile {
        hash: 0,
        result: Err(vec![Diagnostic::in_file(
            &file.path,
            format!("cannot read the file: {e}"),
        )]),
        model: 0,
    };
    let mut count = 0;
    match (only, memo.as_mut()) {
        (Some(paths), Some(m)) => {
            for path in paths {
                let Some(&i) = m.by_path.get(path) else {
                    continue;
                };
                let file = &m.found.articles[i].1;
                m.files[i] = match std::fs::read(path) {
                    Ok(bytes) => match fingerprint::hash_bytes(&bytes) {
                        hash if hash == m.files[i].hash => continue,
                        hash => from_bytes(&bytes, hash, file),
                    },
                    Err(e) => unreadable(file, e),
                };
                count += 1;
            }
        }
        _ => {
            let codes: Vec<String> = config.languages.iter().map(|l| l.code.clone()).collect();
            let found =
                discover::discover(&config.root, &config.content_dir, &codes, &config.fence());
            let mut found = match found {
                Ok(f) => f,
                Err(e) => {
                    // What the walk found is wrong: the next save walks again.
                    *memo = None;
                    return Err(e.into());
                }
            };
            for (abs, _) in &mut found.articles {
                if let Ok(a) = std::path::absolute(&*abs) {
                    *abs = a;
                }
            }
            let old = memo.take();
            let results: Vec<(ParsedFile, bool)> = found
                .articles
                .par_iter()
                .map(|(abs, file)| {
                    let bytes = match std::fs::read(abs) {
                        Ok(bytes) => bytes,
                        Err(e) => return (unreadable(file, e), true),
                    };
                    let hash = fingerprint::hash_bytes(&bytes);
                    let kept = old.as_ref().and_then(|old| {
                        old.by_path
                            .get(abs)
                            .map(|&i| &old.files[i])
                            .filter(|p| p.hash == hash && same_file(&p.result, file))
                    });
                    match kept {
                        Some(p) => (
                            ParsedFile {
                                hash,
                                result: p.result.clone(),
                                model: p.model,
                            },
                            false,
                        ),
                        None => (from_bytes(&bytes, hash, file), true),
                    }
                })
                .collect();
            let mut files = Vec::with_capacity(results.len());
            for (entry, fresh) in results {
                count += usize::from(fresh);
                files.push(entry);
            }
            let by_path = found
                .articles
                .iter()
                .enumerate()
                .map(|(i, (abs, _))| (abs.clone(), i))
                .collect();
            *memo = Some(ContentMemo {
                found,
                files,
                by_path,
            });
        }
    }
    let Some(m) = memo.as_ref() else {
        return Err(Diagnostic::new("internal: content/ was not walked").into());
    };
    let mut articles = Vec::with_capacity(m.files.len());
    let mut keys = Vec::with_capacity(m.files.len());
    let mut errors = Diagnostics::default();
    for file in &m.files {
        match &file.result {
            Ok(a) => {
                articles.push(Arc::clone(a));
                keys.push(file.model);
            }
            Err(e) => errors.extend(e.iter().cloned()),
        }
    }
    errors.into_result((
        Content {
            articles,
            assets: m.found.assets.clone(),
        },
        keys,
        count,
    ))
}

/// True when a parse result was made for the same file identity (a file can keep its
/// bytes but change its language or translation key by being renamed).
fn same_file(parsed: &Parsed, file: &crate::content::SourceFile) -> bool {
    match parsed {
        Ok(a) => a.file == *file,
        // Errors name the file's path; re-parse to be sure they still do.
        Err(_) => false,
    }
}
