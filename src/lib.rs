//! timeline: a static-site generator for dated topic timelines.
//!
//! The path the binary takes: `main` parses the command line ([`cli`](../timeline/index.html))
//! and calls [`build::build`], [`check::check`], [`serve::run`] or [`scaffold`]. Each
//! build runs one pipeline ([`build::Pipeline`]): `site.toml → Config` (config),
//! `content/ → articles` (content), `articles → Site` (the site model and its links),
//! `Site → pages` (render, through the theme's Tera templates), `Site → feeds and
//! sitemap` (publish) with the downloads and TimelineJS3 files (export), and the files
//! go to a [`build::Sink`]: the staged writer that swaps the new output in whole
//! (output), an in-memory collection (`check`, tests), or the site `serve` answers from. Leaf modules that every stage may use: the date
//! model ([`date`]), diagnostics ([`error`]), where the site's files are ([`layout`]),
//! source-file helpers, HTML and URL helpers, fingerprints. `timeline import` ([`import`])
//! writes a spreadsheet's rows into content/, checked by the content stage's own parser.
//! Only `main` prints.

pub mod build;
mod built;
pub mod check;
pub mod config;
pub mod content;
pub mod date;
pub mod error;
mod export;
mod fingerprint;
mod html;
pub mod import;
pub mod layout;
mod output;
mod publish;
mod render;
pub mod scaffold;
mod search;
pub mod serve;
mod site;
mod source;
pub mod theme;
mod url;
pub mod version;

pub use build::{build, build_site, BuildReport, BuiltSite, Progress};
