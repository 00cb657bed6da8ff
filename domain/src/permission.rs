//! What each role may do (ROLE-2, ROLE-3, ROLE-5) and whom to ask when you may not (ROLE-6).

use crate::{Reason, Role, RuleId, User, UserRef, Violation};

/// An action that only some roles may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// ROLE-2: assign a benefit to an employee (Azure credit user, Visual Studio
    /// subscriber, product-support contact).
    AssignBenefit,
    /// ROLE-3: activate technical support or a Go-To-Market offer; reveal keys.
    ActivateOrRevealKeys,
    /// ROLE-5: add users and change their roles.
    ManageUsers,
    /// ROLE-5: see who holds which role (MPN partner admin may look, not change).
    ViewRoles,
    /// GTM-1: manage Go-To-Market offers and the marketing contact.
    ManageGoToMarket,
    /// CAN-1: request a cancellation of a purchased offer (an activation-level act, ROLE-3).
    ManageMembership,
    /// ROLE-9: give or take away the Global admin role (and reset a Global admin's password, ACC-3).
    GrantGlobalAdmin,
    /// ACC-3: reset someone else's password.
    ResetPasswords,
    /// OFR-2: renew a membership offer (and add one, OFR-1).
    ManageMembershipOffers,
}

impl Permission {
    /// The rule that grants this permission.
    pub const fn rule(self) -> RuleId {
        match self {
            Permission::AssignBenefit => RuleId::Role2,
            Permission::ActivateOrRevealKeys => RuleId::Role3,
            Permission::ManageUsers | Permission::ViewRoles => RuleId::Role5,
            Permission::ManageGoToMarket => RuleId::Gtm1,
            Permission::ManageMembership => RuleId::Role3,
            Permission::GrantGlobalAdmin => RuleId::Role9,
            Permission::ResetPasswords => RuleId::Acc3,
            Permission::ManageMembershipOffers => RuleId::Ofr2,
        }
    }

    /// The roles that hold it; any one suffices.
    pub const fn roles(self) -> &'static [Role] {
        match self {
            Permission::AssignBenefit => &[Role::GlobalAdmin],
            Permission::ActivateOrRevealKeys => &[Role::GlobalAdmin, Role::MpnPartnerAdmin],
            Permission::ManageUsers | Permission::ResetPasswords => {
                &[Role::GlobalAdmin, Role::UserManagementAdmin]
            }
            Permission::GrantGlobalAdmin => &[Role::GlobalAdmin],
            Permission::ViewRoles => &[
                Role::GlobalAdmin,
                Role::UserManagementAdmin,
                Role::MpnPartnerAdmin,
            ],
            Permission::ManageGoToMarket | Permission::ManageMembership => {
                &[Role::GlobalAdmin, Role::MpnPartnerAdmin]
            }
            Permission::ManageMembershipOffers => &[
                Role::GlobalAdmin,
                Role::UserManagementAdmin,
                Role::MpnPartnerAdmin,
                Role::AdminAgent,
            ],
        }
    }

    pub fn is_held_by(self, user: &User) -> bool {
        user.has_any_role(self.roles())
    }
}

/// ROLE-6: the company's users who may take the action, in directory order.
pub fn who_can(permission: Permission, directory: &[User]) -> Vec<UserRef> {
    directory
        .iter()
        .filter(|u| permission.is_held_by(u))
        .map(User::reference)
        .collect()
}

/// Refuses with the permission's rule, naming who may do it instead (ROLE-6).
pub fn require(permission: Permission, actor: &User, directory: &[User]) -> Result<(), Violation> {
    if permission.is_held_by(actor) {
        return Ok(());
    }
    Err(Violation::new(
        permission.rule(),
        Reason::MissingRole {
            needs_any_of: permission.roles().to_vec(),
            who_can: who_can(permission, directory),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{directory, user};

    #[test]
    fn role_2_only_global_admin_may_assign_a_benefit() {
        let dir = directory();
        for actor in &dir {
            let result = require(Permission::AssignBenefit, actor, &dir);
            assert_eq!(result.is_ok(), actor.has_role(Role::GlobalAdmin), "{actor:?}");
        }
    }

    #[test]
    fn role_3_global_admin_or_mpn_partner_admin_may_activate_and_reveal() {
        let dir = directory();
        let mpn = user(9, "Mo", &[Role::MpnPartnerAdmin]);
        let agent = user(10, "Al", &[Role::AdminAgent]);
        assert!(require(Permission::ActivateOrRevealKeys, &mpn, &dir).is_ok());
        let refused = require(Permission::ActivateOrRevealKeys, &agent, &dir).unwrap_err();
        assert_eq!(refused.rule, RuleId::Role3);
    }

    #[test]
    fn role_5_global_admin_or_user_management_admin_manage_users() {
        let dir = directory();
        let allowed: Vec<_> = dir
            .iter()
            .filter(|u| require(Permission::ManageUsers, u, &dir).is_ok())
            .map(|u| u.display_name.as_str())
            .collect();
        assert_eq!(allowed, vec!["Ada Global", "Uma Users"]);
        let mpn = dir.iter().find(|u| u.has_role(Role::MpnPartnerAdmin)).unwrap();
        assert_eq!(
            require(Permission::ManageUsers, mpn, &dir).unwrap_err().rule,
            RuleId::Role5
        );
    }

    #[test]
    fn role_6_a_refusal_names_who_in_the_company_can_do_it() {
        let dir = directory();
        let viewer = dir.iter().find(|u| u.roles.is_empty()).unwrap();
        let refused = require(Permission::AssignBenefit, viewer, &dir).unwrap_err();
        match refused.reason {
            Reason::MissingRole {
                needs_any_of,
                who_can,
            } => {
                assert_eq!(needs_any_of, vec![Role::GlobalAdmin]);
                let names: Vec<_> = who_can.iter().map(|u| u.display_name.as_str()).collect();
                assert_eq!(names, vec!["Ada Global"]);
            }
            other => panic!("unexpected reason {other:?}"),
        }
    }
}
