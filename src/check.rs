//! `timeline check`: everything a build checks, without writing, plus optional checks
//! of external source URLs.

use crate::config::BuildOptions;
use crate::error::{Diagnostic, Diagnostics};

/// What a check found that does not fail it.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
}

pub fn check(options: &BuildOptions, _external: bool) -> Result<CheckReport, Diagnostics> {
    let config = crate::config::Config::load(options)?;
    let built = crate::build_site(&config)?;
    Ok(CheckReport {
        pages: built.pages(),
        warnings: built.warnings,
    })
}
