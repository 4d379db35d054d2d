package app

import (
	"errors"
	"strconv"

	"stepperslife/internal/kit/errs"
	"stepperslife/services/store/domain"
)

// The contract's answers to storage outcomes and refusals of access: the store says
// what happened (domain.ErrNotFound, domain.ErrChanged, …), the use case says what
// it means.
var (
	errNotTeam       = errs.Errorf(errs.CodeForbidden, "Only this vendor's team may do that.")
	errVendorChanged = errs.Errorf(errs.CodeConflict, "The vendor changed meanwhile; reload and try again.")
	errOrderChanged  = errs.Errorf(errs.CodeConflict, "The order changed meanwhile; reload and try again.")
	errNameTaken     = errs.Errorf(errs.CodeConflict, "Too many shops share this name; choose another.")
	errOnTeam        = errs.Errorf(errs.CodeConflict, "This person is already on the team.")
	errCodeTaken     = errs.Errorf(errs.CodeConflict, "You have a discount code with this name already.")
	errTooManyPhotos = errs.Errorf(errs.CodeConflict, "A product has at most 10 photos; remove one first.")
	errOrderNotFound = errs.NotFound("Order")
	errNotForSaleYet = errs.Errorf(errs.CodeConflict, "This vendor is not approved yet; its products go on sale once it is.")
)

// errRoleTooLow refuses a team member whose role does not allow the action.
func errRoleTooLow(min domain.MemberRole) error {
	switch min {
	case domain.RoleOwner:
		return errs.Errorf(errs.CodeForbidden, "Only the vendor's owner may do that.")
	case domain.RoleManager:
		return errs.Errorf(errs.CodeForbidden, "Only the owner or a manager may do that.")
	}
	return errNotTeam
}

// notFound answers the store's domain.ErrNotFound as the contract's NOT_FOUND about
// what ("Vendor", "Order", …); any other error passes unchanged.
func notFound(err error, what string) error {
	return errs.Answer(err, domain.ErrNotFound, errs.NotFound(what))
}

// skuTaken answers a SKU the vendor uses already.
func skuTaken(err error) error {
	var taken *domain.SKUTakenError
	if errors.As(err, &taken) {
		return errs.Errorf(errs.CodeConflict, "SKU "+taken.SKU+" is already used by another of your variants.").
			With(map[string]any{"sku": taken.SKU})
	}
	return err
}

func itoa(n int) string { return strconv.Itoa(n) }

// answer is the contract's reply when err is the storage outcome sentinel (errs.Answer).
func answer(err, sentinel error, contract *errs.Error) error {
	return errs.Answer(err, sentinel, contract)
}
