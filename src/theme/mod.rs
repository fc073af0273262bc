//! The theme of a build, in memory: its Tera templates (with their text, for error
//! lines), its interface strings per language (i18n/LANG.toml) and its static files.
//!
//! The default theme is built into the binary ([`builtin`]). A site that uses it
//! (`theme = "default"`, or no `theme` in site.toml) overrides single files by putting
//! them at the same path under its own themes/default/: a template, a static file, or
//! one language's strings, merged over the built-in ones key by key; every other file
//! comes from the binary. Any other `theme = "NAME"` is a full theme, themes/NAME/,
//! read alone. The site's files are read only inside the site ([`Fence`]); built-in
//! files need no check and are named `themes/default/… (built in)` in messages.
//! Templates the site wrote for an older template interface are warned about
//! ([`interface`]).

pub mod builtin;
pub mod eject;
pub mod interface;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::Config;
use crate::error::{Diagnostic, Diagnostics};
use crate::source::{decode_utf8, is_ignored_name, rel_to, Fence};

/// Interface strings of one language: key → text.
pub type Strings = BTreeMap<String, String>;

#[derive(Debug, Clone)]
pub struct Theme {
    pub dir: PathBuf,
    /// Every template, by name (relative to templates/).
    pub templates: Vec<Template>,
    /// Interface strings per configured language code.
    pub strings: BTreeMap<String, Strings>,
    /// Files under static/, copied to the site root.
    pub static_files: Vec<StaticFile>,
    /// The site's templates written for another template interface.
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, Clone)]
pub struct Template {
    /// The name templates use for it (`article.html`, `partials/x.html`).
    pub name: String,
    pub source: String,
    /// The path messages show: `themes/default/templates/x.html`, with ` (built in)`
    /// after a built-in template's.
    pub path: PathBuf,
}

/// A file of static/, copied to the same path under the site root.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// `/`-separated path relative to static/ (and to the output).
    pub rel: String,
    pub contents: StaticContents,
}

#[derive(Debug, Clone)]
pub enum StaticContents {
    /// A file of the site, copied from this path.
    File(PathBuf),
    /// A file of the built-in theme.
    BuiltIn(&'static [u8]),
}

/// The files of one layer of a theme: the built-in theme, or a folder of the site.
#[derive(Debug, Default)]
struct Layer {
    templates: BTreeMap<String, Template>,
    /// Language code → (path shown, text) of the i18n files the site's languages need.
    strings: BTreeMap<String, (PathBuf, String)>,
    statics: BTreeMap<String, StaticContents>,
}

impl Theme {
    pub fn load(config: &Config) -> Result<Theme, Diagnostics> {
        let mut errors = Diagnostics::default();
        let mut codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        codes.push("en");
        let site = read_folder(config, &codes, &mut errors);
        let base = match config.builtin_theme {
            true => builtin::layer(&codes),
            false => Layer::default(),
        };
        let warnings = site
            .templates
            .values()
            .filter_map(|t| interface::check(t, config.builtin_theme))
            .collect();
        let strings = merge_strings(config, [&base, &site], &mut errors);
        let Layer {
            mut templates,
            mut statics,
            ..
        } = base;
        templates.extend(site.templates);
        statics.extend(site.statics);
        errors.into_result(Theme {
            dir: config.theme_dir.clone(),
            templates: templates.into_values().collect(),
            strings,
            static_files: statics
                .into_iter()
                .map(|(rel, contents)| StaticFile { rel, contents })
                .collect(),
            warnings,
        })
    }
}

/// The site's theme folder (nothing when it uses the built-in theme and has none): its
/// templates, the i18n files of `codes`, its static files.
fn read_folder(config: &Config, codes: &[&str], errors: &mut Diagnostics) -> Layer {
    let dir = &config.theme_dir;
    let fence = config.fence();
    let mut layer = Layer::default();
    if config.builtin_theme && !dir.exists() && !dir.is_symlink() {
        return layer;
    }
    for (path, rel) in files_under(&dir.join("templates"), &fence, errors) {
        let shown = rel_to(&config.root, &path);
        match read_text(&path, &shown) {
            Ok(source) => {
                let t = Template {
                    name: rel.clone(),
                    source,
                    path: shown,
                };
                layer.templates.insert(rel, t);
            }
            Err(d) => errors.push(d),
        }
    }
    for code in codes {
        let path = dir.join("i18n").join(format!("{code}.toml"));
        if !path.is_file() || layer.strings.contains_key(*code) {
            continue;
        }
        let shown = rel_to(&config.root, &path);
        let read = fence
            .check_link(&path)
            .and_then(|()| read_text(&path, &shown));
        match read {
            Ok(text) => {
                layer.strings.insert(code.to_string(), (shown, text));
            }
            Err(d) => errors.push(d),
        }
    }
    for (path, rel) in files_under(&dir.join("static"), &fence, errors) {
        layer.statics.insert(rel, StaticContents::File(path));
    }
    layer
}

fn read_text(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let bytes =
        std::fs::read(path).map_err(|e| Diagnostic::in_file(shown, format!("cannot read: {e}")))?;
    decode_utf8(&bytes, shown).map(str::to_string)
}

/// Each language's strings: its own file where any layer has one (else English's),
/// the built-in file first and the site's merged over it key by key.
fn merge_strings(
    config: &Config,
    layers: [&Layer; 2],
    errors: &mut Diagnostics,
) -> BTreeMap<String, Strings> {
    let mut out = BTreeMap::new();
    for lang in &config.languages {
        let has_own = layers.iter().any(|l| l.strings.contains_key(&lang.code));
        let code = if has_own { lang.code.as_str() } else { "en" };
        let mut merged = Strings::new();
        for (shown, text) in layers.iter().filter_map(|l| l.strings.get(code)) {
            match parse_strings(text, shown) {
                Ok(s) => merged.extend(s),
                Err(d) => errors.push(d),
            }
        }
        out.insert(lang.code.clone(), merged);
    }
    out
}

/// The `key = "text"` lines of an i18n file.
pub fn parse_strings(text: &str, shown: &Path) -> Result<Strings, Diagnostic> {
    toml::from_str::<Strings>(text).map_err(|e| {
        let message = format!("interface strings: {}", e.message().trim());
        let d = match e.span() {
            Some(span) => crate::config::at_span(shown, text, span, message),
            None => Diagnostic::in_file(shown, message),
        };
        d.hint("each line is `key = \"text\"`")
    })
}

/// Files under `dir` (recursively, sorted, editor temp files skipped) with their
/// `/`-separated path relative to `dir`. Symbolic links are followed only where `fence`
/// allows (a link elsewhere is an error, and nothing under it is read).
fn files_under(dir: &Path, fence: &Fence, errors: &mut Diagnostics) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    // The folder itself may lie under a link (themes/ linked elsewhere).
    if let Err(d) = fence.check_link(dir) {
        errors.push(d);
        return out;
    }
    let mut walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    while let Some(entry) = walker.next() {
        let Ok(e) = entry else { continue };
        if e.path_is_symlink() {
            if let Err(d) = fence.check_link(e.path()) {
                errors.push(d);
                if e.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
        }
        if !e.file_type().is_file() {
            continue;
        }
        let Some(rel) = e.path().strip_prefix(dir).ok().and_then(Path::to_str) else {
            continue;
        };
        let rel = rel.replace('\\', "/");
        out.push((e.path().to_path_buf(), rel));
    }
    out
}
