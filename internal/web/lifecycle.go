package web

import "github.com/pgbportaal/pgbportaal/internal/domain"

func init() {
	// In a template: {{if (can .Actions).revoke}}, for the actions of one
	// item of a list (each representation on the details page).
	funcs["can"] = func(actions any) map[string]bool {
		switch a := actions.(type) {
		case []domain.MandateAction:
			return can(a)
		case []domain.DeclarationAction:
			return can(a)
		case []domain.SettlementAction:
			return can(a)
		case []domain.PayRunAction:
			return can(a)
		case []domain.AgreementAction:
			return can(a)
		}
		return nil
	}
}

// can turns what a lifecycle table allows (the service's Actions, from the
// domain's XActions) into the page's buttons: a template shows the button
// of an action when {{if .Data.Can.approve}}. Pages work out no rule of
// their own, so a button is shown exactly when the step would be taken.
func can[A ~string](actions []A) map[string]bool {
	out := make(map[string]bool, len(actions))
	for _, a := range actions {
		out[string(a)] = true
	}
	return out
}
