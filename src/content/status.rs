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
    /// Said to have happened, and denied by those it concerns (attribution says who).
    Denied,
}

impl Status {
    /// Every status, in the order the statuses page explains them.
    pub const ALL: [Status; 4] = [
        Status::Confirmed,
        Status::Reported,
        Status::Disputed,
        Status::Denied,
    ];

    /// The status says who claims what (so its event should have an attribution).
    pub fn is_contested(self) -> bool {
        self != Status::Confirmed
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Confirmed => "confirmed",
            Status::Reported => "reported",
            Status::Disputed => "disputed",
            Status::Denied => "denied",
        }
    }
}
