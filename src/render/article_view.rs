//! The view of an article page: its entry, body and headings, its numbered sources with
//! the body's references to each, the entities it mentions (linked to their pages, with
//! their roles), who claims what, its corrections, and what it shows around it.

use super::date_format::format_point;
use super::lang_views::{Around, Views};
use super::views::{
    ArticleView, Body, CorrectionView, Extra, MentionView, NeighboursView, SourceView,
};
use crate::content::{Article, Mention, Source, SourceKind};
use crate::site::{self, EntryIx, LangIx, Resolved};

impl Views<'_> {
    /// The view of entry `i`'s page, showing `around` (its neighbours and related
    /// entries).
    pub(crate) fn article_view(&self, i: EntryIx, around: Around<'_>) -> ArticleView<'_> {
        let a = self.article_of(i);
        let locale = &self.lang.locale;
        let (actors, places) = self.mentions(i, a);
        ArticleView {
            entry: self.card(i).view,
            body: Body {
                html: a.body.html.get(),
            },
            headings: &a.body.headings,
            sources: self.sources(a),
            tags: &a.tags,
            actors,
            places,
            attribution: a.attribution.as_deref(),
            corrections: a
                .corrections
                .iter()
                .map(|c| CorrectionView {
                    date: format_point(&c.date, locale),
                    datetime: super::views::html_datetime(&c.date).unwrap_or_default(),
                    text: c.text.clone(),
                })
                .collect(),
            image: a.image.as_ref().map(|src| match src.starts_with('/') {
                true => self.link(src),
                false => src.clone(),
            }),
            image_alt: a.image_alt.as_deref(),
            published: a.published.as_ref().map(|p| format_point(p, locale)),
            updated: a.updated.as_ref().map(|p| format_point(p, locale)),
            extra: Extra(&a.extra),
            neighbours: around
                .neighbours
                .iter()
                .map(|n| NeighboursView {
                    topic: &self.topics[n.topic.get()],
                    prev: n.prev.map(|j| self.card(j)),
                    next: n.next.map(|j| self.card(j)),
                })
                .collect(),
            related: around.related.iter().map(|&j| self.card(j)).collect(),
            year_url: self.link(&site::year_path(&self.lang.prefix, a.date.year())),
        }
    }

    /// The sources, numbered, each with the body's references to it.
    fn sources(&self, a: &Article) -> Vec<SourceView> {
        a.sources
            .iter()
            .enumerate()
            .map(|(k, s)| {
                let n = k + 1;
                let cited = a.body.citations.get(k).copied().unwrap_or(0);
                self.source(s, n, cited)
            })
            .collect()
    }

    fn source(&self, s: &Source, n: usize, cited: u32) -> SourceView {
        let locale = &self.lang.locale;
        SourceView {
            number: n,
            anchor: format!("source-{n}"),
            id: s.id.clone(),
            title: s.title.clone(),
            url: s.url.clone(),
            publisher: s.publisher.clone(),
            kind: s.kind.map(SourceKind::as_str),
            flagged: matches!(s.kind, Some(SourceKind::StateMedia | SourceKind::Social)),
            language: s.language.clone().filter(|l| *l != self.lang.code),
            published: s.published.as_ref().map(|p| format_point(p, locale)),
            accessed: s.accessed.as_ref().map(|p| format_point(p, locale)),
            archive_url: s.archive_url.clone(),
            note: s.note.clone(),
            backlinks: (1..=cited).map(|k| format!("#cite-{n}-{k}")).collect(),
        }
    }

    /// The actors and the places entry `i`'s article mentions: entities linked to their
    /// pages, or, on a site without entities, the names as written.
    fn mentions(&self, i: EntryIx, a: &Article) -> (Vec<MentionView>, Vec<MentionView>) {
        let resolved = self.site.mentions_of(self.lang_site.entry(i).article);
        if resolved.is_empty() {
            let names = |list: &[Mention]| list.iter().map(|m| self.named(m)).collect();
            return (names(&a.actors), names(&a.places));
        }
        let (places, actors): (Vec<&Resolved>, Vec<&Resolved>) =
            resolved.iter().partition(|m| m.place);
        let views = |list: Vec<&Resolved>| list.into_iter().map(|m| self.mention(m)).collect();
        (views(actors), views(places))
    }

    /// An actor or place on a site without entities: its name, with its role.
    fn named(&self, m: &Mention) -> MentionView {
        MentionView {
            id: m.id.clone(),
            name: m.id.clone(),
            url: None,
            kind: None,
            role: m.role.clone(),
            role_name: self.role_name(m.role.as_deref()),
            wikidata: None,
        }
    }

    /// An entity an article mentions, in this language.
    pub(crate) fn mention(&self, m: &Resolved) -> MentionView {
        let entity = self.site.entity(m.entity);
        let version = self.site.entity_version(m.entity, self.lang_ix());
        let original = self.site.entity_version(m.entity, LangIx::new(0));
        MentionView {
            id: entity.id.clone(),
            name: version.name.clone(),
            url: Some(self.link(&site::entity_path(&self.lang.prefix, &entity.id))),
            kind: Some(entity.kind.as_str()),
            role: m.role.clone(),
            role_name: self.role_name(m.role.as_deref()),
            wikidata: original.wikidata.clone(),
        }
    }

    /// A role's name in this language.
    pub(crate) fn role_name(&self, role: Option<&str>) -> Option<String> {
        let fallback = &self.config.default_language().code;
        role.and_then(|r| self.config.role(r))
            .map(|r| r.name.get(&self.lang.code, fallback))
    }
}
