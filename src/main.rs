//! The `timeline` binary: parse the command line, call the library, print the
//! diagnostics once and set the exit code.

mod cli;

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

use cli::{Cli, Command, SiteArgs};
use timeline::config::BuildOptions;
use timeline::error::Diagnostics;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build(args),
        Command::Serve(args) => timeline::serve::run(timeline::serve::ServeOptions {
            build: options(args.site),
            watch: args.watch || args.poll.is_some(),
            port: args.port,
            bind: args.bind,
            open: args.open,
            poll: args.poll.map(std::time::Duration::from_millis),
        }),
        Command::Check(args) => {
            let started = Instant::now();
            timeline::check::check(&options(args.site), args.external).and_then(|report| {
                print_warnings(&report.warnings);
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

fn print_warnings(warnings: &[timeline::error::Diagnostic]) {
    for w in warnings {
        match w.location() {
            Some(loc) => eprintln!("warning: {loc}: {}", w.message),
            None => eprintln!("warning: {}", w.message),
        }
        if let Some(hint) = &w.hint {
            eprintln!("  hint: {hint}");
        }
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
        timeline::Progress::Model(_) => {}
    };
    let report = timeline::build(&options, &mut progress)?;
    print_warnings(&report.warnings);
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
