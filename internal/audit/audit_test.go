package audit

import (
	"testing"
	"time"
)

func chain(n int) []Record {
	var rs []Record
	prevSeq, prevHash := int64(0), Genesis
	for i := 0; i < n; i++ {
		r := Record{At: time.Date(2026, 1, 1, 10, 0, i, 0, time.UTC), ActorID: 7, ActorRole: "verstrekker",
			Action: "grant.create", ObjectType: "grant", ObjectID: int64(i + 1), After: `{"x":1}`}
		Seal(&r, prevSeq, prevHash)
		prevSeq, prevHash = r.Seq, r.Hash
		rs = append(rs, r)
	}
	return rs
}

func TestVerify(t *testing.T) {
	rs := chain(5)
	head := rs[4]
	if p := Verify(rs, head.Seq, head.Hash); len(p) != 0 {
		t.Fatalf("intact chain reported: %v", p)
	}

	changed := append([]Record(nil), rs...)
	changed[2].After = `{"x":2}`
	if p := Verify(changed, head.Seq, head.Hash); len(p) == 0 || p[0].Seq != 3 {
		t.Errorf("changed record not found: %v", p)
	}

	// Changing a record and recomputing its hash breaks the next link.
	rehashed := append([]Record(nil), rs...)
	rehashed[2].ActorID = 8
	rehashed[2].Hash = ComputeHash(rehashed[2])
	if p := Verify(rehashed, head.Seq, head.Hash); len(p) == 0 || p[0].Seq != 4 {
		t.Errorf("rehashed record not found: %v", p)
	}

	deleted := append(append([]Record(nil), rs[:1]...), rs[2:]...)
	if p := Verify(deleted, head.Seq, head.Hash); len(p) == 0 || p[0].Seq != 3 {
		t.Errorf("deleted record not found: %v", p)
	}

	if p := Verify(rs[:4], head.Seq, head.Hash); len(p) != 1 {
		t.Errorf("deleted last record not found: %v", p)
	}
	if p := Verify(nil, 0, ""); len(p) != 0 {
		t.Errorf("empty log reported: %v", p)
	}
}
