//! Reading the dates a workspace carries by the ten thousand (a subscription's last day,
//! when it was assigned) without chrono's general-purpose parser: the form chrono writes
//! is read digit by digit; any other form falls back to chrono. Written by chrono as ever.
//!
//! Use on a field: `#[serde(with = "crate::dates::day")]` (a `NaiveDate`) or
//! `#[serde(with = "crate::dates::instant")]` (a `DateTime<Utc>`).

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::de::{Error, Visitor};
use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

fn number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |n, &d| {
        d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
    })
}

/// `YYYY-MM-DD`.
fn parse_day(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = i32::try_from(number(&b[0..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, number(&b[5..7])?, number(&b[8..10])?)
}

/// `YYYY-MM-DDTHH:MM:SS[.f…]Z`, one to nine digits of fraction.
fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    if b.len() < 20 || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[b.len() - 1] != b'Z' {
        return None;
    }
    let day = parse_day(text.get(..10)?)?;
    let nanos = match &b[19..b.len() - 1] {
        [] => 0,
        [b'.', fraction @ ..] if (1..=9).contains(&fraction.len()) => {
            number(fraction)? * 10u32.pow(9 - fraction.len() as u32)
        }
        _ => return None,
    };
    let time = NaiveTime::from_hms_nano_opt(
        number(&b[11..13])?,
        number(&b[14..16])?,
        number(&b[17..19])?,
        nanos,
    )?;
    Some(NaiveDateTime::new(day, time).and_utc())
}

/// A string read by `fast`, else by `T`'s own `FromStr`.
struct Text<T>(fn(&str) -> Option<T>, PhantomData<T>);

impl<T: FromStr> Visitor<'_> for Text<T>
where
    T::Err: fmt::Display,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a date as text")
    }

    fn visit_str<E: Error>(self, text: &str) -> Result<T, E> {
        match (self.0)(text) {
            Some(value) => Ok(value),
            None => text.parse().map_err(E::custom),
        }
    }
}

/// A calendar day, `YYYY-MM-DD`.
pub mod day {
    use super::*;
    use serde::{Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(value: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        deserializer.deserialize_str(Text(parse_day, PhantomData))
    }
}

/// A moment in UTC, as chrono writes it (`2026-07-25T10:40:01.130743210Z`).
pub mod instant {
    use super::*;
    use serde::{Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(value: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
        deserializer.deserialize_str(Text(parse_instant, PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Dated {
        #[serde(with = "day")]
        day: NaiveDate,
        #[serde(with = "instant")]
        at: DateTime<Utc>,
    }

    /// Every other form reads exactly as chrono reads it: its leniencies stay, and what
    /// it refuses is refused.
    #[test]
    fn other_forms_are_read_as_chrono_reads_them() {
        let days = [
            "2026-02-28",
            "2026-02-30",
            "2026-2-28",
            "20260228",
            "2026-02-28 ",
            "",
            "yesterday",
            "+2026-02-28",
        ];
        for text in days {
            let ours = day::deserialize(serde_json::Value::from(text)).ok();
            let chrono = serde_json::from_value::<NaiveDate>(serde_json::Value::from(text)).ok();
            assert_eq!(ours, chrono, "{text:?}");
        }
        let instants = [
            "2026-07-25T10:40:01Z",
            "2026-07-25T12:40:01+02:00",
            "2026-07-25T10:40:01.5Z",
            "2026-07-25T10:40:01.1234567890Z",
            "2026-07-25T25:40:01Z",
            "2026-07-25t10:40:01z",
            "2026-07-25 10:40:01Z",
            "2026-12-31T23:59:60Z",
            "2026-07-25T10:40:01.Z",
            "yesterday",
        ];
        for text in instants {
            let ours = instant::deserialize(serde_json::Value::from(text)).ok();
            let chrono = serde_json::from_value::<DateTime<Utc>>(serde_json::Value::from(text)).ok();
            assert_eq!(ours, chrono, "{text:?}");
        }
        assert!(serde_json::from_str::<Dated>(r#"{"day":20260228,"at":"2026-07-25T10:40:01Z"}"#).is_err());
    }

    /// proptest runs natively only (see Cargo.toml).
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// Whatever chrono writes is read back exactly, and as chrono itself reads it.
            #[test]
            fn dates_read_back_as_chrono_wrote_them(days in 0i64..200_000, seconds in 0u32..86_400, nanos in 0u32..1_000_000_000, digits in 0usize..4) {
                let day = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Days::new(days as u64);
                // chrono writes 0, 3, 6 or 9 digits of fraction depending on the value.
                let nanos = [0, nanos / 1_000_000 * 1_000_000, nanos / 1_000 * 1_000, nanos][digits];
                let at = NaiveDateTime::new(day, NaiveTime::from_num_seconds_from_midnight_opt(seconds, nanos).unwrap()).and_utc();
                let json = serde_json::to_string(&Dated { day, at }).unwrap();
                let read: Dated = serde_json::from_str(&json).unwrap();
                prop_assert_eq!(&read, &Dated { day, at });
                let by_chrono: (NaiveDate, DateTime<Utc>) = serde_json::from_str(&format!("[{:?},{:?}]", day.to_string(), serde_json::to_value(at).unwrap().as_str().unwrap())).unwrap();
                prop_assert_eq!((read.day, read.at), by_chrono);
            }
        }
    }
}
