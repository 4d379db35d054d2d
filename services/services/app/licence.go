package app

import (
	"bytes"
	"context"
	"errors"
	"io"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/imaging"
	"stepperslife/services/services/domain"
)

// licencePrefix keeps evidence apart from the listing pictures: the public media
// route serves only providers/, so nothing here ever has a public address.
const licencePrefix = "licences/"

// UploadLicence keeps a provider's licence evidence (a picture, re-encoded by the
// kit's imaging, or a PDF up to 5 MB as sent) privately in the service's bucket, in
// place of any earlier one; the listing then waits for an admin to verify it.
func (s *Service) UploadLicence(ctx context.Context, u *auth.User, id string, data []byte) (ProviderView, error) {
	p, err := s.owned(ctx, u, id)
	if err != nil {
		return ProviderView{}, err
	}
	var key, contentType string
	var body []byte
	switch {
	case domain.IsPDF(data):
		if len(data) > domain.MaxLicencePDFBytes {
			return ProviderView{}, domain.ErrLicenceTooLarge
		}
		key, contentType, body = licencePrefix+p.ID+"/"+domain.NewID()+".pdf", "application/pdf", data
	default:
		img, err := imaging.Process(ctx, data, "licences/"+p.ID)
		if err != nil {
			if errors.Is(err, imaging.ErrUnsupported) {
				return ProviderView{}, domain.ErrLicenceType
			}
			return ProviderView{}, err
		}
		key, contentType, body = img.Key, img.ContentType, img.Data
	}
	if err := s.blobs.Put(ctx, key, bytes.NewReader(body), int64(len(body)), contentType); err != nil {
		return ProviderView{}, err
	}
	old, err := s.store.SetLicence(ctx, p.ID, key, contentType, s.Now())
	if err != nil {
		return ProviderView{}, storeErr(err, errProviderNotFound, "")
	}
	if old != "" && old != key {
		if err := s.blobs.Delete(ctx, old); err != nil {
			s.log.Warn("services: an earlier licence file stays in the bucket", "provider", p.ID, "err", err)
		}
	}
	if p, err = s.provider(ctx, p.ID); err != nil {
		return ProviderView{}, err
	}
	return s.view(ctx, p)
}

// LicenceFile opens a listing's licence evidence, for admins only.
func (s *Service) LicenceFile(ctx context.Context, u *auth.User, id string) (io.ReadCloser, blob.Info, error) {
	if !isAdmin(u) {
		return nil, blob.Info{}, errs.Errorf(errs.CodeForbidden, "Only admins open licence evidence.")
	}
	p, err := s.provider(ctx, id)
	if err != nil {
		return nil, blob.Info{}, err
	}
	if p.LicenceKey == "" {
		return nil, blob.Info{}, errs.NotFound("Licence evidence")
	}
	rc, info, err := s.blobs.Get(ctx, p.LicenceKey)
	if errors.Is(err, blob.ErrNotFound) {
		return nil, blob.Info{}, errs.NotFound("Licence evidence")
	}
	if info.ContentType == "" {
		info.ContentType = p.LicenceType
	}
	return rc, info, err
}

// LicencesToVerify lists listings whose evidence waits for an admin, oldest first.
func (s *Service) LicencesToVerify(ctx context.Context, limit, offset int) ([]domain.Provider, int, error) {
	return s.store.LicencesToVerify(ctx, limit, offset)
}
