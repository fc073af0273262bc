//! Helpers for reading the user's source files, shared by every stage that reads them:
//! the one list of file names that are never part of a site (editor temp files), the
//! rule that nothing is read from outside the site folder, paths shown relative to the
//! site, UTF-8 decoding with the line of a bad byte, and line/column of an offset.

use std::path::{Path, PathBuf};

use crate::error::Diagnostic;

/// True for editor temp, swap and backup files and for hidden files, which are never
/// content: discovery, the theme loader, the watcher and the poller all skip them.
pub(crate) fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name.ends_with(".kate-swp")
        || name.ends_with(".crswap")
}

/// `root/content/a.md` → `content/a.md`.
pub(crate) fn rel_to(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The file's text, or an error naming the line of the first byte that is not UTF-8.
pub(crate) fn decode_utf8<'a>(bytes: &'a [u8], path: &Path) -> Result<&'a str, Diagnostic> {
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let col = good.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        Diagnostic::in_file(path, "the file is not valid UTF-8 text")
            .at(line, Some(col))
            .hint("save the file as UTF-8 (most editors offer it under \"Save with encoding\")")
    })
}

/// 1-based line and column of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The one rule of every reader of content/ and themes/: a symbolic link is followed
/// only when its real path lies inside the site folder and outside the output folder.
/// A link elsewhere is an error naming the link; the file it points at is never read,
/// so no message can quote it.
#[derive(Debug, Clone)]
pub struct Fence {
    /// The site folder's real path.
    root: PathBuf,
    /// The output folder's real path (empty for none).
    output: PathBuf,
    /// The site folder as messages name it.
    shown_root: PathBuf,
}

impl Fence {
    /// `root` as given (messages are relative to it); `output`, its real path.
    pub fn new(root: &Path, output: &Path) -> Fence {
        Fence {
            root: std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
            output: output.to_path_buf(),
            shown_root: root.to_path_buf(),
        }
    }

    /// Checks `link`, a path under content/ or themes/ that is, or lies under, a
    /// symbolic link: its real path must be inside the site and outside the output.
    pub fn check_link(&self, link: &Path) -> Result<(), Diagnostic> {
        let shown = rel_to(&self.shown_root, link);
        let Ok(real) = std::fs::canonicalize(link) else {
            // A dangling link: reading it gives the error, naming only the link.
            return Ok(());
        };
        if !self.output.as_os_str().is_empty() && real.starts_with(&self.output) {
            return Err(Diagnostic::in_file(
                &shown,
                "this leads through a symbolic link into the output folder; the site would be copied into itself",
            )
            .hint("remove the link"));
        }
        if !real.starts_with(&self.root) {
            // The link as written (`/proc/self/environ`), else where the path leads.
            let target = std::fs::read_link(link).unwrap_or(real);
            return Err(Diagnostic::in_file(
                &shown,
                format!(
                    "this leads through a symbolic link to {}, outside the site folder; timeline reads only files inside the site",
                    target.display()
                ),
            )
            .hint("copy the file into the site instead of linking to it, or remove the link"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_editor_files() {
        for n in [
            ".a.md.swp",
            "a.md~",
            "4913",
            "#a.md#",
            ".#a.md",
            "a.swp",
            "x.md___jb_tmp___",
            "x.md___jb_old___",
            "a.md.kate-swp",
            "a.css.crswap",
        ] {
            assert!(is_ignored_name(n), "{n}");
        }
        assert!(!is_ignored_name("a.md"));
        assert!(!is_ignored_name("photo.jpg"));
    }

    #[test]
    fn utf8_error_points_at_the_line() {
        let e = decode_utf8(b"---\ntitle: a\nab\xff\n", Path::new("a.md")).expect_err("bad");
        assert_eq!((e.line, e.column), (Some(3), Some(3)));
    }

    #[cfg(unix)]
    #[test]
    fn links_inside_pass_links_outside_or_to_the_output_do_not() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).expect("mkdir");
        std::fs::create_dir_all(root.join("public")).expect("mkdir");
        std::fs::create_dir_all(root.join("shared")).expect("mkdir");
        std::fs::write(dir.path().join("secret.txt"), "s").expect("write");
        let link = |name: &str, to: &Path| {
            let l = root.join("content").join(name);
            std::os::unix::fs::symlink(to, &l).expect("ln");
            l
        };
        let output = std::fs::canonicalize(root.join("public")).expect("real");
        let fence = Fence::new(&root, &output);
        assert!(fence.check_link(&link("in", &root.join("shared"))).is_ok());
        let out = fence
            .check_link(&link("out", &dir.path().join("secret.txt")))
            .expect_err("outside");
        assert_eq!(out.path, Some(PathBuf::from("content/out")));
        assert!(out.message.contains("outside the site folder"), "{out}");
        let pub_ = fence
            .check_link(&link("pub", &root.join("public")))
            .expect_err("output");
        assert!(pub_.message.contains("output folder"), "{pub_}");
    }
}
