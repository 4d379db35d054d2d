package domain

import (
	"errors"
	"testing"

	"stepperslife/internal/kit/errs"
)

func codeOf(err error) errs.Code {
	var e *errs.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func fields(t *testing.T, err error) map[string]any {
	t.Helper()
	var e *errs.Error
	if !errors.As(err, &e) || e.Code != errs.CodeValidation {
		t.Fatalf("want VALIDATION_FAILED, got %v", err)
	}
	return e.Details["fields"].(map[string]any)
}

// Every from×to pair of the fulfilment machine: the allowed moves and no other.
func TestFulfilmentMachineEveryPair(t *testing.T) {
	allowed := map[[2]FulfillmentStatus]bool{
		{Unfulfilled, Shipped}: true, {Unfulfilled, ReadyForPickup}: true, {Unfulfilled, Cancelled}: true,
		{Shipped, Delivered}:       true,
		{ReadyForPickup, PickedUp}: true, {ReadyForPickup, Cancelled}: true,
	}
	for _, from := range FulfillmentStatuses {
		for _, to := range FulfillmentStatuses {
			if got := from.CanMove(to); got != allowed[[2]FulfillmentStatus{from, to}] {
				t.Errorf("%s → %s: %v", from, to, got)
			}
		}
	}
}

// Order.Move over every pair, for both ways of fulfilment and both payment methods:
// a move outside the machine, or of the other way, is INVALID_TRANSITION; a card
// order leaves only paid; a pay-at-pickup order is paid when picked up.
func TestOrderMoveEveryPair(t *testing.T) {
	type kind struct {
		way Fulfillment
		pay PaymentMethod
	}
	for _, k := range []kind{{Ship, PayCard}, {Pickup, PayCard}, {Pickup, PayAtPickup}} {
		for _, from := range FulfillmentStatuses {
			for _, to := range FulfillmentStatuses {
				for _, paid := range []PaymentStatus{PaymentPending, PaymentPaid} {
					o := Order{Fulfillment: k.way, Method: k.pay, FulfillmentStatus: from, PaymentStatus: paid}
					pay, err := o.Move(to)
					inMachine := from.CanMove(to)
					way, bound := fulfilmentWay[to]
					switch {
					case !inMachine || (bound && way != k.way):
						if codeOf(err) != errs.CodeInvalidTransition {
							t.Errorf("%v %s→%s (%s): %v, want INVALID_TRANSITION", k, from, to, paid, err)
						}
					case to == Cancelled:
						want := paid
						if paid == PaymentPending {
							want = PaymentVoided
						}
						if err != nil || pay != want {
							t.Errorf("%v cancel from %s (%s): %s %v", k, from, paid, pay, err)
						}
					case k.pay == PayCard && paid == PaymentPending && to != Delivered:
						if codeOf(err) != errs.CodeConflict {
							t.Errorf("%v %s→%s unpaid card: %v, want CONFLICT", k, from, to, err)
						}
					case k.pay == PayAtPickup && to == PickedUp:
						if err != nil || pay != PaymentPaid {
							t.Errorf("%v picked up: %s %v, want PAID", k, pay, err)
						}
					default:
						if err != nil || pay != paid {
							t.Errorf("%v %s→%s (%s): %s %v", k, from, to, paid, pay, err)
						}
					}
				}
			}
		}
	}
}

func TestPaymentMachineEveryPair(t *testing.T) {
	allowed := map[[2]PaymentStatus]bool{
		{PaymentPending, PaymentPaid}: true, {PaymentPending, PaymentFailed}: true, {PaymentPending, PaymentVoided}: true,
		{PaymentPaid, PaymentPartiallyRefunded}: true, {PaymentPaid, PaymentRefunded}: true,
		{PaymentPartiallyRefunded, PaymentPartiallyRefunded}: true, {PaymentPartiallyRefunded, PaymentRefunded}: true,
	}
	for _, from := range PaymentStatuses {
		for _, to := range PaymentStatuses {
			if got := from.CanMove(to); got != allowed[[2]PaymentStatus{from, to}] {
				t.Errorf("%s → %s: %v", from, to, got)
			}
		}
	}
}

func TestVendorModerationEveryPair(t *testing.T) {
	actions := []VendorAction{ActionApprove, ActionReject, ActionSuspend, ActionReinstate}
	want := map[VendorStatus]map[VendorAction]VendorStatus{
		VendorPending:   {ActionApprove: VendorApproved, ActionReject: VendorRejected},
		VendorApproved:  {ActionSuspend: VendorSuspended},
		VendorSuspended: {ActionReinstate: VendorApproved, ActionApprove: VendorApproved},
	}
	for _, from := range VendorStatuses {
		for _, a := range actions {
			to, err := Moderate(from, a)
			exp, ok := want[from][a]
			if ok != (err == nil) || to != exp || CanModerate(from, a) != ok {
				t.Errorf("%s %s: %s %v", from, a, to, err)
			}
			if !ok && codeOf(err) != errs.CodeInvalidTransition {
				t.Errorf("%s %s: %v, want INVALID_TRANSITION", from, a, err)
			}
		}
	}
	for _, a := range actions {
		if a.NeedsReason() != (a == ActionReject || a == ActionSuspend) {
			t.Errorf("%s needs a reason: %v", a, a.NeedsReason())
		}
	}
}

func TestProductStatusMoves(t *testing.T) {
	allowed := map[[2]ProductStatus]bool{
		{ProductDraft, ProductActive}: true, {ProductDraft, ProductArchived}: true,
		{ProductActive, ProductDraft}: true, {ProductActive, ProductArchived}: true,
		{ProductArchived, ProductDraft}: true,
	}
	for _, from := range ProductStatuses {
		for _, to := range ProductStatuses {
			want := from == to || allowed[[2]ProductStatus{from, to}]
			if got := from.CanMove(to); got != want {
				t.Errorf("%s → %s: %v", from, to, got)
			}
			p, err := ProductPatch{Status: &to}.Apply(Product{Name: "Tee", Category: "APPAREL", Status: from})
			if want != (err == nil) || (want && p.Status != to) {
				t.Errorf("patch %s → %s: %v", from, to, err)
			}
		}
	}
}
