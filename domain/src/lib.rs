//! The Benefits workspace's entities and its rule catalog (`../shared/spec/RULES.md`).
//!
//! Pure Rust: no I/O and no clock. Every check takes the state, the acting user
//! and `now`, so the SPA (to disable a control and say why) and the server (to
//! refuse a request) run the very same code.
//!
//! # Rules and where they are enforced
//!
//! | rule | enforced by |
//! |---|---|
//! | ROLE-1 | [`role::Role`], [`user::User::roles`] (several or none) |
//! | ROLE-2 | [`permission::Permission::AssignBenefit`] via [`permission::require`] |
//! | ROLE-3 | [`permission::Permission::ActivateOrRevealKeys`] |
//! | ROLE-5 | [`permission::Permission::ManageUsers`] |
//! | ROLE-6 | [`permission::who_can`]: every refusal for a missing role lists who may do it |
//! | ROW-3 | [`benefit::check_not_expired`] |
//! | VS-1 | [`visual_studio::check_assign_visual_studio_subscriber`] (subscriber must be in the company directory) |
//! | VS-2 | [`visual_studio::check_assign_visual_studio_subscriber`], [`visual_studio::check_reassign_visual_studio_subscriber`] |
//! | VS-3 | [`visual_studio::VisualStudioSubscription::reassignable_from`], [`visual_studio::check_reassign_visual_studio_subscriber`] |
//! | VS-4 | [`visual_studio::allocation_for_offer`] |
//!
//! UX-only rules (NAV-1, NAV-3) are tested in the SPA, not here. The remaining
//! rule IDs of the catalog are named in [`rule::RuleId`] and land with later work.

pub mod accounts;
pub mod azure;
pub mod benefit;
pub mod cancellation;
pub mod company;
pub mod go_to_market;
pub mod identifiers;
pub mod lang;
pub mod licences;
pub mod money;
pub mod permission;
pub mod role;
pub mod rule;
pub mod software;
pub mod technical;
pub mod user;
pub mod violation;
pub mod visual_studio;
pub mod warning;
pub mod wire;

pub use lang::Lang;
pub use role::Role;
pub use rule::RuleId;
pub use user::{EmailAddress, User, UserId, UserRef};
pub use violation::{Reason, Violation};

#[cfg(test)]
pub(crate) mod test_support {
    use crate::{EmailAddress, Role, User, UserId};
    use chrono::{DateTime, TimeZone, Utc};

    /// Half past nine UTC on that day.
    pub fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 9, 30, 0).unwrap()
    }

    pub fn with_role(directory: &[User], role: Role) -> &User {
        directory
            .iter()
            .find(|u| u.has_role(role))
            .expect("a user with that role")
    }

    pub fn user(id: i64, name: &str, roles: &[Role]) -> User {
        let first = name.split(' ').next().unwrap().to_lowercase();
        User {
            id: UserId(id),
            display_name: name.to_string(),
            email: EmailAddress::parse(&format!("{first}@fabrikam.example")).unwrap(),
            roles: roles.to_vec(),
            guest: false,
        }
    }

    /// One user per role and one without any (ROLE-1), like the demo company.
    pub fn directory() -> Vec<User> {
        vec![
            user(1, "Ada Global", &[Role::GlobalAdmin]),
            user(2, "Uma Users", &[Role::UserManagementAdmin]),
            user(3, "Aldo Agent", &[Role::AdminAgent]),
            user(4, "Mia Partner", &[Role::MpnPartnerAdmin]),
            user(5, "Noor Viewer", &[]),
        ]
    }
}
