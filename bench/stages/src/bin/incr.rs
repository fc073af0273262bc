//! Warm rebuilds as `serve --watch` runs them, without the server: one full build,
//! then body edits and title edits of one article, printing each stage's time.
//!
//!     cargo run --release --manifest-path bench/stages/Cargo.toml --bin incr -- SITE [EDITS]

use std::path::PathBuf;
use std::time::Instant;

use timeline::build::{Collect, Pipeline, Progress, Summary};
use timeline::config::{BuildOptions, Config};

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().expect("SITE"));
    let edits: usize = args.next().map_or(10, |n| n.parse().expect("EDITS"));
    let root = std::path::absolute(root).expect("absolute");
    let config = Config::load(&BuildOptions {
        root: root.clone(),
        output: None,
        base_url: Some("http://127.0.0.1:1111/".into()),
        drafts: false,
    })
    .expect("config");
    let article = root.join("content/event-000500.md");
    let original = std::fs::read_to_string(&article).expect("article");
    let mut inc = Pipeline::remembering();
    let mut rebuild = |changed: Option<&[PathBuf]>| -> (Summary, Vec<String>) {
        let mut parts = Vec::new();
        let mut on = |p: Progress<'_>| {
            if let Progress::Stage { name, elapsed } = p {
                parts.push(format!("{name} {:.1}", elapsed.as_secs_f64() * 1000.0));
            }
        };
        let summary = inc
            .run(&config, changed, &mut Collect::default(), &mut on)
            .expect("build");
        (summary, parts)
    };
    let show = |what: &str, started: Instant, (r, parts): &(Summary, Vec<String>)| {
        println!(
            "{what:6} {:7.1} ms  rendered {:5}  [{}]",
            started.elapsed().as_secs_f64() * 1000.0,
            r.rendered,
            parts.join(", ")
        );
    };
    let t = Instant::now();
    let r = rebuild(None);
    show("full", t, &r);
    let changed = [article.clone()];
    for i in 0..edits {
        std::fs::write(&article, format!("{original}\nmarker {i}\n")).expect("write");
        let t = Instant::now();
        let r = rebuild(Some(&changed));
        show("body", t, &r);
        if std::env::var_os("BODY_ONLY").is_some() {
            continue;
        }
        let retitled = original.replacen("title: ", &format!("title: Edit {i} "), 1);
        std::fs::write(&article, retitled).expect("write");
        let t = Instant::now();
        let r = rebuild(Some(&changed));
        show("title", t, &r);
    }
    std::fs::write(&article, &original).expect("restore");
}
