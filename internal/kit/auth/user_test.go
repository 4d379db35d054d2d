package auth

import "testing"

func TestVerifiedEmail(t *testing.T) {
	cases := []struct {
		u    *User
		want string
	}{
		{nil, ""},
		{&User{Email: "Ann@Example.com"}, ""},
		{&User{Email: " Ann@Example.COM ", EmailVerified: true}, "ann@example.com"},
		{&User{Email: "not an address", EmailVerified: true}, ""},
	}
	for _, c := range cases {
		if got := c.u.VerifiedEmail(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.u, got, c.want)
		}
	}
}
