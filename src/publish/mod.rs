//! Files for publishing beside the pages: Atom feeds, sitemap.xml, robots.txt,
//! .nojekyll and CNAME. Pure: the site model in, output files out.

use crate::config::Config;
use crate::render::OutputFile;
use crate::site::Site;

/// Feeds, sitemap and the files GitHub Pages needs.
pub fn render(_config: &Config, _site: &Site) -> Vec<OutputFile> {
    Vec::new()
}
