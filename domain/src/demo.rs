//! A complete demo workspace for one company: every area filled, every role present.
//! Used by property tests and as the pattern for the server's demo data.

use crate::azure::{AzureCredit, CreditHolder, CreditKind};
use crate::benefit::Offer;
use crate::company::{Company, MembershipOffer};
use crate::go_to_market::GoToMarketStatus;
use crate::history::{AssignmentRecord, BenefitKind};
use crate::identifiers::ProductKey;
use crate::licences::ProductKeyEntry;
use crate::membership::provision;
use crate::money::{Currency, Money};
use crate::software::{Activations, Download, OperatingSystem, SoftwareKey};
use crate::visual_studio::{VisualStudioAssignment, VisualStudioSubscription};
use crate::workspace::Workspace;
use crate::{EmailAddress, Role, User, UserId};
use chrono::{DateTime, Days, Utc};

fn user(id: i64, name: &str, email: &str, roles: &[Role], guest: bool) -> User {
    User {
        id: UserId(id),
        display_name: name.into(),
        email: EmailAddress::parse(email).expect("demo addresses are valid"),
        roles: roles.to_vec(),
        guest,
    }
}

/// A demo company: its ID (which also prefixes every ID in it), name, e-mail domain and offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemoCompany {
    pub id: i64,
    pub name: &'static str,
    pub domain: &'static str,
    pub offer: Offer,
}

/// The three demo companies: one per offer, so every flow of every area can be tried.
pub const DEMO_COMPANIES: [DemoCompany; 3] = [
    DemoCompany {
        id: 1,
        name: "Fabrikam Partners",
        domain: "fabrikam.example",
        offer: Offer::Silver,
    },
    DemoCompany {
        id: 2,
        name: "Contoso Starter",
        domain: "contoso.example",
        offer: Offer::ActionPack,
    },
    DemoCompany {
        id: 3,
        name: "Northwind Gold",
        domain: "northwind.example",
        offer: Offer::Gold,
    },
];

/// Every demo user signs in with this password.
pub const DEMO_PASSWORD: &str = "demo-benefits";

/// One user per role (ROLE-1), users without a role, and a guest (ROLE-8). IDs are
/// `company × 100 + n`, so IDs never repeat across companies.
pub fn demo_directory(company: &DemoCompany) -> Vec<User> {
    let people: [(&str, &str, &[Role], bool); 8] = [
        ("Ada Global", "ada", &[Role::GlobalAdmin], false),
        ("Uma Users", "uma", &[Role::UserManagementAdmin], false),
        ("Aldo Agent", "aldo", &[Role::AdminAgent], false),
        ("Mia Partner", "mia", &[Role::MpnPartnerAdmin], false),
        ("Noor Viewer", "noor", &[], false),
        ("Daan de Vries", "daan", &[], false),
        ("Lena Fischer", "lena", &[], false),
        ("Gus Guest", "gus", &[], true),
    ];
    people
        .iter()
        .enumerate()
        .map(|(n, (name, local, roles, guest))| {
            let domain = if *guest {
                format!("contractor.{}", company.domain)
            } else {
                company.domain.to_string()
            };
            user(
                company.id * 100 + n as i64 + 1,
                name,
                &format!("{local}@{domain}"),
                roles,
                *guest,
            )
        })
        .collect()
}

fn key(n: i64) -> ProductKey {
    ProductKey::parse(&format!("DEMO0-{:05}-AAAAA-BBBBB-CCCCC", n % 100_000)).expect("demo keys are valid")
}

/// A workspace for a company holding `offer`, bought 10 days before `now`.
pub fn demo_workspace(offer: Offer, now: DateTime<Utc>) -> Workspace {
    let company = DEMO_COMPANIES
        .into_iter()
        .find(|c| c.offer == offer)
        .expect("one demo company per offer");
    demo_company_workspace(&company, now)
}

/// The demo workspace of one demo company, provisioned from OFR-1's table like any other.
/// Benefit IDs are `company × 1000 + n`: software 1–99, credits 100–199, licences 200–299
/// (their keys too), Visual Studio 300–399, support 400–499, Go-To-Market 500–599.
pub fn demo_company_workspace(demo: &DemoCompany, now: DateTime<Utc>) -> Workspace {
    let offer = demo.offer;
    let base = demo.id * 1000;
    let person = |n: i64| UserId(demo.id * 100 + n);
    let today = now.date_naive();
    let membership = MembershipOffer::new(offer, today - Days::new(10));
    let company = Company {
        id: demo.id,
        name: demo.name.into(),
        account_email: EmailAddress::parse(&format!("partnercenter@{}", demo.domain)).expect("valid"),
        currency: Currency::EUR,
        offers: vec![membership.clone()],
        // AZ-1: what this company's Partner Center shows for USD 100 (a demo figure).
        usd_100_equivalent: Some(Money::new(8_600, Currency::EUR)),
    };
    // OFR-1: what the offer provisions (the same table as a real company's), then what a
    // real company would have imported and done: keys, downloads, people holding things.
    let mut p = provision(&membership, true);
    let monthly = p.credits.iter().filter(|c| c.kind == CreditKind::Monthly).count();
    p.number(|kind, n| {
        let n = n as i64;
        base + match kind {
            BenefitKind::Software => 1 + n,
            // Monthly credits 101…, the bulk one 111.
            BenefitKind::AzureCredit if n < monthly as i64 => 101 + n,
            BenefitKind::AzureCredit => 111 + n - monthly as i64,
            BenefitKind::LicenceSubscription => 201 + n,
            BenefitKind::VisualStudioSubscription => 301 + n,
            BenefitKind::ProductSupport => 401 + n,
            BenefitKind::GoToMarketOffer => 501 + n,
        }
    });
    let mut software = p.software;
    for benefit in &mut software {
        benefit.keys = vec![SoftwareKey {
            key: key(benefit.id),
            activations: Activations::new(0, benefit.quantity).expect("valid"),
        }];
    }
    if let Some(office) = software.first_mut() {
        office.special_instructions = Some(crate::membership::VOLUME_MEDIA_INSTRUCTIONS.into());
        office.downloads = ["en-US", "nl-NL", "de-DE"]
            .into_iter()
            .flat_map(|language| {
                [OperatingSystem::Windows64, OperatingSystem::Windows32].map(|os| Download {
                    language: language.into(),
                    os,
                    file_name: format!("office-2024-{language}-{os:?}.iso").to_lowercase(),
                    url: format!("https://downloads.example/office-2024/{language}/{os:?}").to_lowercase(),
                })
            })
            .collect();
    }
    let mut credits = p.credits;
    if let Some(first) = credits.iter_mut().find(|c| c.id == base + 101) {
        first.holder = Some(CreditHolder {
            user: person(6),
            assigned_at: now - Days::new(5),
        });
        first.ever_assigned = true;
    }
    let mut licences = p.licences;
    for subscription in &mut licences {
        subscription.keys = (1..=3)
            .map(|n| ProductKeyEntry {
                id: base + 210 + n,
                key: key(base + 210 + n),
                seats: [25, 25, 100][n as usize - 1],
                redeemed: None,
                replacement_issued: false,
                replaces: None,
            })
            .collect();
    }
    let mut visual_studio = p.visual_studio;
    for (n, subscription) in visual_studio.iter_mut().enumerate() {
        subscription.assignment = match n {
            0 => Some(VisualStudioAssignment {
                subscriber: person(6),
                assigned_at: now - Days::new(120),
            }),
            1 => Some(VisualStudioAssignment {
                subscriber: person(7),
                assigned_at: now - Days::new(10),
            }),
            _ => None,
        };
    }
    let mut go_to_market = p.go_to_market;
    // Gold's co-sell offer was activated last year and ends in 12 days, so the demo has
    // something to remind of (RULES.md §8).
    if offer == Offer::Gold {
        if let Some(co_sell) = go_to_market.get_mut(1) {
            co_sell.status = GoToMarketStatus::Active {
                expires_on: today + Days::new(12),
            };
        }
    }
    let mut history = visual_studio_history(&visual_studio);
    history.extend(credits.iter().filter_map(|c: &AzureCredit| {
        c.holder.as_ref().map(|h| AssignmentRecord {
            kind: BenefitKind::AzureCredit,
            benefit_id: c.id,
            user: h.user,
            assigned_at: h.assigned_at,
            removed_at: None,
        })
    }));
    Workspace {
        company,
        directory: demo_directory(demo),
        software,
        key_reveals: vec![],
        credits,
        licences,
        visual_studio,
        support: p.support,
        advisory_hours_used: 0,
        advisory_requests: vec![],
        marketing_contact: None,
        go_to_market,
        cancellations: vec![],
        history,
    }
}

/// The open assignment records of subscriptions that start out held.
fn visual_studio_history(subscriptions: &[VisualStudioSubscription]) -> Vec<AssignmentRecord> {
    subscriptions
        .iter()
        .filter_map(|s| {
            s.assignment.as_ref().map(|a| AssignmentRecord {
                kind: BenefitKind::VisualStudioSubscription,
                benefit_id: s.id,
                user: a.subscriber,
                assigned_at: a.assigned_at,
                removed_at: None,
            })
        })
        .collect()
}
