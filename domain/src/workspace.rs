//! A company's whole Benefits workspace as one value, and one [`Command`] per user action.
//!
//! [`Workspace::check`] answers what the SPA needs before sending (allowed, allowed after
//! confirming a warning, or refused with the rule); [`Workspace::apply`] checks again and
//! changes the state only when allowed. A refused command leaves the workspace untouched.

use crate::accounts::{
    check_add_user, check_remove_user, check_reset_password, check_set_roles, normalised_roles, Holdings,
    NewUser,
};
use crate::azure::{
    check_assign_azure_credit, check_remove_azure_credit, check_transfer_azure_credit, give_azure_credit,
    take_back_azure_credit, AzureCredit,
};
use crate::benefit::Offer;
use crate::cancellation::{
    check_request_cancellation, software_activated, CancellationRequest, CancellationState,
};
use crate::company::{Company, MembershipOffer};
use crate::go_to_market::{
    check_activate_go_to_market_offer, check_record_go_to_market_activation, check_set_marketing_contact,
    GoToMarketOffer, GoToMarketStatus, MarketingContact,
};
use crate::history::{record_holder_change, AssignmentRecord, BenefitKind};
use crate::licences::{
    check_redeem_product_key, check_request_replacement_key, LicenceSubscription, RedeemMode, Redemption,
};
use crate::membership::{
    check_add_offer, check_renew_offer, check_set_credit_equivalent, provision, renew, Provisioned,
};
use crate::money::Money;
use crate::software::{reveal_software_keys, KeyReveal, SoftwareBenefit, SoftwareKey};
use crate::technical::{
    advisory_confirmation_number, check_activate_product_support, check_record_support_confirmation,
    check_submit_advisory_request, AdvisoryBalance, AdvisoryRequest, ProductSupport, SupportContact,
    SupportState,
};
use crate::user::find_user;
use crate::visual_studio::{
    check_assign_visual_studio_subscriber, check_reassign_visual_studio_subscriber, VisualStudioAssignment,
    VisualStudioSubscription,
};
use crate::warning::{Verdict, Warning};
use crate::{Role, User, UserId, Violation};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Everything one company has in the Benefits workspace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workspace {
    pub company: Company,
    pub directory: Vec<User>,
    pub software: Vec<SoftwareBenefit>,
    /// SW-1's record of every "Get keys".
    pub key_reveals: Vec<KeyReveal>,
    pub credits: Vec<AzureCredit>,
    pub licences: Vec<LicenceSubscription>,
    pub visual_studio: Vec<VisualStudioSubscription>,
    pub support: Vec<ProductSupport>,
    pub advisory_hours_used: u32,
    /// Submitted requests with their confirmation numbers (PAH-3).
    pub advisory_requests: Vec<(String, AdvisoryRequest)>,
    pub marketing_contact: Option<MarketingContact>,
    pub go_to_market: Vec<GoToMarketOffer>,
    pub cancellations: Vec<CancellationRequest>,
    /// Who held which credit and subscription, when.
    pub history: Vec<AssignmentRecord>,
}

/// One user action. IDs are the workspace's own; an ID it doesn't have is [`Refusal::NotFound`].
/// Unknown fields are refused at every depth: a misspelt field must not be silently dropped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case", deny_unknown_fields)]
pub enum Command {
    RevealSoftwareKeys {
        benefit_id: i64,
    },
    AssignAzureCredit {
        credit_id: i64,
        user_id: UserId,
    },
    RemoveAzureCredit {
        credit_id: i64,
    },
    TransferAzureCredit {
        credit_id: i64,
        user_id: UserId,
    },
    RedeemProductKey {
        subscription_id: i64,
        key_id: i64,
        mode: RedeemMode,
        confirmed: bool,
    },
    RequestReplacementKey {
        subscription_id: i64,
        key_id: i64,
    },
    AssignVisualStudioSubscriber {
        subscription_id: i64,
        user_id: UserId,
    },
    ReassignVisualStudioSubscriber {
        subscription_id: i64,
        user_id: UserId,
    },
    ActivateProductSupport {
        support_id: i64,
        contact: Option<SupportContact>,
    },
    SubmitAdvisoryRequest {
        request: AdvisoryRequest,
    },
    SetMarketingContact {
        contact: MarketingContact,
    },
    ActivateGoToMarketOffer {
        offer_id: i64,
    },
    RequestCancellation {
        offer: Offer,
    },
    AddUser {
        user: NewUser,
    },
    SetRoles {
        user_id: UserId,
        roles: Vec<Role>,
    },
    /// ACC-3: a new temporary password for someone else (made by the server).
    ResetPassword {
        user_id: UserId,
    },
    /// ACC-4: remove a person who left the company.
    RemoveUser {
        user_id: UserId,
    },
    /// TS-7: Microsoft's confirmation of a pending support activation.
    RecordSupportConfirmation {
        support_id: i64,
        access_id: String,
        contract_id: String,
    },
    /// GTM-6: Microsoft's activation of a pending Go-To-Market offer.
    RecordGoToMarketActivation {
        offer_id: i64,
        #[serde(with = "crate::dates::day")]
        expires_on: NaiveDate,
    },
    /// OFR-2 / OFR-3: renew a membership offer in its window.
    RenewOffer {
        offer: Offer,
    },
    /// OFR-1: a newly bought offer, which provisions its benefits.
    AddOffer {
        offer: Offer,
        #[serde(with = "crate::dates::day")]
        purchased_on: NaiveDate,
    },
    /// AZ-1: what Microsoft gives in the company's currency for USD 100 of credit.
    SetCreditEquivalent {
        usd_100_equivalent: Money,
    },
}

/// Why a command was not carried out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "refusal", rename_all = "snake_case")]
pub enum Refusal {
    /// A rule refused it.
    Rule { violation: Violation },
    /// It needs the user's confirmation of this consequence first (LIC-3).
    NeedsConfirmation { warning: Warning },
    /// The acting user or a named thing is not in this workspace.
    NotFound,
}

impl From<Violation> for Refusal {
    fn from(violation: Violation) -> Self {
        Refusal::Rule { violation }
    }
}

/// What an applied command hands back besides the new state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "effect", rename_all = "snake_case")]
pub enum Effect {
    Done,
    /// SW-1: the keys, for this response only.
    KeysRevealed {
        keys: Vec<SoftwareKey>,
    },
    /// PAH-3.
    AdvisoryRequestSubmitted {
        confirmation_number: String,
    },
    /// ROLE-5: the new user's ID (the server makes the one-time password).
    UserAdded {
        user_id: UserId,
    },
    /// ACC-3: whose password was reset (the server makes the one-time password).
    PasswordReset {
        user_id: UserId,
    },
    /// ACC-4: who was removed (the server ends their sessions).
    UserRemoved {
        user_id: UserId,
    },
}

/// IDs a command may hand out. They are unique across companies, which one workspace can't
/// see: the server takes them from its database; alone (tests, a preview) a workspace
/// counts on from its own highest.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NewIds {
    /// A new user's ([`Command::AddUser`]).
    pub user: Option<UserId>,
    /// The first of the benefits an added offer provisions (the rest follow it).
    pub first_benefit: Option<i64>,
}

/// The thing a command changes, when it is one versioned benefit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub kind: BenefitKind,
    pub id: i64,
}

/// Every [`Command::action`] name.
pub const ALL_ACTIONS: [&str; 21] = [
    "reveal_software_keys",
    "assign_azure_credit",
    "remove_azure_credit",
    "transfer_azure_credit",
    "redeem_product_key",
    "request_replacement_key",
    "assign_visual_studio_subscriber",
    "reassign_visual_studio_subscriber",
    "activate_product_support",
    "submit_advisory_request",
    "set_marketing_contact",
    "activate_go_to_market_offer",
    "request_cancellation",
    "add_user",
    "set_roles",
    "reset_password",
    "remove_user",
    "record_support_confirmation",
    "record_go_to_market_activation",
    "renew_offer",
    "add_offer",
];

impl Target {
    /// How the audit log names it, e.g. `visual_studio_subscription:1303`.
    pub fn subject(&self) -> String {
        let kind = serde_json::to_value(self.kind).unwrap_or_default();
        format!("{}:{}", kind.as_str().unwrap_or(""), self.id)
    }
}

impl Command {
    /// The benefit this command changes (its version guards against stale writes).
    pub fn target(&self) -> Option<Target> {
        let (kind, id) = match self {
            Command::RevealSoftwareKeys { benefit_id } => (BenefitKind::Software, *benefit_id),
            Command::AssignAzureCredit { credit_id, .. }
            | Command::RemoveAzureCredit { credit_id }
            | Command::TransferAzureCredit { credit_id, .. } => (BenefitKind::AzureCredit, *credit_id),
            Command::RedeemProductKey { subscription_id, .. }
            | Command::RequestReplacementKey { subscription_id, .. } => {
                (BenefitKind::LicenceSubscription, *subscription_id)
            }
            Command::AssignVisualStudioSubscriber { subscription_id, .. }
            | Command::ReassignVisualStudioSubscriber { subscription_id, .. } => {
                (BenefitKind::VisualStudioSubscription, *subscription_id)
            }
            Command::ActivateProductSupport { support_id, .. }
            | Command::RecordSupportConfirmation { support_id, .. } => {
                (BenefitKind::ProductSupport, *support_id)
            }
            Command::ActivateGoToMarketOffer { offer_id }
            | Command::RecordGoToMarketActivation { offer_id, .. } => {
                (BenefitKind::GoToMarketOffer, *offer_id)
            }
            Command::SubmitAdvisoryRequest { .. }
            | Command::SetMarketingContact { .. }
            | Command::RequestCancellation { .. }
            | Command::AddUser { .. }
            | Command::SetRoles { .. }
            | Command::ResetPassword { .. }
            | Command::RemoveUser { .. }
            | Command::RenewOffer { .. }
            | Command::AddOffer { .. }
            | Command::SetCreditEquivalent { .. } => return None,
        };
        Some(Target { kind, id })
    }

    /// Stable name for the audit log, e.g. `assign_visual_studio_subscriber`.
    pub fn action(&self) -> &'static str {
        match self {
            Command::RevealSoftwareKeys { .. } => "reveal_software_keys",
            Command::AssignAzureCredit { .. } => "assign_azure_credit",
            Command::RemoveAzureCredit { .. } => "remove_azure_credit",
            Command::TransferAzureCredit { .. } => "transfer_azure_credit",
            Command::RedeemProductKey { .. } => "redeem_product_key",
            Command::RequestReplacementKey { .. } => "request_replacement_key",
            Command::AssignVisualStudioSubscriber { .. } => "assign_visual_studio_subscriber",
            Command::ReassignVisualStudioSubscriber { .. } => "reassign_visual_studio_subscriber",
            Command::ActivateProductSupport { .. } => "activate_product_support",
            Command::SubmitAdvisoryRequest { .. } => "submit_advisory_request",
            Command::SetMarketingContact { .. } => "set_marketing_contact",
            Command::ActivateGoToMarketOffer { .. } => "activate_go_to_market_offer",
            Command::RequestCancellation { .. } => "request_cancellation",
            Command::AddUser { .. } => "add_user",
            Command::SetRoles { .. } => "set_roles",
            Command::ResetPassword { .. } => "reset_password",
            Command::RemoveUser { .. } => "remove_user",
            Command::RecordSupportConfirmation { .. } => "record_support_confirmation",
            Command::RecordGoToMarketActivation { .. } => "record_go_to_market_activation",
            Command::RenewOffer { .. } => "renew_offer",
            Command::AddOffer { .. } => "add_offer",
            Command::SetCreditEquivalent { .. } => "set_credit_equivalent",
        }
    }
}

fn find_mut<T>(items: &mut [T], found: impl Fn(&T) -> bool) -> Result<&mut T, Refusal> {
    items.iter_mut().find(|i| found(i)).ok_or(Refusal::NotFound)
}

fn find<T>(items: &[T], found: impl Fn(&T) -> bool) -> Result<&T, Refusal> {
    items.iter().find(|i| found(i)).ok_or(Refusal::NotFound)
}

impl Workspace {
    /// A company with nothing in it yet (what a first save compares against).
    pub fn empty(company: Company) -> Workspace {
        Workspace {
            company,
            directory: vec![],
            software: vec![],
            key_reveals: vec![],
            credits: vec![],
            licences: vec![],
            visual_studio: vec![],
            support: vec![],
            advisory_hours_used: 0,
            advisory_requests: vec![],
            marketing_contact: None,
            go_to_market: vec![],
            cancellations: vec![],
            history: vec![],
        }
    }

    /// The version of a benefit, for stale-write detection; `None` for unknown IDs and
    /// for benefits that are never changed (software).
    pub fn version_of(&self, target: Target) -> Option<i64> {
        let id = target.id;
        match target.kind {
            BenefitKind::Software => None,
            BenefitKind::AzureCredit => self.credits.iter().find(|c| c.id == id).map(|c| c.version),
            BenefitKind::LicenceSubscription => self.licences.iter().find(|l| l.id == id).map(|l| l.version),
            BenefitKind::VisualStudioSubscription => {
                self.visual_studio.iter().find(|v| v.id == id).map(|v| v.version)
            }
            BenefitKind::ProductSupport => self.support.iter().find(|s| s.id == id).map(|s| s.version),
            BenefitKind::GoToMarketOffer => self.go_to_market.iter().find(|o| o.id == id).map(|o| o.version),
        }
    }

    fn actor(&self, actor: UserId) -> Result<&User, Refusal> {
        find_user(&self.directory, actor).ok_or(Refusal::NotFound)
    }

    /// What the SPA asks before sending: may `actor` do this now, and is there a warning?
    pub fn check(
        &self,
        command: &Command,
        actor: UserId,
        now: DateTime<Utc>,
    ) -> Result<Verdict<()>, Refusal> {
        let user = self.actor(actor)?;
        let dir = &self.directory[..];
        match command {
            Command::RevealSoftwareKeys { benefit_id } => {
                let benefit = find(&self.software, |b| b.id == *benefit_id)?;
                reveal_software_keys(benefit, user, dir, now)?;
            }
            Command::AssignAzureCredit { credit_id, user_id } => {
                let credit = find(&self.credits, |c| c.id == *credit_id)?;
                check_assign_azure_credit(credit, user, dir, &self.credits, *user_id, now)?;
            }
            Command::RemoveAzureCredit { credit_id } => {
                let credit = find(&self.credits, |c| c.id == *credit_id)?;
                check_remove_azure_credit(credit, user, dir, now)?;
            }
            Command::TransferAzureCredit { credit_id, user_id } => {
                let credit = find(&self.credits, |c| c.id == *credit_id)?;
                check_transfer_azure_credit(credit, user, dir, &self.credits, *user_id, now)?;
            }
            Command::RedeemProductKey {
                subscription_id,
                key_id,
                mode,
                confirmed,
            } => {
                let subscription = find(&self.licences, |s| s.id == *subscription_id)?;
                let key = find(&subscription.keys, |k| k.id == *key_id)?;
                return match check_redeem_product_key(subscription, key, *mode, user, dir, now)? {
                    Verdict::NeedsConfirmation { warning, .. } if !confirmed => {
                        Ok(Verdict::NeedsConfirmation { warning, outcome: () })
                    }
                    _ => Ok(Verdict::Allowed { outcome: () }),
                };
            }
            Command::RequestReplacementKey {
                subscription_id,
                key_id,
            } => {
                let subscription = find(&self.licences, |s| s.id == *subscription_id)?;
                let key = find(&subscription.keys, |k| k.id == *key_id)?;
                check_request_replacement_key(key, user, dir, now)?;
            }
            Command::AssignVisualStudioSubscriber {
                subscription_id,
                user_id,
            } => {
                let subscription = find(&self.visual_studio, |s| s.id == *subscription_id)?;
                check_assign_visual_studio_subscriber(subscription, user, dir, *user_id, now)?;
            }
            Command::ReassignVisualStudioSubscriber {
                subscription_id,
                user_id,
            } => {
                let subscription = find(&self.visual_studio, |s| s.id == *subscription_id)?;
                check_reassign_visual_studio_subscriber(subscription, user, dir, *user_id, now)?;
            }
            Command::ActivateProductSupport { support_id, contact } => {
                let support = find(&self.support, |s| s.id == *support_id)?;
                check_activate_product_support(support, &self.company, contact.as_ref(), user, dir, now)?;
            }
            Command::SubmitAdvisoryRequest { request } => {
                let balance = AdvisoryBalance::for_company(&self.company, self.advisory_hours_used, now);
                check_submit_advisory_request(&self.company, balance, request, now)?;
            }
            Command::SetMarketingContact { contact } => {
                check_set_marketing_contact(&self.company, contact, user, dir)?;
            }
            Command::ActivateGoToMarketOffer { offer_id } => {
                let offer = find(&self.go_to_market, |o| o.id == *offer_id)?;
                check_activate_go_to_market_offer(offer, self.marketing_contact.as_ref(), user, dir)?;
            }
            Command::RequestCancellation { offer } => {
                let membership = find(&self.company.offers, |m| m.offer == *offer)?;
                check_request_cancellation(
                    membership,
                    software_activated(*offer, &self.software),
                    &self.key_reveals,
                    &self.cancellations,
                    user,
                    dir,
                    now,
                )?;
            }
            Command::AddUser { user: new_user } => {
                check_add_user(new_user, user, dir, false)?;
            }
            Command::SetRoles { user_id, roles } => {
                // Another company's user is simply not found here.
                find(&self.directory, |u| u.id == *user_id)?;
                check_set_roles(*user_id, roles, user, dir)?;
            }
            Command::ResetPassword { user_id } => {
                find(&self.directory, |u| u.id == *user_id)?;
                check_reset_password(*user_id, user, dir)?;
            }
            Command::RemoveUser { user_id } => {
                find(&self.directory, |u| u.id == *user_id)?;
                check_remove_user(*user_id, &self.holdings_of(*user_id), user, dir)?;
            }
            Command::RecordSupportConfirmation {
                support_id,
                access_id,
                contract_id,
            } => {
                let support = find(&self.support, |s| s.id == *support_id)?;
                check_record_support_confirmation(support, access_id, contract_id, user, dir)?;
            }
            Command::RecordGoToMarketActivation { offer_id, expires_on } => {
                let offer = find(&self.go_to_market, |o| o.id == *offer_id)?;
                check_record_go_to_market_activation(offer, *expires_on, user, dir, now)?;
            }
            Command::RenewOffer { offer } => {
                check_renew_offer(&self.company, *offer, user, dir, now)?;
            }
            Command::AddOffer { offer, purchased_on } => {
                check_add_offer(&self.company, *offer, *purchased_on, user, dir, now)?;
            }
            Command::SetCreditEquivalent { usd_100_equivalent } => {
                check_set_credit_equivalent(&self.company, *usd_100_equivalent, user, dir)?;
            }
        }
        Ok(Verdict::Allowed { outcome: () })
    }

    /// Checks, then carries the command out. On any refusal the workspace is unchanged.
    /// A new user's ID comes after this workspace's highest: right for a workspace on its
    /// own (tests, a preview); the server gives IDs unique across companies ([`Self::apply_with`]).
    pub fn apply(&mut self, command: &Command, actor: UserId, now: DateTime<Utc>) -> Result<Effect, Refusal> {
        self.apply_with(command, actor, now, NewIds::default())
    }

    /// ACC-4: what `user` holds that removing them changes.
    pub fn holdings_of(&self, user: UserId) -> Holdings {
        Holdings::of(
            user,
            &self.credits,
            &self.visual_studio,
            self.marketing_contact.as_ref(),
        )
    }

    /// The highest benefit ID of this workspace (0 when it has none).
    fn highest_benefit_id(&self) -> i64 {
        let ids = self
            .software
            .iter()
            .map(|b| b.id)
            .chain(self.credits.iter().map(|b| b.id))
            .chain(self.licences.iter().map(|b| b.id))
            .chain(self.visual_studio.iter().map(|b| b.id))
            .chain(self.support.iter().map(|b| b.id))
            .chain(self.go_to_market.iter().map(|b| b.id));
        ids.max().unwrap_or(0)
    }

    /// OFR-1: adds what an offer provisioned (numbered already).
    pub fn add_provisioned(&mut self, p: Provisioned) {
        self.software.extend(p.software);
        self.credits.extend(p.credits);
        self.licences.extend(p.licences);
        self.visual_studio.extend(p.visual_studio);
        self.support.extend(p.support);
        self.go_to_market.extend(p.go_to_market);
    }

    /// [`Self::apply`] with the ID a new user gets: user IDs are unique across companies,
    /// which one workspace can't see, so the server takes it from its database.
    pub fn apply_with(
        &mut self,
        command: &Command,
        actor: UserId,
        now: DateTime<Utc>,
        ids: NewIds,
    ) -> Result<Effect, Refusal> {
        if let Verdict::NeedsConfirmation { warning, .. } = self.check(command, actor, now)? {
            return Err(Refusal::NeedsConfirmation { warning });
        }
        let effect = match command {
            Command::RevealSoftwareKeys { benefit_id } => {
                let user = self.actor(actor)?.clone();
                let benefit = find(&self.software, |b| b.id == *benefit_id)?;
                let (keys, reveal) = reveal_software_keys(benefit, &user, &self.directory, now)?;
                self.key_reveals.push(reveal);
                Effect::KeysRevealed { keys }
            }
            Command::AssignAzureCredit { credit_id, user_id }
            | Command::TransferAzureCredit { credit_id, user_id } => {
                self.visible().apply(command, now)?;
                let kind = BenefitKind::AzureCredit;
                record_holder_change(&mut self.history, kind, *credit_id, Some(*user_id), now);
                Effect::Done
            }
            Command::RemoveAzureCredit { credit_id } => {
                self.visible().apply(command, now)?;
                record_holder_change(&mut self.history, BenefitKind::AzureCredit, *credit_id, None, now);
                Effect::Done
            }
            Command::RedeemProductKey {
                subscription_id,
                key_id,
                mode,
                ..
            } => {
                let subscription = find_mut(&mut self.licences, |s| s.id == *subscription_id)?;
                let seats = find(&subscription.keys, |k| k.id == *key_id)?.seats;
                let outcome = subscription
                    .redemption_outcome(seats, *mode, now.date_naive())
                    .map_err(Refusal::from)?;
                subscription.active_seats = outcome.active_seats;
                subscription.ends_on = Some(outcome.ends_on);
                subscription.version += 1;
                find_mut(&mut subscription.keys, |k| k.id == *key_id)?.redeemed = Some(Redemption {
                    at: now,
                    mode: *mode,
                    by: actor,
                });
                Effect::Done
            }
            Command::RequestReplacementKey {
                subscription_id,
                key_id,
            } => {
                let subscription = find_mut(&mut self.licences, |s| s.id == *subscription_id)?;
                find_mut(&mut subscription.keys, |k| k.id == *key_id)?.replacement_issued = true;
                subscription.version += 1;
                Effect::Done
            }
            Command::AssignVisualStudioSubscriber {
                subscription_id,
                user_id,
            }
            | Command::ReassignVisualStudioSubscriber {
                subscription_id,
                user_id,
            } => {
                self.visible().apply(command, now)?;
                let kind = BenefitKind::VisualStudioSubscription;
                record_holder_change(&mut self.history, kind, *subscription_id, Some(*user_id), now);
                Effect::Done
            }
            Command::ActivateProductSupport { .. }
            | Command::SetMarketingContact { .. }
            | Command::ActivateGoToMarketOffer { .. }
            | Command::SetRoles { .. } => {
                self.visible().apply(command, now)?;
                Effect::Done
            }
            Command::SubmitAdvisoryRequest { request } => {
                self.advisory_hours_used += request.hours;
                let number =
                    advisory_confirmation_number(self.company.id, self.advisory_requests.len() as i64 + 1);
                self.advisory_requests.push((number.clone(), request.clone()));
                Effect::AdvisoryRequestSubmitted {
                    confirmation_number: number,
                }
            }
            Command::RequestCancellation { offer } => {
                let id = self.cancellations.iter().map(|c| c.id).max().unwrap_or(0) + 1;
                self.cancellations.push(CancellationRequest {
                    id,
                    offer: *offer,
                    requested_at: now,
                    by: actor,
                    state: CancellationState::Submitted,
                });
                Effect::Done
            }
            Command::AddUser { user } => {
                let after_highest = || UserId(self.directory.iter().map(|u| u.id.0).max().unwrap_or(0) + 1);
                let id = ids.user.unwrap_or_else(after_highest);
                self.directory.push(User {
                    id,
                    display_name: user.display_name.trim().to_string(),
                    email: user.email.clone(),
                    roles: normalised_roles(&user.roles),
                    guest: user.guest,
                });
                Effect::UserAdded { user_id: id }
            }
            Command::ResetPassword { user_id } => Effect::PasswordReset { user_id: *user_id },
            Command::RemoveUser { user_id } => {
                let user_id = *user_id;
                let holdings = self.holdings_of(user_id);
                // AZ-3: monthly credits are taken back.
                for credit in self
                    .credits
                    .iter_mut()
                    .filter(|c| holdings.monthly_credits.contains(&c.id))
                {
                    take_back_azure_credit(credit);
                    record_holder_change(&mut self.history, BenefitKind::AzureCredit, credit.id, None, now);
                }
                // VS-3: freed, but the next subscriber still waits 90 days from the assignment.
                for subscription in self
                    .visual_studio
                    .iter_mut()
                    .filter(|v| holdings.visual_studio.contains(&v.id))
                {
                    subscription.freed_from = subscription.assignment.take();
                    subscription.version += 1;
                    let kind = BenefitKind::VisualStudioSubscription;
                    record_holder_change(&mut self.history, kind, subscription.id, None, now);
                }
                self.directory.retain(|u| u.id != user_id);
                Effect::UserRemoved { user_id }
            }
            Command::RecordSupportConfirmation { .. } | Command::RecordGoToMarketActivation { .. } => {
                self.visible().apply(command, now)?;
                Effect::Done
            }
            Command::RenewOffer { offer } => {
                renew(self, *offer).ok_or(Refusal::NotFound)?;
                Effect::Done
            }
            Command::AddOffer { offer, purchased_on } => {
                let membership = MembershipOffer::new(*offer, *purchased_on);
                let first = ids.first_benefit.unwrap_or_else(|| self.highest_benefit_id() + 1);
                let mut provisioned = provision(&membership, false);
                provisioned.number_from(first);
                self.add_provisioned(provisioned);
                self.company.offers.push(membership);
                Effect::Done
            }
            Command::SetCreditEquivalent { usd_100_equivalent } => {
                self.company.usd_100_equivalent = Some(*usd_100_equivalent);
                Effect::Done
            }
        };
        Ok(effect)
    }

    fn visible(&mut self) -> VisibleState<'_> {
        VisibleState {
            directory: &mut self.directory,
            credits: &mut self.credits,
            visual_studio: &mut self.visual_studio,
            support: &mut self.support,
            marketing_contact: &mut self.marketing_contact,
            go_to_market: &mut self.go_to_market,
        }
    }
}

/// The lists a user sees change when a command is carried out, held both by the server's
/// [`Workspace`] and by the browser's [`crate::wire::WorkspaceView`]. The effect of a
/// command on them is written once, here: the server applies it after its checks, the SPA
/// applies it as an optimistic update that it undoes when the server refuses.
pub struct VisibleState<'a> {
    pub directory: &'a mut [User],
    pub credits: &'a mut [AzureCredit],
    pub visual_studio: &'a mut [VisualStudioSubscription],
    pub support: &'a mut [ProductSupport],
    pub marketing_contact: &'a mut Option<MarketingContact>,
    pub go_to_market: &'a mut [GoToMarketOffer],
}

impl VisibleState<'_> {
    /// Applies the command's visible effect (unchecked: call after the checks) and says
    /// whether it had one. Commands whose outcome only the server knows (keys, confirmation
    /// numbers, new users, redemptions) return `Ok(false)` and change nothing.
    pub fn apply(&mut self, command: &Command, now: DateTime<Utc>) -> Result<bool, Refusal> {
        match command {
            Command::AssignAzureCredit { credit_id, user_id }
            | Command::TransferAzureCredit { credit_id, user_id } => {
                give_azure_credit(find_mut(self.credits, |c| c.id == *credit_id)?, *user_id, now);
            }
            Command::RemoveAzureCredit { credit_id } => {
                take_back_azure_credit(find_mut(self.credits, |c| c.id == *credit_id)?);
            }
            Command::AssignVisualStudioSubscriber {
                subscription_id,
                user_id,
            }
            | Command::ReassignVisualStudioSubscriber {
                subscription_id,
                user_id,
            } => {
                let subscription = find_mut(self.visual_studio, |s| s.id == *subscription_id)?;
                subscription.assignment = Some(VisualStudioAssignment {
                    subscriber: *user_id,
                    assigned_at: now,
                });
                subscription.version += 1;
            }
            Command::ActivateProductSupport { support_id, contact } => {
                let support = find_mut(self.support, |s| s.id == *support_id)?;
                support.state = SupportState::Pending {
                    requested_at: now,
                    contact: contact.clone(),
                };
                support.version += 1;
            }
            Command::SetMarketingContact { contact } => {
                *self.marketing_contact = Some(contact.clone());
            }
            Command::ActivateGoToMarketOffer { offer_id } => {
                let offer = find_mut(self.go_to_market, |o| o.id == *offer_id)?;
                offer.status = GoToMarketStatus::Pending { requested_at: now };
                offer.version += 1;
            }
            Command::SetRoles { user_id, roles } => {
                find_mut(self.directory, |u| u.id == *user_id)?.roles = normalised_roles(roles);
            }
            Command::RecordSupportConfirmation {
                support_id,
                access_id,
                contract_id,
            } => {
                let support = find_mut(self.support, |s| s.id == *support_id)?;
                support.state = SupportState::Active {
                    access_id: access_id.trim().to_string(),
                    contract_id: contract_id.trim().to_string(),
                    activated_at: now,
                };
                support.version += 1;
            }
            Command::RecordGoToMarketActivation { offer_id, expires_on } => {
                let offer = find_mut(self.go_to_market, |o| o.id == *offer_id)?;
                offer.status = GoToMarketStatus::Active {
                    expires_on: *expires_on,
                };
                offer.version += 1;
            }
            Command::RevealSoftwareKeys { .. }
            | Command::RedeemProductKey { .. }
            | Command::RequestReplacementKey { .. }
            | Command::SubmitAdvisoryRequest { .. }
            | Command::RequestCancellation { .. }
            | Command::AddUser { .. }
            | Command::ResetPassword { .. }
            | Command::RemoveUser { .. }
            | Command::RenewOffer { .. }
            | Command::AddOffer { .. }
            | Command::SetCreditEquivalent { .. } => return Ok(false),
        }
        Ok(true)
    }
}
