package service

import (
	"context"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// ActOnDeclaration takes action (a name of domain.DeclarationActionOrder,
// the list your_actions shows) on declaration id: the one call the
// declaration page's buttons and the API's POST /declarations/{id}/{action}
// both make. reason goes with reject, refuse and allow_late. attach takes a
// file: it is AttachToDeclaration, not this. An action the lifecycle does
// not have is not found (the API answers it before: unknown_action).
func (s *Service) ActOnDeclaration(ctx context.Context, a Actor, id int64, action domain.DeclarationAction, reason string) (DeclarationView, error) {
	switch action {
	case domain.DeclActSend:
		return s.SendDeclaration(ctx, a, id)
	case domain.DeclActApprove:
		return s.ApproveDeclaration(ctx, a, id)
	case domain.DeclActReject:
		return s.RejectDeclaration(ctx, a, id, reason)
	case domain.DeclActRelease:
		return s.ReviewHeld(ctx, a, id, true, "")
	case domain.DeclActRefuse:
		return s.ReviewHeld(ctx, a, id, false, reason)
	case domain.DeclActAllowLate:
		return s.AllowLate(ctx, a, id, reason)
	case domain.DeclActAttach:
		return DeclarationView{}, domain.Invalid("file", "required")
	}
	return DeclarationView{}, domain.NotFound("action")
}
