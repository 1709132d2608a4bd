package domain

// CheckStep is a moment at which a declaration's checks run. A check that
// runs at entry stops the declaration before it reaches the budget holder:
// the provider sees it at the field and corrects it. A check that runs at
// approval runs in the transaction that reserves the amount.
type CheckStep uint8

const (
	// StepEntry: the declaration is sent to the budget holder (page, API,
	// batch, CSV), or registered from paper.
	StepEntry CheckStep = 1 << iota
	// StepApproval: the budget holder approves it (a paper form carries that
	// approval), and the amount is reserved.
	StepApproval
)

const bothSteps = StepEntry | StepApproval

// checkSteps is the one place that decides which check (by its finding's
// code) runs at which step. Every check that does not depend on the budget
// holder's decision runs at entry, so that nothing reaches the budget holder
// that the checks would refuse anyway. At approval they run again, because
// what they look at may have moved since entry: the budget left, other
// declarations now accepted (duplicates, hours over all budget holders, the
// month's declaration), a blocked IBAN, the agreement's versions. A code not
// listed runs at both steps (TestCheckStepsCoverEveryCheck lists them all).
var checkSteps = map[string]CheckStep{
	// The period and its deadlines.
	"period_not_passed":        bothSteps,
	"second_declaration_month": bothSteps,
	// Late to the budget holder is judged at approval only: a late
	// declaration can still be paid when the verstrekker allows it
	// (AllowLate), so it goes through to the budget holder, whose approval
	// refuses it as late where the verstrekker sees it and can allow it.
	"late_to_holder": StepApproval,
	// The budget holder's own deadline counts from the day they submit it:
	// that is their decision, so it is judged at approval only.
	"late_to_funder": StepApproval,
	// The kind and what it needs.
	"kind_not_allowed":         bothSteps,
	"amount_required":          bothSteps,
	"travel_km_required":       bothSteps,
	"travel_not_agreed":        bothSteps,
	"travel_rate_above_agreed": bothSteps,
	"travel_rate_above_max":    bothSteps,
	// Each day's line.
	"date_outside_period":      bothSteps,
	"agreement_not_in_force":   bothSteps,
	"declared_while_sick":      bothSteps,
	"care_type_not_agreed":     bothSteps,
	"rate_above_agreed":        bothSteps,
	"agreed_rate_above_tariff": bothSteps,
	"units_step":               bothSteps,
	"duplicate_line":           bothSteps,
	"units_above_max":          bothSteps,
	"over_24_hours_day":        bothSteps,
	"over_40_hours_week":       bothSteps,
	"respite_over_156":         bothSteps,
	// The budget check: at entry against what is left now, again at approval
	// (other declarations may have been approved meanwhile).
	"budget_insufficient": bothSteps,
	// Payment and proof.
	"iban_invalid":           bothSteps,
	"iban_blocked":           bothSteps,
	"invoice_missing":        bothSteps,
	"invoice_total_mismatch": bothSteps,
	// Fraud signals hold a declaration for the verstrekker's review; they do
	// not refuse it, so at entry they would stop nothing. They are judged at
	// the moment of approval, when the hold is decided and the facts they
	// count (budget holders, hours history, a shared IBAN) are those of then.
	"signal_shared_iban":                StepApproval,
	"signal_many_budget_holders":        StepApproval,
	"signal_hours_jump":                 StepApproval,
	"signal_all_max_rate":               StepApproval,
	"signal_provider_represents_holder": StepApproval,
	"signal_respite_elsewhere":          StepApproval,
}

// RunsAt reports whether the check with this code runs at step.
func RunsAt(code string, step CheckStep) bool {
	s, ok := checkSteps[code]
	if !ok {
		s = bothSteps
	}
	return s&step != 0
}

// CheckAt runs the checks of step: Check's findings, keeping those whose
// check runs at step.
func CheckAt(step CheckStep, d Declaration, in CheckInput) (refusals, signals []Finding) {
	refusals, signals = Check(d, in)
	return atStep(step, refusals), atStep(step, signals)
}

func atStep(step CheckStep, fs []Finding) []Finding {
	out := fs[:0]
	for _, f := range fs {
		if RunsAt(f.Code, step) {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// ManyBudgetHolders is the number of budget holders above which a provider
// of kind k is "unusually many" (signal_many_budget_holders holds its
// declarations for review). It depends on the kind, because what is normal
// does:
//   - informal care (a family member or acquaintance) is given to people
//     one is close to: more than 3 budget holders at once is rare, and a
//     known pattern of misuse (a name lent to many budgets);
//   - a zzp'er works alone and may declare at most 40 hours a week; at the
//     usual 2 hours a week per client, 20 budget holders fill that week, so
//     more than 20 is more than one person can serve;
//   - a care institution serving hundreds of pgb clients is normal (the
//     largest serve a few thousand; pgb gen's largest has 2,000): only more
//     than 5,000 is beyond any known institution.
func ManyBudgetHolders(k ProviderKind) int {
	switch k {
	case ProviderInformal:
		return 3
	case ProviderInstitution:
		return 5000
	default:
		return 20
	}
}
