//! OFR-1's inventory import: the company's real software keys, downloads and licence keys
//! from a CSV file, judged row by row before anything is written.
//!
//! [`plan_import`] applies the rows it accepts to a workspace as it goes (so a key twice in
//! one file is caught at its second row) and gives every row its verdict. The server runs
//! it twice: on a dry run it keeps nothing; on apply it stores the workspace after it.
//! A verdict never carries the key (SW-1: keys are shown only by Get keys, to ROLE-3).

use crate::benefit::{is_expired, BenefitType, Offer};
use crate::identifiers::ProductKey;
use crate::licences::{LicenceSubscription, ProductKeyEntry};
use crate::membership::{latest_of, DEFAULT_REDEEM_URL, DEFAULT_REDEMPTION_INSTRUCTIONS};
use crate::software::{Activations, Download, OperatingSystem, SoftwareBenefit, SoftwareKey};
use crate::workspace::Workspace;
use crate::Lang;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The columns of an import file: `area` and `product` are required, the others optional
/// (any order, any case; a column not listed is ignored).
pub const INVENTORY_COLUMNS: [&str; 10] = [
    "area",
    "product",
    "offer",
    "quantity",
    "key",
    "language",
    "os",
    "download_link",
    "file_name",
    "expires_on",
];

/// The columns without which no row can be judged.
pub const REQUIRED_INVENTORY_COLUMNS: [&str; 2] = ["area", "product"];

/// The longest product name accepted.
const PRODUCT_MAX_CHARS: usize = 120;
/// The most activations or seats one key may carry.
const QUANTITY_MAX: u32 = 100_000;

/// One row of an import file as read (line 1 is the header); missing cells are empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InventoryRow {
    pub line: usize,
    pub area: String,
    pub product: String,
    pub offer: String,
    pub quantity: String,
    pub key: String,
    pub language: String,
    pub os: String,
    pub download_link: String,
    pub file_name: String,
    pub expires_on: String,
}

impl InventoryRow {
    /// The row from the cells of [`INVENTORY_COLUMNS`], in that order.
    pub fn from_cells(line: usize, cells: [String; 10]) -> InventoryRow {
        let [area, product, offer, quantity, key, language, os, download_link, file_name, expires_on] = cells;
        InventoryRow {
            line,
            area,
            product,
            offer,
            quantity,
            key,
            language,
            os,
            download_link,
            file_name,
            expires_on,
        }
    }
}

/// What a row will do, or why not (a rule ID as the code where a rule refused it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum InventoryVerdict {
    /// `action`: `add_key`, `add_download`, `add_key_and_download`; into `benefit_id`
    /// (a new benefit when `new_benefit`).
    Ok {
        action: String,
        benefit_id: i64,
        new_benefit: bool,
    },
    Refused {
        code: String,
        message: String,
    },
}

/// A row's verdict as the page shows it: line, area, product — never the key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InventoryLine {
    pub line: usize,
    pub area: String,
    pub product: String,
    #[serde(flatten)]
    pub verdict: InventoryVerdict,
}

/// The answer to an import upload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InventoryImportResult {
    pub dry_run: bool,
    pub lines: Vec<InventoryLine>,
    /// Rows written (0 on a dry run).
    pub applied: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Area {
    Software,
    Licence,
}

fn refused(code: &str, message: String) -> InventoryVerdict {
    InventoryVerdict::Refused {
        code: code.into(),
        message,
    }
}

/// Judges every row against `ws` and applies the accepted ones to it. New benefits get IDs
/// from `next_id`. The caller checks the actor may import (ROLE-3) first.
pub fn plan_import(
    ws: &mut Workspace,
    rows: &[InventoryRow],
    now: DateTime<Utc>,
    lang: Lang,
    next_id: &mut dyn FnMut() -> i64,
) -> Vec<InventoryLine> {
    // Keys already held, to refuse one twice (in the company or in the file).
    let mut keys: std::collections::HashSet<ProductKey> = ws
        .software
        .iter()
        .flat_map(|b| b.keys.iter().map(|k| k.key.clone()))
        .chain(
            ws.licences
                .iter()
                .flat_map(|l| l.keys.iter().map(|k| k.key.clone())),
        )
        .collect();
    rows.iter()
        .map(|row| {
            let verdict =
                judge_and_apply(ws, row, &mut keys, now, lang, next_id).unwrap_or_else(|refusal| refusal);
            InventoryLine {
                line: row.line,
                area: row.area.trim().to_string(),
                product: row.product.trim().to_string(),
                verdict,
            }
        })
        .collect()
}

fn judge_and_apply(
    ws: &mut Workspace,
    row: &InventoryRow,
    keys: &mut std::collections::HashSet<ProductKey>,
    now: DateTime<Utc>,
    lang: Lang,
    next_id: &mut dyn FnMut() -> i64,
) -> Result<InventoryVerdict, InventoryVerdict> {
    let area = match row.area.trim().to_ascii_lowercase().as_str() {
        "software" => Area::Software,
        "licence" | "license" | "licence_subscription" => Area::Licence,
        other => {
            return Err(refused(
                "unknown_area",
                message(Problem::UnknownArea(other), lang),
            ))
        }
    };
    let product = row.product.trim();
    if product.is_empty() || product.chars().count() > PRODUCT_MAX_CHARS {
        return Err(refused("product", message(Problem::Product, lang)));
    }
    // ROW-2: a benefit of an offer the company holds now (the highest one by default).
    let offer = match row.offer.trim() {
        "" => ws.company.level(now),
        text => Offer::from_key(&text.to_ascii_lowercase().replace([' ', '-'], "_")).or_else(|| {
            Offer::ALL
                .into_iter()
                .find(|o| o.label().eq_ignore_ascii_case(text))
        }),
    };
    let Some(offer) = offer.filter(|o| ws.company.sees_benefits_of(*o, now)) else {
        return Err(refused(
            "ROW-2",
            message(Problem::OfferNotHeld(row.offer.trim()), lang),
        ));
    };
    let anniversary = latest_of(&ws.company, offer).map(|m| m.anniversary());
    let expires_on = match row.expires_on.trim() {
        "" => anniversary.unwrap_or(now.date_naive()),
        text => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|_| refused("expires_on", message(Problem::Date(text), lang)))?,
    };
    if is_expired(expires_on, now) {
        return Err(refused("ROW-3", message(Problem::Expired(expires_on), lang)));
    }
    let key = match row.key.trim() {
        "" => None,
        text => Some(ProductKey::parse(text).map_err(|_| refused("key", message(Problem::Key, lang)))?),
    };
    if key.as_ref().is_some_and(|k| keys.contains(k)) {
        return Err(refused("duplicate_key", message(Problem::DuplicateKey, lang)));
    }
    let quantity = match (row.quantity.trim(), &key) {
        ("", None) => None,
        ("", Some(_)) => return Err(refused("quantity", message(Problem::Quantity, lang))),
        (text, _) => Some(
            text.parse::<u32>()
                .ok()
                .filter(|q| (1..=QUANTITY_MAX).contains(q))
                .ok_or_else(|| refused("quantity", message(Problem::Quantity, lang)))?,
        ),
    };
    match area {
        Area::Software => {
            let download = download_of(row, lang)?;
            if key.is_none() && download.is_none() {
                return Err(refused("nothing_to_import", message(Problem::Nothing, lang)));
            }
            let same = |b: &SoftwareBenefit| b.offer == offer && b.product.eq_ignore_ascii_case(product);
            if let (Some(d), Some(existing)) = (&download, ws.software.iter().find(|b| same(b))) {
                if existing
                    .downloads
                    .iter()
                    .any(|x| x.language == d.language && x.os == d.os)
                {
                    return Err(refused(
                        "duplicate_download",
                        message(Problem::DuplicateDownload, lang),
                    ));
                }
            }
            let new_benefit = !ws.software.iter().any(same);
            if new_benefit {
                ws.software.push(SoftwareBenefit {
                    id: next_id(),
                    product: product.to_string(),
                    offer,
                    benefit_type: BenefitType::Core,
                    quantity: 0,
                    expires_on,
                    keys: vec![],
                    special_instructions: None,
                    downloads: vec![],
                });
            }
            let benefit = ws
                .software
                .iter_mut()
                .find(|b| same(b))
                .expect("found or added above");
            let action = match (key, download) {
                (Some(key), download) => {
                    let quantity = quantity.expect("a key has a quantity (checked above)");
                    // The table's figure stands until the real keys come: then theirs count.
                    benefit.quantity = if benefit.keys.is_empty() {
                        quantity
                    } else {
                        benefit.quantity + quantity
                    };
                    keys.insert(key.clone());
                    benefit.keys.push(SoftwareKey {
                        key,
                        activations: Activations::new(0, quantity).expect("0 used of a positive maximum"),
                    });
                    match download {
                        Some(d) => {
                            benefit.downloads.push(d);
                            "add_key_and_download"
                        }
                        None => "add_key",
                    }
                }
                (None, Some(d)) => {
                    benefit.downloads.push(d);
                    "add_download"
                }
                (None, None) => unreachable!("refused above"),
            };
            Ok(InventoryVerdict::Ok {
                action: action.into(),
                benefit_id: benefit.id,
                new_benefit,
            })
        }
        Area::Licence => {
            let (Some(key), Some(seats)) = (key, quantity) else {
                return Err(refused("key", message(Problem::LicenceNeedsKey, lang)));
            };
            let same = |l: &LicenceSubscription| l.offer == offer && l.product.eq_ignore_ascii_case(product);
            let new_benefit = !ws.licences.iter().any(same);
            if new_benefit {
                ws.licences.push(LicenceSubscription {
                    id: next_id(),
                    product: product.to_string(),
                    offer,
                    benefit_type: BenefitType::Core,
                    expires_on,
                    redemption_instructions: DEFAULT_REDEMPTION_INSTRUCTIONS.into(),
                    redeem_url: DEFAULT_REDEEM_URL.into(),
                    active_seats: 0,
                    ends_on: None,
                    keys: vec![],
                    version: 1,
                });
            }
            let subscription = ws
                .licences
                .iter_mut()
                .find(|l| same(l))
                .expect("found or added above");
            keys.insert(key.clone());
            let id = subscription
                .keys
                .iter()
                .map(|k| k.id)
                .max()
                .unwrap_or(subscription.id * 100)
                + 1;
            subscription.keys.push(ProductKeyEntry {
                id,
                key,
                seats,
                redeemed: None,
                replacement_issued: false,
                replaces: None,
            });
            subscription.version += 1;
            Ok(InventoryVerdict::Ok {
                action: "add_key".into(),
                benefit_id: subscription.id,
                new_benefit,
            })
        }
    }
}

/// SW-2: a row's download (language, OS, https link), if it names one.
fn download_of(row: &InventoryRow, lang: Lang) -> Result<Option<Download>, InventoryVerdict> {
    let link = row.download_link.trim();
    if link.is_empty() {
        return Ok(None);
    }
    let language = row.language.trim();
    let os_text = row.os.trim().to_ascii_lowercase().replace([' ', '-'], "_");
    let os: Option<OperatingSystem> = serde_json::from_value(serde_json::Value::String(os_text)).ok();
    let (Some(os), false) = (os, language.is_empty()) else {
        return Err(refused("download", message(Problem::Download, lang)));
    };
    let host_ok = link
        .strip_prefix("https://")
        .and_then(|rest| rest.split('/').next())
        .is_some_and(|host| !host.is_empty() && !host.contains(char::is_whitespace));
    if !host_ok || link.contains(char::is_whitespace) {
        return Err(refused("download_link", message(Problem::Link, lang)));
    }
    let file_name = match row.file_name.trim() {
        "" => link.rsplit('/').next().unwrap_or(link).to_string(),
        name => name.to_string(),
    };
    Ok(Some(Download {
        language: language.to_string(),
        os,
        file_name,
        url: link.to_string(),
    }))
}

enum Problem<'a> {
    UnknownArea(&'a str),
    Product,
    OfferNotHeld(&'a str),
    Date(&'a str),
    Expired(NaiveDate),
    Key,
    DuplicateKey,
    Quantity,
    Nothing,
    DuplicateDownload,
    LicenceNeedsKey,
    Download,
    Link,
}

fn message(problem: Problem<'_>, lang: Lang) -> String {
    match (problem, lang) {
        (Problem::UnknownArea(a), Lang::En) => format!("Unknown area “{a}”: use software or licence."),
        (Problem::UnknownArea(a), Lang::Nl) => format!("Onbekend gebied “{a}”: gebruik software of licence."),
        (Problem::UnknownArea(a), Lang::De) => format!("Unbekannter Bereich „{a}“: verwenden Sie software oder licence."),
        (Problem::Product, Lang::En) => format!("Give the product's name (at most {PRODUCT_MAX_CHARS} characters)."),
        (Problem::Product, Lang::Nl) => format!("Geef de naam van het product (hoogstens {PRODUCT_MAX_CHARS} tekens)."),
        (Problem::Product, Lang::De) => format!("Geben Sie den Namen des Produkts an (höchstens {PRODUCT_MAX_CHARS} Zeichen)."),
        (Problem::OfferNotHeld(o), Lang::En) => format!("Your company holds no active offer “{o}”: use action_pack, silver or gold, one your company holds."),
        (Problem::OfferNotHeld(o), Lang::Nl) => format!("Uw bedrijf heeft geen actieve aanbieding “{o}”: gebruik action_pack, silver of gold, een die uw bedrijf heeft."),
        (Problem::OfferNotHeld(o), Lang::De) => format!("Ihr Unternehmen hat kein aktives Angebot „{o}“: Verwenden Sie action_pack, silver oder gold, eines, das Ihr Unternehmen hat."),
        (Problem::Date(d), Lang::En) => format!("“{d}” is not a date: write it as YYYY-MM-DD."),
        (Problem::Date(d), Lang::Nl) => format!("“{d}” is geen datum: schrijf JJJJ-MM-DD."),
        (Problem::Date(d), Lang::De) => format!("„{d}“ ist kein Datum: Schreiben Sie JJJJ-MM-TT."),
        (Problem::Expired(d), l) => {
            let d = l.format_date(d);
            match l {
                Lang::En => format!("It expired on {d}: there is nothing left to use."),
                Lang::Nl => format!("Verlopen op {d}: er is niets meer te gebruiken."),
                Lang::De => format!("Abgelaufen am {d}: Es gibt nichts mehr zu nutzen."),
            }
        }
        (Problem::Key, Lang::En) => "The key is not a product key (25 letters and digits, in groups of five).".into(),
        (Problem::Key, Lang::Nl) => "De sleutel is geen productsleutel (25 letters en cijfers, in groepen van vijf).".into(),
        (Problem::Key, Lang::De) => "Der Schlüssel ist kein Produktschlüssel (25 Buchstaben und Ziffern, in Fünfergruppen).".into(),
        (Problem::DuplicateKey, Lang::En) => "This key is already in your inventory (or earlier in this file).".into(),
        (Problem::DuplicateKey, Lang::Nl) => "Deze sleutel staat al in uw inventaris (of eerder in dit bestand).".into(),
        (Problem::DuplicateKey, Lang::De) => "Dieser Schlüssel ist bereits in Ihrem Bestand (oder weiter oben in dieser Datei).".into(),
        (Problem::Quantity, Lang::En) => format!("A key needs its quantity: a whole number from 1 to {QUANTITY_MAX}."),
        (Problem::Quantity, Lang::Nl) => format!("Een sleutel heeft een aantal nodig: een geheel getal van 1 tot {QUANTITY_MAX}."),
        (Problem::Quantity, Lang::De) => format!("Ein Schlüssel braucht eine Menge: eine ganze Zahl von 1 bis {QUANTITY_MAX}."),
        (Problem::Nothing, Lang::En) => "The row has neither a key nor a download link: nothing to import.".into(),
        (Problem::Nothing, Lang::Nl) => "De rij heeft geen sleutel en geen downloadlink: niets te importeren.".into(),
        (Problem::Nothing, Lang::De) => "Die Zeile hat weder einen Schlüssel noch einen Download-Link: nichts zu importieren.".into(),
        (Problem::DuplicateDownload, Lang::En) => "This product already has a download for that language and operating system.".into(),
        (Problem::DuplicateDownload, Lang::Nl) => "Dit product heeft al een download voor die taal en dat besturingssysteem.".into(),
        (Problem::DuplicateDownload, Lang::De) => "Dieses Produkt hat bereits einen Download für diese Sprache und dieses Betriebssystem.".into(),
        (Problem::LicenceNeedsKey, Lang::En) => "A licence row needs a key and its number of seats (quantity).".into(),
        (Problem::LicenceNeedsKey, Lang::Nl) => "Een licentierij heeft een sleutel en het aantal plaatsen (quantity) nodig.".into(),
        (Problem::LicenceNeedsKey, Lang::De) => "Eine Lizenzzeile braucht einen Schlüssel und die Anzahl der Plätze (quantity).".into(),
        (Problem::Download, Lang::En) => "A download needs its language (e.g. nl-NL) and OS (windows64, windows32, windows_arm64, mac_os or linux).".into(),
        (Problem::Download, Lang::Nl) => "Een download heeft een taal (bijv. nl-NL) en besturingssysteem (windows64, windows32, windows_arm64, mac_os of linux) nodig.".into(),
        (Problem::Download, Lang::De) => "Ein Download braucht Sprache (z. B. nl-NL) und Betriebssystem (windows64, windows32, windows_arm64, mac_os oder linux).".into(),
        (Problem::Link, Lang::En) => "The download link must be an https:// address.".into(),
        (Problem::Link, Lang::Nl) => "De downloadlink moet een https://-adres zijn.".into(),
        (Problem::Link, Lang::De) => "Der Download-Link muss eine https://-Adresse sein.".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::company::{Company, MembershipOffer};
    use crate::membership::provision;
    use crate::test_support::at;

    fn workspace() -> Workspace {
        let membership = MembershipOffer::new(Offer::Silver, NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
        let mut ws = Workspace::empty(Company {
            id: 1,
            name: "Fabrikam".into(),
            account_email: crate::EmailAddress::parse("pc@fabrikam.example").unwrap(),
            currency: crate::money::Currency::EUR,
            offers: vec![membership.clone()],
            usd_100_equivalent: None,
        });
        let mut p = provision(&membership, false);
        p.number_from(1);
        ws.software = p.software;
        ws.licences = p.licences;
        ws
    }

    fn row(line: usize, cells: &[(&str, &str)]) -> InventoryRow {
        let mut row = InventoryRow {
            line,
            ..Default::default()
        };
        for (column, value) in cells {
            let value = value.to_string();
            match *column {
                "area" => row.area = value,
                "product" => row.product = value,
                "offer" => row.offer = value,
                "quantity" => row.quantity = value,
                "key" => row.key = value,
                "language" => row.language = value,
                "os" => row.os = value,
                "download_link" => row.download_link = value,
                "expires_on" => row.expires_on = value,
                _ => unreachable!(),
            }
        }
        row
    }

    fn code(line: &InventoryLine) -> &str {
        match &line.verdict {
            InventoryVerdict::Ok { .. } => "ok",
            InventoryVerdict::Refused { code, .. } => code,
        }
    }

    const KEY_A: &str = "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE";
    const KEY_B: &str = "FFFFF-GGGGG-HHHHH-JJJJJ-KKKKK";

    #[test]
    fn ofr_1_an_import_judges_every_row_and_applies_the_good_ones_to_the_provisioned_benefits() {
        let mut ws = workspace();
        let office = "Office LTSC Professional Plus 2024";
        let rows = [
            row(
                2,
                &[
                    ("area", "software"),
                    ("product", office),
                    ("quantity", "40"),
                    ("key", KEY_A),
                ],
            ),
            row(
                3,
                &[
                    ("area", "software"),
                    ("product", office),
                    ("language", "nl-NL"),
                    ("os", "Windows64"),
                    ("download_link", "https://downloads.example/office-nl.iso"),
                ],
            ),
            row(
                4,
                &[
                    ("area", "licence"),
                    ("product", "Microsoft 365 E3"),
                    ("quantity", "25"),
                    ("key", KEY_B),
                ],
            ),
            row(
                5,
                &[
                    ("area", "software"),
                    ("product", "Project 2024"),
                    ("quantity", "3"),
                    ("key", KEY_A),
                ],
            ),
            row(6, &[("area", "hardware"), ("product", "Laptop")]),
            row(
                7,
                &[
                    ("area", "software"),
                    ("product", office),
                    ("offer", "gold"),
                    ("quantity", "1"),
                    ("key", "GGGGG-GGGGG-GGGGG-GGGGG-GGGGG"),
                ],
            ),
            row(
                8,
                &[
                    ("area", "software"),
                    ("product", office),
                    ("quantity", "1"),
                    ("key", "not a key"),
                ],
            ),
            row(
                9,
                &[
                    ("area", "software"),
                    ("product", office),
                    ("quantity", "1"),
                    ("key", "HHHHHHHHHHHHHHHHHHHHHHHHH"),
                    ("expires_on", "2026-01-01"),
                ],
            ),
            row(
                10,
                &[
                    ("area", "software"),
                    ("product", office),
                    ("download_link", "http://insecure.example/x.iso"),
                    ("language", "en-US"),
                    ("os", "windows64"),
                ],
            ),
        ];
        let mut next = 100;
        let lines = plan_import(&mut ws, &rows, at(2026, 6, 1), Lang::En, &mut || {
            next += 1;
            next
        });
        let codes: Vec<&str> = lines.iter().map(code).collect();
        assert_eq!(
            codes,
            [
                "ok",
                "ok",
                "ok",
                "duplicate_key",
                "unknown_area",
                "ROW-2",
                "key",
                "ROW-3",
                "download_link"
            ]
        );
        let office = ws.software.iter().find(|b| b.product == office).unwrap();
        assert_eq!(
            office.quantity, 40,
            "the real key's quantity replaces the table's"
        );
        assert_eq!(office.keys.len(), 1);
        assert_eq!(office.downloads[0].language, "nl-NL");
        assert_eq!(office.downloads[0].file_name, "office-nl.iso");
        let m365 = ws
            .licences
            .iter()
            .find(|l| l.product == "Microsoft 365 E3")
            .unwrap();
        assert_eq!(m365.keys[0].seats, 25);
        assert!(
            ws.software.iter().all(|b| b.product != "Project 2024"),
            "a refused row adds nothing"
        );
        // SW-1: no verdict carries the key.
        let json = serde_json::to_string(&lines).unwrap();
        assert!(!json.contains("AAAAA") && !json.contains("FFFFF"), "{json}");
    }

    #[test]
    fn ofr_1_a_product_not_provisioned_becomes_a_new_benefit_of_the_offer() {
        let mut ws = workspace();
        let rows = [row(
            2,
            &[
                ("area", "software"),
                ("product", "Project Professional 2024"),
                ("quantity", "3"),
                ("key", KEY_A),
            ],
        )];
        let mut next = 100;
        let lines = plan_import(&mut ws, &rows, at(2026, 6, 1), Lang::De, &mut || {
            next += 1;
            next
        });
        assert_eq!(
            lines[0].verdict,
            InventoryVerdict::Ok {
                action: "add_key".into(),
                benefit_id: 101,
                new_benefit: true
            }
        );
        let project = ws.software.iter().find(|b| b.id == 101).unwrap();
        assert_eq!((project.offer, project.quantity), (Offer::Silver, 3));
        assert_eq!(
            project.expires_on,
            NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
            "the offer's anniversary"
        );
    }
}
