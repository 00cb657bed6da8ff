//! Texts with a shape: product keys and phone numbers, checked once at the edge.

use serde::{Deserialize, Serialize};

/// A 25-character product key in five groups of five: `XXXXX-XXXXX-XXXXX-XXXXX-XXXXX`.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ProductKey(String);

/// Keys are secrets: never print one by accident.
impl std::fmt::Debug for ProductKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ProductKey(…{})", &self.0[self.0.len() - 5..])
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidProductKey;
impl std::fmt::Display for InvalidProductKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a product key is 25 letters or digits in five groups of five")
    }
}
impl std::error::Error for InvalidProductKey {}

impl ProductKey {
    /// Accepts the key with or without dashes and spaces, in any case.
    pub fn parse(text: &str) -> Result<ProductKey, InvalidProductKey> {
        let chars: Vec<char> = text
            .chars()
            .filter(|c| *c != '-' && !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if chars.len() != 25 || !chars.iter().all(char::is_ascii_alphanumeric) {
            return Err(InvalidProductKey);
        }
        let groups: Vec<String> = chars.chunks(5).map(|g| g.iter().collect()).collect();
        Ok(ProductKey(groups.join("-")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ProductKey {
    type Error = InvalidProductKey;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        ProductKey::parse(&value)
    }
}
impl From<ProductKey> for String {
    fn from(value: ProductKey) -> Self {
        value.0
    }
}

/// A phone number with its country code (E.164: `+`, then 8 to 15 digits; spaces,
/// dashes and brackets allowed while typing and dropped).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidPhoneNumber;
impl std::fmt::Display for InvalidPhoneNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a phone number starts with + and the country code, then 8 to 15 digits in all")
    }
}
impl std::error::Error for InvalidPhoneNumber {}

impl PhoneNumber {
    pub fn parse(text: &str) -> Result<PhoneNumber, InvalidPhoneNumber> {
        let text = text.trim();
        let rest = text.strip_prefix('+').ok_or(InvalidPhoneNumber)?;
        let mut digits = String::new();
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '(' | ')' | '.' => {}
                _ => return Err(InvalidPhoneNumber),
            }
        }
        if (8..=15).contains(&digits.len()) && !digits.starts_with('0') {
            Ok(PhoneNumber(format!("+{digits}")))
        } else {
            Err(InvalidPhoneNumber)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = InvalidPhoneNumber;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        PhoneNumber::parse(&value)
    }
}
impl From<PhoneNumber> for String {
    fn from(value: PhoneNumber) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_keys_are_normalised_and_never_debug_printed_whole() {
        let key = ProductKey::parse("abcde fghij-klmno-pqrst-uvw12").unwrap();
        assert_eq!(key.as_str(), "ABCDE-FGHIJ-KLMNO-PQRST-UVW12");
        assert_eq!(format!("{key:?}"), "ProductKey(…UVW12)");
        for bad in [
            "",
            "ABCDE-FGHIJ",
            "ABCDE-FGHIJ-KLMNO-PQRST-UVW1!",
            "ABCDE-FGHIJ-KLMNO-PQRST-UVW123",
        ] {
            assert!(ProductKey::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn phone_numbers_need_a_country_code() {
        assert_eq!(
            PhoneNumber::parse("+31 (0)20-123 4567").unwrap().as_str(),
            "+310201234567"
        );
        assert_eq!(
            PhoneNumber::parse("+49 30 1234567").unwrap().as_str(),
            "+49301234567"
        );
        for bad in [
            "020 1234567",
            "+12",
            "+31 20 abc 4567",
            "+0031201234567",
            "+1234567890123456",
        ] {
            assert!(PhoneNumber::parse(bad).is_err(), "{bad}");
        }
    }
}
