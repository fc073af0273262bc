//! The theme built into the binary, through the real binary: a site with no themes/
//! folder builds with it; a file under the site's themes/default/ overrides the built-in
//! one (a template, a stylesheet, one string key) and everything else still comes from
//! the binary; `theme = "NAME"` is a full theme read alone; an override written for an
//! older template interface is warned about; errors in built-in templates name them.

mod common;

use std::path::{Path, PathBuf};

use common::{timeline, tree, tree_diff, Run};

/// `timeline init site` in a new temporary folder: (tempdir, site folder).
fn new_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let run = timeline(&["init", "site"], tmp.path());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let site = tmp.path().join("site");
    // A second language, so that the strings of both are in play.
    let toml = std::fs::read_to_string(site.join("site.toml")).expect("site.toml");
    let toml = toml
        .replace(
            "# [[languages]]\n# code = \"ar\"",
            "[[languages]]\ncode = \"ar\"",
        )
        .replace("# name = \"العربية\"", "name = \"العربية\"");
    std::fs::write(site.join("site.toml"), toml).expect("site.toml");
    std::fs::write(
        site.join("content/2024-05-01-the-timeline-starts.ar.md"),
        "---\ntitle: \"يبدأ الخط الزمني\"\ndate: 2024-05-01\ntopics: [main]\n---\n\nالحدث الأول.\n",
    )
    .expect("translation");
    (tmp, site)
}

/// `timeline build --output OUT` in `site`, which must succeed: (run, output tree).
fn build(site: &Path, out: &str) -> (Run, std::collections::BTreeMap<String, Vec<u8>>) {
    let run = timeline(&["build", "--output", out], site);
    assert_eq!(run.code, Some(0), "build failed:\n{}", run.stderr);
    let mut files = tree(&site.join(out));
    files.remove(timeline::layout::MARKER);
    (run, files)
}

fn write(path: &Path, text: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn built_in(rel: &str) -> String {
    let bytes = timeline::theme::builtin::file(rel).unwrap_or_else(|| panic!("no built-in {rel}"));
    String::from_utf8(bytes.to_vec()).expect("utf-8")
}

fn page<'a>(files: &'a std::collections::BTreeMap<String, Vec<u8>>, rel: &str) -> &'a str {
    std::str::from_utf8(files.get(rel).unwrap_or_else(|| panic!("{rel} not built"))).expect("utf-8")
}

const ARTICLE: &str = "events/the-timeline-starts/index.html";

#[test]
fn a_site_without_themes_builds_with_the_built_in_theme() {
    let (_tmp, site) = new_site();
    assert!(!site.join("themes").exists());
    let (run, files) = build(&site, "public");
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    // The stylesheet and the page templates come from the binary.
    assert_eq!(
        files.get("style.css").map(Vec::as_slice),
        timeline::theme::builtin::file("static/style.css")
    );
    let article = page(&files, ARTICLE);
    assert!(article.contains("<article class=\"story"), "{article}");
    assert!(article.contains("Skip to content"), "English strings");
    assert!(page(&files, "ar/index.html").contains("dir=\"rtl\""));
}

#[test]
fn one_template_overridden_the_others_built_in() {
    let (_tmp, site) = new_site();
    let (_, before) = build(&site, "before");
    let mine = built_in("templates/article.html").replace(
        "{% block main %}",
        "{% block main %}<p class=\"mine\">my article template</p>",
    );
    write(&site.join("themes/default/templates/article.html"), &mine);
    let (run, after) = build(&site, "after");
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert!(page(&after, ARTICLE).contains("<p class=\"mine\">my article template</p>"));
    assert!(page(&after, &format!("ar/{ARTICLE}")).contains("class=\"mine\""));
    // Everything else is as the built-in theme makes it.
    let differ: Vec<String> = tree_diff(&before, &after)
        .into_iter()
        .filter(|d| !d.ends_with(ARTICLE))
        .collect();
    assert!(differ.is_empty(), "{differ:?}");
}

#[test]
fn one_string_overridden_key_by_key() {
    let (_tmp, site) = new_site();
    write(
        &site.join("themes/default/i18n/en.toml"),
        "# only the key that changes\nhome = \"Front page\"\n",
    );
    let (_, files) = build(&site, "public");
    let home = page(&files, "index.html");
    assert!(home.contains(">Front page</a>"), "the overridden key");
    assert!(
        !home.contains(">Home</a>"),
        "the built-in text of that key is gone"
    );
    assert!(
        home.contains("Skip to content"),
        "the other keys stay built in"
    );
    // Arabic has its own file, built in, untouched by the English override.
    let ar = page(&files, "ar/index.html");
    assert!(
        !ar.contains("Front page"),
        "Arabic pages keep Arabic strings"
    );
}

#[test]
fn a_stylesheet_overridden() {
    let (_tmp, site) = new_site();
    write(
        &site.join("themes/default/static/style.css"),
        "body { color: teal }\n",
    );
    write(&site.join("themes/default/static/extra/logo.svg"), "<svg/>");
    let (_, files) = build(&site, "public");
    assert_eq!(page(&files, "style.css"), "body { color: teal }\n");
    assert_eq!(page(&files, "extra/logo.svg"), "<svg/>");
}

#[test]
fn a_full_theme_is_read_alone() {
    let (_tmp, site) = new_site();
    let toml = std::fs::read_to_string(site.join("site.toml")).expect("site.toml");
    std::fs::write(
        site.join("site.toml"),
        toml.replace("theme = \"default\"", "theme = \"mine\""),
    )
    .expect("write");
    common::copy_dir(
        &common::base_site().join("themes/plain"),
        &site.join("themes/mine"),
    );
    let (_, files) = build(&site, "public");
    assert!(!files.contains_key("style.css"), "no built-in static file");
    assert!(page(&files, ARTICLE).starts_with("<!doctype html>"));
    assert!(
        !page(&files, ARTICLE).contains("class=\"story"),
        "no built-in template"
    );
}

#[test]
fn an_override_written_for_an_older_interface_is_warned_about() {
    let (_tmp, site) = new_site();
    let current = timeline::theme::interface::header();
    let old = built_in("templates/topic.html").replacen(&current, "{#- interface = 1 -#}", 1);
    write(&site.join("themes/default/templates/topic.html"), &old);
    // An override of the current interface says nothing.
    write(
        &site.join("themes/default/templates/year.html"),
        built_in("templates/year.html"),
    );
    let (run, _) = build(&site, "public");
    let warning =
        "warning: themes/default/templates/topic.html: written for template interface 1; \
                   timeline ";
    assert!(run.stderr.contains(warning), "{}", run.stderr);
    assert_eq!(run.stderr.matches("warning:").count(), 1, "{}", run.stderr);
    for said in [
        "gives interface 4: since interface 2, long timelines are cut into pages",
        "`pager`",
        "`phases`",
        "hint: update the template",
        "make its first line `{#- interface = 4 -#}`",
        "or delete it, and the built-in topic.html is used",
    ] {
        assert!(run.stderr.contains(said), "{said}: {}", run.stderr);
    }
    // `check` reports what build reports.
    let check = timeline(&["check"], &site);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    assert!(check.stderr.contains(warning), "{}", check.stderr);
    // A template with no first-line declaration is taken for interface 1.
    let bare = old.replacen("{#- interface = 1 -#}\n", "", 1);
    write(&site.join("themes/default/templates/topic.html"), bare);
    let (run, _) = build(&site, "public");
    assert!(run.stderr.contains(warning), "{}", run.stderr);
}

#[test]
fn errors_in_built_in_templates_name_them() {
    let (_tmp, site) = new_site();
    // An override of macros.html without the components the built-in pages call.
    write(
        &site.join("themes/default/templates/macros.html"),
        "{#- interface = 3 -#}\n{% component date(d) %}{{ d.display }}{% endcomponent date %}\n",
    );
    let run = timeline(&["build"], &site);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("error: themes/default/templates/")
            && run.stderr.contains(".html (built in):"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("unknown component"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn an_override_linked_outside_the_site_is_an_error() {
    let (tmp, site) = new_site();
    let secret = tmp.path().join("secret.html");
    std::fs::write(&secret, "TOP SECRET").expect("write");
    std::fs::create_dir_all(site.join("themes/default/templates")).expect("mkdir");
    std::os::unix::fs::symlink(&secret, site.join("themes/default/templates/article.html"))
        .expect("ln");
    let run = timeline(&["build"], &site);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: themes/default/templates/article.html: this leads through a symbolic link"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("TOP SECRET"));
}

#[test]
fn eject_everything_then_build_byte_identical() {
    let (_tmp, site) = new_site();
    let (_, built_in) = build(&site, "before");
    let run = timeline(&["theme", "eject"], &site);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let n = timeline::theme::builtin::files().len();
    assert!(
        run.stdout.contains(&format!("Copied {n} files")),
        "{}",
        run.stdout
    );
    // The ejected theme is the repository's themes/default/, file for file.
    let ejected = tree(&site.join("themes/default"));
    let source = tree(&common::repo().join("themes/default"));
    assert!(ejected == source, "{:?}", tree_diff(&source, &ejected));
    let (run, from_files) = build(&site, "after");
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert!(
        built_in == from_files,
        "{:?}",
        tree_diff(&built_in, &from_files)
    );
}

#[test]
fn eject_named_files_and_never_overwrite() {
    let (_tmp, site) = new_site();
    let run = timeline(
        &["theme", "eject", "templates/article.html", "i18n/en.toml"],
        &site,
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let theme = site.join("themes/default");
    assert_eq!(
        tree(&theme).into_keys().collect::<Vec<_>>(),
        ["i18n/en.toml", "templates/article.html"]
    );
    assert_eq!(
        std::fs::read_to_string(theme.join("templates/article.html")).expect("read"),
        built_in("templates/article.html")
    );
    // Again, over an edited file: refused, with nothing written (not even the new one).
    std::fs::write(theme.join("templates/article.html"), "mine").expect("edit");
    let run = timeline(
        &[
            "theme",
            "eject",
            "--root",
            ".",
            "static/style.css",
            "article.html",
        ],
        &site,
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: themes/default/templates/article.html: already exists; not overwriting it"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(theme.join("templates/article.html")).expect("read"),
        "mine"
    );
    assert!(!theme.join("static").exists(), "nothing written");
    // A name the theme does not have.
    let run = timeline(&["theme", "eject", "templates/artcle.html"], &site);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`templates/artcle.html`: the built-in theme has no such file")
            && run
                .stderr
                .contains("did you mean `templates/article.html`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn eject_refuses_a_site_with_a_full_theme() {
    let site = common::TestSite::base();
    let run = timeline(&["theme", "eject"], &site.root);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("this site uses its own full theme, themes/plain, not the built-in one"),
        "{}",
        run.stderr
    );
    assert!(!site.path("themes/default").exists());
}
