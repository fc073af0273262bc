//! Where keys and values are written in the front matter, found in its text, so that an
//! error about a field points at the line (and column) that holds it.

use std::path::Path;

use crate::error::Diagnostic;
use crate::url;

/// Finds the lines of keys in the front matter, to point errors at them.
pub(crate) struct FrontMatterLines<'a> {
    /// The YAML between the fences.
    pub yaml: &'a str,
    /// 1-based line of the file on which `yaml` starts.
    pub first_line: usize,
    /// The file, as errors name it.
    pub path: &'a Path,
}

impl FrontMatterLines<'_> {
    /// An error on the line of top-level `key:`, pointing at its value.
    pub(crate) fn error_at_key(&self, key: &str, message: String) -> Diagnostic {
        let (line, column) = self.at_key(key);
        Diagnostic::in_file(self.path, message).at(line, column)
    }

    /// Where [`Self::error_at_key`] points: the line of `key:` and its value's column,
    /// or the front matter's opening line when the key is absent.
    pub(crate) fn at_key(&self, key: &str) -> (usize, Option<usize>) {
        match self.key_position(key) {
            Some((line, value_col)) => (line, Some(value_col)),
            None => (self.first_line - 1, None),
        }
    }

    /// The file line of top-level `key:` and the column where its value starts.
    pub(crate) fn key_position(&self, key: &str) -> Option<(usize, usize)> {
        self.yaml.lines().enumerate().find_map(|(i, line)| {
            let after = line.strip_prefix(key)?.trim_start().strip_prefix(':')?;
            let value_col = line.chars().count() - after.trim_start().chars().count() + 1;
            Some((self.first_line + i, value_col))
        })
    }

    /// An error where `value` appears on or after the line of `key` (lists, nested keys).
    pub(crate) fn error_at_value(&self, key: &str, value: &str, message: String) -> Diagnostic {
        match self.value_position(key, value) {
            Some((line, column)) => Diagnostic::in_file(self.path, message).at(line, Some(column)),
            None => self.error_at_key(key, message),
        }
    }

    /// The file line and column where `value` appears on or after the line of `key`
    /// (what sources and mentions record of themselves, for later messages).
    pub(crate) fn value_position(&self, key: &str, value: &str) -> Option<(usize, usize)> {
        let is_key = |l: &str| {
            let mut t = l.trim_start();
            while let Some(rest) = t.strip_prefix("- ") {
                t = rest;
            }
            t.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        };
        let mut from = 0;
        for line in self.yaml.split_inclusive('\n') {
            if is_key(line) {
                break;
            }
            from += line.len();
        }
        if from == self.yaml.len() {
            from = 0;
        }
        let at = from + self.yaml[from..].find(value)?;
        let line_start = self.yaml[..at].rfind('\n').map_or(0, |i| i + 1);
        let line = self.yaml[..at].matches('\n').count();
        Some((
            self.first_line + line,
            self.yaml[line_start..at].chars().count() + 1,
        ))
    }

    /// An error at a URL given as `key: value` at any depth: where the value is written
    /// if it can be found as it is (not escaped), else at the key. `problem` says why
    /// the URL is refused.
    pub(crate) fn error_at_url(&self, key: &str, value: &str, problem: String) -> Diagnostic {
        let message = format!(
            "`{key}` `{}` is not an http(s) address or a path on this site: {problem}",
            url::shown(value)
        );
        let found = !value.is_empty() && self.yaml.lines().any(|l| l.contains(value));
        if found {
            self.error_at_value(key, value, message)
        } else {
            self.error_at_nested_key(key, message)
        }
    }

    /// An error on the first line holding `key:` at any depth.
    pub(crate) fn error_at_nested_key(&self, key: &str, message: String) -> Diagnostic {
        for (i, line) in self.yaml.lines().enumerate() {
            let t = line.trim_start().trim_start_matches("- ");
            if t.starts_with(key) && t[key.len()..].trim_start().starts_with(':') {
                let col = line.chars().count() - t.chars().count() + 1;
                return Diagnostic::in_file(self.path, message).at(self.first_line + i, Some(col));
            }
        }
        Diagnostic::in_file(self.path, message).at(self.first_line, None)
    }
}
