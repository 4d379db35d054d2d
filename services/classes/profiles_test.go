package classes_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"testing"

	"stepperslife/internal/api/classesapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/services/classes/classestest"
)

var admin = &auth.User{ID: "u-admin", Email: "ada@example.com", Name: "Ada Admin", Roles: []string{auth.RoleUser, auth.RoleAdmin}}

// An instructor writes a profile with a photo; it lists their open classes; an admin
// verifies and features them, and featured instructors come first.
func TestInstructorProfiles(t *testing.T) {
	classestest.EachDB(t, func(t *testing.T, dbURL string) {
		s := classestest.Start(t, classestest.Options{DatabaseURL: dbURL})
		c := s.PublishedClass("Profile Steppin", 0, 10, 2)
		body := map[string]any{"displayName": "Tina Teacher", "bio": "Twenty years of steppin.", "styles": []string{"steppin", "footwork"},
			"links": []string{"https://instagram.com/tina"}}
		if res := s.Do("PUT", "/api/me/instructor", student, body); res.Status != http.StatusForbidden {
			t.Fatalf("a student writing a profile: %d", res.Status)
		}
		if res := s.Do("PUT", "/api/me/instructor", teacher, map[string]any{"displayName": "T", "links": []string{"ftp://x"}}); res.Status != http.StatusBadRequest {
			t.Fatalf("a bad link: %d %s", res.Status, res.Body)
		}
		if res := s.Do("PUT", "/api/me/instructor/photo", teacher, pngBytes(t)); res.Status != http.StatusConflict {
			t.Fatalf("a photo before the profile: %d %s", res.Status, res.Body)
		}
		var p classesapi.Instructor
		s.Must(http.StatusOK, "PUT", "/api/me/instructor", teacher, body).JSON(t, &p)
		if p.Slug == "" || len(p.Styles) != 2 || p.Styles[0] != "STEPPIN" || len(p.Classes) != 1 || p.Classes[0].ID != c.ID || p.Verified {
			t.Fatalf("profile: %+v", p)
		}
		slug := p.Slug
		body["bio"] = "Twenty-one years."
		s.Must(http.StatusOK, "PUT", "/api/me/instructor", teacher, body).JSON(t, &p)
		if p.Slug != slug || p.Bio != "Twenty-one years." {
			t.Fatalf("rewritten: %+v", p)
		}
		s.Must(http.StatusOK, "PUT", "/api/me/instructor/photo", teacher, pngBytes(t)).JSON(t, &p)
		if p.PhotoURL == "" {
			t.Fatalf("photo: %+v", p)
		}
		if res := s.Do("GET", p.PhotoURL[len(s.URL):], nil, nil); res.Status != http.StatusOK || res.Header.Get("Content-Type") == "" {
			t.Fatalf("photo served: %d", res.Status)
		}
		var other classesapi.Instructor
		s.Must(http.StatusOK, "PUT", "/api/me/instructor", classestest.OtherInstructor, map[string]any{"displayName": "Terry Teacher"}).JSON(t, &other)
		if res := s.Do("POST", "/api/admin/instructors/"+other.ID+"/feature", teacher, nil); res.Status != http.StatusForbidden {
			t.Fatalf("an instructor featuring: %d", res.Status)
		}
		s.Must(http.StatusOK, "POST", "/api/admin/instructors/"+other.ID+"/verify", admin, nil)
		s.Must(http.StatusOK, "POST", "/api/admin/instructors/"+other.ID+"/feature", admin, nil).JSON(t, &other)
		if !other.Verified || !other.Featured {
			t.Fatalf("marked: %+v", other)
		}
		var list struct {
			Items []classesapi.Instructor `json:"items"`
		}
		s.Must(http.StatusOK, "GET", "/api/instructors", nil, nil).JSON(t, &list)
		if len(list.Items) != 2 || list.Items[0].ID != other.ID {
			t.Fatalf("list: %+v", list.Items)
		}
		s.Must(http.StatusOK, "POST", "/api/admin/instructors/"+other.ID+"/feature", admin, map[string]bool{"featured": false}).JSON(t, &other)
		if other.Featured || !other.Verified {
			t.Fatalf("unfeatured: %+v", other)
		}
		s.Must(http.StatusOK, "GET", "/api/instructors/"+slug, nil, nil).JSON(t, &p)
		if p.DisplayName != "Tina Teacher" {
			t.Fatalf("by slug: %+v", p)
		}
		if res := s.Do("GET", "/api/instructors/nobody", nil, nil); res.Status != http.StatusNotFound {
			t.Fatalf("unknown: %d", res.Status)
		}
	})
}

func pngBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		for y := range 48 {
			img.Set(x, y, color.RGBA{uint8(x * 4), 40, uint8(y * 5), 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
