//! The theme's Tera templates: parsed once per build, with errors turned into
//! diagnostics that name the template file and line.

use std::error::Error as _;

use tera::Tera;

use crate::error::{Diagnostic, Diagnostics};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use tera::Value;

use crate::render::date_format::{format_number, DateStyle};
use crate::theme::{Strings, Template, Theme};

/// The templates every theme must have.
pub const REQUIRED: [&str; 5] = [
    "index.html",
    "topic.html",
    "article.html",
    "year.html",
    "404.html",
];

pub struct Templates {
    pub tera: Tera,
    /// The sources, to find the line of a render error.
    sources: Vec<Template>,
    dir: std::path::PathBuf,
}

impl Templates {
    /// Parses the theme's templates (once per build). `style` sets the digits of
    /// numbers shown by the `plural` and `num` functions.
    pub fn new(theme: &Theme, style: &DateStyle) -> Result<Templates, Diagnostics> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        register_functions(&mut tera, theme, style);
        let mut errors = Diagnostics::default();
        let all = theme
            .templates
            .iter()
            .map(|t| (t.name.as_str(), t.source.as_str()));
        if let Err(e) = tera.add_raw_templates(all) {
            // Tera stops at the first bad template: parse each on its own to report all.
            check_syntax(theme)?;
            // Inheritance problems (a missing parent, a cycle): no single line to point at.
            return Err(Diagnostic::in_file(theme_templates_path(theme), chain(&e))
                .hint("check the `{% extends %}` and `{% include %}` names")
                .into());
        }
        for name in REQUIRED {
            if !theme.templates.iter().any(|t| t.name == name) {
                errors.push(
                    Diagnostic::in_file(theme_templates_path(theme), format!("the theme has no `{name}` template"))
                        .hint("every theme needs index.html, topic.html, article.html, year.html and 404.html"),
                );
            }
        }
        errors.into_result(Templates {
            tera,
            sources: theme.templates.clone(),
            dir: theme_templates_path(theme),
        })
    }

    /// Renders `name`; a failure names the template and, where it can be found, the line.
    pub fn render(&self, name: &str, ctx: &tera::Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, ctx)
            .map_err(|e| self.render_error(name, &e))
    }

    fn render_error(&self, name: &str, e: &tera::Error) -> Diagnostic {
        let message = chain(e);
        // Tera names the variable but not the line: find it in the template, then in
        // the templates it extends or includes.
        let needle = message
            .split('`')
            .nth(1)
            .filter(|_| message.contains("not found in context"))
            .map(str::to_string);
        let candidates = std::iter::once(name).chain(self.sources.iter().map(|t| t.name.as_str()));
        if let Some(needle) = &needle {
            for cand in candidates {
                if let Some(t) = self.sources.iter().find(|t| t.name == cand) {
                    if let Some((line, col)) = find_variable(&t.source, needle) {
                        // Tera's text says the template twice ("Failed to render 'a.html':
                        // Variable `x` not found in context while rendering 'a.html'").
                        let message =
                            format!("unknown variable `{needle}` while rendering '{name}'");
                        return Diagnostic::in_file(&t.path, message)
                            .at(line, Some(col))
                            .hint(format!(
                                "`{needle}` is not something templates can use here; the README lists the variables of each page"
                            ));
                    }
                }
            }
        }
        let path = self
            .sources
            .iter()
            .find(|t| t.name == name)
            .map(|t| t.path.clone())
            .unwrap_or_else(|| self.dir.clone());
        Diagnostic::in_file(path, message).hint("the README lists the variables of each page")
    }
}

fn theme_templates_path(theme: &Theme) -> std::path::PathBuf {
    theme
        .templates
        .first()
        .and_then(|t| t.path.parent().map(|p| p.to_path_buf()))
        .unwrap_or_else(|| theme.dir.join("templates"))
}

/// Functions for templates, so macros need only the page's language code rather than
/// the whole map of interface strings (Tera copies every macro argument on each call):
/// - `tr(key, lang)`: the interface string `key` in `lang`;
/// - `plural(key, n, lang)`: `key_zero`, `_one`, `_two`, `_few` (3–10), `_many` (11–99)
///   or `_other` (CLDR categories), falling back to `key_other`, with `{n}` replaced by
///   the number in the language's digits;
/// - `num(n, lang)`: the number in the language's digits.
fn register_functions(tera: &mut Tera, theme: &Theme, style: &DateStyle) {
    let strings = Arc::new(theme.strings.clone());
    let style = Arc::new(*style);
    {
        let strings = strings.clone();
        tera.register_function("tr", move |args: &HashMap<String, Value>| {
            let (key, lang) = (str_arg(args, "tr", "key")?, str_arg(args, "tr", "lang")?);
            lookup(&strings, lang, key).map(Value::from)
        });
    }
    {
        let (strings, style) = (strings.clone(), style.clone());
        tera.register_function("plural", move |args: &HashMap<String, Value>| {
            let (key, lang) = (
                str_arg(args, "plural", "key")?,
                str_arg(args, "plural", "lang")?,
            );
            let n = int_arg(args, "plural")?;
            let category = match n {
                0 => "zero",
                1 => "one",
                2 => "two",
                _ if (3..=10).contains(&(n % 100)) => "few",
                _ if n % 100 >= 11 => "many",
                _ => "other",
            };
            let text = lookup(&strings, lang, &format!("{key}_{category}"))
                .or_else(|_| lookup(&strings, lang, &format!("{key}_other")))?;
            Ok(Value::from(
                text.replace("{n}", &format_number(n, lang, &style)),
            ))
        });
    }
    tera.register_function("num", move |args: &HashMap<String, Value>| {
        let lang = str_arg(args, "num", "lang")?;
        Ok(Value::from(format_number(
            int_arg(args, "num")?,
            lang,
            &style,
        )))
    });
}

fn str_arg<'a>(args: &'a HashMap<String, Value>, func: &str, name: &str) -> tera::Result<&'a str> {
    args.get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| tera::Error::msg(format!("`{func}` needs a text argument `{name}`")))
}

fn int_arg(args: &HashMap<String, Value>, func: &str) -> tera::Result<i64> {
    args.get("n")
        .and_then(Value::as_i64)
        .ok_or_else(|| tera::Error::msg(format!("`{func}` needs a whole-number argument `n`")))
}

fn lookup(strings: &BTreeMap<String, Strings>, lang: &str, key: &str) -> tera::Result<String> {
    strings
        .get(lang)
        .and_then(|s| s.get(key))
        .cloned()
        .ok_or_else(|| {
            tera::Error::msg(format!(
                "the theme has no interface string `{key}` for `{lang}` (i18n/{lang}.toml)"
            ))
        })
}

/// Parses each template on its own, so each syntax error names its own file.
fn check_syntax(theme: &Theme) -> Result<(), Diagnostics> {
    let errors: Vec<Diagnostic> = theme
        .templates
        .iter()
        .filter_map(|t| {
            tera::Template::new(&t.name, None, &t.source)
                .err()
                .map(|e| syntax_error(t, &e))
        })
        .collect();
    Diagnostics(errors).into_result(())
}

/// A syntax error, located from the parser's ` --> L:C` marker.
fn syntax_error(t: &Template, e: &tera::Error) -> Diagnostic {
    let full = chain(e);
    let mut d = Diagnostic::in_file(&t.path, "template syntax error");
    if let Some(pos) = full.find("--> ") {
        let rest = &full[pos + 4..];
        let nums: Vec<usize> = rest
            .split(|c: char| !c.is_ascii_digit())
            .take(2)
            .filter_map(|n| n.parse().ok())
            .collect();
        if let [line, col] = nums[..] {
            d = d.at(line, Some(col));
        }
    }
    let detail = full
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with('='))
        .map(|l| l.trim_start().trim_start_matches('=').trim().to_string())
        .unwrap_or_else(|| full.lines().next().unwrap_or("").to_string());
    d.message = format!("template syntax error: {detail}");
    d.hint("Tera syntax: {{ value }}, {% if … %}…{% endif %}, {% for x in list %}…{% endfor %}")
}

/// Escapes what HTML and XML need escaped (`& < > " '`), and no more: Tera's own
/// escaper also turns every `/` into `&#x2F;`, which bloats URLs for no gain.
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 8);
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The error and its causes, joined.
fn chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// 1-based line and column of the first use of `var` inside `{{ }}` or `{% %}`.
fn find_variable(source: &str, var: &str) -> Option<(usize, usize)> {
    let boundary =
        |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'));
    // Only inside `{{ … }}` and `{% … %}`, which may span lines.
    let mut rest = 0;
    while let Some(open) = source[rest..].find(['{']).map(|i| rest + i) {
        let close = match source.get(open..open + 2) {
            Some("{{") => "}}",
            Some("{%") => "%}",
            _ => {
                rest = open + 1;
                continue;
            }
        };
        let end = source[open..]
            .find(close)
            .map_or(source.len(), |i| open + i);
        let tag = &source[open..end];
        let mut from = 0;
        while let Some(pos) = tag[from..].find(var) {
            let at = from + pos;
            let before = tag[..at].chars().next_back();
            let after = tag[at + var.len()..].chars().next();
            if boundary(before) && (boundary(after) || after == Some('.')) {
                let (line, col) = crate::config::line_col(source, open + at);
                return Some((line, col));
            }
            from = at + var.len();
        }
        rest = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_variable_line() {
        let src = "<p>nope\n  {{ site.title }}\n  {{ nope }}\n{% if\n  x.nope %}";
        assert_eq!(find_variable(src, "nope"), Some((3, 6)));
        assert_eq!(find_variable(src, "site.title"), Some((2, 6)));
        assert_eq!(find_variable(src, "x"), Some((5, 3)));
    }
}
