//! The fixture site under a GitHub Pages sub-path (https://user.github.io/repo/),
//! built with the real theme and crawled as GitHub Pages would serve it: every
//! internal href/src of every page must name a file that exists, and every
//! `#fragment` an id in its target. Feeds and the sitemap are parsed as XML and
//! their URLs checked to be absolute, under the base and pointing at real pages.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use quick_xml::events::Event;
use quick_xml::Reader;
use timeline::config::BuildOptions;

const BASE: &str = "https://user.github.io/repo/";
const BASE_PATH: &str = "/repo/";

fn copy_dir(from: &Path, to: &Path) {
    for entry in walk(from) {
        let rel = entry.strip_prefix(from).expect("inside");
        let target = to.join(rel);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::copy(&entry, &target).expect("copy");
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The fixture site with the repository's default theme, in a temporary folder.
fn fixture() -> tempfile::TempDir {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&manifest.join("tests/fixtures/publish-site"), dir.path());
    copy_dir(
        &manifest.join("themes/default"),
        &dir.path().join("themes/default"),
    );
    dir
}

fn build(root: &Path) -> PathBuf {
    let options = BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    };
    let report = timeline::build(&options, &mut |_| {})
        .unwrap_or_else(|e| panic!("the fixture builds:\n{e}"));
    report.output
}

/// `%XX` decoding, for URLs holding Arabic.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).expect("utf-8 URL")
}

fn decode_entities(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Values of `name="…"` attributes, found by a plain scan of the text.
fn attr_values(html: &str, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for quote in ['"', '\''] {
        let pattern = format!(" {name}={quote}");
        let mut rest = html;
        while let Some(i) = rest.find(&pattern) {
            rest = &rest[i + pattern.len()..];
            if let Some(end) = rest.find(quote) {
                out.push(decode_entities(&rest[..end]));
            }
        }
    }
    out
}

/// The ids (and `<a name>`) of a page.
fn ids(html: &str) -> BTreeSet<String> {
    let mut set: BTreeSet<String> = attr_values(html, "id").into_iter().collect();
    set.extend(attr_values(html, "name"));
    set
}

/// The URL path under which a file of public/ is served: `/repo/en/index.html`.
fn served_path(public: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(public).expect("inside");
    format!("{BASE_PATH}{}", rel.to_string_lossy().replace('\\', "/"))
}

/// Resolves a reference found on the page served at `page` (a path such as
/// `/repo/en/index.html`) to a path on the host, as a browser would. `None` for
/// other hosts and schemes.
fn resolve(reference: &str, page: &str) -> Option<String> {
    if let Some(rest) = reference.strip_prefix(BASE) {
        return Some(format!("{BASE_PATH}{rest}"));
    }
    if reference.starts_with("//") || reference.contains("://") {
        return None;
    }
    if let Some(colon) = reference.find(':') {
        if !reference[..colon].contains(['/', '?', '#']) {
            return None; // mailto:, data:, tel:…
        }
    }
    if reference.starts_with('/') {
        return Some(reference.to_string());
    }
    let (page_path, _) = page.split_once('#').unwrap_or((page, ""));
    if reference.starts_with('#') || reference.is_empty() {
        return Some(format!("{page_path}{reference}"));
    }
    let dir = &page_path[..page_path.rfind('/').map_or(0, |i| i + 1)];
    let (path, frag) = match reference.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (reference, None),
    };
    let mut parts: Vec<&str> = dir.split('/').collect();
    parts.pop(); // the empty segment after the last `/`
    for seg in path.split('/') {
        match seg {
            "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut joined = parts.join("/");
    let names_a_folder = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    if names_a_folder && !joined.ends_with('/') {
        joined.push('/');
    }
    Some(match frag {
        Some(f) => format!("{joined}#{f}"),
        None => joined,
    })
}

/// The file GitHub Pages serves for a URL path under the base, or why there is none.
fn file_for(public: &Path, url_path: &str) -> Result<PathBuf, String> {
    let path = url_path.split(['?', '#']).next().unwrap_or(url_path);
    let Some(rel) = path.strip_prefix(BASE_PATH) else {
        return Err(format!("outside the base path {BASE_PATH}"));
    };
    let rel = percent_decode(rel);
    let mut file = public.join(&rel);
    if rel.is_empty() || rel.ends_with('/') || file.is_dir() {
        file = file.join("index.html");
    }
    if file.is_file() {
        Ok(file)
    } else {
        Err("no such file".into())
    }
}

/// Every internal reference of every HTML page, checked like GitHub Pages under /repo/.
fn crawl(public: &Path) -> (usize, Vec<String>) {
    let mut id_cache: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut checked = 0;
    for page in walk(public)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
    {
        let html = std::fs::read_to_string(&page).expect("read page");
        let served = served_path(public, &page);
        let mut refs = attr_values(&html, "href");
        refs.extend(attr_values(&html, "src"));
        for r in refs {
            let Some(url) = resolve(&r, &served) else {
                continue;
            };
            checked += 1;
            if page.ends_with("404.html")
                && !r.starts_with('/')
                && !r.starts_with("https://")
                && !r.starts_with('#')
            {
                problems.push(format!(
                    "{}: relative `{r}` in 404.html breaks when it is served at another depth",
                    served
                ));
            }
            let target = match file_for(public, &url) {
                Ok(t) => t,
                Err(why) => {
                    problems.push(format!("{served}: `{r}` → {url}: {why}"));
                    continue;
                }
            };
            if let Some((_, frag)) = url.split_once('#') {
                let frag = percent_decode(frag);
                if frag.is_empty() || frag == "top" {
                    continue;
                }
                let ids = id_cache
                    .entry(target.clone())
                    .or_insert_with(|| ids(&std::fs::read_to_string(&target).unwrap_or_default()));
                if !ids.contains(&frag) {
                    problems.push(format!(
                        "{served}: `{r}`: no id `{frag}` in {}",
                        target.display()
                    ));
                }
            }
        }
    }
    (checked, problems)
}

#[test]
fn every_internal_link_and_anchor_resolves_under_the_sub_path() {
    let site = fixture();
    let public = build(site.path());
    let (checked, problems) = crawl(&public);
    assert!(checked > 200, "the crawl saw only {checked} references");
    assert!(
        problems.is_empty(),
        "{} broken references:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn links_between_articles_become_page_urls_in_the_linking_language() {
    let site = fixture();
    let public = build(site.path());
    let read = |p: &str| std::fs::read_to_string(public.join(p)).expect(p);
    let founding = read("events/founding/index.html");
    assert!(founding.contains("href=\"/repo/events/attack/#first-reports\""));
    assert!(
        founding.contains("href=\"/repo/events/bundle/\""),
        "relative .md link"
    );
    let attack = read("events/attack/index.html");
    assert!(attack.contains("href=\"/repo/events/founding/#background\""));
    assert!(!attack.contains("@/"), "no @/ link is left");
    assert!(!attack.contains(".md\""), "no .md link is left");
    // The Arabic article links to the Arabic page, with its Arabic anchor.
    let ar = read("ar/events/founding/index.html");
    let hrefs = attr_values(&ar, "href");
    assert!(
        hrefs
            .iter()
            .any(|h| h.starts_with("/repo/ar/events/attack/#")
                && percent_decode(h).ends_with("#التقارير-الأولى")),
        "{hrefs:?}"
    );
}

/// A small XML tree, enough to check feeds and sitemaps.
#[derive(Debug, Default)]
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
    children: Vec<El>,
}

impl El {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    fn all(&self, name: &str) -> Vec<&El> {
        self.children.iter().filter(|c| c.name == name).collect()
    }
    fn one(&self, name: &str) -> &El {
        let all = self.all(name);
        assert_eq!(all.len(), 1, "exactly one <{name}> in <{}>", self.name);
        all[0]
    }
}

fn parse_xml(text: &str) -> El {
    fn element(e: &quick_xml::events::BytesStart) -> El {
        El {
            name: e.name().as_ref().to_string(),
            attrs: e
                .attributes()
                .map(|a| {
                    let a = a.expect("attribute");
                    (
                        a.key.as_ref().to_string(),
                        a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                            .expect("attribute value")
                            .into_owned(),
                    )
                })
                .collect(),
            ..El::default()
        }
    }
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<El> = vec![El::default()];
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(element(&e)),
            Event::Empty(e) => {
                let el = element(&e);
                stack.last_mut().expect("parent").children.push(el);
            }
            Event::End(_) => {
                let el = stack.pop().expect("open element");
                stack.last_mut().expect("parent").children.push(el);
            }
            Event::Text(t) => {
                let s = t.to_string();
                stack.last_mut().expect("open").text.push_str(&s);
            }
            Event::CData(t) => {
                let s = t.to_string();
                stack.last_mut().expect("open").text.push_str(&s);
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().expect("char ref") {
                    Some(c) => c.to_string(),
                    None => match &*r {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => panic!("undefined entity &{other};"),
                    },
                };
                stack.last_mut().expect("open").text.push_str(&c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "every element is closed");
    let mut root = stack.pop().expect("document");
    assert_eq!(root.children.len(), 1, "one root element");
    root.children.remove(0)
}

fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'Z'
        && [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
}

// One scenario read top to bottom, kept whole.
#[allow(clippy::too_many_lines)]
#[test]
fn feeds_are_valid_atom_with_absolute_urls_under_the_base() {
    let site = fixture();
    let public = build(site.path());
    let feeds = [
        "atom.xml",
        "ar/atom.xml",
        "topics/alpha/atom.xml",
        "topics/beta/atom.xml",
        "ar/topics/alpha/atom.xml",
        "ar/topics/beta/atom.xml",
    ];
    for path in feeds {
        let text = std::fs::read_to_string(public.join(path)).expect(path);
        let feed = parse_xml(&text);
        assert_eq!(feed.name, "feed", "{path}");
        assert_eq!(feed.attr("xmlns"), Some("http://www.w3.org/2005/Atom"));
        let lang = feed.attr("xml:lang").expect("xml:lang");
        assert_eq!(lang, if path.starts_with("ar/") { "ar" } else { "en" });
        let self_url = format!("{BASE}{path}");
        assert_eq!(feed.one("id").text, self_url, "{path}");
        assert!(!feed.one("title").text.is_empty());
        assert!(!feed.one("author").one("name").text.is_empty());
        let updated = &feed.one("updated").text;
        assert!(is_rfc3339(updated), "{path}: updated `{updated}`");
        let links = feed.all("link");
        assert!(links
            .iter()
            .any(|l| l.attr("rel") == Some("self") && l.attr("href") == Some(self_url.as_str())));
        let entries = feed.all("entry");
        assert!(!entries.is_empty(), "{path} has entries");
        let mut previous: Option<String> = None;
        let mut ids = BTreeSet::new();
        for entry in &entries {
            let id = &entry.one("id").text;
            assert!(id.starts_with(BASE), "{path}: id {id}");
            assert!(ids.insert(id.clone()), "{path}: duplicate id {id}");
            let u = &entry.one("updated").text;
            assert!(is_rfc3339(u), "{path}: entry updated `{u}`");
            assert!(u <= updated, "{path}: feed updated older than an entry");
            if let Some(p) = &previous {
                assert!(u <= p, "{path}: entries newest first");
            }
            previous = Some(u.clone());
            let alternate = entry
                .all("link")
                .into_iter()
                .find(|l| l.attr("rel") == Some("alternate"))
                .and_then(|l| l.attr("href"))
                .expect("rel=alternate link");
            assert_eq!(alternate, id);
            let served = format!("{BASE_PATH}{}", &alternate[BASE.len()..]);
            file_for(&public, &served).unwrap_or_else(|e| panic!("{path}: {alternate}: {e}"));
            let content = entry.one("content");
            assert_eq!(content.attr("type"), Some("html"));
            for r in attr_values(&content.text, "href")
                .into_iter()
                .chain(attr_values(&content.text, "src"))
            {
                assert!(
                    r.starts_with("https://") || r.starts_with("mailto:"),
                    "{path}: relative URL `{r}` in entry content"
                );
                if let Some(rest) = r.strip_prefix(BASE) {
                    let served = format!("{BASE_PATH}{rest}");
                    file_for(&public, &served)
                        .unwrap_or_else(|e| panic!("{path}: content link {r}: {e}"));
                }
            }
        }
    }
    // A month-precision and a year-precision event still get valid instants.
    let all = std::fs::read_to_string(public.join("atom.xml")).expect("feed");
    assert!(
        all.contains("<updated>2022-07-01T00:00:00Z</updated>"),
        "month"
    );
    assert!(
        all.contains("<updated>2014-01-01T00:00:00Z</updated>"),
        "year"
    );
    // `updated:` with an offset becomes UTC, and is the feed's `updated`.
    assert!(all.contains("<updated>2022-09-01T08:30:00Z</updated>\n  <author>"));
    // Only topic entries in a topic feed.
    let beta =
        parse_xml(&std::fs::read_to_string(public.join("topics/beta/atom.xml")).expect("beta"));
    let titles: Vec<String> = beta
        .all("entry")
        .iter()
        .map(|e| e.one("title").text.clone())
        .collect();
    assert_eq!(
        titles,
        [
            "The attack <on> systems & services",
            "A month-precision bundle",
            "A range, not translated"
        ]
    );
}

#[test]
fn sitemap_lists_every_page_with_hreflang_alternates() {
    let site = fixture();
    let public = build(site.path());
    let sitemap = parse_xml(&std::fs::read_to_string(public.join("sitemap.xml")).expect("sitemap"));
    assert_eq!(sitemap.name, "urlset");
    assert_eq!(
        sitemap.attr("xmlns"),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let mut listed = BTreeSet::new();
    for url in sitemap.all("url") {
        let loc = &url.one("loc").text;
        assert!(loc.starts_with(BASE), "{loc}");
        assert!(loc.is_ascii(), "percent-encoded: {loc}");
        let file = file_for(&public, &format!("{BASE_PATH}{}", &loc[BASE.len()..]))
            .unwrap_or_else(|e| panic!("{loc}: {e}"));
        listed.insert(file);
        let alternates = url.all("xhtml:link");
        if loc.ends_with("/events/range/") || loc.ends_with("/events/bundle/") {
            // Not translated: one page, in the original language, with no alternates.
            assert!(alternates.is_empty(), "{loc}: no alternates");
        } else {
            assert!(alternates.len() >= 2, "{loc}: both languages");
            assert!(
                alternates
                    .iter()
                    .any(|a| a.attr("href") == Some(loc.as_str())),
                "{loc} lists itself"
            );
        }
        for a in alternates {
            assert_eq!(a.attr("rel"), Some("alternate"));
            let href = a.attr("href").expect("href");
            assert!(href.starts_with(BASE));
            file_for(&public, &format!("{BASE_PATH}{}", &href[BASE.len()..]))
                .unwrap_or_else(|e| panic!("{href}: {e}"));
        }
    }
    let pages: BTreeSet<PathBuf> = walk(&public)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html") && !p.ends_with("404.html"))
        // Embed views are noindex, for other sites' iframes, and a topic's TimelineJS3
        // page is another view of its topic page (noindex too): not in the sitemap.
        .filter(|p| {
            !p.components()
                .any(|c| c.as_os_str() == "embed" || c.as_os_str() == "timelinejs")
        })
        .collect();
    assert_eq!(listed, pages, "every page and nothing else");

    let robots = std::fs::read_to_string(public.join("robots.txt")).expect("robots");
    assert!(
        robots.contains(&format!("Sitemap: {BASE}sitemap.xml\n")),
        "{robots}"
    );
    assert!(public.join(".nojekyll").is_file());
    assert_eq!(
        std::fs::read_to_string(public.join("CNAME")).expect("CNAME"),
        "timeline.example.org\n"
    );
    assert!(public.join("404.html").is_file());
}

#[test]
fn publishing_files_are_byte_identical_across_builds() {
    let site = fixture();
    let config = timeline::config::Config::load(&BuildOptions {
        root: site.path().to_path_buf(),
        ..BuildOptions::default()
    })
    .expect("config");
    let a = timeline::build_site(&config).expect("build");
    let b = timeline::build_site(&config).expect("build");
    let xml = |files: &[timeline::build::OutputFile]| -> Vec<(String, Vec<u8>)> {
        files
            .iter()
            .filter(|f| f.path.ends_with(".xml") || f.path.ends_with(".txt"))
            .filter_map(|f| match &f.contents {
                timeline::build::Contents::Bytes(b) => Some((f.path.clone(), b.to_vec())),
                timeline::build::Contents::Copy(_) => None,
            })
            .collect()
    };
    assert_eq!(xml(&a.files).len(), 8);
    assert_eq!(xml(&a.files), xml(&b.files));
}
