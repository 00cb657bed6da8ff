//! A complete demo workspace for one company: every area filled, every role present.
//! Used by property tests and as the pattern for the server's demo data.

use crate::azure::{credits_for_offer, AzureCredit, CreditHolder, CreditKind};
use crate::benefit::{BenefitType, Offer};
use crate::company::{Company, MembershipOffer};
use crate::go_to_market::{go_to_market_benefits_for, GoToMarketOffer, GoToMarketStatus};
use crate::history::{AssignmentRecord, BenefitKind};
use crate::identifiers::ProductKey;
use crate::licences::{LicenceSubscription, ProductKeyEntry};
use crate::money::Currency;
use crate::software::{Activations, Download, OperatingSystem, SoftwareBenefit, SoftwareKey};
use crate::technical::{ProductSupport, SupportState};
use crate::visual_studio::{allocation_for_offer, VisualStudioAssignment, VisualStudioSubscription};
use crate::workspace::Workspace;
use crate::{EmailAddress, Role, User, UserId};
use chrono::{DateTime, Days, Months, Utc};

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

/// The demo workspace of one demo company. Benefit IDs are `company × 1000 + n`:
/// software 1–99, credits 100–199, licences 200–299 (their keys too), Visual Studio 300–399,
/// support 400–499, Go-To-Market 500–599.
pub fn demo_company_workspace(demo: &DemoCompany, now: DateTime<Utc>) -> Workspace {
    let offer = demo.offer;
    let base = demo.id * 1000;
    let person = |n: i64| UserId(demo.id * 100 + n);
    let today = now.date_naive();
    let purchased_on = today - Days::new(10);
    let expires_on = purchased_on + Months::new(12);
    let company = Company {
        id: demo.id,
        name: demo.name.into(),
        account_email: EmailAddress::parse(&format!("partnercenter@{}", demo.domain)).expect("valid"),
        currency: Currency::EUR,
        offers: vec![MembershipOffer { offer, purchased_on }],
    };
    let software = vec![
        SoftwareBenefit {
            id: base + 1,
            product: "Office LTSC Professional Plus 2024".into(),
            offer,
            benefit_type: BenefitType::Core,
            quantity: 10,
            expires_on,
            keys: vec![SoftwareKey {
                key: key(base + 1),
                activations: Activations::new(0, 10).expect("valid"),
            }],
            special_instructions: Some("Install with the volume-licence media only.".into()),
            downloads: ["en-US", "nl-NL", "de-DE"]
                .into_iter()
                .flat_map(|language| {
                    [OperatingSystem::Windows64, OperatingSystem::Windows32].map(|os| Download {
                        language: language.into(),
                        os,
                        file_name: format!("office-2024-{language}-{os:?}.iso").to_lowercase(),
                        url: format!("https://downloads.example/office-2024/{language}/{os:?}")
                            .to_lowercase(),
                    })
                })
                .collect(),
        },
        SoftwareBenefit {
            id: base + 2,
            product: "Windows Server 2025 CAL".into(),
            offer,
            benefit_type: BenefitType::Core,
            quantity: 25,
            expires_on,
            keys: vec![SoftwareKey {
                key: key(base + 2),
                activations: Activations::new(0, 25).expect("valid"),
            }],
            special_instructions: None,
            downloads: vec![],
        },
    ];
    let credits: Vec<AzureCredit> = credits_for_offer(offer)
        .into_iter()
        .enumerate()
        .flat_map(|(n, (kind, amount))| {
            let copies = if kind == CreditKind::Monthly { 3 } else { 1 };
            (0..copies).map(move |c| (base + 100 + n as i64 * 10 + c + 1, kind, amount))
        })
        .map(|(id, kind, amount)| AzureCredit {
            id,
            kind,
            amount,
            offer,
            benefit_type: BenefitType::Core,
            expires_on,
            enrolment_year_ends_on: expires_on,
            holder: (id == base + 101).then(|| CreditHolder {
                user: person(6),
                assigned_at: now - Days::new(5),
            }),
            reassignments: 0,
            ever_assigned: id == base + 101,
            redeemed: false,
            version: 1,
        })
        .collect();
    let licences = vec![LicenceSubscription {
        id: base + 201,
        product: "Microsoft 365 E3".into(),
        offer,
        benefit_type: BenefitType::Core,
        expires_on,
        redemption_instructions: "Redeem in a private browser window, signed in to the right tenant.".into(),
        redeem_url: "https://signup.microsoft.com/productkeystart".into(),
        active_seats: 0,
        ends_on: None,
        keys: (1..=3)
            .map(|n| ProductKeyEntry {
                id: base + 210 + n,
                key: key(base + 210 + n),
                seats: [25, 25, 100][n as usize - 1],
                redeemed: None,
                replacement_issued: false,
                replaces: None,
            })
            .collect(),
        version: 1,
    }];
    let (product, quantity) = allocation_for_offer(offer);
    let visual_studio: Vec<VisualStudioSubscription> = (1..=i64::from(quantity))
        .map(|n| VisualStudioSubscription {
            id: base + 300 + n,
            product,
            offer,
            benefit_type: BenefitType::Core,
            expires_on,
            assignment: match n {
                1 => Some(VisualStudioAssignment {
                    subscriber: person(6),
                    assigned_at: now - Days::new(120),
                }),
                2 => Some(VisualStudioAssignment {
                    subscriber: person(7),
                    assigned_at: now - Days::new(10),
                }),
                _ => None,
            },
            version: 1,
        })
        .collect();
    let support = vec![ProductSupport {
        id: base + 401,
        offer,
        expires_on,
        state: SupportState::NotActivated,
        incidents_used: 0,
        version: 1,
    }];
    let go_to_market = go_to_market_benefits_for(offer, true)
        .into_iter()
        .enumerate()
        .map(|(n, name)| GoToMarketOffer {
            id: base + 501 + n as i64,
            benefit_name: name.into(),
            offer,
            // Gold's co-sell offer was activated last year and ends in 12 days, so the
            // demo has something to remind of (RULES.md §8).
            status: if offer == Offer::Gold && n == 1 {
                GoToMarketStatus::Active {
                    expires_on: now.date_naive() + chrono::Days::new(12),
                }
            } else {
                GoToMarketStatus::Available
            },
            version: 1,
        })
        .collect();
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
        support,
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
