//! Usage-based Azure credit: AZ-1 … AZ-8.

use crate::benefit::{check_not_expired, BenefitType, Offer};
use crate::money::{Currency, Money};
use crate::permission::{require, Permission};
use crate::user::find_user;
use crate::{EmailAddress, Reason, RuleId, User, UserId, Violation};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// AZ-1: the two kinds of credit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CreditKind {
    /// USD 100 a month; users may be added or removed at any time (AZ-3), reassigned 5 times (AZ-7).
    Monthly,
    /// USD 6,000, 12,000 or 13,000 a year; never removed, only transferred (AZ-4).
    Bulk,
}

impl CreditKind {
    /// The credit's name as the lists show it, in the reader's language.
    pub const fn name(self, lang: crate::Lang) -> &'static str {
        use crate::Lang;
        match (self, lang) {
            (CreditKind::Monthly, Lang::En) => "Azure monthly credit",
            (CreditKind::Monthly, Lang::Nl) => "Maandelijks Azure-tegoed",
            (CreditKind::Monthly, Lang::De) => "Monatliches Azure-Guthaben",
            (CreditKind::Bulk, Lang::En) => "Azure bulk (yearly) credit",
            (CreditKind::Bulk, Lang::Nl) => "Azure-bulktegoed (jaarlijks)",
            (CreditKind::Bulk, Lang::De) => "Azure-Jahresguthaben",
        }
    }
}

/// AZ-7: how often a monthly credit may change hands.
pub const MONTHLY_CREDIT_MAX_REASSIGNMENTS: u8 = 5;

/// AZ-1: the bulk amounts that exist, in whole US dollars a year.
pub const BULK_CREDIT_AMOUNTS_USD: [i64; 3] = [6_000, 12_000, 13_000];

/// AZ-1: the credit an offer provisions (USD; shown in the local currency's equivalent).
pub fn credits_for_offer(offer: Offer) -> Vec<(CreditKind, Money)> {
    match offer {
        Offer::ActionPack => vec![(CreditKind::Monthly, Money::whole(100, Currency::USD))],
        Offer::Silver => vec![
            (CreditKind::Monthly, Money::whole(100, Currency::USD)),
            (CreditKind::Bulk, Money::whole(6_000, Currency::USD)),
        ],
        Offer::Gold => vec![
            (CreditKind::Monthly, Money::whole(100, Currency::USD)),
            (CreditKind::Bulk, Money::whole(12_000, Currency::USD)),
        ],
    }
}

/// AZ-6: personal mailbox providers; such addresses can't hold a partner credit.
pub const FREE_MAIL_DOMAINS: &[&str] = &[
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "aol.com",
    "icloud.com",
    "me.com",
    "gmx.de",
    "gmx.net",
    "web.de",
    "hotmail.nl",
    "live.nl",
    "outlook.de",
];

/// AZ-6: is this a personal (free-mail) address, including country variants like `yahoo.co.uk`?
pub fn is_free_mail(email: &EmailAddress) -> bool {
    let domain = email.as_str().rsplit('@').next().unwrap_or("");
    FREE_MAIL_DOMAINS.contains(&domain)
        || ["hotmail.", "outlook.", "live.", "yahoo.", "gmail."]
            .iter()
            .any(|p| domain.starts_with(p))
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditHolder {
    pub user: UserId,
    #[serde(with = "crate::dates::instant")]
    pub assigned_at: DateTime<Utc>,
}

/// One Azure credit: a row of the usage-based list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AzureCredit {
    pub id: i64,
    pub kind: CreditKind,
    /// Per month (monthly) or per year (bulk).
    pub amount: Money,
    pub offer: Offer,
    pub benefit_type: BenefitType,
    #[serde(with = "crate::dates::day")]
    pub expires_on: NaiveDate,
    /// AZ-4: a bulk credit may be transferred until this day.
    #[serde(with = "crate::dates::day")]
    pub enrolment_year_ends_on: NaiveDate,
    pub holder: Option<CreditHolder>,
    /// AZ-7: every change of holder after the first assignment counts.
    pub reassignments: u8,
    /// Whether the credit was ever assigned (a later assignment is a reassignment).
    pub ever_assigned: bool,
    /// AZ-8: the holder has redeemed (activated) it in Azure.
    pub redeemed: bool,
    pub version: i64,
}

impl AzureCredit {
    /// AZ-7: how many reassignments are left (monthly); `None` for bulk, which is transferred.
    pub fn reassignments_left(&self) -> Option<u8> {
        match self.kind {
            CreditKind::Monthly => Some(MONTHLY_CREDIT_MAX_REASSIGNMENTS.saturating_sub(self.reassignments)),
            CreditKind::Bulk => None,
        }
    }
}

/// AZ-8: the "not yet redeemed" quick filter.
pub fn not_yet_redeemed(credits: &[AzureCredit]) -> Vec<&AzureCredit> {
    credits
        .iter()
        .filter(|c| c.holder.is_some() && !c.redeemed)
        .collect()
}

/// AZ-2 / AZ-5 / AZ-6: can `user` take a credit of this kind, given everything else held?
fn check_recipient<'a>(
    credit: &AzureCredit,
    recipient: UserId,
    directory: &'a [User],
    all_credits: &[AzureCredit],
) -> Result<&'a User, Violation> {
    let user = find_user(directory, recipient)
        .ok_or_else(|| Violation::new(RuleId::Az2, Reason::UserNotInDirectory))?;
    if is_free_mail(&user.email) {
        return Err(Violation::new(
            RuleId::Az6,
            Reason::FreeMailAddress {
                email: user.email.clone(),
            },
        ));
    }
    let held_elsewhere = all_credits
        .iter()
        .find(|c| c.id != credit.id && c.holder.as_ref().is_some_and(|h| h.user == recipient));
    if let Some(other) = held_elsewhere {
        let rule = if other.kind == CreditKind::Bulk || credit.kind == CreditKind::Bulk {
            RuleId::Az5
        } else {
            RuleId::Az6
        };
        return Err(Violation::new(
            rule,
            Reason::AlreadyHoldsCredit {
                user: user.reference(),
            },
        ));
    }
    Ok(user)
}

/// AZ-2 / AZ-7 / ROLE-2 / ROW-3: may `actor` assign this credit at all (before a user is picked)?
pub fn check_may_assign_azure_credit(
    credit: &AzureCredit,
    actor: &User,
    directory: &[User],
    now: DateTime<Utc>,
) -> Result<(), Violation> {
    require(Permission::AssignBenefit, actor, directory)?;
    check_not_expired(credit.expires_on, now)?;
    if let Some(holder) = &credit.holder {
        let holder = find_user(directory, holder.user).map(User::reference);
        return Err(Violation::new(RuleId::Az2, Reason::CreditAlreadyHeld { holder }));
    }
    if credit.kind == CreditKind::Monthly
        && credit.ever_assigned
        && credit.reassignments >= MONTHLY_CREDIT_MAX_REASSIGNMENTS
    {
        return Err(reassignments_used_up());
    }
    Ok(())
}

/// AZ-2: activate a credit by assigning it to a user of the directory (guests too).
pub fn check_assign_azure_credit(
    credit: &AzureCredit,
    actor: &User,
    directory: &[User],
    all_credits: &[AzureCredit],
    recipient: UserId,
    now: DateTime<Utc>,
) -> Result<(), Violation> {
    check_may_assign_azure_credit(credit, actor, directory, now)?;
    check_recipient(credit, recipient, directory, all_credits)?;
    Ok(())
}

/// AZ-3 / AZ-4: a monthly credit's user may be removed at any time; a bulk credit never.
pub fn check_remove_azure_credit(
    credit: &AzureCredit,
    actor: &User,
    directory: &[User],
    now: DateTime<Utc>,
) -> Result<(), Violation> {
    require(Permission::AssignBenefit, actor, directory)?;
    check_not_expired(credit.expires_on, now)?;
    if credit.kind == CreditKind::Bulk {
        return Err(Violation::new(RuleId::Az4, Reason::BulkCreditCannotBeRemoved));
    }
    if credit.holder.is_none() {
        return Err(Violation::new(RuleId::Az3, Reason::CreditNotHeld));
    }
    Ok(())
}

/// AZ-4 / AZ-7: may `actor` move this credit now, to anyone?
pub fn check_may_transfer_azure_credit(
    credit: &AzureCredit,
    actor: &User,
    directory: &[User],
    now: DateTime<Utc>,
) -> Result<(), Violation> {
    require(Permission::AssignBenefit, actor, directory)?;
    check_not_expired(credit.expires_on, now)?;
    if credit.holder.is_none() {
        return Err(Violation::new(RuleId::Az3, Reason::CreditNotHeld));
    }
    match credit.kind {
        CreditKind::Bulk if now.date_naive() > credit.enrolment_year_ends_on => {
            return Err(Violation::new(
                RuleId::Az4,
                Reason::EnrolmentYearOver {
                    ended_on: credit.enrolment_year_ends_on,
                },
            ));
        }
        CreditKind::Monthly if credit.reassignments >= MONTHLY_CREDIT_MAX_REASSIGNMENTS => {
            return Err(reassignments_used_up());
        }
        _ => {}
    }
    Ok(())
}

/// AZ-4 / AZ-7: move a held credit to another user.
pub fn check_transfer_azure_credit(
    credit: &AzureCredit,
    actor: &User,
    directory: &[User],
    all_credits: &[AzureCredit],
    recipient: UserId,
    now: DateTime<Utc>,
) -> Result<(), Violation> {
    check_may_transfer_azure_credit(credit, actor, directory, now)?;
    let holder = credit
        .holder
        .as_ref()
        .ok_or_else(|| Violation::new(RuleId::Az3, Reason::CreditNotHeld))?;
    if holder.user == recipient {
        let user = find_user(directory, recipient).map(User::reference);
        return Err(Violation::new(
            RuleId::Az6,
            Reason::CreditAlreadyHeld { holder: user },
        ));
    }
    check_recipient(credit, recipient, directory, all_credits)?;
    Ok(())
}

fn reassignments_used_up() -> Violation {
    Violation::new(
        RuleId::Az7,
        Reason::ReassignmentsUsedUp {
            maximum: MONTHLY_CREDIT_MAX_REASSIGNMENTS,
        },
    )
}

/// Applies a checked assignment or transfer: the new holder, and AZ-7's count.
pub fn give_azure_credit(credit: &mut AzureCredit, recipient: UserId, now: DateTime<Utc>) {
    if credit.ever_assigned {
        credit.reassignments = credit.reassignments.saturating_add(1);
    }
    credit.ever_assigned = true;
    credit.holder = Some(CreditHolder {
        user: recipient,
        assigned_at: now,
    });
    credit.redeemed = false;
    credit.version += 1;
}

/// Applies a checked removal (monthly credit only).
pub fn take_back_azure_credit(credit: &mut AzureCredit) {
    credit.holder = None;
    credit.redeemed = false;
    credit.version += 1;
}

impl crate::benefit::BenefitRow for AzureCredit {
    fn row(&self) -> crate::benefit::RowSummary {
        crate::benefit::RowSummary {
            name: match self.kind {
                CreditKind::Monthly => CreditKind::Monthly.name(crate::Lang::En).to_string(),
                CreditKind::Bulk => CreditKind::Bulk.name(crate::Lang::En).to_string(),
            },
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
    use crate::test_support::{at, directory, user, with_role};
    use crate::Role;

    pub fn credit(id: i64, kind: CreditKind, holder: Option<i64>) -> AzureCredit {
        AzureCredit {
            id,
            kind,
            amount: match kind {
                CreditKind::Monthly => Money::whole(100, Currency::USD),
                CreditKind::Bulk => Money::whole(6_000, Currency::USD),
            },
            offer: Offer::Silver,
            benefit_type: BenefitType::Core,
            expires_on: NaiveDate::from_ymd_opt(2027, 6, 30).unwrap(),
            enrolment_year_ends_on: NaiveDate::from_ymd_opt(2027, 3, 31).unwrap(),
            holder: holder.map(|u| CreditHolder {
                user: UserId(u),
                assigned_at: at(2026, 1, 1),
            }),
            reassignments: 0,
            ever_assigned: holder.is_some(),
            redeemed: false,
            version: 1,
        }
    }

    #[test]
    fn az_1_offers_provision_monthly_and_bulk_credit() {
        assert_eq!(
            credits_for_offer(Offer::ActionPack),
            vec![(CreditKind::Monthly, Money::new(10_000, Currency::USD))]
        );
        for offer in [Offer::Silver, Offer::Gold] {
            let bulk: Vec<_> = credits_for_offer(offer)
                .into_iter()
                .filter(|(k, _)| *k == CreditKind::Bulk)
                .collect();
            assert_eq!(bulk.len(), 1);
            assert!(BULK_CREDIT_AMOUNTS_USD.contains(&(bulk[0].1.minor_units / 100)));
        }
    }

    #[test]
    fn az_2_a_credit_is_activated_by_assigning_it_to_a_directory_user_guests_included() {
        let mut dir = directory();
        dir.push(User {
            guest: true,
            ..user(42, "Gus Guest", &[])
        });
        let admin = with_role(&dir, Role::GlobalAdmin).clone();
        let c = credit(1, CreditKind::Monthly, None);
        let now = at(2026, 11, 22);
        assert!(
            check_assign_azure_credit(&c, &admin, &dir, std::slice::from_ref(&c), UserId(42), now).is_ok()
        );
        let stranger =
            check_assign_azure_credit(&c, &admin, &dir, std::slice::from_ref(&c), UserId(999), now)
                .unwrap_err();
        assert_eq!(stranger.rule, RuleId::Az2);
        let agent = with_role(&dir, Role::AdminAgent);
        let refused =
            check_assign_azure_credit(&c, agent, &dir, std::slice::from_ref(&c), UserId(5), now).unwrap_err();
        assert_eq!(refused.rule, RuleId::Role2);
        let held = credit(2, CreditKind::Monthly, Some(3));
        let twice =
            check_assign_azure_credit(&held, &admin, &dir, std::slice::from_ref(&held), UserId(5), now)
                .unwrap_err();
        assert_eq!(twice.rule, RuleId::Az2);
    }

    #[test]
    fn az_3_monthly_credit_users_are_removed_at_any_time() {
        let dir = directory();
        let admin = with_role(&dir, Role::GlobalAdmin);
        let mut c = credit(1, CreditKind::Monthly, Some(5));
        assert!(check_remove_azure_credit(&c, admin, &dir, at(2026, 1, 2)).is_ok());
        take_back_azure_credit(&mut c);
        assert!(c.holder.is_none());
        assert_eq!(
            check_remove_azure_credit(&c, admin, &dir, at(2026, 1, 2))
                .unwrap_err()
                .rule,
            RuleId::Az3
        );
    }

    #[test]
    fn az_4_bulk_credit_cannot_be_removed_only_transferred_during_the_enrolment_year() {
        let dir = directory();
        let admin = with_role(&dir, Role::GlobalAdmin);
        let c = credit(1, CreditKind::Bulk, Some(5));
        let all = [c.clone()];
        assert_eq!(
            check_remove_azure_credit(&c, admin, &dir, at(2026, 11, 22))
                .unwrap_err()
                .rule,
            RuleId::Az4
        );
        let last_day = at(2027, 3, 31);
        assert!(check_transfer_azure_credit(&c, admin, &dir, &all, UserId(4), last_day).is_ok());
        let day_after = at(2027, 4, 1);
        let refused = check_transfer_azure_credit(&c, admin, &dir, &all, UserId(4), day_after).unwrap_err();
        assert_eq!(refused.rule, RuleId::Az4);
    }

    #[test]
    fn az_5_bulk_credit_is_not_combined_with_other_credit() {
        let dir = directory();
        let admin = with_role(&dir, Role::GlobalAdmin);
        let now = at(2026, 11, 22);
        let monthly_of_4 = credit(1, CreditKind::Monthly, Some(4));
        let bulk = credit(2, CreditKind::Bulk, None);
        let all = [monthly_of_4.clone(), bulk.clone()];
        let refused = check_assign_azure_credit(&bulk, admin, &dir, &all, UserId(4), now).unwrap_err();
        assert_eq!(refused.rule, RuleId::Az5);
        let bulk_of_4 = credit(3, CreditKind::Bulk, Some(4));
        let monthly = credit(4, CreditKind::Monthly, None);
        let all = [bulk_of_4, monthly.clone()];
        let refused = check_assign_azure_credit(&monthly, admin, &dir, &all, UserId(4), now).unwrap_err();
        assert_eq!(refused.rule, RuleId::Az5);
        assert!(check_assign_azure_credit(&monthly, admin, &dir, &all, UserId(5), now).is_ok());
    }

    #[test]
    fn az_6_one_credit_per_user_and_no_free_mail_addresses() {
        let mut dir = directory();
        dir.push(User {
            email: EmailAddress::parse("someone@outlook.com").unwrap(),
            ..user(50, "Sam Personal", &[])
        });
        dir.push(User {
            email: EmailAddress::parse("someone@yahoo.co.uk").unwrap(),
            ..user(51, "Yara Personal", &[])
        });
        let admin = with_role(&dir, Role::GlobalAdmin).clone();
        let now = at(2026, 11, 22);
        let a = credit(1, CreditKind::Monthly, Some(4));
        let b = credit(2, CreditKind::Monthly, None);
        let all = [a, b.clone()];
        assert_eq!(
            check_assign_azure_credit(&b, &admin, &dir, &all, UserId(4), now)
                .unwrap_err()
                .rule,
            RuleId::Az6
        );
        for free_mail in [50, 51] {
            let refused =
                check_assign_azure_credit(&b, &admin, &dir, &all, UserId(free_mail), now).unwrap_err();
            assert_eq!(refused.rule, RuleId::Az6);
        }
        assert!(check_assign_azure_credit(&b, &admin, &dir, &all, UserId(5), now).is_ok());
    }

    #[test]
    fn az_7_a_monthly_credit_is_reassigned_at_most_five_times() {
        let dir = directory();
        let admin = with_role(&dir, Role::GlobalAdmin);
        let now = at(2026, 11, 22);
        let mut c = credit(1, CreditKind::Monthly, Some(4));
        for n in 1..=5u8 {
            let to = if n % 2 == 1 { 5 } else { 4 };
            check_transfer_azure_credit(&c, admin, &dir, std::slice::from_ref(&c), UserId(to), now).unwrap();
            give_azure_credit(&mut c, UserId(to), now);
            assert_eq!(c.reassignments_left(), Some(5 - n));
        }
        let sixth = check_transfer_azure_credit(&c, admin, &dir, std::slice::from_ref(&c), UserId(4), now)
            .unwrap_err();
        assert_eq!(sixth.rule, RuleId::Az7);
        // Removing and assigning again is a reassignment too.
        take_back_azure_credit(&mut c);
        let again =
            check_assign_azure_credit(&c, admin, &dir, std::slice::from_ref(&c), UserId(4), now).unwrap_err();
        assert_eq!(again.rule, RuleId::Az7);
    }

    #[test]
    fn az_8_not_yet_redeemed_filter() {
        let mut a = credit(1, CreditKind::Monthly, Some(4));
        let b = credit(2, CreditKind::Monthly, Some(5));
        let c = credit(3, CreditKind::Monthly, None);
        a.redeemed = true;
        let all = [a, b, c];
        let ids: Vec<i64> = not_yet_redeemed(&all).iter().map(|c| c.id).collect();
        assert_eq!(ids, vec![2]);
    }
}
