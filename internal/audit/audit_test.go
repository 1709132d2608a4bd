package audit

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func record(i int) Record {
	return Record{At: time.Date(2026, 1, 1, 10, 0, i, 0, time.UTC), ActorID: 7, ActorRole: "verstrekker",
		Action: "grant.create", ObjectType: "grant", ObjectID: int64(i + 1), After: `{"x":1}`}
}

// log writes single records before the fork (as a log did before it had
// lanes: each linked to the one before), then n records in lanes, each
// writer taking a lane of its own; it returns the records in sequence
// order and the lanes' heads.
func log(single, n int) ([]Record, []Lane) {
	var rs []Record
	prevSeq, prevHash := int64(0), Genesis
	for i := 0; i < single; i++ {
		r := record(i)
		r.Seq, r.PrevHash = prevSeq+1, prevHash
		r.At = r.At.UTC()
		r.Hash = ComputeHash(r)
		prevSeq, prevHash = r.Seq, r.Hash
		rs = append(rs, r)
	}
	lanes := Start(prevSeq, prevHash)
	for i := 0; i < n; i++ {
		r := record(single + i)
		Seal(&r, &lanes[(i*5+i/3)%Lanes]) // lanes taken unevenly
		rs = append(rs, r)
	}
	slices.SortFunc(rs, func(a, b Record) int { return int(a.Seq - b.Seq) })
	return rs, lanes
}

func without(rs []Record, seq int64) []Record {
	return slices.DeleteFunc(slices.Clone(rs), func(r Record) bool { return r.Seq == seq })
}

func TestVerify(t *testing.T) {
	for _, single := range []int{0, 5} {
		rs, lanes := log(single, 40)
		if p := Verify(rs, lanes); len(p) != 0 {
			t.Fatalf("intact log (%d before the fork) reported: %v", single, p)
		}
		var counted int64
		for _, l := range lanes {
			counted += l.Records()
		}
		if counted != 40 {
			t.Errorf("the lanes count %d records, want 40", counted)
		}
		// Sequence numbers are unique: the lanes interleave, they do not overlap.
		for i := 1; i < len(rs); i++ {
			if rs[i].Seq == rs[i-1].Seq {
				t.Fatalf("record %d twice", rs[i].Seq)
			}
		}
		inLane := func(lane int, skip int) Record { // a record of lane, not its last
			for _, r := range rs {
				if LaneOf(r.Seq, lanes[0].Fork) == lane {
					if skip == 0 {
						return r
					}
					skip--
				}
			}
			t.Fatalf("lane %d has too few records", lane)
			return Record{}
		}
		mid := inLane(3, 1)
		next := inLane(3, 2)

		changed := slices.Clone(rs)
		i := slices.IndexFunc(changed, func(r Record) bool { return r.Seq == mid.Seq })
		changed[i].After = `{"x":2}`
		if p := Verify(changed, lanes); len(p) != 1 || p[0].Seq != mid.Seq {
			t.Errorf("changed record not found: %v", p)
		}
		// Changing a record and recomputing its hash breaks the link of the
		// next record in its lane.
		changed[i].Hash = ComputeHash(changed[i])
		if p := Verify(changed, lanes); len(p) != 1 || p[0].Seq != next.Seq {
			t.Errorf("rehashed record not found: %v", p)
		}
		// A record moved to another lane (its number changed) no longer hashes.
		changed = slices.Clone(rs)
		changed[i].Seq++
		if p := Verify(changed, lanes); len(p) == 0 {
			t.Errorf("renumbered record not found")
		}
		if p := Verify(without(rs, mid.Seq), lanes); len(p) != 1 || p[0].Seq != next.Seq || !strings.Contains(p[0].Reason, "gap") {
			t.Errorf("deleted record not found: %v", p)
		}
		// The last record of a lane: its head says more.
		if p := Verify(without(rs, lanes[5].Seq), lanes); len(p) != 1 || p[0].Seq != lanes[5].Seq {
			t.Errorf("deleted last record of a lane not found: %v", p)
		}
		if single > 0 {
			if p := Verify(without(rs, 2), lanes); len(p) == 0 || p[0].Seq != 3 {
				t.Errorf("deleted record before the fork not found: %v", p)
			}
			if p := Verify(without(rs, 5), lanes); len(p) == 0 {
				t.Errorf("deleted last record before the fork not found")
			}
		}
		if p := Verify(rs, lanes[:Lanes-1]); len(p) != 1 {
			t.Errorf("a lane missing from the heads: %v", p)
		}
	}
	if p := Verify(nil, Start(0, Genesis)); len(p) != 0 {
		t.Errorf("empty log reported: %v", p)
	}
	// Records before the fork and no lane used yet.
	rs, lanes := log(5, 0)
	if p := Verify(rs, lanes); len(p) != 0 {
		t.Errorf("log split but no lane used yet reported: %v", p)
	}
	if p := Verify(rs[:4], lanes); len(p) == 0 {
		t.Errorf("its last record deleted: not found")
	}
}

func TestLaneOf(t *testing.T) {
	for _, c := range []struct {
		seq, fork int64
		lane      int
	}{
		{1, 0, 1}, {8, 0, 8}, {9, 0, 1}, {17, 0, 1}, {16, 0, 8},
		{5, 5, 0}, {6, 5, 1}, {13, 5, 8}, {14, 5, 1},
	} {
		if got := LaneOf(c.seq, c.fork); got != c.lane {
			t.Errorf("LaneOf(%d, %d) = %d, want %d", c.seq, c.fork, got, c.lane)
		}
	}
	for _, l := range Start(5, "h") {
		if LaneOf(l.Seq+Lanes, 5) != l.Lane {
			t.Errorf("lane %d's first record %d is in lane %d", l.Lane, l.Seq+Lanes, LaneOf(l.Seq+Lanes, 5))
		}
	}
}
