//! The write floor: how long this machine takes to write a given output tree.
//!
//!     rustc -O bench/write_floor.rs -o write_floor
//!     write_floor SRC DST [THREADS]
//!
//! Reads every file under SRC into memory (not timed), then creates DST and writes
//! the same tree there (directories first, then the files from THREADS threads,
//! default: the number of CPUs), as fast as plain std::fs can. Prints one line:
//! `write_floor files=F bytes=B dirs=D seconds=S`. DST must not exist.
//! Standard library only, so that it builds with rustc alone.

use std::path::{Path, PathBuf};
use std::time::Instant;

fn walk(dir: &Path, rel: &Path, dirs: &mut Vec<PathBuf>, files: &mut Vec<(PathBuf, Vec<u8>)>) {
    let mut entries: Vec<_> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(Result::ok).collect(),
        Err(e) => {
            eprintln!("cannot read {}: {e}", dir.display());
            std::process::exit(1);
        }
    };
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let r = rel.join(e.file_name());
        if path.is_dir() {
            dirs.push(r.clone());
            walk(&path, &r, dirs, files);
        } else {
            match std::fs::read(&path) {
                Ok(b) => files.push((r, b)),
                Err(err) => {
                    eprintln!("cannot read {}: {err}", path.display());
                    std::process::exit(1);
                }
            }
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: write_floor SRC DST [THREADS]");
        std::process::exit(2);
    }
    let (src, dst) = (Path::new(&args[1]), Path::new(&args[2]));
    let threads = args
        .get(3)
        .and_then(|t| t.parse().ok())
        .or_else(|| std::thread::available_parallelism().ok().map(|n| n.get()))
        .unwrap_or(2)
        .max(1);
    if dst.exists() {
        eprintln!("{} exists; remove it first", dst.display());
        std::process::exit(2);
    }
    let mut dirs = Vec::new();
    let mut files = Vec::new();
    walk(src, Path::new(""), &mut dirs, &mut files);
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();

    let started = Instant::now();
    let fail = |p: &Path, e: std::io::Error| -> ! {
        eprintln!("cannot write {}: {e}", p.display());
        std::process::exit(1);
    };
    if let Err(e) = std::fs::create_dir_all(dst) {
        fail(dst, e);
    }
    for d in &dirs {
        let p = dst.join(d);
        if let Err(e) = std::fs::create_dir(&p) {
            fail(&p, e);
        }
    }
    let chunk = files.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        for part in files.chunks(chunk) {
            s.spawn(move || {
                for (rel, b) in part {
                    let p = dst.join(rel);
                    if let Err(e) = std::fs::write(&p, b) {
                        fail(&p, e);
                    }
                }
            });
        }
    });
    let secs = started.elapsed().as_secs_f64();
    println!(
        "write_floor files={} bytes={} dirs={} seconds={secs:.4}",
        files.len(),
        bytes,
        dirs.len()
    );
}
