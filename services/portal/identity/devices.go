package identity

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
	"time"
)

// DeviceCookie marks a browser where an account signed in before. Wrong passwords
// tried elsewhere never lock such a browser out: an attacker can slow an account down
// for strangers, not for its owner (OWASP's device-cookie defence against lockout).
const DeviceCookie = "sl_device"

// deviceTTL is how long a browser stays recognised after its last sign-in.
const deviceTTL = 365 * 24 * time.Hour

// devices signs and checks device cookies with a key derived from the portal's secret,
// so they need no storage and every replica reads them alike.
type devices struct{ key []byte }

func newDevices(secret []byte) devices {
	if len(secret) == 0 {
		return devices{}
	}
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("stepperslife device cookie"))
	return devices{key: m.Sum(nil)}
}

// issue is a cookie value naming email's account on a new browser id.
func (d devices) issue(email string) string {
	var id [12]byte
	_, _ = rand.Read(id[:])
	payload := base64.RawURLEncoding.EncodeToString([]byte(email)) + "." + base64.RawURLEncoding.EncodeToString(id[:])
	return payload + "." + d.sign(payload)
}

// recognise returns the browser id of r's device cookie when it names email's
// account, or "".
func (d devices) recognise(r *http.Request, email string) string {
	if d.key == nil {
		return ""
	}
	c, err := r.Cookie(DeviceCookie)
	if err != nil {
		return ""
	}
	enc, id, ok := strings.Cut(c.Value, ".")
	if !ok {
		return ""
	}
	id, mac, ok := strings.Cut(id, ".")
	if !ok || !hmac.Equal([]byte(mac), []byte(d.sign(enc+"."+id))) {
		return ""
	}
	if named, err := base64.RawURLEncoding.DecodeString(enc); err != nil || string(named) != email {
		return ""
	}
	return id
}

func (d devices) sign(payload string) string {
	m := hmac.New(sha256.New, d.key)
	m.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
