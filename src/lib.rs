//! timeline: a static-site generator for dated topic timelines.
//!
//! The build is a chain of plain values, each stage a pure function of the one before:
//! `site.toml → Config → Content (articles) → Site → Vec<OutputFile> → public/`.
//! [`build_site`] runs the stages in memory; [`output::write`] is the only writer.

pub mod build;
pub mod built;
pub mod check;
pub mod config;
pub mod content;
pub mod date;
pub mod error;
pub mod fingerprint;
pub mod html;
pub mod layout;
pub mod output;
pub mod publish;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod source;
pub mod theme;
pub mod url;
pub mod version;

pub use build::{build, build_site, BuildReport, BuiltSite, Progress};
