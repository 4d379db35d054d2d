package httpapi

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/imaging"
	"stepperslife/internal/kit/web"
	"stepperslife/services/services/domain"
)

// maxLicenceBytes is the larger of the two kinds of evidence a provider may send.
const maxLicenceBytes = max(domain.MaxLicencePDFBytes, imaging.MaxUploadBytes)

func readLicence(body io.Reader, length int64) ([]byte, error) {
	if length > maxLicenceBytes {
		return nil, domain.ErrLicenceTooLarge
	}
	data, err := io.ReadAll(io.LimitReader(body, maxLicenceBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxLicenceBytes {
		return nil, domain.ErrLicenceTooLarge
	}
	return data, nil
}

// uploadLicence takes the body (a PDF or a picture) as the listing's licence evidence.
func (h *Handler) uploadLicence(w http.ResponseWriter, r *http.Request) {
	data, err := readLicence(r.Body, r.ContentLength)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	v, err := h.app.UploadLicence(r.Context(), caller(r), r.PathValue("id"), data)
	h.answerView(w, r, http.StatusOK, v, err)
}

// licenceFile gives an admin the evidence, as an attachment that is never cached or
// sniffed: it is the provider's document, not a page of ours.
func (h *Handler) licenceFile(w http.ResponseWriter, r *http.Request) {
	rc, info, err := h.app.LicenceFile(r.Context(), caller(r), r.PathValue("id"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	defer rc.Close()
	hd := w.Header()
	hd.Set("Cache-Control", "private, no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	hd.Set("Content-Type", info.ContentType)
	name := "licence.jpg"
	switch info.ContentType {
	case "application/pdf":
		name = "licence.pdf"
	case "image/png":
		name = "licence.png"
	case "image/webp":
		name = "licence.webp"
	}
	hd.Set("Content-Disposition", "attachment; filename="+strconv.Quote(name))
	if info.Size > 0 {
		hd.Set("Content-Length", strconv.FormatInt(info.Size, 10))
	}
	_, _ = io.Copy(w, rc)
}

// licenceForm takes the dashboard's upload of licence evidence.
func (h *Handler) licenceForm(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxLicenceBytes+64<<10)
	if err := r.ParseMultipartForm(maxLicenceBytes + 64<<10); err != nil {
		h.afterLicenceForm(w, r, errs.Errorf(errs.CodeValidation, "The file could not be read (is it over 5 MB?)."))
		return
	}
	f, _, err := r.FormFile("licence")
	if err != nil {
		h.afterLicenceForm(w, r, errs.Errorf(errs.CodeValidation, "Choose your licence's file."))
		return
	}
	defer f.Close()
	data, err := readLicence(f, -1)
	if err == nil {
		_, err = h.app.UploadLicence(r.Context(), caller(r), r.PathValue("id"), data)
	}
	h.afterLicenceForm(w, r, err)
}

func (h *Handler) afterLicenceForm(w http.ResponseWriter, r *http.Request, err error) {
	var e *errs.Error
	if errors.As(err, &e) && e.Class() != errs.CodeNotFound && e.Class() != errs.CodeForbidden {
		http.Redirect(w, r, "/dashboard?err="+url.QueryEscape(message(e))+"#licence-"+url.PathEscape(r.PathValue("id")), http.StatusSeeOther)
		return
	}
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	http.Redirect(w, r, "/dashboard?ok="+url.QueryEscape("Your licence is with our admins, who will verify it.")+
		"#licence-"+url.PathEscape(r.PathValue("id")), http.StatusSeeOther)
}
