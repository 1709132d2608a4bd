package web

import (
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

	"admin.search":           {"Zoek op naam of e-mail", "Search by name or e-mail"},
	"admin.name":             {"Naam", "Name"},
	"admin.roles":            {"Rollen", "Roles"},
	"admin.totp":             {"Tweestaps", "Two-step"},
	"admin.on":               {"Aan", "On"},
	"admin.off":              {"Uit", "Off"},
	"admin.new":              {"Nieuw account", "New account"},
	"admin.password":         {"Eerste wachtwoord", "First password"},
	"admin.role":             {"Rol", "Role"},
	"admin.no_role":          {"Geen (later toevoegen)", "None (add later)"},
	"admin.organisation":     {"Organisatie", "Organisation"},
	"admin.manage":           {"Beheer %s", "Manage %s"},
	"admin.provider_id":      {"Zorgverlener (nummer)", "Provider (number)"},
	"admin.budget_holder_id": {"Budgethouder (nummer)", "Budget holder (number)"},
	"admin.add_role":         {"Rol toevoegen", "Add role"},
	"admin.new_password":     {"Nieuw wachtwoord", "New password"},
	"admin.reset_password":   {"Wachtwoord opnieuw instellen", "Reset password"},
	"admin.create":           {"Account aanmaken", "Create account"},
	"account.totp_on":        {"U logt in met een code uit uw authenticator-app.", "You log in with a code from your authenticator app."},
	"account.totp_off":       {"Extra veilig inloggen: naast uw wachtwoord een code uit een authenticator-app.", "Log in more safely: besides your password, a code from an authenticator app."},
	"account.created":        {"Het account is aangemaakt.", "The account was created."},
}
