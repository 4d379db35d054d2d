package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/services/events/domain"
)

const ticketCols = `id, code, order_id, event_id, tier_id, owner_id, attendee_name, attendee_email, price_cents,
	status, scanned_at, created_at, scanned_by`

func scanTicket(r scanner) (domain.Ticket, error) {
	var t domain.Ticket
	var status string
	var scanned sql.NullTime
	err := r.Scan(&t.ID, &t.Code, &t.OrderID, &t.EventID, &t.TierID, &t.OwnerID, &t.AttendeeName, &t.AttendeeEmail,
		&t.PriceCents, &status, &scanned, &t.CreatedAt, &t.ScannedBy)
	t.Status, t.ScannedAt, t.CreatedAt = domain.TicketStatus(status), db.TimeOf(scanned), t.CreatedAt.UTC()
	return t, err
}

func (s *Store) tickets(ctx context.Context, query string, args ...any) ([]domain.Ticket, error) {
	rows, err := s.q().QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Ticket
	for rows.Next() {
		t, err := scanTicket(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// TicketByCode finds a ticket by its code.
func (s *Store) TicketByCode(ctx context.Context, code string) (domain.Ticket, error) {
	t, err := s.ticketByCode(ctx, code)
	return t, wrap("ticket", code, err)
}

func (s *Store) ticketByCode(ctx context.Context, code string) (domain.Ticket, error) {
	t, err := scanTicket(s.q().QueryRowContext(ctx, `SELECT `+ticketCols+` FROM tickets WHERE code = $1`, code))
	return t, notFound(err)
}

// Scan admits a ticket at eventID: VALID → SCANNED in one conditional UPDATE, so two
// scanners racing on one ticket admit it once. A ticket of another event or in
// another state is returned with domain.ErrWrongState; one that keeps changing
// under the scan, with domain.ErrContended.
func (s *Store) Scan(ctx context.Context, eventID, code, by string, now time.Time) (domain.Ticket, error) {
	t, err := s.scan(ctx, eventID, code, by, now)
	return t, wrap("scan ticket", code, err)
}

func (s *Store) scan(ctx context.Context, eventID, code, by string, now time.Time) (domain.Ticket, error) {
	for range 3 {
		res, err := s.q().ExecContext(ctx, `UPDATE tickets SET status = $3, scanned_at = $4, scanned_by = $6
			WHERE code = $1 AND event_id = $2 AND status = $5`,
			code, eventID, string(domain.TicketScanned), now.UTC(), string(domain.TicketValid), by)
		admitted := oneRow(res, err)
		if admitted != nil && !errors.Is(admitted, ErrNotFound) {
			return domain.Ticket{}, admitted
		}
		t, err := s.ticketByCode(ctx, code)
		switch {
		case err != nil:
			return t, err
		case admitted == nil:
			return t, nil
		case t.EventID != eventID || t.Status != domain.TicketValid:
			return t, domain.ErrWrongState
		}
		// VALID again: a scan was undone between our UPDATE and read; try again.
	}
	return domain.Ticket{}, domain.ErrContended
}

// Unscan undoes a scan: SCANNED → VALID, only while the ticket's order stands (a
// refunded order's used ticket stays used: it holds no seat to come back to). A
// ticket that could not be put back is returned with domain.ErrWrongState.
func (s *Store) Unscan(ctx context.Context, eventID, code string) (domain.Ticket, error) {
	t, err := s.unscan(ctx, eventID, code)
	return t, wrap("undo scan of ticket", code, err)
}

func (s *Store) unscan(ctx context.Context, eventID, code string) (domain.Ticket, error) {
	res, err := s.q().ExecContext(ctx, `UPDATE tickets SET status = $3, scanned_at = NULL, scanned_by = ''
		WHERE code = $1 AND event_id = $2 AND status = $4
		AND order_id IN (SELECT id FROM orders WHERE status = $5)`,
		code, eventID, string(domain.TicketValid), string(domain.TicketScanned), string(domain.OrderCompleted))
	undone := oneRow(res, err)
	if undone != nil && !errors.Is(undone, ErrNotFound) {
		return domain.Ticket{}, undone
	}
	t, err := s.ticketByCode(ctx, code)
	switch {
	case err != nil:
		return t, err
	case undone == nil:
		return t, nil
	}
	return t, domain.ErrWrongState
}

const viewQuery = `SELECT ` + `t.id, t.code, t.order_id, t.event_id, t.tier_id, t.owner_id, t.attendee_name, t.attendee_email,
	t.price_cents, t.status, t.scanned_at, t.created_at, t.scanned_by, e.title, e.slug, e.venue, e.starts_at, r.name
	FROM tickets t JOIN events e ON e.id = t.event_id JOIN tiers r ON r.id = t.tier_id `

func (s *Store) views(ctx context.Context, query string, args ...any) ([]domain.TicketView, error) {
	rows, err := s.q().QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.TicketView
	for rows.Next() {
		var v domain.TicketView
		var status string
		var scanned sql.NullTime
		if err := rows.Scan(&v.ID, &v.Code, &v.OrderID, &v.EventID, &v.TierID, &v.OwnerID, &v.AttendeeName,
			&v.AttendeeEmail, &v.PriceCents, &status, &scanned, &v.CreatedAt, &v.ScannedBy, &v.EventTitle, &v.EventSlug, &v.Venue,
			&v.StartsAt, &v.TierName); err != nil {
			return nil, err
		}
		v.Status, v.ScannedAt, v.CreatedAt, v.StartsAt = domain.TicketStatus(status), db.TimeOf(scanned), v.CreatedAt.UTC(), v.StartsAt.UTC()
		out = append(out, v)
	}
	return out, rows.Err()
}

// TicketsOfOwner lists a user's tickets and how many there are: those they bought
// and kept, and those given to email (empty: none). Events still to come are first,
// soonest first, then past ones, latest first; an order's tickets stay together.
func (s *Store) TicketsOfOwner(ctx context.Context, ownerID, email string, now time.Time, limit, offset int) ([]domain.TicketView, int, error) {
	const mine = `(t.owner_id = $1 OR (t.owner_id = '' AND $2 <> '' AND t.attendee_email = $2))`
	var total int
	if err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM tickets t WHERE `+mine, ownerID, email).Scan(&total); err != nil {
		return nil, 0, wrap("count tickets of owner", ownerID, err)
	}
	vs, err := s.views(ctx, viewQuery+`WHERE `+mine+`
		ORDER BY CASE WHEN e.ends_at > $3 THEN 0 ELSE 1 END,
		CASE WHEN e.ends_at > $3 THEN e.starts_at END ASC,
		e.starts_at DESC, t.order_id, t.created_at, t.id LIMIT $4 OFFSET $5`,
		ownerID, email, now.UTC(), limit, offset)
	return vs, total, wrap("tickets of owner", ownerID, err)
}

// TransferTicket gives the ticket to a new holder under a new code, if it is still
// ownerID's, under code, and VALID; otherwise domain.ErrWrongState.
func (s *Store) TransferTicket(ctx context.Context, ticketID, code, ownerID, newCode, name, email string) error {
	res, err := s.q().ExecContext(ctx, `UPDATE tickets SET code = $4, owner_id = '', attendee_name = $5, attendee_email = $6
		WHERE id = $1 AND code = $2 AND owner_id = $3 AND status = $7`,
		ticketID, code, ownerID, newCode, name, email, string(domain.TicketValid))
	if err := oneRow(res, err); errors.Is(err, ErrNotFound) {
		return domain.ErrWrongState
	} else if err != nil {
		return wrap("transfer ticket", ticketID, err)
	}
	return nil
}

// TicketView finds one ticket with its event.
func (s *Store) TicketView(ctx context.Context, code string) (domain.TicketView, error) {
	vs, err := s.views(ctx, viewQuery+`WHERE t.code = $1`, code)
	if err == nil && len(vs) == 0 {
		err = ErrNotFound
	}
	if err != nil {
		return domain.TicketView{}, wrap("ticket view", code, err)
	}
	return vs[0], nil
}

// Attendees lists every ticket of an event that was issued (held ones included).
func (s *Store) Attendees(ctx context.Context, eventID string) ([]domain.Attendee, error) {
	out, err := s.attendees(ctx, eventID)
	return out, wrap("attendees of event", eventID, err)
}

func (s *Store) attendees(ctx context.Context, eventID string) ([]domain.Attendee, error) {
	rows, err := s.q().QueryContext(ctx, `SELECT t.code, t.status, r.id, r.name, t.attendee_name, t.attendee_email, t.order_id,
		o.method, t.price_cents, t.scanned_at
		FROM tickets t JOIN tiers r ON r.id = t.tier_id JOIN orders o ON o.id = t.order_id
		WHERE t.event_id = $1 AND t.status <> $2 ORDER BY t.attendee_name, t.created_at, t.id`,
		eventID, string(domain.TicketCancelled))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Attendee
	for rows.Next() {
		var a domain.Attendee
		var scanned sql.NullTime
		if err := rows.Scan(&a.TicketCode, &a.Status, &a.TierID, &a.TierName, &a.Name, &a.Email, &a.OrderID, &a.Method,
			&a.PriceCents, &scanned); err != nil {
			return nil, err
		}
		a.ScannedAt = db.TimeOf(scanned)
		out = append(out, a)
	}
	return out, rows.Err()
}

// SalesOf computes an event's sales.
func (s *Store) SalesOf(ctx context.Context, eventID string) (domain.Sales, error) {
	out, err := s.salesOf(ctx, eventID)
	return out, wrap("sales of event", eventID, err)
}

func (s *Store) salesOf(ctx context.Context, eventID string) (domain.Sales, error) {
	out := domain.Sales{Currency: "usd", Tiers: []domain.TierSales{}}
	rows, err := s.q().QueryContext(ctx, `SELECT r.id, r.name, r.price_cents, r.capacity, r.sold,
		COALESCE(SUM(CASE WHEN t.status IN ('VALID','SCANNED') THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN t.status = 'PENDING' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN t.status = 'SCANNED' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN t.status IN ('VALID','SCANNED') THEN t.price_cents ELSE 0 END), 0)
		FROM tiers r LEFT JOIN tickets t ON t.tier_id = r.id
		WHERE r.event_id = $1 GROUP BY r.id, r.name, r.price_cents, r.capacity, r.sold, r.created_at
		ORDER BY r.created_at, r.id`, eventID)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		var t domain.TierSales
		if err := rows.Scan(&t.TierID, &t.Name, &t.PriceCents, &t.Capacity, &t.Taken, &t.Sold, &t.Held, &t.Scanned, &t.GrossCents); err != nil {
			return out, err
		}
		out.Tiers = append(out.Tiers, t)
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	err = s.q().QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN status = 'COMPLETED' THEN total_cents ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'COMPLETED' THEN fee_cents ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'COMPLETED' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'PENDING_PAYMENT' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'REFUNDED' THEN 1 ELSE 0 END), 0)
		FROM orders WHERE event_id = $1`, eventID).
		Scan(&out.RevenueCents, &out.PlatformFeeCents, &out.CompletedOrders, &out.PendingCashOrders, &out.RefundedOrders)
	return out, err
}

// FindTickets lists up to limit of the event's tickets whose holder's name or
// e-mail contains q (any case), the ones still to admit first.
func (s *Store) FindTickets(ctx context.Context, eventID, q string, limit int) ([]domain.Ticket, error) {
	like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(strings.ToLower(q)) + "%"
	ts, err := s.tickets(ctx, `SELECT `+ticketCols+` FROM tickets WHERE event_id = $1
		AND (LOWER(attendee_name) LIKE $2 ESCAPE '\' OR LOWER(attendee_email) LIKE $2 ESCAPE '\')
		AND status IN ($3, $4, $5)
		ORDER BY CASE status WHEN $3 THEN 0 WHEN $4 THEN 0 ELSE 1 END, attendee_name, order_id, created_at, id LIMIT $6`,
		eventID, like, string(domain.TicketValid), string(domain.TicketPending), string(domain.TicketScanned), limit)
	return ts, wrap("find tickets", eventID, err)
}
