//! A refused action: the rule that refused it and what is needed to explain it.

use crate::{Lang, Role, RuleId, UserRef};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A rule refused an action. `reason` carries the facts a message needs
/// (dates, people), so the SPA and the server word it the same way.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    pub rule: RuleId,
    pub reason: Reason,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// ROLE-2/3/5, with ROLE-6's list of who may do it.
    MissingRole {
        needs_any_of: Vec<Role>,
        who_can: Vec<UserRef>,
    },
    /// ROW-3.
    Expired { expires_on: NaiveDate },
    /// VS-1: the chosen person is not in the company's user list.
    UserNotInDirectory,
    /// VS-1: reassigning needs a subscriber to take over from.
    NoSubscriberYet,
    /// VS-2: a subscription has one subscriber; it can't be shared.
    AlreadyHasSubscriber { subscriber: UserRef },
    /// VS-2: the chosen person already holds this subscription.
    AlreadyTheSubscriber { subscriber: UserRef },
    /// VS-3: 90 days must pass since the current subscriber was assigned.
    ReassignNotBefore {
        assigned_on: NaiveDate,
        reassignable_from: NaiveDate,
    },
}

impl Violation {
    pub fn new(rule: RuleId, reason: Reason) -> Violation {
        Violation { rule, reason }
    }

    /// The explanation shown next to the refused control and in the API's error body.
    pub fn message(&self, lang: Lang) -> String {
        match &self.reason {
            Reason::MissingRole {
                needs_any_of,
                who_can,
            } => {
                let roles = join_or(needs_any_of.iter().map(|r| r.label(lang)), lang);
                let people = who_can
                    .iter()
                    .map(|u| format!("{} ({})", u.display_name, u.email))
                    .collect::<Vec<_>>()
                    .join(", ");
                match (lang, people.is_empty()) {
                    (Lang::En, false) => format!("Only a {roles} can do this. Ask {people}."),
                    (Lang::En, true) => {
                        format!("Only a {roles} can do this, and nobody in your company has that role.")
                    }
                    (Lang::Nl, false) => {
                        format!("Alleen een {roles} kan dit doen. Vraag het aan {people}.")
                    }
                    (Lang::Nl, true) => format!(
                        "Alleen een {roles} kan dit doen, en niemand in uw bedrijf heeft die rol."
                    ),
                    (Lang::De, false) => {
                        format!("Nur ein {roles} kann das tun. Wenden Sie sich an {people}.")
                    }
                    (Lang::De, true) => format!(
                        "Nur ein {roles} kann das tun, und niemand in Ihrem Unternehmen hat diese Rolle."
                    ),
                }
            }
            Reason::Expired { expires_on } => {
                let date = lang.format_date(*expires_on);
                match lang {
                    Lang::En => format!("This benefit expired after {date} and can no longer be changed."),
                    Lang::Nl => format!("Dit voordeel is verlopen na {date} en kan niet meer worden gewijzigd."),
                    Lang::De => format!("Dieser Vorteil ist nach dem {date} abgelaufen und kann nicht mehr geändert werden."),
                }
            }
            Reason::UserNotInDirectory => match lang {
                Lang::En => "This person is not in your company's user list. Add them in Account settings first.".into(),
                Lang::Nl => "Deze persoon staat niet in de gebruikerslijst van uw bedrijf. Voeg de gebruiker eerst toe in Accountinstellingen.".into(),
                Lang::De => "Diese Person ist nicht in der Benutzerliste Ihres Unternehmens. Fügen Sie sie zuerst in den Kontoeinstellungen hinzu.".into(),
            },
            Reason::NoSubscriberYet => match lang {
                Lang::En => "This subscription has no subscriber yet: assign a user instead.".into(),
                Lang::Nl => "Dit abonnement heeft nog geen abonnee: wijs in plaats daarvan een gebruiker toe.".into(),
                Lang::De => "Dieses Abonnement hat noch keinen Abonnenten: Weisen Sie stattdessen einen Benutzer zu.".into(),
            },
            Reason::AlreadyHasSubscriber { subscriber } => {
                let who = &subscriber.display_name;
                match lang {
                    Lang::En => format!("This subscription is already assigned to {who}. A subscription can't be shared; reassign it instead."),
                    Lang::Nl => format!("Dit abonnement is al toegewezen aan {who}. Een abonnement kan niet worden gedeeld; wijs het opnieuw toe."),
                    Lang::De => format!("Dieses Abonnement ist bereits {who} zugewiesen. Ein Abonnement kann nicht geteilt werden; weisen Sie es neu zu."),
                }
            }
            Reason::AlreadyTheSubscriber { subscriber } => {
                let who = &subscriber.display_name;
                match lang {
                    Lang::En => format!("{who} already holds this subscription."),
                    Lang::Nl => format!("{who} heeft dit abonnement al."),
                    Lang::De => format!("{who} hat dieses Abonnement bereits."),
                }
            }
            Reason::ReassignNotBefore {
                assigned_on,
                reassignable_from,
            } => {
                let assigned = lang.format_date(*assigned_on);
                let from = lang.format_date(*reassignable_from);
                match lang {
                    Lang::En => format!("Assigned on {assigned}: it can be reassigned from {from}, when 90 days have passed."),
                    Lang::Nl => format!("Toegewezen op {assigned}: opnieuw toewijzen kan vanaf {from}, als er 90 dagen zijn verstreken."),
                    Lang::De => format!("Zugewiesen am {assigned}: Eine Neuzuweisung ist ab dem {from} möglich, wenn 90 Tage vergangen sind."),
                }
            }
        }
    }
}

/// "A", "A or B", "A, B or C" in the reader's language.
fn join_or<'a>(items: impl Iterator<Item = &'a str>, lang: Lang) -> String {
    let items: Vec<&str> = items.collect();
    let or = match lang {
        Lang::En => "or",
        Lang::Nl => "of",
        Lang::De => "oder",
    };
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} {or} {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EmailAddress, UserId};

    fn ada() -> UserRef {
        UserRef {
            id: UserId(1),
            display_name: "Ada Global".into(),
            email: EmailAddress::parse("ada@fabrikam.example").unwrap(),
        }
    }

    #[test]
    fn role_6_missing_role_messages_name_the_people_to_ask_in_every_language() {
        let violation = Violation::new(
            RuleId::Role2,
            Reason::MissingRole {
                needs_any_of: vec![Role::GlobalAdmin],
                who_can: vec![ada()],
            },
        );
        assert_eq!(
            violation.message(Lang::En),
            "Only a Global admin can do this. Ask Ada Global (ada@fabrikam.example)."
        );
        assert!(violation.message(Lang::Nl).contains("Globale beheerder"));
        assert!(violation.message(Lang::De).contains("Globaler Administrator"));
        for lang in Lang::ALL {
            assert!(violation.message(lang).contains("ada@fabrikam.example"));
        }
    }

    #[test]
    fn several_roles_read_as_a_list() {
        let roles = [Role::GlobalAdmin, Role::MpnPartnerAdmin];
        assert_eq!(
            join_or(roles.iter().map(|r| r.label(Lang::En)), Lang::En),
            "Global admin or MPN partner admin"
        );
    }

    #[test]
    fn violations_cross_the_wire_unchanged() {
        let violation = Violation::new(
            RuleId::Vs3,
            Reason::ReassignNotBefore {
                assigned_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                reassignable_from: NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
            },
        );
        let json = serde_json::to_value(&violation).unwrap();
        assert_eq!(json["rule"], "VS-3");
        assert_eq!(json["reason"]["kind"], "reassign_not_before");
        assert_eq!(json["reason"]["reassignable_from"], "2026-04-01");
        let back: Violation = serde_json::from_value(json).unwrap();
        assert_eq!(back, violation);
    }
}
