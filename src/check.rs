//! `timeline check`: everything a build checks, without writing, plus warnings a
//! build does not give (articles without sources) and, with `--external`, a check
//! of every source URL with bounded concurrency and timeouts. Being offline is
//! reported, never a failure.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use crate::build::{Pipeline, Progress, Sink};
use crate::config::{BuildOptions, Config};
use crate::content::Article;
use crate::error::{Diagnostic, Diagnostics, Severity};

/// What a check found that does not fail it.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
    /// With `--external`: what fetching the source URLs found.
    pub external: Option<ExternalSummary>,
    /// Problems that fail the check but come after the build succeeded (broken source URLs).
    pub errors: Diagnostics,
}

/// Counts of an external URL check.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ExternalSummary {
    pub urls: usize,
    pub ok: usize,
    /// 404 or 410: errors.
    pub broken: usize,
    /// Other HTTP errors (403, 429, 5xx…): warnings, servers often refuse robots.
    pub refused: usize,
    /// No answer (DNS, connection, timeout).
    pub unreachable: usize,
}

impl std::fmt::Display for ExternalSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} source URLs: {} ok, {} broken, {} refused, {} unreachable",
            self.urls, self.ok, self.broken, self.refused, self.unreachable
        )
    }
}

/// How `--external` fetches.
#[derive(Debug, Clone)]
pub struct ExternalOptions {
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Time to connect to a server.
    pub connect_timeout: Duration,
    /// Time for a whole request, redirects included.
    pub timeout: Duration,
}

impl Default for ExternalOptions {
    fn default() -> Self {
        ExternalOptions {
            concurrency: 8,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(20),
        }
    }
}

pub fn check(options: &BuildOptions, external: bool) -> Result<CheckReport, Diagnostics> {
    check_with(options, external.then(ExternalOptions::default))
}

/// [`check`] with explicit external-check settings (`None`: no external check).
pub fn check_with(
    options: &BuildOptions,
    external: Option<ExternalOptions>,
) -> Result<CheckReport, Diagnostics> {
    let config = Config::load(options)?;
    // What `timeline build` would refuse about the output folder, it refuses too.
    crate::output::preflight(&config.output_real, &config.output_dir)?;
    let mut uses = None;
    // The same pipeline as `timeline build`, into a sink that keeps nothing; the site
    // model is looked at on its way.
    let mut look = |p: Progress<'_>| {
        if let Progress::Articles(articles) = p {
            if external.is_some() {
                uses = Some(url_uses(&config, articles));
            }
        }
    };
    let summary = Pipeline::new()
        .auditing()
        .run(&config, None, &mut Counted, &mut look)?;
    let mut all = summary.warnings;
    let mut errors = Diagnostics::default();
    // The [check] policies: warnings, and errors that fail the check.
    for d in summary.audit {
        match d.severity {
            Severity::Warning => all.push(d),
            _ => errors.push(d),
        }
    }
    let mut external_summary = None;
    if let (Some(opts), Some(uses)) = (external, uses) {
        let urls: Vec<String> = uses.keys().cloned().collect();
        let statuses = fetch_all(&urls, &opts);
        let (e, w, s) = judge(&uses, &statuses);
        errors.extend(e);
        all.extend(w);
        external_summary = Some(s);
    }
    Ok(CheckReport {
        pages: summary.pages,
        warnings: all,
        external: external_summary,
        errors: errors.sorted(),
    })
}

/// A sink that keeps nothing: `check` builds every file and throws it away.
struct Counted;

impl Sink for Counted {
    fn add(&mut self, _: Vec<crate::built::OutputFile>) -> Result<(), Diagnostics> {
        Ok(())
    }
}

/// Every source URL (and archive URL) with the files and lines that cite it.
fn url_uses(
    config: &Config,
    articles: &[std::sync::Arc<Article>],
) -> BTreeMap<String, Vec<(PathBuf, Option<usize>)>> {
    let mut uses: BTreeMap<String, Vec<(PathBuf, Option<usize>)>> = BTreeMap::new();
    for a in articles {
        let text = std::fs::read_to_string(config.root.join(&a.file.path)).unwrap_or_default();
        let line_of = |url: &str| text.lines().position(|l| l.contains(url)).map(|i| i + 1);
        for s in &a.sources {
            for url in std::iter::once(&s.url).chain(s.archive_url.as_ref()) {
                if url.starts_with("http://") || url.starts_with("https://") {
                    uses.entry(url.clone())
                        .or_default()
                        .push((a.file.path.clone(), line_of(url)));
                }
            }
        }
    }
    uses
}

/// What fetching one URL gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlStatus {
    /// A final status below 400 (after redirects).
    Ok(u16),
    /// An HTTP error status.
    Http(u16),
    /// No HTTP answer: the reason.
    Unreachable(String),
}

/// Fetches every URL, `opts.concurrency` at a time; results in the order of `urls`.
pub fn fetch_all(urls: &[String], opts: &ExternalOptions) -> Vec<UrlStatus> {
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_resolve(Some(opts.connect_timeout.min(Duration::from_secs(5))))
        .timeout_connect(Some(opts.connect_timeout))
        .timeout_global(Some(opts.timeout))
        .max_redirects(10)
        .user_agent(concat!(
            "timeline-check/",
            env!("CARGO_PKG_VERSION"),
            " (source link check)"
        ))
        .build();
    let agent = ureq::Agent::new_with_config(config);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<UrlStatus>>> = Mutex::new(vec![None; urls.len()]);
    let workers = opts.concurrency.clamp(1, 32).min(urls.len().max(1));
    // Offline: when the first `workers` requests all fail without any server
    // answering, the rest are not tried (each could take a DNS timeout).
    let answered = AtomicBool::new(false);
    let failures = AtomicUsize::new(0);
    let gave_up = AtomicBool::new(false);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                if gave_up.load(Ordering::Relaxed) {
                    break;
                }
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(url) = urls.get(i) else { break };
                let status = fetch(&agent, url);
                if matches!(status, UrlStatus::Unreachable(_)) {
                    let n = failures.fetch_add(1, Ordering::Relaxed) + 1;
                    if n >= workers && !answered.load(Ordering::Relaxed) {
                        gave_up.store(true, Ordering::Relaxed);
                    }
                } else {
                    answered.store(true, Ordering::Relaxed);
                }
                if let Ok(mut r) = results.lock() {
                    r[i] = Some(status);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|s| {
            s.unwrap_or_else(|| {
                UrlStatus::Unreachable("not tried: no server answered the first requests".into())
            })
        })
        .collect()
}

/// HEAD first (cheap); servers that refuse HEAD get a GET whose body is not read.
fn fetch(agent: &ureq::Agent, url: &str) -> UrlStatus {
    let head = agent.head(url).call();
    let retry_with_get = match &head {
        Ok(r) => matches!(r.status().as_u16(), 400 | 403 | 405 | 501),
        Err(_) => true,
    };
    let result = if retry_with_get {
        match (agent.get(url).call(), head) {
            (Ok(r), _) => Ok(r),
            // A GET that fails after a HEAD that answered: keep the HEAD's answer.
            (Err(_), Ok(r)) => Ok(r),
            (Err(e), Err(_)) => Err(e),
        }
    } else {
        head
    };
    match result {
        Ok(r) if r.status().as_u16() < 400 => UrlStatus::Ok(r.status().as_u16()),
        Ok(r) => UrlStatus::Http(r.status().as_u16()),
        Err(e) => UrlStatus::Unreachable(e.to_string()),
    }
}

type Uses = BTreeMap<String, Vec<(PathBuf, Option<usize>)>>;

/// Turns fetch results into diagnostics: 404/410 are errors, other failures warnings;
/// when nothing answered at all, one warning says the check could not run.
fn judge(
    uses: &Uses,
    statuses: &[UrlStatus],
) -> (Vec<Diagnostic>, Vec<Diagnostic>, ExternalSummary) {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut s = ExternalSummary {
        urls: uses.len(),
        ..ExternalSummary::default()
    };
    let at = |path: &PathBuf, line: Option<usize>, msg: String| {
        let d = Diagnostic::in_file(path, msg);
        match line {
            Some(l) => d.at(l, None),
            None => d,
        }
    };
    for status in statuses {
        match status {
            UrlStatus::Ok(_) => s.ok += 1,
            UrlStatus::Http(404 | 410) => s.broken += 1,
            UrlStatus::Http(_) => s.refused += 1,
            UrlStatus::Unreachable(_) => s.unreachable += 1,
        }
    }
    let offline = s.urls > 0 && s.unreachable == s.urls;
    if offline {
        let reason = statuses
            .iter()
            .find_map(|st| match st {
                UrlStatus::Unreachable(r) => Some(r.as_str()),
                _ => None,
            })
            .unwrap_or("");
        warnings.push(
            Diagnostic::warning(format!(
                "could not reach any of the {} source URLs ({reason}); are you offline? The external check was skipped",
                s.urls
            ))
            .hint("run `timeline check --external` again with a network connection"),
        );
        return (errors, warnings, s);
    }
    for ((url, places), status) in uses.iter().zip(statuses) {
        for (path, line) in places {
            match status {
                UrlStatus::Ok(_) => {}
                UrlStatus::Http(code @ (404 | 410)) => errors.push(
                    at(path, *line, format!("source {url} is gone (HTTP {code})")).hint(
                        "find where it moved, or keep a copy in the Wayback Machine and add it as `archive_url:`",
                    ),
                ),
                UrlStatus::Http(code) => warnings.push(at(
                    path,
                    *line,
                    format!("source {url} answered HTTP {code} (the server may refuse automated checks)"),
                ).as_warning()),
                UrlStatus::Unreachable(reason) => warnings.push(at(
                    path,
                    *line,
                    format!("source {url} could not be reached: {reason}"),
                ).as_warning()),
            }
        }
    }
    (errors, warnings, s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uses(urls: &[&str]) -> Uses {
        urls.iter()
            .map(|u| {
                (
                    u.to_string(),
                    vec![(PathBuf::from("content/a.md"), Some(7))],
                )
            })
            .collect()
    }

    #[test]
    fn gone_is_an_error_refused_a_warning() {
        let u = uses(&["https://a.org/1", "https://a.org/2", "https://a.org/3"]);
        let (e, w, s) = judge(
            &u,
            &[
                UrlStatus::Ok(200),
                UrlStatus::Http(404),
                UrlStatus::Http(403),
            ],
        );
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].line, Some(7));
        assert!(e[0].message.contains("https://a.org/2"), "{}", e[0].message);
        assert_eq!(w.len(), 1);
        assert!(w[0].message.contains("403"));
        assert_eq!((s.ok, s.broken, s.refused, s.unreachable), (1, 1, 1, 0));
    }

    #[test]
    fn all_unreachable_is_one_offline_warning() {
        let u = uses(&["https://a.org/1", "https://b.org/2"]);
        let down = UrlStatus::Unreachable("host not found".into());
        let (e, w, s) = judge(&u, &[down.clone(), down]);
        assert!(e.is_empty());
        assert_eq!(w.len(), 1);
        assert!(w[0].message.contains("offline"), "{}", w[0].message);
        assert_eq!(s.unreachable, 2);
    }

    #[test]
    fn offline_stops_after_the_first_round() {
        let closed = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let urls: Vec<String> = (0..20)
            .map(|i| format!("http://127.0.0.1:{closed}/{i}"))
            .collect();
        let opts = ExternalOptions {
            concurrency: 2,
            ..ExternalOptions::default()
        };
        let statuses = fetch_all(&urls, &opts);
        assert_eq!(statuses.len(), 20);
        assert!(statuses
            .iter()
            .all(|s| matches!(s, UrlStatus::Unreachable(_))));
        let skipped = statuses
            .iter()
            .filter(|s| matches!(s, UrlStatus::Unreachable(r) if r.starts_with("not tried")))
            .count();
        assert!(skipped >= 16, "only {skipped} skipped");
    }
}
