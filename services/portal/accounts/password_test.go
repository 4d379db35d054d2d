package accounts

import (
	"strings"
	"testing"
)

func TestPasswordHashing(t *testing.T) {
	h, err := HashPassword("correct horse", DefaultParams)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q", h)
	}
	if ok, stale, err := CheckPassword(h, "correct horse", DefaultParams); !ok || stale || err != nil {
		t.Fatalf("right password: %v %v %v", ok, stale, err)
	}
	if ok, _, _ := CheckPassword(h, "correct horsE", DefaultParams); ok {
		t.Fatal("wrong password accepted")
	}
	h2, _ := HashPassword("correct horse", DefaultParams)
	if h2 == h {
		t.Fatal("salt not random")
	}
	weaker := Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	old, _ := HashPassword("pw-pw-pw-pw", weaker)
	if ok, stale, _ := CheckPassword(old, "pw-pw-pw-pw", DefaultParams); !ok || !stale {
		t.Fatal("hash with old parameters must verify and be marked stale")
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=99999999,t=1,p=1$AA$AA",
		"$argon2id$v=19$m=1024,t=1,p=1$!!$AA"} {
		if ok, _, err := CheckPassword(bad, "x", DefaultParams); ok || err == nil {
			t.Errorf("malformed hash %q accepted", bad)
		}
	}
}

func TestRegistrationNormalize(t *testing.T) {
	r := Registration{Email: "  Ann@Example.COM ", Password: "long enough", Name: "  Ann   Lee "}
	if err := r.Normalize(); err != nil {
		t.Fatal(err)
	}
	if r.Email != "ann@example.com" || r.Name != "Ann Lee" {
		t.Fatalf("%+v", r)
	}
	for _, bad := range []Registration{
		{Email: "nope", Password: "long enough", Name: "A"},
		{Email: "a@b", Password: "long enough", Name: "A"},
		{Email: "a@b.c", Password: "short", Name: "A"},
		{Email: "a@b.c", Password: strings.Repeat("x", 300), Name: "A"},
		{Email: "a@b.c", Password: "long enough", Name: "  "},
		{Email: "Ann <a@b.c>", Password: "long enough", Name: "A"},
	} {
		if err := bad.Normalize(); err == nil {
			t.Errorf("accepted %+v", bad)
		}
	}
}

// BenchmarkHashPassword is the sign-in cost: one argon2id hash with DefaultParams.
func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword("correct horse battery", DefaultParams); err != nil {
			b.Fatal(err)
		}
	}
}
