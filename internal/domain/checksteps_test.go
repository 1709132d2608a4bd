package domain

import (
	"os"
	"regexp"
	"slices"
	"testing"
)

// TestCheckSteps is the table of which checks run when a declaration is
// sent to the budget holder (entry) and which when the budget holder
// approves it: everything that does not depend on the budget holder's
// decision at entry, and again at approval; their own deadline and the
// fraud signals at approval only.
func TestCheckSteps(t *testing.T) {
	for _, c := range []struct {
		code            string
		entry, approval bool
	}{
		{"period_not_passed", true, true},
		{"second_declaration_month", true, true},
		{"late_to_holder", false, true}, // the verstrekker may allow it: see checkSteps
		{"late_to_funder", false, true},
		{"kind_not_allowed", true, true},
		{"amount_required", true, true},
		{"travel_km_required", true, true},
		{"travel_not_agreed", true, true},
		{"travel_rate_above_agreed", true, true},
		{"travel_rate_above_max", true, true},
		{"date_outside_period", true, true},
		{"agreement_not_in_force", true, true},
		{"declared_while_sick", true, true},
		{"care_type_not_agreed", true, true},
		{"rate_above_agreed", true, true},
		{"agreed_rate_above_tariff", true, true},
		{"units_step", true, true},
		{"duplicate_line", true, true},
		{"units_above_max", true, true},
		{"over_24_hours_day", true, true},
		{"over_40_hours_week", true, true},
		{"respite_over_156", true, true},
		{"budget_insufficient", true, true},
		{"iban_invalid", true, true},
		{"iban_blocked", true, true},
		{"invoice_missing", true, true},
		{"invoice_total_mismatch", true, true},
		{"signal_shared_iban", false, true},
		{"signal_many_budget_holders", false, true},
		{"signal_hours_jump", false, true},
		{"signal_all_max_rate", false, true},
	} {
		if got := RunsAt(c.code, StepEntry); got != c.entry {
			t.Errorf("%s at entry: %v, want %v", c.code, got, c.entry)
		}
		if got := RunsAt(c.code, StepApproval); got != c.approval {
			t.Errorf("%s at approval: %v, want %v", c.code, got, c.approval)
		}
	}
}

// TestCheckStepsCoverEveryCheck: every code Check can give has its row in
// the table of steps, so a new check is placed on purpose.
func TestCheckStepsCoverEveryCheck(t *testing.T) {
	src, err := os.ReadFile("declaration.go")
	if err != nil {
		t.Fatal(err)
	}
	codes := regexp.MustCompile(`\b(?:add|sig)\("([a-z0-9_]+)"`).FindAllSubmatch(src, -1)
	if len(codes) < 25 {
		t.Fatalf("found only %d check codes in declaration.go", len(codes))
	}
	for _, m := range codes {
		if _, ok := checkSteps[string(m[1])]; !ok {
			t.Errorf("check %q has no row in checkSteps", m[1])
		}
	}
}

// TestCheckAt: the same declaration, not for a month that has passed, from
// an informal carer with many budget holders and too little budget, gives
// at entry the refusals (not the signal, not the budget holder's own
// deadline) and at approval everything.
func TestCheckAt(t *testing.T) {
	d, in := baseCheck()
	in.Today = MustDate("2026-10-20") // October has not passed
	in.ProviderKind, d.HasAttachment = ProviderInformal, false
	in.ProviderHolders = 4
	d.SubmittedByHolder = d.SentToHolder.AddDays(7*WeeksToSubmit + 1)
	codes := func(fs []Finding) []string {
		var out []string
		for _, f := range fs {
			out = append(out, f.Code)
		}
		slices.Sort(out)
		return out
	}
	ref, sig := CheckAt(StepEntry, d, in)
	if got, want := codes(ref), []string{"period_not_passed"}; !slices.Equal(got, want) {
		t.Errorf("entry refusals %v, want %v", got, want)
	}
	if sig != nil {
		t.Errorf("entry signals %v, want none", sig)
	}
	ref, sig = CheckAt(StepApproval, d, in)
	if got, want := codes(ref), []string{"late_to_funder", "period_not_passed"}; !slices.Equal(got, want) {
		t.Errorf("approval refusals %v, want %v", got, want)
	}
	if got, want := codes(sig), []string{"signal_many_budget_holders"}; !slices.Equal(got, want) {
		t.Errorf("approval signals %v, want %v", got, want)
	}
}

// TestManyBudgetHoldersPerKind: the signal's threshold depends on the kind
// of provider; an institution with hundreds of clients is normal.
func TestManyBudgetHoldersPerKind(t *testing.T) {
	for _, c := range []struct {
		kind    ProviderKind
		holders int
		held    bool
	}{
		{ProviderInformal, 3, false},
		{ProviderInformal, 4, true},
		{ProviderZZP, 9, false},
		{ProviderZZP, 20, false},
		{ProviderZZP, 21, true},
		{ProviderInstitution, 9, false},
		{ProviderInstitution, 10, false},
		{ProviderInstitution, 300, false},
		{ProviderInstitution, 2000, false},
		{ProviderInstitution, 5001, true},
	} {
		d, in := baseCheck()
		in.ProviderKind, in.ProviderHolders = c.kind, c.holders
		if c.kind == ProviderInstitution {
			in.Agreement[0].Terms.Kind = AgreementInstitution
		}
		_, signals := CheckAt(StepApproval, d, in)
		held := slices.ContainsFunc(signals, func(f Finding) bool { return f.Code == "signal_many_budget_holders" })
		if held != c.held {
			t.Errorf("%s with %d budget holders: held %v, want %v (signals %v)", c.kind, c.holders, held, c.held, signals)
		}
	}
}
