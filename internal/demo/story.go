package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/mail"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// The demo's history is played as it would have happened: each month's
// declarations are entered early in the next month (by the provider in the
// portal, approved by the budget holder; or on paper through the SVB), and
// the SVB's payment run of the 25th pays what was accepted by then. Every
// figure a budget holder sees comes from these declarations and payments.

// care is the care a provider declares each month on one agreement: units
// per weekday of a care line, at the agreed rates.
type care struct {
	agreementID int64
	lines       []careDay
	// from and to are the first days of the first and last month declared.
	from, to domain.Date
	// In the portal: the provider enters and sends it, the budget holder
	// approves it (approveDay of the next month). Without a provider it
	// comes on paper through the SVB, which registers the holder's approval.
	provider, holder service.Actor
	approveDay       int
	// lateMonth is a month the budget holder approved on the 28th, after
	// that month's payment run: accepted, not yet paid.
	lateMonth domain.Date
	// waiting is a month the provider sent that waits for the budget holder.
	waiting domain.Date
	formal  bool   // an invoice with its total, and the file
	invoice string // the invoice number's prefix
	// more gives extra units from a month on (a raise); zero: none.
	moreFrom domain.Date
	more     []careDay
}

// careDay is a care line's units on a weekday.
type careDay struct {
	day      time.Weekday
	careType string
	unit     domain.Unit
	units    int64        // hundredths
	rate     domain.Cents // as agreed
}

// at is the loader's service with the clock at t (never later than now).
func (l *loader) at(t time.Time) *service.Service {
	if now := l.svc.Now(); t.After(now) {
		t = now.Add(-time.Minute)
	}
	return l.svc.At(func() time.Time { return t })
}

// on is 10:00 on day of the month after m (the 1st of a month).
func on(m domain.Date, day int) time.Time {
	n := m.AddMonths(1)
	return time.Date(n.Year, n.Month, day, 10, 0, 0, 0, domain.Amsterdam)
}

// history plays the months from the first declared to last month: each
// month's declarations, then the payment run of the 25th after it (not yet
// in this month: the next run is still to come).
func (l *loader) history(svb service.Actor, cares ...*care) {
	if l.err != nil {
		return
	}
	first := l.today.FirstOfMonth()
	for _, c := range cares {
		if c.from.Before(first) {
			first = c.from
		}
	}
	thisMonth := l.today.FirstOfMonth()
	for m := first; m.Before(thisMonth) && l.err == nil; m = m.AddMonths(1) {
		var late []func()
		for _, c := range cares {
			if m.Before(c.from) || m.After(c.to) && m != c.waiting {
				continue
			}
			id := l.declare(c, m)
			if id == 0 || m == c.waiting || c.provider.AccountID == 0 {
				continue
			}
			day := c.approveDay
			if m == c.lateMonth {
				day = 28
			}
			approve := func() {
				_, err := l.at(on(m, day)).ApproveDeclaration(l.ctx, c.holder, id)
				l.check(err, "approve "+m.String())
			}
			if day > 25 {
				late = append(late, approve)
			} else {
				approve()
			}
		}
		if run := on(m, 25); m.AddMonths(1).Before(thisMonth) {
			svc := l.at(run)
			end := m.AddMonths(1).AddDays(-1).String()
			if _, _, err := svc.RunPayments(l.ctx, svb, end, domain.DateOf(run).String(), true); err != nil && domain.KindOf(err) != domain.KindInvalid {
				l.check(err, "payment run "+m.String())
			}
		}
		for _, f := range late {
			f()
		}
	}
}

// declare enters care's declaration for month m; it returns its id.
func (l *loader) declare(c *care, m domain.Date) int64 {
	if l.err != nil {
		return 0
	}
	in := service.DeclarationInput{AgreementID: c.agreementID, Kind: string(domain.DeclCare), Month: m.String()[:7]}
	var total domain.Cents
	for d := m; d.Month == m.Month; d = d.AddDays(1) {
		lines := c.lines
		if !c.moreFrom.IsZero() && !d.Before(c.moreFrom) {
			lines = append(append([]careDay(nil), lines...), c.more...)
		}
		for _, cd := range lines {
			if d.Time().Weekday() != cd.day {
				continue
			}
			in.Lines = append(in.Lines, service.DeclLineInput{Date: d.String(), CareType: cd.careType, Unit: string(cd.unit), Units: domain.Cents(cd.units).Plain("nl")})
			total += domain.LineAmount(cd.units, cd.rate)
		}
	}
	if len(in.Lines) == 0 {
		return 0
	}
	pdf := service.Upload{Name: fmt.Sprintf("factuur-%s-%s.pdf", c.invoice, strings.ReplaceAll(in.Month, "-", "")), Data: []byte("%PDF-1.4\n%%EOF\n")}
	if c.formal {
		in.InvoiceNumber, in.InvoiceTotal = c.invoice+"-"+strings.ReplaceAll(in.Month, "-", ""), total.Plain("nl")
	}
	if c.provider.AccountID == 0 { // on paper, with the holder's approval
		t := on(m, 3)
		svc := l.at(t)
		d, err := svc.RegisterPaperDeclaration(l.ctx, l.svb, in, svc.Today().String(), "declaratie-"+strings.ReplaceAll(in.Month, "-", "")+".pdf", pdf.Data)
		l.check(err, "paper declaration "+in.Month)
		return d.ID
	}
	if c.formal {
		in.Files = []service.Upload{pdf}
	}
	d, err := l.at(on(m, 2)).SubmitDeclaration(l.ctx, c.provider, in)
	l.check(err, "declaration "+in.Month)
	return d.ID
}

// paperAgreement registers an agreement that came on paper, signed by both,
// as the SVB does, and submits it to the verstrekker; with approver, the
// verstrekker approves it. It is done with the clock of its start (or now).
func (l *loader) paperAgreement(approver *service.Actor, in service.AgreementInput) int64 {
	if l.err != nil {
		return 0
	}
	start := domain.MustDate(in.Start)
	svc := l.at(time.Date(start.Year, start.Month, start.Day, 9, 0, 0, 0, domain.Amsterdam).AddDate(0, 0, 1))
	v, err := svc.RegisterPaperAgreement(l.ctx, l.svb, in, "zorgovereenkomst.pdf", []byte("%PDF-1.4\n%%EOF\n"))
	l.check(err, "paper agreement")
	if l.err != nil {
		return 0
	}
	_, err = svc.Act(l.ctx, l.svb, v.ID, service.ActInput{Action: domain.ActSubmit})
	l.check(err, "submit paper agreement")
	if approver != nil && l.err == nil {
		_, err = svc.Act(l.ctx, *approver, v.ID, service.ActInput{Action: domain.ActApprove})
		l.check(err, "approve paper agreement")
	}
	return v.ID
}

// bouncingSender refuses every mail as the receiving server does for an
// address that does not exist.
type bouncingSender struct{}

func (bouncingSender) Send(_ context.Context, m mail.Message) error {
	return fmt.Errorf("550 5.1.1 <%s>: Recipient address rejected: User unknown in virtual mailbox table: %w", m.To, mail.ErrPermanent)
}

// bounce tries to deliver the oldest mail in the outbox three times, an
// hour ago, to a server that refuses its address: it is given up, and the
// beheerder sees it among the mail that fails.
func (l *loader) bounce() {
	if l.err != nil {
		return
	}
	t := l.svc.Now().Add(-time.Hour)
	for i := range 3 {
		_, _, err := l.at(t.Add(time.Duration(i)*10*time.Minute)).DeliverMail(l.ctx, bouncingSender{}, "noreply@pgbportaal.demo", 1)
		l.check(err, "bounce")
	}
}
