package identity

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
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
// so they need no storage and every replica reads them alike. A cookie names the
// account by a keyed hash of its address (the address itself never travels), a
// random browser id and when it was issued; each sign-in issues it anew.
type devices struct{ key []byte }

func newDevices(secret []byte) devices {
	if len(secret) == 0 {
		return devices{}
	}
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("stepperslife device cookie"))
	return devices{key: m.Sum(nil)}
}

// issue is a cookie value for email's account on this browser, keeping its browser id
// when it has one; "" when devices are off.
func (d devices) issue(email, id string, now time.Time) string {
	if d.key == nil {
		return ""
	}
	if id == "" {
		var b [12]byte
		_, _ = rand.Read(b[:])
		id = base64.RawURLEncoding.EncodeToString(b[:])
	}
	payload := d.account(email) + "." + id + "." + strconv.FormatInt(now.Unix(), 10)
	return payload + "." + d.mac(payload)
}

// recognise returns the browser id of r's device cookie when it names email's account
// and is younger than deviceTTL, or "".
func (d devices) recognise(r *http.Request, email string, now time.Time) string {
	if d.key == nil {
		return ""
	}
	c, err := r.Cookie(DeviceCookie)
	if err != nil {
		return ""
	}
	parts := strings.Split(c.Value, ".")
	if len(parts) != 4 {
		return ""
	}
	payload := strings.Join(parts[:3], ".")
	if !hmac.Equal([]byte(parts[3]), []byte(d.mac(payload))) || !hmac.Equal([]byte(parts[0]), []byte(d.account(email))) {
		return ""
	}
	issued, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || now.Sub(time.Unix(issued, 0)) > deviceTTL {
		return ""
	}
	return parts[1]
}

func (d devices) account(email string) string { return d.mac("account:" + email)[:22] }

func (d devices) mac(payload string) string {
	m := hmac.New(sha256.New, d.key)
	m.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
