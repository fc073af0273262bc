//! Diagnostics: what went wrong, where (file, line, column) and how to fix it.
//! A leaf module: every stage reports problems with these, and only `main` prints them.

use std::fmt;
use std::path::{Path, PathBuf};

/// Whether a problem stops the build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The build fails.
    #[default]
    Error,
    /// Reported, and the build goes on (a missing translation, an article without sources).
    Warning,
}

impl Severity {
    /// How a report of this severity begins: `error` or `warning`.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem found in the user's input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file at fault, relative to the site root when it lies inside it.
    pub path: Option<PathBuf>,
    /// 1-based line, where it can be known.
    pub line: Option<usize>,
    /// 1-based column, where it can be known.
    pub column: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: None,
            line: None,
            column: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn in_file(path: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: Some(path.as_ref().to_path_buf()),
            ..Diagnostic::new(message)
        }
    }

    /// A problem that does not stop the build.
    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic::new(message).as_warning()
    }

    /// The same problem, as a warning.
    pub fn as_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn at(mut self, line: usize, column: Option<usize>) -> Self {
        self.line = Some(line);
        self.column = column;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `path:line:column`, as far as it is known.
    pub fn location(&self) -> Option<String> {
        let path = self.path.as_ref()?;
        let mut s = path.display().to_string();
        if let Some(line) = self.line {
            s.push_str(&format!(":{line}"));
            if let Some(col) = self.column {
                s.push_str(&format!(":{col}"));
            }
        }
        Some(s)
    }
}

/// `error: path:line:column: message` (or `warning: …`), then `  hint: …` on the next
/// line: how every problem is shown, on the terminal and in serve's error overlay.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = self.severity.label();
        match self.location() {
            Some(loc) => write!(f, "{label}: {loc}: {}", self.message)?,
            None => write!(f, "{label}: {}", self.message)?,
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// All problems of one build, reported together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    /// Sorted by file, then line, so the report reads top to bottom whatever the
    /// order the parallel stages found them in; exact duplicates are dropped.
    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| {
            (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
        });
        self.0.dedup();
        self
    }

    /// `Ok(value)` when nothing was reported.
    pub fn into_result<T>(self, value: T) -> Result<T, Diagnostics> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(v: Vec<Diagnostic>) -> Self {
        Diagnostics(v)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let n = self.0.len();
        write!(
            f,
            "build failed: {n} {}",
            if n == 1 { "error" } else { "errors" }
        )
    }
}

impl std::error::Error for Diagnostics {}

/// "Did you mean …?": the closest candidate within a small edit distance.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .iter()
        .map(|c| (edit_distance(&word, &c.to_lowercase()), *c))
        .filter(|(d, c)| *d <= (c.chars().count().max(3) / 3).max(1) + 1)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over chars.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keys() {
        let keys = ["title", "date", "topics", "summary", "sources"];
        assert_eq!(did_you_mean("titel", &keys), Some("title"));
        assert_eq!(did_you_mean("topic", &keys), Some("topics"));
        assert_eq!(did_you_mean("source", &keys), Some("sources"));
        assert_eq!(did_you_mean("zzzzzz", &keys), None);
    }

    #[test]
    fn displays_location_and_hint() {
        let d = Diagnostic::in_file("content/a.md", "bad date")
            .at(3, Some(7))
            .hint("write YYYY-MM-DD");
        assert_eq!(
            d.to_string(),
            "error: content/a.md:3:7: bad date\n  hint: write YYYY-MM-DD"
        );
    }

    #[test]
    fn warnings_display_like_errors() {
        let w = Diagnostic::warning("`a` has no English translation");
        assert_eq!(w.severity, Severity::Warning);
        assert_eq!(w.to_string(), "warning: `a` has no English translation");
        let w = Diagnostic::in_file("content/a.md", "this article has no sources")
            .hint("list them")
            .as_warning();
        assert_eq!(
            w.to_string(),
            "warning: content/a.md: this article has no sources\n  hint: list them"
        );
        assert_eq!(Diagnostic::new("x").severity, Severity::Error);
    }
}
