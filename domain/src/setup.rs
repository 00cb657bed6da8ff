//! SET-1: a company of one's own — its name, account e-mail, currency, offers with their
//! purchase dates, and its first Global admin — from the one-time setup link or the
//! operator's command line. The server keeps the link; what a company is, is checked here.

use crate::benefit::Offer;
use crate::company::{Company, MembershipOffer};
use crate::membership::{check_purchase_date, provision};
use crate::money::Currency;
use crate::workspace::Workspace;
use crate::{EmailAddress, Reason, Role, RuleId, User, UserId, Violation};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The longest company or person name accepted.
pub const NAME_MAX_CHARS: usize = 120;

/// An offer the company bought, as the setup form gives it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PurchasedOffer {
    pub offer: Offer,
    #[serde(with = "crate::dates::day")]
    pub purchased_on: NaiveDate,
}

/// The first Global admin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FirstAdmin {
    pub display_name: String,
    pub email: EmailAddress,
}

/// SET-1: everything a new company starts with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewCompany {
    pub name: String,
    /// The Partner Center account e-mail (TS-6 and GTM-3 contacts must use another).
    pub account_email: EmailAddress,
    pub currency: Currency,
    pub offers: Vec<PurchasedOffer>,
    pub admin: FirstAdmin,
}

/// `POST /setup`: the link's token, the company and the first admin's password (ACC-2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetupRequest {
    pub token: String,
    pub company: NewCompany,
    pub password: String,
}

/// `POST /setup/status`: is this link's token still good?
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetupToken {
    pub token: String,
}

fn missing(field: &str) -> Violation {
    Violation::new(RuleId::Set1, Reason::MissingField { field: field.into() })
}

/// SET-1: a name, at least one offer (each type once, OFR-1's purchase dates) and an admin
/// with a name. Whether the admin's address is free in every company, the server answers.
pub fn check_new_company(company: &NewCompany, now: DateTime<Utc>) -> Result<(), Violation> {
    let name_ok = |name: &str| !name.trim().is_empty() && name.trim().chars().count() <= NAME_MAX_CHARS;
    if !name_ok(&company.name) {
        return Err(missing("name"));
    }
    if company.offers.is_empty() {
        return Err(missing("offers"));
    }
    for (n, purchase) in company.offers.iter().enumerate() {
        check_purchase_date(purchase.purchased_on, now)?;
        if company.offers[..n].iter().any(|o| o.offer == purchase.offer) {
            return Err(Violation::new(
                RuleId::Ofr1,
                Reason::OfferAlreadyHeld {
                    offer: purchase.offer,
                },
            ));
        }
    }
    if !name_ok(&company.admin.display_name) {
        return Err(missing("admin.display_name"));
    }
    Ok(())
}

/// The new company's workspace: its first Global admin and what its offers provision
/// (OFR-1), benefits numbered from `first_benefit_id`. Unchecked: call after
/// [`check_new_company`].
pub fn new_company_workspace(
    company: &NewCompany,
    company_id: i64,
    admin_id: UserId,
    first_benefit_id: i64,
) -> Workspace {
    let offers: Vec<MembershipOffer> = company
        .offers
        .iter()
        .map(|o| MembershipOffer::new(o.offer, o.purchased_on))
        .collect();
    let mut ws = Workspace::empty(Company {
        id: company_id,
        name: company.name.trim().to_string(),
        account_email: company.account_email.clone(),
        currency: company.currency,
        offers: offers.clone(),
        usd_100_equivalent: None,
    });
    ws.directory.push(User {
        id: admin_id,
        display_name: company.admin.display_name.trim().to_string(),
        email: company.admin.email.clone(),
        roles: vec![Role::GlobalAdmin],
        guest: false,
    });
    let mut next = first_benefit_id;
    for membership in &offers {
        let mut provisioned = provision(membership, false);
        provisioned.number_from(next);
        next += provisioned.len() as i64;
        ws.add_provisioned(provisioned);
    }
    ws
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::at;

    fn fabrikam(offers: &[(Offer, (i32, u32, u32))]) -> NewCompany {
        NewCompany {
            name: "Fabrikam".into(),
            account_email: EmailAddress::parse("pc@fabrikam.example").unwrap(),
            currency: Currency::EUR,
            offers: offers
                .iter()
                .map(|(offer, (y, m, d))| PurchasedOffer {
                    offer: *offer,
                    purchased_on: NaiveDate::from_ymd_opt(*y, *m, *d).unwrap(),
                })
                .collect(),
            admin: FirstAdmin {
                display_name: "Ada Admin".into(),
                email: EmailAddress::parse("ada@fabrikam.example").unwrap(),
            },
        }
    }

    #[test]
    fn set_1_a_new_company_has_its_offers_provisioned_and_one_global_admin() {
        let now = at(2026, 6, 1);
        let company = fabrikam(&[(Offer::Silver, (2026, 3, 1)), (Offer::ActionPack, (2025, 12, 1))]);
        check_new_company(&company, now).unwrap();
        let ws = new_company_workspace(&company, 7, UserId(70), 700);
        assert_eq!(ws.directory.len(), 1);
        assert_eq!(ws.directory[0].roles, vec![Role::GlobalAdmin]);
        assert_eq!(ws.company.offers.len(), 2);
        // VS-4: 5 Enterprise (Silver) + 3 Professional (Action Pack).
        assert_eq!(ws.visual_studio.len(), 8);
        assert_eq!(ws.support.len(), 2);
        let mut ids: Vec<i64> = ws
            .visual_studio
            .iter()
            .map(|v| v.id)
            .chain(ws.credits.iter().map(|c| c.id))
            .collect();
        let count = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), count, "every benefit its own ID");
        assert!(ids.iter().all(|id| *id >= 700));
    }

    #[test]
    fn set_1_a_company_needs_a_name_an_offer_and_an_admin_name_and_real_purchase_dates() {
        let now = at(2026, 6, 1);
        let mut nameless = fabrikam(&[(Offer::Silver, (2026, 3, 1))]);
        nameless.name = "  ".into();
        assert_eq!(
            check_new_company(&nameless, now).unwrap_err().reason,
            Reason::MissingField { field: "name".into() }
        );
        let none = fabrikam(&[]);
        assert_eq!(
            check_new_company(&none, now).unwrap_err().reason,
            Reason::MissingField {
                field: "offers".into()
            }
        );
        let future = fabrikam(&[(Offer::Silver, (2026, 6, 2))]);
        assert_eq!(check_new_company(&future, now).unwrap_err().rule, RuleId::Ofr1);
        let twice = fabrikam(&[(Offer::Silver, (2026, 3, 1)), (Offer::Silver, (2026, 4, 1))]);
        assert_eq!(
            check_new_company(&twice, now).unwrap_err().reason,
            Reason::OfferAlreadyHeld { offer: Offer::Silver }
        );
        let mut no_admin = fabrikam(&[(Offer::Gold, (2026, 3, 1))]);
        no_admin.admin.display_name = String::new();
        assert_eq!(check_new_company(&no_admin, now).unwrap_err().rule, RuleId::Set1);
    }
}
