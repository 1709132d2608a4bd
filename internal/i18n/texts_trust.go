package i18n

// Texts of the rules on who may act for a budget holder: linking a known
// BSN, changes to a holder's details, and self-dealing (issue 15).
func init() {
	Add(map[string][2]string{
		"err.bsn_register_mismatch":               {"Bij dit BSN is een persoon bekend met een andere geboortedatum of achternaam. Controleer de gegevens uit de BRP; is alles juist, neem dan contact op met de SVB.", "A person with another birth date or family name is known under this BSN. Check the details from the population register (BRP); if they are right, contact the SVB."},
		"err.no_current_grant":                    {"Alleen een verstrekker die deze persoon nu een budget toekent, mag dit wijzigen. De budgethouder of diens vertegenwoordiger kan het zelf doen.", "Only a funder that currently grants this person a budget may change this. The budget holder or their representative can do it themselves."},
		"notice.holder_linked":                    {"%s heeft u als cliënt geregistreerd in pgbportaal.", "%s has registered you as a client in pgbportaal."},
		"notice.holder_contact_changed":           {"Uw e-mailadres of telefoonnummer is gewijzigd door %s.", "Your e-mail address or phone number was changed by %s."},
		"notice.holder_iban_changed":              {"Het rekeningnummer (IBAN) waarop u geld ontvangt, is gewijzigd door %s.", "The account number (IBAN) you are paid to was changed by %s."},
		"notice.holder_representative_added":      {"%s heeft een vertegenwoordiger voor u vastgelegd.", "%s has recorded a representative for you."},
		"notice.holder_changed_mail_body":         {"%s\n\nBekijk uw gegevens in pgbportaal:\n%s\n\nHeeft u dit niet zelf gevraagd of verwacht? Neem dan direct contact op met uw gemeente, zorgkantoor of de SVB.\n", "%s\n\nSee your details in pgbportaal:\n%s\n\nDid you not ask for or expect this? Contact your municipality, care office or the SVB at once.\n"},
		"err.holder_only":                         {"Alleen de budgethouder zelf kan dit.", "Only the budget holder themself can do this."},
		"err.mandate_self":                        {"U kunt uzelf niet machtigen.", "You cannot authorise yourself."},
		"err.legal_representation":                {"Een wettelijke vertegenwoordiging wijzigt de gemeente of het zorgkantoor.", "Legal representation is changed by the municipality or care office."},
		"err.mandate_ended":                       {"Deze machtiging is al beëindigd.", "This mandate has ended already."},
		"notice.declaration_message":              {"Nieuw bericht over een declaratie bij de overeenkomst tussen %s en %s.", "New message about a declaration under the agreement between %s and %s."},
		"notice.mail_body":                        {"%s\n\nBekijk het in pgbportaal:\n%s\n\nWelke berichten u per e-mail krijgt, kiest u onder Mijn account.\n", "%s\n\nSee it in pgbportaal:\n%s\n\nChoose which notices you get by e-mail under My account.\n"},
		"err.unknown_field":                       {"Onbekend veld.", "Unknown field."},
		"err.wrong_type":                          {"Verkeerd type: verwacht %s.", "Wrong type: expected %s."},
		"err.not_found_field":                     {"Niet gevonden.", "Not found."},
		"check.signal_provider_represents_holder": {"De zorgverlener is ook vertegenwoordiger van de budgethouder; de verstrekker beoordeelt deze declaratie.", "The provider is also the budget holder's representative; the funder reviews this declaration."},
		"err.sign_both_sides":                     {"U heeft deze overeenkomst al namens de andere partij getekend. Eén persoon kan niet beide kanten tekenen: laat een andere vertegenwoordiger tekenen, of laat de verstrekker de overeenkomst op papier vastleggen.", "You already signed this agreement for the other party. One person cannot sign both sides: let another representative sign, or have the funder register the agreement on paper."},
		"err.approve_own_declaration":             {"U bent zelf de zorgverlener van deze declaratie en kunt hem daarom niet goedkeuren namens de budgethouder. Een andere vertegenwoordiger kan dat doen.", "You are the provider of this declaration yourself, so you cannot approve it for the budget holder. Another representative can."},
		"agreement.provider_represents_holder":    {"Let op: de zorgverlener is ook vertegenwoordiger van de budgethouder. De verstrekker keurt de overeenkomst en elke wijziging goed, en beoordeelt elke declaratie.", "Note: the provider is also the budget holder's representative. The funder approves the agreement and every change, and reviews every declaration."},
	})
}

// Texts of a provider's own details (issue 14).
func init() {
	Add(map[string][2]string{
		"provider.details_lead":         {"Uw gegevens zoals ze bij pgbportaal bekend zijn. E-mailadres, telefoonnummer en IBAN wijzigt u zelf.", "Your details as pgbportaal knows them. You change your e-mail address, phone number and IBAN yourself."},
		"provider.city":                 {"Plaats", "City"},
		"provider.iban_hint":            {"Hierop ontvangt u uw betalingen, vanaf de eerstvolgende betaalrun.", "Your payments go here, from the next payment run on."},
		"provider.secret":               {"Uw wachtwoord (of code uit uw app)", "Your password (or code from your app)"},
		"provider.secret_hint":          {"Alleen nodig als u uw IBAN wijzigt.", "Only needed when you change your IBAN."},
		"provider.iban_changed_subject": {"Uw IBAN in pgbportaal is gewijzigd", "Your IBAN in pgbportaal was changed"},
		"provider.iban_changed_mail":    {"Beste %s,\n\nHet IBAN waarop u in pgbportaal betalingen ontvangt, is gewijzigd in %s (door %s). Vanaf de eerstvolgende betaalrun betalen we daarop.\n\nHeeft u dit niet zelf gedaan? Neem dan direct contact op met de SVB.\n", "Dear %s,\n\nThe IBAN you are paid to in pgbportaal was changed to %s (by %s). From the next payment run on, we pay to it.\n\nDid you not do this yourself? Contact the SVB at once.\n"},
	})
}
