//! Finds the site's files under content/: Markdown articles (with their language and
//! translation key) and everything else (assets copied as they are).

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::article::SourceFile;

/// The start of the translation key of a file under content/entities/.
const ENTITY_FOLDER: &str = "entities/";
use crate::error::Diagnostic;
use crate::source::{is_ignored_name, rel_to, Fence};

/// A file under content/ that is not an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Absolute (or root-joined) path to read from.
    pub source: PathBuf,
    /// Path relative to content/, with `/` separators.
    pub rel: String,
}

#[derive(Debug, Default)]
pub(crate) struct Discovered {
    /// Articles, with the absolute path to read each from.
    pub articles: Vec<(PathBuf, SourceFile)>,
    /// Entity files (`entities/*.md`), likewise; `key` is the entity's id.
    pub entities: Vec<(PathBuf, SourceFile)>,
    pub assets: Vec<Asset>,
}

/// Walks `content_dir` in a stable order. `root` makes the paths shown in messages
/// relative; `languages` are the configured codes, the default one first; `fence` says
/// which symbolic links may be followed.
pub(crate) fn discover(
    root: &Path,
    content_dir: &Path,
    languages: &[String],
    fence: &Fence,
) -> Result<Discovered, Vec<Diagnostic>> {
    let mut found = Discovered::default();
    let mut errors = Vec::new();
    if !content_dir.is_dir() {
        return Err(vec![Diagnostic::in_file(
            rel_to(root, content_dir),
            "the content folder is missing",
        )
        .hint(
            "create content/ and put one Markdown file per event in it (`timeline new` writes one)",
        )]);
    }
    // content/ itself may be, or lie under, a link.
    fence.check_link(content_dir).map_err(|d| vec![d])?;
    let mut walker = WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) if e.depth() > 0 && is_ignored_name(&e.file_name().to_string_lossy()) => {
                if e.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| rel_to(root, p))
                    .unwrap_or_else(|| rel_to(root, content_dir));
                errors.push(Diagnostic::in_file(path, format!("cannot read: {e}")));
                continue;
            }
        };
        if entry.path_is_symlink() {
            if let Err(d) = fence.check_link(entry.path()) {
                errors.push(d);
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
        }
        if !entry.file_type().is_file() {
            continue;
        }
        match classify(root, content_dir, entry.path(), languages) {
            Ok(Found::Article(abs, file)) => match file.key.strip_prefix(ENTITY_FOLDER) {
                // content/entities/ID.md: an entity, whose id is the file's name.
                Some(id) if !id.contains('/') && file.bundle_dir.is_none() => {
                    let file = SourceFile {
                        key: id.to_string(),
                        ..file
                    };
                    found.entities.push((abs, file));
                }
                _ => found.articles.push((abs, file)),
            },
            Ok(Found::Asset(asset)) => found.assets.push(asset),
            Err(d) => errors.push(d),
        }
    }
    errors.is_empty().then_some(found).ok_or(errors)
}

/// What one file under content/ is.
enum Found {
    Article(PathBuf, SourceFile),
    Asset(Asset),
}

fn classify(
    root: &Path,
    content_dir: &Path,
    path: &Path,
    languages: &[String],
) -> Result<Found, Diagnostic> {
    let rel = path.strip_prefix(content_dir).unwrap_or(path);
    let Some(rel_str) = rel.to_str().map(|s| s.replace('\\', "/")) else {
        return Err(
            Diagnostic::in_file(rel_to(root, path), "the file name is not valid UTF-8")
                .hint("rename the file using UTF-8 characters"),
        );
    };
    let Some(stem) = rel_str.strip_suffix(".md") else {
        return Ok(Found::Asset(Asset {
            source: path.to_path_buf(),
            rel: rel_str,
        }));
    };
    let (key, lang) = split_language(stem, languages);
    let bundle = key
        .strip_suffix("/index")
        .or(if key == "index" { Some("") } else { None });
    let (key, bundle_dir) = match bundle {
        Some(dir) if !dir.is_empty() => (dir.to_string(), Some(PathBuf::from(dir))),
        _ => (key.to_string(), None),
    };
    Ok(Found::Article(
        path.to_path_buf(),
        SourceFile {
            path: rel_to(root, path),
            key,
            lang,
            bundle_dir,
        },
    ))
}

/// `name.en` → (`name`, `en`) when `en` is a configured language; otherwise the default.
fn split_language<'a>(stem: &'a str, languages: &[String]) -> (&'a str, String) {
    let default = languages.first().cloned().unwrap_or_default();
    if let Some((name, code)) = stem.rsplit_once('.') {
        if !name.is_empty() && !name.ends_with('/') && languages.iter().any(|l| l == code) {
            return (name, code.to_string());
        }
    }
    (stem, default)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs() -> Vec<String> {
        vec!["ar".into(), "en".into()]
    }

    #[test]
    fn language_from_suffix() {
        assert_eq!(
            split_language("2022-x", &langs()),
            ("2022-x", "ar".to_string())
        );
        assert_eq!(
            split_language("2022-x.en", &langs()),
            ("2022-x", "en".to_string())
        );
        assert_eq!(
            split_language("2022-x.ar", &langs()),
            ("2022-x", "ar".to_string())
        );
        assert_eq!(split_language("v1.2", &langs()), ("v1.2", "ar".to_string()));
        assert_eq!(
            split_language("dir/.en", &langs()),
            ("dir/.en", "ar".to_string())
        );
    }

    #[test]
    fn walks_articles_bundles_and_assets() {
        let dir = tempfile::tempdir().expect("tempdir");
        let c = dir.path().join("content");
        std::fs::create_dir_all(c.join("b")).expect("mkdir");
        for f in [
            "a.md",
            "a.en.md",
            "b/index.md",
            "b/index.en.md",
            "b/photo.jpg",
            "img.png",
            ".hidden.md",
            "a.md~",
        ] {
            std::fs::write(c.join(f), "x").expect("write");
        }
        let d = discover(
            dir.path(),
            &c,
            &langs(),
            &Fence::new(dir.path(), Path::new("")),
        )
        .expect("ok");
        let keys: Vec<(String, String)> = d
            .articles
            .iter()
            .map(|(_, f)| (f.key.clone(), f.lang.clone()))
            .collect();
        assert_eq!(
            keys,
            [("a", "en"), ("a", "ar"), ("b", "en"), ("b", "ar")]
                .map(|(k, l)| (k.to_string(), l.to_string()))
        );
        assert_eq!(d.articles[2].1.bundle_dir, Some(PathBuf::from("b")));
        let assets: Vec<&str> = d.assets.iter().map(|a| a.rel.as_str()).collect();
        assert_eq!(assets, ["b/photo.jpg", "img.png"]);
    }
}
