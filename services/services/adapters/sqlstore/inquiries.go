package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/services/services/domain"
)

const inquiryCols = `id, provider_id, customer_id, customer_name, customer_email, status, event_date, event_type, location,
	guests, budget_cents, message, responded_at, created_at, updated_at`

const dayLayout = "2006-01-02"

func scanInquiry(r scanner) (domain.Inquiry, error) {
	var q domain.Inquiry
	var day sql.NullString
	var budget sql.NullInt64
	var responded sql.NullTime
	err := r.Scan(&q.ID, &q.ProviderID, &q.CustomerID, &q.CustomerName, &q.CustomerEmail, &q.Status, &day, &q.EventType,
		&q.Location, &q.Guests, &budget, &q.Message, &responded, &q.CreatedAt, &q.UpdatedAt)
	if err != nil {
		return q, err
	}
	if day.Valid {
		d, err := time.Parse(dayLayout, day.String)
		if err != nil {
			return q, err
		}
		q.EventDate = &d
	}
	if budget.Valid {
		q.BudgetCents = &budget.Int64
	}
	q.RespondedAt = timePtr(responded)
	q.CreatedAt, q.UpdatedAt = q.CreatedAt.UTC(), q.UpdatedAt.UTC()
	return q, nil
}

// CreateInquiry stores a quote request and its message as the thread's first turn.
func (s *Store) CreateInquiry(ctx context.Context, in domain.Inquiry) error {
	var day, budget any
	if in.EventDate != nil {
		day = in.EventDate.Format(dayLayout)
	}
	if in.BudgetCents != nil {
		budget = *in.BudgetCents
	}
	return wrap("create inquiry", in.ID, s.inTx(ctx, func(q querier) error {
		if _, err := q.ExecContext(ctx, `INSERT INTO inquiries (`+inquiryCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,
			$10, $11, $12, NULL, $13, $13)`, in.ID, in.ProviderID, in.CustomerID, in.CustomerName, in.CustomerEmail,
			string(in.Status), day, in.EventType, in.Location, in.Guests, budget, in.Message, in.CreatedAt.UTC()); err != nil {
			return err
		}
		_, err := q.ExecContext(ctx, `INSERT INTO inquiry_messages (id, inquiry_id, author_id, from_owner, body, created_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, in.ID, in.ID, in.CustomerID, false, in.Message, in.CreatedAt.UTC())
		return err
	}))
}

// Inquiry finds a quote request by id.
func (s *Store) Inquiry(ctx context.Context, id string) (domain.Inquiry, error) {
	q, err := scanInquiry(s.q().QueryRowContext(ctx, `SELECT `+inquiryCols+` FROM inquiries WHERE id = $1`, id))
	return q, wrap("inquiry", id, notFound(err))
}

// InquiriesOfProvider lists a listing's inquiries, newest first, in one status when
// status is set, with the total.
func (s *Store) InquiriesOfProvider(ctx context.Context, providerID string, status domain.InquiryStatus, limit, offset int) ([]domain.Inquiry, int, error) {
	var a db.Args
	cond := "provider_id = " + a.Add(providerID)
	if status != "" {
		cond += " AND status = " + a.Add(string(status))
	}
	return s.inquiryPage(ctx, "inquiries of provider", cond, a, limit, offset)
}

// InquiriesOfCustomer lists the quote requests a customer sent, newest first, with the total.
func (s *Store) InquiriesOfCustomer(ctx context.Context, customerID string, limit, offset int) ([]domain.Inquiry, int, error) {
	var a db.Args
	return s.inquiryPage(ctx, "inquiries of customer", "customer_id = "+a.Add(customerID), a, limit, offset)
}

func (s *Store) inquiryPage(ctx context.Context, op, cond string, a db.Args, limit, offset int) ([]domain.Inquiry, int, error) {
	var total int
	if err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM inquiries WHERE `+cond, a.Values()...).Scan(&total); err != nil {
		return nil, 0, wrap(op, "", err)
	}
	rows, err := s.q().QueryContext(ctx, `SELECT `+inquiryCols+` FROM inquiries WHERE `+cond+
		` ORDER BY created_at DESC, id LIMIT `+a.Add(max(limit, 1))+` OFFSET `+a.Add(max(offset, 0)), a.Values()...)
	if err != nil {
		return nil, 0, wrap(op, "", err)
	}
	defer rows.Close()
	out := []domain.Inquiry{}
	for rows.Next() {
		q, err := scanInquiry(rows)
		if err != nil {
			return nil, 0, wrap(op, "", err)
		}
		out = append(out, q)
	}
	return out, total, wrap(op, "", rows.Err())
}

// MoveInquiry changes an inquiry's status from from to to, only if it is still in
// from (domain.ErrWrongState otherwise).
func (s *Store) MoveInquiry(ctx context.Context, id string, from, to domain.InquiryStatus, now time.Time) error {
	res, err := s.q().ExecContext(ctx, `UPDATE inquiries SET status = $3, updated_at = $4 WHERE id = $1 AND status = $2`,
		id, string(from), string(to), now.UTC())
	if err = oneRow(res, err); err == domain.ErrNotFound {
		if _, e := s.Inquiry(ctx, id); e != nil {
			return e
		}
		err = domain.ErrWrongState
	}
	return wrap("move inquiry", id, err)
}

// AddMessage appends a turn to an inquiry's thread. The provider's first reply marks
// the inquiry RESPONDED (from NEW or VIEWED) and stamps its response time.
func (s *Store) AddMessage(ctx context.Context, m domain.Message) error {
	return wrap("add message", m.InquiryID, s.inTx(ctx, func(q querier) error {
		if _, err := q.ExecContext(ctx, `INSERT INTO inquiry_messages (id, inquiry_id, author_id, from_owner, body, created_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, m.ID, m.InquiryID, m.AuthorID, m.FromOwner, m.Body, m.CreatedAt.UTC()); err != nil {
			return err
		}
		if !m.FromOwner {
			_, err := q.ExecContext(ctx, `UPDATE inquiries SET updated_at = $2 WHERE id = $1`, m.InquiryID, m.CreatedAt.UTC())
			return err
		}
		_, err := q.ExecContext(ctx, `UPDATE inquiries SET responded_at = COALESCE(responded_at, $2), updated_at = $2,
			status = CASE WHEN status IN ($3, $4) THEN $5 ELSE status END WHERE id = $1`, m.InquiryID, m.CreatedAt.UTC(),
			string(domain.InquiryNew), string(domain.InquiryViewed), string(domain.InquiryResponded))
		return err
	}))
}

// Messages lists an inquiry's thread, oldest first.
func (s *Store) Messages(ctx context.Context, inquiryID string) ([]domain.Message, error) {
	rows, err := s.q().QueryContext(ctx, `SELECT id, inquiry_id, author_id, from_owner, body, created_at FROM inquiry_messages
		WHERE inquiry_id = $1 ORDER BY created_at, id`, inquiryID)
	if err != nil {
		return nil, wrap("messages", inquiryID, err)
	}
	defer rows.Close()
	out := []domain.Message{}
	for rows.Next() {
		var m domain.Message
		if err := rows.Scan(&m.ID, &m.InquiryID, &m.AuthorID, &m.FromOwner, &m.Body, &m.CreatedAt); err != nil {
			return nil, wrap("messages", inquiryID, err)
		}
		m.CreatedAt = m.CreatedAt.UTC()
		out = append(out, m)
	}
	return out, wrap("messages", inquiryID, rows.Err())
}

// ResponseStats counts a listing's inquiries since since and how many it answered,
// with the median time to its first reply.
func (s *Store) ResponseStats(ctx context.Context, providerID string, since time.Time) (domain.ResponseStats, error) {
	rows, err := s.q().QueryContext(ctx, `SELECT created_at, responded_at FROM inquiries WHERE provider_id = $1 AND created_at >= $2`,
		providerID, since.UTC())
	if err != nil {
		return domain.ResponseStats{}, wrap("response stats", providerID, err)
	}
	defer rows.Close()
	var st domain.ResponseStats
	var waits []time.Duration
	for rows.Next() {
		var created time.Time
		var responded sql.NullTime
		if err := rows.Scan(&created, &responded); err != nil {
			return st, wrap("response stats", providerID, err)
		}
		st.Inquiries++
		if responded.Valid {
			st.Responded++
			waits = append(waits, responded.Time.Sub(created))
		}
	}
	st.MedianResponse = domain.Median(waits)
	return st, wrap("response stats", providerID, rows.Err())
}

// InquiriesSince counts the inquiries a customer sent (customerID set) or a listing
// received (providerID set) since since, for the spam limits.
func (s *Store) InquiriesSince(ctx context.Context, customerID, providerID string, since time.Time) (int, error) {
	var a db.Args
	cond := "created_at >= " + a.Add(since.UTC())
	if customerID != "" {
		cond += " AND customer_id = " + a.Add(customerID)
	}
	if providerID != "" {
		cond += " AND provider_id = " + a.Add(providerID)
	}
	var n int
	err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM inquiries WHERE `+cond, a.Values()...).Scan(&n)
	return n, wrap("inquiries since", customerID+providerID, err)
}

// Answered reports whether the listing answered an inquiry of the customer, which
// makes the customer's review "verified".
func (s *Store) Answered(ctx context.Context, providerID, customerID string) (bool, error) {
	var n int
	err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM inquiries WHERE provider_id = $1 AND customer_id = $2
		AND responded_at IS NOT NULL`, providerID, customerID).Scan(&n)
	return n > 0, wrap("answered", providerID, err)
}
