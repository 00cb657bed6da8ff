//! Insights (RULES.md §8): allocated vs activated per area, month by month over the last
//! 12 months, from the assignment history and the key-reveal record.
//!
//! "Allocated" counts the benefits of membership offers bought by the end of the month;
//! "activated" counts those held by someone at the end of the month (credits, Visual
//! Studio) or whose keys had been fetched by then (software, SW-1's record).

use crate::history::BenefitKind;
use crate::workspace::Workspace;
use crate::Lang;
use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

/// The areas the chart shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InsightArea {
    Software,
    AzureCredit,
    VisualStudio,
}

impl InsightArea {
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (InsightArea::Software, Lang::En) => "Software",
            (InsightArea::Software, Lang::Nl) => "Software",
            (InsightArea::Software, Lang::De) => "Software",
            (InsightArea::AzureCredit, Lang::En) => "Azure credit",
            (InsightArea::AzureCredit, Lang::Nl) => "Azure-tegoed",
            (InsightArea::AzureCredit, Lang::De) => "Azure-Guthaben",
            (InsightArea::VisualStudio, Lang::En) => "Visual Studio subscriptions",
            (InsightArea::VisualStudio, Lang::Nl) => "Visual Studio-abonnementen",
            (InsightArea::VisualStudio, Lang::De) => "Visual Studio-Abonnements",
        }
    }
}

/// One month of one area.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthPoint {
    pub year: i32,
    pub month: u32,
    pub allocated: u32,
    pub activated: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaSeries {
    pub area: InsightArea,
    /// Oldest first; the last is the current month (up to now).
    pub points: Vec<MonthPoint>,
}

/// The last 12 months (this one included) of every area.
pub fn insights(ws: &Workspace, now: DateTime<Utc>) -> Vec<AreaSeries> {
    let this_month = NaiveDate::from_ymd_opt(now.year(), now.month(), 1).expect("a month's first day");
    // Each month's end: the first moment of the next month, or now for this month.
    let ends: Vec<(NaiveDate, DateTime<Utc>)> = (0..12u32)
        .rev()
        .map(|back| {
            let first = this_month - Months::new(back);
            let end = if back == 0 {
                now
            } else {
                (first + Months::new(1)).and_time(NaiveTime::MIN).and_utc()
            };
            (first, end)
        })
        .collect();
    let bought_by = |offer: crate::benefit::Offer, at: DateTime<Utc>| {
        ws.company
            .offers
            .iter()
            .any(|m| m.offer == offer && m.purchased_on <= at.date_naive())
    };
    // By benefit, so 100,000 assignments are not 100,000² comparisons.
    let mut records: std::collections::HashMap<(BenefitKind, i64), Vec<&crate::history::AssignmentRecord>> =
        std::collections::HashMap::new();
    for r in &ws.history {
        records.entry((r.kind, r.benefit_id)).or_default().push(r);
    }
    let held_at = |kind: BenefitKind, id: i64, at: DateTime<Utc>| {
        records.get(&(kind, id)).is_some_and(|rs| {
            rs.iter()
                .any(|r| r.assigned_at < at && r.removed_at.is_none_or(|gone| gone >= at))
        })
    };
    let series = |area: InsightArea, count: &dyn Fn(DateTime<Utc>) -> (u32, u32)| AreaSeries {
        area,
        points: ends
            .iter()
            .map(|(first, end)| {
                let (allocated, activated) = count(*end);
                MonthPoint {
                    year: first.year(),
                    month: first.month(),
                    allocated,
                    activated,
                }
            })
            .collect(),
    };
    let count = |items: Vec<(crate::benefit::Offer, bool)>| {
        let activated = items.iter().filter(|(_, active)| *active).count();
        (items.len() as u32, activated as u32)
    };
    vec![
        series(InsightArea::Software, &|at| {
            count(
                ws.software
                    .iter()
                    .filter(|s| bought_by(s.offer, at))
                    .map(|s| {
                        (
                            s.offer,
                            ws.key_reveals.iter().any(|r| r.benefit_id == s.id && r.at < at),
                        )
                    })
                    .collect(),
            )
        }),
        series(InsightArea::AzureCredit, &|at| {
            count(
                ws.credits
                    .iter()
                    .filter(|c| bought_by(c.offer, at))
                    .map(|c| (c.offer, held_at(BenefitKind::AzureCredit, c.id, at)))
                    .collect(),
            )
        }),
        series(InsightArea::VisualStudio, &|at| {
            count(
                ws.visual_studio
                    .iter()
                    .filter(|v| bought_by(v.offer, at))
                    .map(|v| (v.offer, held_at(BenefitKind::VisualStudioSubscription, v.id, at)))
                    .collect(),
            )
        }),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::benefit::Offer;
    use crate::demo::demo_workspace;
    use crate::workspace::Command;
    use crate::UserId;
    use chrono::{Duration, TimeZone};

    #[test]
    fn twelve_months_oldest_first_nothing_before_the_purchase() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
        let ws = demo_workspace(Offer::Silver, now);
        let all = insights(&ws, now);
        assert_eq!(all.len(), 3);
        for series in &all {
            assert_eq!(series.points.len(), 12);
            assert_eq!((series.points[0].year, series.points[0].month), (2025, 12));
            assert_eq!((series.points[11].year, series.points[11].month), (2026, 11));
            // Bought 10 days ago: nothing allocated in October.
            assert_eq!(series.points[10].allocated, 0);
        }
        let vs = &all[2].points[11];
        assert_eq!((vs.allocated, vs.activated), (5, 2));
    }

    #[test]
    fn an_assignment_counts_as_activated_from_its_month_on() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
        let mut ws = demo_workspace(Offer::Silver, now);
        let credits_before = insights(&ws, now)[1].points[11];
        let free = ws.credits.iter().find(|c| c.holder.is_none()).unwrap().id;
        let later = now + Duration::hours(1);
        ws.apply(
            &Command::AssignAzureCredit {
                credit_id: free,
                user_id: UserId(105),
            },
            UserId(101),
            later,
        )
        .unwrap();
        let after = insights(&ws, later + Duration::hours(1))[1].points[11];
        assert_eq!(after.activated, credits_before.activated + 1);
        assert_eq!(after.allocated, credits_before.allocated);
    }
}
