package deliver

import (
	"errors"

	"github.com/emersion/go-smtp"

	"github.com/bouncekit/bouncekit/bounce"
)

// classify turns the error of a recipient into an *Error with its reply and
// classification.
func (d *Deliverer) classify(rcpt string, err error) *Error {
	e := &Error{Rcpt: rcpt, Err: err}
	var se *smtp.SMTPError
	if errors.As(err, &se) {
		e.Reply = bounce.Reply{Basic: se.Code, Text: se.Message}
		if c := se.EnhancedCode; c[0] >= 2 && c[0] <= 5 && c[1] >= 0 && c[2] >= 0 {
			e.Reply.Code = bounce.Code{Class: uint16(c[0]), Subject: uint16(c[1]), Detail: uint16(c[2])}
		}
		cl := d.Classifier
		if cl == nil {
			cl = &bounce.Classifier{}
		}
		e.Result = cl.ClassifyReply(e.Reply)
		if e.Result.Category == "" {
			// A 2xx or 3xx reply returned as an error: the exchange went
			// wrong, which is worth a retry.
			e.Result.Category, e.Result.Reason, e.Result.Retry = bounce.Soft, bounce.ReasonSystemError, true
		}
		return e
	}
	e.Result = bounce.Result{Category: bounce.Soft, Reason: bounce.ReasonNetworkError, Retry: true}
	return e
}
