//! Licence-based subscriptions (Office 365, Dynamics, Intune, …) and their product keys: LIC-1 … LIC-5.

use crate::benefit::{check_not_expired, BenefitType, Offer};
use crate::identifiers::ProductKey;
use crate::permission::{require, Permission};
use crate::warning::{Verdict, Warning};
use crate::{Reason, RuleId, User, UserId, Violation};
use chrono::{DateTime, Days, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// LIC-4: every key gives this many months from redemption.
pub const MONTHS_PER_KEY: u32 = 12;
/// LIC-4: a key may carry at most this many times the active seats when extending.
pub const MAX_EXTEND_FACTOR: u32 = 3;
/// LIC-5: days after activation within which a replacement key can be requested.
pub const REPLACEMENT_DAYS: u64 = 30;

/// LIC-3: what to do with a key's seats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RedeemMode {
    /// Add licences (seats): the end dates are averaged.
    AddSeats,
    /// Extend the end date, keeping the number of seats.
    ExtendEndDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redemption {
    pub at: DateTime<Utc>,
    pub mode: RedeemMode,
    pub by: UserId,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductKeyEntry {
    pub id: i64,
    pub key: ProductKey,
    pub seats: u32,
    /// LIC-2: redeemed once at most.
    pub redeemed: Option<Redemption>,
    /// LIC-5: a replacement was issued for this key.
    pub replacement_issued: bool,
    /// LIC-5: this key replaces another one (and is not replaced again).
    pub replaces: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenceSubscription {
    pub id: i64,
    pub product: String,
    pub offer: Offer,
    pub benefit_type: BenefitType,
    pub expires_on: NaiveDate,
    /// LIC-1: shown in the expanded row with the link to redeem.
    pub redemption_instructions: String,
    pub redeem_url: String,
    pub active_seats: u32,
    /// The subscription's end date in the tenant (not the benefit's expiry, ROW-3).
    pub ends_on: Option<NaiveDate>,
    pub keys: Vec<ProductKeyEntry>,
    pub version: i64,
}

/// Seats and end date after a redemption.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedeemOutcome {
    pub active_seats: u32,
    pub ends_on: NaiveDate,
}

/// `date` plus `numerator / denominator` months, exactly: whole calendar months, then the
/// fraction of the month that follows in whole days (rounded down). No floats.
pub fn add_fractional_months(date: NaiveDate, numerator: u64, denominator: u64) -> NaiveDate {
    let whole = (numerator / denominator) as u32;
    let remainder = numerator % denominator;
    let after_whole = date + Months::new(whole);
    let month_days = ((after_whole + Months::new(1)) - after_whole).num_days() as u64;
    after_whole + Days::new(month_days * remainder / denominator)
}

impl LicenceSubscription {
    /// Seats that count as active for LIC-4: none once the subscription has ended.
    pub fn active_seats_on(&self, today: NaiveDate) -> u32 {
        match self.ends_on {
            Some(end) if end >= today => self.active_seats,
            _ => 0,
        }
    }

    /// LIC-4: seats and end date after redeeming a key of `key_seats` seats on `today`.
    pub fn redemption_outcome(
        &self,
        key_seats: u32,
        mode: RedeemMode,
        today: NaiveDate,
    ) -> Result<RedeemOutcome, Violation> {
        let active = self.active_seats_on(today);
        let twelve_months = today + Months::new(MONTHS_PER_KEY);
        let Some(ends_on) = self.ends_on.filter(|_| active > 0) else {
            // First activation (or after expiry): 12 months from today.
            return Ok(RedeemOutcome {
                active_seats: key_seats,
                ends_on: twelve_months,
            });
        };
        match mode {
            RedeemMode::ExtendEndDate => {
                if key_seats > active.saturating_mul(MAX_EXTEND_FACTOR) {
                    return Err(Violation::new(
                        RuleId::Lic4,
                        Reason::KeyTooLargeToExtend {
                            key_seats,
                            active_seats: active,
                        },
                    ));
                }
                // The key's C × 12 seat-months spread over the A active seats.
                let numerator = u64::from(key_seats) * u64::from(MONTHS_PER_KEY);
                Ok(RedeemOutcome {
                    active_seats: active,
                    ends_on: add_fractional_months(ends_on, numerator, u64::from(active)),
                })
            }
            RedeemMode::AddSeats => {
                // (A × B + C × 12 months) ÷ (A + C), in days from today.
                let remaining = (ends_on - today).num_days().max(0) as u64;
                let twelve = (twelve_months - today).num_days() as u64;
                let (a, c) = (u64::from(active), u64::from(key_seats));
                let days = (a * remaining + c * twelve) / (a + c);
                Ok(RedeemOutcome {
                    active_seats: active + key_seats,
                    ends_on: today + Days::new(days),
                })
            }
        }
    }
}

/// LIC-2 / LIC-3 / LIC-4 / ROLE-3: redeem `key` on this subscription.
pub fn check_redeem_product_key(
    subscription: &LicenceSubscription,
    key: &ProductKeyEntry,
    mode: RedeemMode,
    actor: &User,
    directory: &[User],
    now: DateTime<Utc>,
) -> Result<Verdict<RedeemOutcome>, Violation> {
    check_redeem_key(
        subscription,
        key.seats,
        key.redeemed.as_ref(),
        mode,
        actor,
        directory,
        now,
    )
}

/// The same check from what a list shows of a key (its seats and redemption), for the
/// SPA, which never holds the key's text. `subscription.keys` is not read.
pub fn check_redeem_key(
    subscription: &LicenceSubscription,
    key_seats: u32,
    key_redeemed: Option<&Redemption>,
    mode: RedeemMode,
    actor: &User,
    directory: &[User],
    now: DateTime<Utc>,
) -> Result<Verdict<RedeemOutcome>, Violation> {
    require(Permission::ActivateOrRevealKeys, actor, directory)?;
    check_not_expired(subscription.expires_on, now)?;
    if let Some(done) = key_redeemed {
        return Err(Violation::new(
            RuleId::Lic2,
            Reason::KeyAlreadyRedeemed {
                redeemed_on: done.at.date_naive(),
            },
        ));
    }
    let today = now.date_naive();
    let outcome = subscription.redemption_outcome(key_seats, mode, today)?;
    let adds_to_running = subscription.active_seats_on(today) > 0;
    if mode == RedeemMode::AddSeats && adds_to_running {
        return Ok(Verdict::NeedsConfirmation {
            warning: Warning::SeatsWithoutExtending {
                active_seats_after: outcome.active_seats,
                resulting_end: outcome.ends_on,
            },
            outcome,
        });
    }
    Ok(Verdict::Allowed { outcome })
}

/// LIC-5: one replacement key within 30 days of activation, once.
pub fn check_request_replacement_key(
    key: &ProductKeyEntry,
    actor: &User,
    directory: &[User],
    now: DateTime<Utc>,
) -> Result<(), Violation> {
    check_replacement(
        key.redeemed.as_ref(),
        key.replacement_issued || key.replaces.is_some(),
        actor,
        directory,
        now,
    )
}

/// LIC-5 from what a list shows of a key.
pub fn check_replacement(
    redeemed: Option<&Redemption>,
    already_replaced: bool,
    actor: &User,
    directory: &[User],
    now: DateTime<Utc>,
) -> Result<(), Violation> {
    require(Permission::ActivateOrRevealKeys, actor, directory)?;
    let redeemed = redeemed.ok_or_else(|| Violation::new(RuleId::Lic5, Reason::KeyNotRedeemed))?;
    if already_replaced {
        return Err(Violation::new(RuleId::Lic5, Reason::ReplacementAlreadyUsed));
    }
    let closes = redeemed.at + Days::new(REPLACEMENT_DAYS);
    if now > closes {
        return Err(Violation::new(
            RuleId::Lic5,
            Reason::ReplacementWindowClosed {
                closed_on: closes.date_naive(),
            },
        ));
    }
    Ok(())
}

impl crate::benefit::BenefitRow for LicenceSubscription {
    fn row(&self) -> crate::benefit::RowSummary {
        crate::benefit::RowSummary {
            name: self.product.clone(),
            quantity: self.keys.iter().map(|k| k.seats).sum(),
            offer: self.offer,
            benefit_type: self.benefit_type,
            expires_on: self.expires_on,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{at, directory, with_role};
    use crate::Role;
    use chrono::Duration;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn key(id: i64, seats: u32) -> ProductKeyEntry {
        ProductKeyEntry {
            id,
            key: ProductKey::parse(&format!("AAAAA-BBBBB-CCCCC-DDDDD-{id:05}")).unwrap(),
            seats,
            redeemed: None,
            replacement_issued: false,
            replaces: None,
        }
    }

    fn office_365(active_seats: u32, ends_on: Option<NaiveDate>) -> LicenceSubscription {
        LicenceSubscription {
            id: 3,
            product: "Office 365 E3".into(),
            offer: Offer::Gold,
            benefit_type: BenefitType::Core,
            expires_on: date(2028, 6, 30),
            redemption_instructions: "Redeem in a private browser window on the right tenant.".into(),
            redeem_url: "https://signup.microsoft.com/productkeystart".into(),
            active_seats,
            ends_on,
            keys: vec![key(1, 25)],
            version: 1,
        }
    }

    #[test]
    fn lic_1_the_row_carries_redemption_instructions_and_the_link() {
        let s = office_365(0, None);
        assert!(!s.redemption_instructions.is_empty());
        assert!(s.redeem_url.starts_with("https://"));
    }

    #[test]
    fn lic_2_a_key_is_redeemed_once() {
        let dir = directory();
        let admin = with_role(&dir, Role::GlobalAdmin);
        let now = at(2026, 11, 22);
        let mut k = key(1, 25);
        let s = office_365(0, None);
        assert!(check_redeem_product_key(&s, &k, RedeemMode::ExtendEndDate, admin, &dir, now).is_ok());
        k.redeemed = Some(Redemption {
            at: now,
            mode: RedeemMode::ExtendEndDate,
            by: admin.id,
        });
        let again =
            check_redeem_product_key(&s, &k, RedeemMode::ExtendEndDate, admin, &dir, now).unwrap_err();
        assert_eq!(again.rule, RuleId::Lic2);
    }

    #[test]
    fn lic_3_adding_seats_without_extending_warns_with_the_resulting_end_date() {
        let dir = directory();
        let admin = with_role(&dir, Role::GlobalAdmin);
        let now = at(2026, 1, 1);
        // 100 seats with 6 months left, plus a 100-seat key: (100×6 + 100×12) ÷ 200 = 9 months.
        let s = office_365(100, Some(date(2026, 7, 1)));
        let verdict =
            check_redeem_product_key(&s, &key(1, 100), RedeemMode::AddSeats, admin, &dir, now).unwrap();
        match verdict {
            Verdict::NeedsConfirmation { warning, outcome } => {
                assert_eq!(warning.rule(), RuleId::Lic3);
                assert_eq!(outcome.active_seats, 200);
                // 181 days left and 365 for the key: (100 × 181 + 100 × 365) ÷ 200 = 273 days.
                assert_eq!(outcome.ends_on, date(2026, 10, 1));
                assert!(warning.message(crate::Lang::En).contains("1 Oct 2026"));
            }
            other => panic!("expected a warning, got {other:?}"),
        }
        let extend =
            check_redeem_product_key(&s, &key(1, 100), RedeemMode::ExtendEndDate, admin, &dir, now).unwrap();
        assert!(matches!(extend, Verdict::Allowed { .. }));
    }

    #[test]
    fn lic_4_extending_spreads_the_key_over_the_active_seats() {
        let today = date(2026, 1, 15);
        let end = date(2026, 6, 30);
        // The documented scenarios: 100 + 25 → +3 months; 100 + 100 → +12; 5 + 10 → +24.
        for (active, key_seats, months) in [(100, 25, 3), (100, 100, 12), (5, 10, 24)] {
            let outcome = office_365(active, Some(end))
                .redemption_outcome(key_seats, RedeemMode::ExtendEndDate, today)
                .unwrap();
            assert_eq!(
                outcome.ends_on,
                end + Months::new(months),
                "{active} + {key_seats}"
            );
            assert_eq!(outcome.active_seats, active);
        }
    }

    #[test]
    fn lic_4_a_key_over_three_times_the_active_seats_is_refused() {
        let today = date(2026, 1, 15);
        let s = office_365(10, Some(date(2026, 6, 30)));
        let exactly = s
            .redemption_outcome(30, RedeemMode::ExtendEndDate, today)
            .unwrap();
        assert_eq!(exactly.ends_on, date(2026, 6, 30) + Months::new(36));
        let over = s
            .redemption_outcome(31, RedeemMode::ExtendEndDate, today)
            .unwrap_err();
        assert_eq!(over.rule, RuleId::Lic4);
    }

    #[test]
    fn lic_4_fractions_of_a_month_are_exact_days_and_a_first_key_gives_twelve_months() {
        // 100 seats + a 30-seat key = 3.6 months: 3 months to 30 Sep, then 0.6 of the 30 days to 30 Oct = 18 days.
        let end = date(2026, 6, 30);
        let outcome = office_365(100, Some(end))
            .redemption_outcome(30, RedeemMode::ExtendEndDate, date(2026, 1, 1))
            .unwrap();
        assert_eq!(outcome.ends_on, date(2026, 10, 18));
        let first = office_365(0, None)
            .redemption_outcome(25, RedeemMode::AddSeats, date(2026, 1, 1))
            .unwrap();
        assert_eq!((first.active_seats, first.ends_on), (25, date(2027, 1, 1)));
        // An ended subscription starts again.
        let ended = office_365(10, Some(date(2025, 12, 31)));
        let restart = ended
            .redemption_outcome(100, RedeemMode::ExtendEndDate, date(2026, 1, 1))
            .unwrap();
        assert_eq!((restart.active_seats, restart.ends_on), (100, date(2027, 1, 1)));
    }

    #[test]
    fn lic_5_one_replacement_key_within_30_days_of_activation() {
        let dir = directory();
        let admin = with_role(&dir, Role::GlobalAdmin);
        let activated = at(2026, 3, 1);
        let mut k = key(1, 25);
        assert_eq!(
            check_request_replacement_key(&k, admin, &dir, activated)
                .unwrap_err()
                .rule,
            RuleId::Lic5
        );
        k.redeemed = Some(Redemption {
            at: activated,
            mode: RedeemMode::AddSeats,
            by: admin.id,
        });
        assert!(check_request_replacement_key(&k, admin, &dir, activated + Duration::days(30)).is_ok());
        let day_31 =
            check_request_replacement_key(&k, admin, &dir, activated + Duration::days(31)).unwrap_err();
        assert_eq!(day_31.rule, RuleId::Lic5);
        k.replacement_issued = true;
        let twice =
            check_request_replacement_key(&k, admin, &dir, activated + Duration::days(1)).unwrap_err();
        assert_eq!(twice.reason, Reason::ReplacementAlreadyUsed);
    }
}
