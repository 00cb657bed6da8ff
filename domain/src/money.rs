//! Amounts of money in minor units (cents) with their currency: no floats anywhere.

use serde::{Deserialize, Serialize};

/// An ISO 4217 currency code: three upper-case ASCII letters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency([u8; 3]);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidCurrency;

impl std::fmt::Display for InvalidCurrency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not an ISO 4217 currency code")
    }
}
impl std::error::Error for InvalidCurrency {}

impl Currency {
    pub const USD: Currency = Currency(*b"USD");
    pub const EUR: Currency = Currency(*b"EUR");

    pub fn parse(code: &str) -> Result<Currency, InvalidCurrency> {
        let bytes = code.trim().as_bytes();
        match bytes {
            [a, b, c] if bytes.iter().all(u8::is_ascii_alphabetic) => Ok(Currency([
                a.to_ascii_uppercase(),
                b.to_ascii_uppercase(),
                c.to_ascii_uppercase(),
            ])),
            _ => Err(InvalidCurrency),
        }
    }

    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.0).expect("always ASCII letters")
    }
}

impl TryFrom<String> for Currency {
    type Error = InvalidCurrency;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Currency::parse(&value)
    }
}

impl From<Currency> for String {
    fn from(value: Currency) -> Self {
        value.code().to_string()
    }
}

/// An amount in the currency's minor unit (e.g. cents): USD 100.00 is `10_000`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub minor_units: i64,
    pub currency: Currency,
}

impl Money {
    pub const fn new(minor_units: i64, currency: Currency) -> Money {
        Money {
            minor_units,
            currency,
        }
    }

    /// Whole units, e.g. `Money::whole(100, USD)` is USD 100.00.
    pub const fn whole(units: i64, currency: Currency) -> Money {
        Money {
            minor_units: units * 100,
            currency,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currencies_are_three_letters() {
        assert_eq!(Currency::parse("eur").unwrap(), Currency::EUR);
        for bad in ["", "EU", "EURO", "E1R", "€"] {
            assert!(Currency::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            serde_json::to_string(&Money::whole(100, Currency::USD)).unwrap(),
            r#"{"minor_units":10000,"currency":"USD"}"#
        );
    }
}
