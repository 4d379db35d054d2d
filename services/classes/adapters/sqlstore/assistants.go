package sqlstore

import (
	"context"

	"stepperslife/internal/kit/db"
	"stepperslife/services/classes/domain"
)

// AddAssistant puts email on the class's team; one already there is
// domain.ErrDuplicate.
func (s *Store) AddAssistant(ctx context.Context, a domain.Assistant) error {
	_, err := s.q().ExecContext(ctx, `INSERT INTO class_assistants (class_id, email, added_at) VALUES ($1, $2, $3)`,
		a.ClassID, a.Email, a.AddedAt.UTC())
	if db.IsUniqueViolation(err) {
		err = domain.ErrDuplicate
	}
	return wrap("add assistant", a.ClassID, err)
}

// RemoveAssistant takes email off the class's team.
func (s *Store) RemoveAssistant(ctx context.Context, classID, email string) error {
	res, err := s.q().ExecContext(ctx, `DELETE FROM class_assistants WHERE class_id = $1 AND email = $2`, classID, email)
	return wrap("remove assistant", classID, oneRow(res, err))
}

// Assistants lists the class's team, earliest first.
func (s *Store) Assistants(ctx context.Context, classID string) ([]domain.Assistant, error) {
	rows, err := s.q().QueryContext(ctx, `SELECT class_id, email, added_at FROM class_assistants
		WHERE class_id = $1 ORDER BY added_at, email`, classID)
	if err != nil {
		return nil, wrap("assistants", classID, err)
	}
	defer rows.Close()
	out := []domain.Assistant{}
	for rows.Next() {
		var a domain.Assistant
		if err := rows.Scan(&a.ClassID, &a.Email, &a.AddedAt); err != nil {
			return nil, wrap("assistants", classID, err)
		}
		out = append(out, a)
	}
	return out, wrap("assistants", classID, rows.Err())
}

// IsAssistant reports whether email is on the class's team.
func (s *Store) IsAssistant(ctx context.Context, classID, email string) (bool, error) {
	var n int
	err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM class_assistants WHERE class_id = $1 AND email = $2`,
		classID, email).Scan(&n)
	return n > 0, wrap("is assistant", classID, err)
}

// AssistedClasses lists the classes email helps run, soonest created first.
func (s *Store) AssistedClasses(ctx context.Context, email string) ([]domain.Class, error) {
	rows, err := s.q().QueryContext(ctx, `SELECT class_id FROM class_assistants WHERE email = $1 ORDER BY added_at`, email)
	if err != nil {
		return nil, wrap("assisted classes", email, err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, wrap("assisted classes", email, err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap("assisted classes", email, err)
	}
	out := make([]domain.Class, 0, len(ids))
	for _, id := range ids {
		c, err := s.Class(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}
