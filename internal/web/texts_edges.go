package web

import "github.com/pgbportaal/pgbportaal/internal/i18n"

// edges: page texts of issue 23, a block of their own so merges stay additive.
func init() {
	i18n.Add(map[string][2]string{
		"decl.allow_late_lead":   {"Deze declaratie is geweigerd omdat ze te laat was. U kunt haar alsnog toestaan; de controles lopen dan opnieuw.", "This declaration was refused as late. You can allow it; the checks then run again."},
		"decl.allow_late_reason": {"Reden van de toestemming", "Reason for the permission"},
		"decl.allow_late":        {"Te late declaratie toestaan", "Allow the late declaration"},
		"decl.done.allow_late":   {"De te late declaratie is toegestaan; de controles zijn opnieuw uitgevoerd.", "The late declaration was allowed; the checks ran again."},
		"decl.received_decides":  {"Op papier ontvangen op %s, geregistreerd op %s: de ontvangstdatum besliste dat de termijn is gehaald.", "Received on paper on %s, registered on %s: the date received decided that the deadline was met."},
	})
}
