package domain

import (
	"strings"
	"testing"
)

func sizes() []Option {
	return []Option{{Name: "Size", Values: []string{"S", "M", "L"}}, {Name: "Color", Values: []string{"Black", "White"}}}
}

func TestGenerateVariantsMakesEveryCombination(t *testing.T) {
	vs := GenerateVariants(sizes(), "TEE", 2500, 4)
	if len(vs) != 6 {
		t.Fatalf("%d variants, want 6", len(vs))
	}
	if vs[0].SKU != "TEE-S-BLACK" || vs[5].SKU != "TEE-L-WHITE" || vs[1].Options["Color"] != "White" {
		t.Fatalf("variants %+v", vs)
	}
	in := ProductInput{Name: "Steppin Tee", Category: "apparel", Options: sizes(), Variants: vs}
	if err := in.Normalize(); err != nil {
		t.Fatal(err)
	}
	if in.Status != ProductDraft || in.Category != "APPAREL" || *in.Variants[0].LowStockThreshold != DefaultLowStock {
		t.Fatalf("defaults: %+v", in)
	}
	if got := GenerateVariants(nil, "HAT", 100, 1); len(got) != 1 || got[0].SKU != "HAT" || len(got[0].Options) != 0 {
		t.Fatalf("no options: %+v", got)
	}
}

func TestProductInputNamesEveryBadField(t *testing.T) {
	in := ProductInput{Name: "x", Category: "FOOD", Status: "ARCHIVED",
		Options: []Option{{Name: "Size", Values: []string{"M", "m"}}, {Name: "size", Values: []string{"A"}}}}
	f := fields(t, in.Normalize())
	for _, k := range []string{"name", "category", "status", "options[0].values[1]", "options[1].name", "variants"} {
		if _, ok := f[k]; !ok {
			t.Errorf("no complaint about %s: %v", k, f)
		}
	}
	four := ProductInput{Name: "Tee", Options: []Option{{"A", []string{"1"}}, {"B", []string{"1"}}, {"C", []string{"1"}}, {"D", []string{"1"}}},
		Variants: []VariantInput{{SKU: "X", PriceCents: 1}}}
	if f := fields(t, four.Normalize()); f["options"] == nil {
		t.Errorf("four options: %v", f)
	}
	big := ProductInput{Name: "Tee", Options: []Option{{"A", make([]string, 11)}, {"B", make([]string, 10)}}}
	for i := range 11 {
		big.Options[0].Values[i] = strings.Repeat("a", i+1)
		if i < 10 {
			big.Options[1].Values[i] = strings.Repeat("b", i+1)
		}
	}
	big.Variants = GenerateVariants(big.Options, "B", 1, 0)
	if f := fields(t, big.Normalize()); f["options"] == nil {
		t.Errorf("110 combinations: %v", f)
	}
}

func TestVariantsMustFitTheOptions(t *testing.T) {
	base := func(vs ...VariantInput) ProductInput {
		return ProductInput{Name: "Tee", Options: sizes(), Variants: vs}
	}
	ok := VariantInput{SKU: "T-1", Options: map[string]string{"size": "m", "COLOR": "black"}, PriceCents: 2000, Stock: 1}
	in := base(ok)
	if err := in.Normalize(); err != nil {
		t.Fatal(err)
	}
	if in.Variants[0].Options["Size"] != "M" || in.Variants[0].Options["Color"] != "Black" {
		t.Fatalf("options not spelled as the product spells them: %v", in.Variants[0].Options)
	}
	cases := map[string]VariantInput{
		"missing option": {SKU: "T-2", Options: map[string]string{"Size": "M"}, PriceCents: 1},
		"unknown value":  {SKU: "T-2", Options: map[string]string{"Size": "XXL", "Color": "Black"}, PriceCents: 1},
		"extra option":   {SKU: "T-2", Options: map[string]string{"Size": "M", "Color": "Black", "Width": "Wide"}, PriceCents: 1},
	}
	for name, v := range cases {
		in := base(ok, v)
		if f := fields(t, in.Normalize()); f["variants[1].options"] == nil {
			t.Errorf("%s: %v", name, f)
		}
	}
	dup := base(ok, VariantInput{SKU: "t-1", Options: map[string]string{"Size": "M", "Color": "Black"}, PriceCents: 0, Stock: -1})
	f := fields(t, dup.Normalize())
	for _, k := range []string{"variants[1].sku", "variants[1].options", "variants[1].priceCents", "variants[1].stock"} {
		if f[k] == nil {
			t.Errorf("no complaint about %s: %v", k, f)
		}
	}
	simple := ProductInput{Name: "Mixtape", Variants: []VariantInput{{SKU: "MIX 1", PriceCents: 1500}, {SKU: "MIX2", PriceCents: 1}}}
	if f := fields(t, simple.Normalize()); f["variants"] == nil {
		t.Errorf("two variants without options: %v", f)
	}
}

func TestVariantPatchAndLabel(t *testing.T) {
	v := Variant{Stock: 5, PriceCents: 100, Options: map[string]string{"Size": "M", "Color": "Black"}}
	stock, price := 0, int64(2500)
	got, err := VariantPatch{Stock: &stock, PriceCents: &price}.Apply(v)
	if err != nil || got.Stock != 0 || got.PriceCents != 2500 || !got.LowStock() {
		t.Fatalf("%+v %v", got, err)
	}
	neg := -1
	if f := fields(t, func() error { _, err := (VariantPatch{Stock: &neg}).Apply(v); return err }()); f["stock"] == nil {
		t.Errorf("negative stock: %v", f)
	}
	if l := v.Label(sizes()); l != "M / Black" {
		t.Errorf("label %q", l)
	}
}

func TestVendorInput(t *testing.T) {
	in := VendorInput{Name: " Smooth Steps ", ShippingRateCents: 800, PickupEnabled: true, ContactEmail: "Shop@Example.com",
		PickupPoints: []PickupPoint{{Label: "Sunday set", Address: "The Mansion"}}}
	if err := in.Normalize(); err != nil || in.Name != "Smooth Steps" || in.PickupPoints[0].ID == "" {
		t.Fatalf("%v %+v", err, in)
	}
	bad := VendorInput{Name: "S", ShippingRateCents: -1, TaxBasisPoints: 5000, ContactEmail: "nope",
		PickupPoints: []PickupPoint{{Label: ""}}}
	f := fields(t, bad.Normalize())
	for _, k := range []string{"name", "shippingRateCents", "taxBasisPoints", "contactEmail", "pickupPoints[0].label"} {
		if f[k] == nil {
			t.Errorf("no complaint about %s: %v", k, f)
		}
	}
}

func TestPickupCodes(t *testing.T) {
	c := NewPickupCode()
	if len(c) != PickupCodeLen || NormalizePickupCode(c) != c {
		t.Fatalf("code %q", c)
	}
	if got := NormalizePickupCode("https://store.example/orders/ord_1/pickup/" + strings.ToLower(c) + "?x=1"); got != c {
		t.Errorf("from a URL: %q", got)
	}
	if got := NormalizePickupCode(c[:4] + "-" + c[4:8] + " " + c[8:]); got != c {
		t.Errorf("typed with dashes: %q", got)
	}
	for _, junk := range []string{"", "short", strings.Repeat("I", PickupCodeLen), "'; DROP TABLE orders;--"} {
		if NormalizePickupCode(junk) != "" {
			t.Errorf("junk %q accepted", junk)
		}
	}
}
