//! `timeline init` and `timeline new` through the real binary: a new site builds
//! at once, a new article builds, and neither ever overwrites anything.

use std::path::Path;
use std::process::Command;

fn timeline(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_timeline"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run timeline");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `timeline init site` in a new temporary folder; returns (tempdir, site folder).
fn init() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (code, stdout, stderr) = timeline(tmp.path(), &["init", "my-site"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Created a site in my-site"), "{stdout}");
    let site = tmp.path().join("my-site");
    (tmp, site)
}

#[test]
fn init_then_build_succeeds_at_once() {
    let (_tmp, site) = init();
    for f in [
        "site.toml",
        "content/2024-05-01-the-timeline-starts.md",
        ".github/workflows/pages.yml",
        ".gitignore",
        "README.md",
    ] {
        assert!(site.join(f).is_file(), "{f} is written");
    }
    // The theme is the one built into timeline: init copies none of it.
    assert!(
        !site.join("themes").exists(),
        "init writes no themes/ folder"
    );
    let toml = std::fs::read_to_string(site.join("site.toml")).expect("site.toml");
    assert!(
        toml.contains("base_url = \"https://example.github.io/my-site/\""),
        "{toml}"
    );

    let (code, stdout, stderr) = timeline(&site, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("Wrote") || stdout.contains("Built"),
        "{stdout}"
    );
    let public = site.join("public");
    for f in [
        "index.html",
        "404.html",
        "events/the-timeline-starts/index.html",
        "topics/main/index.html",
        "atom.xml",
        "topics/main/atom.xml",
        "sitemap.xml",
        "robots.txt",
        ".nojekyll",
    ] {
        assert!(public.join(f).is_file(), "{f} is built");
    }
    assert!(!public.join("CNAME").exists(), "no custom domain, no CNAME");
    // A new site has no problems to report.
    let (code, _, stderr) = timeline(&site, &["check"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn init_writes_a_workflow_that_installs_a_release() {
    let (_tmp, site) = init();
    let written =
        std::fs::read_to_string(site.join(".github/workflows/pages.yml")).expect("workflow");
    assert_eq!(written, timeline::scaffold::pages_workflow());
    let version = env!("CARGO_PKG_VERSION");
    for needed in [
        "workflow_dispatch",
        "permissions: {}",
        "pages: write",
        "id-token: write",
        "persist-credentials: false",
        "actions/checkout@",
        "actions/configure-pages@",
        "id: pages",
        &format!("uses: {}", timeline::scaffold::action_ref()),
        &format!("version: \"{version}\""),
        "base-url: ${{ steps.pages.outputs.base_url }}",
        "actions/upload-pages-artifact@",
        "path: ${{ steps.timeline.outputs.path }}",
        "actions/deploy-pages@",
    ] {
        assert!(
            written.contains(needed),
            "workflow lacks {needed}:\n{written}"
        );
    }
    // No variable to set, no toolchain, no compiling.
    for gone in ["TIMELINE_GIT", "vars.", "cargo", "rustup", "target/release"] {
        assert!(!written.contains(gone), "workflow still has {gone}");
    }
    // Pinned to the commit of this build (tests/workflows.rs checks every pin).
    if let Some(commit) = timeline::version::commit() {
        assert!(
            written.contains(&format!("@{commit} # v{version}\n")),
            "{written}"
        );
    }
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(tmp.path().join("notes.txt"), "mine").expect("write");
    let (code, _, stderr) = timeline(tmp.path(), &["init", "."]);
    assert_eq!(code, 1);
    assert!(stderr.contains("the folder is not empty"), "{stderr}");
    assert_eq!(
        std::fs::read_dir(tmp.path()).expect("ls").count(),
        1,
        "nothing written"
    );
    // An empty existing folder is fine.
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    let (code, _, stderr) = timeline(tmp.path(), &["init", "empty"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(empty.join("site.toml").is_file());
}

#[test]
fn new_then_build() {
    let (_tmp, site) = init();
    let (code, stdout, stderr) = timeline(
        &site,
        &[
            "new",
            "Albania cuts ties: \"24 hours\" to leave",
            "--topic",
            "main",
            "--date",
            "2022-09-07",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let file = site.join("content/2022-09-07-albania-cuts-ties-24-hours-to-leave.md");
    assert!(
        stdout.contains("2022-09-07-albania-cuts-ties-24-hours-to-leave.md"),
        "{stdout}"
    );
    let text = std::fs::read_to_string(&file).expect("the new article");
    assert!(text.starts_with("---\ntitle: \"Albania cuts ties: \\\"24 hours\\\" to leave\"\ndate: \"2022-09-07\"\ntopics: [main]\nsummary: \"\"\nsources: []\n---\n"), "{text}");

    // A month, from another folder with --root.
    let (code, _, stderr) = timeline(
        site.parent().expect("parent"),
        &[
            "new", "Summer", "--topic", "main", "--date", "2022-07", "--root", "my-site",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(site.join("content/2022-07-summer.md").is_file());

    let (code, _, stderr) = timeline(&site, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    let page = std::fs::read_to_string(
        site.join("public/events/albania-cuts-ties-24-hours-to-leave/index.html"),
    )
    .expect("its page");
    assert!(
        page.contains("Albania cuts ties"),
        "the title is on the page"
    );
    assert!(site.join("public/events/summer/index.html").is_file());
}

#[test]
fn new_defaults_to_today() {
    let (_tmp, site) = init();
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    let (code, _, stderr) = timeline(&site, &["new", "Today's event", "--topic", "main"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(site
        .join(format!("content/{today}-todays-event.md"))
        .is_file());
}

#[test]
fn new_refuses_to_overwrite() {
    let (_tmp, site) = init();
    let args = ["new", "Same", "--topic", "main", "--date", "2022-01-02"];
    assert_eq!(timeline(&site, &args).0, 0);
    let file = site.join("content/2022-01-02-same.md");
    std::fs::write(&file, "my edits").expect("edit");
    let (code, _, stderr) = timeline(&site, &args);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("already exists; not overwriting it"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "my edits");
}

#[test]
fn new_checks_topic_date_and_language() {
    let (_tmp, site) = init();
    let (code, _, stderr) = timeline(&site, &["new", "X", "--topic", "mian", "--date", "2022"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("--topic mian: no such topic"), "{stderr}");
    assert!(stderr.contains("did you mean `main`?"), "{stderr}");

    let (code, _, stderr) = timeline(
        &site,
        &["new", "X", "--topic", "main", "--date", "2022-13-01"],
    );
    assert_eq!(code, 1);
    assert!(stderr.contains("--date 2022-13-01"), "{stderr}");

    let (code, _, stderr) = timeline(
        &site,
        &[
            "new", "X", "--topic", "main", "--date", "2022", "--lang", "fr",
        ],
    );
    assert_eq!(code, 1);
    assert!(stderr.contains("--lang fr: no such language"), "{stderr}");
    let content = std::fs::read_dir(site.join("content")).expect("ls").count();
    assert_eq!(content, 1, "nothing written on errors");
}

#[test]
fn new_in_a_second_language_writes_a_translation_file_that_builds() {
    let (_tmp, site) = init();
    // Turn on the Arabic block that site.toml offers, commented out.
    let toml_path = site.join("site.toml");
    let toml = std::fs::read_to_string(&toml_path).expect("site.toml");
    let toml = toml
        .replace(
            "# [[languages]]\n# code = \"ar\"",
            "[[languages]]\ncode = \"ar\"",
        )
        .replace("# name = \"العربية\"", "name = \"العربية\"");
    std::fs::write(&toml_path, toml).expect("write");
    let (code, stdout, stderr) = timeline(
        &site,
        &[
            "new",
            "بداية الخط الزمني",
            "--topic",
            "main",
            "--date",
            "2024-05-01",
            "--lang",
            "ar",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains(".ar.md"), "{stdout}");
    assert!(site
        .join("content/2024-05-01-بداية-الخط-الزمني.ar.md")
        .is_file());
    let (code, _, stderr) = timeline(&site, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(site.join("public/ar/index.html").is_file());
}
