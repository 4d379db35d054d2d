package services_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/api/servicesapi"
	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/web"
	st "stepperslife/services/services/servicestest"
)

type providerList = web.List[servicesapi.Provider]

func TestApplyApproveAndFind(t *testing.T) {
	st.EachDB(t, func(t *testing.T, dbURL string) {
		s := st.Start(t, st.Options{DatabaseURL: dbURL})
		// Only a SERVICE_PROVIDER applies, and what it sends is checked at the edge.
		s.Must(403, "POST", "/api/providers", st.Customer, st.Application("Nope"))
		bad := st.Application("")
		bad.Phone = "555"
		if r := s.Must(400, "POST", "/api/providers", st.Owner, bad); r.Code() != "VALIDATION_FAILED" ||
			!strings.Contains(string(r.Body), `"phone"`) || !strings.Contains(string(r.Body), `"businessName"`) {
			t.Fatalf("refusal: %s", r.Body)
		}
		in := st.Application("Smooth Groove")
		in.Description = "We spin **steppers**. <script>alert(1)</script>"
		var p servicesapi.Provider
		s.Must(201, "POST", "/api/providers", st.Owner, in).JSON(t, &p)
		if p.Status != "PENDING" || p.Slug == "" || p.Phone != "+13125550142" || p.Rating != nil ||
			strings.Contains(p.DescriptionHTML, "<script") || !strings.Contains(p.DescriptionHTML, "<strong>steppers</strong>") {
			t.Fatalf("applied: %+v", p)
		}
		// A pending listing is its owner's and admins' only.
		s.Must(404, "GET", "/api/providers/"+p.Slug, nil, nil)
		s.Must(404, "GET", "/api/providers/"+p.Slug, st.Customer, nil)
		s.Must(200, "GET", "/api/providers/"+p.Slug, st.Owner, nil)
		var list providerList
		s.Must(200, "GET", "/api/providers", nil, nil).JSON(t, &list)
		if list.Pagination.Total != 0 {
			t.Fatalf("a pending listing is listed: %+v", list)
		}

		s.Must(403, "POST", "/api/admin/providers/"+p.ID+"/approve", st.Owner, nil)
		s.Must(400, "POST", "/api/admin/providers/"+p.ID+"/reject", st.Admin, nil) // a reason is required
		s.Must(200, "POST", "/api/admin/providers/"+p.ID+"/approve", st.Admin, map[string]string{"reason": "checked"}).JSON(t, &p)
		if p.Status != "APPROVED" {
			t.Fatalf("approved: %s", p.Status)
		}
		if r := s.Must(409, "POST", "/api/admin/providers/"+p.ID+"/reject", st.Admin, map[string]string{"reason": "late"}); r.Code() != "INVALID_TRANSITION" {
			t.Fatalf("reject after approve: %s", r.Body)
		}
		for _, q := range []string{"?category=DJ", "?q=groove", "?zip=60620&within=5", "?city=Chicago", "?q=steppers&category=dj"} {
			s.Must(200, "GET", "/api/providers"+q, nil, nil).JSON(t, &list)
			if list.Pagination.Total != 1 || list.Items[0].ID != p.ID {
				t.Errorf("%s: %+v", q, list.Pagination)
			}
		}
		for _, q := range []string{"?category=VENUE", "?q=photography", "?zip=60201&within=3", "?minRating=1"} {
			s.Must(200, "GET", "/api/providers"+q, nil, nil).JSON(t, &list)
			if list.Pagination.Total != 0 {
				t.Errorf("%s found %d", q, list.Pagination.Total)
			}
		}
		s.Must(400, "GET", "/api/providers?category=BARBER", nil, nil)
		s.Must(400, "GET", "/api/providers?zip=99999", nil, nil)

		var cats web.List[servicesapi.Category]
		s.Must(200, "GET", "/api/categories", nil, nil).JSON(t, &cats)
		if len(cats.Items) != 10 || cats.Items[0].Key != "DJ" || cats.Items[0].Count != 1 || cats.Items[0].Name != "DJs" {
			t.Fatalf("categories: %+v", cats.Items)
		}

		// Suspended: out of the directory; back when restored. Premium and verify.
		s.Must(200, "POST", "/api/admin/providers/"+p.ID+"/suspend", st.Admin, nil)
		s.Must(404, "GET", "/api/providers/"+p.Slug, st.Customer, nil)
		s.Must(200, "POST", "/api/admin/providers/"+p.ID+"/approve", st.Admin, nil)
		until := time.Now().Add(30 * 24 * time.Hour).UTC()
		s.Must(200, "POST", "/api/admin/providers/"+p.ID+"/premium", st.Admin, map[string]any{"until": until}).JSON(t, &p)
		if !p.Premium {
			t.Fatal("not premium")
		}
		s.Must(400, "POST", "/api/admin/providers/"+p.ID+"/premium", st.Admin, map[string]any{"until": time.Now().Add(-time.Hour)})
		s.Must(200, "POST", "/api/admin/providers/"+p.ID+"/verify", st.Admin, nil).JSON(t, &p)
		if !p.Verified {
			t.Fatal("not verified")
		}

		// Every admin action is in the audit trail.
		trail, err := audit.Trail(context.Background(), s.Instance.Deps.DB, audit.Subject{Kind: "provider", ID: p.ID}, 0)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range trail {
			actions = append(actions, e.Action)
			if e.Actor.ID != st.Admin.ID {
				t.Errorf("actor %+v", e.Actor)
			}
		}
		if got := strings.Join(actions, ","); got != "verify,premium,approve,suspend,approve" {
			t.Fatalf("trail %s", got)
		}
	})
}

func TestInquiryPrivacyAndThread(t *testing.T) {
	st.EachDB(t, func(t *testing.T, dbURL string) {
		s := st.Start(t, st.Options{DatabaseURL: dbURL})
		p := s.Listed(st.Owner, st.Application("Private Beats"))
		s.Must(401, "POST", "/api/providers/"+p.ID+"/inquiries", nil, map[string]string{"message": "hi"})
		s.Must(400, "POST", "/api/providers/"+p.ID+"/inquiries", st.Customer, map[string]string{"message": "hi", "eventDate": "July 4"})
		s.Must(403, "POST", "/api/providers/"+p.ID+"/inquiries", st.Owner, map[string]string{"message": "me"})
		day := time.Now().AddDate(0, 1, 0).Format("2006-01-02")
		var q servicesapi.Inquiry
		s.Must(201, "POST", "/api/providers/"+p.ID+"/inquiries", st.Customer,
			map[string]any{"message": "Free that Saturday?", "eventDate": day, "budgetCents": 60000, "guests": 120}).JSON(t, &q)
		if q.Status != "NEW" || q.EventDate != day || *q.BudgetCents != 60000 {
			t.Fatalf("sent: %+v", q)
		}

		// Every other role learns nothing of it.
		strangers := []*auth.User{st.OtherOwner, st.CustomerN(9),
			{ID: "u-writer", Email: "w@example.com", Roles: []string{auth.RoleUser, auth.RoleMagazineWriter}},
			{ID: "u-org", Email: "o@example.com", Roles: []string{auth.RoleUser, auth.RoleEventOrganizer}},
			{ID: "u-rest", Email: "r@example.com", Roles: []string{auth.RoleUser, auth.RoleRestaurantOwner}},
			{ID: "u-inst", Email: "i@example.com", Roles: []string{auth.RoleUser, auth.RoleInstructor}},
			{ID: "u-vendor", Email: "v@example.com", Roles: []string{auth.RoleUser, auth.RoleStoreOwner}}}
		for _, u := range strangers {
			s.Must(404, "GET", "/api/inquiries/"+q.ID, u, nil)
			s.Must(404, "POST", "/api/inquiries/"+q.ID+"/messages", u, map[string]string{"body": "peek"})
			s.Must(404, "PATCH", "/api/inquiries/"+q.ID, u, map[string]string{"status": "ARCHIVED"})
			if r := s.Do("GET", "/api/providers/"+p.ID+"/inquiries", u, nil); r.Status != 403 {
				t.Errorf("%s read the inbox: %d", u.ID, r.Status)
			}
			var mine web.List[servicesapi.Inquiry]
			s.Must(200, "GET", "/api/me/inquiries", u, nil).JSON(t, &mine)
			if mine.Pagination.Total != 0 {
				t.Errorf("%s sees %d inquiries", u.ID, mine.Pagination.Total)
			}
		}
		s.Must(401, "GET", "/api/inquiries/"+q.ID, nil, nil)

		// The customer reads it; the provider opening it marks it VIEWED; the first reply RESPONDED.
		s.Must(200, "GET", "/api/inquiries/"+q.ID, st.Customer, nil).JSON(t, &q)
		if q.Status != "NEW" {
			t.Fatalf("the customer's read moved it: %s", q.Status)
		}
		var inbox web.List[servicesapi.Inquiry]
		s.Must(200, "GET", "/api/providers/"+p.ID+"/inquiries?status=NEW", st.Owner, nil).JSON(t, &inbox)
		if inbox.Pagination.Total != 1 {
			t.Fatalf("inbox: %+v", inbox)
		}
		s.Must(200, "GET", "/api/inquiries/"+q.ID, st.Owner, nil).JSON(t, &q)
		if q.Status != "VIEWED" {
			t.Fatalf("opened: %s", q.Status)
		}
		s.Must(201, "POST", "/api/inquiries/"+q.ID+"/messages", st.Owner, map[string]string{"body": "Yes, $600 for the night."}).JSON(t, &q)
		s.Must(201, "POST", "/api/inquiries/"+q.ID+"/messages", st.Customer, map[string]string{"body": "Booked!"}).JSON(t, &q)
		if q.Status != "RESPONDED" || len(q.Messages) != 3 || !q.Messages[1].FromProvider || q.Messages[2].FromProvider {
			t.Fatalf("thread: %+v", q)
		}
		s.Must(200, "GET", "/api/inquiries/"+q.ID, st.Admin, nil)
		s.Must(403, "PATCH", "/api/inquiries/"+q.ID, st.Customer, map[string]string{"status": "ARCHIVED"})
		if r := s.Must(409, "PATCH", "/api/inquiries/"+q.ID, st.Owner, map[string]string{"status": "NEW"}); r.Code() != "INVALID_TRANSITION" {
			t.Fatalf("back to new: %s", r.Body)
		}
		s.Must(200, "PATCH", "/api/inquiries/"+q.ID, st.Owner, map[string]string{"status": "ARCHIVED"})

		// Each message was an e-mail to the other side, through the outbox.
		rows := mails(t, s)
		if len(rows) != 3 || !strings.Contains(rows[0], "book@example.com") || !strings.Contains(rows[1], "cust@example.com") ||
			!strings.Contains(rows[2], "book@example.com") {
			t.Fatalf("mail: %v", rows)
		}

		var mine web.List[servicesapi.Inquiry]
		s.Must(200, "GET", "/api/me/inquiries", st.Customer, nil).JSON(t, &mine)
		if mine.Pagination.Total != 1 || mine.Items[0].ProviderName != "Private Beats" {
			t.Fatalf("mine: %+v", mine)
		}
		// The listing shows its response rate and time.
		var got servicesapi.Provider
		s.Must(200, "GET", "/api/providers/"+p.Slug, nil, nil).JSON(t, &got)
		if got.ResponseRate == nil || *got.ResponseRate != 100 || got.MedianResponseMinutes == nil {
			t.Fatalf("response figures: %+v", got)
		}
	})
}

// mails lists the outbox's recipients and subjects, oldest first.
func mails(t *testing.T, s *st.Server) []string {
	t.Helper()
	rows, err := s.Instance.Deps.DB.QueryContext(context.Background(), `SELECT to_addrs, subject FROM kit_outbox_mail ORDER BY created_at, id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var to, subject string
		if err := rows.Scan(&to, &subject); err != nil {
			t.Fatal(err)
		}
		out = append(out, to+" "+subject)
	}
	return out
}

func TestInquiryLimits(t *testing.T) {
	s := st.Start(t, st.Options{})
	p := s.Listed(st.Owner, st.Application("Popular"))
	for i := range 3 {
		s.Must(201, "POST", "/api/providers/"+p.ID+"/inquiries", st.Customer, map[string]string{"message": fmt.Sprint("ask ", i)})
	}
	r := s.Must(429, "POST", "/api/providers/"+p.ID+"/inquiries", st.Customer, map[string]string{"message": "again"})
	if r.Code() != "RATE_LIMITED" || r.Header.Get("Retry-After") == "" {
		t.Fatalf("429: %s %v", r.Body, r.Header)
	}
	// Another customer still gets through.
	s.Must(201, "POST", "/api/providers/"+p.ID+"/inquiries", st.CustomerN(1), map[string]string{"message": "hello"})
}

func TestReviews(t *testing.T) {
	st.EachDB(t, func(t *testing.T, dbURL string) {
		s := st.Start(t, st.Options{DatabaseURL: dbURL})
		p := s.Listed(st.Owner, st.Application("Reviewed"))
		path := "/api/providers/" + p.ID + "/reviews"
		s.Must(403, "POST", path, st.Owner, map[string]any{"rating": 5, "body": "I'm great"})
		s.Must(400, "POST", path, st.Customer, map[string]any{"rating": 6})
		// The customer whose inquiry was answered writes a verified review.
		var q servicesapi.Inquiry
		s.Must(201, "POST", "/api/providers/"+p.ID+"/inquiries", st.Customer, map[string]string{"message": "quote?"}).JSON(t, &q)
		s.Must(201, "POST", "/api/inquiries/"+q.ID+"/messages", st.Owner, map[string]string{"body": "sure"})
		var rv servicesapi.Review
		s.Must(201, "POST", path, st.Customer, map[string]any{"rating": 5, "body": "Packed the floor"}).JSON(t, &rv)
		if !rv.Verified || rv.Status != "VISIBLE" {
			t.Fatalf("review: %+v", rv)
		}
		if r := s.Must(409, "POST", path, st.Customer, map[string]any{"rating": 1, "body": "again"}); r.Code() != "CONFLICT" {
			t.Fatalf("second: %s", r.Body)
		}
		var other servicesapi.Review
		s.Must(201, "POST", path, st.CustomerN(2), map[string]any{"rating": 1, "body": "spam spam"}).JSON(t, &other)
		if other.Verified {
			t.Fatal("an unanswered customer's review is verified")
		}
		rating := func() (float64, int) {
			var got servicesapi.Provider
			s.Must(200, "GET", "/api/providers/"+p.Slug, nil, nil).JSON(t, &got)
			if got.Rating == nil {
				return 0, got.ReviewCount
			}
			return *got.Rating, got.ReviewCount
		}
		if r, n := rating(); r != 3 || n != 2 {
			t.Fatalf("rating %v over %d", r, n)
		}
		// A report hides it until an admin decides; hidden, it leaves the rating.
		s.Must(200, "POST", "/api/reviews/"+other.ID+"/report", st.Owner, map[string]string{"body": "never hired us"})
		if r, n := rating(); r != 5 || n != 1 {
			t.Fatalf("reported: %v over %d", r, n)
		}
		s.Must(409, "POST", "/api/reviews/"+other.ID+"/report", st.Customer, map[string]string{"body": "again"})
		s.Must(403, "POST", "/api/admin/reviews/"+other.ID+"/remove", st.Owner, nil)
		s.Must(200, "POST", "/api/admin/reviews/"+other.ID+"/remove", st.Admin, map[string]string{"reason": "not a customer"})
		if r, n := rating(); r != 5 || n != 1 {
			t.Fatalf("removed: %v over %d", r, n)
		}
		trail, err := audit.Trail(context.Background(), s.Instance.Deps.DB, audit.Subject{Kind: "review", ID: other.ID}, 0)
		if err != nil || len(trail) != 1 || trail[0].Action != "remove_review" || trail[0].Reason != "not a customer" {
			t.Fatalf("trail: %+v %v", trail, err)
		}
		// The provider answers once; nobody else answers.
		s.Must(403, "POST", "/api/reviews/"+rv.ID+"/reply", st.Customer, map[string]string{"body": "me too"})
		s.Must(200, "POST", "/api/reviews/"+rv.ID+"/reply", st.Owner, map[string]string{"body": "Thank you!"}).JSON(t, &rv)
		if rv.Reply != "Thank you!" || rv.RepliedAt == nil {
			t.Fatalf("reply: %+v", rv)
		}
		s.Must(409, "POST", "/api/reviews/"+rv.ID+"/reply", st.Owner, map[string]string{"body": "again"})
		// Its author edits instead of writing a second.
		s.Must(403, "PATCH", "/api/reviews/"+rv.ID, st.CustomerN(2), map[string]any{"rating": 1})
		s.Must(200, "PATCH", "/api/reviews/"+rv.ID, st.Customer, map[string]any{"rating": 4, "body": "Great, a bit loud"})
		if r, n := rating(); r != 4 || n != 1 {
			t.Fatalf("edited: %v over %d", r, n)
		}
		var list web.List[servicesapi.Review]
		s.Must(200, "GET", path, nil, nil).JSON(t, &list)
		if list.Pagination.Total != 1 {
			t.Fatalf("shown reviews: %+v", list)
		}
	})
}

func TestAdminQueue(t *testing.T) {
	s := st.Start(t, st.Options{})
	var pending servicesapi.Provider
	s.Must(201, "POST", "/api/providers", st.OtherOwner, st.Application("Waiting Lens")).JSON(t, &pending)
	p := s.Listed(st.Owner, st.Application("Listed"))
	var rv servicesapi.Review
	s.Must(201, "POST", "/api/providers/"+p.ID+"/reviews", st.Customer, map[string]any{"rating": 2}).JSON(t, &rv)
	s.Must(200, "POST", "/api/reviews/"+rv.ID+"/report", st.Owner, map[string]string{"body": "abusive"})
	s.Must(403, "GET", "/api/admin/queue", st.Owner, nil)
	var q struct {
		Items []struct{ Kind, ID, Title, URL string } `json:"items"`
	}
	s.Must(200, "GET", "/api/admin/queue", st.Admin, nil).JSON(t, &q)
	kinds := map[string]string{}
	for _, it := range q.Items {
		kinds[it.Kind] = it.ID
		if u, err := url.Parse(it.URL); err != nil || !strings.HasPrefix(u.Path, "/admin/") {
			t.Errorf("url %q", it.URL)
		}
	}
	if len(q.Items) != 2 || kinds["provider_application"] != pending.ID || kinds["reported_review"] != rv.ID {
		t.Fatalf("queue: %+v", q.Items)
	}
}

// The application exactly as CONTRACT.md writes it: no ZIP, the service area in words.
func TestContractShapedApplication(t *testing.T) {
	s := st.Start(t, st.Options{})
	var p servicesapi.Provider
	s.Must(201, "POST", "/api/providers", st.Owner, map[string]any{"businessName": "Contract Sounds",
		"description": "DJ for steppers sets.", "category": "DJ", "city": "Oak Park", "serviceArea": "Oak Park and Chicago",
		"priceRange": "$$", "phone": "708-555-0100", "email": "hello@contract.example", "website": "https://contract.example"}).JSON(t, &p)
	if p.Status != "PENDING" || p.ID == "" || p.Slug == "" || p.ServiceArea.Kind != "CITIES" || p.PriceRange != "MODERATE" {
		t.Fatalf("applied: %+v", p)
	}
	s.Must(200, "POST", "/api/admin/providers/"+p.ID+"/approve", st.Admin, nil)
	var list providerList
	s.Must(200, "GET", "/api/providers?city=Chicago", nil, nil).JSON(t, &list)
	if list.Pagination.Total != 1 {
		t.Fatalf("serves Chicago: %+v", list.Pagination)
	}
}
