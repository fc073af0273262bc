//! Finds the site's files under content/: Markdown articles (with their language and
//! translation key) and everything else (assets copied as they are).

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::article::SourceFile;
use crate::error::Diagnostic;

/// A file under content/ that is not an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Absolute (or root-joined) path to read from.
    pub source: PathBuf,
    /// Path relative to content/, with `/` separators.
    pub rel: String,
}

#[derive(Debug, Default)]
pub struct Discovered {
    /// Articles, with the absolute path to read each from.
    pub articles: Vec<(PathBuf, SourceFile)>,
    pub assets: Vec<Asset>,
}

/// True for editor temp and swap files and hidden files, which are never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
}

/// Walks `content_dir` in a stable order. `root` makes the paths shown in messages
/// relative; `languages` are the configured codes, the default one first.
pub fn discover(
    root: &Path,
    content_dir: &Path,
    languages: &[String],
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
    let walker = WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    let mut bundle_dirs: Vec<PathBuf> = Vec::new();
    for entry in walker {
        let entry = match entry {
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
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let Ok(rel) = path.strip_prefix(content_dir) else {
            continue;
        };
        let Some(rel_str) = rel.to_str().map(|s| s.replace('\\', "/")) else {
            errors.push(
                Diagnostic::in_file(rel_to(root, path), "the file name is not valid UTF-8")
                    .hint("rename the file using UTF-8 characters"),
            );
            continue;
        };
        match rel_str.strip_suffix(".md") {
            Some(stem) => {
                let (key, lang) = split_language(stem, languages);
                let (key, bundle_dir) = match key.strip_suffix("/index").or(if key == "index" {
                    Some("")
                } else {
                    None
                }) {
                    Some(dir) if !dir.is_empty() => {
                        let d = PathBuf::from(dir);
                        if !bundle_dirs.contains(&d) {
                            bundle_dirs.push(d.clone());
                        }
                        (dir.to_string(), Some(d))
                    }
                    _ => (key.to_string(), None),
                };
                found.articles.push((
                    path.to_path_buf(),
                    SourceFile {
                        path: rel_to(root, path),
                        key,
                        lang,
                        bundle_dir,
                    },
                ));
            }
            None => found.assets.push(Asset {
                source: path.to_path_buf(),
                rel: rel_str,
            }),
        }
    }
    errors.is_empty().then_some(found).ok_or(errors)
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

/// `root/content/a.md` → `content/a.md`.
pub fn rel_to(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
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
    fn ignores_editor_files() {
        for n in [".a.md.swp", "a.md~", "4913", "#a.md#", ".#a.md", "a.swp"] {
            assert!(is_ignored_name(n), "{n}");
        }
        assert!(!is_ignored_name("a.md"));
        assert!(!is_ignored_name("photo.jpg"));
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
        let d = discover(dir.path(), &c, &langs()).expect("ok");
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
