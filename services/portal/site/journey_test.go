package site

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stepperslife/internal/kit/auth"
	"stepperslife/services/portal/aggregate/proctest"
)

// TestBrowserWholeJourney is the customer's whole journey in a real Chromium with the
// real identity: the portal process signs the customer in on its sign-in page; its
// session cookie then carries them through the portal's pages (served here in front
// of the real events and restaurants processes) to buy a ticket, order food and see
// both in My SteppersLife.
func TestBrowserWholeJourney(t *testing.T) {
	if testing.Short() {
		t.Skip("starts service processes and a browser")
	}
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("chromium not installed")
	}
	bin := proctest.Binary(t)
	if bin == "" {
		t.Skip("cmd/stepperslife does not build at the moment")
	}
	port := proctest.FreePort(t)
	identityURL := fmt.Sprintf("http://127.0.0.1:%d", port)
	idp := proctest.StartWith(t, "portal", port, map[string]string{"NEXTAUTH_URL": identityURL, "PUBLIC_URL": identityURL})
	p := newPlatform(t, identityURL, proctest.Start(t, "events", identityURL), proctest.Start(t, "restaurants", identityURL))

	const password = "steppin-all-night"
	for _, email := range []string{"org@example.com", "chef@example.com", "admin@example.com", "kim@example.com"} {
		identityCall(t, identityURL, "", "/api/auth/register", map[string]string{"email": email, "password": password, "name": "Kim"})
	}
	organizer := takeRole(t, identityURL, "org@example.com", password, auth.RoleEventOrganizer)
	owner := takeRole(t, identityURL, "chef@example.com", password, auth.RoleRestaurantOwner)
	grant := exec.Command(bin, "admin", "grant", "admin@example.com", auth.RoleAdmin)
	grant.Env = append(os.Environ(), "DATA_DIR="+strings.TrimSuffix(idp.DataDir, "/"), "DATABASE_URL=")
	if out, err := grant.CombinedOutput(); err != nil {
		t.Fatalf("admin grant: %v\n%s", err, out)
	}
	admin := login(t, identityURL, "admin@example.com", password)
	p.seed(t, 10, organizer, owner, admin)

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancelCtx := chromedp.NewContext(actx)
	defer cancelCtx()
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	run := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatal(err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(sel))
		if err != nil {
			t.Fatalf("%s: %v", sel, err)
		}
		return v
	}

	// Sign in once, on the portal's own sign-in page.
	run(chromedp.Navigate(identityURL+"/signin"), chromedp.WaitVisible("#email"),
		chromedp.SendKeys("#email", "kim@example.com"), chromedp.SendKeys("#password", password),
		chromedp.Click("#signin-submit"), chromedp.WaitVisible("#profile-h"))

	// The portal's pages know the customer.
	run(chromedp.Navigate(p.portal+"/"), chromedp.WaitVisible("h1"))
	if who := text(".who"); !strings.Contains(who, "My SteppersLife") {
		t.Fatalf("not signed in on the portal's pages: %q", who)
	}

	// Buy a ticket.
	run(chromedp.Click(`a[href="/events/`+p.eventSlug+`"]`), chromedp.WaitVisible(`form.buy`),
		chromedp.SetValue(`form.buy select`, "2"),
		chromedp.Click(`form.buy button[type="submit"]`), chromedp.WaitVisible(`table`))
	if s := text("main"); !strings.Contains(s, "Thank you") || strings.Count(s, "VALID") != 2 {
		t.Fatalf("after buying: %q", s)
	}

	// Order food.
	run(chromedp.Navigate(p.portal+"/restaurants/"+p.restaurantSlug), chromedp.WaitVisible(`form.order`),
		chromedp.SetValue(`form.order select`, "1"),
		chromedp.Click(`form.order button[type="submit"]`), chromedp.WaitVisible(`.flash`))
	if s := text(".flash"); !strings.Contains(s, "Portal Test Kitchen") {
		t.Fatalf("after ordering: %q", s)
	}

	// Both, gathered live from their services.
	run(chromedp.Navigate(p.portal+"/me"), chromedp.WaitVisible("h1"))
	if s := text("main"); !strings.Contains(s, "Portal Test Set") || !strings.Contains(s, "Portal Test Kitchen") {
		t.Fatalf("My SteppersLife: %q", s)
	}
}

func identityCall(t *testing.T, base, token, path string, body any) map[string]any {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", base+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusNotFound {
		t.Skipf("the portal's identity has no %s yet: %s", path, raw)
	}
	if resp.StatusCode >= 300 {
		t.Fatalf("POST %s: %d %s", path, resp.StatusCode, raw)
	}
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return out
}

func login(t *testing.T, base, email, password string) string {
	t.Helper()
	tok, _ := identityCall(t, base, "", "/api/auth/login", map[string]string{"email": email, "password": password})["accessToken"].(string)
	if tok == "" {
		t.Fatalf("no access token for %s", email)
	}
	return tok
}

func takeRole(t *testing.T, base, email, password, role string) string {
	t.Helper()
	tok, _ := identityCall(t, base, login(t, base, email, password), "/api/me/roles", map[string]string{"role": role})["accessToken"].(string)
	if tok == "" {
		t.Fatalf("no access token with %s", role)
	}
	return tok
}
