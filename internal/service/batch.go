package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// MaxBatch is the most declarations one batch may hold.
const MaxBatch = 1000

// BatchOutcome is what became of one declaration of a batch: its id and
// state, or the error that refused it (nothing of it is stored then).
type BatchOutcome struct {
	Index int
	ID    int64
	State domain.DeclarationState
	Err   error
}

// BatchRequest is a batch of declarations from one provider (an
// institution with many clients): each is entered, and sent to its budget
// holder when Send is set, with an outcome of its own.
type BatchRequest struct {
	Items []DeclarationInput
	Send  bool
	// Key is the client's Idempotency-Key ("" for none) and RequestHash the
	// SHA-256 of the request body: a retry with the same key and body gets
	// the first response again and creates nothing.
	Key         string
	RequestHash string
}

// BatchRender turns the outcomes into the response that is stored with the
// idempotency key (the API's JSON, the page's summary).
type BatchRender func([]BatchOutcome) (status int, body []byte, err error)

// IdempotencyKeyTTL is how long the answer to a request sent with an
// Idempotency-Key is kept: a retry within it gets that answer again, and
// PurgeIdempotencyKeys forgets older ones.
const IdempotencyKeyTTL = 24 * time.Hour

// PurgeIdempotencyKeys forgets the keys older than IdempotencyKeyTTL (the
// portal runs it every ten minutes) and returns how many.
func (s *Service) PurgeIdempotencyKeys(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		var err error
		n, err = tx.PurgeIdempotencyKeys(ctx, s.now().Add(-IdempotencyKeyTTL))
		return err
	})
	return n, err
}

// errKeyTaken: a concurrent request with the same key committed first.
var errKeyTaken = errors.New("idempotency key taken")

// BatchDeclarations enters a batch in one transaction. A declaration that
// is refused (a wrong field, an agreement that is not the provider's) is
// rolled back to its savepoint and reported; the others are kept. The
// response is rendered inside the transaction and stored with the key, so
// a retried request, even one racing the first, gets exactly that answer.
func (s *Service) BatchDeclarations(ctx context.Context, a Actor, req BatchRequest, render BatchRender) (status int, body []byte, replayed bool, err error) {
	if len(req.Items) == 0 {
		return 0, nil, false, domain.Invalid("declarations", "lines_required")
	}
	if len(req.Items) > MaxBatch {
		return 0, nil, false, domain.Invalid("declarations", "batch_too_large", MaxBatch)
	}
	replayed, err = s.once(ctx, a, req,
		func(_ *store.Tx, prev store.IdemRecord) error {
			status, body = prev.Status, prev.Response
			return nil
		},
		func(tx *store.Tx) (int, []byte, error) {
			outcomes, err := s.batchItems(ctx, tx, a, req)
			if err != nil {
				return 0, nil, err
			}
			status, body, err = render(outcomes)
			return status, body, err
		})
	return status, body, replayed, err
}

// once runs work for a batch in one transaction, once per idempotency key
// (req.Key; without one, every time): the status and body work returns are
// kept with the key, and the same batch sent again gets them (replay,
// replayed true) instead of running again, also when it races the first;
// the same key with another batch is a conflict. replay may refuse what it
// finds (in the transaction, which it may read).
func (s *Service) once(ctx context.Context, a Actor, req BatchRequest, replay func(*store.Tx, store.IdemRecord) error, work func(*store.Tx) (int, []byte, error)) (replayed bool, err error) {
	key := strings.TrimSpace(req.Key)
	if len(key) > 200 {
		return false, domain.Invalid("Idempotency-Key", "idempotency_key_invalid")
	}
	for attempt := 0; attempt < 2; attempt++ {
		err = s.db.Update(ctx, func(tx *store.Tx) error {
			replayed = false
			if key != "" {
				prev, found, err := tx.IdempotencyKey(ctx, a.AccountID, key)
				if err != nil {
					return err
				}
				if found {
					if prev.RequestSHA256 != req.RequestHash {
						return domain.Conflict("idempotency_key_reused")
					}
					replayed = true
					return replay(tx, prev)
				}
				if err := tx.ClaimIdempotencyKey(ctx, a.AccountID, key, req.RequestHash, s.now()); err != nil {
					if domain.KindOf(err) == domain.KindConflict {
						return errKeyTaken
					}
					return err
				}
			}
			status, body, err := work(tx)
			if err != nil || key == "" {
				return err
			}
			return tx.FinishIdempotencyKey(ctx, a.AccountID, key, status, body)
		})
		if !errors.Is(err, errKeyTaken) {
			return replayed, err
		}
		// The racing request committed: the next attempt replays its answer.
	}
	return replayed, err
}

func (s *Service) batchItems(ctx context.Context, tx *store.Tx, a Actor, req BatchRequest) ([]BatchOutcome, error) {
	out := make([]BatchOutcome, len(req.Items))
	for i, in := range req.Items {
		out[i].Index = i
		if err := tx.Savepoint(ctx, "item"); err != nil {
			return nil, err
		}
		r, _, _, err := s.createDeclarationRow(ctx, tx, a, in, req.Send) // sent: stored once, with the budget holder
		id := r.ID
		if err != nil {
			if _, ok := domain.AsError(err); !ok {
				return nil, err // the database's trouble: the whole batch fails and can be retried
			}
			if rerr := tx.RollbackTo(ctx, "item"); rerr != nil {
				return nil, rerr
			}
			out[i].Err = err
		} else {
			out[i].ID, out[i].State = id, domain.DeclConcept
			if req.Send {
				out[i].State = domain.DeclAtHolder
			}
		}
		if err := tx.Release(ctx, "item"); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// HashRequest is the hex SHA-256 of a request body, for idempotency keys.
func HashRequest(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// RegisterPaperDeclaration: SVB staff register a declaration that came by
// post, with its scan. The paper form carries the budget holder's
// signature, so it goes to the checks at once, dated the day it arrived;
// from there it follows the same path as any other.
func (s *Service) RegisterPaperDeclaration(ctx context.Context, a Actor, in DeclarationInput, received string, scanName string, scan []byte) (DeclarationView, error) {
	var view DeclarationView
	if !a.Is(domain.RoleSVB) || requireStaffMFA(a) != nil {
		return view, domain.Forbidden("staff_only")
	}
	var v domain.Validation
	day, err := domain.ParseDate(strings.TrimSpace(received))
	switch {
	case err != nil:
		v.Add("received", "date_invalid")
	case day.After(s.Today()):
		v.Add("received", "date_in_future")
	default:
		checkReceivedAfterPeriod(&v, in.Month, day)
	}
	contentType, scanErr := domain.SniffUpload("scan", scan)
	v.AddErr("scan", scanErr)
	in.Source = "papier"
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		id, err := s.createDeclaration(ctx, tx, a, in)
		if e, ok := domain.AsError(err); ok && e.Kind == domain.KindInvalid {
			if ve, ok := domain.AsError(v.Err()); ok {
				e.Fields = append(e.Fields, ve.Fields...)
			}
			return e
		} else if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if _, err := tx.AddAttachment(ctx, s.newAttachment(a, "declaration", id, scanName, "scan", contentType, scan)); err != nil {
			return err
		}
		if err := s.stepTx(ctx, tx, a, id, func(ctx context.Context, tx *store.Tx, r *store.DeclarationRow, _ domain.Party, ag domain.Agreement) error {
			r.D.SentToHolder, r.D.SubmittedByHolder = day, day
			if err := s.entryChecks(ctx, tx, r, ag); err != nil {
				return atInputLines(err, inputOrigins(in.Lines)) // refused at its field: nothing of it is stored
			}
			if err := s.runChecks(ctx, tx, r, ag); err != nil {
				return err
			}
			return s.recordReceivedDecides(ctx, tx, a, *r)
		}); err != nil {
			return err
		}
		view, err = s.declarationView(ctx, tx, a, id)
		return err
	})
	return view, err
}
