//! A refused action: the rule that refused it and what is needed to explain it.

use crate::{EmailAddress, Lang, Role, RuleId, UserRef};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A rule refused an action. `reason` carries the facts a message needs
/// (dates, people), so the SPA and the server word it the same way.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    pub rule: RuleId,
    pub reason: Reason,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// ROLE-2/3/5, with ROLE-6's list of who may do it.
    MissingRole {
        needs_any_of: Vec<Role>,
        who_can: Vec<UserRef>,
    },
    /// ROW-3.
    Expired { expires_on: NaiveDate },
    /// VS-1: the chosen person is not in the company's user list.
    UserNotInDirectory,
    /// VS-1: reassigning needs a subscriber to take over from.
    NoSubscriberYet,
    /// VS-2: a subscription has one subscriber; it can't be shared.
    AlreadyHasSubscriber { subscriber: UserRef },
    /// VS-2: the chosen person already holds this subscription.
    AlreadyTheSubscriber { subscriber: UserRef },
    /// VS-3: 90 days must pass since the current subscriber was assigned.
    ReassignNotBefore {
        assigned_on: NaiveDate,
        reassignable_from: NaiveDate,
    },
    /// SW-4.
    MaximumActivationsReached { maximum: u32 },
    /// AZ-2: the credit has a user; transfer or remove it instead.
    CreditAlreadyHeld { holder: Option<UserRef> },
    /// AZ-3: nobody holds the credit.
    CreditNotHeld,
    /// AZ-6.
    FreeMailAddress { email: EmailAddress },
    /// AZ-5 / AZ-6: the user already holds a credit.
    AlreadyHoldsCredit { user: UserRef },
    /// AZ-4.
    BulkCreditCannotBeRemoved,
    /// AZ-4.
    EnrolmentYearOver { ended_on: NaiveDate },
    /// AZ-7.
    ReassignmentsUsedUp { maximum: u8 },
    /// LIC-2.
    KeyAlreadyRedeemed { redeemed_on: NaiveDate },
    /// LIC-4: the end date can move at most 3 years.
    KeyTooLargeToExtend { key_seats: u32, active_seats: u32 },
    /// LIC-5: within 30 days of activation only.
    ReplacementWindowClosed { closed_on: NaiveDate },
    /// LIC-5: once per key.
    ReplacementAlreadyUsed,
    /// LIC-5: only a redeemed key can be replaced.
    KeyNotRedeemed,
    /// TS-2 / GTM-5: already activated or pending.
    AlreadyActivated,
    /// TS-4.
    SignatureNotForActionPack,
    /// TS-5: current and previous version only.
    VersionNotCovered,
    /// TS-5.
    NoIncidentsLeft { total: u32 },
    /// TS-6 / GTM-3: the contact needs an address other than the Partner Center account's.
    ContactEmailIsAccountEmail,
    /// TS-1 / PAH-1: no active Action Pack, Silver or Gold offer.
    NoEligibleOffer,
    /// PAH-2.
    NotEnoughHours { requested: u32, left: u32 },
    /// PAH-3.
    EngagementTooLong { requested: u32, maximum: u32 },
    /// PAH-3.
    BreakFixOutOfScope,
    /// A required field is empty (named as in the form).
    MissingField { field: String },
    /// GTM-2.
    NoMarketingContact,
    /// CAN-1.
    CancellationWindowClosed {
        purchased_on: NaiveDate,
        closed_on: NaiveDate,
    },
    /// CAN-1: software of the offer was activated or a key viewed.
    SoftwareAlreadyUsed,
    /// CAN-1: one open request per offer.
    CancellationAlreadyRequested,
    /// ROLE-5: e-mail addresses are unique.
    EmailAlreadyInUse { email: EmailAddress },
    /// ROLE-7.
    LastGlobalAdmin,
    /// ROLE-8: a guest may hold MPN partner admin, no other role.
    GuestRoleNotAllowed { role: Role },
    /// ROLE-9: a User management admin doesn't change their own roles; ROLE-6's list of who may.
    OwnRoles { who_can: Vec<UserRef> },
    /// ACC-1: the temporary password must be changed before anything else.
    PasswordChangeRequired,
    /// ACC-2: the current password given is not the user's.
    CurrentPasswordWrong,
    /// ACC-2.
    PasswordTooShort { minimum: u32 },
    /// ACC-2.
    PasswordIsEmail,
    /// ACC-2.
    PasswordUnchanged,
    /// ACC-3: one's own password is changed (with the current one), not reset.
    ResetOwnPassword,
    /// EMB-1: the secret is not that of a registered site.
    SiteSecretUnknown,
    /// EMB-2: the e-mail address is not that of a user of the site's company.
    NotAUserOfTheSitesCompany,
    /// OFR-2: the company has no such offer to renew.
    OfferNotHeld { offer: crate::benefit::Offer },
    /// OFR-2: outside the renewal window.
    RenewalNotOpen {
        opens_on: NaiveDate,
        closes_on: NaiveDate,
    },
    /// AZ-1: the equivalent of USD 100 is a positive amount in the company's currency.
    CreditEquivalentInvalid { currency: crate::money::Currency },
    /// AZ-1: a company whose currency is USD needs no equivalent.
    CreditEquivalentNotNeeded,
    /// OFR-1: the company holds the offer already (renew it instead).
    OfferAlreadyHeld { offer: crate::benefit::Offer },
    /// OFR-1: a purchase date in the future, or so old the offer has lapsed.
    PurchaseDateOutOfRange { earliest: NaiveDate, latest: NaiveDate },
    /// ACC-4 / AZ-4: a bulk credit is transferred, never taken back.
    HoldsBulkCredit { user: UserRef },
    /// ACC-4 / GTM-2: the marketing contact is changed before the person goes.
    IsMarketingContact { user: UserRef },
    /// ACC-4: nobody removes themselves.
    RemoveYourself,
    /// TS-7 / GTM-6: only a pending activation is confirmed.
    NotPending,
    /// GTM-6: the expiry date Microsoft gave is today or later.
    ExpiryInThePast { today: NaiveDate },
    /// SET-1: the setup link was used (or replaced by a newer one).
    SetupLinkUsed,
}

impl Violation {
    pub fn new(rule: RuleId, reason: Reason) -> Violation {
        Violation { rule, reason }
    }

    /// The explanation shown next to the refused control and in the API's error body.
    pub fn message(&self, lang: Lang) -> String {
        match &self.reason {
            Reason::MissingRole {
                needs_any_of,
                who_can,
            } => {
                let roles = join_or(needs_any_of.iter().map(|r| r.label(lang)), lang);
                let people = people(who_can);
                match (lang, people.is_empty()) {
                    (Lang::En, false) => format!("Only a {roles} can do this. Ask {people}."),
                    (Lang::En, true) => {
                        format!("Only a {roles} can do this, and nobody in your company has that role.")
                    }
                    (Lang::Nl, false) => {
                        format!("Alleen een {roles} kan dit doen. Vraag het aan {people}.")
                    }
                    (Lang::Nl, true) => format!(
                        "Alleen een {roles} kan dit doen, en niemand in uw bedrijf heeft die rol."
                    ),
                    (Lang::De, false) => {
                        format!("Nur ein {roles} kann das tun. Wenden Sie sich an {people}.")
                    }
                    (Lang::De, true) => format!(
                        "Nur ein {roles} kann das tun, und niemand in Ihrem Unternehmen hat diese Rolle."
                    ),
                }
            }
            Reason::Expired { expires_on } => {
                let date = lang.format_date(*expires_on);
                match lang {
                    Lang::En => format!("This benefit expired after {date} and can no longer be changed."),
                    Lang::Nl => format!("Dit voordeel is verlopen na {date} en kan niet meer worden gewijzigd."),
                    Lang::De => format!("Dieser Vorteil ist nach dem {date} abgelaufen und kann nicht mehr geändert werden."),
                }
            }
            Reason::UserNotInDirectory => match lang {
                Lang::En => "This person is not in your company's user list. Add them in Account settings first.".into(),
                Lang::Nl => "Deze persoon staat niet in de gebruikerslijst van uw bedrijf. Voeg de gebruiker eerst toe in Accountinstellingen.".into(),
                Lang::De => "Diese Person ist nicht in der Benutzerliste Ihres Unternehmens. Fügen Sie sie zuerst in den Kontoeinstellungen hinzu.".into(),
            },
            Reason::NoSubscriberYet => match lang {
                Lang::En => "This subscription has no subscriber yet: assign a user instead.".into(),
                Lang::Nl => "Dit abonnement heeft nog geen abonnee: wijs in plaats daarvan een gebruiker toe.".into(),
                Lang::De => "Dieses Abonnement hat noch keinen Abonnenten: Weisen Sie stattdessen einen Benutzer zu.".into(),
            },
            Reason::AlreadyHasSubscriber { subscriber } => {
                let who = &subscriber.display_name;
                match lang {
                    Lang::En => format!("This subscription is already assigned to {who}. A subscription can't be shared; reassign it instead."),
                    Lang::Nl => format!("Dit abonnement is al toegewezen aan {who}. Een abonnement kan niet worden gedeeld; wijs het opnieuw toe."),
                    Lang::De => format!("Dieses Abonnement ist bereits {who} zugewiesen. Ein Abonnement kann nicht geteilt werden; weisen Sie es neu zu."),
                }
            }
            Reason::AlreadyTheSubscriber { subscriber } => {
                let who = &subscriber.display_name;
                match lang {
                    Lang::En => format!("{who} already holds this subscription."),
                    Lang::Nl => format!("{who} heeft dit abonnement al."),
                    Lang::De => format!("{who} hat dieses Abonnement bereits."),
                }
            }
            Reason::ReassignNotBefore {
                assigned_on,
                reassignable_from,
            } => {
                let assigned = lang.format_date(*assigned_on);
                let from = lang.format_date(*reassignable_from);
                match lang {
                    Lang::En => format!("Assigned on {assigned}: it can be reassigned from {from}, when 90 days have passed."),
                    Lang::Nl => format!("Toegewezen op {assigned}: opnieuw toewijzen kan vanaf {from}, als er 90 dagen zijn verstreken."),
                    Lang::De => format!("Zugewiesen am {assigned}: Eine Neuzuweisung ist ab dem {from} möglich, wenn 90 Tage vergangen sind."),
                }
            }
            Reason::MaximumActivationsReached { maximum } => match lang {
                Lang::En => format!("This key has reached the maximum available activations ({maximum})."),
                Lang::Nl => format!("Deze sleutel heeft het maximale aantal activeringen bereikt ({maximum})."),
                Lang::De => format!("Dieser Schlüssel hat die maximale Anzahl an Aktivierungen erreicht ({maximum})."),
            },
            Reason::CreditAlreadyHeld { holder } => {
                let who = holder.as_ref().map(|u| u.display_name.as_str()).unwrap_or("—");
                match lang {
                    Lang::En => format!("This credit is already assigned to {who}. Transfer or remove it instead."),
                    Lang::Nl => format!("Dit tegoed is al toegewezen aan {who}. Draag het over of verwijder het."),
                    Lang::De => format!("Dieses Guthaben ist bereits {who} zugewiesen. Übertragen oder entfernen Sie es stattdessen."),
                }
            }
            Reason::CreditNotHeld => match lang {
                Lang::En => "Nobody holds this credit yet.".into(),
                Lang::Nl => "Niemand heeft dit tegoed nog.".into(),
                Lang::De => "Dieses Guthaben hat noch niemand.".into(),
            },
            Reason::FreeMailAddress { email } => match lang {
                Lang::En => format!("{email} is a personal (free-mail) address; Azure credit needs a company address."),
                Lang::Nl => format!("{email} is een persoonlijk (gratis) e-mailadres; Azure-tegoed vereist een bedrijfsadres."),
                Lang::De => format!("{email} ist eine private (Freemail-)Adresse; Azure-Guthaben erfordert eine Firmenadresse."),
            },
            Reason::AlreadyHoldsCredit { user } => {
                let who = &user.display_name;
                match (self.rule, lang) {
                    (RuleId::Az5, Lang::En) => format!("{who} already holds Azure credit. Bulk credit can't be combined with other credit offers."),
                    (RuleId::Az5, Lang::Nl) => format!("{who} heeft al Azure-tegoed. Bulktegoed kan niet worden gecombineerd met andere tegoedaanbiedingen."),
                    (RuleId::Az5, Lang::De) => format!("{who} hat bereits Azure-Guthaben. Jahresguthaben kann nicht mit anderen Guthabenangeboten kombiniert werden."),
                    (_, Lang::En) => format!("{who} already holds an Azure credit: one active credit per user."),
                    (_, Lang::Nl) => format!("{who} heeft al een Azure-tegoed: één actief tegoed per gebruiker."),
                    (_, Lang::De) => format!("{who} hat bereits ein Azure-Guthaben: ein aktives Guthaben pro Benutzer."),
                }
            }
            Reason::BulkCreditCannotBeRemoved => match lang {
                Lang::En => "Bulk (yearly) credit can't be removed, only transferred to another user during the enrolment year.".into(),
                Lang::Nl => "Bulktegoed (jaarlijks) kan niet worden verwijderd, alleen tijdens het inschrijvingsjaar worden overgedragen aan een andere gebruiker.".into(),
                Lang::De => "Jahresguthaben kann nicht entfernt, sondern nur während des Registrierungsjahres an einen anderen Benutzer übertragen werden.".into(),
            },
            Reason::EnrolmentYearOver { ended_on } => {
                let date = lang.format_date(*ended_on);
                match lang {
                    Lang::En => format!("The enrolment year ended on {date}; the credit can no longer be transferred."),
                    Lang::Nl => format!("Het inschrijvingsjaar is op {date} geëindigd; het tegoed kan niet meer worden overgedragen."),
                    Lang::De => format!("Das Registrierungsjahr endete am {date}; das Guthaben kann nicht mehr übertragen werden."),
                }
            }
            Reason::ReassignmentsUsedUp { maximum } => match lang {
                Lang::En => format!("This monthly credit has been reassigned {maximum} times, the maximum."),
                Lang::Nl => format!("Dit maandelijkse tegoed is al {maximum} keer opnieuw toegewezen, het maximum."),
                Lang::De => format!("Dieses Monatsguthaben wurde bereits {maximum}-mal neu zugewiesen, das Maximum."),
            },
            Reason::KeyAlreadyRedeemed { redeemed_on } => {
                let date = lang.format_date(*redeemed_on);
                match lang {
                    Lang::En => format!("This key was redeemed on {date}; a key can be redeemed only once."),
                    Lang::Nl => format!("Deze sleutel is op {date} ingewisseld; een sleutel kan maar één keer worden ingewisseld."),
                    Lang::De => format!("Dieser Schlüssel wurde am {date} eingelöst; ein Schlüssel kann nur einmal eingelöst werden."),
                }
            }
            Reason::KeyTooLargeToExtend { key_seats, active_seats } => {
                let limit = active_seats.saturating_mul(3);
                match lang {
                    Lang::En => format!("A {key_seats}-seat key is more than 3 × the {active_seats} active seats ({limit}): the end date can move at most 3 years. Keys can't be split."),
                    Lang::Nl => format!("Een sleutel voor {key_seats} licenties is meer dan 3 × de {active_seats} actieve licenties ({limit}): de einddatum kan maximaal 3 jaar opschuiven. Sleutels kunnen niet worden gesplitst."),
                    Lang::De => format!("Ein Schlüssel für {key_seats} Lizenzen ist mehr als 3 × die {active_seats} aktiven Lizenzen ({limit}): Das Enddatum kann um höchstens 3 Jahre verschoben werden. Schlüssel können nicht aufgeteilt werden."),
                }
            }
            Reason::ReplacementWindowClosed { closed_on } => {
                let date = lang.format_date(*closed_on);
                match lang {
                    Lang::En => format!("A replacement key can be requested within 30 days of activation; that ended on {date}."),
                    Lang::Nl => format!("Een vervangende sleutel kan binnen 30 dagen na activering worden aangevraagd; dat was tot {date}."),
                    Lang::De => format!("Ein Ersatzschlüssel kann innerhalb von 30 Tagen nach der Aktivierung angefordert werden; das war bis zum {date}."),
                }
            }
            Reason::ReplacementAlreadyUsed => match lang {
                Lang::En => "A replacement key was already issued for this key; it can be replaced only once.".into(),
                Lang::Nl => "Voor deze sleutel is al een vervangende sleutel uitgegeven; dat kan maar één keer.".into(),
                Lang::De => "Für diesen Schlüssel wurde bereits ein Ersatzschlüssel ausgegeben; das ist nur einmal möglich.".into(),
            },
            Reason::KeyNotRedeemed => match lang {
                Lang::En => "Only a redeemed key can be replaced.".into(),
                Lang::Nl => "Alleen een ingewisselde sleutel kan worden vervangen.".into(),
                Lang::De => "Nur ein eingelöster Schlüssel kann ersetzt werden.".into(),
            },
            Reason::AlreadyActivated => match lang {
                Lang::En => "This is already activated or its activation is pending.".into(),
                Lang::Nl => "Dit is al geactiveerd of de activering is in behandeling.".into(),
                Lang::De => "Dies ist bereits aktiviert oder die Aktivierung steht aus.".into(),
            },
            Reason::SignatureNotForActionPack => match lang {
                Lang::En => "Signature Cloud Support is for Gold and Silver competency partners only, not for Action Pack subscribers.".into(),
                Lang::Nl => "Signature Cloud Support is alleen voor partners met een Gold- of Silver-competentie, niet voor Action Pack-abonnees.".into(),
                Lang::De => "Signature Cloud Support gibt es nur für Partner mit Gold- oder Silber-Kompetenz, nicht für Action Pack-Abonnenten.".into(),
            },
            Reason::VersionNotCovered => match lang {
                Lang::En => "Product support covers on-premises products in their current and previous version only.".into(),
                Lang::Nl => "Productondersteuning geldt alleen voor on-premises producten in de huidige en vorige versie.".into(),
                Lang::De => "Der Produktsupport gilt nur für lokale Produkte in der aktuellen und der vorherigen Version.".into(),
            },
            Reason::NoIncidentsLeft { total } => match lang {
                Lang::En => format!("All {total} support incidents of this benefit are used."),
                Lang::Nl => format!("Alle {total} ondersteuningsincidenten van dit voordeel zijn gebruikt."),
                Lang::De => format!("Alle {total} Supportfälle dieses Vorteils sind aufgebraucht."),
            },
            Reason::ContactEmailIsAccountEmail => match lang {
                Lang::En => "Use an e-mail address other than your company's Partner Center account e-mail.".into(),
                Lang::Nl => "Gebruik een ander e-mailadres dan het Partner Center-account-e-mailadres van uw bedrijf.".into(),
                Lang::De => "Verwenden Sie eine andere E-Mail-Adresse als die Partner Center-Konto-E-Mail-Adresse Ihres Unternehmens.".into(),
            },
            Reason::NoEligibleOffer => match lang {
                Lang::En => "Looks like you don't have any benefits yet.".into(),
                Lang::Nl => "Het lijkt erop dat u nog geen voordelen hebt.".into(),
                Lang::De => "Anscheinend haben Sie noch keine Vorteile.".into(),
            },
            Reason::NotEnoughHours { requested, left } => match lang {
                Lang::En => format!("This request needs {requested} advisory hours; {left} are left."),
                Lang::Nl => format!("Deze aanvraag vraagt {requested} adviesuren; er zijn er nog {left}."),
                Lang::De => format!("Diese Anfrage benötigt {requested} Beratungsstunden; {left} sind übrig."),
            },
            Reason::EngagementTooLong { requested, maximum } => match lang {
                Lang::En => format!("Engagements over {maximum} hours are out of scope ({requested} requested)."),
                Lang::Nl => format!("Opdrachten van meer dan {maximum} uur vallen buiten het bereik ({requested} aangevraagd)."),
                Lang::De => format!("Einsätze über {maximum} Stunden sind nicht abgedeckt ({requested} angefragt)."),
            },
            Reason::BreakFixOutOfScope => match lang {
                Lang::En => "Break-fix issues are out of scope: open a product support incident instead.".into(),
                Lang::Nl => "Storingen (break-fix) vallen buiten het bereik: open in plaats daarvan een ondersteuningsincident.".into(),
                Lang::De => "Break-Fix-Probleme sind nicht abgedeckt: Eröffnen Sie stattdessen einen Supportfall.".into(),
            },
            Reason::MissingField { field } => {
                let field = field_label(field, lang);
                match lang {
                    Lang::En => format!("Please fill in: {field}."),
                    Lang::Nl => format!("Vul in: {field}."),
                    Lang::De => format!("Bitte ausfüllen: {field}."),
                }
            }
            Reason::NoMarketingContact => match lang {
                Lang::En => "Assign a company marketing contact first, at the top of this page.".into(),
                Lang::Nl => "Wijs eerst een marketingcontactpersoon van het bedrijf toe, boven aan deze pagina.".into(),
                Lang::De => "Weisen Sie zuerst oben auf dieser Seite einen Marketingkontakt des Unternehmens zu.".into(),
            },
            Reason::CancellationWindowClosed { purchased_on, closed_on } => {
                let (bought, closed) = (lang.format_date(*purchased_on), lang.format_date(*closed_on));
                match lang {
                    Lang::En => format!("Bought on {bought}: a refund could be requested until {closed} (30 days)."),
                    Lang::Nl => format!("Gekocht op {bought}: terugbetaling kon worden aangevraagd tot {closed} (30 dagen)."),
                    Lang::De => format!("Gekauft am {bought}: Eine Erstattung konnte bis zum {closed} (30 Tage) beantragt werden."),
                }
            }
            Reason::SoftwareAlreadyUsed => match lang {
                Lang::En => "Software of this offer was activated or its keys were viewed, so it can't be refunded.".into(),
                Lang::Nl => "Software van deze aanbieding is geactiveerd of de sleutels zijn bekeken; terugbetaling is niet mogelijk.".into(),
                Lang::De => "Software dieses Angebots wurde aktiviert oder ihre Schlüssel wurden angezeigt; eine Erstattung ist nicht möglich.".into(),
            },
            Reason::CancellationAlreadyRequested => match lang {
                Lang::En => "A cancellation of this offer is already requested.".into(),
                Lang::Nl => "Er is al een annulering van deze aanbieding aangevraagd.".into(),
                Lang::De => "Eine Kündigung dieses Angebots wurde bereits beantragt.".into(),
            },
            Reason::EmailAlreadyInUse { email } => match lang {
                Lang::En => format!("{email} is already in use by another user."),
                Lang::Nl => format!("{email} wordt al gebruikt door een andere gebruiker."),
                Lang::De => format!("{email} wird bereits von einem anderen Benutzer verwendet."),
            },
            Reason::LastGlobalAdmin => match lang {
                Lang::En => "This is the company's last Global admin: give another user the role first.".into(),
                Lang::Nl => "Dit is de laatste globale beheerder van het bedrijf: geef eerst een andere gebruiker die rol.".into(),
                Lang::De => "Dies ist der letzte globale Administrator des Unternehmens: Geben Sie die Rolle zuerst einem anderen Benutzer.".into(),
            },
            Reason::GuestRoleNotAllowed { role } => {
                let role = role.label(lang);
                match lang {
                    Lang::En => format!("A guest user can't be {role}; guests may hold MPN partner admin only."),
                    Lang::Nl => format!("Een gastgebruiker kan geen {role} zijn; gasten kunnen alleen MPN-partnerbeheerder zijn."),
                    Lang::De => format!("Ein Gastbenutzer kann nicht {role} sein; Gäste können nur MPN-Partneradministrator sein."),
                }
            }
            Reason::OwnRoles { who_can } => {
                let people = people(who_can);
                match lang {
                    Lang::En => format!("You can't change your own roles. Ask a Global admin: {people}."),
                    Lang::Nl => format!("U kunt uw eigen rollen niet wijzigen. Vraag het aan een globale beheerder: {people}."),
                    Lang::De => format!("Sie können Ihre eigenen Rollen nicht ändern. Wenden Sie sich an einen globalen Administrator: {people}."),
                }
            }
            Reason::PasswordChangeRequired => match lang {
                Lang::En => "Your password is a temporary one. Choose a new password before you continue.".into(),
                Lang::Nl => "Uw wachtwoord is tijdelijk. Kies een nieuw wachtwoord voordat u verdergaat.".into(),
                Lang::De => "Ihr Kennwort ist vorläufig. Wählen Sie ein neues Kennwort, bevor Sie fortfahren.".into(),
            },
            Reason::CurrentPasswordWrong => match lang {
                Lang::En => "The current password is not correct.".into(),
                Lang::Nl => "Het huidige wachtwoord is onjuist.".into(),
                Lang::De => "Das aktuelle Kennwort ist falsch.".into(),
            },
            Reason::PasswordTooShort { minimum } => match lang {
                Lang::En => format!("The new password needs at least {minimum} characters."),
                Lang::Nl => format!("Het nieuwe wachtwoord moet minstens {minimum} tekens hebben."),
                Lang::De => format!("Das neue Kennwort braucht mindestens {minimum} Zeichen."),
            },
            Reason::PasswordIsEmail => match lang {
                Lang::En => "The new password can't be your e-mail address.".into(),
                Lang::Nl => "Het nieuwe wachtwoord mag niet uw e-mailadres zijn.".into(),
                Lang::De => "Das neue Kennwort darf nicht Ihre E-Mail-Adresse sein.".into(),
            },
            Reason::PasswordUnchanged => match lang {
                Lang::En => "The new password must differ from the current one.".into(),
                Lang::Nl => "Het nieuwe wachtwoord moet verschillen van het huidige.".into(),
                Lang::De => "Das neue Kennwort muss sich vom aktuellen unterscheiden.".into(),
            },
            Reason::SiteSecretUnknown => match lang {
                Lang::En => "This is not the secret of a registered site.".into(),
                Lang::Nl => "Dit is niet het geheim van een geregistreerde site.".into(),
                Lang::De => "Dies ist nicht das Geheimnis einer registrierten Website.".into(),
            },
            Reason::NotAUserOfTheSitesCompany => match lang {
                Lang::En => "This e-mail address is not that of a user of the site's company.".into(),
                Lang::Nl => "Dit e-mailadres is niet van een gebruiker van het bedrijf van de site.".into(),
                Lang::De => "Diese E-Mail-Adresse gehört keinem Benutzer des Unternehmens der Website.".into(),
            },
            Reason::OfferNotHeld { offer } => {
                let offer = offer.label();
                match lang {
                    Lang::En => format!("Your company has no {offer} offer to renew."),
                    Lang::Nl => format!("Uw bedrijf heeft geen {offer}-aanbieding om te verlengen."),
                    Lang::De => format!("Ihr Unternehmen hat kein {offer}-Angebot, das verlängert werden kann."),
                }
            }
            Reason::RenewalNotOpen { opens_on, closes_on } => {
                let opens = lang.format_date(*opens_on);
                let closes = lang.format_date(*closes_on);
                match lang {
                    Lang::En => format!("Renewal is possible from {opens} to {closes}, the 30 days after the anniversary."),
                    Lang::Nl => format!("Verlengen kan van {opens} tot en met {closes}, de 30 dagen na de verjaardag."),
                    Lang::De => format!("Eine Verlängerung ist vom {opens} bis zum {closes} möglich, in den 30 Tagen nach dem Jahrestag."),
                }
            }
            Reason::CreditEquivalentInvalid { currency } => {
                let currency = currency.code();
                match lang {
                    Lang::En => format!("Enter what Microsoft shows for USD 100 as a positive amount in {currency}, your company's currency."),
                    Lang::Nl => format!("Vul in wat Microsoft toont voor USD 100, als positief bedrag in {currency}, de valuta van uw bedrijf."),
                    Lang::De => format!("Geben Sie an, was Microsoft für 100 USD anzeigt, als positiven Betrag in {currency}, der Währung Ihres Unternehmens."),
                }
            }
            Reason::CreditEquivalentNotNeeded => match lang {
                Lang::En => "Your company's currency is USD: credit amounts need no equivalent.".into(),
                Lang::Nl => "De valuta van uw bedrijf is USD: tegoedbedragen hebben geen equivalent nodig.".into(),
                Lang::De => "Die Währung Ihres Unternehmens ist USD: Guthabenbeträge brauchen keinen Gegenwert.".into(),
            },
            Reason::OfferAlreadyHeld { offer } => {
                let offer = offer.label();
                match lang {
                    Lang::En => format!("Your company already holds {offer}: renew it in its renewal window instead."),
                    Lang::Nl => format!("Uw bedrijf heeft {offer} al: verleng het in de verlengingsperiode."),
                    Lang::De => format!("Ihr Unternehmen hat {offer} bereits: Verlängern Sie es im Verlängerungszeitraum."),
                }
            }
            Reason::PurchaseDateOutOfRange { earliest, latest } => {
                let earliest = lang.format_date(*earliest);
                let latest = lang.format_date(*latest);
                match lang {
                    Lang::En => format!("The purchase date must be between {earliest} and {latest}: an older offer has lapsed."),
                    Lang::Nl => format!("De aankoopdatum moet tussen {earliest} en {latest} liggen: een oudere aanbieding is vervallen."),
                    Lang::De => format!("Das Kaufdatum muss zwischen dem {earliest} und dem {latest} liegen: Ein älteres Angebot ist abgelaufen."),
                }
            }
            Reason::HoldsBulkCredit { user } => {
                let who = &user.display_name;
                match lang {
                    Lang::En => format!("{who} holds a bulk Azure credit, which can't be taken back: transfer it to someone else first."),
                    Lang::Nl => format!("{who} heeft een jaarlijks Azure-tegoed, dat niet kan worden ingetrokken: draag het eerst over aan iemand anders."),
                    Lang::De => format!("{who} hat ein jährliches Azure-Guthaben, das nicht entzogen werden kann: Übertragen Sie es zuerst an jemand anderen."),
                }
            }
            Reason::IsMarketingContact { user } => {
                let who = &user.display_name;
                match lang {
                    Lang::En => format!("{who} is the company's marketing contact: choose another contact on the Go-To-Market page first."),
                    Lang::Nl => format!("{who} is de marketingcontactpersoon van het bedrijf: kies eerst een andere contactpersoon op de pagina Go-To-Market."),
                    Lang::De => format!("{who} ist der Marketingkontakt des Unternehmens: Wählen Sie zuerst auf der Seite „Go-To-Market“ einen anderen Kontakt."),
                }
            }
            Reason::RemoveYourself => match lang {
                Lang::En => "You can't remove yourself. Ask another Global admin or User management admin.".into(),
                Lang::Nl => "U kunt uzelf niet verwijderen. Vraag het een andere globale beheerder of gebruikersbeheerder.".into(),
                Lang::De => "Sie können sich nicht selbst entfernen. Bitten Sie einen anderen globalen Administrator oder Benutzerverwaltungsadministrator.".into(),
            },
            Reason::NotPending => match lang {
                Lang::En => "Only a pending activation can be confirmed; this one is not pending.".into(),
                Lang::Nl => "Alleen een activering in behandeling kan worden bevestigd; deze is niet in behandeling.".into(),
                Lang::De => "Nur eine ausstehende Aktivierung kann bestätigt werden; diese ist nicht ausstehend.".into(),
            },
            Reason::ExpiryInThePast { today } => {
                let today = lang.format_date(*today);
                match lang {
                    Lang::En => format!("The expiry date can't be before today ({today})."),
                    Lang::Nl => format!("De vervaldatum kan niet vóór vandaag ({today}) liggen."),
                    Lang::De => format!("Das Ablaufdatum kann nicht vor heute ({today}) liegen."),
                }
            }
            Reason::SetupLinkUsed => match lang {
                Lang::En => "This setup link has been used already, or a newer one replaced it. Sign in instead, or ask the operator for a new link.".into(),
                Lang::Nl => "Deze installatielink is al gebruikt of door een nieuwere vervangen. Meld u aan of vraag de beheerder om een nieuwe link.".into(),
                Lang::De => "Dieser Einrichtungslink wurde bereits verwendet oder durch einen neueren ersetzt. Melden Sie sich an oder bitten Sie den Betreiber um einen neuen Link.".into(),
            },
            Reason::ResetOwnPassword => match lang {
                Lang::En => "To change your own password, use Change password (it asks for your current one).".into(),
                Lang::Nl => "Wijzig uw eigen wachtwoord met Wachtwoord wijzigen (daar wordt om uw huidige gevraagd).".into(),
                Lang::De => "Ändern Sie Ihr eigenes Kennwort mit „Kennwort ändern“ (dort wird nach dem aktuellen gefragt).".into(),
            },
        }
    }
}

/// A form field as its label says it (the field's key when it has no label here).
fn field_label(field: &str, lang: Lang) -> &str {
    match (field, lang) {
        ("name", Lang::En) => "the company name",
        ("name", Lang::Nl) => "de bedrijfsnaam",
        ("name", Lang::De) => "den Firmennamen",
        ("offers", Lang::En) => "at least one offer with its purchase date",
        ("offers", Lang::Nl) => "minstens één aanbieding met de aankoopdatum",
        ("offers", Lang::De) => "mindestens ein Angebot mit Kaufdatum",
        ("admin.display_name" | "display_name", Lang::En) => "the full name",
        ("admin.display_name" | "display_name", Lang::Nl) => "de volledige naam",
        ("admin.display_name" | "display_name", Lang::De) => "den vollständigen Namen",
        ("access_id", Lang::En) => "the Access ID",
        ("access_id", Lang::Nl) => "de toegangs-ID",
        ("access_id", Lang::De) => "die Zugriffs-ID",
        ("contract_id", Lang::En) => "the Contract ID",
        ("contract_id", Lang::Nl) => "de contract-ID",
        ("contract_id", Lang::De) => "die Vertrags-ID",
        _ => field,
    }
}

/// "Ada Global (ada@fabrikam.example), …" for ROLE-6's whom to ask.
fn people(who: &[UserRef]) -> String {
    who.iter()
        .map(|u| format!("{} ({})", u.display_name, u.email))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "A", "A or B", "A, B or C" in the reader's language.
fn join_or<'a>(items: impl Iterator<Item = &'a str>, lang: Lang) -> String {
    let items: Vec<&str> = items.collect();
    let or = match lang {
        Lang::En => "or",
        Lang::Nl => "of",
        Lang::De => "oder",
    };
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} {or} {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EmailAddress, UserId};

    fn ada() -> UserRef {
        UserRef {
            id: UserId(1),
            display_name: "Ada Global".into(),
            email: EmailAddress::parse("ada@fabrikam.example").unwrap(),
        }
    }

    #[test]
    fn role_6_missing_role_messages_name_the_people_to_ask_in_every_language() {
        let violation = Violation::new(
            RuleId::Role2,
            Reason::MissingRole {
                needs_any_of: vec![Role::GlobalAdmin],
                who_can: vec![ada()],
            },
        );
        assert_eq!(
            violation.message(Lang::En),
            "Only a Global admin can do this. Ask Ada Global (ada@fabrikam.example)."
        );
        assert!(violation.message(Lang::Nl).contains("Globale beheerder"));
        assert!(violation.message(Lang::De).contains("Globaler Administrator"));
        for lang in Lang::ALL {
            assert!(violation.message(lang).contains("ada@fabrikam.example"));
        }
    }

    #[test]
    fn several_roles_read_as_a_list() {
        let roles = [Role::GlobalAdmin, Role::MpnPartnerAdmin];
        assert_eq!(
            join_or(roles.iter().map(|r| r.label(Lang::En)), Lang::En),
            "Global admin or MPN partner admin"
        );
    }

    #[test]
    fn violations_cross_the_wire_unchanged() {
        let violation = Violation::new(
            RuleId::Vs3,
            Reason::ReassignNotBefore {
                assigned_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                reassignable_from: NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
            },
        );
        let json = serde_json::to_value(&violation).unwrap();
        assert_eq!(json["rule"], "VS-3");
        assert_eq!(json["reason"]["kind"], "reassign_not_before");
        assert_eq!(json["reason"]["reassignable_from"], "2026-04-01");
        let back: Violation = serde_json::from_value(json).unwrap();
        assert_eq!(back, violation);
    }
}
