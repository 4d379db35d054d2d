// Package mail sends the platform's e-mail (order confirmations, tickets) through the
// SMTP server of config.SMTP. Without one it logs what it would have sent, so a
// service works the same on a laptop.
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	"stepperslife/internal/kit/config"
)

// Message is one e-mail. Text is required; HTML is an optional alternative.
type Message struct {
	To      []string
	Subject string
	Text    string
	HTML    string
	// ID is the Message-ID without its angle brackets (as NewID makes it); empty
	// means a fresh one for this sending. A message sent again keeps its ID, so a
	// mailbox can tell a resend from a new message.
	ID string
}

// NewID makes a Message-ID, unique across processes, without its angle brackets.
func NewID() string { return randomID() + "@stepperslife" }

// Sender sends messages; the zero SMTP host makes it a logging no-op.
type Sender struct {
	cfg config.SMTP
	log *slog.Logger
	// Timeout bounds one delivery, connection included.
	Timeout time.Duration
}

// New builds a sender for cfg.
func New(cfg config.SMTP, log *slog.Logger) *Sender {
	if log == nil {
		log = slog.Default()
	}
	return &Sender{cfg: cfg, log: log, Timeout: 20 * time.Second}
}

// Enabled reports whether mail really leaves the process.
func (s *Sender) Enabled() bool { return s != nil && s.cfg.Host != "" }

// ErrInvalid is returned for a message that cannot be sent as given.
var ErrInvalid = errors.New("mail: invalid message")

// Validate reports, as ErrInvalid, what makes m unsendable: no recipient, a
// recipient that is not an address, no subject or text, a line break in the subject,
// or an ID that is not a bare Message-ID.
func (m Message) Validate() error {
	_, err := m.recipients()
	return err
}

// recipients are m's bare addresses, once m is known to be sendable.
func (m Message) recipients() ([]string, error) {
	var to []string
	for _, a := range m.To {
		addr, err := mail.ParseAddress(a)
		if err != nil {
			return nil, fmt.Errorf("%w: recipient %q", ErrInvalid, a)
		}
		to = append(to, addr.Address)
	}
	if len(to) == 0 || strings.TrimSpace(m.Subject) == "" || m.Text == "" {
		return nil, fmt.Errorf("%w: needs a recipient, a subject and a text body", ErrInvalid)
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return nil, fmt.Errorf("%w: subject has a line break", ErrInvalid)
	}
	if m.ID != "" && (strings.ContainsAny(m.ID, "<>\r\n\t ") || strings.Count(m.ID, "@") != 1) {
		return nil, fmt.Errorf("%w: Message-ID %q", ErrInvalid, m.ID)
	}
	return to, nil
}

// Send delivers m, or logs it when SMTP is not configured.
func (s *Sender) Send(ctx context.Context, m Message) error {
	from, err := mail.ParseAddress(s.from())
	if err != nil {
		// The sender's setting, not the message: mail waits until it is mended.
		return fmt.Errorf("mail: SMTP_FROM: %w", err)
	}
	to, err := m.recipients()
	if err != nil {
		return err
	}
	if !s.Enabled() {
		s.log.InfoContext(ctx, "mail not sent: SMTP is not configured",
			slog.Any("to", to), slog.String("subject", m.Subject))
		return nil
	}
	body, err := compose(from, to, m)
	if err != nil {
		return err
	}
	return s.deliver(ctx, from.Address, to, body)
}

func (s *Sender) from() string {
	if s.cfg.From != "" {
		return s.cfg.From
	}
	return "SteppersLife <no-reply@stepperslife.com>"
}

// deliver speaks SMTP itself (net/smtp.SendMail takes no context): STARTTLS when
// the server offers it, AUTH when a username is configured.
func (s *Sender) deliver(ctx context.Context, from string, to []string, body []byte) error {
	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	addr := net.JoinHostPort(s.cfg.Host, strconv.Itoa(s.cfg.Port))
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("mail: connect %s: %w", addr, err)
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	c, err := smtp.NewClient(conn, s.cfg.Host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("mail: %w", err)
	}
	defer c.Close()
	if err := c.Hello("localhost"); err != nil {
		return fmt.Errorf("mail: hello: %w", err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(tlsConfig(s.cfg.Host)); err != nil {
			return fmt.Errorf("mail: starttls: %w", err)
		}
	}
	if s.cfg.Username != "" {
		if ok, _ := c.Extension("AUTH"); ok {
			if err := c.Auth(smtp.PlainAuth("", s.cfg.Username, s.cfg.Password.Reveal(), s.cfg.Host)); err != nil {
				return fmt.Errorf("mail: auth: %w", err)
			}
		}
	}
	if err := c.Mail(from); err != nil {
		return fmt.Errorf("mail: from: %w", err)
	}
	for _, r := range to {
		if err := c.Rcpt(r); err != nil {
			return fmt.Errorf("mail: rcpt %s: %w", r, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("mail: data: %w", err)
	}
	if _, err := w.Write(body); err != nil {
		return fmt.Errorf("mail: write: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("mail: send: %w", err)
	}
	return c.Quit()
}

// compose renders m as a MIME message: text alone, or text and HTML alternatives.
func compose(from *mail.Address, to []string, m Message) ([]byte, error) {
	var buf bytes.Buffer
	h := func(k, v string) { fmt.Fprintf(&buf, "%s: %s\r\n", k, v) }
	h("From", from.String())
	h("To", strings.Join(to, ", "))
	h("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	h("Date", time.Now().UTC().Format(time.RFC1123Z))
	id := m.ID
	if id == "" {
		id = NewID()
	}
	h("Message-ID", "<"+id+">")
	h("MIME-Version", "1.0")
	if m.HTML == "" {
		h("Content-Type", "text/plain; charset=utf-8")
		h("Content-Transfer-Encoding", "quoted-printable")
		buf.WriteString("\r\n")
		if err := writeQP(&buf, m.Text); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	mw := multipart.NewWriter(&buf)
	h("Content-Type", "multipart/alternative; boundary="+mw.Boundary())
	buf.WriteString("\r\n")
	for _, part := range []struct{ ct, body string }{{"text/plain; charset=utf-8", m.Text}, {"text/html; charset=utf-8", m.HTML}} {
		w, err := mw.CreatePart(textproto.MIMEHeader{"Content-Type": {part.ct}, "Content-Transfer-Encoding": {"quoted-printable"}})
		if err != nil {
			return nil, err
		}
		if err := writeQP(w, part.body); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writeQP(w interface{ Write([]byte) (int, error) }, s string) error {
	qp := quotedprintable.NewWriter(w)
	if _, err := qp.Write([]byte(s)); err != nil {
		return err
	}
	return qp.Close()
}

func randomID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func tlsConfig(host string) *tls.Config {
	return &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
}
