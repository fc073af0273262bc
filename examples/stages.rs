//! Times each stage of a build of the site in the current folder (or argv[1]).
use std::time::Instant;

fn main() {
    let root = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let options = timeline::config::BuildOptions {
        root: root.into(),
        ..Default::default()
    };
    let t = Instant::now();
    let Ok(config) = timeline::config::Config::load(&options) else {
        return;
    };
    eprintln!("config   {:?}", t.elapsed());
    let t = Instant::now();
    let Ok(theme) = timeline::theme::Theme::load(&config) else {
        return;
    };
    eprintln!("theme    {:?}", t.elapsed());
    let t = Instant::now();
    let Ok(content) = timeline::content::load(&config) else {
        return;
    };
    eprintln!("content  {:?}", t.elapsed());
    let t = Instant::now();
    let Ok(site) = timeline::site::Site::build(&config, content) else {
        return;
    };
    eprintln!("site     {:?}", t.elapsed());
    let t = Instant::now();
    let Ok(templates) = timeline::render::templates::Templates::new(&theme, &config.date_style)
    else {
        return;
    };
    eprintln!("tera     {:?}", t.elapsed());
    let t = Instant::now();
    let loaded = timeline::LoadedSite {
        theme,
        templates,
        site,
    };
    let Ok(r) = timeline::render::Renderer::new(&config, &loaded) else {
        return;
    };
    eprintln!("tera     {:?}", t.elapsed());
    let lists = 1 + config.topics.len() + loaded.site.languages[0].years.len();
    for (name, range) in [
        ("lists", 0..lists),
        ("articles", lists..(lists + 2000).min(r.page_count())),
    ] {
        let t = Instant::now();
        let n = range.len();
        let bytes: usize = match r.render_pages(range) {
            Ok(files) => files
                .iter()
                .map(|f| match &f.contents {
                    timeline::render::Contents::Bytes(b) => b.len(),
                    _ => 0,
                })
                .sum(),
            Err(_) => 0,
        };
        eprintln!("{name:9}{:?} ({n} pages, {bytes} bytes)", t.elapsed());
    }
    let t = Instant::now();
    let Ok(files) = r.render_pages(0..r.page_count()) else {
        return;
    };
    let bytes: usize = files
        .iter()
        .map(|f| match &f.contents {
            timeline::render::Contents::Bytes(b) => b.len(),
            _ => 0,
        })
        .sum();
    eprintln!(
        "render   {:?} ({} pages, {} bytes)",
        t.elapsed(),
        files.len(),
        bytes
    );
}
