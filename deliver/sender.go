package deliver

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/suppress"
)

// Message is one message to deliver: the envelope, the content and the
// bookkeeping that the [Deliverer] needs to correlate bounces and to retry.
//
// A Message is not modified by the Deliverer and must not be modified while
// a Deliver call or a [Queue] holds it.
type Message struct {
	// ID is the Message-ID of Data, without angle brackets. It keys the
	// Queue and correlates asynchronous bounces, so it should be unique;
	// durable queues refuse messages without one.
	ID string
	// From is the envelope sender (MAIL FROM), possibly a VERP address.
	From string
	// To are the envelope recipients (RCPT TO).
	To []string
	// Campaign names the campaign or stream the message belongs to; the
	// bounce-rate guard and the per-campaign counters are kept per Campaign.
	// "" means none: no guard applies.
	Campaign string
	// Scope is the suppression scope of the message (tenant, list); the
	// zero Scope is global.
	Scope suppress.Scope
	// Data is the message itself (RFC 5322 header and body, CRLF line ends).
	Data []byte

	// Attempt is the number of attempts already made for the recipients in
	// To: 0 for a new message. A caller that schedules its own retries sets
	// it from [Result.Attempt]; the [Queue] items carry it.
	Attempt int
	// Queued is when the recipients were first attempted; zero means now.
	// Retries keep it, so that [Backoff.MaxAge] counts from the first attempt.
	Queued time.Time
}

// Sender sends one message to its recipients, typically in one SMTP
// transaction. It is the only part of the [Deliverer] that does network I/O;
// [SMTPSender] implements it with go-smtp, and [SenderFunc] adapts any
// function (an HTTP API client, a test fake).
//
// Send returns the outcome of each recipient: rcpt[i] is nil when msg.To[i]
// was accepted, or the error that refused it (at RCPT or after DATA), best
// a *smtp.SMTPError. err, when not nil, is the outcome of every recipient
// whose rcpt entry is nil or missing: the transaction failed as a whole
// (connection refused, DATA rejected, connection lost mid-DATA). So
// (nil, nil) accepts every recipient and (nil, err) refuses them all with err.
// A non-empty rcpt shorter than msg.To with a nil err is a Sender bug: the
// Deliverer does not take the recipients without an entry as accepted but
// retries them.
//
// Send must honour ctx and be safe for concurrent use.
type Sender interface {
	Send(ctx context.Context, msg *Message) (rcpt []error, err error)
}

// SenderFunc adapts a function to the [Sender] interface.
type SenderFunc func(ctx context.Context, msg *Message) (rcpt []error, err error)

// Send calls f(ctx, msg).
func (f SenderFunc) Send(ctx context.Context, msg *Message) ([]error, error) { return f(ctx, msg) }

var _ Sender = SenderFunc(nil)

// ErrSuppressed is the error of a recipient that was dropped because the
// suppression store refused it; it was not sent.
var ErrSuppressed = errors.New("deliver: recipient is suppressed")

// ErrThrottled is the error of a recipient that was not sent because its
// domain asked to slow down (a rate-limit or too-many-connections reply); it
// is deferred, and the attempt does not count.
var ErrThrottled = errors.New("deliver: destination domain is throttled")

// ErrPaused is the error of a recipient held because its campaign is paused
// by the bounce-rate guard; it is scheduled for the end of the pause.
var ErrPaused = errors.New("deliver: campaign is paused")

// ErrCancelled is the error of a recipient dropped because its campaign was
// cancelled by the bounce-rate guard.
var ErrCancelled = errors.New("deliver: campaign is cancelled")

// ErrInvalidAddress is wrapped by the error of a recipient that is not a
// valid mailbox address (Kind [Invalid]): it is never sent, and not
// retried.
var ErrInvalidAddress = errors.New("deliver: invalid recipient address")

// ErrUnmatched is the error of a recipient of an asynchronous report (Kind
// [Unmatched]) that matches no message sent to that recipient: the report
// is passed on as an event, and changes nothing (see [Deliverer.Ingest]).
var ErrUnmatched = errors.New("deliver: report matches no message sent to the recipient")

// ErrReportInProgress is the error of [Deliverer.Ingest] given a copy of a
// report that another node (or another Deliverer on the same State) is
// recording now: it claimed the report ([ReportClaimer]) and has not
// settled it yet. Nothing was recorded; have the report delivered again
// later (answer 451 4.3.0 over SMTP, leave the mail in the mailbox, answer
// 503 to a webhook): by then the first copy is handled, and the retry
// returns no result, or its holder failed and the claim expired
// ([Deliverer.ClaimFor]), and the retry records it.
var ErrReportInProgress = errors.New("deliver: report is being recorded by another node")

// Error is the error of a recipient that failed: the receiver's reply and
// its classification. It unwraps to the error the [Sender] returned, a
// *smtp.SMTPError for a reply of an SMTP server, so errors.As finds either.
type Error struct {
	Rcpt   string        // the recipient
	Reply  bounce.Reply  // the reply, parsed; zero when the failure had none (a network error)
	Result bounce.Result // the classification of the failure
	Err    error         // the error returned by the Sender
}

// Error returns `deliver: "<rcpt>": <category> (<reason>): <err>`, the
// recipient quoted and cut as in every error of the package (no CR, LF or
// control character of an address reaches a log line). The "deliver: "
// prefix of an error of this package in Err is not repeated.
func (e *Error) Error() string {
	msg := "no error"
	if e.Err != nil {
		msg = strings.TrimPrefix(e.Err.Error(), "deliver: ")
	}
	return fmt.Sprintf("deliver: %s: %s (%s): %s", quoted(e.Rcpt), e.Result.Category, e.Result.Reason, msg)
}

// Unwrap returns e.Err.
func (e *Error) Unwrap() error { return e.Err }
