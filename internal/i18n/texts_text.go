package i18n

// Texts of input refused for characters nobody types (issue 15, item 11).
func init() {
	Add(map[string][2]string{
		"err.control_character": {"Hier staat een onzichtbaar stuurteken in dat niet is toegestaan, bijvoorbeeld uit een geplakte tekst. Haal het weg en verstuur opnieuw; ga zo nodig terug, wat u invulde staat er nog.",
			"This holds an invisible control character that is not allowed, for example from pasted text. Remove it and send again; go back if needed, what you entered is still there."},
		"csv.control_character": {"de kolom \"%s\" bevat een onzichtbaar stuurteken dat niet is toegestaan; haal het weg in het bestand en lees het opnieuw in.",
			"the column \"%s\" holds an invisible control character that is not allowed; remove it in the file and upload it again."},
	})
}
