//! Stable rule IDs: the error code a refusal carries and the prefix of the test that proves it.

use serde::{Deserialize, Serialize};

/// One rule of the project's catalog (`docs/rules.md`). Serialised as its ID, e.g. `"VS-3"`.
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
    #[serde(rename = "ROLE-9")]
    Role9,
    #[serde(rename = "NAV-1")]
    Nav1,
    #[serde(rename = "NAV-2")]
    Nav2,
    #[serde(rename = "NAV-3")]
    Nav3,
    #[serde(rename = "ROW-1")]
    Row1,
    #[serde(rename = "ROW-2")]
    Row2,
    #[serde(rename = "ROW-3")]
    Row3,
    #[serde(rename = "SW-1")]
    Sw1,
    #[serde(rename = "SW-2")]
    Sw2,
    #[serde(rename = "SW-3")]
    Sw3,
    #[serde(rename = "SW-4")]
    Sw4,
    #[serde(rename = "AZ-1")]
    Az1,
    #[serde(rename = "AZ-2")]
    Az2,
    #[serde(rename = "AZ-3")]
    Az3,
    #[serde(rename = "AZ-4")]
    Az4,
    #[serde(rename = "AZ-5")]
    Az5,
    #[serde(rename = "AZ-6")]
    Az6,
    #[serde(rename = "AZ-7")]
    Az7,
    #[serde(rename = "AZ-8")]
    Az8,
    #[serde(rename = "LIC-1")]
    Lic1,
    #[serde(rename = "LIC-2")]
    Lic2,
    #[serde(rename = "LIC-3")]
    Lic3,
    #[serde(rename = "LIC-4")]
    Lic4,
    #[serde(rename = "LIC-5")]
    Lic5,
    #[serde(rename = "VS-1")]
    Vs1,
    #[serde(rename = "VS-2")]
    Vs2,
    #[serde(rename = "VS-3")]
    Vs3,
    #[serde(rename = "VS-4")]
    Vs4,
    #[serde(rename = "TS-1")]
    Ts1,
    #[serde(rename = "TS-2")]
    Ts2,
    #[serde(rename = "TS-3")]
    Ts3,
    #[serde(rename = "TS-4")]
    Ts4,
    #[serde(rename = "TS-5")]
    Ts5,
    #[serde(rename = "TS-6")]
    Ts6,
    #[serde(rename = "TS-7")]
    Ts7,
    #[serde(rename = "PAH-1")]
    Pah1,
    #[serde(rename = "PAH-2")]
    Pah2,
    #[serde(rename = "PAH-3")]
    Pah3,
    #[serde(rename = "GTM-1")]
    Gtm1,
    #[serde(rename = "GTM-2")]
    Gtm2,
    #[serde(rename = "GTM-3")]
    Gtm3,
    #[serde(rename = "GTM-4")]
    Gtm4,
    #[serde(rename = "GTM-5")]
    Gtm5,
    #[serde(rename = "GTM-6")]
    Gtm6,
    #[serde(rename = "CAN-1")]
    Can1,
    #[serde(rename = "ACC-1")]
    Acc1,
    #[serde(rename = "ACC-2")]
    Acc2,
    #[serde(rename = "ACC-3")]
    Acc3,
    #[serde(rename = "ACC-4")]
    Acc4,
    #[serde(rename = "EMB-1")]
    Emb1,
    #[serde(rename = "EMB-2")]
    Emb2,
    #[serde(rename = "EMB-3")]
    Emb3,
    #[serde(rename = "SET-1")]
    Set1,
    #[serde(rename = "OFR-1")]
    Ofr1,
    #[serde(rename = "OFR-2")]
    Ofr2,
    #[serde(rename = "OFR-3")]
    Ofr3,
}

impl RuleId {
    /// Every rule of the catalog, in its order.
    pub const ALL: [RuleId; 64] = [
        RuleId::Role1,
        RuleId::Role2,
        RuleId::Role3,
        RuleId::Role4,
        RuleId::Role5,
        RuleId::Role6,
        RuleId::Role7,
        RuleId::Role8,
        RuleId::Role9,
        RuleId::Nav1,
        RuleId::Nav2,
        RuleId::Nav3,
        RuleId::Row1,
        RuleId::Row2,
        RuleId::Row3,
        RuleId::Sw1,
        RuleId::Sw2,
        RuleId::Sw3,
        RuleId::Sw4,
        RuleId::Az1,
        RuleId::Az2,
        RuleId::Az3,
        RuleId::Az4,
        RuleId::Az5,
        RuleId::Az6,
        RuleId::Az7,
        RuleId::Az8,
        RuleId::Lic1,
        RuleId::Lic2,
        RuleId::Lic3,
        RuleId::Lic4,
        RuleId::Lic5,
        RuleId::Vs1,
        RuleId::Vs2,
        RuleId::Vs3,
        RuleId::Vs4,
        RuleId::Ts1,
        RuleId::Ts2,
        RuleId::Ts3,
        RuleId::Ts4,
        RuleId::Ts5,
        RuleId::Ts6,
        RuleId::Ts7,
        RuleId::Pah1,
        RuleId::Pah2,
        RuleId::Pah3,
        RuleId::Gtm1,
        RuleId::Gtm2,
        RuleId::Gtm3,
        RuleId::Gtm4,
        RuleId::Gtm5,
        RuleId::Gtm6,
        RuleId::Can1,
        RuleId::Acc1,
        RuleId::Acc2,
        RuleId::Acc3,
        RuleId::Acc4,
        RuleId::Emb1,
        RuleId::Emb2,
        RuleId::Emb3,
        RuleId::Set1,
        RuleId::Ofr1,
        RuleId::Ofr2,
        RuleId::Ofr3,
    ];

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
            RuleId::Role9 => "ROLE-9",
            RuleId::Nav1 => "NAV-1",
            RuleId::Nav2 => "NAV-2",
            RuleId::Nav3 => "NAV-3",
            RuleId::Row1 => "ROW-1",
            RuleId::Row2 => "ROW-2",
            RuleId::Row3 => "ROW-3",
            RuleId::Sw1 => "SW-1",
            RuleId::Sw2 => "SW-2",
            RuleId::Sw3 => "SW-3",
            RuleId::Sw4 => "SW-4",
            RuleId::Az1 => "AZ-1",
            RuleId::Az2 => "AZ-2",
            RuleId::Az3 => "AZ-3",
            RuleId::Az4 => "AZ-4",
            RuleId::Az5 => "AZ-5",
            RuleId::Az6 => "AZ-6",
            RuleId::Az7 => "AZ-7",
            RuleId::Az8 => "AZ-8",
            RuleId::Lic1 => "LIC-1",
            RuleId::Lic2 => "LIC-2",
            RuleId::Lic3 => "LIC-3",
            RuleId::Lic4 => "LIC-4",
            RuleId::Lic5 => "LIC-5",
            RuleId::Vs1 => "VS-1",
            RuleId::Vs2 => "VS-2",
            RuleId::Vs3 => "VS-3",
            RuleId::Vs4 => "VS-4",
            RuleId::Ts1 => "TS-1",
            RuleId::Ts2 => "TS-2",
            RuleId::Ts3 => "TS-3",
            RuleId::Ts4 => "TS-4",
            RuleId::Ts5 => "TS-5",
            RuleId::Ts6 => "TS-6",
            RuleId::Ts7 => "TS-7",
            RuleId::Pah1 => "PAH-1",
            RuleId::Pah2 => "PAH-2",
            RuleId::Pah3 => "PAH-3",
            RuleId::Gtm1 => "GTM-1",
            RuleId::Gtm2 => "GTM-2",
            RuleId::Gtm3 => "GTM-3",
            RuleId::Gtm4 => "GTM-4",
            RuleId::Gtm5 => "GTM-5",
            RuleId::Gtm6 => "GTM-6",
            RuleId::Can1 => "CAN-1",
            RuleId::Acc1 => "ACC-1",
            RuleId::Acc2 => "ACC-2",
            RuleId::Acc3 => "ACC-3",
            RuleId::Acc4 => "ACC-4",
            RuleId::Emb1 => "EMB-1",
            RuleId::Emb2 => "EMB-2",
            RuleId::Emb3 => "EMB-3",
            RuleId::Set1 => "SET-1",
            RuleId::Ofr1 => "OFR-1",
            RuleId::Ofr2 => "OFR-2",
            RuleId::Ofr3 => "OFR-3",
        }
    }

    pub fn from_code(code: &str) -> Option<RuleId> {
        RuleId::ALL.into_iter().find(|r| r.code() == code)
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
        for rule in RuleId::ALL {
            let json = serde_json::to_string(&rule).unwrap();
            assert_eq!(json, format!("\"{}\"", rule.code()));
            let back: RuleId = serde_json::from_str(&json).unwrap();
            assert_eq!(back, rule);
            assert_eq!(RuleId::from_code(rule.code()), Some(rule));
        }
    }

    /// The project's catalog and this enum name the same rules in the same order: none
    /// missing, none invented.
    #[test]
    fn every_rule_id_of_the_catalog_is_known_and_no_other() {
        let catalog = include_str!("../../docs/rules.md");
        // Rows `| ID | what it says | kind | source |` whose first cell is a rule ID.
        let rows: Vec<Vec<&str>> = catalog
            .lines()
            .filter_map(|l| l.strip_prefix('|')?.strip_suffix('|'))
            .map(|l| l.split('|').map(str::trim).collect::<Vec<_>>())
            .filter(|cells| {
                let id = cells[0];
                id.starts_with(|c: char| c.is_ascii_uppercase())
                    && id.contains('-')
                    && id
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
            })
            .collect();
        let ids: Vec<&str> = rows.iter().map(|cells| cells[0]).collect();
        assert_eq!(
            ids,
            RuleId::ALL.map(RuleId::code),
            "docs/rules.md and RuleId::ALL differ"
        );
        for cells in &rows {
            assert_eq!(cells.len(), 4, "{}: the rule, its kind and its source", cells[0]);
            assert!(cells[1].len() > 20, "{}: say what the rule is", cells[0]);
            assert!(
                ["block", "warn", "model", "UX"].contains(&cells[2]),
                "{}: kind {:?}",
                cells[0],
                cells[2]
            );
            assert!(!cells[3].is_empty(), "{}: its source", cells[0]);
        }
    }
}
