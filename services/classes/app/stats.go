package app

import (
	"context"

	"stepperslife/internal/kit/auth"
	"stepperslife/services/classes/domain"
)

// Stats is how a class is doing, for its instructor.
type Stats struct {
	domain.Revenue
	// Enrolled counts places held (confirmed or awaiting payment or a claim); Waiting
	// those in line.
	Enrolled int
	Waiting  int
	// Marked counts attendance marks; Attended those present or late, NoShows those
	// absent.
	Marked   int
	Attended int
	NoShows  int
}

// AttendanceRate is attended of marked, 0 to 1 (0 before any mark).
func (s Stats) AttendanceRate() float64 { return ratio(s.Attended, s.Marked) }

// NoShowRate is absent of marked, 0 to 1.
func (s Stats) NoShowRate() float64 { return ratio(s.NoShows, s.Marked) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Stats sums a class's money, places and attendance for its instructor.
func (s *Service) Stats(ctx context.Context, u *auth.User, classID string) (Stats, error) {
	c, err := s.taught(ctx, u, classID)
	if err != nil {
		return Stats{}, err
	}
	es, err := s.store.EnrollmentsOfClass(ctx, c.ID)
	if err != nil {
		return Stats{}, err
	}
	marks, err := s.store.AttendanceCounts(ctx, c.ID)
	if err != nil {
		return Stats{}, err
	}
	st := Stats{Revenue: domain.RevenueOf(es)}
	for _, e := range es {
		switch {
		case e.Status.HoldsSeats():
			st.Enrolled++
		case e.Status == domain.EnrollWaitlisted:
			st.Waiting++
		}
	}
	for status, n := range marks {
		st.Marked += n
		if status.Attended() {
			st.Attended += n
		}
		if status == domain.Absent {
			st.NoShows += n
		}
	}
	return st, nil
}
