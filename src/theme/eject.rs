//! `timeline theme eject [FILE…]`: copies the built-in theme, or the named files of it,
//! into the site's themes/default/, where they override the built-in ones, for those
//! who want to change them. It never overwrites a file: when one of them exists
//! already, nothing is written.

use std::path::{Path, PathBuf};

use super::builtin;
use crate::config::{BuildOptions, Config};
use crate::error::{did_you_mean, Diagnostic, Diagnostics};

/// Copies the built-in files named by `names` (all of them when empty) into
/// `root/themes/default/`; returns the files written.
pub fn eject(root: &Path, names: &[String]) -> Result<Vec<PathBuf>, Diagnostics> {
    let config = Config::load(&BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    })?;
    if !config.builtin_theme {
        return Err(Diagnostic::in_file(
            crate::config::CONFIG_FILE,
            format!(
                "this site uses its own full theme, {}, not the built-in one",
                crate::source::rel_to(root, &config.theme_dir).display()
            ),
        )
        .hint("`timeline theme eject` copies the built-in theme; set theme = \"default\" in site.toml (or remove the line) to use it")
        .into());
    }
    let chosen = choose(names)?;
    let dir = root.join("themes").join(builtin::NAME);
    let mut errors = Diagnostics::default();
    for (rel, _) in &chosen {
        let path = dir.join(rel);
        if path.exists() || path.is_symlink() {
            errors.push(
                Diagnostic::in_file(crate::source::rel_to(root, &path), "already exists; not overwriting it")
                    .hint("eject copies only files the site does not have yet: move this one away first, or name the files you want"),
            );
        }
    }
    errors.into_result(())?;
    let mut written = Vec::with_capacity(chosen.len());
    for (rel, bytes) in chosen {
        let path = dir.join(rel);
        crate::scaffold::write_new(&path, bytes)?;
        written.push(path);
    }
    Ok(written)
}

/// The built-in files `names` ask for: a path under the theme (`templates/article.html`,
/// also with `themes/default/` before it), a folder of it (`i18n`), or a file name that
/// only one file has (`article.html`). Every name that matches nothing is an error.
pub fn choose(names: &[String]) -> Result<Vec<(&'static str, &'static [u8])>, Diagnostics> {
    let all = builtin::files();
    if names.is_empty() {
        return Ok(all.to_vec());
    }
    let mut chosen: Vec<(&'static str, &'static [u8])> = Vec::new();
    let mut errors = Diagnostics::default();
    for name in names {
        let matched = matching(name);
        if matched.is_empty() {
            errors.push(unknown(name));
        }
        for file in matched {
            if !chosen.iter().any(|(rel, _)| *rel == file.0) {
                chosen.push(file);
            }
        }
    }
    errors.into_result(chosen)
}

/// The built-in files `name` stands for.
fn matching(name: &str) -> Vec<(&'static str, &'static [u8])> {
    let all = builtin::files();
    let wanted = normalise(name);
    if wanted.is_empty() {
        return Vec::new();
    }
    let exact: Vec<_> = all
        .iter()
        .copied()
        .filter(|(rel, _)| *rel == wanted || rel.starts_with(&format!("{wanted}/")))
        .collect();
    if !exact.is_empty() {
        return exact;
    }
    let by_name: Vec<_> = all
        .iter()
        .copied()
        .filter(|(rel, _)| rel.rsplit('/').next() == Some(wanted.as_str()))
        .collect();
    match by_name.len() {
        1 => by_name,
        _ => Vec::new(),
    }
}

/// `./themes/default/templates\x.html/` → `templates/x.html`.
fn normalise(name: &str) -> String {
    let name = name.trim().replace('\\', "/");
    let mut rest = name.as_str();
    loop {
        let before = rest;
        rest = rest.trim_start_matches("./").trim_start_matches('/');
        rest = rest.strip_prefix("themes/default/").unwrap_or(rest);
        if rest == before {
            break;
        }
    }
    rest.trim_end_matches('/').to_string()
}

fn unknown(name: &str) -> Diagnostic {
    let all: Vec<&str> = builtin::files().iter().map(|(rel, _)| *rel).collect();
    let wanted = normalise(name);
    let guess = did_you_mean(&wanted, &all).or_else(|| {
        let names: Vec<&str> = all.iter().filter_map(|r| r.rsplit('/').next()).collect();
        did_you_mean(&wanted, &names).and_then(|n| all.iter().copied().find(|r| r.ends_with(n)))
    });
    let list = format!("the built-in theme's files: {}", all.join(", "));
    Diagnostic::new(format!(
        "`{name}`: the built-in theme has no such file or folder"
    ))
    .hint(match guess {
        Some(g) => format!("did you mean `{g}`? {list}"),
        None => list,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(files: &[(&str, &[u8])]) -> Vec<String> {
        files.iter().map(|(n, _)| n.to_string()).collect()
    }

    #[test]
    fn names_paths_folders_and_file_names() {
        let pick = |n: &[&str]| {
            let owned: Vec<String> = n.iter().map(|s| s.to_string()).collect();
            choose(&owned).map(|f| names(&f))
        };
        assert_eq!(
            pick(&["templates/article.html"]),
            Ok(vec!["templates/article.html".to_string()])
        );
        assert_eq!(
            pick(&["./themes/default/templates/article.html"]),
            Ok(vec!["templates/article.html".to_string()])
        );
        assert_eq!(
            pick(&["article.html"]),
            Ok(vec!["templates/article.html".to_string()])
        );
        assert_eq!(
            pick(&["i18n/", "i18n/en.toml"]),
            Ok(vec!["i18n/ar.toml".to_string(), "i18n/en.toml".to_string()])
        );
        assert_eq!(pick(&[]).map(|v| v.len()), Ok(builtin::files().len()));
        let e = pick(&["templates/artcle.html", "x"]).expect_err("unknown");
        assert_eq!(e.len(), 2);
        assert!(e.0[0]
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("did you mean `templates/article.html`?"));
        assert!(pick(&[""]).is_err());
    }
}
