package classes_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/api/classesapi"
	"stepperslife/internal/kit/payments/paymentstest"
	"stepperslife/services/classes/classestest"
)

func cardServer(t *testing.T, dbURL string) *classestest.Server {
	return classestest.Start(t, classestest.Options{DatabaseURL: dbURL, Env: map[string]string{
		"STRIPE_SECRET_KEY":     paymentstest.TestSecretKey,
		"STRIPE_WEBHOOK_SECRET": paymentstest.TestWebhookSecret,
		"STRIPE_API_BASE":       paymentstest.StripeMock(t),
	}})
}

func deliver(t *testing.T, s *classestest.Server, eventID, kind string, object map[string]any) classestest.Response {
	t.Helper()
	body, sig := paymentstest.SignedEventWithID(t, paymentstest.TestWebhookSecret, eventID, kind, object)
	return s.Do("POST", "/api/webhooks/stripe", nil, body, "Stripe-Signature", sig, "Content-Type", "application/json")
}

// onboard connects the instructor's Stripe account and has Stripe say it can charge.
func onboard(t *testing.T, s *classestest.Server) {
	t.Helper()
	s.Must(http.StatusOK, "POST", "/api/payments/connect", teacher, nil)
	var account string
	if err := s.Instance.Deps.DB.QueryRow(`SELECT stripe_account_id FROM instructors WHERE user_id = $1`, teacher.ID).Scan(&account); err != nil {
		t.Fatal(err)
	}
	res := deliver(t, s, "evt_account_"+account, "account.updated",
		map[string]any{"object": "account", "id": account, "charges_enabled": true, "details_submitted": true})
	if res.Status != http.StatusOK {
		t.Fatalf("account.updated: %d %s", res.Status, res.Body)
	}
}

func paid(t *testing.T, s *classestest.Server, e classesapi.Enrollment, pi string) string {
	t.Helper()
	evID := paymentstest.NewEventID()
	session := paymentstest.CheckoutSession("cs_"+e.ID, e.ID, pi, e.AmountCents, map[string]string{"enrollmentId": e.ID})
	if res := deliver(t, s, evID, "checkout.session.completed", session); res.Status != http.StatusOK {
		t.Fatalf("webhook: %d %s", res.Status, res.Body)
	}
	return evID
}

// A card enrolment holds its seats until a verified webhook confirms it; the
// platform's fee is 10 %; a cancellation before the cutoff refunds it through
// Stripe and frees the seat.
func TestCardEnrolmentWebhookAndRefund(t *testing.T) {
	classestest.EachDB(t, func(t *testing.T, dbURL string) {
		s := cardServer(t, dbURL)
		c := s.PublishedClass("Card Steppin", 9000, 2, 4)
		if res := s.Enrol(student, c.ID, "card", false); res.Status != http.StatusConflict || !strings.Contains(string(res.Body), "at the door") {
			t.Fatalf("card before the instructor onboarded: %d %s", res.Status, res.Body)
		}
		if s.Class(c.ID).CardPayments {
			t.Fatal("cardPayments before onboarding")
		}
		onboard(t, s)
		if !s.Class(c.ID).CardPayments {
			t.Fatal("no cardPayments after onboarding")
		}
		var e classesapi.Enrollment
		res := s.Enrol(student, c.ID, "card", false)
		res.JSON(t, &e)
		if res.Status != http.StatusCreated || e.Status != "PENDING_PAYMENT" || e.CheckoutURL == "" || e.AmountCents != 9000 ||
			e.PlatformFeeCents != 900 || e.HoldExpiresAt == nil {
			t.Fatalf("card enrolment: %d %s", res.Status, res.Body)
		}
		if left := s.Class(c.ID).SeatsLeft; left != 1 {
			t.Fatalf("the hold takes a seat: %d left", left)
		}
		evID := paid(t, s, e, "pi_card_1")
		if got := s.Enrollment(student, e.ID); got.Status != "CONFIRMED" {
			t.Fatalf("after payment: %+v", got)
		}
		body, sig := paymentstest.SignedEventWithID(t, paymentstest.TestWebhookSecret, evID, "checkout.session.completed",
			paymentstest.CheckoutSession("cs_"+e.ID, e.ID, "pi_card_1", 9000, nil))
		if res := s.Do("POST", "/api/webhooks/stripe", nil, body, "Stripe-Signature", sig); !strings.Contains(string(res.Body), `"duplicate":true`) {
			t.Fatalf("redelivery: %d %s", res.Status, res.Body)
		}
		var mails int
		if err := s.Instance.Deps.DB.QueryRow(`SELECT COUNT(*) FROM kit_outbox_mail WHERE to_addrs = $1 AND subject = $2`,
			student.Email, "You're enrolled: Card Steppin").Scan(&mails); err != nil || mails != 1 {
			t.Fatalf("confirmation mail: %d %v", mails, err)
		}
		forged, _ := paymentstest.SignedEvent(t, "whsec_wrong", "checkout.session.completed", paymentstest.CheckoutSession("cs_x", e.ID, "pi_x", 9000, nil))
		if res := s.Do("POST", "/api/webhooks/stripe", nil, forged, "Stripe-Signature", paymentstest.Sign("whsec_wrong", forged)); res.Status != http.StatusBadRequest {
			t.Fatalf("forged webhook: %d", res.Status)
		}
		var stats struct {
			Gross int64 `json:"grossCents"`
			Fee   int64 `json:"platformFeeCents"`
			Net   int64 `json:"netCents"`
		}
		s.Must(http.StatusOK, "GET", "/api/classes/"+c.ID+"/stats", teacher, nil).JSON(t, &stats)
		if stats.Gross != 9000 || stats.Fee != 900 || stats.Net != 8100 {
			t.Fatalf("revenue: %+v", stats)
		}
		var cancelled classesapi.Enrollment
		s.Must(http.StatusOK, "POST", "/api/enrollments/"+e.ID+"/cancel", student, nil).JSON(t, &cancelled)
		if cancelled.Status != "REFUNDED" || cancelled.RefundedCents != 9000 {
			t.Fatalf("cancel before the cutoff: %+v", cancelled)
		}
		if left := s.Class(c.ID).SeatsLeft; left != 2 {
			t.Fatalf("seat back after the refund: %d", left)
		}
		s.Must(http.StatusOK, "GET", "/api/classes/"+c.ID+"/stats", teacher, nil).JSON(t, &stats)
		if stats.Gross != 0 || stats.Fee != 0 || stats.Net != 0 {
			t.Fatalf("revenue after the refund: %+v", stats)
		}
		if res := s.Do("POST", "/api/enrollments/"+e.ID+"/cancel", student, nil); res.Code() != "INVALID_TRANSITION" {
			t.Fatalf("second cancel: %d %s", res.Status, res.Body)
		}
	})
}

// An abandoned card checkout gives its seat to the first in line, who is offered it
// and claims it by card; a payment that arrives after the hold ended is refunded,
// not seated over the line.
func TestExpiredCheckoutMovesTheLine(t *testing.T) {
	s := cardServer(t, "")
	c := s.PublishedClass("Packed Steppin", 6000, 1, 2)
	onboard(t, s)
	var held, waiting classesapi.Enrollment
	s.Enrol(student, c.ID, "card", false).JSON(t, &held)
	s.Must(http.StatusCreated, "POST", "/api/enrollments", classestest.StudentN(1),
		map[string]any{"classId": c.ID, "paymentMethod": "card", "waitlist": true}).JSON(t, &waiting)
	if waiting.Status != "WAITLISTED" || *waiting.WaitlistPosition != 1 {
		t.Fatalf("waiting: %+v", waiting)
	}
	expired := paymentstest.CheckoutSession("cs_"+held.ID, held.ID, "", 6000, nil)
	expired["status"], expired["payment_status"] = "expired", "unpaid"
	if res := deliver(t, s, paymentstest.NewEventID(), "checkout.session.expired", expired); res.Status != http.StatusOK {
		t.Fatalf("expired: %d %s", res.Status, res.Body)
	}
	if got := s.Enrollment(student, held.ID); got.Status != "EXPIRED" {
		t.Fatalf("the abandoned hold: %+v", got)
	}
	offered := s.Enrollment(classestest.StudentN(1), waiting.ID)
	if offered.Status != "OFFERED" || offered.HoldExpiresAt == nil || len(offered.Sessions) != 2 {
		t.Fatalf("the first in line is offered the seat: %+v", offered)
	}
	var claimed classesapi.Enrollment
	s.Must(http.StatusOK, "POST", "/api/enrollments/"+waiting.ID+"/claim", classestest.StudentN(1), map[string]string{"paymentMethod": "card"}).JSON(t, &claimed)
	if claimed.Status != "PENDING_PAYMENT" || claimed.CheckoutURL == "" || claimed.PlatformFeeCents != 600 {
		t.Fatalf("claimed by card: %+v", claimed)
	}
	paid(t, s, claimed, "pi_claimed")
	if got := s.Enrollment(classestest.StudentN(1), waiting.ID); got.Status != "CONFIRMED" {
		t.Fatalf("the claimed seat, paid: %+v", got)
	}
	// The first student pays late: the money goes back, the seat stays with the line.
	paid(t, s, held, "pi_late")
	if got := s.Enrollment(student, held.ID); got.Status != "EXPIRED" {
		t.Fatalf("a late payment: %+v", got)
	}
	if got := s.Class(c.ID); got.Sessions[0].SeatsLeft != 0 {
		t.Fatalf("seats: %+v", got.Sessions)
	}
	var fee int64
	if err := s.Instance.Deps.DB.QueryRow(`SELECT fee_cents FROM enrollments WHERE id = $1`, waiting.ID).Scan(&fee); err != nil || fee != 600 {
		t.Fatalf("fee: %d %v", fee, err)
	}
}

// The instructor cancels the class: card payments get back what is still to come,
// door payers and the line are released, everyone is told.
func TestCancelClassRefundsEveryone(t *testing.T) {
	s := cardServer(t, "")
	c := s.PublishedClass("Rained Out Class", 8000, 3, 4)
	onboard(t, s)
	var card, door, line classesapi.Enrollment
	s.Enrol(student, c.ID, "card", false).JSON(t, &card)
	paid(t, s, card, "pi_cancel")
	s.Enrol(classestest.StudentN(1), c.ID, "door", false).JSON(t, &door)
	s.Enrol(classestest.StudentN(2), c.ID, "door", false)
	s.Enrol(classestest.StudentN(3), c.ID, "door", true).JSON(t, &line)
	var out struct {
		Class  classesapi.Class `json:"class"`
		Result struct {
			Refunded int `json:"refunded"`
			Released int `json:"released"`
		} `json:"result"`
	}
	s.Must(http.StatusOK, "POST", "/api/classes/"+c.ID+"/cancel", teacher, nil).JSON(t, &out)
	if out.Class.Status != "CANCELLED" || out.Result.Refunded != 1 || out.Result.Released != 3 {
		t.Fatalf("cancel: %+v", out)
	}
	for _, x := range out.Class.Sessions {
		if x.Status != "CANCELLED" {
			t.Fatalf("session %+v", x)
		}
	}
	if got := s.Enrollment(student, card.ID); got.Status != "REFUNDED" || got.RefundedCents != 8000 {
		t.Fatalf("card: %+v", got)
	}
	if got := s.Enrollment(classestest.StudentN(3), line.ID); got.Status != "CANCELLED" {
		t.Fatalf("line: %+v", got)
	}
	var told int
	if err := s.Instance.Deps.DB.QueryRow(`SELECT COUNT(*) FROM kit_outbox_mail WHERE subject = $1`, "Cancelled: Rained Out Class").Scan(&told); err != nil || told != 4 {
		t.Fatalf("notices: %d %v", told, err)
	}
	if res := s.Enrol(classestest.StudentN(4), c.ID, "door", false); res.Code() != "CONFLICT" {
		t.Fatalf("enrolling in a cancelled class: %d %s", res.Status, res.Body)
	}
}

// The instructor cancels one session: a card series student gets that session's
// share back and keeps the place; a card drop-in for it is refunded in full and
// ended; a later class cancellation refunds the rest, to the cent.
func TestCancelSessionRefundsItsShare(t *testing.T) {
	classestest.EachDB(t, func(t *testing.T, dbURL string) {
		s := cardServer(t, dbURL)
		body := classestest.ClassBody("Share Steppin", 10000, 5, 3, classestest.NextWeekday7PM(7, time.Tuesday))
		body["dropInPriceCents"] = 4000
		c := s.Publish(body)
		onboard(t, s)
		var series, drop classesapi.Enrollment
		s.Enrol(student, c.ID, "card", false).JSON(t, &series)
		paid(t, s, series, "pi_series")
		s.Must(http.StatusCreated, "POST", "/api/enrollments", classestest.StudentN(1), map[string]any{"classId": c.ID,
			"sessionId": c.Sessions[1].ID, "paymentMethod": "card"}).JSON(t, &drop)
		paid(t, s, drop, "pi_drop")
		var out struct {
			Result struct{ Refunded int } `json:"result"`
		}
		s.Must(http.StatusOK, "POST", "/api/classes/"+c.ID+"/sessions/"+c.Sessions[1].ID+"/cancel", teacher, nil).JSON(t, &out)
		if out.Result.Refunded != 2 {
			t.Fatalf("refunded %+v", out)
		}
		if got := s.Enrollment(student, series.ID); got.Status != "CONFIRMED" || got.RefundedCents != 3333 {
			t.Fatalf("series: %+v", got)
		}
		if got := s.Enrollment(classestest.StudentN(1), drop.ID); got.Status != "REFUNDED" || got.RefundedCents != 4000 {
			t.Fatalf("drop-in: %+v", got)
		}
		s.Must(http.StatusOK, "POST", "/api/classes/"+c.ID+"/cancel", teacher, nil)
		if got := s.Enrollment(student, series.ID); got.Status != "REFUNDED" || got.RefundedCents != 10000 {
			t.Fatalf("series after the class is cancelled: %+v", got)
		}
	})
}
