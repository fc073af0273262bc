//! Untrusted input in articles, through the real binary and the real theme: what the
//! raw-HTML policy of site.toml (`[markdown] raw_html`, `embed_hosts`) keeps and removes
//! in the built pages and feeds, U+0000 in a body, summaries taken from a first paragraph,
//! and author URLs that are paths on the site. Then the sanitiser over the shared corpora
//! (naughty strings, CommonMark examples): nothing that runs script survives.
//!
//! The errors these inputs can give are in tests/errors.rs (tests/invalid/).

mod common;

use common::TestSite;
use timeline::config::{MarkdownOptions, RawHtml};
use timeline::content::markdown;

/// The base site with the real default theme, the one built into timeline (it prints
/// the meta description, the lede and the sources' archive links), `markdown` appended
/// to site.toml, and `body` as the body of `content/2022-07-15-attack.md` (published at
/// /events/attack/).
fn site_with(markdown: &str, body: &str) -> TestSite {
    let site = TestSite::base();
    std::fs::remove_dir_all(site.path("themes")).expect("rm the base theme");
    let toml = site.read("site.toml").replace("theme = \"plain\"\n", "");
    site.write("site.toml", format!("{toml}\n{markdown}\n"));
    site.write(
        "content/2022-07-15-attack.md",
        format!("---\ntitle: \"The attack\"\ndate: 2022-07-15\ntopics: [cyberattack]\n---\n{body}"),
    );
    site
}

const PAGE: &str = "public/events/attack/index.html";

/// The article's body as the page shows it (between the theme's markers around it).
fn body_of(page: &str) -> &str {
    let start = page.find("<div class=\"prose\"").unwrap_or(0);
    let end = page[start..]
        .find("\n      </div>")
        .map_or(page.len(), |e| start + e);
    &page[start..end]
}

const HOSTILE: &str = "\
<script>alert('block')</script>

<div class=\"note\" onclick=\"alert(3)\" style=\"color: red\">A <b onmouseover=\"alert(4)\">note</b>
<a href=\"javascript:alert('a')\">js</a> <a href=\" JaVaScRiPt:alert(5)\">js2</a>
<a href=\"https://example.org/ok\" title=\"t\">ok</a> <img src=\"data:text/html,x\" alt=\"d\">
<iframe src=\"https://www.youtube-nocookie.com/embed/abc\" width=\"560\" onload=\"alert(6)\"></iframe>
<iframe src=\"https://evil.example/x\"></iframe></div>

Text with [click](javascript:alert('mdlink')), [d](data:text/html;base64,PHNjcmlwdD4=),
![pic](javascript:alert('img')), [mail](mailto:desk@example.org) and a note[^1].

## Attr heading {onclick=alert(12) .c}

| left | right |
|:-----|------:|
| a    | b     |

- [x] done

<figure><img src=\"/images/a.png\" alt=\"A map\"><figcaption>The map</figcaption></figure>

[^1]: The footnote.
";

#[test]
fn sanitize_keeps_formatting_and_removes_what_runs_script() {
    let site = site_with("", HOSTILE);
    site.build_ok(&[]);
    let page = site.read(PAGE);
    let body = body_of(&page);
    for gone in [
        "<script",
        "alert(",
        "onclick",
        "onmouseover",
        "onload",
        "style=\"color",
        "javascript",
        "data:",
        "evil.example",
        "<iframe",
    ] {
        assert!(!body.contains(gone), "`{gone}` survived in:\n{body}");
    }
    for kept in [
        "<div class=\"note\">A <b>note</b>",
        "<a>js</a> <a>js2</a>",
        "<a href=\"https://example.org/ok\" title=\"t\">ok</a>",
        "<img alt=\"d\">",
        "Text with click, d,\npic, <a href=\"mailto:desk@example.org\">mail</a>",
        "<h2 id=\"attr-heading\" class=\"c\">Attr heading</h2>",
        "<th style=\"text-align:left\">left</th>",
        "<td style=\"text-align:right\">b</td>",
        "<input disabled=\"\" type=\"checkbox\" checked=\"\">",
        "<figure><img src=\"/images/a.png\" alt=\"A map\"><figcaption>The map</figcaption></figure>",
        "<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup>",
        "<div class=\"footnote-definition\" id=\"1\">",
    ] {
        assert!(body.contains(kept), "lost `{kept}` in:\n{body}");
    }
    // The sanitiser's output does not vary between runs (its sets are hashed).
    site.build_ok(&["--output", "again"]);
    let again = std::fs::read_to_string(site.dir.path().join("again/events/attack/index.html"))
        .expect("second build");
    assert!(again == page, "two builds differ");
    // The feed carries the same sanitised body.
    let feed = site.read("public/atom.xml");
    assert!(!feed.contains("&lt;script"), "{feed}");
    assert!(!feed.contains("javascript"), "{feed}");
    assert!(feed.contains("&lt;b&gt;note&lt;/b&gt;"), "{feed}");
}

#[test]
fn iframes_only_from_the_embed_hosts() {
    let site = site_with(
        "[markdown]\nembed_hosts = [\"www.youtube-nocookie.com\"]",
        HOSTILE,
    );
    site.build_ok(&[]);
    let page = site.read(PAGE);
    let body = body_of(&page);
    assert!(
        body.contains(
            "<iframe src=\"https://www.youtube-nocookie.com/embed/abc\" width=\"560\"></iframe>"
        ),
        "{body}"
    );
    assert_eq!(body.matches("<iframe").count(), 1, "{body}");
    assert!(
        !body.contains("evil.example") && !body.contains("onload"),
        "{body}"
    );
}

#[test]
fn escape_shows_raw_html_as_text() {
    let site = site_with("[markdown]\nraw_html = \"escape\"", HOSTILE);
    site.build_ok(&[]);
    let page = site.read(PAGE);
    let body = body_of(&page);
    assert!(
        body.contains("<p>&lt;script&gt;alert('block')&lt;/script&gt;"),
        "{body}"
    );
    assert!(body.contains("&lt;iframe src="), "{body}");
    for gone in [
        "<script",
        "<iframe",
        "<div class=\"note\"",
        "<b ",
        "<a href=\"javascript",
    ] {
        assert!(!body.contains(gone), "`{gone}` in:\n{body}");
    }
    // Markdown still works, under the same URL rules.
    assert!(body.contains("Text with click, d,"), "{body}");
    assert!(
        body.contains("<th style=\"text-align: left\">left</th>"),
        "{body}"
    );
    assert!(
        body.contains("<h2 id=\"attr-heading\" class=\"c\">"),
        "{body}"
    );
}

#[test]
fn trusted_passes_raw_html_through() {
    let site = site_with("[markdown]\nraw_html = \"trusted\"", HOSTILE);
    site.build_ok(&[]);
    let page = site.read(PAGE);
    let body = body_of(&page);
    for kept in [
        "<script>alert('block')</script>",
        "<div class=\"note\" onclick=\"alert(3)\" style=\"color: red\">",
        "<a href=\"javascript:alert('a')\">js</a>",
        "<iframe src=\"https://evil.example/x\"></iframe>",
        "href=\"javascript:alert(&#x27;mdlink&#x27;)\"",
    ] {
        assert!(body.contains(kept), "lost `{kept}` in:\n{body}");
    }
    // Heading attributes give only an id and classes, in every mode.
    assert!(
        body.contains("<h2 id=\"attr-heading\" class=\"c\">Attr heading</h2>"),
        "{body}"
    );
}

#[test]
fn nul_is_shown_as_the_replacement_character_everywhere() {
    let site = site_with("", "a\0b is the first paragraph.\n\nAnd c\0d.\n");
    site.build_ok(&[]);
    let page = site.read(PAGE);
    let home = site.read("public/index.html");
    let feed = site.read("public/atom.xml");
    for (name, text) in [("page", &page), ("home", &home), ("feed", &feed)] {
        assert!(!text.contains('\0'), "{name} holds U+0000");
    }
    assert!(
        page.contains("<meta name=\"description\" content=\"a\u{FFFD}b is the first paragraph.\">"),
        "{page}"
    );
    assert!(
        page.contains(">a\u{FFFD}b is the first paragraph.</p>"),
        "lede: {page}"
    );
    assert!(page.contains("<p>And c\u{FFFD}d.</p>"), "{page}");
    assert!(
        home.contains("a\u{FFFD}b is the first paragraph."),
        "{home}"
    );
    assert!(
        feed.contains("<summary>a\u{FFFD}b is the first paragraph.</summary>"),
        "{feed}"
    );
    assert!(feed.contains("And c\u{FFFD}d."), "{feed}");
}

#[test]
fn a_summary_from_the_first_paragraph_has_no_script_text() {
    let body = "First <script>alert('firstpara')</script> para with **bold** \
                <style>p { color: red }</style>text.\n\nSecond.\n";
    for mode in ["sanitize", "escape", "trusted"] {
        let site = site_with(&format!("[markdown]\nraw_html = \"{mode}\""), body);
        site.build_ok(&[]);
        let page = site.read(PAGE);
        let meta = "<meta name=\"description\" content=\"First para with bold text.\">";
        assert!(page.contains(meta), "{mode}: {page}");
        let feed = site.read("public/atom.xml");
        assert!(
            feed.contains("<summary>First para with bold text.</summary>"),
            "{mode}: {feed}"
        );
        let home = site.read("public/index.html");
        assert!(
            !home.contains("firstpara") && !home.contains("color: red"),
            "{mode}"
        );
    }
}

#[test]
fn site_paths_in_front_matter_get_the_base_path() {
    let site = site_with("", "Body.\n");
    site.write(
        "content/2022-07-15-attack.md",
        "---\ntitle: \"The attack\"\ndate: 2022-07-15\ntopics: [cyberattack]\n\
         image: \"/images/a.png\"\nimage_alt: \"A map\"\nsources:\n  - title: \"R\"\n    \
         url: \"https://example.org/r\"\n    archive_url: \"/copies/r.pdf\"\n  - title: \"S\"\n    \
         url: \"https://example.org/s\"\n    archive_url: \"https://web.archive.org/web/2022/s\"\n---\nBody.\n",
    );
    site.build_ok(&["--base-url", "https://user.github.io/repo/"]);
    let page = site.read(PAGE);
    assert!(page.contains("src=\"/repo/images/a.png\""), "{page}");
    assert!(page.contains("href=\"/repo/copies/r.pdf\""), "{page}");
    assert!(
        page.contains("href=\"https://web.archive.org/web/2022/s\""),
        "{page}"
    );
}

// ---------------------------------------------------------------------------------------
// The sanitiser over the corpora

fn corpus(name: &str) -> serde_json::Value {
    let path = common::tests_dir().join("fixtures/corpora").join(name);
    let text = std::fs::read_to_string(&path).expect("read corpus");
    serde_json::from_str(&text).expect("corpus is JSON")
}

/// What in `html` could run script: a `<script>` element, an `on…` attribute, or an
/// `href`/`src`/`action`/`formaction` whose scheme is not http(s), mailto or tel.
fn script_in(html: &str) -> Option<String> {
    if html.to_ascii_lowercase().contains("<script") {
        return Some("<script".into());
    }
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let end = tag_end(rest);
        if let Some(problem) = attribute_problem(&rest[..end]) {
            return Some(format!("<{}: {problem}", &rest[..end]));
        }
        rest = &rest[end..];
    }
    None
}

/// Where the tag `s` (after its `<`) ends: its `>` outside quotes.
fn tag_end(s: &str) -> usize {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i,
            _ => {}
        }
    }
    s.len()
}

/// An attribute of `tag` (`name attr="v" …`) that could run script.
fn attribute_problem(tag: &str) -> Option<String> {
    let mut rest = tag.trim_start_matches(|c: char| !c.is_whitespace());
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return None;
        }
        let name_len = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_len].to_ascii_lowercase();
        rest = &rest[name_len..];
        let mut value = "";
        if let Some(after) = rest.trim_start().strip_prefix('=') {
            let after = after.trim_start();
            let (v, len) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let close = after[1..].find(q).map_or(after.len(), |i| i + 1);
                    (&after[1..close.min(after.len())], close + 1)
                }
                _ => {
                    let len = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..len], len)
                }
            };
            value = v;
            rest = after.get(len..).unwrap_or("");
        }
        if name.starts_with("on") {
            return Some(format!("attribute {name}"));
        }
        let is_url = matches!(name.as_str(), "href" | "src" | "action" | "formaction");
        if is_url && !plain_scheme(value) {
            return Some(format!("{name}={value:?}"));
        }
    }
}

/// The URL, as a browser reads it (entities decoded, controls and spaces dropped), has
/// no scheme or an allowed one.
fn plain_scheme(url: &str) -> bool {
    let decoded = url
        .replace("&amp;", "&")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&colon;", ":")
        .replace("&#58;", ":")
        .replace("&#x3a;", ":");
    // The URL standard strips C0 controls and spaces at either end, and drops tabs and
    // line breaks anywhere.
    let squeezed: String = decoded
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    // A scheme is a letter, then letters, digits, `+`, `-` or `.`, then `:`; a URL
    // without one is relative.
    let scheme = squeezed.split_once(':').map(|(s, _)| s).filter(|s| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    scheme.is_none_or(|s| ["http", "https", "mailto", "tel"].contains(&s))
}

#[test]
fn the_checker_finds_what_runs_script() {
    // The checker itself must be able to fail.
    for bad in [
        "<p><script>x</script></p>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">",
        "<a href=\" JAVA&#x3a;script:x\">",
        "<a href=\"\u{1} java\tscr\nipt:x\">",
        "<a title='>' href=data:text/html,x>",
        "<form action=\"vbscript:x\">",
    ] {
        assert!(script_in(bad).is_some(), "{bad}");
    }
    for good in [
        "<p>onerror=alert(1) as text, &lt;script&gt;</p>",
        "<a href=\"https://e.org/a:b\" title=\"on=\">x</a>",
        "<img src=\"/a:b.png\" alt=\"javascript:\">",
        "<img src=\"jav   ascript:x\"><a href=\"java\u{1}script:x\">",
    ] {
        assert_eq!(script_in(good), None, "{good}");
    }
}

/// Every body of `bodies` rendered in sanitize mode; the failures.
fn sanitize_all<'a>(bodies: impl Iterator<Item = (String, String)> + 'a) -> Vec<String> {
    let policy = MarkdownOptions {
        raw_html: RawHtml::Sanitize,
        embed_hosts: vec!["www.youtube-nocookie.com".into()],
    };
    let mut failures = Vec::new();
    for (name, body) in bodies {
        let html = markdown::render(&body, "/site/", &policy).html.get();
        if let Some(problem) = script_in(&html) {
            failures.push(format!("{name}: {problem}\n  in: {html}"));
        }
    }
    failures
}

#[test]
fn naughty_strings_sanitized_never_run_script() {
    let strings = corpus("blns.json");
    let strings: Vec<&str> = strings
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(
        strings.iter().any(|s| s.contains("<script>")),
        "the corpus has scripts"
    );
    let bodies = strings.iter().enumerate().flat_map(|(i, s)| {
        [
            (format!("blns-{i}"), s.to_string()),
            (format!("blns-{i}-div"), format!("<div>\n{s}\n</div>\n")),
            (format!("blns-{i}-inline"), format!("Text {s} text.\n")),
            (
                format!("blns-{i}-link"),
                format!("[x]({s}) ![y]({s}) <{s}>\n"),
            ),
            (format!("blns-{i}-heading"), format!("## H {{{s}}}\n")),
        ]
    });
    let failures = sanitize_all(bodies);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn commonmark_examples_sanitized_never_run_script() {
    let examples = corpus("commonmark-examples.json");
    let examples = examples.as_array().expect("a list");
    assert!(examples.len() > 600);
    // Each example alone, then followed and wrapped by hostile HTML and links: an
    // example that leaves an HTML block, a fence or a link open changes how they parse.
    let tail =
        "\n\n[x](javascript:alert(1)) <a href=\"javascript:alert(2)\" onclick=\"x()\">y</a>\n\
                <img src=x onerror=alert(3)><script>alert(4)</script>\n";
    let bodies = examples.iter().flat_map(|ex| {
        let n = ex["number"].as_u64().unwrap_or(0);
        let md = ex["markdown"].as_str().unwrap_or("");
        [
            (format!("commonmark-{n}"), md.to_string()),
            (format!("commonmark-{n}-tail"), format!("{md}{tail}")),
            (
                format!("commonmark-{n}-wrapped"),
                format!("<div onmouseover=\"x()\">\n\n{md}\n\n</div>{tail}"),
            ),
        ]
    });
    let failures = sanitize_all(bodies);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Two examples hold a raw `<script>` of their own.
    let scripts = examples
        .iter()
        .filter_map(|ex| ex["markdown"].as_str())
        .filter(|m| m.contains("<script"))
        .count();
    assert_eq!(scripts, 2);
}
