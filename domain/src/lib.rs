//! The Benefits workspace's entities and its rule catalog (`docs/rules.md`).
//!
//! Pure Rust: no I/O and no clock. Every check takes the state, the acting user
//! and `now`, so the SPA (to disable a control and say why) and the server (to
//! refuse a request) run the very same code.
//!
//! # Rules and where they are enforced
//!
//! Every check takes the state, the acting user and `now`; one [`workspace::Command`]
//! exists per user action and [`workspace::Workspace::check`] / [`workspace::Workspace::apply`]
//! run them all. Tests are named after the rule they prove (`vs_3_…`, `lic_4_…`).
//!
//! | rule | enforced by |
//! |---|---|
//! | ROLE-1 | [`role::Role`], [`user::User::roles`] (several or none) |
//! | ROLE-2 | [`permission::Permission::AssignBenefit`] via [`permission::require`] |
//! | ROLE-3 | [`permission::Permission::ActivateOrRevealKeys`] |
//! | ROLE-4 | no check: viewing needs no role; [`technical::ProductSupport::identifiers`] for every user |
//! | ROLE-5 | [`permission::Permission::ManageUsers`], [`permission::Permission::ViewRoles`], [`accounts::check_add_user`] |
//! | ROLE-6 | [`permission::who_can`]: every refusal for a missing role lists who may do it |
//! | ROLE-7 | [`accounts::check_set_roles`] |
//! | ROLE-8 | [`accounts::check_add_user`], [`accounts::check_set_roles`]; guests take credit via [`azure::check_assign_azure_credit`] |
//! | ROLE-9 | [`accounts::check_global_admin_role`] (from [`accounts::check_set_roles`]), [`accounts::check_add_user`] |
//! | NAV-1, NAV-3 | UX only: tested in the SPA (wasm-bindgen-test and Playwright) |
//! | NAV-2 | the modules of this crate, one per area |
//! | ROW-1 | [`benefit::BenefitRow`] |
//! | ROW-2 | [`company::Company::sees_benefits_of`] |
//! | ROW-3 | [`benefit::check_not_expired`] |
//! | SW-1 | [`software::reveal_software_keys`] (with [`software::KeyReveal`]) |
//! | SW-2 | [`software::SoftwareBenefit::downloads_for`] |
//! | SW-3 | [`software::SoftwareBenefit::has_downloads`] |
//! | SW-4 | [`software::Activations`] |
//! | AZ-1 | [`azure::credits_for_offer`] |
//! | AZ-2 | [`azure::check_assign_azure_credit`] |
//! | AZ-3 | [`azure::check_remove_azure_credit`] |
//! | AZ-4 | [`azure::check_remove_azure_credit`], [`azure::check_transfer_azure_credit`] |
//! | AZ-5, AZ-6 | [`azure::check_assign_azure_credit`], [`azure::check_transfer_azure_credit`], [`azure::is_free_mail`] |
//! | AZ-7 | [`azure::AzureCredit::reassignments_left`], [`azure::give_azure_credit`] |
//! | AZ-8 | [`azure::not_yet_redeemed`] |
//! | LIC-1 | [`licences::LicenceSubscription::redemption_instructions`] (shown by the SPA) |
//! | LIC-2, LIC-3 | [`licences::check_redeem_product_key`] (LIC-3 as a [`warning::Warning`]) |
//! | LIC-4 | [`licences::LicenceSubscription::redemption_outcome`], [`licences::add_fractional_months`] |
//! | LIC-5 | [`licences::check_request_replacement_key`] |
//! | VS-1 | [`visual_studio::check_assign_visual_studio_subscriber`] |
//! | VS-2 | [`visual_studio::check_assign_visual_studio_subscriber`], [`visual_studio::check_reassign_visual_studio_subscriber`] |
//! | VS-3 | [`visual_studio::VisualStudioSubscription::reassignable_from`], [`visual_studio::check_reassign_visual_studio_subscriber`] |
//! | VS-4 | [`visual_studio::allocation_for_offer`] |
//! | TS-1 | [`technical::support_offers`] |
//! | TS-2, TS-6 | [`technical::check_activate_product_support`] |
//! | TS-3 | [`technical::ProductSupport::identifiers`] |
//! | TS-4 | [`technical::check_signature_cloud_support`] |
//! | TS-5 | [`technical::incidents_for_offer`], [`technical::check_open_support_incident`] |
//! | PAH-1, PAH-2, PAH-3 | [`technical::check_submit_advisory_request`], [`technical::AdvisoryBalance`] |
//! | GTM-1, GTM-3 | [`go_to_market::check_set_marketing_contact`] |
//! | GTM-2, GTM-5 | [`go_to_market::check_activate_go_to_market_offer`], [`go_to_market::GoToMarketOffer::shown_status`] |
//! | GTM-4 | [`go_to_market::go_to_market_benefits_for`] |
//! | CAN-1 | [`cancellation::check_request_cancellation`] |
//! | ACC-1 | the server: a session whose password is temporary can only change it (the flag lives with the password hash) |
//! | ACC-2 | [`accounts::check_new_password`] (the current password is checked by the server) |
//! | ACC-3 | [`accounts::check_reset_password`] |
//! | EMB-1 | [`embed::site_origin`]; the server keeps the site and its secret's hash |
//! | EMB-2 | [`embed::check_token_for`], [`embed::TOKEN_MINUTES`]; the server binds the token to the site's origin |
//! | EMB-3 | the SPA's widget (`src/widget.rs`, `embed/embed.js`): a shadow root, its own location; tested in Chromium |
//! | ACC-4 | [`accounts::check_remove_user`], [`accounts::Holdings`], [`workspace::Command::RemoveUser`] |
//! | TS-7 | [`technical::check_record_support_confirmation`] |
//! | GTM-6 | [`go_to_market::check_record_go_to_market_activation`] |
//! | SET-1 | the server (setup link, `admin create-company`); the company and its admin are checked by [`setup::check_new_company`], [`setup::new_company_workspace`], [`accounts::check_new_password`] |
//! | OFR-1 | [`membership::allocation`], [`membership::provision`], [`membership::check_add_offer`], [`inventory::plan_import`] |
//! | OFR-2 | [`membership::check_renew_offer`], [`company::MembershipOffer::renewal_window`] |
//! | OFR-3 | [`membership::renew`], [`membership::OfferStatus`] |
//!
//! The invariants (one credit per user, caps, a Global admin always, refused commands
//! change nothing) are property-tested in `tests/properties.rs`.

pub mod accounts;
pub mod audit_text;
pub mod azure;
pub mod benefit;
pub mod cancellation;
pub mod company;
pub mod dates;
pub mod demo;
pub mod embed;
pub mod go_to_market;
pub mod history;
pub mod identifiers;
pub mod insights;
pub mod inventory;
pub mod lang;
pub mod licences;
pub mod membership;
pub mod money;
pub mod permission;
pub mod reminders;
pub mod reports;
pub mod role;
pub mod rule;
pub mod setup;
pub mod software;
pub mod technical;
pub mod user;
pub mod violation;
pub mod visual_studio;
pub mod warning;
pub mod wire;
pub mod workspace;

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
