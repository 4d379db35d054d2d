package site

import "time"

// A window of dates the events list can be narrowed to, in Chicago time.
const (
	whenTonight = "tonight"
	whenWeekend = "weekend"
	whenMonth   = "month"
)

// whenChoices are the windows in the order the filters offer them, with their words.
var whenChoices = []struct{ Value, Label, Heading string }{
	{whenTonight, "Tonight", "tonight"},
	{whenWeekend, "This weekend", "this weekend"},
	{whenMonth, "This month", "this month"},
}

// nightEnds is when a night out is over: a set that starts at 1 AM belongs to the
// night before.
const nightEnds = 4

// window is when (tonight, weekend, month) seen from now, as [from, to) in Chicago
// time; ok is false for any other word. Events already over are the events
// service's to leave out, so a window may start in the past.
func window(when string, now time.Time) (from, to time.Time, ok bool) {
	local := now.In(chicago)
	day := func(t time.Time, add, hour int) time.Time {
		return time.Date(t.Year(), t.Month(), t.Day()+add, hour, 0, 0, 0, chicago)
	}
	switch when {
	case whenTonight:
		night := local
		if local.Hour() < nightEnds {
			night = local.AddDate(0, 0, -1)
		}
		return day(night, 0, 0), day(night, 1, nightEnds), true
	case whenWeekend:
		from, to = weekend(local)
		return from, to, true
	case whenMonth:
		return day(local, 0, 0), time.Date(local.Year(), local.Month()+1, 1, 0, 0, 0, 0, chicago), true
	}
	return time.Time{}, time.Time{}, false
}

// weekend is this week's Friday to Sunday, seen from now in Chicago: from Monday to
// Thursday the coming one, from Friday to Sunday the one under way.
func weekend(local time.Time) (from, to time.Time) {
	sinceFriday := (int(local.Weekday()) - int(time.Friday) + 7) % 7
	if sinceFriday > 2 { // Monday to Thursday: the coming Friday
		sinceFriday -= 7
	}
	from = time.Date(local.Year(), local.Month(), local.Day()-sinceFriday, 0, 0, 0, 0, chicago)
	return from, time.Date(from.Year(), from.Month(), from.Day()+3, 0, 0, 0, 0, chicago)
}
