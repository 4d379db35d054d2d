package httpapi

import (
	"math"

	"stepperslife/internal/api/servicesapi"
	"stepperslife/services/services/app"
	"stepperslife/services/services/domain"
)

const dayLayout = "2006-01-02"

func detailsIn(d servicesapi.Details) domain.Details {
	out := domain.Details{Genres: d.Genres, HourlyRateCents: d.HourlyRateCents, MinimumHours: d.MinimumHours,
		Capacity: d.Capacity, DanceFloor: d.DanceFloor, DanceFloorSqFt: d.DanceFloorSqFt, Parking: d.Parking,
		TurnaroundDays: d.TurnaroundDays}
	for _, p := range d.Packages {
		out.Packages = append(out.Packages, domain.Package{Name: p.Name, PriceCents: p.PriceCents, Description: p.Description})
	}
	return out
}

func detailsOut(d domain.Details) servicesapi.Details {
	out := servicesapi.Details{Genres: d.Genres, HourlyRateCents: d.HourlyRateCents, MinimumHours: d.MinimumHours,
		Capacity: d.Capacity, DanceFloor: d.DanceFloor, DanceFloorSqFt: d.DanceFloorSqFt, Parking: d.Parking,
		TurnaroundDays: d.TurnaroundDays}
	for _, p := range d.Packages {
		out.Packages = append(out.Packages, servicesapi.Package{Name: p.Name, PriceCents: p.PriceCents, Description: p.Description})
	}
	return out
}

func providerIn(in servicesapi.ProviderInput) domain.ProviderInput {
	out := domain.ProviderInput{BusinessName: in.BusinessName, Tagline: in.Tagline, Description: in.Description,
		Category: domain.Category(in.Category), Details: detailsIn(in.Details), Phone: in.Phone, Email: in.Email,
		Website: in.Website, City: in.City, ZIP: in.ZIP, PriceRange: domain.PriceRange(in.PriceRange),
		StartingPriceCents: in.StartingPriceCents}
	if a := in.ServiceArea; a != nil {
		out.Area = domain.ServiceArea{Kind: domain.AreaKind(a.Kind), RadiusMiles: a.RadiusMiles, Cities: a.Cities}
	}
	return out
}

// providerOut is a listing on the wire; the view's extras (photos, reviews, response
// figures) when it carries them.
func (h *Handler) providerOut(p domain.Provider, v *app.ProviderView) servicesapi.Provider {
	out := servicesapi.Provider{ID: p.ID, Slug: p.Slug, Status: string(p.Status), RejectReason: p.RejectReason,
		BusinessName: p.BusinessName, Tagline: p.Tagline, Description: p.Description, DescriptionHTML: p.DescriptionHTML,
		Category: string(p.Category), Details: detailsOut(p.Details), Phone: p.Phone, Email: p.Email, Website: p.Website,
		City: p.City, ZIP: p.ZIP, ServiceArea: servicesapi.ServiceArea{Kind: string(p.Area.Kind), RadiusMiles: p.Area.RadiusMiles,
			Cities: p.Area.Cities}, PriceRange: string(p.PriceRange), StartingPriceCents: p.StartingPriceCents, Currency: "usd",
		LogoURL: h.app.ImageURL(p.LogoKey), CoverURL: h.app.ImageURL(p.CoverKey), Verified: p.Verified, LicenceOnFile: p.LicenceKey != "",
		Premium: p.Premium(h.app.Now()), PremiumUntil: p.PremiumUntil, Rating: p.Rating(), ReviewCount: p.ReviewCount,
		URL: h.app.ProviderURL(p.Slug), CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
	if v == nil {
		return out
	}
	for _, ph := range v.Photos {
		out.Photos = append(out.Photos, servicesapi.Photo{ID: ph.ID, URL: h.app.ImageURL(ph.Key)})
	}
	for _, r := range v.RecentReviews {
		out.RecentReviews = append(out.RecentReviews, reviewOut(r))
	}
	out.ResponseRate = v.Response.Rate()
	if m := v.Response.MedianResponse; m != nil {
		mins := int(math.Ceil(m.Minutes()))
		out.MedianResponseMinutes = &mins
	}
	return out
}

func reviewOut(r domain.Review) servicesapi.Review {
	return servicesapi.Review{ID: r.ID, ProviderID: r.ProviderID, AuthorName: r.AuthorName, Rating: r.Rating, Body: r.Body,
		Verified: r.Verified, Status: string(r.Status), Reply: r.Reply, RepliedAt: r.RepliedAt, CreatedAt: r.CreatedAt}
}

func inquiryOut(v app.InquiryView) servicesapi.Inquiry {
	q := v.Inquiry
	out := servicesapi.Inquiry{ID: q.ID, ProviderID: q.ProviderID, ProviderName: v.Provider.BusinessName,
		ProviderSlug: v.Provider.Slug, CustomerName: q.CustomerName, Status: string(q.Status), EventType: q.EventType,
		Location: q.Location, Guests: q.Guests, BudgetCents: q.BudgetCents, Message: q.Message, CreatedAt: q.CreatedAt,
		UpdatedAt: q.UpdatedAt}
	if q.EventDate != nil {
		out.EventDate = q.EventDate.Format(dayLayout)
	}
	for _, m := range v.Messages {
		out.Messages = append(out.Messages, servicesapi.Message{ID: m.ID, FromProvider: m.FromOwner, Body: m.Body, CreatedAt: m.CreatedAt})
	}
	return out
}
