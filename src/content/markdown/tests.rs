//! Tests of the HTML a body gives under each raw-HTML policy, and of what is recorded
//! about it (heading ids, links to articles, the first paragraph).

use super::inert::inert_html;
use super::*;

fn render(body: &str, base_path: &str) -> RenderedMarkdown {
    super::render(body, base_path, &MarkdownOptions::default())
}

#[test]
fn extensions_are_on() {
    let r = render(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~\n\n- [x] done\n\nNote[^1].\n\n[^1]: Foot.\n",
        "/",
    );
    assert!(r.html.get().contains("<table>"), "{}", r.html.get());
    assert!(r.html.get().contains("<del>x</del>"));
    assert!(r.html.get().contains("type=\"checkbox\""));
    assert!(r.html.get().contains("footnote-definition"));
}

#[test]
fn heading_ids_auto_explicit_unique_arabic() {
    let r = render(
        "## Hello World\n\n## Hello World\n\n## Custom {#mine}\n\n## الهجوم الإلكتروني\n",
        "/",
    );
    let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(
        ids,
        ["hello-world", "hello-world-1", "mine", "الهجوم-الإلكتروني"]
    );
    assert!(
        r.html
            .get()
            .contains("<h2 id=\"hello-world\">Hello World</h2>"),
        "{}",
        r.html.get()
    );
}

#[test]
fn root_links_get_base_path() {
    let r = render(
        "[a](/x/) [b](https://e.org/) [c](y/) ![i](/img/a.png)",
        "/repo/",
    );
    assert!(r.html.get().contains("href=\"/repo/x/\""));
    assert!(r.html.get().contains("href=\"https://e.org/\""));
    assert!(r.html.get().contains("href=\"y/\""));
    assert!(r.html.get().contains("src=\"/repo/img/a.png\""));
}

#[test]
fn internal_links_are_recorded_with_lines() {
    let r = render(
        "para\n\nsee [x](@/2022-09-07-a.md#sec) and\n[y](@/b.md)\n\n[z](../c.md#part) [w](https://e.org/d.md)\n",
        "/",
    );
    assert_eq!(
        r.internal_links,
        vec![
            InternalLink {
                target: "2022-09-07-a.md".into(),
                fragment: Some("sec".into()),
                line: 3,
                relative: false,
            },
            InternalLink {
                target: "b.md".into(),
                fragment: None,
                line: 4,
                relative: false,
            },
            InternalLink {
                target: "../c.md".into(),
                fragment: Some("part".into()),
                line: 6,
                relative: true,
            },
        ]
    );
}

#[test]
fn first_paragraph_is_plain_text() {
    let r = render("# T\n\nThe *first*\nparagraph `x`.\n\nSecond.", "/");
    assert_eq!(r.first_paragraph, "The first paragraph x.");
    assert!(r.html.get().contains("<code>x</code>"), "{}", r.html.get());
    assert!(!r.may_link_articles);
    assert!(render("[a](b.md)", "/").may_link_articles);
    assert!(render("<a href=\"../c.md\">c</a>", "/").may_link_articles);
}
#[test]
fn nul_becomes_the_replacement_character() {
    let r = render("a\0b\n\n## h\0\n", "/");
    assert_eq!(r.first_paragraph, "a\u{FFFD}b");
    assert!(
        r.html.get().contains("<p>a\u{FFFD}b</p>"),
        "{}",
        r.html.get()
    );
    assert!(!r.html.get().contains('\0'), "{:?}", r.html.get());
}

#[test]
fn first_paragraph_leaves_out_raw_html_and_script_text() {
    let r = render(
        "First <script>alert('firstpara')</script> para with **bold** \
         <STYLE type=x>p{}</style>and <b>kept</b> <scripts>text</scripts>.",
        "/",
    );
    assert_eq!(r.first_paragraph, "First para with bold and kept text.");
    assert!(!r.html.get().contains("alert"), "{}", r.html.get());
}

fn with(mode: RawHtml, hosts: &[&str]) -> MarkdownOptions {
    MarkdownOptions {
        raw_html: mode,
        embed_hosts: hosts.iter().map(|h| h.to_string()).collect(),
    }
}

const HOSTILE: &str =
    "[click](javascript:alert('mdlink')) [d](data:text/html;base64,PHNjcmlwdD4=) \
    ![pic](JavaScript:alert(1)) <vbscript:x> [ok](https://e.org/) [m](mailto:a@b.org) [f](#fn)\n\n\
    ## Attr heading {onclick=alert(12) .c #h}\n";

#[test]
fn unsafe_link_schemes_are_left_out_unless_trusted() {
    for mode in [RawHtml::Sanitize, RawHtml::Escape] {
        let r = super::render(HOSTILE, "/", &with(mode, &[]));
        let html = r.html.get().to_ascii_lowercase();
        for gone in ["javascript", "data:", "href=\"vbscript", "<img"] {
            assert!(!html.contains(gone), "{mode:?}: {gone} in {}", r.html.get());
        }
        for kept in [
            "<p>click d pic vbscript:x ",
            "<a href=\"https://e.org/\">ok</a>",
            "<a href=\"mailto:a@b.org\">m</a>",
            "<a href=\"#fn\">f</a>",
        ] {
            assert!(
                r.html.get().contains(kept),
                "{mode:?}: no {kept} in {}",
                r.html.get()
            );
        }
    }
    let r = super::render(HOSTILE, "/", &with(RawHtml::Trusted, &[]));
    assert!(
        r.html
            .get()
            .contains("href=\"javascript:alert(&#x27;mdlink&#x27;)\""),
        "{}",
        r.html.get()
    );
    assert!(
        r.html.get().contains("src=\"JavaScript:alert(1)\""),
        "{}",
        r.html.get()
    );
}

#[test]
fn heading_attributes_give_only_id_and_class_in_every_mode() {
    for mode in [RawHtml::Sanitize, RawHtml::Escape, RawHtml::Trusted] {
        let r = super::render(HOSTILE, "/", &with(mode, &[]));
        assert!(
            r.html
                .get()
                .contains("<h2 id=\"h\" class=\"c\">Attr heading</h2>"),
            "{mode:?}: {}",
            r.html.get()
        );
        assert!(
            !r.html.get().contains("onclick"),
            "{mode:?}: {}",
            r.html.get()
        );
    }
}

const RAW: &str = "<script>alert('block')</script>\n\nText <b onmouseover=\"x()\">bold</b> \
    <a href=\"javascript:alert(2)\">j</a> <a href=\"other.md\">o</a>\n\n\
    <iframe src=\"https://www.youtube-nocookie.com/embed/x\"></iframe>\n\n\
    | a | b |\n|:--|--:|\n| 1 | 2 |\n";

#[test]
fn raw_html_sanitized() {
    let r = super::render(RAW, "/", &MarkdownOptions::default());
    for gone in ["<script", "alert", "onmouseover", "javascript", "<iframe"] {
        assert!(!r.html.get().contains(gone), "{gone} in {}", r.html.get());
    }
    for kept in [
        "<b>bold</b>",
        "<a>j</a>",
        "<a href=\"other.md\">o</a>",
        "<th style=\"text-align:left\">a</th>",
        "<td style=\"text-align:right\">2</td>",
    ] {
        assert!(r.html.get().contains(kept), "no {kept} in {}", r.html.get());
    }
    assert!(r.may_link_articles);
    let r = super::render(
        RAW,
        "/",
        &with(RawHtml::Sanitize, &["www.youtube-nocookie.com"]),
    );
    assert!(
        r.html
            .get()
            .contains("<iframe src=\"https://www.youtube-nocookie.com/embed/x\"></iframe>"),
        "{}",
        r.html.get()
    );
}

#[test]
fn raw_html_escaped_or_trusted() {
    let r = super::render(RAW, "/", &with(RawHtml::Escape, &[]));
    assert!(
        r.html
            .get()
            .starts_with("<p>&lt;script&gt;alert('block')&lt;/script&gt;\n</p>"),
        "{}",
        r.html.get()
    );
    assert!(
        r.html
            .get()
            .contains("Text &lt;b onmouseover=\"x()\"&gt;bold&lt;/b&gt;"),
        "{}",
        r.html.get()
    );
    assert!(!r.html.get().contains("<b"), "{}", r.html.get());
    let r = super::render(RAW, "/", &with(RawHtml::Trusted, &[]));
    assert!(
        r.html
            .get()
            .starts_with("<script>alert('block')</script>\n"),
        "{}",
        r.html.get()
    );
    assert!(
        r.html.get().contains("<b onmouseover=\"x()\">bold</b>"),
        "{}",
        r.html.get()
    );
    assert!(
        r.html
            .get()
            .contains("<th style=\"text-align: left\">a</th>"),
        "{}",
        r.html.get()
    );
}

#[test]
fn inert_raw_html_is_recognised() {
    let inert = |html: &str| {
        let mut open = Vec::new();
        inert_html(html, &mut open) && open.is_empty()
    };
    for ok in [
        "<br>",
        "<BR/>",
        "<br />",
        "<wbr>",
        "<sup>1</sup>",
        "<b>x <i>y</i></b>",
        "<span>a &amp; b</span>",
        "text\n<hr>\nmore\n",
    ] {
        assert!(inert(ok), "{ok}");
    }
    for not in [
        "<b class=\"x\">",
        "<br onclick=x>",
        "<b>x</i>",
        "</b>",
        "<b>open",
        "<script>",
        "<img src=x>",
        "<div>",
        "<!-- c -->",
        "<b >x</b >",
        "a < b",
        "<br",
        "<sup/>",
        "<br\tonload=x>",
    ] {
        assert!(!inert(not), "{not}");
    }
}

#[test]
fn inert_raw_html_skips_the_sanitizer_unless_left_open() {
    // The sanitiser would write `text-align:left` and `<br>` for `<br/>`.
    let table = "| a |\n|:--|\n| 1 |\n\n";
    let r = render(
        &format!("{table}H<sub>2</sub>O<br/> and <b>bold <i>it</i></b>.\n"),
        "/",
    );
    assert!(
        r.html
            .get()
            .contains("<th style=\"text-align: left\">a</th>"),
        "{}",
        r.html.get()
    );
    assert!(
        r.html
            .get()
            .contains("H<sub>2</sub>O<br/> and <b>bold <i>it</i></b>."),
        "{}",
        r.html.get()
    );
    // Left open at the end of its paragraph, or with an attribute: sanitised.
    for body in [
        "<b>bold\n\nnext\n",
        "x<b>y\n\n</b>\n",
        "<b title=\"t\">x</b>\n",
    ] {
        let r = render(&format!("{table}{body}"), "/");
        assert!(
            r.html.get().contains("text-align:left"),
            "{body}: {}",
            r.html.get()
        );
    }
}

#[test]
fn a_body_too_large_to_sanitize_shows_its_raw_html_as_text() {
    let body = format!(
        "{}\n\n<b class=\"x\" onclick=\"y()\">z</b>\n",
        "<div>".repeat(20_000)
    );
    let started = std::time::Instant::now();
    let r = super::render(&body, "/", &MarkdownOptions::default());
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    assert!(
        r.html.get().starts_with("<p>&lt;div&gt;&lt;div&gt;"),
        "{}",
        &r.html.get()[..80]
    );
    assert!(r
        .html
        .get()
        .contains("&lt;b class=\"x\" onclick=\"y()\"&gt;z&lt;/b&gt;"));
    assert!(!r.html.get().contains("<div") && !r.html.get().contains("<b "));
}

#[test]
fn bodies_without_raw_html_skip_the_sanitizer() {
    // pulldown-cmark writes `text-align: left`; the sanitiser would write `text-align:left`.
    let table = "| a |\n|:--|\n| 1 |\n";
    let r = render(table, "/");
    assert!(
        r.html
            .get()
            .contains("<th style=\"text-align: left\">a</th>"),
        "{}",
        r.html.get()
    );
    let r = render(&format!("{table}\n<b class=\"c\">x</b>\n"), "/");
    assert!(
        r.html
            .get()
            .contains("<th style=\"text-align:left\">a</th>"),
        "{}",
        r.html.get()
    );
}
