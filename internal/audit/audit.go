// Package audit defines the audit trail: one Record for every state change,
// written in the same transaction as the change, chained by SHA-256 so that a
// changed or deleted record is detected by Verify.
//
// The log is written in Lanes chains side by side. A transaction appends
// its records to one lane, and so waits only for another writer in that
// lane, not for every writer in the country. Record numbers stay unique
// and in one sequence: lane k has the numbers fork+k, fork+k+Lanes, ... and
// each record links to the one Lanes before it. Fork is the last record of
// the single chain a log had before it was split into lanes (0 for a log
// begun in lanes); every lane starts from that record's hash.
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

// Lanes is the number of chains the log is written in.
const Lanes = 8

// Lane is the head of one chain: its last record's number and hash, and
// the fork it started from.
type Lane struct {
	Lane int
	Seq  int64
	Hash string
	Fork int64
}

// Start returns the lanes of a log split after record fork, whose hash is
// hash (0 and Genesis for a new log): no record in any lane yet.
func Start(fork int64, hash string) []Lane {
	ls := make([]Lane, Lanes)
	for i := range ls {
		ls[i] = Lane{Lane: i + 1, Seq: fork - Lanes + int64(i+1), Hash: hash, Fork: fork}
	}
	return ls
}

// Records is how many records the lane has had since the fork.
func (l Lane) Records() int64 { return (l.Seq - (l.Fork - Lanes + int64(l.Lane))) / Lanes }

// LaneOf is the lane of record seq: 0 for a record of the single chain
// before the fork.
func LaneOf(seq, fork int64) int {
	if seq <= fork {
		return 0
	}
	return int((seq-fork-1)%Lanes) + 1
}

// Seal makes r the next record of lane l: it sets r's number, previous hash
// and own hash, and moves l on to r.
func Seal(r *Record, l *Lane) {
	r.Seq = l.Seq + Lanes
	r.PrevHash = l.Hash
	r.At = r.At.UTC().Truncate(time.Microsecond) // both databases keep microseconds
	r.Hash = ComputeHash(*r)
	l.Seq, l.Hash = r.Seq, r.Hash
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
// stored lanes. It reports every problem: a changed record (its hash no
// longer matches), a deleted one (a gap, or a broken link), or a truncated
// tail (a lane's head is ahead of its last record).
func Verify(records []Record, lanes []Lane) []Problem {
	var probs []Problem
	if len(lanes) != Lanes {
		return append(probs, Problem{0, fmt.Sprintf("%d lanes stored, the log has %d", len(lanes), Lanes)})
	}
	fork := lanes[0].Fork
	for i, l := range lanes {
		if l.Lane != i+1 || l.Fork != fork {
			return append(probs, Problem{l.Seq, fmt.Sprintf("lane %d stored as lane %d from record %d", i+1, l.Lane, l.Fork)})
		}
	}
	// The single chain up to the fork, then each lane from the fork's hash.
	prevSeq, prevHash := int64(0), Genesis
	var cur []Lane
	for _, r := range records {
		if r.Seq <= fork {
			if r.Seq != prevSeq+1 {
				probs = append(probs, Problem{r.Seq, fmt.Sprintf("gap: records %d..%d are missing", prevSeq+1, r.Seq-1)})
			} else if r.PrevHash != prevHash {
				probs = append(probs, Problem{r.Seq, "link to the previous record is broken"})
			}
			if ComputeHash(r) != r.Hash {
				probs = append(probs, Problem{r.Seq, "contents were changed"})
			}
			prevSeq, prevHash = r.Seq, r.Hash
			continue
		}
		if cur == nil {
			if prevSeq != fork {
				probs = append(probs, Problem{prevSeq + 1, fmt.Sprintf("gap: records %d..%d are missing", prevSeq+1, fork)})
			}
			cur = Start(fork, prevHash)
		}
		l := &cur[LaneOf(r.Seq, fork)-1]
		if r.Seq != l.Seq+Lanes {
			probs = append(probs, Problem{r.Seq, fmt.Sprintf("gap: lane %d misses records %d..%d", l.Lane, l.Seq+Lanes, r.Seq-Lanes)})
		} else if r.PrevHash != l.Hash {
			probs = append(probs, Problem{r.Seq, "link to the previous record is broken"})
		}
		if ComputeHash(r) != r.Hash {
			probs = append(probs, Problem{r.Seq, "contents were changed"})
		}
		l.Seq, l.Hash = r.Seq, r.Hash
	}
	if cur == nil {
		if prevSeq != fork {
			probs = append(probs, Problem{fork, fmt.Sprintf("the log says record %d is the last before its lanes, it ends at %d", fork, prevSeq)})
		}
		cur = Start(fork, prevHash)
	}
	for i, l := range lanes {
		if got := cur[i]; l.Seq != got.Seq || !strings.EqualFold(l.Hash, got.Hash) {
			probs = append(probs, Problem{l.Seq, fmt.Sprintf("lane %d's head says record %d is its last, the lane ends at %d", l.Lane, l.Seq, got.Seq)})
		}
	}
	return probs
}
