package app

import (
	"context"
	"time"

	"stepperslife/internal/kit/holds"
	"stepperslife/internal/kit/loop"
	"stepperslife/services/classes/domain"
)

// SweepEvery is how often the background work runs: lapsed holds and offers,
// sessions that passed, reminders.
const SweepEvery = 15 * time.Second

// Sweep does the service's timed work once: it ends unpaid holds and claim windows
// that ran out (their seats go to the line), seats the line where passing sessions
// made room, completes what is over and sends the reminders that are due. It
// reports how many holds it ended and reminders it sent.
func (s *Service) Sweep(ctx context.Context) (expired, reminded int, err error) {
	if expired, err = s.expireHolds(ctx); err != nil {
		return expired, 0, err
	}
	if err := s.promoteAll(ctx); err != nil {
		return expired, 0, err
	}
	if err := s.store.CompletePast(ctx, s.Now()); err != nil {
		return expired, 0, err
	}
	reminded, err = s.SendReminders(ctx)
	s.kickMail()
	return expired, reminded, err
}

func (s *Service) expireHolds(ctx context.Context) (int, error) {
	now := s.Now()
	return holds.Expire(ctx,
		func(ctx context.Context, limit int) ([]string, error) { return s.store.ExpiredHolds(ctx, now, limit) },
		func(ctx context.Context, id string) (closed bool, err error) {
			err = s.inTx(ctx, func(st Store) error {
				before, ok, promoted, err := st.Release(ctx, id,
					[]domain.EnrollmentStatus{domain.EnrollPendingPayment, domain.EnrollOffered}, domain.EnrollExpired, 0, now)
				if err != nil || !ok {
					return err
				}
				c, err := st.Class(ctx, before.ClassID)
				if err != nil {
					return err
				}
				closed = true
				return s.mailPromoted(ctx, st, c, promoted)
			})
			return closed && err == nil, err
		})
}

// promoteAll seats the line of every class with someone waiting, for room that
// appeared as sessions passed (a series waiter needs seats only in what is left).
func (s *Service) promoteAll(ctx context.Context) error {
	ids, err := s.store.ClassesWithWaiters(ctx)
	if err != nil {
		return err
	}
	for _, id := range ids {
		err := s.inTx(ctx, func(st Store) error {
			promoted, err := st.Promote(ctx, id, s.Now())
			if err != nil || len(promoted) == 0 {
				return err
			}
			c, err := st.Class(ctx, id)
			if err != nil {
				return err
			}
			return s.mailPromoted(ctx, st, c, promoted)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// SendReminders e-mails every confirmed student whose session starts within
// domain.RemindAhead. Each reminder is recorded in the transaction that enqueues its
// mail, so a restart neither loses one (it is still due) nor repeats one (it is
// recorded).
func (s *Service) SendReminders(ctx context.Context) (int, error) {
	sent := 0
	for {
		now := s.Now()
		due, err := s.store.DueReminders(ctx, now, domain.RemindAhead, 100)
		if err != nil || len(due) == 0 {
			return sent, err
		}
		for _, r := range due {
			err := s.inTx(ctx, func(st Store) error {
				ok, err := st.MarkReminded(ctx, r, now)
				if err != nil || !ok {
					return err
				}
				e, err := st.Enrollment(ctx, r.EnrollmentID)
				if err != nil {
					return err
				}
				c, err := st.Class(ctx, e.ClassID)
				if err != nil {
					return err
				}
				x := domain.Session{ID: r.SessionID, StartsAt: r.StartsAt}
				sent++
				return s.enqueue(ctx, st, s.reminderMail(c, e, x))
			})
			if err != nil {
				return sent, err
			}
		}
		if len(due) < 100 {
			return sent, nil
		}
	}
}

// RunSweeper does Sweep every SweepEvery until ctx ends.
func (s *Service) RunSweeper(ctx context.Context) {
	loop.Run(ctx, SweepEvery, loop.Kick{}, func(ctx context.Context) {
		expired, reminded, err := s.Sweep(ctx)
		if err != nil && ctx.Err() == nil {
			s.log.Warn("classes sweep", "error", err.Error())
		}
		if expired > 0 || reminded > 0 {
			s.log.Info("classes sweep", "expiredHolds", expired, "reminders", reminded)
		}
	})
}
