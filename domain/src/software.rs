//! Software benefits: Get keys (SW-1), language and OS downloads (SW-2, SW-3), activations (SW-4).

use crate::benefit::{check_not_expired, BenefitType, Offer};
use crate::identifiers::ProductKey;
use crate::permission::{require, Permission};
use crate::{Reason, RuleId, User, UserId, Violation};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OperatingSystem {
    Windows64,
    Windows32,
    WindowsArm64,
    MacOs,
    Linux,
}

/// SW-2: one installation package for a language and an operating system.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Download {
    /// BCP 47 tag of the product's language, e.g. `nl-NL`.
    pub language: String,
    pub os: OperatingSystem,
    pub file_name: String,
    pub url: String,
}

/// SW-4: activations used against a fixed maximum. There is no way to add activations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activations {
    used: u32,
    maximum: u32,
}

impl Activations {
    /// `None` when more are used than the maximum allows.
    pub fn new(used: u32, maximum: u32) -> Option<Activations> {
        (used <= maximum).then_some(Activations { used, maximum })
    }

    pub fn used(&self) -> u32 {
        self.used
    }

    pub fn maximum(&self) -> u32 {
        self.maximum
    }

    /// SW-4: show "reached the maximum available activations".
    pub fn reached_maximum(&self) -> bool {
        self.used >= self.maximum
    }

    /// Counts one more activation of the key; refused at the maximum.
    pub fn record_activation(&mut self) -> Result<(), Violation> {
        if self.reached_maximum() {
            return Err(Violation::new(
                RuleId::Sw4,
                Reason::MaximumActivationsReached {
                    maximum: self.maximum,
                },
            ));
        }
        self.used += 1;
        Ok(())
    }
}

/// A software key with its activation count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SoftwareKey {
    pub key: ProductKey,
    pub activations: Activations,
}

/// One software benefit: a row of the Software list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SoftwareBenefit {
    pub id: i64,
    pub product: String,
    pub offer: Offer,
    pub benefit_type: BenefitType,
    pub quantity: u32,
    pub expires_on: NaiveDate,
    /// SW-1: revealed only by "Get keys", to ROLE-3.
    pub keys: Vec<SoftwareKey>,
    pub special_instructions: Option<String>,
    /// SW-3: empty for products without a download (e.g. server CALs).
    pub downloads: Vec<Download>,
}

/// SW-2 step b: the languages a list of downloads comes in, sorted, each once.
pub fn download_languages(downloads: &[Download]) -> Vec<String> {
    let mut languages: Vec<String> = downloads.iter().map(|d| d.language.clone()).collect();
    languages.sort();
    languages.dedup();
    languages
}

/// SW-2 step c: the operating systems offered in that language.
pub fn operating_systems_for(downloads: &[Download], language: &str) -> Vec<OperatingSystem> {
    let mut systems: Vec<OperatingSystem> = downloads
        .iter()
        .filter(|d| d.language == language)
        .map(|d| d.os)
        .collect();
    systems.sort();
    systems.dedup();
    systems
}

/// SW-1: who revealed which benefit's keys, when. CAN-1 reads these.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyReveal {
    pub benefit_id: i64,
    pub offer: Offer,
    pub by: UserId,
    pub at: DateTime<Utc>,
}

impl SoftwareBenefit {
    /// SW-3: "No further details available" when false.
    pub fn has_downloads(&self) -> bool {
        !self.downloads.is_empty()
    }

    /// SW-2 step b: the languages the product comes in, sorted, each once.
    pub fn download_languages(&self) -> Vec<String> {
        download_languages(&self.downloads)
    }

    /// SW-2 step c: the operating systems offered in that language.
    pub fn operating_systems_for(&self, language: &str) -> Vec<OperatingSystem> {
        operating_systems_for(&self.downloads, language)
    }

    /// SW-2 step d: the links for both choices.
    pub fn downloads_for(&self, language: &str, os: OperatingSystem) -> Vec<&Download> {
        self.downloads
            .iter()
            .filter(|d| d.language == language && d.os == os)
            .collect()
    }

    /// SW-4: at least one key still has activations left.
    pub fn has_activations_left(&self) -> bool {
        self.keys.iter().any(|k| !k.activations.reached_maximum())
    }

    /// CAN-1: a key of this benefit was activated at least once.
    pub fn was_activated(&self) -> bool {
        self.keys.iter().any(|k| k.activations.used() > 0)
    }
}

/// SW-1 / ROLE-3 / ROW-3: may `actor` see this benefit's keys ("Get keys")?
pub fn check_reveal_software_keys(
    benefit: &SoftwareBenefit,
    actor: &User,
    directory: &[User],
    now: DateTime<Utc>,
) -> Result<(), Violation> {
    check_get_keys(benefit.expires_on, actor, directory, now)
}

/// The same check from what a list shows (a benefit's expiry), for the SPA, which never
/// holds the keys before they are revealed.
pub fn check_get_keys(
    expires_on: NaiveDate,
    actor: &User,
    directory: &[User],
    now: DateTime<Utc>,
) -> Result<(), Violation> {
    require(Permission::ActivateOrRevealKeys, actor, directory)?;
    check_not_expired(expires_on, now)
}

impl OperatingSystem {
    /// Product wording, the same in every language.
    pub const fn name(self) -> &'static str {
        match self {
            OperatingSystem::Windows64 => "Windows (x64)",
            OperatingSystem::Windows32 => "Windows (x86)",
            OperatingSystem::WindowsArm64 => "Windows (Arm64)",
            OperatingSystem::MacOs => "macOS",
            OperatingSystem::Linux => "Linux",
        }
    }
}

/// SW-1: reveals the keys and records who saw them, when.
pub fn reveal_software_keys(
    benefit: &SoftwareBenefit,
    actor: &User,
    directory: &[User],
    now: DateTime<Utc>,
) -> Result<(Vec<SoftwareKey>, KeyReveal), Violation> {
    check_reveal_software_keys(benefit, actor, directory, now)?;
    let reveal = KeyReveal {
        benefit_id: benefit.id,
        offer: benefit.offer,
        by: actor.id,
        at: now,
    };
    Ok((benefit.keys.clone(), reveal))
}

impl crate::benefit::BenefitRow for SoftwareBenefit {
    fn row(&self) -> crate::benefit::RowSummary {
        crate::benefit::RowSummary {
            name: self.product.clone(),
            quantity: self.quantity,
            offer: self.offer,
            benefit_type: self.benefit_type,
            expires_on: self.expires_on,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{at, directory, with_role};
    use crate::Role;

    fn download(language: &str, os: OperatingSystem) -> Download {
        Download {
            language: language.into(),
            os,
            file_name: format!("office-{language}-{os:?}.iso"),
            url: format!("https://downloads.example/{language}/{os:?}"),
        }
    }

    fn office() -> SoftwareBenefit {
        SoftwareBenefit {
            id: 11,
            product: "Office Professional Plus 2021".into(),
            offer: Offer::ActionPack,
            benefit_type: BenefitType::Core,
            quantity: 10,
            expires_on: NaiveDate::from_ymd_opt(2027, 1, 31).unwrap(),
            keys: vec![SoftwareKey {
                key: ProductKey::parse("AAAAA-BBBBB-CCCCC-DDDDD-EEEEE").unwrap(),
                activations: Activations::new(2, 10).unwrap(),
            }],
            special_instructions: Some("Use the volume licence key.".into()),
            downloads: vec![
                download("en-US", OperatingSystem::Windows64),
                download("nl-NL", OperatingSystem::Windows64),
                download("nl-NL", OperatingSystem::Windows32),
                download("de-DE", OperatingSystem::MacOs),
            ],
        }
    }

    #[test]
    fn sw_1_get_keys_needs_global_admin_or_mpn_partner_admin_and_is_recorded() {
        let dir = directory();
        let now = at(2026, 11, 22);
        let mpn = with_role(&dir, Role::MpnPartnerAdmin);
        let (keys, reveal) = reveal_software_keys(&office(), mpn, &dir, now).unwrap();
        assert_eq!(keys.len(), 1);
        assert_eq!((reveal.by, reveal.at, reveal.benefit_id), (mpn.id, now, 11));

        let agent = with_role(&dir, Role::AdminAgent);
        let refused = reveal_software_keys(&office(), agent, &dir, now).unwrap_err();
        assert_eq!(refused.rule, RuleId::Role3);
        let expired = reveal_software_keys(&office(), mpn, &dir, at(2027, 2, 1)).unwrap_err();
        assert_eq!(expired.rule, RuleId::Row3);
    }

    #[test]
    fn row_1_a_row_shows_name_quantity_offer_benefit_type_and_expiry() {
        use crate::benefit::BenefitRow;
        let row = office().row();
        assert_eq!(row.name, "Office Professional Plus 2021");
        assert_eq!(row.quantity, 10);
        assert_eq!(
            (row.offer, row.benefit_type),
            (Offer::ActionPack, BenefitType::Core)
        );
        assert_eq!(row.expires_on, NaiveDate::from_ymd_opt(2027, 1, 31).unwrap());
    }

    #[test]
    fn sw_2_downloads_depend_on_language_then_operating_system() {
        let office = office();
        assert_eq!(office.download_languages(), vec!["de-DE", "en-US", "nl-NL"]);
        assert_eq!(
            office.operating_systems_for("nl-NL"),
            vec![OperatingSystem::Windows64, OperatingSystem::Windows32]
        );
        assert_eq!(office.downloads_for("nl-NL", OperatingSystem::Windows32).len(), 1);
        assert!(office
            .downloads_for("de-DE", OperatingSystem::Windows64)
            .is_empty());
    }

    #[test]
    fn sw_3_some_products_have_no_download() {
        let cals = SoftwareBenefit {
            product: "Windows Server CAL".into(),
            downloads: vec![],
            ..office()
        };
        assert!(!cals.has_downloads());
        assert!(cals.download_languages().is_empty());
        assert!(office().has_downloads());
    }

    #[test]
    fn sw_4_activations_count_up_to_a_fixed_maximum() {
        assert!(Activations::new(11, 10).is_none());
        let mut activations = Activations::new(9, 10).unwrap();
        assert!(!activations.reached_maximum());
        activations.record_activation().unwrap();
        assert!(activations.reached_maximum());
        assert_eq!((activations.used(), activations.maximum()), (10, 10));
        let refused = activations.record_activation().unwrap_err();
        assert_eq!(refused.rule, RuleId::Sw4);
        assert_eq!(activations.used(), 10, "a refused activation counts nothing");
    }
}
