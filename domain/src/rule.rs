//! Stable rule IDs: the error code a refusal carries and the prefix of the test that proves it.

use serde::{Deserialize, Serialize};

/// One rule of the catalog. Serialised as its ID, e.g. `"VS-3"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RuleId {
    #[serde(rename = "ROLE-1")]
    Role1,
    #[serde(rename = "ROLE-2")]
    Role2,
    #[serde(rename = "ROLE-3")]
    Role3,
    #[serde(rename = "ROLE-4")]
    Role4,
    #[serde(rename = "ROLE-5")]
    Role5,
    #[serde(rename = "ROLE-6")]
    Role6,
    #[serde(rename = "ROLE-7")]
    Role7,
    #[serde(rename = "ROLE-8")]
    Role8,
    #[serde(rename = "ROW-3")]
    Row3,
    #[serde(rename = "VS-1")]
    Vs1,
    #[serde(rename = "VS-2")]
    Vs2,
    #[serde(rename = "VS-3")]
    Vs3,
    #[serde(rename = "VS-4")]
    Vs4,
}

impl RuleId {
    /// The ID as written in RULES.md.
    pub const fn code(self) -> &'static str {
        match self {
            RuleId::Role1 => "ROLE-1",
            RuleId::Role2 => "ROLE-2",
            RuleId::Role3 => "ROLE-3",
            RuleId::Role4 => "ROLE-4",
            RuleId::Role5 => "ROLE-5",
            RuleId::Role6 => "ROLE-6",
            RuleId::Role7 => "ROLE-7",
            RuleId::Role8 => "ROLE-8",
            RuleId::Row3 => "ROW-3",
            RuleId::Vs1 => "VS-1",
            RuleId::Vs2 => "VS-2",
            RuleId::Vs3 => "VS-3",
            RuleId::Vs4 => "VS-4",
        }
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_serialise_as_their_catalog_code() {
        for rule in [RuleId::Role2, RuleId::Vs3, RuleId::Row3] {
            let json = serde_json::to_string(&rule).unwrap();
            assert_eq!(json, format!("\"{}\"", rule.code()));
            let back: RuleId = serde_json::from_str(&json).unwrap();
            assert_eq!(back, rule);
        }
    }
}
