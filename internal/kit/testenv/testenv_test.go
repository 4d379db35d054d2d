package testenv_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/smtp"
	"strings"
	"testing"

	"stepperslife/internal/kit/testenv"
)

func TestStripeMockAnswersAPICalls(t *testing.T) {
	base := testenv.StripeMock(t)
	req, _ := http.NewRequest(http.MethodGet, base+"/v1/customers", nil)
	req.SetBasicAuth("sk_test_123", "")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /v1/customers: %s", res.Status)
	}
}

func TestMailpitReceivesMail(t *testing.T) {
	host, port, api := testenv.Mailpit(t)
	msg := "From: a@example.com\r\nTo: b@example.com\r\nSubject: hello testenv\r\n\r\nbody\r\n"
	if err := smtp.SendMail(fmt.Sprintf("%s:%d", host, port), nil, "a@example.com", []string{"b@example.com"}, []byte(msg)); err != nil {
		t.Fatal(err)
	}
	res, err := http.Get(api + "/api/v1/messages")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var list struct {
		Messages []struct{ Subject string } `json:"messages"`
	}
	if err := json.NewDecoder(res.Body).Decode(&list); err != nil {
		t.Fatal(err)
	}
	if len(list.Messages) != 1 || list.Messages[0].Subject != "hello testenv" {
		t.Fatalf("messages = %+v", list.Messages)
	}
}

func TestMinIOStartsAndStops(t *testing.T) {
	m := testenv.MinIO(t)
	url := fmt.Sprintf("http://%s:%d/minio/health/live", m.Endpoint, m.Port)
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	m.Stop()
	if _, err := http.Get(url); err == nil {
		t.Fatal("MinIO still answers after Stop")
	}
	m.Stop() // a second stop, and the cleanup's, are harmless
}

func TestToolNamesTheScriptWhenMissing(t *testing.T) {
	_, err := testenv.LookTool("no-such-tool-" + strings.Repeat("x", 8))
	if err == nil || !strings.Contains(err.Error(), "not found") {
		t.Fatalf("err = %v", err)
	}
}
