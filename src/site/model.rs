//! The site model built from what it depends on and nothing else: each article's
//! [`ModelInput`] (input.rs) and the entities. Events group the translations of an article; each language gets its timeline sorted by date, its
//! topics and years, previous/next per topic and related entries; two articles at one
//! URL are an error. Since the model reads nothing but the inputs, their hash is a
//! sound key for keeping it ([`super::model_key`]).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use super::input::ModelInput;
use super::{
    entities, ArticleIx, Entry, EntryIx, EventIx, LangSite, Missing, Model, Neighbours, Resolved,
    TopicIx, Year,
};
use crate::config::{Config, Language};
use crate::content::Entity;
use crate::error::{Diagnostic, Diagnostics};

/// How many related articles an article page shows.
pub(crate) const RELATED: usize = 4;

/// The versions of each event: translation key → (language code → article).
type Events<'a> = BTreeMap<&'a str, HashMap<&'a str, ArticleIx>>;

/// Builds the model of the published articles' `inputs` (in content order) and the
/// site's `entity_files`.
pub(super) fn build(
    config: &Config,
    inputs: &[ModelInput],
    entity_files: &[Arc<Entity>],
) -> Result<Model, Diagnostics> {
    let entities = entities::entities(config, entity_files)?;
    let mentions = entities::resolve(inputs, &entities)?;
    let mut events: Events = BTreeMap::new();
    for (i, a) in inputs.iter().enumerate() {
        events
            .entry(a.file.key.as_str())
            .or_default()
            .insert(a.file.lang.as_str(), ArticleIx::new(i));
    }
    let article_topics: Vec<Vec<TopicIx>> = inputs
        .iter()
        .map(|a| {
            a.topics
                .iter()
                .filter_map(|id| config.topics.iter().position(|t| t.id == *id))
                .map(TopicIx::new)
                .collect()
        })
        .collect();
    // Each language on its own thread; problems merged in language order.
    let built: Vec<LangBuild> = config
        .languages
        .par_iter()
        .map(|lang| {
            let mut b = language(config, lang, inputs, &article_topics, &events);
            b.site.entity_entries = entity_entries(&b.site, &mentions, entities.len());
            b
        })
        .collect();
    let mut errors = Diagnostics::default();
    let mut missing = Vec::new();
    let mut languages = Vec::with_capacity(built.len());
    let mut reported: Vec<(String, String)> = Vec::new();
    for b in built {
        languages.push(b.site);
        missing.extend(b.missing);
        for (pair, d) in b.duplicates {
            if !reported.contains(&pair) {
                reported.push(pair);
                errors.push(d);
            }
        }
    }
    missing.sort();
    errors.into_result(Model {
        article_topics,
        languages,
        missing,
        entities,
        mentions,
    })
}

/// Per entity, the entries of a language's timeline that mention it, in order (once
/// each, whatever the roles).
fn entity_entries(site: &LangSite, mentions: &[Vec<Resolved>], count: usize) -> Vec<Vec<EntryIx>> {
    let mut out = vec![Vec::new(); count];
    for i in site.all() {
        for m in &mentions[site.entry(i).article.get()] {
            let list: &mut Vec<EntryIx> = &mut out[m.entity.get()];
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    out
}

/// One language's part of the model, with the events it lacks and the URLs two of its
/// articles would share (each with the pair of translation keys, reported once).
struct LangBuild {
    site: LangSite,
    missing: Vec<Missing>,
    duplicates: Vec<((String, String), Diagnostic)>,
}

fn language(
    config: &Config,
    lang: &Language,
    inputs: &[ModelInput],
    article_topics: &[Vec<TopicIx>],
    events: &Events,
) -> LangBuild {
    let (mut entries, missing) = entries(config, lang, inputs, events);
    entries.sort_by_cached_key(|e| {
        let a = &inputs[e.article.get()];
        (a.date.sort_key(), a.slug, a.file.key.as_str())
    });
    let duplicates = duplicate_urls(inputs, &entries);
    let topics: Vec<Vec<EntryIx>> = (0..config.topics.len())
        .map(|t| {
            let t = TopicIx::new(t);
            (0..entries.len())
                .filter(|&i| article_topics[entries[i].article.get()].contains(&t))
                .map(EntryIx::new)
                .collect()
        })
        .collect();
    let years = years(inputs, &entries);
    link_neighbours(inputs, article_topics, &mut entries, &topics);
    let mut by_event = vec![None; events.len()];
    for (i, e) in entries.iter().enumerate() {
        by_event[e.event.get()] = Some(EntryIx::new(i));
    }
    LangBuild {
        site: LangSite {
            entries,
            topics,
            years,
            by_event,
            entity_entries: Vec::new(),
        },
        missing,
        duplicates,
    }
}

/// One entry per event in `lang` (in event order), and the events it lacks. An
/// untranslated event is listed, linking to its page in the original language (as
/// Hugo and Zola do, no page is made up for it).
fn entries(
    config: &Config,
    lang: &Language,
    inputs: &[ModelInput],
    events: &Events,
) -> (Vec<Entry>, Vec<Missing>) {
    let default_lang = config.default_language().code.as_str();
    let mut missing = Vec::new();
    let mut entries = Vec::with_capacity(events.len());
    for (event, (key, versions)) in events.iter().enumerate() {
        let (article, fallback) = match versions.get(lang.code.as_str()) {
            Some(&i) => (i, false),
            None => {
                missing.push(Missing {
                    key: key.to_string(),
                    lang: lang.code.clone(),
                });
                let original = versions.get(default_lang).or_else(|| {
                    config
                        .languages
                        .iter()
                        .find_map(|l| versions.get(l.code.as_str()))
                });
                let Some(&i) = original else { continue };
                (i, true)
            }
        };
        let a = &inputs[article.get()];
        let prefix = match fallback {
            true => config
                .language(&a.file.lang)
                .map_or(lang.prefix.as_str(), |l| l.prefix.as_str()),
            false => lang.prefix.as_str(),
        };
        entries.push(Entry {
            article,
            fallback,
            path: super::article_path(prefix, a.slug),
            neighbours: Vec::new(),
            related: Vec::new(),
            event: EventIx::new(event),
        });
    }
    (entries, missing)
}

/// Two articles at one URL.
fn duplicate_urls(inputs: &[ModelInput], entries: &[Entry]) -> Vec<((String, String), Diagnostic)> {
    let mut out = Vec::new();
    let mut by_path: HashMap<&str, usize> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        let Some(&j) = by_path.get(e.path.as_str()) else {
            by_path.insert(e.path.as_str(), i);
            continue;
        };
        let (a, b) = (&inputs[entries[j].article.get()], &inputs[e.article.get()]);
        let pair = (a.file.key.clone(), b.file.key.clone());
        let mut d = Diagnostic::in_file(
            &b.file.path,
            format!(
                "`{}` and `{}` would both be written to /{}",
                a.file.path.display(),
                b.file.path.display(),
                e.path
            ),
        )
        .hint("give one of them another file name or a different `slug:` in its front matter");
        if let Some(line) = b.slug_line {
            d = d.at(line, None);
        }
        out.push((pair, d));
    }
    out
}

/// The years of a sorted timeline. Sorting is by earliest day, so a year never
/// reappears later.
fn years(inputs: &[ModelInput], entries: &[Entry]) -> Vec<Year> {
    let mut years: Vec<Year> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let y = inputs[e.article.get()].date.year();
        match years.last_mut() {
            Some(year) if year.year == y => year.entries.push(EntryIx::new(i)),
            _ => years.push(Year {
                year: y,
                entries: vec![EntryIx::new(i)],
            }),
        }
    }
    years
}

/// How far along a topic's timeline related entries are looked for.
const WINDOW: usize = 6;

/// Fills in previous/next per topic and related entries.
fn link_neighbours(
    inputs: &[ModelInput],
    article_topics: &[Vec<TopicIx>],
    entries: &mut [Entry],
    topics: &[Vec<EntryIx>],
) {
    // Position of each entry in each topic list.
    let mut position: Vec<Vec<(TopicIx, usize)>> = vec![Vec::new(); entries.len()];
    for (t, list) in topics.iter().enumerate() {
        for (pos, i) in list.iter().enumerate() {
            position[i.get()].push((TopicIx::new(t), pos));
        }
    }
    for i in 0..entries.len() {
        let article = entries[i].article;
        let neighbours = article_topics[article.get()]
            .iter()
            .filter_map(|&t| {
                let &(_, pos) = position[i].iter().find(|(tt, _)| *tt == t)?;
                let list = &topics[t.get()];
                Some(Neighbours {
                    topic: t,
                    prev: pos.checked_sub(1).map(|p| list[p]),
                    next: list.get(pos + 1).copied(),
                })
            })
            .collect();
        let related = related(inputs, entries, topics, &position[i], EntryIx::new(i));
        entries[i].neighbours = neighbours;
        entries[i].related = related;
    }
}

/// How many entities (actors and places) two articles both mention. The lists are a
/// few ids long: compared in place, with no allocation on this hot path.
fn shared_mentions(a: &ModelInput, b: &ModelInput) -> usize {
    fn all<'a>(x: &ModelInput<'a>) -> impl Iterator<Item = &'a str> + use<'a> {
        x.actors.iter().chain(x.places).map(|m| m.id.as_str())
    }
    all(a)
        .enumerate()
        .filter(|&(i, id)| !all(a).take(i).any(|p| p == id) && all(b).any(|q| q == id))
        .count()
}

/// Related entries of `i`: near in time within shared topics, scored by what they share.
fn related(
    inputs: &[ModelInput],
    entries: &[Entry],
    topics: &[Vec<EntryIx>],
    positions: &[(TopicIx, usize)],
    i: EntryIx,
) -> Vec<EntryIx> {
    let a = &inputs[entries[i.get()].article.get()];
    let mut candidates: Vec<(EntryIx, usize)> = Vec::new();
    for &(t, pos) in positions {
        let list = &topics[t.get()];
        let lo = pos.saturating_sub(WINDOW);
        let hi = (pos + WINDOW + 1).min(list.len());
        for (k, &j) in list[lo..hi].iter().enumerate() {
            if j == i || candidates.iter().any(|(c, _)| *c == j) {
                continue;
            }
            let b = &inputs[entries[j.get()].article.get()];
            let shared = |x: &[String], y: &[String]| x.iter().filter(|s| y.contains(s)).count();
            let score = 4 * shared(a.topics, b.topics)
                + 2 * shared(a.tags, b.tags)
                + 2 * shared_mentions(a, b);
            let distance = (lo + k).abs_diff(pos);
            candidates.push((j, score * 16 + (WINDOW + 1 - distance.min(WINDOW))));
        }
    }
    candidates.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    candidates
        .into_iter()
        .take(RELATED)
        .map(|(j, _)| j)
        .collect()
}
