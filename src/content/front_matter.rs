//! Splits an article's text into its YAML front matter and its Markdown body,
//! keeping the line numbers needed to point at errors in the original file.

use crate::error::Diagnostic;

/// An article's text cut in two.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences (without them).
    pub yaml: &'a str,
    /// 1-based line of the file on which `yaml` starts.
    pub yaml_line: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// 1-based line of the file on which `body` starts.
    pub body_line: usize,
}

const EXAMPLE: &str =
    "start the file with a line `---`, then `title:`, `date:` and `topics:`, then a closing `---`";

/// Splits `text` (BOM already removed, line endings `\n`) at its `---` fences.
/// `path` only names the file in errors.
pub fn split<'a>(text: &'a str, path: &std::path::Path) -> Result<Split<'a>, Diagnostic> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        let found = if text.trim().is_empty() {
            "the file is empty".to_string()
        } else {
            format!("the first line is `{}`", truncate(first.trim_end(), 40))
        };
        return Err(Diagnostic::in_file(
            path,
            format!("no front matter: an article must start with a `---` line ({found})"),
        )
        .at(1, Some(1))
        .hint(EXAMPLE));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for (i, line) in lines.enumerate() {
        let t = line.trim_end();
        if t == "---" || t == "..." {
            let body_start = offset + line.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: i + 3,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::in_file(
        path,
        "unclosed front matter: the `---` on line 1 has no closing `---` line",
    )
    .at(1, Some(1))
    .hint("end the front matter with a line holding only `---`, then write the body below it"))
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn splits_with_line_numbers() {
        let s = split("---\ntitle: a\ndate: 2014\n---\nbody\n", Path::new("a.md")).expect("ok");
        assert_eq!(s.yaml, "title: a\ndate: 2014\n");
        assert_eq!(s.yaml_line, 2);
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn empty_body_and_dots_fence() {
        let s = split("---\ntitle: a\n...", Path::new("a.md")).expect("ok");
        assert_eq!(s.body, "");
        let s = split("---\n---\n", Path::new("a.md")).expect("ok");
        assert_eq!(s.yaml, "");
    }

    #[test]
    fn missing_and_unclosed() {
        let e = split("# hello\n", Path::new("a.md")).expect_err("no fm");
        assert!(e.message.contains("no front matter"));
        let e = split("---\ntitle: a\n", Path::new("a.md")).expect_err("unclosed");
        assert!(e.message.contains("unclosed"));
        assert_eq!(e.line, Some(1));
    }

    #[test]
    fn fence_with_trailing_spaces() {
        assert!(split("---  \ntitle: a\n---\t\n", Path::new("a.md")).is_ok());
    }
}
