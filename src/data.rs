//! The company's workspace as the server last sent it, shared by every area page, and the
//! one way to run a command: shown at once (optimistic), checked by the server, undone
//! when the server refuses, reloaded when someone else changed it meanwhile (409).

use crate::api::{self, ApiError};
use crate::components::Toasts;
use crate::i18n::{t, Text};
use crate::session::Session;
use benefits_domain::benefit::Offer;
use benefits_domain::wire::{CommandRequest, CommandResponse, WorkspaceView};
use benefits_domain::workspace::{Command, Target};
use benefits_domain::UserId;
use chrono::{DateTime, TimeDelta, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

/// Where on a page an action lives, so the server's refusal is shown next to it even
/// after the list re-rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// One benefit's row (assign, transfer, redeem, activate …).
    Benefit(Target),
    /// One product key of a licence-based subscription.
    Key(i64),
    /// One user's roles.
    Roles(UserId),
    /// One user's password reset (ACC-3).
    Password(UserId),
    /// One membership offer's renewal or cancellation.
    Membership(Offer),
    /// Removing one user (ACC-4).
    Removal(UserId),
    /// A page-level form (advisory request, marketing contact, new user, cancellation).
    Form(&'static str),
}

impl Place {
    pub fn of(command: &Command) -> Place {
        match (command.target(), command) {
            (_, Command::RedeemProductKey { key_id, .. } | Command::RequestReplacementKey { key_id, .. }) => {
                Place::Key(*key_id)
            }
            (Some(target), _) => Place::Benefit(target),
            (None, Command::SetRoles { user_id, .. }) => Place::Roles(*user_id),
            (None, Command::ResetPassword { user_id }) => Place::Password(*user_id),
            (None, Command::RequestCancellation { offer } | Command::RenewOffer { offer }) => {
                Place::Membership(*offer)
            }
            (None, Command::RemoveUser { user_id }) => Place::Removal(*user_id),
            (None, command) => Place::Form(command.action()),
        }
    }
}

#[derive(Clone, Copy)]
pub struct WorkspaceData {
    /// Shared, not copied: every page and row holds the same one (10,000 users are megabytes).
    pub view: RwSignal<Option<Result<Arc<WorkspaceView>, ApiError>>>,
    session: Session,
    /// Server clock minus this browser's, so rules are checked at the server's "now".
    skew: RwSignal<TimeDelta>,
    /// A command is on its way: every action waits for it (no double submits).
    pub pending: RwSignal<bool>,
    /// The server's refusal of the last command, and where it belongs.
    refusal: RwSignal<Option<(Place, String)>>,
    toasts: Option<Toasts>,
    api: api::Api,
    /// A prefetch was started and the shell has not used it yet.
    prefetched: StoredValue<bool>,
}

impl WorkspaceData {
    pub fn new(session: Session) -> WorkspaceData {
        WorkspaceData {
            view: RwSignal::new(None),
            session,
            skew: RwSignal::new(TimeDelta::zero()),
            pending: RwSignal::new(false),
            refusal: RwSignal::new(None),
            toasts: use_context::<Toasts>(),
            api: use_context::<api::Api>().unwrap_or_else(api::Api::from_document),
            prefetched: StoredValue::new(false),
        }
    }

    /// Starts loading at app start, in parallel with the session check (`/me`), so the first
    /// page has its data a round trip sooner; `index.html` has usually started the request
    /// already, while the wasm was downloading (see `api::early_workspace`). Not signed in: the answer is a 401, and the
    /// shell loads again after sign-in (see [`WorkspaceData::load_unless_prefetched`]).
    pub fn prefetch(&self) {
        self.prefetched.set_value(true);
        let (view, skew, api) = (self.view, self.skew, self.api);
        let lang = self.session.lang.get_untracked();
        spawn_local(async move {
            let result = match api.early_workspace(lang).await {
                Some(result) => result,
                None => api.workspace(lang).await,
            };
            if let Ok(ws) = &result {
                skew.set(ws.server_time - Utc::now());
            }
            view.set(Some(result.map(Arc::new)));
        });
    }

    /// What the shell calls when it appears: loads, unless the prefetch of the app start is
    /// still under way or has brought the data (the first time only).
    pub fn load_unless_prefetched(&self) {
        let prefetched = self.prefetched.get_value();
        self.prefetched.set_value(false);
        let usable = self.view.with_untracked(|v| !matches!(v, Some(Err(_))));
        if !(prefetched && usable) {
            self.load();
        }
    }

    /// (Re)loads the workspace; a lost session returns to sign-in.
    pub fn load(&self) {
        let session = self.session;
        let (view, skew, api) = (self.view, self.skew, self.api);
        let lang = session.lang.get_untracked();
        spawn_local(async move {
            let result = api.workspace(lang).await;
            match &result {
                Ok(ws) => skew.set(ws.server_time - Utc::now()),
                Err(e) if e.is_unauthenticated() => session.me.set(None),
                Err(_) => {}
            }
            view.set(Some(result.map(Arc::new)));
        });
    }

    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.skew.get_untracked()
    }

    /// The server's refusal of the last command run at `place`, in the user's language.
    pub fn refusal_at(&self, place: Place) -> Option<String> {
        self.refusal.with(|r| {
            r.as_ref()
                .filter(|(p, _)| *p == place)
                .map(|(_, message)| message.clone())
        })
    }

    /// Runs a command as the user sees it: the list shows its effect at once, a toast says
    /// `success` or the server's reason (also kept next to the action, see
    /// [`WorkspaceData::refusal_at`]); a refusal restores what was shown before, a 409
    /// reloads the latest state and says someone else changed it.
    pub async fn run(
        &self,
        command: Command,
        version: Option<i64>,
        success: Text,
    ) -> Result<CommandResponse, ApiError> {
        let lang = self.session.lang.get_untracked();
        let toasts = self.toasts;
        let place = Place::of(&command);
        let now = self.now();
        self.pending.set(true);
        self.refusal.set(None);
        let shown_before = self.view.get_untracked();
        let mut predicted = false;
        self.view.update(|view| {
            if let Some(Ok(view)) = view {
                // A copy: `shown_before` keeps what to restore on a refusal.
                predicted = Arc::make_mut(view).predict(&command, now);
            }
        });
        let result = self.api.command(&CommandRequest { command, version }, lang).await;
        match &result {
            Ok(_) => {
                if let Some(toasts) = toasts {
                    toasts.success(t(lang, success));
                }
                self.load();
            }
            Err(e) => {
                if e.status == 409 {
                    // Someone else changed it: show the latest state, not ours.
                    self.load();
                } else if predicted {
                    self.view.set(shown_before);
                }
                if e.is_unauthenticated() {
                    self.session.me.set(None);
                }
                if let Some(toasts) = toasts {
                    toasts.failure(e.body.message.clone());
                }
                self.refusal.set(Some((place, e.body.message.clone())));
            }
        }
        self.pending.set(false);
        result
    }

    /// Signs out: the session ends on the server, and the next user must not see this
    /// company's data, not even for a moment.
    pub fn sign_out(&self) {
        let (api, view, session) = (self.api, self.view, self.session);
        let lang = session.lang.get_untracked();
        spawn_local(async move {
            api.sign_out(lang).await;
            view.set(None);
            session.me.set(None);
        });
    }

    /// [`WorkspaceData::run`] for actions whose response carries nothing more to show.
    pub fn act(&self, command: Command, version: Option<i64>) {
        let data = *self;
        spawn_local(async move {
            let _ = data.run(command, version, Text::Saved).await;
        });
    }
}

pub fn use_workspace() -> WorkspaceData {
    expect_context::<WorkspaceData>()
}
