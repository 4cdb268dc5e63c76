package deliver

import (
	"errors"

	"github.com/emersion/go-smtp"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/internal/addr"
)

// classify turns the error of a recipient into an *Error with its reply and
// classification, made with [bounce.Classifier.ClassifyInput]: the reply of
// a *smtp.SMTPError, the SMTP command it answered when the SMTPSender says,
// the recipient's domain, or the network error.
func (d *Deliverer) classify(rcpt string, err error) *Error {
	e := &Error{Rcpt: rcpt, Err: err}
	cl := d.Classifier
	if cl == nil {
		cl = &bounce.Classifier{}
	}
	in := bounce.Input{Err: err, Domain: addr.Domain(rcpt)}
	var ce *cmdError
	if errors.As(err, &ce) {
		in.Command = ce.cmd
	}
	var se *smtp.SMTPError
	if errors.As(err, &se) {
		e.Reply = bounce.Reply{Basic: se.Code, Text: se.Message}
		if c := se.EnhancedCode; c[0] >= 2 && c[0] <= 5 && c[1] >= 0 && c[1] <= 999 && c[2] >= 0 && c[2] <= 999 {
			e.Reply.Code = bounce.Code{Class: uint16(c[0]), Subject: uint16(c[1]), Detail: uint16(c[2])}
		}
	}
	e.Result = cl.ClassifyInput(in)
	if !e.Result.Failed() {
		// A success or an auto-reply returned as an error: the exchange
		// went wrong, which is worth a retry.
		e.Result.Category, e.Result.Reason, e.Result.Retry = bounce.Soft, bounce.ReasonSystemError, true
	}
	return e
}
