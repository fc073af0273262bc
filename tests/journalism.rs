//! The journalism fixture through the real binary and the built-in theme: every page's
//! JSON-LD parses and carries what its type requires, no title can end the script
//! element, corrections move the feeds, and `timeline check` applies site.toml's
//! `[check]` policies and warns about entities no event mentions.

mod common;

use common::{timeline, tree, TestSite};
use serde_json::Value;

/// The journalism fixture with the built-in theme (no themes/ folder, no `theme =`).
fn site() -> TestSite {
    let site = TestSite::from_case("fixtures/journalism");
    std::fs::remove_dir_all(site.path("themes")).expect("remove the test theme");
    let config = site.read("site.toml").replace("theme = \"plain\"\n", "");
    site.write("site.toml", config);
    site
}

/// The JSON-LD of a page: the text of its one `<script type="application/ld+json">`.
fn json_ld(page: &str) -> Value {
    let open = "<script type=\"application/ld+json\">";
    let start = page.find(open).expect("a JSON-LD script") + open.len();
    let end = start + page[start..].find("</script>").expect("its end");
    assert_eq!(page.matches(open).count(), 1, "one JSON-LD script");
    serde_json::from_str(&page[start..end]).expect("valid JSON")
}

fn has(v: &Value, keys: &[&str], page: &str) {
    for k in keys {
        assert!(v.get(k).is_some(), "{page}: no `{k}` in {v}");
    }
}

#[test]
fn every_page_carries_valid_structured_data() {
    let site = site();
    site.build_ok(&[]);
    let pages: Vec<(String, String)> = tree(&site.public())
        .into_iter()
        // An embed view (`embed/ID/`, noindex) is a part of the topic page for other
        // sites' iframes, not a page of its own: no structured data.
        .filter(|(p, _)| p.ends_with(".html") && !p.contains("embed/"))
        .map(|(p, b)| (p, String::from_utf8(b).expect("utf-8")))
        .collect();
    assert!(pages.len() > 20, "{}", pages.len());
    for (path, page) in &pages {
        let v = json_ld(page);
        assert_eq!(v["@context"], "https://schema.org", "{path}");
        let title = if v["@type"] == "NewsArticle" {
            "headline"
        } else {
            "name"
        };
        has(&v, &["@type", title], path);
        let kind = v["@type"].as_str().unwrap_or_default().to_string();
        let expected = match path.as_str() {
            "index.html" | "en/index.html" => "WebSite",
            p if p.contains("/events/") || p.starts_with("events/") => "NewsArticle",
            p if p.contains("entities/tirana/") => "Place",
            p if p.contains("entities/edi-rama/") => "Person",
            p if p.contains("entities/") => "Country",
            // A topic shown by TimelineJS3: a page about the topic's collection, not one.
            p if p.ends_with("/timelinejs/index.html") => "WebPage",
            p if p.contains("topics/") || p.contains("years/") => "CollectionPage",
            p if p.contains("actors/") || p.contains("places/") => "CollectionPage",
            _ => "WebPage",
        };
        assert_eq!(kind, expected, "{path}");
        assert!(
            page.contains("<meta property=\"og:title\""),
            "{path}: Open Graph"
        );
        assert!(page.contains("<meta name=\"twitter:card\""), "{path}");
    }
    let attack = &pages
        .iter()
        .find(|(p, _)| p == "en/events/attack/index.html")
        .expect("the attack page")
        .1;
    let v = json_ld(attack);
    has(
        &v,
        &[
            "datePublished",
            "dateModified",
            "inLanguage",
            "temporalCoverage",
        ],
        "attack",
    );
    assert_eq!(v["temporalCoverage"], "2022-07-15/2022-07-17");
    assert_eq!(v["datePublished"], "2022-09-08");
    assert_eq!(v["dateModified"], "2022-09-30", "the latest correction");
    assert_eq!(v["inLanguage"], "en");
    assert_eq!(
        v["about"][0]["sameAs"],
        "https://www.wikidata.org/wiki/Q794"
    );
    assert_eq!(
        v["about"][0]["url"],
        "https://example.org/site/en/entities/iran/"
    );
    assert_eq!(v["mentions"][0]["@type"], "Place");
    assert_eq!(v["citation"].as_array().map(Vec::len), Some(3));
    assert_eq!(
        v["citation"][1]["archivedAt"],
        "https://web.archive.org/web/2022/https://example.org/denial"
    );
    assert_eq!(v["correction"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["correction"][0]["text"], "Iran's denial was added.");
}

#[test]
fn no_title_can_end_the_script_element() {
    let site = site();
    let hostile = "</script><script>alert(1)</script> <!-- & end";
    let text = site.read("content/attack.en.md").replacen(
        "title: Cyberattack on government systems",
        &format!("title: \"{hostile}\""),
        1,
    );
    site.write("content/attack.en.md", text);
    site.build_ok(&[]);
    let page = site.read("public/en/events/attack/index.html");
    // Only the one closing tag: the title's `</script>` is written `\u003c/script\u003e`.
    let open = "<script type=\"application/ld+json\">";
    let start = page.find(open).expect("script") + open.len();
    let script = &page[start..start + page[start..].find("</script>").expect("end")];
    assert!(!script.contains('<') && !script.contains('>'), "{script}");
    let v: Value = serde_json::from_str(script).expect("valid JSON");
    assert_eq!(v["headline"], hostile, "the title survives, escaped");
}

#[test]
fn a_correction_moves_the_feeds_and_the_sitemap() {
    let site = site();
    site.build_ok(&[]);
    let feed = site.read("public/en/atom.xml");
    let entry = &feed[feed.find("events/attack/").expect("entry")..];
    assert!(
        entry[..400].contains("<updated>2022-09-30T00:00:00Z</updated>"),
        "{feed}"
    );
    assert!(
        feed.contains("  <updated>2022-09-30T00:00:00Z</updated>\n  <author>"),
        "the feed's own updated is its newest entry's"
    );
    let sitemap = site.read("public/sitemap.xml");
    let at = sitemap
        .find("en/events/attack/</loc>")
        .expect("in the sitemap");
    assert!(
        sitemap[at..at + 200].contains("<lastmod>2022-09-30T00:00:00Z</lastmod>"),
        "{}",
        &sitemap[at..at + 200]
    );
    let page = site.read("public/en/events/attack/index.html");
    let page = &page[page
        .find("id=\"corrections-heading\"")
        .expect("corrections")..];
    let newest = page.find("Iran&#39;s denial was added.").expect("newest");
    let older = page.find("The date the attack began").expect("older");
    assert!(newest < older, "corrections newest first");
}

/// `timeline check` with the fixture's own settings: the default policies warn.
#[test]
fn check_warns_by_the_default_policies_and_about_unused_entities() {
    let site = site();
    site.write(
        "content/entities/nato.md",
        "---\nkind: organisation\nname: الناتو\n---\n",
    );
    let root = site.root.to_str().expect("utf-8");
    let run = timeline(&["check", "--root", root], site.dir.path());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for said in [
        "warning: content/mek.md: this article has no sources",
        "warning: content/mek.md:5: the event is `reported` but does not say who claims what",
        "hint: add `attribution:` in the file's language",
        "warning: content/entities/nato.md: no event mentions the entity `nato`",
    ] {
        assert!(run.stderr.contains(said), "{said}:\n{}", run.stderr);
    }
    assert!(
        !run.stderr.contains("archived copy"),
        "archives are off by default:\n{}",
        run.stderr
    );
    // A build says nothing of the policies.
    let build = site.build_ok(&[]);
    assert!(
        !build.stderr.contains("who claims what"),
        "{}",
        build.stderr
    );
}

#[test]
fn check_fails_where_a_policy_is_error() {
    let site = site();
    let config = site.read("site.toml");
    site.write(
        "site.toml",
        format!(
            "{config}\n[check]\nsources = \"off\"\narchives = \"error\"\nattribution = \"error\"\n"
        ),
    );
    let root = site.root.to_str().expect("utf-8");
    let run = timeline(&["check", "--root", root], site.dir.path());
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    for said in [
        "error: content/attack.md:13: the source “بيان الحكومة” has no archived copy",
        "error: content/ties-cut.en.md:9: the source “The prime minister's address” has no archived copy",
        "error: content/mek.md:5: the event is `reported` but does not say who claims what",
    ] {
        assert!(run.stderr.contains(said), "{said}:\n{}", run.stderr);
    }
    assert!(!run.stderr.contains("has no sources"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("“إيران تنفي” has no archived copy"),
        "a source with an archived copy:\n{}",
        run.stderr
    );
}
