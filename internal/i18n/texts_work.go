package i18n

// Texts of the overview's work list: what waits for the reader, each with
// the other party named.
func init() {
	Add(map[string][2]string{
		"inbox.open_notice":            {"Bekijken", "View"},
		"notice.settlement_waiting":    {"Uw eindafrekening staat klaar: bekijk hem en geef akkoord of maak bezwaar.", "Your yearly settlement is ready: review it and agree or object."},
		"work.title":                   {"Wat op u wacht", "Waiting for you"},
		"work.none":                    {"Er wacht nu niets op u.", "Nothing is waiting for you now."},
		"work.declaration_to_approve":  {"Declaratie van %s over %s (%s) goedkeuren of afkeuren", "Approve or reject the declaration of %s for %s (%s)"},
		"work.agreement_to_sign":       {"Zorgovereenkomst met %s ondertekenen", "Sign the care agreement with %s"},
		"work.settlement_to_agree":     {"Eindafrekening bekijken en akkoord geven of bezwaar maken (terug te betalen: %s)", "Review the yearly settlement and agree or object (to return: %s)"},
		"work.declaration_to_correct":  {"Declaratie voor %s over %s verbeteren en opnieuw indienen", "Correct the declaration for %s for %s and send it again"},
		"work.payment_failed":          {"Een betaling van %s is mislukt: controleer uw IBAN", "A payment of %s failed: check your IBAN"},
		"work.declare_month":           {"%s declareren voor %s (uiterlijk %s bij de budgethouder)", "Declare %s for %s (to the budget holder by %s)"},
		"work.agreement_to_approve":    {"Zorgovereenkomst van %s met %s beoordelen", "Review the care agreement of %s with %s"},
		"work.declaration_held":        {"Aangehouden declaratie van %s bij %s over %s beoordelen", "Review the held declaration of %s with %s for %s"},
		"work.settlement_to_approve":   {"Eindafrekening van %s vaststellen", "Settle the yearly settlement of %s"},
		"work.representation_to_check": {"Bewijs van de wettelijke vertegenwoordiging van %s toevoegen", "Add the proof of the legal representation of %s"},
		"work.payable":                 {"Geaccepteerde declaraties die op een betaalrun wachten: %d", "Accepted declarations waiting for a payment run: %d"},
		"work.run_voorbereid":          {"Betaalrun %s: het betaalbestand maken", "Payment run %s: make the payment file"},
		"work.run_bestand":             {"Betaalrun %s: uitvoering vastleggen of het bankbestand (pain.002) inlezen", "Payment run %s: record its execution or read the bank's file (pain.002)"},
		"work.mail_failing":            {"E-mails die niet verzonden konden worden: %d", "E-mails that could not be sent: %d"},
	})
}
