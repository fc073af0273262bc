//! Articles to a site model: events (an article and its translations), one sorted
//! timeline per language, topics, years, permalinks, previous/next and related
//! articles, and links between articles resolved ([`links`]). Pure: no files, no
//! templates. The model's shape is a function of the articles' [`ModelInput`]s alone
//! ([`model`]), so that a pipeline that remembers can keep it while only the articles'
//! other fields change.

mod audit;
mod entities;
mod input;
pub(crate) mod links;
mod model;
mod paths;

use std::sync::Arc;

use crate::config::Config;
use crate::content::{Article, Asset, Content, Entity};
use crate::error::Diagnostics;
pub(crate) use audit::audit;
pub(crate) use entities::{entities_key, Resolved, SiteEntity};
pub(crate) use input::{model_key, ModelInput};
pub(crate) use paths::*;

macro_rules! index {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub(crate) struct $name(u32);

        impl $name {
            pub(crate) fn new(i: usize) -> $name {
                // Counts stay far below four billion (a site of millions of articles).
                $name(i as u32)
            }

            pub(crate) fn get(self) -> usize {
                self.0 as usize
            }
        }
    };
}

index!(
    /// An article of [`Site::articles`].
    ArticleIx
);
index!(
    /// An entry of one language's timeline ([`LangSite::entries`]).
    EntryIx
);
index!(
    /// An event: an article and its translations, the same in every language.
    EventIx
);
index!(
    /// A topic of site.toml ([`Config::topics`]).
    TopicIx
);
index!(
    /// An entity of [`Site::entities`] (sorted by id).
    EntityIx
);
index!(
    /// A language of site.toml ([`Config::languages`]), the default one first.
    LangIx
);

/// The whole site, ready to render.
#[derive(Debug)]
pub(crate) struct Site {
    /// Every article of every language, as parsed (drafts removed unless asked for).
    pub articles: Vec<Arc<Article>>,
    /// The topics of each article, resolved (indexed like `articles`).
    pub article_topics: Vec<Vec<TopicIx>>,
    /// One per configured language, in the order of `Config::languages`.
    pub languages: Vec<LangSite>,
    pub assets: Vec<Asset>,
    /// Articles that exist in some languages but not in others.
    pub missing_translations: Vec<Missing>,
    /// Every version of every entity, as parsed (see [`SiteEntity::versions`]).
    pub entity_files: Vec<Arc<Entity>>,
    /// The entities, sorted by id.
    pub entities: Vec<SiteEntity>,
    /// Per article (indexed like `articles`): the entities it mentions, actors first.
    /// Empty on a site without entities, whose actors and places are names.
    pub mentions: Vec<Vec<Resolved>>,
}

/// An event without a version in a language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Missing {
    /// The event's translation key.
    pub key: String,
    /// The language code it lacks.
    pub lang: String,
}

/// The site in one language.
#[derive(Debug, Clone)]
pub(crate) struct LangSite {
    /// One entry per event, sorted by date, then coarser precision, then slug.
    pub entries: Vec<Entry>,
    /// Per topic of site.toml (same order): its entries, in order.
    pub topics: Vec<Vec<EntryIx>>,
    /// Years present, ascending, each with its entries.
    pub years: Vec<Year>,
    /// Per event: its entry in this language, if shown in it.
    pub by_event: Vec<Option<EntryIx>>,
    /// Per entity (same order as `Site::entities`): the entries that mention it, in
    /// order.
    pub entity_entries: Vec<Vec<EntryIx>>,
}

/// A year of a language's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Year {
    pub year: i64,
    pub entries: Vec<EntryIx>,
}

impl LangSite {
    pub(crate) fn entry(&self, i: EntryIx) -> &Entry {
        &self.entries[i.get()]
    }

    /// The entries of topic `t`, in order.
    pub(crate) fn topic(&self, t: TopicIx) -> &[EntryIx] {
        &self.topics[t.get()]
    }

    /// Every entry, in order.
    pub(crate) fn all(&self) -> impl Iterator<Item = EntryIx> {
        (0..self.entries.len()).map(EntryIx::new)
    }

    /// The page of `event` in this language, if it has been translated into it.
    pub(crate) fn page_of_event(&self, event: EventIx) -> Option<&Entry> {
        self.entry_of_event(event).filter(|e| !e.fallback)
    }

    /// The entry showing `event` in this language (possibly a fallback to another
    /// language's page).
    pub(crate) fn entry_of_event(&self, event: EventIx) -> Option<&Entry> {
        self.by_event
            .get(event.get())
            .copied()
            .flatten()
            .map(|i| self.entry(i))
    }
}

/// One event as shown in one language.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub article: ArticleIx,
    /// The article is in another language because this one has no translation yet: the
    /// entry is listed in this language's timelines and links to the original's page
    /// (`path`); it has no page of its own in this language.
    pub fallback: bool,
    /// Site-relative path of its page, e.g. `en/events/slug/`.
    pub path: String,
    /// Per topic of the article (same order as its `topics`): previous and next entry.
    pub neighbours: Vec<Neighbours>,
    /// Entries sharing topics, tags or actors, best first.
    pub related: Vec<EntryIx>,
    /// The event (the same in every language).
    pub event: EventIx,
}

#[derive(Debug, Clone)]
pub(crate) struct Neighbours {
    pub topic: TopicIx,
    pub prev: Option<EntryIx>,
    pub next: Option<EntryIx>,
}

impl Site {
    /// Builds the model; fails when two articles would write the same page.
    pub(crate) fn build(config: &Config, content: Content) -> Result<Site, Diagnostics> {
        let articles = published(config, content.articles);
        let inputs: Vec<ModelInput> = articles.iter().map(|a| ModelInput::of(a)).collect();
        let model = model::build(config, &inputs, &content.entities)?;
        Ok(Site::of(articles, model, content.assets, content.entities))
    }

    /// A site of `articles` (published, in content order) laid out by `model`, which
    /// must have been built from their inputs and `entity_files`.
    pub(crate) fn of(
        articles: Vec<Arc<Article>>,
        model: Model,
        assets: Vec<Asset>,
        entity_files: Vec<Arc<Entity>>,
    ) -> Site {
        Site {
            articles,
            article_topics: model.article_topics,
            languages: model.languages,
            assets,
            missing_translations: model.missing,
            entity_files,
            entities: model.entities,
            mentions: model.mentions,
        }
    }

    /// The articles, the model (the part a function of the articles' inputs alone) and
    /// the assets, apart.
    pub(crate) fn into_parts(self) -> (Vec<Arc<Article>>, Model, Vec<Asset>) {
        let model = Model {
            article_topics: self.article_topics,
            languages: self.languages,
            missing: self.missing_translations,
            entities: self.entities,
            mentions: self.mentions,
        };
        (self.articles, model, self.assets)
    }

    pub(crate) fn article(&self, i: ArticleIx) -> &Article {
        &self.articles[i.get()]
    }

    /// The topics of article `i`, resolved.
    pub(crate) fn topics_of(&self, i: ArticleIx) -> &[TopicIx] {
        &self.article_topics[i.get()]
    }

    pub(crate) fn language(&self, l: LangIx) -> &LangSite {
        &self.languages[l.get()]
    }

    pub(crate) fn entity(&self, e: EntityIx) -> &SiteEntity {
        &self.entities[e.get()]
    }

    /// Entity `e` in language `l`: its version there, else the original.
    pub(crate) fn entity_version(&self, e: EntityIx, l: LangIx) -> &Entity {
        let versions = &self.entity(e).versions;
        let i = versions[l.get()].or(versions[0]).unwrap_or_default();
        &self.entity_files[i]
    }

    /// The entities article `i` mentions (none on a site without entities).
    pub(crate) fn mentions_of(&self, i: ArticleIx) -> &[Resolved] {
        self.mentions.get(i.get()).map_or(&[], Vec::as_slice)
    }
}

/// The model of a site: what [`model::build`] makes of the articles' inputs.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    pub article_topics: Vec<Vec<TopicIx>>,
    pub languages: Vec<LangSite>,
    pub missing: Vec<Missing>,
    pub entities: Vec<SiteEntity>,
    pub mentions: Vec<Vec<Resolved>>,
}

/// The articles a build publishes: all but drafts, unless drafts are asked for.
pub(crate) fn published(config: &Config, articles: Vec<Arc<Article>>) -> Vec<Arc<Article>> {
    articles
        .into_iter()
        .filter(|a| config.drafts || !a.draft)
        .collect()
}
