package domain

import (
	"bytes"

	"stepperslife/internal/kit/errs"
)

// MaxLicencePDFBytes bounds a licence sent as a PDF; pictures go through the kit's
// imaging, with its own limit.
const MaxLicencePDFBytes = 5 << 20

// IsPDF reports whether data is a PDF document by its signature; the file is kept as
// sent and only ever given to admins, as an attachment.
func IsPDF(data []byte) bool { return bytes.HasPrefix(data, []byte("%PDF-")) }

// ErrLicenceTooLarge and ErrLicenceType are the refusals of a licence upload.
var (
	ErrLicenceTooLarge = errs.Errorf(errs.CodePayloadTooLarge, "The licence may be at most 5 MB.")
	ErrLicenceType     = errs.Errorf(errs.CodeUnsupportedMedia, "Send the licence as a PDF or a JPEG, PNG or WebP picture.")
)
