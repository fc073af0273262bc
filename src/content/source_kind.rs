//! What kind of document a source is: a leaf that front matter reads into and every
//! stage may name.

use serde::{Deserialize, Serialize};

/// What a source is. State media and social-media posts are labelled as such wherever
/// the source is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// A primary document: a government's or an organisation's own statement, a law.
    Primary,
    /// A news report by an outlet's own staff.
    News,
    /// A news agency's report (AP, Reuters, AFP…), wherever it is printed.
    Wire,
    /// An outlet owned or run by a state.
    StateMedia,
    /// A post on a social network.
    Social,
    /// A research report (a think tank's, a security firm's…).
    Research,
    /// A filing in a court case.
    Court,
}

impl SourceKind {
    /// The kind as written in front matter and as interface strings name it.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Primary => "primary",
            SourceKind::News => "news",
            SourceKind::Wire => "wire",
            SourceKind::StateMedia => "state-media",
            SourceKind::Social => "social",
            SourceKind::Research => "research",
            SourceKind::Court => "court",
        }
    }
}
