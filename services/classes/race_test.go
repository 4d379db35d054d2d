package classes_test

import (
	"context"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"stepperslife/internal/api/classesapi"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/services/classes/adapters/sqlstore"
	"stepperslife/services/classes/classestest"
	"stepperslife/services/classes/domain"
)

// 100 students race through the API for the 3 seats of a series: exactly 3 are
// enrolled and the other 97 stand in line at positions 1 to 97, on both databases.
func TestRacingStudentsThroughTheAPI(t *testing.T) {
	classestest.EachDB(t, func(t *testing.T, dbURL string) {
		s := classestest.Start(t, classestest.Options{DatabaseURL: dbURL})
		c := s.PublishedClass("Racing Steppin", 0, 3, 3)
		const students = 100
		var wg sync.WaitGroup
		var mu sync.Mutex
		answers := map[string]int{}
		var positions []int
		for i := range students {
			wg.Add(1)
			go func() {
				defer wg.Done()
				u := classestest.StudentN(i)
				res, err := s.Try("POST", "/api/enrollments", u, map[string]any{"classId": c.ID, "paymentMethod": "free", "waitlist": true})
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					answers["error"]++
					return
				}
				var e classesapi.Enrollment
				res.JSON(t, &e)
				answers[strconv.Itoa(res.Status)+" "+e.Status]++
				if e.WaitlistPosition != nil {
					positions = append(positions, *e.WaitlistPosition)
				}
			}()
		}
		wg.Wait()
		if answers["201 CONFIRMED"] != 3 || answers["201 WAITLISTED"] != 97 || len(answers) != 2 {
			t.Fatalf("answers %v", answers)
		}
		sort.Ints(positions)
		for i, p := range positions {
			if p != i+1 {
				t.Fatalf("positions %v", positions)
			}
		}
		got := s.Class(c.ID)
		for _, x := range got.Sessions {
			if x.SeatsLeft != 0 {
				t.Fatalf("session %+v", x)
			}
		}
		if got.WaitlistCount != 97 {
			t.Fatalf("line %d", got.WaitlistCount)
		}
	})
}

// BenchmarkEnrolPostgres64 measures enrolments per second through the whole HTTP
// stack on PostgreSQL with 64 concurrent students on one class, then checks that no
// session seats more than its capacity. Run by hand:
//
//	go test ./services/classes/ -run '^$' -bench EnrolPostgres64 -benchtime 3000x
func BenchmarkEnrolPostgres64(b *testing.B) { benchmarkEnrol(b, dbtest.PostgresURL(b), 64) }

// BenchmarkEnrolSQLite64 is the same on the embedded database.
func BenchmarkEnrolSQLite64(b *testing.B) { benchmarkEnrol(b, "", 64) }

func benchmarkEnrol(b *testing.B, dbURL string, workers int) {
	s := classestest.Start(b, classestest.Options{DatabaseURL: dbURL})
	// Seats for exactly b.N students, made in the store (above the API's capacity
	// limit), and 10 % more students than seats: the rest hear SOLD_OUT.
	now := time.Now().UTC()
	in := domain.ClassInput{Title: "Benchmark Steppin", Venue: "Hall", Capacity: b.N, FirstSessionAt: now.Add(72 * time.Hour),
		DurationMinutes: 60, Weeks: 1}
	c := domain.Class{ID: domain.NewID(), Slug: domain.Slugify(in.Title), InstructorID: classestest.Instructor.ID, Title: in.Title,
		Style: "STEPPIN", Level: "ALL_LEVELS", Venue: in.Venue, Capacity: b.N, DurationMinutes: 60, CutoffHours: 24,
		Status: domain.ClassPublished, CreatedAt: now, UpdatedAt: now}
	if err := sqlstore.New(s.Instance.Deps.DB).CreateClass(context.Background(), c, domain.NewSessions(c.ID, in, now)); err != nil {
		b.Fatal(err)
	}
	attempts := b.N + b.N/10
	var next, created, full, other atomic.Int64
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				n := next.Add(1)
				if n > int64(attempts) {
					return
				}
				res, err := s.Try("POST", "/api/enrollments", classestest.StudentN(int(n)), map[string]any{"classId": c.ID, "paymentMethod": "free"})
				switch {
				case err != nil:
					other.Add(1)
				case res.Status == http.StatusCreated:
					created.Add(1)
				case res.Code() == "SOLD_OUT":
					full.Add(1)
				default:
					other.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	var taken int
	if err := s.Instance.Deps.DB.QueryRow(`SELECT MAX(taken) FROM class_sessions WHERE class_id = $1`, c.ID).Scan(&taken); err != nil {
		b.Fatal(err)
	}
	if created.Load() != int64(b.N) || taken != b.N || other.Load() != 0 {
		b.Fatalf("capacity %d: created %d, taken %d, sold out %d, other %d", b.N, created.Load(), taken, full.Load(), other.Load())
	}
	b.ReportMetric(float64(created.Load())/elapsed.Seconds(), "enrolments/s")
	b.ReportMetric(float64(attempts)/elapsed.Seconds(), "requests/s")
	b.Logf("capacity %d, %d students: %d enrolled, %d SOLD_OUT, over capacity 0", b.N, workers, created.Load(), full.Load())
}
