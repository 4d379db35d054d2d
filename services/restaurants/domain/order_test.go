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

func TestTransitionsByRole(t *testing.T) {
	all := []OrderStatus{OrderPending, OrderConfirmed, OrderPreparing, OrderReady, OrderCompleted, OrderCancelled, OrderRefunded}
	type edge struct{ from, to OrderStatus }
	forwardEdges := map[edge]bool{
		{OrderPending, OrderConfirmed}: true, {OrderConfirmed, OrderPreparing}: true,
		{OrderPreparing, OrderReady}: true, {OrderReady, OrderCompleted}: true,
	}
	cancelEdges := map[edge]bool{
		{OrderPending, OrderCancelled}: true, {OrderConfirmed, OrderCancelled}: true,
		{OrderPreparing, OrderCancelled}: true, {OrderReady, OrderCancelled}: true,
	}
	refundEdges := map[edge]bool{{OrderCompleted, OrderRefunded}: true, {OrderCancelled, OrderRefunded}: true}
	for _, from := range all {
		for _, to := range all {
			e := edge{from, to}
			inMachine := forwardEdges[e] || cancelEdges[e] || refundEdges[e]
			for _, role := range []MemberRole{RoleOwner, RoleManager, RoleStaff} {
				err := CheckTransition(from, to, role)
				allowed := forwardEdges[e] ||
					cancelEdges[e] && role != RoleStaff ||
					refundEdges[e] && role == RoleOwner
				switch {
				case allowed && err != nil:
					t.Errorf("%s %s→%s: want allowed, got %v", role, from, to, err)
				case !allowed && !inMachine && codeOf(err) != errs.CodeInvalidTransition:
					t.Errorf("%s %s→%s: want INVALID_TRANSITION, got %v", role, from, to, err)
				case !allowed && inMachine && codeOf(err) != errs.CodeInvalidTransition:
					t.Errorf("%s %s→%s: want INVALID_TRANSITION for a move beyond the role, got %v", role, from, to, err)
				}
			}
		}
	}
}

func TestUnknownRoleMayNothing(t *testing.T) {
	if err := CheckTransition(OrderPending, OrderConfirmed, MemberRole("")); codeOf(err) != errs.CodeForbidden {
		t.Fatalf("got %v", err)
	}
}

func TestPriceFromMenuOnly(t *testing.T) {
	menu := map[string]MenuItem{
		"a": {ID: "a", Name: "Wings", PriceCents: 1299, Available: true},
		"b": {ID: "b", Name: "Fries", PriceCents: 450, Available: true},
		"c": {ID: "c", Name: "Gone", PriceCents: 100, Available: false},
	}
	lines, sub, tax, err := Price([]Requested{{MenuItemID: "a", Quantity: 2}, {MenuItemID: "b", Quantity: 1, Notes: " extra salt "}}, menu, 1025)
	if err != nil {
		t.Fatal(err)
	}
	if sub != 2*1299+450 || tax != (3048*1025+5000)/10000 || len(lines) != 2 || lines[1].Notes != "extra salt" {
		t.Fatalf("got lines=%v sub=%d tax=%d", lines, sub, tax)
	}
	if _, _, _, err := Price([]Requested{{MenuItemID: "c", Quantity: 1}}, menu, 0); codeOf(err) != errs.CodeItemUnavailable {
		t.Fatalf("unavailable: %v", err)
	}
	for _, req := range [][]Requested{nil, {{MenuItemID: "zz", Quantity: 1}}, {{MenuItemID: "a", Quantity: 0}}, {{MenuItemID: "a", Quantity: 100}}} {
		if _, _, _, err := Price(req, menu, 0); codeOf(err) != errs.CodeValidation {
			t.Fatalf("%v: %v", req, err)
		}
	}
}

func TestTaxRounding(t *testing.T) {
	cases := []struct{ sub, bp, want int64 }{{1000, 1025, 103}, {1, 1025, 0}, {5, 1000, 1}, {0, 1025, 0}, {999, 0, 0}}
	for _, c := range cases {
		if got := Tax(c.sub, c.bp); got != c.want {
			t.Errorf("Tax(%d,%d)=%d want %d", c.sub, c.bp, got, c.want)
		}
	}
}

func TestRepeatedDishesMergeByNotes(t *testing.T) {
	menu := map[string]MenuItem{"a": {ID: "a", Name: "Wings", PriceCents: 1299, Available: true}}
	lines, sub, _, err := Price([]Requested{{MenuItemID: "a", Quantity: 2}, {MenuItemID: "a", Quantity: 1, Notes: "no sauce"},
		{MenuItemID: "a", Quantity: 3, Notes: " "}, {MenuItemID: "a", Quantity: 1, Notes: "no sauce "}}, menu, 0)
	if err != nil || sub != 7*1299 || len(lines) != 2 || lines[0].Quantity != 5 || lines[0].Notes != "" ||
		lines[1].Quantity != 2 || lines[1].Notes != "no sauce" {
		t.Fatalf("%+v %d %v", lines, sub, err)
	}
}

func TestWholeOrderIsBounded(t *testing.T) {
	menu := map[string]MenuItem{
		"wings": {ID: "wings", Name: "Wings", PriceCents: 1542, Available: true},
		"tray":  {ID: "tray", Name: "Catering tray", PriceCents: 25000, Available: true},
	}
	fields := func(err error) map[string]any {
		var e *errs.Error
		if !errors.As(err, &e) || e.Code != errs.CodeValidation {
			t.Fatalf("not a validation failure: %v", err)
		}
		return e.Details["fields"].(map[string]any)
	}
	// The order that came to $76,348.68: 50 lines of one dish × 99.
	var flood []Requested
	for range MaxLines {
		flood = append(flood, Requested{MenuItemID: "wings", Quantity: MaxQuantity})
	}
	_, _, _, err := Price(flood, menu, 0)
	if f := fields(err); f["items"] != "may hold at most 100 dishes in all (this order has 4950)" ||
		f["totalCents"] != "may be at most $2,000.00, tax included (this order comes to $76,329.00)" {
		t.Fatalf("flood: %v", f)
	}
	if _, _, _, err := Price([]Requested{{MenuItemID: "wings", Quantity: 60}, {MenuItemID: "wings", Quantity: 41, Notes: "hot"}}, menu, 0); fields(err)["items"] == nil {
		t.Fatal("101 dishes accepted")
	}
	// Eight trays are $2,000.00 before tax: over the limit once taxed, at it untaxed.
	trays := []Requested{{MenuItemID: "tray", Quantity: 8}}
	if _, _, _, err := Price(trays, menu, 1025); fields(err)["totalCents"] != "may be at most $2,000.00, tax included (this order comes to $2,205.00)" {
		t.Fatalf("taxed trays: %v", err)
	}
	if _, sub, _, err := Price(trays, menu, 0); err != nil || sub != MaxTotalCents {
		t.Fatalf("untaxed trays: %d %v", sub, err)
	}
	if _, _, _, err := Price([]Requested{{MenuItemID: "wings", Quantity: MaxItems / 2}, {MenuItemID: "wings", Quantity: MaxItems / 2, Notes: "hot"}}, menu, 0); err != nil {
		t.Fatalf("%d dishes: %v", MaxItems, err)
	}
}
