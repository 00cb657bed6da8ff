//! The company's workspace as the server last sent it, shared by every area page, and the
//! one way to run a command: check on the server too, then reload what changed.

use crate::api::{self, ApiError};
use crate::session::Session;
use benefits_domain::wire::{CommandRequest, CommandResponse, WorkspaceView};
use benefits_domain::workspace::Command;
use chrono::{DateTime, TimeDelta, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Clone, Copy)]
pub struct WorkspaceData {
    pub view: RwSignal<Option<Result<WorkspaceView, ApiError>>>,
    session: Session,
    /// Server clock minus this browser's, so rules are checked at the server's "now".
    skew: RwSignal<TimeDelta>,
}

impl WorkspaceData {
    pub fn new(session: Session) -> WorkspaceData {
        WorkspaceData {
            view: RwSignal::new(None),
            session,
            skew: RwSignal::new(TimeDelta::zero()),
        }
    }

    /// (Re)loads the workspace; a lost session returns to sign-in.
    pub fn load(&self) {
        let session = self.session;
        let (view, skew) = (self.view, self.skew);
        let lang = session.lang.get_untracked();
        spawn_local(async move {
            let result = api::workspace(lang).await;
            match &result {
                Ok(ws) => skew.set(ws.server_time - Utc::now()),
                Err(e) if e.is_unauthenticated() => session.me.set(None),
                Err(_) => {}
            }
            view.set(Some(result));
        });
    }

    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.skew.get_untracked()
    }

    /// Sends a command; on success (and on a stale write) reloads the workspace.
    pub async fn run(&self, command: Command, version: Option<i64>) -> Result<CommandResponse, ApiError> {
        let lang = self.session.lang.get_untracked();
        let result = api::command(&CommandRequest { command, version }, lang).await;
        if result.is_ok() || result.as_ref().is_err_and(|e| e.status == 409) {
            self.load();
        }
        result
    }
}

pub fn use_workspace() -> WorkspaceData {
    expect_context::<WorkspaceData>()
}
