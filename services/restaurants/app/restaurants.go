package app

import (
	"context"
	"strings"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/imaging"
	"stepperslife/services/restaurants/domain"
)

// Apply records a new restaurant for u, waiting for an admin (PENDING).
func (s *Service) Apply(ctx context.Context, u *auth.User, p domain.Profile) (domain.Restaurant, error) {
	if !u.Has(auth.RoleRestaurantOwner) {
		return domain.Restaurant{}, errs.Errorf(errs.CodeForbidden, "Take the restaurant owner role on your account first.")
	}
	if p.TaxBasisPoints == 0 {
		p.TaxBasisPoints = domain.DefaultTaxBasisPoints
	}
	if err := p.Normalize(); err != nil {
		return domain.Restaurant{}, err
	}
	now := s.now()
	r := domain.Restaurant{ID: domain.NewID("rst"), OwnerID: u.ID, OwnerEmail: u.Email, Name: p.Name,
		Description: p.Description, Cuisine: p.Cuisine, Address: p.Address, Phone: p.Phone, Status: domain.Pending,
		TaxBasisPoints: p.TaxBasisPoints, CreatedAt: now, UpdatedAt: now}
	err := s.store.CreateRestaurant(ctx, &r)
	return r, errs.Answer(err, domain.ErrDuplicate, errNameTaken)
}

// UpdateProfile changes what the restaurant says about itself (owner only).
func (s *Service) UpdateProfile(ctx context.Context, u *auth.User, id string, edit func(*domain.Profile)) (domain.Restaurant, error) {
	r, err := s.owned(ctx, u, id)
	if err != nil {
		return r, err
	}
	p := domain.Profile{Name: r.Name, Description: r.Description, Cuisine: r.Cuisine, Address: r.Address,
		Phone: r.Phone, TaxBasisPoints: r.TaxBasisPoints}
	edit(&p)
	if err := p.Normalize(); err != nil {
		return r, err
	}
	if err := s.store.UpdateProfile(ctx, id, p, s.now()); err != nil {
		return r, notFound(err, "Restaurant")
	}
	r, err = s.store.Restaurant(ctx, id)
	return r, notFound(err, "Restaurant")
}

// SetHours replaces the weekly opening hours (owner or manager).
func (s *Service) SetHours(ctx context.Context, u *auth.User, id string, h domain.Hours) (domain.Hours, error) {
	if _, err := s.editable(ctx, u, id); err != nil {
		return nil, err
	}
	if err := h.Validate(); err != nil {
		return nil, err
	}
	h = h.Sorted()
	return h, s.store.SetHours(ctx, id, h)
}

// AddPhoto stores a restaurant photo (owner or manager).
func (s *Service) AddPhoto(ctx context.Context, u *auth.User, id string, data []byte) (domain.Photo, error) {
	if _, err := s.editable(ctx, u, id); err != nil {
		return domain.Photo{}, err
	}
	key, err := s.storeImage(ctx, data, "photos")
	if err != nil {
		return domain.Photo{}, err
	}
	p := domain.Photo{ID: domain.NewID("pho"), ImageKey: key}
	if err := s.store.AddPhoto(ctx, id, p, s.now()); err != nil {
		return domain.Photo{}, err
	}
	return p, nil
}

// DeletePhoto removes a restaurant photo (owner or manager). The picture stays in the
// bucket: its key is content-addressed and may be shared.
func (s *Service) DeletePhoto(ctx context.Context, u *auth.User, id, photoID string) error {
	if _, err := s.editable(ctx, u, id); err != nil {
		return err
	}
	return notFound(s.store.DeletePhoto(ctx, id, photoID), "Photo")
}

// storeImage processes an upload once and keeps it in this service's bucket.
func (s *Service) storeImage(ctx context.Context, data []byte, prefix string) (string, error) {
	return imaging.Save(ctx, s.blobs, data, prefix)
}

// Listing is one page of restaurants.
type Listing struct {
	Items []domain.Restaurant
	Total int
}

// Public lists APPROVED restaurants matching words and cuisine.
func (s *Service) Public(ctx context.Context, q, cuisine string, page Page) (Listing, error) {
	items, total, err := s.store.Restaurants(ctx, domain.RestaurantFilter{Words: strings.Fields(q), Cuisine: cuisine,
		Status: domain.Approved, Limit: page.Limit, Offset: page.Offset})
	return Listing{items, total}, err
}

// ForModeration lists restaurants in one status for admins.
func (s *Service) ForModeration(ctx context.Context, u *auth.User, status domain.RestaurantStatus, page Page) (Listing, error) {
	if !u.Has(auth.RoleAdmin) {
		return Listing{}, auth.ErrForbidden
	}
	items, total, err := s.store.Restaurants(ctx, domain.RestaurantFilter{Status: status, Limit: page.Limit, Offset: page.Offset})
	return Listing{items, total}, err
}

// Detail is a restaurant with everything its page shows.
type Detail struct {
	Restaurant domain.Restaurant
	Role       domain.MemberRole // the caller's role there, if any
	Hours      domain.Hours
	Photos     []domain.Photo
	Categories []domain.Category
	Items      []domain.MenuItem
}

// BySlug loads a restaurant's page. Restaurants not APPROVED are shown only to their
// team and to admins.
func (s *Service) BySlug(ctx context.Context, u *auth.User, slug string) (Detail, error) {
	r, err := s.store.RestaurantBySlug(ctx, slug)
	if err != nil {
		return Detail{}, notFound(err, "Restaurant")
	}
	return s.detail(ctx, u, r)
}

// ByID loads a restaurant's page by id, with the same visibility as BySlug.
func (s *Service) ByID(ctx context.Context, u *auth.User, id string) (Detail, error) {
	r, err := s.store.Restaurant(ctx, id)
	if err != nil {
		return Detail{}, notFound(err, "Restaurant")
	}
	return s.detail(ctx, u, r)
}

func (s *Service) detail(ctx context.Context, u *auth.User, r domain.Restaurant) (Detail, error) {
	role, err := s.RoleAt(ctx, r, u)
	if err != nil {
		return Detail{}, err
	}
	if r.Status != domain.Approved && role == "" && !u.Has(auth.RoleAdmin) {
		return Detail{}, errs.NotFound("Restaurant")
	}
	d := Detail{Restaurant: r, Role: role}
	if d.Hours, err = s.store.Hours(ctx, r.ID); err != nil {
		return d, err
	}
	if d.Photos, err = s.store.Photos(ctx, r.ID); err != nil {
		return d, err
	}
	d.Categories, d.Items, err = s.store.Menu(ctx, r.ID)
	return d, err
}

// Mine lists the restaurants u owns or works at, with u's role in each; as in
// RoleAt, an address counts only once u proved it.
func (s *Service) Mine(ctx context.Context, u *auth.User) ([]domain.Restaurant, []domain.MemberRole, error) {
	return s.store.ForUser(ctx, u.ID, u.VerifiedEmail())
}
