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
        let d = Diagnostic::in_file(self.path, message);
        match self.key_position(key) {
            Some((line, value_col)) => d.at(line, Some(value_col)),
            None => d.at(self.first_line - 1, None),
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
        let lines: Vec<&str> = self.yaml.lines().collect();
        let key_line = lines
            .iter()
            .position(|l| {
                let t = l.trim_start().trim_start_matches("- ");
                t.starts_with(key) && t[key.len()..].trim_start().starts_with(':')
            })
            .unwrap_or(0);
        for (i, line) in lines.iter().enumerate().skip(key_line) {
            if let Some(byte) = line.find(value) {
                let col = line[..byte].chars().count() + 1;
                return Diagnostic::in_file(self.path, message).at(self.first_line + i, Some(col));
            }
        }
        self.error_at_key(key, message)
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
