package app

import (
	"stepperslife/internal/kit/errs"
	"stepperslife/services/restaurants/domain"
)

// The contract's answers to storage outcomes: the store says what happened
// (domain.ErrNotFound, domain.ErrChanged, …), the use case says what it means.
var (
	errRestaurantChanged = errs.Errorf(errs.CodeConflict, "The restaurant changed meanwhile; reload and try again.")
	errOrderChanged      = errs.Errorf(errs.CodeInvalidTransition, "The order changed meanwhile; reload and try again.")
	errNameTaken         = errs.Errorf(errs.CodeConflict, "Too many restaurants share this name; choose another.")
	errOnTeam            = errs.Errorf(errs.CodeConflict, "This person is already on the team.")
)

// notFound answers the store's domain.ErrNotFound as the contract's NOT_FOUND about
// what ("Vendor", "Order", …); any other error passes unchanged.
func notFound(err error, what string) error {
	return errs.Answer(err, domain.ErrNotFound, errs.NotFound(what))
}
