package domain

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// refusal names an error as the tests compare it: kind and code (for an
// invalid field, the field's code).
func refusal(err error) string {
	e, ok := AsError(err)
	if !ok {
		return fmt.Sprint(err)
	}
	if e.Kind == KindInvalid && len(e.Fields) == 1 {
		return "invalid:" + e.Fields[0].Field + ":" + e.Fields[0].Code
	}
	return fmt.Sprintf("%d:%s", e.Kind, e.Code)
}

var (
	forbidden = func(code string) string { return refusal(Forbidden(code)) }
	conflict  = func(code string) string { return refusal(Conflict(code)) }
)

var (
	allParties    = []Party{PartyHolder, PartyProvider, PartyVerstrekker, PartySVB}
	allDeclStates = []DeclarationState{DeclConcept, DeclAtHolder, DeclRejectedH, DeclAccepted, DeclRefused, DeclHeld, DeclPaid}
)

// TestDeclarationLifecycle asks every state × action × party, for a
// declaration refused for a deadline and for one refused otherwise, and
// checks the move or the refusal the service has always given.
func TestDeclarationLifecycle(t *testing.T) {
	type key struct {
		s DeclarationState
		a DeclarationAction
		p Party
	}
	// Every allowed move, written out: where it leads ("" = the checks decide).
	allowed := map[key]DeclarationState{}
	for _, s := range []DeclarationState{DeclConcept, DeclRejectedH, DeclRefused} {
		for _, p := range []Party{PartyProvider, PartyHolder} {
			allowed[key{s, DeclActSend, p}] = DeclAtHolder
			allowed[key{s, DeclActAttach, p}] = s
		}
	}
	allowed[key{DeclAtHolder, DeclActApprove, PartyHolder}] = ""
	allowed[key{DeclAtHolder, DeclActReject, PartyHolder}] = DeclRejectedH
	allowed[key{DeclHeld, DeclActRelease, PartyVerstrekker}] = ""
	allowed[key{DeclHeld, DeclActRefuse, PartyVerstrekker}] = DeclRefused
	lateAllowed := key{DeclRefused, DeclActAllowLate, PartyVerstrekker}

	late := []Finding{{Code: "late_to_funder"}}
	other := []Finding{{Code: "budget_insufficient"}}
	asked := 0
	for _, findings := range [][]Finding{late, other} {
		isLate := RefusedAsLate(findings)
		for _, s := range allDeclStates {
			for _, p := range allParties {
				var want []DeclarationAction
				for _, a := range DeclarationActionOrder {
					asked++
					k := key{s, a, p}
					to, err := DeclarationNext(s, findings, a, p)
					wantTo, ok := allowed[k]
					if k == lateAllowed && isLate {
						wantTo, ok = "", true
					}
					if ok {
						want = append(want, a)
						if err != nil || to != wantTo {
							t.Errorf("%s %s by %s (late %v) = %q, %v; want %q allowed", s, a, p, isLate, to, err, wantTo)
						}
						continue
					}
					// The refusal, as the service gave it before the table.
					editable := s == DeclConcept || s == DeclRejectedH || s == DeclRefused
					entering := p == PartyProvider || p == PartyHolder
					wantErr := conflict("declaration_transition")
					switch a {
					case DeclActSend:
						if editable {
							wantErr = forbidden("not_allowed")
						}
					case DeclActAttach:
						if !entering {
							wantErr = forbidden("not_allowed")
						}
					case DeclActAllowLate:
						wantErr = conflict("declaration_not_late")
						if p != PartyVerstrekker {
							wantErr = forbidden("not_allowed")
						}
					}
					if err == nil || refusal(err) != wantErr {
						t.Errorf("%s %s by %s (late %v): %v; want refused %s", s, a, p, isLate, err, wantErr)
					}
				}
				if got := DeclarationActions(s, findings, p); !slices.Equal(got, want) {
					t.Errorf("actions in %s for %s (late %v) = %v; want %v", s, p, isLate, got, want)
				}
			}
		}
	}
	if asked != 2*len(allDeclStates)*len(allParties)*7 {
		t.Errorf("asked %d", asked)
	}
}

func TestMayEnterDeclaration(t *testing.T) {
	for _, p := range allParties {
		for _, k := range AgreementKinds {
			for _, paper := range []bool{false, true} {
				want := p == PartyProvider || (p == PartyHolder && k == AgreementFamily) || (p == PartySVB && paper)
				err := MayEnterDeclaration(p, k, paper)
				if (err == nil) != want || (err != nil && refusal(err) != forbidden("not_allowed")) {
					t.Errorf("%s enters on %s (paper %v): %v; want allowed %v", p, k, paper, err, want)
				}
			}
		}
	}
}

func TestSettlementLifecycle(t *testing.T) {
	type key struct {
		s SettlementState
		a SettlementAction
		p Party
	}
	allowed := map[key]SettlementState{
		{SettlementOpen, SettleActAgree, PartyHolder}:            SettlementAgreed,
		{SettlementObjected, SettleActAgree, PartyHolder}:        SettlementAgreed,
		{SettlementOpen, SettleActObject, PartyHolder}:           SettlementObjected,
		{SettlementObjected, SettleActObject, PartyHolder}:       SettlementObjected,
		{SettlementAgreed, SettleActApprove, PartyVerstrekker}:   SettlementApproved,
		{SettlementObjected, SettleActApprove, PartyVerstrekker}: SettlementApproved,
	}
	for _, s := range SettlementStates {
		for _, p := range allParties {
			var want []SettlementAction
			for _, a := range SettlementActionOrder {
				to, err := SettlementNext(s, a, p)
				if wantTo, ok := allowed[key{s, a, p}]; ok {
					want = append(want, a)
					if err != nil || to != wantTo {
						t.Errorf("%s %s by %s = %q, %v; want %q", s, a, p, to, err, wantTo)
					}
					continue
				}
				wantErr := conflict("settlement_transition")
				if (a == SettleActApprove) != (p == PartyVerstrekker) || (p != PartyHolder && p != PartyVerstrekker) {
					wantErr = forbidden("not_allowed")
				}
				if err == nil || refusal(err) != wantErr {
					t.Errorf("%s %s by %s: %v; want %s", s, a, p, err, wantErr)
				}
			}
			if got := SettlementActions(s, p); !slices.Equal(got, want) {
				t.Errorf("actions in %s for %s = %v; want %v", s, p, got, want)
			}
		}
	}
	if got := SettlementFrom(SettleActApprove); !slices.Equal(got, []SettlementState{SettlementAgreed, SettlementObjected}) {
		t.Errorf("approve from %v", got)
	}
	if got := SettlementFrom(SettleActAgree); !slices.Equal(got, []SettlementState{SettlementOpen, SettlementObjected}) {
		t.Errorf("agree from %v", got)
	}
}

func TestPayRunLifecycle(t *testing.T) {
	type key struct {
		s PayRunState
		a PayRunAction
	}
	type want struct {
		to    PayRunState
		again bool
	}
	allowed := map[key]want{
		{RunPrepared, PayRunActWrite}:    {RunWritten, false},
		{RunWritten, PayRunActWrite}:     {RunWritten, true},
		{RunExecuted, PayRunActWrite}:    {RunExecuted, true},
		{RunWritten, PayRunActDownload}:  {RunWritten, false},
		{RunExecuted, PayRunActDownload}: {RunExecuted, false},
		{RunWritten, PayRunActExecute}:   {RunExecuted, false},
		{RunExecuted, PayRunActExecute}:  {RunExecuted, true},
		{RunWritten, PayRunActStatus}:    {RunExecuted, false},
		{RunExecuted, PayRunActStatus}:   {RunExecuted, true},
	}
	offeredTo := map[PayRunState][]PayRunAction{ // what the run's page showed before the table
		RunPrepared: {PayRunActWrite},
		RunWritten:  {PayRunActDownload, PayRunActExecute, PayRunActStatus},
		RunExecuted: {PayRunActDownload},
	}
	for _, s := range PayRunSteps {
		for _, p := range allParties {
			for _, a := range PayRunActionOrder {
				to, again, err := PayRunNext(s, a, p)
				w, ok := allowed[key{s, a}]
				switch {
				case p != PartySVB:
					if refusal(err) != forbidden("svb_only") {
						t.Errorf("%s %s by %s: %v; want svb_only", s, a, p, err)
					}
				case ok:
					if err != nil || to != w.to || again != w.again {
						t.Errorf("%s %s = %q, %v, %v; want %+v", s, a, to, again, err, w)
					}
				default:
					if refusal(err) != conflict("payrun_no_file") {
						t.Errorf("%s %s: %v; want payrun_no_file", s, a, err)
					}
				}
			}
			got := PayRunActions(s, p)
			if p != PartySVB && got != nil {
				t.Errorf("%s offered %v in %s", p, got, s)
			}
			if p == PartySVB && !slices.Equal(got, offeredTo[s]) {
				t.Errorf("actions in %s = %v; want %v", s, got, offeredTo[s])
			}
		}
	}
}

func TestMandateLifecycle(t *testing.T) {
	roles := []Role{RoleBudgetHolder, RoleRepresentative, RoleProvider, RoleVerstrekker, RoleSVB, RoleAdmin}
	for _, s := range MandateStates {
		for _, r := range roles {
			var want []MandateAction
			for _, a := range MandateActionOrder {
				to, err := MandateNext(s, a, r)
				var wantErr string
				switch {
				case r != RoleBudgetHolder:
					wantErr = forbidden("holder_only")
				case s == MandateNone && a == MandateActGrant:
					if err != nil || to != MandateRunning {
						t.Errorf("grant by holder = %q, %v", to, err)
					}
					want = append(want, a)
					continue
				case s == MandateRunning && a == MandateActRevoke:
					if err != nil || to != MandateEnded {
						t.Errorf("revoke by holder = %q, %v", to, err)
					}
					want = append(want, a)
					continue
				case s == MandateLegal:
					wantErr = forbidden("legal_representation")
				case s == MandateEnded:
					wantErr = conflict("mandate_ended")
				case a == MandateActGrant:
					wantErr = conflict("already_exists")
				default:
					wantErr = refusal(NotFound("representation"))
				}
				if err == nil || refusal(err) != wantErr {
					t.Errorf("%q %s by %s: %v; want %s", s, a, r, err, wantErr)
				}
			}
			if got := MandateActions(s, r); !slices.Equal(got, want) {
				t.Errorf("actions in %q for %s = %v; want %v", s, r, got, want)
			}
		}
	}
}

func TestMandateStateOf(t *testing.T) {
	today := MustDate("2026-06-10")
	for _, c := range []struct {
		kind     RepresentationKind
		from, to string
		want     MandateState
	}{
		{Gemachtigde, "2026-01-01", "", MandateRunning},
		{Gemachtigde, "2026-01-01", "2026-06-10", MandateRunning}, // its last day: still revocable
		{Gemachtigde, "2026-01-01", "2026-06-09", MandateEnded},
		{Gemachtigde, "2026-07-01", "", MandateRunning}, // to come
		{Gemachtigde, "2026-07-01", "2026-06-30", MandateEnded},
		{Curator, "2026-01-01", "", MandateLegal},
		{Curator, "2026-01-01", "2026-02-01", MandateLegal},
	} {
		rep := Representation{Kind: c.kind, ValidFrom: MustDate(c.from)}
		if c.to != "" {
			rep.ValidTo = MustDate(c.to)
		}
		if got := MandateStateOf(rep, today); got != c.want {
			t.Errorf("%+v: %q; want %q", c, got, c.want)
		}
	}
	rep := Representation{Kind: Gemachtigde, ValidFrom: MustDate("2026-01-01")}
	if got := MandateRevokedEnd(rep, today); got != MustDate("2026-06-09") {
		t.Errorf("revoked end %s", got)
	}
	rep.ValidFrom = MustDate("2026-07-01")
	if got := MandateRevokedEnd(rep, today); got != MustDate("2026-06-30") {
		t.Errorf("revoked end of one to come %s", got)
	}
}

// TestTariffEdits: every setter × law. Wlz and Zvw rates are national; a
// gemeente sets its own Wmo and Jeugdwet rates; a zorgkantoor or
// zorgverzekeraar sets none (told so at the law field).
func TestTariffEdits(t *testing.T) {
	for _, w := range TariffSetters {
		var want []Law
		for _, law := range append(slices.Clone(Laws), Law("")) {
			err := MaySetTariff(w, law)
			ok := w == TariffNational || (w == TariffGemeente && (law == Wmo || law == Jeugdwet))
			var wantErr string
			switch {
			case ok:
				if law != "" {
					want = append(want, law)
				}
			case w == TariffNobody:
				wantErr = forbidden("not_allowed")
			default:
				wantErr = refusal(Invalid("law", "tariff_not_yours"))
			}
			if (err == nil) != ok || (err != nil && refusal(err) != wantErr) {
				t.Errorf("%q sets %q: %v; want %s", w, law, err, wantErr)
			}
		}
		if got := TariffLaws(w); !slices.Equal(got, want) {
			t.Errorf("laws of %q = %v; want %v", w, got, want)
		}
	}
	for _, c := range []struct {
		role Role
		org  OrgKind
		want TariffSetter
	}{
		{RoleAdmin, "", TariffNational},
		{RoleVerstrekker, Gemeente, TariffGemeente},
		{RoleVerstrekker, Zorgkantoor, TariffZorgkantoor},
		{RoleVerstrekker, Zorgverzekeraar, TariffZorgverzekeraar},
		{RoleSVB, SVB, TariffNobody},
		{RoleVerstrekker, SVB, TariffNobody},
		{RoleProvider, "", TariffNobody},
	} {
		if got := TariffSetterOf(c.role, c.org); got != c.want {
			t.Errorf("%s of %s: %q; want %q", c.role, c.org, got, c.want)
		}
	}
}

// TestActionNamesParseBack: every action of every list is taken by its
// name as your_actions shows it (snake_case) and in kebab-case; anything
// else is no action.
func TestActionNamesParseBack(t *testing.T) {
	for _, a := range AgreementActionOrder {
		for _, name := range []string{string(a), strings.ReplaceAll(string(a), "_", "-")} {
			if got, ok := ParseAgreementAction(name); !ok || got != a {
				t.Errorf("agreement %q: %q %v", name, got, ok)
			}
		}
	}
	for _, a := range DeclarationActionOrder {
		for _, name := range []string{string(a), strings.ReplaceAll(string(a), "_", "-")} {
			if got, ok := ParseDeclarationAction(name); !ok || got != a {
				t.Errorf("declaration %q: %q %v", name, got, ok)
			}
		}
	}
	for _, a := range append(SettlementActionOrder[:len(SettlementActionOrder):len(SettlementActionOrder)], SettleActCorrect) {
		if got, ok := ParseSettlementAction(string(a)); !ok || got != a {
			t.Errorf("settlement %q: %q %v", a, got, ok)
		}
	}
	for _, name := range []string{"", "bogus", "allow-late-please", "Allow_Late", "allow late", "propose__end", "edit "} {
		if _, ok := ParseDeclarationAction(name); ok {
			t.Errorf("declaration action %q taken", name)
		}
		if _, ok := ParseAgreementAction(name); ok {
			t.Errorf("agreement action %q taken", name)
		}
	}
	if len(SettlementActionOrder) != 3 {
		t.Errorf("ParseSettlementAction changed the settlement order: %v", SettlementActionOrder)
	}
}
