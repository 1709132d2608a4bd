package domain

import (
	"fmt"
	"strconv"
)

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

// PayRunMsgID names a run's file (GrpHdr/MsgId), which the bank's duplicate
// check remembers: "PGB-<instance>-<YYYYMMDD>-<run>-<nonce>". The instance
// prefix is random per database (set when it is made, kept after), so a second
// environment or a reinstall does not repeat the ids of the first; the date
// (the day the run was made) and the nonce (random per run) keep a database
// restored from a backup from repeating the ids of runs made after that
// backup. Within SEPA's 35 characters for an 8-character prefix: the nonce
// gives way for run numbers of more than 8 digits.
func PayRunMsgID(instance string, made Date, runID int64, nonce string) string {
	id := "PGB-" + instance + "-" + fmt.Sprintf("%04d%02d%02d", made.Year, made.Month, made.Day) + "-" + strconv.FormatInt(runID, 10)
	if nonce != "" && len(id)+1+len(nonce) <= 35 {
		id += "-" + nonce
	}
	return id
}

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
	if t.Kind != AgreementEmployment || !(t.Payroll || PayrollRequired(t)) {
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
