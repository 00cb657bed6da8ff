//! The three languages of the product and locale-aware formatting shared by SPA and server.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A language the product speaks. English is the fallback.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Nl,
    De,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Nl, Lang::De];

    /// BCP 47 primary tag: `en`, `nl`, `de`.
    pub const fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nl => "nl",
            Lang::De => "de",
        }
    }

    /// The language's own name, as shown in a language picker.
    pub const fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Nl => "Nederlands",
            Lang::De => "Deutsch",
        }
    }

    /// Reads a tag such as `nl`, `nl-NL` or `DE-at`; `None` for languages we do not speak.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "nl" => Some(Lang::Nl),
            "de" => Some(Lang::De),
            _ => None,
        }
    }

    /// Picks the best language from an `Accept-Language` header (highest q first, ties in order).
    pub fn negotiate(accept_language: &str) -> Lang {
        let mut best: Option<(u16, Lang)> = None;
        for part in accept_language.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("");
            let quality = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .map(|q| (q.clamp(0.0, 1.0) * 1000.0) as u16)
                .unwrap_or(1000);
            if let Some(lang) = Lang::from_tag(tag) {
                if quality > 0 && best.is_none_or(|(q, _)| quality > q) {
                    best = Some((quality, lang));
                }
            }
        }
        best.map(|(_, lang)| lang).unwrap_or_default()
    }

    /// An amount the way readers of this language write it: `USD 6,000.00` (en),
    /// `USD 6.000,00` (nl), `6.000,00 USD` (de).
    pub fn format_money(self, money: crate::money::Money) -> String {
        let number = self.format_amount(money.minor_units);
        match self {
            Lang::En | Lang::Nl => format!("{} {number}", money.currency.code()),
            Lang::De => format!("{number} {}", money.currency.code()),
        }
    }

    /// An amount in minor units without its currency: `6,000.00` (en), `6.000,00` (nl, de).
    pub fn format_amount(self, minor_units: i64) -> String {
        let minor = minor_units.unsigned_abs();
        let (units, cents) = (minor / 100, minor % 100);
        let (group, decimal) = match self {
            Lang::En => (',', '.'),
            Lang::Nl | Lang::De => ('.', ','),
        };
        let digits = units.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(group);
            }
            grouped.push(c);
        }
        let sign = if minor_units < 0 { "-" } else { "" };
        format!("{sign}{grouped}{decimal}{cents:02}")
    }

    /// A month, short (a chart's axis): "Mar 2026", "mrt 2026", "März 2026".
    pub fn format_month(self, year: i32, month: u32) -> String {
        const DE: [&str; 12] = [
            "Jan", "Feb", "März", "Apr", "Mai", "Juni", "Juli", "Aug", "Sep", "Okt", "Nov", "Dez",
        ];
        let index = (month.clamp(1, 12) - 1) as usize;
        let name = match self {
            Lang::En => MONTHS_EN[index],
            Lang::Nl => MONTHS_NL[index],
            Lang::De => DE[index],
        };
        format!("{name} {year}")
    }

    /// A calendar date the way readers of this language write it.
    pub fn format_date(self, date: NaiveDate) -> String {
        const EN: [&str; 12] = MONTHS_EN;
        const NL: [&str; 12] = MONTHS_NL;
        let month = date.month0() as usize;
        match self {
            Lang::En => format!("{} {} {}", date.day(), EN[month], date.year()),
            Lang::Nl => format!("{} {} {}", date.day(), NL[month], date.year()),
            Lang::De => format!("{:02}.{:02}.{}", date.day(), date.month(), date.year()),
        }
    }
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTHS_NL: [&str; 12] = [
    "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_by_quality_and_falls_back_to_english() {
        assert_eq!(Lang::negotiate("nl-NL,nl;q=0.9,en;q=0.8"), Lang::Nl);
        assert_eq!(Lang::negotiate("fr-FR, de;q=0.5, en;q=0.4"), Lang::De);
        assert_eq!(Lang::negotiate("fr, es"), Lang::En);
        assert_eq!(Lang::negotiate(""), Lang::En);
        assert_eq!(Lang::negotiate("de;q=0, nl;q=0.1"), Lang::Nl);
    }

    #[test]
    fn money_reads_naturally_in_each_language() {
        use crate::money::{Currency, Money};
        let bulk = Money::whole(6_000, Currency::USD);
        assert_eq!(Lang::En.format_money(bulk), "USD 6,000.00");
        assert_eq!(Lang::Nl.format_money(bulk), "USD 6.000,00");
        assert_eq!(
            Lang::De.format_money(Money::new(123_456_789, Currency::EUR)),
            "1.234.567,89 EUR"
        );
        assert_eq!(Lang::En.format_money(Money::new(5, Currency::USD)), "USD 0.05");
    }

    #[test]
    fn dates_read_naturally_in_each_language() {
        let date = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        assert_eq!(Lang::En.format_date(date), "5 Mar 2026");
        assert_eq!(Lang::Nl.format_date(date), "5 mrt 2026");
        assert_eq!(Lang::De.format_date(date), "05.03.2026");
    }
}
