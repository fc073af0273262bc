//! `timeline serve`: an authoring server on loopback that serves the last good build
//! from memory, rebuilds on every save and reloads open pages.
//!
//! Three parts, data flowing one way: [`watch`] turns file events into debounced,
//! classified batches; the rebuild thread ([`rebuild`]) runs the build's pipeline, which
//! remembers what it made between saves, and publishes each complete build into
//! [`state::Shared`] (the only shared state, owned here); [`server`] answers HTTP from
//! the published build and forwards the live-reload events, over the connections that
//! [`connections`] accepts and bounds. Nothing is written to disk: the output folder is
//! left alone, and nothing is printed: what happens is reported as a [`ServeEvent`]
//! ([`report`]) to the caller of [`run`].

pub mod connections;
mod poll;
mod rebuild;
mod report;
mod server;
mod state;
mod watch;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, watch as signal_watch};

use crate::config::BuildOptions;
use crate::error::{Diagnostic, Diagnostics};
use crate::layout::SitePaths;
use rebuild::Builder;
pub use report::{Reporter, ServeEvent, Watching};
use state::Shared;
use watch::SiteWatcher;

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

/// Runs until interrupted, handing everything it has to report to `on_event`, on this
/// thread and in order (the rebuild thread and the accept loop send theirs here).
pub fn run(options: ServeOptions, on_event: &mut dyn FnMut(ServeEvent)) -> Result<(), Diagnostics> {
    let (report, mut reported) = Reporter::channel();
    let started = start(&options, &report);
    deliver(&mut reported, on_event);
    let Started {
        runtime,
        listener,
        app,
        stop,
    } = started?;
    let serving = runtime.spawn(serve(listener, app, stop, report));
    let served = runtime.block_on(async {
        tokio::pin!(serving);
        loop {
            tokio::select! {
                served = &mut serving => break served,
                Some(event) = reported.recv() => on_event(event),
            }
        }
    });
    // Connections still open past the grace period are dropped, not waited for.
    runtime.shutdown_timeout(Duration::from_millis(100));
    deliver(&mut reported, on_event);
    served.map_err(|e| Diagnostic::new(format!("cannot serve: {e}")))??;
    on_event(ServeEvent::Stopped);
    Ok(())
}

/// Hands `on_event` what was reported so far.
fn deliver(
    reported: &mut mpsc::UnboundedReceiver<ServeEvent>,
    on_event: &mut dyn FnMut(ServeEvent),
) {
    while let Ok(event) = reported.try_recv() {
        on_event(event);
    }
}

/// A server ready to accept connections.
struct Started {
    runtime: tokio::runtime::Runtime,
    listener: TcpListener,
    app: axum::Router,
    stop: signal_watch::Sender<bool>,
}

/// Listens, builds the site once, starts the watcher and the rebuild thread (with
/// `--watch`) and the runtime the server runs on.
fn start(options: &ServeOptions, report: &Reporter) -> Result<Started, Diagnostics> {
    let listener = bind(options.bind, options.port)?;
    let addr = listener
        .local_addr()
        .map_err(|e| Diagnostic::new(format!("cannot read the server's address: {e}")))?;
    if options.port != 0 && addr.port() != options.port {
        report.send(ServeEvent::PortTaken {
            asked: options.port,
            using: addr.port(),
        });
    }
    let url = local_url(addr);
    if !options.bind.is_loopback() {
        report.send(ServeEvent::NotLoopback { bind: options.bind });
    }
    let build_options = BuildOptions {
        base_url: Some(url.clone()),
        ..options.build.clone()
    };
    let paths = SitePaths::new(&build_options.root, build_options.output.as_deref());
    let shared = Arc::new(Shared::new(server_id()));
    let mut builder = Builder::new(build_options, Arc::clone(&shared), report.clone());
    first_build(&mut builder, options.watch, report)?;
    let watching = match options.watch {
        true => start_watching(paths, options.poll, builder, report)?,
        false => Watching::Off,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Diagnostic::new(format!("cannot start the server: {e}")))?;
    let (stop, stop_rx) = signal_watch::channel(false);
    let app = server::router(server::App {
        shared,
        live: options.watch,
        url: url.clone(),
        shutdown: stop_rx,
    });
    report.send(ServeEvent::Serving {
        url: url.clone(),
        watching,
    });
    if options.open {
        open_browser(&url, report);
    }
    Ok(Started {
        runtime,
        listener,
        app,
        stop,
    })
}

/// The first build. When it fails with `--watch`, the errors are served until a save
/// fixes them; without, serve stops with them.
fn first_build(builder: &mut Builder, watch: bool, report: &Reporter) -> Result<(), Diagnostics> {
    let started = Instant::now();
    match builder.build(false, None) {
        Ok(built) => report.send(ServeEvent::Built {
            pages: built.pages,
            elapsed: started.elapsed(),
        }),
        Err(errors) if watch => {
            builder.shared.fail(&errors);
            report.send(ServeEvent::FirstBuildFailed(errors));
        }
        Err(errors) => return Err(errors),
    }
    Ok(())
}

/// Starts the watcher and the rebuild thread, which owns `builder` from now on.
fn start_watching(
    paths: SitePaths,
    poll: Option<Duration>,
    builder: Builder,
    report: &Reporter,
) -> Result<Watching, Diagnostics> {
    let (watcher, events) = SiteWatcher::start(paths.clone(), poll, report)?;
    let watching = match watcher.polling_every() {
        Some(every) => Watching::Polling { every },
        None => Watching::Events,
    };
    std::thread::Builder::new()
        .name("timeline-rebuild".into())
        .spawn(move || rebuild::rebuild_loop(watcher, events, paths, builder))
        .map_err(|e| Diagnostic::new(format!("cannot start the rebuild thread: {e}")))?;
    Ok(watching)
}

/// Serves until Ctrl-C (or SIGTERM), then lets open connections finish briefly.
async fn serve(
    listener: TcpListener,
    app: axum::Router,
    stop: signal_watch::Sender<bool>,
    report: Reporter,
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
        () = connections::serve(listener, app, stopped, report) => {}
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
/// Whether it was taken shows in the listener's address.
fn bind(ip: IpAddr, port: u16) -> Result<TcpListener, Diagnostics> {
    let tries = if port == 0 { 1 } else { PORT_TRIES };
    for offset in 0..tries {
        let Some(p) = port.checked_add(offset) else {
            break;
        };
        match TcpListener::bind((ip, p)) {
            Ok(listener) => return Ok(listener),
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

fn open_browser(url: &str, report: &Reporter) {
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
        report.send(ServeEvent::BrowserNotOpened {
            url: url.to_string(),
            error: e,
        });
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
