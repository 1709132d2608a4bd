package i18n

// edges: texts of the corrected settlement, the open declarations named on
// a settlement, and the late declarations on the verstrekker's work list
// (issue 23).
func init() {
	Add(map[string][2]string{
		"err.settlement_nothing_to_correct": {"Er is geen declaratie geweigerd omdat de eindafrekening al was gemaakt: er valt niets te corrigeren.", "No declaration was refused because the settlement had been made: there is nothing to correct."},
		"notice.settlement_corrected":       {"Uw eindafrekening is gecorrigeerd: bekijk de nieuwe versie.", "Your yearly settlement was corrected: see the new version."},
		"work.declaration_late":             {"Te late declaratie van %s voor %s over %s: toestaan of niet", "Late declaration of %s for %s for %s: allow it or not"},
		"work.settlement_to_correct":        {"Eindafrekening van %s: er is een declaratie geweigerd omdat ze al was gemaakt; corrigeren of niet", "Settlement of %s: a declaration was refused because it had been made; correct it or not"},
		"settlement.open_title":             {"Declaraties die nog open stonden", "Declarations still open"},
		"settlement.open_lead":              {"Deze declaraties over de periode van de toekenning waren nog niet geaccepteerd toen de eindafrekening werd gemaakt. Ze tellen niet mee in de bedragen hierboven. Wordt er later een geaccepteerd, dan maakt de verstrekker een gecorrigeerde eindafrekening.", "These declarations for the grant's period were not yet accepted when the settlement was made. They are not counted in the amounts above. If one is accepted later, the funder makes a corrected settlement."},
		"settlement.open_none":              {"Toen de eindafrekening werd gemaakt, stond er geen declaratie over deze periode meer open. Een declaratie die daarna nog komt, telt alleen mee als de verstrekker de eindafrekening corrigeert.", "When the settlement was made, no declaration for this period was still open. A declaration that comes after it only counts if the funder corrects the settlement."},
		"settlement.open_item":              {"%s, %s, %s: toen %s, nu %s", "%s, %s, %s: then %s, now %s"},
		"settlement.arrived_title":          {"Geweigerd omdat de eindafrekening al was gemaakt", "Refused because the settlement had been made"},
		"settlement.arrived_lead":           {"Deze declaraties kwamen na de eindafrekening en zijn daarom geweigerd. De verstrekker kan de eindafrekening corrigeren; ze worden dan opnieuw gecontroleerd en, als ze worden geaccepteerd, alsnog betaald.", "These declarations came after the settlement and were refused for that reason. The funder can correct the settlement; they are then checked again and, when accepted, paid after all."},
		"settlement.arrived_item":           {"%s, %s, %s", "%s, %s, %s"},
		"settlement.correct_lead":           {"Bij een gecorrigeerde eindafrekening worden deze declaraties opnieuw gecontroleerd alsof de eindafrekening er niet was. Wat wordt geaccepteerd, telt mee als nog te betalen en gaat niet terug naar u. Een vastgestelde eindafrekening blijft vastgesteld en het verschil wordt meteen geboekt; anders beantwoordt de budgethouder de nieuwe versie. De huidige versie blijft voor beide partijen zichtbaar.", "A corrected settlement checks these declarations again as if the settlement were not there. What is accepted counts as still to pay and does not go back to you. An approved settlement stays approved and the difference is booked at once; otherwise the budget holder answers the new version. The current version stays visible to both parties."},
		"settlement.see_declaration":        {"Declaratie bekijken", "View the declaration"},
		"settlement.correct_reason":         {"Reden van de correctie", "Reason for the correction"},
		"settlement.correct":                {"Gecorrigeerde eindafrekening maken", "Make a corrected settlement"},
		"settlement.done.correct":           {"De eindafrekening is gecorrigeerd.", "The settlement was corrected."},
		"settlement.done.correct_none":      {"De declaraties zijn opnieuw gecontroleerd. Geen ervan is geaccepteerd, dus de eindafrekening blijft zoals ze was.", "The declarations were checked again. None was accepted, so the settlement stays as it was."},
		"settlement.corrected":              {"Gecorrigeerde eindafrekening, versie %d. Reden: %s", "Corrected settlement, version %d. Reason: %s"},
		"settlement.versions_title":         {"Eerdere versies", "Earlier versions"},
		"settlement.version_item":           {"Versie %d (%s): terug naar de verstrekker %s, nog te betalen %s, status: %s. Vervangen op %s.", "Version %d (%s): back to the funder %s, still to pay %s, status: %s. Replaced on %s."},
	})
}
