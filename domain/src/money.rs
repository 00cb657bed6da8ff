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

impl Money {
    /// An amount as a person types it in any of the app's languages: `86`, `86.5`, `86,50`,
    /// `1.234,56`, `1,234.56`, `1 234,56`. A separator followed by one or two digits at the
    /// end is the decimal one; others group thousands. `None` for anything else.
    pub fn parse(text: &str, currency: Currency) -> Option<Money> {
        let compact: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
            .collect();
        let (negative, digits) = match compact.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, compact.as_str()),
        };
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
            return None;
        }
        let (units, cents) = match digits.rfind(['.', ',']) {
            Some(at) if (1..=2).contains(&(digits.len() - at - 1)) => {
                // The decimal separator once only: "86.123.4" is no amount.
                if digits[..at].contains(&digits[at..=at]) {
                    return None;
                }
                let cents = &digits[at + 1..];
                let cents: i64 = cents.parse().ok()?;
                let cents = if digits.len() - at - 1 == 1 {
                    cents * 10
                } else {
                    cents
                };
                (&digits[..at], cents)
            }
            _ => (digits, 0),
        };
        // What is left may group thousands, with one kind of separator, in groups of three.
        let mut groups = units.split(['.', ',']);
        let first = groups.next()?;
        if first.is_empty() || (units.contains('.') && units.contains(',')) {
            return None;
        }
        let mut whole = first.to_string();
        for group in groups {
            if group.len() != 3 || first.len() > 3 {
                return None;
            }
            whole.push_str(group);
        }
        let whole: i64 = whole.parse().ok()?;
        let minor = whole.checked_mul(100)?.checked_add(cents)?;
        Some(Money::new(if negative { -minor } else { minor }, currency))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_parse_as_people_type_them_in_english_dutch_and_german() {
        let eur = |minor| Some(Money::new(minor, Currency::EUR));
        for (text, want) in [
            ("86", eur(8_600)),
            ("86.5", eur(8_650)),
            ("86,50", eur(8_650)),
            ("86.05", eur(8_605)),
            ("1.234,56", eur(123_456)),
            ("1,234.56", eur(123_456)),
            ("1 234,56", eur(123_456)),
            ("1.000", eur(100_000)),
            ("12.345.678", eur(1_234_567_800)),
            (" 0,01 ", eur(1)),
            ("-5", eur(-500)),
        ] {
            assert_eq!(Money::parse(text, Currency::EUR), want, "{text}");
        }
        for bad in [
            "",
            "abc",
            "86,5x",
            "1.23.4",
            "1,234.567,8",
            ",50",
            "1.2345",
            "86.123.4",
        ] {
            assert_eq!(Money::parse(bad, Currency::EUR), None, "{bad}");
        }
    }

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
