//! What crosses the wire between the SPA and the server: one definition for both sides.

use crate::benefit::Offer;
use crate::visual_studio::VisualStudioSubscription;
use crate::{User, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Every API error: a stable code (the rule ID when a rule refused), a message in
/// the language the client asked for, and what is needed to show it in place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    #[serde(default)]
    pub details: serde_json::Value,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    pub email: String,
    pub password: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Company {
    pub id: i64,
    pub name: String,
    pub offer: Offer,
}

/// The signed-in user and their company.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub user: User,
    pub company: Company,
}

/// Allocated / assigned / available, as on every pool.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counters {
    pub allocated: u32,
    pub assigned: u32,
    pub available: u32,
}

/// The Visual Studio list, with the server's clock so the SPA checks rules at the same "now".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VisualStudioList {
    pub subscriptions: Vec<VisualStudioSubscription>,
    pub counters: Counters,
    pub server_time: DateTime<Utc>,
}

/// Assign or reassign: the chosen user and the subscription version the client saw.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubscriberRequest {
    pub user_id: UserId,
    pub version: i64,
}

impl Counters {
    pub fn count<'a, T: 'a>(
        items: impl IntoIterator<Item = &'a T>,
        is_assigned: impl Fn(&T) -> bool,
    ) -> Counters {
        let (mut allocated, mut assigned) = (0u32, 0u32);
        for item in items {
            allocated += 1;
            if is_assigned(item) {
                assigned += 1;
            }
        }
        Counters {
            allocated,
            assigned,
            available: allocated - assigned,
        }
    }
}
