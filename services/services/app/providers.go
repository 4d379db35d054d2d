package app

import (
	"context"
	"errors"
	"strings"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/imaging"
	"stepperslife/services/services/domain"
)

// ProviderView is a listing with what its page shows beside it.
type ProviderView struct {
	domain.Provider
	Photos        []Photo
	RecentReviews []domain.Review
	Response      domain.ResponseStats
}

// responseWindow is how far back a listing's response rate and time look.
const responseWindow = 90 * 24 * time.Hour

// recentReviews is how many reviews a listing's detail carries.
const recentReviews = 5

// Apply stores a SERVICE_PROVIDER's application, PENDING until an admin decides.
func (s *Service) Apply(ctx context.Context, u *auth.User, in domain.ProviderInput) (ProviderView, error) {
	if !u.Has(auth.RoleServiceProvider) {
		return ProviderView{}, errs.Errorf(errs.CodeForbidden, "Take the service provider role to list a business.")
	}
	if err := in.Normalize(); err != nil {
		return ProviderView{}, err
	}
	now := s.Now()
	p := domain.Provider{ID: domain.NewID(), Slug: domain.Slugify(in.BusinessName), OwnerID: u.ID, OwnerEmail: u.Email,
		Status: domain.ProviderPending, BusinessName: in.BusinessName, Tagline: in.Tagline, Description: in.Description,
		DescriptionHTML: domain.RenderMarkdown(in.Description), Category: in.Category, Details: in.Details, Phone: in.Phone,
		Email: in.Email, Website: in.Website, City: in.City, ZIP: in.ZIP, Area: in.Area, PriceRange: in.PriceRange,
		StartingPriceCents: in.StartingPriceCents, CreatedAt: now, UpdatedAt: now}
	if err := s.store.CreateProvider(ctx, p); err != nil {
		return ProviderView{}, err
	}
	return s.view(ctx, p)
}

// Public is a listing as anyone sees it, by slug or id: APPROVED ones for everyone,
// any for its owner and admins.
func (s *Service) Public(ctx context.Context, u *auth.User, slugOrID string) (ProviderView, error) {
	p, err := s.find(ctx, slugOrID)
	if err != nil {
		return ProviderView{}, err
	}
	if p.Status != domain.ProviderApproved && (u == nil || (!p.IsOwner(u.ID, u.VerifiedEmail()) && !isAdmin(u))) {
		return ProviderView{}, errProviderNotFound
	}
	return s.view(ctx, p)
}

// find reads the listing slugOrID names, by its slug or its id.
func (s *Service) find(ctx context.Context, slugOrID string) (domain.Provider, error) {
	p, err := s.store.ProviderBySlug(ctx, slugOrID)
	if errors.Is(err, domain.ErrNotFound) {
		p, err = s.store.Provider(ctx, slugOrID)
	}
	if errors.Is(err, domain.ErrNotFound) {
		return p, errProviderNotFound
	}
	return p, err
}

func (s *Service) view(ctx context.Context, p domain.Provider) (ProviderView, error) {
	v := ProviderView{Provider: p}
	var err error
	if v.Photos, err = s.store.Photos(ctx, p.ID); err != nil {
		return v, err
	}
	if v.RecentReviews, _, err = s.store.VisibleReviews(ctx, p.ID, recentReviews, 0); err != nil {
		return v, err
	}
	v.Response, err = s.store.ResponseStats(ctx, p.ID, s.Now().Add(-responseWindow))
	return v, err
}

// Search answers a customer's search; a ZIP or city outside the bundled table still
// filters by the city's name.
func (s *Service) Search(ctx context.Context, f Search, zip string) ([]domain.Provider, int, error) {
	if zip = strings.TrimSpace(zip); zip != "" {
		place, ok := domain.PlaceOfZIP(zip)
		if !ok {
			return nil, 0, errs.Invalid(map[string]string{"zip": "is not a Chicagoland ZIP code we know"})
		}
		f.Near = &place
		if f.City == "" {
			f.City = place.City
		}
	} else if f.City != "" {
		if place, ok := domain.PlaceOfCity(f.City); ok {
			f.Near = &place
		}
	}
	if f.Category != "" && !f.Category.Valid() {
		return nil, 0, errs.Invalid(map[string]string{"category": "must be one of the directory's categories"})
	}
	if f.MinRating < 0 || f.MinRating > 5 {
		return nil, 0, errs.Invalid(map[string]string{"minRating": "must be from 0 to 5"})
	}
	if f.WithinMiles < 0 || f.WithinMiles > domain.MaxRadiusMiles {
		return nil, 0, errs.Invalid(map[string]string{"within": "must be from 1 to 250 miles"})
	}
	if f.WithinMiles > 0 && f.Near == nil {
		return nil, 0, errs.Invalid(map[string]string{"within": "needs a ZIP code or a Chicagoland city"})
	}
	f.Now = s.Now()
	return s.store.SearchProviders(ctx, f)
}

// CategoryCount is a category with how many listings it has.
type CategoryCount struct {
	Category domain.Category
	Count    int
}

// Categories lists the ten categories with their listed providers.
func (s *Service) Categories(ctx context.Context) ([]CategoryCount, error) {
	counts, err := s.store.CategoryCounts(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]CategoryCount, len(domain.Categories))
	for i, c := range domain.Categories {
		out[i] = CategoryCount{Category: c, Count: counts[c]}
	}
	return out, nil
}

// MyProviders lists the listings u owns.
func (s *Service) MyProviders(ctx context.Context, u *auth.User) ([]domain.Provider, error) {
	return s.store.ProvidersOfOwner(ctx, u.ID, u.VerifiedEmail())
}

// AddPhoto puts a portfolio photo (kit imaging: checked, resized, re-encoded) in the
// service's bucket and on the listing; at most domain.MaxPortfolioPhotos.
func (s *Service) AddPhoto(ctx context.Context, u *auth.User, id string, data []byte) (ProviderView, error) {
	p, err := s.owned(ctx, u, id)
	if err != nil {
		return ProviderView{}, err
	}
	key, err := imaging.Save(ctx, s.blobs, data, "providers/"+p.ID)
	if err != nil {
		return ProviderView{}, err
	}
	if err := s.store.AddPhoto(ctx, p.ID, domain.NewID(), key, domain.MaxPortfolioPhotos, s.Now()); err != nil {
		if errors.Is(err, domain.ErrWrongState) {
			return ProviderView{}, errs.Errorf(errs.CodeConflict, "A listing holds at most 20 portfolio photos.")
		}
		return ProviderView{}, err
	}
	if p.CoverKey == "" { // the first photo covers the listing until another is chosen
		if err := s.store.SetImages(ctx, p.ID, "", key, s.Now()); err != nil {
			return ProviderView{}, err
		}
	}
	p, err = s.provider(ctx, p.ID)
	if err != nil {
		return ProviderView{}, err
	}
	return s.view(ctx, p)
}
