//! Account settings: the company's users and their roles (ROLE-5, ROLE-7, ROLE-8, ROLE-9);
//! a new user's temporary password is shown once; passwords are reset here (ACC-3) and
//! one's own is changed from here (ACC-2).

use crate::components::{ActionError, Breadcrumbs, OneTimePassword};
use crate::data::{use_workspace, Place};
use crate::i18n::{t, Text};
use crate::list::{Cell, ListControls, SearchBox, ShowMore, SortHeader};
use crate::session::use_session;
use benefits_domain::accounts::{
    check_add_user, check_global_admin_role, check_remove_user, check_reset_password, check_set_roles,
    Holdings, NewUser,
};
use benefits_domain::permission::{require, Permission};
use benefits_domain::wire::WorkspaceView;
use benefits_domain::workspace::Command;
use benefits_domain::{EmailAddress, Lang, Role, User, Violation};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

#[component]
pub fn AccountPage() -> impl IntoView {
    let lang = use_session().lang;
    let data = use_workspace();
    // Above the list, so the one-time password survives the reload after adding:
    // whose it is and the password.
    let temporary_password = RwSignal::new(None::<(String, String)>);
    let controls = ListControls::new();
    view! {
        <Breadcrumbs current=Text::AreaAccount />
        <h1>{move || t(lang.get(), Text::AreaAccount)}</h1>
        <p>
            <a href=crate::routing::use_location().href("/account/password") data-testid="change-password-link">{move || t(lang.get(), Text::ChangePassword)}</a>
            " · "
            <a href=crate::routing::use_location().href(crate::offers::PATH)>{move || t(lang.get(), Text::Membership)}</a>
        </p>
        {move || temporary_password.get().map(|(name, password)| view! {
            <OneTimePassword name=name password=password />
        })}
        {move || match data.view.get() {
            None => view! { <p class="pb-loading" aria-busy="true">{move || t(lang.get(), Text::Loading)}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="pb-error" role="alert">{e.body.message}</p> }.into_any(),
            Some(Ok(ws)) => view! {
                <UserTable ws=ws.clone() controls=controls temporary_password=temporary_password />
                <AddUserForm ws=ws.clone() temporary_password=temporary_password />
            }
            .into_any(),
        }}
    }
}

/// The columns in the table's order, for search and sort (NAV-3); a guest is found by
/// the word "guest" in the user's language.
fn user_cells(user: &User, lang: Lang) -> Vec<Cell> {
    let mut name = user.display_name.clone();
    if user.guest {
        name = format!("{name} · {}", t(lang, Text::Guest));
    }
    let roles: Vec<&str> = user.roles.iter().map(|r| r.label(lang)).collect();
    vec![
        Cell::Text(name),
        Cell::text(user.email.to_string()),
        if roles.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(roles.join(", "))
        },
    ]
}

#[component]
fn UserTable(
    ws: Arc<WorkspaceView>,
    controls: ListControls,
    temporary_password: RwSignal<Option<(String, String)>>,
) -> impl IntoView {
    let lang = use_session().lang;
    let ws = StoredValue::new(ws);
    // Positions in the directory, not copies of 10,000 users.
    let filtered = Memo::new(move |_| {
        let l = lang.get();
        ws.with_value(|ws| {
            let all = (0..ws.directory.len()).collect();
            controls.apply(all, |&i| user_cells(&ws.directory[i], l))
        })
    });
    // Only a page of rows is in the DOM, however many users there are.
    let rows = move || {
        filtered
            .with(|users| controls.page(users))
            .into_iter()
            .map(|i| {
                view! {
                    <UserRow user=ws.with_value(|ws| ws.directory[i].clone()) ws=ws temporary_password=temporary_password />
                }
            })
            .collect_view()
    };
    view! {
        <SearchBox controls=controls />
        <div class="pb-table-scroll">
            <table class="pb-table">
                <caption>{move || t(lang.get(), Text::UsersCaption)}</caption>
                <thead>
                    <tr>
                        <SortHeader controls=controls column=0 label=Text::ColumnName />
                        <SortHeader controls=controls column=1 label=Text::ColumnEmail />
                        <SortHeader controls=controls column=2 label=Text::Roles />
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <ShowMore controls=controls total=Signal::derive(move || filtered.with(Vec::len)) />
    }
}

/// One user: name, address and roles as text; "Change roles" opens the role editor in the
/// row (closed rows carry no form, so 100 rows of a 10,000-user directory render fast).
#[component]
fn UserRow(
    user: User,
    ws: StoredValue<Arc<WorkspaceView>>,
    temporary_password: RwSignal<Option<(String, String)>>,
) -> impl IntoView {
    let lang = use_session().lang;
    let id = user.id;
    let editing = RwSignal::new(false);
    let guest = user.guest;
    let roles_text = {
        let roles = user.roles.clone();
        move || {
            let l = lang.get();
            let labels: Vec<&str> = roles.iter().map(|r| r.label(l)).collect();
            if labels.is_empty() {
                "—".to_string()
            } else {
                labels.join(", ")
            }
        }
    };
    let editor_id = format!("roles-editor-{}", id.0);
    let name = user.display_name.clone();
    let reset_user = user.clone();
    let remove_user = user.clone();
    view! {
        <tr data-testid=format!("user-row-{}", id.0)>
            <th scope="row">
                {user.display_name.clone()}
                {move || guest.then(|| format!(" · {}", t(lang.get(), Text::Guest)))}
            </th>
            <td data-label=move || t(lang.get(), Text::ColumnEmail)>{user.email.to_string()}</td>
            <td data-label=move || t(lang.get(), Text::Roles)>
                <span data-testid="roles">{roles_text}</span>
                " "
                <button
                    type="button"
                    class="pb-secondary"
                    aria-expanded=move || editing.get().to_string()
                    aria-controls=editor_id.clone()
                    aria-label=move || format!("{}: {}", t(lang.get(), Text::ChangeRoles), name)
                    on:click=move |_| editing.update(|open| *open = !*open)
                >
                    {move || t(lang.get(), Text::ChangeRoles)}
                </button>
                <div id=editor_id.clone()>
                    <Show when=move || editing.get()>
                        <RolesEditor user=user.clone() ws=ws />
                    </Show>
                </div>
                <ActionError place=Place::Roles(id) />
                <ResetPassword user=reset_user ws=ws temporary_password=temporary_password />
                <RemoveUser user=remove_user ws=ws />
            </td>
        </tr>
    }
}

/// The role checkboxes of one user, checked by ROLE-7/ROLE-8 as they change.
#[component]
fn RolesEditor(user: User, ws: StoredValue<Arc<WorkspaceView>>) -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let data = use_workspace();
    let id = user.id;
    let roles = RwSignal::new(user.roles.clone());
    let pending = data.pending;
    let actor = StoredValue::new(session.me.get_untracked().map(|m| m.user));
    let original = StoredValue::new(user.roles.clone());
    let changed = move || original.with_value(|o| roles.get() != *o);
    let refusal = move || {
        let actor = actor.get_value()?;
        ws.with_value(|ws| check_set_roles(id, &roles.get(), &actor, &ws.directory).err())
    };
    let reason = move || refusal().map(|v| v.message(lang.get()));
    let save = move |_| {
        let roles = roles.get_untracked();
        data.act(Command::SetRoles { user_id: id, roles }, None);
    };
    // ROLE-9: a role this user may not switch (Global admin for a User management admin;
    // every role of their own) is a disabled checkbox with the reason and whom to ask.
    let target = StoredValue::new(user.clone());
    let locked = move |role: Role| -> Option<Violation> {
        let actor = actor.get_value()?;
        let mut toggled = roles.get();
        if toggled.contains(&role) {
            toggled.retain(|r| *r != role);
        } else {
            toggled.push(role);
        }
        ws.with_value(|ws| {
            target.with_value(|user| check_global_admin_role(user, &toggled, &actor, &ws.directory).err())
        })
    };
    let lock_reason = move || {
        Role::ALL
            .into_iter()
            .find_map(locked)
            .map(|v| v.message(lang.get()))
    };
    let lock_id = StoredValue::new(format!("roles-lock-{}", id.0));
    view! {
        <fieldset class="pb-roles-edit">
            <legend class="pb-visually-hidden">{format!("{}: {}", t(lang.get_untracked(), Text::Roles), user.display_name)}</legend>
            {Role::ALL.map(|role| view! {
                <label class="pb-filter">
                    <input
                        type="checkbox"
                        data-role=role.key()
                        disabled=move || locked(role).is_some()
                        aria-describedby=move || locked(role).is_some().then(|| lock_id.get_value())
                        prop:checked=move || roles.get().contains(&role)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            roles.update(|r| {
                                r.retain(|x| *x != role);
                                if on {
                                    r.push(role);
                                    r.sort();
                                }
                            });
                        }
                    />
                    {move || role.label(lang.get())}
                </label>
            }).collect_view()}
        </fieldset>
        <p class="pb-reason" id=format!("roles-lock-{}", id.0) data-testid="roles-lock-reason">{lock_reason}</p>
        <button type="button" class="pb-secondary" aria-describedby=format!("roles-reason-{}", id.0)
            disabled=move || !changed() || refusal().is_some() || pending.get() on:click=save>
            {move || t(lang.get(), Text::SaveRoles)}
        </button>
        <p class="pb-reason" id=format!("roles-reason-{}", id.0) data-testid="action-reason">
            {move || changed().then(reason).flatten()}
        </p>
    }
}

/// ACC-3: "Reset password" in a user's row: says what will happen, then shows the new
/// temporary password once, with the user's name, above the list.
#[component]
fn ResetPassword(
    user: User,
    ws: StoredValue<Arc<WorkspaceView>>,
    temporary_password: RwSignal<Option<(String, String)>>,
) -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let data = use_workspace();
    let pending = data.pending;
    let id = user.id;
    let confirming = RwSignal::new(false);
    let refusal = session
        .me
        .get_untracked()
        .and_then(|me| ws.with_value(|ws| check_reset_password(id, &me.user, &ws.directory).err()));
    // Someone who may not reset passwords at all sees no button in every row (the rows
    // would all say the same); for the others a row they may not reset (a Global admin's,
    // their own) has it disabled with the reason.
    let may_reset_any = session
        .me
        .get_untracked()
        .is_some_and(|me| Permission::ResetPasswords.is_held_by(&me.user));
    let blocked = refusal.is_some();
    let reason = StoredValue::new(refusal);
    let reason_text = move || reason.with_value(|r| r.as_ref().map(|v| v.message(lang.get())));
    let name = user.display_name.clone();
    let label_name = name.clone();
    let reset = move |_| {
        let name = name.clone();
        spawn_local(async move {
            if let Ok(response) = data
                .run(
                    Command::ResetPassword { user_id: id },
                    None,
                    Text::PasswordResetToast,
                )
                .await
            {
                confirming.set(false);
                temporary_password.set(response.temporary_password.map(|p| (name, p)));
            }
        });
    };
    let explain_name = user.display_name.clone();
    may_reset_any.then(|| view! {
        <div class="pb-reset-password">
            <button
                type="button"
                class="pb-secondary"
                disabled=move || blocked || pending.get()
                aria-expanded=move || confirming.get().to_string()
                aria-describedby=format!("reset-reason-{}", id.0)
                aria-label=move || format!("{}: {}", t(lang.get(), Text::ResetPassword), label_name)
                on:click=move |_| confirming.update(|c| *c = !*c)
            >
                {move || t(lang.get(), Text::ResetPassword)}
            </button>
            <p class="pb-reason" id=format!("reset-reason-{}", id.0) data-testid="reset-reason">{reason_text}</p>
            <Show when=move || confirming.get()>
                <p>{explain_name.clone()}" "{move || t(lang.get(), Text::ResetPasswordExplain)}</p>
                <button type="button" class="pb-primary" disabled=move || pending.get() on:click=reset.clone()>
                    {move || t(lang.get(), Text::ResetPasswordNow)}
                </button>
                " "
                <button type="button" class="pb-secondary" on:click=move |_| confirming.set(false)>
                    {move || t(lang.get(), Text::Cancel)}
                </button>
            </Show>
            <ActionError place=Place::Password(id) />
        </div>
    })
}

#[component]
fn AddUserForm(
    ws: Arc<WorkspaceView>,
    temporary_password: RwSignal<Option<(String, String)>>,
) -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let data = use_workspace();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let guest = RwSignal::new(false);
    let roles = RwSignal::new(Vec::<Role>::new());
    let pending = data.pending;
    // The shared workspace, not a copy of its 10,000 users.
    let ws = StoredValue::new(ws);
    let actor = StoredValue::new(session.me.get_untracked().map(|m| m.user));
    let new_user = move || -> Option<NewUser> {
        Some(NewUser {
            display_name: name.get(),
            email: EmailAddress::parse(&email.get()).ok()?,
            roles: roles.get(),
            guest: guest.get(),
        })
    };
    // Before anything is typed, say at once whether this user may add users at all.
    let refusal = move || {
        let actor = actor.get_value()?;
        let candidate = new_user().unwrap_or(NewUser {
            display_name: "—".into(),
            email: EmailAddress::parse("new.user@invalid.example").ok()?,
            roles: vec![],
            guest: false,
        });
        ws.with_value(|ws| check_add_user(&candidate, &actor, &ws.directory, false).err())
    };
    let reason = move || refusal().map(|v| v.message(lang.get()));
    // ROLE-9: only a Global admin makes one; for anyone else that box is disabled, saying why.
    let global_admin_lock = move || -> Option<Violation> {
        let actor = actor.get_value()?;
        ws.with_value(|ws| require(Permission::GrantGlobalAdmin, &actor, &ws.directory).err())
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(user) = new_user() else { return };
        let added = user.display_name.clone();
        spawn_local(async move {
            if let Ok(response) = data
                .run(Command::AddUser { user }, None, Text::UserAddedToast)
                .await
            {
                temporary_password.set(response.temporary_password.map(|p| (added, p)));
                name.set(String::new());
                email.set(String::new());
                roles.set(vec![]);
            }
        });
    };
    view! {
        <section class="pb-card" aria-labelledby="add-user-heading" data-testid="add-user">
            <h2 id="add-user-heading">{move || t(lang.get(), Text::AddUser)}</h2>
            <form class="pb-form" on:submit=submit>
                <label for="new-user-name">{move || t(lang.get(), Text::FullName)}</label>
                <input id="new-user-name" type="text" required prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                <label for="new-user-email">{move || t(lang.get(), Text::Email)}</label>
                <input id="new-user-email" type="email" required prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev)) />
                <label class="pb-filter">
                    <input type="checkbox" prop:checked=move || guest.get() on:change=move |ev| guest.set(event_target_checked(&ev)) />
                    {move || t(lang.get(), Text::GuestUser)}
                </label>
                <fieldset class="pb-roles-edit">
                    <legend>{move || t(lang.get(), Text::Roles)}</legend>
                    {Role::ALL.map(|role| view! {
                        <label class="pb-filter">
                            <input type="checkbox" data-role=role.key()
                                disabled=move || role == Role::GlobalAdmin && global_admin_lock().is_some()
                                aria-describedby=move || (role == Role::GlobalAdmin && global_admin_lock().is_some()).then_some("add-user-role-lock")
                                prop:checked=move || roles.get().contains(&role) on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                roles.update(|r| {
                                    r.retain(|x| *x != role);
                                    if on {
                                        r.push(role);
                                    }
                                });
                            } />
                            {move || role.label(lang.get())}
                        </label>
                    }).collect_view()}
                </fieldset>
                <p class="pb-reason" id="add-user-role-lock" data-testid="role-lock-reason">
                    {move || global_admin_lock().map(|v| v.message(lang.get()))}
                </p>
                <p class="pb-reason" id="add-user-reason" data-testid="action-reason">{reason}</p>
                <ActionError place=Place::Form("add_user") />
                <button type="submit" class="pb-primary" aria-describedby="add-user-reason"
                    disabled=move || new_user().is_none() || refusal().is_some() || pending.get()>
                    {move || t(lang.get(), Text::AddUser)}
                </button>
            </form>
        </section>
    }
}

/// ACC-4: "Remove" in a user's row: first what they hold and what happens to each, then the
/// removal. Refused (disabled, with the rule's reason) for oneself, a Global admin unless by
/// a Global admin, the last Global admin, a bulk credit holder and the marketing contact.
#[component]
fn RemoveUser(user: User, ws: StoredValue<Arc<WorkspaceView>>) -> impl IntoView {
    let session = use_session();
    let lang = session.lang;
    let data = use_workspace();
    let pending = data.pending;
    let id = user.id;
    let confirming = RwSignal::new(false);
    let me = session.me.get_untracked();
    // Someone who may not remove people sees no button (every row would say the same).
    let may_remove_any = me
        .as_ref()
        .is_some_and(|me| Permission::ManageUsers.is_held_by(&me.user));
    // The refusal needs only what blocks a removal (a bulk credit, the marketing contact):
    // no row scans the company's subscriptions until its confirmation is opened.
    let blocking = ws.with_value(|ws| Holdings::of(id, &ws.credits, &[], ws.marketing_contact.as_ref()));
    let refusal = me
        .as_ref()
        .and_then(|me| ws.with_value(|ws| check_remove_user(id, &blocking, &me.user, &ws.directory).err()));
    let blocked = refusal.is_some();
    let reason = StoredValue::new(refusal);
    let reason_text = move || reason.with_value(|r| r.as_ref().map(|v| v.message(lang.get())));
    // What happens to each thing they hold (ACC-4), in the user's words.
    let consequences = move |l: Lang| -> Vec<String> {
        ws.with_value(|ws| {
            let holdings = Holdings::of(id, &ws.credits, &ws.visual_studio, ws.marketing_contact.as_ref());
            let mut lines: Vec<String> = holdings
                .monthly_credits
                .iter()
                .map(|credit| {
                    format!(
                        "{} {credit}: {}",
                        t(l, Text::MonthlyCreditNumbered),
                        t(l, Text::TakenBack)
                    )
                })
                .collect();
            for subscription in &holdings.visual_studio {
                let from = ws
                    .visual_studio
                    .iter()
                    .find(|v| v.id == *subscription)
                    .and_then(|v| v.reassignable_from())
                    .map(|f| l.format_date(f.date_naive()))
                    .unwrap_or_default();
                lines.push(format!(
                    "{} {subscription}: {} {from}",
                    t(l, Text::VisualStudioNumbered),
                    t(l, Text::FreedFrom)
                ));
            }
            if lines.is_empty() {
                lines.push(t(l, Text::HoldsNothing).to_string());
            }
            lines
        })
    };
    let name = StoredValue::new(user.display_name.clone());
    let remove = move |_| {
        spawn_local(async move {
            if data
                .run(Command::RemoveUser { user_id: id }, None, Text::UserRemovedToast)
                .await
                .is_ok()
            {
                confirming.set(false);
            }
        });
    };
    may_remove_any.then(|| view! {
        <div class="pb-reset-password">
            <button
                type="button"
                class="pb-secondary"
                data-testid="remove-user"
                disabled=move || blocked || pending.get()
                aria-expanded=move || confirming.get().to_string()
                aria-describedby=format!("remove-reason-{}", id.0)
                aria-label=move || format!("{}: {}", t(lang.get(), Text::RemoveFromCompany), name.get_value())
                on:click=move |_| confirming.update(|c| *c = !*c)
            >
                {move || t(lang.get(), Text::RemoveFromCompany)}
            </button>
            <p class="pb-reason" id=format!("remove-reason-{}", id.0) data-testid="remove-reason">{reason_text}</p>
            <Show when=move || confirming.get()>
                <div role="group" data-testid="remove-confirmation" aria-label=move || format!("{}: {}", t(lang.get(), Text::RemoveFromCompany), name.get_value())>
                    <p>{move || t(lang.get(), Text::RemoveUserExplain)}</p>
                    <ul data-testid="remove-holdings">
                        {move || consequences(lang.get()).into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                    </ul>
                    <button type="button" class="pb-danger" data-testid="remove-user-now" disabled=move || pending.get() on:click=remove>
                        {move || format!("{} {}", t(lang.get(), Text::RemoveUserNow), name.get_value())}
                    </button>
                    " "
                    <button type="button" class="pb-secondary" on:click=move |_| confirming.set(false)>
                        {move || t(lang.get(), Text::Cancel)}
                    </button>
                </div>
            </Show>
            <ActionError place=Place::Removal(id) />
        </div>
    })
}
