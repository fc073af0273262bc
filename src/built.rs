//! What a build makes: the files of the output, each a path and either its bytes
//! (shared, so that a page kept from an earlier build is never copied) or a source file
//! to copy as it is. The value every stage after rendering passes on.

use std::path::PathBuf;

pub use bytes::Bytes;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output folder, `/`-separated (`en/events/x/index.html`).
    pub path: String,
    pub contents: Contents,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contents {
    /// A page, feed or other file made by the build.
    Bytes(Bytes),
    /// A file copied as it is (theme static files, images beside articles).
    Copy(PathBuf),
}

impl OutputFile {
    /// A file made by the build.
    pub fn made(path: String, bytes: impl Into<Bytes>) -> OutputFile {
        OutputFile {
            path,
            contents: Contents::Bytes(bytes.into()),
        }
    }

    /// A copy of `source`.
    pub fn copy(path: String, source: PathBuf) -> OutputFile {
        OutputFile {
            path,
            contents: Contents::Copy(source),
        }
    }

    /// A page of the site (an HTML file made by the build).
    pub fn is_page(&self) -> bool {
        matches!(self.contents, Contents::Bytes(_)) && self.path.ends_with(".html")
    }

    /// The file this one is a copy of, if it is one.
    pub fn copied_from(&self) -> Option<&std::path::Path> {
        match &self.contents {
            Contents::Copy(src) => Some(src),
            Contents::Bytes(_) => None,
        }
    }
}
