//! Component tests in headless Chromium: the rules as a user meets them in the page.
#![cfg(target_arch = "wasm32")]

use benefits_domain::benefit::{BenefitType, Offer};
use benefits_domain::visual_studio::{VisualStudioAssignment, VisualStudioProduct, VisualStudioSubscription};
use benefits_domain::wire::{Company, Me};
use benefits_domain::{EmailAddress, Lang, Role, User, UserId};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use leptos::prelude::*;
use partner_benefits::data::WorkspaceData;
use partner_benefits::session::{NavMode, Session};
use partner_benefits::visual_studio::SubscriptionDetails;
use std::future::Future;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn user(id: i64, name: &str, roles: &[Role]) -> User {
    let first = name.split(' ').next().unwrap().to_lowercase();
    User {
        id: UserId(id),
        display_name: name.into(),
        email: EmailAddress::parse(&format!("{first}@fabrikam.example")).unwrap(),
        roles: roles.to_vec(),
        guest: false,
    }
}

fn directory() -> Vec<User> {
    vec![
        user(1, "Ada Global", &[Role::GlobalAdmin]),
        user(2, "Mia Partner", &[Role::MpnPartnerAdmin]),
        user(3, "Noor Viewer", &[]),
        user(4, "Daan Dev", &[]),
    ]
}

fn me(user: User) -> Me {
    Me {
        user,
        company: Company {
            id: 1,
            name: "Fabrikam Partners".into(),
            offer: Offer::Silver,
        },
        must_change_password: false,
    }
}

fn subscription(assigned_at: Option<DateTime<Utc>>) -> VisualStudioSubscription {
    VisualStudioSubscription {
        id: 7,
        product: VisualStudioProduct::Enterprise,
        offer: Offer::Silver,
        benefit_type: BenefitType::Core,
        expires_on: NaiveDate::from_ymd_opt(2027, 6, 30).unwrap(),
        assignment: assigned_at.map(|at| VisualStudioAssignment {
            subscriber: UserId(4),
            assigned_at: at,
        }),
        freed_from: None,
        version: 1,
    }
}

fn noon(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
}

/// Mounts the expanded details of a subscription as `actor` would see them.
fn mount_details(
    actor: User,
    subscription: VisualStudioSubscription,
    now: DateTime<Utc>,
) -> web_sys::Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let parent: web_sys::HtmlElement = host.clone().unchecked_into();
    leptos::mount::mount_to(parent, move || {
        let session = Session::new();
        session.lang.set(Lang::En);
        session.me.set(Some(me(actor.clone())));
        provide_context(session);
        provide_context(partner_benefits::routing::AppLocation::new(
            partner_benefits::routing::Mode::Memory,
            "/".into(),
        ));
        provide_context(WorkspaceData::new(session));
        view! { <SubscriptionDetails subscription=subscription.clone() directory=directory() now=now /> }
    })
    .forget();
    host
}

fn find(host: &web_sys::Element, selector: &str) -> web_sys::Element {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
}

fn text(host: &web_sys::Element, selector: &str) -> String {
    find(host, selector)
        .text_content()
        .unwrap_or_default()
        .trim()
        .to_string()
}

#[wasm_bindgen_test]
fn role_2_role_6_assign_is_disabled_for_a_user_without_the_role_and_names_who_can() {
    let viewer = directory()[2].clone();
    let host = mount_details(viewer, subscription(None), noon(2026, 11, 22));
    assert!(find(&host, "[data-testid=assign-button]").has_attribute("disabled"));
    assert!(find(&host, "select").has_attribute("disabled"));
    assert_eq!(
        text(&host, "[data-testid=action-reason]"),
        "Only a Global admin can do this. Ask Ada Global (ada@fabrikam.example)."
    );
}

#[wasm_bindgen_test]
fn vs_1_a_global_admin_may_pick_a_user_and_the_holder_is_not_offered_again() {
    let admin = directory()[0].clone();
    let host = mount_details(admin.clone(), subscription(None), noon(2026, 11, 22));
    assert!(!find(&host, "select").has_attribute("disabled"));
    assert_eq!(text(&host, "[data-testid=action-reason]"), "");
    // Nothing chosen yet: the button waits for a user.
    assert!(find(&host, "[data-testid=assign-button]").has_attribute("disabled"));
    assert_eq!(text(&host, "[data-testid=assign-button]"), "Assign user");

    let held = mount_details(admin, subscription(Some(noon(2026, 1, 1))), noon(2026, 11, 22));
    let options = held.query_selector_all("option").unwrap();
    let labels: Vec<String> = (0..options.length())
        .map(|i| options.item(i).unwrap().text_content().unwrap())
        .collect();
    assert!(labels.iter().all(|l| !l.contains("Daan Dev")), "{labels:?}");
}

#[wasm_bindgen_test]
fn vs_3_reassign_is_disabled_until_day_90_with_the_date_it_opens() {
    let admin = directory()[0].clone();
    let assigned = noon(2026, 1, 10);
    let day_89 = mount_details(
        admin.clone(),
        subscription(Some(assigned)),
        assigned + Duration::days(89),
    );
    assert!(find(&day_89, "select").has_attribute("disabled"));
    assert_eq!(
        text(&day_89, "[data-testid=action-reason]"),
        "Assigned on 10 Jan 2026: it can be reassigned from 10 Apr 2026, when 90 days have passed."
    );
    let day_90 = mount_details(admin, subscription(Some(assigned)), assigned + Duration::days(90));
    assert!(!find(&day_90, "select").has_attribute("disabled"));
    assert_eq!(text(&day_90, "[data-testid=action-reason]"), "");
    assert_eq!(text(&day_90, "[data-testid=assign-button]"), "Reassign");
}

#[wasm_bindgen_test]
fn row_3_an_expired_subscription_cannot_be_assigned() {
    let admin = directory()[0].clone();
    let host = mount_details(admin, subscription(None), noon(2027, 7, 1));
    assert!(find(&host, "select").has_attribute("disabled"));
    assert!(text(&host, "[data-testid=action-reason]").contains("expired after 30 Jun 2027"));
}

#[wasm_bindgen_test]
fn nav_1_the_navigation_mode_is_remembered_per_user() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    let ada = me(directory()[0].clone());
    let noor = me(directory()[2].clone());

    let first = Session::new();
    first.signed_in(ada.clone());
    assert_eq!(first.nav_mode.get_untracked(), NavMode::Workspaces);
    first.set_nav_mode(NavMode::Current);

    let again = Session::new();
    again.signed_in(ada);
    assert_eq!(again.nav_mode.get_untracked(), NavMode::Current);
    let other = Session::new();
    other.signed_in(noor);
    assert_eq!(other.nav_mode.get_untracked(), NavMode::Workspaces);
}

#[wasm_bindgen_test]
fn nav_2_the_benefits_workspace_has_its_five_areas_in_both_views() {
    use partner_benefits::areas::Area;
    use partner_benefits::i18n::t;
    let titles: Vec<&str> = Area::ALL.iter().map(|a| t(Lang::En, a.title())).collect();
    assert_eq!(
        titles,
        [
            "Software",
            "Azure & Cloud products",
            "Visual Studio subscriptions",
            "Technical benefits",
            "Go-To-Market offers"
        ]
    );
    for area in Area::ALL {
        assert_eq!(Area::from_slug(area.slug()), Some(area));
        assert_eq!(area.path(), format!("/benefits/{}", area.slug()));
    }
}

#[wasm_bindgen_test]
fn the_chosen_language_is_remembered() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    Session::new().set_lang(Lang::De);
    assert_eq!(Session::new().lang.get_untracked(), Lang::De);
}

/// Picks `value` in the first `<select>` of `host` the way a user does (a `change` event).
async fn pick(host: &web_sys::Element, value: &str) {
    let select: web_sys::HtmlSelectElement = find(host, "select").unchecked_into();
    select.set_value(value);
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    // Let the reactive system run its effects.
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL))
        .await
        .unwrap();
}

#[wasm_bindgen_test]
async fn az_6_role_6_user_pick_action_checks_the_picked_user_before_the_click() {
    use benefits_domain::{Reason, RuleId, Violation};
    use partner_benefits::components::UserPickAction;
    use partner_benefits::i18n::Text;
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let parent: web_sys::HtmlElement = host.clone().unchecked_into();
    let submitted = RwSignal::new(None::<UserId>);
    leptos::mount::mount_to(parent, move || {
        let session = Session::new();
        session.lang.set(Lang::En);
        provide_context(session);
        let daan = directory()[3].reference();
        // Daan (4) already holds credit; anyone else may take it.
        let check = Callback::new(move |user: UserId| {
            (user == UserId(4))
                .then(|| Violation::new(RuleId::Az6, Reason::AlreadyHoldsCredit { user: daan.clone() }))
        });
        view! {
            <UserPickAction
                id="test".to_string()
                label=Text::SelectUser
                button=Text::AssignUser
                users=directory()
                may=None
                check=check
                submit=Callback::new(move |user| submitted.set(Some(user)))
                pending=RwSignal::new(false)
            />
        }
    })
    .forget();
    let button = || find(&host, "[data-testid=action-button]");
    assert!(button().has_attribute("disabled"), "nobody picked yet");
    pick(&host, "4").await;
    assert!(button().has_attribute("disabled"));
    assert_eq!(
        text(&host, "[data-testid=action-reason]"),
        "Daan Dev already holds an Azure credit: one active credit per user."
    );
    pick(&host, "3").await;
    assert!(!button().has_attribute("disabled"));
    assert_eq!(text(&host, "[data-testid=action-reason]"), "");
    button().unchecked_into::<web_sys::HtmlElement>().click();
    assert_eq!(submitted.get_untracked(), Some(UserId(3)));
}

#[wasm_bindgen_test]
fn nav_3_lists_search_any_text_column_and_sort_by_any_column_with_blanks_last() {
    use partner_benefits::list::{search_and_sort, Cell, Sort};
    let rows = vec![
        ("Enterprise", 20270630, Some("Daan Dev")),
        ("professional", 20261231, None),
        ("Enterprise", 20260101, Some("ada Global")),
    ];
    let cells = |r: &(&str, i64, Option<&str>)| {
        vec![
            Cell::text(r.0),
            Cell::Number(r.1),
            r.2.map(Cell::text).unwrap_or(Cell::Empty),
        ]
    };
    let names = |rows: Vec<(&str, i64, Option<&str>)>| rows.into_iter().map(|r| r.1).collect::<Vec<_>>();
    // Search: any text or number cell, case-insensitive, blank query keeps all.
    assert_eq!(
        names(search_and_sort(rows.clone(), cells, "  ", None)),
        [20270630, 20261231, 20260101]
    );
    assert_eq!(
        names(search_and_sort(rows.clone(), cells, "GLOBAL", None)),
        [20260101]
    );
    assert_eq!(
        names(search_and_sort(rows.clone(), cells, "2026", None)),
        [20261231, 20260101]
    );
    assert!(search_and_sort(rows.clone(), cells, "nobody", None).is_empty());
    // Sort: text without regard to case, stable for equal values; numbers as numbers.
    let by = |column, ascending| Some(Sort { column, ascending });
    assert_eq!(
        names(search_and_sort(rows.clone(), cells, "", by(0, true))),
        [20270630, 20260101, 20261231]
    );
    assert_eq!(
        names(search_and_sort(rows.clone(), cells, "", by(1, false))),
        [20270630, 20261231, 20260101]
    );
    // A blank holder sorts last whichever the direction.
    assert_eq!(
        names(search_and_sort(rows.clone(), cells, "", by(2, true))),
        [20260101, 20270630, 20261231]
    );
    assert_eq!(
        names(search_and_sort(rows, cells, "", by(2, false))),
        [20270630, 20260101, 20261231]
    );
}

#[wasm_bindgen_test]
async fn nav_3_a_column_header_sorts_ascending_then_descending_and_says_so() {
    use partner_benefits::i18n::Text;
    use partner_benefits::list::{ListControls, Sort, SortHeader};
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("table").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let parent: web_sys::HtmlElement = host.clone().unchecked_into();
    let controls = ListControls::new();
    leptos::mount::mount_to(parent, move || {
        let session = Session::new();
        session.lang.set(Lang::De);
        provide_context(session);
        view! { <SortHeader controls=controls column=2 label=Text::ColumnExpires /> }
    })
    .forget();
    let th = find(&host, "th");
    assert_eq!(th.get_attribute("aria-sort").as_deref(), Some("none"));
    assert_eq!(text(&host, "button"), "Läuft ab");
    let click = || {
        find(&host, "button")
            .unchecked_into::<web_sys::HtmlElement>()
            .click()
    };
    let shown = |state: &'static str| {
        let host = host.clone();
        move || find(&host, "th").get_attribute("aria-sort").as_deref() == Some(state)
    };
    click();
    assert_eq!(
        controls.sort.get_untracked(),
        Some(Sort {
            column: 2,
            ascending: true
        })
    );
    until(shown("ascending")).await;
    click();
    until(shown("descending")).await;
    controls.toggle(0);
    until(shown("none")).await;
}

/// Waits until `done` holds (at most 2 s), letting the browser run effects in between.
async fn until(done: impl Fn() -> bool) {
    for _ in 0..200 {
        if done() {
            return;
        }
        let wait = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(wait).await.unwrap();
    }
    panic!("timed out");
}

#[wasm_bindgen_test]
async fn an_optimistic_assignment_shows_at_once_and_is_rolled_back_when_the_server_refuses() {
    use benefits_domain::demo::demo_workspace;
    use benefits_domain::history::BenefitKind;
    use benefits_domain::wire::WorkspaceView;
    use benefits_domain::workspace::{Command, Target};
    use partner_benefits::data::Place;
    use partner_benefits::i18n::Text;
    // Point the API at a closed port: the request fails like a refusal would.
    let document = web_sys::window().unwrap().document().unwrap();
    let meta = document.create_element("meta").unwrap();
    meta.set_attribute("name", "pb-api-base").unwrap();
    meta.set_attribute("content", "http://127.0.0.1:9/api/v1")
        .unwrap();
    document.head().unwrap().append_child(&meta).unwrap();

    let owner = Owner::new();
    owner.set();
    let session = Session::new();
    session.lang.set(Lang::Nl);
    let data = WorkspaceData::new(session);
    let now = Utc::now();
    let shown = WorkspaceView::of(&demo_workspace(Offer::Silver, now), now);
    let credit = shown.credits.iter().find(|c| c.holder.is_none()).unwrap().clone();
    let holders_before = shown.counters.azure_credits.assigned;
    data.view.set(Some(Ok(std::sync::Arc::new(shown.clone()))));

    let command = Command::AssignAzureCredit {
        credit_id: credit.id,
        user_id: shown.directory[6].id,
    };
    let mut run = Box::pin(data.run(command, Some(credit.version), Text::Saved));
    // Run it up to the request: the holder and the counters change before any answer.
    let mut first_step = std::task::Context::from_waker(std::task::Waker::noop());
    assert!(run.as_mut().poll(&mut first_step).is_pending());
    assert!(data.pending.get_untracked());
    let during = data.view.get_untracked().unwrap().unwrap();
    let held = during.credits.iter().find(|c| c.id == credit.id).unwrap();
    assert_eq!(held.holder.as_ref().map(|h| h.user), Some(shown.directory[6].id));
    assert_eq!(during.counters.azure_credits.assigned, holders_before + 1);

    // Refused (here: not reached): everything shown before is back, and the reason is
    // kept next to the action, in the user's language.
    let result = run.await;
    assert_eq!(result.unwrap_err().status, 0);
    assert!(!data.pending.get_untracked());
    assert_eq!(data.view.get_untracked(), Some(Ok(std::sync::Arc::new(shown))));
    let place = Place::Benefit(Target {
        kind: BenefitKind::AzureCredit,
        id: credit.id,
    });
    let reason = data
        .refusal_at(place)
        .expect("the refusal is shown at the action");
    assert!(reason.contains("server"), "{reason}");
    meta.remove();
}

#[wasm_bindgen_test]
fn insights_bars_scale_to_the_largest_figure_and_never_leave_the_chart() {
    use benefits_domain::insights::MonthPoint;
    use partner_benefits::tracking::bar_geometry;
    let point = |allocated, activated| MonthPoint {
        year: 2026,
        month: 1,
        allocated,
        activated,
    };
    let (max, bars) = bar_geometry(&[point(0, 0), point(10, 4), point(5, 5)]);
    assert_eq!(max, 10);
    assert_eq!(bars.len(), 3);
    assert_eq!((bars[0].1, bars[0].2), (0.0, 0.0));
    // The tallest bar fills the plot height; the others are in proportion.
    assert!((bars[1].1 - 172.0).abs() < 1e-9, "{bars:?}");
    assert!((bars[1].2 - 0.4 * 172.0).abs() < 1e-9);
    assert!(bars.windows(2).all(|w| w[0].0 < w[1].0), "months left to right");
    // An empty area still draws (no division by zero).
    let (max, bars) = bar_geometry(&[point(0, 0)]);
    assert_eq!((max, bars[0].1), (1, 0.0));
}

/// `index.html` finds the app's folder from the URL before anything loads, by the first
/// path segments of the app's pages: the same ones the router knows.
#[wasm_bindgen_test]
fn index_html_knows_the_routers_top_segments() {
    let index = include_str!("../index.html");
    let list = index
        .split("var pages = [")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .expect("index.html lists the app's top path segments");
    let listed: Vec<&str> = list.split(',').map(|s| s.trim().trim_matches('"')).collect();
    assert_eq!(listed, partner_benefits::routing::TOP_SEGMENTS);
}

#[wasm_bindgen_test]
fn every_audited_action_reads_as_words_in_the_audit_log() {
    let actions = benefits_domain::workspace::ALL_ACTIONS
        .into_iter()
        .chain(benefits_domain::history::OTHER_AUDITED_ACTIONS);
    for action in actions {
        assert!(
            partner_benefits::tracking::action_text(action).is_some(),
            "{action}"
        );
    }
}
