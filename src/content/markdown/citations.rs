//! Citations of an article's sources in its body: `[@id]` (or `[@a; @b]` for several),
//! a form authors can type and that stays readable as plain Markdown (it is a link
//! reference without a definition, so any Markdown reader shows it as written). Each
//! becomes a numbered note reference, `[n]`, n being the source's place in the list,
//! linking to it; the list links back to every reference (`#cite-n-k`). The references
//! of one citation share a `<sup class="cite">`, so they never wrap apart.

use pulldown_cmark::{BrokenLink, CowStr, Event, Tag, TagEnd};

/// What marks a citation's link target: no link an author writes can hold a NUL (the
/// body's NULs are replaced before parsing).
const CITE: &str = "\0cite:";

/// A citation of an id no source of the article has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCitation {
    pub id: String,
    /// 1-based line in the body, and column (in characters) on it.
    pub line: usize,
    pub column: usize,
}

/// The link target for a reference `[@a; @b]` that has no definition, if it is a
/// citation: every part an `@` and an id.
pub(super) fn target<'a>(link: &BrokenLink<'_>) -> Option<(CowStr<'a>, CowStr<'a>)> {
    let ids: Vec<&str> = link
        .reference
        .split(';')
        .map(|part| part.trim().strip_prefix('@'))
        .collect::<Option<_>>()?;
    let valid = |id: &str| {
        !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
    };
    ids.iter().all(|id| valid(id)).then(|| {
        (
            CowStr::from(format!("{CITE}{}", ids.join(";"))),
            CowStr::from(""),
        )
    })
}

/// Turns citation links into note references, counting the references to each source.
pub(super) struct Citations<'s> {
    /// The id of each source, in the order they are listed (`None`: it has no id).
    ids: &'s [Option<&'s str>],
    /// How many times each source is cited so far.
    pub counts: Vec<u32>,
    pub unknown: Vec<UnknownCitation>,
    /// Inside a citation's link: its text is left out.
    inside: bool,
}

/// What becomes of an event.
pub(super) enum Taken<'a> {
    /// Not a citation's: it goes on as usual.
    Not(Event<'a>),
    /// A citation: this HTML instead.
    Reference(Event<'a>),
    /// Part of a citation's link: left out.
    Skip,
}

impl<'s> Citations<'s> {
    pub(super) fn new(ids: &'s [Option<&'s str>]) -> Self {
        Citations {
            ids,
            counts: vec![0; ids.len()],
            unknown: Vec::new(),
            inside: false,
        }
    }

    pub(super) fn take<'a>(
        &mut self,
        event: Event<'a>,
        at: impl Fn() -> (usize, usize),
    ) -> Taken<'a> {
        if self.inside {
            if matches!(event, Event::End(TagEnd::Link)) {
                self.inside = false;
            }
            return Taken::Skip;
        }
        let Event::Start(Tag::Link { dest_url, .. }) = &event else {
            return Taken::Not(event);
        };
        let Some(cited) = dest_url.strip_prefix(CITE) else {
            return Taken::Not(event);
        };
        self.inside = true;
        let mut html = String::from("<sup class=\"cite\">");
        for id in cited.split(';') {
            match self.ids.iter().position(|s| *s == Some(id)) {
                Some(i) => {
                    self.counts[i] += 1;
                    let (n, k) = (i + 1, self.counts[i]);
                    html.push_str(&format!(
                        "<a id=\"cite-{n}-{k}\" href=\"#source-{n}\" role=\"doc-noteref\">[{n}]</a>"
                    ));
                }
                None => {
                    let (line, column) = at();
                    self.unknown.push(UnknownCitation {
                        id: id.to_string(),
                        line,
                        column,
                    });
                }
            }
        }
        html.push_str("</sup>");
        Taken::Reference(Event::InlineHtml(CowStr::from(html)))
    }
}

/// A note reference sits against the word before it ("works[1]."): the space an author
/// types before `[@id]` goes.
pub(super) fn attach(events: &mut [Event<'_>]) {
    if let Some(Event::Text(text)) = events.last_mut() {
        if text.ends_with(' ') {
            *text = CowStr::from(text.trim_end().to_string());
        }
    }
}
