//! Account settings: adding users and setting their roles (ROLE-5, ROLE-7, ROLE-8).

use crate::permission::{require, Permission};
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

/// ROLE-5 / ROLE-7 / ROLE-8: replace a user's roles.
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
}
