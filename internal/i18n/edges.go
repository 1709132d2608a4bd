package i18n

// edges: texts of issue 23 (declarations at the edges of time and of
// representation), kept in a block of their own so merges stay additive.
func init() {
	Add(map[string][2]string{
		"err.end_too_far_back":                 {"Een einddatum in het verleden kan tot en met %s terug (de eerste dag van de vorige maand).", "An end date in the past can go back to %s (the first day of the previous month)."},
		"err.declaration_not_late":             {"Alleen een declaratie die als te laat is geweigerd kan alsnog worden toegestaan (status '%s').", "Only a declaration refused as late can be allowed (status '%s')."},
		"err.grant_settled":                    {"De eindafrekening van deze toekenning is al gemaakt: er kan niets meer op worden gereserveerd.", "This grant's settlement has been made: nothing more can be reserved on it."},
		"err.received_before_period_end":       {"De ontvangstdatum ligt na het einde van de periode (%s) en niet na vandaag.", "The date received lies after the end of the period (%s) and not after today."},
		"err.grant_below_used":                 {"Het budget kan niet lager worden dan wat al is gereserveerd en betaald (%s). Het laagste jaarbedrag vanaf deze datum is %s.", "The budget cannot go below what is already reserved and paid (%s). The lowest yearly amount from this date is %s."},
		"check.grant_settled":                  {"De eindafrekening van deze toekenning is al gemaakt: er kan niets meer op worden gereserveerd.", "This grant's settlement has been made: nothing more can be reserved on it."},
		"check.signal_respite_elsewhere":       {"Voor de nacht van %s is al logeren bij een andere zorgverlener gedeclareerd.", "Respite care at another provider was already declared for the night of %s."},
		"notice.declarations_after_end":        {"De zorgovereenkomst tussen %s en %s is beëindigd per een datum in het verleden: er zijn al declaraties voor dagen daarna. Bekijk ze.", "The care agreement between %s and %s ended on a date in the past: there are declarations for days after it. Please review them."},
		"history.declaration.create":           {"heeft de declaratie ingevoerd", "entered the declaration"},
		"history.declaration.attach":           {"heeft een bijlage toegevoegd", "attached a file"},
		"history.declaration.bij_budgethouder": {"heeft de declaratie naar de budgethouder gestuurd", "sent the declaration to the budget holder"},
		"history.declaration.afgekeurd_bh":     {"heeft de declaratie afgekeurd", "rejected the declaration"},
		"history.declaration.approved":         {"gaf akkoord; de controles zijn uitgevoerd", "approved; the checks ran"},
		"history.declaration.geaccepteerd":     {"de declaratie is geaccepteerd", "the declaration was accepted"},
		"history.declaration.geweigerd":        {"de declaratie is geweigerd", "the declaration was refused"},
		"history.declaration.aangehouden":      {"de declaratie is aangehouden voor beoordeling", "the declaration is held for review"},
		"history.declaration.message":          {"schreef een bericht", "wrote a message"},
		"history.declaration.maandloon":        {"boekte het maandloon", "booked the monthly wage"},
		"history.for":                          {"namens %s", "on behalf of %s"},
		"history.title":                        {"Geschiedenis van de declaratie", "History of the declaration"},
		"history.result":                       {"nu: %s", "now: %s"},
		"history.declaration.concept":          {"heeft de declaratie weer als concept geopend", "reopened the declaration as a concept"},
		"history.declaration.betaald":          {"heeft de declaratie betaald", "paid the declaration"},
		"history.declaration.late_allowed":     {"stond de te late declaratie toe", "allowed the late declaration"},
		"history.declaration.received_decides": {"legde vast dat de ontvangstdatum op papier de termijn haalde", "recorded that the paper's date received met the deadline"},
	})
}
