//! Cancelling a benefit or offer with a refund: CAN-1.

use crate::benefit::Offer;
use crate::company::MembershipOffer;
use crate::permission::{require, Permission};
use crate::software::{KeyReveal, SoftwareBenefit};
use crate::{Reason, RuleId, User, UserId, Violation};
use chrono::{DateTime, Days, Utc};
use serde::{Deserialize, Serialize};

/// CAN-1: a refund may be requested this many days after purchase (the purchase day is day 0).
pub const REFUND_DAYS: u64 = 30;

/// The service request's state, which the user can follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CancellationState {
    Submitted,
    InReview,
    Approved,
    Rejected,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancellationRequest {
    pub id: i64,
    pub offer: Offer,
    pub requested_at: DateTime<Utc>,
    pub by: UserId,
    pub state: CancellationState,
}

impl CancellationRequest {
    pub fn is_open(&self) -> bool {
        matches!(
            self.state,
            CancellationState::Submitted | CancellationState::InReview
        )
    }
}

/// CAN-1: whether software provisioned by `offer` was ever activated.
pub fn software_activated(offer: Offer, software: &[SoftwareBenefit]) -> bool {
    software.iter().any(|s| s.offer == offer && s.was_activated())
}

/// CAN-1: within 30 days of purchase, no software of the offer activated
/// ([`software_activated`]), no key viewed (SW-1's record).
pub fn check_request_cancellation(
    membership: &MembershipOffer,
    software_activated: bool,
    reveals: &[KeyReveal],
    existing: &[CancellationRequest],
    actor: &User,
    directory: &[User],
    now: DateTime<Utc>,
) -> Result<(), Violation> {
    require(Permission::ManageMembership, actor, directory)?;
    let closes = membership.purchased_on + Days::new(REFUND_DAYS);
    if now.date_naive() > closes {
        return Err(Violation::new(
            RuleId::Can1,
            Reason::CancellationWindowClosed {
                purchased_on: membership.purchased_on,
                closed_on: closes,
            },
        ));
    }
    let offer = membership.offer;
    let viewed = reveals.iter().any(|r| r.offer == offer);
    if software_activated || viewed {
        return Err(Violation::new(RuleId::Can1, Reason::SoftwareAlreadyUsed));
    }
    if existing.iter().any(|r| r.offer == offer && r.is_open()) {
        return Err(Violation::new(RuleId::Can1, Reason::CancellationAlreadyRequested));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::benefit::BenefitType;
    use crate::identifiers::ProductKey;
    use crate::software::{Activations, SoftwareKey};
    use crate::test_support::{at, directory, with_role};
    use crate::Role;
    use chrono::NaiveDate;

    fn action_pack() -> MembershipOffer {
        MembershipOffer::new(Offer::ActionPack, NaiveDate::from_ymd_opt(2026, 3, 1).unwrap())
    }

    fn windows(used: u32) -> SoftwareBenefit {
        SoftwareBenefit {
            id: 9,
            product: "Windows 11 Pro".into(),
            offer: Offer::ActionPack,
            benefit_type: BenefitType::Core,
            quantity: 5,
            expires_on: NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
            keys: vec![SoftwareKey {
                key: ProductKey::parse("AAAAA-BBBBB-CCCCC-DDDDD-EEEEE").unwrap(),
                activations: Activations::new(used, 5).unwrap(),
            }],
            special_instructions: None,
            downloads: vec![],
        }
    }

    #[test]
    fn can_1_refund_only_within_30_days_of_purchase() {
        let dir = directory();
        let admin = with_role(&dir, Role::GlobalAdmin);
        let day_30 = at(2026, 3, 31);
        let day_31 = at(2026, 4, 1);
        assert!(check_request_cancellation(
            &action_pack(),
            software_activated(Offer::ActionPack, &[windows(0)]),
            &[],
            &[],
            admin,
            &dir,
            day_30
        )
        .is_ok());
        let late = check_request_cancellation(
            &action_pack(),
            software_activated(Offer::ActionPack, &[windows(0)]),
            &[],
            &[],
            admin,
            &dir,
            day_31,
        )
        .unwrap_err();
        assert_eq!(late.rule, RuleId::Can1);
        assert!(matches!(late.reason, Reason::CancellationWindowClosed { .. }));
    }

    #[test]
    fn can_1_no_refund_once_software_was_activated_or_a_key_viewed() {
        let dir = directory();
        let admin = with_role(&dir, Role::GlobalAdmin);
        let now = at(2026, 3, 10);
        let activated = check_request_cancellation(
            &action_pack(),
            software_activated(Offer::ActionPack, &[windows(1)]),
            &[],
            &[],
            admin,
            &dir,
            now,
        );
        assert_eq!(activated.unwrap_err().reason, Reason::SoftwareAlreadyUsed);
        let viewed = KeyReveal {
            benefit_id: 9,
            offer: Offer::ActionPack,
            by: admin.id,
            at: at(2026, 3, 2),
        };
        let refused = check_request_cancellation(
            &action_pack(),
            software_activated(Offer::ActionPack, &[windows(0)]),
            std::slice::from_ref(&viewed),
            &[],
            admin,
            &dir,
            now,
        );
        assert_eq!(refused.unwrap_err().reason, Reason::SoftwareAlreadyUsed);
        // A key viewed under another offer does not count against this one.
        let other = KeyReveal {
            offer: Offer::Gold,
            ..viewed
        };
        assert!(check_request_cancellation(
            &action_pack(),
            software_activated(Offer::ActionPack, &[windows(0)]),
            &[other],
            &[],
            admin,
            &dir,
            now
        )
        .is_ok());
    }

    #[test]
    fn can_1_one_open_request_per_offer_and_only_for_admins() {
        let dir = directory();
        let admin = with_role(&dir, Role::GlobalAdmin);
        let now = at(2026, 3, 10);
        let open = CancellationRequest {
            id: 1,
            offer: Offer::ActionPack,
            requested_at: at(2026, 3, 5),
            by: admin.id,
            state: CancellationState::InReview,
        };
        let twice = check_request_cancellation(
            &action_pack(),
            false,
            &[],
            std::slice::from_ref(&open),
            admin,
            &dir,
            now,
        );
        assert_eq!(twice.unwrap_err().reason, Reason::CancellationAlreadyRequested);
        let rejected = CancellationRequest {
            state: CancellationState::Rejected,
            ..open
        };
        assert!(
            check_request_cancellation(&action_pack(), false, &[], &[rejected], admin, &dir, now).is_ok()
        );
        let viewer = dir.iter().find(|u| u.roles.is_empty()).unwrap();
        assert_eq!(
            check_request_cancellation(&action_pack(), false, &[], &[], viewer, &dir, now)
                .unwrap_err()
                .rule,
            RuleId::Role3
        );
    }
}
