//! Account settings: adding users and setting their roles (ROLE-5, ROLE-7, ROLE-8, ROLE-9),
//! passwords (ACC-1 … ACC-3), removing a person who left (ACC-4).

use crate::azure::{AzureCredit, CreditKind};
use crate::go_to_market::MarketingContact;
use crate::permission::{require, who_can, Permission};
use crate::user::find_user;
use crate::visual_studio::VisualStudioSubscription;
use crate::{EmailAddress, Reason, Role, RuleId, User, UserId, Violation};
use serde::{Deserialize, Serialize};

/// ROLE-5: a new user: full name, unique e-mail, roles (the temporary password is made by the server).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    pub display_name: String,
    pub email: EmailAddress,
    pub roles: Vec<Role>,
    #[serde(default)]
    pub guest: bool,
}

/// ROLE-8: guests may hold MPN partner admin and nothing above it.
fn check_guest_roles(guest: bool, roles: &[Role]) -> Result<(), Violation> {
    match roles.iter().find(|r| guest && **r != Role::MpnPartnerAdmin) {
        Some(role) => Err(Violation::new(
            RuleId::Role8,
            Reason::GuestRoleNotAllowed { role: *role },
        )),
        None => Ok(()),
    }
}

/// ROLE-5: add a user. `email_in_use` answers for every company (addresses are unique).
pub fn check_add_user(
    new_user: &NewUser,
    actor: &User,
    directory: &[User],
    email_in_use: bool,
) -> Result<(), Violation> {
    require(Permission::ManageUsers, actor, directory)?;
    // ROLE-9: only a Global admin makes a Global admin.
    if new_user.roles.contains(&Role::GlobalAdmin) {
        require(Permission::GrantGlobalAdmin, actor, directory)?;
    }
    if new_user.display_name.trim().is_empty() {
        return Err(Violation::new(
            RuleId::Role5,
            Reason::MissingField {
                field: "display_name".into(),
            },
        ));
    }
    if email_in_use || directory.iter().any(|u| u.email == new_user.email) {
        return Err(Violation::new(
            RuleId::Role5,
            Reason::EmailAlreadyInUse {
                email: new_user.email.clone(),
            },
        ));
    }
    check_guest_roles(new_user.guest, &new_user.roles)
}

/// ROLE-5 / ROLE-7 / ROLE-8 / ROLE-9: replace a user's roles.
pub fn check_set_roles(
    target: UserId,
    roles: &[Role],
    actor: &User,
    directory: &[User],
) -> Result<(), Violation> {
    require(Permission::ManageUsers, actor, directory)?;
    let user = find_user(directory, target)
        .ok_or_else(|| Violation::new(RuleId::Role5, Reason::UserNotInDirectory))?;
    check_guest_roles(user.guest, roles)?;
    check_global_admin_role(user, roles, actor, directory)?;
    let loses_global_admin = user.has_role(Role::GlobalAdmin) && !roles.contains(&Role::GlobalAdmin);
    let other_global_admins = directory
        .iter()
        .filter(|u| u.id != target && u.has_role(Role::GlobalAdmin))
        .count();
    if loses_global_admin && other_global_admins == 0 {
        return Err(Violation::new(RuleId::Role7, Reason::LastGlobalAdmin));
    }
    Ok(())
}

/// ROLE-9: only a Global admin gives or takes the Global admin role, and someone who isn't
/// one (a User management admin) doesn't change their own roles at all. Whom to ask: the
/// Global admins (ROLE-6).
pub fn check_global_admin_role(
    user: &User,
    roles: &[Role],
    actor: &User,
    directory: &[User],
) -> Result<(), Violation> {
    if actor.has_role(Role::GlobalAdmin) {
        return Ok(());
    }
    if user.id == actor.id {
        return Err(Violation::new(
            RuleId::Role9,
            Reason::OwnRoles {
                who_can: who_can(Permission::GrantGlobalAdmin, directory),
            },
        ));
    }
    if user.has_role(Role::GlobalAdmin) != roles.contains(&Role::GlobalAdmin) {
        require(Permission::GrantGlobalAdmin, actor, directory)?;
    }
    Ok(())
}

/// ACC-2: the fewest characters a password may have.
pub const MIN_PASSWORD_CHARS: u32 = 12;

/// ACC-2: a new password has at least [`MIN_PASSWORD_CHARS`] characters and is neither the
/// current one (as typed) nor the e-mail address. Whether `current` *is* the user's password
/// only the server knows ([`Reason::CurrentPasswordWrong`]).
pub fn check_new_password(new: &str, current: &str, email: &EmailAddress) -> Result<(), Violation> {
    let refuse = |reason| Err(Violation::new(RuleId::Acc2, reason));
    if new.chars().count() < MIN_PASSWORD_CHARS as usize {
        return refuse(Reason::PasswordTooShort {
            minimum: MIN_PASSWORD_CHARS,
        });
    }
    if new.trim().eq_ignore_ascii_case(email.as_str()) {
        return refuse(Reason::PasswordIsEmail);
    }
    if new == current {
        return refuse(Reason::PasswordUnchanged);
    }
    Ok(())
}

/// ACC-3: a Global admin or User management admin resets someone else's password; only a
/// Global admin resets a Global admin's (ROLE-9 would be sidestepped otherwise: reset, sign
/// in as them, grant). One's own password is changed, not reset.
pub fn check_reset_password(target: UserId, actor: &User, directory: &[User]) -> Result<(), Violation> {
    require(Permission::ResetPasswords, actor, directory)?;
    let user = find_user(directory, target)
        .ok_or_else(|| Violation::new(RuleId::Acc3, Reason::UserNotInDirectory))?;
    if user.id == actor.id {
        return Err(Violation::new(RuleId::Acc3, Reason::ResetOwnPassword));
    }
    if user.has_role(Role::GlobalAdmin) && !actor.has_role(Role::GlobalAdmin) {
        return Err(Violation::new(
            RuleId::Acc3,
            Reason::MissingRole {
                needs_any_of: vec![Role::GlobalAdmin],
                who_can: who_can(Permission::GrantGlobalAdmin, directory),
            },
        ));
    }
    Ok(())
}

/// Applies checked roles: sorted, each once.
pub fn normalised_roles(roles: &[Role]) -> Vec<Role> {
    let mut roles = roles.to_vec();
    roles.sort();
    roles.dedup();
    roles
}

/// The number of Global admins; ROLE-7 keeps it above zero.
pub fn global_admin_count(directory: &[User]) -> usize {
    directory.iter().filter(|u| u.has_role(Role::GlobalAdmin)).count()
}

/// ACC-4: what a person holds that removing them changes (the confirmation lists it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holdings {
    /// Monthly credits: taken back (AZ-3).
    pub monthly_credits: Vec<i64>,
    /// Bulk credits: they block the removal (AZ-4: transfer first).
    pub bulk_credits: Vec<i64>,
    /// Visual Studio subscriptions: freed; the next subscriber waits for VS-3's 90 days.
    pub visual_studio: Vec<i64>,
    /// GTM-2: the marketing contact blocks the removal (change it first).
    pub marketing_contact: bool,
}

impl Holdings {
    pub fn of(
        user: UserId,
        credits: &[AzureCredit],
        visual_studio: &[VisualStudioSubscription],
        marketing_contact: Option<&MarketingContact>,
    ) -> Holdings {
        let held = |c: &&AzureCredit| c.holder.as_ref().is_some_and(|h| h.user == user);
        let of_kind = |kind| {
            credits
                .iter()
                .filter(held)
                .filter(|c| c.kind == kind)
                .map(|c| c.id)
                .collect()
        };
        Holdings {
            monthly_credits: of_kind(CreditKind::Monthly),
            bulk_credits: of_kind(CreditKind::Bulk),
            visual_studio: visual_studio
                .iter()
                .filter(|v| v.assignment.as_ref().is_some_and(|a| a.subscriber == user))
                .map(|v| v.id)
                .collect(),
            marketing_contact: marketing_contact.is_some_and(|c| c.user == user),
        }
    }
}

/// ACC-4: may `actor` remove `target` from the company? Refused for oneself, for a Global
/// admin unless by a Global admin (ROLE-9), for the last Global admin (ROLE-7), while they
/// hold a bulk credit (AZ-4) or are the marketing contact (GTM-2).
pub fn check_remove_user(
    target: UserId,
    holdings: &Holdings,
    actor: &User,
    directory: &[User],
) -> Result<(), Violation> {
    require(Permission::ManageUsers, actor, directory)?;
    let user = find_user(directory, target)
        .ok_or_else(|| Violation::new(RuleId::Acc4, Reason::UserNotInDirectory))?;
    if user.id == actor.id {
        return Err(Violation::new(RuleId::Acc4, Reason::RemoveYourself));
    }
    if user.has_role(Role::GlobalAdmin) {
        require(Permission::GrantGlobalAdmin, actor, directory)?;
        let others = directory
            .iter()
            .filter(|u| u.id != target && u.has_role(Role::GlobalAdmin))
            .count();
        if others == 0 {
            return Err(Violation::new(RuleId::Role7, Reason::LastGlobalAdmin));
        }
    }
    if !holdings.bulk_credits.is_empty() {
        return Err(Violation::new(
            RuleId::Az4,
            Reason::HoldsBulkCredit {
                user: user.reference(),
            },
        ));
    }
    if holdings.marketing_contact {
        return Err(Violation::new(
            RuleId::Gtm2,
            Reason::IsMarketingContact {
                user: user.reference(),
            },
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::permission::Permission;
    use crate::test_support::{directory, with_role};

    fn new_user(email: &str, roles: &[Role], guest: bool) -> NewUser {
        NewUser {
            display_name: "Kim Nieuw".into(),
            email: EmailAddress::parse(email).unwrap(),
            roles: roles.to_vec(),
            guest,
        }
    }

    #[test]
    fn role_5_global_admin_or_user_management_admin_add_users_with_unique_addresses() {
        let dir = directory();
        let kim = new_user("kim@fabrikam.example", &[Role::AdminAgent], false);
        for actor in &dir {
            let allowed = actor.has_role(Role::GlobalAdmin) || actor.has_role(Role::UserManagementAdmin);
            assert_eq!(
                check_add_user(&kim, actor, &dir, false).is_ok(),
                allowed,
                "{}",
                actor.display_name
            );
        }
        let admin = with_role(&dir, Role::UserManagementAdmin);
        let taken = new_user("ada@fabrikam.example", &[], false);
        assert!(matches!(
            check_add_user(&taken, admin, &dir, false).unwrap_err().reason,
            Reason::EmailAlreadyInUse { .. }
        ));
        assert_eq!(
            check_add_user(&kim, admin, &dir, true).unwrap_err().rule,
            RuleId::Role5
        );
        let nameless = NewUser {
            display_name: " ".into(),
            ..kim
        };
        assert_eq!(
            check_add_user(&nameless, admin, &dir, false).unwrap_err().rule,
            RuleId::Role5
        );
    }

    #[test]
    fn role_5_mpn_partner_admin_may_view_roles_but_not_set_them() {
        let dir = directory();
        let mpn = with_role(&dir, Role::MpnPartnerAdmin);
        assert!(Permission::ViewRoles.is_held_by(mpn));
        assert_eq!(
            check_set_roles(UserId(5), &[Role::AdminAgent], mpn, &dir)
                .unwrap_err()
                .rule,
            RuleId::Role5
        );
    }

    #[test]
    fn role_7_the_last_global_admin_keeps_the_role() {
        let mut dir = directory();
        let admin = with_role(&dir, Role::GlobalAdmin).clone();
        let refused = check_set_roles(admin.id, &[Role::UserManagementAdmin], &admin, &dir).unwrap_err();
        assert_eq!(refused.rule, RuleId::Role7);
        // With a second Global admin, either may step down.
        dir[4].roles.push(Role::GlobalAdmin);
        assert!(check_set_roles(admin.id, &[], &admin, &dir).is_ok());
        assert_eq!(global_admin_count(&dir), 2);
    }

    #[test]
    fn role_8_guests_may_hold_mpn_partner_admin_only() {
        let dir = directory();
        let admin = with_role(&dir, Role::GlobalAdmin);
        let guest = new_user("gus@contractor.example", &[Role::MpnPartnerAdmin], true);
        assert!(check_add_user(&guest, admin, &dir, false).is_ok());
        let too_much = new_user("gus@contractor.example", &[Role::GlobalAdmin], true);
        let refused = check_add_user(&too_much, admin, &dir, false).unwrap_err();
        assert_eq!(
            refused.reason,
            Reason::GuestRoleNotAllowed {
                role: Role::GlobalAdmin
            }
        );
        assert_eq!(
            normalised_roles(&[Role::MpnPartnerAdmin, Role::GlobalAdmin, Role::MpnPartnerAdmin]),
            vec![Role::GlobalAdmin, Role::MpnPartnerAdmin]
        );
    }

    #[test]
    fn role_9_only_a_global_admin_grants_or_takes_away_global_admin() {
        let mut dir = directory();
        let ada = with_role(&dir, Role::GlobalAdmin).clone();
        let uma = with_role(&dir, Role::UserManagementAdmin).clone();
        let noor = UserId(5);
        // A User management admin can't make anyone a Global admin, themselves included.
        let refused = check_set_roles(noor, &[Role::GlobalAdmin], &uma, &dir).unwrap_err();
        assert_eq!(refused.rule, RuleId::Role9);
        match refused.reason {
            Reason::MissingRole { who_can, .. } => {
                assert_eq!(who_can, vec![ada.reference()], "ROLE-6: ask the Global admins")
            }
            other => panic!("unexpected {other:?}"),
        }
        let own = check_set_roles(
            uma.id,
            &[Role::UserManagementAdmin, Role::GlobalAdmin],
            &uma,
            &dir,
        );
        assert_eq!(own.unwrap_err().rule, RuleId::Role9);
        // … nor take it away, nor add one through a new user.
        dir.push(crate::test_support::user(6, "Gina Second", &[Role::GlobalAdmin]));
        assert_eq!(
            check_set_roles(UserId(6), &[], &uma, &dir).unwrap_err().rule,
            RuleId::Role9
        );
        let new_admin = new_user("kim@fabrikam.example", &[Role::GlobalAdmin], false);
        assert_eq!(
            check_add_user(&new_admin, &uma, &dir, false).unwrap_err().rule,
            RuleId::Role9
        );
        // The other roles of other users are theirs to manage, a Global admin's included.
        assert!(check_set_roles(noor, &[Role::AdminAgent], &uma, &dir).is_ok());
        assert!(check_set_roles(UserId(6), &[Role::GlobalAdmin, Role::AdminAgent], &uma, &dir).is_ok());
        // A Global admin does all of it.
        assert!(check_set_roles(noor, &[Role::GlobalAdmin], &ada, &dir).is_ok());
        assert!(check_add_user(&new_admin, &ada, &dir, false).is_ok());
        assert!(check_set_roles(ada.id, &[Role::GlobalAdmin, Role::AdminAgent], &ada, &dir).is_ok());
    }

    #[test]
    fn role_9_a_user_management_admin_never_changes_their_own_roles() {
        let dir = directory();
        let uma = with_role(&dir, Role::UserManagementAdmin).clone();
        for roles in [vec![], vec![Role::UserManagementAdmin, Role::AdminAgent]] {
            let refused = check_set_roles(uma.id, &roles, &uma, &dir).unwrap_err();
            assert_eq!(refused.rule, RuleId::Role9);
            assert!(matches!(refused.reason, Reason::OwnRoles { ref who_can } if who_can.len() == 1));
            assert!(refused.message(crate::Lang::De).contains("Ada Global"));
        }
    }

    #[test]
    fn acc_2_a_new_password_is_long_enough_and_neither_the_old_one_nor_the_email() {
        let email = EmailAddress::parse("ada@fabrikam.example").unwrap();
        let reason = |new: &str, current: &str| {
            check_new_password(new, current, &email).map_err(|v| (v.rule, v.reason))
        };
        assert_eq!(
            reason("short-one", "old password!"),
            Err((RuleId::Acc2, Reason::PasswordTooShort { minimum: 12 }))
        );
        // Characters, not bytes: eleven accented letters are still too short.
        assert!(reason("ééééééééééé", "x").is_err());
        assert!(reason("éééééééééééé", "x").is_ok());
        assert_eq!(
            reason("ADA@fabrikam.example", "old password!"),
            Err((RuleId::Acc2, Reason::PasswordIsEmail))
        );
        assert_eq!(
            reason("same password!", "same password!"),
            Err((RuleId::Acc2, Reason::PasswordUnchanged))
        );
        assert_eq!(reason("a brand new passphrase", "same password!"), Ok(()));
    }

    #[test]
    fn acc_3_managers_reset_others_passwords_and_only_a_global_admin_a_global_admins() {
        let mut dir = directory();
        let ada = with_role(&dir, Role::GlobalAdmin).clone();
        let uma = with_role(&dir, Role::UserManagementAdmin).clone();
        let mia = with_role(&dir, Role::MpnPartnerAdmin).clone();
        let noor = UserId(5);
        assert!(check_reset_password(noor, &ada, &dir).is_ok());
        assert!(check_reset_password(noor, &uma, &dir).is_ok());
        assert!(check_reset_password(uma.id, &ada, &dir).is_ok());
        let refused = check_reset_password(noor, &mia, &dir).unwrap_err();
        assert_eq!(refused.rule, RuleId::Acc3);
        assert!(matches!(refused.reason, Reason::MissingRole { .. }));
        // A Global admin's password: only a Global admin.
        let refused = check_reset_password(ada.id, &uma, &dir).unwrap_err();
        assert_eq!(refused.rule, RuleId::Acc3);
        dir.push(crate::test_support::user(6, "Gina Second", &[Role::GlobalAdmin]));
        assert!(check_reset_password(UserId(6), &ada, &dir).is_ok());
        // One's own: changed, not reset.
        assert_eq!(
            check_reset_password(ada.id, &ada, &dir).unwrap_err().reason,
            Reason::ResetOwnPassword
        );
        assert_eq!(
            check_reset_password(UserId(99), &ada, &dir).unwrap_err().reason,
            Reason::UserNotInDirectory
        );
    }
    #[test]
    fn acc_4_removing_a_person_takes_back_monthly_credit_frees_visual_studio_and_keeps_vs_3() {
        use crate::benefit::Offer;
        use crate::demo::demo_workspace;
        use crate::test_support::at;
        use crate::workspace::{Command, Effect, Refusal};
        let now = at(2026, 6, 1);
        let mut ws = demo_workspace(Offer::Silver, now);
        let ada = UserId(101);
        let lena = UserId(107);
        let daan = UserId(106);
        // Lena got Visual Studio 1302 ten days ago; Daan holds monthly credit 1101 and 1301.
        let holdings = ws.holdings_of(daan);
        assert_eq!(holdings.monthly_credits, vec![1101]);
        assert_eq!(holdings.visual_studio, vec![1301]);
        assert_eq!(
            ws.apply(&Command::RemoveUser { user_id: lena }, ada, now),
            Ok(Effect::UserRemoved { user_id: lena })
        );
        assert!(ws.directory.iter().all(|u| u.id != lena));
        let freed = ws.visual_studio.iter().find(|v| v.id == 1302).unwrap();
        assert!(freed.assignment.is_none());
        // VS-3: the next subscriber still waits for 90 days from Lena's assignment.
        let assign = Command::AssignVisualStudioSubscriber {
            subscription_id: 1302,
            user_id: daan,
        };
        match ws.check(&assign, ada, now) {
            Err(Refusal::Rule { violation }) => assert_eq!(violation.rule, RuleId::Vs3),
            other => panic!("{other:?}"),
        }
        assert!(ws.check(&assign, ada, now + chrono::Duration::days(81)).is_ok());
        // AZ-3: Daan's monthly credit comes back free, and the history closes his line.
        ws.apply(&Command::RemoveUser { user_id: daan }, ada, now)
            .unwrap();
        let credit = ws.credits.iter().find(|c| c.id == 1101).unwrap();
        assert!(credit.holder.is_none());
        assert!(ws
            .history
            .iter()
            .filter(|r| r.user == daan)
            .all(|r| r.removed_at == Some(now)));
        // Removed twice: not found.
        assert_eq!(
            ws.apply(&Command::RemoveUser { user_id: daan }, ada, now),
            Err(Refusal::NotFound)
        );
    }

    #[test]
    fn acc_4_removal_is_refused_for_a_bulk_credit_holder_the_marketing_contact_oneself_and_by_whom_may_not() {
        use crate::benefit::Offer;
        use crate::demo::demo_workspace;
        use crate::test_support::at;
        use crate::workspace::{Command, Refusal};
        let now = at(2026, 6, 1);
        let mut ws = demo_workspace(Offer::Silver, now);
        let (ada, uma, noor, lena) = (UserId(101), UserId(102), UserId(105), UserId(107));
        let rule = |ws: &crate::workspace::Workspace, target: UserId, actor: UserId| match ws.check(
            &Command::RemoveUser { user_id: target },
            actor,
            now,
        ) {
            Err(Refusal::Rule { violation }) => Some(violation.rule),
            Ok(_) => None,
            Err(other) => panic!("{other:?}"),
        };
        assert_eq!(rule(&ws, ada, ada), Some(RuleId::Acc4), "not oneself");
        assert_eq!(
            rule(&ws, ada, uma),
            Some(RuleId::Role9),
            "a Global admin only by a Global admin"
        );
        assert_eq!(rule(&ws, lena, noor), Some(RuleId::Role5), "no role, no removal");
        assert_eq!(
            rule(&ws, lena, uma),
            None,
            "a User management admin removes a user"
        );
        ws.apply(
            &Command::AssignAzureCredit {
                credit_id: 1111,
                user_id: lena,
            },
            ada,
            now,
        )
        .unwrap();
        assert_eq!(
            rule(&ws, lena, ada),
            Some(RuleId::Az4),
            "a bulk credit is transferred first"
        );
        ws.apply(
            &Command::TransferAzureCredit {
                credit_id: 1111,
                user_id: UserId(105),
            },
            ada,
            now,
        )
        .unwrap();
        assert_eq!(rule(&ws, lena, ada), None);
        ws.marketing_contact = Some(crate::go_to_market::MarketingContact {
            user: lena,
            email: EmailAddress::parse("marketing@fabrikam.example").unwrap(),
            phone: crate::identifiers::PhoneNumber::parse("+31 20 1234567").unwrap(),
            preferred_language: crate::Lang::Nl,
        });
        assert_eq!(
            rule(&ws, lena, ada),
            Some(RuleId::Gtm2),
            "the marketing contact is changed first"
        );
        // ROLE-7: the last Global admin stays (only a Global admin may remove one, and not
        // themselves: with two, one goes; the other stays).
        ws.apply(
            &Command::SetRoles {
                user_id: uma,
                roles: vec![Role::GlobalAdmin],
            },
            ada,
            now,
        )
        .unwrap();
        assert_eq!(rule(&ws, ada, uma), None);
        ws.apply(&Command::RemoveUser { user_id: ada }, uma, now).unwrap();
        assert_eq!(rule(&ws, uma, uma), Some(RuleId::Acc4));
        let lone = Holdings::default();
        assert_eq!(
            check_remove_user(
                uma,
                &lone,
                &ws.directory.iter().find(|u| u.id == uma).unwrap().clone(),
                &ws.directory
            )
            .unwrap_err()
            .rule,
            RuleId::Acc4
        );
    }
}
