//! `timeline serve`: an authoring server on loopback that serves the last good build
//! from memory, rebuilds on every save and reloads open pages.
//!
//! Three parts, data flowing one way: [`watch`] turns file events into debounced,
//! classified batches; a rebuild thread runs the build's pipeline, which remembers what it
//! made between saves, and publishes each complete build into [`state::Shared`] (the only
//! shared state, owned here); [`server`]
//! answers HTTP from the published build and forwards the live-reload events, over
//! the connections that [`connections`] accepts and bounds. Nothing is written to disk:
//! the output folder is left alone.

pub mod connections;
mod poll;
pub mod server;
pub mod state;
pub mod watch;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::watch as signal_watch;

use crate::build::{Pipeline, Progress};
use crate::config::{BuildOptions, Config};
use crate::error::{Diagnostic, Diagnostics};
use state::{Shared, SiteSink};
use watch::{Change, SitePaths, SiteWatcher};

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub watch: bool,
    pub port: u16,
    pub bind: IpAddr,
    pub open: bool,
    /// Watch by polling at this interval instead of by file-system events.
    pub poll: Option<Duration>,
}

/// How many ports after the asked one are tried when it is taken.
const PORT_TRIES: u16 = 20;
/// How long open connections get to finish once Ctrl-C was pressed.
const STOP_GRACE: Duration = Duration::from_secs(2);

/// Runs until interrupted.
pub fn run(options: ServeOptions) -> Result<(), Diagnostics> {
    let listener = bind(options.bind, options.port)?;
    let addr = listener
        .local_addr()
        .map_err(|e| Diagnostic::new(format!("cannot read the server's address: {e}")))?;
    let url = local_url(addr);
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}, which other computers on the network can reach: they can read the site and its drafts\n  hint: leave out --bind (or pass --bind 127.0.0.1) to serve this computer only",
            options.bind
        );
    }
    let build_options = BuildOptions {
        base_url: Some(url.clone()),
        ..options.build.clone()
    };
    let paths = SitePaths::new(&build_options);
    let shared = Arc::new(Shared::new(server_id()));
    let mut builder = Builder {
        options: build_options,
        shared: Arc::clone(&shared),
        generation: 0,
        warnings: Vec::new(),
        cache: state::FileCache::new(),
        pipeline: Pipeline::remembering(),
    };

    let started = Instant::now();
    match builder.build(false, None) {
        Ok(Built { pages, .. }) => println!(
            "Built {pages} pages in {} ms",
            started.elapsed().as_millis()
        ),
        Err(errors) if options.watch => {
            eprintln!("{errors}");
            eprintln!("Serving an error page until the site builds; fix the error and save.");
            shared.fail(&errors);
        }
        Err(errors) => return Err(errors),
    }

    let mut polling = None;
    if options.watch {
        let (watcher, events) = SiteWatcher::start(paths.clone(), options.poll)?;
        polling = watcher.polling_every();
        std::thread::Builder::new()
            .name("timeline-rebuild".into())
            .spawn(move || rebuild_loop(watcher, events, paths, builder))
            .map_err(|e| Diagnostic::new(format!("cannot start the rebuild thread: {e}")))?;
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Diagnostic::new(format!("cannot start the server: {e}")))?;
    let (stop_tx, stop_rx) = signal_watch::channel(false);
    let app = server::router(server::App {
        shared,
        live: options.watch,
        url: url.clone(),
        shutdown: stop_rx,
    });
    println!("Serving the site at {url}");
    if let Some(every) = polling {
        println!(
            "Watching content/, themes/ and site.toml by looking at the files every {} ms; pages reload on every save. Press Ctrl-C to stop.",
            every.as_millis()
        );
    } else if options.watch {
        println!("Watching content/, themes/ and site.toml; pages reload on every save. Press Ctrl-C to stop.");
    } else {
        println!("Press Ctrl-C to stop.");
    }
    if options.open {
        open_browser(&url);
    }
    let served = runtime.block_on(serve(listener, app, stop_tx));
    // Connections still open past the grace period are dropped, not waited for.
    runtime.shutdown_timeout(Duration::from_millis(100));
    served?;
    println!("Stopped.");
    Ok(())
}

/// Builds the site and publishes it; on failure the last good build stays.
struct Builder {
    options: BuildOptions,
    shared: Arc<Shared>,
    generation: u64,
    /// The warnings last printed, so that a rebuild does not repeat them.
    warnings: Vec<String>,
    /// Copied files (images, stylesheets) kept in memory between builds.
    cache: state::FileCache,
    /// The build, remembering what it made so that a save makes again only what changed.
    pipeline: Pipeline,
}

/// What a rebuild did.
struct Built {
    pages: usize,
    rendered: usize,
    parsed: usize,
}

impl Builder {
    /// Builds in memory (the pipeline remembers what it made: only what changed is
    /// parsed and rendered again) and swaps the result in: the reload is sent only after
    /// that. `changed`: the paths saved, when known.
    fn build(&mut self, css_only: bool, changed: Option<&[PathBuf]>) -> Result<Built, Diagnostics> {
        let config = Config::load(&self.options)?;
        let mut timings: Vec<String> = Vec::new();
        let mut note = |p: Progress<'_>| {
            if let Progress::Stage { name, elapsed } = p {
                timings.push(format!("{name} {:.1} ms", elapsed.as_secs_f64() * 1000.0));
            }
        };
        let mut sink = SiteSink::new(&self.cache);
        let summary = self.pipeline.run(&config, changed, &mut sink, &mut note)?;
        self.generation += 1;
        let (snapshot, cache) =
            sink.finish(format!("{}-{}", self.shared.server_id, self.generation));
        self.cache = cache;
        let warnings: Vec<String> = summary.warnings.iter().map(|w| w.message.clone()).collect();
        if warnings != self.warnings {
            for w in &warnings {
                eprintln!("warning: {w}");
            }
            self.warnings = warnings;
        }
        self.shared.publish(snapshot, css_only);
        if std::env::var_os("TIMELINE_TIMINGS").is_some() {
            eprintln!("timings: {}", timings.join(", "));
        }
        Ok(Built {
            pages: summary.pages,
            rendered: summary.rendered,
            parsed: summary.parsed,
        })
    }
}

/// Rebuilds after every batch of changes until the watcher stops.
fn rebuild_loop(
    mut watcher: SiteWatcher,
    events: std::sync::mpsc::Receiver<notify::Result<notify::Event>>,
    paths: SitePaths,
    mut builder: Builder,
) {
    while let Some(batch) = watch::next_batch(&events, &paths, watch::QUIET, watch::MAX_BATCH) {
        for (dir, e) in watcher.refresh(&batch) {
            eprintln!("warning: cannot watch {} for changes: {e}", dir.display());
        }
        let change = watch::classify_events(&batch, &paths);
        if change == Change::None {
            continue;
        }
        let what = batch
            .iter()
            .find(|p| watch::is_relevant(p, &paths))
            .map(|p| {
                p.strip_prefix(&paths.root)
                    .unwrap_or(p)
                    .display()
                    .to_string()
            })
            .unwrap_or_default();
        let started = Instant::now();
        let relevant: Vec<PathBuf> = batch
            .iter()
            .filter(|p| watch::is_relevant(p, &paths))
            .cloned()
            .collect();
        match builder.build(change == Change::Css, Some(&relevant)) {
            Ok(Built {
                pages,
                rendered,
                parsed,
            }) => println!(
                "{what} changed: {parsed} files parsed, {rendered} of {pages} pages rendered in {} ms{}",
                started.elapsed().as_millis(),
                if change == Change::Css {
                    ", stylesheets swapped"
                } else {
                    ", reloading"
                }
            ),
            Err(errors) => {
                eprintln!("{errors}");
                eprintln!("Still serving the last good build; the errors show in the open pages.");
                builder.shared.fail(&errors);
            }
        }
    }
}

/// Serves until Ctrl-C (or SIGTERM), then lets open connections finish briefly.
async fn serve(
    listener: TcpListener,
    app: axum::Router,
    stop: signal_watch::Sender<bool>,
) -> Result<(), Diagnostics> {
    let io_err = |e: std::io::Error| Diagnostic::new(format!("cannot serve: {e}"));
    listener.set_nonblocking(true).map_err(io_err)?;
    let listener = tokio::net::TcpListener::from_std(listener).map_err(io_err)?;
    let stopped = stop.subscribe();
    let mut grace = stop.subscribe();
    tokio::spawn(async move {
        interrupted().await;
        let _ = stop.send(true);
    });
    tokio::select! {
        () = connections::serve(listener, app, stopped) => {}
        _ = async move {
            let _ = grace.wait_for(|s| *s).await;
            tokio::time::sleep(STOP_GRACE).await;
        } => {}
    }
    Ok(())
}

/// Resolves on Ctrl-C, or on SIGTERM where there is one.
async fn interrupted() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    if tokio::signal::ctrl_c().await.is_err() {
        // No signal handler could be installed: run until the process is killed.
        std::future::pending::<()>().await;
    }
}

/// Binds `port`, or the next free one when it is taken (port 0: any free port).
fn bind(ip: IpAddr, port: u16) -> Result<TcpListener, Diagnostics> {
    let tries = if port == 0 { 1 } else { PORT_TRIES };
    for offset in 0..tries {
        let Some(p) = port.checked_add(offset) else {
            break;
        };
        match TcpListener::bind((ip, p)) {
            Ok(listener) => {
                if offset > 0 {
                    println!("Port {port} is taken; using {p}.");
                }
                return Ok(listener);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(e) => {
                return Err(
                    Diagnostic::new(format!("cannot listen on {ip} port {p}: {e}"))
                        .hint("pass another --port, or another --bind address")
                        .into(),
                )
            }
        }
    }
    Err(Diagnostic::new(format!(
        "ports {port} to {} on {ip} are all taken",
        port.saturating_add(tries - 1)
    ))
    .hint(
        "stop the other server, or pass --port with another number (--port 0 picks any free port)",
    )
    .into())
}

/// The URL to open in a browser: an unspecified address (0.0.0.0) is reached on loopback.
fn local_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, addr.port()))
}

/// Differs between runs, so that a page left open across a restart reloads.
fn server_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{:x}", nanos ^ u128::from(std::process::id()))
}

fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    if let Err(e) = command.arg(url).spawn() {
        eprintln!("warning: cannot open a browser ({e}); open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_a_reachable_address() {
        let url = |s: &str| local_url(s.parse().expect("address"));
        assert_eq!(url("127.0.0.1:1111"), "http://127.0.0.1:1111/");
        assert_eq!(url("0.0.0.0:1111"), "http://127.0.0.1:1111/");
        assert_eq!(url("[::]:8080"), "http://[::1]:8080/");
        assert_eq!(url("192.168.1.4:1111"), "http://192.168.1.4:1111/");
    }

    #[test]
    fn a_taken_port_moves_to_the_next() {
        let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = taken.local_addr().expect("addr").port();
        let Ok(next) = bind(IpAddr::V4(Ipv4Addr::LOCALHOST), port) else {
            return; // every following port taken too: nothing to check on this machine
        };
        assert_ne!(next.local_addr().expect("addr").port(), port);
    }
}
