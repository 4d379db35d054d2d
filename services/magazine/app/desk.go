package app

import (
	"context"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/loop"
	"stepperslife/services/magazine/domain"
)

// move takes article id to state `to` for u: the desk's rule (domain.CheckMove)
// first, then the change conditional on the version read, recorded in the audit
// trail in the same transaction. change, when set, adjusts the article further.
func (s *Service) move(ctx context.Context, u *auth.User, id string, to domain.Status, notes string,
	change func(a *domain.Article)) (View, error) {
	a, err := s.owned(ctx, u, id)
	if err != nil {
		return View{}, err
	}
	if err := domain.CheckMove(a.Status, to, actor(u, a), notes); err != nil {
		return View{}, err
	}
	now := s.Now()
	next := a
	next.Status, next.UpdatedAt = to, now
	if change != nil {
		change(&next)
	}
	err = s.inTx(ctx, func(st Store) error {
		if err := st.SaveArticle(ctx, next, a.Version); err != nil {
			return err
		}
		return record(ctx, st, u, a.Status.Action(to), a.ID, "", notes, now)
	})
	if err != nil {
		return View{}, storeErr(err)
	}
	return s.Manage(ctx, u, id)
}

// Publish makes a SUBMITTED article public now or, with a time still to come,
// approves it for that time: the row then waits as a durable job the scheduler
// publishes once (RunScheduler).
func (s *Service) Publish(ctx context.Context, u *auth.User, id string, at *time.Time) (View, error) {
	now := s.Now()
	if at == nil || !at.After(now) {
		return s.move(ctx, u, id, domain.Published, "", func(a *domain.Article) {
			a.PublishAt, a.Notes = nil, ""
			if a.PublishedAt == nil {
				a.PublishedAt = &now
			}
		})
	}
	if at.After(now.AddDate(1, 0, 0)) {
		return View{}, errs.Invalid(map[string]string{"publishAt": "Choose a time within a year."})
	}
	a, err := s.owned(ctx, u, id)
	if err != nil {
		return View{}, err
	}
	if err := domain.CheckMove(a.Status, domain.Published, actor(u, a), ""); err != nil {
		return View{}, err
	}
	when := at.UTC().Truncate(time.Microsecond)
	err = s.inTx(ctx, func(st Store) error {
		if err := st.Schedule(ctx, a.ID, a.Version, when, u.ID, u.Email, now); err != nil {
			return err
		}
		return record(ctx, st, u, "schedule", a.ID, when.Format(time.RFC3339), "", now)
	})
	if err != nil {
		return View{}, storeErr(err)
	}
	s.schedule.Now()
	return s.Manage(ctx, u, id)
}

// Reject sends a SUBMITTED (or scheduled) article back to its writer with notes.
func (s *Service) Reject(ctx context.Context, u *auth.User, id, notes string) (View, error) {
	return s.move(ctx, u, id, domain.Rejected, notes, func(a *domain.Article) {
		a.Notes, a.PublishAt = trimmedNotes(notes), nil
	})
}

func trimmedNotes(n string) string {
	r := []rune(n)
	if len(r) > 2000 {
		r = r[:2000]
	}
	return string(r)
}

// Archive takes a PUBLISHED article out of the lists; its address still answers.
func (s *Service) Archive(ctx context.Context, u *auth.User, id string) (View, error) {
	return s.move(ctx, u, id, domain.Archived, "", func(a *domain.Article) { a.Featured = false })
}

// Feature puts a PUBLISHED article first in the lists (or, with on false, back
// among the rest).
func (s *Service) Feature(ctx context.Context, u *auth.User, id string, on bool) (View, error) {
	if u == nil || !u.Has(auth.RoleAdmin) {
		return View{}, errs.Errorf(errs.CodeForbidden, "Only an editor features articles.")
	}
	a, err := s.article(ctx, id)
	if err != nil {
		return View{}, err
	}
	if a.Status != domain.Published {
		return View{}, errs.Errorf(errs.CodeInvalidTransition, "Only a published article can be featured.").
			With(map[string]any{"status": string(a.Status)})
	}
	now := s.Now()
	next := a
	next.Featured, next.UpdatedAt = on, now
	action := "feature"
	if !on {
		action = "unfeature"
	}
	err = s.inTx(ctx, func(st Store) error {
		if err := st.SaveArticle(ctx, next, a.Version); err != nil {
			return err
		}
		return record(ctx, st, u, action, a.ID, "", "", now)
	})
	if err != nil {
		return View{}, storeErr(err)
	}
	return s.Manage(ctx, u, id)
}

// ScheduleEvery is how often the scheduler looks for due articles at the latest;
// between looks it wakes for the soonest scheduled article, so one is published on
// time, and at most this late after a restart or a failed look.
const ScheduleEvery = 20 * time.Second

// RunScheduler publishes due articles at once, then every ScheduleEvery, whenever an
// editor schedules one, and when the soonest scheduled one falls due, until ctx ends.
func (s *Service) RunScheduler(ctx context.Context) {
	var wake *time.Timer
	defer func() {
		if wake != nil {
			wake.Stop()
		}
	}()
	loop.Run(ctx, ScheduleEvery, s.schedule, func(ctx context.Context) {
		if _, err := s.PublishDue(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("magazine: scheduled publishing", "err", err)
		}
		if next, err := s.store.NextDue(ctx); err == nil && next != nil {
			if until := next.Sub(s.Now()); until < ScheduleEvery {
				if wake != nil {
					wake.Stop()
				}
				wake = time.AfterFunc(max(until, 0)+10*time.Millisecond, s.schedule.Now)
			}
		}
		if err := s.store.ForgetViewsBefore(ctx, s.Now().AddDate(0, 0, -2).Format(time.DateOnly)); err != nil && ctx.Err() == nil {
			s.log.Error("magazine: forget old view rows", "err", err)
		}
	})
}

// PublishDue publishes every article whose time has come, each exactly once however
// many schedulers run, and reports how many this one published.
func (s *Service) PublishDue(ctx context.Context) (int, error) {
	n := 0
	for {
		now := s.Now()
		ids, err := s.store.Due(ctx, now, 50)
		if err != nil {
			return n, err
		}
		for _, id := range ids {
			ok, err := s.store.PublishDue(ctx, id, now)
			if err != nil {
				return n, err
			}
			if ok {
				n++
			}
		}
		if len(ids) < 50 {
			return n, nil
		}
	}
}
