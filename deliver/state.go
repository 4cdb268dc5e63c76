package deliver

import (
	"context"
	"time"

	"github.com/bouncekit/bouncekit/suppress"
)

// State is the decision state a Deliverer keeps besides the suppression
// Store: the bounce-rate guard of each campaign (window counters, active /
// paused until / cancelled), the throttle of each recipient domain, the
// messages sent (to correlate asynchronous reports with their campaign,
// scope and recipients) and the reports already handled (so that a report
// delivered twice is recorded once).
//
// The zero Deliverer keeps it in memory ([MemoryState]); several sending
// nodes share one by giving each Deliverer a State backed by the same
// server (packages redisstate and pgstate). Each method is one atomic
// read-and-update: two nodes calling at once see each other's effects in
// some order, never half of one. The policies (Guard, Throttle) are passed
// in with each call so that every node applies its own configuration to
// the shared counts.
//
// Methods return an error only when the state could not be read or
// written; the Deliverer then does not send to the recipients concerned.
type State interface {
	// Gate is called before a send. It resumes the campaign when its
	// pause is over (unless Guard.Disabled), returns its state, and for
	// each recipient domain of the request says whether a recipient may be
	// sent to now: a throttled domain admits recipients at its reduced
	// rate, each admitted one taking one token (unless Throttle.Disabled).
	// When the campaign is paused or cancelled, nothing is sent: no token
	// is taken, and Allowed may be all false.
	Gate(ctx context.Context, req GateRequest) (GateResult, error)
	// Settle is called after a send and after an asynchronous report with
	// the outcomes. It counts them into the campaign's window, judges the
	// campaign with the Guard (a campaign whose pause is over is not
	// resumed here: the next Gate does it), relieves then strikes the
	// domains, remembers the sent message and marks the report handled,
	// all at once.
	Settle(ctx context.Context, req SettleRequest) (SettleResult, error)
	// Sent returns the sent message tracked under id (Message.ID, without
	// angle brackets), and false when none is (never sent, or expired).
	Sent(ctx context.Context, id string) (SentMessage, bool, error)
	// SentTo returns the last tracked message sent to rcpt, and false when
	// none is. It correlates a report that names its recipient (VERP) but
	// not its message.
	SentTo(ctx context.Context, rcpt string) (SentMessage, bool, error)
	// Handled reports whether the report with this key was already
	// settled (SettleRequest.Report).
	Handled(ctx context.Context, key string) (bool, error)
	// Campaign returns the guard state of a campaign as all nodes see it,
	// and false when the state holds nothing of it.
	Campaign(ctx context.Context, name string) (CampaignStats, bool, error)
	// Forget drops a campaign's guard state (see [Deliverer.Forget]).
	Forget(ctx context.Context, name string) error
}

// GateRequest is what [State.Gate] decides on.
type GateRequest struct {
	Campaign string   // "" for a message of no campaign: no guard
	Domains  []string // one per recipient to send to, repeated as often
	Guard    Guard
	Throttle Throttle
	Now      time.Time
}

// GateResult is the answer of [State.Gate].
type GateResult struct {
	// Campaign is the campaign's guard state after the gate (zero for no
	// campaign; State "" reads as active).
	Campaign CampaignStats
	// Resumed is true on the one call that ended the campaign's pause.
	Resumed bool
	// Allowed[i] says whether the recipient of Domains[i] may be sent to
	// now; when not, RetryAt[i] is when its domain admits the next one.
	Allowed []bool
	RetryAt []time.Time
}

// SettleRequest is what [State.Settle] records.
type SettleRequest struct {
	Campaign string
	// Attempted counts the first attempts among the outcomes (the guard's
	// denominator); Bounced the hard bounces and Complained the
	// complaints (its numerators).
	Attempted, Bounced, Complained int
	// Strike lists the domains that asked to slow down (one entry per
	// strike); Relieve the domains that accepted a recipient.
	Strike, Relieve []string
	// Track, when not nil, is the sent message to remember, for TrackFor
	// (0 means [DefaultTrackFor]). A message already tracked under the ID
	// keeps the recipients it had and gains those of Track (a retry sends
	// to some of them again); its campaign, scope, Sent time and expiry
	// are replaced. The last message sent to each recipient is what
	// SentTo returns.
	Track    *SentMessage
	TrackFor time.Duration
	// Report, when not "", is the identity of the asynchronous report
	// being settled; it is remembered for ReportFor (0 means
	// [DefaultTrackFor]). A report whose key was already settled changes
	// nothing and comes back Duplicate.
	Report    string
	ReportFor time.Duration
	// Op, when not "", identifies this settlement, so that a [GateSettler]
	// given it again (a call sent again after its reply was lost, or a
	// failed call retried) applies it once: within [OpFor] of its first
	// application, a settlement with the same Op counts nothing again and
	// answers with the Changed of the first. The Deliverer sets it on the
	// settlements it defers (see [Deliverer.SettleDelay]). States that do
	// not implement GateSettler may ignore it.
	Op       string
	Guard    Guard
	Throttle Throttle
	Now      time.Time
}

// OpFor is how long, at least, a [GateSettler] remembers the Op of a
// settlement it applied: a settlement given again with the same Op within
// OpFor is applied once. A deferred outcome that the Deliverer retries
// later than that, after a call whose reply was lost although the server
// had applied it, may be counted twice.
const OpFor = time.Minute

// GateSettler is an optional interface of a [State]: a State that
// implements it applies the settlements of earlier sends and the gate of
// the next send in one call, one round trip to its server. A Deliverer
// finds it by type assertion and then defers the outcomes of each send
// until its next gate (see [Deliverer.SettleDelay]); with a State that
// does not implement it, each send costs a Gate and a Settle.
// [MemoryState] implements it, so a type that embeds a MemoryState to
// change its Gate or Settle (a test double, a wrapper) must override
// GateSettle too, or the Deliverer calls MemoryState's.
type GateSettler interface {
	// GateSettle applies pending, in order, each as [State.Settle] would
	// (a settlement with an Op already applied within OpFor is applied
	// again by none), then decides req as [State.Gate] would, after them:
	// the gate sees their counts and strikes. It returns one SettleResult
	// per pending request, in order, and the GateResult. A req with no
	// Campaign and no Domains gates nothing: its GateResult is zero.
	//
	// On error, some of pending may have been applied and others not; a
	// call with the same requests (and Ops) applies each once. The gate of
	// a failed call must not be acted on.
	GateSettle(ctx context.Context, pending []SettleRequest, req GateRequest) ([]SettleResult, GateResult, error)
}

// ReportClaimer is an optional interface of a [State]: a State that
// implements it lets one node at a time record an asynchronous report, so
// that two copies of one report handled at the very same time by two
// nodes (a remote MTA that timed out on one MX while it was recording and
// retried on another, a webhook retried to another node) are recorded in
// the Store once. [Deliverer.Ingest] finds it by type assertion and claims
// the report's key before recording it; a copy that finds the key claimed
// by another is not recorded and returns [ErrReportInProgress]. The
// States of this module (MemoryState, packages redisstate and pgstate)
// implement it, so a type that embeds a MemoryState to change its Handled
// or Settle (a test double, a wrapper) must override Claim and Release
// too, or the Deliverer calls MemoryState's. A Deliverer whose ClaimFor
// is -1 claims nothing.
type ReportClaimer interface {
	// Claim takes the report key for holder until ttl after now, and
	// reports whether it did, atomically: it is refused (false, nil)
	// when the key is handled ([State.Handled]) or claimed by another
	// holder whose claim has not expired. A claim of the same holder is
	// taken again (its ttl starts anew), so that a call sent again after
	// its reply was lost succeeds. The Settle that marks the key handled
	// ends every claim of it for good: a handled key is never claimed
	// again (until it expires from the State, ReportFor after it was
	// settled). A claim that is neither released nor followed by that
	// Settle (its holder failed) expires after ttl, and the key can then
	// be claimed by another.
	Claim(ctx context.Context, key, holder string, ttl time.Duration, now time.Time) (bool, error)
	// Release ends the claim of key by holder, so that another copy of
	// the report can be recorded at once (the recording failed); a claim
	// that is not holder's, or that expired, is left as it is.
	Release(ctx context.Context, key, holder string) error
}

// DefaultClaimFor is how long a claim of an asynchronous report lasts
// when [Deliverer.ClaimFor] is 0: long enough for a node to record a
// report in the Store (milliseconds, or the seconds of a slow Store
// within its own timeouts), short enough that a copy of it retried by
// its sender after the node failed is recorded (a remote MTA retries a
// deferred mail after minutes, RFC 5321 §4.5.4.1).
const DefaultClaimFor = 2 * time.Minute

// SettleResult is the answer of [State.Settle].
type SettleResult struct {
	// Campaign is the campaign's guard state after the settlement.
	Campaign CampaignStats
	// Changed is the state the campaign moved to in this call (paused or
	// cancelled), "" when it did not move.
	Changed CampaignState
	// Duplicate is true when SettleRequest.Report was settled before:
	// nothing was counted.
	Duplicate bool
}

// SentMessage is what a State remembers of a sent message.
type SentMessage struct {
	ID       string // Message.ID
	Campaign string
	Scope    suppress.Scope
	// Rcpts are the recipients it was sent to, in normal form (domain in
	// lower-case A-labels, local part lower-cased, no angle brackets: what
	// suppress.Policy's default normalisation gives); a report may change
	// only these. SentTo takes a recipient in the same form.
	Rcpts []string
	Sent  time.Time
}
