//! Who held what, when (assignment history) and who changed what (audit events).

use crate::UserId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Which kind of benefit a record is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BenefitKind {
    Software,
    AzureCredit,
    LicenceSubscription,
    VisualStudioSubscription,
    ProductSupport,
    GoToMarketOffer,
}

/// One holding of a benefit by a person: open while `removed_at` is `None`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentRecord {
    pub kind: BenefitKind,
    pub benefit_id: i64,
    pub user: UserId,
    pub assigned_at: DateTime<Utc>,
    pub removed_at: Option<DateTime<Utc>>,
}

/// Closes the benefit's open record (if any) and, when `to` is given, opens a new one.
pub fn record_holder_change(
    history: &mut Vec<AssignmentRecord>,
    kind: BenefitKind,
    benefit_id: i64,
    to: Option<UserId>,
    at: DateTime<Utc>,
) {
    for record in history
        .iter_mut()
        .filter(|r| r.kind == kind && r.benefit_id == benefit_id && r.removed_at.is_none())
    {
        record.removed_at = Some(at);
    }
    if let Some(user) = to {
        history.push(AssignmentRecord {
            kind,
            benefit_id,
            user,
            assigned_at: at,
            removed_at: None,
        });
    }
}

/// One line of the audit log: who did what to which thing, before → after.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub actor: UserId,
    /// Stable action name, e.g. `visual_studio.assign`, `software.reveal_keys`.
    pub action: String,
    /// What it was done to, e.g. `visual_studio_subscription:3`.
    pub subject: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub at: DateTime<Utc>,
}

/// The workspace areas an audited action can belong to, as URL slugs, in the order the
/// audit log's area filter lists them.
pub const AUDIT_AREAS: [&str; 6] = [
    "software",
    "azure",
    "visual-studio",
    "technical",
    "go-to-market",
    "account",
];

/// The workspace area an audited action belongs to: one of [`AUDIT_AREAS`].
pub fn area_of_action(action: &str) -> &'static str {
    match action {
        "reveal_software_keys" => "software",
        "assign_azure_credit"
        | "remove_azure_credit"
        | "transfer_azure_credit"
        | "redeem_product_key"
        | "request_replacement_key" => "azure",
        "assign_visual_studio_subscriber" | "reassign_visual_studio_subscriber" => "visual-studio",
        "activate_product_support" | "submit_advisory_request" | "record_support_confirmation" => "technical",
        "set_marketing_contact" | "activate_go_to_market_offer" | "record_go_to_market_activation" => {
            "go-to-market"
        }
        _ => "account",
    }
}

/// Audited actions that are not a [`crate::workspace::Command`]: changing one's own password
/// (ACC-2) has its own endpoint, since it needs the current password; creating the company
/// (SET-1) and importing its inventory (OFR-1) take a form and a file.
pub const OTHER_AUDITED_ACTIONS: [&str; 3] = ["change_password", "create_company", "import_inventory"];

/// The actions of one area (inverse of [`area_of_action`]).
pub fn actions_of_area(area: &str) -> Vec<&'static str> {
    crate::workspace::ALL_ACTIONS
        .into_iter()
        .chain(OTHER_AUDITED_ACTIONS)
        .filter(|a| area_of_action(a) == area)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::at;

    #[test]
    fn every_action_belongs_to_exactly_one_area() {
        let areas = AUDIT_AREAS;
        let total: usize = areas.iter().map(|a| actions_of_area(a).len()).sum();
        assert_eq!(
            total,
            crate::workspace::ALL_ACTIONS.len() + OTHER_AUDITED_ACTIONS.len()
        );
        assert!(actions_of_area("account").contains(&"change_password"));
        assert!(actions_of_area("account").contains(&"reset_password"));
        assert_eq!(actions_of_area("software"), ["reveal_software_keys"]);
    }

    #[test]
    fn a_holder_change_closes_the_open_record_and_opens_the_next() {
        let mut history = Vec::new();
        record_holder_change(
            &mut history,
            BenefitKind::AzureCredit,
            1,
            Some(UserId(4)),
            at(2026, 1, 1),
        );
        record_holder_change(
            &mut history,
            BenefitKind::AzureCredit,
            2,
            Some(UserId(5)),
            at(2026, 1, 1),
        );
        record_holder_change(
            &mut history,
            BenefitKind::AzureCredit,
            1,
            Some(UserId(6)),
            at(2026, 2, 1),
        );
        record_holder_change(&mut history, BenefitKind::AzureCredit, 1, None, at(2026, 3, 1));
        let credit_1: Vec<_> = history.iter().filter(|r| r.benefit_id == 1).collect();
        assert_eq!(credit_1.len(), 2);
        assert_eq!(credit_1[0].removed_at, Some(at(2026, 2, 1)));
        assert_eq!(
            (credit_1[1].user, credit_1[1].removed_at),
            (UserId(6), Some(at(2026, 3, 1)))
        );
        assert!(history
            .iter()
            .any(|r| r.benefit_id == 2 && r.removed_at.is_none()));
    }
}
