package audit

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// rechain is what someone who can write the database does: change record
// seq, then give it and every later record of its lane new hashes, and move
// the lane's head, so that the chains verify again.
func rechain(rs []Record, lanes []Lane, seq int64, change func(*Record)) ([]Record, []Lane) {
	rs, lanes = slices.Clone(rs), slices.Clone(lanes)
	fork := lanes[0].Fork
	lane := LaneOf(seq, fork)
	prev := ""
	for i := range rs {
		r := &rs[i]
		if r.Seq < seq || LaneOf(r.Seq, fork) != lane {
			continue
		}
		if r.Seq == seq {
			change(r)
		} else {
			r.PrevHash = prev
		}
		r.Hash = ComputeHash(*r)
		prev = r.Hash
		lanes[lane-1].Seq, lanes[lane-1].Hash = r.Seq, r.Hash
	}
	return rs, lanes
}

// truncate deletes the lane's last record and moves its head back.
func truncate(rs []Record, lanes []Lane, lane int) ([]Record, []Lane) {
	lanes = slices.Clone(lanes)
	l := &lanes[lane-1]
	var last Record
	for _, r := range rs {
		if r.Seq == l.Seq {
			last = r
		}
	}
	l.Seq, l.Hash = l.Seq-Lanes, last.PrevHash
	return without(rs, last.Seq), lanes
}

func TestCheckpointAnchorsTheLog(t *testing.T) {
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	for _, single := range []int{0, 5} {
		rs, lanes := log(single, 40)
		cp := NewCheckpoint(int64(len(rs)), lanes, time.Date(2026, 12, 6, 17, 0, 0, 0, time.UTC))
		cp.Sign(key)
		if err := cp.CheckSignature(key.Public().(ed25519.PublicKey)); err != nil {
			t.Fatal(err)
		}
		if p := CheckAgainst(rs, lanes, cp); len(p) != 0 {
			t.Fatalf("the log at its checkpoint: %v", p)
		}
		// The log grows after the checkpoint: still consistent.
		more, moreLanes := slices.Clone(rs), slices.Clone(lanes)
		for i := 0; i < 10; i++ {
			r := record(100 + i)
			Seal(&r, &moreLanes[i%3])
			more = append(more, r)
		}
		slices.SortFunc(more, func(a, b Record) int { return int(a.Seq - b.Seq) })
		if p := append(Verify(more, moreLanes), CheckAgainst(more, moreLanes, cp)...); len(p) != 0 {
			t.Fatalf("the log grown after its checkpoint: %v", p)
		}

		// Tail truncation: the chains alone verify, the checkpoint does not.
		cut, cutLanes := truncate(rs, lanes, 3)
		if p := Verify(cut, cutLanes); len(p) != 0 {
			t.Fatalf("the truncation should pass the chains alone (that is the attack): %v", p)
		}
		if p := CheckAgainst(cut, cutLanes, cp); !mentions(p, "truncated") {
			t.Errorf("truncation not detected: %v", p)
		}
		// Truncated, then the portal writes on in that lane: still detected.
		r := record(200)
		Seal(&r, &cutLanes[2])
		cut = append(cut, r)
		if p := CheckAgainst(cut, cutLanes, cp); len(p) == 0 {
			t.Errorf("truncation hidden by a new record not detected")
		}

		// A record rewritten and its lane re-chained.
		target := rs[len(rs)/2].Seq
		re, reLanes := rechain(rs, lanes, target, func(r *Record) { r.After = `{"amount":99999900}` })
		if p := Verify(re, reLanes); len(p) != 0 {
			t.Fatalf("the re-chained log should pass the chains alone: %v", p)
		}
		if p := CheckAgainst(re, reLanes, cp); !mentions(p, "re-chained") {
			t.Errorf("re-chaining not detected: %v", p)
		}
	}
}

func TestCheckpointSignatureRefused(t *testing.T) {
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	other, _, _ := ed25519.GenerateKey(rand.Reader)
	rs, lanes := log(0, 12)
	cp := NewCheckpoint(int64(len(rs)), lanes, time.Now())
	cp.Sign(key)
	pub := key.Public().(ed25519.PublicKey)

	forged := cp
	forged.Records = 3 // made to fit a shortened log
	if err := forged.CheckSignature(pub); !errors.Is(err, ErrBadSignature) {
		t.Errorf("a changed checkpoint was accepted: %v", err)
	}
	forged = cp
	forged.Lanes = slices.Clone(cp.Lanes)
	forged.Lanes[0].Hash = strings.Repeat("a", 64)
	if err := forged.CheckSignature(pub); !errors.Is(err, ErrBadSignature) {
		t.Errorf("a checkpoint with another head was accepted: %v", err)
	}
	if err := cp.CheckSignature(other); !errors.Is(err, ErrBadSignature) {
		t.Errorf("a checkpoint checked with another key was accepted: %v", err)
	}
	_, otherKey, _ := ed25519.GenerateKey(rand.Reader)
	resigned := cp
	resigned.Sign(otherKey)
	if err := resigned.CheckSignature(pub); !errors.Is(err, ErrBadSignature) {
		t.Errorf("a checkpoint signed with another key was accepted: %v", err)
	}
}

func TestCheckpointFileAndKeys(t *testing.T) {
	privPEM, pubPEM, err := NewKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	priv, err := ParsePrivateKey(privPEM)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := ParsePublicKey(pubPEM)
	if err != nil {
		t.Fatal(err)
	}
	if fromPriv, _ := ParsePublicKey(privPEM); !bytes.Equal(fromPriv, pub) {
		t.Error("the public half of the private key differs")
	}
	if _, err := ParsePrivateKey(pubPEM); err == nil {
		t.Error("a public key read as a private one")
	}
	rs, lanes := log(0, 9)
	var file bytes.Buffer
	for i := 0; i < 2; i++ {
		cp := NewCheckpoint(int64(len(rs)-i), lanes, time.Date(2026, 12, 6, 10+i, 0, 0, 0, time.UTC))
		cp.Sign(priv)
		file.Write(cp.Line())
		file.WriteString("level=INFO msg=\"another line of the log stream\"\n")
	}
	got, err := LatestCheckpoint(&file)
	if err != nil || got.At.Hour() != 11 || got.Records != 8 {
		t.Fatalf("latest: %+v %v", got, err)
	}
	if err := got.CheckSignature(pub); err != nil {
		t.Errorf("read back: %v", err)
	}
	if _, err := LatestCheckpoint(strings.NewReader("nothing here\n")); err == nil {
		t.Error("a file without a checkpoint accepted")
	}
}

func mentions(ps []Problem, s string) bool {
	return slices.ContainsFunc(ps, func(p Problem) bool { return strings.Contains(p.Reason, s) })
}
