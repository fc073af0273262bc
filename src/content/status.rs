//! How sure the newsroom is of an event: the statuses an article may have.

use serde::{Deserialize, Serialize};

/// How sure the newsroom is of an event.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Confirmed,
    Reported,
    Disputed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Confirmed => "confirmed",
            Status::Reported => "reported",
            Status::Disputed => "disputed",
        }
    }
}
