package mail_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/config"
	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/testenv"
)

type mailpitList struct {
	Messages []struct {
		ID      string `json:"ID"`
		Subject string `json:"Subject"`
		To      []struct {
			Address string `json:"Address"`
		} `json:"To"`
	} `json:"messages"`
}

type mailpitMessage struct {
	Text string `json:"Text"`
	HTML string `json:"HTML"`
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, res.Status)
	}
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

func TestSendThroughMailpit(t *testing.T) {
	host, port, api := testenv.Mailpit(t)
	s := mail.New(config.SMTP{Host: host, Port: port, From: "SteppersLife <tickets@stepperslife.com>"}, nil)
	if !s.Enabled() {
		t.Fatal("a configured host must enable sending")
	}
	msg := mail.Message{To: []string{"Buyer@Example.com"}, Subject: "Your tickets — Winter Ball ✨",
		Text: "Ticket: abc\nSee you on the floor.", HTML: "<p>Ticket: <b>abc</b></p>"}
	if err := s.Send(context.Background(), msg); err != nil {
		t.Fatalf("send: %v", err)
	}
	var list mailpitList
	getJSON(t, api+"/api/v1/messages", &list)
	if len(list.Messages) != 1 {
		t.Fatalf("mailpit holds %d messages, want 1", len(list.Messages))
	}
	got := list.Messages[0]
	if got.Subject != msg.Subject {
		t.Errorf("subject %q, want %q", got.Subject, msg.Subject)
	}
	if len(got.To) != 1 || !strings.EqualFold(got.To[0].Address, "buyer@example.com") {
		t.Errorf("to %+v", got.To)
	}
	var full mailpitMessage
	getJSON(t, api+"/api/v1/message/"+got.ID, &full)
	if !strings.Contains(full.Text, "See you on the floor.") || !strings.Contains(full.HTML, "<b>abc</b>") {
		t.Errorf("bodies: text %q html %q", full.Text, full.HTML)
	}
}

// A message's own ID is its Message-ID header, the same on every sending.
func TestMessageIDIsKept(t *testing.T) {
	host, port, api := testenv.Mailpit(t)
	s := mail.New(config.SMTP{Host: host, Port: port}, nil)
	msg := mail.Message{To: []string{"a@example.com"}, Subject: "Again", Text: "x", ID: mail.NewID()}
	for range 2 {
		if err := s.Send(context.Background(), msg); err != nil {
			t.Fatalf("send: %v", err)
		}
	}
	var list struct {
		Messages []struct {
			MessageID string `json:"MessageID"`
		} `json:"messages"`
	}
	getJSON(t, api+"/api/v1/messages", &list)
	if len(list.Messages) != 2 || list.Messages[0].MessageID != msg.ID || list.Messages[1].MessageID != msg.ID {
		t.Fatalf("Message-IDs %+v, want %s twice", list.Messages, msg.ID)
	}
}

func TestUnreachableServerIsAnError(t *testing.T) {
	port := testenv.FreePort(t)
	s := mail.New(config.SMTP{Host: "127.0.0.1", Port: port}, nil)
	s.Timeout = 5 * time.Second
	if err := s.Send(context.Background(), mail.Message{To: []string{"a@example.com"}, Subject: "x", Text: "y"}); err == nil {
		t.Fatal("sending to a closed port must fail")
	}
}

func TestNoSMTPLogsInstead(t *testing.T) {
	var logs bytes.Buffer
	s := mail.New(config.SMTP{}, slog.New(slog.NewTextHandler(&logs, nil)))
	if s.Enabled() {
		t.Fatal("no host must mean disabled")
	}
	if err := s.Send(context.Background(), mail.Message{To: []string{"a@example.com"}, Subject: "Hello", Text: "x"}); err != nil {
		t.Fatalf("no-op send: %v", err)
	}
	if !strings.Contains(logs.String(), "SMTP is not configured") || !strings.Contains(logs.String(), "Hello") {
		t.Errorf("log = %q", logs.String())
	}
}

func TestInvalidMessages(t *testing.T) {
	s := mail.New(config.SMTP{}, slog.New(slog.DiscardHandler))
	for name, m := range map[string]mail.Message{
		"no recipient":     {Subject: "s", Text: "t"},
		"bad recipient":    {To: []string{"not an address"}, Subject: "s", Text: "t"},
		"no subject":       {To: []string{"a@example.com"}, Text: "t"},
		"header injection": {To: []string{"a@example.com"}, Subject: "s\r\nBcc: x@example.com", Text: "t"},
		"no text":          {To: []string{"a@example.com"}, Subject: "s"},
		"bracketed ID":     {To: []string{"a@example.com"}, Subject: "s", Text: "t", ID: "<x@y>"},
		"ID with a break":  {To: []string{"a@example.com"}, Subject: "s", Text: "t", ID: "x@y\r\nBcc: z@example.com"},
	} {
		if err := s.Send(context.Background(), m); !errors.Is(err, mail.ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", name, err)
		}
	}
}
