//! Loads a theme folder into memory: its Tera templates (with their text, for error
//! lines), its interface strings per language (i18n/LANG.toml) and its static files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::Config;
use crate::content::Asset;
use crate::error::{Diagnostic, Diagnostics};
use crate::source::{decode_utf8, is_ignored_name, rel_to, Fence};

/// Interface strings of one language: key → text.
pub(crate) type Strings = BTreeMap<String, String>;

#[derive(Debug, Clone)]
pub(crate) struct Theme {
    pub dir: PathBuf,
    /// (name relative to templates/, source text, path shown in messages).
    pub templates: Vec<Template>,
    /// Interface strings per configured language code.
    pub strings: BTreeMap<String, Strings>,
    /// Files under static/, copied to the site root.
    pub static_files: Vec<Asset>,
}

#[derive(Debug, Clone)]
pub(crate) struct Template {
    pub name: String,
    pub source: String,
    pub path: PathBuf,
}

impl Theme {
    pub(crate) fn load(config: &Config) -> Result<Theme, Diagnostics> {
        let dir = config.theme_dir.clone();
        let fence = config.fence();
        let mut errors = Diagnostics::default();
        let mut templates = Vec::new();
        let tdir = dir.join("templates");
        for (path, rel) in files_under(&tdir, &fence, &mut errors) {
            let shown = rel_to(&config.root, &path);
            match std::fs::read(&path) {
                Ok(bytes) => match decode_utf8(&bytes, &shown) {
                    Ok(text) => templates.push(Template {
                        name: rel,
                        source: text.to_string(),
                        path: shown,
                    }),
                    Err(d) => errors.push(d),
                },
                Err(e) => errors.push(Diagnostic::in_file(&shown, format!("cannot read: {e}"))),
            }
        }
        let mut strings = BTreeMap::new();
        for lang in &config.languages {
            let path = dir.join("i18n").join(format!("{}.toml", lang.code));
            let fallback = dir.join("i18n").join("en.toml");
            let chosen = if path.is_file() { path } else { fallback };
            let shown = rel_to(&config.root, &chosen);
            if chosen.exists() {
                if let Err(d) = fence.check_link(&chosen) {
                    errors.push(d);
                    continue;
                }
            }
            match load_strings(&chosen, &shown) {
                Ok(s) => {
                    strings.insert(lang.code.clone(), s);
                }
                Err(d) => errors.push(d),
            }
        }
        let static_files = files_under(&dir.join("static"), &fence, &mut errors)
            .into_iter()
            .map(|(source, rel)| Asset { source, rel })
            .collect();
        errors.into_result(Theme {
            dir,
            templates,
            strings,
            static_files,
        })
    }
}

fn load_strings(path: &Path, shown: &Path) -> Result<Strings, Diagnostic> {
    if !path.is_file() {
        return Ok(Strings::new());
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| Diagnostic::in_file(shown, format!("cannot read: {e}")))?;
    toml::from_str::<Strings>(&text).map_err(|e| {
        let message = format!("interface strings: {}", e.message().trim());
        let d = match e.span() {
            Some(span) => crate::config::at_span(shown, &text, span, message),
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
