package app

import (
	"context"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/services/restaurants/domain"
)

// Kitchen is what the kitchen may change in the middle of service.
type Kitchen struct {
	// PrepMinutes is the usual prep time (nil keeps it); owner or manager only.
	PrepMinutes *int
	// Paused stops (or resumes) online orders (nil keeps it); anyone on the team.
	Paused *bool
}

// SetKitchen pauses or resumes online ordering and sets the usual prep time. Pausing
// is for anyone on the team, as a kitchen that is slammed cannot wait for a manager;
// the usual prep time is the owner's or a manager's.
func (s *Service) SetKitchen(ctx context.Context, u *auth.User, id string, k Kitchen) (domain.Restaurant, error) {
	r, role, err := s.team(ctx, u, id, false)
	if err != nil {
		return r, err
	}
	prep, paused := r.PrepMinutes, r.OrderingPaused
	if k.PrepMinutes != nil {
		if role != domain.RoleOwner && role != domain.RoleManager {
			return r, errNotEditor
		}
		if err := domain.CheckPrep("prepMinutes", *k.PrepMinutes); err != nil {
			return r, err
		}
		prep = *k.PrepMinutes
	}
	if k.Paused != nil {
		paused = *k.Paused
	}
	if err := s.store.SetKitchen(ctx, id, prep, paused, s.now()); err != nil {
		return r, notFound(err, "Restaurant")
	}
	r.PrepMinutes, r.OrderingPaused = prep, paused
	s.hub.Publish(ctx, OrderEvent{RestaurantID: id, Kind: "kitchen"})
	return r, nil
}

// SetSoldOut marks a dish sold out or back on (anyone on the team: the cook who runs
// out is the one who knows).
func (s *Service) SetSoldOut(ctx context.Context, u *auth.User, restaurantID, itemID string, soldOut bool) (domain.MenuItem, error) {
	if _, _, err := s.team(ctx, u, restaurantID, false); err != nil {
		return domain.MenuItem{}, err
	}
	if err := s.store.SetItemAvailable(ctx, restaurantID, itemID, !soldOut, s.now()); err != nil {
		return domain.MenuItem{}, notFound(err, "Menu item")
	}
	s.hub.Publish(ctx, OrderEvent{RestaurantID: restaurantID, Kind: "menu"})
	return s.item(ctx, restaurantID, itemID)
}

// HoursOf is a restaurant's weekly hours.
func (s *Service) HoursOf(ctx context.Context, restaurantID string) (domain.Hours, error) {
	return s.store.Hours(ctx, restaurantID)
}

// PickupChoices are the pickup times an order placed now may ask for at r.
func (s *Service) PickupChoices(r domain.Restaurant, h domain.Hours) (asap bool, slots []time.Time) {
	return h.PickupChoices(s.now(), time.Duration(r.PrepMinutes)*time.Minute)
}

// OpenState says whether r, with hours h, is open now and until or from when.
func (s *Service) OpenState(h domain.Hours) domain.OpenState { return h.StateAt(s.now()) }
