//! The template interface: what timeline gives templates (their variables and
//! functions), numbered so that a template says which one it was written for. A
//! template declares it on its first line with a Tera comment, which prints nothing:
//!
//! ```text
//! {#- interface = 4 -#}
//! ```
//!
//! A template without that line is taken to be written for interface 1, the one before
//! the interface was numbered. When a site's template (an override of a built-in one,
//! or a template of a full theme) was written for an older interface than this
//! timeline's and a change since then concerns it, the build warns, naming the template
//! and what changed. The theme guide (themes/default/README.md) lists the changes by
//! version; [`CHANGES`] is that list, for the warnings.

use crate::error::Diagnostic;
use crate::theme::Template;

/// The template interface this timeline gives templates.
pub const CURRENT: u32 = 4;

/// One change of the interface, and the templates it concerns (by name).
#[derive(Debug)]
pub struct Change {
    /// The interface that brought it.
    pub version: u32,
    pub templates: &'static [&'static str],
    pub what: &'static str,
}

/// Every change since interface 1, oldest first (the theme guide says the same).
pub const CHANGES: &[Change] = &[
    Change {
        version: 2,
        templates: &["topic.html", "year.html"],
        what: "long timelines are cut into pages of `page_size` events: `timeline` holds \
               this page's events only and `pager` links the other pages (topic.html also \
               gets `topic_years`, every year of the topic); without the pager, readers \
               never reach the earlier pages",
    },
    Change {
        version: 2,
        templates: &["topic.html", "macros.html"],
        what: "each month of a topic's `timeline` has `phases`, the topic's phases that \
               begin in it, which the built-in theme marks on the axis",
    },
    Change {
        version: 3,
        templates: &["article.html", "macros.html"],
        what: "`article.actors` and `article.places` are entities, no longer strings: \
               print `a.name`, link `a.url` (the entity's page) and show `a.role_name`",
    },
    Change {
        version: 3,
        templates: &["article.html"],
        what: "sources are numbered notes: each has `number`, `anchor` (the id its list \
               item needs, `source-3`, which the body's [@id] references link to), `kind`, \
               `flagged` (state media, social posts), `accessed`, `note` and `backlinks`; \
               `article.attribution` says who claims what and `article.corrections` lists \
               the corrections, newest first",
    },
    Change {
        version: 3,
        templates: &["base.html"],
        what: "every page has `description`, `image` (for link previews) and \
               `structured_data` (its JSON-LD, to print unescaped inside \
               <script type=\"application/ld+json\">); `site.statuses_url`, \
               `site.actors_url` and `site.places_url` lead to the new pages",
    },
    Change {
        version: 4,
        templates: &["topic.html", "macros.html"],
        what: "each topic has `downloads` (`csv`, `json`, `geojson`, `timelinejs`: the \
               topic's data for readers) and `embed_url` / `embed_permalink` (its view for \
               an iframe, `embed/ID/`, made from the new optional `embed.html`) and \
               `timelinejs_url` (its TimelineJS3 page, from the optional `timelinejs.html` \
               when the theme holds the library in static/timelinejs/); each \
               event in a list has `publishers`, its sources' publishers (what a printed \
               timeline shows)",
    },
    Change {
        version: 4,
        templates: &["base.html", "macros.html", "article.html", "entity.html"],
        what: "search and filters: `site.search_url` is the folder of the search index \
               (absent with `search = false`), whose `pagefind.js` searches the pages \
               marked `data-pagefind-body`; each entry of a list has `facets` (its topics, \
               actors, places, status and days as JSON) for a filter script to read from \
               a `data-facets` attribute",
    },
];

/// The first line a template of the current interface starts with.
pub fn header() -> String {
    format!("{{#- interface = {CURRENT} -#}}")
}

/// The interface `source` declares on its first line (`{#- interface = 2 -#}`, the
/// dashes and spaces optional), if it declares one.
pub fn declared(source: &str) -> Option<u32> {
    let line = source.trim_start_matches('\u{feff}').lines().next()?.trim();
    let inner = line.strip_prefix("{#")?.strip_suffix("#}")?;
    let inner = inner.trim_start_matches('-').trim_end_matches('-').trim();
    let value = inner.strip_prefix("interface")?.trim_start();
    value.strip_prefix('=')?.trim().parse().ok()
}

/// The changes after interface `since` that concern template `name`.
pub fn changes_since(since: u32, name: &str) -> Vec<&'static Change> {
    CHANGES
        .iter()
        .filter(|c| c.version > since && c.templates.contains(&name))
        .collect()
}

/// The warning for a template of the site written for another interface, if any:
/// `overriding` when it stands in for a built-in template (so deleting it is a way out).
pub fn check(t: &Template, overriding: bool) -> Option<Diagnostic> {
    let version = declared(&t.source).unwrap_or(1);
    let this = env!("CARGO_PKG_VERSION");
    if version > CURRENT {
        return Some(
            Diagnostic::in_file(
                &t.path,
                format!(
                    "written for template interface {version}, newer than this timeline's ({this}: interface {CURRENT}); what it uses may be missing"
                ),
            )
            .hint("install a newer timeline (`timeline --version` shows this one)")
            .as_warning(),
        );
    }
    let changes = changes_since(version, &t.name);
    if changes.is_empty() {
        return None;
    }
    let what: Vec<String> = changes
        .iter()
        .map(|c| format!("since interface {}, {}", c.version, c.what))
        .collect();
    let mut hint = format!(
        "update the template (the theme guide, themes/default/README.md, lists the changes under \"Interface versions\"; `timeline theme eject README.md` copies it) and make its first line `{}`",
        header()
    );
    if overriding {
        hint.push_str(&format!(
            "; or delete it, and the built-in {} is used",
            t.name
        ));
    }
    Some(
        Diagnostic::in_file(
            &t.path,
            format!(
                "written for template interface {version}; timeline {this} gives interface {CURRENT}: {}",
                what.join("; ")
            ),
        )
        .hint(hint)
        .as_warning(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(name: &str, source: &str) -> Template {
        Template {
            name: name.into(),
            source: source.into(),
            path: format!("themes/default/templates/{name}").into(),
        }
    }

    #[test]
    fn the_first_line_declares_the_interface() {
        assert_eq!(declared("{#- interface = 2 -#}\n<html>"), Some(2));
        assert_eq!(declared("{# interface=7 #}"), Some(7));
        assert_eq!(declared("\u{feff}{#-interface = 3-#}\r\n"), Some(3));
        assert_eq!(declared("<html>\n{#- interface = 2 -#}"), None);
        assert_eq!(declared("{#- interface = two -#}"), None);
        assert_eq!(declared("{#- a comment -#}"), None);
        assert_eq!(declared(""), None);
        assert_eq!(declared(&header()), Some(CURRENT));
    }

    #[test]
    fn older_templates_are_warned_about_what_concerns_them() {
        let old = template("topic.html", "<html>{{ topic.title }}");
        let d = check(&old, true).expect("a warning");
        assert_eq!(d.path.as_deref(), Some(old.path.as_path()));
        assert!(
            d.message.contains("written for template interface 1;"),
            "{}",
            d.message
        );
        assert!(d.message.contains("`pager`"), "{}", d.message);
        assert!(d.message.contains("`phases`"), "{}", d.message);
        let hint = d.hint.unwrap_or_default();
        assert!(hint.contains(&header()), "{hint}");
        assert!(hint.contains("delete it"), "{hint}");
        // A full theme's template cannot fall back to a built-in one.
        let hint = check(&old, false).and_then(|d| d.hint).unwrap_or_default();
        assert!(!hint.contains("delete it"), "{hint}");
        // A change that does not concern the template says nothing.
        assert!(check(&template("404.html", "<p>"), true).is_none());
        let article = check(&template("article.html", "<p>"), true).expect("article");
        assert!(
            article.message.contains("since interface 3"),
            "{}",
            article.message
        );
        assert!(!article.message.contains("`pager`"), "{}", article.message);
        let year = check(&template("year.html", "{# interface = 1 #}"), true).expect("year");
        assert!(!year.message.contains("`phases`"), "{}", year.message);
        // The current interface, nothing.
        let current = format!("{}\n<html>", header());
        assert!(check(&template("topic.html", &current), true).is_none());
    }

    #[test]
    fn newer_templates_ask_for_a_newer_timeline() {
        let d = check(&template("article.html", "{#- interface = 99 -#}"), true).expect("warning");
        assert!(d.message.contains("interface 99, newer"), "{}", d.message);
    }

    #[test]
    fn changes_are_numbered_in_order_and_reach_the_current_interface() {
        assert!(CHANGES.windows(2).all(|w| w[0].version <= w[1].version));
        assert!(CHANGES.iter().all(|c| (2..=CURRENT).contains(&c.version)));
    }
}
