package servicesapi

import (
	"encoding/json"
	"strings"
	"testing"
)

// The field names are the contract: a rename here breaks every client.
func TestWireNames(t *testing.T) {
	got, _ := json.Marshal(Provider{ID: "p1", Slug: "s", Status: "APPROVED", ReviewCount: 2})
	for _, want := range []string{`"id":"p1"`, `"slug":"s"`, `"status":"APPROVED"`, `"rating":null`, `"reviewCount":2`} {
		if !strings.Contains(string(got), want) {
			t.Errorf("provider lacks %s: %s", want, got)
		}
	}
	var in ProviderInput
	if err := json.Unmarshal([]byte(`{"businessName":"B","description":"D","category":"DJ","city":"Chicago",
		"serviceArea":{"kind":"ONLINE"},"priceRange":"BUDGET","phone":"3125550142","email":"a@b.example","website":"https://x"}`), &in); err != nil ||
		in.BusinessName != "B" || in.ServiceArea.Kind != "ONLINE" || in.Website != "https://x" {
		t.Errorf("apply: %v %+v", err, in)
	}
	if err := json.Unmarshal([]byte(`{"serviceArea":"Chicago, Oak Park and Evanston"}`), &in); err != nil ||
		in.ServiceArea.Kind != "CITIES" || strings.Join(in.ServiceArea.Cities, "|") != "Chicago|Oak Park|Evanston" {
		t.Errorf("area in words: %v %+v", err, in.ServiceArea)
	}
	var q InquiryInput
	if err := json.Unmarshal([]byte(`{"message":"m","eventDate":"2026-07-04","budgetCents":5000}`), &q); err != nil ||
		q.EventDate != "2026-07-04" || *q.BudgetCents != 5000 {
		t.Errorf("inquiry: %v %+v", err, q)
	}
}

// Every value the service sends has words: no page shows a raw enum.
func TestEveryValueHasWords(t *testing.T) {
	for kind, values := range map[string][]string{
		"provider": {"PENDING", "APPROVED", "REJECTED", "SUSPENDED"},
		"category": {"DJ", "PHOTOGRAPHER", "VIDEOGRAPHER", "VENUE", "CATERER", "DECORATOR", "FLORIST", "HAIR_MAKEUP",
			"TRANSPORTATION", "ENTERTAINMENT"},
		"inquiry": {"NEW", "VIEWED", "RESPONDED", "ARCHIVED"},
		"review":  {"VISIBLE", "REPORTED", "REMOVED"},
		"price":   {"BUDGET", "MODERATE", "PREMIUM", "LUXURY"},
		"area":    {"RADIUS", "CITIES", "ONLINE"},
	} {
		for _, v := range values {
			if _, ok := Words[kind][v]; !ok {
				t.Errorf("%s %s has no words", kind, v)
			}
		}
	}
}
