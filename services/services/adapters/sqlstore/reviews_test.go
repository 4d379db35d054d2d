package sqlstore_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"stepperslife/services/services/adapters/sqlstore"
	"stepperslife/services/services/domain"
)

func TestOneReviewEachUnderRacingSubmissions(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		p := seed(t, s, listing{name: "Racing"})
		const racers = 8
		var wg sync.WaitGroup
		results := make(chan error, racers*2)
		for i := range racers {
			for _, author := range []string{"alice", "bob"} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					results <- s.AddReview(ctx, domain.Review{ID: domain.NewID(), ProviderID: p.ID, AuthorID: author,
						Rating: 1 + i%5, Status: domain.ReviewVisible, CreatedAt: now})
				}()
			}
		}
		wg.Wait()
		close(results)
		ok, dup := 0, 0
		for err := range results {
			switch {
			case err == nil:
				ok++
			case errors.Is(err, domain.ErrDuplicate):
				dup++
			default:
				t.Errorf("unexpected: %v", err)
			}
		}
		if ok != 2 || dup != 2*racers-2 {
			t.Fatalf("%d stored, %d duplicates", ok, dup)
		}
		got, err := s.Provider(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		var sum, n int
		if err := s.DB().QueryRowContext(ctx, `SELECT COALESCE(SUM(rating), 0), COUNT(*) FROM reviews WHERE provider_id = $1`,
			p.ID).Scan(&sum, &n); err != nil {
			t.Fatal(err)
		}
		if got.ReviewCount != 2 || n != 2 || got.RatingSum != sum {
			t.Fatalf("listing counts %d/%d, table %d/%d", got.ReviewCount, got.RatingSum, n, sum)
		}
	})
}

func TestHiddenReviewsLeaveTheRating(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		p := seed(t, s, listing{name: "Rated"})
		review(t, s, p, 2, 5)
		bad := domain.Review{ID: domain.NewID(), ProviderID: p.ID, AuthorID: "troll", Rating: 1, Body: "spam",
			Status: domain.ReviewVisible, CreatedAt: now}
		if err := s.AddReview(ctx, bad); err != nil {
			t.Fatal(err)
		}
		rating := func() (float64, int) {
			t.Helper()
			got, err := s.Provider(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Rating() == nil {
				return 0, got.ReviewCount
			}
			return *got.Rating(), got.ReviewCount
		}
		if r, n := rating(); r != 3.7 || n != 3 {
			t.Fatalf("with the 1-star: %v over %d", r, n)
		}
		later := now.Add(time.Hour)
		if err := s.MoveReview(ctx, bad.ID, domain.ReviewVisible, domain.ReviewReported, "not a customer", "owner", later); err != nil {
			t.Fatal(err)
		}
		if r, n := rating(); r != 5 || n != 2 {
			t.Fatalf("reported review still counts: %v over %d", r, n)
		}
		if err := s.MoveReview(ctx, bad.ID, domain.ReviewVisible, domain.ReviewReported, "again", "x", later); !errors.Is(err, domain.ErrWrongState) {
			t.Fatalf("second report: %v", err)
		}
		rs, total, err := s.VisibleReviews(ctx, p.ID, 10, 0)
		if err != nil || total != 2 || len(rs) != 2 {
			t.Fatalf("visible: %d %d %v", len(rs), total, err)
		}
		queue, total, err := s.ReportedReviews(ctx, 10, 0)
		if err != nil || total != 1 || queue[0].ReportReason != "not a customer" {
			t.Fatalf("reported: %+v %d %v", queue, total, err)
		}
		// The admin keeps it: it counts again. Then an edit moves the total by the difference.
		if err := s.MoveReview(ctx, bad.ID, domain.ReviewReported, domain.ReviewVisible, "", "", later); err != nil {
			t.Fatal(err)
		}
		if r, n := rating(); r != 3.7 || n != 3 {
			t.Fatalf("kept: %v over %d", r, n)
		}
		if err := s.EditReview(ctx, bad.ID, 4, "fine after all", later); err != nil {
			t.Fatal(err)
		}
		if r, n := rating(); r != 4.7 || n != 3 {
			t.Fatalf("edited: %v over %d", r, n)
		}
		if err := s.MoveReview(ctx, bad.ID, domain.ReviewVisible, domain.ReviewReported, "", "", later); err != nil {
			t.Fatal(err)
		}
		if err := s.MoveReview(ctx, bad.ID, domain.ReviewReported, domain.ReviewRemoved, "", "", later); err != nil {
			t.Fatal(err)
		}
		if r, n := rating(); r != 5 || n != 2 {
			t.Fatalf("removed: %v over %d", r, n)
		}
	})
}

func TestOneReplyPerReview(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		p := seed(t, s, listing{name: "Replies"})
		r := domain.Review{ID: domain.NewID(), ProviderID: p.ID, AuthorID: "c", Rating: 4, Status: domain.ReviewVisible, CreatedAt: now}
		if err := s.AddReview(ctx, r); err != nil {
			t.Fatal(err)
		}
		if err := s.ReplyToReview(ctx, r.ID, "Thank you!", now); err != nil {
			t.Fatal(err)
		}
		if err := s.ReplyToReview(ctx, r.ID, "Again", now); !errors.Is(err, domain.ErrWrongState) {
			t.Fatalf("second reply: %v", err)
		}
		got, err := s.Review(ctx, r.ID)
		if err != nil || got.Reply != "Thank you!" || got.RepliedAt == nil {
			t.Fatalf("reply: %+v %v", got, err)
		}
	})
}

func TestInquiryThread(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		p := seed(t, s, listing{name: "Inbox"})
		day := time.Date(2026, 7, 4, 0, 0, 0, 0, time.UTC)
		budget := int64(50000)
		mk := func(customer string, at time.Time) domain.Inquiry {
			q := domain.Inquiry{ID: domain.NewID(), ProviderID: p.ID, CustomerID: customer, Status: domain.InquiryNew,
				EventDate: &day, BudgetCents: &budget, Message: "Free on the 4th?", CreatedAt: at, UpdatedAt: at}
			if err := s.CreateInquiry(ctx, q); err != nil {
				t.Fatal(err)
			}
			return q
		}
		a := mk("ann", now)
		b := mk("ben", now.Add(time.Minute))
		_ = mk("cat", now.Add(2*time.Minute))
		if err := s.MoveInquiry(ctx, a.ID, domain.InquiryNew, domain.InquiryViewed, now); err != nil {
			t.Fatal(err)
		}
		if err := s.MoveInquiry(ctx, a.ID, domain.InquiryNew, domain.InquiryViewed, now); !errors.Is(err, domain.ErrWrongState) {
			t.Fatalf("stale move: %v", err)
		}
		for _, m := range []domain.Message{
			{ID: domain.NewID(), InquiryID: a.ID, AuthorID: "owner", FromOwner: true, Body: "Yes!", CreatedAt: now.Add(2 * time.Hour)},
			{ID: domain.NewID(), InquiryID: a.ID, AuthorID: "ann", Body: "Great", CreatedAt: now.Add(3 * time.Hour)},
			{ID: domain.NewID(), InquiryID: a.ID, AuthorID: "owner", FromOwner: true, Body: "Deal", CreatedAt: now.Add(5 * time.Hour)},
			{ID: domain.NewID(), InquiryID: b.ID, AuthorID: "owner", FromOwner: true, Body: "Booked, sorry", CreatedAt: now.Add(5 * time.Hour)},
		} {
			if err := s.AddMessage(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.Inquiry(ctx, a.ID)
		if err != nil || got.Status != domain.InquiryResponded || !got.RespondedAt.Equal(now.Add(2*time.Hour)) ||
			!got.EventDate.Equal(day) || *got.BudgetCents != budget {
			t.Fatalf("answered: %+v %v", got, err)
		}
		thread, err := s.Messages(ctx, a.ID)
		if err != nil || len(thread) != 4 || thread[0].Body != "Free on the 4th?" || !thread[1].FromOwner || thread[3].Body != "Deal" {
			t.Fatalf("thread: %+v %v", thread, err)
		}
		st, err := s.ResponseStats(ctx, p.ID, now.AddDate(0, 0, -90))
		if err != nil {
			t.Fatal(err)
		}
		if st.Inquiries != 3 || st.Responded != 2 || *st.Rate() != 67 || *st.MedianResponse != (2*time.Hour+4*time.Hour+59*time.Minute)/2 {
			t.Fatalf("stats: %+v rate %d median %v", st, *st.Rate(), st.MedianResponse)
		}
		news, total, err := s.InquiriesOfProvider(ctx, p.ID, domain.InquiryNew, 10, 0)
		if err != nil || total != 1 || news[0].CustomerID != "cat" {
			t.Fatalf("new: %+v %d %v", news, total, err)
		}
		mine, total, err := s.InquiriesOfCustomer(ctx, "ann", 10, 0)
		if err != nil || total != 1 || mine[0].ID != a.ID {
			t.Fatalf("ann's: %+v %d %v", mine, total, err)
		}
		if n, err := s.InquiriesSince(ctx, "", p.ID, now.Add(30*time.Second)); err != nil || n != 2 {
			t.Fatalf("since: %d %v", n, err)
		}
		if ok, err := s.Answered(ctx, p.ID, "ann"); err != nil || !ok {
			t.Fatalf("ann answered: %v %v", ok, err)
		}
		if ok, err := s.Answered(ctx, p.ID, "cat"); err != nil || ok {
			t.Fatalf("cat answered: %v %v", ok, err)
		}
	})
}
