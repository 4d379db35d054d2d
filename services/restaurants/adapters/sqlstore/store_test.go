package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/host"
	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/outbox"
	"stepperslife/services/restaurants/adapters/sqlstore"
	"stepperslife/services/restaurants/app"
	"stepperslife/services/restaurants/domain"
	"stepperslife/services/restaurants/migrations"
)

// The SQL store is the app's store.
var _ app.Store = (*sqlstore.Store)(nil)

func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

func seed(t *testing.T, s *sqlstore.Store, name string) (domain.Restaurant, domain.MenuItem) {
	t.Helper()
	ctx := context.Background()
	r := domain.Restaurant{ID: domain.NewID("rst"), OwnerID: "o1", OwnerEmail: "Owner@Example.com", Name: name,
		Cuisine: "Soul food", Address: "1 Main St", Status: domain.Approved, TaxBasisPoints: 1025,
		CreatedAt: now(), UpdatedAt: now()}
	if err := s.CreateRestaurant(ctx, &r); err != nil {
		t.Fatal(err)
	}
	m := domain.MenuItem{ID: domain.NewID("itm"), RestaurantID: r.ID, Category: "Mains", Name: "Wings", PriceCents: 1299,
		Dietary: []string{"spicy"}, Available: true, CreatedAt: now(), UpdatedAt: now()}
	if err := s.CreateItem(ctx, &m, domain.NewID("cat")); err != nil {
		t.Fatal(err)
	}
	return r, m
}

func newOrder(r domain.Restaurant, m domain.MenuItem) *domain.Order {
	return &domain.Order{ID: domain.NewID("ord"), CreatedAt: now(), UpdatedAt: now(), RestaurantID: r.ID, CustomerID: "c1", Status: domain.OrderPending, PaymentMethod: domain.PayAtPickup,
		PaymentStatus: domain.PaymentAtPickup, SubtotalCents: 1299, TaxCents: 133, TotalCents: 1432, Currency: "usd",
		PickupTime: time.Now().Add(time.Hour), Lines: []domain.OrderLine{{MenuItemID: m.ID, Name: m.Name, UnitCents: 1299, Quantity: 1}}}
}

func TestStore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := sqlstore.New(d)
		r, m := seed(t, s, "Soul 79")

		t.Run("order numbers are unique and gapless under concurrency", func(t *testing.T) {
			const n = 16
			var wg sync.WaitGroup
			nums := make(chan string, n)
			for range n {
				wg.Go(func() {
					o := newOrder(r, m)
					if err := s.CreateOrder(ctx, o); err != nil {
						t.Error(err)
						return
					}
					nums <- o.Number
				})
			}
			wg.Wait()
			close(nums)
			seen := map[string]bool{}
			for num := range nums {
				seen[num] = true
			}
			for i := 1001; i <= 1000+n; i++ {
				if !seen[fmt.Sprintf("R-%d", i)] {
					t.Fatalf("missing R-%d in %v", i, seen)
				}
			}
		})

		t.Run("a status change wins once", func(t *testing.T) {
			o := newOrder(r, m)
			if err := s.CreateOrder(ctx, o); err != nil {
				t.Fatal(err)
			}
			if _, err := s.ChangeStatus(ctx, o.ID, domain.Move{From: domain.OrderPending, To: domain.OrderConfirmed}, now()); err != nil {
				t.Fatal(err)
			}
			if _, err := s.ChangeStatus(ctx, o.ID, domain.Move{From: domain.OrderPending, To: domain.OrderCancelled}, now()); err == nil {
				t.Fatal("stale change applied")
			}
			got, err := s.Order(ctx, o.ID)
			if err != nil || got.Status != domain.OrderConfirmed || got.PaymentStatus != domain.PaymentAtPickup || len(got.Lines) != 1 {
				t.Fatalf("%+v %v", got, err)
			}
		})

		t.Run("payments apply only from the expected state", func(t *testing.T) {
			o := newOrder(r, m)
			o.PaymentMethod, o.PaymentStatus = domain.PayByCard, domain.PaymentAwaiting
			if err := s.CreateOrder(ctx, o); err != nil {
				t.Fatal(err)
			}
			if err := s.SetCheckout(ctx, o.ID, "cs_1", "https://pay", now()); err != nil {
				t.Fatal(err)
			}
			paid := domain.PaymentUpdate{From: []domain.PaymentStatus{domain.PaymentAwaiting}, To: domain.PaymentPaid, PaymentIntentID: "pi_1"}
			for i, want := range []bool{true, false} {
				var ok bool
				err := d.InTx(ctx, func(tx *sql.Tx) error {
					found, err := s.WithTx(tx).OrderForPayment(ctx, "cs_1", "", "")
					if err != nil {
						return err
					}
					ok, err = s.WithTx(tx).ApplyPayment(ctx, found.ID, paid, now())
					return err
				})
				if err != nil || ok != want {
					t.Fatalf("delivery %d: applied=%v err=%v", i, ok, err)
				}
			}
			got, _ := s.Order(ctx, o.ID)
			if got.PaymentStatus != domain.PaymentPaid || got.PaymentIntentID != "pi_1" {
				t.Fatalf("%+v", got)
			}
		})

		t.Run("mail is enqueued only with what commits", func(t *testing.T) {
			errAbandoned := errors.New("abandoned")
			err := s.InTx(ctx, func(st *sqlstore.Store) error {
				if err := st.EnqueueMail(ctx, mail.Message{To: []string{"lost@example.com"}, Subject: "Lost", Text: "Hi"}); err != nil {
					t.Fatal(err)
				}
				return errAbandoned
			})
			if !errors.Is(err, errAbandoned) {
				t.Fatal(err)
			}
			if err := s.InTx(ctx, func(st *sqlstore.Store) error {
				return st.EnqueueMail(ctx, mail.Message{To: []string{"kept@example.com"}, Subject: "Kept", Text: "Hi"})
			}); err != nil {
				t.Fatal(err)
			}
			var subjects []string
			rows, err := d.Query(`SELECT subject FROM kit_outbox_mail WHERE sent_at IS NULL ORDER BY subject`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var subject string
				if err := rows.Scan(&subject); err != nil {
					t.Fatal(err)
				}
				subjects = append(subjects, subject)
			}
			if strings.Join(subjects, ",") != "Kept" {
				t.Fatalf("outbox holds %q", subjects)
			}
		})

		t.Run("errors name their operation and stay domain errors", func(t *testing.T) {
			_, err := s.Order(ctx, "ord_missing")
			if !errors.Is(err, domain.ErrNotFound) || !strings.Contains(err.Error(), "restaurants store: order ord_missing") {
				t.Fatalf("missing order: %v", err)
			}
			if err := s.DeleteItem(ctx, r.ID, "itm_missing"); !errors.Is(err, domain.ErrNotFound) {
				t.Fatalf("missing item: %v", err)
			}
			if err := s.SetStatus(ctx, r.ID, domain.Pending, domain.Approved, "", now()); !errors.Is(err, domain.ErrChanged) {
				t.Fatalf("stale moderation: %v", err)
			}
			if _, err := s.OrderForPayment(ctx, "", "", ""); !errors.Is(err, domain.ErrNotFound) {
				t.Fatalf("payment for nothing: %v", err)
			}
		})

		t.Run("a bound store's writes go with its transaction", func(t *testing.T) {
			o := newOrder(r, m)
			if err := s.CreateOrder(ctx, o); err != nil {
				t.Fatal(err)
			}
			undo := errors.New("undo")
			err := d.InTx(ctx, func(tx *sql.Tx) error {
				bound := s.WithTx(tx)
				if _, err := bound.ChangeStatus(ctx, o.ID, domain.Move{From: domain.OrderPending, To: domain.OrderConfirmed}, now()); err != nil {
					return err
				}
				if _, err := bound.ChangeStatus(ctx, o.ID, domain.Move{From: domain.OrderPending, To: domain.OrderCancelled}, now()); !errors.Is(err, domain.ErrChanged) {
					return fmt.Errorf("stale change inside a transaction: %v", err)
				}
				return undo
			})
			if !errors.Is(err, undo) {
				t.Fatal(err)
			}
			if got, _ := s.Order(ctx, o.ID); got.Status != domain.OrderPending {
				t.Fatalf("rolled back change kept: %s", got.Status)
			}
		})

		t.Run("a decision, its reason and its audit entry commit together", func(t *testing.T) {
			x, _ := seed(t, s, "Decided Diner")
			subject := audit.Subject{Kind: "restaurant", ID: x.ID}
			decide := func(fail error) error {
				return d.InTx(ctx, func(tx *sql.Tx) error {
					bound := s.WithTx(tx)
					if err := bound.SetStatus(ctx, x.ID, domain.Approved, domain.Suspended, "Closed by the health department", now()); err != nil {
						return err
					}
					if err := bound.RecordAudit(ctx, audit.Entry{Actor: audit.Actor{ID: "u-admin", Email: "ada@example.com"},
						Action: "suspend", Subject: subject, Reason: "Closed by the health department"}); err != nil {
						return err
					}
					return fail
				})
			}
			undo := errors.New("undo")
			if err := decide(undo); !errors.Is(err, undo) {
				t.Fatal(err)
			}
			if got, _ := s.Restaurant(ctx, x.ID); got.Status != domain.Approved || got.StatusReason != "" {
				t.Fatalf("rolled back decision kept: %s %q", got.Status, got.StatusReason)
			}
			if trail, err := s.AuditTrail(ctx, subject, 0); err != nil || len(trail) != 0 {
				t.Fatalf("rolled back entry kept: %v %v", trail, err)
			}
			if err := decide(nil); err != nil {
				t.Fatal(err)
			}
			if got, _ := s.Restaurant(ctx, x.ID); got.Status != domain.Suspended || got.StatusReason != "Closed by the health department" {
				t.Fatalf("decision: %s %q", got.Status, got.StatusReason)
			}
			if trail, err := s.AuditTrail(ctx, subject, 0); err != nil || len(trail) != 1 || trail[0].Action != "suspend" {
				t.Fatalf("trail: %v %v", trail, err)
			}
		})

		t.Run("lists, search and membership", func(t *testing.T) {
			other, _ := seed(t, s, "100% Jerk_Grill")
			staff := domain.Member{ID: domain.NewID("mem"), RestaurantID: other.ID, Email: "Staff@Example.com",
				Role: domain.RoleStaff, CreatedAt: now()}
			if err := s.AddMember(ctx, &staff); err != nil {
				t.Fatal(err)
			}
			again := domain.Member{ID: domain.NewID("mem"), RestaurantID: other.ID, Email: "staff@example.com",
				Role: domain.RoleManager, CreatedAt: now()}
			if err := s.AddMember(ctx, &again); err != nil || again.ID != staff.ID {
				t.Fatal(again, err) // re-adding changes the role
			}
			if role, _ := s.MemberRole(ctx, other.ID, "STAFF@example.com"); role != domain.RoleManager {
				t.Fatalf("role %q", role)
			}
			rs, roles, err := s.ForUser(ctx, "someone", "staff@example.com")
			if err != nil || len(rs) != 1 || roles[0] != domain.RoleManager {
				t.Fatalf("for user: %v %v %v", rs, roles, err)
			}
			for words, want := range map[string]int{"100%": 1, "%": 1, "_": 1, "soul": 2, "jerk grill": 1, "nope": 0} {
				_, total, err := s.Restaurants(ctx, domain.RestaurantFilter{Words: strings.Fields(words), Status: domain.Approved})
				if err != nil || total != want {
					t.Errorf("%q: %d %v, want %d", words, total, err, want)
				}
			}
			orders, total, err := s.Orders(ctx, domain.OrderFilter{RestaurantID: r.ID, Statuses: []domain.OrderStatus{domain.OrderConfirmed}})
			if err != nil || total != 1 || len(orders) != 1 {
				t.Fatalf("filtered orders: %d %v", total, err)
			}
		})
	}, outbox.Migrations, audit.Migrations, host.KitMigrations, migrations.Set)
}
