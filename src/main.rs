//! The `timeline` binary: parse the command line, call the library, print the
//! diagnostics once and set the exit code. The only code that prints (the clippy lints
//! `print_stdout` and `print_stderr` keep the library from it).
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod cli;

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

use cli::{Cli, Command, SiteArgs};
use timeline::config::BuildOptions;
use timeline::error::{Diagnostic, Diagnostics};
use timeline::serve::{ServeEvent, Watching};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build(args),
        Command::Serve(args) => serve(args),
        Command::Check(args) => {
            let started = Instant::now();
            timeline::check::check(&options(args.site), args.external).and_then(|report| {
                for w in &report.warnings {
                    eprintln!("{w}");
                }
                if let Some(external) = &report.external {
                    println!("Source URLs: {external}");
                }
                if !report.errors.is_empty() {
                    return Err(report.errors);
                }
                println!(
                    "Checked {} pages in {} ms: no errors",
                    report.pages,
                    started.elapsed().as_millis()
                );
                Ok(())
            })
        }
        Command::New(args) => timeline::scaffold::new_article(&timeline::scaffold::NewArticle {
            root: args.root.unwrap_or_else(|| ".".into()),
            title: args.title,
            topics: args.topics,
            date: args.date,
            lang: args.lang,
        })
        .map(|path| println!("Created {}", path.display())),
        Command::Init(args) => timeline::scaffold::init(&args.dir).map(|files| {
            println!(
                "Created a site in {} ({} files).",
                args.dir.display(),
                files.len()
            );
            println!("Next: cd {} && timeline build", args.dir.display());
        }),
        Command::Import(args) => return import(args),
        Command::Theme(cli::ThemeCommand::Eject(args)) => eject(args),
        Command::Completions(args) => print(&cli::completions(args.shell)),
        Command::Man(args) => man(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(errors) => {
            eprintln!("{errors}");
            ExitCode::FAILURE
        }
    }
}

/// `timeline import FILE.csv`: what it wrote, or every problem (and nothing written).
fn import(args: cli::ImportArgs) -> ExitCode {
    let result = timeline::import::import(&timeline::import::ImportOptions {
        root: args.root.unwrap_or_else(|| ".".into()),
        file: args.file,
        dry_run: args.dry_run,
        create_topics: args.create_topics,
        lang: args.lang,
        topic: args.topic,
    });
    let report = match result {
        Ok(report) => report,
        Err(errors) => {
            for d in &errors.0 {
                eprintln!("{d}");
            }
            let n = errors.len();
            eprintln!(
                "import failed: {n} {}; nothing was written",
                if n == 1 { "error" } else { "errors" }
            );
            return ExitCode::FAILURE;
        }
    };
    for note in &report.notes {
        eprintln!("note: {note}");
    }
    let verb = if report.dry_run { "Would add" } else { "Added" };
    for (id, name) in &report.created_topics {
        println!("{verb} the topic `{id}` ({name}) to site.toml");
    }
    for f in &report.files {
        if report.dry_run {
            println!("Would create {}:\n{}", f.path.display(), f.text);
        } else {
            println!("Created {}", f.path.display());
        }
    }
    let n = report.files.len();
    println!(
        "{} {n} article{}{}",
        if report.dry_run {
            "Would import"
        } else {
            "Imported"
        },
        if n == 1 { "" } else { "s" },
        if report.dry_run {
            " (dry run: nothing written)"
        } else {
            ""
        }
    );
    ExitCode::SUCCESS
}

/// `timeline theme eject [FILE…]`.
fn eject(args: cli::EjectArgs) -> Result<(), Diagnostics> {
    let root = args.root.unwrap_or_else(|| ".".into());
    let written = timeline::theme::eject::eject(&root, &args.files)?;
    for path in &written {
        println!("Created {}", path.display());
    }
    println!(
        "Copied {} file{} of the built-in theme: each overrides the built-in one; delete it to go back.",
        written.len(),
        if written.len() == 1 { "" } else { "s" }
    );
    Ok(())
}

/// Writes `bytes` to stdout; a reader that stopped early (`| head`) is no error.
fn print(bytes: &[u8]) -> Result<(), Diagnostics> {
    use std::io::Write as _;
    match std::io::stdout().write_all(bytes) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Diagnostics::from(
            timeline::error::Diagnostic::new(format!("cannot write to the standard output: {e}")),
        )),
        _ => Ok(()),
    }
}

/// `timeline man [--dir DIR]`: timeline.1 on stdout, or every page into DIR.
fn man(args: cli::ManArgs) -> Result<(), Diagnostics> {
    let failed = |what: &std::path::Path, e: std::io::Error| {
        Diagnostics::from(timeline::error::Diagnostic::in_file(
            what,
            format!("cannot write: {e}"),
        ))
    };
    let pages = cli::man_pages().map_err(|e| failed("timeline.1".as_ref(), e))?;
    let Some(dir) = args.dir else {
        return print(
            pages
                .first()
                .map(|(_, roff)| roff.as_slice())
                .unwrap_or_default(),
        );
    };
    std::fs::create_dir_all(&dir).map_err(|e| failed(&dir, e))?;
    for (name, roff) in &pages {
        let path = dir.join(name);
        std::fs::write(&path, roff).map_err(|e| failed(&path, e))?;
        println!("Wrote {}", path.display());
    }
    Ok(())
}

fn options(site: SiteArgs) -> BuildOptions {
    BuildOptions {
        root: site.root.unwrap_or_else(|| ".".into()),
        output: None,
        base_url: None,
        drafts: site.drafts,
    }
}

fn build(args: cli::BuildArgs) -> Result<(), Diagnostics> {
    let started = Instant::now();
    let options = BuildOptions {
        output: args.output,
        base_url: args.base_url,
        ..options(args.site)
    };
    // Progress on a terminal, once a build has taken more than a second.
    let terminal = std::io::stderr().is_terminal();
    let timings = std::env::var_os("TIMELINE_TIMINGS").is_some();
    let mut shown = false;
    let mut progress = |p: timeline::Progress<'_>| match p {
        timeline::Progress::Rendered { done, total } => {
            if terminal && (shown || started.elapsed().as_secs_f32() > 1.0) {
                shown = true;
                eprint!("\rRendering pages: {done}/{total}");
                if done == total {
                    eprint!("\r\x1b[K");
                }
            }
        }
        timeline::Progress::Waiting { lock } => eprintln!(
            "Another build is writing this output folder; waiting for it to finish ({} is locked)…",
            lock.display()
        ),
        timeline::Progress::Stage { name, elapsed } => {
            if timings {
                eprintln!("timings: {name} {:.1} ms", elapsed.as_secs_f64() * 1000.0);
            }
        }
        timeline::Progress::Articles(_) => {}
    };
    let report = timeline::build(&options, &mut progress)?;
    for w in &report.warnings {
        eprintln!("{w}");
    }
    let w = &report.written;
    let kept = match w.kept {
        0 => String::new(),
        n => format!(", {n} not written by timeline kept"),
    };
    println!(
        "Built {} pages ({} files; {} written, {} unchanged, {} removed{kept}) into {} in {} ms",
        report.pages,
        report.files,
        w.written,
        w.unchanged,
        w.removed,
        report.output.display(),
        started.elapsed().as_millis()
    );
    Ok(())
}

fn serve(args: cli::ServeArgs) -> Result<(), Diagnostics> {
    let options = timeline::serve::ServeOptions {
        build: options(args.site),
        watch: args.watch || args.poll.is_some(),
        port: args.port,
        bind: args.bind,
        open: args.open,
        poll: args.poll.map(std::time::Duration::from_millis),
    };
    let timings = std::env::var_os("TIMELINE_TIMINGS").is_some();
    timeline::serve::run(options, &mut |event| print_serve_event(event, timings))
}

/// What serve reports, as it is shown: progress on stdout, problems on stderr.
fn print_serve_event(event: ServeEvent, timings: bool) {
    match event {
        ServeEvent::Built { pages, elapsed } => {
            println!("Built {pages} pages in {} ms", elapsed.as_millis());
        }
        ServeEvent::FirstBuildFailed(errors) => {
            eprintln!("{errors}");
            eprintln!("Serving an error page until the site builds; fix the error and save.");
        }
        ServeEvent::Serving { url, watching } => {
            println!("Serving the site at {url}");
            println!("{}", watching_line(watching));
        }
        ServeEvent::Rebuilt {
            changed,
            parsed,
            rendered,
            pages,
            elapsed,
            css_only,
        } => println!(
            "{} changed: {parsed} files parsed, {rendered} of {pages} pages rendered in {} ms{}",
            changed.display(),
            elapsed.as_millis(),
            if css_only {
                ", stylesheets swapped"
            } else {
                ", reloading"
            }
        ),
        ServeEvent::RebuildFailed(errors) => {
            eprintln!("{errors}");
            eprintln!("Still serving the last good build; the errors show in the open pages.");
        }
        ServeEvent::Warnings(warnings) => {
            for w in &warnings {
                eprintln!("{w}");
            }
        }
        ServeEvent::Timings(stages) if timings => eprintln!("timings: {}", stage_times(&stages)),
        ServeEvent::Timings(_) => {}
        ServeEvent::PortTaken { asked, using } => println!("Port {asked} is taken; using {using}."),
        ServeEvent::NotLoopback { bind } => warn(Diagnostic::warning(format!(
            "listening on {bind}, which other computers on the network can reach: they can read the site and its drafts"
        ))
        .hint("leave out --bind (or pass --bind 127.0.0.1) to serve this computer only")),
        ServeEvent::EventsUnavailable { reason, every } => warn(Diagnostic::warning(format!(
            "file-system events are not available ({reason}); looking for changes every {} ms instead",
            every.as_millis()
        ))
        .hint("on Linux, raise fs.inotify.max_user_watches (or max_user_instances); `--poll MS` sets the interval")),
        ServeEvent::CannotWatch { dir, reason } => warn(Diagnostic::warning(format!(
            "cannot watch {} for changes: {reason}",
            dir.display()
        ))),
        ServeEvent::WatcherFailed { reason } => {
            warn(Diagnostic::warning(format!("file watcher: {reason}")));
        }
        ServeEvent::CannotAccept {
            error,
            out_of_descriptors,
        } => {
            let then = if out_of_descriptors {
                "closing idle connections and retrying"
            } else {
                "retrying"
            };
            warn(Diagnostic::warning(format!(
                "cannot accept a connection ({error}); {then}"
            )));
        }
        ServeEvent::BrowserNotOpened { url, error } => warn(Diagnostic::warning(format!(
            "cannot open a browser ({error}); open {url} yourself"
        ))),
        ServeEvent::Stopped => println!("Stopped."),
    }
}

/// How serve follows the files, and how to stop it.
fn watching_line(watching: Watching) -> String {
    match watching {
        Watching::Polling { every } => format!(
            "Watching content/, themes/ and site.toml by looking at the files every {} ms; pages reload on every save. Press Ctrl-C to stop.",
            every.as_millis()
        ),
        Watching::Events => "Watching content/, themes/ and site.toml; pages reload on every save. Press Ctrl-C to stop.".into(),
        Watching::Off => "Press Ctrl-C to stop.".into(),
    }
}

/// `content and theme 21.0 ms, site model 0.1 ms, …`
fn stage_times(stages: &[(&str, std::time::Duration)]) -> String {
    let stages: Vec<String> = stages
        .iter()
        .map(|(name, t)| format!("{name} {:.1} ms", t.as_secs_f64() * 1000.0))
        .collect();
    stages.join(", ")
}

/// A warning, shown as errors are (`warning: …`, then `  hint: …`).
fn warn(warning: Diagnostic) {
    eprintln!("{warning}");
}
