//! The audit log as a person reads it: what changed named as the lists name it, and each
//! field that changed as "Label: before → after" in the reader's language — people by name,
//! dates and yes/no per locale, never a raw JSON object or an internal code.

use crate::{Lang, Role, UserId};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;

/// One field that changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeLine {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// Fields no reader needs: bookkeeping, and what a row keeps constant.
const SKIPPED: [&str; 6] = ["version", "id", "ever_assigned", "benefit_type", "kind", "offer"];

/// What an audit line is about, as the lists name it: "Azure monthly credit 1102",
/// "Visual Studio Enterprise 1301", "Ada Global", "Silver". `snapshot` is the line's before
/// or after (whichever there is).
pub fn subject_label(
    subject: &str,
    snapshot: Option<&Value>,
    lang: Lang,
    name_of: &dyn Fn(UserId) -> Option<String>,
) -> String {
    let (kind, id) = subject.split_once(':').unwrap_or((subject, ""));
    let text = |key: &str| snapshot.and_then(|s| s.get(key)).and_then(Value::as_str);
    let numbered = |name: String| {
        if id.is_empty() {
            name
        } else {
            format!("{name} {id}")
        }
    };
    match kind {
        "azure_credit" => numbered(match text("kind") {
            Some("bulk") => crate::azure::CreditKind::Bulk.name(lang).into(),
            _ => crate::azure::CreditKind::Monthly.name(lang).into(),
        }),
        "visual_studio_subscription" => numbered(match text("product") {
            Some("professional") => "Visual Studio Professional".into(),
            _ => "Visual Studio Enterprise".into(),
        }),
        "software" | "licence_subscription" => numbered(text("product").unwrap_or(kind).to_string()),
        "go_to_market_offer" => numbered(text("benefit_name").unwrap_or("Go-To-Market").to_string()),
        "product_support" => numbered(match lang {
            Lang::En => "Product support".into(),
            Lang::Nl => "Productondersteuning".into(),
            Lang::De => "Produktsupport".into(),
        }),
        "user" => id
            .parse()
            .ok()
            .and_then(|n| name_of(UserId(n)))
            .or_else(|| text("display_name").map(str::to_string))
            .unwrap_or_else(|| format!("#{id}")),
        "offer" => crate::benefit::Offer::from_key(id)
            .map(|o| o.label().to_string())
            .unwrap_or_else(|| id.to_string()),
        "marketing_contact" => field_label("marketing_contact", lang),
        "company" => field_label("company", lang),
        "inventory" => field_label("inventory", lang),
        "advisory_request" => format!("{} {id}", field_label("advisory_request", lang)),
        _ => subject.to_string(),
    }
}

/// Every field that differs between `before` and `after`, labelled and worded for `lang`.
pub fn change_lines(
    before: Option<&Value>,
    after: Option<&Value>,
    lang: Lang,
    name_of: &dyn Fn(UserId) -> Option<String>,
) -> Vec<ChangeLine> {
    let mut old = Vec::new();
    let mut new = Vec::new();
    if let Some(v) = before {
        flatten(v, "", &mut old);
    }
    if let Some(v) = after {
        flatten(v, "", &mut new);
    }
    let mut paths: Vec<&String> = old
        .iter()
        .map(|(p, _)| p)
        .chain(new.iter().map(|(p, _)| p))
        .collect();
    let mut seen = std::collections::HashSet::new();
    paths.retain(|p| seen.insert(*p));
    let value_at = |list: &[(String, Value)], path: &str| {
        list.iter()
            .find(|(p, _)| p == path)
            .map(|(_, v)| v.clone())
            .unwrap_or(Value::Null)
    };
    paths
        .into_iter()
        .filter_map(|path| {
            let (b, a) = (value_at(&old, path), value_at(&new, path));
            if b == a {
                return None;
            }
            let key = path.rsplit('.').next().unwrap_or(path);
            Some(ChangeLine {
                field: path_label(path, lang),
                before: value_text(key, &b, lang, name_of),
                after: value_text(key, &a, lang, name_of),
            })
        })
        .collect()
}

/// Leaves by dotted path; an array of objects with IDs is keyed by ID (`keys.1211.seats`),
/// an array of plain values stays one leaf (roles).
fn flatten(value: &Value, path: &str, out: &mut Vec<(String, Value)>) {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    match value {
        // An amount is one value ("EUR 86.00"), not its parts.
        Value::Object(_) if as_money(value).is_some() => out.push((path.to_string(), value.clone())),
        Value::Object(map) => {
            // Who and what state first ("Holder", then "Holder · Since").
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries
                .sort_by_key(|(key, _)| !matches!(key.as_str(), "user" | "subscriber" | "state" | "status"));
            for (key, child) in entries {
                if SKIPPED.contains(&key.as_str()) {
                    continue;
                }
                flatten(child, &join(key), out);
            }
        }
        Value::Array(items) if items.iter().all(|i| i.get("id").is_some()) && !items.is_empty() => {
            for item in items {
                let id = item.get("id").map(|i| i.to_string()).unwrap_or_default();
                flatten(item, &join(&id), out);
            }
        }
        other => out.push((path.to_string(), other.clone())),
    }
}

/// "Holder", "Key 1211 · Redeemed on" …: each segment's label, numbered segments as "#n".
fn path_label(path: &str, lang: Lang) -> String {
    let segments: Vec<&str> = path.split('.').collect();
    let mut parts: Vec<String> = Vec::new();
    for (n, segment) in segments.iter().enumerate() {
        if segment.parse::<i64>().is_ok() {
            if let Some(previous) = parts.last_mut() {
                *previous = format!("{previous} {segment}");
            }
            continue;
        }
        // A tagged enum's tag (`state.state`) and a holder's user (`holder.user`) read as
        // their parent alone: "Status", "Holder".
        let parent = n.checked_sub(1).map(|p| segments[p]);
        let redundant = matches!(
            (parent, *segment),
            (Some("state"), "state")
                | (Some("status"), "status")
                | (Some("holder"), "user")
                | (Some("assignment"), "subscriber")
        );
        if !redundant {
            parts.push(field_label(segment, lang));
        }
    }
    parts.join(" · ")
}

/// A field's label in the reader's language (its key, spaced, when it has none).
pub fn field_label(key: &str, lang: Lang) -> String {
    let (en, nl, de) = match key {
        "holder" => ("Holder", "Houder", "Inhaber"),
        "usd_100_equivalent" => (
            "Equivalent of USD 100 of Azure credit",
            "Equivalent van USD 100 Azure-tegoed",
            "Gegenwert von 100 USD Azure-Guthaben",
        ),
        "user" => ("User", "Gebruiker", "Benutzer"),
        "assignment" | "subscriber" => ("Subscriber", "Abonnee", "Abonnent"),
        "freed_from" => (
            "Freed (holder left)",
            "Vrijgegeven (houder vertrokken)",
            "Freigegeben (Inhaber gegangen)",
        ),
        "assigned_at" => ("Since", "Sinds", "Seit"),
        "state" | "status" => ("Status", "Status", "Status"),
        "expires_on" => ("Expires", "Verloopt", "Läuft ab"),
        "enrolment_year_ends_on" => (
            "Enrolment year ends",
            "Inschrijvingsjaar eindigt",
            "Registrierungsjahr endet",
        ),
        "reassignments" => ("Reassignments", "Hertoewijzingen", "Neuzuweisungen"),
        "redeemed" => ("Redeemed", "Ingewisseld", "Eingelöst"),
        "keys" => ("Key", "Sleutel", "Schlüssel"),
        "seats" => ("Seats", "Plaatsen", "Plätze"),
        "active_seats" => ("Active seats", "Actieve plaatsen", "Aktive Plätze"),
        "ends_on" => ("Subscription ends", "Abonnement eindigt", "Abonnement endet"),
        "replacement_issued" => (
            "Replacement issued",
            "Vervanging uitgegeven",
            "Ersatz ausgestellt",
        ),
        "mode" => ("How", "Hoe", "Wie"),
        "at" => ("On", "Op", "Am"),
        "by" => ("By", "Door", "Von"),
        "requested_at" => ("Requested on", "Aangevraagd op", "Angefordert am"),
        "activated_at" => ("Activated on", "Geactiveerd op", "Aktiviert am"),
        "contact" => ("Contact", "Contactpersoon", "Kontakt"),
        "access_id" => ("Access ID", "Toegangs-id", "Zugriffs-ID"),
        "contract_id" => ("Contract ID", "Contract-id", "Vertrags-ID"),
        "incidents_used" => ("Incidents used", "Gebruikte incidenten", "Verwendete Vorfälle"),
        "display_name" => ("Name", "Naam", "Name"),
        "email" => ("E-mail", "E-mail", "E-Mail"),
        "roles" => ("Roles", "Rollen", "Rollen"),
        "guest" => ("Guest", "Gast", "Gast"),
        "phone" => ("Phone", "Telefoon", "Telefon"),
        "preferred_language" => ("Preferred language", "Voorkeurstaal", "Bevorzugte Sprache"),
        "hours_used" => (
            "Advisory hours used",
            "Gebruikte adviesuren",
            "Verwendete Beratungsstunden",
        ),
        "purchased_on" => ("Purchased on", "Gekocht op", "Gekauft am"),
        "renewed_until" => ("Anniversary", "Verjaardag", "Jahrestag"),
        "held" => ("Held", "Had", "Hatte"),
        "monthly_credits" => ("Monthly credits", "Maandelijkse tegoeden", "Monatliche Guthaben"),
        "bulk_credits" => ("Bulk credits", "Jaarlijkse tegoeden", "Jährliche Guthaben"),
        "visual_studio" => ("Visual Studio", "Visual Studio", "Visual Studio"),
        "marketing_contact" => ("Marketing contact", "Marketingcontactpersoon", "Marketingkontakt"),
        "company" => ("Company", "Bedrijf", "Unternehmen"),
        "inventory" => ("Inventory", "Inventaris", "Bestand"),
        "advisory_request" => ("Advisory request", "Adviesaanvraag", "Beratungsanfrage"),
        "rows" => ("Rows", "Rijen", "Zeilen"),
        "refused" => ("Refused", "Geweigerd", "Abgelehnt"),
        "benefits" => ("Benefits", "Voordelen", "Vorteile"),
        "name" => ("Name", "Naam", "Name"),
        "account_email" => ("Account e-mail", "Account-e-mail", "Konto-E-Mail"),
        "currency" => ("Currency", "Valuta", "Währung"),
        "offers" => ("Offers", "Aanbiedingen", "Angebote"),
        "quantity" => ("Quantity", "Aantal", "Menge"),
        "product" => ("Product", "Product", "Produkt"),
        "activations" => ("Activations", "Activeringen", "Aktivierungen"),
        "amount" => ("Amount", "Bedrag", "Betrag"),
        "benefit_name" => ("Benefit", "Voordeel", "Vorteil"),
        _ => return key.replace('_', " "),
    };
    match lang {
        Lang::En => en,
        Lang::Nl => nl,
        Lang::De => de,
    }
    .to_string()
}

/// A value as the reader reads it.
fn value_text(key: &str, value: &Value, lang: Lang, name_of: &dyn Fn(UserId) -> Option<String>) -> String {
    let person = |id: i64| name_of(UserId(id)).unwrap_or_else(|| format!("#{id}"));
    match value {
        Value::Null => "—".into(),
        Value::Bool(b) => match (b, lang) {
            (true, Lang::En) => "Yes",
            (false, Lang::En) => "No",
            (true, Lang::Nl) => "Ja",
            (false, Lang::Nl) => "Nee",
            (true, Lang::De) => "Ja",
            (false, Lang::De) => "Nein",
        }
        .into(),
        Value::Number(n) if matches!(key, "user" | "subscriber" | "by") => {
            n.as_i64().map(person).unwrap_or_default()
        }
        Value::Number(n) => n.to_string(),
        Value::String(s) if key == "roles" => s.clone(),
        Value::String(s) => string_text(key, s, lang),
        Value::Array(items) if key == "roles" => {
            let roles: Vec<String> = items
                .iter()
                .filter_map(|r| serde_json::from_value::<Role>(r.clone()).ok())
                .map(|r| r.label(lang).to_string())
                .collect();
            if roles.is_empty() {
                "—".into()
            } else {
                roles.join(", ")
            }
        }
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(|i| value_text(key, i, lang, name_of)).collect();
            if parts.is_empty() {
                "—".into()
            } else {
                parts.join(", ")
            }
        }
        Value::Object(_) => as_money(value)
            .map(|m| lang.format_money(m))
            .unwrap_or_else(|| "…".into()),
    }
}

fn as_money(value: &Value) -> Option<crate::money::Money> {
    let map = value.as_object()?;
    if map.len() != 2 {
        return None;
    }
    serde_json::from_value(value.clone()).ok()
}

/// Dates per locale, states and modes in words; anything else as it is.
fn string_text(key: &str, s: &str, lang: Lang) -> String {
    if let Ok(date) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return lang.format_date(date);
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(s) {
        return lang.format_date(at.with_timezone(&Utc).date_naive());
    }
    let word = |en: &'static str, nl: &'static str, de: &'static str| match lang {
        Lang::En => en,
        Lang::Nl => nl,
        Lang::De => de,
    };
    let words = match (key, s) {
        ("state" | "status", "not_activated") => word("Not activated", "Niet geactiveerd", "Nicht aktiviert"),
        ("state" | "status", "pending") => word("Pending", "In behandeling", "Ausstehend"),
        ("state" | "status", "active") => word("Active", "Actief", "Aktiv"),
        ("state" | "status", "available") => word("Available", "Beschikbaar", "Verfügbar"),
        ("state" | "status", "submitted") => word("Submitted", "Ingediend", "Eingereicht"),
        ("mode", "add_seats") => word("Add licences", "Licenties toevoegen", "Lizenzen hinzufügen"),
        ("mode", "extend_end_date") => word("Extend end date", "Einddatum verlengen", "Enddatum verlängern"),
        ("preferred_language", "en") => "English",
        ("preferred_language", "nl") => "Nederlands",
        ("preferred_language", "de") => "Deutsch",
        _ => return s.to_string(),
    };
    words.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn names(id: UserId) -> Option<String> {
        (id == UserId(106)).then(|| "Daan de Vries".to_string())
    }

    #[test]
    fn a_credit_given_reads_as_its_holder_and_date_in_the_readers_language() {
        let before = json!({"id": 1102, "kind": "monthly", "holder": null, "reassignments": 0, "version": 1});
        let after = json!({"id": 1102, "kind": "monthly", "holder": {"user": 106, "assigned_at": "2026-11-30T09:30:00Z"}, "reassignments": 0, "version": 2});
        let lines = change_lines(Some(&before), Some(&after), Lang::En, &names);
        assert_eq!(
            lines,
            vec![
                ChangeLine {
                    field: "Holder".into(),
                    before: "—".into(),
                    after: "Daan de Vries".into()
                },
                ChangeLine {
                    field: "Holder · Since".into(),
                    before: "—".into(),
                    after: "30 Nov 2026".into()
                },
            ]
        );
        assert_eq!(
            subject_label("azure_credit:1102", Some(&after), Lang::De, &names),
            "Monatliches Azure-Guthaben 1102"
        );
        let de = change_lines(Some(&before), Some(&after), Lang::De, &names);
        assert_eq!(de[0].field, "Inhaber");
        assert_eq!(de[1].after, "30.11.2026");
    }

    #[test]
    fn states_roles_and_keys_read_as_words_never_as_codes() {
        let before = json!({"state": {"state": "pending", "requested_at": "2026-11-20T08:00:00Z"}});
        let after = json!({"state": {"state": "active", "access_id": "A-1", "contract_id": "C-1", "activated_at": "2026-11-30T08:00:00Z"}});
        let lines = change_lines(Some(&before), Some(&after), Lang::Nl, &names);
        let status = lines.iter().find(|l| l.field == "Status").unwrap();
        assert_eq!(
            (status.before.as_str(), status.after.as_str()),
            ("In behandeling", "Actief")
        );
        assert!(lines
            .iter()
            .any(|l| l.field == "Status · Toegangs-id" && l.after == "A-1"));
        let roles = change_lines(
            Some(&json!({"roles": []})),
            Some(&json!({"roles": ["admin_agent"]})),
            Lang::De,
            &names,
        );
        assert_eq!(roles[0].after, Role::AdminAgent.label(Lang::De));
        let keys = change_lines(
            Some(&json!({"keys": [{"id": 1211, "redeemed": null}]})),
            Some(&json!({"keys": [{"id": 1211, "redeemed": {"mode": "add_seats"}}]})),
            Lang::En,
            &names,
        );
        assert_eq!(keys[0].field, "Key 1211 · Redeemed · How");
        assert_eq!(keys[0].after, "Add licences");
        assert_eq!(subject_label("user:106", None, Lang::En, &names), "Daan de Vries");
        assert_eq!(subject_label("offer:silver", None, Lang::En, &names), "Silver");
    }

    #[test]
    fn an_amount_reads_as_one_value_in_the_readers_format() {
        let lines = change_lines(
            None,
            Some(&json!({"usd_100_equivalent": {"minor_units": 860_000, "currency": "EUR"}})),
            Lang::De,
            &names,
        );
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].field, "Gegenwert von 100 USD Azure-Guthaben");
        assert_eq!(
            (lines[0].before.as_str(), lines[0].after.as_str()),
            ("—", "8.600,00 EUR")
        );
    }
}
