package events_test

import (
	"context"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	qrcode "github.com/skip2/go-qrcode"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/browsertest"
	"stepperslife/internal/kit/hosttest"
	"stepperslife/services/events/eventstest"
)

// TestBrowserDoor is the door of a night on a phone: a guest who reserved two
// tickets for cash is found by the code typed in (lower case, no dashes), the
// verdict says the cash due, and one tap takes it and admits both; the counters
// follow; a guest without a code is found by name; and a ticket shown to the
// camera (a fake media stream playing the QR code) is admitted with no typing.
func TestBrowserDoor(t *testing.T) {
	browsertest.Require(t)
	s := eventstest.Start(t, eventstest.Options{})
	eventID, tierID := s.PublishedEvent("Door Night Ball", 2500, 100)
	var cash, paid eventstest.Order
	s.Must(201, "POST", "/api/tickets/purchase", eventstest.Buyer,
		eventstest.PurchaseBody(eventID, tierID, 2, "cash", eventstest.Buyer)).JSON(t, &cash)
	camGuest := eventstest.BuyerN(7)
	s.Must(201, "POST", "/api/tickets/purchase", camGuest, eventstest.PurchaseBody(eventID, tierID, 1, "cash", camGuest)).JSON(t, &paid)
	s.Must(200, "POST", "/api/orders/"+paid.ID+"/approve-cash", eventstest.Organizer, nil)

	video := filepath.Join(t.TempDir(), "ticket.y4m")
	if err := writeQRVideo(video, paid.Tickets[0].Code); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(browsertest.Start(t,
		chromedp.Flag("use-fake-device-for-media-stream", true),
		chromedp.Flag("use-fake-ui-for-media-stream", true),
		chromedp.Flag("use-file-for-fake-video-capture", video),
		chromedp.Flag("autoplay-policy", "no-user-gesture-required")), 3*time.Minute)
	defer cancel()
	run := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 40*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, steps...); err != nil {
			text, _ := chromedp.Run(ctx, chromedp.Text("body"))
			t.Fatalf("%v\n%s", err, text)
		}
	}
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(sel))
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(v)
	}
	if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: auth.AccessCookie,
		Value: hosttest.Token(eventstest.Organizer), URL: s.URL, Path: "/"}); err != nil {
		t.Fatal(err)
	}
	run(chromedp.EmulateViewport(390, 844), chromedp.Navigate(s.URL+"/checkin/"+eventID), chromedp.WaitVisible(`#scan-form`))
	if in, sold, waiting := text(`#n-in`), text(`#n-sold`), text(`#n-cash`); in != "0" || sold != "1" || waiting != "2" {
		t.Fatalf("counters at the start: %s in, %s sold, %s cash waiting", in, sold, waiting)
	}
	if nav, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`getComputedStyle(document.querySelector("header.top")).display !== "none"`)); nav {
		t.Error("the door shows the site navigation")
	}
	shot(t, ctx, "door-start")

	// Typed as read aloud: lower case, no dashes.
	typed := strings.ToLower(strings.ReplaceAll(cash.Tickets[0].Code, "-", ""))
	run(chromedp.SendKeys(`#code`, typed), chromedp.Click(`#scan-form button[type=submit]`),
		chromedp.WaitVisible(`#verdict[data-code="PENDING_PAYMENT"]`))
	if v := text(`#verdict`); !strings.Contains(v, "Cash due: $50.00") || !strings.Contains(v, "Cash received — admit 2") {
		t.Fatalf("a cash ticket's verdict: %q", v)
	}
	shot(t, ctx, "door-cash-due")
	run(chromedp.Click(`#verdict form button`), chromedp.WaitVisible(`#verdict[data-code="ADMITTED"]`))
	if v := text(`#verdict`); !strings.Contains(v, "admitted 2 guests") {
		t.Fatalf("after taking the cash: %q", v)
	}
	if in, sold := text(`#n-in`), text(`#n-sold`); in != "2" || sold != "3" {
		t.Fatalf("counters after the cash: %s in of %s sold", in, sold)
	}
	// The same ticket again: refused, saying when and by whom.
	run(chromedp.SendKeys(`#code`, cash.Tickets[1].Code), chromedp.Click(`#scan-form button[type=submit]`),
		chromedp.WaitVisible(`#verdict[data-code="ALREADY_SCANNED"]`))
	if v := text(`#verdict`); !strings.Contains(v, "by Olga") {
		t.Fatalf("a second scan: %q", v)
	}
	if kind, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("door").dataset.lastSignal`)); kind != "bad" {
		t.Errorf("a refusal signalled %q", kind)
	}

	// No code: found by name.
	// A list of cash orders is on the page already: the answer is the page the server
	// drew for the search.
	run(chromedp.SendKeys(`#q`, "bea b"), chromedp.Submit(`#q`), chromedp.WaitReady(`#q[value="bea b"]`), chromedp.WaitVisible(`.door-list`))
	if l := text(`.door-list`); !strings.Contains(l, "Bea Buyer") || !strings.Contains(l, "bea@example.com") {
		t.Fatalf("search by name: %q", l)
	}

	// The camera: the fake stream shows the QR code of the other guest's ticket.
	run(chromedp.Click(`#cam-start`))
	waitText(t, ctx, `#n-in`, "3")
	waitText(t, ctx, `#verdict`, camGuest.Name)
	if code := attrOf(t, ctx, `#verdict`, "data-code"); code != "ADMITTED" {
		t.Fatalf("the camera's verdict: %s", code)
	}
	shot(t, ctx, "door-camera")
	run(chromedp.EmulateViewport(1280, 900))
	shot(t, ctx, "door-desktop")
	run(chromedp.EmulateViewport(390, 844))
	if v, err := browsertest.Audit(ctx, browsertest.Axe(t)); err != nil {
		t.Fatal(err)
	} else {
		for _, x := range v {
			if x.Severe() {
				t.Errorf("door page: %s", x)
			}
		}
	}
}

func attrOf(t *testing.T, ctx context.Context, sel, name string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.AttributeValue(sel, name))
	if err != nil {
		t.Fatal(err)
	}
	return v.Value
}

// waitText waits until sel's text contains want.
func waitText(t *testing.T, ctx context.Context, sel, want string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		v, err := chromedp.Run(ctx, chromedp.Text(sel))
		if err == nil && strings.Contains(v, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s reads %q, not %q", sel, v, want)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// shot saves a screenshot when SHOTS names a folder, to look at.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("SHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeQRVideo writes a short Y4M video (what Chromium's fake camera plays) of
// the QR code of text on white.
func writeQRVideo(path, text string) error {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return err
	}
	const w, h, side = 640, 480, 360
	img := q.Image(side)
	ox, oy := (w-side)/2, (h-side)/2
	y := make([]byte, w*h)
	for i := range y {
		y[i] = 235
	}
	for py := 0; py < side; py++ {
		for px := 0; px < side; px++ {
			if dark(img.At(px, py)) {
				y[(oy+py)*w+ox+px] = 16
			}
		}
	}
	chroma := make([]byte, w*h/4)
	for i := range chroma {
		chroma[i] = 128
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := fmt.Fprintf(f, "YUV4MPEG2 W%d H%d F10:1 Ip A1:1 C420jpeg\n", w, h); err != nil {
		return err
	}
	for range 10 {
		for _, part := range [][]byte{[]byte("FRAME\n"), y, chroma, chroma} {
			if _, err := f.Write(part); err != nil {
				return err
			}
		}
	}
	return f.Close()
}

func dark(c color.Color) bool {
	r, _, _, _ := c.RGBA()
	return r < 0x8000
}
