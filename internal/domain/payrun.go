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

// DeclarationRef is how a declaration is named in remittance information.
func DeclarationRef(id int64) string { return "D" + strconv.FormatInt(id, 10) }
