package audit

import (
	"bufio"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
)

// A Checkpoint anchors the log outside the database: the heads of its lanes
// and its number of records at one moment, signed with an Ed25519 key that
// the database does not hold. Whoever can rewrite the database can re-chain
// records and move a lane's head back, and the chains then verify; they
// cannot make a new signature. So a record before a checkpoint that is
// deleted, or changed and its lane re-chained, no longer leads to the
// checkpointed head, and CheckAgainst says so.
//
// Not protected: records written after the last checkpoint (the database's
// holder may change or drop them, as before), and anything done by someone
// who holds the private key as well as the database.
type Checkpoint struct {
	Version int              `json:"v"`
	At      time.Time        `json:"at"`
	Records int64            `json:"records"`
	Lanes   []CheckpointLane `json:"lanes"`
	Key     string           `json:"key"` // the public key, hex: which key signed
	Sig     string           `json:"sig"` // Ed25519 over SignedBytes, base64
}

// CheckpointLane is one lane's head as the checkpoint saw it.
type CheckpointLane struct {
	Lane int    `json:"lane"`
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
	Fork int64  `json:"fork"`
}

// NewCheckpoint describes the log with records records and these lanes at
// time at (unsigned).
func NewCheckpoint(records int64, lanes []Lane, at time.Time) Checkpoint {
	cp := Checkpoint{Version: 1, At: at.UTC().Truncate(time.Second), Records: records}
	for _, l := range lanes {
		cp.Lanes = append(cp.Lanes, CheckpointLane{Lane: l.Lane, Seq: l.Seq, Hash: strings.ToLower(l.Hash), Fork: l.Fork})
	}
	return cp
}

// SignedBytes is what the signature covers: every field but the signature,
// in a fixed length-prefixed encoding.
func (cp Checkpoint) SignedBytes() []byte {
	var b strings.Builder
	f := func(s string) { fmt.Fprintf(&b, "%d:%s;", len(s), s) }
	b.WriteString("pgbportaal audit checkpoint\n")
	f(strconv.Itoa(cp.Version))
	f(cp.At.UTC().Format(time.RFC3339Nano))
	f(strconv.FormatInt(cp.Records, 10))
	f(cp.Key)
	f(strconv.Itoa(len(cp.Lanes)))
	for _, l := range cp.Lanes {
		f(strconv.Itoa(l.Lane))
		f(strconv.FormatInt(l.Seq, 10))
		f(l.Hash)
		f(strconv.FormatInt(l.Fork, 10))
	}
	return []byte(b.String())
}

// Sign signs cp with key.
func (cp *Checkpoint) Sign(key ed25519.PrivateKey) {
	cp.Key = hex.EncodeToString(key.Public().(ed25519.PublicKey))
	cp.Sig = base64.StdEncoding.EncodeToString(ed25519.Sign(key, cp.SignedBytes()))
}

// ErrBadSignature: the checkpoint was not signed by the key given, or was
// changed since.
var ErrBadSignature = errors.New("audit: the checkpoint's signature does not match the public key")

// CheckSignature reports whether cp was signed by pub's private key.
func (cp Checkpoint) CheckSignature(pub ed25519.PublicKey) error {
	sig, err := base64.StdEncoding.DecodeString(cp.Sig)
	if err != nil || len(pub) != ed25519.PublicKeySize || cp.Key != hex.EncodeToString(pub) ||
		!ed25519.Verify(pub, cp.SignedBytes(), sig) {
		return ErrBadSignature
	}
	return nil
}

// Line is the checkpoint as one line of JSON (with its newline).
func (cp Checkpoint) Line() []byte {
	b, _ := json.Marshal(cp)
	return append(b, '\n')
}

// LatestCheckpoint reads a file of checkpoints, one JSON line each, and
// returns the last one. Lines that are not a checkpoint (a log stream's
// other lines) are skipped; a line that is one but cannot be read is an
// error, as is a file without any.
func LatestCheckpoint(r io.Reader) (Checkpoint, error) {
	var last Checkpoint
	found := false
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if !strings.Contains(line, `"sig"`) || !strings.HasPrefix(line, "{") {
			continue
		}
		var cp Checkpoint
		if err := json.Unmarshal([]byte(line), &cp); err != nil {
			return cp, fmt.Errorf("audit: checkpoint on line %d: %w", n, err)
		}
		last, found = cp, true
	}
	if err := sc.Err(); err != nil {
		return last, err
	}
	if !found {
		return last, errors.New("audit: no checkpoint found")
	}
	return last, nil
}

// CheckAgainst compares the log (records in sequence order, and the stored
// lanes) with a checkpoint whose signature was checked. Each lane must still
// hold the record the checkpoint saw as its head, with the same hash, and
// its head must not be behind it; the log must have at least as many
// records. Together with Verify (every lane's chain links from its fork to
// its head) this means the head descends from the checkpointed one: a
// record before the checkpoint was neither deleted nor changed.
func CheckAgainst(records []Record, lanes []Lane, cp Checkpoint) []Problem {
	var probs []Problem
	when := cp.At.UTC().Format(time.RFC3339)
	if n := int64(len(records)); n < cp.Records {
		probs = append(probs, Problem{0, fmt.Sprintf("the log has %d records, the checkpoint of %s counted %d: records were removed", n, when, cp.Records)})
	}
	if len(cp.Lanes) != len(lanes) {
		return append(probs, Problem{0, fmt.Sprintf("%d lanes stored, the checkpoint of %s has %d", len(lanes), when, len(cp.Lanes))})
	}
	hashOf := func(seq int64) (string, bool) {
		i := sort.Search(len(records), func(i int) bool { return records[i].Seq >= seq })
		if i < len(records) && records[i].Seq == seq {
			return records[i].Hash, true
		}
		return "", false
	}
	for i, c := range cp.Lanes {
		l := lanes[i]
		switch {
		case l.Lane != c.Lane || l.Fork != c.Fork:
			probs = append(probs, Problem{l.Seq, fmt.Sprintf("lane %d starts from record %d, in the checkpoint of %s lane %d from record %d", l.Lane, l.Fork, when, c.Lane, c.Fork)})
			continue
		case l.Seq < c.Seq:
			probs = append(probs, Problem{l.Seq, fmt.Sprintf("lane %d ends at record %d, behind its head %d in the checkpoint of %s: the log was truncated", l.Lane, l.Seq, c.Seq, when)})
		}
		// The record the checkpoint saw as the lane's head: its last, or
		// the fork's record when the lane had none yet.
		seq := c.Seq
		if seq <= c.Fork {
			seq = c.Fork
		}
		if seq == 0 {
			if !strings.EqualFold(c.Hash, Genesis) {
				probs = append(probs, Problem{0, fmt.Sprintf("lane %d: the checkpoint of %s has a head where the log had none", c.Lane, when)})
			}
			continue
		}
		h, ok := hashOf(seq)
		switch {
		case !ok:
			probs = append(probs, Problem{seq, fmt.Sprintf("missing: the checkpoint of %s has it as lane %d's head", when, c.Lane)})
		case !strings.EqualFold(h, c.Hash):
			probs = append(probs, Problem{seq, fmt.Sprintf("differs from the checkpoint of %s (lane %d's head then): the lane was rewritten and re-chained", when, c.Lane)})
		}
	}
	return probs
}

// NewKey makes an Ed25519 key pair as PEM: the private key (PKCS #8) and
// the public key (PKIX), as OpenSSL writes them too.
func NewKey(rand io.Reader) (private, public []byte, err error) {
	pub, priv, err := ed25519.GenerateKey(rand)
	if err != nil {
		return nil, nil, err
	}
	p8, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, nil, err
	}
	px, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: p8}), pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: px}), nil
}

// ParsePrivateKey reads an Ed25519 private key in PEM (PKCS #8).
func ParsePrivateKey(b []byte) (ed25519.PrivateKey, error) {
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != "PRIVATE KEY" {
		return nil, errors.New("audit: no PEM private key")
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("audit: private key: %w", err)
	}
	ek, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, errors.New("audit: the private key is not an Ed25519 key")
	}
	return ek, nil
}

// ParsePublicKey reads an Ed25519 public key in PEM (PKIX), or takes the
// public half of a private key.
func ParsePublicKey(b []byte) (ed25519.PublicKey, error) {
	blk, _ := pem.Decode(b)
	if blk != nil && blk.Type == "PRIVATE KEY" {
		k, err := ParsePrivateKey(b)
		if err != nil {
			return nil, err
		}
		return k.Public().(ed25519.PublicKey), nil
	}
	if blk == nil || blk.Type != "PUBLIC KEY" {
		return nil, errors.New("audit: no PEM public key")
	}
	k, err := x509.ParsePKIXPublicKey(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("audit: public key: %w", err)
	}
	ek, ok := k.(ed25519.PublicKey)
	if !ok {
		return nil, errors.New("audit: the public key is not an Ed25519 key")
	}
	return ek, nil
}
