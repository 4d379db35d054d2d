package sqlstore_test

import (
	"context"
	"errors"
	"testing"

	"stepperslife/services/store/adapters/sqlstore"
	"stepperslife/services/store/domain"
)

func names(ps []domain.Product) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	return out
}

func same(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// The public list holds ACTIVE products of APPROVED vendors, filtered by words (of
// the product or its vendor), category, vendor and stock, in the order asked.
func TestPublicProducts(t *testing.T) {
	each(t, func(t *testing.T, st *sqlstore.Store) {
		ctx := context.Background()
		a, b := vendor(t, st, "Crème Couture"), vendor(t, st, "Bravo Beats")
		tee := product(t, st, a, "Anniversary Tee", 2, "S", "M")
		shoe := product(t, st, a, "Suede Steppers", 0, "9", "10")
		cd := product(t, st, b, "Chicago Steppin Mix", 4)
		draft := product(t, st, b, "Unreleased Mix", 4)
		draft.Status = domain.ProductDraft
		if err := st.UpdateProduct(ctx, draft, now); err != nil {
			t.Fatal(err)
		}
		cdPrice := int64(2000)
		cv, _ := domain.VariantPatch{PriceCents: &cdPrice}.Apply(cd.Variants[0])
		if err := st.UpdateVariant(ctx, cv, now); err != nil {
			t.Fatal(err)
		}
		cd.Category = "MUSIC"
		if err := st.UpdateProduct(ctx, cd, now); err != nil {
			t.Fatal(err)
		}
		price := int64(1000)
		v, _ := domain.VariantPatch{PriceCents: &price}.Apply(tee.Variants[0])
		if err := st.UpdateVariant(ctx, v, now); err != nil {
			t.Fatal(err)
		}
		list := func(f domain.ProductFilter) []string {
			t.Helper()
			if f.Limit == 0 {
				f.Limit = 20
			}
			ps, total, err := st.PublicProducts(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if total < len(ps) {
				t.Fatalf("total %d < %d", total, len(ps))
			}
			return names(ps)
		}
		checks := []struct {
			f    domain.ProductFilter
			want []string
		}{
			{domain.ProductFilter{Sort: domain.SortName}, []string{"Anniversary Tee", "Chicago Steppin Mix", "Suede Steppers"}},
			{domain.ProductFilter{Words: []string{"creme"}, Sort: domain.SortName}, []string{"Anniversary Tee", "Suede Steppers"}},
			{domain.ProductFilter{Words: []string{"STEPP", "mix"}}, []string{"Chicago Steppin Mix"}},
			{domain.ProductFilter{Words: []string{"100%"}}, []string{}},
			{domain.ProductFilter{Category: "MUSIC"}, []string{"Chicago Steppin Mix"}},
			{domain.ProductFilter{VendorID: b.Slug}, []string{"Chicago Steppin Mix"}},
			{domain.ProductFilter{VendorID: a.ID, InStock: true}, []string{"Anniversary Tee"}},
			{domain.ProductFilter{Sort: domain.SortPriceAsc}, []string{"Anniversary Tee", "Chicago Steppin Mix", "Suede Steppers"}},
			{domain.ProductFilter{Sort: domain.SortPriceDesc, Limit: 1, Offset: 1}, []string{"Chicago Steppin Mix"}},
		}
		for _, c := range checks {
			if got := list(c.f); !same(got, c.want) {
				t.Errorf("%+v: %v, want %v", c.f, got, c.want)
			}
		}
		ps, _, _ := st.PublicProducts(ctx, domain.ProductFilter{Words: []string{"anniversary"}, Limit: 5})
		if len(ps) != 1 || len(ps[0].Variants) != 2 || ps[0].Variants[0].Options["Size"] != "S" {
			t.Fatalf("variants of a listed product: %+v", ps)
		}
		// A suspended vendor's products leave the list.
		if err := st.ModerateVendor(ctx, domain.Review{ID: domain.NewID("rev"), VendorID: a.ID, Action: domain.ActionSuspend,
			From: domain.VendorApproved, To: domain.VendorSuspended, Reason: "Counterfeit shoes", ActorID: "admin", CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
		if got := list(domain.ProductFilter{}); !same(got, []string{"Chicago Steppin Mix"}) {
			t.Errorf("after suspension: %v", got)
		}
		if err := st.ModerateVendor(ctx, domain.Review{ID: domain.NewID("rev"), VendorID: a.ID, Action: domain.ActionSuspend,
			From: domain.VendorApproved, To: domain.VendorSuspended, ActorID: "admin2", CreatedAt: now}); !errors.Is(err, domain.ErrChanged) {
			t.Fatalf("a second admin's stale decision: %v", err)
		}
		rs, err := st.Reviews(ctx, a.ID)
		if err != nil || len(rs) != 1 || rs[0].Reason != "Counterfeit shoes" || rs[0].To != domain.VendorSuspended {
			t.Fatalf("audit trail: %+v %v", rs, err)
		}
		got, _ := st.Vendor(ctx, a.ID)
		if got.Status != domain.VendorSuspended || got.StatusReason != "Counterfeit shoes" || got.ReviewedAt == nil {
			t.Fatalf("vendor after suspension: %+v", got)
		}
		if low, err := st.LowStock(ctx, a.ID); err != nil || len(low) != 2 || low[0].Product.ID != shoe.ID {
			t.Fatalf("low stock: %+v %v", low, err)
		}
	})
}

func TestVendorsForUserAndTeam(t *testing.T) {
	each(t, func(t *testing.T, st *sqlstore.Store) {
		ctx := context.Background()
		mine := vendor(t, st, "Mine")
		theirs := vendor(t, st, "Theirs")
		demo := domain.Vendor{ID: domain.NewID("ven"), OwnerEmail: "owner@demo.example", Name: "Demo Shop",
			Status: domain.VendorApproved, CreatedAt: now, UpdatedAt: now}
		if err := st.CreateVendor(ctx, &demo); err != nil {
			t.Fatal(err)
		}
		if err := st.AddMember(ctx, domain.Member{ID: "m1", VendorID: theirs.ID, Email: "owner@demo.example", Role: domain.RoleStaff, CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
		if err := st.AddMember(ctx, domain.Member{ID: "m2", VendorID: theirs.ID, Email: "owner@demo.example", Role: domain.RoleManager, CreatedAt: now}); !errors.Is(err, domain.ErrDuplicate) {
			t.Fatalf("a second membership: %v", err)
		}
		vs, roles, err := st.VendorsForUser(ctx, mine.OwnerID, "owner@demo.example")
		if err != nil || len(vs) != 3 {
			t.Fatalf("%+v %v", vs, err)
		}
		want := map[string]domain.MemberRole{mine.ID: domain.RoleOwner, theirs.ID: domain.RoleStaff, demo.ID: domain.RoleOwner}
		for i, v := range vs {
			if roles[i] != want[v.ID] {
				t.Errorf("%s: %s", v.Name, roles[i])
			}
		}
		if vs, _, _ := st.VendorsForUser(ctx, "nobody", ""); len(vs) != 0 {
			t.Fatalf("an unverified stranger sees %d vendors", len(vs))
		}
		if r, _ := st.MemberRole(ctx, theirs.ID, "owner@demo.example"); r != domain.RoleStaff {
			t.Fatalf("role %q", r)
		}
		if err := st.RemoveMember(ctx, theirs.ID, "m1"); err != nil {
			t.Fatal(err)
		}
		if r, _ := st.MemberRole(ctx, theirs.ID, "owner@demo.example"); r != "" {
			t.Fatalf("role after removal %q", r)
		}
	})
}
