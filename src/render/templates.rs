//! The theme's Tera templates: parsed once per build, with errors turned into
//! diagnostics that name the template file and line.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use tera::{Error, Kwargs, State, Tera, TeraResult, Value};

use crate::config::{Language, Locale};
use crate::error::{Diagnostic, Diagnostics};
use crate::render::date_format::format_number;
use crate::render::tera_errors;
use crate::theme::{Strings, Template, Theme};

/// The templates every theme must have.
pub(crate) const REQUIRED: [&str; 5] = [
    "index.html",
    "topic.html",
    "article.html",
    "year.html",
    "404.html",
];

pub(crate) struct Templates {
    pub tera: Tera,
    /// The sources, to name the file (and quote the expression) of an error.
    sources: Vec<Template>,
    dir: PathBuf,
}

impl Templates {
    /// Parses the theme's templates (once per build). The languages' locales set the
    /// plural categories and digits of the `plural` and `num` functions.
    pub(crate) fn new(theme: &Theme, languages: &[Language]) -> Result<Templates, Diagnostics> {
        let mut tera = Tera::default();
        tera.autoescape_on([".html", ".xml"]);
        tera.set_escape_fn(crate::html::write_escaped);
        register_functions(&mut tera, theme, languages);
        let all = theme
            .templates
            .iter()
            .map(|t| (t.name.as_str(), t.source.as_str()));
        let dir = theme_templates_path(theme);
        if let Err(e) = tera.add_raw_templates(all) {
            return Err(super::tera_errors::build_error(theme, &dir, &e));
        }
        let mut errors = Diagnostics::default();
        for name in REQUIRED {
            if !theme.templates.iter().any(|t| t.name == name) {
                errors.push(
                    Diagnostic::in_file(&dir, format!("the theme has no `{name}` template"))
                        .hint("every theme needs index.html, topic.html, article.html, year.html and 404.html"),
                );
            }
        }
        errors.into_result(Templates {
            tera,
            sources: theme.templates.clone(),
            dir,
        })
    }

    /// The theme has template `name`.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.sources.iter().any(|t| t.name == name)
    }

    /// The theme's templates folder (for messages).
    pub(crate) fn dir(&self) -> &std::path::Path {
        &self.dir
    }

    /// Renders `name`; a failure names the template file, line and column where the
    /// error happened (a component in macros.html, a block of base.html…).
    /// The page is UTF-8 bytes: rendered into a buffer, not checked again as a `String`.
    pub(crate) fn render(&self, name: &str, ctx: &tera::Context) -> Result<Vec<u8>, Diagnostic> {
        let mut out = Vec::with_capacity(32 * 1024);
        self.tera
            .render_to(name, ctx, &mut out)
            .map_err(|e| self.render_error(name, &e))?;
        Ok(out)
    }

    fn render_error(&self, name: &str, e: &Error) -> Diagnostic {
        tera_errors::render_error(&self.sources, &self.dir, name, e)
    }
}

fn theme_templates_path(theme: &Theme) -> PathBuf {
    theme
        .templates
        .first()
        .and_then(|t| t.path.parent().map(|p| p.to_path_buf()))
        .unwrap_or_else(|| theme.dir.join("templates"))
}

/// Functions for templates, so components need only the page's language code rather
/// than the whole map of interface strings:
/// - `tr(key, lang)`: the interface string `key` in `lang`;
/// - `plural(key, n, lang)`: `key_zero`, `_one`, `_two`, `_few` (3–10), `_many` (11–99)
///   or `_other` (CLDR categories), falling back to `key_other`, with `{n}` replaced by
///   the number in the language's digits;
/// - `num(n, lang)`: the number in the language's digits;
///
/// and one filter, `single_quoted`: a value for an attribute in single quotes
/// (`data-facets='{{ e.facets | single_quoted }}'`, JSON without `&quot;`).
fn register_functions(tera: &mut Tera, theme: &Theme, languages: &[Language]) {
    tera.register_filter("single_quoted", |v: &str, _: Kwargs, _: &State| {
        Value::safe_string(&crate::html::escape_single_quoted(v))
    });
    let strings = Arc::new(theme.strings.clone());
    let locales: Arc<HashMap<String, Locale>> = Arc::new(
        languages
            .iter()
            .map(|l| (l.code.clone(), l.locale))
            .collect(),
    );
    {
        let strings = strings.clone();
        tera.register_function("tr", move |kw: Kwargs, _: &State| -> TeraResult<String> {
            let (key, lang) = (str_arg(&kw, "tr", "key")?, str_arg(&kw, "tr", "lang")?);
            lookup(&strings, lang, key)
        });
    }
    {
        let (strings, locales) = (strings.clone(), locales.clone());
        tera.register_function(
            "plural",
            move |kw: Kwargs, _: &State| -> TeraResult<String> {
                let (key, lang) = (
                    str_arg(&kw, "plural", "key")?,
                    str_arg(&kw, "plural", "lang")?,
                );
                let n = int_arg(&kw, "plural")?;
                let locale = locale_of(&locales, lang);
                let category = plural_category(n, &locale);
                let text = lookup(&strings, lang, &format!("{key}_{category}"))
                    .or_else(|_| lookup(&strings, lang, &format!("{key}_other")))?;
                Ok(text.replace("{n}", &format_number(n, &locale)))
            },
        );
    }
    tera.register_function("num", move |kw: Kwargs, _: &State| -> TeraResult<String> {
        let lang = str_arg(&kw, "num", "lang")?;
        Ok(format_number(
            int_arg(&kw, "num")?,
            &locale_of(&locales, lang),
        ))
    });
}

/// The locale of a site language (a template may name another: it gets English forms).
fn locale_of(locales: &HashMap<String, Locale>, lang: &str) -> Locale {
    locales
        .get(lang)
        .copied()
        .unwrap_or_else(|| Locale::of(lang, Default::default()))
}

/// The CLDR plural category of `n`: Arabic's six (zero, one, two, few for 3–10, many for
/// 11–99, other), or English's two (one, other).
fn plural_category(n: i64, locale: &Locale) -> &'static str {
    match (locale.arabic, n) {
        (false, 1) => "one",
        (false, _) => "other",
        (true, 0) => "zero",
        (true, 1) => "one",
        (true, 2) => "two",
        (true, _) if (3..=10).contains(&(n % 100)) => "few",
        (true, _) if n % 100 >= 11 => "many",
        (true, _) => "other",
    }
}

fn str_arg<'a>(kw: &'a Kwargs, func: &str, name: &'a str) -> TeraResult<&'a str> {
    kw.get::<&str>(name)
        .ok()
        .flatten()
        .ok_or_else(|| Error::message(format!("`{func}` needs a text argument `{name}`")))
}

fn int_arg(kw: &Kwargs, func: &str) -> TeraResult<i64> {
    kw.get::<i64>("n")
        .ok()
        .flatten()
        .ok_or_else(|| Error::message(format!("`{func}` needs a whole-number argument `n`")))
}

fn lookup(strings: &BTreeMap<String, Strings>, lang: &str, key: &str) -> TeraResult<String> {
    strings
        .get(lang)
        .and_then(|s| s.get(key))
        .cloned()
        .ok_or_else(|| {
            Error::message(format!(
                "the theme has no interface string `{key}` for `{lang}` (i18n/{lang}.toml)"
            ))
        })
}
