package app

import (
	"context"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/imaging"
	"stepperslife/services/restaurants/domain"
)

// AddItem puts a dish on the menu (owner or manager).
func (s *Service) AddItem(ctx context.Context, u *auth.User, restaurantID string, m domain.MenuItem) (domain.MenuItem, error) {
	if _, err := s.editable(ctx, u, restaurantID); err != nil {
		return m, err
	}
	m.RestaurantID = restaurantID
	if err := m.Normalize(); err != nil {
		return m, err
	}
	m.ID = domain.NewID("itm")
	m.CreatedAt = s.now()
	m.UpdatedAt = m.CreatedAt
	err := s.store.CreateItem(ctx, &m, domain.NewID("cat"))
	return m, err
}

// EditItem changes a dish through edit, then checks and saves it (owner or manager).
func (s *Service) EditItem(ctx context.Context, u *auth.User, restaurantID, itemID string, edit func(*domain.MenuItem)) (domain.MenuItem, error) {
	if _, err := s.editable(ctx, u, restaurantID); err != nil {
		return domain.MenuItem{}, err
	}
	m, err := s.item(ctx, restaurantID, itemID)
	if err != nil {
		return m, err
	}
	edit(&m)
	if err := m.Normalize(); err != nil {
		return m, err
	}
	m.UpdatedAt = s.now()
	if err := s.store.UpdateItem(ctx, &m, domain.NewID("cat")); err != nil {
		return m, notFound(err, "Menu item")
	}
	return s.item(ctx, restaurantID, itemID)
}

// DeleteItem takes a dish off the menu (owner or manager).
func (s *Service) DeleteItem(ctx context.Context, u *auth.User, restaurantID, itemID string) error {
	if _, err := s.editable(ctx, u, restaurantID); err != nil {
		return err
	}
	return notFound(s.store.DeleteItem(ctx, restaurantID, itemID), "Menu item")
}

// SetItemImage stores the dish's one photo, resized once (owner or manager).
func (s *Service) SetItemImage(ctx context.Context, u *auth.User, restaurantID, itemID string, data []byte) (domain.MenuItem, error) {
	if _, err := s.editable(ctx, u, restaurantID); err != nil {
		return domain.MenuItem{}, err
	}
	if _, err := s.item(ctx, restaurantID, itemID); err != nil {
		return domain.MenuItem{}, err
	}
	if len(data) > imaging.MaxUploadBytes {
		return domain.MenuItem{}, imaging.ErrTooLarge
	}
	key, err := s.storeImage(ctx, data, "menu")
	if err != nil {
		return domain.MenuItem{}, err
	}
	if err := s.store.SetItemImage(ctx, restaurantID, itemID, key, s.now()); err != nil {
		return domain.MenuItem{}, notFound(err, "Menu item")
	}
	return s.item(ctx, restaurantID, itemID)
}

// item loads one dish of a restaurant.
func (s *Service) item(ctx context.Context, restaurantID, itemID string) (domain.MenuItem, error) {
	m, err := s.store.Item(ctx, restaurantID, itemID)
	return m, notFound(err, "Menu item")
}
