//! People of a partner company's directory.

use crate::Role;
use serde::{Deserialize, Serialize};

/// A user's ID within the product. Only ever meaningful inside the user's company.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub i64);

/// An e-mail address that has been checked once, at the edge, and is stored lower-case.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

/// Why a text is not an e-mail address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidEmail;

impl std::fmt::Display for InvalidEmail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a valid e-mail address")
    }
}

impl std::error::Error for InvalidEmail {}

impl EmailAddress {
    /// Accepts `local@domain.tld` (trimmed, lower-cased, at most 254 characters, no spaces).
    pub fn parse(text: &str) -> Result<EmailAddress, InvalidEmail> {
        let text = text.trim();
        // Nearly every address is ASCII, whose lowercasing needs no Unicode tables (a
        // directory of 10,000 users is parsed on every load).
        let text = if text.is_ascii() {
            text.to_ascii_lowercase()
        } else {
            text.to_lowercase()
        };
        EmailAddress::well_formed(text)
    }

    /// `text` as it is, if it is a trimmed, lower-case, well-formed address.
    fn well_formed(text: String) -> Result<EmailAddress, InvalidEmail> {
        let (local, domain) = text.split_once('@').ok_or(InvalidEmail)?;
        let well_formed = text.len() <= 254
            && !local.is_empty()
            && local.len() <= 64
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.as_bytes().windows(2).any(|pair| pair == b"..")
            && if text.is_ascii() {
                text.bytes().all(|b| b.is_ascii_graphic())
            } else {
                !text.chars().any(|c| c.is_whitespace() || c.is_control())
            };
        if well_formed {
            Ok(EmailAddress(text))
        } else {
            Err(InvalidEmail)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = InvalidEmail;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        // Addresses read back (JSON, database) are already trimmed and lower-case: checked
        // without a copy (a directory of 10,000 users is read on every load).
        let stored_form = value
            .bytes()
            .all(|b| b.is_ascii_graphic() && !b.is_ascii_uppercase());
        if stored_form {
            EmailAddress::well_formed(value)
        } else {
            EmailAddress::parse(&value)
        }
    }
}

impl From<EmailAddress> for String {
    fn from(value: EmailAddress) -> Self {
        value.0
    }
}

impl std::fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A member (or guest, ROLE-8) of the company's user directory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub display_name: String,
    pub email: EmailAddress,
    /// ROLE-1: several roles, or none (a user with none may sign in and view).
    pub roles: Vec<Role>,
    /// ROLE-8: external to the company's directory.
    pub guest: bool,
}

impl User {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn has_any_role(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.has_role(*r))
    }

    /// How the user is named in a message (ROLE-6's list, a subscription's holder).
    pub fn reference(&self) -> UserRef {
        UserRef {
            id: self.id,
            display_name: self.display_name.clone(),
            email: self.email.clone(),
        }
    }
}

/// Enough of a user to name them to a colleague.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRef {
    pub id: UserId,
    pub display_name: String,
    pub email: EmailAddress,
}

/// Finds a user of the directory by ID.
pub fn find_user(directory: &[User], id: UserId) -> Option<&User> {
    directory.iter().find(|u| u.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses_are_checked_and_normalised() {
        assert_eq!(
            EmailAddress::parse("  Ada@Fabrikam.Example ").unwrap().as_str(),
            "ada@fabrikam.example"
        );
        for bad in [
            "",
            "ada",
            "@fabrikam.example",
            "ada@",
            "ada@fabrikam",
            "ada@@fabrikam.example",
            "a da@fabrikam.example",
            "ada@fab\trikam.example",
            "ä da@fabrikam.example",
            "ä\u{2003}da@fabrikam.example",
            "ada@.example",
            "ada@fabrikam..example",
        ] {
            assert_eq!(EmailAddress::parse(bad), Err(InvalidEmail), "{bad:?}");
            // Read back from JSON (the no-copy path for stored addresses) refuses them too.
            assert!(EmailAddress::try_from(bad.to_string()).is_err(), "{bad:?}");
        }
        let too_long = format!("{}@example.com", "a".repeat(250));
        assert!(EmailAddress::parse(&too_long).is_err());
    }

    #[test]
    fn email_addresses_refuse_bad_json() {
        assert!(serde_json::from_str::<EmailAddress>("\"not-an-address\"").is_err());
        let ok: EmailAddress = serde_json::from_str("\"x@y.nl\"").unwrap();
        assert_eq!(ok.as_str(), "x@y.nl");
        let normalised: EmailAddress = serde_json::from_str("\" X@Y.nl\"").unwrap();
        assert_eq!(normalised.as_str(), "x@y.nl");
    }
}
