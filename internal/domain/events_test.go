package domain

import (
	"slices"
	"testing"
)

func TestFeedEvent(t *testing.T) {
	for _, tc := range []struct {
		action, want string
		ok           bool
	}{
		{"declaration.geaccepteerd", "declaration.accepted", true},
		{"declaration.bij_budgethouder", "declaration.submitted", true},
		{"agreement.approve", "agreement.approved", true},
		{"settlement.make", "settlement.made", true},
		{"settlement.vastgesteld", "settlement.approved", true},
		{"payrun.executed", "payrun.executed", true},
		{"job.done", "job.done", true},
		{"job.failed", "job.failed", true},
		{"job.queued", "", false},          // not finished yet: the job resource shows its progress
		{"declaration.message", "", false}, // not a state change
		{"agreement.sign", "", false},      // between the parties, before the verstrekker sees it
		{"account.login", "", false},
		{"nonsense", "", false},
	} {
		got, ok := FeedEvent(tc.action)
		if got != tc.want || ok != tc.ok {
			t.Errorf("FeedEvent(%q) = %q, %v; want %q, %v", tc.action, got, ok, tc.want, tc.ok)
		}
	}
	types := FeedEventTypes()
	if !slices.IsSorted(types) || !slices.Contains(types, "declaration.paid") || len(types) != 27 {
		t.Errorf("FeedEventTypes() = %v", types)
	}
}
