//! `timeline init` and `timeline new`: files a new user starts from.

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Diagnostics};

/// What `timeline new` is asked to create.
#[derive(Debug, Clone)]
pub struct NewArticle {
    pub root: PathBuf,
    pub title: String,
    pub topics: Vec<String>,
    pub date: Option<String>,
    pub lang: Option<String>,
}

/// Creates a working site in `dir`; returns the files written.
pub fn init(_dir: &Path) -> Result<Vec<PathBuf>, Diagnostics> {
    Err(Diagnostic::new("`timeline init` is not available yet").into())
}

/// Creates an article file; returns its path. Never overwrites.
pub fn new_article(_request: &NewArticle) -> Result<PathBuf, Diagnostics> {
    Err(Diagnostic::new("`timeline new` is not available yet").into())
}
