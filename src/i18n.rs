//! Every user-visible string of the SPA in English, Dutch and German.
//!
//! A [`Text`] without all three translations does not compile: [`Text::tr`] must
//! return a complete [`Tr`] for every variant. Dutch and German follow the seeds'
//! own Partner Center wording ("Werkruimteweergave", "Gebruiker toewijzen",
//! "Benutzer zuweisen").

use benefits_domain::Lang;

/// One string in the three languages.
pub struct Tr {
    pub en: &'static str,
    pub nl: &'static str,
    pub de: &'static str,
}

impl Tr {
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Nl => self.nl,
            Lang::De => self.de,
        }
    }
}

macro_rules! texts {
    ($($name:ident => $en:literal, $nl:literal, $de:literal;)*) => {
        /// A user-visible string of the app.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Text { $($name),* }

        impl Text {
            pub const ALL: &'static [Text] = &[$(Text::$name),*];

            pub const fn tr(self) -> Tr {
                match self { $(Text::$name => Tr { en: $en, nl: $nl, de: $de }),* }
            }
        }
    };
}

texts! {
    AppName => "Partner Benefits", "Partnervoordelen", "Partnervorteile";
    Loading => "Loading…", "Laden…", "Wird geladen…";
    SignInTitle => "Sign in", "Aanmelden", "Anmelden";
    SignInButton => "Sign in", "Aanmelden", "Anmelden";
    SigningIn => "Signing in…", "Aanmelden…", "Anmeldung läuft…";
    Email => "E-mail address", "E-mailadres", "E-Mail-Adresse";
    Password => "Password", "Wachtwoord", "Kennwort";
    SignOut => "Sign out", "Afmelden", "Abmelden";
    Language => "Language", "Taal", "Sprache";
    NoRole => "No role", "Geen rol", "Keine Rolle";
    Benefits => "Benefits", "Voordelen", "Vorteile";
    Dashboard => "Dashboard", "Dashboard", "Dashboard";
    Mpn => "MPN", "MPN", "MPN";
    WorkspacesView => "Workspaces view", "Werkruimteweergave", "Arbeitsbereichsansicht";
    CurrentView => "Current view", "Huidige weergave", "Aktuelle Ansicht";
    NavigationMode => "Navigation", "Navigatie", "Navigation";
    BenefitsIntro => "Every membership benefit your company owns. Select an area to assign, activate and track it.",
        "Alle lidmaatschapsvoordelen van uw bedrijf. Selecteer een gebied om voordelen toe te wijzen, te activeren en bij te houden.",
        "Alle Mitgliedschaftsvorteile Ihres Unternehmens. Wählen Sie einen Bereich, um Vorteile zuzuweisen, zu aktivieren und zu verfolgen.";
    AreaSoftware => "Software", "Software", "Software";
    AreaAzure => "Azure & Cloud products", "Azure- en cloudproducten", "Azure- und Cloudprodukte";
    AreaVisualStudio => "Visual Studio subscriptions", "Visual Studio-abonnementen", "Visual Studio-Abonnements";
    AreaTechnical => "Technical benefits", "Technische voordelen", "Technische Vorteile";
    AreaGoToMarket => "Go-To-Market offers", "Go-To-Market-aanbiedingen", "Go-To-Market-Angebote";
    AreaAccount => "Account settings", "Accountinstellingen", "Kontoeinstellungen";
    AreaSoftwareBlurb => "Software keys and downloads", "Softwaresleutels en downloads", "Softwareschlüssel und Downloads";
    AreaAzureBlurb => "Azure credit and licence-based subscriptions", "Azure-tegoed en abonnementen op basis van licenties", "Azure-Guthaben und lizenzbasierte Abonnements";
    AreaVisualStudioBlurb => "Assign subscriptions to your developers", "Abonnementen toewijzen aan uw ontwikkelaars", "Abonnements Ihren Entwicklern zuweisen";
    AreaTechnicalBlurb => "Product support and partner advisory hours", "Productondersteuning en adviesuren voor partners", "Produktsupport und Partner-Beratungsstunden";
    AreaGoToMarketBlurb => "Marketing offers and your marketing contact", "Marketingaanbiedingen en uw marketingcontactpersoon", "Marketingangebote und Ihr Marketingkontakt";
    AreaAccountBlurb => "Users and roles", "Gebruikers en rollen", "Benutzer und Rollen";
    BackToBenefits => "Back to Benefits", "Terug naar Voordelen", "Zurück zu Vorteilen";
    NotFound => "This page does not exist.", "Deze pagina bestaat niet.", "Diese Seite existiert nicht.";
    Allocated => "Allocated", "Toegekend", "Zugeteilt";
    Assigned => "Assigned", "Toegewezen", "Zugewiesen";
    Available => "Available", "Beschikbaar", "Verfügbar";
    ColumnProduct => "Product", "Product", "Produkt";
    ColumnQuantity => "Quantity", "Aantal", "Menge";
    ColumnOffer => "Offer", "Aanbieding", "Angebot";
    ColumnBenefitType => "Benefit type", "Type voordeel", "Vorteilstyp";
    ColumnExpires => "Expires", "Verloopt", "Läuft ab";
    ColumnSubscriber => "Subscriber", "Abonnee", "Abonnent";
    ColumnStatus => "Status", "Status", "Status";
    ShowDetails => "Show details", "Details weergeven", "Details anzeigen";
    HideDetails => "Hide details", "Details verbergen", "Details ausblenden";
    NoSubscriber => "Not assigned", "Niet toegewezen", "Nicht zugewiesen";
    AssignedOn => "Assigned on", "Toegewezen op", "Zugewiesen am";
    ReassignableFrom => "Can be reassigned from", "Opnieuw toe te wijzen vanaf", "Neu zuweisbar ab";
    SelectUser => "Select a user", "Selecteer een gebruiker", "Benutzer auswählen";
    ChooseUser => "— choose —", "— kiezen —", "— auswählen —";
    AssignUser => "Assign user", "Gebruiker toewijzen", "Benutzer zuweisen";
    ReassignUser => "Reassign", "Opnieuw toewijzen", "Neu zuweisen";
    Saving => "Saving…", "Opslaan…", "Wird gespeichert…";
    UserNotListed => "Not in the list? Add the user in Account settings first.",
        "Staat de gebruiker niet in de lijst? Voeg de gebruiker eerst toe in Accountinstellingen.",
        "Nicht in der Liste? Fügen Sie den Benutzer zuerst in den Kontoeinstellungen hinzu.";
    Guest => "guest", "gast", "Gast";
    AssignedToast => "Subscription assigned.", "Abonnement toegewezen.", "Abonnement zugewiesen.";
    NetworkError => "The server could not be reached. Nothing was changed.", "De server is niet bereikbaar. Er is niets gewijzigd.", "Der Server ist nicht erreichbar. Es wurde nichts geändert.";
    EmptyList => "No subscriptions.", "Geen abonnementen.", "Keine Abonnements.";
    Close => "Close", "Sluiten", "Schließen";
    Breadcrumb => "Breadcrumb", "Kruimelpad", "Brotkrümelnavigation";
    SubscriptionsCaption => "Your Visual Studio subscriptions", "Uw Visual Studio-abonnementen", "Ihre Visual Studio-Abonnements";
    UsageBased => "Usage-based subscriptions (Azure credit)", "Op gebruik gebaseerde abonnementen (Azure-tegoed)", "Nutzungsbasierte Abonnements (Azure-Guthaben)";
    MonthlyCredit => "Azure monthly credit", "Maandelijks Azure-tegoed", "Monatliches Azure-Guthaben";
    BulkCredit => "Azure bulk (yearly) credit", "Azure-bulktegoed (jaarlijks)", "Azure-Jahresguthaben";
    PerMonth => "/ month", "/ maand", "/ Monat";
    PerYear => "/ year", "/ jaar", "/ Jahr";
    ColumnAmount => "Amount", "Bedrag", "Betrag";
    ColumnUser => "User", "Gebruiker", "Benutzer";
    ColumnReassignmentsLeft => "Reassignments left", "Resterende hertoewijzingen", "Verbleibende Neuzuweisungen";
    Redeemed => "Redeemed", "Ingewisseld", "Eingelöst";
    NotYetRedeemed => "Not yet redeemed", "Nog niet ingewisseld", "Noch nicht eingelöst";
    OnlyNotRedeemed => "Show only credit not yet redeemed", "Alleen nog niet ingewisseld tegoed tonen", "Nur noch nicht eingelöstes Guthaben anzeigen";
    TransferTo => "Transfer to", "Overdragen aan", "Übertragen an";
    Transfer => "Transfer", "Overdragen", "Übertragen";
    RemoveUser => "Remove user", "Gebruiker verwijderen", "Benutzer entfernen";
    CreditsCaption => "Your Azure credit", "Uw Azure-tegoed", "Ihr Azure-Guthaben";
    Saved => "Saved.", "Opgeslagen.", "Gespeichert.";
    RequestSubmittedToast => "Request submitted.", "Aanvraag ingediend.", "Anfrage gesendet.";
    KeysRevealedToast => "Product keys shown below.", "Productsleutels hieronder getoond.", "Produktschlüssel werden unten angezeigt.";
    UserAddedToast => "User added.", "Gebruiker toegevoegd.", "Benutzer hinzugefügt.";
    NotApplicable => "—", "—", "—";
    GetKeys => "Get keys", "Sleutels ophalen", "Schlüssel abrufen";
    ProductKeys => "Product keys", "Productsleutels", "Produktschlüssel";
    SpecialInstructions => "Special instructions", "Speciale instructies", "Besondere Anweisungen";
    ProductLanguage => "Language of the product", "Taal van het product", "Sprache des Produkts";
    OperatingSystem => "Operating system", "Besturingssysteem", "Betriebssystem";
    Downloads => "Downloads", "Downloads", "Downloads";
    NoFurtherDetails => "No further details available", "Geen verdere details beschikbaar", "Keine weiteren Details verfügbar";
    ColumnActivations => "Activations", "Activeringen", "Aktivierungen";
    MaximumActivations => "Reached the maximum available activations", "Het maximale aantal beschikbare activeringen is bereikt", "Die maximal verfügbaren Aktivierungen sind erreicht";
    SoftwareCaption => "Your software benefits", "Uw softwarevoordelen", "Ihre Softwarevorteile";
    KeysShownOnce => "Keys are shown here only; every view is recorded.", "Sleutels worden alleen hier getoond; elke weergave wordt vastgelegd.", "Schlüssel werden nur hier angezeigt; jede Anzeige wird protokolliert.";
    ProductSupport => "Microsoft product support", "Microsoft-productondersteuning", "Microsoft-Produktsupport";
    AdvisoryHours => "Partner advisory hours", "Adviesuren voor partners", "Partner-Beratungsstunden";
    Activate => "Activate", "Activeren", "Aktivieren";
    StateNotActivated => "Not activated", "Niet geactiveerd", "Nicht aktiviert";
    StatePending => "Activation pending (takes several days)", "Activering in behandeling (duurt enkele dagen)", "Aktivierung ausstehend (dauert einige Tage)";
    StateActive => "Active", "Actief", "Aktiv";
    AccessId => "Access ID", "Toegangs-id", "Zugriffs-ID";
    ContractId => "Contract ID", "Contract-id", "Vertrags-ID";
    Incidents => "Support incidents used", "Gebruikte ondersteuningsincidenten", "Genutzte Supportfälle";
    AddSupportContact => "Also send the instructions to a support contact", "Stuur de instructies ook naar een ondersteuningscontactpersoon", "Anweisungen auch an einen Supportkontakt senden";
    ContactEmail => "Contact e-mail address", "E-mailadres van de contactpersoon", "E-Mail-Adresse des Kontakts";
    SignatureEligible => "Eligible for Signature Cloud Support", "Komt in aanmerking voor Signature Cloud Support", "Berechtigt für Signature Cloud Support";
    HoursLeft => "Hours left", "Resterende uren", "Verbleibende Stunden";
    HoursTotal => "of", "van", "von";
    FieldTitle => "Title", "Titel", "Titel";
    FieldDescription => "Description", "Beschrijving", "Beschreibung";
    FieldProduct => "Product", "Product", "Produkt";
    FieldPhone => "Phone number with country code", "Telefoonnummer met landcode", "Telefonnummer mit Ländervorwahl";
    FieldTimeZone => "Time zone", "Tijdzone", "Zeitzone";
    FieldCountry => "Country/region", "Land/regio", "Land/Region";
    FieldLanguage => "Language", "Taal", "Sprache";
    FieldHours => "Hours", "Uren", "Stunden";
    FieldBreakFix => "This is a break-fix issue", "Dit is een storing (break-fix)", "Dies ist ein Break-Fix-Problem";
    SubmitRequest => "Submit request", "Aanvraag indienen", "Anfrage senden";
    RequestSubmitted => "Request submitted. Your confirmation number:", "Aanvraag ingediend. Uw bevestigingsnummer:", "Anfrage gesendet. Ihre Bestätigungsnummer:";
    InvalidPhone => "Enter the phone number with + and the country code, e.g. +31 20 123 4567.", "Voer het telefoonnummer in met + en de landcode, bijvoorbeeld +31 20 123 4567.", "Geben Sie die Telefonnummer mit + und Ländervorwahl ein, z. B. +49 30 1234567.";
    YourRequests => "Your requests", "Uw aanvragen", "Ihre Anfragen";
    NoBenefitsYet => "Looks like you don't have any benefits yet.", "Het lijkt erop dat u nog geen voordelen hebt.", "Anscheinend haben Sie noch keine Vorteile.";
    MarketingContact => "Company marketing contact", "Marketingcontactpersoon van het bedrijf", "Marketingkontakt des Unternehmens";
    NoMarketingContactYet => "No marketing contact yet: assign one before activating any offer.", "Nog geen marketingcontactpersoon: wijs er een toe voordat u een aanbieding activeert.", "Noch kein Marketingkontakt: Weisen Sie einen zu, bevor Sie ein Angebot aktivieren.";
    PreferredLanguage => "Preferred language", "Voorkeurstaal", "Bevorzugte Sprache";
    StatusPending => "Pending", "In behandeling", "Ausstehend";
    StatusExpired => "Expired", "Verlopen", "Abgelaufen";
    ColumnBenefit => "Benefit", "Voordeel", "Vorteil";
    OffersCaption => "Your Go-To-Market offers", "Uw Go-To-Market-aanbiedingen", "Ihre Go-To-Market-Angebote";
    ColumnAction => "Action", "Actie", "Aktion";
    AddUser => "Add user", "Gebruiker toevoegen", "Benutzer hinzufügen";
    FullName => "Full name", "Volledige naam", "Vollständiger Name";
    GuestUser => "Guest user (outside your company's directory)", "Gastgebruiker (buiten de directory van uw bedrijf)", "Gastbenutzer (außerhalb des Verzeichnisses Ihres Unternehmens)";
    Roles => "Roles", "Rollen", "Rollen";
    SaveRoles => "Save roles", "Rollen opslaan", "Rollen speichern";
    ChangeRoles => "Change roles", "Rollen wijzigen", "Rollen ändern";
    CookiesBlocked => "Signing in can't work inside this page: the browser doesn't keep the workspace's sign-in here, or the workspace doesn't accept it from this site.", "Aanmelden werkt niet binnen deze pagina: de browser bewaart de aanmelding van de werkruimte hier niet, of de werkruimte accepteert die niet vanaf deze site.", "Die Anmeldung funktioniert auf dieser Seite nicht: Der Browser behält die Anmeldung des Arbeitsbereichs hier nicht, oder der Arbeitsbereich nimmt sie von dieser Website nicht an.";
    WidgetNotSignedIn => "This page could not sign you in to the Benefits workspace. Reload the page; if it stays so, ask the site's administrator.", "Deze pagina kon u niet aanmelden bij de werkruimte Voordelen. Laad de pagina opnieuw; blijft het zo, vraag het dan aan de beheerder van de site.", "Diese Seite konnte Sie nicht beim Arbeitsbereich Vorteile anmelden. Laden Sie die Seite neu; bleibt es so, wenden Sie sich an den Administrator der Website.";
    OpenInOwnTab => "Open the workspace in its own tab", "Open de werkruimte in een eigen tabblad", "Arbeitsbereich in eigenem Tab öffnen";
    ChangePassword => "Change password", "Wachtwoord wijzigen", "Kennwort ändern";
    CurrentPassword => "Current password", "Huidig wachtwoord", "Aktuelles Kennwort";
    NewPassword => "New password", "Nieuw wachtwoord", "Neues Kennwort";
    RepeatNewPassword => "New password again", "Nieuw wachtwoord nogmaals", "Neues Kennwort wiederholen";
    PasswordRules => "At least 12 characters, not your e-mail address. Your other sign-ins end when you change it.", "Minstens 12 tekens, niet uw e-mailadres. Uw andere aanmeldingen worden beëindigd als u het wijzigt.", "Mindestens 12 Zeichen, nicht Ihre E-Mail-Adresse. Ihre anderen Anmeldungen enden, wenn Sie es ändern.";
    PasswordsDiffer => "The two new passwords are not the same.", "De twee nieuwe wachtwoorden zijn niet gelijk.", "Die beiden neuen Kennwörter stimmen nicht überein.";
    PasswordChanged => "Your password is changed.", "Uw wachtwoord is gewijzigd.", "Ihr Kennwort wurde geändert.";
    ChooseNewPasswordTitle => "Choose a new password", "Kies een nieuw wachtwoord", "Neues Kennwort wählen";
    ChooseNewPasswordIntro => "You signed in with a temporary password. Choose your own before you continue; the temporary one then stops working.", "U bent aangemeld met een tijdelijk wachtwoord. Kies uw eigen wachtwoord voordat u verdergaat; het tijdelijke werkt daarna niet meer.", "Sie haben sich mit einem vorläufigen Kennwort angemeldet. Wählen Sie Ihr eigenes, bevor Sie fortfahren; das vorläufige gilt danach nicht mehr.";
    ResetPassword => "Reset password", "Wachtwoord opnieuw instellen", "Kennwort zurücksetzen";
    ResetPasswordExplain => "gets a new temporary password, shown once, and is signed out everywhere. They must choose their own when they next sign in.", "krijgt een nieuw tijdelijk wachtwoord, één keer getoond, en wordt overal afgemeld. Bij de volgende aanmelding kiest deze persoon een eigen wachtwoord.", "erhält ein neues vorläufiges Kennwort, das nur einmal angezeigt wird, und wird überall abgemeldet. Bei der nächsten Anmeldung wählt die Person ein eigenes Kennwort.";
    ResetPasswordNow => "Reset now", "Nu opnieuw instellen", "Jetzt zurücksetzen";
    PasswordResetToast => "Password reset.", "Wachtwoord opnieuw ingesteld.", "Kennwort zurückgesetzt.";
    TemporaryPasswordFor => "Temporary password for", "Tijdelijk wachtwoord voor", "Vorläufiges Kennwort für";
    TemporaryPasswordOnce => "Shown only now. Pass it on safely; it must be changed at the first sign-in.", "Alleen nu zichtbaar. Geef het veilig door; het moet bij de eerste aanmelding worden gewijzigd.", "Nur jetzt sichtbar. Geben Sie es sicher weiter; es muss bei der ersten Anmeldung geändert werden.";
    Copy => "Copy", "Kopiëren", "Kopieren";
    Copied => "Copied", "Gekopieerd", "Kopiert";
    TemporaryPassword => "Temporary password, shown only now — pass it on to the new user:", "Tijdelijk wachtwoord, alleen nu zichtbaar — geef het door aan de nieuwe gebruiker:", "Temporäres Kennwort, nur jetzt sichtbar — geben Sie es an den neuen Benutzer weiter:";
    UsersCaption => "Users of your company", "Gebruikers van uw bedrijf", "Benutzer Ihres Unternehmens";
    ColumnName => "Name", "Naam", "Name";
    ColumnEmail => "E-mail address", "E-mailadres", "E-Mail-Adresse";
    LicenceBased => "Licence-based subscriptions", "Abonnementen op basis van licenties", "Lizenzbasierte Abonnements";
    LicencesCaption => "Your licence-based subscriptions", "Uw abonnementen op basis van licenties", "Ihre lizenzbasierten Abonnements";
    ActiveSeats => "Active licences", "Actieve licenties", "Aktive Lizenzen";
    EndsOn => "Subscription ends", "Abonnement eindigt", "Abonnement endet";
    RedeemInstructions => "How to redeem", "Zo wisselt u in", "So lösen Sie ein";
    RedeemPortal => "Open the redemption portal", "Open de portal om in te wisselen", "Einlöseportal öffnen";
    KeySeats => "licences", "licenties", "Lizenzen";
    ModeAddSeats => "Add licences (seats)", "Licenties (seats) toevoegen", "Lizenzen (Plätze) hinzufügen";
    RedeemHow => "How to redeem", "Hoe inwisselen", "Wie einlösen";
    ModeExtend => "Extend end date", "Einddatum verlengen", "Enddatum verlängern";
    Redeem => "Redeem", "Inwisselen", "Einlösen";
    ConfirmRedeem => "Redeem anyway", "Toch inwisselen", "Trotzdem einlösen";
    Cancel => "Cancel", "Annuleren", "Abbrechen";
    RequestReplacement => "Request a replacement key", "Vervangende sleutel aanvragen", "Ersatzschlüssel anfordern";
    KeyRedeemedOn => "Redeemed on", "Ingewisseld op", "Eingelöst am";
    Key => "Key", "Sleutel", "Schlüssel";
    Search => "Search", "Zoeken", "Suchen";
    Membership => "Membership offers", "Lidmaatschapsaanbiedingen", "Mitgliedschaftsangebote";
    PurchasedOn => "Purchased on", "Gekocht op", "Gekauft am";
    Anniversary => "Anniversary", "Verjaardag", "Jahrestag";
    RequestCancellation => "Cancel with refund", "Annuleren met terugbetaling", "Mit Erstattung kündigen";
    CancellationRequests => "Cancellation requests", "Annuleringsaanvragen", "Kündigungsanfragen";
    CancellationSubmitted => "Submitted", "Ingediend", "Eingereicht";
    CancellationInReview => "In review", "In behandeling", "In Prüfung";
    CancellationApproved => "Approved", "Goedgekeurd", "Genehmigt";
    CancellationRejected => "Rejected", "Afgewezen", "Abgelehnt";
    Tracking => "Tracking", "Bijhouden", "Nachverfolgung";
    WhoHasWhat => "Who has what", "Wie heeft wat", "Wer hat was";
    WhoHasWhatBlurb => "Everything assigned, by person or by benefit; export it as CSV.", "Alles wat is toegewezen, per persoon of per voordeel; exporteren als CSV.", "Alles Zugewiesene, nach Person oder nach Vorteil; als CSV exportieren.";
    BulkAssignment => "Bulk assignment", "Bulksgewijs toewijzen", "Massenzuweisung";
    BulkBlurb => "Assign many credits and subscriptions from a CSV file, checked row by row first.", "Wijs veel tegoeden en abonnementen toe vanuit een CSV-bestand, eerst per rij gecontroleerd.", "Viele Guthaben und Abonnements aus einer CSV-Datei zuweisen, vorher Zeile für Zeile geprüft.";
    AuditLog => "Audit log", "Auditlogboek", "Überwachungsprotokoll";
    AuditBlurb => "Every change and every key view: who, what, when, before and after.", "Elke wijziging en elke sleutelweergave: wie, wat, wanneer, ervoor en erna.", "Jede Änderung und jede Schlüsselanzeige: wer, was, wann, vorher und nachher.";
    ReportBy => "Show", "Weergeven", "Anzeigen";
    ByPerson => "By person", "Per persoon", "Nach Person";
    ByBenefit => "By benefit", "Per voordeel", "Nach Vorteil";
    ColumnArea => "Area", "Gebied", "Bereich";
    ColumnPerson => "Person", "Persoon", "Person";
    ColumnSince => "Since", "Sinds", "Seit";
    AnyValue => "All", "Alle", "Alle";
    ExpiresWithin => "Ends within", "Eindigt binnen", "Endet innerhalb";
    Days => "days", "dagen", "Tagen";
    ExportCsv => "Export as CSV", "Exporteren als CSV", "Als CSV exportieren";
    RowsShown => "rows", "rijen", "Zeilen";
    NothingHeld => "Nothing matches this view.", "Niets komt overeen met deze weergave.", "Nichts passt zu dieser Ansicht.";
    CsvFile => "CSV file, columns:", "CSV-bestand, kolommen:", "CSV-Datei, Spalten:";
    CsvColumn => "Column", "Kolom", "Spalte";
    CsvOr => "or", "of", "oder";
    CsvBenefitMeaning => "the ID shown in the list", "de ID uit de lijst", "die ID aus der Liste";
    CsvLimits => "UTF-8, at most 10 MB.", "UTF-8, hoogstens 10 MB.", "UTF-8, höchstens 10 MB.";
    CheckFile => "Check the file", "Bestand controleren", "Datei prüfen";
    ApplyOkRows => "Assign the rows marked OK", "De rijen met OK toewijzen", "Die mit OK markierten Zeilen zuweisen";
    ColumnLine => "Line", "Regel", "Zeile";
    ColumnVerdict => "Verdict", "Oordeel", "Ergebnis";
    VerdictOk => "OK", "OK", "OK";
    RowsOk => "rows OK", "rijen OK", "Zeilen OK";
    RowsRefused => "refused", "geweigerd", "abgelehnt";
    BulkApplied => "Assignments made:", "Toewijzingen gedaan:", "Zuweisungen vorgenommen:";
    DryRunNothingWritten => "Nothing has been changed yet.", "Er is nog niets gewijzigd.", "Es wurde noch nichts geändert.";
    ColumnWhen => "When", "Wanneer", "Wann";
    ColumnWho => "Who", "Wie", "Wer";
    ColumnChange => "Before → after", "Ervoor → erna", "Vorher → nachher";
    FromDate => "From", "Van", "Von";
    ToDate => "To", "Tot en met", "Bis";
    PreviousPage => "Previous page", "Vorige pagina", "Vorherige Seite";
    NextPage => "Next page", "Volgende pagina", "Nächste Seite";
    PageLabel => "Page", "Pagina", "Seite";
    OfTotal => "of", "van", "von";
    NoEntries => "No entries.", "Geen vermeldingen.", "Keine Einträge.";
    ActionRevealSoftwareKeys => "Viewed product keys", "Productsleutels bekeken", "Produktschlüssel angezeigt";
    ActionAssignAzureCredit => "Assigned Azure credit", "Azure-tegoed toegewezen", "Azure-Guthaben zugewiesen";
    ActionRemoveAzureCredit => "Removed Azure credit", "Azure-tegoed verwijderd", "Azure-Guthaben entfernt";
    ActionTransferAzureCredit => "Transferred Azure credit", "Azure-tegoed overgedragen", "Azure-Guthaben übertragen";
    ActionRedeemProductKey => "Redeemed a product key", "Productsleutel ingewisseld", "Produktschlüssel eingelöst";
    ActionRequestReplacementKey => "Requested a replacement key", "Vervangende sleutel aangevraagd", "Ersatzschlüssel angefordert";
    ActionAssignVisualStudio => "Assigned a Visual Studio subscriber", "Visual Studio-abonnee toegewezen", "Visual Studio-Abonnent zugewiesen";
    ActionReassignVisualStudio => "Reassigned a Visual Studio subscription", "Visual Studio-abonnement opnieuw toegewezen", "Visual Studio-Abonnement neu zugewiesen";
    ActionActivateSupport => "Activated product support", "Productondersteuning geactiveerd", "Produktsupport aktiviert";
    ActionSubmitAdvisory => "Requested advisory hours", "Adviesuren aangevraagd", "Beratungsstunden angefordert";
    ActionSetMarketingContact => "Set the marketing contact", "Marketingcontactpersoon ingesteld", "Marketingkontakt festgelegt";
    ActionActivateGoToMarket => "Activated a Go-To-Market offer", "Go-To-Market-aanbieding geactiveerd", "Go-To-Market-Angebot aktiviert";
    ActionRequestCancellation => "Requested a cancellation", "Annulering aangevraagd", "Kündigung angefordert";
    ActionAddUser => "Added a user", "Gebruiker toegevoegd", "Benutzer hinzugefügt";
    ActionSetRoles => "Changed roles", "Rollen gewijzigd", "Rollen geändert";
    ActionResetPassword => "Reset a password", "Wachtwoord opnieuw ingesteld", "Kennwort zurückgesetzt";
    ActionChangePassword => "Changed own password", "Eigen wachtwoord gewijzigd", "Eigenes Kennwort geändert";
    ActionRemoveUser => "Removed a user", "Gebruiker verwijderd", "Benutzer entfernt";
    ActionRecordSupport => "Recorded support confirmation", "Ondersteuningsbevestiging vastgelegd", "Supportbestätigung erfasst";
    ActionRecordGoToMarket => "Recorded offer activation", "Activering van aanbieding vastgelegd", "Angebotsaktivierung erfasst";
    ActionRenewOffer => "Renewed an offer", "Aanbieding verlengd", "Angebot verlängert";
    ActionAddOffer => "Added an offer", "Aanbieding toegevoegd", "Angebot hinzugefügt";
    ActionSetCreditEquivalent => "Recorded the credit equivalent", "Tegoedequivalent ingevuld", "Guthaben-Gegenwert erfasst";
    ActionCreateCompany => "Created the company", "Bedrijf aangemaakt", "Unternehmen angelegt";
    ActionImportInventory => "Imported inventory", "Inventaris geïmporteerd", "Bestand importiert";
    Reminders => "Reminders", "Herinneringen", "Erinnerungen";
    ShowMore => "Show more", "Meer tonen", "Mehr anzeigen";
    NoReminders => "Nothing ends within 30 days.", "Niets eindigt binnen 30 dagen.", "Nichts endet innerhalb von 30 Tagen.";
    Dismiss => "Dismiss", "Sluiten", "Ausblenden";
    Open => "Open", "Openen", "Öffnen";
    Insights => "Insights", "Inzichten", "Einblicke";
    InsightsBlurb => "Allocated vs activated per area over the last 12 months.", "Toegekend vs geactiveerd per gebied in de afgelopen 12 maanden.", "Zugeteilt vs. aktiviert je Bereich in den letzten 12 Monaten.";
    Activated => "Activated", "Geactiveerd", "Aktiviert";
    Month => "Month", "Maand", "Monat";
    ActivationsUsed => "Activations used", "Activeringen gebruikt", "Aktivierungen genutzt";
    OffersActive => "Offers activated", "Geactiveerde aanbiedingen", "Aktivierte Angebote";
    Seats => "Licence seats assigned", "Licentieplaatsen toegewezen", "Lizenzplätze zugewiesen";
    // Membership offers (OFR-1 … OFR-3, CAN-1)
    MembershipIntro => "Your company's offers: their dates, their renewal window and the benefits they bring.", "De aanbiedingen van uw bedrijf: hun datums, hun verlengingsperiode en de voordelen die ze brengen.", "Die Angebote Ihres Unternehmens: ihre Daten, ihr Verlängerungszeitraum und die Vorteile, die sie bringen.";
    YourOffers => "Your offers", "Uw aanbiedingen", "Ihre Angebote";
    OfferStarts => "Starts on", "Begint op", "Beginnt am";
    OfferActive => "Active", "Actief", "Aktiv";
    RenewalOpensOn => "renewal opens on", "verlengen kan vanaf", "Verlängerung möglich ab";
    RenewalOpenUntil => "Renewal window open until", "Verlengingsperiode open tot en met", "Verlängerungszeitraum offen bis";
    OfferLapsed => "Not renewed: lapsed, its benefits expired, since", "Niet verlengd: vervallen, de voordelen zijn verlopen, sinds", "Nicht verlängert: abgelaufen, die Vorteile sind verfallen, seit";
    Renew => "Renew", "Verlengen", "Verlängern";
    RenewedToast => "Renewed: the anniversary and the benefits moved a year on.", "Verlengd: de verjaardag en de voordelen zijn een jaar verschoven.", "Verlängert: Jahrestag und Vorteile wurden um ein Jahr verschoben.";
    AddOffer => "Add an offer", "Aanbieding toevoegen", "Angebot hinzufügen";
    AddOfferHint => "A newly bought offer. Its benefits are provisioned at once, valid until its anniversary.", "Een nieuw gekochte aanbieding. De voordelen worden meteen toegekend, geldig tot de verjaardag.", "Ein neu gekauftes Angebot. Seine Vorteile werden sofort bereitgestellt, gültig bis zum Jahrestag.";
    OfferType => "Offer", "Aanbieding", "Angebot";
    OfferAddedToast => "Offer added; its benefits are provisioned.", "Aanbieding toegevoegd; de voordelen zijn toegekend.", "Angebot hinzugefügt; seine Vorteile sind bereitgestellt.";
    CreditEquivalent => "Azure credit in your currency", "Azure-tegoed in uw valuta", "Azure-Guthaben in Ihrer Währung";
    CreditEquivalentHint => "Microsoft states Azure credit in US dollars or the equivalent in your company's currency. Enter the equivalent of USD 100 that your Partner Center shows, and every credit amount is shown in your currency.", "Microsoft vermeldt Azure-tegoed in Amerikaanse dollars of het equivalent in de valuta van uw bedrijf. Vul het equivalent van USD 100 in dat uw Partner Center toont; dan wordt elk tegoedbedrag in uw valuta getoond.", "Microsoft gibt Azure-Guthaben in US-Dollar oder dem Gegenwert in der Währung Ihres Unternehmens an. Geben Sie den Gegenwert von 100 USD ein, den Ihr Partner Center anzeigt; dann wird jeder Guthabenbetrag in Ihrer Währung angezeigt.";
    CreditEquivalentLabel => "Equivalent of USD 100", "Equivalent van USD 100", "Gegenwert von 100 USD";
    CreditEquivalentNotSet => "Not recorded yet: credit amounts are shown in USD.", "Nog niet ingevuld: tegoedbedragen worden in USD getoond.", "Noch nicht erfasst: Guthabenbeträge werden in USD angezeigt.";
    CreditEquivalentSavedToast => "Saved: credit amounts are shown in your currency.", "Opgeslagen: tegoedbedragen worden in uw valuta getoond.", "Gespeichert: Guthabenbeträge werden in Ihrer Währung angezeigt.";
    Save => "Save", "Opslaan", "Speichern";
    PageNotLoaded => "This page could not be loaded: the connection may have dropped. Check it and try again.", "Deze pagina kon niet worden geladen: de verbinding is misschien weggevallen. Controleer die en probeer het opnieuw.", "Diese Seite konnte nicht geladen werden: Die Verbindung ist vielleicht unterbrochen. Prüfen Sie sie und versuchen Sie es erneut.";
    TryAgain => "Try again", "Opnieuw proberen", "Erneut versuchen";
    NotAnAmount => "Enter an amount, such as 86.00.", "Vul een bedrag in, zoals 86,00.", "Geben Sie einen Betrag ein, etwa 86,00.";
    ImportInventory => "Import your inventory", "Uw inventaris importeren", "Ihren Bestand importieren";
    ImportHint => "A CSV file with your real keys, downloads and licence keys: every row is checked first and nothing is written until you apply the OK rows. Columns (area and product are required):", "Een CSV-bestand met uw echte sleutels, downloads en licentiesleutels: elke rij wordt eerst gecontroleerd en er wordt niets opgeslagen tot u de goede rijen toepast. Kolommen (area en product zijn verplicht):", "Eine CSV-Datei mit Ihren echten Schlüsseln, Downloads und Lizenzschlüsseln: Jede Zeile wird zuerst geprüft, und nichts wird gespeichert, bevor Sie die guten Zeilen übernehmen. Spalten (area und product sind erforderlich):";
    ImportFile => "Inventory file (CSV)", "Inventarisbestand (CSV)", "Bestandsdatei (CSV)";
    ImportApplied => "Rows imported:", "Rijen geïmporteerd:", "Importierte Zeilen:";
    AccountBlurb => "Your people, their roles and passwords", "Uw mensen, hun rollen en wachtwoorden", "Ihre Mitarbeitenden, ihre Rollen und Kennwörter";
    Menu => "Menu", "Menu", "Menü";
    Choose => "Choose…", "Kies…", "Auswählen…";
    Theme => "Theme", "Thema", "Design";
    ThemeSystem => "As the system", "Zoals het systeem", "Wie das System";
    ThemeLight => "Light", "Licht", "Hell";
    ThemeDark => "Dark", "Donker", "Dunkel";
    Yes => "Yes", "Ja", "Ja";
    No => "No", "Nee", "Nein";
    EnrolmentYearEnds => "Transferable until", "Over te dragen tot en met", "Übertragbar bis";
    MembershipBlurb => "Offers, renewal and your inventory", "Aanbiedingen, verlenging en uw inventaris", "Angebote, Verlängerung und Ihr Bestand";
    // Removing a person (ACC-4)
    RemoveFromCompany => "Remove from company", "Uit bedrijf verwijderen", "Aus dem Unternehmen entfernen";
    RemoveUserExplain => "They can no longer sign in, and their sessions end at once. Their name stays in the history and the audit log. What they hold:", "Ze kunnen zich niet meer aanmelden en hun sessies eindigen meteen. Hun naam blijft in de geschiedenis en het auditlogboek. Wat ze hebben:", "Die Person kann sich nicht mehr anmelden, ihre Sitzungen enden sofort. Ihr Name bleibt im Verlauf und im Überwachungsprotokoll. Was sie hat:";
    RemoveUserNow => "Remove", "Verwijder", "Entfernen:";
    UserRemovedToast => "Removed from the company.", "Uit het bedrijf verwijderd.", "Aus dem Unternehmen entfernt.";
    MonthlyCreditNumbered => "Azure monthly credit", "Maandelijks Azure-tegoed", "Monatliches Azure-Guthaben";
    TakenBack => "taken back, free for someone else", "ingetrokken, vrij voor iemand anders", "entzogen, frei für jemand anderen";
    VisualStudioNumbered => "Visual Studio subscription", "Visual Studio-abonnement", "Visual Studio-Abonnement";
    FreedFrom => "freed; a new subscriber can be assigned from", "vrijgegeven; een nieuwe abonnee kan worden toegewezen vanaf", "freigegeben; ein neuer Abonnent kann zugewiesen werden ab";
    HoldsNothing => "No benefits.", "Geen voordelen.", "Keine Vorteile.";
    // Recording Microsoft's confirmations (TS-7, GTM-6)
    RecordConfirmationHint => "Microsoft confirms the activation by e-mail within a few days. Enter its Access ID and Contract ID here.", "Microsoft bevestigt de activering binnen enkele dagen per e-mail. Voer hier de toegangs-ID en contract-ID in.", "Microsoft bestätigt die Aktivierung innerhalb weniger Tage per E-Mail. Geben Sie hier die Zugriffs-ID und die Vertrags-ID ein.";
    RecordConfirmation => "Record confirmation", "Bevestiging vastleggen", "Bestätigung erfassen";
    ExpiryMicrosoftGave => "Expiry date Microsoft gave", "Vervaldatum van Microsoft", "Ablaufdatum von Microsoft";
    RecordActivation => "Record activation", "Activering vastleggen", "Aktivierung erfassen";
    // First-run setup (SET-1)
    SetupTitle => "Set up your company", "Uw bedrijf instellen", "Ihr Unternehmen einrichten";
    SetupIntro => "This link works once. Enter your company, the offers it bought and its first Global admin: you.", "Deze link werkt één keer. Voer uw bedrijf in, de aanbiedingen die het kocht en de eerste globale beheerder: uzelf.", "Dieser Link funktioniert einmal. Geben Sie Ihr Unternehmen, die gekauften Angebote und den ersten globalen Administrator ein: Sie selbst.";
    YourCompany => "Your company", "Uw bedrijf", "Ihr Unternehmen";
    CompanyName => "Company name", "Bedrijfsnaam", "Firmenname";
    AccountEmail => "Partner Center account e-mail", "E-mailadres van het Partner Center-account", "E-Mail-Adresse des Partner Center-Kontos";
    LocalCurrency => "Local currency", "Lokale valuta", "Lokale Währung";
    SetupOffersHint => "Tick each offer your company holds and give the day it was bought.", "Vink elke aanbieding van uw bedrijf aan en geef de aankoopdatum.", "Kreuzen Sie jedes Angebot Ihres Unternehmens an und geben Sie das Kaufdatum an.";
    EnterPurchaseDate => "enter the day it was bought.", "voer de aankoopdatum in.", "geben Sie das Kaufdatum ein.";
    EnterEmail => "Enter an e-mail address, such as name@company.example.", "Voer een e-mailadres in, zoals naam@bedrijf.example.", "Geben Sie eine E-Mail-Adresse ein, etwa name@firma.example.";
    FirstAdmin => "First Global admin (you)", "Eerste globale beheerder (u)", "Erster globaler Administrator (Sie)";
    FirstPasswordRules => "At least 12 characters, not your e-mail address.", "Minstens 12 tekens, niet uw e-mailadres.", "Mindestens 12 Zeichen, nicht Ihre E-Mail-Adresse.";
    CreateCompany => "Create company and sign in", "Bedrijf aanmaken en aanmelden", "Unternehmen anlegen und anmelden";
}

/// Shorthand: the text in the given language.
pub fn t(lang: Lang, text: Text) -> &'static str {
    text.tr().get(lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn every_text_exists_in_every_language() {
        for text in Text::ALL {
            for lang in Lang::ALL {
                assert!(!t(lang, *text).trim().is_empty(), "{text:?} in {lang:?}");
            }
        }
    }
}
