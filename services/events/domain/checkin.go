package domain

import (
	"net/http"

	"stepperslife/internal/kit/web"
)

// Check-in answers beyond the kit's codes.
const (
	CodeAlreadyScanned web.Code = "ALREADY_SCANNED"
	CodeWrongEvent     web.Code = "WRONG_EVENT"
	CodeCancelled      web.Code = "CANCELLED"
	CodeRefunded       web.Code = "REFUNDED"
	CodePendingPayment web.Code = "PENDING_PAYMENT"
	CodeTicketNotFound web.Code = "TICKET_NOT_FOUND"
)

// ErrTicketNotFound answers a code no ticket carries.
var ErrTicketNotFound = &web.Error{Code: CodeTicketNotFound, Message: "No ticket has this code.", Status: http.StatusNotFound}

// CheckinRefusal says why ticket t may not enter event eventID, or nil when it may.
func CheckinRefusal(t Ticket, eventID string) *web.Error {
	refuse := func(code web.Code, msg string) *web.Error {
		return &web.Error{Code: code, Message: msg, Status: http.StatusConflict,
			Details: map[string]any{"ticketStatus": string(t.Status)}}
	}
	if t.EventID != eventID {
		return refuse(CodeWrongEvent, "This ticket is for another event.")
	}
	switch t.Status {
	case TicketValid:
		return nil
	case TicketScanned:
		e := refuse(CodeAlreadyScanned, "This ticket was already scanned.")
		if t.ScannedAt != nil {
			e.Details["scannedAt"] = t.ScannedAt.UTC()
		}
		return e
	case TicketCancelled:
		return refuse(CodeCancelled, "This ticket was cancelled.")
	case TicketRefunded:
		return refuse(CodeRefunded, "This ticket was refunded.")
	default:
		return refuse(CodePendingPayment, "This ticket is not paid yet.")
	}
}
