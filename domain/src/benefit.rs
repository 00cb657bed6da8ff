//! What every benefit row has (ROW-1) and its life span (ROW-3).

use crate::{Lang, Reason, RuleId, Violation};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The membership offer that provisioned a benefit (ROW-1, ROW-2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Offer {
    ActionPack,
    Silver,
    Gold,
}

impl Offer {
    pub const ALL: [Offer; 3] = [Offer::ActionPack, Offer::Silver, Offer::Gold];

    pub const fn key(self) -> &'static str {
        match self {
            Offer::ActionPack => "action_pack",
            Offer::Silver => "silver",
            Offer::Gold => "gold",
        }
    }

    pub fn from_key(key: &str) -> Option<Offer> {
        Offer::ALL.into_iter().find(|o| o.key() == key)
    }

    /// Gold over Silver over Action Pack.
    pub const fn rank(self) -> u8 {
        match self {
            Offer::ActionPack => 0,
            Offer::Silver => 1,
            Offer::Gold => 2,
        }
    }

    /// Offer names are product names and stay the same in every language.
    pub const fn label(self) -> &'static str {
        match self {
            Offer::ActionPack => "Action Pack",
            Offer::Silver => "Silver",
            Offer::Gold => "Gold",
        }
    }
}

/// Core benefits come with the offer; incremental ones are earned on top (ROW-1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BenefitType {
    Core,
    Incremental,
}

impl BenefitType {
    pub const fn key(self) -> &'static str {
        match self {
            BenefitType::Core => "core",
            BenefitType::Incremental => "incremental",
        }
    }

    pub fn from_key(key: &str) -> Option<BenefitType> {
        [BenefitType::Core, BenefitType::Incremental]
            .into_iter()
            .find(|t| t.key() == key)
    }

    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (BenefitType::Core, Lang::En) => "Core",
            (BenefitType::Core, Lang::Nl) => "Kern",
            (BenefitType::Core, Lang::De) => "Kern",
            (BenefitType::Incremental, Lang::En) => "Incremental",
            (BenefitType::Incremental, Lang::Nl) => "Incrementeel",
            (BenefitType::Incremental, Lang::De) => "Inkrementell",
        }
    }
}

/// ROW-1: what every benefit row shows, whatever its area.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowSummary {
    pub name: String,
    pub quantity: u32,
    pub offer: Offer,
    pub benefit_type: BenefitType,
    pub expires_on: NaiveDate,
}

/// ROW-1: every benefit of every area can be shown as a row.
pub trait BenefitRow {
    fn row(&self) -> RowSummary;
}

/// ROW-3: the expiry date is the last day of use; the day after, the benefit is read-only.
pub fn is_expired(expires_on: NaiveDate, now: DateTime<Utc>) -> bool {
    now.date_naive() > expires_on
}

/// ROW-3: refuses any change to an expired benefit.
pub fn check_not_expired(expires_on: NaiveDate, now: DateTime<Utc>) -> Result<(), Violation> {
    if is_expired(expires_on, now) {
        Err(Violation::new(RuleId::Row3, Reason::Expired { expires_on }))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn row_3_the_expiry_date_is_the_last_day_of_use() {
        let expires_on = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        let last_day = Utc.with_ymd_and_hms(2026, 6, 30, 23, 59, 59).unwrap();
        let day_after = Utc.with_ymd_and_hms(2026, 7, 1, 0, 0, 0).unwrap();
        assert!(check_not_expired(expires_on, last_day).is_ok());
        let refused = check_not_expired(expires_on, day_after).unwrap_err();
        assert_eq!(refused.rule, RuleId::Row3);
    }
}
