package i18n

// Texts of the accessibility statement (toegankelijkheidsverklaring) and
// the privacy statement, linked from every page's footer as on Dutch
// government sites, and the idle-timeout hint on long forms.
func init() {
	Add(map[string][2]string{
		"footer.accessibility": {"Toegankelijkheid", "Accessibility"},
		"footer.privacy":       {"Privacy", "Privacy"},
		"form.idle_hint":       {"Na 30 minuten zonder activiteit wordt u uitgelogd en gaat wat u niet opsloeg verloren. Werkt u lang aan dit formulier, sla het dan tussendoor op als concept.", "After 30 minutes without activity you are logged out and what you did not save is lost. If this form takes you long, save it as a concept in between."},

		"a11y.title":         {"Toegankelijkheidsverklaring", "Accessibility statement"},
		"a11y.lead":          {"pgbportaal wil voor iedereen bruikbaar zijn, ook voor wie slecht ziet, geen muis gebruikt of een telefoon gebruikt. De Nederlandse overheid vraagt daarvoor de norm WCAG 2.1 op niveau AA.", "pgbportaal aims to be usable by everyone, including people with low vision, who do not use a mouse, or who use a phone. The Dutch government asks for the WCAG 2.1 standard at level AA."},
		"a11y.status_title":  {"Stand van zaken", "Status"},
		"a11y.status":        {"pgbportaal voldoet gedeeltelijk aan WCAG 2.1 AA. Elke pagina wordt bij elke wijziging automatisch getoetst; een volledige toetsing door een onafhankelijke deskundige heeft nog niet plaatsgevonden.", "pgbportaal partially conforms to WCAG 2.1 AA. Every page is checked automatically with every change; a full audit by an independent expert has not taken place yet."},
		"a11y.how_title":     {"Hoe wij dit toetsen", "How we check this"},
		"a11y.how_axe":       {"Elke pagina die een gebruiker bereikt, wordt voor elke rol getoetst met axe-core op de regels van WCAG 2.1 A en AA; ernstige en kritieke fouten houden een wijziging tegen.", "Every page a user reaches is checked for every role with axe-core against the WCAG 2.1 A and AA rules; serious and critical failures stop a change."},
		"a11y.how_phone":     {"Pagina's worden getoetst op een telefoonscherm van 390 pixels breed: niets schuift zijwaarts.", "Pages are checked on a phone screen 390 pixels wide: nothing scrolls sideways."},
		"a11y.how_nojs":      {"Alles werkt zonder JavaScript, ook het menu op een telefoon.", "Everything works without JavaScript, including the menu on a phone."},
		"a11y.how_lang":      {"Alles is er in het Nederlands en in het Engels.", "Everything is available in Dutch and in English."},
		"a11y.known_title":   {"Bekende beperkingen", "Known limitations"},
		"a11y.known_pdf":     {"PDF-documenten (zoals de eindafrekening) zijn nog niet getagd; de pagina van het document zelf is wel toegankelijk en kan vanuit de browser als PDF worden afgedrukt.", "PDF documents (such as the yearly settlement) are not tagged yet; the document's own page is accessible and can be printed to PDF from the browser."},
		"a11y.known_audit":   {"Automatische toetsing vindt niet alle problemen; wij laten de site handmatig toetsen voordat hij landelijk wordt gebruikt.", "Automatic checks do not find every problem; the site will be audited by hand before it is used nationally."},
		"a11y.contact_title": {"Loopt u tegen iets aan?", "Something does not work for you?"},
		"a11y.contact":       {"Laat het ons weten via uw gemeente, zorgkantoor of de SVB. Wij antwoorden binnen vijf werkdagen en helpen u intussen op een andere manier verder.", "Let us know through your municipality, care office or the SVB. We answer within five working days and meanwhile help you in another way."},

		"privacy.title":         {"Privacyverklaring", "Privacy statement"},
		"privacy.lead":          {"In pgbportaal staan gegevens over uw gezondheid en uw geld. Zo gaan wij daarmee om.", "pgbportaal holds data about your health and your money. This is how we handle it."},
		"privacy.what_title":    {"Welke gegevens", "Which data"},
		"privacy.what":          {"Uw naam, burgerservicenummer (BSN), geboortedatum en adres uit de Basisregistratie Personen; uw e-mailadres, telefoonnummer en rekeningnummer als u die opgeeft; uw budget, zorgovereenkomsten, declaraties, betalingen en berichten.", "Your name, citizen service number (BSN), date of birth and address from the population register; your e-mail address, phone number and bank account if you give them; your budget, care agreements, declarations, payments and messages."},
		"privacy.why_title":     {"Waarvoor", "What for"},
		"privacy.why":           {"Om uw persoonsgebonden budget uit te voeren zoals de Wmo, de Jeugdwet, de Wlz en de Zvw voorschrijven: zorg afspreken, declaraties controleren en zorgverleners betalen. Wij gebruiken uw gegevens voor niets anders.", "To carry out your personal budget as the Wmo, the Youth Act, the Wlz and the Zvw prescribe: agreeing on care, checking declarations and paying care providers. We use your data for nothing else."},
		"privacy.who_title":     {"Wie ziet wat", "Who sees what"},
		"privacy.who":           {"U en uw vertegenwoordiger zien alles van u. Een zorgverlener ziet alleen de overeenkomsten en declaraties met u. Uw gemeente, zorgkantoor of zorgverzekeraar ziet alleen wat bij het eigen budget hoort. De SVB ziet wat nodig is om te betalen. Uw BSN wordt versleuteld opgeslagen en aan anderen alleen gemaskeerd getoond.", "You and your representative see all of yours. A care provider sees only the agreements and declarations with you. Your municipality, care office or health insurer sees only what belongs to its own budget. The SVB sees what it needs to pay. Your BSN is stored encrypted and shown to others only masked."},
		"privacy.keep_title":    {"Hoe lang", "How long"},
		"privacy.keep":          {"Zolang de wet dat vraagt voor de verantwoording van publiek geld: zeven jaar na het einde van het budgetjaar. Elke wijziging wordt vastgelegd in een logboek dat niet ongemerkt kan worden veranderd.", "As long as the law requires for accounting for public money: seven years after the end of the budget year. Every change is recorded in a log that cannot be altered unnoticed."},
		"privacy.rights_title":  {"Uw rechten", "Your rights"},
		"privacy.rights":        {"U kunt uw gegevens inzien en downloaden onder Mijn account. Klopt er iets niet, of wilt u bezwaar maken, neem dan contact op met uw gemeente, zorgkantoor of zorgverzekeraar. U kunt ook een klacht indienen bij de Autoriteit Persoonsgegevens.", "You can read and download your data under My account. If something is wrong, or you want to object, contact your municipality, care office or health insurer. You can also complain to the Dutch Data Protection Authority."},
		"privacy.session_title": {"Cookies en uitloggen", "Cookies and logging out"},
		"privacy.session":       {"pgbportaal gebruikt alleen een cookie om u ingelogd te houden, en geen cookies om u te volgen. Na 30 minuten zonder activiteit, en in elk geval na 12 uur, wordt u uitgelogd.", "pgbportaal uses only a cookie to keep you logged in, and no cookies to track you. After 30 minutes without activity, and after 12 hours in any case, you are logged out."},
	})
}
