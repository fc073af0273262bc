//! Runs the stages of `timeline build` one by one on a site and prints, for each, its
//! wall time and the heap it holds (live bytes after it, peak during it), from a
//! counting allocator. Mirrors `timeline::build` (batched render + staged write).
//!
//!     cargo run --release --manifest-path bench/stages/Cargo.toml -- SITE [BATCH [OUTPUT]]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

use timeline::config::{BuildOptions, Config};
use timeline::render::Contents;

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// Off with NO_HEAP_COUNT=1 (for profiling: the shared counters cost time).
static COUNT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

// SAFETY: forwards to the system allocator; only adds counters.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = System.alloc(l);
        if !p.is_null() && COUNT.load(Relaxed) {
            let now = LIVE.fetch_add(l.size(), Relaxed) + l.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        System.dealloc(p, l);
        if COUNT.load(Relaxed) {
            LIVE.fetch_sub(l.size(), Relaxed);
        }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = System.realloc(p, l, new);
        if !q.is_null() && COUNT.load(Relaxed) {
            if new > l.size() {
                let now = LIVE.fetch_add(new - l.size(), Relaxed) + new - l.size();
                PEAK.fetch_max(now, Relaxed);
            } else {
                LIVE.fetch_sub(l.size() - new, Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static A: Counting = Counting;

fn mib(b: usize) -> f64 {
    b as f64 / (1024.0 * 1024.0)
}

fn rss() -> (f64, f64) {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = |k: &str| {
        s.lines()
            .find(|l| l.starts_with(k))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
            / 1024.0
    };
    (kb("VmRSS:"), kb("VmHWM:"))
}

/// CPU seconds (user, system) of this process so far, from /proc/self/stat.
fn cpu() -> (f64, f64) {
    let s = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = s.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    // fields after the command: state(0) ... utime(11) stime(12), in clock ticks
    let tick = 100.0;
    (
        f.get(11).copied().unwrap_or(0.0) / tick,
        f.get(12).copied().unwrap_or(0.0) / tick,
    )
}

struct Stage {
    started: Instant,
    cpu: (f64, f64),
}

impl Stage {
    fn start() -> Stage {
        PEAK.store(LIVE.load(Relaxed), Relaxed);
        Stage {
            started: Instant::now(),
            cpu: cpu(),
        }
    }
    fn end(self, name: &str, note: &str) -> Duration {
        let t = self.started.elapsed();
        let (rss, hwm) = rss();
        let (u, k) = cpu();
        println!(
            "{name:<28} {:>9.1} ms  cpu {:>6.2}+{:<5.2}s  heap live {:>8.1} MiB  peak {:>8.1} MiB   RSS {:>7.1} (max {:>7.1}) MiB  {note}",
            t.as_secs_f64() * 1000.0,
            u - self.cpu.0,
            k - self.cpu.1,
            mib(LIVE.load(Relaxed)),
            mib(PEAK.load(Relaxed)),
            rss,
            hwm
        );
        t
    }
}

fn main() {
    if std::env::var_os("NO_HEAP_COUNT").is_some() {
        COUNT.store(false, Relaxed);
    }
    let mut args = std::env::args().skip(1);
    let root = args.next().unwrap_or_else(|| ".".into());
    let batch: usize = args
        .next()
        .and_then(|b| b.parse().ok())
        .unwrap_or(timeline::BATCH);
    let output = args.next().map(std::path::PathBuf::from);
    let fail = |e: timeline::error::Diagnostics| -> ! {
        eprintln!("failed: {} errors, first: {:?}", e.0.len(), e.0.first());
        std::process::exit(1);
    };
    let total = Instant::now();
    let options = BuildOptions {
        root: root.into(),
        output,
        ..BuildOptions::default()
    };

    let s = Stage::start();
    let config = Config::load(&options).unwrap_or_else(|e| fail(e));
    s.end("config", "");

    let s = Stage::start();
    let theme = timeline::theme::Theme::load(&config).unwrap_or_else(|e| fail(e));
    let templates = timeline::render::templates::Templates::new(&theme, &config.date_style)
        .unwrap_or_else(|e| fail(e));
    s.end("theme + templates", "");

    let s = Stage::start();
    let content = timeline::content::load(&config).unwrap_or_else(|e| fail(e));
    let bodies: usize = content.articles.iter().map(|a| a.body.html.len()).sum();
    s.end(
        "content (read+YAML+md)",
        &format!(
            "{} articles, body HTML {:.1} MiB",
            content.articles.len(),
            mib(bodies)
        ),
    );

    let s = Stage::start();
    let mut site = timeline::site::Site::build(&config, content).unwrap_or_else(|e| fail(e));
    s.end("site model", "");
    let s = Stage::start();
    timeline::links::resolve(&config, &mut site).unwrap_or_else(|e| fail(e));
    s.end("links", "");

    let s = Stage::start();
    let loaded = timeline::LoadedSite {
        theme,
        templates,
        site,
    };
    let site = &loaded.site;
    let renderer = timeline::render::Renderer::new(&config, &loaded).unwrap_or_else(|e| fail(e));
    let n = renderer.page_count();
    s.end("renderer (templates, views)", &format!("{n} pages"));

    let s = Stage::start();
    let mut writer =
        timeline::output::Writer::begin(&config.output_dir).unwrap_or_else(|e| fail(e));
    let mut t_render = Duration::ZERO;
    let mut t_write = Duration::ZERO;
    let mut bytes = 0usize;
    let mut biggest = (0usize, String::new());
    let mut kinds: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    for start in (0..n).step_by(batch) {
        let t = Instant::now();
        let files = renderer
            .render_pages(start..(start + batch).min(n))
            .unwrap_or_else(|e| fail(e));
        let dt = t.elapsed();
        t_render += dt;
        for f in &files {
            if let Contents::Bytes(b) = &f.contents {
                bytes += b.len();
                if b.len() > biggest.0 {
                    biggest = (b.len(), f.path.clone());
                }
                let kind = if f.path.contains("events/") {
                    "article"
                } else if f.path.contains("topics/") {
                    "topic"
                } else if f.path.contains("years/") {
                    "year"
                } else {
                    "home/other"
                };
                let k = kinds.entry(kind).or_default();
                k.0 += 1;
                k.1 += b.len();
            }
        }
        let t = Instant::now();
        writer.add(&files).unwrap_or_else(|e| fail(e));
        t_write += t.elapsed();
    }
    s.end(
        "render+stage pages",
        &format!(
            "render {:.0} ms, write {:.0} ms; {:.1} MiB HTML; largest {} ({:.1} MiB)",
            t_render.as_secs_f64() * 1000.0,
            t_write.as_secs_f64() * 1000.0,
            mib(bytes),
            biggest.1,
            mib(biggest.0)
        ),
    );
    for (k, (count, b)) in &kinds {
        println!("    {k:<12} {count:>7} pages {:>9.1} MiB", mib(*b));
    }

    // CPU per kind of page: the jobs are, per language, home, topics, years, articles
    // (see render::Renderer::new); each kind rendered on its own (output discarded).
    if std::env::var_os("BY_KIND").is_some() {
        let mut at = 0;
        for (l, ls) in site.languages.iter().enumerate() {
            let kinds = [
                ("home", 1),
                ("topic", config.topics.len()),
                ("year", ls.years.len()),
                ("article", ls.entries.len()),
            ];
            for (kind, count) in kinds {
                let s = Stage::start();
                let files = renderer
                    .render_pages(at..at + count)
                    .unwrap_or_else(|e| fail(e));
                let b: usize = files
                    .iter()
                    .map(|f| match &f.contents {
                        Contents::Bytes(b) => b.len(),
                        Contents::Copy(_) => 0,
                    })
                    .sum();
                drop(files);
                s.end(
                    &format!("  render {kind} ({})", config.languages[l].code),
                    &format!("{count} pages, {:.1} MiB", mib(b)),
                );
                at += count;
            }
        }
    }

    let s = Stage::start();
    let assets = renderer.assets();
    let published = timeline::publish::render(&config, site);
    let pb: usize = published
        .iter()
        .map(|f| match &f.contents {
            Contents::Bytes(b) => b.len(),
            Contents::Copy(_) => 0,
        })
        .sum();
    s.end(
        "publish (feeds, sitemap)",
        &format!("{} files, {:.1} MiB", published.len(), mib(pb)),
    );
    let s = Stage::start();
    writer.add(&assets).unwrap_or_else(|e| fail(e));
    writer.add(&published).unwrap_or_else(|e| fail(e));
    let stats = writer.finish().unwrap_or_else(|e| fail(e));
    s.end("write rest + finish (swap)", &format!("{stats:?}"));
    drop(renderer);
    drop(loaded);
    println!("total {:.1} ms", total.elapsed().as_secs_f64() * 1000.0);
}
