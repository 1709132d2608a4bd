package domain

import "slices"

// Every lifecycle of the domain is one table of moves: from a state, an
// action, by whom, to which state. The agreement's is in agreement.go
// (Next, Allowed); the others are in this file. Each has two functions the
// rest of the program asks, and nothing else decides:
//
//   - XNext(state, action, who) says what state follows, or why not (an
//     *Error with the code the service has always given for that refusal);
//   - XActions(state, who) lists what who may do now, in display order:
//     the page's buttons and the API's your_actions.
//
// To add a state or an action: add its constant, add its moves to the
// table (and the action to the order list), and if a refusal needs another
// code than the table's refuse function gives, add a case there. The table
// test (lifecycle_test.go) asks every state × action × who, so it lists
// the new moves where they are allowed; the service, the pages and the API
// follow without a change of their own, except for what the new step does.

// step is where a move starts: a state and an action.
type step[S, A ~string] struct {
	from   S
	action A
}

// move is where it leads and who may take it. again marks a move that is
// accepted once more in a state it already led to and changes nothing
// (retrying an idempotent step after a crash); it is never offered.
type move[S ~string, W comparable] struct {
	to    S
	by    []W
	again bool
}

// table is one lifecycle: its actions in display order and its moves.
type table[S, A ~string, W comparable] struct {
	order []A
	moves map[step[S, A]]move[S, W]
}

// lookup finds the move from s by a for w: whether w may take it
// (allowed); whether the move exists from s at all, for anyone (stateOK);
// and whether w takes action a from some state (whoOK). The last two let a
// lifecycle's refuse function give the code of the check that failed.
func (t table[S, A, W]) lookup(s S, a A, w W) (m move[S, W], allowed, stateOK, whoOK bool) {
	m, stateOK = t.moves[step[S, A]{s, a}]
	allowed = stateOK && slices.Contains(m.by, w)
	for k, mv := range t.moves {
		whoOK = whoOK || (k.action == a && slices.Contains(mv.by, w))
	}
	return m, allowed, stateOK, whoOK
}

// offered lists the actions next allows w in s, in display order, leaving
// out moves that are only accepted again.
func offered[S, A ~string, W comparable](t table[S, A, W], s S, w W, next func(S, A, W) (S, bool, error)) []A {
	var out []A
	for _, a := range t.order {
		if _, again, err := next(s, a, w); err == nil && !again {
			out = append(out, a)
		}
	}
	return out
}

// ---- Action names in paths ----

// parseAction finds the action a path segment (or a form's action field)
// names: as your_actions names it (snake_case, "allow_late"), or in the
// kebab-case of the API's first paths ("allow-late"), which keeps working.
func parseAction[A ~string](order []A, name string) (A, bool) {
	for _, a := range order {
		if name == string(a) || (name != "" && name == kebab(string(a))) {
			return a, true
		}
	}
	return "", false
}

func kebab(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c == '_' {
			b[i] = '-'
		}
	}
	return string(b)
}

// ParseAgreementAction is the agreement action name names (propose_end,
// propose-end); false for one the lifecycle does not have.
func ParseAgreementAction(name string) (AgreementAction, bool) {
	return parseAction(AgreementActionOrder, name)
}

// ParseDeclarationAction is the declaration action name names (allow_late,
// allow-late); false for one the lifecycle does not have.
func ParseDeclarationAction(name string) (DeclarationAction, bool) {
	return parseAction(DeclarationActionOrder, name)
}

// ParseSettlementAction is the settlement action name names, of the
// lifecycle's and the verstrekker's correction (SettleActCorrect).
func ParseSettlementAction(name string) (SettlementAction, bool) {
	return parseAction(append(slices.Clip(SettlementActionOrder), SettleActCorrect), name)
}

// ---- Declarations ----

// DeclarationAction is something a party does to a declaration.
type DeclarationAction string

const (
	DeclActSend      DeclarationAction = "send"       // to the budget holder, for approval
	DeclActAttach    DeclarationAction = "attach"     // add an invoice or time sheet
	DeclActApprove   DeclarationAction = "approve"    // the budget holder agrees; the checks run
	DeclActReject    DeclarationAction = "reject"     // the budget holder does not agree, with a reason
	DeclActRelease   DeclarationAction = "release"    // the verstrekker releases a held declaration
	DeclActRefuse    DeclarationAction = "refuse"     // the verstrekker refuses a held declaration
	DeclActAllowLate DeclarationAction = "allow_late" // the verstrekker allows a declaration refused as late
)

// declDecided is the "to" of a move whose outcome the checks decide
// (accepted, refused or held): the service sets the state.
const declDecided DeclarationState = ""

var entering = []Party{PartyProvider, PartyHolder}

var declarationTable = table[DeclarationState, DeclarationAction, Party]{
	order: []DeclarationAction{DeclActSend, DeclActAttach, DeclActApprove, DeclActReject, DeclActAllowLate, DeclActRelease, DeclActRefuse},
	moves: map[step[DeclarationState, DeclarationAction]]move[DeclarationState, Party]{
		{DeclConcept, DeclActSend}:      {to: DeclAtHolder, by: entering},
		{DeclRejectedH, DeclActSend}:    {to: DeclAtHolder, by: entering},
		{DeclRefused, DeclActSend}:      {to: DeclAtHolder, by: entering},
		{DeclConcept, DeclActAttach}:    {to: DeclConcept, by: entering},
		{DeclRejectedH, DeclActAttach}:  {to: DeclRejectedH, by: entering},
		{DeclRefused, DeclActAttach}:    {to: DeclRefused, by: entering},
		{DeclAtHolder, DeclActApprove}:  {to: declDecided, by: []Party{PartyHolder}},
		{DeclAtHolder, DeclActReject}:   {to: DeclRejectedH, by: []Party{PartyHolder}},
		{DeclHeld, DeclActRelease}:      {to: declDecided, by: []Party{PartyVerstrekker}}, // accepted, unless the budget ran out
		{DeclHeld, DeclActRefuse}:       {to: DeclRefused, by: []Party{PartyVerstrekker}},
		{DeclRefused, DeclActAllowLate}: {to: declDecided, by: []Party{PartyVerstrekker}}, // only when refused for a deadline
	},
}

// DeclarationActionOrder lists every declaration action in display order.
var DeclarationActionOrder = declarationTable.order

// DeclarationNext says what state follows when party does action on a
// declaration in state s whose findings are findings, or why it may not.
// The state is empty where the checks decide it (approve, release,
// allow_late). allow_late is taken only from a refusal for a deadline.
func DeclarationNext(s DeclarationState, findings []Finding, action DeclarationAction, party Party) (DeclarationState, error) {
	m, allowed, stateOK, partyOK := declarationTable.lookup(s, action, party)
	if action == DeclActAllowLate && !RefusedAsLate(findings) {
		allowed, stateOK = false, false
	}
	if allowed {
		return m.to, nil
	}
	switch action {
	case DeclActSend: // the state is checked first
		if !stateOK {
			return s, Conflict("declaration_transition", string(s))
		}
		return s, Forbidden("not_allowed")
	case DeclActAttach, DeclActAllowLate: // the party is checked first
		if !partyOK {
			return s, Forbidden("not_allowed")
		}
		if action == DeclActAllowLate {
			return s, Conflict("declaration_not_late", string(s))
		}
	}
	return s, Conflict("declaration_transition", string(s))
}

// DeclarationActions lists what party may do with a declaration now.
func DeclarationActions(s DeclarationState, findings []Finding, party Party) []DeclarationAction {
	return offered(declarationTable, s, party, func(s DeclarationState, a DeclarationAction, p Party) (DeclarationState, bool, error) {
		to, err := DeclarationNext(s, findings, a, p)
		return to, false, err
	})
}

// RefusedAsLate reports whether findings refuse a declaration for a deadline.
func RefusedAsLate(fs []Finding) bool {
	for _, f := range fs {
		if f.Code == "late_to_holder" || f.Code == "late_to_funder" {
			return true
		}
	}
	return false
}

// MayEnterDeclaration says whether party may enter a declaration on an
// agreement of kind: the provider always; the budget holder for informal
// care (family or an acquaintance); the SVB for a declaration on paper.
func MayEnterDeclaration(party Party, kind AgreementKind, paper bool) error {
	switch {
	case party == PartyProvider:
	case party == PartyHolder && kind == AgreementFamily:
	case party == PartySVB && paper:
	default:
		return Forbidden("not_allowed")
	}
	return nil
}

// ---- Settlements ----

// SettlementAction is something a party does to a settlement.
type SettlementAction string

const (
	SettleActAgree   SettlementAction = "agree"   // the budget holder agrees
	SettleActObject  SettlementAction = "object"  // the budget holder objects, with a reason
	SettleActApprove SettlementAction = "approve" // the verstrekker approves; the return is booked
	// SettleActCorrect: the verstrekker corrects an approved settlement for
	// declarations refused after it (settlementcorrect.go in the service
	// decides when; it is not a move of this table).
	SettleActCorrect SettlementAction = "correct"
)

// settlementTable: to add a state (a corrected settlement after approval,
// say), add its constant in settlement.go, its moves here (for example
// {SettlementApproved, SettleActCorrect}: {to: SettlementCorrected, by:
// verstrekker}) and the action to order; SettlementFrom then gives the
// store the states the new action may start from.
var settlementTable = table[SettlementState, SettlementAction, Party]{
	order: []SettlementAction{SettleActAgree, SettleActObject, SettleActApprove},
	moves: map[step[SettlementState, SettlementAction]]move[SettlementState, Party]{
		{SettlementOpen, SettleActAgree}:       {to: SettlementAgreed, by: []Party{PartyHolder}},
		{SettlementObjected, SettleActAgree}:   {to: SettlementAgreed, by: []Party{PartyHolder}},
		{SettlementOpen, SettleActObject}:      {to: SettlementObjected, by: []Party{PartyHolder}},
		{SettlementObjected, SettleActObject}:  {to: SettlementObjected, by: []Party{PartyHolder}},
		{SettlementAgreed, SettleActApprove}:   {to: SettlementApproved, by: []Party{PartyVerstrekker}},
		{SettlementObjected, SettleActApprove}: {to: SettlementApproved, by: []Party{PartyVerstrekker}},
	},
}

// SettlementStates lists every settlement state.
var SettlementStates = []SettlementState{SettlementOpen, SettlementAgreed, SettlementObjected, SettlementApproved}

// SettlementActionOrder lists every settlement action in display order.
var SettlementActionOrder = settlementTable.order

// SettlementNext says what state follows when party does action on a
// settlement in state s, or why not: a party that never takes the action
// is not allowed; a state it cannot be taken from is a conflict.
func SettlementNext(s SettlementState, action SettlementAction, party Party) (SettlementState, error) {
	m, allowed, _, partyOK := settlementTable.lookup(s, action, party)
	switch {
	case allowed:
		return m.to, nil
	case !partyOK:
		return s, Forbidden("not_allowed")
	}
	return s, Conflict("settlement_transition")
}

// SettlementActions lists what party may do with a settlement now.
func SettlementActions(s SettlementState, party Party) []SettlementAction {
	return offered(settlementTable, s, party, func(s SettlementState, a SettlementAction, p Party) (SettlementState, bool, error) {
		to, err := SettlementNext(s, a, p)
		return to, false, err
	})
}

// SettlementFrom lists the states action may be taken from (for the
// store's guard against a change made meanwhile).
func SettlementFrom(action SettlementAction) []SettlementState {
	var out []SettlementState
	for _, s := range SettlementStates {
		if _, ok := settlementTable.moves[step[SettlementState, SettlementAction]{s, action}]; ok {
			out = append(out, s)
		}
	}
	return out
}

// ---- Payment runs ----

// PayRunAction is a step SVB staff (or the scheduler) take with a run.
type PayRunAction string

const (
	PayRunActWrite    PayRunAction = "write_file"    // write the pain.001 file and record its SHA-256
	PayRunActDownload PayRunAction = "download"      // download the written file
	PayRunActExecute  PayRunAction = "execute"       // record that the bank executed it
	PayRunActStatus   PayRunAction = "status_report" // read the bank's status report (pain.002)
)

var svb = []Party{PartySVB}

// payRunTable: every step can be taken again after a crash; a step taken
// again where it already led changes nothing (again) and is not offered.
var payRunTable = table[PayRunState, PayRunAction, Party]{
	order: []PayRunAction{PayRunActWrite, PayRunActDownload, PayRunActExecute, PayRunActStatus},
	moves: map[step[PayRunState, PayRunAction]]move[PayRunState, Party]{
		{RunPrepared, PayRunActWrite}:    {to: RunWritten, by: svb},
		{RunWritten, PayRunActWrite}:     {to: RunWritten, by: svb, again: true},  // the file is checked, restored if lost
		{RunExecuted, PayRunActWrite}:    {to: RunExecuted, by: svb, again: true}, // the same
		{RunWritten, PayRunActDownload}:  {to: RunWritten, by: svb},
		{RunExecuted, PayRunActDownload}: {to: RunExecuted, by: svb},
		{RunWritten, PayRunActExecute}:   {to: RunExecuted, by: svb},
		{RunExecuted, PayRunActExecute}:  {to: RunExecuted, by: svb, again: true},
		{RunWritten, PayRunActStatus}:    {to: RunExecuted, by: svb},
		{RunExecuted, PayRunActStatus}:   {to: RunExecuted, by: svb, again: true},
	},
}

// PayRunActionOrder lists every payment run action in display order.
var PayRunActionOrder = payRunTable.order

// PayRunNext says what state follows when party takes action on a run in
// state s, whether that is a step taken again that changes nothing, or why
// not: only the SVB pays out; nothing is downloaded or executed before
// the file is written.
func PayRunNext(s PayRunState, action PayRunAction, party Party) (to PayRunState, again bool, err error) {
	m, allowed, _, partyOK := payRunTable.lookup(s, action, party)
	switch {
	case allowed:
		return m.to, m.again, nil
	case !partyOK:
		return s, false, Forbidden("svb_only")
	}
	return s, false, Conflict("payrun_no_file")
}

// PayRunActions lists what party may do with a run now.
func PayRunActions(s PayRunState, party Party) []PayRunAction {
	return offered(payRunTable, s, party, PayRunNext)
}

// ---- Mandates (machtigingen) ----

// MandateState is where a representation stands for its budget holder.
type MandateState string

const (
	MandateNone    MandateState = ""          // not given yet
	MandateRunning MandateState = "lopend"    // a mandate in force, or to come
	MandateEnded   MandateState = "beeindigd" // revoked or past its end
	MandateLegal   MandateState = "wettelijk" // legal representation: the verstrekker's to change, not a mandate
)

// MandateStates lists every mandate state.
var MandateStates = []MandateState{MandateNone, MandateRunning, MandateEnded, MandateLegal}

// MandateAction is what a budget holder does with a mandate.
type MandateAction string

const (
	MandateActGrant  MandateAction = "grant"
	MandateActRevoke MandateAction = "revoke"
)

// Only the budget holder themself gives and revokes mandates; a
// representative does not pass on what they were given.
var mandateTable = table[MandateState, MandateAction, Role]{
	order: []MandateAction{MandateActGrant, MandateActRevoke},
	moves: map[step[MandateState, MandateAction]]move[MandateState, Role]{
		{MandateNone, MandateActGrant}:     {to: MandateRunning, by: []Role{RoleBudgetHolder}},
		{MandateRunning, MandateActRevoke}: {to: MandateEnded, by: []Role{RoleBudgetHolder}},
	},
}

// MandateActionOrder lists every mandate action in display order.
var MandateActionOrder = mandateTable.order

// MandateStateOf is where rep stands on today: legal representation is
// not a mandate; a mandate has ended when its last day lies before today
// (or before its own start).
func MandateStateOf(rep Representation, today Date) MandateState {
	if rep.Kind != Gemachtigde {
		return MandateLegal
	}
	from := today
	if rep.ValidFrom.After(today) {
		from = rep.ValidFrom
	}
	if !rep.ValidTo.IsZero() && rep.ValidTo.Before(from) {
		return MandateEnded
	}
	return MandateRunning
}

// MandateRevokedEnd is the last day of a mandate revoked on today:
// yesterday, or the day before it began when it never came into force.
func MandateRevokedEnd(rep Representation, today Date) Date {
	last := today.AddDays(-1)
	if rep.ValidFrom.After(last) {
		last = rep.ValidFrom.AddDays(-1)
	}
	return last
}

// MandateNext says what state follows when role takes action on a mandate
// in state s, or why not.
func MandateNext(s MandateState, action MandateAction, role Role) (MandateState, error) {
	m, allowed, _, roleOK := mandateTable.lookup(s, action, role)
	switch {
	case allowed:
		return m.to, nil
	case !roleOK:
		return s, Forbidden("holder_only")
	case s == MandateLegal:
		return s, Forbidden("legal_representation")
	case s == MandateEnded:
		return s, Conflict("mandate_ended")
	case action == MandateActGrant:
		return s, Conflict("already_exists")
	}
	return s, NotFound("representation")
}

// MandateActions lists what role may do with a mandate now.
func MandateActions(s MandateState, role Role) []MandateAction {
	return offered(mandateTable, s, role, func(s MandateState, a MandateAction, r Role) (MandateState, bool, error) {
		to, err := MandateNext(s, a, r)
		return to, false, err
	})
}

// ---- Tariff edits ----

// TariffSetter is who sets a maximum rate: the beheerder (national
// tariffs) or the staff of a kind of verstrekker.
type TariffSetter string

const (
	TariffNational        TariffSetter = "beheerder"
	TariffGemeente        TariffSetter = TariffSetter(Gemeente)
	TariffZorgkantoor     TariffSetter = TariffSetter(Zorgkantoor)
	TariffZorgverzekeraar TariffSetter = TariffSetter(Zorgverzekeraar)
	TariffNobody          TariffSetter = "" // any other role
)

// TariffSetters lists every kind of setter.
var TariffSetters = []TariffSetter{TariffNational, TariffGemeente, TariffZorgkantoor, TariffZorgverzekeraar, TariffNobody}

// TariffActSet is the one action on tariffs: set a maximum rate.
const TariffActSet = "set"

// tariffTable is the edit table of tariffs: the "state" is the law the rate
// is for. The beheerder sets national tariffs for every law; a gemeente sets
// its own for the laws it grants under (Wmo, Jeugdwet). The Wlz and Zvw
// tariffs are national: a zorgkantoor or zorgverzekeraar sets none.
var tariffTable = table[Law, string, TariffSetter]{
	order: []string{TariffActSet},
	moves: map[step[Law, string]]move[Law, TariffSetter]{
		{Wmo, TariffActSet}:      {to: Wmo, by: []TariffSetter{TariffNational, TariffGemeente}},
		{Jeugdwet, TariffActSet}: {to: Jeugdwet, by: []TariffSetter{TariffNational, TariffGemeente}},
		{Wlz, TariffActSet}:      {to: Wlz, by: []TariffSetter{TariffNational}},
		{Zvw, TariffActSet}:      {to: Zvw, by: []TariffSetter{TariffNational}},
	},
}

// TariffSetterOf is the setter an actor of role is, with the kind of its
// organisation (verstrekker staff).
func TariffSetterOf(role Role, org OrgKind) TariffSetter {
	switch {
	case role == RoleAdmin:
		return TariffNational
	case role == RoleVerstrekker && org.IsVerstrekker():
		return TariffSetter(org)
	}
	return TariffNobody
}

// MaySetTariff says whether w may set a maximum rate for law, or why not:
// a verstrekker's staff are told at the law field, anyone else is not
// allowed. For the beheerder an unknown law is left to the form's own check.
func MaySetTariff(w TariffSetter, law Law) error {
	_, allowed, _, _ := tariffTable.lookup(law, TariffActSet, w)
	switch {
	case allowed, w == TariffNational && !law.Valid():
		return nil
	case w == TariffNational || w == TariffNobody:
		return Forbidden("not_allowed")
	}
	return Invalid("law", "tariff_not_yours")
}

// TariffLaws lists the laws w may set maximum rates for, in display
// order: what the tariff page's form offers (none: no form).
func TariffLaws(w TariffSetter) []Law {
	var out []Law
	for _, l := range Laws {
		if MaySetTariff(w, l) == nil {
			out = append(out, l)
		}
	}
	return out
}
