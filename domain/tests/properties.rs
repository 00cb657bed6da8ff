//! Property tests: whatever users do, in any order, the workspace stays valid, and a
//! refused command changes nothing.
#![cfg(not(target_arch = "wasm32"))]

use benefits_domain::accounts::NewUser;
use benefits_domain::azure::{CreditKind, MONTHLY_CREDIT_MAX_REASSIGNMENTS};
use benefits_domain::benefit::Offer;
use benefits_domain::demo::{demo_workspace, DEMO_COMPANIES};
use benefits_domain::go_to_market::MarketingContact;
use benefits_domain::history::BenefitKind;
use benefits_domain::identifiers::PhoneNumber;
use benefits_domain::licences::RedeemMode;
use benefits_domain::technical::{AdvisoryBalance, AdvisoryRequest, SupportContact};
use benefits_domain::visual_studio::allocation_for_offer;
use benefits_domain::wire::WorkspaceView;
use benefits_domain::workspace::{Command, Workspace};
use benefits_domain::{EmailAddress, Lang, Role, UserId};
use chrono::{Days, TimeZone, Utc};
use proptest::prelude::*;

/// IDs of demo company `c`: users `c×100 + n`, benefits `c×1000 + n` (see `demo`); a few
/// past the end, so unknown IDs are tried too.
fn user_id(c: i64) -> impl Strategy<Value = UserId> {
    (c * 100 + 1..=c * 100 + 10).prop_map(UserId)
}

fn id(c: i64, from: i64, to: i64) -> std::ops::RangeInclusive<i64> {
    c * 1000 + from..=c * 1000 + to
}

fn roles() -> impl Strategy<Value = Vec<Role>> {
    proptest::sample::subsequence(Role::ALL.to_vec(), 0..=2)
}

fn email() -> impl Strategy<Value = EmailAddress> {
    prop_oneof![
        Just("partnercenter@fabrikam.example"),
        Just("marketing@fabrikam.example"),
        Just("new@fabrikam.example"),
        Just("ada@fabrikam.example"),
    ]
    .prop_map(|e| EmailAddress::parse(e).unwrap())
}

fn command(c: i64) -> impl Strategy<Value = Command> {
    let mode = prop_oneof![Just(RedeemMode::AddSeats), Just(RedeemMode::ExtendEndDate)];
    prop_oneof![
        id(c, 1, 3).prop_map(|benefit_id| Command::RevealSoftwareKeys { benefit_id }),
        (id(c, 101, 112), user_id(c))
            .prop_map(|(credit_id, user_id)| Command::AssignAzureCredit { credit_id, user_id }),
        id(c, 101, 112).prop_map(|credit_id| Command::RemoveAzureCredit { credit_id }),
        (id(c, 101, 112), user_id(c))
            .prop_map(|(credit_id, user_id)| Command::TransferAzureCredit { credit_id, user_id }),
        (id(c, 211, 214), mode, any::<bool>()).prop_map(move |(key_id, mode, confirmed)| {
            Command::RedeemProductKey {
                subscription_id: c * 1000 + 201,
                key_id,
                mode,
                confirmed,
            }
        }),
        id(c, 211, 214).prop_map(move |key_id| Command::RequestReplacementKey {
            subscription_id: c * 1000 + 201,
            key_id
        }),
        (id(c, 301, 311), user_id(c)).prop_map(|(subscription_id, user_id)| {
            Command::AssignVisualStudioSubscriber {
                subscription_id,
                user_id,
            }
        }),
        (id(c, 301, 311), user_id(c)).prop_map(|(subscription_id, user_id)| {
            Command::ReassignVisualStudioSubscriber {
                subscription_id,
                user_id,
            }
        }),
        (user_id(c), email(), any::<bool>()).prop_map(move |(user, email, with_contact)| {
            Command::ActivateProductSupport {
                support_id: c * 1000 + 401,
                contact: with_contact.then_some(SupportContact { user, email }),
            }
        }),
        (0u32..=30, any::<bool>()).prop_map(|(hours, break_fix)| Command::SubmitAdvisoryRequest {
            request: AdvisoryRequest {
                title: "Review".into(),
                description: "Architecture review".into(),
                product: "Azure".into(),
                phone: PhoneNumber::parse("+31 20 123 4567").unwrap(),
                time_zone: "Europe/Amsterdam".into(),
                country: "NL".into(),
                language: "nl".into(),
                hours,
                break_fix,
            }
        }),
        (user_id(c), email()).prop_map(|(user, email)| Command::SetMarketingContact {
            contact: MarketingContact {
                user,
                email,
                phone: PhoneNumber::parse("+49 30 1234567").unwrap(),
                preferred_language: Lang::De,
            }
        }),
        id(c, 501, 503).prop_map(|offer_id| Command::ActivateGoToMarketOffer { offer_id }),
        prop_oneof![Just(Offer::ActionPack), Just(Offer::Silver), Just(Offer::Gold)]
            .prop_map(|offer| Command::RequestCancellation { offer }),
        (email(), roles(), any::<bool>()).prop_map(|(email, roles, guest)| Command::AddUser {
            user: NewUser {
                display_name: "Kim Nieuw".into(),
                email,
                roles,
                guest
            }
        }),
        (user_id(c), roles()).prop_map(|(user_id, roles)| Command::SetRoles { user_id, roles }),
        user_id(c).prop_map(|user_id| Command::RemoveUser { user_id }),
        (id(c, 401, 402), "[A-Z0-9 ]{0,6}", "[A-Z0-9 ]{0,6}").prop_map(
            |(support_id, access_id, contract_id)| {
                Command::RecordSupportConfirmation {
                    support_id,
                    access_id,
                    contract_id,
                }
            }
        ),
        (id(c, 501, 503), -5i64..400).prop_map(|(offer_id, days)| Command::RecordGoToMarketActivation {
            offer_id,
            expires_on: chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap() + chrono::Duration::days(days),
        }),
        prop_oneof![Just(Offer::ActionPack), Just(Offer::Silver), Just(Offer::Gold)]
            .prop_map(|offer| Command::RenewOffer { offer }),
    ]
}

fn assert_invariants(ws: &Workspace) {
    // ROLE-7: never without a Global admin.
    assert!(
        ws.directory.iter().any(|u| u.has_role(Role::GlobalAdmin)),
        "no Global admin left"
    );
    // ROLE-8: guests hold MPN partner admin at most.
    for u in ws.directory.iter().filter(|u| u.guest) {
        assert!(u.roles.iter().all(|r| *r == Role::MpnPartnerAdmin), "{u:?}");
    }
    // AZ-2/5/6/7: holders are in the directory, one credit each, caps kept.
    let holders: Vec<(UserId, CreditKind)> = ws
        .credits
        .iter()
        .filter_map(|c| c.holder.as_ref().map(|h| (h.user, c.kind)))
        .collect();
    for (user, _) in &holders {
        assert!(ws.directory.iter().any(|u| u.id == *user));
        assert_eq!(
            holders.iter().filter(|(u, _)| u == user).count(),
            1,
            "{user:?} holds two credits"
        );
    }
    for c in &ws.credits {
        if c.kind == CreditKind::Monthly {
            assert!(c.reassignments <= MONTHLY_CREDIT_MAX_REASSIGNMENTS);
        }
    }
    // VS-1/VS-4: subscribers are listed users; never more assigned than allocated.
    let (_, allocated) = allocation_for_offer(ws.company.offers[0].offer);
    let assigned = ws.visual_studio.iter().filter(|s| s.assignment.is_some()).count();
    assert!(assigned <= allocated as usize);
    for s in ws.visual_studio.iter().filter_map(|s| s.assignment.as_ref()) {
        assert!(ws.directory.iter().any(|u| u.id == s.subscriber));
    }
    // History: exactly the current holders have an open record.
    let open: Vec<_> = ws.history.iter().filter(|r| r.removed_at.is_none()).collect();
    for c in &ws.credits {
        let records: Vec<_> = open
            .iter()
            .filter(|r| r.kind == BenefitKind::AzureCredit && r.benefit_id == c.id)
            .collect();
        assert_eq!(
            records.iter().map(|r| r.user).collect::<Vec<_>>(),
            c.holder.iter().map(|h| h.user).collect::<Vec<_>>()
        );
    }
    for s in &ws.visual_studio {
        let records: Vec<_> = open
            .iter()
            .filter(|r| r.kind == BenefitKind::VisualStudioSubscription && r.benefit_id == s.id)
            .collect();
        assert_eq!(
            records.iter().map(|r| r.user).collect::<Vec<_>>(),
            s.assignment.iter().map(|a| a.subscriber).collect::<Vec<_>>()
        );
    }
    // LIC-2/LIC-4: seats never exceed what redeemed keys gave.
    for l in &ws.licences {
        let redeemed: u32 = l
            .keys
            .iter()
            .filter(|k| k.redeemed.is_some())
            .map(|k| k.seats)
            .sum();
        assert!(
            l.active_seats <= redeemed,
            "{} seats from {redeemed} redeemed",
            l.active_seats
        );
    }
    // PAH-2: never more hours than the balance.
    let balance = AdvisoryBalance::for_company(
        &ws.company,
        ws.advisory_hours_used,
        ws.company.offers[0]
            .purchased_on
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc(),
    );
    assert!(
        ws.advisory_hours_used <= balance.total,
        "{} of {}",
        ws.advisory_hours_used,
        balance.total
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_and_refused_commands_change_nothing(
        (offer, steps) in prop_oneof![Just(Offer::ActionPack), Just(Offer::Silver), Just(Offer::Gold)]
            .prop_flat_map(|offer| {
                let c = DEMO_COMPANIES.iter().find(|d| d.offer == offer).unwrap().id;
                (Just(offer), proptest::collection::vec((command(c), c * 100 + 1..=c * 100 + 10, 0u64..120), 1..40))
            }),
    ) {
        let start = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
        let mut ws = demo_workspace(offer, start);
        let mut offsets: Vec<u64> = steps.iter().map(|(_, _, d)| *d).collect();
        offsets.sort_unstable();
        for ((command, actor, _), days) in steps.iter().zip(offsets) {
            let now = start + Days::new(days);
            let before = ws.clone();
            match ws.apply(command, UserId(*actor), now) {
                Ok(_) => {}
                Err(_) => prop_assert_eq!(&ws, &before, "a refused {:?} changed the workspace", command),
            }
            assert_invariants(&ws);
        }
    }

    /// The browser's optimistic update shows exactly what the server then stores: for
    /// every allowed command, the predicted view equals the view of the applied workspace.
    #[test]
    fn optimistic_update_predicts_what_the_server_stores(
        (offer, steps) in prop_oneof![Just(Offer::ActionPack), Just(Offer::Silver), Just(Offer::Gold)]
            .prop_flat_map(|offer| {
                let c = DEMO_COMPANIES.iter().find(|d| d.offer == offer).unwrap().id;
                (Just(offer), proptest::collection::vec((command(c), c * 100 + 1..=c * 100 + 10), 1..30))
            }),
    ) {
        let now = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
        let mut ws = demo_workspace(offer, now);
        for (command, actor) in &steps {
            let mut predicted = WorkspaceView::of(&ws, now);
            let shown_before = predicted.clone();
            let changed = predicted.predict(command, now);
            if ws.apply(command, UserId(*actor), now).is_err() {
                continue;
            }
            let stored = WorkspaceView::of(&ws, now);
            if changed {
                prop_assert_eq!(&predicted.credits, &stored.credits, "{:?}", command);
                prop_assert_eq!(&predicted.visual_studio, &stored.visual_studio, "{:?}", command);
                prop_assert_eq!(&predicted.support, &stored.support, "{:?}", command);
                prop_assert_eq!(&predicted.go_to_market, &stored.go_to_market, "{:?}", command);
                prop_assert_eq!(&predicted.marketing_contact, &stored.marketing_contact, "{:?}", command);
                prop_assert_eq!(&predicted.directory, &stored.directory, "{:?}", command);
                prop_assert_eq!(predicted.counters.azure_credits, stored.counters.azure_credits);
                prop_assert_eq!(predicted.counters.visual_studio, stored.counters.visual_studio);
            } else {
                prop_assert_eq!(&predicted, &shown_before, "no prediction must change nothing");
            }
        }
    }
}

#[test]
fn applying_a_refused_command_is_a_no_op_and_an_allowed_one_is_not() {
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
    let mut ws = demo_workspace(Offer::Silver, now);
    let before = ws.clone();
    // Fabrikam (Silver, company 1): subscription 1303 is free; 105 has no role, 101 is Global admin.
    let assign = Command::AssignVisualStudioSubscriber {
        subscription_id: 1303,
        user_id: UserId(105),
    };
    assert!(ws.apply(&assign, UserId(105), now).is_err());
    assert_eq!(ws, before);
    assert!(ws.apply(&assign, UserId(101), now).is_ok());
    assert_ne!(ws, before);
}
