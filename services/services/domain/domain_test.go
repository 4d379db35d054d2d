package domain

import (
	"errors"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/api/servicesapi"
	"stepperslife/internal/kit/errs"
)

var now = time.Date(2026, 6, 1, 18, 0, 0, 0, time.UTC)

func codeOf(err error) errs.Code {
	var e *errs.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func fieldsOf(t *testing.T, err error) map[string]any {
	t.Helper()
	var e *errs.Error
	if !errors.As(err, &e) || e.Code != errs.CodeValidation {
		t.Fatalf("want VALIDATION_FAILED, got %v", err)
	}
	return e.Details["fields"].(map[string]any)
}

func TestProviderStateMachine(t *testing.T) {
	all := []ProviderStatus{ProviderPending, ProviderApproved, ProviderRejected, ProviderSuspended}
	allowed := map[[2]ProviderStatus]bool{
		{ProviderPending, ProviderApproved}: true, {ProviderPending, ProviderRejected}: true,
		{ProviderApproved, ProviderSuspended}: true, {ProviderSuspended, ProviderApproved}: true,
	}
	for _, from := range all {
		for _, to := range all {
			want := allowed[[2]ProviderStatus{from, to}]
			if got := from.CanMove(to); got != want {
				t.Errorf("%s → %s: %v", from, to, got)
			}
			if err := from.Move(to); (err == nil) != want || (err != nil && codeOf(err) != errs.CodeInvalidTransition) {
				t.Errorf("Move %s → %s: %v", from, to, err)
			}
		}
	}
}

func TestInquiryStateMachine(t *testing.T) {
	allowed := map[[2]InquiryStatus]bool{
		{InquiryNew, InquiryViewed}: true, {InquiryNew, InquiryResponded}: true, {InquiryNew, InquiryArchived}: true,
		{InquiryViewed, InquiryResponded}: true, {InquiryViewed, InquiryArchived}: true,
		{InquiryResponded, InquiryArchived}: true,
	}
	for _, from := range InquiryStatuses {
		for _, to := range InquiryStatuses {
			if got := from.CanMove(to); got != allowed[[2]InquiryStatus{from, to}] {
				t.Errorf("%s → %s: %v", from, to, got)
			}
		}
	}
}

func TestReviewStateMachine(t *testing.T) {
	all := []ReviewStatus{ReviewVisible, ReviewReported, ReviewRemoved}
	allowed := map[[2]ReviewStatus]bool{
		{ReviewVisible, ReviewReported}: true, {ReviewReported, ReviewVisible}: true, {ReviewReported, ReviewRemoved}: true,
	}
	for _, from := range all {
		for _, to := range all {
			if got := from.CanMove(to); got != allowed[[2]ReviewStatus{from, to}] {
				t.Errorf("%s → %s: %v", from, to, got)
			}
		}
		if from.Counts() != (from == ReviewVisible) {
			t.Errorf("%s counts: %v", from, from.Counts())
		}
	}
}

func goodProvider() ProviderInput {
	return ProviderInput{
		BusinessName: "  Smooth Groove DJs ", Tagline: "Steppin all night", Description: "We **play** steppers sets.",
		Category: "dj", Details: Details{Genres: []string{"steppers", "RNB", "steppers"}, HourlyRateCents: 15000, MinimumHours: 3},
		Phone: "(312) 555-0142", Email: "book@groove.example", Website: "https://groove.example",
		City: "Chicago", ZIP: "60619", PriceRange: "moderate", StartingPriceCents: 45000,
	}
}

func TestProviderNormalize(t *testing.T) {
	in := goodProvider()
	if err := in.Normalize(); err != nil {
		t.Fatal(err)
	}
	if in.BusinessName != "Smooth Groove DJs" || in.Category != CategoryDJ || in.Phone != "+13125550142" ||
		in.PriceRange != PriceModerate || in.Area.Kind != AreaRadius || in.Area.RadiusMiles != DefaultRadiusMiles {
		t.Fatalf("normalized: %+v", in)
	}
	if strings.Join(in.Details.Genres, ",") != "STEPPERS,RNB" {
		t.Fatalf("genres: %v", in.Details.Genres)
	}

	bad := ProviderInput{Category: "BARBER", Phone: "555-0142", Email: "Groove <a@b.example>", Website: "javascript:alert(1)",
		ZIP: "606", PriceRange: "CHEAP", StartingPriceCents: -1, Area: ServiceArea{Kind: "CITIES"}}
	fields := fieldsOf(t, bad.Normalize())
	for _, f := range []string{"businessName", "description", "category", "phone", "email", "website", "city", "zip",
		"priceRange", "startingPriceCents", "serviceArea.cities"} {
		// zip "606" is bad; an empty one would be fine
		if fields[f] == nil {
			t.Errorf("no complaint about %s: %v", f, fields)
		}
	}
}

// The contract's application: no ZIP, prices in dollar signs.
func TestContractShapedApplication(t *testing.T) {
	in := goodProvider()
	in.ZIP, in.PriceRange = "", "$$$"
	if err := in.Normalize(); err != nil {
		t.Fatal(err)
	}
	if in.PriceRange != PricePremium {
		t.Fatalf("price %s", in.PriceRange)
	}
}

func TestDetailsBelongToTheirCategory(t *testing.T) {
	in := goodProvider()
	in.Category = CategoryVenue
	in.Details = Details{Genres: []string{"HOUSE"}, Capacity: 300, DanceFloor: "hardwood", Parking: "SPACESHIP", TurnaroundDays: 3}
	fields := fieldsOf(t, in.Normalize())
	for _, f := range []string{"details.genres", "details.parking", "details.turnaroundDays"} {
		if fields[f] == nil {
			t.Errorf("no complaint about %s: %v", f, fields)
		}
	}
	if fields["details.capacity"] != nil || fields["details.danceFloor"] != nil {
		t.Errorf("venue fields refused: %v", fields)
	}

	photo := goodProvider()
	photo.Category = CategoryPhotographer
	photo.Details = Details{TurnaroundDays: 14, Packages: []Package{{Name: "Four hours", PriceCents: 60000}, {PriceCents: 1}}}
	fields = fieldsOf(t, photo.Normalize())
	if len(fields) != 1 || fields["details.packages[1].name"] == nil {
		t.Errorf("photographer: %v", fields)
	}
}

func TestPhone(t *testing.T) {
	for in, want := range map[string]string{
		"(312) 555-0142": "+13125550142", "312.555.0142": "+13125550142", "+1 773 555 0199": "+17735550199",
		"1-708-555-0100": "+17085550100",
	} {
		if got, err := NormalizePhone(in); err != nil || got != want {
			t.Errorf("%q: %q %v", in, got, err)
		}
	}
	for _, in := range []string{"", "555-0142", "(012) 555-0142", "312 155 0142", "312-555-01422", "call me", "2-312-555-0142"} {
		if got, err := NormalizePhone(in); err == nil {
			t.Errorf("%q accepted as %q", in, got)
		}
	}
}

func TestServiceArea(t *testing.T) {
	in := goodProvider()
	in.Area = ServiceArea{Kind: "cities", RadiusMiles: 40, Cities: []string{" Oak Park", "oak park", "Evanston", ""}}
	if err := in.Normalize(); err != nil {
		t.Fatal(err)
	}
	if in.Area.Kind != AreaCities || in.Area.RadiusMiles != 0 || strings.Join(in.Area.Cities, "|") != "Oak Park|Evanston" {
		t.Fatalf("area: %+v", in.Area)
	}
	in.Area = ServiceArea{Kind: "RADIUS", RadiusMiles: 900}
	if fieldsOf(t, in.Normalize())["serviceArea.radiusMiles"] == nil {
		t.Fatal("a 900-mile radius passed")
	}
}

func TestMarkdownIsSanitized(t *testing.T) {
	html := RenderMarkdown("# Hi\n\n**bold** [site](https://x.example) <script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n<img src=x onerror=alert(1)>")
	for _, bad := range []string{"<script", "javascript:", "onerror", "alert(1)</script>"} {
		if strings.Contains(html, bad) {
			t.Errorf("kept %q: %s", bad, html)
		}
	}
	for _, good := range []string{"<h1", "<strong>bold</strong>", `href="https://x.example"`, `rel="nofollow`} {
		if !strings.Contains(html, good) {
			t.Errorf("lost %q: %s", good, html)
		}
	}
}

func TestBayesianRating(t *testing.T) {
	oneFive := RankScore(5, 1)
	fiftyNearlyFive := RankScore(240, 50) // fifty 4.8s
	if oneFive >= fiftyNearlyFive {
		t.Fatalf("one 5-star (%.3f) beats fifty 4.8s (%.3f)", oneFive, fiftyNearlyFive)
	}
	if RankScore(0, 0) != PriorMean {
		t.Fatalf("no reviews scores %.3f", RankScore(0, 0))
	}
	if RankScore(5, 1) <= RankScore(0, 0) || RankScore(1, 1) >= RankScore(0, 0) {
		t.Fatal("a review does not move the score its way")
	}
	if Rating(0, 0) != nil {
		t.Fatal("a listing without reviews shows stars")
	}
	if r := Rating(14, 3); r == nil || *r != 4.7 {
		t.Fatalf("rating of 5,5,4: %v", r)
	}
}

func TestReviews(t *testing.T) {
	p := Provider{OwnerID: "owner", Status: ProviderApproved}
	if codeOf(MayReview(p, "owner", "")) != errs.CodeForbidden {
		t.Fatal("the owner may review itself")
	}
	if err := MayReview(p, "customer", ""); err != nil {
		t.Fatal(err)
	}
	p.Status = ProviderSuspended
	if MayReview(p, "customer", "") == nil {
		t.Fatal("a suspended listing takes reviews")
	}
	for _, r := range []int{0, 6, -1} {
		in := ReviewInput{Rating: r}
		if fieldsOf(t, in.Normalize())["rating"] == nil {
			t.Errorf("%d stars accepted", r)
		}
	}
	in := ReviewInput{Rating: 5, Body: strings.Repeat("x", MaxReviewBody+1)}
	if fieldsOf(t, in.Normalize())["body"] == nil {
		t.Error("a long review accepted")
	}
	replied := now
	if _, err := NormalizeReply(Review{RepliedAt: &replied}, "Thanks"); codeOf(err) != errs.CodeConflict {
		t.Errorf("second reply: %v", err)
	}
	if body, err := NormalizeReply(Review{}, "  Thanks!  "); err != nil || body != "Thanks!" {
		t.Errorf("reply: %q %v", body, err)
	}
}

func TestInquiryInput(t *testing.T) {
	past := now.AddDate(0, 0, -3)
	budget := int64(-5)
	in := InquiryInput{EventDate: &past, BudgetCents: &budget, Guests: -1}
	fields := fieldsOf(t, in.Normalize(now))
	for _, f := range []string{"message", "eventDate", "budgetCents", "guests"} {
		if fields[f] == nil {
			t.Errorf("no complaint about %s", f)
		}
	}
	day := time.Date(2026, 7, 4, 15, 30, 0, 0, time.FixedZone("CDT", -5*3600))
	ok := InquiryInput{Message: " Are you free? ", EventDate: &day}
	if err := ok.Normalize(now); err != nil {
		t.Fatal(err)
	}
	if ok.Message != "Are you free?" || !ok.EventDate.Equal(time.Date(2026, 7, 4, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("normalized: %+v %v", ok, ok.EventDate)
	}
}

func TestResponseStats(t *testing.T) {
	if (ResponseStats{}).Rate() != nil || Median(nil) != nil {
		t.Fatal("stats before any inquiry")
	}
	if r := (ResponseStats{Inquiries: 3, Responded: 2}).Rate(); *r != 67 {
		t.Fatalf("rate %d", *r)
	}
	m := Median([]time.Duration{3 * time.Hour, time.Hour, 2 * time.Hour, 10 * time.Hour})
	if *m != 150*time.Minute {
		t.Fatalf("median %v", *m)
	}
}

func TestPlaces(t *testing.T) {
	loop, ok := PlaceOfZIP("60601")
	evanston, ok2 := PlaceOfZIP("60201")
	if !ok || !ok2 {
		t.Fatal("bundled ZIPs missing")
	}
	if d := Miles(loop, evanston); d < 10 || d > 14 {
		t.Fatalf("Loop to Evanston: %.1f miles", d)
	}
	latM, lonM := MilesPerDegree(loop.Lat)
	dy, dx := (evanston.Lat-loop.Lat)*latM, (evanston.Lon-loop.Lon)*lonM
	flat := dx*dx + dy*dy
	if d := Miles(loop, evanston); flat < d*d*0.98 || flat > d*d*1.02 {
		t.Fatalf("flat approximation %.2f vs %.2f", flat, d*d)
	}
	if p, ok := PlaceOfCity("oak park"); !ok || p.City != "Oak Park" {
		t.Fatalf("city: %+v %v", p, ok)
	}
	if _, ok := Locate("99999", "Atlantis"); ok {
		t.Fatal("found Atlantis")
	}
}

func TestSlugify(t *testing.T) {
	s := Slugify("Smooth Groove DJ's & Co.")
	if !strings.HasPrefix(s, "smooth-groove-dj-s-co-") {
		t.Fatalf("slug %q", s)
	}
	if Slugify(s) == Slugify(s) {
		t.Fatal("slugs repeat")
	}
}

// Every value the domain knows has words in the wire package's vocabulary.
func TestDomainValuesHaveWords(t *testing.T) {
	check := func(kind string, values []string) {
		for _, v := range values {
			if _, ok := servicesapi.Words[kind][v]; !ok {
				t.Errorf("%s %s has no words", kind, v)
			}
		}
	}
	cats := []string{}
	for _, c := range Categories {
		cats = append(cats, string(c))
	}
	prices := []string{}
	for _, p := range PriceRanges {
		prices = append(prices, string(p))
	}
	if len(cats) != 10 {
		t.Fatalf("%d categories", len(cats))
	}
	check("category", cats)
	check("price", prices)
	check("genre", Genres)
	check("floor", DanceFloors)
	check("parking", Parkings)
}
