package domain

import (
	"sort"
	"strings"
)

// The change feed (GET /api/v1/events) tells a funder's or provider's own
// system, in order, each state change it must follow. Its events are
// written beside the audit records of the changes (store.Tx.Audit), in the
// same transaction: an audit action named here is an event of the given
// type. Types are stable API names; the object's state is sent beside.
var feedEvents = map[string]map[string]string{ // object, audit action's verb: event's verb
	"agreement": {
		string(ActSubmit): "submitted", string(ActApprove): "approved", string(ActReject): "rejected",
		string(ActProposeEnd): "end_proposed", string(ActEnd): "ended", string(ActChange): "changed", "paper": "registered",
	},
	"declaration": {
		string(DeclAtHolder): "submitted", string(DeclAccepted): "accepted", string(DeclRefused): "refused",
		string(DeclHeld): "held", string(DeclRejectedH): "rejected", "late_allowed": "late_allowed", "received_decides": "received_decides",
	},
	"settlement": {
		"make": "made", string(SettlementAgreed): "agreed", string(SettlementObjected): "objected",
		string(SettlementApproved): "approved", "corrected": "corrected",
	},
	"payrun": {"prepare": "prepared", "file": "file_written", "executed": "executed"},
	"grant":  {"create": "created", "revise": "revised"},
	"job":    {"done": "done", "failed": "failed"}, // long work finished (a payment run, a bank's report, a year's settlements)
}

// EventDeclarationPaid is the event of each declaration a payment run paid,
// written with the run's payrun.executed.
var EventDeclarationPaid = join("declaration", "paid")

func join(object, verb string) string { return object + "." + verb }

// FeedEvent is the change feed's event type of an audit action, and
// whether the action is one.
func FeedEvent(action string) (string, bool) {
	object, verb, _ := strings.Cut(action, ".")
	t, ok := feedEvents[object][verb]
	if !ok {
		return "", false
	}
	return join(object, t), true
}

// FeedEventTypes lists every event type the feed sends, sorted.
func FeedEventTypes() []string {
	out := []string{EventDeclarationPaid}
	for object, verbs := range feedEvents {
		for _, t := range verbs {
			out = append(out, join(object, t))
		}
	}
	sort.Strings(out)
	return out
}
