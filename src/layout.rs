//! Where a site's files are, and which folder a build may write: the output path
//! resolved the way the file system will see it (`..`, `.`, repeated slashes and the symbolic links of every existing
//! ancestor), then refused when it is, holds or lies inside what the user keeps (the
//! site and its sources, `.git`, the home folder, `/`). Every spelling of one folder
//! gets the same answer, because only the resolved path is compared.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use crate::error::Diagnostic;

/// The output path as the file system resolves it: made absolute against `cwd`, each
/// existing ancestor replaced by its real path (symbolic links followed), `.` dropped
/// and `..` taken physically (the parent of the real folder, as `cd -P` does), and the
/// components that do not exist yet appended as written.
pub fn resolve(path: &Path, cwd: &Path) -> PathBuf {
    let joined = match path.is_absolute() {
        true => path.to_path_buf(),
        false => cwd.join(path),
    };
    let mut out = PathBuf::new();
    // Once a component is missing, nothing below it exists either.
    let mut exists = true;
    for c in joined.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => out.push(c.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
                exists = out.exists();
            }
            Component::Normal(name) => {
                out.push(name);
                if exists {
                    match std::fs::canonicalize(&out) {
                        Ok(real) => out = real,
                        Err(_) => exists = false,
                    }
                }
            }
        }
    }
    out
}

/// The real path of `p` where it exists, else `p` resolved as [`resolve`] does.
fn real(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| resolve(p, Path::new("/")))
}

/// The folders and files of a site that an output must keep clear of.
pub struct Protected {
    /// The site folder (holding site.toml), real path.
    pub root: PathBuf,
    /// The real folder of site.toml (the root, unless site.toml is a link).
    pub config_dir: PathBuf,
    pub config_file: PathBuf,
    /// (real path, what to call it): content/, themes/, .git.
    pub sources: Vec<(PathBuf, &'static str)>,
    /// The user's home folder, when known.
    pub home: Option<PathBuf>,
}

impl Protected {
    /// What a site in `root` keeps, found on disk now.
    pub fn of_site(root: &Path, config_file: &Path) -> Protected {
        let root = real(root);
        let config_file = real(config_file);
        let config_dir = config_file
            .parent()
            .map_or_else(|| root.clone(), Path::to_path_buf);
        let sources = [
            ("content", "the content folder"),
            ("themes", "the themes folder"),
            (".git", "the site's git repository"),
        ]
        .into_iter()
        .map(|(name, what)| (real(&root.join(name)), what))
        .collect();
        let home = std::env::var_os(if cfg!(windows) { "USERPROFILE" } else { "HOME" })
            .map(PathBuf::from)
            .filter(|h| h.is_absolute())
            .map(|h| real(&h));
        Protected {
            root,
            config_dir,
            config_file,
            sources,
            home,
        }
    }
}

/// Checks the output folder `shown` (as the user wrote it), resolved to `out`, against
/// what the site keeps. Returns why it is refused, in words.
pub fn refusal(out: &Path, keep: &Protected) -> Option<String> {
    if out.parent().is_none() {
        return Some("the root of the file system".into());
    }
    if out == keep.root {
        return Some("the site folder itself".into());
    }
    if keep.root.starts_with(out) {
        return Some("a folder that holds the site".into());
    }
    if out == keep.config_file {
        return Some("site.toml".into());
    }
    if out == keep.config_dir || keep.config_dir.starts_with(out) {
        return Some("the folder of site.toml".into());
    }
    for (dir, what) in &keep.sources {
        if out == dir {
            return Some((*what).into());
        }
        if out.starts_with(dir) {
            return Some(format!("inside {what}"));
        }
        if dir.starts_with(out) {
            return Some(format!("a folder that holds {what}"));
        }
    }
    if let Some(home) = &keep.home {
        if out == home {
            return Some("your home folder".into());
        }
        if home.starts_with(out) {
            return Some("a folder that holds your home folder".into());
        }
    }
    if out.is_file() {
        return Some("a file, not a folder".into());
    }
    None
}

/// The real output path for `requested` (as given on the command line, relative to the
/// current folder; `None`: `<root>/public`), or the error that refuses it. Nothing is
/// created or changed on disk.
pub fn output_dir(
    root: &Path,
    config_file: &Path,
    requested: Option<&Path>,
) -> Result<PathBuf, Diagnostic> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    let shown = requested.map_or_else(|| root.join("public"), Path::to_path_buf);
    let out = resolve(&shown, &cwd);
    if let Ok(meta) = std::fs::symlink_metadata(&out) {
        if meta.file_type().is_symlink() {
            return Err(refused(&shown, "a symbolic link that points nowhere"));
        }
    }
    match refusal(&out, &Protected::of_site(root, config_file)) {
        Some(why) => Err(refused(&shown, &why)),
        None => Ok(out),
    }
}

/// The refusal of an existing folder timeline did not make (see `output::tree`).
pub fn not_ours(shown: &Path) -> Diagnostic {
    Diagnostic::new(format!(
        "refusing to write the site into {}: it is a folder timeline did not create (it holds files and no `{MARKER}` marker)",
        shown.display()
    ))
    .hint("choose another output folder (one that does not exist yet, or is empty), or empty this one yourself")
}

fn refused(shown: &Path, why: &str) -> Diagnostic {
    Diagnostic::new(format!(
        "refusing to write the site into {}: it is {why}",
        shown.display()
    ))
    .hint("the output folder is replaced whole on every build; choose a folder of its own, such as public/")
}

/// The file that marks a folder as timeline's output; it lists the files timeline wrote.
pub const MARKER: &str = ".timeline-output";

/// The marker's first line: a folder whose marker does not start with it is not ours.
const MAGIC: &str = "timeline output folder";

const EXPLANATION: &str =
    "This folder is written by timeline, which replaces it whole on every build.\n\
Files listed below were written by timeline; any other file found here is kept.\n\
Keep your own files in content/ or in the theme's static/ folder.\n\
Delete this file and timeline will refuse to write into this folder.\n";

/// The marker's text for a build that wrote `paths`.
pub fn marker_text<'a>(paths: impl IntoIterator<Item = &'a str>) -> String {
    let mut sorted: Vec<&str> = paths.into_iter().collect();
    sorted.sort_unstable();
    let mut out = format!("{MAGIC}\n{EXPLANATION}\n");
    for p in sorted {
        out.push_str(&escape_line(p));
        out.push('\n');
    }
    out
}

/// The paths a marker lists (the files a build wrote), or `None` when `text` is not a marker of ours.
pub fn parse_marker(text: &str) -> Option<HashSet<String>> {
    let rest = text.strip_prefix(MAGIC)?.strip_prefix('\n')?;
    let (_, list) = rest.split_once("\n\n")?;
    Some(list.lines().map(unescape_line).collect())
}

/// True when `dir` holds a marker of ours.
pub fn is_marked(dir: &Path) -> bool {
    read_marker(dir).is_some()
}

pub fn read_marker(dir: &Path) -> Option<HashSet<String>> {
    let path = dir.join(MARKER);
    let meta = std::fs::symlink_metadata(&path).ok()?;
    if !meta.is_file() {
        return None;
    }
    parse_marker(&std::fs::read_to_string(path).ok()?)
}

/// A path on one line: `\` and line breaks escaped.
fn escape_line(p: &str) -> String {
    p.replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

fn unescape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            },
            (c, false) => out.push(c),
        }
    }
    out
}

/// The folders and files of a site that matter to a watcher, as absolute paths (they
/// need not exist yet: a broken site.toml must not stop the watcher).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SitePaths {
    pub(crate) root: PathBuf,
    pub(crate) config_file: PathBuf,
    pub(crate) content_dir: PathBuf,
    pub(crate) themes_dir: PathBuf,
    pub(crate) output_dir: PathBuf,
}

impl SitePaths {
    /// The paths of the site in `root` (the current folder when empty), whose output is
    /// `output` (`root/public` by default).
    pub(crate) fn new(root: &Path, output: Option<&Path>) -> SitePaths {
        let root = match root.as_os_str().is_empty() {
            true => PathBuf::from("."),
            false => root.to_path_buf(),
        };
        let root = std::path::absolute(&root).unwrap_or(root);
        let output_dir = match output {
            Some(o) => std::path::absolute(o).unwrap_or_else(|_| o.to_path_buf()),
            None => root.join("public"),
        };
        SitePaths {
            config_file: root.join("site.toml"),
            content_dir: root.join("content"),
            themes_dir: root.join("themes"),
            output_dir,
            root,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_dots_slashes_and_links_like_the_file_system() {
        let dir = tempfile::tempdir().expect("tempdir");
        let base = std::fs::canonicalize(dir.path()).expect("real");
        std::fs::create_dir_all(base.join("site/content")).expect("mkdir");
        let site = base.join("site");
        assert_eq!(resolve(Path::new("nope/.."), &site), site);
        assert_eq!(
            resolve(Path::new("./content/."), &site),
            site.join("content")
        );
        assert_eq!(
            resolve(Path::new("content//x/../"), &site),
            site.join("content")
        );
        assert_eq!(resolve(Path::new("a/b/../c"), &site), site.join("a/c"));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(site.join("content"), base.join("link")).expect("ln");
            // `link/..` is the parent of the real folder, not the folder holding the link.
            assert_eq!(resolve(Path::new("link/.."), &base), site);
            assert_eq!(
                resolve(Path::new("link/new"), &base),
                site.join("content/new")
            );
        }
    }

    #[test]
    fn refuses_what_the_site_keeps() {
        let dir = tempfile::tempdir().expect("tempdir");
        let base = std::fs::canonicalize(dir.path()).expect("real");
        let site = base.join("site");
        std::fs::create_dir_all(site.join("content")).expect("mkdir");
        std::fs::write(site.join("site.toml"), "").expect("write");
        let keep = Protected {
            home: Some(base.join("home/me")),
            ..Protected::of_site(&site, &site.join("site.toml"))
        };
        for (out, why) in [
            (site.clone(), "the site folder itself"),
            (base.clone(), "a folder that holds the site"),
            (site.join("content"), "the content folder"),
            (site.join("content/x"), "inside the content folder"),
            (site.join("themes"), "the themes folder"),
            (
                site.join(".git/objects"),
                "inside the site's git repository",
            ),
            (site.join("site.toml"), "site.toml"),
            (base.join("home/me"), "your home folder"),
            (PathBuf::from("/"), "the root of the file system"),
        ] {
            assert_eq!(
                refusal(&out, &keep).as_deref(),
                Some(why),
                "{}",
                out.display()
            );
        }
        assert_eq!(refusal(&site.join("public"), &keep), None);
        assert_eq!(refusal(&base.join("out"), &keep), None);
    }

    #[test]
    fn markers_round_trip_any_path() {
        let paths = [
            "index.html",
            "a\nb.png",
            "c\\d\r.txt",
            "events/x/index.html",
        ];
        let text = marker_text(paths.iter().copied());
        let back = parse_marker(&text).expect("ours");
        assert_eq!(back, paths.iter().map(|p| p.to_string()).collect());
        assert!(parse_marker("something else\n\nindex.html\n").is_none());
        assert_eq!(parse_marker(&marker_text([])), Some(HashSet::new()));
    }
}
