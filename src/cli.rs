//! The command line: what each command and flag means.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "timeline",
    version = timeline::version::LONG,
    about = "Builds websites of dated topic timelines from Markdown articles",
    long_about = "Builds websites of dated topic timelines from Markdown articles.\n\n\
        Write one Markdown file per event in content/, with YAML front matter giving its \
        title, date (a year, a month, a day, a range, ongoing…) and topics; describe the \
        site and its topics in site.toml; `timeline build` writes the site to public/."
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the site into the output folder (public/ by default)
    Build(BuildArgs),
    /// Serve the site on this computer, rebuilding and reloading the browser on every save
    Serve(ServeArgs),
    /// Check the site (front matter, dates, topics, links, translations) without writing it
    Check(CheckArgs),
    /// Create a new article with its front matter filled in
    New(NewArgs),
    /// Create a new site in DIR that builds at once and deploys to GitHub Pages
    Init(InitArgs),
    /// Write one article per row of a spreadsheet (TimelineJS3's Google-Sheets layout, or
    /// timeline's own events.csv) into content/; checks every row first, never overwrites
    Import(ImportArgs),
    /// Work with the theme built into timeline
    #[command(subcommand)]
    Theme(ThemeCommand),
    /// Print the completion script of a shell, e.g. `timeline completions bash > ~/.local/share/bash-completion/completions/timeline`
    Completions(CompletionsArgs),
    /// Print the manual page (or write one page per command into --dir)
    Man(ManArgs),
}

#[derive(Debug, Subcommand)]
pub(crate) enum ThemeCommand {
    /// Copy the built-in theme, or the named files of it, into the site's themes/default/
    /// to change them there (a file there overrides the built-in one); never overwrites
    Eject(EjectArgs),
}

#[derive(Debug, Args)]
pub(crate) struct EjectArgs {
    /// Files of the theme, such as templates/article.html, static/style.css, i18n/en.toml,
    /// or a folder (templates); none: the whole theme
    #[arg(value_name = "FILE")]
    pub files: Vec<String>,
    /// The site folder [default: the current folder]
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub(crate) struct ManArgs {
    /// Write timeline.1 and a page per command (timeline-build.1…) into this folder
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct SiteArgs {
    /// The site folder, holding site.toml, content/ and themes/ [default: the current folder]
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Include articles marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the site [default: ROOT/public]; it is replaced only when the build succeeds
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Use this base URL instead of site.toml's, e.g. https://user.github.io/repo/
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Rebuild when content/, themes/ or site.toml change, and reload open pages
    #[arg(long, short)]
    pub watch: bool,
    /// Port to listen on; if it is taken, the next free one is used
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on; anything but loopback exposes your drafts to the network
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: IpAddr,
    /// Open the site in the default browser
    #[arg(long)]
    pub open: bool,
    /// Watch by looking at the files every MS milliseconds instead of by file-system
    /// events (network drives, containers and VM shares may not deliver those); implies --watch
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u64).range(10..=60_000))]
    pub poll: Option<u64>,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Also fetch every source URL (bounded concurrency, timeouts; offline is reported, not failed)
    #[arg(long)]
    pub external: bool,
}

#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    /// The event's title
    pub title: String,
    /// Topic id from site.toml (repeat for several topics)
    #[arg(long = "topic", short = 't', required = true, value_name = "ID")]
    pub topics: Vec<String>,
    /// The event's date: 2022-09-07, 2022-07, 2014, 2013-05/2016-09… [default: today]
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Language code of the article [default: the site's default language]
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,
    /// The site folder [default: the current folder]
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// The spreadsheet, saved as CSV (UTF-8)
    #[arg(value_name = "FILE.csv")]
    pub file: PathBuf,
    /// Print the files it would write, and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Add a topic to site.toml for each Group it does not have (else such a row is an
    /// error)
    #[arg(long)]
    pub create_topics: bool,
    /// The language the rows are written in [default: the site's default language]
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,
    /// The topic of rows without a Group
    #[arg(long, value_name = "ID")]
    pub topic: Option<String>,
    /// The site folder [default: the current folder]
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The folder to create the site in (it must be empty or not exist yet)
    pub dir: PathBuf,
}

/// `timeline completions SHELL`: the shell's completion script.
pub(crate) fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "timeline", &mut script);
    script
}

/// The manual pages: `timeline.1`, then one page per command (`timeline-build.1`,
/// `timeline-theme-eject.1`…), each as (file name, roff text). They carry the version
/// without the commit, so that they change only with what they document.
pub(crate) fn man_pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let version = timeline::version::VERSION;
    let mut cmd = Cli::command()
        .version(version)
        .disable_help_subcommand(true);
    cmd.build();
    let mut pages = Vec::new();
    let mut todo = vec![cmd];
    while let Some(cmd) = todo.pop() {
        let man = clap_mangen::Man::new(cmd.clone()).source(format!("timeline {version}"));
        let mut roff = Vec::new();
        man.render(&mut roff)?;
        pages.push((man.get_filename(), roff));
        let mut subs: Vec<clap::Command> = cmd
            .get_subcommands()
            .filter(|s| !s.is_hide_set())
            .cloned()
            .collect();
        subs.reverse();
        todo.extend(subs);
    }
    Ok(pages)
}
