package app

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/imaging"
	"stepperslife/services/magazine/domain"
)

var (
	errLegendNotFound = errs.NotFound("Legend")
	errMemoryNotFound = errs.NotFound("Memory")
	errLegendStale    = errs.Errorf(errs.CodeConflict,
		"Someone else changed this legend since you opened it. Reload it to see their changes, then make yours again.")
	errLegendSlugTaken = errs.Invalid(map[string]string{"slug": "Another legend has this address."})
	errMemoryDecided   = errs.Errorf(errs.CodeConflict, "Another editor decided on this memory meanwhile. Reload to see what they did.")
)

// legendErr turns the store's outcomes for legends into contract answers.
func legendErr(err error) error {
	switch {
	case errors.Is(err, domain.ErrNotFound):
		return errLegendNotFound
	case errors.Is(err, domain.ErrStale):
		return errLegendStale
	case errors.Is(err, domain.ErrDuplicate):
		return errLegendSlugTaken
	}
	return err
}

func isEditor(u *auth.User) bool { return u != nil && u.Has(auth.RoleAdmin) }

// MaxMemoriesShown bounds the approved memories one legend's page shows.
const MaxMemoriesShown = 500

// MemoryView is a memory as pages and the API show it: its words rendered through
// the article sanitizer, and the legend it remembers.
type MemoryView struct {
	domain.Memory
	BodyHTML   string
	LegendSlug string
	LegendName string
}

// LegendView is a legend's page: its story rendered, its approved memories, and the
// timeline of both.
type LegendView struct {
	domain.Legend
	BioHTML  string
	Memories []MemoryView
	Timeline []domain.TimelineEntry
}

func (s *Service) memoryView(m domain.Memory, l domain.Legend) MemoryView {
	html := s.renders.keyed("memory:"+m.ID, func() string { return domain.RenderText(m.Body) })
	return MemoryView{Memory: m, BodyHTML: html, LegendSlug: l.Slug, LegendName: l.Name}
}

func (s *Service) legendBio(l domain.Legend) string {
	return s.renders.keyed("legend:"+l.ID+"@"+strconv.Itoa(l.Version), func() string { return domain.RenderBody(l.Bio) })
}

// LegendURL is the public page of a legend.
func (s *Service) LegendURL(slug string) string { return s.publicURL + "/legends/" + slug }

// Legends lists the legends (of a kind, when set) by name.
func (s *Service) Legends(ctx context.Context, kind string, limit, offset int) ([]domain.Legend, int, error) {
	if kind != "" && !slices.Contains(domain.LegendKinds, kind) {
		return nil, 0, errs.Invalid(map[string]string{"kind": "Choose dancer, DJ or club."})
	}
	return s.store.Legends(ctx, kind, min(max(limit, 1), MaxList), offset)
}

// Legend is a legend's page by its address: its story, its approved memories and the
// timeline of both. No one sees a memory an editor has not approved here.
func (s *Service) Legend(ctx context.Context, slug string) (LegendView, error) {
	if !domain.ValidSlug(slug) {
		return LegendView{}, errLegendNotFound
	}
	l, err := s.store.LegendBySlug(ctx, slug)
	if err != nil {
		return LegendView{}, legendErr(err)
	}
	ms, err := s.store.MemoriesOf(ctx, l.ID, domain.MemoryApproved, MaxMemoriesShown)
	if err != nil {
		return LegendView{}, err
	}
	v := LegendView{Legend: l, BioHTML: s.legendBio(l), Timeline: domain.Timeline(l, ms)}
	for _, m := range ms {
		v.Memories = append(v.Memories, s.memoryView(m, l))
	}
	return v, nil
}

// LegendByID is a legend for an editor, by id.
func (s *Service) LegendByID(ctx context.Context, u *auth.User, id string) (domain.Legend, error) {
	if !isEditor(u) {
		return domain.Legend{}, errEditorsOnly
	}
	l, err := s.store.Legend(ctx, id)
	return l, legendErr(err)
}

// CreateLegend adds a legend's page, by an editor.
func (s *Service) CreateLegend(ctx context.Context, u *auth.User, p domain.LegendPatch) (domain.Legend, error) {
	if !isEditor(u) {
		return domain.Legend{}, errEditorsOnly
	}
	bad := map[string]string{}
	if p.Name == nil {
		bad["name"] = "Required."
	}
	if p.Kind == nil {
		bad["kind"] = "Required."
	}
	if len(bad) > 0 {
		return domain.Legend{}, errs.Invalid(bad)
	}
	l, err := domain.NewLegend(p, s.Now())
	if err != nil {
		return l, err
	}
	err = s.inTx(ctx, func(st Store) error {
		if err := st.CreateLegend(ctx, l); err != nil {
			return err
		}
		return recordOn(ctx, st, u, "legend", l.ID, "create_legend", "", "", l.CreatedAt)
	})
	return l, legendErr(err)
}

// EditLegend changes a legend read at version (nil: as it is now), by an editor.
func (s *Service) EditLegend(ctx context.Context, u *auth.User, id string, p domain.LegendPatch, version *int) (domain.Legend, error) {
	l, err := s.LegendByID(ctx, u, id)
	if err != nil {
		return l, err
	}
	if version != nil && *version != l.Version {
		return l, errLegendStale
	}
	now := s.Now()
	next, err := p.Apply(l, now)
	if err != nil {
		return l, err
	}
	next.UpdatedAt = now
	err = s.inTx(ctx, func(st Store) error {
		if err := st.SaveLegend(ctx, next, l.Version); err != nil {
			return err
		}
		return recordOn(ctx, st, u, "legend", l.ID, "edit_legend", "", "", now)
	})
	if err != nil {
		return l, legendErr(err)
	}
	next.Version = l.Version + 1
	return next, nil
}

// SetPortrait makes data (re-encoded, metadata dropped) the legend's portrait, by an
// editor.
func (s *Service) SetPortrait(ctx context.Context, u *auth.User, id string, data []byte, alt string) (domain.Legend, error) {
	l, err := s.LegendByID(ctx, u, id)
	if err != nil {
		return l, err
	}
	key, err := imaging.Save(ctx, s.blobs, data, "legends/"+l.ID)
	if err != nil {
		return l, err
	}
	old := l.PortraitKey
	if alt == "" {
		alt = l.PortraitAlt
	}
	next, err := domain.LegendPatch{PortraitAlt: &alt}.Apply(l, s.Now())
	if err != nil {
		return l, err
	}
	next.PortraitKey, next.UpdatedAt = key, s.Now()
	err = s.inTx(ctx, func(st Store) error {
		// The portrait is not writing two editors could both have changed: it lands on
		// whatever version is there.
		cur, err := st.Legend(ctx, l.ID)
		if err != nil {
			return err
		}
		cur.PortraitKey, cur.PortraitAlt, cur.UpdatedAt = next.PortraitKey, next.PortraitAlt, next.UpdatedAt
		if err := st.SaveLegend(ctx, cur, cur.Version); err != nil {
			return err
		}
		next = cur
		next.Version++
		return recordOn(ctx, st, u, "legend", l.ID, "portrait", "", "", next.UpdatedAt)
	})
	if err != nil {
		return l, legendErr(err)
	}
	if old != "" && old != key {
		_ = imaging.Delete(ctx, s.blobs, old)
	}
	return next, nil
}

// MemoryInput is what a reader remembers of a legend.
type MemoryInput struct {
	Body     string
	Year     int
	PhotoAlt string
	// Photo is an image to go with it, when there is one.
	Photo []byte
}

// AddMemory keeps a signed-in reader's memory of the legend at slug, with its photo,
// waiting for an editor: no one else sees it until one approves it.
func (s *Service) AddMemory(ctx context.Context, u *auth.User, slug string, in MemoryInput) (MemoryView, error) {
	if u == nil || u.ID == "" {
		return MemoryView{}, errs.Errorf(errs.CodeUnauthenticated, "Sign in to share a memory.")
	}
	l, err := s.store.LegendBySlug(ctx, slug)
	if err != nil {
		return MemoryView{}, legendErr(err)
	}
	m, err := domain.NewMemory(l.ID, u.ID, displayName(u), in.Body, in.Year, in.PhotoAlt, s.Now())
	if err != nil {
		return MemoryView{}, err
	}
	if len(in.Photo) > 0 {
		if m.PhotoKey, err = s.storePhoto(ctx, m.ID, in.Photo); err != nil {
			return MemoryView{}, err
		}
	}
	err = s.inTx(ctx, func(st Store) error {
		if err := st.AddMemory(ctx, m); err != nil {
			return err
		}
		return recordOn(ctx, st, u, "memory", m.ID, "share_memory", l.Name, "", m.CreatedAt)
	})
	if err != nil {
		return MemoryView{}, err
	}
	return s.memoryView(m, l), nil
}

// displayName is how a memory is signed: the reader's name, or the part of their
// address before the @.
func displayName(u *auth.User) string {
	if n := strings.TrimSpace(u.Name); n != "" {
		return n
	}
	name, _, _ := strings.Cut(u.Email, "@")
	return name
}

// storePhoto stores a memory's photo, re-encoded, under the memory's own prefix (the
// media route answers it only to whom may see the memory).
func (s *Service) storePhoto(ctx context.Context, memoryID string, data []byte) (string, error) {
	return imaging.Save(ctx, s.blobs, data, MemoryPhotoPrefix+memoryID)
}

// MemoryPhotoPrefix starts the stored key of every memory's photo: the memory's id
// follows, then the picture's own name.
const MemoryPhotoPrefix = "memories/"

// SetMemoryPhoto adds (or replaces) the photo of a memory its writer shared and an
// editor has not decided on yet.
func (s *Service) SetMemoryPhoto(ctx context.Context, u *auth.User, id string, data []byte, alt string) (MemoryView, error) {
	m, l, err := s.memoryFor(ctx, u, id)
	if err != nil {
		return MemoryView{}, err
	}
	if u.ID != m.AuthorID {
		return MemoryView{}, errs.Errorf(errs.CodeForbidden, "Only the memory's writer adds its photo.")
	}
	if m.Status != domain.MemoryPending {
		return MemoryView{}, errs.Errorf(errs.CodeInvalidTransition, "An editor has read this memory already; its photo stays as it is.")
	}
	if alt = strings.TrimSpace(alt); alt == "" {
		alt = m.PhotoAlt
	}
	if len([]rune(alt)) > domain.MaxPhotoAlt {
		return MemoryView{}, errs.Invalid(map[string]string{"alt": "Keep the description under 200 characters."})
	}
	key, err := s.storePhoto(ctx, m.ID, data)
	if err != nil {
		return MemoryView{}, err
	}
	if err := s.store.SetMemoryPhoto(ctx, m.ID, key, alt); errors.Is(err, domain.ErrStale) {
		_ = imaging.Delete(ctx, s.blobs, key)
		return MemoryView{}, errs.Errorf(errs.CodeInvalidTransition, "An editor has read this memory already; its photo stays as it is.")
	} else if err != nil {
		return MemoryView{}, err
	}
	if m.PhotoKey != "" && m.PhotoKey != key {
		_ = imaging.Delete(ctx, s.blobs, m.PhotoKey)
	}
	m.PhotoKey, m.PhotoAlt = key, alt
	return s.memoryView(m, l), nil
}

// memoryFor loads a memory u may see: an approved one for anyone, any for its writer
// and editors; others are told it does not exist.
func (s *Service) memoryFor(ctx context.Context, u *auth.User, id string) (domain.Memory, domain.Legend, error) {
	m, err := s.store.Memory(ctx, id)
	if errors.Is(err, domain.ErrNotFound) {
		return m, domain.Legend{}, errMemoryNotFound
	} else if err != nil {
		return m, domain.Legend{}, err
	}
	if !MaySee(u, m) {
		return m, domain.Legend{}, errMemoryNotFound
	}
	l, err := s.store.Legend(ctx, m.LegendID)
	return m, l, legendErr(err)
}

// MaySee reports whether u may see memory m: an approved one anyone, others only its
// writer and editors.
func MaySee(u *auth.User, m domain.Memory) bool {
	return m.Status == domain.MemoryApproved || isEditor(u) || (u != nil && u.ID != "" && u.ID == m.AuthorID)
}

// MemoryOfPhoto is the memory whose photo (or a copy of it) is stored at key, when u
// may see it.
func (s *Service) MemoryOfPhoto(ctx context.Context, u *auth.User, key string) (domain.Memory, error) {
	id, _, ok := strings.Cut(strings.TrimPrefix(key, MemoryPhotoPrefix), "/")
	if !ok || !strings.HasPrefix(key, MemoryPhotoPrefix) {
		return domain.Memory{}, errMemoryNotFound
	}
	m, _, err := s.memoryFor(ctx, u, id)
	// A narrower copy is the memory's photo too, and as private as it.
	if err == nil && m.PhotoKey != imaging.OriginalOf(key) {
		return m, errMemoryNotFound
	}
	return m, err
}

// Memory is one memory for whom may see it.
func (s *Service) Memory(ctx context.Context, u *auth.User, id string) (MemoryView, error) {
	m, l, err := s.memoryFor(ctx, u, id)
	if err != nil {
		return MemoryView{}, err
	}
	return s.memoryView(m, l), nil
}

// ApproveMemory shows a waiting memory on its legend's page, by an editor.
func (s *Service) ApproveMemory(ctx context.Context, u *auth.User, id string) (MemoryView, error) {
	return s.decideMemory(ctx, u, id, domain.MemoryApproved, "")
}

// DeclineMemory declines a waiting memory, or takes an approved one down, by an
// editor; the reason, when given, is for its writer.
func (s *Service) DeclineMemory(ctx context.Context, u *auth.User, id, reason string) (MemoryView, error) {
	return s.decideMemory(ctx, u, id, domain.MemoryDeclined, reason)
}

func (s *Service) decideMemory(ctx context.Context, u *auth.User, id string, to domain.MemoryStatus, reason string) (MemoryView, error) {
	if !isEditor(u) {
		return MemoryView{}, errEditorsOnly
	}
	m, l, err := s.memoryFor(ctx, u, id)
	if err != nil {
		return MemoryView{}, err
	}
	reason = strings.TrimSpace(reason)
	if len([]rune(reason)) > domain.MaxDecision {
		return MemoryView{}, errs.Invalid(map[string]string{"reason": "Keep the reason under 1,000 characters."})
	}
	if !m.Status.CanBecome(to) {
		return MemoryView{}, errs.Errorf(errs.CodeInvalidTransition, "A memory that is "+string(m.Status)+" cannot become "+string(to)+".").
			With(map[string]any{"from": string(m.Status), "to": string(to)})
	}
	now := s.Now()
	action := map[domain.MemoryStatus]string{domain.MemoryApproved: "approve_memory", domain.MemoryDeclined: "decline_memory"}[to]
	if m.Status == domain.MemoryApproved {
		action = "take_down_memory"
	}
	err = s.inTx(ctx, func(st Store) error {
		if err := st.DecideMemory(ctx, m.ID, m.Status, to, reason, u.ID, now); err != nil {
			return err
		}
		return recordOn(ctx, st, u, "memory", m.ID, action, l.Name, reason, now)
	})
	if errors.Is(err, domain.ErrStale) {
		return MemoryView{}, errMemoryDecided
	} else if err != nil {
		return MemoryView{}, err
	}
	m.Status, m.Reason, m.DecidedAt, m.DecidedBy = to, reason, &now, u.ID
	return s.memoryView(m, l), nil
}

// PendingMemories are the memories waiting for an editor, oldest first, and how many
// wait.
func (s *Service) PendingMemories(ctx context.Context, u *auth.User, limit, offset int) ([]MemoryView, int, error) {
	if !isEditor(u) {
		return nil, 0, errEditorsOnly
	}
	ms, total, err := s.store.MemoriesByStatus(ctx, domain.MemoryPending, min(max(limit, 1), MaxList), offset)
	if err != nil {
		return nil, 0, err
	}
	out, err := s.withLegends(ctx, ms)
	return out, total, err
}

// MyMemories are the memories u shared, newest first, whatever an editor decided.
func (s *Service) MyMemories(ctx context.Context, u *auth.User, limit int) ([]MemoryView, error) {
	ms, err := s.store.MemoriesOfAuthor(ctx, u.ID, min(max(limit, 1), MaxList))
	if err != nil {
		return nil, err
	}
	return s.withLegends(ctx, ms)
}

// withLegends views memories with the legends they remember.
func (s *Service) withLegends(ctx context.Context, ms []domain.Memory) ([]MemoryView, error) {
	legends := map[string]domain.Legend{}
	out := make([]MemoryView, 0, len(ms))
	for _, m := range ms {
		l, ok := legends[m.LegendID]
		if !ok {
			var err error
			if l, err = s.store.Legend(ctx, m.LegendID); err != nil {
				return nil, legendErr(err)
			}
			legends[m.LegendID] = l
		}
		out = append(out, s.memoryView(m, l))
	}
	return out, nil
}

// MemoryTrail is what was done to a memory, newest first, for an editor.
func (s *Service) MemoryTrail(ctx context.Context, u *auth.User, id string) ([]audit.Entry, error) {
	if !isEditor(u) {
		return nil, errEditorsOnly
	}
	return s.store.TrailOf(ctx, "memory", id, 0)
}

// LegendTrail is what was done to a legend's page, newest first, for an editor.
func (s *Service) LegendTrail(ctx context.Context, u *auth.User, id string) ([]audit.Entry, error) {
	if !isEditor(u) {
		return nil, errEditorsOnly
	}
	return s.store.TrailOf(ctx, "legend", id, 0)
}

// LegendMemories are all of a legend's memories in status, for an editor.
func (s *Service) LegendMemories(ctx context.Context, u *auth.User, l domain.Legend, status domain.MemoryStatus) ([]MemoryView, error) {
	if !isEditor(u) {
		return nil, errEditorsOnly
	}
	ms, err := s.store.MemoriesOf(ctx, l.ID, status, MaxMemoriesShown)
	if err != nil {
		return nil, err
	}
	out := make([]MemoryView, len(ms))
	for i, m := range ms {
		out[i] = s.memoryView(m, l)
	}
	return out, nil
}

// recordOn writes one move on a subject of kind in the audit trail, in st's
// transaction.
func recordOn(ctx context.Context, st Store, u *auth.User, kind, id, action, detail, reason string, at time.Time) error {
	return st.Record(ctx, audit.Entry{At: at, Actor: audit.ActorOf(u), Action: action,
		Subject: audit.Subject{Kind: kind, ID: id}, Detail: detail, Reason: reason})
}
