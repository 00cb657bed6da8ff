//! What crosses the wire between the SPA and the server: one definition for both sides.

use crate::benefit::Offer;
use crate::visual_studio::VisualStudioSubscription;
use crate::{User, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Every API error: a stable code (the rule ID when a rule refused), a message in
/// the language the client asked for, and what is needed to show it in place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    #[serde(default)]
    pub details: serde_json::Value,
}

#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    pub email: String,
    pub password: String,
}

/// Never the password, should it be logged.
impl std::fmt::Debug for SignInRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignInRequest")
            .field("email", &self.email)
            .finish_non_exhaustive()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Company {
    pub id: i64,
    pub name: String,
    pub offer: Offer,
}

/// The signed-in user and their company.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub user: User,
    pub company: Company,
    /// ACC-1: the password is a temporary one; nothing else works until it is changed.
    #[serde(default)]
    pub must_change_password: bool,
}

/// Allocated / assigned / available, as on every pool.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counters {
    pub allocated: u32,
    pub assigned: u32,
    pub available: u32,
}

/// The Visual Studio list, with the server's clock so the SPA checks rules at the same "now".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VisualStudioList {
    pub subscriptions: Vec<VisualStudioSubscription>,
    pub counters: Counters,
    pub server_time: DateTime<Utc>,
}

/// Assign or reassign: the chosen user and the subscription version the client saw.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubscriberRequest {
    pub user_id: UserId,
    pub version: i64,
}

impl Counters {
    pub fn count<'a, T: 'a>(
        items: impl IntoIterator<Item = &'a T>,
        is_assigned: impl Fn(&T) -> bool,
    ) -> Counters {
        let (mut allocated, mut assigned) = (0u32, 0u32);
        for item in items {
            allocated += 1;
            if is_assigned(item) {
                assigned += 1;
            }
        }
        Counters {
            allocated,
            assigned,
            available: allocated - assigned,
        }
    }
}

/// A software benefit as a list shows it: everything but the keys (SW-1: those come only
/// from "Get keys", to ROLE-3, and every reveal is recorded).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SoftwareRow {
    pub id: i64,
    pub product: String,
    pub offer: Offer,
    pub benefit_type: crate::benefit::BenefitType,
    pub quantity: u32,
    pub expires_on: chrono::NaiveDate,
    pub special_instructions: Option<String>,
    pub downloads: Vec<crate::software::Download>,
    /// SW-4: used / maximum per key, in key order.
    pub activations: Vec<crate::software::Activations>,
}

impl SoftwareRow {
    /// SW-2 step b (see [`crate::software::download_languages`]).
    pub fn download_languages(&self) -> Vec<String> {
        crate::software::download_languages(&self.downloads)
    }

    /// SW-2 step c (see [`crate::software::operating_systems_for`]).
    pub fn operating_systems_for(&self, language: &str) -> Vec<crate::software::OperatingSystem> {
        crate::software::operating_systems_for(&self.downloads, language)
    }
}

impl From<&crate::software::SoftwareBenefit> for SoftwareRow {
    fn from(b: &crate::software::SoftwareBenefit) -> Self {
        SoftwareRow {
            id: b.id,
            product: b.product.clone(),
            offer: b.offer,
            benefit_type: b.benefit_type,
            quantity: b.quantity,
            expires_on: b.expires_on,
            special_instructions: b.special_instructions.clone(),
            downloads: b.downloads.clone(),
            activations: b.keys.iter().map(|k| k.activations).collect(),
        }
    }
}

/// A product key without the key itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductKeyRow {
    pub id: i64,
    pub seats: u32,
    pub redeemed: Option<crate::licences::Redemption>,
    pub replacement_issued: bool,
    pub replaces: Option<i64>,
}

/// A licence-based subscription as a list shows it: its keys without their secret text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LicenceRow {
    pub id: i64,
    pub product: String,
    pub offer: Offer,
    pub benefit_type: crate::benefit::BenefitType,
    pub expires_on: chrono::NaiveDate,
    pub redemption_instructions: String,
    pub redeem_url: String,
    pub active_seats: u32,
    pub ends_on: Option<chrono::NaiveDate>,
    pub keys: Vec<ProductKeyRow>,
    pub version: i64,
}

impl LicenceRow {
    /// The subscription's terms (seats, end date, expiry) for the domain's checks; the
    /// keys' text is not in a row, so `keys` is empty.
    pub fn terms(&self) -> crate::licences::LicenceSubscription {
        crate::licences::LicenceSubscription {
            id: self.id,
            product: self.product.clone(),
            offer: self.offer,
            benefit_type: self.benefit_type,
            expires_on: self.expires_on,
            redemption_instructions: self.redemption_instructions.clone(),
            redeem_url: self.redeem_url.clone(),
            active_seats: self.active_seats,
            ends_on: self.ends_on,
            keys: vec![],
            version: self.version,
        }
    }
}

impl From<&crate::licences::LicenceSubscription> for LicenceRow {
    fn from(l: &crate::licences::LicenceSubscription) -> Self {
        LicenceRow {
            id: l.id,
            product: l.product.clone(),
            offer: l.offer,
            benefit_type: l.benefit_type,
            expires_on: l.expires_on,
            redemption_instructions: l.redemption_instructions.clone(),
            redeem_url: l.redeem_url.clone(),
            active_seats: l.active_seats,
            ends_on: l.ends_on,
            keys: l
                .keys
                .iter()
                .map(|k| ProductKeyRow {
                    id: k.id,
                    seats: k.seats,
                    redeemed: k.redeemed.clone(),
                    replacement_issued: k.replacement_issued,
                    replaces: k.replaces,
                })
                .collect(),
            version: l.version,
        }
    }
}

/// Partner advisory hours: the balance (PAH-2) and the requests made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdvisoryView {
    pub balance: crate::technical::AdvisoryBalance,
    pub requests: Vec<(String, crate::technical::AdvisoryRequest)>,
}

/// Everything a signed-in user of the company may see (ROLE-4), with no secret in it:
/// no software or product key text; Access and Contract IDs only once active (TS-3).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceView {
    pub company: crate::company::Company,
    pub directory: Vec<User>,
    pub software: Vec<SoftwareRow>,
    pub key_reveals: Vec<crate::software::KeyReveal>,
    pub credits: Vec<crate::azure::AzureCredit>,
    pub licences: Vec<LicenceRow>,
    pub visual_studio: Vec<VisualStudioSubscription>,
    pub support: Vec<crate::technical::ProductSupport>,
    pub advisory: AdvisoryView,
    pub marketing_contact: Option<crate::go_to_market::MarketingContact>,
    pub go_to_market: Vec<crate::go_to_market::GoToMarketOffer>,
    pub cancellations: Vec<crate::cancellation::CancellationRequest>,
    pub counters: AreaCounters,
    pub server_time: DateTime<Utc>,
}

/// Allocated / assigned / available for every pool that is assigned to people.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaCounters {
    pub azure_credits: Counters,
    pub visual_studio: Counters,
    /// Seats: those the keys carry, those active, those not yet redeemed.
    pub licence_seats: Counters,
}

impl AreaCounters {
    pub fn credits(credits: &[crate::azure::AzureCredit]) -> Counters {
        Counters::count(credits, |c| c.holder.is_some())
    }

    pub fn visual_studio(subscriptions: &[VisualStudioSubscription]) -> Counters {
        Counters::count(subscriptions, |v| v.assignment.is_some())
    }
}

impl WorkspaceView {
    pub fn of(ws: &crate::workspace::Workspace, now: DateTime<Utc>) -> WorkspaceView {
        WorkspaceView {
            company: ws.company.clone(),
            directory: ws.directory.clone(),
            software: ws.software.iter().map(SoftwareRow::from).collect(),
            key_reveals: ws.key_reveals.clone(),
            credits: ws.credits.clone(),
            licences: ws.licences.iter().map(LicenceRow::from).collect(),
            visual_studio: ws.visual_studio.clone(),
            support: ws.support.clone(),
            advisory: AdvisoryView {
                balance: crate::technical::AdvisoryBalance::for_company(
                    &ws.company,
                    ws.advisory_hours_used,
                    now,
                ),
                requests: ws.advisory_requests.clone(),
            },
            marketing_contact: ws.marketing_contact.clone(),
            go_to_market: ws.go_to_market.clone(),
            cancellations: ws.cancellations.clone(),
            counters: AreaCounters {
                azure_credits: AreaCounters::credits(&ws.credits),
                visual_studio: AreaCounters::visual_studio(&ws.visual_studio),
                licence_seats: {
                    let allocated: u32 = ws.licences.iter().flat_map(|l| &l.keys).map(|k| k.seats).sum();
                    let assigned: u32 = ws.licences.iter().map(|l| l.active_seats).sum();
                    Counters {
                        allocated,
                        assigned,
                        available: allocated.saturating_sub(assigned),
                    }
                },
            },
            server_time: now,
        }
    }

    /// The optimistic update: shows the command's effect before the server confirms it,
    /// using the same code the server applies ([`crate::workspace::VisibleState`]).
    /// Returns whether anything changed; the caller keeps the previous view to roll back.
    pub fn predict(&mut self, command: &crate::workspace::Command, now: DateTime<Utc>) -> bool {
        let changed = crate::workspace::VisibleState {
            directory: &mut self.directory,
            credits: &mut self.credits,
            visual_studio: &mut self.visual_studio,
            support: &mut self.support,
            marketing_contact: &mut self.marketing_contact,
            go_to_market: &mut self.go_to_market,
        }
        .apply(command, now)
        .unwrap_or(false);
        if changed {
            self.counters.azure_credits = AreaCounters::credits(&self.credits);
            self.counters.visual_studio = AreaCounters::visual_studio(&self.visual_studio);
        }
        changed
    }

    /// The shown state of one benefit of a workspace, as JSON (the audit log's before and
    /// after, a 409's current state) — without building the whole view.
    pub fn shown_item(
        ws: &crate::workspace::Workspace,
        target: crate::workspace::Target,
    ) -> Option<serde_json::Value> {
        use crate::history::BenefitKind;
        let id = target.id;
        let found = match target.kind {
            BenefitKind::Software => ws
                .software
                .iter()
                .find(|x| x.id == id)
                .map(|b| serde_json::to_value(SoftwareRow::from(b))),
            BenefitKind::AzureCredit => ws.credits.iter().find(|x| x.id == id).map(serde_json::to_value),
            BenefitKind::LicenceSubscription => ws
                .licences
                .iter()
                .find(|x| x.id == id)
                .map(|l| serde_json::to_value(LicenceRow::from(l))),
            BenefitKind::VisualStudioSubscription => ws
                .visual_studio
                .iter()
                .find(|x| x.id == id)
                .map(serde_json::to_value),
            BenefitKind::ProductSupport => ws.support.iter().find(|x| x.id == id).map(serde_json::to_value),
            BenefitKind::GoToMarketOffer => ws
                .go_to_market
                .iter()
                .find(|x| x.id == id)
                .map(serde_json::to_value),
        };
        found.and_then(Result::ok)
    }

    /// The shown state of one benefit, as JSON (for a 409's "current state").
    pub fn item(&self, target: crate::workspace::Target) -> Option<serde_json::Value> {
        use crate::history::BenefitKind;
        let id = target.id;
        let found = match target.kind {
            BenefitKind::Software => self
                .software
                .iter()
                .find(|x| x.id == id)
                .map(serde_json::to_value),
            BenefitKind::AzureCredit => self.credits.iter().find(|x| x.id == id).map(serde_json::to_value),
            BenefitKind::LicenceSubscription => self
                .licences
                .iter()
                .find(|x| x.id == id)
                .map(serde_json::to_value),
            BenefitKind::VisualStudioSubscription => self
                .visual_studio
                .iter()
                .find(|x| x.id == id)
                .map(serde_json::to_value),
            BenefitKind::ProductSupport => self.support.iter().find(|x| x.id == id).map(serde_json::to_value),
            BenefitKind::GoToMarketOffer => self
                .go_to_market
                .iter()
                .find(|x| x.id == id)
                .map(serde_json::to_value),
        };
        found.and_then(Result::ok)
    }
}

/// A write: one command and the version of its target the client saw.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandRequest {
    pub command: crate::workspace::Command,
    #[serde(default)]
    pub version: Option<i64>,
}

/// EMB-2: a partner site's backend asks for a token for one of its company's users.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmbedTokenRequest {
    pub email: String,
}

/// EMB-2: the token (for `Authorization: Bearer`, from the site's origin only) and when it ends.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmbedToken {
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// ACC-2: change one's own password (no `Debug`: nothing may print it).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

/// What a write returns: its effect, and a new user's temporary password, shown once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommandResponse {
    pub effect: crate::workspace::Effect,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temporary_password: Option<String>,
}

/// One line of the audit log as the page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub actor: UserId,
    /// The actor's name now (or `#id` if the user is gone).
    pub actor_name: String,
    pub action: String,
    /// The area, as its URL slug (see [`crate::history::area_of_action`]).
    pub area: String,
    pub subject: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub at: DateTime<Utc>,
}

/// Which audit lines to show: everything blank shows the newest of all. An unknown
/// parameter is refused (a misspelt filter must not quietly show everything).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuditQuery {
    /// Only what this user did.
    pub person: Option<i64>,
    /// Only this area (URL slug).
    pub area: Option<String>,
    /// From this day on (inclusive, UTC).
    pub from: Option<chrono::NaiveDate>,
    /// Up to this day (inclusive, UTC).
    pub to: Option<chrono::NaiveDate>,
    /// 1-based.
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

impl AuditQuery {
    pub const DEFAULT_PER_PAGE: u32 = 50;
    pub const MAX_PER_PAGE: u32 = 500;

    pub fn page(&self) -> u32 {
        self.page.unwrap_or(1).max(1)
    }

    pub fn per_page(&self) -> u32 {
        self.per_page
            .unwrap_or(Self::DEFAULT_PER_PAGE)
            .clamp(1, Self::MAX_PER_PAGE)
    }

    /// The query string of the filters (not the page), for links and the CSV export.
    pub fn filter_string(&self) -> String {
        let mut parts = Vec::new();
        if let Some(person) = self.person {
            parts.push(format!("person={person}"));
        }
        if let Some(area) = &self.area {
            parts.push(format!("area={area}"));
        }
        if let Some(from) = self.from {
            parts.push(format!("from={from}"));
        }
        if let Some(to) = self.to {
            parts.push(format!("to={to}"));
        }
        parts.join("&")
    }
}

/// One page of the audit log, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Lines matching the filters, on all pages.
    pub total: u64,
    /// ACC-4: the people who left the company, by ID, so the lines name who held what.
    #[serde(default)]
    pub former_users: Vec<(UserId, String)>,
    pub page: u32,
    pub per_page: u32,
}

/// What a bulk assignment did (or, in a dry run, would do): a verdict per row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkAssignmentResult {
    pub dry_run: bool,
    pub lines: Vec<crate::reports::BulkLine>,
    /// Rows carried out (0 in a dry run).
    pub applied: usize,
}
