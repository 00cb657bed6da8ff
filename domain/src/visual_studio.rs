//! Visual Studio subscriptions: VS-1 … VS-4.

use crate::benefit::{check_not_expired, BenefitType, Offer};
use crate::permission::{require, Permission};
use crate::user::find_user;
use crate::{Lang, Reason, RuleId, User, UserId, Violation};
use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// VS-3: days that must pass after an assignment before the subscription may move on.
pub const REASSIGN_AFTER_DAYS: u64 = 90;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisualStudioProduct {
    Professional,
    Enterprise,
}

impl VisualStudioProduct {
    pub const fn key(self) -> &'static str {
        match self {
            VisualStudioProduct::Professional => "professional",
            VisualStudioProduct::Enterprise => "enterprise",
        }
    }

    pub fn from_key(key: &str) -> Option<VisualStudioProduct> {
        [VisualStudioProduct::Professional, VisualStudioProduct::Enterprise]
            .into_iter()
            .find(|p| p.key() == key)
    }

    /// Product names stay in English in every language, as on Partner Center.
    pub const fn name(self) -> &'static str {
        match self {
            VisualStudioProduct::Professional => "Visual Studio Professional",
            VisualStudioProduct::Enterprise => "Visual Studio Enterprise",
        }
    }
}

/// VS-4: how many subscriptions of which product an offer provisions.
pub const fn allocation_for_offer(offer: Offer) -> (VisualStudioProduct, u32) {
    match offer {
        Offer::ActionPack => (VisualStudioProduct::Professional, 3),
        Offer::Silver => (VisualStudioProduct::Enterprise, 5),
        Offer::Gold => (VisualStudioProduct::Enterprise, 10),
    }
}

/// Who holds a subscription, and since when (VS-3 counts from here).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisualStudioAssignment {
    pub subscriber: UserId,
    #[serde(with = "crate::dates::instant")]
    pub assigned_at: DateTime<Utc>,
}

/// One Visual Studio subscription of the company: a row of the list (ROW-1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisualStudioSubscription {
    pub id: i64,
    pub product: VisualStudioProduct,
    pub offer: Offer,
    pub benefit_type: BenefitType,
    /// ROW-3: last day of use.
    #[serde(with = "crate::dates::day")]
    pub expires_on: NaiveDate,
    /// VS-2: one subscriber at most.
    pub assignment: Option<VisualStudioAssignment>,
    /// ACC-4: the assignment that ended when its subscriber left the company. The next
    /// subscriber still waits for VS-3's 90 days from it (leaving is no shortcut).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub freed_from: Option<VisualStudioAssignment>,
    /// Optimistic concurrency: bumped on every change.
    pub version: i64,
}

impl VisualStudioSubscription {
    /// VS-3: the first moment a reassignment is allowed, if there is a subscriber.
    ///
    /// The clock restarts with every assignment: a reassigned subscription must
    /// again stay 90 days with its new subscriber, so it can't be passed around.
    pub fn reassignable_from(&self) -> Option<DateTime<Utc>> {
        self.assignment
            .as_ref()
            .or(self.freed_from.as_ref())
            .map(|a| a.assigned_at + Days::new(REASSIGN_AFTER_DAYS))
    }
}

/// VS-1/ROLE-2/ROW-3/VS-2: may `actor` assign a first subscriber at all?
/// The SPA asks this before a user is picked, to enable or explain the control.
pub fn check_may_assign_visual_studio_subscriber(
    subscription: &VisualStudioSubscription,
    actor: &User,
    directory: &[User],
    now: DateTime<Utc>,
) -> Result<(), Violation> {
    require(Permission::AssignBenefit, actor, directory)?;
    check_not_expired(subscription.expires_on, now)?;
    if let Some(current) = &subscription.assignment {
        return Err(Violation::new(
            RuleId::Vs2,
            Reason::AlreadyHasSubscriber {
                subscriber: subscriber_ref(directory, current.subscriber),
            },
        ));
    }
    if let Some(left) = &subscription.freed_from {
        let from = left.assigned_at + Days::new(REASSIGN_AFTER_DAYS);
        if now < from {
            return Err(Violation::new(
                RuleId::Vs3,
                Reason::ReassignNotBefore {
                    assigned_on: left.assigned_at.date_naive(),
                    reassignable_from: from.date_naive(),
                },
            ));
        }
    }
    Ok(())
}

/// VS-1: "select a user from the list, then Assign user".
pub fn check_assign_visual_studio_subscriber(
    subscription: &VisualStudioSubscription,
    actor: &User,
    directory: &[User],
    subscriber: UserId,
    now: DateTime<Utc>,
) -> Result<(), Violation> {
    check_may_assign_visual_studio_subscriber(subscription, actor, directory, now)?;
    find_user(directory, subscriber)
        .ok_or_else(|| Violation::new(RuleId::Vs1, Reason::UserNotInDirectory))?;
    Ok(())
}

/// VS-3/ROLE-2/ROW-3: may `actor` reassign the subscription now, to anyone?
pub fn check_may_reassign_visual_studio_subscriber(
    subscription: &VisualStudioSubscription,
    actor: &User,
    directory: &[User],
    now: DateTime<Utc>,
) -> Result<(), Violation> {
    require(Permission::AssignBenefit, actor, directory)?;
    check_not_expired(subscription.expires_on, now)?;
    let current = subscription
        .assignment
        .as_ref()
        .ok_or_else(|| Violation::new(RuleId::Vs1, Reason::NoSubscriberYet))?;
    let from = current.assigned_at + Days::new(REASSIGN_AFTER_DAYS);
    if now < from {
        return Err(Violation::new(
            RuleId::Vs3,
            Reason::ReassignNotBefore {
                assigned_on: current.assigned_at.date_naive(),
                reassignable_from: from.date_naive(),
            },
        ));
    }
    Ok(())
}

/// VS-3: move the subscription to another subscriber of the company.
pub fn check_reassign_visual_studio_subscriber(
    subscription: &VisualStudioSubscription,
    actor: &User,
    directory: &[User],
    new_subscriber: UserId,
    now: DateTime<Utc>,
) -> Result<(), Violation> {
    check_may_reassign_visual_studio_subscriber(subscription, actor, directory, now)?;
    let new = find_user(directory, new_subscriber)
        .ok_or_else(|| Violation::new(RuleId::Vs1, Reason::UserNotInDirectory))?;
    if subscription
        .assignment
        .as_ref()
        .is_some_and(|a| a.subscriber == new_subscriber)
    {
        return Err(Violation::new(
            RuleId::Vs2,
            Reason::AlreadyTheSubscriber {
                subscriber: new.reference(),
            },
        ));
    }
    Ok(())
}

/// Names the current subscriber; one who has left the directory is still named by ID.
fn subscriber_ref(directory: &[User], id: UserId) -> crate::UserRef {
    find_user(directory, id)
        .map(User::reference)
        .unwrap_or_else(|| crate::UserRef {
            id,
            display_name: format!("#{}", id.0),
            email: crate::EmailAddress::parse("unknown@invalid.example").expect("constant address parses"),
        })
}

/// A subscription's state as a list shows it, in the reader's language.
pub fn status_label(subscription: &VisualStudioSubscription, now: DateTime<Utc>, lang: Lang) -> &'static str {
    let expired = crate::benefit::is_expired(subscription.expires_on, now);
    match (expired, subscription.assignment.is_some(), lang) {
        (true, _, Lang::En) => "Expired",
        (true, _, Lang::Nl) => "Verlopen",
        (true, _, Lang::De) => "Abgelaufen",
        (false, true, Lang::En) => "Assigned",
        (false, true, Lang::Nl) => "Toegewezen",
        (false, true, Lang::De) => "Zugewiesen",
        (false, false, Lang::En) => "Not assigned",
        (false, false, Lang::Nl) => "Niet toegewezen",
        (false, false, Lang::De) => "Nicht zugewiesen",
    }
}

impl crate::benefit::BenefitRow for VisualStudioSubscription {
    fn row(&self) -> crate::benefit::RowSummary {
        crate::benefit::RowSummary {
            name: self.product.name().to_string(),
            quantity: 1,
            offer: self.offer,
            benefit_type: self.benefit_type,
            expires_on: self.expires_on,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{directory, user};
    use crate::Role;
    use chrono::{Duration, TimeZone};

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 9, 30, 0).unwrap()
    }

    fn subscription(assignment: Option<VisualStudioAssignment>) -> VisualStudioSubscription {
        VisualStudioSubscription {
            id: 7,
            product: VisualStudioProduct::Enterprise,
            offer: Offer::Silver,
            benefit_type: BenefitType::Core,
            expires_on: NaiveDate::from_ymd_opt(2027, 6, 30).unwrap(),
            assignment,
            freed_from: None,
            version: 1,
        }
    }

    fn admin(dir: &[User]) -> &User {
        dir.iter().find(|u| u.has_role(Role::GlobalAdmin)).unwrap()
    }

    fn held_by(user: i64, since: DateTime<Utc>) -> Option<VisualStudioAssignment> {
        Some(VisualStudioAssignment {
            subscriber: UserId(user),
            assigned_at: since,
        })
    }

    #[test]
    fn vs_1_assign_a_user_from_the_company_list() {
        let dir = directory();
        let now = at(2026, 11, 22);
        let sub = subscription(None);
        assert!(check_assign_visual_studio_subscriber(&sub, admin(&dir), &dir, UserId(5), now).is_ok());
        let stranger = UserId(999);
        let refused =
            check_assign_visual_studio_subscriber(&sub, admin(&dir), &dir, stranger, now).unwrap_err();
        assert_eq!(refused.rule, RuleId::Vs1);
        assert_eq!(refused.reason, Reason::UserNotInDirectory);
    }

    #[test]
    fn vs_1_reassigning_needs_a_subscriber_to_take_over_from() {
        let dir = directory();
        let refused = check_reassign_visual_studio_subscriber(
            &subscription(None),
            admin(&dir),
            &dir,
            UserId(5),
            at(2026, 11, 22),
        )
        .unwrap_err();
        assert_eq!(
            (refused.rule, refused.reason),
            (RuleId::Vs1, Reason::NoSubscriberYet)
        );
    }

    #[test]
    fn vs_1_role_2_only_a_global_admin_may_assign() {
        let dir = directory();
        let now = at(2026, 11, 22);
        let sub = subscription(None);
        for actor in dir.iter().filter(|u| !u.has_role(Role::GlobalAdmin)) {
            let refused =
                check_assign_visual_studio_subscriber(&sub, actor, &dir, UserId(5), now).unwrap_err();
            assert_eq!(refused.rule, RuleId::Role2, "{}", actor.display_name);
        }
    }

    #[test]
    fn vs_2_one_subscriber_per_subscription() {
        let dir = directory();
        let now = at(2026, 11, 22);
        let sub = subscription(held_by(4, at(2026, 1, 1)));
        let refused =
            check_assign_visual_studio_subscriber(&sub, admin(&dir), &dir, UserId(5), now).unwrap_err();
        assert_eq!(refused.rule, RuleId::Vs2);
        assert!(matches!(
            refused.reason,
            Reason::AlreadyHasSubscriber { ref subscriber } if subscriber.id == UserId(4)
        ));
        let to_same =
            check_reassign_visual_studio_subscriber(&sub, admin(&dir), &dir, UserId(4), now).unwrap_err();
        assert_eq!(to_same.rule, RuleId::Vs2);
    }

    #[test]
    fn vs_3_reassign_only_after_90_days() {
        let dir = directory();
        let assigned_at = at(2026, 1, 10);
        let sub = subscription(held_by(4, assigned_at));
        let day_89 = assigned_at + Duration::days(89);
        let just_before_90 = assigned_at + Duration::days(90) - Duration::seconds(1);
        let day_90 = assigned_at + Duration::days(90);

        for too_early in [day_89, just_before_90] {
            let refused =
                check_reassign_visual_studio_subscriber(&sub, admin(&dir), &dir, UserId(5), too_early)
                    .unwrap_err();
            assert_eq!(refused.rule, RuleId::Vs3);
            assert_eq!(
                refused.reason,
                Reason::ReassignNotBefore {
                    assigned_on: NaiveDate::from_ymd_opt(2026, 1, 10).unwrap(),
                    reassignable_from: NaiveDate::from_ymd_opt(2026, 4, 10).unwrap(),
                }
            );
        }
        assert!(check_reassign_visual_studio_subscriber(&sub, admin(&dir), &dir, UserId(5), day_90).is_ok());
        assert_eq!(sub.reassignable_from(), Some(day_90));
    }

    #[test]
    fn vs_3_message_says_from_which_date_in_every_language() {
        let dir = directory();
        let sub = subscription(held_by(4, at(2026, 1, 10)));
        let refused =
            check_reassign_visual_studio_subscriber(&sub, admin(&dir), &dir, UserId(5), at(2026, 2, 1))
                .unwrap_err();
        assert!(refused.message(Lang::En).contains("10 Apr 2026"));
        assert!(refused.message(Lang::Nl).contains("10 apr 2026"));
        assert!(refused.message(Lang::De).contains("10.04.2026"));
    }

    #[test]
    fn vs_4_allocation_follows_the_offer() {
        assert_eq!(
            allocation_for_offer(Offer::ActionPack),
            (VisualStudioProduct::Professional, 3)
        );
        assert_eq!(
            allocation_for_offer(Offer::Silver),
            (VisualStudioProduct::Enterprise, 5)
        );
        assert_eq!(
            allocation_for_offer(Offer::Gold),
            (VisualStudioProduct::Enterprise, 10)
        );
    }

    #[test]
    fn row_3_an_expired_subscription_is_read_only() {
        let dir = directory();
        let mut sub = subscription(None);
        sub.expires_on = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        let refused =
            check_assign_visual_studio_subscriber(&sub, admin(&dir), &dir, UserId(5), at(2026, 11, 22))
                .unwrap_err();
        assert_eq!(refused.rule, RuleId::Row3);
        assert_eq!(status_label(&sub, at(2026, 11, 22), Lang::De), "Abgelaufen");
    }

    #[test]
    fn a_guest_can_be_a_subscriber_like_anyone_in_the_list() {
        let mut dir = directory();
        dir.push(User {
            guest: true,
            ..user(42, "Gus Guest", &[])
        });
        let sub = subscription(None);
        assert!(
            check_assign_visual_studio_subscriber(&sub, admin(&dir), &dir, UserId(42), at(2026, 11, 22))
                .is_ok()
        );
    }
}
