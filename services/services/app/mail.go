package app

import (
	"fmt"
	"strings"

	"stepperslife/internal/kit/mail"
	"stepperslife/services/services/domain"
)

func (s *Service) inquiryURL(q domain.Inquiry) string { return s.publicURL + "/inquiries/" + q.ID }

// newInquiryMail tells the business a customer asks for a quote.
func (s *Service) newInquiryMail(p domain.Provider, q domain.Inquiry) mail.Message {
	lines := []string{fmt.Sprintf("%s asks %s for a quote:", q.CustomerName, p.BusinessName), q.Message}
	if q.EventDate != nil {
		lines = append(lines, "Event date: "+q.EventDate.Format("Monday, January 2, 2006"))
	}
	lines = append(lines, "Answer in your inbox: "+s.inquiryURL(q))
	return mail.Message{To: []string{p.Email}, Subject: "New quote request from " + q.CustomerName,
		Text: "Hello " + p.BusinessName + ",\n\n" + strings.Join(lines, "\n\n") + "\n\n— SteppersLife Services\n"}
}

// messageMail tells the other party of a new turn in the thread.
func (s *Service) messageMail(p domain.Provider, q domain.Inquiry, m domain.Message) mail.Message {
	to, name, from := q.CustomerEmail, q.CustomerName, p.BusinessName
	if !m.FromOwner {
		to, name, from = p.Email, p.BusinessName, q.CustomerName
	}
	return mail.Message{To: []string{to}, Subject: "New message from " + from,
		Text: "Hello " + name + ",\n\n" + from + " wrote:\n\n" + m.Body + "\n\nReply: " + s.inquiryURL(q) + "\n\n— SteppersLife Services\n"}
}
