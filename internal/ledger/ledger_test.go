package ledger

import (
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

func TestApply(t *testing.T) {
	must := func(k Kind, a domain.Cents) Posting {
		p, err := New(k, a)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	steps := []struct {
		p       Posting
		want    Balance
		refused bool
	}{
		{must(Granted, 10000), Balance{10000, 0, 0}, false},
		{must(Reserved, 6000), Balance{10000, 6000, 0}, false},
		{must(Reserved, 4001), Balance{10000, 6000, 0}, true}, // one cent too many
		{must(Reserved, 4000), Balance{10000, 10000, 0}, false},
		{must(Paid, 6000), Balance{10000, 4000, 6000}, false},
		{must(Paid, 4001), Balance{10000, 4000, 6000}, true}, // more than reserved
		{must(Released, 4000), Balance{10000, 0, 6000}, false},
		{must(Granted, -4001), Balance{10000, 0, 6000}, true}, // below what is paid
		{must(Granted, -4000), Balance{6000, 0, 6000}, false},
		{must(Returned, 1000), Balance{6000, 0, 5000}, false},
	}
	var b Balance
	var applied []Posting
	for i, s := range steps {
		n, err := Apply(b, s.p)
		if (err != nil) != s.refused {
			t.Fatalf("step %d: err = %v, refused want %v", i, err, s.refused)
		}
		if n != s.want {
			t.Fatalf("step %d: balance %+v, want %+v", i, n, s.want)
		}
		if err == nil {
			applied = append(applied, s.p)
		}
		b = n
	}
	if got := Sum(applied); got != b {
		t.Errorf("Sum of postings %+v differs from running balance %+v", got, b)
	}
	if b.Left() != 1000 {
		t.Errorf("left = %d", b.Left())
	}
}

func TestNewRefusesNonPositive(t *testing.T) {
	for _, k := range []Kind{Reserved, Released, Paid, Returned} {
		if _, err := New(k, 0); err == nil {
			t.Errorf("%s 0 accepted", k)
		}
		if _, err := New(k, -1); err == nil {
			t.Errorf("%s -1 accepted", k)
		}
	}
	if _, err := New("bogus", 1); err == nil {
		t.Error("unknown kind accepted")
	}
}
