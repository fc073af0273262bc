//! Runs `timeline build` on a site and prints, as each stage of the pipeline ends, its
//! wall time, the CPU time so far and the heap it holds (live bytes after it, peak
//! during it), from a counting allocator; then the bytes of each kind of output file
//! (pages by kind, feeds, sitemap, copies), from a second, in-memory run.
//!
//!     cargo run --release --manifest-path bench/stages/Cargo.toml -- SITE [OUTPUT]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::collections::BTreeMap;
use std::time::Instant;

use timeline::build::{Contents, OutputFile, Pipeline, Progress, Sink};
use timeline::config::{BuildOptions, Config};
use timeline::error::Diagnostics;

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

/// Prints a stage's line: its time, the CPU time since the last line and the heap.
fn stage(name: &str, elapsed: std::time::Duration, cpu_before: &mut (f64, f64)) {
    let (rss, hwm) = rss();
    let (u, k) = cpu();
    println!(
        "{name:<22} {:>9.1} ms  cpu {:>6.2}+{:<5.2}s  heap live {:>8.1} MiB  peak {:>8.1} MiB   RSS {:>7.1} (max {:>7.1}) MiB",
        elapsed.as_secs_f64() * 1000.0,
        u - cpu_before.0,
        k - cpu_before.1,
        mib(LIVE.load(Relaxed)),
        mib(PEAK.load(Relaxed)),
        rss,
        hwm
    );
    *cpu_before = (u, k);
    PEAK.store(LIVE.load(Relaxed), Relaxed);
}

/// The kind of an output file, for the byte counts.
fn kind(f: &OutputFile) -> &'static str {
    let p = f.path.as_str();
    match &f.contents {
        Contents::Copy(_) => "copied files",
        Contents::Bytes(_) if p.ends_with("atom.xml") => "feeds",
        Contents::Bytes(_) if p == "sitemap.xml" => "sitemap",
        Contents::Bytes(_) if p.contains("events/") => "article pages",
        Contents::Bytes(_) if p.contains("topics/") => "topic pages",
        Contents::Bytes(_) if p.contains("years/") => "year pages",
        Contents::Bytes(_) if p.ends_with(".html") => "home and 404",
        Contents::Bytes(_) => "other",
    }
}

/// Counts files and bytes per kind, keeping nothing.
#[derive(Default)]
struct Count(BTreeMap<&'static str, (usize, usize)>);

impl Sink for Count {
    fn add(&mut self, files: Vec<OutputFile>) -> Result<(), Diagnostics> {
        for f in files {
            let bytes = match &f.contents {
                Contents::Bytes(b) => b.len(),
                Contents::Copy(p) => std::fs::metadata(p).map_or(0, |m| m.len() as usize),
            };
            let k = self.0.entry(kind(&f)).or_default();
            k.0 += 1;
            k.1 += bytes;
        }
        Ok(())
    }
}

fn main() {
    if std::env::var_os("NO_HEAP_COUNT").is_some() {
        COUNT.store(false, Relaxed);
    }
    let mut args = std::env::args().skip(1);
    let root = args.next().unwrap_or_else(|| ".".into());
    let output = args.next().map(std::path::PathBuf::from);
    let fail = |e: Diagnostics| -> ! {
        eprintln!("failed: {} errors, first: {:?}", e.0.len(), e.0.first());
        std::process::exit(1);
    };
    let options = BuildOptions {
        root: root.into(),
        output,
        ..BuildOptions::default()
    };
    let total = Instant::now();
    let mut cpu_before = cpu();
    PEAK.store(LIVE.load(Relaxed), Relaxed);
    let mut on = |p: Progress<'_>| {
        if let Progress::Stage { name, elapsed } = p {
            stage(name, elapsed, &mut cpu_before);
        }
    };
    let report = timeline::build(&options, &mut on).unwrap_or_else(|e| fail(e));
    println!(
        "total {:.1} ms: {} pages, {} files, {:?}",
        total.elapsed().as_secs_f64() * 1000.0,
        report.pages,
        report.files,
        report.written
    );
    // The bytes of each kind of file, from a run into memory.
    let config = Config::load(&options).unwrap_or_else(|e| fail(e));
    let mut count = Count::default();
    Pipeline::new()
        .run(&config, None, &mut count, &mut |_| {})
        .unwrap_or_else(|e| fail(e));
    let all: usize = count.0.values().map(|(_, b)| b).sum();
    for (k, (files, bytes)) in &count.0 {
        println!(
            "    {k:<14} {files:>7} files {:>9.1} MiB ({:>4.1} %)",
            mib(*bytes),
            100.0 * *bytes as f64 / all.max(1) as f64
        );
    }
    println!("    {:<14} {:>7} files {:>9.1} MiB", "all", count.0.values().map(|(f, _)| f).sum::<usize>(), mib(all));
}
