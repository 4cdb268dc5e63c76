package bounce

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"syscall"

	"github.com/emersion/go-smtp"
)

// ClassifyError classifies an error returned by a sender, with the default
// rules. It is shorthand for (&Classifier{}).ClassifyError(err).
func ClassifyError(err error) Result { return defaultClassifier.ClassifyError(err) }

// ClassifyError classifies an error returned by a sender. Errors are looked
// for in the chain with [errors.As] and [errors.Is]:
//
//   - *smtp.SMTPError (go-smtp): its Code, EnhancedCode and Message are
//     classified as a reply, the caller's Rules included;
//   - *net.DNSError that is not found (the recipient's domain or its mail
//     host does not exist): Hard, hostunknown; other DNS errors are Soft,
//     networkerror;
//   - TLS failures (a bad record, an alert, a certificate that does not
//     verify): Soft, failedstarttls;
//   - refused or reset connections, unreachable hosts, timeouts
//     ([net.Error] Timeout, [context.DeadlineExceeded]): Soft, networkerror;
//   - [context.Canceled]: Soft, undefined: the attempt was given up, not
//     refused.
//
// Any other error is classified by its text, as a reply with no code, and
// is Soft when the text says nothing known. A nil error gives the zero
// Result.
func (c *Classifier) ClassifyError(err error) Result {
	if err == nil {
		return Result{}
	}
	return c.classifyError(Input{Err: err})
}

// classifyError classifies in.Err; the context of in applies to SMTP errors.
func (c *Classifier) classifyError(in Input) Result {
	err := in.Err
	var se *smtp.SMTPError
	if errors.As(err, &se) {
		in.Err = nil
		in.Reply = Reply{Basic: se.Code, Code: enhancedCode(se.EnhancedCode), Text: se.Message}
		if in.Reply.Basic < 200 || in.Reply.Basic > 599 {
			in.Reply.Basic = 0
		}
		return c.ClassifyInput(in)
	}
	soft := func(r Reason) Result { return finish(Result{}, r, Soft, false, true) }

	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		if dnsErr.IsNotFound {
			return finish(Result{}, ReasonHostUnknown, Hard, false, false)
		}
		return soft(ReasonNetworkError)
	}
	var (
		recErr   tls.RecordHeaderError
		alertErr tls.AlertError
		verErr   *tls.CertificateVerificationError
		uaErr    x509.UnknownAuthorityError
		hostErr  x509.HostnameError
		invErr   x509.CertificateInvalidError
	)
	if errors.As(err, &recErr) || errors.As(err, &alertErr) || errors.As(err, &verErr) ||
		errors.As(err, &uaErr) || errors.As(err, &hostErr) || errors.As(err, &invErr) {
		return soft(ReasonFailedSTARTTLS)
	}
	switch {
	case errors.Is(err, context.Canceled):
		return soft(ReasonUndefined)
	case errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH),
		errors.Is(err, syscall.ETIMEDOUT), errors.Is(err, syscall.EPIPE):
		return soft(ReasonNetworkError)
	}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return soft(ReasonNetworkError)
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return soft(ReasonNetworkError)
	}

	// Unknown error: read its text as a reply without a code.
	in.Err = nil
	in.Reply = Reply{Text: err.Error()}
	res := c.ClassifyInput(in)
	switch res.Reason {
	case ReasonOnHold, ReasonUndefined, ReasonDelivered, ReasonVacation:
		return soft(ReasonUndefined)
	}
	return res
}

// enhancedCode converts go-smtp's EnhancedCode, whose {0,0,0} and
// {-1,-1,-1} mean "none".
func enhancedCode(e smtp.EnhancedCode) Code {
	if e[0] != 2 && e[0] != 4 && e[0] != 5 {
		return Code{}
	}
	if e[1] < 0 || e[1] > 999 || e[2] < 0 || e[2] > 999 {
		return Code{}
	}
	return Code{Class: uint16(e[0]), Subject: uint16(e[1]), Detail: uint16(e[2])}
}
