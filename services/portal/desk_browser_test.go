package portal_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stepperslife/internal/kit/browsertest"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/services/portal/accounts"
)

// TestBrowserAdminDeskAndRoles is the portal's side of the admin desk in Chromium:
// an admin signs in, sees what waits on the services (and which one is down), finds
// a person, grants them a role with a reason and takes it away again; the trail
// shows both with who and why.
func TestBrowserAdminDeskAndRoles(t *testing.T) {
	browsertest.Require(t)
	env := queueServices(t)
	ln, url := listen(t)
	env["PUBLIC_URL"], env["NEXTAUTH_URL"] = url, url
	p := serve(t, portalService(), ln, env)
	register(t, newClient(t, p.URL), "ann@example.com", "dancing-shoes", "Ann Admin")
	bobID := str(register(t, newClient(t, p.URL), "bob@example.com", "bob-password", "Bob Stepper"), "user", "id")
	if _, err := accounts.New(accounts.NewStore(p.In.Deps.DB)).SetRoleByEmail(context.Background(), "ann@example.com", "ADMIN", true); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(browsertest.Start(t), 3*time.Minute)
	defer cancel()
	step := func(name string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		if err := chromedp.Do(sctx, steps...); err != nil {
			t.Fatalf("step %q: %v", name, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(sel))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	shoot := func(name string) {
		t.Helper()
		dir := os.Getenv("STEPPERSLIFE_SCREENSHOTS")
		if dir == "" {
			return
		}
		for _, width := range []int64{390, 1280} {
			step("resize", chromedp.EmulateViewport(width, 844))
			shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, width)), shot, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		step("resize", chromedp.EmulateViewport(1280, 844))
	}

	step("sign in", chromedp.Navigate(url+"/admin"), // the desk sends a signed-out browser to sign in, and back
		chromedp.WaitVisible("#email"),
		chromedp.SendKeys("#email", "ann@example.com"),
		chromedp.SendKeys("#password", "dancing-shoes"),
		chromedp.Click("#signin-submit"),
		chromedp.WaitVisible("#q-restaurants"))
	if got := text("main"); !strings.Contains(got, "Sol's Wings · Soul food") || !strings.Contains(got, "Store is not answering right now") {
		t.Fatalf("the desk: %q", got)
	}
	shoot("portal-desk")

	step("find Bob", chromedp.Click(`a[href="/admin/users"]`), chromedp.WaitVisible("#user-q"),
		chromedp.SendKeys("#user-q", "stepper"), chromedp.Submit("#user-q"),
		chromedp.WaitVisible(`a[href="/admin/users/`+bobID+`"]`))
	step("open Bob", chromedp.Click(`a[href="/admin/users/`+bobID+`"]`), chromedp.WaitVisible("#grant-form"))
	step("grant a role", chromedp.SetValue("#grant-role", "INSTRUCTOR"),
		chromedp.SendKeys("#grant-reason", "Teaches the Tuesday beginners"),
		chromedp.Click("#grant-submit"), chromedp.WaitVisible("#revoke-INSTRUCTOR"))
	if got := text(".flash"); !strings.Contains(got, "Bob Stepper now has Instructor") {
		t.Fatalf("after granting: %q", got)
	}
	shoot("portal-user")
	step("take it away", chromedp.SendKeys("#revoke-reason-INSTRUCTOR", "The class moved to another studio"),
		chromedp.Click("#revoke-INSTRUCTOR button"), chromedp.WaitNotPresent("#revoke-INSTRUCTOR"), chromedp.WaitVisible(".flash"))
	if got := text(".trail"); !strings.Contains(got, "Revoked Instructor · by ann@example.com") ||
		!strings.Contains(got, "The class moved to another studio") || !strings.Contains(got, "Teaches the Tuesday beginners") {
		t.Fatalf("the trail: %q", got)
	}
	if rows := dbtest.Strings(t, p.In.Deps.DB, `SELECT action FROM kit_audit WHERE subject_id = $1 ORDER BY id`, bobID); strings.Join(rows, ",") != "grant_role,revoke_role" {
		t.Fatalf("audit rows: %v", rows)
	}
}
