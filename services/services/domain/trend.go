package domain

import (
	"strconv"
	"time"
)

// MonthRating is one month of a rating trend: the average of the reviews written
// that month (nil without any) and how many.
type MonthRating struct {
	Month   time.Time // the first of the month, UTC
	Average *float64
	Count   int
}

// RatingTrend buckets reviews into the months months up to now's, oldest first.
func RatingTrend(reviews []Review, now time.Time, months int) []MonthRating {
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -(months - 1), 0)
	out := make([]MonthRating, months)
	sums := make([]int, months)
	for i := range out {
		out[i].Month = first.AddDate(0, i, 0)
	}
	for _, r := range reviews {
		t := r.CreatedAt.UTC()
		i := (t.Year()-first.Year())*12 + int(t.Month()) - int(first.Month())
		if i < 0 || i >= months {
			continue
		}
		out[i].Count++
		sums[i] += r.Rating
	}
	for i := range out {
		if out[i].Count > 0 {
			avg := float64(sums[i]) / float64(out[i].Count)
			out[i].Average = &avg
		}
	}
	return out
}

// Stars is the month's average to one decimal, or "" without reviews.
func (m MonthRating) Stars() string {
	if m.Average == nil {
		return ""
	}
	return strconv.FormatFloat(*m.Average, 'f', 1, 64)
}
