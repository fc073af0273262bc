//! One run of the pipeline: the theme and content/ (side by side), the site model and
//! its links, then pages rendered in batches on every core while a thread of its own
//! hands each batch to the sink, then the copied files, feeds and sitemap. With a cache,
//! each stage reuses what the cache holds and what it makes is remembered.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use super::cache::{Cache, Model};
use super::deliver;
use super::deliver::Bodies;
use super::{Progress, Sink, Summary};
use crate::config::Config;
use crate::content::{self, Article, Content};
use crate::error::{Diagnostic, Diagnostics};
use crate::export::records::Record;
use crate::render::templates::Templates;
use crate::render::views::Cards;
use crate::render::{Inputs as RenderInputs, Renderer};
use crate::site::links;
use crate::site::{self, EntryIx, LangIx, Site};
use crate::theme::Theme;

/// Times the stages of a run and tells `progress`.
pub(super) struct Clock<'p> {
    pub progress: &'p mut dyn FnMut(Progress<'_>),
    since: Instant,
}

impl Clock<'_> {
    pub(super) fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        (self.progress)(Progress::Stage {
            name,
            elapsed: now - self.since,
        });
        self.since = now;
    }
}

/// Everything a run needs before rendering.
pub(super) struct LoadedSite {
    pub theme: Theme,
    /// The theme's templates, parsed.
    pub templates: Templates,
    pub site: Site,
}

impl LoadedSite {
    fn render_inputs<'a>(&'a self, config: &'a Config) -> RenderInputs<'a> {
        RenderInputs {
            config,
            site: &self.site,
            theme: &self.theme,
            templates: &self.templates,
        }
    }
}

/// Loads the theme and parses its templates.
fn load_theme(config: &Config) -> Result<(Theme, Templates), Diagnostics> {
    let theme = Theme::load(config)?;
    let templates = Templates::new(&theme, &config.languages)?;
    Ok((theme, templates))
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
    audit: bool,
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
    (clock.progress)(Progress::Articles(&loaded.site.articles));
    let (mut summary, kept) = render(
        config,
        &loaded,
        reuse,
        cache.as_deref_mut(),
        sink,
        &mut clock,
    )?;
    summary.parsed = parsed;
    summary.warnings = loaded.theme.warnings.clone();
    summary
        .warnings
        .extend(missing_translation_warnings(config, &loaded.site));
    summary
        .warnings
        .extend(crate::export::timelinejs::era_warnings(config));
    if audit {
        summary.audit = site::audit(config, &loaded.site);
    }
    match (cache, kept) {
        (Some(cache), Some(kept)) => {
            let (_, model, _) = loaded.site.into_parts();
            cache.theme = Some((loaded.theme, loaded.templates));
            cache.model = Some(Model {
                keys: kept.keys,
                model,
                articles: kept.parsed,
                cards: kept.cards,
                shared: kept.shared,
                records: kept.records,
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
            || load_theme(config),
            || content::load(config).map(|c| (c, Vec::new(), 0)),
        );
        return inputs(theme, content);
    };
    let only = cache.only_articles(changed);
    let kept = only.and(cache.theme.take());
    let (theme, content) = {
        let cache = &mut *cache;
        rayon::join(
            || kept.map_or_else(|| load_theme(config), Ok),
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
    /// The last run's data-export records.
    records: Vec<Vec<Arc<Record>>>,
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
            let articles = site::published(config, content.articles);
            let site = Site::of(articles, m.model, content.assets, content.entities);
            let reuse = Reuse {
                articles: m.articles,
                cards: m.cards,
                shared: m.shared,
                records: m.records,
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
                records: Vec::new(),
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
    records: Vec<Vec<Arc<Record>>>,
}

/// With a cache: the cache, and what of this run is the last run's.
pub(super) struct Memo<'c> {
    pub cache: &'c mut Cache,
    /// Whether the settings, templates and topics are those of the last run, so that a
    /// page none of whose entries changed is the same page.
    pub same_ground: bool,
    /// Per language and entry: whether its article is the last run's, in the same model
    /// (its card and its export record are then the last run's too: a record is made of
    /// its article and the entities it names, which the model keys count).
    pub unchanged: Vec<Vec<bool>>,
    /// The data exports' records: the last run's, then this run's.
    pub records: Vec<Vec<Arc<Record>>>,
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
    // Without a cache the articles are dropped after this run: their bodies can be freed
    // as soon as their pages are made. A cache may hold them for the next run.
    let bodies = match cache.is_some() {
        true => Bodies::Keep,
        false => Bodies::Release,
    };
    let (Some(reuse), Some(cache)) = (reuse, cache) else {
        let renderer = Renderer::new(loaded.render_inputs(config))?;
        clock.lap("views");
        let summary = deliver::send(config, site, &renderer, None, bodies, sink, clock)?;
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
    let keep = |l: LangIx, i: EntryIx| same[site.language(l).entry(i).article.get()];
    let renderer = Renderer::reusing(loaded.render_inputs(config), reuse.cards, &keep)?;
    clock.lap("views");
    let unchanged = (site.languages.iter().enumerate())
        .map(|(l, ls)| ls.all().map(|i| keep(LangIx::new(l), i)).collect())
        .collect();
    let mut memo = Memo {
        cache,
        same_ground: reuse.shared == renderer.shared_fingerprints(),
        unchanged,
        records: reuse.records,
    };
    let summary = deliver::send(
        config,
        site,
        &renderer,
        Some(&mut memo),
        bodies,
        sink,
        clock,
    )?;
    let kept = Kept {
        keys: reuse.keys,
        parsed: reuse.parsed,
        shared: renderer.shared_fingerprints().to_vec(),
        cards: renderer.into_cards(),
        records: memo.records,
    };
    Ok((summary, Some(kept)))
}

/// How many untranslated events a build names per language; the rest are counted.
const UNTRANSLATED_LISTED: usize = 10;

/// One warning per event missing a translation, up to [`UNTRANSLATED_LISTED`] per
/// language, then one that counts the others (a large site would print thousands).
pub(super) fn missing_translation_warnings(config: &Config, site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for lang in &config.languages {
        let name = lang.name.as_str();
        let missing: Vec<&str> = site
            .missing_translations
            .iter()
            .filter(|m| m.lang == lang.code)
            .map(|m| m.key.as_str())
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
