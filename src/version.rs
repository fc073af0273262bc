//! What `timeline --version` says: the version and the git commit the binary was built
//! from. build.rs finds the commit (from git in a clone of the repository, from
//! `.cargo_vcs_info.json` in a packaged crate); when neither is there it is unknown.

/// The version of the crate (Cargo.toml).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The full hash of the commit built from, or "" when it is unknown.
pub const COMMIT: &str = env!("TIMELINE_COMMIT");

/// `0.1.0 (1a2b3c4d5e6f 2026-12-03)`, `0.1.0 (1a2b3c4d5e6f)` from a packaged crate, or
/// `0.1.0 (commit unknown)`.
pub const LONG: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("TIMELINE_COMMIT_DESC"),
    ")"
);

/// The commit, when it is a full git hash.
pub fn commit() -> Option<&'static str> {
    (COMMIT.len() == 40 && COMMIT.chars().all(|c| c.is_ascii_hexdigit())).then_some(COMMIT)
}
