package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/services/restaurants/domain"
)

const itemCols = `i.id, i.restaurant_id, i.category_id, c.name, i.name, i.description, i.price_cents, i.dietary,
	i.available, i.image_key, i.position, i.created_at, i.updated_at`

func scanItem(row interface{ Scan(...any) error }) (domain.MenuItem, error) {
	var m domain.MenuItem
	var dietary string
	err := row.Scan(&m.ID, &m.RestaurantID, &m.CategoryID, &m.Category, &m.Name, &m.Description, &m.PriceCents,
		&dietary, &m.Available, &m.ImageKey, &m.Position, &m.CreatedAt, &m.UpdatedAt)
	m.Dietary = []string{}
	if dietary != "" {
		m.Dietary = strings.Split(dietary, ",")
	}
	return m, err
}

// categoryID finds the restaurant's category called name, creating it as newID at the
// end of the menu when it is new. Names match case-insensitively.
func categoryID(ctx context.Context, q db.Querier, restaurantID, name, newID string) (string, error) {
	var id string
	err := q.QueryRowContext(ctx, `SELECT id FROM menu_categories WHERE restaurant_id = $1 AND LOWER(name) = LOWER($2)`,
		restaurantID, name).Scan(&id)
	if err == nil || !errors.Is(err, sql.ErrNoRows) {
		return id, err
	}
	_, err = q.ExecContext(ctx, `INSERT INTO menu_categories (id, restaurant_id, name, position)
		VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position), 0) + 1 FROM menu_categories WHERE restaurant_id = $2))`,
		newID, restaurantID, name)
	return newID, err
}

// CreateItem adds a dish at the end of the menu. Its category is the restaurant's
// category of that name, or a new one with newCategoryID; m.CategoryID says which.
func (s *Store) CreateItem(ctx context.Context, m *domain.MenuItem, newCategoryID string) error {
	err := s.scope.InTx(ctx, func(q db.Querier) error {
		cat, err := categoryID(ctx, q, m.RestaurantID, m.Category, newCategoryID)
		if err != nil {
			return err
		}
		m.CategoryID = cat
		_, err = q.ExecContext(ctx, `INSERT INTO menu_items (id, restaurant_id, category_id, name, description,
			price_cents, dietary, available, image_key, position, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,
			(SELECT COALESCE(MAX(position), 0) + 1 FROM menu_items WHERE restaurant_id = $2), $10, $11)`,
			m.ID, m.RestaurantID, cat, m.Name, m.Description, m.PriceCents, strings.Join(m.Dietary, ","),
			m.Available, m.ImageKey, m.CreatedAt.UTC(), m.UpdatedAt.UTC())
		return err
	})
	return wrap("create menu item", strconv.Quote(m.Name)+" of restaurant "+m.RestaurantID, err)
}

// UpdateItem writes every field of an existing dish but its image; its category is
// found or made as CreateItem's.
func (s *Store) UpdateItem(ctx context.Context, m *domain.MenuItem, newCategoryID string) error {
	err := s.scope.InTx(ctx, func(q db.Querier) error {
		cat, err := categoryID(ctx, q, m.RestaurantID, m.Category, newCategoryID)
		if err != nil {
			return err
		}
		m.CategoryID = cat
		res, err := q.ExecContext(ctx, `UPDATE menu_items SET category_id = $3, name = $4, description = $5,
			price_cents = $6, dietary = $7, available = $8, updated_at = $9 WHERE id = $1 AND restaurant_id = $2`,
			m.ID, m.RestaurantID, cat, m.Name, m.Description, m.PriceCents, strings.Join(m.Dietary, ","), m.Available,
			m.UpdatedAt.UTC())
		return oneRow(res, err)
	})
	return wrap("update menu item", m.ID+" of restaurant "+m.RestaurantID, err)
}

// SetItemAvailable marks a dish available or sold out, and nothing else.
func (s *Store) SetItemAvailable(ctx context.Context, restaurantID, itemID string, available bool, now time.Time) error {
	res, err := s.scope.Q().ExecContext(ctx, `UPDATE menu_items SET available = $3, updated_at = $4 WHERE id = $1 AND restaurant_id = $2`,
		itemID, restaurantID, available, now.UTC())
	return wrap("set availability of menu item", itemID, oneRow(res, err))
}

// SetItemImage points a dish at its stored photo.
func (s *Store) SetItemImage(ctx context.Context, restaurantID, itemID, key string, now time.Time) error {
	res, err := s.scope.Q().ExecContext(ctx, `UPDATE menu_items SET image_key = $3, updated_at = $4 WHERE id = $1 AND restaurant_id = $2`,
		itemID, restaurantID, key, now.UTC())
	return wrap("set image of menu item", itemID, oneRow(res, err))
}

// DeleteItem removes a dish from the menu; past orders keep their copy of it.
func (s *Store) DeleteItem(ctx context.Context, restaurantID, itemID string) error {
	res, err := s.scope.Q().ExecContext(ctx, `DELETE FROM menu_items WHERE id = $1 AND restaurant_id = $2`, itemID, restaurantID)
	return wrap("delete menu item", itemID+" of restaurant "+restaurantID, oneRow(res, err))
}

// Item finds one dish of a restaurant.
func (s *Store) Item(ctx context.Context, restaurantID, itemID string) (domain.MenuItem, error) {
	m, err := scanItem(s.scope.Q().QueryRowContext(ctx, `SELECT `+itemCols+` FROM menu_items i
		JOIN menu_categories c ON c.id = i.category_id WHERE i.id = $1 AND i.restaurant_id = $2`, itemID, restaurantID))
	return m, wrap("menu item", itemID+" of restaurant "+restaurantID, notFound(err))
}

// Menu returns a restaurant's categories and dishes in menu order.
func (s *Store) Menu(ctx context.Context, restaurantID string) ([]domain.Category, []domain.MenuItem, error) {
	cats, items, err := menu(ctx, s.scope.Q(), restaurantID)
	return cats, items, wrap("menu of restaurant", restaurantID, err)
}

func menu(ctx context.Context, q db.Querier, restaurantID string) ([]domain.Category, []domain.MenuItem, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name, position FROM menu_categories WHERE restaurant_id = $1
		ORDER BY position, name`, restaurantID)
	if err != nil {
		return nil, nil, err
	}
	var cats []domain.Category
	for rows.Next() {
		c := domain.Category{RestaurantID: restaurantID}
		if err := rows.Scan(&c.ID, &c.Name, &c.Position); err != nil {
			rows.Close()
			return nil, nil, err
		}
		cats = append(cats, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT `+itemCols+` FROM menu_items i
		JOIN menu_categories c ON c.id = i.category_id WHERE i.restaurant_id = $1
		ORDER BY c.position, i.position, i.name`, restaurantID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var items []domain.MenuItem
	for rows.Next() {
		m, err := scanItem(rows)
		if err != nil {
			return nil, nil, err
		}
		items = append(items, m)
	}
	return cats, items, rows.Err()
}

// ItemsByID loads the named dishes of one restaurant, for pricing an order.
func (s *Store) ItemsByID(ctx context.Context, restaurantID string, ids []string) (map[string]domain.MenuItem, error) {
	out := map[string]domain.MenuItem{}
	if len(ids) == 0 {
		return out, nil
	}
	var a db.Args
	rest := a.Add(restaurantID)
	in := a.List(db.Strings(ids)...)
	rows, err := s.scope.Q().QueryContext(ctx, `SELECT `+itemCols+` FROM menu_items i
		JOIN menu_categories c ON c.id = i.category_id
		WHERE i.restaurant_id = `+rest+` AND i.id IN (`+in+`)`, a.Values()...)
	if err != nil {
		return nil, wrap("menu items of restaurant", restaurantID, err)
	}
	defer rows.Close()
	for rows.Next() {
		m, err := scanItem(rows)
		if err != nil {
			return nil, wrap("menu items of restaurant", restaurantID, err)
		}
		out[m.ID] = m
	}
	return out, wrap("menu items of restaurant", restaurantID, rows.Err())
}
