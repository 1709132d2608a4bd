package domain

import "strconv"

// PayRunState is where a payment run (betaalrun) stands. The run is a
// recorded state machine; every step can be attempted again after a crash.
type PayRunState string

const (
	RunPrepared PayRunState = "voorbereid" // declarations taken, transfers made
	RunWritten  PayRunState = "bestand"    // the pain.001 file is written and stored with its SHA-256
	RunExecuted PayRunState = "uitgevoerd" // the bank executed it (or reported which transfers failed)
)

// PayRunSteps is the order of the states.
var PayRunSteps = []PayRunState{RunPrepared, RunWritten, RunExecuted}

// Open reports whether the run still waits for a step.
func (s PayRunState) Open() bool { return s == RunPrepared || s == RunWritten }

// TransferState is where one transfer of a run stands.
type TransferState string

const (
	TransferOpen     TransferState = "open"
	TransferExecuted TransferState = "uitgevoerd"
	TransferFailed   TransferState = "mislukt"
)

// DeclPaid: the declaration's transfer was executed.
const DeclPaid DeclarationState = "betaald"

// PayRunMsgID names a run's file: unique per run, within SEPA's 35 characters.
func PayRunMsgID(runID int64) string { return "PGB-RUN-" + strconv.FormatInt(runID, 10) }

// EndToEndPrefix starts the EndToEndId of a run's transfers; with the
// provider's id appended it is unique over all runs (one transfer per
// provider per run): "PGB-12-345".
func EndToEndPrefix(runID int64) string { return "PGB-" + strconv.FormatInt(runID, 10) + "-" }

// DeclWage is the monthly wage (maandloon) of an employee under payroll:
// paid in the run of its month without a declaration, reserved like one.
const DeclWage DeclarationKind = "maandloon"

// PayrollWage is the monthly wage of an employment agreement under payroll:
// the agreed hours a week at the hourly rate of its first hourly care line,
// 52 weeks over 12 months, rounded half up to the cent. Zero when the
// agreement is not paid through payroll.
func PayrollWage(t AgreementTerms) Cents {
	if t.Kind != KindEmployment || !(t.Payroll || PayrollRequired(t)) {
		return 0
	}
	for _, l := range t.Lines {
		if l.Unit == UnitHour {
			return Cents(RoundHalfUp(t.HoursPerWeek*int64(l.Rate)*52, 100*12))
		}
	}
	return 0
}

// WageForMonth is the wage of a month for the days the agreement was in
// force in it: the whole wage for a whole month, pro rata by days otherwise.
func WageForMonth(wage Cents, inForce []Period, month Period) Cents {
	days := 0
	for _, p := range inForce {
		start, end := p.Start, p.End
		if start.Before(month.Start) {
			start = month.Start
		}
		if end.IsZero() || end.After(month.End) {
			end = month.End
		}
		if !end.Before(start) {
			days += Period{Start: start, End: end}.Days()
		}
	}
	total := month.Days()
	if days >= total {
		return wage
	}
	return Cents(RoundHalfUp(int64(wage)*int64(days), int64(total)))
}
