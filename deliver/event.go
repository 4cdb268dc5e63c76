package deliver

import (
	"context"
	"log/slog"
	"time"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/suppress"
)

// Kind is what happened: the outcome of a recipient ([Result.Kind]) or a
// campaign event ([Event.Kind]). Each constant holds its wire word, used in
// logs and JSON; the zero value means unknown.
type Kind string

// The kinds.
const (
	Delivered    Kind = "delivered"    // the receiver accepted the recipient
	Deferred     Kind = "deferred"     // a soft failure, or a throttled domain: retried at NextAttempt
	Bounced      Kind = "bounced"      // a hard failure: the address is bad and was suppressed
	Blocked      Kind = "blocked"      // refused as spam or by policy: the recipient is not at fault
	Suppressed   Kind = "suppressed"   // dropped by the suppression store, never sent
	Expired      Kind = "expired"      // soft failures for longer than Backoff.MaxAge: given up
	Failed       Kind = "failed"       // a 5xx refusal that is not the address's fault nor a policy's, and that time will not cure (bounce.Result.Retry false): not retried, one soft bounce
	Complained   Kind = "complained"   // the recipient complained (ARF); suppressed for good
	Unsubscribed Kind = "unsubscribed" // the recipient unsubscribed; suppressed for good
	Held         Kind = "held"         // not sent: the campaign is paused; retried when it resumes
	Paused       Kind = "paused"       // the guard paused a campaign
	Resumed      Kind = "resumed"      // a paused campaign resumed
	Cancelled    Kind = "cancelled"    // the guard cancelled a campaign (an event, and the outcome of its recipients)
	Delayed      Kind = "delayed"      // a delay notice (DSN action "delayed") arrived; nothing else is done
	Invalid      Kind = "invalid"      // not a valid mailbox address: never sent, not retried
	Unmatched    Kind = "unmatched"    // a report about a recipient of no message sent to it: reported, not recorded
)

// String returns the wire word of k.
func (k Kind) String() string { return string(k) }

// Event is one thing that happened to a recipient or a campaign. Events are
// passed to [Deliverer.OnEvent].
type Event struct {
	Kind      Kind
	Time      time.Time
	MessageID string // the message, when the event is about one
	Campaign  string
	Rcpt      string // the recipient, when the event is about one
	Domain    string // the domain of Rcpt

	Attempt     int            // the attempt the event is about (1 for the first)
	Result      bounce.Result  // the classification of a failure
	NextAttempt time.Time      // for Deferred and Held: when the next attempt is due
	Err         error          // the failure: a *Error, or a sentinel such as ErrSuppressed
	Entry       suppress.Entry // the suppression entry, as in Result.Entry
	Async       bool           // the event comes from a report (a bounce mail, an ESP event), not from an SMTP reply
	Source      string         // for an Async event, the Incoming.Source of its report ("smtp", "imap", "ses", …)
}

// LogValue implements [slog.LogValuer].
func (e Event) LogValue() slog.Value {
	as := make([]slog.Attr, 0, 11)
	as = append(as, slog.String("kind", string(e.Kind)))
	if e.MessageID != "" {
		as = append(as, slog.String("message_id", e.MessageID))
	}
	if e.Campaign != "" {
		as = append(as, slog.String("campaign", e.Campaign))
	}
	if e.Rcpt != "" {
		as = append(as, slog.String("rcpt", e.Rcpt))
	}
	if e.Attempt > 0 {
		as = append(as, slog.Int("attempt", e.Attempt))
	}
	if e.Result.Category != "" {
		as = append(as, slog.String("category", string(e.Result.Category)), slog.String("reason", string(e.Result.Reason)))
	}
	if !e.Result.Status.IsZero() {
		as = append(as, slog.String("status", e.Result.Status.String()))
	}
	if !e.NextAttempt.IsZero() {
		as = append(as, slog.Time("next_attempt", e.NextAttempt))
	}
	if e.Err != nil {
		as = append(as, slog.String("err", e.Err.Error()))
	}
	if !e.Entry.Until.IsZero() {
		as = append(as, slog.Time("suppressed_until", e.Entry.Until))
	}
	if e.Async {
		as = append(as, slog.Bool("async", true))
	}
	if e.Source != "" {
		as = append(as, slog.String("source", e.Source))
	}
	return slog.GroupValue(as...)
}

// LogEvents returns an OnEvent handler that logs each event to l: failures
// (Bounced, Blocked, Expired, Failed, Complained, Cancelled, Invalid,
// Unmatched) at Warn, Paused at Warn, the rest at Info.
func LogEvents(l *slog.Logger) func(Event) {
	return func(e Event) {
		lvl := slog.LevelInfo
		switch e.Kind {
		case Bounced, Blocked, Expired, Failed, Complained, Cancelled, Paused, Invalid, Unmatched:
			lvl = slog.LevelWarn
		}
		l.LogAttrs(context.Background(), lvl, "deliver: "+string(e.Kind), slog.Any("event", e))
	}
}

// Counters count the outcomes of recipients, per domain or per campaign.
type Counters struct {
	Attempted    int // recipients attempted at least once (counted at the first attempt)
	Sent         int // SMTP attempts, retries included
	Delivered    int
	Deferred     int // soft failures and throttled sends, retries included
	Bounced      int // hard failures, synchronous or asynchronous
	Blocked      int
	Suppressed   int
	Expired      int
	Failed       int // permanent refusals that are soft and not retried
	Complained   int
	Unsubscribed int
	Held         int
	Cancelled    int
	Invalid      int // recipients refused before the send: not a valid address
	Unmatched    int // reports about recipients of no message sent to them
}

// Stats is a snapshot of the counters of a [Deliverer].
type Stats struct {
	Total     Counters
	Domains   map[string]Counters      // by recipient domain, lower case
	Campaigns map[string]CampaignStats // by Message.Campaign; "" is not kept
}

// add counts one recipient outcome.
func (c *Counters) add(k Kind) {
	switch k {
	case Delivered:
		c.Delivered++
	case Deferred:
		c.Deferred++
	case Bounced:
		c.Bounced++
	case Blocked:
		c.Blocked++
	case Suppressed:
		c.Suppressed++
	case Expired:
		c.Expired++
	case Failed:
		c.Failed++
	case Complained:
		c.Complained++
	case Unsubscribed:
		c.Unsubscribed++
	case Held:
		c.Held++
	case Cancelled:
		c.Cancelled++
	case Invalid:
		c.Invalid++
	case Unmatched:
		c.Unmatched++
	}
}
