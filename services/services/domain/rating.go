package domain

import "math"

// The directory's ranking prior: a listing is scored as if it already had
// PriorWeight reviews of PriorMean stars, so a handful of reviews moves it a little
// and many move it a lot. One 5-star review (score 3.75) never beats fifty 4.8s
// (4.68), and a listing without reviews sits at the prior, not at five stars.
const (
	PriorMean   = 3.5
	PriorWeight = 5
)

// RankScore is the Bayesian average of count visible reviews whose stars add up to
// sum: what orders the directory after premium.
func RankScore(sum, count int) float64 {
	return (PriorMean*PriorWeight + float64(sum)) / float64(PriorWeight+count)
}

// Rating is the average a listing shows, to one decimal, over its visible reviews;
// nil without any, so no listing shows stars it did not earn.
func Rating(sum, count int) *float64 {
	if count <= 0 {
		return nil
	}
	r := math.Round(float64(sum)/float64(count)*10) / 10
	return &r
}
