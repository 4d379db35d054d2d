package sqlstore

import (
	"context"
	"strings"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/services/events/domain"
)

// fastPath reports whether an order can be placed in one PostgreSQL statement: one
// tier, no discount code. That is the busy case (a sell-out), and one statement
// holds the hot tier row's lock for a single round trip instead of a transaction's
// several. In a caller's transaction (a free order and its e-mail) the lock lasts
// until the commit, and a failed statement fails that whole transaction (there is
// no savepoint), which suits a purchase: it rolls back on any error.
func (s *Store) fastPath(o domain.Order, q domain.Quote) bool {
	return s.db.Dialect == db.Postgres && len(q.Lines) == 1 && o.DiscountID == "" &&
		len(o.Tickets) == q.Lines[0].Quantity
}

// placeOrderOneStatement takes the seats and, only if that succeeded, inserts the
// order and its tickets, all in one statement (autocommitted outside a transaction). The UPDATE's condition
// is re-checked under the row lock, so concurrent buyers never oversell.
func (s *Store) placeOrderOneStatement(ctx context.Context, o domain.Order, q domain.Quote) error {
	l := q.Lines[0]
	// The head is static SQL numbered $1…$17 like any fixed query; a goes on
	// numbering from there for the tickets' rows.
	var a db.Args
	a.List(l.Quantity, l.Tier.ID,
		o.ID, o.EventID, o.BuyerID, o.BuyerName, o.BuyerEmail, string(o.Method), string(o.Status),
		o.SubtotalCents, o.DiscountCents, o.TotalCents, o.FeeCents, o.Currency, db.NullTime(o.HoldExpiresAt),
		o.CreatedAt.UTC(), db.NullTime(o.CompletedAt))
	var b strings.Builder
	b.WriteString(`WITH t AS (UPDATE tiers SET sold = sold + $1::int WHERE id = $2 AND sold + $1::int <= capacity AND closed = 0 RETURNING id),
	o AS (INSERT INTO orders (id, event_id, buyer_id, buyer_name, buyer_email, method, status, subtotal_cents,
		discount_cents, total_cents, fee_cents, currency, hold_expires_at, created_at, completed_at)
		SELECT $3, $4, $5, $6, $7, $8, $9, $10::bigint, $11::bigint, $12::bigint, $13::bigint, $14,
		$15::timestamptz, $16::timestamptz, $17::timestamptz WHERE EXISTS (SELECT 1 FROM t) RETURNING id)
	INSERT INTO tickets (id, code, order_id, event_id, tier_id, owner_id, attendee_name, attendee_email, price_cents,
		status, created_at) SELECT v.* FROM (VALUES `)
	for i, t := range o.Tickets {
		if i > 0 {
			b.WriteByte(',')
		}
		// VALUES outside an INSERT has no column types to infer from: the casts say them.
		b.WriteString("(" + a.List(t.ID, t.Code, t.OrderID, t.EventID, t.TierID, t.OwnerID, t.AttendeeName, t.AttendeeEmail) +
			"," + a.Add(t.PriceCents) + "::bigint," + a.Add(string(t.Status)) + "," + a.Add(t.CreatedAt.UTC()) + "::timestamptz)")
	}
	b.WriteString(`) AS v WHERE EXISTS (SELECT 1 FROM o)`)
	res, err := s.q().ExecContext(ctx, b.String(), a.Values()...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return refusal(ctx, s.q(), l.Tier)
	}
	return nil
}

// EventForSale reads an event and its tiers in one query, for the purchase path.
func (s *Store) EventForSale(ctx context.Context, id string) (domain.Event, []domain.Tier, error) {
	ev, tiers, err := s.eventForSale(ctx, id)
	return ev, tiers, wrap("event for sale", id, err)
}

func (s *Store) eventForSale(ctx context.Context, id string) (domain.Event, []domain.Tier, error) {
	rows, err := s.q().QueryContext(ctx, `SELECT `+prefixed("e.", eventCols)+`, r.id, r.name, r.price_cents, r.capacity,
		r.sold, r.sales_start, r.sales_end, r.max_per_order, r.created_at
		FROM events e LEFT JOIN tiers r ON r.event_id = e.id WHERE e.id = $1 ORDER BY r.created_at, r.id`, id)
	if err != nil {
		return domain.Event{}, nil, err
	}
	defer rows.Close()
	var ev domain.Event
	var tiers []domain.Tier
	found := false
	for rows.Next() {
		var e domain.Event
		var status string
		var tid, tname *string
		var price *int64
		var capacity, sold, maxPer *int
		var start, end, created, deadline *time.Time
		if err := rows.Scan(&e.ID, &e.Slug, &e.OrganizerID, &e.OrganizerEmail, &e.Title, &e.Description, &e.Category,
			&e.Venue, &e.Address, &e.StartsAt, &e.EndsAt, &status, &e.FlyerKey, &e.CreatedAt, &e.UpdatedAt, &deadline,
			&tid, &tname, &price, &capacity, &sold, &start, &end, &maxPer, &created); err != nil {
			return ev, nil, err
		}
		if !found {
			e.Status, e.CashDeadline = domain.EventStatus(status), utcPtr(deadline)
			e.StartsAt, e.EndsAt, e.CreatedAt, e.UpdatedAt = e.StartsAt.UTC(), e.EndsAt.UTC(), e.CreatedAt.UTC(), e.UpdatedAt.UTC()
			ev, found = e, true
		}
		if tid != nil {
			tiers = append(tiers, domain.Tier{ID: *tid, EventID: e.ID, Name: *tname, PriceCents: *price, Capacity: *capacity,
				Sold: *sold, SalesStart: utcPtr(start), SalesEnd: utcPtr(end), MaxPerOrder: *maxPer, CreatedAt: created.UTC()})
		}
	}
	if err := rows.Err(); err != nil {
		return ev, nil, err
	}
	if !found {
		return ev, nil, ErrNotFound
	}
	return ev, tiers, nil
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
