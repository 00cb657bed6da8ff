//! Go-To-Market offers and the company marketing contact: GTM-1 … GTM-5.

use crate::benefit::Offer;
use crate::company::Company;
use crate::identifiers::PhoneNumber;
use crate::permission::{require, Permission};
use crate::user::find_user;
use crate::{EmailAddress, Lang, Reason, RuleId, User, UserId, Violation};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// GTM-3: receives all follow-up about active offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarketingContact {
    pub user: UserId,
    /// Must differ from the company's Partner Center account e-mail.
    pub email: EmailAddress,
    pub phone: PhoneNumber,
    pub preferred_language: Lang,
}

/// GTM-5: available → pending (activation takes days) → active until it expires.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum GoToMarketStatus {
    Available,
    Pending { requested_at: DateTime<Utc> },
    Active { expires_on: NaiveDate },
}

/// GTM-4: listed under its benefit name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoToMarketOffer {
    pub id: i64,
    pub benefit_name: String,
    pub offer: Offer,
    pub status: GoToMarketStatus,
    pub version: i64,
}

/// What the Status column shows (GTM-5), with ROW-3's expiry applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShownStatus {
    Available,
    Pending,
    Active,
    Expired,
}

impl GoToMarketOffer {
    pub fn shown_status(&self, now: DateTime<Utc>) -> ShownStatus {
        match &self.status {
            GoToMarketStatus::Available => ShownStatus::Available,
            GoToMarketStatus::Pending { .. } => ShownStatus::Pending,
            GoToMarketStatus::Active { expires_on } if now.date_naive() > *expires_on => ShownStatus::Expired,
            GoToMarketStatus::Active { .. } => ShownStatus::Active,
        }
    }
}

/// GTM-4: the benefit names a partner level (and ISV co-sell readiness) brings.
pub fn go_to_market_benefits_for(level: Offer, co_sell_ready: bool) -> Vec<&'static str> {
    let mut names = match level {
        Offer::ActionPack => vec![],
        Offer::Silver => vec!["Silver Core"],
        Offer::Gold => vec!["Gold Core"],
    };
    if co_sell_ready && level != Offer::ActionPack {
        names.push("ISV Co-Sell Ready");
    }
    names
}

/// GTM-1 / GTM-3: add, update or change the marketing contact.
pub fn check_set_marketing_contact(
    company: &Company,
    contact: &MarketingContact,
    actor: &User,
    directory: &[User],
) -> Result<(), Violation> {
    require(Permission::ManageGoToMarket, actor, directory)?;
    find_user(directory, contact.user)
        .ok_or_else(|| Violation::new(RuleId::Gtm3, Reason::UserNotInDirectory))?;
    if contact.email == company.account_email {
        return Err(Violation::new(RuleId::Gtm3, Reason::ContactEmailIsAccountEmail));
    }
    Ok(())
}

/// GTM-1 / GTM-2 / GTM-5: "Activate" an available offer once a marketing contact exists.
pub fn check_activate_go_to_market_offer(
    offer: &GoToMarketOffer,
    contact: Option<&MarketingContact>,
    actor: &User,
    directory: &[User],
) -> Result<(), Violation> {
    require(Permission::ManageGoToMarket, actor, directory)?;
    if contact.is_none() {
        return Err(Violation::new(RuleId::Gtm2, Reason::NoMarketingContact));
    }
    if offer.status != GoToMarketStatus::Available {
        return Err(Violation::new(RuleId::Gtm5, Reason::AlreadyActivated));
    }
    Ok(())
}

/// GTM-6: record the activation of a pending offer with the expiry date Microsoft gave
/// (GTM-1's roles; today or later).
pub fn check_record_go_to_market_activation(
    offer: &GoToMarketOffer,
    expires_on: NaiveDate,
    actor: &User,
    directory: &[User],
    now: DateTime<Utc>,
) -> Result<(), Violation> {
    require(Permission::ManageGoToMarket, actor, directory)?;
    if !matches!(offer.status, GoToMarketStatus::Pending { .. }) {
        return Err(Violation::new(RuleId::Gtm6, Reason::NotPending));
    }
    let today = now.date_naive();
    if expires_on < today {
        return Err(Violation::new(RuleId::Gtm6, Reason::ExpiryInThePast { today }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::company::MembershipOffer;
    use crate::money::Currency;
    use crate::test_support::{at, directory, with_role};
    use crate::Role;

    fn company() -> Company {
        Company {
            id: 1,
            name: "Fabrikam".into(),
            account_email: EmailAddress::parse("pc@fabrikam.example").unwrap(),
            currency: Currency::EUR,
            offers: vec![MembershipOffer::new(
                Offer::Gold,
                NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            )],
            usd_100_equivalent: None,
        }
    }

    fn contact(email: &str) -> MarketingContact {
        MarketingContact {
            user: UserId(5),
            email: EmailAddress::parse(email).unwrap(),
            phone: PhoneNumber::parse("+49 30 1234567").unwrap(),
            preferred_language: Lang::De,
        }
    }

    fn gold_core() -> GoToMarketOffer {
        GoToMarketOffer {
            id: 1,
            benefit_name: "Gold Core".into(),
            offer: Offer::Gold,
            status: GoToMarketStatus::Available,
            version: 1,
        }
    }

    #[test]
    fn gtm_6_a_pending_offer_becomes_active_with_the_expiry_date_microsoft_gave() {
        let dir = directory();
        let admin = with_role(&dir, Role::GlobalAdmin);
        let now = at(2026, 6, 1);
        let expires = NaiveDate::from_ymd_opt(2027, 5, 31).unwrap();
        let available = gold_core();
        let refused =
            check_record_go_to_market_activation(&available, expires, admin, &dir, now).unwrap_err();
        assert_eq!((refused.rule, refused.reason), (RuleId::Gtm6, Reason::NotPending));
        let mut pending = gold_core();
        pending.status = GoToMarketStatus::Pending {
            requested_at: at(2026, 5, 20),
        };
        assert!(check_record_go_to_market_activation(&pending, expires, admin, &dir, now).is_ok());
        let past = check_record_go_to_market_activation(
            &pending,
            now.date_naive().pred_opt().unwrap(),
            admin,
            &dir,
            now,
        );
        assert_eq!(
            past.unwrap_err().reason,
            Reason::ExpiryInThePast {
                today: now.date_naive()
            }
        );
        let uma = with_role(&dir, Role::UserManagementAdmin);
        assert_eq!(
            check_record_go_to_market_activation(&pending, expires, uma, &dir, now)
                .unwrap_err()
                .rule,
            RuleId::Gtm1
        );
        let mut active = gold_core();
        active.status = GoToMarketStatus::Active { expires_on: expires };
        assert_eq!(
            check_record_go_to_market_activation(&active, expires, admin, &dir, now)
                .unwrap_err()
                .reason,
            Reason::NotPending
        );
    }

    #[test]
    fn gtm_1_only_global_admin_and_mpn_partner_admin_manage_offers() {
        let dir = directory();
        let c = contact("marketing@fabrikam.example");
        for actor in &dir {
            let allowed = actor.has_role(Role::GlobalAdmin) || actor.has_role(Role::MpnPartnerAdmin);
            let result = check_activate_go_to_market_offer(&gold_core(), Some(&c), actor, &dir);
            assert_eq!(result.is_ok(), allowed, "{}", actor.display_name);
            if let Err(v) = result {
                assert_eq!(v.rule, RuleId::Gtm1);
            }
        }
    }

    #[test]
    fn gtm_2_a_marketing_contact_comes_before_any_activation() {
        let dir = directory();
        let mpn = with_role(&dir, Role::MpnPartnerAdmin);
        assert_eq!(
            check_activate_go_to_market_offer(&gold_core(), None, mpn, &dir)
                .unwrap_err()
                .rule,
            RuleId::Gtm2
        );
    }

    #[test]
    fn gtm_3_the_contact_is_a_listed_user_with_another_address_than_the_account() {
        let dir = directory();
        let admin = with_role(&dir, Role::GlobalAdmin);
        assert!(
            check_set_marketing_contact(&company(), &contact("marketing@fabrikam.example"), admin, &dir)
                .is_ok()
        );
        let same = check_set_marketing_contact(&company(), &contact("pc@fabrikam.example"), admin, &dir)
            .unwrap_err();
        assert_eq!(
            (same.rule, same.reason),
            (RuleId::Gtm3, Reason::ContactEmailIsAccountEmail)
        );
        let stranger = MarketingContact {
            user: UserId(77),
            ..contact("marketing@fabrikam.example")
        };
        assert_eq!(
            check_set_marketing_contact(&company(), &stranger, admin, &dir)
                .unwrap_err()
                .rule,
            RuleId::Gtm3
        );
        let agent = with_role(&dir, Role::AdminAgent);
        let refused =
            check_set_marketing_contact(&company(), &contact("m@fabrikam.example"), agent, &dir).unwrap_err();
        assert_eq!(refused.rule, RuleId::Gtm1);
    }

    #[test]
    fn gtm_4_offers_depend_on_partner_level_and_competencies() {
        assert_eq!(
            go_to_market_benefits_for(Offer::Silver, false),
            vec!["Silver Core"]
        );
        assert_eq!(
            go_to_market_benefits_for(Offer::Gold, true),
            vec!["Gold Core", "ISV Co-Sell Ready"]
        );
        assert!(go_to_market_benefits_for(Offer::ActionPack, true).is_empty());
    }

    #[test]
    fn gtm_5_activate_makes_an_offer_pending_then_active_until_it_expires() {
        let dir = directory();
        let admin = with_role(&dir, Role::GlobalAdmin);
        let c = contact("marketing@fabrikam.example");
        let mut offer = gold_core();
        assert_eq!(offer.shown_status(at(2026, 2, 1)), ShownStatus::Available);
        offer.status = GoToMarketStatus::Pending {
            requested_at: at(2026, 2, 1),
        };
        assert_eq!(offer.shown_status(at(2026, 2, 1)), ShownStatus::Pending);
        assert_eq!(
            check_activate_go_to_market_offer(&offer, Some(&c), admin, &dir)
                .unwrap_err()
                .rule,
            RuleId::Gtm5
        );
        offer.status = GoToMarketStatus::Active {
            expires_on: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        };
        assert_eq!(offer.shown_status(at(2026, 12, 31)), ShownStatus::Active);
        assert_eq!(offer.shown_status(at(2027, 1, 1)), ShownStatus::Expired);
    }
}
