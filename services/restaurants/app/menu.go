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
	err := s.Store.CreateItem(ctx, &m)
	return m, err
}

// EditItem changes a dish through edit, then checks and saves it (owner or manager).
func (s *Service) EditItem(ctx context.Context, u *auth.User, restaurantID, itemID string, edit func(*domain.MenuItem)) (domain.MenuItem, error) {
	if _, err := s.editable(ctx, u, restaurantID); err != nil {
		return domain.MenuItem{}, err
	}
	m, err := s.Store.Item(ctx, restaurantID, itemID)
	if err != nil {
		return m, err
	}
	edit(&m)
	if err := m.Normalize(); err != nil {
		return m, err
	}
	if err := s.Store.UpdateItem(ctx, &m); err != nil {
		return m, err
	}
	return s.Store.Item(ctx, restaurantID, itemID)
}

// DeleteItem takes a dish off the menu (owner or manager).
func (s *Service) DeleteItem(ctx context.Context, u *auth.User, restaurantID, itemID string) error {
	if _, err := s.editable(ctx, u, restaurantID); err != nil {
		return err
	}
	return s.Store.DeleteItem(ctx, restaurantID, itemID)
}

// SetItemImage stores the dish's one photo, resized once (owner or manager).
func (s *Service) SetItemImage(ctx context.Context, u *auth.User, restaurantID, itemID string, data []byte) (domain.MenuItem, error) {
	if _, err := s.editable(ctx, u, restaurantID); err != nil {
		return domain.MenuItem{}, err
	}
	if _, err := s.Store.Item(ctx, restaurantID, itemID); err != nil {
		return domain.MenuItem{}, err
	}
	if len(data) > imaging.MaxUploadBytes {
		return domain.MenuItem{}, imaging.ErrTooLarge
	}
	key, err := s.storeImage(ctx, data, "menu")
	if err != nil {
		return domain.MenuItem{}, err
	}
	if err := s.Store.SetItemImage(ctx, restaurantID, itemID, key); err != nil {
		return domain.MenuItem{}, err
	}
	return s.Store.Item(ctx, restaurantID, itemID)
}
