package identity

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestDeviceCookies(t *testing.T) {
	d := newDevices([]byte("a-long-secret-for-the-test-of-devices"))
	now := time.Now()
	with := func(v string) *http.Request {
		r := httptest.NewRequest("POST", "/api/auth/login", nil)
		r.AddCookie(&http.Cookie{Name: DeviceCookie, Value: v})
		return r
	}
	v := d.issue("gil@example.com", "", now)
	if strings.Contains(v, "gil") {
		t.Fatalf("the address travels in the cookie: %s", v)
	}
	id := d.recognise(with(v), "gil@example.com", now)
	if id == "" {
		t.Fatal("own cookie not recognised")
	}
	if again := d.issue("gil@example.com", id, now.Add(time.Hour)); d.recognise(with(again), "gil@example.com", now.Add(time.Hour)) != id {
		t.Fatal("a new sign-in changed the browser id")
	}
	for name, bad := range map[string]string{
		"another account": v,
		"tampered":        strings.Replace(v, ".", ".x", 1),
		"truncated":       v[:len(v)-2],
		"junk":            "a.b.c.d",
	} {
		email := "gil@example.com"
		if name == "another account" {
			email = "hal@example.com"
		}
		if got := d.recognise(with(bad), email, now); got != "" {
			t.Errorf("%s: recognised as %q", name, got)
		}
	}
	if d.recognise(with(v), "gil@example.com", now.Add(deviceTTL+time.Hour)) != "" {
		t.Error("a cookie older than its lifetime is recognised")
	}
	off := newDevices(nil)
	if off.issue("gil@example.com", "", now) != "" || off.recognise(with(v), "gil@example.com", now) != "" {
		t.Error("without a secret, devices must be off")
	}
}
