//! One test per error a user can meet, through the real binary.
//!
//! Each case is a folder `tests/invalid/<case>/` laid over the base site
//! (`tests/fixtures/_base`, see tests/common) holding only what is broken, plus
//! `expected.txt`: the whole expected stderr (the temporary site folder written `{root}`).
//! Each test also states, in code, the facts that matter: exit status 1, the file, line
//! and column, the message and the hint, and that an existing output folder is left
//! byte-for-byte as it was.
//!
//! After a deliberate change of wording, rewrite every expected.txt with
//! `UPDATE_EXPECTED=1 cargo test --test errors` and review the diff.

mod common;

use common::{plant_marker_output, tree, tree_diff, TestSite};

/// One `error:` block of stderr: its first line (without `error: `) and its hint.
#[derive(Debug)]
struct Reported {
    head: String,
    hint: String,
}

fn parse_stderr(stderr: &str) -> Vec<Reported> {
    let mut out: Vec<Reported> = Vec::new();
    for line in stderr.lines() {
        if let Some(head) = line.strip_prefix("error: ") {
            out.push(Reported {
                head: head.to_string(),
                hint: String::new(),
            });
        } else if let Some(hint) = line.trim_start().strip_prefix("hint: ") {
            if let Some(last) = out.last_mut() {
                last.hint = hint.to_string();
            }
        } else if let Some(last) = out.last_mut() {
            if !line.starts_with("build failed") {
                // A hint spread over several lines.
                last.hint.push('\n');
                last.hint.push_str(line);
            }
        }
    }
    out
}

/// What a failing build printed.
struct Failure {
    stderr: String,
    errors: Vec<Reported>,
}

impl Failure {
    /// Asserts that one error is reported at `location` (`path[:line[:col]]`, exactly),
    /// with `message` in its text and `hint` in its hint.
    fn has(&self, location: &str, message: &str, hint: &str) -> &Self {
        let prefix = format!("{location}: ");
        let found = self.errors.iter().any(|e| {
            e.head.starts_with(&prefix) && e.head.contains(message) && e.hint.contains(hint)
        });
        assert!(
            found,
            "expected an error at `{location}` saying `{message}` with hint `{hint}`; got:\n{}",
            self.stderr
        );
        self
    }

    fn count(&self, n: usize) -> &Self {
        assert_eq!(
            self.errors.len(),
            n,
            "number of errors in:\n{}",
            self.stderr
        );
        let summary = format!(
            "build failed: {n} {}",
            if n == 1 { "error" } else { "errors" }
        );
        assert!(
            self.stderr.trim_end().ends_with(&summary),
            "stderr should end with `{summary}`:\n{}",
            self.stderr
        );
        self
    }
}

/// Builds `case` (after `prepare`) over an existing public/, and checks what every
/// failed build must do: exit 1, print its errors, write nothing, leave public/ as it
/// was and no staging folder behind; then compares stderr with `expected.txt`.
fn fail_with(case: &str, prepare: impl FnOnce(&TestSite), args: &[&str]) -> Failure {
    let site = TestSite::from_case(&format!("invalid/{case}"));
    prepare(&site);
    plant_marker_output(&site.public());
    let before_public = tree(&site.public());
    let before_all = tree(site.dir.path());

    let run = site.build(args);

    assert_eq!(run.code, Some(1), "exit status; stderr:\n{}", run.stderr);
    assert!(
        !run.stderr.contains("panicked"),
        "the tool panicked:\n{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "nothing on stdout: {:?}", run.stdout);
    let after_public = tree(&site.public());
    assert!(
        before_public == after_public,
        "public/ changed: {:?}",
        tree_diff(&before_public, &after_public)
    );
    let after_all = tree(site.dir.path());
    assert!(
        before_all == after_all,
        "the site folder changed: {:?}",
        tree_diff(&before_all, &after_all)
    );
    let errors = parse_stderr(&run.stderr);
    assert!(!errors.is_empty(), "no `error:` line in:\n{}", run.stderr);
    for e in &errors {
        assert!(
            !e.hint.trim().is_empty(),
            "error without a hint: {}",
            e.head
        );
    }
    compare_expected(case, &site, &run.stderr);
    Failure {
        stderr: run.stderr,
        errors,
    }
}

fn fail(case: &str) -> Failure {
    fail_with(case, |_| {}, &[])
}

fn compare_expected(case: &str, site: &TestSite, stderr: &str) {
    let root = site.root.display().to_string();
    let actual = stderr.replace(&root, "{root}");
    let path = common::tests_dir()
        .join("invalid")
        .join(case)
        .join("expected.txt");
    if std::env::var_os("UPDATE_EXPECTED").is_some() {
        std::fs::write(&path, &actual).expect("write expected.txt");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}\n(run UPDATE_EXPECTED=1 cargo test --test errors to create it)",
            path.display()
        )
    });
    assert_eq!(
        actual.trim_end(),
        expected.trim_end(),
        "stderr differs from {} (after a deliberate change of wording: UPDATE_EXPECTED=1 cargo test --test errors)",
        path.display()
    );
}

const ARTICLE: &str = "content/2022-07-15-attack.md";

#[test]
fn invalid_yaml_points_at_the_line_in_the_article() {
    // The YAML's third line is the file's fourth: the opening `---` counts.
    fail("invalid-yaml").count(1).has(
        &format!("{ARTICLE}:4:16"),
        "invalid YAML in front matter: mapping values are not allowed",
        "needs double quotes",
    );
}

#[test]
fn no_front_matter() {
    fail("no-front-matter").count(1).has(
        &format!("{ARTICLE}:1:1"),
        "no front matter: an article must start with a `---` line (the first line is `# The attack`)",
        "start the file with a line `---`",
    );
}

#[test]
fn unclosed_fence() {
    fail("unclosed-fence").count(1).has(
        &format!("{ARTICLE}:1:1"),
        "unclosed front matter",
        "end the front matter with a line holding only `---`",
    );
}

#[test]
fn missing_title() {
    fail("missing-title").count(1).has(
        &format!("{ARTICLE}:1:1"),
        "missing `title` in front matter",
        "title: ",
    );
}

#[test]
fn missing_date() {
    fail("missing-date").count(1).has(
        &format!("{ARTICLE}:1:1"),
        "missing `date` in front matter",
        "date: 2022-09-07",
    );
}

#[test]
fn missing_topics() {
    fail("missing-topics").count(1).has(
        &format!("{ARTICLE}:1:1"),
        "missing `topics` in front matter",
        "topics: [cyberattack]",
    );
}

#[test]
fn unknown_topic_suggests_the_closest() {
    fail("unknown-topic").count(1).has(
        &format!("{ARTICLE}:4:21"),
        "unknown topic `cyberatack`",
        "did you mean `cyberattack`? topics defined in site.toml: `cyberattack`, `relations`",
    );
}

#[test]
fn unknown_key_suggests_the_closest() {
    fail("unknown-key").count(1).has(
        &format!("{ARTICLE}:2:1"),
        "unknown key `titel`",
        "did you mean `title`?",
    );
}

#[test]
fn impossible_date() {
    fail("impossible-date").count(1).has(
        "content/2022-02-30-attack.md:4:7",
        "2022-02-30 is not a date: February 2022 has 28 days",
        "YYYY-MM-DD",
    );
}

#[test]
fn range_ending_before_its_start() {
    fail("end-before-start").count(1).has(
        "content/2022-07-attack.md:4:7",
        "the range ends (2022-07-15) before it starts (2022-07-17)",
        "put the earlier date first",
    );
}

#[test]
fn two_files_writing_the_same_url() {
    // 2022-01-01-x.md and 2023-x.md both get the slug `x`: reported once, not per language.
    let f = fail("duplicate-url");
    f.count(1).has(
        "content/2023-x.md",
        "`content/2022-01-01-x.md` and `content/2023-x.md` would both be written to /events/x/",
        "`slug:`",
    );
}

#[test]
fn a_content_file_on_the_path_of_a_generated_file() {
    // content/robots.txt would be copied where the build writes its own robots.txt.
    let f = fail("file-on-a-generated-path");
    f.count(1).has(
        "content/robots.txt",
        "this file would be written to /robots.txt, where another file goes",
        "rename one of them",
    );
}

#[test]
fn non_utf8_file() {
    // "Café" saved as Latin-1: the é is the single byte 0xE9, on line 2, column 12.
    let f = fail_with(
        "non-utf8",
        |site| {
            site.write(
                "content/2022-cafe.md",
                b"---\ntitle: \"Caf\xe9\"\ndate: 2022\ntopics: [relations]\n---\nBody.\n",
            )
        },
        &[],
    );
    f.count(1).has(
        "content/2022-cafe.md:2:12",
        "the file is not valid UTF-8 text",
        "save the file as UTF-8",
    );
}

#[test]
fn archive_url_must_be_a_web_address_or_a_site_path() {
    // The third source's `/copies/kept.pdf`, a path on the site, is accepted.
    fail("unsafe-archive-url")
        .count(2)
        .has(
            &format!("{ARTICLE}:8:19"),
            "`archive_url` `javascript:alert('archive')` is not an http(s) address or a path on this site: `javascript:` addresses are not allowed",
            "give the archived copy's address, starting with https://",
        )
        .has(
            &format!("{ARTICLE}:11:19"),
            "`archive_url` `data:text/html,<script>alert(8)</script>` is not an http(s) address or a path on this site: `data:` addresses are not allowed",
            "`javascript:`, `data:` and other schemes are not allowed",
        );
}

#[test]
fn image_must_be_a_web_address_or_a_site_path() {
    // 2022-07-17-photo.md's `/images/photo.jpg` is accepted.
    fail("unsafe-image-url")
        .count(2)
        .has(
            &format!("{ARTICLE}:5:9"),
            "`image` `javascript:alert('img')` is not an http(s) address or a path on this site: `javascript:` addresses are not allowed",
            "give an address starting with https:// or a path on this site",
        )
        .has(
            "content/2022-07-16-response.md:6:9",
            "`image` `//evil.example/pixel.png` is not an http(s) address or a path on this site: it starts like an address on another site, without its `https:`",
            "give an address starting with https://",
        );
}

#[test]
fn slugs_from_file_names_are_checked_like_slug() {
    // `2022-01-08-renamed?.md` sets `slug:`, so its name does not matter.
    let f = fail_with(
        "file-name-slug",
        |site| {
            site.write(
                "content/2022-01-09-two\nlines.md",
                "---\ntitle: \"Two lines\"\ndate: 2022\ntopics: [relations]\n---\n",
            )
        },
        &[],
    );
    let hint = "rename the file with letters, digits and hyphens (no spaces, `#`, `?`, `%`, `/` or leading `.`), or set `slug:` in its front matter";
    f.count(3)
        .has(
            "content/2022-..md",
            "the file name gives the slug `.`, which cannot be part of a URL",
            hint,
        )
        .has(
            "content/2022-01-06-x y#z?q%.md",
            "the file name gives the slug `x y#z?q%`, which cannot be part of a URL",
            hint,
        )
        .has(
            "content/2022-01-09-two\\nlines.md",
            "the file name gives the slug `two\\nlines`, which cannot be part of a URL",
            hint,
        );
}

#[test]
fn template_syntax_error_names_template_and_line() {
    fail("template-syntax").count(1).has(
        "themes/plain/templates/topic.html:5:39",
        "template syntax error: found `}` but expected }}",
        "Tera 2 syntax",
    );
}

#[test]
fn template_unknown_variable_names_template_and_line() {
    // Tera points at `author`; the message shows, and points at, the whole path.
    fail("template-unknown-variable").count(1).has(
        "themes/plain/templates/article.html:4:25",
        "unknown variable `article.author` while rendering 'article.html'",
        "`article` has no `author`; it has: actors, attribution, body, corrections, date,",
    );
}

#[test]
fn tera1_macros_are_reported_in_every_template() {
    // A theme written for Tera 1: each template's syntax error is reported, together,
    // with a hint towards components.
    fail("template-tera1-macros")
        .count(2)
        .has(
            "themes/plain/templates/article.html:3:6",
            "template syntax error: unknown tag `import`",
            "Tera 2 has no macros: define `{% component name(arg) %}",
        )
        .has(
            "themes/plain/templates/macros.html:1:4",
            "template syntax error: unknown tag `macro`",
            "call it as `{{ <name arg={value} /> }}`",
        );
}

#[test]
fn component_called_with_an_unknown_argument() {
    fail("template-component-argument").count(1).has(
        "themes/plain/templates/article.html:4:7",
        "component `date` has no argument `lang` while rendering 'article.html'",
        "`date` takes `d`",
    );
}

#[test]
fn unknown_filter_component_and_function_are_reported_together() {
    // Caught when the templates are loaded, before any page is rendered.
    fail("template-unknown-names")
        .count(3)
        .has(
            "themes/plain/templates/index.html:3:24",
            "unknown filter `shout`",
            "lists the functions and filters",
        )
        .has(
            "themes/plain/templates/index.html:4:8",
            "unknown component `masthead`",
            "{% component name(…) %}",
        )
        .has(
            "themes/plain/templates/year.html:4:7",
            "unknown function `translate`",
            "lists the functions and filters",
        );
}

#[test]
fn missing_interface_string_names_the_call_and_each_language() {
    fail("template-missing-string")
        .count(2)
        .has(
            "themes/plain/templates/article.html:5:22",
            "the theme has no interface string `byline` for `ar` (i18n/ar.toml)",
            "add the key to the theme's i18n file",
        )
        .has(
            "themes/plain/templates/article.html:5:22",
            "the theme has no interface string `byline` for `en` (i18n/en.toml)",
            "add the key to the theme's i18n file",
        );
}

#[test]
fn error_inside_a_component_names_its_line_and_the_call() {
    fail("template-error-in-component").count(1).has(
        "themes/plain/templates/components.html:3:37",
        "unknown variable `a.date.year` while rendering 'article.html'",
        "called from themes/plain/templates/article.html:4:4",
    );
}

#[test]
fn site_toml_unknown_key() {
    fail("config-unknown-key").count(1).has(
        "site.toml:4:1",
        "unknown field `titel`",
        "did you mean `title`?",
    );
}

#[test]
fn site_toml_bad_base_url() {
    fail("config-bad-base-url").count(1).has(
        "site.toml:6:12",
        "base_url `example.org/site/` must start with https:// or http://",
        "base_url = \"https://",
    );
}

#[test]
fn site_toml_base_url_with_a_space() {
    fail("config-base-url-space").count(1).has(
        "site.toml:6:12",
        "base_url `https://example.org/my site/` holds a space or a control character",
        "base_url = \"https://",
    );
}

#[test]
fn site_toml_base_url_with_a_user_name_and_password() {
    fail("config-base-url-userinfo").count(1).has(
        "site.toml:6:12",
        "base_url `https://user:pass@example.org/site/` holds a user name or password",
        "base_url = \"https://",
    );
}

#[test]
fn site_toml_base_url_with_an_invalid_host() {
    fail("config-base-url-host").count(1).has(
        "site.toml:6:12",
        "base_url `https://example_org/site/` has an invalid host name `example_org`",
        "base_url = \"https://",
    );
}

#[test]
fn bad_base_urls_on_the_command_line_are_refused() {
    let site = TestSite::from_case("fixtures/basic");
    plant_marker_output(&site.public());
    let before = tree(&site.public());
    for (url, message) in [
        ("https://x.org/a b/", "holds a space or a control character"),
        ("https://user:pass@x.org/", "holds a user name or password"),
        (
            "https://x.org:port/",
            "has an invalid host name `x.org:port`",
        ),
    ] {
        let run = site.build(&["--base-url", url]);
        assert_eq!(run.code, Some(1), "{url}: {}", run.stderr);
        let errors = parse_stderr(&run.stderr);
        assert_eq!(errors.len(), 1, "{}", run.stderr);
        assert!(
            errors[0].head.starts_with("--base-url: base_url `")
                && errors[0].head.contains(message),
            "{url}: {}",
            run.stderr
        );
        assert!(
            errors[0].hint.contains("--base-url https://"),
            "{}",
            run.stderr
        );
    }
    assert!(before == tree(&site.public()), "public/ changed");
}

#[test]
fn site_toml_cname_that_is_not_a_host_name() {
    fail("config-cname").count(1).has(
        "site.toml:8:9",
        "cname `a.example.org\\n<script>` is not a host name",
        "a custom domain such as \"timeline.example.org\"",
    );
}

#[test]
fn site_toml_unknown_raw_html_mode() {
    fail("config-raw-html").count(1).has(
        "site.toml:10:12",
        "unknown variant `unsafe`, expected one of `sanitize`, `trusted`, `escape`",
        "write one of: sanitize, trusted, escape",
    );
}

#[test]
fn site_toml_embed_host_that_is_not_a_host_name() {
    fail("config-embed-host").count(1).has(
        "site.toml:10:44",
        "embed host `https://player.vimeo.com/video` is not a host name",
        "list host names only",
    );
}

#[test]
fn site_toml_default_language_not_in_languages() {
    fail("config-default-language").count(1).has(
        "site.toml:7:20",
        "default_language `fr` is not one of the languages (ar, en)",
        "add it under [[languages]]",
    );
}

#[test]
fn site_toml_syntax_error() {
    fail("config-syntax").count(1).has(
        "site.toml:5:38",
        "invalid basic string, expected `\"`",
        "site.toml is TOML: check quotes",
    );
}

#[test]
fn site_toml_unknown_theme_at_its_line() {
    fail("config-unknown-theme").count(1).has(
        "site.toml:5:9",
        "theme `nope` not found: themes/nope has no templates/ folder",
        "set theme = \"default\"",
    );
}

#[test]
fn site_toml_bad_colour_at_its_topic() {
    fail("config-bad-colour").count(1).has(
        "site.toml:26:9",
        "topic `relations`: `blue` is not a colour",
        "hex colour",
    );
}

#[test]
fn site_toml_bad_phase_date_at_its_character() {
    fail("config-bad-phase-date").count(1).has(
        "site.toml:29:14",
        "phase of topic `relations`: month 13 does not exist",
        "YYYY-MM-DD",
    );
}

#[test]
fn site_toml_bad_language_code_at_its_value() {
    fail("config-bad-language-code").count(1).has(
        "site.toml:15:8",
        "`English` is not a language code",
        "BCP 47",
    );
}

#[test]
fn site_toml_bad_topic_id() {
    fail("config-bad-topic-id").count(1).has(
        "site.toml:24:6",
        "topic id `Relations Topic` is not a valid id",
        "lower-case letters, digits and hyphens",
    );
}

#[test]
fn no_site_toml() {
    let f = fail_with(
        "no-site-toml",
        |site| {
            std::fs::remove_file(site.path("site.toml")).expect("rm site.toml");
            site.write(
                "content/2022-a.md",
                "---\ntitle: a\ndate: 2022\ntopics: [relations]\n---\n",
            );
        },
        &[],
    );
    f.count(1)
        .has("site.toml", "cannot read", "pass --root DIR");
}

#[test]
fn no_content_folder() {
    fail("no-content-folder").count(1).has(
        "content",
        "the content folder is missing",
        "create content/",
    );
}

#[test]
fn bad_base_url_on_the_command_line_is_not_blamed_on_site_toml() {
    let site = TestSite::from_case("fixtures/basic");
    plant_marker_output(&site.public());
    let before = tree(&site.public());
    let run = site.build(&["--base-url", "example.org"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let errors = parse_stderr(&run.stderr);
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0]
            .head
            .starts_with("--base-url: base_url `example.org` must start with https://"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("site.toml"), "{}", run.stderr);
    assert!(before == tree(&site.public()), "public/ changed");
}

#[test]
fn several_errors_are_reported_together() {
    let f = fail("several-errors");
    f.count(6)
        .has(
            "content/2022-02-30-attack.md:4:7",
            "is not a date",
            "YYYY-MM-DD",
        )
        .has(
            "content/2022-07-15-attack.md:4:16",
            "invalid YAML",
            "quotes",
        )
        .has(
            "content/2022-08-01-response.md:1:1",
            "missing `title`",
            "title:",
        )
        .has(
            "content/2022-09-07-ties-cut.md:4:21",
            "unknown topic `cyberatack`",
            "did you mean `cyberattack`?",
        )
        .has(
            "content/2022-10-01-two-mistakes.md:2:1",
            "unknown key `titel`",
            "did you mean `title`?",
        )
        .has(
            "content/2022-10-01-two-mistakes.md:1:1",
            "missing `date`",
            "date:",
        );
    // `titel` is reported once, as a misspelling, not also as a missing `title`.
    assert!(
        !f.stderr
            .contains("content/2022-10-01-two-mistakes.md:1:1: missing `title`"),
        "{}",
        f.stderr
    );
    // Sorted by file: the report reads top to bottom.
    let files: Vec<&str> = f
        .errors
        .iter()
        .map(|e| e.head.split(':').next().unwrap_or(""))
        .collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted);
}

/// Mistakes of shape rather than of value: each pointed at its line, with its own hint.
#[test]
fn front_matter_mistakes() {
    fail("front-matter-mistakes")
        .count(8)
        .has(
            "content/2022-bad-status.md:5:9",
            "status: unknown variant `rumoured`",
            "status is one of: confirmed, reported, disputed",
        )
        .has(
            "content/2022-date-list.md:3:7",
            "date: invalid type: sequence, expected a date such as 2022-09-07",
            "write one date",
        )
        .has(
            "content/2022-draft-text.md:5:8",
            "draft: invalid type: string \"yes please\", expected a boolean",
            "true or false",
        )
        .has(
            "content/2022-duplicate-key.md:4:1",
            "duplicate entry with key \"title\"",
            "each key may appear only once",
        )
        .has(
            "content/2022-source-key.md:8:5",
            "unknown key `publsher` in a source",
            "did you mean `publisher`?",
        )
        .has(
            "content/2022-source-without-url.md:6:5",
            "sources[0]: missing field `url`",
            "each source needs a `title` and a `url`",
        )
        .has(
            "content/2022-tab-indent.md:5:1",
            "invalid YAML in front matter",
            "YAML does not allow tabs for indentation",
        )
        .has(
            "content/2022-topics-string.md:4:9",
            "topics: invalid type: string \"relations\", expected a sequence",
            "write a list as `[a, b]`",
        );
}

#[test]
fn failed_build_after_a_good_one_leaves_public_untouched() {
    let site = TestSite::from_case("fixtures/basic");
    site.build_ok(&[]);
    let good = tree(&site.public());
    assert!(good.contains_key("index.html"), "{:?}", good.keys());
    // Break one article and add a bad one: the old site must stay, byte for byte.
    site.write(
        "content/2022-09-07-ties-cut.md",
        "---\ntitle: \"Ties cut\"\ndate: 2022-09-31\ntopics: [relations]\n---\n",
    );
    site.write("content/zz-new.md", "no front matter\n");
    let run = site.build(&[]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(parse_stderr(&run.stderr).len(), 2, "{}", run.stderr);
    let after = tree(&site.public());
    assert!(
        good == after,
        "public/ changed: {:?}",
        tree_diff(&good, &after)
    );
    let leftovers: Vec<String> = std::fs::read_dir(&site.root)
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n != "public" && n.contains("public"))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
}

#[test]
fn a_page_failing_in_the_last_batch_leaves_public_untouched() {
    // Pages are rendered and staged in batches: a template that fails only on the last
    // page must still leave the previous site exactly as it was.
    let site = TestSite::base();
    site.write(
        "themes/plain/templates/article.html",
        "<!doctype html>\n<title>{{ article.title }}</title>\n\
         {% if article.title == \"Last\" %}{{ article.missing_field }}{% endif %}\n",
    );
    for i in 0..400 {
        for lang in ["", ".en"] {
            site.write(
                &format!("content/2020-{i:03}{lang}.md"),
                format!("---\ntitle: \"Event {i}\"\ndate: 2020\ntopics: [relations]\n---\n"),
            );
        }
    }
    site.build_ok(&[]);
    let good = tree(&site.public());
    assert!(good.len() > 800, "{}", good.len());
    site.write(
        "content/2099-last.md",
        "---\ntitle: \"Last\"\ndate: 2099\ntopics: [relations]\n---\n",
    );
    site.write(
        "content/2099-last.en.md",
        "---\ntitle: \"Last\"\ndate: 2099\ntopics: [relations]\n---\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: themes/plain/templates/article.html:3:36: unknown variable `article.missing_field`"
        ),
        "{}",
        run.stderr
    );
    let after = tree(&site.public());
    assert!(
        good == after,
        "public/ changed: {:?}",
        tree_diff(&good, &after)
    );
    let leftovers: Vec<String> = std::fs::read_dir(&site.root)
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n != "public" && n.contains("public"))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
}

#[test]
fn output_folder_over_the_site_is_refused() {
    let site = TestSite::from_case("fixtures/basic");
    let root = site.root.clone();
    let parent = site.dir.path().to_path_buf();
    for (output, what) in [
        (root.clone(), "it is the site folder itself"),
        (root.join("content"), "it is the content folder"),
        (root.join("content/sub"), "it is inside the content folder"),
        (root.join("themes"), "it is the themes folder"),
        (
            root.join("themes/default"),
            "it is inside the themes folder",
        ),
        (parent.clone(), "it is a folder that holds the site"),
        (
            parent.parent().expect("tempdir has a parent").to_path_buf(),
            "it is a folder that holds the site",
        ),
    ] {
        let before = tree(&parent);
        let out = output.to_str().expect("utf-8 path");
        let run = site.build(&["--output", out]);
        assert_eq!(run.code, Some(1), "--output {out}: {}", run.stderr);
        let errors = parse_stderr(&run.stderr);
        assert_eq!(errors.len(), 1, "{}", run.stderr);
        assert_eq!(
            errors[0].head,
            format!("refusing to write the site into {out}: {what}"),
        );
        assert!(
            errors[0].hint.contains("choose a folder of its own"),
            "{}",
            run.stderr
        );
        let after = tree(&parent);
        assert!(
            before == after,
            "--output {out} changed files: {:?}",
            tree_diff(&before, &after)
        );
    }
    // A relative --output is taken from the current folder: `.` run in the site folder.
    let before = tree(&parent);
    let run = common::timeline(&["build", "--output", "."], &root);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("it is the site folder itself"),
        "{}",
        run.stderr
    );
    assert!(before == tree(&parent), "files changed");
}

/// The EDTF errors: each reported at the date's value (its opening quote: content/
/// reports a front-matter date at its value, not at the column inside it), with its
/// message and a hint that names the nearest accepted form.
fn date_error(case: &str, message: &str, hint: &str) {
    fail(case)
        .count(1)
        .has("content/event.md:4:7", message, hint);
}

#[test]
fn date_y_prefix_short() {
    date_error(
        "date-y-prefix-short",
        "'Y2022': the Y prefix is only for years of more than four digits",
        "write 2022",
    );
}

#[test]
fn date_y_exponent() {
    date_error(
        "date-y-exponent",
        "'Y17E7' gives the year with an exponent (E), which is EDTF level 2",
        "write the year in full: Y170000000",
    );
}

#[test]
fn date_significant_digits() {
    date_error(
        "date-significant-digits",
        "'1950S2' gives significant digits (S), which is EDTF level 2",
        "write a decade or a century with X (195X, 19XX)",
    );
}

#[test]
fn date_y_year_alone() {
    date_error(
        "date-y-year-alone",
        "'Y170000002-05': a year written with Y stands alone, without month or day",
        "write Y170000002",
    );
}

#[test]
fn date_y_without_year() {
    date_error(
        "date-y-without-year",
        "'Y' has no year after the Y",
        "write a year beyond ±9999 as Y170000002",
    );
}

#[test]
fn date_y_too_long() {
    date_error(
        "date-y-too-long",
        "the year in 'Y1234567890123456789' has 19 digits; timeline reads at most 18",
        "write a year of at most 18 digits after the Y",
    );
}

#[test]
fn date_x_too_many() {
    date_error(
        "date-x-too-many",
        "'1XXX' leaves 3 digits of the year unspecified; EDTF level 1 allows one or two (201X, 20XX)",
        "write the years as a range: 1000/1999",
    );
}

#[test]
fn date_x_from_the_right() {
    date_error(
        "date-x-from-the-right",
        "'20X4': X replaces digits from the right only (EDTF level 1)",
        "write 20XX, or the year in full",
    );
}

#[test]
fn date_x_bce() {
    date_error(
        "date-x-bce",
        "'-201X': X digits are for years 0000 to 9999 (EDTF level 1)",
        "write the years before the common era as a range: -2019/-2010",
    );
}

#[test]
fn date_x_year_alone() {
    date_error(
        "date-x-year-alone",
        "'201X-05': a year with X stands alone, without month or day (EDTF level 1)",
        "write 201X alone, or the year in full",
    );
}

#[test]
fn date_x_lowercase() {
    date_error(
        "date-x-lowercase",
        "unexpected 'x' in '201x'",
        "write an unspecified digit as a capital X: 201X",
    );
}

#[test]
fn date_x_month() {
    date_error(
        "date-x-month",
        "'2004-X5': X5 is not a month; an unspecified month is XX (EDTF level 1)",
        "write 2004-XX, or the month in full",
    );
}

#[test]
fn date_x_month_known_day() {
    date_error(
        "date-x-month-known-day",
        "'2004-XX-05' gives a day of an unspecified month, which is EDTF level 2",
        "write 2004-XX-XX, or the month and the day in full",
    );
}

#[test]
fn date_x_day() {
    date_error(
        "date-x-day",
        "'2004-07-X1': X1 is not a day; an unspecified day is XX (EDTF level 1)",
        "write 2004-07-XX, or the day in full",
    );
}

#[test]
fn date_season_level_2() {
    date_error(
        "date-season-level-2",
        "'2022-25': 25 is a season of a hemisphere, a quarter or a half-year, which is EDTF level 2",
        "write a season as YYYY-21 (spring), -22 (summer), -23 (autumn) or -24 (winter)",
    );
}

#[test]
fn date_season_day() {
    date_error(
        "date-season-day",
        "'2022-21-05': a season has no day",
        "write the season alone (2022-21), or a date such as 2022-03-21",
    );
}

#[test]
fn date_part_qualifier() {
    date_error(
        "date-part-qualifier",
        "'2004?-06' qualifies a part of the date; a qualifier closes the whole date (EDTF level 1)",
        "write 2004-06?, with the qualifier at the end",
    );
}

#[test]
fn date_set() {
    date_error(
        "date-set",
        "'[1667,1668]' is a set of dates, which timeline does not read (EDTF level 2)",
        "write one date, or a range as START/END, e.g. 1667/1668",
    );
}

#[test]
fn date_dots_between() {
    date_error(
        "date-dots-between",
        "'..' in '2004..2006' stands for an open side of a range, after or before a '/'",
        "write a range with '/': 2004/2006",
    );
}

#[test]
fn date_plus_sign() {
    date_error(
        "date-plus-sign",
        "unexpected '+' in '+2022'",
        "write a year without a sign (2022); a year before the common era as -0499 (500 BCE)",
    );
}

#[test]
fn date_year_short() {
    date_error(
        "date-year-short",
        "the year must have 4 digits, found '44'",
        "write the year with four digits: 0044",
    );
}

#[test]
fn date_negative_zero() {
    date_error(
        "date-negative-zero",
        "'-0000' is not a year: there is no -0000",
        "year 0000 is 1 BCE: write 0000",
    );
}

#[test]
fn date_range_unspecified_end() {
    date_error(
        "date-range-unspecified-end",
        "'201X/2022': the ends of a range have no X digits in EDTF level 1",
        "write 2010/2022, with the same bounds",
    );
}

#[test]
fn date_range_without_dates() {
    date_error(
        "date-range-without-dates",
        "a range needs a date on at least one side; '../..' has none",
        "an unknown end is left empty, as in 2022/ or /2022",
    );
}

/// Every mistake an entity file can hold, each at its line, all reported together.
#[test]
fn entity_mistakes() {
    fail("entity-mistakes")
        .count(9)
        .has(
            "content/entities/Edi_Rama.md:1:1",
            "`Edi_Rama` cannot be an entity id",
            "lower-case letters, digits and hyphens, such as edi-rama.md",
        )
        .has(
            "content/entities/empty-name.md:3:7",
            "the name is empty",
            "the entity's name in the file's language",
        )
        .has(
            "content/entities/iran.en.md:2:7",
            "`kind` belongs in the original file, not in a translation",
            "remove it here",
        )
        .has(
            "content/entities/iran.md:4:11",
            "`Iran` is not a Wikidata id",
            "Q and a number, such as Q794",
        )
        .has(
            "content/entities/mek.md:1:1",
            "missing `name` in front matter",
            "add a line `name: \"…\"`",
        )
        .has(
            "content/entities/mek.md:3:1",
            "unknown key `title`",
            "allowed keys: kind, name, aliases, wikidata, coordinates, description",
        )
        .has(
            "content/entities/nato.md:2:7",
            "kind: unknown variant `alliance`",
            "an entity's kind is one of: person, organisation, country, place, group",
        )
        .has(
            "content/entities/no-kind.md:1:1",
            "missing `kind` in front matter",
            "add a line `kind: person`",
        )
        .has(
            "content/entities/tirana.md:4:14",
            "[91.5, 19.8] are not coordinates",
            "latitude from -90 to 90, longitude from -180 to 180",
        );
}

#[test]
fn entity_without_a_file_in_the_default_language() {
    fail("entity-without-original").count(1).has(
        "content/entities/nato.en.md",
        "entity `nato` has no file in the site's default language",
        "add content/entities/nato.md, which says what kind of entity it is",
    );
}

/// An id no entity has, with the nearest id, or the ids there are.
#[test]
fn unknown_entity() {
    fail("unknown-entity")
        .count(2)
        .has(
            "content/event.md:6:5",
            "unknown actor `irn`: no entity has this id",
            "did you mean `iran`?",
        )
        .has(
            "content/event.md:8:10",
            "unknown place `durres`: no entity has this id",
            "add content/entities/durres.md, or use one of the entities' ids (albania, iran)",
        );
}

#[test]
fn mention_mistakes() {
    fail("mention-mistakes")
        .count(2)
        .has(
            "content/event.md:5:9",
            "an empty entity id in `actors`",
            "the id of a file under content/entities/",
        )
        .has(
            "content/event.md:5:27",
            "unknown role `acused`",
            "did you mean `accused`? roles in site.toml: accused",
        );
}

#[test]
fn correction_mistakes() {
    fail("correction-mistakes")
        .count(2)
        .has(
            "content/event.md:6:12",
            "a correction without text",
            "say what was corrected",
        )
        .has(
            "content/event.md:7:12",
            "month 13 does not exist",
            "YYYY-MM-DD",
        );
}

#[test]
fn source_mistakes() {
    fail("source-mistakes")
        .count(4)
        .has(
            "content/event.md:6:9",
            "source id `nato statement` is not a single word",
            "such as nato-statement; the body cites it as [@nato-statement]",
        )
        .has(
            "content/event.md:9:9",
            "two sources have the id `same`",
            "give each source its own id",
        )
        .has(
            "content/event.md:15:15",
            "2022-02-30 is not a date",
            "YYYY-MM-DD",
        )
        .has(
            "content/kind.md:8:11",
            "sources[0].kind: unknown variant `blog`",
            "a source's kind is one of: primary, news, wire, state-media, social, research, court",
        );
}

/// `[@id]` naming no source of the article: at its line and column of the file.
#[test]
fn unknown_citation() {
    fail("unknown-citation")
        .count(3)
        .has(
            "content/event.md:10:19",
            "[@nato-statment] cites no source of this article",
            "did you mean [@nato-statement]?",
        )
        .has(
            "content/event.md:12:4",
            "[@white-house] cites no source of this article",
            "the article's sources have the ids nato-statement",
        )
        .has(
            "content/other.md:9:4",
            "[@statement] cites no source of this article",
            "give the source an id",
        );
}

/// A site with entities and a theme that cannot show them.
#[test]
fn theme_without_entity_templates() {
    fail("theme-without-entity-template")
        .count(2)
        .has(
            "themes/plain/templates",
            "the theme has no `entity.html` template, and the site has entities",
            "timeline theme eject templates/entity.html",
        )
        .has(
            "themes/plain/templates",
            "the theme has no `entities.html` template",
            "timeline theme eject templates/entities.html",
        );
}

#[test]
fn config_role_mistakes() {
    fail("config-role-mistakes")
        .count(2)
        .has(
            "site.toml:17:6",
            "role id `Accused Party` is not a valid id",
            "lower-case letters, digits and hyphens",
        )
        .has(
            "site.toml:25:6",
            "role `target` is defined twice",
            "give each [[roles]] its own id",
        );
}

#[test]
fn config_bad_policy() {
    fail("config-bad-policy").count(1).has(
        "site.toml:32:12",
        "unknown variant `sometimes`, expected one of `off`, `warn`, `error`",
        "write one of: off, warn, error",
    );
}

/// Runs `timeline import sheet.csv` (with `args`) on `case`'s site and checks what every
/// failed import must do: exit 1, nothing on stdout, no file of the site written or
/// changed, each error with a hint, and "nothing was written" said; then compares
/// stderr with `expected.txt`.
fn import_fails(case: &str, args: &[&str], n: usize) -> Failure {
    let site = TestSite::from_case(&format!("invalid/{case}"));
    let before = tree(site.dir.path());
    let root = site.root.to_str().expect("utf-8 temp path");
    let sheet = site.root.join("sheet.csv");
    let sheet = sheet.to_str().expect("utf-8 temp path");
    let mut all = vec!["import", "--root", root, sheet];
    all.extend_from_slice(args);
    let run = common::timeline(&all, site.dir.path());
    assert_eq!(run.code, Some(1), "exit status; stderr:\n{}", run.stderr);
    assert!(
        !run.stderr.contains("panicked"),
        "the tool panicked:\n{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "nothing on stdout: {:?}", run.stdout);
    let after = tree(site.dir.path());
    assert!(
        before == after,
        "the site changed: {:?}",
        tree_diff(&before, &after)
    );
    let errors = parse_stderr(&run.stderr);
    assert_eq!(errors.len(), n, "number of errors in:\n{}", run.stderr);
    for e in &errors {
        assert!(
            !e.hint.trim().is_empty(),
            "error without a hint: {}",
            e.head
        );
    }
    let said = format!(
        "import failed: {n} {}; nothing was written",
        if n == 1 { "error" } else { "errors" }
    );
    assert!(run.stderr.trim_end().ends_with(&said), "{}", run.stderr);
    compare_expected(case, &site, &run.stderr);
    Failure {
        stderr: run.stderr,
        errors,
    }
}

#[test]
fn import_timelinejs_mistakes_name_their_row_and_column() {
    import_fails("import-timelinejs-mistakes", &[], 15)
        .has(
            "sheet.csv:2:1",
            "row 2, column 1 (Year): a month, day or time without a year",
            "give the year",
        )
        .has("sheet.csv:3:1", "`20x2` is not a year", "-500 for 500 BCE")
        .has("sheet.csv:4:1", "TimelineJS3 has no year 0", "1 BCE is -1")
        .has("sheet.csv:5:2", "`13` is not a month", "from 1 to 12")
        .has(
            "sheet.csv:6:3",
            "a day without a month",
            "give the month too",
        )
        .has("sheet.csv:7:3", "`32` is not a day", "from 1 to 31")
        .has(
            "sheet.csv:8:4",
            "a time without a day",
            "give the month and day too",
        )
        .has("sheet.csv:9:4", "`noon` is not a time", "2:30 PM")
        .has(
            "sheet.csv:10:16",
            "unknown Type `slide`",
            "`title` and `era`",
        )
        .has(
            "sheet.csv:11:10",
            "the Headline is empty",
            "needs a headline",
        )
        .has("sheet.csv:12:1", "no Year", "at least a year")
        .has("sheet.csv:13:1", "the dates make `2022-02-30`", "")
        .has("sheet.csv:14:17", "no Group, and no --topic", "--topic ID")
        .has("sheet.csv:15:12", "(Media):", "https://")
        .has("sheet.csv:16:1", "the dates make `2022/2020`", "");
}

#[test]
fn import_own_csv_mistakes_name_their_row_and_column() {
    import_fails("import-own-csv-mistakes", &[], 7)
        .has(
            "sheet.csv:2:1",
            "`Bad Id` cannot be an event's slug",
            "lower-case letters",
        )
        .has("sheet.csv:3:2", "the title is empty", "headline")
        .has("sheet.csv:4:3", "month 13 does not exist", "YYYY-MM")
        .has("sheet.csv:5:4", "no topic", "separated by `; `")
        .has(
            "sheet.csv:6:5",
            "unknown status `rumoured`",
            "confirmed, reported, disputed and denied",
        )
        .has(
            "sheet.csv:7:7",
            "cannot read the source `just a title`",
            "title — publisher <https://…>",
        )
        .has("sheet.csv:8:8", "no language `fr` in site.toml", "ar, en");
}

#[test]
fn import_of_an_unknown_layout() {
    import_fails("import-unknown-layout", &[], 1).has(
        "sheet.csv:1:1",
        "the first row names neither TimelineJS3's columns nor timeline's",
        "Year,Month,Day,Time,End Year",
    );
}

#[test]
fn import_of_a_sheet_without_rows() {
    import_fails("import-no-rows", &[], 1).has(
        "sheet.csv",
        "the spreadsheet has no rows below its header",
        "one row per event",
    );
}

#[test]
fn import_never_overwrites_and_refuses_two_rows_on_one_file() {
    import_fails("import-existing-file", &[], 2)
        .has(
            "sheet.csv:2",
            "row 2: content/2022-09-07-ties-cut.md already exists",
            "never overwrites a file",
        )
        .has(
            "sheet.csv:4",
            "row 4: would write content/2022-09-08-sanctions.md as row 3 does",
            "change one of the headlines",
        );
}

#[test]
fn import_of_an_unknown_group_suggests_the_closest() {
    import_fails("import-unknown-group", &[], 1).has(
        "sheet.csv:2:17",
        "row 2, column 17 (Group): no topic `Relatons` in site.toml",
        "did you mean `relations`?",
    );
}

#[test]
fn import_with_unknown_options() {
    import_fails(
        "import-bad-options",
        &["--lang", "fr", "--topic", "nope"],
        2,
    )
    .has(
        "--lang fr",
        "no such language in site.toml",
        "languages in site.toml: ar, en",
    )
    .has(
        "--topic nope",
        "no such topic in site.toml",
        "cyberattack, relations",
    );
}

#[test]
fn import_of_a_missing_file() {
    let f = import_fails("import-missing-file", &[], 1);
    assert!(
        f.stderr.contains("sheet.csv: cannot read the spreadsheet"),
        "{}",
        f.stderr
    );
    assert!(
        f.stderr
            .contains("File → Download → Comma-separated values"),
        "{}",
        f.stderr
    );
}

#[test]
fn import_of_a_row_that_would_not_build() {
    import_fails("import-would-not-build", &[], 1).has(
        "sheet.csv:2",
        "row 2: the article would not build:",
        "",
    );
}

#[test]
fn import_of_a_sheet_that_is_not_utf8() {
    import_fails("import-not-utf8", &[], 1).has(
        "sheet.csv:2:9",
        "the file is not valid UTF-8 text",
        "save the file as UTF-8",
    );
}

#[test]
fn config_search_must_be_true_or_false() {
    fail("config-search-not-bool").count(1).has(
        "site.toml:12:10",
        "invalid type: string \"no\", expected a boolean",
        "write true or false, without quotes",
    );
}
