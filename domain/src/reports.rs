//! Beyond Partner Center (RULES.md §8): "who has what" across all areas, and the plan of a
//! bulk assignment from a file, with a verdict per row before anything is written.
//!
//! Both are computed from the same data the pages show, by the same code on both sides:
//! the SPA filters the report it already has; the server streams it as CSV.

use crate::benefit::Offer;
use crate::wire::WorkspaceView;
use crate::workspace::{Command, Refusal, Target, Workspace};
use crate::{Lang, UserId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Where a holding lives: the benefits a person can be given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HoldingArea {
    AzureCredit,
    VisualStudio,
    SupportContact,
    MarketingContact,
}

impl HoldingArea {
    pub const ALL: [HoldingArea; 4] = [
        HoldingArea::AzureCredit,
        HoldingArea::VisualStudio,
        HoldingArea::SupportContact,
        HoldingArea::MarketingContact,
    ];

    /// The stable key used in URLs, CSV files and the API.
    pub const fn key(self) -> &'static str {
        match self {
            HoldingArea::AzureCredit => "azure_credit",
            HoldingArea::VisualStudio => "visual_studio",
            HoldingArea::SupportContact => "support_contact",
            HoldingArea::MarketingContact => "marketing_contact",
        }
    }

    pub fn from_key(key: &str) -> Option<HoldingArea> {
        let key = key.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        HoldingArea::ALL.into_iter().find(|a| a.key() == key)
    }

    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (HoldingArea::AzureCredit, Lang::En) => "Azure credit",
            (HoldingArea::AzureCredit, Lang::Nl) => "Azure-tegoed",
            (HoldingArea::AzureCredit, Lang::De) => "Azure-Guthaben",
            (HoldingArea::VisualStudio, Lang::En) => "Visual Studio subscription",
            (HoldingArea::VisualStudio, Lang::Nl) => "Visual Studio-abonnement",
            (HoldingArea::VisualStudio, Lang::De) => "Visual Studio-Abonnement",
            (HoldingArea::SupportContact, Lang::En) => "Product support contact",
            (HoldingArea::SupportContact, Lang::Nl) => "Contactpersoon productondersteuning",
            (HoldingArea::SupportContact, Lang::De) => "Kontakt für Produktsupport",
            (HoldingArea::MarketingContact, Lang::En) => "Marketing contact",
            (HoldingArea::MarketingContact, Lang::Nl) => "Marketingcontactpersoon",
            (HoldingArea::MarketingContact, Lang::De) => "Marketingkontakt",
        }
    }
}

/// How close a holding is to its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HoldingStatus {
    Active,
    /// Ends within [`EXPIRING_WITHIN_DAYS`] days (today included).
    Expiring,
    Expired,
}

/// "Expiring" means within this many days, the first reminder (RULES.md §8: 30/15/0).
pub const EXPIRING_WITHIN_DAYS: i64 = 30;

impl HoldingStatus {
    pub const ALL: [HoldingStatus; 3] = [
        HoldingStatus::Active,
        HoldingStatus::Expiring,
        HoldingStatus::Expired,
    ];

    pub fn of(expires_on: Option<NaiveDate>, today: NaiveDate) -> HoldingStatus {
        match expires_on {
            Some(end) if end < today => HoldingStatus::Expired,
            Some(end) if (end - today).num_days() <= EXPIRING_WITHIN_DAYS => HoldingStatus::Expiring,
            _ => HoldingStatus::Active,
        }
    }

    pub const fn key(self) -> &'static str {
        match self {
            HoldingStatus::Active => "active",
            HoldingStatus::Expiring => "expiring",
            HoldingStatus::Expired => "expired",
        }
    }

    pub fn from_key(key: &str) -> Option<HoldingStatus> {
        HoldingStatus::ALL.into_iter().find(|s| s.key() == key)
    }

    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (HoldingStatus::Active, Lang::En) => "Active",
            (HoldingStatus::Active, Lang::Nl) => "Actief",
            (HoldingStatus::Active, Lang::De) => "Aktiv",
            (HoldingStatus::Expiring, Lang::En) => "Expires soon",
            (HoldingStatus::Expiring, Lang::Nl) => "Verloopt binnenkort",
            (HoldingStatus::Expiring, Lang::De) => "Läuft bald ab",
            (HoldingStatus::Expired, Lang::En) => "Expired",
            (HoldingStatus::Expired, Lang::Nl) => "Verlopen",
            (HoldingStatus::Expired, Lang::De) => "Abgelaufen",
        }
    }
}

/// One person holding one benefit: a row of "who has what".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holding {
    pub user: UserId,
    pub person: String,
    pub email: String,
    pub guest: bool,
    pub area: HoldingArea,
    pub benefit_id: i64,
    pub benefit: String,
    pub offer: Offer,
    /// Since when the person holds it, where that is known.
    pub since: Option<DateTime<Utc>>,
    pub expires_on: Option<NaiveDate>,
    pub status: HoldingStatus,
}

/// Every holding of the company, person by person (then area, then benefit).
pub fn holdings(view: &WorkspaceView, now: DateTime<Utc>, lang: Lang) -> Vec<Holding> {
    let today = now.date_naive();
    let people: std::collections::HashMap<UserId, &crate::User> =
        view.directory.iter().map(|u| (u.id, u)).collect();
    let mut rows = Vec::new();
    let mut push = |user: UserId,
                    area: HoldingArea,
                    benefit_id: i64,
                    benefit: String,
                    offer: Offer,
                    since: Option<DateTime<Utc>>,
                    expires_on: Option<NaiveDate>| {
        let Some(person) = people.get(&user) else {
            return;
        };
        rows.push(Holding {
            user,
            person: person.display_name.clone(),
            email: person.email.to_string(),
            guest: person.guest,
            area,
            benefit_id,
            benefit,
            offer,
            since,
            expires_on,
            status: HoldingStatus::of(expires_on, today),
        });
    };
    for credit in &view.credits {
        if let Some(holder) = &credit.holder {
            let name = credit.kind.name(lang);
            let area = HoldingArea::AzureCredit;
            let since = Some(holder.assigned_at);
            push(
                holder.user,
                area,
                credit.id,
                name.into(),
                credit.offer,
                since,
                Some(credit.expires_on),
            );
        }
    }
    for subscription in &view.visual_studio {
        if let Some(a) = &subscription.assignment {
            push(
                a.subscriber,
                HoldingArea::VisualStudio,
                subscription.id,
                subscription.product.name().into(),
                subscription.offer,
                Some(a.assigned_at),
                Some(subscription.expires_on),
            );
        }
    }
    for support in &view.support {
        if let crate::technical::SupportState::Pending {
            requested_at,
            contact: Some(contact),
        } = &support.state
        {
            push(
                contact.user,
                HoldingArea::SupportContact,
                support.id,
                match lang {
                    Lang::En => "Microsoft product support",
                    Lang::Nl => "Microsoft-productondersteuning",
                    Lang::De => "Microsoft-Produktsupport",
                }
                .into(),
                support.offer,
                Some(*requested_at),
                Some(support.expires_on),
            );
        }
    }
    if let (Some(contact), Some(offer)) = (&view.marketing_contact, view.company.level(now)) {
        push(
            contact.user,
            HoldingArea::MarketingContact,
            0,
            "Go-To-Market".into(),
            offer,
            None,
            None,
        );
    }
    rows.sort_by(|a, b| {
        (a.person.to_lowercase(), a.area.key(), a.benefit_id).cmp(&(
            b.person.to_lowercase(),
            b.area.key(),
            b.benefit_id,
        ))
    });
    rows
}

/// Which way the report is read: person → benefits, or benefit → people.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportView {
    #[default]
    Person,
    Benefit,
}

/// A view of the report: what the URL and the CSV export carry. Blank fields filter nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HoldingQuery {
    pub by: ReportView,
    pub area: Option<HoldingArea>,
    pub offer: Option<Offer>,
    pub status: Option<HoldingStatus>,
    /// Only holdings ending within this many days from today (expired ones excluded).
    pub expires_within: Option<u32>,
    /// Words found in the person, e-mail or benefit (case-insensitive).
    pub q: String,
}

impl HoldingQuery {
    pub fn matches(&self, h: &Holding, today: NaiveDate) -> bool {
        let needle = self.q.trim().to_lowercase();
        self.area.is_none_or(|a| a == h.area)
            && self.offer.is_none_or(|o| o == h.offer)
            && self.status.is_none_or(|s| s == h.status)
            && self.expires_within.is_none_or(|days| {
                h.expires_on
                    .is_some_and(|end| end >= today && (end - today).num_days() <= i64::from(days))
            })
            && (needle.is_empty()
                || [&h.person, &h.email, &h.benefit]
                    .iter()
                    .any(|text| text.to_lowercase().contains(&needle)))
    }

    /// The holdings in this view, in its order (by person, or by benefit then person).
    pub fn select(&self, mut rows: Vec<Holding>, today: NaiveDate) -> Vec<Holding> {
        rows.retain(|h| self.matches(h, today));
        if self.by == ReportView::Benefit {
            rows.sort_by(|a, b| {
                (
                    a.area.key(),
                    a.benefit.as_str(),
                    a.benefit_id,
                    a.person.to_lowercase(),
                )
                    .cmp(&(
                        b.area.key(),
                        b.benefit.as_str(),
                        b.benefit_id,
                        b.person.to_lowercase(),
                    ))
            });
        }
        rows
    }

    /// The query string of this view (`by=benefit&area=azure_credit…`), blank fields left out.
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if self.by == ReportView::Benefit {
            parts.push("by=benefit".to_string());
        }
        if let Some(area) = self.area {
            parts.push(format!("area={}", area.key()));
        }
        if let Some(offer) = self.offer {
            parts.push(format!("offer={}", offer.key()));
        }
        if let Some(status) = self.status {
            parts.push(format!("status={}", status.key()));
        }
        if let Some(days) = self.expires_within {
            parts.push(format!("expires_within={days}"));
        }
        if !self.q.trim().is_empty() {
            parts.push(format!("q={}", percent_encode(self.q.trim())));
        }
        parts.join("&")
    }

    /// Reads a view from URL parameters; unknown values are ignored, not errors.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> HoldingQuery {
        let mut query = HoldingQuery::default();
        for (key, value) in pairs {
            match key {
                "by" if value == "benefit" => query.by = ReportView::Benefit,
                "area" => query.area = HoldingArea::from_key(value),
                "offer" => query.offer = Offer::from_key(value),
                "status" => query.status = HoldingStatus::from_key(value),
                "expires_within" => query.expires_within = value.parse().ok(),
                "q" => query.q = value.to_string(),
                _ => {}
            }
        }
        query
    }
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The CSV export's header row (one row per holding follows).
pub const HOLDINGS_CSV_HEADER: [&str; 9] = [
    "person",
    "email",
    "area",
    "benefit_id",
    "benefit",
    "offer",
    "status",
    "since",
    "expires_on",
];

impl Holding {
    /// The CSV record, in [`HOLDINGS_CSV_HEADER`]'s order; text cells are made formula-safe.
    pub fn csv_record(&self) -> [String; 9] {
        [
            formula_safe(&self.person),
            self.email.clone(),
            self.area.key().to_string(),
            self.benefit_id.to_string(),
            formula_safe(&self.benefit),
            self.offer.key().to_string(),
            self.status.key().to_string(),
            self.since.map(|s| s.to_rfc3339()).unwrap_or_default(),
            self.expires_on.map(|d| d.to_string()).unwrap_or_default(),
        ]
    }
}

/// Whether a spreadsheet would run this cell as a formula (CSV injection).
pub fn looks_like_formula(cell: &str) -> bool {
    matches!(cell.trim_start().chars().next(), Some('=' | '+' | '-' | '@')) || cell.starts_with(['\t', '\r'])
}

/// A cell a spreadsheet shows as text: a leading `'` defuses a formula (OWASP's advice).
pub fn formula_safe(cell: &str) -> String {
    if looks_like_formula(cell) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// One row of a bulk assignment file, as read (line 1 is the header).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkRow {
    pub line: usize,
    pub email: String,
    pub area: String,
    pub benefit: String,
}

/// A row's verdict: what it will do, or why it is refused (a rule ID where a rule refused).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum BulkVerdict {
    Ok { action: String, target: Option<Target> },
    Refused { code: String, message: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkLine {
    #[serde(flatten)]
    pub row: BulkRow,
    #[serde(flatten)]
    pub verdict: BulkVerdict,
}

/// The areas a file can assign: a credit or a Visual Studio subscription, to a person.
const BULK_AREAS: [HoldingArea; 2] = [HoldingArea::AzureCredit, HoldingArea::VisualStudio];

/// Checks every row in order against the rules, as if the rows before it were done (so a
/// file can't give one credit twice or one person two credits), and applies the OK rows to
/// `ws`. The caller keeps the state before to persist the difference, or drops it (dry run).
pub fn plan_bulk_assignment(
    ws: &mut Workspace,
    rows: &[BulkRow],
    actor: UserId,
    now: DateTime<Utc>,
    lang: Lang,
) -> Vec<BulkLine> {
    rows.iter()
        .map(|row| {
            let verdict = match bulk_command(ws, row, lang) {
                Err(refused) => refused,
                Ok(command) => match ws.apply(&command, actor, now) {
                    Ok(_) => BulkVerdict::Ok {
                        action: command.action().to_string(),
                        target: command.target(),
                    },
                    Err(Refusal::Rule { violation }) => BulkVerdict::Refused {
                        code: violation.rule.code().to_string(),
                        message: violation.message(lang),
                    },
                    Err(Refusal::NeedsConfirmation { warning }) => BulkVerdict::Refused {
                        code: "needs_confirmation".into(),
                        message: warning.message(lang),
                    },
                    Err(Refusal::NotFound) => unknown("unknown_benefit", lang, &row.benefit),
                },
            };
            BulkLine {
                row: row.clone(),
                verdict,
            }
        })
        .collect()
}

fn unknown(code: &str, lang: Lang, value: &str) -> BulkVerdict {
    let message = match (code, lang) {
        ("unknown_user", Lang::En) => format!("No user with the e-mail address {value} in your company."),
        ("unknown_user", Lang::Nl) => format!("Geen gebruiker met het e-mailadres {value} in uw bedrijf."),
        ("unknown_user", Lang::De) => {
            format!("Kein Benutzer mit der E-Mail-Adresse {value} in Ihrem Unternehmen.")
        }
        ("unknown_area", Lang::En) => format!("Unknown area {value}: use azure_credit or visual_studio."),
        ("unknown_area", Lang::Nl) => {
            format!("Onbekend gebied {value}: gebruik azure_credit of visual_studio.")
        }
        ("unknown_area", Lang::De) => {
            format!("Unbekannter Bereich {value}: verwenden Sie azure_credit oder visual_studio.")
        }
        (_, Lang::En) => format!("No benefit {value} in this area of your company."),
        (_, Lang::Nl) => format!("Geen voordeel {value} in dit gebied van uw bedrijf."),
        (_, Lang::De) => format!("Kein Vorteil {value} in diesem Bereich Ihres Unternehmens."),
    };
    BulkVerdict::Refused {
        code: code.into(),
        message,
    }
}

/// The command a row asks for: assign when free, transfer / reassign when held.
fn bulk_command(ws: &Workspace, row: &BulkRow, lang: Lang) -> Result<Command, BulkVerdict> {
    let user = ws
        .directory
        .iter()
        .find(|u| u.email.as_str().eq_ignore_ascii_case(row.email.trim()))
        .ok_or_else(|| unknown("unknown_user", lang, row.email.trim()))?;
    let area = HoldingArea::from_key(&row.area)
        .filter(|a| BULK_AREAS.contains(a))
        .ok_or_else(|| unknown("unknown_area", lang, row.area.trim()))?;
    let id: i64 = row
        .benefit
        .trim()
        .parse()
        .map_err(|_| unknown("unknown_benefit", lang, row.benefit.trim()))?;
    let not_found = || unknown("unknown_benefit", lang, row.benefit.trim());
    let user_id = user.id;
    Ok(match area {
        HoldingArea::AzureCredit => {
            let credit = ws.credits.iter().find(|c| c.id == id).ok_or_else(not_found)?;
            if credit.holder.is_some() {
                Command::TransferAzureCredit {
                    credit_id: id,
                    user_id,
                }
            } else {
                Command::AssignAzureCredit {
                    credit_id: id,
                    user_id,
                }
            }
        }
        _ => {
            let subscription = ws
                .visual_studio
                .iter()
                .find(|s| s.id == id)
                .ok_or_else(not_found)?;
            if subscription.assignment.is_some() {
                Command::ReassignVisualStudioSubscriber {
                    subscription_id: id,
                    user_id,
                }
            } else {
                Command::AssignVisualStudioSubscriber {
                    subscription_id: id,
                    user_id,
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::demo_workspace;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap()
    }

    fn row(line: usize, email: &str, area: &str, benefit: &str) -> BulkRow {
        BulkRow {
            line,
            email: email.into(),
            area: area.into(),
            benefit: benefit.into(),
        }
    }

    #[test]
    fn who_has_what_lists_every_person_holding_a_credit_or_subscription() {
        let ws = demo_workspace(Offer::Silver, now());
        let rows = holdings(&WorkspaceView::of(&ws, now()), now(), Lang::En);
        let held = ws.credits.iter().filter(|c| c.holder.is_some()).count()
            + ws.visual_studio.iter().filter(|s| s.assignment.is_some()).count();
        assert_eq!(rows.len(), held);
        assert!(rows
            .windows(2)
            .all(|w| w[0].person.to_lowercase() <= w[1].person.to_lowercase()));
        let daan: Vec<_> = rows
            .iter()
            .filter(|h| h.email == "daan@fabrikam.example")
            .collect();
        assert!(daan.iter().any(|h| h.area == HoldingArea::AzureCredit));
        assert!(daan.iter().any(|h| h.area == HoldingArea::VisualStudio));
    }

    #[test]
    fn a_view_filters_by_area_status_window_and_words_and_survives_its_url() {
        let ws = demo_workspace(Offer::Silver, now());
        let rows = holdings(&WorkspaceView::of(&ws, now()), now(), Lang::En);
        let query = HoldingQuery {
            by: ReportView::Benefit,
            area: Some(HoldingArea::VisualStudio),
            q: "LENA".into(),
            ..HoldingQuery::default()
        };
        let picked = query.select(rows.clone(), now().date_naive());
        assert!(!picked.is_empty());
        assert!(picked
            .iter()
            .all(|h| h.area == HoldingArea::VisualStudio && h.person.contains("Lena")));
        let url = query.to_query_string();
        assert_eq!(url, "by=benefit&area=visual_studio&q=LENA");
        let pairs: Vec<(&str, &str)> = url.split('&').filter_map(|p| p.split_once('=')).collect();
        assert_eq!(HoldingQuery::from_pairs(pairs), query);
        // Nothing in the demo ends within 5 days.
        let soon = HoldingQuery {
            expires_within: Some(5),
            ..HoldingQuery::default()
        };
        assert!(soon.select(rows, now().date_naive()).is_empty());
    }

    #[test]
    fn status_is_expiring_within_30_days_and_expired_after_the_end() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let day = |d| today + chrono::Days::new(d);
        assert_eq!(HoldingStatus::of(Some(day(31)), today), HoldingStatus::Active);
        assert_eq!(HoldingStatus::of(Some(day(30)), today), HoldingStatus::Expiring);
        assert_eq!(HoldingStatus::of(Some(today), today), HoldingStatus::Expiring);
        assert_eq!(HoldingStatus::of(today.pred_opt(), today), HoldingStatus::Expired);
        assert_eq!(HoldingStatus::of(None, today), HoldingStatus::Active);
    }

    #[test]
    fn csv_cells_that_a_spreadsheet_would_run_are_defused() {
        assert!(looks_like_formula("=cmd|' /C calc'!A0"));
        assert!(looks_like_formula("  +1"));
        assert!(looks_like_formula("@SUM(A1)"));
        assert!(!looks_like_formula("ada@fabrikam.example"));
        assert_eq!(formula_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(formula_safe("Ada Global"), "Ada Global");
    }

    #[test]
    fn az_6_vs_3_bulk_rows_get_a_verdict_each_as_if_the_rows_before_were_done() {
        let mut ws = demo_workspace(Offer::Silver, now());
        let before = ws.clone();
        let rows = [
            row(2, "noor@fabrikam.example", "azure_credit", "1102"),
            // AZ-6: Noor now holds one.
            row(3, "noor@fabrikam.example", "azure_credit", "1103"),
            // VS-3: 1302 was assigned 10 days ago.
            row(4, "noor@fabrikam.example", "visual_studio", "1302"),
            row(5, "nobody@fabrikam.example", "azure_credit", "1103"),
            row(6, "lena@fabrikam.example", "software", "1001"),
            row(7, "lena@fabrikam.example", "visual_studio", "9999"),
            row(8, "LENA@fabrikam.example", "Visual Studio", "1303"),
        ];
        let lines = plan_bulk_assignment(&mut ws, &rows, UserId(101), now(), Lang::En);
        let codes: Vec<String> = lines
            .iter()
            .map(|l| match &l.verdict {
                BulkVerdict::Ok { action, .. } => format!("ok:{action}"),
                BulkVerdict::Refused { code, .. } => code.clone(),
            })
            .collect();
        assert_eq!(
            codes,
            [
                "ok:assign_azure_credit",
                "AZ-6",
                "VS-3",
                "unknown_user",
                "unknown_area",
                "unknown_benefit",
                "ok:assign_visual_studio_subscriber"
            ]
        );
        // Only the OK rows changed the workspace.
        assert_ne!(ws, before);
        assert_eq!(ws.credits.iter().filter(|c| c.holder.is_some()).count(), 2);
    }

    #[test]
    fn role_2_a_user_without_the_role_gets_every_row_refused() {
        let mut ws = demo_workspace(Offer::Silver, now());
        let before = ws.clone();
        let rows = [row(2, "noor@fabrikam.example", "azure_credit", "1102")];
        let lines = plan_bulk_assignment(&mut ws, &rows, UserId(105), now(), Lang::Nl);
        assert!(
            matches!(&lines[0].verdict, BulkVerdict::Refused { code, message } if code == "ROLE-2" && message.contains("Ada Global"))
        );
        assert_eq!(ws, before);
    }
}
