package i18n

// Texts of daily work: the month grid (the months that may still be
// declared, days not offered, week totals, what is left of the budget).
func init() {
	Add(map[string][2]string{
		"decl.new_lead_month":        {"Zorg voor %s in %s: vul per dag de uren of eenheden in. Lege vakjes tellen niet.", "Care for %s in %s: enter the hours or units per day. Empty cells do not count."},
		"decl.months_title":          {"Welke maand declareert u?", "Which month are you declaring?"},
		"decl.month_choice":          {"%s", "%s"},
		"decl.month_deadline":        {"uiterlijk %s bij de budgethouder", "to the budget holder by %s"},
		"decl.months_none":           {"Op deze zorgovereenkomst is nu geen maand meer te declareren: elke afgelopen maand is gedeclareerd of de termijn is verstreken.", "No month can be declared on this care agreement now: every past month has been declared or its deadline has passed."},
		"decl.month_in_time":         {"Stuur de declaratie over %s uiterlijk %s naar de budgethouder.", "Send the declaration for %s to the budget holder by %s."},
		"decl.month_late":            {"De termijn voor %s is verstreken op %s. U kunt nog declareren, maar bij goedkeuring wordt de declaratie als te laat geweigerd, tenzij de verstrekker hem alsnog toestaat.", "The deadline for %s passed on %s. You can still declare, but on approval the declaration will be refused as late unless the funder allows it."},
		"decl.month_running":         {"%s is nog niet voorbij. U kunt een maand declareren als hij afgelopen is.", "%s has not ended yet. You can declare a month once it has ended."},
		"decl.repeat_nothing":        {"Er is niets om te herhalen: er is geen declaratie over de maand vóór %s. Vul de dagen zelf in.", "There is nothing to repeat: there is no declaration for the month before %s. Fill in the days yourself."},
		"decl.day_closed_label":      {"Niet te declareren", "Cannot be declared"},
		"decl.day_outside_agreement": {"Niet te declareren: de zorgovereenkomst geldt op deze dag niet.", "Cannot be declared: the care agreement is not in force on this day."},
		"decl.day_outside_grant":     {"Niet te declareren: de toekenning loopt op deze dag niet.", "Cannot be declared: the grant does not cover this day."},
		"decl.week_total":            {"Totaal week %d:", "Total week %d:"},
		"decl.total_this":            {"Deze declaratie", "This declaration"},
		"decl.left_now":              {"Nu over van het budget", "Budget left now"},
		"decl.left_after":            {"Over na deze declaratie", "Left after this declaration"},
		"decl.left_hint":             {"Berekend met de afgesproken tarieven. Andere declaraties die nog wachten, kunnen het bedrag dat over is kleiner maken.", "Worked out at the agreed rates. Other declarations still waiting may make what is left smaller."},
	})
}
