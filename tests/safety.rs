//! The output folder and the site's files under hostile or mistaken input, through the
//! real binary: one test per failure of the safety review (shared/reviews/safety.md,
//! F1–F7, F11, F12; the others are in tests/errors.rs, tests/input_safety.rs and the
//! serve tests). Each asserts the exit status, the message, and that what must not
//! change (the whole folder holding the site, or the previous output) is byte for byte
//! as it was, links and folders included.
#![allow(clippy::print_stdout, clippy::print_stderr)] // measurements and skip reasons, for whoever runs the tests

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{copy_dir, Run, TestSite};

/// What is at a path: a file's bytes, a folder, or a link's target.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    File(Vec<u8>),
    Dir,
    Link(PathBuf),
}

/// Everything under `dir`, by relative path, without following any link.
fn everything(dir: &Path) -> BTreeMap<String, Node> {
    let mut out = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out
}

fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Node>) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let entry = entry.expect("entry");
        let path = entry.path();
        let rel = path
            .strip_prefix(base)
            .expect("under base")
            .to_string_lossy()
            .into_owned();
        let kind = entry.file_type().expect("file type");
        if kind.is_symlink() {
            out.insert(rel, Node::Link(std::fs::read_link(&path).expect("link")));
        } else if kind.is_dir() {
            out.insert(rel, Node::Dir);
            walk(base, &path, out);
        } else {
            out.insert(rel, Node::File(std::fs::read(&path).expect("read")));
        }
    }
}

/// Names of what differs between two listings, for failure messages.
fn differences(a: &BTreeMap<String, Node>, b: &BTreeMap<String, Node>) -> Vec<String> {
    let mut d: Vec<String> = a
        .iter()
        .filter(|(k, v)| b.get(*k) != Some(*v))
        .map(|(k, _)| format!("changed or gone: {k}"))
        .collect();
    d.extend(
        b.keys()
            .filter(|k| !a.contains_key(*k))
            .map(|k| format!("new: {k}")),
    );
    d
}

/// Runs the binary in `cwd` with extra environment variables.
fn run(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_timeline"))
        .args(args)
        .current_dir(cwd)
        .envs(env.iter().copied())
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("run timeline");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A small site with a `.git` folder and a file of the user's beside its sources, as the
/// review tried it; `<tmp>/site` is the site, `<tmp>` the folder holding it.
fn site_with_user_files() -> TestSite {
    let site = TestSite::from_case("fixtures/basic");
    site.write(".git/HEAD", "ref: refs/heads/main\n");
    site.write(".git/objects/ab/cdef", [1u8, 2, 3]);
    site.write("NOTES.txt", "my notes\n");
    site
}

/// Runs `args` in `cwd` and asserts a refusal saying `why`, with nothing changed
/// anywhere under the folder holding the site.
fn assert_refused(site: &TestSite, cwd: &Path, args: &[&str], env: &[(&str, &str)], why: &str) {
    let before = everything(site.dir.path());
    let r = run(cwd, args, env);
    let spelled = args.join(" ");
    assert_eq!(
        r.code,
        Some(1),
        "`{spelled}` was not refused:\n{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("refusing to write the site into") && r.stderr.contains(why),
        "`{spelled}`: expected `{why}` in:\n{}",
        r.stderr
    );
    let after = everything(site.dir.path());
    assert!(
        before == after,
        "`{spelled}` changed files: {:?}",
        differences(&before, &after)
    );
}

#[test]
fn f1_every_spelling_of_the_site_and_its_sources_is_refused() {
    let site = site_with_user_files();
    let root = site.root.clone();
    let abs = root.to_str().expect("utf-8").to_string();
    let holder = site.dir.path().to_str().expect("utf-8").to_string();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&root, site.dir.path().join("to-site")).expect("ln");
        std::os::unix::fs::symlink(root.join("content"), site.dir.path().join("to-content"))
            .expect("ln");
    }
    let table: Vec<(String, &str)> = [
        // The site folder itself.
        (".", "the site folder itself"),
        ("./", "the site folder itself"),
        ("./.", "the site folder itself"),
        ("nope/..", "the site folder itself"),
        ("nope/../", "the site folder itself"),
        ("a/b/../../.", "the site folder itself"),
        ("content/..", "the site folder itself"),
        ("themes/default/../..", "the site folder itself"),
        ("public/..", "the site folder itself"),
        ("../site", "the site folder itself"),
        ("../site/./", "the site folder itself"),
        (abs.as_str(), "the site folder itself"),
        (&format!("{abs}/"), "the site folder itself"),
        (&format!("{abs}//."), "the site folder itself"),
        (&format!("{holder}//site"), "the site folder itself"),
        ("../to-site", "the site folder itself"),
        ("../to-content/..", "the site folder itself"),
        // Its sources.
        ("content", "the content folder"),
        ("content/", "the content folder"),
        ("./content/.", "the content folder"),
        ("content//", "the content folder"),
        ("nope/../content", "the content folder"),
        ("themes/../content", "the content folder"),
        ("content/nope/..", "the content folder"),
        (&format!("{abs}/content"), "the content folder"),
        ("../to-content", "the content folder"),
        ("content/sub", "inside the content folder"),
        ("../to-content/new", "inside the content folder"),
        ("themes", "the themes folder"),
        ("themes/default", "inside the themes folder"),
        ("./themes/default/static", "inside the themes folder"),
        (".git", "the site's git repository"),
        ("nope/../.git/objects", "inside the site's git repository"),
        ("site.toml", "site.toml"),
        ("./site.toml", "site.toml"),
        // What holds the site.
        ("..", "a folder that holds the site"),
        ("../", "a folder that holds the site"),
        ("nope/../..", "a folder that holds the site"),
        (holder.as_str(), "a folder that holds the site"),
        ("/", "the root of the file system"),
        ("//", "the root of the file system"),
        ("/../..", "the root of the file system"),
    ]
    .into_iter()
    .map(|(s, w)| (s.to_string(), w))
    .collect();
    for (spelling, why) in &table {
        assert_refused(
            &site,
            &root,
            &["build", "--output", spelling],
            &[],
            &format!("it is {why}"),
        );
    }
    // The same answers with --root from elsewhere.
    assert_refused(
        &site,
        site.dir.path(),
        &["build", "--root", "site", "--output", "site/nope/.."],
        &[],
        "it is the site folder itself",
    );
}

#[test]
fn f1_the_home_folder_and_what_holds_it_are_refused() {
    let site = site_with_user_files();
    let home = site.dir.path().join("home/me");
    std::fs::create_dir_all(&home).expect("mkdir");
    std::fs::write(home.join("thesis.tex"), "years of work\n").expect("write");
    let home_str = home.to_str().expect("utf-8");
    for (spelling, why) in [
        (home_str.to_string(), "it is your home folder"),
        (format!("{home_str}/"), "it is your home folder"),
        (format!("{home_str}/../me"), "it is your home folder"),
        (
            "../home".to_string(),
            "a folder that holds your home folder",
        ),
    ] {
        assert_refused(
            &site,
            &site.root,
            &["build", "--output", &spelling],
            &[("HOME", home_str)],
            why,
        );
    }
}

#[test]
fn f2_a_folder_timeline_did_not_create_is_refused_and_left_alone() {
    let site = site_with_user_files();
    let victim = site.dir.path().join("victim");
    std::fs::create_dir_all(victim.join("sub")).expect("mkdir");
    std::fs::write(victim.join("doc.txt"), "a\n").expect("write");
    std::fs::write(victim.join("sub/thesis.tex"), "b\n").expect("write");
    assert_refused(
        &site,
        &site.root,
        &["build", "--output", "../victim"],
        &[],
        "it is a folder timeline did not create",
    );
    let r = run(&site.root, &["build", "--output", "../victim"], &[]);
    assert!(
        r.stderr
            .contains("choose another output folder (one that does not exist yet, or is empty), or empty this one yourself"),
        "{}",
        r.stderr
    );
    // A folder holding only a hidden file is not empty either.
    let hidden = site.dir.path().join("hidden");
    std::fs::create_dir_all(&hidden).expect("mkdir");
    std::fs::write(hidden.join(".keep"), "").expect("write");
    assert_refused(
        &site,
        &site.root,
        &["build", "--output", "../hidden"],
        &[],
        "it is a folder timeline did not create",
    );
}

#[test]
fn f2_an_empty_or_missing_folder_is_taken_and_marked() {
    let site = site_with_user_files();
    let empty = site.dir.path().join("empty");
    std::fs::create_dir_all(&empty).expect("mkdir");
    let r = run(&site.root, &["build", "--output", "../empty"], &[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let marker = std::fs::read_to_string(empty.join(".timeline-output")).expect("marker");
    assert!(marker.starts_with("timeline output folder\n"), "{marker}");
    assert!(marker.contains("\nindex.html\n"), "{marker}");
    let r = run(&site.root, &["build", "--output", "../new/deeper"], &[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(site.dir.path().join("new/deeper/index.html").is_file());
    // Nothing is left beside the outputs: no staging folder, no lock file.
    let beside: Vec<String> = std::fs::read_dir(site.dir.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(beside.is_empty(), "left beside the outputs: {beside:?}");
}

#[test]
fn files_timeline_did_not_write_are_kept_and_never_overwritten() {
    let site = site_with_user_files();
    site.build_ok(&[]);
    // The user adds files of their own to the output (a verification file, a git
    // repository for deploying, an empty folder).
    site.write("public/google123.html", "google-site-verification\n");
    site.write("public/.git/HEAD", "ref: refs/heads/gh-pages\n");
    std::fs::create_dir_all(site.path("public/empty")).expect("mkdir");
    let r = site.build_ok(&[]);
    assert!(
        r.stdout.contains("2 not written by timeline kept"),
        "{}",
        r.stdout
    );
    assert_eq!(
        site.read("public/google123.html"),
        "google-site-verification\n"
    );
    assert_eq!(site.read("public/.git/HEAD"), "ref: refs/heads/gh-pages\n");
    assert!(site.path("public/empty").is_dir());
    // A file of the user's where this build would write a page: refused, not replaced.
    std::fs::remove_file(site.path("public/events/attack/index.html")).expect("rm");
    site.write("public/events/attack/index.html", "mine\n");
    let marker = site
        .read("public/.timeline-output")
        .replace("\nevents/attack/index.html\n", "\n");
    site.write("public/.timeline-output", &marker);
    let before = everything(&site.public());
    let r = site.build(&[]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "events/attack/index.html was not written by timeline, and this build would replace it"
        ),
        "{}",
        r.stderr
    );
    assert!(before == everything(&site.public()), "public/ changed");
}

#[test]
fn unchanged_files_keep_their_bytes_and_times_and_stale_ones_go() {
    let site = site_with_user_files();
    site.build_ok(&[]);
    let time = |rel: &str| {
        std::fs::metadata(site.path(rel))
            .and_then(|m| m.modified())
            .expect("mtime")
    };
    let (kept, edited) = (
        "public/events/mek-arrive/index.html",
        "public/events/attack/index.html",
    );
    let (kept_before, edited_before) = (time(kept), time(edited));
    std::thread::sleep(std::time::Duration::from_millis(30));
    // A body edit: that page is written again, a page that does not show it is not.
    let text = site.read("content/2022-07-15-attack.md");
    site.write(
        "content/2022-07-15-attack.md",
        format!("{text}\nOne more line.\n"),
    );
    let r = site.build_ok(&[]);
    assert_eq!(time(kept), kept_before, "an unchanged page was rewritten");
    assert_ne!(
        time(edited),
        edited_before,
        "the edited page was not written"
    );
    assert!(r.stdout.contains(" unchanged, 0 removed"), "{}", r.stdout);
    // A page no longer produced goes.
    site.write(
        "content/2023-01-01-new.md",
        "---\ntitle: New\ndate: 2023-01-01\ntopics: [relations]\n---\nNew.\n",
    );
    site.build_ok(&[]);
    assert!(site.path("public/events/new/index.html").is_file());
    std::fs::remove_file(site.path("content/2023-01-01-new.md")).expect("rm");
    let r = site.build_ok(&[]);
    assert!(
        !site.path("public/events/new").exists(),
        "a stale page stayed"
    );
    assert!(!r.stdout.contains(", 0 removed"), "{}", r.stdout);
}

#[test]
fn f3_links_leading_outside_the_site_are_errors_and_nothing_is_published() {
    let site = site_with_user_files();
    site.build_ok(&[]);
    let outside = site.dir.path().join("outside");
    std::fs::create_dir_all(&outside).expect("mkdir");
    std::fs::write(outside.join("secret.txt"), "TOP SECRET\n").expect("write");
    let links: [(&str, PathBuf); 4] = [
        ("content/env.txt", PathBuf::from("/proc/self/environ")),
        ("content/leak.txt", PathBuf::from("/etc/passwd")),
        ("content/outdir", outside.clone()),
        ("themes/plain/static/ssh", PathBuf::from("/etc")),
    ];
    std::fs::create_dir_all(site.path("themes/plain/static")).expect("mkdir");
    #[cfg(unix)]
    for (link, target) in &links {
        std::os::unix::fs::symlink(target, site.path(link)).expect("ln");
    }
    let before = everything(site.dir.path());
    for command in ["build", "check"] {
        let r = run(
            &site.root,
            &[command],
            &[("SECRET_TOKEN", "hunter2-abc123")],
        );
        assert_eq!(r.code, Some(1), "{command}: {}", r.stderr);
        for (link, target) in &links {
            let expected = format!(
                "error: {link}: this leads through a symbolic link to {}, outside the site folder",
                target.display()
            );
            assert!(
                r.stderr.contains(&expected),
                "{command}: `{expected}` in\n{}",
                r.stderr
            );
        }
        let all = format!("{}{}", r.stdout, r.stderr);
        for leak in ["hunter2", "TOP SECRET", "root:x:"] {
            assert!(!all.contains(leak), "{command} printed `{leak}`");
        }
        assert!(
            before == everything(site.dir.path()),
            "{command} changed files"
        );
    }
}

#[test]
fn f3c_a_linked_article_outside_the_site_is_never_quoted() {
    let site = site_with_user_files();
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", site.path("content/passwd.md")).expect("ln");
    let r = site.build(&[]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "error: content/passwd.md: this leads through a symbolic link to /etc/passwd"
        ),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("root:"), "{}", r.stderr);
}

#[test]
fn links_inside_the_site_are_followed() {
    let site = site_with_user_files();
    site.write("shared/photo.png", [137u8, 80, 78, 71]);
    #[cfg(unix)]
    std::os::unix::fs::symlink("../shared/photo.png", site.path("content/photo.png")).expect("ln");
    site.build_ok(&[]);
    assert_eq!(
        std::fs::read(site.path("public/photo.png")).expect("published"),
        [137u8, 80, 78, 71]
    );
}

#[test]
fn f12_a_link_into_the_output_is_an_error() {
    let site = site_with_user_files();
    site.build_ok(&[]);
    #[cfg(unix)]
    std::os::unix::fs::symlink("../public", site.path("content/pub")).expect("ln");
    let before = everything(&site.public());
    let r = site.build(&[]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "error: content/pub: this leads through a symbolic link into the output folder"
        ),
        "{}",
        r.stderr
    );
    assert!(before == everything(&site.public()), "public/ changed");
}

#[test]
fn f11_a_link_inside_the_output_is_an_error_and_nothing_is_written_through_it() {
    let site = site_with_user_files();
    site.build_ok(&[]);
    let outside = site.dir.path().join("outside");
    std::fs::create_dir_all(&outside).expect("mkdir");
    std::fs::remove_dir_all(site.path("public/events")).expect("rm");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, site.path("public/events")).expect("ln");
    let before = everything(site.dir.path());
    let r = site.build(&[]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains("public/events is a symbolic link")
            && r.stderr.contains("remove the link"),
        "{}",
        r.stderr
    );
    assert!(before == everything(site.dir.path()), "files changed");
    assert!(
        std::fs::read_dir(&outside).expect("ls").next().is_none(),
        "written outside"
    );
}

#[test]
fn leftovers_of_killed_builds_are_removed_whatever_their_process_id() {
    let site = site_with_user_files();
    site.build_ok(&[]);
    // What builds killed at various points leave: a marked staging folder, an empty
    // one, an old tree set aside; and a folder of the user's with a similar name.
    let marker = site.read("public/.timeline-output");
    site.write(".public.staging-99999/.timeline-output", &marker);
    site.write(".public.staging-99999/index.html", "half");
    std::fs::create_dir_all(site.path(".public.staging-4")).expect("mkdir");
    site.write(".public.old-123/.timeline-output", &marker);
    site.write(".public.staging-mine/notes.txt", "not timeline's\n");
    site.build_ok(&[]);
    for gone in [
        ".public.staging-99999",
        ".public.staging-4",
        ".public.old-123",
    ] {
        assert!(!site.path(gone).exists(), "{gone} is still there");
    }
    assert_eq!(
        site.read(".public.staging-mine/notes.txt"),
        "not timeline's\n"
    );
}

#[test]
fn an_output_set_aside_by_a_killed_build_is_put_back() {
    let site = site_with_user_files();
    site.build_ok(&[]);
    let good = everything(&site.public());
    // Where a folder swap takes two renames, a build killed between them leaves the old
    // output set aside and none in place: the next build puts it back first.
    std::fs::rename(site.public(), site.path(".public.old-77")).expect("mv");
    let r = site.build_ok(&[]);
    assert!(
        r.stdout.contains(" 0 written,"),
        "it rebuilt from nothing: {}",
        r.stdout
    );
    assert!(!site.path(".public.old-77").exists());
    let now = everything(&site.public());
    assert!(now == good, "{:?}", differences(&good, &now));
}

#[test]
fn f7_builds_at_once_on_one_output_never_mix() {
    let base = TestSite::from_case("fixtures/basic");
    // The two trees the two builds give, each built alone.
    let expected = |args: &[&str]| {
        let out = base.dir.path().join(format!("expected{}", args.len()));
        let mut all = vec!["build", "--output", out.to_str().expect("utf-8")];
        all.extend_from_slice(args);
        let r = run(&base.root, &all, &[]);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        common::tree(&out)
    };
    let plain = expected(&[]);
    let drafts = expected(&["--drafts"]);
    assert_ne!(plain, drafts);
    for trial in 0..6 {
        if trial % 2 == 1 {
            let _ = std::fs::remove_dir_all(base.public());
        }
        let start = |args: &[&str]| {
            let mut c = Command::new(env!("CARGO_BIN_EXE_timeline"));
            c.arg("build").args(args).current_dir(&base.root);
            c.stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("start")
        };
        let a = start(&[]);
        let b = start(&["--drafts"]);
        for child in [a, b] {
            let out = child.wait_with_output().expect("wait");
            assert!(
                out.status.success(),
                "trial {trial}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let got = common::tree(&base.public());
        assert!(
            got == plain || got == drafts,
            "trial {trial}: the output matches neither build: {:?} / {:?}",
            common::tree_diff(&plain, &got),
            common::tree_diff(&drafts, &got)
        );
    }
}

/// Whether this process may use `chattr` on files of the temporary folder (root, on a
/// file system that has the immutable flag).
fn chattr_works(dir: &Path) -> Result<(), String> {
    let probe = dir.join("probe");
    std::fs::write(&probe, "").map_err(|e| e.to_string())?;
    let ok = Command::new("chattr")
        .arg("+i")
        .arg(&probe)
        .status()
        .map_err(|e| format!("no chattr: {e}"))?
        .success();
    let _ = Command::new("chattr").arg("-i").arg(&probe).status();
    let _ = std::fs::remove_file(&probe);
    ok.then_some(())
        .ok_or_else(|| "chattr +i is refused here (not root, or no immutable flag)".into())
}

/// Skips a test that needs `chattr` where it cannot run, saying why; under CI it fails.
fn needs_chattr(dir: &Path) -> bool {
    match chattr_works(dir) {
        Ok(()) => true,
        Err(why) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("this test must run in CI: {why}")
        }
        Err(why) => {
            eprintln!("skipped: {why}");
            false
        }
    }
}

fn chattr(flag: &str, path: &Path) {
    let ok = Command::new("chattr")
        .arg(flag)
        .arg(path)
        .status()
        .expect("chattr")
        .success();
    assert!(ok, "chattr {flag} {}", path.display());
}

#[test]
fn f6_an_immutable_output_fails_the_build_and_stays_whole() {
    let site = site_with_user_files();
    if !needs_chattr(site.dir.path()) {
        return;
    }
    site.build_ok(&[]);
    let toml = site
        .read("site.toml")
        .replace("Test timeline", "Renamed timeline");
    site.write("site.toml", &toml);
    let before = everything(&site.public());
    chattr("+i", &site.public());
    let r = site.build(&[]);
    chattr("-i", &site.public());
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("cannot replace"), "{}", r.stderr);
    assert!(before == everything(&site.public()), "public/ changed");
    let leftovers: Vec<_> = std::fs::read_dir(&site.root)
        .expect("ls")
        .map(|e| e.expect("entry").file_name())
        .filter(|n| n.to_string_lossy().starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn f6_an_immutable_file_inside_the_output_leaves_the_new_tree_whole() {
    let site = site_with_user_files();
    if !needs_chattr(site.dir.path()) {
        return;
    }
    site.build_ok(&[]);
    let toml = site
        .read("site.toml")
        .replace("Test timeline", "Renamed timeline");
    site.write("site.toml", &toml);
    let pinned = site.path("public/events/attack/index.html");
    chattr("+i", &pinned);
    let r = site.build(&[]);
    // The new tree is in place, whole; the old one could not be removed and is named.
    let leftover = std::fs::read_dir(&site.root)
        .expect("ls")
        .map(|e| e.expect("entry").path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(".public."))
        });
    if let Some(old) = &leftover {
        chattr("-i", &old.join("events/attack/index.html"));
    }
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("the previous output could not be removed"),
        "{}",
        r.stderr
    );
    let fresh = TestSite::from_case("fixtures/basic");
    fresh.write("site.toml", &toml);
    fresh.build_ok(&[]);
    let expected = common::tree(&fresh.public());
    let got = common::tree(&site.public());
    assert!(expected == got, "{:?}", common::tree_diff(&expected, &got));
    // The next build removes what was left.
    site.build_ok(&[]);
    assert!(leftover.is_some_and(|p| !p.exists()), "the leftover stayed");
}

/// True when the tests run as root (who ignores permissions).
fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// `timeline build` in `site` as the owner of its files: as root, the files are given
/// to `nobody` and the build runs as `nobody` (setpriv), so that permissions apply.
fn build_as_owner(site: &TestSite) -> Run {
    let bin = env!("CARGO_BIN_EXE_timeline");
    let mut c = match is_root() {
        true => {
            let chown = Command::new("chown")
                .args(["-R", "65534:65534"])
                .arg(site.dir.path())
                .status()
                .expect("chown");
            assert!(chown.success());
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", bin]);
            c
        }
        false => Command::new(bin),
    };
    let out = c
        .arg("build")
        .current_dir(&site.root)
        .output()
        .expect("run timeline");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[cfg(unix)]
fn chmod(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

#[cfg(unix)]
#[test]
fn f6_a_read_only_output_is_replaced_whole() {
    let site = site_with_user_files();
    chmod(site.dir.path(), 0o755);
    site.build_ok(&[]);
    let toml = site
        .read("site.toml")
        .replace("Test timeline", "Renamed timeline");
    site.write("site.toml", &toml);
    chmod(&site.public(), 0o555);
    chmod(&site.path("public/events"), 0o555);
    let r = build_as_owner(&site);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let fresh = TestSite::from_case("fixtures/basic");
    fresh.write("site.toml", &toml);
    fresh.build_ok(&[]);
    let expected = common::tree(&fresh.public());
    let got = common::tree(&site.public());
    assert!(expected == got, "{:?}", common::tree_diff(&expected, &got));
    let leftovers: Vec<_> = std::fs::read_dir(&site.root)
        .expect("ls")
        .map(|e| e.expect("entry").file_name())
        .filter(|n| n.to_string_lossy().starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[cfg(unix)]
#[test]
fn f6_a_read_only_site_folder_fails_cleanly_and_keeps_the_output() {
    let site = site_with_user_files();
    chmod(site.dir.path(), 0o755);
    site.build_ok(&[]);
    let toml = site
        .read("site.toml")
        .replace("Test timeline", "Renamed timeline");
    site.write("site.toml", &toml);
    let before = everything(site.dir.path());
    chmod(&site.root, 0o555);
    let r = build_as_owner(&site);
    chmod(&site.root, 0o755);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("Permission denied"), "{}", r.stderr);
    let after = everything(site.dir.path());
    assert!(before == after, "{:?}", differences(&before, &after));
}

#[test]
fn the_sample_site_builds_twice_into_the_same_tree() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("sample");
    for part in ["site.toml", "content", "themes"] {
        let from = common::repo().join(part);
        if from.is_dir() {
            copy_dir(&from, &root.join(part));
        } else {
            std::fs::create_dir_all(&root).expect("mkdir");
            std::fs::copy(&from, root.join(part)).expect("copy");
        }
    }
    let first = run(&root, &["build"], &[]);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    let tree = common::tree(&root.join("public"));
    let second = run(&root, &["build"], &[]);
    assert!(second.stdout.contains(" 0 written,"), "{}", second.stdout);
    assert!(tree == common::tree(&root.join("public")));
}

#[test]
fn a_themes_or_content_folder_linked_outside_the_site_is_an_error() {
    for folder in ["themes", "content"] {
        let site = site_with_user_files();
        let elsewhere = site.dir.path().join(format!("elsewhere-{folder}"));
        std::fs::rename(site.path(folder), &elsewhere).expect("mv");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&elsewhere, site.path(folder)).expect("ln");
        let r = site.build(&[]);
        assert_eq!(r.code, Some(1), "{folder}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!("error: {folder}"))
                && r.stderr.contains("outside the site folder"),
            "{folder}: {}",
            r.stderr
        );
        assert!(!site.public().exists());
    }
}
