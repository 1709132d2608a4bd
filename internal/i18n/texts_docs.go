package i18n

// docs (issue 21): what leaves the portal — the budget holder's yearly
// overview, message threads as documents, and the bank file's debtor.
func init() {
	Add(map[string][2]string{
		"err.payer_not_configured": {"Er is geen rekening ingesteld waarvan betaald wordt (PGB_DEBTOR_NAME en PGB_DEBTOR_IBAN); het betaalbestand is niet gemaakt.", "No account to pay from is configured (PGB_DEBTOR_NAME and PGB_DEBTOR_IBAN); the payment file was not made."},

		"year.title":           {"Jaaroverzicht budget %d", "Yearly budget overview %d"},
		"year.link":            {"Jaaroverzicht van uw budget", "Yearly overview of your budget"},
		"year.year_before":     {"Het jaar ervoor", "The year before"},
		"year.year_after":      {"Het jaar erna", "The year after"},
		"year.pdf":             {"Jaaroverzicht downloaden (pdf)", "Download the yearly overview (PDF)"},
		"year.none":            {"In %d had u geen budget: er is niets toegekend, gereserveerd of betaald.", "You had no budget in %d: nothing was granted, reserved or paid."},
		"year.months_caption":  {"Per maand, de optelsom van de boekingen hieronder", "Per month, the sum of the postings below"},
		"year.total":           {"Heel %d", "All of %d"},
		"year.granted":         {"Toegekend", "Granted"},
		"year.reserved":        {"Gereserveerd", "Reserved"},
		"year.released":        {"Vrijgegeven", "Released"},
		"year.paid":            {"Betaald", "Paid"},
		"year.returned":        {"Teruggekomen", "Returned"},
		"year.still_reserved":  {"Nog gereserveerd (gereserveerd − vrijgegeven − betaald)", "Still reserved (reserved − released − paid)"},
		"year.paid_net":        {"Betaald na wat terugkwam (betaald − teruggekomen)", "Paid after returns (paid − returned)"},
		"year.left":            {"Nog te besteden (toegekend − nog gereserveerd − betaald na wat terugkwam)", "Left to spend (granted − still reserved − paid after returns)"},
		"year.postings":        {"Hoe deze bedragen ontstaan: de boekingen", "How these figures come about: the postings"},
		"year.booked":          {"Geboekt op", "Booked on"},
		"year.kind":            {"Soort", "Kind"},
		"year.counts_in":       {"Telt in", "Counts in"},
		"year.for":             {"Waarvoor", "What for"},
		"year.no_postings":     {"Geen boekingen in dit jaar.", "No postings in this year."},
		"year.kind.granted":    {"Toegekend", "Granted"},
		"year.kind.reserved":   {"Gereserveerd", "Reserved"},
		"year.kind.released":   {"Vrijgegeven", "Released"},
		"year.kind.paid":       {"Betaald", "Paid"},
		"year.kind.returned":   {"Teruggekomen", "Returned"},
		"year.ref.grant":       {"Toekenning", "Grant"},
		"year.ref.revision":    {"Herziening van de toekenning", "Revision of the grant"},
		"year.ref.declaration": {"Declaratie %d · %s", "Declaration %d · %s"},
		"year.ref.free_amount": {"Vrij besteedbaar bedrag (aanvraag %d)", "Free amount (claim %d)"},
		"year.ref.settlement":  {"Eindafrekening %d", "Settlement %d"},
		"year.ref.other":       {"Boeking", "Posting"},

		"thread.title":             {"Berichten", "Messages"},
		"thread.about_agreement":   {"Over de zorgovereenkomst tussen %s en %s", "About the care agreement between %s and %s"},
		"thread.about_declaration": {"Over declaratie %d (%s) tussen %s en %s", "About declaration %d (%s) between %s and %s"},
		"thread.none":              {"Er zijn nog geen berichten.", "There are no messages yet."},
		"thread.link":              {"Alle berichten als document (pagina en pdf)", "All messages as a document (page and PDF)"},
		"thread.pdf":               {"Berichten downloaden (pdf)", "Download the messages (PDF)"},
		"thread.back":              {"Terug", "Back"},
		"thread.count":             {"Aantal berichten: %d", "Number of messages: %d"},
	})
}
