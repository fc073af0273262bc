//! What `timeline check` asks of a site beyond what a build needs, by the policies of
//! site.toml's `[check]` (each off, warn or error): every event has a source, every
//! source an archived copy, every reported, disputed or denied event an attribution;
//! and every entity is mentioned by some event (a warning).

use super::Site;
use crate::config::{Config, Policy};
use crate::content::Article;
use crate::error::Diagnostic;

/// Every finding, warnings and errors (as the policies say), by file.
pub(crate) fn audit(config: &Config, site: &Site) -> Vec<Diagnostic> {
    let checks = config.checks;
    let mut out = Vec::new();
    for a in &site.articles {
        if a.sources.is_empty() {
            found(&mut out, checks.sources, no_sources(a));
        }
        for s in a.sources.iter().filter(|s| s.archive_url.is_none()) {
            let mut d = Diagnostic::in_file(
                &a.file.path,
                format!("the source “{}” has no archived copy", s.title),
            )
            .hint("add `archive_url:` with a copy that will not change or vanish (such as https://web.archive.org/…), or set [check] archives = \"off\" in site.toml");
            if let Some(line) = s.line {
                d = d.at(line, None);
            }
            found(&mut out, checks.archives, d);
        }
        if a.status.is_contested() && a.attribution.is_none() {
            found(&mut out, checks.attribution, no_attribution(a));
        }
    }
    out.extend(unused_entities(site));
    out.sort_by(|x, y| (&x.path, x.line).cmp(&(&y.path, y.line)));
    out
}

fn found(out: &mut Vec<Diagnostic>, policy: Policy, d: Diagnostic) {
    match policy {
        Policy::Off => {}
        Policy::Warn => out.push(d.as_warning()),
        Policy::Error => out.push(d),
    }
}

fn no_sources(a: &Article) -> Diagnostic {
    Diagnostic::in_file(&a.file.path, "this article has no sources")
        .hint("list where the facts come from under `sources:` (title and url)")
}

fn no_attribution(a: &Article) -> Diagnostic {
    let mut d = Diagnostic::in_file(
        &a.file.path,
        format!(
            "the event is `{}` but does not say who claims what",
            a.status.as_str()
        ),
    )
    .hint("add `attribution:` in the file's language, such as \"Albania and the United States attribute the attack to Iran; Iran denies it\"");
    if let Some(line) = a.status_line {
        d = d.at(line, None);
    }
    d
}

/// One warning per entity no event (in any language) mentions.
fn unused_entities(site: &Site) -> Vec<Diagnostic> {
    let mut used = vec![false; site.entities.len()];
    for m in site.mentions.iter().flatten() {
        used[m.entity.get()] = true;
    }
    site.entities
        .iter()
        .zip(used)
        .filter(|(_, used)| !used)
        .map(|(e, _)| {
            let file = &site.entity_files[e.versions[0].unwrap_or_default()];
            Diagnostic::in_file(&file.file.path, format!("no event mentions the entity `{}`", e.id))
                .as_warning()
                .hint(format!("name it in an event's `actors:` or `places:` (such as `actors: [{}]`), or remove the file", e.id))
        })
        .collect()
}
