//! Membership offers: what an offer provisions (OFR-1), adding one, and renewing it in its
//! window (OFR-2, OFR-3).
//!
//! [`allocation`] is the one table of what each offer type brings; a new company, an added
//! offer and the demo data are all provisioned from it.

use crate::azure::{credits_for_offer, AzureCredit, CreditKind};
use crate::benefit::{BenefitType, Offer};
use crate::company::{Company, MembershipOffer};
use crate::go_to_market::{go_to_market_benefits_for, GoToMarketOffer, GoToMarketStatus};
use crate::history::BenefitKind;
use crate::licences::LicenceSubscription;
use crate::money::{Currency, Money};
use crate::permission::{require, Permission};
use crate::software::SoftwareBenefit;
use crate::technical::{advisory_hours_for_offer, incidents_for_offer, ProductSupport, SupportState};
use crate::visual_studio::{allocation_for_offer, VisualStudioProduct, VisualStudioSubscription};
use crate::{Reason, RuleId, User, Violation};
use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// What one offer type brings (OFR-1, ROW-2). Quantities of software are the titles'
/// activations; the keys themselves come from the company's import file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allocation {
    /// Software titles and how many activations each (ROW-2).
    pub software: &'static [(&'static str, u32)],
    /// Licence-based products (ROW-2); their keys and seats come from the import.
    pub licences: &'static [&'static str],
    /// AZ-1: the credits and how many of each.
    pub credits: Vec<(CreditKind, Money, u32)>,
    /// VS-4.
    pub visual_studio: (VisualStudioProduct, u32),
    /// TS-5.
    pub support_incidents: u32,
    /// PAH-2 (a balance of the company's level, not an entity).
    pub advisory_hours: u32,
    /// GTM-4: the offers listed, without the co-sell one (a competency, not the offer).
    pub go_to_market: Vec<&'static str>,
}

/// Monthly Azure credits an offer provisions (one person each, AZ-3).
const MONTHLY_CREDITS: u32 = 3;

const SOFTWARE_EVERY_OFFER: &[(&str, u32)] = &[
    ("Office LTSC Professional Plus 2024", 10),
    ("Windows Server 2025 CAL", 25),
];
const SOFTWARE_GOLD: &[(&str, u32)] = &[
    ("Office LTSC Professional Plus 2024", 10),
    ("Windows Server 2025 CAL", 25),
    ("Visio LTSC Professional 2024", 5),
];
const LICENCES: &[&str] = &["Microsoft 365 E3"];

/// LIC-1's instructions for products provisioned without any of their own.
pub const DEFAULT_REDEMPTION_INSTRUCTIONS: &str =
    "Redeem in a private browser window, signed in to the right tenant.";
/// SW-2's note of the demo's Office title (a company's own notes come from its import).
pub const VOLUME_MEDIA_INSTRUCTIONS: &str = "Install with the volume-licence media only.";

/// The texts this product writes itself into benefits, in every language: (en, nl, de).
const STANDARD_TEXTS: [(&str, &str, &str); 2] = [
    (
        DEFAULT_REDEMPTION_INSTRUCTIONS,
        "Wissel in via een privévenster van de browser, aangemeld bij de juiste tenant.",
        "Lösen Sie in einem privaten Browserfenster ein, angemeldet beim richtigen Mandanten.",
    ),
    (
        VOLUME_MEDIA_INSTRUCTIONS,
        "Installeer alleen met de media voor volumelicenties.",
        "Installieren Sie nur mit den Volumenlizenz-Medien.",
    ),
];

/// A benefit's instructions as the reader reads them: the product's own standard texts in
/// their language; a company's own text (from its import) as it was written.
pub fn instructions_in(text: &str, lang: crate::Lang) -> &str {
    match STANDARD_TEXTS.iter().find(|(en, _, _)| *en == text) {
        Some((en, nl, de)) => match lang {
            crate::Lang::En => en,
            crate::Lang::Nl => nl,
            crate::Lang::De => de,
        },
        None => text,
    }
}

/// Where product keys of licence-based products are redeemed (LIC-1).
pub const DEFAULT_REDEEM_URL: &str = "https://signup.microsoft.com/productkeystart";

/// OFR-1: the table, built on VS-4, TS-5, PAH-2, AZ-1 and GTM-4's own figures.
pub fn allocation(offer: Offer) -> Allocation {
    Allocation {
        software: match offer {
            Offer::Gold => SOFTWARE_GOLD,
            Offer::ActionPack | Offer::Silver => SOFTWARE_EVERY_OFFER,
        },
        licences: LICENCES,
        credits: credits_for_offer(offer)
            .into_iter()
            .map(|(kind, amount)| {
                let copies = if kind == CreditKind::Monthly {
                    MONTHLY_CREDITS
                } else {
                    1
                };
                (kind, amount, copies)
            })
            .collect(),
        visual_studio: allocation_for_offer(offer),
        support_incidents: incidents_for_offer(offer),
        advisory_hours: advisory_hours_for_offer(offer),
        go_to_market: go_to_market_benefits_for(offer, false),
    }
}

/// The benefits one offer provisions, before they have IDs (see [`Provisioned::number`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Provisioned {
    pub software: Vec<SoftwareBenefit>,
    pub credits: Vec<AzureCredit>,
    pub licences: Vec<LicenceSubscription>,
    pub visual_studio: Vec<VisualStudioSubscription>,
    pub support: Vec<ProductSupport>,
    pub go_to_market: Vec<GoToMarketOffer>,
}

/// OFR-1: everything `membership` brings, valid until its anniversary. `co_sell_ready`
/// adds GTM-4's co-sell offer (a competency the company has earned on top).
pub fn provision(membership: &MembershipOffer, co_sell_ready: bool) -> Provisioned {
    let offer = membership.offer;
    let table = allocation(offer);
    let expires_on = membership.anniversary();
    let software = table
        .software
        .iter()
        .map(|(product, quantity)| SoftwareBenefit {
            id: 0,
            product: (*product).into(),
            offer,
            benefit_type: BenefitType::Core,
            quantity: *quantity,
            expires_on,
            keys: vec![],
            special_instructions: None,
            downloads: vec![],
        })
        .collect();
    let credits = table
        .credits
        .iter()
        .flat_map(|(kind, amount, copies)| (0..*copies).map(move |_| (*kind, *amount)))
        .map(|(kind, amount)| AzureCredit {
            id: 0,
            kind,
            amount,
            offer,
            benefit_type: BenefitType::Core,
            expires_on,
            enrolment_year_ends_on: expires_on,
            holder: None,
            reassignments: 0,
            ever_assigned: false,
            redeemed: false,
            version: 1,
        })
        .collect();
    let licences = table
        .licences
        .iter()
        .map(|product| LicenceSubscription {
            id: 0,
            product: (*product).into(),
            offer,
            benefit_type: BenefitType::Core,
            expires_on,
            redemption_instructions: DEFAULT_REDEMPTION_INSTRUCTIONS.into(),
            redeem_url: DEFAULT_REDEEM_URL.into(),
            active_seats: 0,
            ends_on: None,
            keys: vec![],
            version: 1,
        })
        .collect();
    let (product, quantity) = table.visual_studio;
    let visual_studio = (0..quantity)
        .map(|_| VisualStudioSubscription {
            id: 0,
            product,
            offer,
            benefit_type: BenefitType::Core,
            expires_on,
            assignment: None,
            freed_from: None,
            version: 1,
        })
        .collect();
    let support = vec![ProductSupport {
        id: 0,
        offer,
        expires_on,
        state: SupportState::NotActivated,
        incidents_used: 0,
        version: 1,
    }];
    let go_to_market = go_to_market_benefits_for(offer, co_sell_ready)
        .into_iter()
        .map(|name| GoToMarketOffer {
            id: 0,
            benefit_name: name.into(),
            offer,
            status: GoToMarketStatus::Available,
            version: 1,
        })
        .collect();
    Provisioned {
        software,
        credits,
        licences,
        visual_studio,
        support,
        go_to_market,
    }
}

impl Provisioned {
    /// How many benefits (IDs) this is.
    pub fn len(&self) -> usize {
        self.software.len()
            + self.credits.len()
            + self.licences.len()
            + self.visual_studio.len()
            + self.support.len()
            + self.go_to_market.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Gives every benefit its ID: `id(kind, n)` for the n-th (from 0) of each kind.
    pub fn number(&mut self, mut id: impl FnMut(BenefitKind, usize) -> i64) {
        for (n, b) in self.software.iter_mut().enumerate() {
            b.id = id(BenefitKind::Software, n);
        }
        for (n, b) in self.credits.iter_mut().enumerate() {
            b.id = id(BenefitKind::AzureCredit, n);
        }
        for (n, b) in self.licences.iter_mut().enumerate() {
            b.id = id(BenefitKind::LicenceSubscription, n);
        }
        for (n, b) in self.visual_studio.iter_mut().enumerate() {
            b.id = id(BenefitKind::VisualStudioSubscription, n);
        }
        for (n, b) in self.support.iter_mut().enumerate() {
            b.id = id(BenefitKind::ProductSupport, n);
        }
        for (n, b) in self.go_to_market.iter_mut().enumerate() {
            b.id = id(BenefitKind::GoToMarketOffer, n);
        }
    }

    /// Numbers the benefits one after the other from `first`.
    pub fn number_from(&mut self, first: i64) {
        let mut next = first;
        self.number(|_, _| {
            next += 1;
            next - 1
        });
    }
}

/// Where a membership offer stands today (the Membership offers page).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum OfferStatus {
    /// Bought for a day still to come.
    NotStarted { starts_on: NaiveDate },
    /// In its year: renewal opens the day after the anniversary.
    Active {
        anniversary: NaiveDate,
        renewal_opens_on: NaiveDate,
    },
    /// OFR-2: the anniversary has passed; renew until `closes_on`.
    RenewalOpen { closes_on: NaiveDate },
    /// OFR-3: not renewed in its window; its benefits are expired.
    Lapsed { since: NaiveDate },
}

impl MembershipOffer {
    pub fn status(&self, now: DateTime<Utc>) -> OfferStatus {
        let today = now.date_naive();
        let (opens, closes) = self.renewal_window();
        if today < self.purchased_on {
            OfferStatus::NotStarted {
                starts_on: self.purchased_on,
            }
        } else if today < opens {
            OfferStatus::Active {
                anniversary: self.anniversary(),
                renewal_opens_on: opens,
            }
        } else if today <= closes {
            OfferStatus::RenewalOpen { closes_on: closes }
        } else {
            OfferStatus::Lapsed {
                since: closes + Days::new(1),
            }
        }
    }
}

/// OFR-2: may `actor` renew the company's `offer` today?
pub fn check_renew_offer(
    company: &Company,
    offer: Offer,
    actor: &User,
    directory: &[User],
    now: DateTime<Utc>,
) -> Result<(), Violation> {
    require(Permission::ManageMembershipOffers, actor, directory)?;
    let membership = latest_of(company, offer)
        .ok_or_else(|| Violation::new(RuleId::Ofr2, Reason::OfferNotHeld { offer }))?;
    let (opens_on, closes_on) = membership.renewal_window();
    let today = now.date_naive();
    if today < opens_on || today > closes_on {
        return Err(Violation::new(
            RuleId::Ofr2,
            Reason::RenewalNotOpen { opens_on, closes_on },
        ));
    }
    Ok(())
}

/// The largest equivalent of USD 100 accepted, in minor units (VND and IDR run to millions).
const EQUIVALENT_MAX_MINOR_UNITS: i64 = 100_000_000_000;

/// AZ-1: may `actor` record `equivalent` as what Microsoft gives for USD 100 of Azure credit?
/// A Global admin's company fact, like its offers; a positive amount in the company's own
/// currency (a USD company needs none).
pub fn check_set_credit_equivalent(
    company: &Company,
    equivalent: Money,
    actor: &User,
    directory: &[User],
) -> Result<(), Violation> {
    require(Permission::ManageMembershipOffers, actor, directory)?;
    if company.currency == Currency::USD {
        return Err(Violation::new(RuleId::Az1, Reason::CreditEquivalentNotNeeded));
    }
    if equivalent.currency != company.currency
        || equivalent.minor_units <= 0
        || equivalent.minor_units > EQUIVALENT_MAX_MINOR_UNITS
    {
        return Err(Violation::new(
            RuleId::Az1,
            Reason::CreditEquivalentInvalid {
                currency: company.currency,
            },
        ));
    }
    Ok(())
}

/// The company's latest purchase of `offer` (a lapsed offer bought again is a new one).
pub fn latest_of(company: &Company, offer: Offer) -> Option<&MembershipOffer> {
    company
        .offers
        .iter()
        .filter(|m| m.offer == offer)
        .max_by_key(|m| m.purchased_on)
}

/// OFR-1: may `actor` add `offer`, bought on `purchased_on`? Not while the company holds
/// it (active, or in its renewal window: renew it instead); within a year back at most,
/// and not later than today.
pub fn check_add_offer(
    company: &Company,
    offer: Offer,
    purchased_on: NaiveDate,
    actor: &User,
    directory: &[User],
    now: DateTime<Utc>,
) -> Result<(), Violation> {
    require(Permission::ManageMembershipOffers, actor, directory)?;
    check_purchase_date(purchased_on, now)?;
    if let Some(held) = latest_of(company, offer) {
        if !matches!(held.status(now), OfferStatus::Lapsed { .. }) && held.anniversary() >= purchased_on {
            return Err(Violation::new(RuleId::Ofr1, Reason::OfferAlreadyHeld { offer }));
        }
    }
    Ok(())
}

/// OFR-1 / SET-1: a purchase date is a past day, at most a year and its 30-day renewal
/// window back (an offer older than that has lapsed: there is nothing left to track).
pub fn check_purchase_date(purchased_on: NaiveDate, now: DateTime<Utc>) -> Result<(), Violation> {
    let today = now.date_naive();
    let earliest = earliest_purchase_held_on(today);
    if purchased_on > today || purchased_on < earliest {
        return Err(Violation::new(
            RuleId::Ofr1,
            Reason::PurchaseDateOutOfRange {
                earliest,
                latest: today,
            },
        ));
    }
    Ok(())
}

/// The earliest purchase date of an offer that has not lapsed by `today`: a year and its
/// 30-day renewal window back.
fn earliest_purchase_held_on(today: NaiveDate) -> NaiveDate {
    let mut day = today - chrono::Months::new(12) - Days::new(31);
    while MembershipOffer::new(Offer::Gold, day).renewal_window().1 < today {
        day = day + Days::new(1);
    }
    day
}

/// OFR-3: renew `offer`: the anniversary moves 365 days on, and the offer's benefits that
/// ran to the old anniversary run to the new one. Unchecked (call after [`check_renew_offer`]).
pub fn renew(ws: &mut crate::workspace::Workspace, offer: Offer) -> Option<(NaiveDate, NaiveDate)> {
    let membership = ws
        .company
        .offers
        .iter_mut()
        .filter(|m| m.offer == offer)
        .max_by_key(|m| m.purchased_on)?;
    let old = membership.anniversary();
    let new = old + Days::new(365);
    membership.renewed_until = Some(new);
    let extend = |expires_on: &mut NaiveDate| {
        if *expires_on == old {
            *expires_on = new;
            true
        } else {
            false
        }
    };
    for b in ws.software.iter_mut().filter(|b| b.offer == offer) {
        extend(&mut b.expires_on);
    }
    for c in ws.credits.iter_mut().filter(|c| c.offer == offer) {
        if extend(&mut c.expires_on) {
            // AZ-4: a new enrolment year.
            c.enrolment_year_ends_on = new;
            c.version += 1;
        }
    }
    for l in ws.licences.iter_mut().filter(|l| l.offer == offer) {
        if extend(&mut l.expires_on) {
            l.version += 1;
        }
    }
    for v in ws.visual_studio.iter_mut().filter(|v| v.offer == offer) {
        if extend(&mut v.expires_on) {
            v.version += 1;
        }
    }
    for s in ws.support.iter_mut().filter(|s| s.offer == offer) {
        if extend(&mut s.expires_on) {
            s.version += 1;
        }
    }
    Some((old, new))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{at, directory, with_role};
    use crate::workspace::{Command, Workspace};
    use crate::Role;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn ofr_1_an_offer_provisions_the_allocation_of_its_type_until_its_anniversary() {
        let gold = MembershipOffer::new(Offer::Gold, day(2026, 3, 1));
        let p = provision(&gold, false);
        assert_eq!(p.visual_studio.len(), 10, "VS-4: Gold 10");
        assert!(p
            .visual_studio
            .iter()
            .all(|v| v.product == VisualStudioProduct::Enterprise));
        assert_eq!(p.support[0].incidents_total(), 20, "TS-5: Gold 20");
        assert_eq!(allocation(Offer::Gold).advisory_hours, 50, "PAH-2: Gold 50 h");
        let bulk: Vec<_> = p.credits.iter().filter(|c| c.kind == CreditKind::Bulk).collect();
        assert_eq!(bulk.len(), 1, "AZ-1: one bulk credit");
        assert_eq!(
            p.go_to_market
                .iter()
                .map(|o| o.benefit_name.as_str())
                .collect::<Vec<_>>(),
            ["Gold Core"]
        );
        let everything_expires = p
            .software
            .iter()
            .map(|b| b.expires_on)
            .chain(p.credits.iter().map(|b| b.expires_on))
            .chain(p.licences.iter().map(|b| b.expires_on))
            .chain(p.visual_studio.iter().map(|b| b.expires_on))
            .chain(p.support.iter().map(|b| b.expires_on));
        assert!(everything_expires.into_iter().all(|d| d == day(2027, 3, 1)));
        // ROW-2: the titles depend on the offer type.
        let action_pack = provision(&MembershipOffer::new(Offer::ActionPack, day(2026, 3, 1)), false);
        assert_eq!(
            action_pack.visual_studio.len(),
            3,
            "VS-4: Action Pack 3 Professional"
        );
        assert!(action_pack.credits.iter().all(|c| c.kind == CreditKind::Monthly));
        assert!(action_pack.go_to_market.is_empty());
        assert!(p.software.len() > action_pack.software.len());
        assert!(
            p.software.iter().all(|b| b.keys.is_empty()),
            "keys come from the import"
        );
    }

    #[test]
    fn ofr_1_numbering_gives_every_benefit_its_own_id() {
        let mut p = provision(&MembershipOffer::new(Offer::Silver, day(2026, 3, 1)), true);
        p.number_from(500);
        let mut ids: Vec<i64> = p
            .software
            .iter()
            .map(|b| b.id)
            .chain(p.credits.iter().map(|b| b.id))
            .chain(p.licences.iter().map(|b| b.id))
            .chain(p.visual_studio.iter().map(|b| b.id))
            .chain(p.support.iter().map(|b| b.id))
            .chain(p.go_to_market.iter().map(|b| b.id))
            .collect();
        assert_eq!(ids.len(), p.len());
        ids.dedup();
        assert_eq!(ids, (500..500 + p.len() as i64).collect::<Vec<_>>());
    }

    fn company_with(offer: MembershipOffer) -> Company {
        Company {
            id: 1,
            name: "Fabrikam".into(),
            account_email: crate::EmailAddress::parse("pc@fabrikam.example").unwrap(),
            currency: crate::money::Currency::EUR,
            offers: vec![offer],
            usd_100_equivalent: None,
        }
    }

    #[test]
    fn az_1_credit_equivalent_is_a_positive_amount_in_the_company_currency_set_by_a_membership_admin() {
        let dir = directory();
        let mut company = company_with(MembershipOffer::new(Offer::Silver, day(2026, 1, 1)));
        let ada = with_role(&dir, Role::GlobalAdmin);
        let eur = |units| Money::whole(units, Currency::EUR);
        assert!(check_set_credit_equivalent(&company, eur(86), ada, &dir).is_ok());
        for wrong in [
            eur(0),
            eur(-1),
            Money::whole(86, Currency::USD),
            eur(1_000_000_001),
        ] {
            let refused = check_set_credit_equivalent(&company, wrong, ada, &dir).unwrap_err();
            assert_eq!(refused.rule, RuleId::Az1, "{wrong:?}");
            assert_eq!(
                refused.reason,
                Reason::CreditEquivalentInvalid {
                    currency: Currency::EUR
                }
            );
        }
        let noor = dir.iter().find(|u| u.roles.is_empty()).unwrap();
        assert!(matches!(
            check_set_credit_equivalent(&company, eur(86), noor, &dir)
                .unwrap_err()
                .reason,
            Reason::MissingRole { .. }
        ));
        company.currency = Currency::USD;
        assert_eq!(
            check_set_credit_equivalent(&company, Money::whole(100, Currency::USD), ada, &dir)
                .unwrap_err()
                .reason,
            Reason::CreditEquivalentNotNeeded
        );
    }

    #[test]
    fn ofr_2_renew_only_in_the_30_days_after_the_anniversary_and_only_with_a_membership_role() {
        let dir = directory();
        let company = company_with(MembershipOffer::new(Offer::Silver, day(2025, 11, 22)));
        let ada = with_role(&dir, Role::GlobalAdmin);
        let refused = check_renew_offer(&company, Offer::Silver, ada, &dir, at(2026, 11, 22)).unwrap_err();
        assert_eq!(refused.rule, RuleId::Ofr2);
        assert_eq!(
            refused.reason,
            Reason::RenewalNotOpen {
                opens_on: day(2026, 11, 23),
                closes_on: day(2026, 12, 22)
            }
        );
        assert!(check_renew_offer(&company, Offer::Silver, ada, &dir, at(2026, 11, 23)).is_ok());
        assert!(check_renew_offer(&company, Offer::Silver, ada, &dir, at(2026, 12, 22)).is_ok());
        assert!(check_renew_offer(&company, Offer::Silver, ada, &dir, at(2026, 12, 23)).is_err());
        for role in [
            Role::GlobalAdmin,
            Role::UserManagementAdmin,
            Role::MpnPartnerAdmin,
            Role::AdminAgent,
        ] {
            let who = with_role(&dir, role);
            assert!(
                check_renew_offer(&company, Offer::Silver, who, &dir, at(2026, 12, 1)).is_ok(),
                "{role:?}"
            );
        }
        let noor = dir.iter().find(|u| u.roles.is_empty()).unwrap();
        assert!(matches!(
            check_renew_offer(&company, Offer::Silver, noor, &dir, at(2026, 12, 1))
                .unwrap_err()
                .reason,
            Reason::MissingRole { .. }
        ));
        assert_eq!(
            check_renew_offer(&company, Offer::Gold, ada, &dir, at(2026, 12, 1))
                .unwrap_err()
                .reason,
            Reason::OfferNotHeld { offer: Offer::Gold }
        );
    }

    #[test]
    fn ofr_3_renewing_moves_the_anniversary_365_days_and_extends_the_offers_benefits() {
        let membership = MembershipOffer::new(Offer::Silver, day(2025, 11, 22));
        let mut ws = Workspace::empty(company_with(membership.clone()));
        ws.directory = directory();
        let mut p = provision(&membership, false);
        p.number_from(1);
        ws.visual_studio = p.visual_studio;
        ws.credits = p.credits;
        let now = at(2026, 12, 1);
        assert_eq!(
            ws.company.offers[0].status(now),
            OfferStatus::RenewalOpen {
                closes_on: day(2026, 12, 22)
            }
        );
        assert!(crate::benefit::is_expired(ws.visual_studio[0].expires_on, now));
        ws.apply(
            &Command::RenewOffer { offer: Offer::Silver },
            crate::UserId(1),
            now,
        )
        .unwrap();
        let renewed = &ws.company.offers[0];
        assert_eq!(renewed.anniversary(), day(2027, 11, 22));
        assert_eq!(renewed.purchased_on, day(2025, 11, 22), "the purchase stays");
        assert!(ws.visual_studio.iter().all(|v| v.expires_on == day(2027, 11, 22)));
        assert!(ws
            .credits
            .iter()
            .all(|c| c.enrolment_year_ends_on == day(2027, 11, 22)));
        assert_eq!(
            renewed.status(now),
            OfferStatus::Active {
                anniversary: day(2027, 11, 22),
                renewal_opens_on: day(2027, 11, 23),
            }
        );
        // Renewed, the window is closed until the next anniversary.
        let again = ws.apply(
            &Command::RenewOffer { offer: Offer::Silver },
            crate::UserId(1),
            now,
        );
        assert!(again.is_err());
    }

    #[test]
    fn ofr_3_an_offer_not_renewed_in_its_window_lapses_and_its_benefits_are_expired() {
        let membership = MembershipOffer::new(Offer::Gold, day(2025, 11, 22));
        let after_window = at(2026, 12, 23);
        assert_eq!(
            membership.status(after_window),
            OfferStatus::Lapsed {
                since: day(2026, 12, 23)
            }
        );
        let p = provision(&membership, false);
        assert!(p
            .visual_studio
            .iter()
            .all(|v| crate::benefit::is_expired(v.expires_on, after_window)));
        let company = company_with(membership);
        let dir = directory();
        assert!(check_renew_offer(&company, Offer::Gold, &dir[0], &dir, after_window).is_err());
        // Bought again, it is a new offer.
        assert!(check_add_offer(
            &company,
            Offer::Gold,
            day(2026, 12, 23),
            &dir[0],
            &dir,
            after_window
        )
        .is_ok());
    }

    #[test]
    fn ofr_1_an_offer_held_is_not_added_twice_and_purchase_dates_are_real_days() {
        let company = company_with(MembershipOffer::new(Offer::Silver, day(2026, 3, 1)));
        let dir = directory();
        let now = at(2026, 6, 1);
        let twice =
            check_add_offer(&company, Offer::Silver, day(2026, 5, 1), &dir[0], &dir, now).unwrap_err();
        assert_eq!(twice.reason, Reason::OfferAlreadyHeld { offer: Offer::Silver });
        assert!(check_add_offer(&company, Offer::Gold, day(2026, 5, 1), &dir[0], &dir, now).is_ok());
        let future = check_add_offer(&company, Offer::Gold, day(2026, 6, 2), &dir[0], &dir, now).unwrap_err();
        assert_eq!(future.rule, RuleId::Ofr1);
        // A year and its 30-day window back is the oldest purchase still held.
        assert!(check_purchase_date(day(2025, 5, 2), now).is_ok());
        assert!(check_purchase_date(day(2025, 5, 1), now).is_err());
    }
}
