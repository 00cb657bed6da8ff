//! ROLE-1: the Partner Center roles a user may hold (several, or none).

use crate::Lang;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    GlobalAdmin,
    UserManagementAdmin,
    AdminAgent,
    MpnPartnerAdmin,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::GlobalAdmin,
        Role::UserManagementAdmin,
        Role::AdminAgent,
        Role::MpnPartnerAdmin,
    ];

    /// Stable name used in the database and on the wire.
    pub const fn key(self) -> &'static str {
        match self {
            Role::GlobalAdmin => "global_admin",
            Role::UserManagementAdmin => "user_management_admin",
            Role::AdminAgent => "admin_agent",
            Role::MpnPartnerAdmin => "mpn_partner_admin",
        }
    }

    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }

    /// The role's name in Partner Center's own wording for each language.
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Role::GlobalAdmin, Lang::En) => "Global admin",
            (Role::GlobalAdmin, Lang::Nl) => "Globale beheerder",
            (Role::GlobalAdmin, Lang::De) => "Globaler Administrator",
            (Role::UserManagementAdmin, Lang::En) => "User management admin",
            (Role::UserManagementAdmin, Lang::Nl) => "Gebruikersbeheerder",
            (Role::UserManagementAdmin, Lang::De) => "Benutzerverwaltungsadministrator",
            (Role::AdminAgent, Lang::En) => "Admin agent",
            (Role::AdminAgent, Lang::Nl) => "Beheeragent",
            (Role::AdminAgent, Lang::De) => "Administratoragent",
            (Role::MpnPartnerAdmin, Lang::En) => "MPN partner admin",
            (Role::MpnPartnerAdmin, Lang::Nl) => "MPN-partnerbeheerder",
            (Role::MpnPartnerAdmin, Lang::De) => "MPN-Partneradministrator",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_1_every_role_round_trips_through_its_key() {
        for role in Role::ALL {
            assert_eq!(Role::from_key(role.key()), Some(role));
        }
        assert_eq!(Role::from_key("owner"), None);
    }
}
