package httpapi

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/imaging"
	"stepperslife/internal/kit/web"
	"stepperslife/services/services/domain"
)

// applyForm is the application page's form as the provider filled it.
type applyForm struct {
	BusinessName, Tagline, Description, Category, Phone, Email, Website string
	City, ZIP, PriceRange, StartingPrice, Radius                        string
}

var priceRanges = []string{"BUDGET", "MODERATE", "PREMIUM", "LUXURY"}

func (h *Handler) applyPage(w http.ResponseWriter, r *http.Request) {
	f := applyForm{Email: caller(r).Email, City: "Chicago", PriceRange: "MODERATE", Radius: strconv.Itoa(domain.DefaultRadiusMiles)}
	problem := ""
	if !caller(r).Has(auth.RoleServiceProvider) {
		problem = "Take the service provider role on your SteppersLife account page to list a business."
	}
	h.showApply(w, r, http.StatusOK, f, problem)
}

func (h *Handler) showApply(w http.ResponseWriter, r *http.Request, status int, f applyForm, problem string) {
	w.Header().Set("Cache-Control", "private, no-store")
	h.render(w, r, status, "apply.html", "List your business", map[string]any{"Form": f, "Error": problem,
		"Categories": domain.Categories, "Prices": priceRanges})
}

// applySubmit sends the application; the listing then waits for an admin, and its
// owner adds photos from the dashboard meanwhile.
func (h *Handler) applySubmit(w http.ResponseWriter, r *http.Request) {
	f := applyForm{BusinessName: r.PostFormValue("businessName"), Tagline: r.PostFormValue("tagline"),
		Description: r.PostFormValue("description"), Category: r.PostFormValue("category"), Phone: r.PostFormValue("phone"),
		Email: r.PostFormValue("email"), Website: r.PostFormValue("website"), City: r.PostFormValue("city"),
		ZIP: r.PostFormValue("zip"), PriceRange: r.PostFormValue("priceRange"), StartingPrice: r.PostFormValue("startingPrice"),
		Radius: r.PostFormValue("radius")}
	in := domain.ProviderInput{BusinessName: f.BusinessName, Tagline: f.Tagline, Description: f.Description,
		Category: domain.Category(f.Category), Phone: f.Phone, Email: f.Email, Website: f.Website, City: f.City, ZIP: f.ZIP,
		PriceRange: domain.PriceRange(f.PriceRange)}
	bad := map[string]string{}
	if v := strings.TrimSpace(f.StartingPrice); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 || n > 10_000_000 {
			bad["startingPrice"] = "must be whole dollars"
		}
		in.StartingPriceCents = n * 100
	}
	if v := strings.TrimSpace(f.Radius); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			bad["radius"] = "must be whole miles"
		}
		in.Area = domain.ServiceArea{Kind: domain.AreaRadius, RadiusMiles: n}
	}
	if len(bad) > 0 {
		h.showApply(w, r, http.StatusBadRequest, f, message(errs.Invalid(bad)))
		return
	}
	v, err := h.app.Apply(r.Context(), caller(r), in)
	var e *errs.Error
	if errors.As(err, &e) && e.Class() != errs.CodeForbidden {
		h.showApply(w, r, web.Status(e), f, message(e))
		return
	}
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	http.Redirect(w, r, "/dashboard?ok="+url.QueryEscape("Thank you: "+v.BusinessName+" waits for an admin's approval. Add your photos meanwhile.")+
		"#photos-"+url.PathEscape(v.ID), http.StatusSeeOther)
}

// photoForm adds a portfolio photo from the dashboard.
func (h *Handler) photoForm(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, imaging.MaxUploadBytes+64<<10)
	id := r.PathValue("id")
	back := func(key, text string) {
		http.Redirect(w, r, "/dashboard?"+key+"="+url.QueryEscape(text)+"#photos-"+url.PathEscape(id), http.StatusSeeOther)
	}
	if err := r.ParseMultipartForm(imaging.MaxUploadBytes + 64<<10); err != nil {
		back("err", "The photo could not be read (is it over 5 MB?).")
		return
	}
	f, _, err := r.FormFile("photo")
	if err != nil {
		back("err", "Choose a photo.")
		return
	}
	defer f.Close()
	data, err := imaging.ReadUpload(f)
	if err == nil {
		_, err = h.app.AddPhoto(r.Context(), caller(r), id, data)
	}
	var e *errs.Error
	switch {
	case err == nil:
		back("ok", "Photo added.")
	case errors.As(err, &e) && e.Class() != errs.CodeNotFound && e.Class() != errs.CodeForbidden:
		back("err", message(e))
	default:
		web.WriteError(w, r, err)
	}
}
