//! Technical benefits: Microsoft product support (TS-1 … TS-6) and partner advisory hours (PAH-1 … PAH-3).

use crate::benefit::{check_not_expired, Offer};
use crate::company::Company;
use crate::identifiers::PhoneNumber;
use crate::permission::{require, Permission};
use crate::user::find_user;
use crate::{EmailAddress, Reason, RuleId, User, UserId, Violation};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// TS-5: support incidents by offer.
pub const fn incidents_for_offer(offer: Offer) -> u32 {
    match offer {
        Offer::ActionPack => 10,
        Offer::Silver => 15,
        Offer::Gold => 20,
    }
}

/// TS-6: who receives the support instructions besides the company account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportContact {
    pub user: UserId,
    pub email: EmailAddress,
}

/// TS-2 / TS-6: not activated → pending (several days) → active with its IDs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SupportState {
    NotActivated,
    Pending {
        requested_at: DateTime<Utc>,
        contact: Option<SupportContact>,
    },
    Active {
        access_id: String,
        contract_id: String,
        activated_at: DateTime<Utc>,
    },
}

/// Product support of one membership offer (TS-1 lists one per active offer).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductSupport {
    pub id: i64,
    pub offer: Offer,
    pub expires_on: NaiveDate,
    pub state: SupportState,
    pub incidents_used: u32,
    pub version: i64,
}

impl ProductSupport {
    pub fn incidents_total(&self) -> u32 {
        incidents_for_offer(self.offer)
    }

    pub fn incidents_left(&self) -> u32 {
        self.incidents_total().saturating_sub(self.incidents_used)
    }

    /// TS-3 / ROLE-4: Access ID and Contract ID, for every user of the company, once active.
    pub fn identifiers(&self) -> Option<(&str, &str)> {
        match &self.state {
            SupportState::Active {
                access_id,
                contract_id,
                ..
            } => Some((access_id, contract_id)),
            _ => None,
        }
    }
}

/// TS-1: the offers whose support is listed; empty means "Looks like you don't have any benefits yet".
pub fn support_offers(company: &Company, now: DateTime<Utc>) -> Vec<Offer> {
    company.active_offers(now)
}

fn check_eligible(
    company: &Company,
    offer: Offer,
    now: DateTime<Utc>,
    rule: RuleId,
) -> Result<(), Violation> {
    if company.sees_benefits_of(offer, now) {
        Ok(())
    } else {
        Err(Violation::new(rule, Reason::NoEligibleOffer))
    }
}

/// The longest Access ID or Contract ID accepted (Microsoft's are far shorter).
pub const SUPPORT_ID_MAX_CHARS: usize = 64;

/// TS-7: record Microsoft's confirmation of a pending activation (ROLE-3): both IDs,
/// neither empty (nor longer than [`SUPPORT_ID_MAX_CHARS`]).
pub fn check_record_support_confirmation(
    support: &ProductSupport,
    access_id: &str,
    contract_id: &str,
    actor: &User,
    directory: &[User],
) -> Result<(), Violation> {
    require(Permission::ActivateOrRevealKeys, actor, directory)?;
    if !matches!(support.state, SupportState::Pending { .. }) {
        return Err(Violation::new(RuleId::Ts7, Reason::NotPending));
    }
    for (field, value) in [("access_id", access_id), ("contract_id", contract_id)] {
        let value = value.trim();
        if value.is_empty() || value.chars().count() > SUPPORT_ID_MAX_CHARS {
            return Err(Violation::new(
                RuleId::Ts7,
                Reason::MissingField { field: field.into() },
            ));
        }
    }
    Ok(())
}

/// TS-2 (ROLE-3) and TS-6: "Activate", optionally naming a support contact.
pub fn check_activate_product_support(
    support: &ProductSupport,
    company: &Company,
    contact: Option<&SupportContact>,
    actor: &User,
    directory: &[User],
    now: DateTime<Utc>,
) -> Result<(), Violation> {
    require(Permission::ActivateOrRevealKeys, actor, directory)?;
    check_eligible(company, support.offer, now, RuleId::Ts1)?;
    check_not_expired(support.expires_on, now)?;
    if support.state != SupportState::NotActivated {
        return Err(Violation::new(RuleId::Ts2, Reason::AlreadyActivated));
    }
    if let Some(contact) = contact {
        find_user(directory, contact.user)
            .ok_or_else(|| Violation::new(RuleId::Ts6, Reason::UserNotInDirectory))?;
        if contact.email == company.account_email {
            return Err(Violation::new(RuleId::Ts6, Reason::ContactEmailIsAccountEmail));
        }
    }
    Ok(())
}

/// TS-4: Signature Cloud Support needs a Gold or Silver competency, never Action Pack alone.
pub fn check_signature_cloud_support(company: &Company, now: DateTime<Utc>) -> Result<(), Violation> {
    match company.level(now) {
        Some(Offer::Gold | Offer::Silver) => Ok(()),
        _ => Err(Violation::new(RuleId::Ts4, Reason::SignatureNotForActionPack)),
    }
}

/// TS-5: which release of an on-premises product an incident is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductRelease {
    Current,
    Previous,
    Older,
}

/// TS-5: incidents on the current or previous version, while incidents are left.
pub fn check_open_support_incident(
    support: &ProductSupport,
    release: ProductRelease,
    now: DateTime<Utc>,
) -> Result<(), Violation> {
    check_not_expired(support.expires_on, now)?;
    if support.identifiers().is_none() {
        return Err(Violation::new(RuleId::Ts2, Reason::NoEligibleOffer));
    }
    if release == ProductRelease::Older {
        return Err(Violation::new(RuleId::Ts5, Reason::VersionNotCovered));
    }
    if support.incidents_left() == 0 {
        return Err(Violation::new(
            RuleId::Ts5,
            Reason::NoIncidentsLeft {
                total: support.incidents_total(),
            },
        ));
    }
    Ok(())
}

/// PAH-2: advisory hours by offer.
pub const fn advisory_hours_for_offer(offer: Offer) -> u32 {
    match offer {
        Offer::ActionPack => 5,
        Offer::Silver => 20,
        Offer::Gold => 50,
    }
}

/// PAH-3: engagements over this many hours are out of scope.
pub const MAX_ENGAGEMENT_HOURS: u32 = 25;

/// PAH-3: the request form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdvisoryRequest {
    pub title: String,
    pub description: String,
    pub product: String,
    pub phone: PhoneNumber,
    pub time_zone: String,
    pub country: String,
    pub language: String,
    pub hours: u32,
    /// Break-fix issues belong to product support, not advisory hours.
    pub break_fix: bool,
}

/// PAH-2: the company's hours this membership year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdvisoryBalance {
    pub total: u32,
    pub used: u32,
}

impl AdvisoryBalance {
    pub fn for_company(company: &Company, used: u32, now: DateTime<Utc>) -> AdvisoryBalance {
        AdvisoryBalance {
            total: company.level(now).map(advisory_hours_for_offer).unwrap_or(0),
            used,
        }
    }

    pub fn left(&self) -> u32 {
        self.total.saturating_sub(self.used)
    }
}

/// PAH-1 … PAH-3: any signed-in user of an eligible company submits; no role needed.
pub fn check_submit_advisory_request(
    company: &Company,
    balance: AdvisoryBalance,
    request: &AdvisoryRequest,
    now: DateTime<Utc>,
) -> Result<(), Violation> {
    if company.level(now).is_none() {
        return Err(Violation::new(RuleId::Pah1, Reason::NoEligibleOffer));
    }
    let required = [
        ("title", &request.title),
        ("description", &request.description),
        ("product", &request.product),
        ("time_zone", &request.time_zone),
        ("country", &request.country),
        ("language", &request.language),
    ];
    if let Some((field, _)) = required.iter().find(|(_, value)| value.trim().is_empty()) {
        return Err(Violation::new(
            RuleId::Pah3,
            Reason::MissingField {
                field: (*field).to_string(),
            },
        ));
    }
    if request.break_fix {
        return Err(Violation::new(RuleId::Pah3, Reason::BreakFixOutOfScope));
    }
    if request.hours == 0 {
        return Err(Violation::new(
            RuleId::Pah3,
            Reason::MissingField {
                field: "hours".into(),
            },
        ));
    }
    if request.hours > MAX_ENGAGEMENT_HOURS {
        return Err(Violation::new(
            RuleId::Pah3,
            Reason::EngagementTooLong {
                requested: request.hours,
                maximum: MAX_ENGAGEMENT_HOURS,
            },
        ));
    }
    if request.hours > balance.left() {
        return Err(Violation::new(
            RuleId::Pah2,
            Reason::NotEnoughHours {
                requested: request.hours,
                left: balance.left(),
            },
        ));
    }
    Ok(())
}

/// PAH-3: the confirmation number shown after submitting, e.g. `TPD-000042-0007`.
pub fn advisory_confirmation_number(company_id: i64, sequence: i64) -> String {
    format!("TPD-{company_id:06}-{sequence:04}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::company::MembershipOffer;
    use crate::money::Currency;
    use crate::test_support::{at, directory, with_role};
    use crate::Role;

    pub fn company_with(offer: Offer) -> Company {
        Company {
            id: 42,
            name: "Fabrikam".into(),
            account_email: EmailAddress::parse("pc@fabrikam.example").unwrap(),
            currency: Currency::EUR,
            offers: vec![MembershipOffer::new(
                offer,
                NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            )],
            usd_100_equivalent: None,
        }
    }

    fn support(offer: Offer) -> ProductSupport {
        ProductSupport {
            id: 1,
            offer,
            expires_on: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
            state: SupportState::NotActivated,
            incidents_used: 0,
            version: 1,
        }
    }

    fn active(mut s: ProductSupport) -> ProductSupport {
        s.state = SupportState::Active {
            access_id: "ACC-123".into(),
            contract_id: "CON-456".into(),
            activated_at: at(2026, 2, 1),
        };
        s
    }

    #[test]
    fn ts_7_a_pending_activation_becomes_active_with_both_ids_recorded_by_role_3() {
        let dir = directory();
        let admin = with_role(&dir, Role::GlobalAdmin);
        let mut pending = support(Offer::Silver);
        let refused = check_record_support_confirmation(&pending, "A-1", "C-1", admin, &dir).unwrap_err();
        assert_eq!(
            (refused.rule, refused.reason),
            (RuleId::Ts7, Reason::NotPending),
            "not requested yet"
        );
        pending.state = SupportState::Pending {
            requested_at: at(2026, 2, 1),
            contact: None,
        };
        assert!(check_record_support_confirmation(&pending, "A-1", "C-1", admin, &dir).is_ok());
        let mia = with_role(&dir, Role::MpnPartnerAdmin);
        assert!(check_record_support_confirmation(&pending, "A-1", "C-1", mia, &dir).is_ok());
        let uma = with_role(&dir, Role::UserManagementAdmin);
        assert_eq!(
            check_record_support_confirmation(&pending, "A-1", "C-1", uma, &dir)
                .unwrap_err()
                .rule,
            RuleId::Role3
        );
        let empty = check_record_support_confirmation(&pending, "  ", "C-1", admin, &dir).unwrap_err();
        assert_eq!(
            empty.reason,
            Reason::MissingField {
                field: "access_id".into()
            }
        );
        let empty = check_record_support_confirmation(&pending, "A-1", "", admin, &dir).unwrap_err();
        assert_eq!(
            empty.reason,
            Reason::MissingField {
                field: "contract_id".into()
            }
        );
        let twice =
            check_record_support_confirmation(&active(support(Offer::Silver)), "A-1", "C-1", admin, &dir);
        assert_eq!(twice.unwrap_err().reason, Reason::NotPending);
    }

    #[test]
    fn ts_1_support_is_listed_for_active_offers_only() {
        let silver = company_with(Offer::Silver);
        assert_eq!(support_offers(&silver, at(2026, 6, 1)), vec![Offer::Silver]);
        assert!(
            support_offers(&silver, at(2027, 1, 2)).is_empty(),
            "the year ended"
        );
        let dir = directory();
        let admin = with_role(&dir, Role::GlobalAdmin);
        let refused =
            check_activate_product_support(&support(Offer::Gold), &silver, None, admin, &dir, at(2026, 6, 1))
                .unwrap_err();
        assert_eq!(
            (refused.rule, refused.reason),
            (RuleId::Ts1, Reason::NoEligibleOffer)
        );
    }

    #[test]
    fn ts_2_activate_needs_global_admin_or_mpn_partner_admin() {
        let dir = directory();
        let company = company_with(Offer::Silver);
        let now = at(2026, 6, 1);
        for actor in &dir {
            let result =
                check_activate_product_support(&support(Offer::Silver), &company, None, actor, &dir, now);
            let allowed = actor.has_role(Role::GlobalAdmin) || actor.has_role(Role::MpnPartnerAdmin);
            assert_eq!(result.is_ok(), allowed, "{}", actor.display_name);
            if !allowed {
                assert_eq!(result.unwrap_err().rule, RuleId::Role3);
            }
        }
        let admin = with_role(&dir, Role::GlobalAdmin);
        let twice =
            check_activate_product_support(&active(support(Offer::Silver)), &company, None, admin, &dir, now);
        assert_eq!(twice.unwrap_err().rule, RuleId::Ts2);
    }

    #[test]
    fn ts_3_role_4_access_and_contract_id_appear_once_active() {
        assert_eq!(support(Offer::Gold).identifiers(), None);
        let pending = ProductSupport {
            state: SupportState::Pending {
                requested_at: at(2026, 2, 1),
                contact: None,
            },
            ..support(Offer::Gold)
        };
        assert_eq!(pending.identifiers(), None);
        assert_eq!(
            active(support(Offer::Gold)).identifiers(),
            Some(("ACC-123", "CON-456"))
        );
    }

    #[test]
    fn ts_4_signature_cloud_support_is_never_for_action_pack() {
        let now = at(2026, 6, 1);
        assert_eq!(
            check_signature_cloud_support(&company_with(Offer::ActionPack), now)
                .unwrap_err()
                .rule,
            RuleId::Ts4
        );
        assert!(check_signature_cloud_support(&company_with(Offer::Silver), now).is_ok());
        assert!(check_signature_cloud_support(&company_with(Offer::Gold), now).is_ok());
    }

    #[test]
    fn ts_5_incidents_by_offer_for_current_and_previous_versions() {
        assert_eq!(
            [Offer::ActionPack, Offer::Silver, Offer::Gold].map(incidents_for_offer),
            [10, 15, 20]
        );
        let now = at(2026, 6, 1);
        let mut s = active(support(Offer::ActionPack));
        assert!(check_open_support_incident(&s, ProductRelease::Current, now).is_ok());
        assert!(check_open_support_incident(&s, ProductRelease::Previous, now).is_ok());
        assert_eq!(
            check_open_support_incident(&s, ProductRelease::Older, now)
                .unwrap_err()
                .rule,
            RuleId::Ts5
        );
        s.incidents_used = 9;
        assert!(check_open_support_incident(&s, ProductRelease::Current, now).is_ok());
        s.incidents_used = 10;
        let none_left = check_open_support_incident(&s, ProductRelease::Current, now).unwrap_err();
        assert_eq!(none_left.reason, Reason::NoIncidentsLeft { total: 10 });
    }

    #[test]
    fn ts_6_a_support_contact_needs_an_address_other_than_the_account_email() {
        let dir = directory();
        let admin = with_role(&dir, Role::GlobalAdmin);
        let company = company_with(Offer::Gold);
        let now = at(2026, 6, 1);
        let s = support(Offer::Gold);
        let same = SupportContact {
            user: UserId(5),
            email: EmailAddress::parse("PC@fabrikam.example").unwrap(),
        };
        let refused =
            check_activate_product_support(&s, &company, Some(&same), admin, &dir, now).unwrap_err();
        assert_eq!(
            (refused.rule, refused.reason),
            (RuleId::Ts6, Reason::ContactEmailIsAccountEmail)
        );
        let other = SupportContact {
            user: UserId(5),
            email: EmailAddress::parse("support@fabrikam.example").unwrap(),
        };
        assert!(check_activate_product_support(&s, &company, Some(&other), admin, &dir, now).is_ok());
        let stranger = SupportContact {
            user: UserId(99),
            ..other
        };
        assert_eq!(
            check_activate_product_support(&s, &company, Some(&stranger), admin, &dir, now)
                .unwrap_err()
                .rule,
            RuleId::Ts6
        );
    }

    pub fn request(hours: u32) -> AdvisoryRequest {
        AdvisoryRequest {
            title: "Landing zone review".into(),
            description: "Review our Azure landing zone before go-live.".into(),
            product: "Azure".into(),
            phone: PhoneNumber::parse("+31 20 123 4567").unwrap(),
            time_zone: "Europe/Amsterdam".into(),
            country: "NL".into(),
            language: "nl".into(),
            hours,
            break_fix: false,
        }
    }

    #[test]
    fn pah_1_any_user_of_an_eligible_company_may_request_without_activation() {
        let now = at(2026, 6, 1);
        let silver = company_with(Offer::Silver);
        assert!(check_submit_advisory_request(
            &silver,
            AdvisoryBalance::for_company(&silver, 0, now),
            &request(4),
            now
        )
        .is_ok());
        let lapsed = at(2027, 1, 2);
        let refused = check_submit_advisory_request(
            &silver,
            AdvisoryBalance::for_company(&silver, 0, lapsed),
            &request(4),
            lapsed,
        )
        .unwrap_err();
        assert_eq!(refused.rule, RuleId::Pah1);
    }

    #[test]
    fn pah_2_a_request_may_use_the_balance_exactly_but_not_exceed_it() {
        let now = at(2026, 6, 1);
        assert_eq!(
            [Offer::ActionPack, Offer::Silver, Offer::Gold].map(advisory_hours_for_offer),
            [5, 20, 50]
        );
        let silver = company_with(Offer::Silver);
        let balance = AdvisoryBalance::for_company(&silver, 12, now);
        assert_eq!(balance.left(), 8);
        assert!(check_submit_advisory_request(&silver, balance, &request(8), now).is_ok());
        let over = check_submit_advisory_request(&silver, balance, &request(9), now).unwrap_err();
        assert_eq!(
            over.reason,
            Reason::NotEnoughHours {
                requested: 9,
                left: 8
            }
        );
    }

    #[test]
    fn pah_3_the_form_is_complete_within_25_hours_and_not_break_fix() {
        let now = at(2026, 6, 1);
        let gold = company_with(Offer::Gold);
        let balance = AdvisoryBalance::for_company(&gold, 0, now);
        assert!(check_submit_advisory_request(&gold, balance, &request(25), now).is_ok());
        let long = check_submit_advisory_request(&gold, balance, &request(26), now).unwrap_err();
        assert_eq!(long.rule, RuleId::Pah3);
        let break_fix = AdvisoryRequest {
            break_fix: true,
            ..request(2)
        };
        assert_eq!(
            check_submit_advisory_request(&gold, balance, &break_fix, now)
                .unwrap_err()
                .reason,
            Reason::BreakFixOutOfScope
        );
        let untitled = AdvisoryRequest {
            title: "  ".into(),
            ..request(2)
        };
        assert_eq!(
            check_submit_advisory_request(&gold, balance, &untitled, now)
                .unwrap_err()
                .reason,
            Reason::MissingField {
                field: "title".into()
            }
        );
        assert_eq!(advisory_confirmation_number(42, 7), "TPD-000042-0007");
    }
}
