//! Expiry and renewal reminders (RULES.md §8): benefits ending in 30 / 15 / 0 days or
//! already ended, Go-To-Market offers near their end, and the membership renewal window
//! (anniversary + 1 day, 30 days long — REF renew-mpn-offers).
//!
//! A reminder's [`Reminder::id`] names its benefit *and* its step, so dismissing the
//! 30-day reminder does not hide the 15-day one.

use crate::benefit::Offer;
use crate::wire::WorkspaceView;
use crate::Lang;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// How urgent: the steps at which users are reminded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReminderStep {
    /// Already ended.
    Expired,
    /// Ends today.
    Today,
    /// Ends within 15 days.
    Within15,
    /// Ends within 30 days.
    Within30,
    /// The renewal window of a membership offer is open now.
    RenewalOpen,
}

impl ReminderStep {
    /// The step for a benefit ending on `end`, or none while it is more than 30 days away.
    pub fn for_end(end: NaiveDate, today: NaiveDate) -> Option<ReminderStep> {
        let days = (end - today).num_days();
        match days {
            ..0 => Some(ReminderStep::Expired),
            0 => Some(ReminderStep::Today),
            1..=15 => Some(ReminderStep::Within15),
            16..=30 => Some(ReminderStep::Within30),
            _ => None,
        }
    }

    const fn key(self) -> &'static str {
        match self {
            ReminderStep::Expired => "expired",
            ReminderStep::Today => "0",
            ReminderStep::Within15 => "15",
            ReminderStep::Within30 => "30",
            ReminderStep::RenewalOpen => "renewal",
        }
    }
}

/// What a reminder is about, with the area page that shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    /// Stable across reloads: what and which step (for "dismissed").
    pub id: String,
    pub step: ReminderStep,
    /// The benefit's or offer's name.
    pub subject: String,
    /// The end date, or for a renewal the last day of the window.
    pub date: NaiveDate,
    /// The SPA path where it is managed.
    pub path: String,
    /// An Azure credit's kind: its name is written in the reader's language, not `subject`'s.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<crate::azure::CreditKind>,
}

impl Reminder {
    /// The sentence shown, in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        let date = lang.format_date(self.date);
        let named;
        let s = match self.credit {
            Some(kind) => {
                named = format!(
                    "{} {}",
                    kind.name(lang),
                    self.subject.rsplit(' ').next().unwrap_or("")
                );
                &named
            }
            None => &self.subject,
        };
        match (self.step, lang) {
            (ReminderStep::Expired, Lang::En) => format!("{s} expired on {date}."),
            (ReminderStep::Expired, Lang::Nl) => format!("{s} is verlopen op {date}."),
            (ReminderStep::Expired, Lang::De) => format!("{s} ist am {date} abgelaufen."),
            (ReminderStep::Today, Lang::En) => format!("{s} expires today."),
            (ReminderStep::Today, Lang::Nl) => format!("{s} verloopt vandaag."),
            (ReminderStep::Today, Lang::De) => format!("{s} läuft heute ab."),
            (ReminderStep::Within15 | ReminderStep::Within30, Lang::En) => format!("{s} expires on {date}."),
            (ReminderStep::Within15 | ReminderStep::Within30, Lang::Nl) => format!("{s} verloopt op {date}."),
            (ReminderStep::Within15 | ReminderStep::Within30, Lang::De) => format!("{s} läuft am {date} ab."),
            (ReminderStep::RenewalOpen, Lang::En) => {
                format!("Renew {s}: the renewal window is open until {date}.")
            }
            (ReminderStep::RenewalOpen, Lang::Nl) => {
                format!("Verleng {s}: de verlengingsperiode loopt tot {date}.")
            }
            (ReminderStep::RenewalOpen, Lang::De) => {
                format!("{s} verlängern: Das Verlängerungsfenster ist bis {date} geöffnet.")
            }
        }
    }
}

/// Every reminder due now, most urgent first (then by date).
pub fn reminders(view: &WorkspaceView, now: DateTime<Utc>) -> Vec<Reminder> {
    let today = now.date_naive();
    let mut found = Vec::new();
    let mut ending = |key: String, subject: String, end: NaiveDate, path: &str| {
        if let Some(step) = ReminderStep::for_end(end, today) {
            found.push(Reminder {
                id: format!("{key}:{}", step.key()),
                step,
                subject,
                date: end,
                path: path.to_string(),
                credit: None,
            });
        }
    };
    for s in &view.software {
        ending(
            format!("software:{}", s.id),
            s.product.clone(),
            s.expires_on,
            "/benefits/software",
        );
    }
    for c in &view.credits {
        ending(
            format!("credit:{}", c.id),
            format!("{} {}", c.kind.name(Lang::En), c.id),
            c.expires_on,
            "/benefits/azure",
        );
    }

    for l in &view.licences {
        ending(
            format!("licence:{}", l.id),
            l.product.clone(),
            l.expires_on,
            "/benefits/azure",
        );
    }
    for v in &view.visual_studio {
        let subject = format!("{} {}", v.product.name(), v.id);
        ending(
            format!("visual_studio:{}", v.id),
            subject,
            v.expires_on,
            "/benefits/visual-studio",
        );
    }
    for s in &view.support {
        let subject = "Microsoft product support".to_string();
        ending(
            format!("support:{}", s.id),
            subject,
            s.expires_on,
            "/benefits/technical",
        );
    }
    for o in &view.go_to_market {
        if let crate::go_to_market::GoToMarketStatus::Active { expires_on } = o.status {
            let subject = o.benefit_name.clone();
            ending(
                format!("go_to_market:{}", o.id),
                subject,
                expires_on,
                "/benefits/go-to-market",
            );
        }
    }
    for membership in &view.company.offers {
        let (opens, closes) = membership.renewal_window();
        if opens <= today && today <= closes {
            found.push(Reminder {
                id: format!("renewal:{}:{}", membership.offer.key(), membership.anniversary()),
                step: ReminderStep::RenewalOpen,
                subject: offer_name(membership.offer),
                date: closes,
                path: "/membership".into(),
                credit: None,
            });
        }
    }
    // The credits' names follow the reader's language (`Reminder::message`).
    for reminder in &mut found {
        if let Some(id) = reminder
            .id
            .strip_prefix("credit:")
            .and_then(|rest| rest.split(':').next())
        {
            reminder.credit = view
                .credits
                .iter()
                .find(|c| c.id.to_string() == id)
                .map(|c| c.kind);
        }
    }
    found.sort_by(|a, b| (a.step, a.date, &a.id).cmp(&(b.step, b.date, &b.id)));
    found
}

fn offer_name(offer: Offer) -> String {
    match offer {
        Offer::ActionPack => "Action Pack".into(),
        other => format!("MPN {}", other.label()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::demo_workspace;
    use chrono::{Days, TimeZone};

    fn at(date: NaiveDate) -> DateTime<Utc> {
        Utc.from_utc_datetime(&date.and_hms_opt(9, 0, 0).unwrap())
    }

    #[test]
    fn steps_are_30_15_0_days_and_expired() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let day = |n| today + Days::new(n);
        assert_eq!(ReminderStep::for_end(day(31), today), None);
        assert_eq!(
            ReminderStep::for_end(day(30), today),
            Some(ReminderStep::Within30)
        );
        assert_eq!(
            ReminderStep::for_end(day(16), today),
            Some(ReminderStep::Within30)
        );
        assert_eq!(
            ReminderStep::for_end(day(15), today),
            Some(ReminderStep::Within15)
        );
        assert_eq!(ReminderStep::for_end(day(1), today), Some(ReminderStep::Within15));
        assert_eq!(ReminderStep::for_end(today, today), Some(ReminderStep::Today));
        assert_eq!(
            ReminderStep::for_end(today.pred_opt().unwrap(), today),
            Some(ReminderStep::Expired)
        );
    }

    #[test]
    fn a_credit_reminder_names_the_credit_in_the_readers_language() {
        let bought = at(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
        let ws = demo_workspace(Offer::Silver, bought);
        let near = at(ws.credits[0].expires_on - Days::new(10));
        let due = reminders(&WorkspaceView::of(&ws, near), near);
        let credit = due.iter().find(|r| r.id.starts_with("credit:1102:")).unwrap();
        assert!(
            credit
                .message(Lang::De)
                .starts_with("Monatliches Azure-Guthaben 1102"),
            "{}",
            credit.message(Lang::De)
        );
        assert!(credit
            .message(Lang::Nl)
            .starts_with("Maandelijks Azure-tegoed 1102"));
        assert!(credit.message(Lang::En).starts_with("Azure monthly credit 1102"));
    }

    #[test]
    fn a_fresh_membership_has_no_reminders_and_the_end_of_the_year_brings_them_in_order() {
        let bought = at(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
        let ws = demo_workspace(Offer::Silver, bought);
        let view = |now| WorkspaceView::of(&ws, now);
        assert!(reminders(&view(bought), bought).is_empty());
        // Every demo benefit ends with the membership year: find the last day.
        let end = ws.software[0].expires_on;
        let near = at(end - Days::new(10));
        let due = reminders(&view(near), near);
        assert!(!due.is_empty());
        assert!(due.iter().all(|r| r.step == ReminderStep::Within15), "{due:?}");
        assert!(due.iter().any(|r| r.path == "/benefits/visual-studio"));
        // The same benefit at another step has another ID, so a dismissal doesn't carry over.
        let later = at(end);
        let today: Vec<String> = reminders(&view(later), later).into_iter().map(|r| r.id).collect();
        assert!(due.iter().all(|r| !today.contains(&r.id)));
    }

    #[test]
    fn the_renewal_window_opens_the_day_after_the_anniversary_for_30_days() {
        let bought = at(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
        let ws = demo_workspace(Offer::Gold, bought);
        let membership = ws.company.offers[0].clone();
        let anniversary = membership.anniversary();
        let on = |date: NaiveDate| {
            reminders(&WorkspaceView::of(&ws, at(date)), at(date))
                .into_iter()
                .filter(|r| r.step == ReminderStep::RenewalOpen)
                .collect::<Vec<_>>()
        };
        assert!(on(anniversary).is_empty());
        let open = on(anniversary + Days::new(1));
        assert_eq!(open.len(), 1);
        assert_eq!(open[0].date, anniversary + Days::new(30));
        assert_eq!(
            open[0].message(Lang::En),
            format!(
                "Renew MPN Gold: the renewal window is open until {}.",
                Lang::En.format_date(anniversary + Days::new(30))
            )
        );
        assert_eq!(on(anniversary + Days::new(30)).len(), 1);
        assert!(on(anniversary + Days::new(31)).is_empty());
    }
}
