//! The partner company: its membership offers (ROW-2), account e-mail and currency.

use crate::benefit::Offer;
use crate::money::{Currency, Money};
use crate::EmailAddress;
use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A purchased membership offer (Action Pack, Silver, Gold) and its year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembershipOffer {
    pub offer: Offer,
    pub purchased_on: NaiveDate,
    /// OFR-3: the anniversary after the last renewal (none yet: a year after purchase).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewed_until: Option<NaiveDate>,
}

impl MembershipOffer {
    pub fn new(offer: Offer, purchased_on: NaiveDate) -> MembershipOffer {
        MembershipOffer {
            offer,
            purchased_on,
            renewed_until: None,
        }
    }

    /// The membership year ends on the anniversary of the purchase.
    pub fn anniversary(&self) -> NaiveDate {
        self.renewed_until.unwrap_or(self.purchased_on + Months::new(12))
    }

    /// Active from purchase until (and including) the anniversary.
    pub fn is_active(&self, now: DateTime<Utc>) -> bool {
        let today = now.date_naive();
        self.purchased_on <= today && today <= self.anniversary()
    }

    /// OFR-2's renewal window: from the day after the anniversary, 30 days long
    /// (reference renew-mpn-offers). An Action Pack subscription expires on its
    /// anniversary, so "from the day after it expires" is the same window.
    pub fn renewal_window(&self) -> (NaiveDate, NaiveDate) {
        let opens = self.anniversary() + chrono::Days::new(1);
        (opens, opens + chrono::Days::new(29))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Company {
    pub id: i64,
    pub name: String,
    /// The Partner Center account e-mail: GTM-3 and TS-6 contacts must use another one.
    pub account_email: EmailAddress,
    /// AZ-1: credit amounts are shown in this currency's equivalent.
    pub currency: Currency,
    pub offers: Vec<MembershipOffer>,
    /// AZ-1: what Microsoft gives in `currency` for USD 100 of Azure credit, as the
    /// company's Partner Center shows it (set by a Global admin; none: amounts stay in USD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usd_100_equivalent: Option<Money>,
}

impl Company {
    /// AZ-1: `amount` in the company's currency, when the company has recorded the
    /// equivalent of USD 100 (rounded to the cent); otherwise `amount` as it is.
    pub fn in_local_currency(&self, amount: Money) -> Money {
        match self.usd_100_equivalent {
            Some(equivalent) if amount.currency == Currency::USD && equivalent.currency == self.currency => {
                // i128: a bulk credit times a large equivalent (IDR, VND) stays exact.
                let scaled = i128::from(amount.minor_units) * i128::from(equivalent.minor_units);
                let rounded = (scaled + 5_000) / 10_000;
                Money::new(i64::try_from(rounded).unwrap_or(i64::MAX), self.currency)
            }
            _ => amount,
        }
    }

    pub fn active_offers(&self, now: DateTime<Utc>) -> Vec<Offer> {
        let mut offers: Vec<Offer> = self
            .offers
            .iter()
            .filter(|o| o.is_active(now))
            .map(|o| o.offer)
            .collect();
        offers.sort_by_key(|o| o.rank());
        offers.dedup();
        offers
    }

    /// ROW-2: a company sees the benefits of the offers it holds now.
    pub fn sees_benefits_of(&self, offer: Offer, now: DateTime<Utc>) -> bool {
        self.active_offers(now).contains(&offer)
    }

    /// The highest active offer (Gold over Silver over Action Pack), if any.
    pub fn level(&self, now: DateTime<Utc>) -> Option<Offer> {
        self.active_offers(now).into_iter().max_by_key(|o| o.rank())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn az_1_credit_shown_in_the_local_currency_equivalent() {
        let mut company = company(&[(Offer::Silver, (2026, 1, 1))]);
        let bulk = Money::whole(6_000, Currency::USD);
        // Nothing recorded: the amount stays as Microsoft states it, in USD.
        assert_eq!(company.in_local_currency(bulk), bulk);
        company.usd_100_equivalent = Some(Money::new(8_612, Currency::EUR));
        assert_eq!(
            company.in_local_currency(Money::whole(100, Currency::USD)),
            Money::new(8_612, Currency::EUR)
        );
        assert_eq!(
            company.in_local_currency(bulk),
            Money::new(516_720, Currency::EUR)
        );
        // Rounded to the cent, half up: USD 0.05 × 0.8612 = EUR 0.04306.
        assert_eq!(
            company.in_local_currency(Money::new(5, Currency::USD)),
            Money::new(4, Currency::EUR)
        );
        // An amount already in the local currency is left alone.
        let local = Money::whole(50, Currency::EUR);
        assert_eq!(company.in_local_currency(local), local);
    }

    fn company(offers: &[(Offer, (i32, u32, u32))]) -> Company {
        Company {
            id: 1,
            name: "Fabrikam".into(),
            account_email: EmailAddress::parse("pc@fabrikam.example").unwrap(),
            currency: Currency::EUR,
            offers: offers
                .iter()
                .map(|(offer, (y, m, d))| {
                    MembershipOffer::new(*offer, NaiveDate::from_ymd_opt(*y, *m, *d).unwrap())
                })
                .collect(),
            usd_100_equivalent: None,
        }
    }

    #[test]
    fn row_2_a_company_sees_the_benefits_of_its_active_offers() {
        let c = company(&[(Offer::ActionPack, (2025, 1, 15)), (Offer::Silver, (2026, 3, 1))]);
        let now = Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap();
        assert!(c.sees_benefits_of(Offer::Silver, now));
        assert!(
            !c.sees_benefits_of(Offer::ActionPack, now),
            "Action Pack ended 15 Jan 2026"
        );
        assert!(!c.sees_benefits_of(Offer::Gold, now));
        assert_eq!(c.level(now), Some(Offer::Silver));
    }

    #[test]
    fn the_membership_year_ends_on_its_anniversary_and_renewal_opens_the_day_after() {
        let offer = MembershipOffer::new(Offer::Gold, NaiveDate::from_ymd_opt(2025, 11, 22).unwrap());
        assert_eq!(
            offer.anniversary(),
            NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
        );
        assert!(offer.is_active(Utc.with_ymd_and_hms(2026, 11, 22, 23, 0, 0).unwrap()));
        assert!(!offer.is_active(Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap()));
        assert_eq!(
            offer.renewal_window(),
            (
                NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
                NaiveDate::from_ymd_opt(2026, 12, 22).unwrap()
            )
        );
    }
}
