// Package audit defines the audit trail: one Record for every state change,
// written in the same transaction as the change, chained by SHA-256 so that a
// changed or deleted record is detected by Verify.
package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Record is one audit entry: who (account, in which role), acting for whom
// (a budget holder, when a representative acts), what, when, before/after.
type Record struct {
	Seq        int64     `json:"seq"`
	At         time.Time `json:"at"`
	ActorID    int64     `json:"actor_account_id"` // 0: the system (CLI, demo loader)
	ActorRole  string    `json:"actor_role"`
	ActingFor  int64     `json:"acting_for_budget_holder_id,omitempty"`
	Action     string    `json:"action"`
	ObjectType string    `json:"object_type"`
	ObjectID   int64     `json:"object_id"`
	Before     string    `json:"before,omitempty"` // JSON, personal data masked
	After      string    `json:"after,omitempty"`
	PrevHash   string    `json:"prev_hash"`
	Hash       string    `json:"hash"`
}

// Genesis is the PrevHash of the first record.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// ComputeHash is SHA-256 over the previous hash and every field of the record
// in a fixed, unambiguous encoding (length-prefixed).
func ComputeHash(r Record) string {
	h := sha256.New()
	for _, f := range []string{r.PrevHash, strconv.FormatInt(r.Seq, 10)} {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	h.Write(HashTail(r))
	return hex.EncodeToString(h.Sum(nil))
}

// HashTail is the part of ComputeHash's input after the previous hash and
// the sequence number: what a database that seals records itself (knowing
// only then the chain's head) appends to its own "64:<prev>;<n>:<seq>;".
func HashTail(r Record) []byte {
	var b strings.Builder
	for _, f := range []string{
		r.At.UTC().Format(time.RFC3339Nano),
		strconv.FormatInt(r.ActorID, 10),
		r.ActorRole,
		strconv.FormatInt(r.ActingFor, 10),
		r.Action,
		r.ObjectType,
		strconv.FormatInt(r.ObjectID, 10),
		r.Before,
		r.After,
	} {
		fmt.Fprintf(&b, "%d:%s;", len(f), f)
	}
	return []byte(b.String())
}

// Seal sets r's sequence number, previous hash and own hash.
func Seal(r *Record, prevSeq int64, prevHash string) {
	r.Seq = prevSeq + 1
	r.PrevHash = prevHash
	r.At = r.At.UTC().Truncate(time.Microsecond) // both databases keep microseconds
	r.Hash = ComputeHash(*r)
}

// Snapshot encodes v as JSON for Before/After ("" for nil).
func Snapshot(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("{\"error\":%q}", err.Error())
	}
	return string(b)
}

// Problem describes where the chain is broken.
type Problem struct {
	Seq    int64
	Reason string
}

func (p Problem) String() string { return fmt.Sprintf("record %d: %s", p.Seq, p.Reason) }

// Verify checks records given in sequence order against each other and the
// stored head (last sequence number and hash). It reports every problem:
// a changed record (its hash no longer matches), a deleted one (a gap, or a
// broken link), or a truncated tail (the head is ahead of the last record).
func Verify(records []Record, headSeq int64, headHash string) []Problem {
	var probs []Problem
	prevSeq, prevHash := int64(0), Genesis
	for _, r := range records {
		if r.Seq != prevSeq+1 {
			probs = append(probs, Problem{r.Seq, fmt.Sprintf("gap: records %d..%d are missing", prevSeq+1, r.Seq-1)})
		} else if r.PrevHash != prevHash {
			probs = append(probs, Problem{r.Seq, "link to the previous record is broken"})
		}
		if ComputeHash(r) != r.Hash {
			probs = append(probs, Problem{r.Seq, "contents were changed"})
		}
		prevSeq, prevHash = r.Seq, r.Hash
	}
	if headSeq != prevSeq || (headSeq > 0 && !strings.EqualFold(headHash, prevHash)) {
		probs = append(probs, Problem{headSeq, fmt.Sprintf("head says record %d is the last, the log ends at %d", headSeq, prevSeq)})
	}
	return probs
}
