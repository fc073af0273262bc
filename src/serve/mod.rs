//! `timeline serve`: an authoring server on loopback that serves the last good build
//! from memory, rebuilds on every save and reloads open pages.

use std::net::IpAddr;

use crate::config::BuildOptions;
use crate::error::{Diagnostic, Diagnostics};

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub watch: bool,
    pub port: u16,
    pub bind: IpAddr,
    pub open: bool,
}

/// Runs until interrupted.
pub fn run(_options: ServeOptions) -> Result<(), Diagnostics> {
    Err(Diagnostic::new("`timeline serve` is not available yet").into())
}
