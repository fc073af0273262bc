//! What an article says of the world beyond its text: the entities it mentions (actors
//! and places, each with an optional role from site.toml), who claims what
//! (`attribution`), and the corrections made to it since it was published.

use super::front_matter::{FrontMatterLines, RawCorrection, RawMention};
use crate::config::Config;
use crate::date::{parse_published, DatePoint};
use crate::error::{did_you_mean, Diagnostic};

/// An entity an event mentions: its id (a file under content/entities/, or, on a site
/// without entities, a name as written), the role it plays, and the line that says so.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mention {
    pub id: String,
    pub role: Option<String>,
    /// 1-based line and column of the file, for the error when no entity has this id.
    pub line: Option<usize>,
    pub column: Option<usize>,
}

/// A correction made to an article after it was published.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Correction {
    pub date: DatePoint,
    pub text: String,
}

/// The mentions of `key` (`actors` or `places`), each role one of site.toml's.
pub(crate) fn check_mentions(
    key: &str,
    raw: Vec<RawMention>,
    config: &Config,
    fm: &FrontMatterLines,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Mention> {
    raw.into_iter()
        .map(|m| {
            let (line, column) = match fm.value_position(key, &m.id) {
                Some((line, column)) => (Some(line), Some(column)),
                None => {
                    let (line, column) = fm.at_key(key);
                    (Some(line), column)
                }
            };
            if m.id.trim().is_empty() {
                errors.push(
                    fm.error_at_key(key, format!("an empty entity id in `{key}`"))
                        .hint("write the id of a file under content/entities/, such as iran"),
                );
            }
            if let Some(role) = &m.role {
                check_role(role, config, fm, errors);
            }
            Mention {
                id: m.id,
                role: m.role,
                line,
                column,
            }
        })
        .collect()
}

fn check_role(role: &str, config: &Config, fm: &FrontMatterLines, errors: &mut Vec<Diagnostic>) {
    if config.role(role).is_some() {
        return;
    }
    let ids: Vec<&str> = config.roles.iter().map(|r| r.id.as_str()).collect();
    let hint = match (did_you_mean(role, &ids), ids.is_empty()) {
        (Some(c), _) => format!("did you mean `{c}`? roles in site.toml: {}", ids.join(", ")),
        (None, true) => "site.toml defines no roles: add one as [[roles]] with an id and a name in each language".into(),
        (None, false) => format!("roles in site.toml: {}", ids.join(", ")),
    };
    errors.push(
        fm.error_at_value("role", role, format!("unknown role `{role}`"))
            .hint(hint),
    );
}

/// The corrections, newest first, each with its date checked.
pub(crate) fn check_corrections(
    raw: Vec<RawCorrection>,
    fm: &FrontMatterLines,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Correction> {
    let mut out: Vec<Correction> = raw
        .into_iter()
        .filter_map(|c| {
            let text = c.date.text();
            match parse_published(&text) {
                Ok(date) if !c.text.trim().is_empty() => Some(Correction {
                    date,
                    text: c.text.trim().to_string(),
                }),
                Ok(_) => {
                    errors.push(
                        fm.error_at_value("date", &text, "a correction without text".into())
                            .hint("say what was corrected: - { date: 2022-09-10, text: \"…\" }"),
                    );
                    None
                }
                Err(e) => {
                    errors.push(fm.error_at_value("date", &text, e.message).hint(e.hint));
                    None
                }
            }
        })
        .collect();
    out.sort_by_key(|c| std::cmp::Reverse(c.date.first_day()));
    out
}
