package app

import (
	"context"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/mail"
	"stepperslife/services/services/adapters/sqlstore"
	"stepperslife/services/services/domain"
)

// Search is what a customer asks of the directory (the store's seam, see sqlstore.Search).
type Search = sqlstore.Search

// Photo is one portfolio picture.
type Photo = sqlstore.Photo

// Providers is the storage of listings.
type Providers interface {
	CreateProvider(ctx context.Context, p domain.Provider) error
	Provider(ctx context.Context, id string) (domain.Provider, error)
	ProviderBySlug(ctx context.Context, slug string) (domain.Provider, error)
	ProvidersOfOwner(ctx context.Context, ownerID, verifiedEmail string) ([]domain.Provider, error)
	ProvidersInStatus(ctx context.Context, st domain.ProviderStatus, limit, offset int) ([]domain.Provider, int, error)
	SearchProviders(ctx context.Context, f Search) ([]domain.Provider, int, error)
	MoveProvider(ctx context.Context, id string, from, to domain.ProviderStatus, reason string, now time.Time) error
	SetPremium(ctx context.Context, id string, until *time.Time, now time.Time) error
	SetVerified(ctx context.Context, id string, verified bool, now time.Time) error
	SetImages(ctx context.Context, id, logoKey, coverKey string, now time.Time) error
	AddPhoto(ctx context.Context, providerID, id, key string, max int, now time.Time) error
	Photos(ctx context.Context, providerID string) ([]Photo, error)
	LockProvider(ctx context.Context, id string) error
	CategoryCounts(ctx context.Context) (map[domain.Category]int, error)
	SetLicence(ctx context.Context, id, key, contentType string, now time.Time) (string, error)
	LicencesToVerify(ctx context.Context, limit, offset int) ([]domain.Provider, int, error)
}

// Reviews is the storage of reviews and their effect on ratings.
type Reviews interface {
	AddReview(ctx context.Context, r domain.Review) error
	Review(ctx context.Context, id string) (domain.Review, error)
	ReviewOf(ctx context.Context, providerID, authorID string) (domain.Review, error)
	VisibleReviews(ctx context.Context, providerID string, limit, offset int) ([]domain.Review, int, error)
	ReportedReviews(ctx context.Context, limit, offset int) ([]domain.Review, int, error)
	MoveReview(ctx context.Context, id string, from, to domain.ReviewStatus, reason, by string, now time.Time) error
	EditReview(ctx context.Context, id string, rating int, body string, now time.Time) error
	ReplyToReview(ctx context.Context, id, body string, now time.Time) error
}

// Inquiries is the storage of quote requests and their threads.
type Inquiries interface {
	CreateInquiry(ctx context.Context, in domain.Inquiry) error
	Inquiry(ctx context.Context, id string) (domain.Inquiry, error)
	InquiriesOfProvider(ctx context.Context, providerID string, status domain.InquiryStatus, limit, offset int) ([]domain.Inquiry, int, error)
	InquiriesOfCustomer(ctx context.Context, customerID string, limit, offset int) ([]domain.Inquiry, int, error)
	MoveInquiry(ctx context.Context, id string, from, to domain.InquiryStatus, now time.Time) error
	AddMessage(ctx context.Context, m domain.Message) error
	Messages(ctx context.Context, inquiryID string) ([]domain.Message, error)
	ResponseStats(ctx context.Context, providerID string, since time.Time) (domain.ResponseStats, error)
	InquiriesSince(ctx context.Context, customerID, providerID string, since time.Time) (int, error)
	Answered(ctx context.Context, providerID, customerID string) (bool, error)
}

// Store is everything the use cases keep, plus mail and the audit trail written in
// the same transaction as the change they follow.
type Store interface {
	Providers
	Reviews
	Inquiries
	Calendar
	Extras
	EnqueueMail(ctx context.Context, m mail.Message) error
	Audit(ctx context.Context, e audit.Entry) error
	Trail(ctx context.Context, kind, id string, limit int) ([]audit.Entry, error)
}

// Outbox sends what committed transactions enqueued.
type Outbox interface{ Kick() }
