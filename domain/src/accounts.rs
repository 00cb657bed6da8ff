//! Account settings: adding users and setting their roles (ROLE-5, ROLE-7, ROLE-8, ROLE-9),
//! passwords (ACC-1 … ACC-3).

use crate::permission::{require, who_can, Permission};
use crate::user::find_user;
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
}
