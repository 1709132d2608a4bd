// Package i18n holds the portal's texts in Dutch (first) and English, and
// turns domain error codes into messages a user can act on.
package i18n

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// Langs are the supported languages; the first is the default.
var Langs = []string{"nl", "en"}

// Normalize returns a supported language for s ("nl" when unknown).
func Normalize(s string) string {
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(s)), "en") {
		return "en"
	}
	return "nl"
}

// ForPage picks the language of a page: the "lang" cookie set by the
// language switch, else Dutch. Pages are Dutch first whatever the browser's
// settings; the switch is on every page.
func ForPage(r *http.Request) string {
	if c, err := r.Cookie("lang"); err == nil {
		return Normalize(c.Value)
	}
	return "nl"
}

// FromRequest picks the language: the "lang" cookie, else Accept-Language.
func FromRequest(r *http.Request) string {
	if c, err := r.Cookie("lang"); err == nil {
		return Normalize(c.Value)
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		if strings.HasPrefix(tag, "nl") {
			return "nl"
		}
		if strings.HasPrefix(tag, "en") {
			return "en"
		}
	}
	return "nl"
}

// T returns the text for key in lang, formatted with args (fmt verbs). An
// unknown key returns the key itself, so a missing text is visible.
func T(lang, key string, args ...any) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	s := m[0]
	if lang == "en" && m[1] != "" {
		s = m[1]
	}
	if len(args) > 0 {
		fa := fmtArgs(lang, args)
		s = fmt.Sprintf(s, fa...)
		for _, a := range fa {
			if v, ok := a.(string); ok && strings.HasSuffix(v, ".") && !strings.HasSuffix(v, "..") {
				s = oneFullStop(s, v)
			}
		}
	}
	return s
}

// oneFullStop drops the sentence's full stop after v where v ends in one
// itself ("Welkom, %s." with "Zorg B.V."), but leaves an ellipsis.
func oneFullStop(s, v string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, v+".")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		end := i + len(v) + 1
		if end < len(s) && s[end] == '.' { // an ellipsis: keep it
			b.WriteString(s[:end])
		} else {
			b.WriteString(s[:end-1])
		}
		s = s[end:]
	}
}

// Has reports whether key has a text.
func Has(key string) bool { _, ok := messages[key]; return ok }

func fmtArgs(lang string, args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case domain.Cents:
			out[i] = v.Format(lang)
		case domain.Date: // in a sentence: "6 december 2026"
			out[i] = v.Long(lang)
		case domain.Month:
			out[i] = v.Format(lang)
		case domain.UnitCount:
			out[i] = v.Format(lang)
		default:
			out[i] = a
		}
	}
	return out
}

// FieldMessage is the message for one field error. A check that refuses a
// declaration at entry (domain.CheckAt) is a field error with the check's
// code: its message is "err."+code where the entry needs its own words,
// else the check's.
// A check about the declaration as a whole (the budget, the IBAN) is at
// the field "declaration", where the check's own words apply.
func FieldMessage(lang string, f domain.FieldError) string {
	if Has("check."+f.Code) && (f.Field == "declaration" || !Has("err."+f.Code)) {
		return T(lang, "check."+f.Code, f.Args...)
	}
	return T(lang, "err."+f.Code, f.Args...)
}

// ErrorMessage is the message for an error as a whole (not its fields).
func ErrorMessage(lang string, err error) string {
	if e, ok := domain.AsError(err); ok {
		if e.Code == "not_found" {
			return T(lang, "err.not_found")
		}
		return T(lang, "err."+e.Code, e.Args...)
	}
	return T(lang, "err.internal")
}

// Add registers texts (for other packages' own catalogues): key → {nl, en}.
func Add(m map[string][2]string) {
	for k, v := range m {
		messages[k] = v
	}
}

// messages: key → {Dutch, English}.
var messages = map[string][2]string{
	// Errors as a whole.
	"err.internal":                {"Er ging iets mis aan onze kant. Probeer het later opnieuw.", "Something went wrong on our side. Please try again later."},
	"err.not_found":               {"Niet gevonden.", "Not found."},
	"err.validation":              {"Niet alles is goed ingevuld. Kijk bij de velden hieronder.", "Some fields need your attention; see below."},
	"err.already_exists":          {"Dit bestaat al.", "This already exists."},
	"err.constraint":              {"Dit kan niet: het zou de gegevens ongeldig maken.", "This is not possible: it would make the data invalid."},
	"err.insufficient_budget":     {"Niet genoeg budget: er is nog %s over.", "Not enough budget: %s is left."},
	"err.ledger_invariant":        {"Deze boeking past niet bij het saldo (%s).", "This posting does not fit the balance (%s)."},
	"err.login_failed":            {"E-mailadres of wachtwoord klopt niet.", "E-mail address or password is not correct."},
	"err.login_throttled":         {"Te veel pogingen. Probeer het over %d minuten opnieuw.", "Too many attempts. Try again in %d minutes."},
	"err.session_unknown":         {"Log opnieuw in.", "Please log in again."},
	"err.session_expired":         {"Uw sessie is verlopen. Log opnieuw in.", "Your session has expired. Please log in again."},
	"err.token_invalid":           {"Het API-token is ongeldig of ingetrokken.", "The API token is invalid or revoked."},
	"err.mfa_required":            {"Bevestig eerst uw inlog met de code uit uw authenticator-app.", "First confirm your login with the code from your authenticator app."},
	"err.admin_only":              {"Alleen een beheerder mag dit.", "Only an administrator may do this."},
	"err.verstrekker_only":        {"Alleen medewerkers van een verstrekker mogen dit.", "Only staff of a funder may do this."},
	"err.staff_only":              {"Alleen medewerkers mogen dit.", "Only staff may do this."},
	"err.not_allowed":             {"Dit mag u niet doen.", "You may not do this."},
	"err.representation_inactive": {"Uw vertegenwoordiging is (nog) niet geldig.", "Your representation is not (or no longer) valid."},
	"err.totp_already_on":         {"Tweestapsverificatie staat al aan.", "Two-step verification is already on."},
	"err.bad_request":             {"Het verzoek is niet goed opgebouwd.", "The request is malformed."},
	"err.csrf":                    {"Dit formulier kwam niet van deze site. Laad de pagina opnieuw.", "This form did not come from this site. Reload the page."},

	// Field errors.
	"err.invalid":                   {"Deze waarde is niet geldig.", "This value is not valid."},
	"err.required":                  {"Vul dit veld in.", "Please fill in this field."},
	"err.too_long":                  {"Maximaal %d tekens.", "At most %d characters."},
	"err.amount_invalid":            {"Vul een bedrag in, bijvoorbeeld 1.234,56.", "Enter an amount, for example 1234.56."},
	"err.amount_positive":           {"Het bedrag moet groter zijn dan nul.", "The amount must be more than zero."},
	"err.amount_negative":           {"Het bedrag mag niet negatief zijn.", "The amount may not be negative."},
	"err.amount_too_high":           {"Het bedrag is hoger dan %s. Klopt het aantal nullen?", "The amount is above %s. Are the zeros right?"},
	"err.date_required":             {"Vul een datum in.", "Enter a date."},
	"err.date_invalid":              {"Vul een geldige datum in, bijvoorbeeld 31-01-2026.", "Enter a valid date, for example 2026-01-31."},
	"err.date_in_future":            {"Deze datum ligt in de toekomst.", "This date is in the future."},
	"err.end_before_start":          {"De einddatum ligt vóór de begindatum.", "The end date is before the start date."},
	"err.period_too_long":           {"Een toekenning duurt maximaal %d jaar.", "A grant lasts at most %d years."},
	"err.date_outside_grant":        {"De datum moet tussen %s en %s liggen.", "The date must lie between %s and %s."},
	"err.revision_not_after_last":   {"De wijziging moet ingaan na %s, de datum van de vorige wijziging.", "The revision must take effect after %s, the date of the previous one."},
	"err.bsn_required":              {"Vul het BSN in.", "Enter the BSN."},
	"err.bsn_length":                {"Een BSN heeft 9 cijfers.", "A BSN has 9 digits."},
	"err.bsn_invalid":               {"Dit is geen geldig BSN (de elfproef klopt niet). Controleer de cijfers.", "This is not a valid BSN (the eleven test fails). Check the digits."},
	"err.bsn_already_client":        {"Deze budgethouder staat al bij u geregistreerd.", "This budget holder is already registered with you."},
	"err.iban_required":             {"Vul het IBAN in.", "Enter the IBAN."},
	"err.iban_invalid":              {"Een IBAN bestaat uit letters en cijfers, zoals NL91 ABNA 0417 1643 00.", "An IBAN consists of letters and digits, like NL91 ABNA 0417 1643 00."},
	"err.iban_country":              {"Dit IBAN hoort niet bij een SEPA-land.", "This IBAN does not belong to a SEPA country."},
	"err.iban_length":               {"Een IBAN uit %s heeft %d tekens.", "An IBAN from %s has %d characters."},
	"err.iban_checksum":             {"Dit IBAN klopt niet (controlegetal). Controleer het nummer.", "This IBAN is not correct (check digits). Check the number."},
	"err.agb_invalid":               {"Een AGB-code heeft 8 cijfers.", "An AGB code has 8 digits."},
	"err.kvk_invalid":               {"Een KvK-nummer heeft 8 cijfers.", "A KvK number has 8 digits."},
	"err.email_required":            {"Vul een e-mailadres in.", "Enter an e-mail address."},
	"err.email_invalid":             {"Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.", "Enter a valid e-mail address, like name@example.com."},
	"err.email_taken":               {"Er is al een account met dit e-mailadres.", "There is already an account with this e-mail address."},
	"err.account_unknown":           {"Er is geen account met dit e-mailadres.", "There is no account with this e-mail address."},
	"err.postcode_invalid":          {"Vul een postcode in zoals 1234 AB.", "Enter a postcode like 1234 AB."},
	"err.lines_required":            {"Voeg minstens één regel toe.", "Add at least one line."},
	"err.care_function_required":    {"Vul de zorgfunctie in.", "Enter the care function."},
	"err.care_function_twice":       {"Deze zorgfunctie staat er al.", "This care function is already listed."},
	"err.law_not_for_verstrekker":   {"Uw organisatie kent geen %s-budgetten toe.", "Your organisation does not grant %s budgets."},
	"err.reference_taken":           {"Dit beschikkingsnummer is al gebruikt.", "This decision number is already in use."},
	"err.own_contribution_wmo_only": {"Een eigen bijdrage hoort alleen bij de Wmo.", "An own contribution only applies to the Wmo."},
	"err.grant_below_used":          {"Het budget kan niet lager worden dan wat al is gereserveerd en betaald.", "The budget cannot go below what is already reserved and paid."},
	"err.password_wrong":            {"Het huidige wachtwoord klopt niet.", "The current password is not correct."},
	"err.password_too_short":        {"Een wachtwoord heeft minstens %d tekens.", "A password has at least %d characters."},
	"err.password_only_digits":      {"Gebruik niet alleen cijfers.", "Do not use only digits."},
	"err.password_is_email":         {"Gebruik niet uw e-mailadres als wachtwoord.", "Do not use your e-mail address as password."},
	"err.totp_invalid":              {"Deze code klopt niet. Gebruik de nieuwste code uit uw app.", "This code is not correct. Use the newest code from your app."},
	"err.role_exists":               {"Dit account heeft deze rol al.", "This account already has this role."},
	"err.role_org_mismatch":         {"Deze rol past niet bij deze organisatie.", "This role does not fit this organisation."},
	"err.agreement_transition":      {"Dit kan niet: '%s' past niet bij de status '%s'.", "Not possible: '%s' does not fit the status '%s'."},
	"err.agreement_not_your_turn":   {"'%s' is niet aan u (%s).", "'%s' is not yours to do (%s)."},
	"err.agreement_changed":         {"De overeenkomst is intussen gewijzigd door iemand anders. Bekijk de nieuwe versie en probeer het opnieuw.", "The agreement was changed by someone else meanwhile. Look at the new version and try again."},
	"err.agreement_exists":          {"Er is al een lopende overeenkomst met deze zorgverlener.", "There is already a running agreement with this provider."},
	"err.care_type_unknown":         {"Kies een soort zorg uit de lijst.", "Choose a type of care from the list."},
	"err.care_type_twice":           {"Deze zorgsoort met deze eenheid staat er al.", "This type of care with this unit is already listed."},
	"err.rate_above_tariff":         {"Het tarief is hoger dan het maximum van %s.", "The rate is above the maximum of %s."},
	"err.units_step":                {"Uren gaan per kwartier (0,25); andere eenheden in hele getallen.", "Hours go in quarters (0.25); other units in whole numbers."},
	"err.travel_above_max":          {"Reiskosten zijn onbelast maximaal %s per km.", "Untaxed travel costs are at most %s per km."},
	"err.days_per_week_range":       {"Vul 1 tot en met 7 dagen per week in.", "Enter 1 to 7 days a week."},
	"err.hours_per_week_range":      {"Vul het aantal uren per week in (maximaal 60).", "Enter the hours per week (at most 60)."},
	"err.care_description_required": {"Voor de Wlz is een zorgbeschrijving nodig: welke zorg, wanneer en met welke doelen.", "The Wlz needs a care description: what care, when and for which goals."},
	"err.start_too_far_back":        {"De begindatum ligt meer dan %d weken terug.", "The start date is more than %d weeks ago."},
	"err.change_first_of_month":     {"Een wijziging gaat in op de 1e van een maand.", "A change takes effect on the 1st of a month."},
	"err.kvk_mismatch":              {"Het KvK-nummer hoort niet bij deze zorgverlener.", "The KvK number does not belong to this provider."},
	"err.signature_reauth":          {"Bevestig uw ondertekening met uw wachtwoord of de code uit uw app.", "Confirm your signature with your password or the code from your app."},
	"err.agb_mismatch":              {"De AGB-code hoort niet bij deze zorgverlener.", "The AGB code does not belong to this provider."},
	"err.date_in_past":              {"Deze datum ligt in het verleden.", "This date is in the past."},
	"err.agreement_no_end_proposed": {"Er is nog geen einddatum voorgesteld.", "No end date has been proposed yet."},
	"err.tariff_not_yours":          {"Een gemeente stelt alleen eigen tarieven vast voor de Wmo en de Jeugdwet.", "A municipality sets its own tariffs for the Wmo and the Jeugdwet only."},
	"err.budget_holder_unknown":     {"BSN en geboortedatum horen niet bij een budgethouder met een pgb.", "BSN and date of birth do not belong to a budget holder with a budget."},
	"err.no_grant_on_start":         {"De budgethouder heeft onder deze wet geen budget op de ingangsdatum.", "The budget holder has no budget under this law on the start date."},
	"notice.created":                {"Er is een zorgovereenkomst opgesteld tussen %s en %s.", "A care agreement was drawn up between %s and %s."},
	"notice.sign_waiting":           {"De zorgovereenkomst tussen %s en %s wacht op uw handtekening.", "The care agreement between %s and %s waits for your signature."},
	"notice.ready_to_submit":        {"De zorgovereenkomst tussen %s en %s is door beiden ondertekend: stuur hem naar de verstrekker.", "The care agreement between %s and %s is signed by both: send it to the funder."},
	"notice.submitted":              {"De zorgovereenkomst tussen %s en %s wacht op uw beoordeling.", "The care agreement between %s and %s waits for your review."},
	"notice.approved":               {"De zorgovereenkomst tussen %s en %s is goedgekeurd.", "The care agreement between %s and %s was approved."},
	"notice.rejected":               {"De zorgovereenkomst tussen %s en %s is afgekeurd; lees de reden.", "The care agreement between %s and %s was rejected; read the reason."},
	"notice.change":                 {"Er is een wijziging opgesteld van de zorgovereenkomst tussen %s en %s.", "A change was drawn up to the care agreement between %s and %s."},
	"notice.end_proposed":           {"Er is opgezegd: de zorgovereenkomst tussen %s en %s.", "Notice was given: the care agreement between %s and %s."},
	"notice.ended":                  {"De zorgovereenkomst tussen %s en %s is beëindigd.", "The care agreement between %s and %s has ended."},
	"notice.back_to_concept":        {"De zorgovereenkomst tussen %s en %s is weer een concept.", "The care agreement between %s and %s is a concept again."},
	"notice.message":                {"Nieuw bericht over de zorgovereenkomst tussen %s en %s.", "New message about the care agreement between %s and %s."},
	"err.file_required":             {"Voeg een bestand toe.", "Add a file."},
	"err.file_too_large":            {"Het bestand is groter dan %d MB.", "The file is larger than %d MB."},
	"err.too_many_files":            {"Kies hoogstens %d bestanden.", "Choose at most %d files."},
	"err.file_type":                 {"Alleen pdf, png of jpeg; dit bestand is iets anders (ook al heet het misschien .pdf).", "Only PDF, PNG or JPEG; this file is something else (even if it is named .pdf)."},
	"err.invitation_used":           {"Deze uitnodiging is al gebruikt. Log in met uw account.", "This invitation has been used already. Log in with your account."},
	"err.invitation_expired":        {"Deze uitnodiging is verlopen. Vraag de budgethouder om een nieuwe.", "This invitation has expired. Ask the budget holder for a new one."},
	"invite.mail_subject":           {"Uitnodiging: zorgovereenkomst met %s in pgbportaal", "Invitation: care agreement with %s in pgbportaal"},
	"invite.mail_body":              {"Beste zorgverlener,\n\n%s nodigt u uit voor een zorgovereenkomst in pgbportaal. Maak met deze persoonlijke link uw account aan en bekijk de overeenkomst:\n\n%s\n\nDe link werkt %d dagen.\n", "Dear care provider,\n\n%s invites you to a care agreement in pgbportaal. Create your account with this personal link and view the agreement:\n\n%s\n\nThe link works for %d days.\n"},
	"notice.invitation_accepted":    {"De uitgenodigde zorgverlener heeft een account gemaakt: de zorgovereenkomst tussen %s en %s staat klaar.", "The invited provider created an account: the care agreement between %s and %s is ready."},
	// entry: the checks that refuse a declaration when it is sent to the
	// budget holder, in words for the provider at the field.
	"err.period_not_passed":      {"Deze maand is nog niet voorbij (tot en met %s). U kunt hem declareren vanaf de dag erna; bewaar hem tot dan als concept.", "This month has not ended yet (until %s). You can declare it from the next day on; keep it as a concept until then."},
	"err.invoice_missing":        {"Voeg de factuur of urenverantwoording toe (pdf, png of jpeg): een zzp'er of zorginstelling declareert met factuur.", "Attach the invoice or time sheet (PDF, PNG or JPEG): a self-employed provider or institution declares with an invoice."},
	"err.invoice_total_mismatch": {"Het totaal van de factuur moet gelijk zijn aan dat van de declaratie: %s. Pas het totaal of de uren aan.", "The invoice total must equal the declaration's: %s. Correct the total or the hours."},
	"err.agreement_not_in_force": {"Op %s gold de zorgovereenkomst niet. Laat deze dag leeg.", "On %s the care agreement was not in force. Leave this day empty."},
	"err.date_outside_period":    {"%s valt buiten de toekenning. Laat deze dag leeg.", "%s lies outside the grant. Leave this day empty."},
	"err.late_to_holder":         {"Te laat: een declaratie gaat binnen %d weken na de maand naar de budgethouder. Vraag de verstrekker om toestemming voor een late declaratie.", "Too late: a declaration goes to the budget holder within %d weeks after the month. Ask the funder for permission to declare late."},
	"err.duplicate_line":         {"%s is met deze zorg (%s) al gedeclareerd. Laat deze dag leeg of pas de eerdere declaratie aan.", "%s has already been declared with this care (%s). Leave this day empty or correct the earlier declaration."},

	// Built-in checks (controles) of a declaration: what is wrong and how to fix it.
	"check.period_not_passed":          {"De periode is nog niet voorbij (tot en met %s). Declareer na afloop.", "The period has not passed yet (until %s). Declare after it ends."},
	"check.second_declaration_month":   {"Voor deze overeenkomst is deze maand al gedeclareerd. Pas die declaratie aan.", "This agreement already has a declaration for this month. Correct that one."},
	"check.late_to_holder":             {"Te laat: een declaratie gaat binnen %d weken na de periode naar de budgethouder.", "Too late: a declaration goes to the budget holder within %d weeks after the period."},
	"check.late_to_funder":             {"Te laat: de budgethouder dient binnen %d weken in. Vraag de verstrekker om toestemming.", "Too late: the budget holder submits within %d weeks. Ask the funder for permission."},
	"check.date_outside_period":        {"%s valt buiten de periode of de toekenning.", "%s lies outside the period or the grant."},
	"check.agreement_not_in_force":     {"Op %s was er geen goedgekeurde zorgovereenkomst.", "On %s there was no approved care agreement."},
	"check.care_type_not_agreed":       {"Deze zorg (%s) staat niet in de zorgovereenkomst.", "This care (%s) is not in the care agreement."},
	"check.rate_above_agreed":          {"Het tarief is hoger dan afgesproken (%s).", "The rate is above the agreed rate (%s)."},
	"check.agreed_rate_above_tariff":   {"Het afgesproken tarief is hoger dan het maximumtarief (%s).", "The agreed rate is above the maximum tariff (%s)."},
	"check.units_step":                 {"Uren per kwartier (0,25); andere eenheden heel.", "Hours in quarters (0.25); other units whole."},
	"check.duplicate_line":             {"%s is voor %s al gedeclareerd.", "%s has already been declared for %s."},
	"check.units_above_max":            {"Meer dan afgesproken: maximaal %s per %s.", "More than agreed: at most %s per %s."},
	"check.over_24_hours_day":          {"Op %s zijn meer dan 24 uur gedeclareerd, bij alle budgethouders samen.", "On %s more than 24 hours were declared, over all budget holders."},
	"check.over_40_hours_week":         {"In week %s zijn meer dan 40 uur gedeclareerd.", "In week %s more than 40 hours were declared."},
	"check.respite_over_156":           {"Logeren is maximaal %d etmalen per jaar.", "Respite stays are at most %d per year."},
	"check.budget_insufficient":        {"Niet genoeg budget: er is nog %s over.", "Not enough budget: %s is left."},
	"check.iban_invalid":               {"Het IBAN van de zorgverlener is ongeldig.", "The provider's IBAN is invalid."},
	"check.iban_blocked":               {"Het IBAN van de zorgverlener is geblokkeerd.", "The provider's IBAN is blocked."},
	"check.invoice_missing":            {"Voeg de factuur toe.", "Attach the invoice."},
	"check.invoice_total_mismatch":     {"Het totaal van de factuur wijkt af van de declaratie (%s).", "The invoice total differs from the declaration (%s)."},
	"check.kind_not_allowed":           {"Deze soort declaratie (%s) past niet bij deze overeenkomst; een feestdagenuitkering is alleen voor werknemers.", "This kind of declaration (%s) does not fit this agreement; a holiday payment is for employees only."},
	"check.amount_required":            {"Vul het bedrag in.", "Enter the amount."},
	"check.travel_km_required":         {"Vul het aantal kilometers in.", "Enter the number of kilometres."},
	"check.travel_not_agreed":          {"In de zorgovereenkomst zijn geen reiskosten afgesproken.", "No travel costs were agreed in the care agreement."},
	"check.travel_rate_above_agreed":   {"De kilometervergoeding is hoger dan afgesproken (%s per km).", "The rate per km is above the agreed rate (%s per km)."},
	"check.travel_rate_above_max":      {"Reiskosten zijn onbelast maximaal %s per km.", "Untaxed travel costs are at most %s per km."},
	"check.declared_while_sick":        {"Op %s was de werknemer ziek gemeld.", "On %s the employee was reported sick."},
	"check.signal_shared_iban":         {"Het IBAN wordt ook gebruikt door %d andere zorgverlener(s).", "The IBAN is also used by %d other provider(s)."},
	"check.signal_many_budget_holders": {"De zorgverlener declareert voor ongewoon veel budgethouders (%d).", "The provider declares for unusually many budget holders (%d)."},
	"check.signal_hours_jump":          {"Plotselinge stijging van de uren: gemiddeld %s, nu %s.", "Sudden rise in hours: average %s, now %s."},
	"check.signal_all_max_rate":        {"Alle regels staan op het maximumtarief.", "Every line is at the maximum rate."},
	"err.agreement_not_approved":       {"Er is (nog) geen goedgekeurde zorgovereenkomst om op te declareren.", "There is no approved care agreement to declare on (yet)."},
	"err.declaration_transition":       {"Dit kan niet met een declaratie met status '%s'.", "Not possible for a declaration with status '%s'."},
	"err.declaration_changed":          {"De declaratie is intussen gewijzigd. Bekijk hem opnieuw.", "The declaration was changed meanwhile. Look at it again."},
	"err.date_outside_month":           {"Deze datum valt buiten de maand van de declaratie.", "This date lies outside the declaration's month."},
	"err.care_type_not_agreed_field":   {"Deze zorg staat niet in de zorgovereenkomst.", "This care is not in the care agreement."},
	"notice.declaration_waiting":       {"Een declaratie van %[2]s voor %[1]s wacht op uw akkoord.", "A declaration by %[2]s for %[1]s waits for your approval."},
	"notice.declaration_rejected":      {"Budgethouder %[1]s heeft uw declaratie afgekeurd; lees de reden.", "Budget holder %[1]s rejected your declaration; read the reason."},
	"notice.declaration_accepted":      {"De declaratie voor %s van %s is geaccepteerd; het bedrag is gereserveerd.", "The declaration for %s by %s was accepted; the amount is reserved."},
	"notice.declaration_refused":       {"De declaratie voor %s van %s is geweigerd door de controles; zie de redenen.", "The declaration for %s by %s was refused by the checks; see the reasons."},
	"notice.declaration_held":          {"Een declaratie voor %s van %s is aangehouden voor beoordeling (signaal).", "A declaration for %s by %s is held for review (signal)."},
	"err.declaration_kind_invalid":     {"Kies zorg, reiskosten of feestdagenuitkering.", "Choose care, travel costs or holiday payment."},
	"err.holiday_pay_employees_only":   {"Een feestdagenuitkering is alleen voor een zorgverlener in loondienst (arbeidsovereenkomst).", "A holiday payment is only for a provider employed by the budget holder."},
	"err.travel_not_agreed_field":      {"In de zorgovereenkomst zijn geen reiskosten afgesproken.", "No travel costs were agreed in the care agreement."},
	"err.travel_km_required":           {"Vul het aantal kilometers in.", "Enter the number of kilometres."},
	"err.duplicate_line_field":         {"Deze dag met deze zorg staat er al in.", "This day with this care is already listed."},
	"err.batch_too_large":              {"Stuur hoogstens %d declaraties per keer.", "Send at most %d declarations at a time."},
	"err.idempotency_key_invalid":      {"De Idempotency-Key is te lang (hoogstens 200 tekens).", "The Idempotency-Key is too long (at most 200 characters)."},
	"err.idempotency_key_reused":       {"Deze Idempotency-Key is al gebruikt voor een ander verzoek.", "This Idempotency-Key was already used for a different request."},
	"err.recovered_before_sick":        {"Hersteld moet na de eerste ziektedag (%s) liggen.", "Recovery must lie after the first day of sickness (%s)."},
	"err.sick_employment_only":         {"Ziekmelden kan alleen bij een arbeidsovereenkomst.", "Sick reports are for employment agreements only."},
	"notice.sick_reported":             {"Ziekmelding bij de overeenkomst tussen %s en %s.", "Sick report on the agreement between %s and %s."},
	"notice.sick_recovered":            {"Herstelmelding bij de overeenkomst tussen %s en %s.", "Recovery reported on the agreement between %s and %s."},
	"err.svb_only":                     {"Alleen medewerkers van de SVB doen betaalruns.", "Only SVB staff run payments."},
	"err.payrun_nothing_to_pay":        {"Er is niets te betalen: geen geaccepteerde, onbetaalde declaraties met een periode tot en met %s.", "There is nothing to pay: no accepted, unpaid declarations with a period up to %s."},
	"err.payrun_no_file":               {"Maak eerst het betaalbestand.", "Make the payment file first."},
	"err.pain002_unknown_transfer":     {"Regel %d: de betaling \"%s\" hoort niet bij deze betaalrun. Er is niets veranderd.", "Line %d: the transfer \"%s\" is not part of this payment run. Nothing was changed."},
	"err.pain002_invalid":              {"Regel %d: %s. Er is niets veranderd.", "Line %d: %s. Nothing was changed."},
	"err.pain002_other_run":            {"Dit is het bankbestand van %s, niet van %s. Er is niets veranderd.", "This is the bank file of %s, not of %s. Nothing was changed."},
	"err.no_free_amount":               {"Bij deze toekenning hoort geen vrij besteedbaar bedrag.", "This grant has no free amount."},
	"err.free_amount_above_left":       {"U kunt nog %s opvragen.", "You can still claim %s."},
	"err.holder_iban_missing":          {"Vul eerst uw IBAN in bij Mijn gegevens; daar maken we het bedrag naartoe over.", "First enter your IBAN under My details; that is where we pay the amount."},
	"err.free_amount_budget":           {"Niet genoeg budget: er is nog %s over.", "Not enough budget: %s is left."},
	"err.settlement_nothing":           {"Er zijn geen toekenningen zonder eindafrekening waarvan de periode tot en met %s is afgelopen.", "There are no grants without a settlement whose period ended by %s."},
	"err.settlement_transition":        {"Dit kan niet (meer) met deze eindafrekening; misschien is hij al vastgesteld.", "Not possible (any more) for this settlement; perhaps it was approved already."},
	"err.reset_used":                   {"Deze link is al gebruikt. Vraag een nieuwe aan.", "This link has been used already. Ask for a new one."},
	"err.reset_expired":                {"Deze link is verlopen (hij werkt een uur). Vraag een nieuwe aan.", "This link has expired (it works for an hour). Ask for a new one."},
	"err.totp_off":                     {"Zet eerst inloggen met een code aan.", "First turn on logging in with a code."},
	"reset.mail_subject":               {"Nieuw wachtwoord voor pgbportaal", "New password for pgbportaal"},
	"reset.mail_body":                  {"Beste %s,\n\nU vroeg een nieuw wachtwoord aan. Kies het met deze link:\n\n%s\n\nDe link werkt %d minuten en één keer. Vroeg u niets aan? Dan kunt u deze mail negeren.\n", "Dear %s,\n\nYou asked for a new password. Choose it with this link:\n\n%s\n\nThe link works for %d minutes, once. Did you not ask? Then ignore this mail.\n"},
	"err.holder_invitation_expired":    {"Deze uitnodiging is verlopen. Vraag uw gemeente of zorgkantoor om een nieuwe.", "This invitation has expired. Ask your municipality or care office for a new one."},
	"holder_invite.mail_subject":       {"Uw persoonsgebonden budget in pgbportaal", "Your personal budget in pgbportaal"},
	"holder_invite.mail_body":          {"Beste %s,\n\nU heeft een persoonsgebonden budget gekregen. In pgbportaal ziet u uw budget, sluit u zorgovereenkomsten en keurt u declaraties goed. Maak met deze persoonlijke link uw account aan:\n\n%s\n\nDe link werkt %d dagen en één keer.\n", "Dear %s,\n\nYou have been granted a personal budget. In pgbportaal you see your budget, make care agreements and approve declarations. Create your account with this personal link:\n\n%s\n\nThe link works for %d days, once.\n"},
	"notice.holder_invited":            {"Budgethouder %s is uitgenodigd voor pgbportaal; u kunt de zorgovereenkomst met %s hier samen afhandelen.", "Budget holder %s has been invited to pgbportaal; you can handle the agreement with %s here together."},
	"err.certificate_unknown":          {"Uw certificaat is niet door pgbportaal uitgegeven. Log in met uw wachtwoord.", "Your certificate was not issued by pgbportaal. Log in with your password."},
	"err.certificate_revoked":          {"Uw certificaat is ingetrokken. Log in met uw wachtwoord en vraag een nieuw certificaat aan.", "Your certificate has been revoked. Log in with your password and ask for a new certificate."},
	"err.certificate_expired":          {"Uw certificaat is verlopen. Log in met uw wachtwoord en vraag een nieuw certificaat aan.", "Your certificate has expired. Log in with your password and ask for a new certificate."},
	"err.certificate_foreign":          {"Dit certificaat komt niet van een uitgever die pgbportaal erkent. Log in met uw wachtwoord.", "This certificate is not from an issuer pgbportaal recognises. Log in with your password."},
	"err.certificate_no_account":       {"Bij dit certificaat hoort geen account van een zorgverlener.", "No provider account belongs to this certificate."},
	"err.holder_only":                  {"Alleen de budgethouder zelf kan dit.", "Only the budget holder themself can do this."},
	"err.mandate_self":                 {"U kunt uzelf niet machtigen.", "You cannot authorise yourself."},
	"err.legal_representation":         {"Een wettelijke vertegenwoordiging wijzigt de gemeente of het zorgkantoor.", "Legal representation is changed by the municipality or care office."},
	"err.mandate_ended":                {"Deze machtiging is al beëindigd.", "This mandate has ended already."},
	"notice.declaration_message":       {"Nieuw bericht over een declaratie bij de overeenkomst tussen %s en %s.", "New message about a declaration under the agreement between %s and %s."},
	"notice.mail_body":                 {"%s\n\nBekijk het in pgbportaal:\n%s\n\nWelke berichten u per e-mail krijgt, kiest u onder Mijn account.\n", "%s\n\nSee it in pgbportaal:\n%s\n\nChoose which notices you get by e-mail under My account.\n"},
	"err.unknown_field":                {"Onbekend veld.", "Unknown field."},
	"err.wrong_type":                   {"Verkeerd type: verwacht %s.", "Wrong type: expected %s."},
	"err.not_found_field":              {"Niet gevonden.", "Not found."},
	// hardening:
	"err.proof_required":         {"Voeg het bewijs van de vertegenwoordiging toe (bijvoorbeeld de beschikking van de rechtbank).", "Add the proof of the representation (for example the court's decision)."},
	"err.declaration_files_full": {"Deze declaratie heeft al %d bestanden; meer kunnen er niet bij.", "This declaration already has %d files; no more can be added."},
	// auth: passwords judged as NIST SP 800-63B asks, codes used once.
	"err.password_guessable":         {"Dit wachtwoord is te makkelijk te raden: het is een bekend wachtwoord, lijkt op uw naam of e-mailadres, of is een eenvoudig patroon. Kies bijvoorbeeld een zin van een paar woorden die niet bij elkaar horen.", "This password is too easy to guess: it is a common password, resembles your name or e-mail address, or is a simple pattern. Choose, for example, a sentence of a few unrelated words."},
	"err.totp_used":                  {"Deze code is al gebruikt. Wacht op de volgende code in uw app.", "This code was already used. Wait for the next code in your app."},
	"err.password_changed_meanwhile": {"Het wachtwoord is intussen gewijzigd. Probeer het opnieuw.", "The password was changed meanwhile. Try again."},
}
