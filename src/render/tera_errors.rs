//! The one adapter between Tera's errors and diagnostics: a template that does not
//! parse or does not render becomes a message in the project's words, at the template
//! file, line and column Tera gives, with a hint (and, for a component, where it was
//! called from).

use std::path::{Path, PathBuf};

use tera::{Error, ErrorKind, ReportError, Tera};

use crate::error::{Diagnostic, Diagnostics};
use crate::theme::{Template, Theme};

/// What the hint of a syntax error reminds of.
const SYNTAX_HINT: &str = "Tera 2 syntax: {{ value }}, {% if … %}…{% endif %}, \
{% for x in list %}…{% endfor %}, components {{ <name arg={value} /> }}";

/// What the hint of a render error points to.
const README_HINT: &str = "themes/default/README.md lists the variables of each page";

/// A render error of template `name`: the message in the project's words, at the file,
/// line and column where it happened (a component in macros.html, a block of base.html…).
pub(super) fn render_error(sources: &[Template], dir: &Path, name: &str, e: &Error) -> Diagnostic {
    let source = |n: &str| sources.iter().find(|t| t.name == n);
    let ErrorKind::RenderingError(report) = e.kind() else {
        let path = source(name).map_or_else(|| dir.to_path_buf(), |t| t.path.clone());
        return Diagnostic::in_file(path, format!("{e} while rendering '{name}'"))
            .hint(README_HINT);
    };
    let at = source(report.filename());
    let path = at.map_or_else(|| dir.to_path_buf(), |t| t.path.clone());
    let span = report.span();
    let mut column = span.start_col + 1;
    let mut expr = None;
    if is_component_call_error(report.message()) {
        // The span is the whole call, `<date d={x} />`: it names the component.
        expr = at.and_then(|t| t.source.get(span.range.clone()));
    } else if report.message().starts_with("Field `") {
        // Tera points at the field alone (`author`): show and point at the whole
        // path (`article.author`).
        if let Some((text, before)) = at.and_then(|t| dotted_path(&t.source, &span.range)) {
            expr = Some(text);
            column = column.saturating_sub(before).max(1);
        }
    }
    let mut d = Diagnostic::in_file(path, String::new()).at(span.start_line, Some(column));
    let (message, hint) = explain(report.message(), expr);
    d.message = format!("{message} while rendering '{name}'");
    // Where a component was called from (Tera prints these as notes).
    let calls: Vec<String> = e
        .to_string()
        .lines()
        .filter_map(|l| l.strip_prefix("note: called from "))
        .map(|at| match at.split_once(':') {
            Some((file, pos)) => match source(file) {
                Some(t) => format!("{}:{pos}", t.path.display()),
                None => at.to_string(),
            },
            None => at.to_string(),
        })
        .collect();
    if calls.is_empty() {
        d.hint(hint)
    } else {
        d.hint(format!(
            "{hint}; called from {}",
            calls.join(", called from ")
        ))
    }
}

/// A render error's message and hint, in the project's words. `expr`: the text of the
/// template at the error's span (`article.author` for an unknown field).
fn explain(message: &str, expr: Option<&str>) -> (String, String) {
    // "Field `author` is not defined. Available fields: body, date, …"
    if let Some(rest) = message.strip_prefix("Field `") {
        let (field, available) = split_available(rest, "Available fields: ");
        let shown = expr.filter(|x| x.ends_with(field)).unwrap_or(field);
        let parent = shown
            .strip_suffix(field)
            .map(|p| p.trim_end_matches(['.', '?']))
            .filter(|p| !p.is_empty());
        let hint = match (parent, available) {
            (Some(p), Some(list)) => {
                format!("`{p}` has no `{field}`; it has: {list} ({README_HINT})")
            }
            _ => format!("`{shown}` is not something templates can use here; {README_HINT}"),
        };
        return (format!("unknown variable `{shown}`"), hint);
    }
    // "Variable `x` is not defined. Available variables: a, b"
    if let Some(rest) = message
        .strip_prefix("Variable `")
        .filter(|r| !r.contains("exists but"))
    {
        let (var, available) = split_available(rest, "Available variables: ");
        let hint = match available {
            Some(list) => format!(
                "`{var}` is not something templates can use here; it can use: {list} ({README_HINT})"
            ),
            None => format!("`{var}` is not something templates can use here; {README_HINT}"),
        };
        return (format!("unknown variable `{var}`"), hint);
    }
    if is_component_call_error(message) {
        return component_call(message, expr);
    }
    if message.contains("interface string") {
        return (
            message.to_string(),
            "add the key to the theme's i18n file of that language".into(),
        );
    }
    (tidy(message), README_HINT.into())
}

/// Tera's message in the project's style: lower-case start, no final full stop.
fn tidy(message: &str) -> String {
    let message = message.trim().trim_end_matches('.');
    let mut chars = message.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => first
            .to_lowercase()
            .chain(message[first.len_utf8()..].chars())
            .collect(),
        _ => message.to_string(),
    }
}

/// Tera's messages about the arguments of a component call.
fn is_component_call_error(message: &str) -> bool {
    message.starts_with("Unknown argument(s) ")
        || (message.starts_with("Argument `") && message.ends_with("missing."))
        || message.starts_with("Component argument ")
}

/// A component called with arguments it does not declare, without one it needs, or with
/// one of the wrong type. `call`: the text of the call (`<date d={x} />`).
fn component_call(message: &str, call: Option<&str>) -> (String, String) {
    let name = call
        .and_then(|c| c.strip_prefix('<'))
        .map(|c| {
            c.split(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
                .next()
                .unwrap_or(c)
        })
        .filter(|n| !n.is_empty())
        .unwrap_or("?");
    let declared =
        format!("`{name}` takes the arguments its `{{% component {name}(…) %}}` line names");
    // "Unknown argument(s) `lang` in component call. Possible argument(s) are: `d`"
    if let Some(rest) = message.strip_prefix("Unknown argument(s) ") {
        let unknown = rest.split(" in component call").next().unwrap_or(rest);
        let hint = match rest.split_once("Possible argument(s) are: ") {
            Some((_, list)) => format!("`{name}` takes {list}"),
            None => format!("`{name}` takes no argument"),
        };
        return (
            format!("component `{name}` has no argument {unknown}"),
            hint,
        );
    }
    // "Argument `a` missing." / "Argument `a` (type: `string`) missing."
    if message.starts_with("Argument `") && message.ends_with("missing.") {
        let arg = message.split('`').nth(1).unwrap_or("?");
        return (
            format!("component `{name}` needs the argument `{arg}`"),
            format!("{declared}; give `{arg}` a value in the call, or a default there (`{arg}=…`)"),
        );
    }
    // "Component argument `a` (type: `i64`) does not match expected type: `string`"
    let rest = message
        .strip_prefix("Component argument ")
        .unwrap_or(message);
    (
        format!("component `{name}`: argument {}", tidy(rest)),
        declared,
    )
}

/// The dotted path that ends with the field at `range` (`article.author` for the range
/// of `author`), and how many characters it starts before the range.
fn dotted_path<'a>(source: &'a str, range: &std::ops::Range<usize>) -> Option<(&'a str, usize)> {
    let field = source.get(range.clone())?;
    let before = source.get(..range.start)?;
    let path_chars = |c: char| c.is_alphanumeric() || matches!(c, '_' | '.' | '[' | ']');
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| path_chars(*c))
        .last()
        .map_or(range.start, |(i, _)| i);
    let text = source.get(start..range.end)?;
    (text.len() > field.len()).then(|| (text, before[start..].chars().count()))
}

/// `"author` is not defined. Available fields: a, b"` → (`author`, Some(`a, b`)).
fn split_available<'a>(rest: &'a str, label: &str) -> (&'a str, Option<&'a str>) {
    let name = rest.split('`').next().unwrap_or(rest);
    let available = rest
        .split_once(label)
        .map(|(_, list)| list.trim())
        .filter(|l| !l.is_empty());
    (name, available)
}

/// The diagnostics of templates that do not build: every template's syntax errors
/// (Tera stops at the first bad template, so each is parsed on its own), else the
/// unknown names Tera lists together, else the one inheritance problem.
pub(super) fn build_error(theme: &Theme, dir: &std::path::Path, e: &Error) -> Diagnostics {
    let path_of = |name: &str| {
        theme
            .templates
            .iter()
            .find(|t| t.name == name)
            .map_or_else(|| dir.to_path_buf(), |t| t.path.clone())
    };
    if let ErrorKind::SyntaxError(_) = e.kind() {
        let errors: Vec<Diagnostic> = theme
            .templates
            .iter()
            .filter_map(|t| {
                let mut alone = Tera::default();
                match alone.add_raw_template(&t.name, &t.source) {
                    Err(e) => match e.kind() {
                        ErrorKind::SyntaxError(report) => Some(syntax_error(t, report)),
                        _ => None,
                    },
                    Ok(()) => None,
                }
            })
            .collect();
        if !errors.is_empty() {
            return Diagnostics(errors);
        }
    }
    match e.kind() {
        ErrorKind::MissingParent { current, parent } => Diagnostic::in_file(
            path_of(current),
            format!("extends \"{parent}\", which the theme does not have"),
        )
        .hint("check the name in `{% extends %}`: a file under templates/")
        .into(),
        ErrorKind::CircularExtend {
            tpl,
            inheritance_chain,
        } => Diagnostic::in_file(
            path_of(tpl),
            format!(
                "templates extend each other in a loop: {}",
                inheritance_chain.join(" → ")
            ),
        )
        .hint("a template cannot extend itself, directly or through others")
        .into(),
        ErrorKind::CircularInclude { tpl, include_chain } => Diagnostic::in_file(
            path_of(tpl),
            format!(
                "templates include each other in a loop: {}",
                include_chain.join(" → ")
            ),
        )
        .hint("a template cannot include itself, directly or through others")
        .into(),
        ErrorKind::Msg(text) if text.contains("` is defined in both `") => {
            // "Component `x` is defined in both `a.html` and `b.html`"
            let first = text.split('`').nth(3).unwrap_or_default();
            Diagnostic::in_file(path_of(first), text.replace("Component", "component"))
                .hint(
                    "component names are shared by all the theme's templates: rename or remove one",
                )
                .into()
        }
        _ => {
            let text = e.to_string();
            let listed = reported_errors(&text, &path_of);
            if listed.is_empty() {
                Diagnostic::in_file(dir, text)
                    .hint("check the `{% extends %}`, `{% include %}` and component names")
                    .into()
            } else {
                Diagnostics(listed)
            }
        }
    }
}

/// Tera lists unknown filters, functions, components, includes and blocks as reports
/// (`error: MESSAGE` then ` --> NAME:LINE:COL`) joined by blank lines: one diagnostic each.
fn reported_errors(text: &str, path_of: &dyn Fn(&str) -> PathBuf) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for report in text.split("\n\n") {
        let mut lines = report.lines();
        let Some(message) = lines.next().and_then(|l| l.strip_prefix("error: ")) else {
            continue;
        };
        let Some(locus) = lines.find_map(|l| l.trim_start().strip_prefix("--> ")) else {
            continue;
        };
        let mut parts = locus.rsplitn(3, ':');
        let (col, line, name) = (parts.next(), parts.next(), parts.next());
        let (Some(col), Some(line), Some(name)) = (
            col.and_then(|c| c.parse().ok()),
            line.and_then(|l| l.parse().ok()),
            name,
        ) else {
            continue;
        };
        let hint = if message.starts_with("Unknown component") {
            "components are defined with `{% component name(…) %}…{% endcomponent name %}` in any template of the theme"
        } else if message.starts_with("Unknown filter") || message.starts_with("Unknown function") {
            "themes/default/README.md lists the functions and filters templates can use"
        } else {
            "check the name against the theme's templates"
        };
        out.push(
            Diagnostic::in_file(path_of(name), tidy(message))
                .at(line, Some(col))
                .hint(hint),
        );
    }
    out
}

/// A syntax error at the parser's line and column.
fn syntax_error(t: &Template, report: &ReportError) -> Diagnostic {
    let span = report.span();
    let word = t.source.get(span.range.clone()).unwrap_or("");
    let hint = if matches!(word, "import" | "macro" | "endmacro") {
        // A theme written for Tera 1.
        "Tera 2 has no macros: define `{% component name(arg) %}…{% endcomponent name %}` in any template (no import) and call it as `{{ <name arg={value} /> }}`; themes/default/README.md shows how"
    } else {
        SYNTAX_HINT
    };
    let message = match report.message() {
        "Unknown tag" if !word.is_empty() => format!("unknown tag `{word}`"),
        m => tidy(m),
    };
    Diagnostic::in_file(&t.path, format!("template syntax error: {message}"))
        .at(span.start_line, Some(span.start_col + 1))
        .hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explains_an_unknown_field_with_its_parent() {
        let (message, hint) = explain(
            "Field `author` is not defined. Available fields: body, date",
            Some("article.author"),
        );
        assert_eq!(message, "unknown variable `article.author`");
        assert!(
            hint.starts_with("`article` has no `author`; it has: body, date ("),
            "{hint}"
        );
    }

    #[test]
    fn finds_the_whole_path_of_an_unknown_field() {
        let src = "<p>{{ e.topics[0].colour }}</p>";
        let start = src.find("colour").expect("in source");
        assert_eq!(
            dotted_path(src, &(start..start + 6)),
            Some(("e.topics[0].colour", 12))
        );
        let src = "{{ nope }}";
        assert_eq!(dotted_path(src, &(3..7)), None);
    }

    #[test]
    fn explains_component_calls_by_the_component_name() {
        let call = Some("<date d={x} />");
        let (m, h) = explain("Argument `d` missing.", call);
        assert_eq!(m, "component `date` needs the argument `d`");
        assert!(h.contains("{% component date(…) %}"), "{h}");
        let (m, _) = explain(
            "Component argument `d` (type: `i64`) does not match expected type: `string`",
            call,
        );
        assert_eq!(
            m,
            "component `date`: argument `d` (type: `i64`) does not match expected type: `string`"
        );
        let (m, h) = explain(
            "Unknown argument(s) `x` in component call. Possible argument(s) are: `d`",
            call,
        );
        assert_eq!(
            (m.as_str(), h.as_str()),
            ("component `date` has no argument `x`", "`date` takes `d`")
        );
    }

    #[test]
    fn reads_tera_reports_of_unknown_names() {
        let text = "error: Unknown filter `nope`\n --> index.html:3:8\n  |\n3 | {{ x | nope }}\n  |        ^^^^\n\n\
                    error: Unknown component `card`\n  --> macros.html:12:4\n   |\n12 | {{ <card /> }}\n   |    ^^^^";
        let found = reported_errors(text, &|name| PathBuf::from(format!("t/{name}")));
        let got: Vec<String> = found.iter().map(|d| d.to_string()).collect();
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            got[0].starts_with("error: t/index.html:3:8: unknown filter `nope`"),
            "{got:?}"
        );
        assert!(
            got[1].starts_with("error: t/macros.html:12:4: unknown component `card`"),
            "{got:?}"
        );
    }
}
