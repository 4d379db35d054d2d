package store_test

import (
	"testing"

	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/words"
	"stepperslife/services/store/domain"
	"stepperslife/services/store/storetest"
)

type feedList struct {
	Items []feed.Item `json:"items"`
}

// The portal reads products for its home page and search, and a buyer's orders with
// where each stands for My SteppersLife.
func TestPortalFeedSearchAndActivity(t *testing.T) {
	s := storetest.Start(t, storetest.Options{})
	sh := newShop(t, s)
	var l feedList
	s.Must(200, "GET", "/api/feed", nil, nil).JSON(t, &l)
	if len(l.Items) != 2 || l.Items[0].Kind != "product" || l.Items[0].URL == "" || l.Items[0].PriceCents == nil {
		t.Fatalf("feed: %+v", l.Items)
	}
	s.Must(200, "GET", "/api/search?q=suede", nil, nil).JSON(t, &l)
	if len(l.Items) != 1 || l.Items[0].Title != "Suede Steppers" || l.Items[0].Place != "Smooth Steps" || *l.Items[0].PriceCents != 8999 {
		t.Fatalf("search: %+v", l.Items)
	}
	if l.Items[0].Status != "" {
		t.Fatalf("a product in stock has status %q", l.Items[0].Status)
	}
	for _, v := range sh.shoes.Variants {
		s.Must(200, "PATCH", "/api/variants/"+v.ID, owner, map[string]any{"stock": 0})
	}
	s.Must(200, "GET", "/api/search?q=suede", nil, nil).JSON(t, &l)
	if len(l.Items) != 1 || l.Items[0].Status != storeapi.SoldOut {
		t.Fatalf("a sold-out product: %+v", l.Items)
	}
	for _, v := range sh.shoes.Variants {
		s.Must(200, "PATCH", "/api/variants/"+v.ID, owner, map[string]any{"stock": 5})
	}
	s.Must(200, "GET", "/api/search?q=set+wear", nil, nil).JSON(t, &l)
	if len(l.Items) != 1 || l.Items[0].Title != "Anniversary Tee" {
		t.Fatalf("search by vendor: %+v", l.Items)
	}
	out, _ := s.Checkout(buyer, storetest.Pickup(storetest.Item(sh.shoes.Variants[1].ID, 1), storetest.Item(sh.tee.Variants[2].ID, 2)))
	s.Must(200, "POST", "/api/orders/"+out.Orders[0].ID+"/ready-for-pickup", ownerOf(sh, out.Orders[0]), nil)
	s.Must(200, "GET", "/api/me/activity", buyer, nil).JSON(t, &l)
	if len(l.Items) != 2 {
		t.Fatalf("activity: %+v", l.Items)
	}
	statuses := map[string]bool{}
	for _, it := range l.Items {
		statuses[it.Status] = true
		if it.Kind != "order" || it.URL == "" || it.PriceCents == nil || it.Summary == "" {
			t.Errorf("activity item: %+v", it)
		}
	}
	if !statuses["READY_FOR_PICKUP"] || !statuses["UNFULFILLED"] {
		t.Errorf("statuses: %v", statuses)
	}
	if s.Must(200, "GET", "/api/me/activity", storetest.BuyerN(4), nil).JSON(t, &l); len(l.Items) != 0 {
		t.Fatalf("another buyer's activity: %+v", l.Items)
	}
}

func ownerOf(sh shop, o storeapi.Order) *auth.User {
	if o.VendorID == sh.steps.ID {
		return owner
	}
	return other
}

// Every value the store sends has words for people, so no page prints a raw enum.
func TestEveryValueHasWords(t *testing.T) {
	check := func(kind string, values []string) {
		t.Helper()
		ws := storeapi.Words[kind]
		for _, v := range values {
			if w, ok := ws[v]; !ok || w.Text == "" || w.Tone == "" {
				t.Errorf("%s %q has no words", kind, v)
			}
		}
	}
	check("vendor", strs(domain.VendorStatuses))
	check("product", append(strs(domain.ProductStatuses), storeapi.SoldOut))
	check("category", domain.Categories)
	check("payment", strs(domain.PaymentStatuses))
	check("fulfillment", strs(domain.FulfillmentStatuses))
	check("way", []string{string(domain.Ship), string(domain.Pickup)})
	check("method", []string{string(domain.PayCard), string(domain.PayAtPickup)})
	check("discount", []string{string(domain.DiscountPercent), string(domain.DiscountFixed)})
	check("member", []string{string(domain.RoleOwner), string(domain.RoleManager), string(domain.RoleStaff)})
	carriers := make([]string, 0, len(domain.Carriers))
	for c := range domain.Carriers {
		carriers = append(carriers, c)
	}
	check("carrier", carriers)
	var _ words.Vocabulary = storeapi.Words
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}
