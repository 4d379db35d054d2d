package eventstest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"stepperslife/internal/kit/testenv"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
	buildOut  []byte
)

// platformBinary builds cmd/stepperslife once per test binary.
func platformBinary(t testing.TB) (string, error) {
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "events-portal-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "stepperslife")
		cmd := exec.Command("go", "build", "-o", binPath, "stepperslife/cmd/stepperslife")
		buildOut, buildErr = cmd.CombinedOutput()
	})
	if buildErr != nil {
		return "", fmt.Errorf("%v\n%s", buildErr, buildOut)
	}
	return binPath, nil
}

// Portal is the real portal, running as its own process (`stepperslife serve
// portal`), the way the platform runs it: the events service never imports it.
type Portal struct {
	URL string
	t   testing.TB
}

// PortalPort picks the port the portal will listen on, so the events service can be
// told NEXTAUTH_URL before the portal starts.
func PortalPort(t testing.TB) (port int, url string) {
	port = testenv.FreePort(t)
	return port, "http://127.0.0.1:" + strconv.Itoa(port)
}

// StartPortal runs the portal on port, knowing the events service at eventsURL.
func StartPortal(t testing.TB, port int, eventsURL string) (*Portal, error) {
	t.Helper()
	bin, err := platformBinary(t)
	if err != nil {
		return nil, err
	}
	url := "http://127.0.0.1:" + strconv.Itoa(port)
	cmd := exec.Command(bin, "serve", "portal")
	cmd.Env = append(os.Environ(), "PORT="+strconv.Itoa(port), "PUBLIC_URL="+url, "NEXTAUTH_URL="+url,
		"DATA_DIR="+t.TempDir(), "EVENTS_URL="+eventsURL, "DATABASE_URL=")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	})
	for deadline := time.Now().Add(testenv.StartTimeout); ; {
		res, err := http.Get(url + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		select {
		case <-done:
			t.Fatalf("portal exited: %s", out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("portal not ready: %v\n%s", err, out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	return &Portal{URL: url, t: t}, nil
}

// Register makes an account and, when role is set, gives it that owner role.
func (p *Portal) Register(email, password, name, role string) {
	p.t.Helper()
	p.post("/api/auth/register", "", map[string]string{"email": email, "password": password, "name": name}, http.StatusCreated, nil)
	if role == "" {
		return
	}
	var login struct {
		AccessToken string `json:"accessToken"`
	}
	p.post("/api/auth/login", "", map[string]string{"email": email, "password": password}, http.StatusOK, &login)
	p.post("/api/me/roles", login.AccessToken, map[string]string{"role": role}, http.StatusOK, nil)
}

func (p *Portal) post(path, token string, body any, want int, out any) {
	p.t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, p.URL+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	defer res.Body.Close()
	var raw json.RawMessage
	_ = json.NewDecoder(res.Body).Decode(&raw)
	if res.StatusCode != want {
		p.t.Fatalf("portal %s: %d %s", path, res.StatusCode, raw)
	}
	if out != nil {
		_ = json.Unmarshal(raw, out)
	}
}
