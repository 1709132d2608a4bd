package i18n

// Texts of the list pages: search, filters and pages (issue 14).
func init() {
	Add(map[string][2]string{
		"agreement.holder":           {"Budgethouder", "Budget holder"},
		"list.all":                   {"Alle", "All"},
		"list.filter":                {"Zoeken en filteren", "Search and filter"},
		"list.search":                {"Naam", "Name"},
		"list.search_hint":           {"Het begin van de achternaam van de budgethouder of van de naam van de zorgverlener.", "The start of the budget holder's family name or of the provider's name."},
		"list.month_hint":            {"Bijvoorbeeld 2026-10 voor oktober 2026.", "For example 2026-10 for October 2026."},
		"list.apply":                 {"Toon", "Show"},
		"list.clear":                 {"Alles tonen", "Show all"},
		"list.none_found":            {"Niets gevonden met deze zoekopdracht.", "Nothing found for this search."},
		"list.pages":                 {"Pagina's", "Pages"},
		"decl.bulk_example":          {"Voorbeeld van een bestand", "Example of a file"},
		"payrun.transfer_list":       {"Overboekingen", "Transfers"},
		"payrun.only_failed":         {"Alleen mislukte", "Failed only"},
		"payrun.creditor":            {"Begunstigde", "Beneficiary"},
		"payrun.transfer.open":       {"Open", "Open"},
		"payrun.transfer.uitgevoerd": {"Uitgevoerd", "Executed"},
		"payrun.transfer.mislukt":    {"Mislukt", "Failed"},
		"list.page_n":                {"Pagina %d", "Page %d"},
	})
}
