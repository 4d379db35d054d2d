package domain

import (
	"stepperslife/internal/kit/errs"
)

// Check-in answers beyond the kit's codes.
const (
	CodeAlreadyScanned errs.Code = "ALREADY_SCANNED"
	CodeWrongEvent     errs.Code = "WRONG_EVENT"
	CodeCancelled      errs.Code = "CANCELLED"
	CodeRefunded       errs.Code = "REFUNDED"
	CodePendingPayment errs.Code = "PENDING_PAYMENT"
	CodeTicketNotFound errs.Code = "TICKET_NOT_FOUND"
)

// ErrTicketNotFound answers a code no ticket carries.
var ErrTicketNotFound = &errs.Error{Code: CodeTicketNotFound, Message: "No ticket has this code.", Like: errs.CodeNotFound}

// CheckinRefusal says why ticket t may not enter event eventID, or nil when it may.
func CheckinRefusal(t Ticket, eventID string) *errs.Error {
	refuse := func(code errs.Code, msg string) *errs.Error {
		return &errs.Error{Code: code, Message: msg, Like: errs.CodeConflict,
			Details: map[string]any{"ticketStatus": string(t.Status)}}
	}
	if t.EventID != eventID {
		return refuse(CodeWrongEvent, "This ticket is for another event.")
	}
	switch t.Status {
	case TicketValid:
		return nil
	case TicketScanned:
		msg := "This ticket was already scanned"
		if t.ScannedAt != nil {
			msg += " at " + t.ScannedAt.In(Chicago).Format("3:04 PM")
		}
		if t.ScannedBy != "" {
			msg += " by " + t.ScannedBy
		}
		e := refuse(CodeAlreadyScanned, msg+".")
		if t.ScannedAt != nil {
			e.Details["scannedAt"] = t.ScannedAt.UTC()
		}
		if t.ScannedBy != "" {
			e.Details["scannedBy"] = t.ScannedBy
		}
		return e
	case TicketCancelled:
		return refuse(CodeCancelled, "This ticket was cancelled.")
	case TicketRefunded:
		return refuse(CodeRefunded, "This ticket was refunded.")
	default:
		e := refuse(CodePendingPayment, "This ticket is not paid yet.")
		e.Details["orderId"] = t.OrderID
		return e
	}
}
