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
pub mod links;
pub mod output;
pub mod publish;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod source;
pub mod theme;
pub mod url;

use config::Config;
use error::Diagnostics;

/// Everything a build needs before rendering.
pub struct LoadedSite {
    pub theme: theme::Theme,
    /// The theme's templates, parsed.
    pub templates: render::templates::Templates,
    pub site: site::Site,
}

/// Loads the theme (parsing its templates) and the content side by side, reporting the
/// problems of both together; then builds the site model and resolves links between
/// articles.
pub fn load_site(config: &Config) -> Result<LoadedSite, Diagnostics> {
    let (theme, content) = rayon::join(|| load_theme(config), || content::load(config));
    let (theme, content) = match (theme, content) {
        (Ok(t), Ok(c)) => (t, c),
        (t, c) => {
            let mut errors = Diagnostics::default();
            if let Err(e) = t {
                errors.extend(e.0);
            }
            if let Err(e) = c {
                errors.extend(e.0);
            }
            return Err(errors.sorted());
        }
    };
    let (theme, templates) = theme;
    let mut site = site::Site::build(config, content).map_err(Diagnostics::sorted)?;
    links::resolve(config, &mut site).map_err(Diagnostics::sorted)?;
    Ok(LoadedSite {
        theme,
        templates,
        site,
    })
}

/// Loads the theme and parses its templates.
pub fn load_theme(
    config: &Config,
) -> Result<(theme::Theme, render::templates::Templates), Diagnostics> {
    let theme = theme::Theme::load(config)?;
    let templates = render::templates::Templates::new(&theme, &config.languages)?;
    Ok((theme, templates))
}

pub use build::{build, build_site, BuildReport, BuiltSite, Progress};
