package services_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"stepperslife/internal/api/servicesapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/testenv"
	st "stepperslife/services/services/servicestest"
)

var licencePDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// Licence evidence: the provider sends a PDF or a picture; it is kept in the bucket
// but never at a public address; only admins open it; it waits in the admin queue
// until an admin verifies the listing, which the trail records.
func TestLicenceEvidenceStaysWithAdmins(t *testing.T) {
	st.EachDB(t, func(t *testing.T, dbURL string) {
		licenceFlow(t, st.Start(t, st.Options{DatabaseURL: dbURL}))
	})
}

// The same on MinIO, the bucket of production.
func TestLicenceEvidenceOnMinIO(t *testing.T) {
	m := testenv.MinIO(t)
	mc := m.Config("services")
	licenceFlow(t, st.Start(t, st.Options{Env: map[string]string{
		"MINIO_ENDPOINT": mc.Endpoint, "MINIO_PORT": strconv.Itoa(mc.Port), "MINIO_ACCESS_KEY": mc.AccessKey,
		"MINIO_SECRET_KEY": mc.SecretKey.Reveal(), "MINIO_BUCKET_NAME": mc.Bucket,
	}}))
}

func licenceFlow(t *testing.T, s *st.Server) {
	t.Helper()
	p := s.Listed(st.Owner, st.Application("Licensed Limos"))
	path := "/api/providers/" + p.ID + "/licence"
	s.Must(403, "PUT", path, st.OtherOwner, licencePDF, "Content-Type", "application/pdf")
	s.Must(401, "PUT", path, nil, licencePDF, "Content-Type", "application/pdf")
	if r := s.Must(415, "PUT", path, st.Owner, []byte("just words"), "Content-Type", "text/plain"); r.Code() != "UNSUPPORTED_MEDIA_TYPE" {
		t.Fatalf("text: %s", r.Body)
	}
	big := append(append([]byte{}, licencePDF...), bytes.Repeat([]byte("x"), 5<<20)...)
	s.Must(413, "PUT", path, st.Owner, big, "Content-Type", "application/pdf")

	var v servicesapi.Provider
	s.Must(200, "PUT", path, st.Owner, licencePDF, "Content-Type", "application/pdf").JSON(t, &v)
	if !v.LicenceOnFile || v.Verified {
		t.Fatalf("after the upload: %+v", v)
	}
	// Nothing public names or serves it.
	public := string(s.Must(200, "GET", "/api/providers/"+p.Slug, nil, nil).Body)
	if strings.Contains(public, "licences/") || strings.Contains(public, "%PDF") {
		t.Fatalf("the public listing shows the evidence: %s", public)
	}
	for _, u := range []*auth.User{nil, st.Customer, st.Owner} {
		if r := s.Do("GET", "/api/admin/providers/"+p.ID+"/licence", u, nil); r.Status != 401 && r.Status != 403 {
			t.Fatalf("someone else opened the licence: %d", r.Status)
		}
	}
	r := s.Must(200, "GET", "/api/admin/providers/"+p.ID+"/licence", st.Admin, nil)
	if !bytes.Equal(r.Body, licencePDF) || r.Header.Get("Content-Type") != "application/pdf" ||
		!strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment") || r.Header.Get("Cache-Control") != "private, no-store" {
		t.Fatalf("admin's copy: %v %q", r.Header, r.Body)
	}
	if code, _ := page(t, s.Browser(st.Admin), s.URL+"/admin/providers/"+p.ID+"/licence"); code != 200 {
		t.Fatalf("admin page link: %d", code)
	}
	if code, _ := page(t, s.Browser(st.Customer), s.URL+"/admin/providers/"+p.ID+"/licence"); code != 403 {
		t.Fatalf("a customer opened the licence page: %d", code)
	}

	queue := func() map[string]bool {
		var q struct {
			Items []struct{ Kind, ID string } `json:"items"`
		}
		s.Must(200, "GET", "/api/admin/queue", st.Admin, nil).JSON(t, &q)
		out := map[string]bool{}
		for _, it := range q.Items {
			out[it.Kind+"/"+it.ID] = true
		}
		return out
	}
	if !queue()["licence_to_verify/"+p.ID] {
		t.Fatalf("the licence is not in the queue: %v", queue())
	}
	code, body := page(t, s.Browser(st.Admin), s.URL+"/admin/providers/"+p.ID)
	if code != 200 || !strings.Contains(body, "/admin/providers/"+p.ID+"/licence") {
		t.Fatalf("admin provider page %d:\n%s", code, body)
	}
	s.Must(200, "POST", "/api/admin/providers/"+p.ID+"/verify", st.Admin, map[string]string{"reason": "state licence checked"}).JSON(t, &v)
	if !v.Verified || queue()["licence_to_verify/"+p.ID] {
		t.Fatalf("verified but still waiting: %+v", v)
	}

	// A picture goes through the kit's imaging and replaces the PDF.
	s.Must(200, "PUT", path, st.Owner, pngBytes(t, 3), "Content-Type", "image/png")
	if r := s.Must(200, "GET", "/api/admin/providers/"+p.ID+"/licence", st.Admin, nil); !strings.HasPrefix(r.Header.Get("Content-Type"), "image/") {
		t.Fatalf("picture: %v", r.Header)
	}

	// And from the dashboard's form.
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, _ := mw.CreateFormFile("licence", "licence.pdf")
	_, _ = fw.Write(licencePDF)
	_ = mw.Close()
	res, err := s.Browser(st.Owner).Post(s.URL+"/dashboard/listings/"+p.ID+"/licence", mw.FormDataContentType(), &b)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Request.URL.Query().Get("ok") == "" {
		t.Fatalf("dashboard upload: %d %s", res.StatusCode, res.Request.URL)
	}
}
