package web

import (
	"strconv"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
)

func init() {
	funcs["laws"] = func(lang string) [][2]string {
		out := [][2]string{{"", i18n.T(lang, "form.choose")}}
		for _, l := range domain.Laws {
			out = append(out, [2]string{string(l), l.Label()})
		}
		return out
	}
	funcs["repKinds"] = func(lang string) [][2]string {
		out := [][2]string{{"", i18n.T(lang, "form.choose")}}
		for _, k := range domain.RepresentationKinds {
			out = append(out, [2]string{string(k), i18n.T(lang, "rep.kind."+string(k))})
		}
		return out
	}
	funcs["providerKinds"] = func(lang string) [][2]string {
		out := [][2]string{{"", i18n.T(lang, "form.choose")}}
		for _, k := range domain.ProviderKinds {
			out = append(out, [2]string{string(k), i18n.T(lang, "provider.kind."+string(k))})
		}
		return out
	}
	funcs["allRoles"] = func(lang string) [][2]string {
		var out [][2]string
		for _, r := range []domain.Role{domain.RoleVerstrekker, domain.RoleSVB, domain.RoleAdmin, domain.RoleProvider, domain.RoleBudgetHolder} {
			out = append(out, [2]string{string(r), i18n.T(lang, "role."+string(r))})
		}
		return out
	}
	funcs["agreementKinds"] = func(lang string) [][2]string {
		out := [][2]string{{"", i18n.T(lang, "form.choose")}}
		for _, k := range domain.AgreementKinds {
			out = append(out, [2]string{string(k), i18n.T(lang, "agreement.kind."+string(k))})
		}
		return out
	}
	funcs["careTypes"] = func(lang string) [][2]string {
		out := [][2]string{{"", "–"}}
		for _, c := range domain.CareTypes {
			out = append(out, [2]string{c, i18n.T(lang, "care."+c)})
		}
		return out
	}
	funcs["units"] = func(lang string) [][2]string {
		var out [][2]string
		for _, u := range domain.Units {
			out = append(out, [2]string{string(u), i18n.T(lang, "unit."+string(u))})
		}
		return out
	}
	funcs["pers"] = func(lang string) [][2]string {
		return [][2]string{{string(domain.PerWeek), i18n.T(lang, "per.week")}, {string(domain.PerMonth), i18n.T(lang, "per.maand")}}
	}
	funcs["units100"] = func(lang string, n int64) string {
		s := domain.Cents(n).Plain(lang)
		return strings.TrimSuffix(strings.TrimSuffix(s, "00"), map[string]string{"nl": ",", "en": "."}[lang])
	}
	funcs["stateBadge"] = func(s domain.AgreementState) string {
		switch s {
		case domain.StateApproved:
			return "badge--success"
		case domain.StateRejected:
			return "badge--error"
		case domain.StateSigning, domain.StateSigned:
			return "badge--warning"
		case domain.StateSubmitted:
			return "badge--info"
		}
		return "badge--neutral"
	}
	funcs["notice"] = func(lang, key string, args []string) string {
		a := make([]any, len(args))
		for i, v := range args {
			a[i] = v
		}
		return i18n.T(lang, key, a...)
	}
	funcs["diff"] = func(lang string, old, new domain.AgreementTerms) []domain.TermChange {
		return domain.DiffTerms(old, new, lang)
	}
	funcs["slice7"] = func(s string) string {
		if len(s) > 7 {
			return s[:7]
		}
		return s
	}
	funcs["weekday"] = func(lang string, d domain.Date) string {
		nl := [7]string{"zo", "ma", "di", "wo", "do", "vr", "za"}
		en := [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
		if lang == "en" {
			return en[d.Time().Weekday()]
		}
		return nl[d.Time().Weekday()]
	}
	// entry: a month as people write it, "november 2026".
	funcs["monthName"] = func(lang string, d domain.Date) string {
		if lang == "en" {
			return d.Time().Format("January 2006")
		}
		return [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}[d.Month-1] + " " + strconv.Itoa(d.Year)
	}
	funcs["finding"] = func(lang string, f domain.Finding) string { return i18n.T(lang, "check."+f.Code, f.Args...) }
	funcs["declBadge"] = func(s domain.DeclarationState) string {
		switch s {
		case domain.DeclAccepted, domain.DeclPaid:
			return "badge--success"
		case domain.DeclRefused, domain.DeclRejectedH:
			return "badge--error"
		case domain.DeclAtHolder, domain.DeclHeld:
			return "badge--warning"
		}
		return "badge--neutral"
	}
	funcs["staffRoles"] = func(lang string) [][2]string {
		out := [][2]string{{"", i18n.T(lang, "admin.no_role")}}
		for _, r := range []domain.Role{domain.RoleVerstrekker, domain.RoleSVB, domain.RoleAdmin} {
			out = append(out, [2]string{string(r), i18n.T(lang, "role."+string(r))})
		}
		return out
	}
	i18n.Add(texts)
}

// texts are the pages' words: key → {Dutch, English}.
var texts = map[string][2]string{
	"app.name":           {"Persoonsgebonden budget", "Personal budget"},
	"app.tagline":        {"Persoonsgebonden budget", "Personal care budget"},
	"footer.text":        {"één plek voor de administratie van uw pgb", "one place for the administration of your personal budget"},
	"nav.skip":           {"Naar hoofdinhoud", "Skip to main content"},
	"nav.main":           {"Hoofdmenu", "Main menu"},
	"nav.home":           {"Overzicht", "Overview"},
	"nav.budget_holders": {"Budgethouders", "Budget holders"},
	"nav.accounts":       {"Accounts", "Accounts"},
	"nav.account":        {"Mijn account", "My account"},
	"nav.logout":         {"Uitloggen", "Log out"},

	"role.acting_as":         {"U handelt als", "You act as"},
	"role.switch":            {"Wissel", "Switch"},
	"role.budgethouder":      {"Budgethouder", "Budget holder"},
	"role.vertegenwoordiger": {"Vertegenwoordiger", "Representative"},
	"role.zorgverlener":      {"Zorgverlener", "Care provider"},
	"role.verstrekker":       {"Medewerker verstrekker", "Funder staff"},
	"role.svb":               {"Medewerker SVB", "SVB staff"},
	"role.beheerder":         {"Beheerder", "Administrator"},
	"role.added":             {"De rol is toegevoegd.", "The role was added."},

	"form.required":     {"verplicht", "required"},
	"form.error_prefix": {"Fout:", "Error:"},
	"form.problem":      {"Er is een probleem", "There is a problem"},
	"form.cancel":       {"Annuleren", "Cancel"},
	"form.choose":       {"Kies…", "Choose…"},

	"error.title": {"Dat lukte niet", "That did not work"},
	"error.home":  {"Naar het overzicht", "Go to the overview"},

	"login.title":    {"Inloggen", "Log in"},
	"login.lead":     {"Log in om uw persoonsgebonden budget te bekijken en te beheren.", "Log in to see and manage your personal budget."},
	"login.email":    {"E-mailadres", "E-mail address"},
	"login.password": {"Wachtwoord", "Password"},
	"login.submit":   {"Inloggen", "Log in"},
	"logout.done":    {"U bent uitgelogd.", "You are logged out."},
	"demo.title":     {"Demo-accounts", "Demo accounts"},
	"demo.lead":      {"Dit is een demonstratie met verzonnen gegevens. Log in met een van deze accounts.", "This is a demonstration with made-up data. Log in with one of these accounts."},
	"demo.role":      {"Rol", "Role"},
	"demo.code":      {"Code (tweestaps)", "Code (two-step)"},
	"demo.code_hint": {"Medewerkers loggen in met een tweede stap. De code hierboven geldt 30 seconden; herlaad de pagina voor een nieuwe.", "Staff log in with a second step. The code above is valid for 30 seconds; reload the page for a new one."},

	"totp.title":    {"Code uit uw app", "Code from your app"},
	"totp.lead":     {"Vul de code van 6 cijfers in uit uw authenticator-app.", "Enter the 6-digit code from your authenticator app."},
	"totp.code":     {"Code", "Code"},
	"totp.submit":   {"Bevestigen", "Confirm"},
	"enroll.title":  {"Tweestapsverificatie instellen", "Set up two-step verification"},
	"enroll.lead":   {"Als medewerker logt u in met een tweede stap. Voeg deze sleutel toe aan uw authenticator-app en vul de code in die de app toont.", "As staff you log in with a second step. Add this key to your authenticator app and enter the code the app shows."},
	"enroll.secret": {"Sleutel", "Key"},
	"enroll.link":   {"Koppeling", "Link"},
	"enroll.submit": {"Instellen", "Set up"},
	"enroll.done":   {"Tweestapsverificatie staat aan.", "Two-step verification is on."},

	"password.title":        {"Wachtwoord wijzigen", "Change password"},
	"password.old":          {"Huidig wachtwoord", "Current password"},
	"password.new":          {"Nieuw wachtwoord", "New password"},
	"password.repeat":       {"Herhaal nieuw wachtwoord", "Repeat new password"},
	"password.hint":         {"Minstens 10 tekens. Een zin van een paar woorden is sterk en goed te onthouden.", "At least 10 characters. A sentence of a few words is strong and easy to remember."},
	"password.submit":       {"Wachtwoord wijzigen", "Change password"},
	"password.changed":      {"Uw wachtwoord is gewijzigd. Andere sessies zijn uitgelogd.", "Your password was changed. Other sessions were logged out."},
	"password.reset":        {"Het wachtwoord is opnieuw ingesteld.", "The password was reset."},
	"err.password_mismatch": {"De twee wachtwoorden zijn niet gelijk.", "The two passwords differ."},

	"token.title":         {"API-tokens", "API tokens"},
	"token.lead":          {"Met een persoonlijk API-token gebruikt een programma de API met uw rechten in uw huidige rol.", "With a personal API token a program uses the API with your rights in your current role."},
	"token.name":          {"Naam van het token", "Token name"},
	"token.create":        {"Token maken", "Create token"},
	"token.created":       {"Kopieer dit token nu: het wordt niet nog eens getoond.", "Copy this token now: it will not be shown again."},
	"token.revoke":        {"Intrekken", "Revoke"},
	"token.revoked":       {"Het token is ingetrokken.", "The token was revoked."},
	"token.revoked_badge": {"Ingetrokken", "Revoked"},

	"dash.title":          {"Overzicht", "Overview"},
	"dash.lead":           {"Welkom. Hier ziet u het budget van %s: wat is toegekend, gereserveerd, betaald en over.", "Welcome. Here you see the budget of %s: what is granted, reserved, paid and left."},
	"dash.lead_rep":       {"U handelt voor %s. Hier ziet u wat is toegekend, gereserveerd, betaald en over.", "You act for %s. Here you see what is granted, reserved, paid and left."},
	"dash.no_grants":      {"Er is nog geen budget toegekend.", "No budget has been granted yet."},
	"dash.provider_lead":  {"Welkom, %s.", "Welcome, %s."},
	"dash.provider_next":  {"Zorgovereenkomsten en declaraties verschijnen hier zodra ze er zijn.", "Care agreements and declarations appear here once there are any."},
	"dash.staff_lead":     {"Welkom, %s.", "Welcome, %s."},
	"dash.admin_accounts": {"Accounts aanmaken, rollen geven en wachtwoorden herstellen.", "Create accounts, give roles and reset passwords."},
	"dash.account":        {"Wachtwoord en API-tokens.", "Password and API tokens."},

	"balance.granted":  {"Toegekend", "Granted"},
	"balance.reserved": {"Gereserveerd", "Reserved"},
	"balance.paid":     {"Betaald", "Paid"},
	"balance.left":     {"Nog te besteden", "Left to spend"},

	"chart.title":  {"Besteding per maand", "Spending per month"},
	"chart.desc":   {"Staafdiagram: per maand het betaalde bedrag (donkerblauw) en wat nog gereserveerd is (lichtblauw); de stippellijn is het budget van die maand.", "Bar chart: per month the amount paid (dark blue) and what is still reserved (light blue); the dashed line is that month's budget."},
	"chart.legend": {"Donkerblauw: betaald. Lichtblauw: gereserveerd. Stippellijn: budget per maand.", "Dark blue: paid. Light blue: reserved. Dashed line: budget per month."},
	"chart.table":  {"Bekijk de bedragen als tabel", "See the amounts as a table"},
	"chart.month":  {"Maand", "Month"},
	"chart.budget": {"Budget", "Budget"},

	"bh.list_title":         {"Budgethouders", "Budget holders"},
	"bh.search":             {"Zoeken", "Search"},
	"bh.search_hint":        {"Achternaam (begin), BSN of postcode.", "Family name (start), BSN or postcode."},
	"bh.search_submit":      {"Zoeken", "Search"},
	"bh.new":                {"Budgethouder registreren", "Register a budget holder"},
	"bh.new_lead":           {"Neem de gegevens over uit de Basisregistratie Personen (BRP).", "Copy the data from the population register (BRP)."},
	"bh.brp":                {"Gegevens uit de BRP", "Data from the population register"},
	"bh.contact":            {"Contactgegevens", "Contact details"},
	"bh.create":             {"Registreren", "Register"},
	"bh.created":            {"De budgethouder is geregistreerd.", "The budget holder was registered."},
	"bh.back":               {"Terug naar budgethouders", "Back to budget holders"},
	"bh.none":               {"Geen budgethouders gevonden.", "No budget holders found."},
	"bh.name":               {"Naam", "Name"},
	"bh.bsn":                {"BSN", "BSN"},
	"bh.bsn_hint":           {"9 cijfers; wordt gecontroleerd met de elfproef.", "9 digits; checked with the eleven test."},
	"bh.initials":           {"Voorletters", "Initials"},
	"bh.prefix":             {"Tussenvoegsel", "Prefix"},
	"bh.family_name":        {"Achternaam", "Family name"},
	"bh.birth_date":         {"Geboortedatum", "Date of birth"},
	"bh.street":             {"Straat", "Street"},
	"bh.house_number":       {"Huisnummer", "House number"},
	"bh.postcode":           {"Postcode", "Postcode"},
	"bh.city":               {"Woonplaats", "Town"},
	"bh.place":              {"Adres", "Address"},
	"bh.address":            {"Adres", "Address"},
	"bh.email":              {"E-mailadres", "E-mail address"},
	"bh.phone":              {"Telefoon", "Phone"},
	"bh.minor":              {"minderjarig", "minor"},
	"budget_holder.created": {"De budgethouder is geregistreerd.", "The budget holder was registered."},
	"list.prev":             {"Vorige", "Previous"},
	"list.next":             {"Volgende", "Next"},

	"rep.title":              {"Vertegenwoordigers", "Representatives"},
	"rep.none":               {"Geen vertegenwoordigers.", "No representatives."},
	"rep.add":                {"Vertegenwoordiger toevoegen", "Add a representative"},
	"rep.email":              {"E-mailadres van het account", "E-mail address of the account"},
	"rep.email_hint":         {"De vertegenwoordiger heeft al een account.", "The representative already has an account."},
	"rep.kind":               {"Grondslag", "Basis"},
	"rep.valid_from":         {"Geldig vanaf", "Valid from"},
	"rep.valid_to":           {"Geldig tot en met", "Valid until"},
	"rep.active":             {"Actief", "Active"},
	"rep.inactive":           {"Niet actief", "Not active"},
	"rep.kind.ouder_voogd":   {"Ouder of voogd", "Parent or guardian"},
	"rep.kind.curator":       {"Curator", "Curator"},
	"rep.kind.bewindvoerder": {"Bewindvoerder", "Administrator (bewindvoerder)"},
	"rep.kind.gemachtigde":   {"Gemachtigde", "Authorised person"},
	"representative.added":   {"De vertegenwoordiger is toegevoegd.", "The representative was added."},

	"nav.providers":            {"Zorgverleners", "Care providers"},
	"provider.search":          {"Zoek op naam, AGB-code of KvK-nummer", "Search by name, AGB code or KvK number"},
	"provider.name":            {"Naam", "Name"},
	"provider.none":            {"Geen zorgverleners gevonden.", "No care providers found."},
	"provider.new":             {"Zorgverlener registreren", "Register a care provider"},
	"provider.create":          {"Registreren", "Register"},
	"provider.created":         {"De zorgverlener is geregistreerd.", "The care provider was registered."},
	"provider.agb_hint":        {"8 cijfers; verplicht voor een zorginstelling.", "8 digits; required for a care institution."},
	"provider.kvk_hint":        {"8 cijfers; verplicht voor een zzp'er en een zorginstelling.", "8 digits; required for the self-employed and institutions."},
	"provider.iban_hint":       {"Hierop betaalt de SVB, bijvoorbeeld NL91 ABNA 0417 1643 00.", "The SVB pays to this account, for example NL91 ABNA 0417 1643 00."},
	"provider.kind":            {"Soort zorgverlener", "Kind of provider"},
	"provider.agb":             {"AGB-code", "AGB code"},
	"provider.kvk":             {"KvK-nummer", "KvK number"},
	"provider.iban":            {"IBAN", "IBAN"},
	"provider.kind.informeel":  {"Familielid of bekende", "Family member or acquaintance"},
	"provider.kind.zzp":        {"Zzp'er", "Self-employed"},
	"provider.kind.instelling": {"Zorginstelling", "Care institution"},

	"grant.title":                 {"Toekenning", "Grant"},
	"grant.list_title":            {"Toekenningen", "Grants"},
	"grant.none":                  {"Nog geen toekenningen.", "No grants yet."},
	"grant.new":                   {"Budget toekennen", "Grant a budget"},
	"grant.new_lead":              {"Nieuwe toekenning voor %s. Het bedrag voor een deel van een jaar wordt naar rato van de dagen berekend.", "New grant for %s. The amount for part of a year is calculated pro rata by days."},
	"grant.create":                {"Toekennen", "Grant"},
	"grant.created":               {"Het budget is toegekend.", "The budget was granted."},
	"grant.revised":               {"De toekenning is herzien.", "The grant was revised."},
	"grant.law":                   {"Wet", "Law"},
	"grant.reference":             {"Beschikking", "Decision"},
	"grant.reference_hint":        {"Het nummer van de beschikking.", "The number of the decision."},
	"grant.start":                 {"Begindatum", "Start date"},
	"grant.end":                   {"Einddatum", "End date"},
	"grant.period":                {"Looptijd", "Period"},
	"grant.until":                 {"t/m", "to"},
	"grant.decided_on":            {"Datum beschikking", "Decision date"},
	"grant.decided_on_hint":       {"Leeg laten voor vandaag. Ligt deze na de begindatum, dan geldt de toekenning met terugwerkende kracht.", "Leave empty for today. If it is after the start date, the grant is retroactive."},
	"grant.retroactive":           {"met terugwerkende kracht", "retroactive"},
	"grant.own_contribution":      {"Eigen bijdrage per maand", "Own contribution per month"},
	"grant.own_contribution_hint": {"Alleen bij de Wmo. Leeg laten als er geen is.", "Wmo only. Leave empty if there is none."},
	"grant.per_month":             {"per maand", "per month"},
	"grant.lines":                 {"Zorgfuncties en jaarbedragen", "Care functions and yearly amounts"},
	"grant.lines_hint":            {"Eén regel per zorgfunctie of klasse, met het bedrag voor een heel jaar. Lege regels tellen niet mee.", "One line per care function or class, with the amount for a whole year. Empty lines are ignored."},
	"grant.lines_now":             {"Zorgfuncties nu", "Care functions now"},
	"grant.care_function":         {"Zorgfunctie", "Care function"},
	"grant.care_function_n":       {"Zorgfunctie %d", "Care function %d"},
	"grant.yearly":                {"Per jaar", "Per year"},
	"grant.yearly_n":              {"Bedrag per jaar %d", "Amount per year %d"},
	"grant.yearly_total":          {"Totaal per jaar", "Total per year"},
	"grant.details":               {"Bekijk toekenning", "View grant"},
	"grant.back":                  {"Terug naar de toekenning", "Back to the grant"},
	"grant.back_holder":           {"Terug naar %s", "Back to %s"},
	"grant.revise":                {"Toekenning herzien", "Revise grant"},
	"grant.revise_lead":           {"Verhoog of verlaag de toekenning %s vanaf een datum. De geschiedenis blijft bewaard.", "Raise or lower grant %s from a date. The history is kept."},
	"grant.revise_submit":         {"Herzien", "Revise"},
	"grant.effective_from":        {"Ingangsdatum", "Effective from"},
	"grant.effective_from_hint":   {"Vanaf deze datum gelden de nieuwe bedragen.", "From this date the new amounts apply."},
	"grant.reason":                {"Reden", "Reason"},
	"grant.history":               {"Geschiedenis", "History"},
	"grant.first":                 {"Eerste toekenning", "First grant"},
	"audit.title":                 {"Audittrail", "Audit trail"},

	"details.title": {"Mijn gegevens", "My details"},
	"details.lead":  {"Naam, BSN, geboortedatum en adres komen uit de Basisregistratie Personen; klopt er iets niet, geef het door aan uw gemeente. Uw e-mailadres en telefoonnummer past u hier zelf aan.", "Name, BSN, date of birth and address come from the population register; if something is wrong, tell your municipality. You change your e-mail address and phone number here."},
	"details.save":  {"Opslaan", "Save"},
	"details.saved": {"Uw contactgegevens zijn opgeslagen.", "Your contact details were saved."},
	"nav.details":   {"Mijn gegevens", "My details"},

	"nav.agreements":                     {"Zorgovereenkomsten", "Care agreements"},
	"agreement.title":                    {"Zorgovereenkomst", "Care agreement"},
	"agreement.new":                      {"Zorgovereenkomst opstellen", "Draw up a care agreement"},
	"agreement.edit":                     {"Zorgovereenkomst wijzigen", "Edit the care agreement"},
	"agreement.back":                     {"Terug naar zorgovereenkomsten", "Back to care agreements"},
	"agreement.none":                     {"Nog geen zorgovereenkomsten.", "No care agreements yet."},
	"agreement.created":                  {"De zorgovereenkomst is opgesteld als concept.", "The care agreement was drawn up as a concept."},
	"agreement.saved":                    {"De wijzigingen zijn opgeslagen. Eerdere handtekeningen vervallen.", "The changes were saved. Earlier signatures are void."},
	"agreement.form_lead":                {"Volgens de modelovereenkomsten van de SVB. Na opslaan ondertekenen beide partijen; daarna beoordeelt de verstrekker.", "Following the SVB model agreements. After saving both parties sign; then the funder reviews it."},
	"agreement.which_holder":             {"Voor welke budgethouder", "For which budget holder"},
	"agreement.which_holder_hint":        {"Vul het BSN en de geboortedatum van de budgethouder in, en de wet waaronder het budget is toegekend.", "Enter the budget holder's BSN and date of birth, and the law under which the budget was granted."},
	"agreement.scan":                     {"Scan van de papieren overeenkomst", "Scan of the paper agreement"},
	"agreement.scan_hint":                {"Pdf, png of jpeg, maximaal 10 MB.", "PDF, PNG or JPEG, at most 10 MB."},
	"agreement.paper_new":                {"Papieren overeenkomst registreren", "Register a paper agreement"},
	"agreement.paper_registered":         {"De papieren overeenkomst is geregistreerd, ondertekend door beide partijen op papier.", "The paper agreement was registered, signed by both parties on paper."},
	"agreement.provider_hint":            {"Kies een geregistreerde zorgverlener, of nodig er hieronder een uit.", "Choose a registered provider, or invite one below."},
	"agreement.invite_email":             {"Of: e-mailadres van een zorgverlener die nog geen account heeft", "Or: e-mail address of a provider without an account"},
	"agreement.invite_hint":              {"De zorgverlener krijgt een persoonlijke link om een account te maken; daarna staat deze overeenkomst voor hem klaar.", "The provider gets a personal link to create an account; then this agreement is ready for them."},
	"invite.sent":                        {"De uitnodiging is verstuurd. Zodra de zorgverlener een account heeft gemaakt, staat de overeenkomst hier.", "The invitation was sent. Once the provider has created an account, the agreement appears here."},
	"invite.title":                       {"Uitnodiging voor een zorgovereenkomst", "Invitation to a care agreement"},
	"invite.lead":                        {"%s wil een zorgovereenkomst met u sluiten in pgbportaal. Maak uw account aan; daarna kunt u de overeenkomst bekijken, aanvullen en ondertekenen.", "%s would like to make a care agreement with you in pgbportaal. Create your account; then you can view, complete and sign the agreement."},
	"invite.account":                     {"Uw account", "Your account"},
	"invite.provider":                    {"Uw gegevens als zorgverlener", "Your details as a care provider"},
	"invite.accept":                      {"Account maken", "Create account"},
	"invite.accepted":                    {"Uw account is gemaakt. Log in om de zorgovereenkomst te bekijken.", "Your account was created. Log in to view the care agreement."},
	"outbox.title":                       {"Uitgaande e-mail", "Outgoing e-mail"},
	"outbox.lead":                        {"E-mail die het portaal verstuurt, zoals uitnodigingen. Zonder ingestelde mailserver is dit de plek om ze te lezen.", "E-mail the portal sends, such as invitations. Without a mail server configured, this is where to read them."},
	"outbox.none":                        {"Geen e-mail.", "No e-mail."},
	"agreement.grant":                    {"Toekenning", "Grant"},
	"agreement.provider":                 {"Zorgverlener", "Care provider"},
	"agreement.budget_holder":            {"Budgethouder", "Budget holder"},
	"agreement.kind":                     {"Soort overeenkomst", "Kind of agreement"},
	"agreement.kind_hint":                {"Familielid of bekende, zzp'er, zorginstelling, of een arbeidsovereenkomst.", "Family or acquaintance, self-employed, care institution, or employment."},
	"agreement.kind.familielid_bekende":  {"Familielid of bekende", "Family member or acquaintance"},
	"agreement.kind.zzp":                 {"Zzp'er / freelancer", "Self-employed / freelancer"},
	"agreement.kind.zorginstelling":      {"Zorginstelling", "Care institution"},
	"agreement.kind.arbeidsovereenkomst": {"Arbeidsovereenkomst", "Employment contract"},
	"agreement.kvk_hint":                 {"Verplicht bij een zzp'er en een zorginstelling; moet horen bij de zorgverlener.", "Required for self-employed and institutions; must belong to the provider."},
	"agreement.agb_hint":                 {"Verplicht bij een zorginstelling.", "Required for a care institution."},
	"agreement.start":                    {"Ingangsdatum", "Start date"},
	"agreement.end":                      {"Einddatum", "End date"},
	"agreement.period":                   {"Looptijd", "Term"},
	"agreement.open_end":                 {"voor onbepaalde tijd", "open-ended"},
	"agreement.lines":                    {"Afspraken over de zorg", "Care arrangements"},
	"agreement.lines_hint":               {"Per soort zorg: eenheid, tarief per eenheid (bij een arbeidsovereenkomst: het bruto uurloon) en het maximum per week of maand. Uren per kwartier (0,25).", "Per type of care: unit, rate per unit (for an employment contract: the gross hourly wage) and the maximum per week or month. Hours in quarters (0.25)."},
	"agreement.line_n":                   {"Afspraak %d", "Arrangement %d"},
	"agreement.care_type":                {"Soort zorg", "Type of care"},
	"agreement.unit":                     {"Eenheid", "Unit"},
	"agreement.rate":                     {"Tarief", "Rate"},
	"agreement.per_unit":                 {"per %s", "per %s"},
	"agreement.max_units":                {"Maximum", "Maximum"},
	"agreement.per":                      {"Per", "Per"},
	"agreement.travel":                   {"Reiskosten per km", "Travel costs per km"},
	"agreement.travel_hint":              {"Alleen als reiskosten zijn afgesproken; onbelast maximaal € 0,23.", "Only when travel costs are agreed; untaxed at most €0.23."},
	"agreement.employment":               {"Alleen bij een arbeidsovereenkomst", "Employment contracts only"},
	"agreement.days_per_week":            {"Dagen per week", "Days per week"},
	"agreement.hours_per_week":           {"Uren per week", "Hours per week"},
	"agreement.payroll_hint":             {"Bij 4 of meer dagen per week betaalt de SVB een maandloon (payroll).", "At 4 or more days a week the SVB pays a monthly wage (payroll)."},
	"agreement.payroll":                  {"maandloon via de SVB", "monthly wage via the SVB"},
	"agreement.payroll_opt_in":           {"Maandloon via de SVB (payroll); bij 4 of meer dagen per week altijd", "Monthly wage via the SVB (payroll); always at 4 or more days a week"},
	"agreement.care_description":         {"Zorgbeschrijving", "Care description"},
	"agreement.care_description_hint":    {"Voor de Wlz verplicht: welke zorg, wanneer, en met welke doelen.", "Required for the Wlz: what care, when, and for which goals."},
	"agreement.save":                     {"Opslaan", "Save"},
	"agreement.state":                    {"Status", "Status"},
	"agreement.state.concept":            {"Concept", "Concept"},
	"agreement.state.ter_ondertekening":  {"Ter ondertekening", "For signing"},
	"agreement.state.ondertekend":        {"Ondertekend", "Signed"},
	"agreement.state.bij_verstrekker":    {"Bij de verstrekker", "With the funder"},
	"agreement.state.goedgekeurd":        {"Goedgekeurd", "Approved"},
	"agreement.state.afgekeurd":          {"Afgekeurd", "Rejected"},
	"agreement.state.beeindigd":          {"Beëindigd", "Ended"},
	"agreement.paper":                    {"papier", "paper"},
	"agreement.version_n":                {"Versie %d", "Version %d"},
	"agreement.in_force_n":               {"versie %d is van kracht", "version %d is in force"},
	"agreement.end_proposed":             {"einde voorgesteld per %s", "end proposed on %s"},
	"agreement.rejected_because":         {"Afgekeurd door de verstrekker", "Rejected by the funder"},
	"agreement.terms":                    {"De overeenkomst", "The agreement"},
	"agreement.effective_from":           {"Gaat in op", "Takes effect on"},
	"agreement.hash":                     {"Vingerafdruk van deze tekst:", "Fingerprint of this text:"},
	"agreement.signatures":               {"Handtekeningen", "Signatures"},
	"agreement.no_signatures":            {"Nog niet ondertekend.", "Not signed yet."},
	"agreement.sign_title":               {"Ondertekenen", "Sign"},
	"agreement.sign_lead":                {"Lees de hele overeenkomst hierboven. Met ondertekenen gaat u akkoord met precies deze tekst.", "Read the whole agreement above. By signing you agree to exactly this text."},
	"agreement.secret":                   {"Wachtwoord of code", "Password or code"},
	"agreement.secret_hint":              {"Uw wachtwoord, of de code uit uw authenticator-app.", "Your password, or the code from your authenticator app."},
	"agreement.reason":                   {"Reden van afkeuren", "Reason for rejection"},
	"agreement.change_hint":              {"Een wijziging gaat in op de 1e van een maand. De huidige versie blijft gelden tot de nieuwe is goedgekeurd.", "A change takes effect on the 1st of a month. The current version stays in force until the new one is approved."},
	"agreement.end_date":                 {"Gewenste einddatum", "Desired end date"},
	"agreement.changed":                  {"Gewijzigd ten opzichte van versie %d:", "Changed from version %d:"},
	"diff.kind":                          {"Soort overeenkomst", "Kind of agreement"},
	"diff.start":                         {"Ingangsdatum", "Start date"},
	"diff.end":                           {"Einddatum", "End date"},
	"diff.travel_per_km":                 {"Reiskosten per km", "Travel costs per km"},
	"diff.days_per_week":                 {"Dagen per week", "Days per week"},
	"diff.hours_per_week":                {"Uren per week", "Hours per week"},
	"diff.care_description":              {"Zorgbeschrijving", "Care description"},
	"diff.rate":                          {"Tarief", "Rate"},
	"diff.max_units":                     {"Maximum", "Maximum"},
	"diff.line_added":                    {"Nieuwe afspraak", "New arrangement"},
	"diff.line_removed":                  {"Vervallen afspraak", "Removed arrangement"},
	"agreement.history":                  {"Versies", "Versions"},
	"agreement.print_hint":               {"Tip: druk deze pagina af of bewaar hem als pdf; knoppen en menu vallen dan weg.", "Tip: print this page or save it as PDF; buttons and menus are left out."},
	"agreement.act.send_for_signing":     {"Klaar: ter ondertekening aanbieden", "Done: offer for signing"},
	"agreement.act.sign":                 {"Ondertekenen", "Sign"},
	"agreement.act.back_to_concept":      {"Terug naar concept", "Back to concept"},
	"agreement.act.submit":               {"Naar de verstrekker sturen", "Send to the funder"},
	"agreement.act.approve":              {"Goedkeuren", "Approve"},
	"agreement.act.reject":               {"Afkeuren", "Reject"},
	"agreement.act.change":               {"Wijziging opstellen", "Draw up a change"},
	"agreement.act.propose_end":          {"Opzeggen", "Give notice"},
	"agreement.act.end":                  {"Beëindiging verwerken", "Process the ending"},
	"agreement.done.send_for_signing":    {"De overeenkomst staat klaar om te ondertekenen.", "The agreement is ready to be signed."},
	"agreement.done.sign":                {"U heeft ondertekend.", "You have signed."},
	"agreement.done.back_to_concept":     {"De overeenkomst is weer een concept.", "The agreement is a concept again."},
	"agreement.done.submit":              {"De overeenkomst is naar de verstrekker gestuurd.", "The agreement was sent to the funder."},
	"agreement.done.approve":             {"De overeenkomst is goedgekeurd.", "The agreement was approved."},
	"agreement.done.reject":              {"De overeenkomst is afgekeurd.", "The agreement was rejected."},
	"agreement.done.change":              {"Er is een nieuwe versie opgesteld.", "A new version was drawn up."},
	"agreement.done.propose_end":         {"De opzegging is voorgesteld.", "The notice was proposed."},
	"agreement.done.end":                 {"De overeenkomst is beëindigd.", "The agreement has ended."},
	"party.budgethouder":                 {"Budgethouder", "Budget holder"},
	"party.zorgverlener":                 {"Zorgverlener", "Care provider"},
	"care.persoonlijke_verzorging":       {"Persoonlijke verzorging", "Personal care"},
	"care.verpleging":                    {"Verpleging", "Nursing"},
	"care.begeleiding":                   {"Begeleiding", "Support"},
	"care.kortdurend_verblijf":           {"Kortdurend verblijf (logeren)", "Respite stay"},
	"care.huishoudelijke_hulp":           {"Huishoudelijke hulp", "Household help"},
	"care.dagbesteding":                  {"Dagbesteding", "Day activities"},
	"unit.uur":                           {"uur", "hour"},
	"unit.dagdeel":                       {"dagdeel", "day part"},
	"unit.dag":                           {"dag", "day"},
	"unit.etmaal":                        {"etmaal", "24 hours"},
	"per.week":                           {"per week", "per week"},
	"per.maand":                          {"per maand", "per month"},

	"nav.tariffs":     {"Tarieven", "Tariffs"},
	"tariff.lead":     {"Maximumtarieven per jaar, wet, soort zorg en soort zorgverlener, inclusief vakantiegeld. Een tarief boven het maximum wordt geweigerd. Geldt het jaar zelf niet, dan het laatste eerdere jaar.", "Maximum rates per year, law, type of care and kind of provider, holiday pay included. A rate above the maximum is refused. Without a rate for the year itself, the latest earlier year applies."},
	"tariff.all_laws": {"Alle wetten", "All laws"},
	"tariff.show":     {"Toon", "Show"},
	"tariff.year":     {"Jaar", "Year"},
	"tariff.max":      {"Maximum per eenheid", "Maximum per unit"},
	"tariff.max_hint": {"Per uur, of per dagdeel voor dagbesteding.", "Per hour, or per day part for day activities."},
	"tariff.scope":    {"Geldt voor", "Applies to"},
	"tariff.own":      {"Eigen tarief", "Own tariff"},
	"tariff.national": {"Landelijk", "National"},
	"tariff.set":      {"Tarief vaststellen", "Set a tariff"},
	"tariff.source":   {"Bron", "Source"},
	"tariff.save":     {"Opslaan", "Save"},
	"tariff.saved":    {"Het tarief is opgeslagen.", "The tariff was saved."},

	"nav.inbox":      {"Berichten", "Messages"},
	"inbox.unread":   {"ongelezen", "unread"},
	"inbox.lead":     {"Meldingen over uw zorgovereenkomsten: wat op u wacht en wat er gebeurde. Ongelezen: %d.", "Notices about your care agreements: what waits for you and what happened. Unread: %d."},
	"inbox.new":      {"Nieuw", "New"},
	"inbox.open":     {"Bekijk de overeenkomst", "View the agreement"},
	"inbox.read_all": {"Alles als gelezen markeren", "Mark all as read"},
	"inbox.none":     {"Geen berichten.", "No messages."},
	"message.title":  {"Berichten over deze overeenkomst", "Messages about this agreement"},
	"message.none":   {"Nog geen berichten.", "No messages yet."},
	"message.new":    {"Nieuw bericht", "New message"},
	"message.send":   {"Versturen", "Send"},
	"message.sent":   {"Uw bericht is verstuurd.", "Your message was sent."},

	"nav.declarations":            {"Declaraties", "Declarations"},
	"decl.title":                  {"Declaratie", "Declaration"},
	"decl.none":                   {"Nog geen declaraties.", "No declarations yet."},
	"decl.back":                   {"Terug naar declaraties", "Back to declarations"},
	"decl.month":                  {"Maand", "Month"},
	"decl.total":                  {"Totaal", "Total"},
	"decl.new":                    {"Declaratie invoeren", "Enter a declaration"},
	"decl.new_lead":               {"Zorg voor %s in maand %s: vul per dag de uren of eenheden in. Lege vakjes tellen niet.", "Care for %s in month %s: enter the hours or units per day. Empty cells do not count."},
	"decl.repeat":                 {"Herhalen: vul in zoals vorige maand", "Repeat: fill in like last month"},
	"decl.grid":                   {"Per dag", "Per day"},
	"decl.day":                    {"Dag", "Day"},
	"decl.units":                  {"Aantal", "Units"},
	"decl.amount":                 {"Bedrag", "Amount"},
	"decl.lines":                  {"Regels", "Lines"},
	"decl.invoice_number":         {"Factuurnummer", "Invoice number"},
	"decl.invoice_hint":           {"Bij een zzp'er of zorginstelling hoort een factuur.", "Self-employed providers and institutions add an invoice."},
	"decl.invoice_total":          {"Totaal op de factuur", "Invoice total"},
	"decl.submit":                 {"Indienen bij budgethouder", "Submit to budget holder"},
	"decl.submit_invoice_hint":    {"Voeg de factuur hierboven toe; dan kunt u de declaratie meteen indienen. Zonder factuur weigeren de controles hem.", "Attach the invoice above; then you can submit the declaration at once. Without an invoice the checks refuse it."},
	"decl.file":                   {"Factuur of urenbriefje (PDF, PNG of JPEG, max. 10 MB)", "Invoice or time sheet (PDF, PNG or JPEG, max. 10 MB)"},
	"decl.file_hint":              {"Niet nodig bij zorg door familie of bekenden. U kunt tot %d bestanden kiezen.", "Not needed for care by family or acquaintances. You can choose up to %d files."},
	"decl.file_hint_formal":       {"Verplicht bij een zzp'er of zorginstelling. U kunt tot %d bestanden kiezen.", "Required for self-employed providers and institutions. You can choose up to %d files."},
	"decl.file_again":             {"Kies het bestand opnieuw: na een fout bewaart de browser het niet.", "Choose the file again: the browser does not keep it after an error."},
	"decl.file_again_other":       {"Had u een bestand gekozen? Kies het opnieuw: na een fout bewaart de browser het niet.", "Had you chosen a file? Choose it again: the browser does not keep it after an error."},
	"decl.save":                   {"Opslaan als concept", "Save as concept"},
	"decl.send":                   {"Naar de budgethouder sturen", "Send to the budget holder"},
	"decl.approve_lead":           {"Klopt deze declaratie? Na uw akkoord controleert het portaal hem meteen en wordt het bedrag gereserveerd.", "Is this declaration right? After your approval the portal checks it at once and reserves the amount."},
	"decl.approve":                {"Akkoord", "Approve"},
	"decl.reject":                 {"Niet akkoord", "Reject"},
	"decl.release":                {"Vrijgeven", "Release"},
	"decl.refuse":                 {"Weigeren", "Refuse"},
	"decl.findings":               {"Uitkomst van de controles", "Outcome of the checks"},
	"decl.done.send":              {"De declaratie is naar de budgethouder gestuurd.", "The declaration was sent to the budget holder."},
	"decl.done.approve":           {"U heeft akkoord gegeven: de declaratie is geaccepteerd en het bedrag is gereserveerd.", "You approved: the declaration is accepted and the amount is reserved."},
	"decl.done.reject":            {"U heeft de declaratie afgekeurd.", "You rejected the declaration."},
	"decl.done.release":           {"De declaratie is vrijgegeven.", "The declaration was released."},
	"decl.done.refuse":            {"De declaratie is geweigerd.", "The declaration was refused."},
	"decl.state.concept":          {"Concept", "Concept"},
	"decl.state.bij_budgethouder": {"Wacht op budgethouder", "Waiting for the budget holder"},
	"decl.state.afgekeurd_bh":     {"Afgekeurd door budgethouder", "Rejected by the budget holder"},
	"decl.state.geaccepteerd":     {"Geaccepteerd", "Accepted"},
	"decl.state.geweigerd":        {"Geweigerd", "Refused"},
	"decl.state.aangehouden":      {"Aangehouden", "Held for review"},
	"decl.state.betaald":          {"Betaald", "Paid"},

	"decl.attachments":    {"Factuur en urenbriefje", "Invoice and time sheet"},
	"decl.no_attachments": {"Nog geen bijlage. Een zzp'er of zorginstelling voegt de factuur toe.", "No attachment yet. Self-employed providers and institutions add the invoice."},
	"decl.attach":         {"Bijlage toevoegen", "Add an attachment"},
	"decl.attach_hint":    {"Pdf, png of jpeg, maximaal 10 MB.", "PDF, PNG or JPEG, at most 10 MB."},
	"decl.attach_submit":  {"Toevoegen", "Add"},
	"decl.attached":       {"De bijlage is toegevoegd.", "The attachment was added."},

	"admin.search":                  {"Zoek op naam of e-mail", "Search by name or e-mail"},
	"admin.name":                    {"Naam", "Name"},
	"admin.roles":                   {"Rollen", "Roles"},
	"admin.totp":                    {"Tweestaps", "Two-step"},
	"admin.on":                      {"Aan", "On"},
	"admin.off":                     {"Uit", "Off"},
	"admin.new":                     {"Nieuw account", "New account"},
	"admin.password":                {"Eerste wachtwoord", "First password"},
	"admin.role":                    {"Rol", "Role"},
	"admin.no_role":                 {"Geen (later toevoegen)", "None (add later)"},
	"admin.organisation":            {"Organisatie", "Organisation"},
	"admin.manage":                  {"Beheer %s", "Manage %s"},
	"admin.provider_id":             {"Zorgverlener (nummer)", "Provider (number)"},
	"admin.budget_holder_id":        {"Budgethouder (nummer)", "Budget holder (number)"},
	"admin.add_role":                {"Rol toevoegen", "Add role"},
	"admin.new_password":            {"Nieuw wachtwoord", "New password"},
	"admin.reset_password":          {"Wachtwoord opnieuw instellen", "Reset password"},
	"admin.create":                  {"Account aanmaken", "Create account"},
	"account.totp_on":               {"U logt in met een code uit uw authenticator-app.", "You log in with a code from your authenticator app."},
	"account.totp_off":              {"Extra veilig inloggen: naast uw wachtwoord een code uit een authenticator-app.", "Log in more safely: besides your password, a code from an authenticator app."},
	"account.created":               {"Het account is aangemaakt.", "The account was created."},
	"decl.kind":                     {"Soort declaratie", "Kind of declaration"},
	"decl.kind.zorg":                {"Zorg", "Care"},
	"decl.kind.reiskosten":          {"Reiskosten", "Travel costs"},
	"decl.kind.feestdagenuitkering": {"Feestdagenuitkering", "Holiday payment"},
	"decl.kind.vrij_besteedbaar":    {"Vrij besteedbaar bedrag", "Free amount"},
	"decl.source.portaal":           {"Portaal", "Portal"},
	"decl.source.api":               {"Koppeling (API)", "Interface (API)"},
	"decl.source.csv":               {"Bestand (CSV)", "File (CSV)"},
	"decl.source.payroll":           {"Loonbetaling (payroll)", "Payroll"},
	"decl.kind.maandloon":           {"Maandloon", "Monthly wage"},
	"decl.source.papier":            {"Papier (per post)", "Paper (by post)"},
	"decl.travel_km":                {"Kilometers", "Kilometres"},
	"decl.travel_hint":              {"Afgesproken: %s per km.", "Agreed: %s per km."},
	"decl.holiday_hint":             {"De uitkering voor feestdagen van uw werknemer.", "The holiday payment for your employee."},
	"decl.paper_title":              {"Papieren declaratie registreren", "Register a paper declaration"},
	"decl.paper_lead":               {"Neem het nummer van de zorgovereenkomst en de maand over van het formulier. Daarna vult u de dagen in en voegt u de scan toe.", "Copy the care agreement's number and the month from the form. Then enter the days and add the scan."},
	"decl.paper_agreement":          {"Nummer zorgovereenkomst", "Care agreement number"},
	"decl.paper_next":               {"Verder", "Next"},
	"decl.paper_submit":             {"Registreren en controleren", "Register and check"},
	"decl.paper_registered":         {"De papieren declaratie is geregistreerd en gecontroleerd.", "The paper declaration was registered and checked."},
	"decl.received":                 {"Ontvangen op", "Received on"},
	"decl.scan":                     {"Scan van het formulier", "Scan of the form"},
	"decl.month_hint":               {"Bijvoorbeeld 2026-10.", "For example 2026-10."},
	"decl.bulk":                     {"Declaraties uit een bestand (CSV)", "Declarations from a file (CSV)"},
	"decl.paper":                    {"Papieren declaratie registreren", "Register a paper declaration"},
	"decl.kind_col":                 {"Soort", "Kind"},
	"bulk.title":                    {"Declaraties uit een bestand", "Declarations from a file"},
	"bulk.lead":                     {"Voor zorgverleners met veel cliënten: één regel per gedeclareerde dag. Regels met dezelfde overeenkomst, maand, soort en factuurnummer vormen één declaratie. Elke declaratie krijgt een eigen uitkomst; wat niet klopt wordt niet opgeslagen.", "For providers with many clients: one row per declared day. Rows with the same agreement, month, kind and invoice number form one declaration. Each declaration gets its own outcome; what is wrong is not stored."},
	"bulk.file":                     {"CSV-bestand", "CSV file"},
	"bulk.file_hint":                {"Kolommen gescheiden door ; of , met een kopregel zoals in het voorbeeld hieronder. Maximaal 10 MB en 1000 declaraties.", "Columns separated by ; or , with a header row as in the example below. At most 10 MB and 1000 declarations."},
	"bulk.send":                     {"Meteen naar de budgethouders sturen", "Send to the budget holders at once"},
	"bulk.submit":                   {"Inlezen", "Read in"},
	"bulk.example":                  {"Voorbeeld", "Example"},
	"bulk.result":                   {"Uitkomst van het bestand", "Outcome of the file"},
	"bulk.summary":                  {"%d declaraties opgeslagen, %d niet.", "%d declarations stored, %d not."},
	"bulk.replayed":                 {"Dit bestand was al ingelezen; er is niets dubbel opgeslagen. Dit is de uitkomst van toen.", "This file had been read in already; nothing was stored twice. This is the outcome from then."},
	"bulk.row":                      {"Regel", "Row"},
	"bulk.problems":                 {"Wat niet klopt", "What is wrong"},
	"bulk.not_stored":               {"Niet opgeslagen", "Not stored"},
	"csv.row":                       {"Regel %d:", "Row %d:"},
	"csv.empty":                     {"het bestand is leeg.", "the file is empty."},
	"csv.unknown_column":            {"onbekende kolom \"%s\".", "unknown column \"%s\"."},
	"csv.missing_column":            {"de kolom \"%s\" ontbreekt.", "the column \"%s\" is missing."},
	"csv.no_rows":                   {"er staan geen declaraties in het bestand.", "the file holds no declarations."},
	"csv.malformed":                 {"deze regel is geen geldige CSV (let op aanhalingstekens).", "this row is not valid CSV (mind the quotes)."},
	"csv.agreement_invalid":         {"\"%s\" is geen nummer van een zorgovereenkomst.", "\"%s\" is not a care agreement number."},
	"csv.too_many_rows":             {"meer dan %d regels; splits het bestand.", "more than %d rows; split the file."},
	"csv.too_many_declarations":     {"meer dan %d declaraties; splits het bestand.", "more than %d declarations; split the file."},
	"sick.title":                    {"Ziekmeldingen", "Sick reports"},
	"sick.none":                     {"Geen ziekmeldingen.", "No sick reports."},
	"sick.from":                     {"Ziek vanaf", "Sick from"},
	"sick.recovered":                {"Hersteld op", "Recovered on"},
	"sick.still":                    {"Nog ziek", "Still sick"},
	"sick.note":                     {"Toelichting", "Note"},
	"sick.report":                   {"Ziek melden", "Report sick"},
	"sick.report_recovered":         {"Hersteld melden", "Report recovery"},
	"sick.reported":                 {"De ziekmelding is vastgelegd.", "The sick report was recorded."},
	"sick.recovered_done":           {"Het herstel is vastgelegd.", "The recovery was recorded."},
	"sick.lead":                     {"Op dagen dat uw werknemer ziek is gemeld, kan geen zorg worden gedeclareerd.", "No care can be declared on days your employee is reported sick."},
	"nav.payruns":                   {"Betaalruns", "Payment runs"},
	"nav.payments":                  {"Betalingen", "Payments"},
	"payrun.lead":                   {"Een betaalrun neemt alle geaccepteerde, onbetaalde declaraties tot en met de peildatum mee: één overboeking per zorgverlener, in een SEPA-bestand (pain.001) voor de bank.", "A payment run takes every accepted, unpaid declaration up to the cut-off date: one transfer per provider, in a SEPA file (pain.001) for the bank."},
	"payrun.cutoff":                 {"Peildatum", "Cut-off date"},
	"payrun.cutoff_hint":            {"Declaraties waarvan de periode op of voor deze dag eindigde.", "Declarations whose period ended on or before this day."},
	"payrun.execution_date":         {"Uitvoeringsdatum", "Execution date"},
	"payrun.start":                  {"Betaalrun starten", "Start a payment run"},
	"payrun.list":                   {"Eerdere betaalruns", "Earlier payment runs"},
	"payrun.none":                   {"Nog geen betaalruns.", "No payment runs yet."},
	"payrun.run":                    {"Betaalrun", "Payment run"},
	"payrun.back":                   {"Terug naar betaalruns", "Back to payment runs"},
	"payrun.transfers":              {"Overboekingen", "Transfers"},
	"payrun.declarations":           {"Declaraties", "Declarations"},
	"payrun.executed":               {"Uitgevoerd", "Executed"},
	"payrun.failed":                 {"Mislukt", "Failed"},
	"payrun.download":               {"Betaalbestand downloaden (pain.001)", "Download the payment file (pain.001)"},
	"payrun.download_first":         {"Download eerst het betaalbestand; daarna kunt u de uitvoering vastleggen.", "Download the payment file first; then you can record its execution."},
	"payrun.execute_lead":           {"Heeft de bank alle overboekingen uitgevoerd? Dan worden de declaraties betaald in het grootboek.", "Did the bank execute every transfer? Then the declarations are booked as paid in the ledger."},
	"payrun.execute":                {"Alles uitgevoerd", "All executed"},
	"payrun.status_file":            {"Of: resultaatbestand van de bank (pain.002)", "Or: the bank's result file (pain.002)"},
	"payrun.status_hint":            {"Mislukte overboekingen gaan terug naar geaccepteerd met de reden van de bank; de rest wordt betaald. Een bestand met een fout verandert niets.", "Failed transfers go back to accepted with the bank's reason; the rest is paid. A file with an error changes nothing."},
	"payrun.status_submit":          {"Resultaat inlezen", "Read the result"},
	"payrun.started":                {"De betaalrun is gestart.", "The payment run was started."},
	"payrun.resumed":                {"Er liep al een betaalrun; die is hieronder. Er is geen tweede gestart.", "A payment run was already open; it is below. No second one was started."},
	"payrun.executed_done":          {"De betaalrun is uitgevoerd.", "The payment run was executed."},
	"payrun.status_imported":        {"Het resultaat van de bank is ingelezen.", "The bank's result was read."},
	"payrun.state.voorbereid":       {"Voorbereid", "Prepared"},
	"payrun.state.bestand":          {"Bestand gemaakt", "File written"},
	"payrun.state.uitgevoerd":       {"Uitgevoerd", "Executed"},
	"transfer.state.open":           {"Onderweg", "Under way"},
	"transfer.state.uitgevoerd":     {"Betaald", "Paid"},
	"transfer.state.mislukt":        {"Mislukt", "Failed"},
	"payments.none":                 {"Nog geen betalingen.", "No payments yet."},
	"payments.reference":            {"Kenmerk", "Reference"},
	"payments.iban_attention":       {"Uw IBAN heeft aandacht nodig", "Your IBAN needs attention"},
	"payments.iban_reason":          {"Een betaling aan u is mislukt (reden van de bank: %s). Controleer uw IBAN; de declaraties worden in de volgende betaalrun opnieuw betaald.", "A payment to you failed (the bank's reason: %s). Check your IBAN; the declarations are paid again in the next payment run."},
	"forecast.lasts":                {"U besteedt gemiddeld %s per maand. In dit tempo houdt u aan het eind van de periode ongeveer %s over.", "You spend %s a month on average. At this pace about %s is left at the end of the period."},
	"forecast.runs_out":             {"U besteedt gemiddeld %s per maand. In dit tempo is het budget op rond %s.", "You spend %s a month on average. At this pace the budget runs out around %s."},
	"bh.iban":                       {"IBAN", "IBAN"},
	"bh.iban_hint":                  {"Hierop ontvangt u het vrij besteedbaar bedrag.", "The free amount is paid to this account."},
	"grant.free_amount_opt":         {"Met vrij besteedbaar bedrag (1,5 % van het jaarbudget, minimaal € 250, maximaal € 1.250)", "With a free amount (1.5 % of the yearly budget, at least € 250, at most € 1,250)"},
	"free.title":                    {"Vrij besteedbaar bedrag", "Free amount"},
	"free.lead":                     {"Voor kleine uitgaven zonder verantwoording: %s, waarvan %s opgevraagd; nog %s op te vragen. Niets van het budget besteed? Dan betaalt u het terug.", "For small costs without accounting: %s, of which %s claimed; %s left to claim. Nothing of the budget spent? Then it is paid back."},
	"free.amount":                   {"Bedrag opvragen", "Amount to claim"},
	"free.hint":                     {"In één keer of in delen; we maken het in de volgende betaalrun over naar uw IBAN.", "At once or in parts; it is paid to your IBAN in the next payment run."},
	"free.claim":                    {"Opvragen", "Claim"},
	"free.claimed":                  {"Het bedrag is opgevraagd en wordt in de volgende betaalrun overgemaakt.", "The amount was claimed and will be paid in the next payment run."},
	"nav.settlements":               {"Eindafrekeningen", "Settlements"},
	"settlement.title":              {"Eindafrekening", "Yearly settlement"},
	"settlement.lead":               {"Per toekenning waarvan de periode voorbij is: toegekend, betaald, vrij besteedbaar bedrag en wat terug gaat. De budgethouder geeft akkoord (of maakt bezwaar), daarna stelt u hem vast.", "Per grant whose period has ended: granted, paid, free amount and what goes back. The budget holder agrees (or objects), then you approve it."},
	"settlement.until":              {"Toekenningen afgelopen tot en met", "Grants ended on or before"},
	"settlement.until_hint":         {"Toekenningen die al een eindafrekening hebben, blijven ongemoeid.", "Grants that already have a settlement are left alone."},
	"settlement.make":               {"Eindafrekeningen maken", "Make settlements"},
	"settlement.made":               {"De eindafrekeningen zijn gemaakt.", "The settlements were made."},
	"settlement.csv":                {"Alle eindafrekeningen (CSV)", "All settlements (CSV)"},
	"settlement.none":               {"Nog geen eindafrekeningen.", "No settlements yet."},
	"settlement.number":             {"Nummer", "Number"},
	"settlement.granted":            {"Toegekend", "Granted"},
	"settlement.paid":               {"Betaald", "Paid"},
	"settlement.reserved":           {"Nog te betalen (geaccepteerd)", "Still to pay (accepted)"},
	"settlement.free_used":          {"Vrij besteedbaar bedrag gebruikt", "Free amount used"},
	"settlement.free_to_return":     {"Vrij besteedbaar bedrag terug", "Free amount to pay back"},
	"settlement.left":               {"Niet besteed", "Not spent"},
	"settlement.to_return":          {"Terug naar de verstrekker", "Back to the funder"},
	"settlement.reason":             {"Bezwaar van de budgethouder", "The budget holder's objection"},
	"settlement.pdf":                {"Overzicht downloaden (pdf)", "Download the statement (PDF)"},
	"settlement.agree":              {"Akkoord", "Agree"},
	"settlement.object":             {"Bezwaar maken", "Object"},
	"settlement.object_reason":      {"Waarom niet akkoord?", "Why do you not agree?"},
	"settlement.approve":            {"Vaststellen", "Approve"},
	"settlement.approve_lead":       {"Vaststellen boekt het bedrag terug naar u. Dit kan één keer.", "Approving books the amount back to you. This can be done once."},
	"settlement.state_label":        {"Status", "Status"},
	"settlement.state.open":         {"Wacht op de budgethouder", "Waiting for the budget holder"},
	"settlement.state.akkoord":      {"Akkoord budgethouder", "Agreed by the budget holder"},
	"settlement.state.bezwaar":      {"Bezwaar budgethouder", "Objected by the budget holder"},
	"settlement.state.vastgesteld":  {"Vastgesteld", "Approved"},
	"settlement.done.agree":         {"U heeft akkoord gegeven.", "You agreed."},
	"settlement.done.object":        {"Uw bezwaar is doorgegeven.", "Your objection was passed on."},
	"settlement.done.approve":       {"De eindafrekening is vastgesteld.", "The settlement was approved."},
	"settlement.see":                {"Eindafrekening bekijken", "View the settlement"},
	"sessions.title":                {"Waar u bent ingelogd", "Where you are logged in"},
	"sessions.lead":                 {"Ziet u een sessie die u niet kent? Beëindig hem en kies een nieuw wachtwoord.", "See a session you do not know? End it and choose a new password."},
	"sessions.started":              {"Ingelogd", "Logged in"},
	"sessions.last_seen":            {"laatst actief", "last active"},
	"sessions.this":                 {"deze sessie", "this session"},
	"sessions.end":                  {"Beëindigen", "End"},
	"sessions.ended":                {"De sessie is beëindigd.", "The session was ended."},
	"owndata.title":                 {"Mijn gegevens inzien en downloaden", "View and download my data"},
	"owndata.back":                  {"Terug naar mijn account", "Back to my account"},
	"owndata.lead":                  {"Alles wat pgbportaal over u bewaart, zoals de AVG u het recht geeft in te zien. De download (JSON) bevat alles, ook uw volledige BSN.", "Everything pgbportaal keeps about you, as the GDPR gives you the right to see. The download (JSON) holds it all, including your full BSN."},
	"owndata.download":              {"Alles downloaden (JSON)", "Download everything (JSON)"},
	"owndata.account":               {"Uw account", "Your account"},
	"owndata.since":                 {"Aangemaakt", "Created"},
	"owndata.roles":                 {"Rollen", "Roles"},
	"owndata.grants":                {"Toekenningen", "Grants"},
	"owndata.actions":               {"Wat u deed (laatste 100)", "What you did (last 100)"},
	"owndata.when":                  {"Wanneer", "When"},
	"owndata.what":                  {"Wat", "What"},
	"owndata.no_actions":            {"Nog niets.", "Nothing yet."},
	"outbox.sent":                   {"Verzonden", "Sent"},
	"outbox.failed":                 {"Opgegeven", "Given up"},
	"outbox.waiting":                {"Wacht op verzending", "Waiting to be sent"},
	"outbox.attempts":               {"%d pogingen", "%d attempts"},
	"reset.forgot_title":            {"Wachtwoord vergeten?", "Forgot your password?"},
	"reset.forgot_lead":             {"Vul uw e-mailadres in. Hoort het bij een account, dan sturen we een link om een nieuw wachtwoord te kiezen.", "Enter your e-mail address. If it belongs to an account, we send a link to choose a new password."},
	"reset.request":                 {"Link sturen", "Send the link"},
	"reset.sent":                    {"Als dit adres bij een account hoort, is er nu een e-mail met een link onderweg. De link werkt een uur.", "If this address belongs to an account, an e-mail with a link is on its way. The link works for an hour."},
	"reset.back":                    {"Terug naar inloggen", "Back to log in"},
	"reset.title":                   {"Nieuw wachtwoord kiezen", "Choose a new password"},
	"reset.submit":                  {"Wachtwoord opslaan", "Save the password"},
	"reset.again":                   {"Nieuwe link aanvragen", "Ask for a new link"},
	"reset.done":                    {"Uw wachtwoord is gewijzigd. Log in met het nieuwe wachtwoord.", "Your password was changed. Log in with the new password."},
	"recovery.title":                {"Uw herstelcodes", "Your recovery codes"},
	"recovery.once":                 {"Bewaar deze codes op een veilige plek: u ziet ze maar één keer. Elke code werkt één keer in plaats van de code uit uw app. De oude codes werken niet meer.", "Keep these codes somewhere safe: you see them only once. Each code works once instead of the code from your app. The old codes no longer work."},
	"recovery.left":                 {"Ongebruikte herstelcodes: %d.", "Unused recovery codes: %d."},
	"recovery.hint":                 {"App kwijt? Vul een van uw herstelcodes in (zoals abcd-efgh).", "Lost your app? Enter one of your recovery codes (like abcd-efgh)."},
	"recovery.new":                  {"Nieuwe herstelcodes maken", "Make new recovery codes"},
	"holder_invite.title":           {"Welkom bij pgbportaal", "Welcome to pgbportaal"},
	"holder_invite.lead":            {"Beste %s, kies een wachtwoord voor uw account. Daarna ziet u uw budget en regelt u uw zorg hier.", "Dear %s, choose a password for your account. Then you see your budget and arrange your care here."},
	"holder_invite.submit":          {"Account aanmaken", "Create account"},
	"holder_invite.done":            {"Uw account is aangemaakt. Log in met uw e-mailadres en wachtwoord.", "Your account was created. Log in with your e-mail address and password."},
	"mandate.title":                 {"Wie voor u mag handelen", "Who may act for you"},
	"mandate.lead":                  {"Een gemachtigde kan voor u overeenkomsten ondertekenen en declaraties goedkeuren; in het logboek staat dan dat hij of zij het voor u deed. Een machtiging kunt u altijd intrekken.", "An authorised person can sign agreements and approve declarations for you; the log then shows they did it for you. You can always revoke a mandate."},
	"mandate.grant":                 {"Iemand machtigen", "Authorise someone"},
	"mandate.until_hint":            {"Leeg laten: tot u hem intrekt.", "Leave empty: until you revoke it."},
	"mandate.revoke":                {"Intrekken", "Revoke"},
	"mandate.granted":               {"De machtiging is gegeven.", "The mandate was given."},
	"mandate.revoked":               {"De machtiging is ingetrokken.", "The mandate was revoked."},
	"rep.proof":                     {"Bewijs (scan)", "Proof (scan)"},
	"rep.proof_hint":                {"Bijvoorbeeld de beschikking van de rechtbank; pdf, png of jpeg, maximaal 10 MB.", "For example the court's decision; PDF, PNG or JPEG, at most 10 MB."},
	"mailnotices.title":             {"Berichten per e-mail", "Notices by e-mail"},
	"mailnotices.lead":              {"Alles staat altijd in uw berichten in pgbportaal. Per e-mail wilt u ook horen over:", "Everything is always in your inbox in pgbportaal. By e-mail you also want to hear about:"},
	"mailnotices.agreements":        {"zorgovereenkomsten (ondertekenen, goedkeuren, wijzigen)", "care agreements (signing, approval, changes)"},
	"mailnotices.declarations":      {"declaraties (akkoord nodig, geaccepteerd, geweigerd)", "declarations (approval needed, accepted, refused)"},
	"mailnotices.messages":          {"nieuwe berichten", "new messages"},
	"mailnotices.payments":          {"betalingen", "payments"},
	"mailnotices.save":              {"Opslaan", "Save"},
	"mailnotices.saved":             {"Uw keuze is opgeslagen.", "Your choice was saved."},
	"trail.title":                   {"Wat er gebeurde", "What happened"},
	"trail.for":                     {"namens %s", "for %s"},
	"err.proof_required":            {"Voeg het bewijs van de vertegenwoordiging toe (bijvoorbeeld de beschikking van de rechtbank).", "Add the proof of the representation (for example the court's decision)."},

	// entry: an approval's outcome as what it is.
	"decl.outcome_refused": {"Geweigerd door de controles. Wat er niet klopt, en wat de zorgverlener kan doen: de declaratie aanpassen en opnieuw naar de budgethouder sturen.", "Refused by the checks. What is wrong, and what the provider can do: correct the declaration and send it to the budget holder again."},
	"decl.outcome_held":    {"Aangehouden: de verstrekker (gemeente of zorgkantoor) beoordeelt deze declaratie nu. U hoeft niets te doen; u krijgt bericht.", "Held: the funder (municipality or care office) is now reviewing this declaration. You need not do anything; you will be told."},
}
