//! Warnings: the action is allowed once the user has seen the consequence and confirmed.

use crate::{Lang, RuleId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning {
    /// LIC-3: adding seats without extending mixes the end dates: less than 12 months.
    SeatsWithoutExtending {
        active_seats_after: u32,
        resulting_end: NaiveDate,
    },
}

impl Warning {
    pub fn rule(&self) -> RuleId {
        match self {
            Warning::SeatsWithoutExtending { .. } => RuleId::Lic3,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            Warning::SeatsWithoutExtending {
                active_seats_after,
                resulting_end,
            } => {
                let date = lang.format_date(*resulting_end);
                match lang {
                    Lang::En => format!("Adding licences without extending the end date: {active_seats_after} licences, all ending on {date}. The key can't be redeemed again."),
                    Lang::Nl => format!("Licenties toevoegen zonder de einddatum te verlengen: {active_seats_after} licenties, die allemaal eindigen op {date}. De sleutel kan niet opnieuw worden ingewisseld."),
                    Lang::De => format!("Lizenzen hinzufügen, ohne das Enddatum zu verlängern: {active_seats_after} Lizenzen, die alle am {date} enden. Der Schlüssel kann nicht erneut eingelöst werden."),
                }
            }
        }
    }
}

/// What a check allows: go ahead, or only after the user confirmed the warning.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict<T> {
    Allowed { outcome: T },
    NeedsConfirmation { warning: Warning, outcome: T },
}
