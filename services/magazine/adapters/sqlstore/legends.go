package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/services/magazine/domain"
)

const legendCols = `id, slug, name, kind, era, summary, bio, portrait_key, portrait_alt, timeline, version, created_at, updated_at`

type milestoneRow struct {
	Year int    `json:"year"`
	Text string `json:"text"`
}

func scanLegend(r scanner) (domain.Legend, error) {
	var l domain.Legend
	var timeline string
	err := r.Scan(&l.ID, &l.Slug, &l.Name, &l.Kind, &l.Era, &l.Summary, &l.Bio, &l.PortraitKey, &l.PortraitAlt, &timeline,
		&l.Version, &l.CreatedAt, &l.UpdatedAt)
	if err != nil {
		return l, err
	}
	var rows []milestoneRow
	if err := json.Unmarshal([]byte(timeline), &rows); err != nil {
		return l, err
	}
	l.Timeline = make([]domain.Milestone, len(rows))
	for i, m := range rows {
		l.Timeline[i] = domain.Milestone{Year: m.Year, Text: m.Text}
	}
	l.CreatedAt, l.UpdatedAt = l.CreatedAt.UTC(), l.UpdatedAt.UTC()
	return l, nil
}

func timelineJSON(t []domain.Milestone) string {
	rows := make([]milestoneRow, len(t))
	for i, m := range t {
		rows[i] = milestoneRow{Year: m.Year, Text: m.Text}
	}
	b, _ := json.Marshal(rows) // plain ints and strings always encode
	return string(b)
}

// CreateLegend stores a new legend; a slug another legend has is domain.ErrDuplicate.
func (s *Store) CreateLegend(ctx context.Context, l domain.Legend) error {
	_, err := s.q().ExecContext(ctx, `INSERT INTO legends (`+legendCols+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		l.ID, l.Slug, l.Name, l.Kind, l.Era, l.Summary, l.Bio, l.PortraitKey, l.PortraitAlt, timelineJSON(l.Timeline),
		l.Version, l.CreatedAt.UTC(), l.UpdatedAt.UTC())
	return wrap("create legend", l.ID, duplicate(err))
}

// SaveLegend writes l as the next version of the legend read at version read;
// another change landed first: domain.ErrStale.
func (s *Store) SaveLegend(ctx context.Context, l domain.Legend, read int) error {
	res, err := s.q().ExecContext(ctx, `UPDATE legends SET slug = $3, name = $4, kind = $5, era = $6, summary = $7,
		bio = $8, portrait_key = $9, portrait_alt = $10, timeline = $11, updated_at = $12, version = version + 1
		WHERE id = $1 AND version = $2`,
		l.ID, read, l.Slug, l.Name, l.Kind, l.Era, l.Summary, l.Bio, l.PortraitKey, l.PortraitAlt, timelineJSON(l.Timeline),
		l.UpdatedAt.UTC())
	if err != nil {
		return wrap("save legend", l.ID, duplicate(err))
	}
	return wrap("save legend", l.ID, stale(res, nil))
}

// Legend finds a legend by id.
func (s *Store) Legend(ctx context.Context, id string) (domain.Legend, error) {
	l, err := scanLegend(s.q().QueryRowContext(ctx, `SELECT `+legendCols+` FROM legends WHERE id = $1`, id))
	return l, wrap("legend", id, notFound(err))
}

// LegendBySlug finds a legend by its address.
func (s *Store) LegendBySlug(ctx context.Context, slug string) (domain.Legend, error) {
	l, err := scanLegend(s.q().QueryRowContext(ctx, `SELECT `+legendCols+` FROM legends WHERE slug = $1`, slug))
	return l, wrap("legend by slug", slug, notFound(err))
}

// Legends lists the legends (of kind, when set) by name, and how many there are.
func (s *Store) Legends(ctx context.Context, kind string, limit, offset int) ([]domain.Legend, int, error) {
	var a db.Args
	cond := "1 = 1"
	if kind != "" {
		cond = "kind = " + a.Add(kind)
	}
	var total int
	if err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM legends WHERE `+cond, a.Values()...).Scan(&total); err != nil {
		return nil, 0, wrap("count legends", kind, err)
	}
	lim, off := a.Add(max(limit, 1)), a.Add(max(offset, 0))
	rows, err := s.q().QueryContext(ctx, `SELECT `+legendCols+` FROM legends WHERE `+cond+` ORDER BY name, id
		LIMIT `+lim+` OFFSET `+off, a.Values()...)
	if err != nil {
		return nil, 0, wrap("legends", kind, err)
	}
	defer rows.Close()
	out := []domain.Legend{}
	for rows.Next() {
		l, err := scanLegend(rows)
		if err != nil {
			return nil, 0, wrap("legends", kind, err)
		}
		out = append(out, l)
	}
	return out, total, wrap("legends", kind, rows.Err())
}

// CountLegends is how many legends there are.
func (s *Store) CountLegends(ctx context.Context) (int, error) {
	var n int
	err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM legends`).Scan(&n)
	return n, wrap("count legends", "", err)
}

const memoryCols = `id, legend_id, author_id, author_name, year, body, photo_key, photo_alt, status, reason, created_at,
	decided_at, decided_by`

func scanMemory(r scanner) (domain.Memory, error) {
	var m domain.Memory
	var decided sql.NullTime
	err := r.Scan(&m.ID, &m.LegendID, &m.AuthorID, &m.AuthorName, &m.Year, &m.Body, &m.PhotoKey, &m.PhotoAlt, &m.Status,
		&m.Reason, &m.CreatedAt, &decided, &m.DecidedBy)
	m.CreatedAt, m.DecidedAt = m.CreatedAt.UTC(), timePtr(decided)
	return m, err
}

// AddMemory stores a reader's memory.
func (s *Store) AddMemory(ctx context.Context, m domain.Memory) error {
	_, err := s.q().ExecContext(ctx, `INSERT INTO legend_memories (`+memoryCols+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		m.ID, m.LegendID, m.AuthorID, m.AuthorName, m.Year, m.Body, m.PhotoKey, m.PhotoAlt, string(m.Status), m.Reason,
		m.CreatedAt.UTC(), nullTime(m.DecidedAt), m.DecidedBy)
	return wrap("add memory", m.ID, err)
}

// SetMemoryPhoto records a memory's photo while it still waits for an editor (an
// approved memory never changes under its approval): domain.ErrStale otherwise.
func (s *Store) SetMemoryPhoto(ctx context.Context, id, key, alt string) error {
	res, err := s.q().ExecContext(ctx, `UPDATE legend_memories SET photo_key = $2, photo_alt = $3
		WHERE id = $1 AND status = 'PENDING'`, id, key, alt)
	return wrap("set memory photo", id, stale(res, err))
}

// DecideMemory moves a memory from one status to another when it is still at from:
// of two editors deciding at once, one wins and the other gets domain.ErrStale.
func (s *Store) DecideMemory(ctx context.Context, id string, from, to domain.MemoryStatus, reason, by string, now time.Time) error {
	res, err := s.q().ExecContext(ctx, `UPDATE legend_memories SET status = $3, reason = $4, decided_by = $5, decided_at = $6
		WHERE id = $1 AND status = $2`, id, string(from), string(to), reason, by, now.UTC())
	return wrap("decide memory", id, stale(res, err))
}

// Memory finds a memory by id.
func (s *Store) Memory(ctx context.Context, id string) (domain.Memory, error) {
	m, err := scanMemory(s.q().QueryRowContext(ctx, `SELECT `+memoryCols+` FROM legend_memories WHERE id = $1`, id))
	return m, wrap("memory", id, notFound(err))
}

// MemoriesOf lists a legend's memories in status, oldest first.
func (s *Store) MemoriesOf(ctx context.Context, legendID string, status domain.MemoryStatus, limit int) ([]domain.Memory, error) {
	m, err := s.memories(ctx, `SELECT `+memoryCols+` FROM legend_memories WHERE legend_id = $1 AND status = $2
		ORDER BY created_at, id LIMIT $3`, legendID, string(status), max(limit, 1))
	return m, wrap("memories of legend", legendID, err)
}

// MemoriesByStatus lists memories in status, oldest first (the order they queued),
// and how many there are.
func (s *Store) MemoriesByStatus(ctx context.Context, status domain.MemoryStatus, limit, offset int) ([]domain.Memory, int, error) {
	var total int
	if err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM legend_memories WHERE status = $1`, string(status)).Scan(&total); err != nil {
		return nil, 0, wrap("count memories", string(status), err)
	}
	m, err := s.memories(ctx, `SELECT `+memoryCols+` FROM legend_memories WHERE status = $1
		ORDER BY created_at, id LIMIT $2 OFFSET $3`, string(status), max(limit, 1), max(offset, 0))
	return m, total, wrap("memories", string(status), err)
}

// MemoriesOfAuthor lists what a reader remembered, newest first.
func (s *Store) MemoriesOfAuthor(ctx context.Context, authorID string, limit int) ([]domain.Memory, error) {
	m, err := s.memories(ctx, `SELECT `+memoryCols+` FROM legend_memories WHERE author_id = $1
		ORDER BY created_at DESC, id LIMIT $2`, authorID, max(limit, 1))
	return m, wrap("memories of author", authorID, err)
}

func (s *Store) memories(ctx context.Context, query string, args ...any) ([]domain.Memory, error) {
	rows, err := s.q().QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []domain.Memory{}
	for rows.Next() {
		m, err := scanMemory(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
