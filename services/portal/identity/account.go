package identity

import (
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/medama-io/go-useragent"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/words"
	"stepperslife/services/portal/accounts"
)

// roleOffer is a role the account page offers to take, with what it unlocks. A role
// whose part of SteppersLife is not open yet is shown as coming soon, with no button.
type roleOffer struct {
	Role, Label, Unlocks string
	Soon                 bool
}

// offers are the self-assignable roles in the order the account page shows them.
var offers = []roleOffer{
	{Role: auth.RoleEventOrganizer, Label: "an event organizer",
		Unlocks: "Create events, sell tickets and check people in at the door."},
	{Role: auth.RoleRestaurantOwner, Label: "a restaurant owner",
		Unlocks: "List your restaurant and take pickup orders once an admin approves it."},
	{Role: auth.RoleStoreOwner, Label: "a store owner", Unlocks: "Sell shoes, apparel and more.", Soon: true},
	{Role: auth.RoleInstructor, Label: "an instructor", Unlocks: "List your classes, take enrolments and keep attendance."},
	{Role: auth.RoleServiceProvider, Label: "a service provider",
		Unlocks: "Offer DJ, photography, venue or catering services.", Soon: true},
	{Role: auth.RoleMagazineWriter, Label: "a magazine writer", Unlocks: "Write for the SteppersLife magazine.", Soon: true},
}

// roleOffers are the offers for an account that has roles, what it has not taken
// yet: those it may take now, and those coming soon.
func roleOffers(roles []string) (now, soon []roleOffer) {
	for _, o := range offers {
		switch {
		case !slices.Contains(auth.SelfAssignable, o.Role) || slices.Contains(roles, o.Role):
		case o.Soon:
			soon = append(soon, o)
		default:
			now = append(now, o)
		}
	}
	return now, soon
}

// sessionView is one place the account is signed in, as the account page says it:
// "Chrome on Android · 5 min ago", times in Chicago.
type sessionView struct {
	Device      string // "Chrome on Android"
	LastUsed    string // "5 min ago"
	LastUsedAt  string // "Mon, Dec 1 · 3:04 PM", Chicago time
	LastUsedISO string
	SignedInAt  string
	Current     bool
}

func sessionViews(list []accounts.Session, current string, now time.Time) []sessionView {
	out := make([]sessionView, 0, len(list))
	for _, s := range list {
		out = append(out, sessionView{Device: device(s.UserAgent), LastUsed: ago(s.LastUsedAt, now),
			LastUsedAt: chicagoTime(s.LastUsedAt), LastUsedISO: s.LastUsedAt.UTC().Format(time.RFC3339),
			SignedInAt: chicagoTime(s.CreatedAt), Current: s.ID == current})
	}
	// The device in hand first, then the most recently used.
	slices.SortStableFunc(out, func(a, b sessionView) int {
		switch {
		case a.Current != b.Current:
			if a.Current {
				return -1
			}
			return 1
		case a.LastUsedISO > b.LastUsedISO:
			return -1
		case a.LastUsedISO < b.LastUsedISO:
			return 1
		}
		return 0
	})
	return out
}

// uaParser reads User-Agent headers; it builds its tables once, on first use.
var uaParser = sync.OnceValue(useragent.NewParser)

// device names the browser and system of a User-Agent for people: "Chrome on
// Android", "Safari on iPhone"; a program that is no browser is "Another app".
func device(ua string) string {
	if ua == "" {
		return "Unknown device"
	}
	a := uaParser().Parse(ua)
	system := string(a.OS())
	switch a.OS() {
	case "iOS":
		system = "iPhone"
		if a.IsTablet() {
			system = "iPad"
		}
	case "MacOS":
		system = "Mac"
	}
	browser := string(a.Browser())
	switch {
	case browser != "" && system != "":
		return browser + " on " + system
	case browser != "":
		return browser
	case system != "":
		return "A browser on " + system
	}
	return "Another app"
}

// ago is how long before now t was, as people say it: "just now", "5 min ago",
// "3 hours ago", "yesterday", "4 days ago", then the date.
func ago(t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + " min ago"
	case d < 2*time.Hour:
		return "1 hour ago"
	case d < 24*time.Hour:
		return strconv.Itoa(int(d/time.Hour)) + " hours ago"
	case d < 48*time.Hour:
		return "yesterday"
	case d < 7*24*time.Hour:
		return strconv.Itoa(int(d/(24*time.Hour))) + " days ago"
	}
	return "on " + t.In(chicago).Format("Jan 2, 2006")
}

var chicago = func() *time.Location {
	if loc, err := time.LoadLocation("America/Chicago"); err == nil {
		return loc
	}
	return time.FixedZone("CT", -6*3600)
}()

func chicagoTime(t time.Time) string { return t.In(chicago).Format("Mon, Jan 2, 2006 · 3:04 PM") }

// fieldProblems are an account form's field problems as sentences, naming each field
// in words ("New password must be at least 8 characters.").
func fieldProblems(fields map[string]string) string {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	s := ""
	for _, k := range keys {
		s += " " + words.Problem(k, fields[k])
	}
	return s
}
