//! One run of the pipeline: the theme and content/ (side by side), the site model and
//! its links, then pages rendered in batches on every core while a thread of its own
//! hands each batch to the sink, then the copied files, feeds and sitemap. With a cache,
//! each stage reuses what the cache holds and what it makes is remembered.

use std::collections::HashMap;

use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::Arc;
use std::time::Instant;

use super::cache::{Cache, Model};
use super::{Progress, Sink, Summary, BATCH};
use crate::built::{Bytes, OutputFile};
use crate::config::Config;
use crate::content::{self, Article, Content};
use crate::error::{Diagnostic, Diagnostics};
use crate::render::templates::Templates;
use crate::render::views::Cards;
use crate::render::Renderer;
use crate::site::{self, Site};
use crate::theme::Theme;
use crate::{links, publish, LoadedSite};

/// Times the stages of a run and tells `progress`.
struct Clock<'p> {
    progress: &'p mut dyn FnMut(Progress<'_>),
    since: Instant,
}

impl Clock<'_> {
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        (self.progress)(Progress::Stage {
            name,
            elapsed: now - self.since,
        });
        self.since = now;
    }
}

/// The theme and content/ of a run.
struct Inputs {
    theme: Theme,
    templates: Templates,
    content: Content,
    /// Each article's [`site::model_key`] (with a cache).
    keys: Vec<u64>,
    parsed: usize,
}

pub(super) fn run(
    config: &Config,
    mut cache: Option<&mut Cache>,
    changed: Option<&[PathBuf]>,
    sink: &mut dyn Sink,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<Summary, Diagnostics> {
    let mut clock = Clock {
        progress,
        since: Instant::now(),
    };
    if let Some(c) = cache.as_deref_mut() {
        c.keep_for(config);
    }
    let inputs = load(config, cache.as_deref_mut(), changed)?;
    clock.lap("content and theme");
    let parsed = inputs.parsed;
    let (loaded, reuse) = model(config, inputs, cache.as_deref_mut())?;
    clock.lap("site model");
    (clock.progress)(Progress::Model(&loaded.site));
    let (mut summary, kept) = render(
        config,
        &loaded,
        reuse,
        cache.as_deref_mut(),
        sink,
        &mut clock,
    )?;
    summary.parsed = parsed;
    summary.warnings = missing_translation_warnings(config, &loaded.site);
    match (cache, kept) {
        (Some(cache), Some(kept)) => {
            cache.theme = Some((loaded.theme, loaded.templates));
            cache.model = Some(Model {
                keys: kept.keys,
                site: loaded.site,
                articles: kept.parsed,
                cards: kept.cards,
                shared: kept.shared,
            });
        }
        // Freeing a large site takes a while (0.6 s at 100k articles) and nothing
        // waits for it: it is freed on a thread of its own, which a command that exits
        // does not await.
        _ => drop(std::thread::spawn(move || drop(loaded))),
    }
    Ok(summary)
}

/// The theme (kept from the cache when only articles changed) and content/.
fn load(
    config: &Config,
    cache: Option<&mut Cache>,
    changed: Option<&[PathBuf]>,
) -> Result<Inputs, Diagnostics> {
    let Some(cache) = cache else {
        let (theme, content) = rayon::join(
            || crate::load_theme(config),
            || content::load(config).map(|c| (c, Vec::new(), 0)),
        );
        return inputs(theme, content);
    };
    let only = cache.only_articles(changed);
    let kept = only.and(cache.theme.take());
    let (theme, content) = {
        let cache = &mut *cache;
        rayon::join(
            || kept.map_or_else(|| crate::load_theme(config), Ok),
            || cache.load_content(config, only),
        )
    };
    match (theme, content) {
        (Ok(theme), Err(e)) => {
            // The theme is fine: the next run keeps it.
            cache.theme = Some(theme);
            Err(e.sorted())
        }
        (theme, content) => inputs(theme, content),
    }
}

type Loaded = Result<(Theme, Templates), Diagnostics>;
type Read = Result<(Content, Vec<u64>, usize), Diagnostics>;

/// Both loads, or the problems of both together.
fn inputs(theme: Loaded, content: Read) -> Result<Inputs, Diagnostics> {
    match (theme, content) {
        (Ok((theme, templates)), Ok((content, keys, parsed))) => Ok(Inputs {
            theme,
            templates,
            content,
            keys,
            parsed,
        }),
        (t, c) => {
            let mut errors = Diagnostics::default();
            errors.extend(t.err().into_iter().flat_map(|e| e.0));
            errors.extend(c.err().into_iter().flat_map(|e| e.0));
            Err(errors.sorted())
        }
    }
}

/// What the model of the run before left for this one, when it is the same model.
struct Reuse {
    /// The last model's articles before links were resolved.
    articles: Vec<Arc<Article>>,
    cards: Vec<Cards>,
    shared: Vec<u64>,
    keys: Vec<u64>,
    /// The articles of this run before links were resolved.
    parsed: Vec<Arc<Article>>,
}

/// The site model (kept from the cache when no article changed what it is built from)
/// with its links resolved.
fn model(
    config: &Config,
    inputs: Inputs,
    cache: Option<&mut Cache>,
) -> Result<(LoadedSite, Option<Reuse>), Diagnostics> {
    let Inputs {
        theme,
        templates,
        content,
        keys,
        ..
    } = inputs;
    let previous = cache.and_then(|c| c.model.take());
    let remembering = previous.is_some() || !keys.is_empty();
    let (mut site, reuse) = match previous {
        Some(m) if m.keys == keys => {
            let site = m.site.with_articles(config, content);
            let reuse = Reuse {
                articles: m.articles,
                cards: m.cards,
                shared: m.shared,
                keys,
                parsed: site.articles.clone(),
            };
            (site, Some(reuse))
        }
        _ => {
            let site = Site::build(config, content).map_err(Diagnostics::sorted)?;
            let reuse = remembering.then(|| Reuse {
                articles: Vec::new(),
                cards: Vec::new(),
                shared: Vec::new(),
                keys,
                parsed: site.articles.clone(),
            });
            (site, reuse)
        }
    };
    links::resolve(config, &mut site).map_err(Diagnostics::sorted)?;
    Ok((
        LoadedSite {
            theme,
            templates,
            site,
        },
        reuse,
    ))
}

/// What a run with a cache keeps of its model for the next (see [`Model`]).
struct Kept {
    keys: Vec<u64>,
    parsed: Vec<Arc<Article>>,
    cards: Vec<Cards>,
    shared: Vec<u64>,
}

/// With a cache: the cache, and per language and entry whether the entry's article
/// changed since the last run (given when the settings, templates and model are those
/// of the last run, so that a page none of whose entries changed is kept unseen).
struct Memo<'c> {
    cache: &'c mut Cache,
    changed: Option<Vec<Vec<bool>>>,
}

/// Renders every page and sends it, with the copied files, feeds and sitemap, to the
/// sink; with a cache, only pages whose fingerprint moved are rendered.
fn render(
    config: &Config,
    loaded: &LoadedSite,
    reuse: Option<Reuse>,
    cache: Option<&mut Cache>,
    sink: &mut dyn Sink,
    clock: &mut Clock,
) -> Result<(Summary, Option<Kept>), Diagnostics> {
    let site = &loaded.site;
    let (Some(reuse), Some(cache)) = (reuse, cache) else {
        let renderer = Renderer::new(config, loaded)?;
        clock.lap("views");
        let summary = send(config, site, &renderer, None, sink, clock)?;
        let cards = renderer.into_cards();
        drop(std::thread::spawn(move || drop(cards)));
        return Ok((summary, None));
    };
    let same: Vec<bool> = reuse
        .parsed
        .iter()
        .enumerate()
        .map(|(i, a)| reuse.articles.get(i).is_some_and(|o| Arc::ptr_eq(o, a)))
        .collect();
    let keep = |l: usize, i: usize| same[site.languages[l].entries[i].article];
    let renderer = Renderer::reusing(config, loaded, reuse.cards, &keep)?;
    clock.lap("views");
    let same_ground = reuse.shared == renderer.shared_fingerprints();
    let changed = same_ground.then(|| {
        let per_entry = |(l, ls): (usize, &site::LangSite)| {
            (0..ls.entries.len()).map(|i| !keep(l, i)).collect()
        };
        site.languages.iter().enumerate().map(per_entry).collect()
    });
    let mut memo = Memo { cache, changed };
    let summary = send(config, site, &renderer, Some(&mut memo), sink, clock)?;
    let kept = Kept {
        keys: reuse.keys,
        parsed: reuse.parsed,
        shared: renderer.shared_fingerprints().to_vec(),
        cards: renderer.into_cards(),
    };
    Ok((summary, Some(kept)))
}

/// Renders the pages batch by batch and hands them, with the copied files, feeds and
/// sitemap, to the sink on a thread of its own, so that neither waits for the other (at
/// most one batch waits in between). Rendering goes on after an error, so that every
/// problem of the build is reported together; nothing more is sent then.
fn send(
    config: &Config,
    site: &Site,
    renderer: &Renderer,
    mut memo: Option<&mut Memo>,
    sink: &mut dyn Sink,
    clock: &mut Clock,
) -> Result<Summary, Diagnostics> {
    let total = renderer.page_count();
    let mut out = Delivery::default();
    out.paths.root = config.root.clone();
    std::thread::scope(|scope| {
        let (tx, rx) = sync_channel::<Vec<OutputFile>>(1);
        let taking = scope.spawn(move || rx.into_iter().try_for_each(|files| sink.add(files)));
        for range in renderer.batches(BATCH) {
            let done = range.end;
            match pages(renderer, range, memo.as_deref_mut()) {
                Ok((files, fresh)) => {
                    out.rendered += fresh;
                    out.deliver(&tx, files);
                }
                Err(e) => out.errors.extend(e.0),
            }
            (clock.progress)(Progress::Rendered { done, total });
        }
        clock.lap("pages");
        out.deliver(&tx, renderer.assets());
        out.deliver(&tx, published(config, site, memo.as_deref_mut()));
        clock.lap("feeds and sitemap");
        drop(tx);
        match taking.join() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                out.errors.extend(e.0);
                out.sink_failed = true;
            }
            Err(_) => out
                .errors
                .push(Diagnostic::new("internal: the output thread stopped")),
        }
    });
    if let Some(memo) = memo {
        memo.cache.forget_made_except(&out.paths.seen);
        if out.sink_failed {
            // A file the last walk listed may be gone (an asset deleted meanwhile):
            // the next run walks content/ again rather than trust it.
            memo.cache.forget_content();
        }
    }
    let Delivery {
        errors,
        pages,
        files,
        rendered,
        ..
    } = out;
    errors.sorted().into_result(Summary {
        pages,
        files,
        rendered,
        ..Summary::default()
    })
}

/// Pages `range` of the renderer, and how many were rendered (with a cache, the others
/// are the bytes made before for the same fingerprint).
fn pages(
    renderer: &Renderer,
    range: std::ops::Range<usize>,
    memo: Option<&mut Memo>,
) -> Result<(Vec<OutputFile>, usize), Diagnostics> {
    let Some(memo) = memo else {
        let files = renderer.render_pages(range)?;
        let n = files.len();
        return Ok((files, n));
    };
    let rendered = {
        let cache = &*memo.cache;
        let lookup = |path: &str| cache.fingerprint_of(path);
        let changed = memo
            .changed
            .as_ref()
            .map(|c| move |l: usize, i: usize| c[l][i]);
        let changed_fn = changed
            .as_ref()
            .map(|f| f as &(dyn Fn(usize, usize) -> bool + Sync));
        renderer.render_pages_memo(range, &lookup, changed_fn)?
    };
    let fresh = rendered.iter().filter(|p| p.html.is_some()).count();
    let files = rendered
        .into_iter()
        .filter_map(|p| {
            memo.cache
                .keep(p.path, p.fingerprint, p.html.map(Bytes::from))
        })
        .collect();
    Ok((files, fresh))
}

/// The feeds, sitemap and files for GitHub Pages; with a cache, printed again only when
/// the fingerprint of their view moved.
fn published(config: &Config, site: &Site, memo: Option<&mut Memo>) -> Vec<OutputFile> {
    let Some(memo) = memo else {
        return publish::render(config, site);
    };
    let planned: Vec<(String, u64, Option<String>)> = {
        let cache = &*memo.cache;
        publish::plan(config, site)
            .into_par_iter()
            .map(|(path, p)| {
                let print = p.fingerprint();
                let text = (cache.fingerprint_of(&path) != Some(print)).then(|| p.text());
                (path, print, text)
            })
            .collect()
    };
    planned
        .into_iter()
        .filter_map(|(path, print, text)| memo.cache.keep(path, print, text.map(Bytes::from)))
        .collect()
}

/// What has been handed to the sink, and the problems found so far.
#[derive(Default)]
struct Delivery {
    errors: Diagnostics,
    sink_failed: bool,
    paths: Paths,
    pages: usize,
    files: usize,
    rendered: usize,
}

impl Delivery {
    /// Checks the paths of `files` and sends them, unless something failed before.
    fn deliver(&mut self, tx: &SyncSender<Vec<OutputFile>>, files: Vec<OutputFile>) {
        if !self.paths.check(&files, &mut self.errors) || !self.errors.is_empty() {
            return;
        }
        self.pages += files.iter().filter(|f| f.is_page()).count();
        self.files += files.len();
        // The sink stopped on an error: it is reported when its thread is joined.
        let _ = tx.send(files);
    }
}

/// Checks the paths of every batch: inside the output, and no two files on one path
/// (the message names the file of content/ or static/ that collides, whichever came
/// first).
#[derive(Default)]
struct Paths {
    /// The site folder: messages name files relative to it.
    root: PathBuf,
    seen: HashMap<String, Option<PathBuf>>,
}

impl Paths {
    fn check(&mut self, files: &[OutputFile], errors: &mut Diagnostics) -> bool {
        let before = errors.len();
        if let Err(e) = crate::output::check_paths(files) {
            errors.extend(e.0);
        }
        for f in files {
            let source = f
                .copied_from()
                .map(|p| crate::source::rel_to(&self.root, p));
            match self.seen.get(&f.path) {
                None => {
                    self.seen.insert(f.path.clone(), source);
                }
                Some(first) => {
                    let named = source.as_deref().or(first.as_deref());
                    errors.push(crate::output::duplicate(&f.path, named));
                }
            }
        }
        errors.len() == before
    }
}

/// How many untranslated events a build names per language; the rest are counted.
const UNTRANSLATED_LISTED: usize = 10;

/// One warning per event missing a translation, up to [`UNTRANSLATED_LISTED`] per
/// language, then one that counts the others (a large site would print thousands).
pub fn missing_translation_warnings(config: &Config, site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for lang in &config.languages {
        let name = lang.name.as_str();
        let missing: Vec<&str> = site
            .missing_translations
            .iter()
            .filter(|(_, l)| *l == lang.code)
            .map(|(key, _)| key.as_str())
            .collect();
        out.extend(missing.iter().take(UNTRANSLATED_LISTED).map(|key| {
            let l = &lang.code;
            Diagnostic::warning(format!(
                "`{key}` has no {name} translation ({key}.{l}.md); {name} timelines list it with a link to the original"
            ))
        }));
        if missing.len() > UNTRANSLATED_LISTED {
            out.push(Diagnostic::warning(format!(
                "… and {} more events have no {name} translation; {name} timelines list them with links to the originals",
                missing.len() - UNTRANSLATED_LISTED
            )));
        }
    }
    out
}
