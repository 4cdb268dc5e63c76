package deliver

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/emersion/go-message/textproto"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/dsn"
	"github.com/bouncekit/bouncekit/internal/addr"
	"github.com/bouncekit/bouncekit/suppress"
)

// Deliverer delivers messages through a [Sender] and decides what to do
// with each recipient's outcome: it drops suppressed recipients, classifies
// replies with [bounce], records bounces in the suppression store, schedules
// soft failures with its [Backoff], slows down domains that ask for it
// ([Throttle]), pauses or cancels campaigns whose bounce rate is too high
// ([Guard]), and reports each step as an [Event].
//
// Configure a Deliverer through its exported fields, then use it; only
// Sender is required. A Deliverer is safe for concurrent use by multiple
// goroutines once its fields are set, and must not be copied after first
// use. [Deliverer.Run] is the opt-in retry loop. The only goroutine a
// Deliverer starts is the timer that saves the deferred outcomes of its
// sends in a shared State (see SettleDelay), once per SettleDelay while
// some are pending; call [Deliverer.Flush] before the process exits.
type Deliverer struct {
	// Sender sends the messages. Required.
	Sender Sender
	// Store is the suppression store: it is checked before each send and
	// told each final outcome (see [Deliverer.Deliver]). nil means none.
	Store suppress.Store
	// Queue receives the recipients to retry later and the held recipients
	// of paused campaigns; [Deliverer.Run] takes them out again. nil means
	// the caller schedules from the [Result]s alone (Result.NextAttempt).
	Queue Queue
	// Classifier classifies replies; nil means the default rules.
	Classifier *bounce.Classifier

	Backoff  Backoff  // the retry schedule of soft failures
	Throttle Throttle // how domains that ask to slow down are slowed down
	Guard    Guard    // the bounce-rate guard of campaigns

	// Decorate, when set, is called before each send with the message and
	// one recipient, and the header fields it returns are prepended to the
	// message sent to that recipient (for a per-recipient List-Unsubscribe
	// field, RFC 2369 and RFC 8058; package
	// [github.com/bouncekit/bouncekit/suppress/unsubscribe] makes them:
	// return links.Header(unsubscribe.Token{Addr: rcpt, Scope: msg.Scope}),
	// with links an *unsubscribe.Links whose Signer holds a secret of at
	// least 16 bytes; see that package's example). The header type is
	// go-message's textproto.Header
	// (github.com/emersion/go-message/textproto), not net/textproto's.
	// Each recipient then gets a transaction of its own. An error fails that
	// recipient as a soft failure. msg.Data is not modified.
	Decorate func(msg *Message, rcpt string) (textproto.Header, error)
	// Sign, when set, is called with the final bytes of each transaction,
	// after Decorate, and returns the bytes to send: the place for a DKIM
	// signature (RFC 6376), which RFC 8058 §4 requires to cover the
	// List-Unsubscribe fields that Decorate adds. An error fails the
	// recipients of that transaction as a soft failure.
	Sign func(msg *Message, data []byte) ([]byte, error)

	// Logger, when set, receives the errors of [Deliverer.Run], which has
	// no caller to return them to. nil means silent.
	Logger *slog.Logger

	// OnEvent, when set, is called with each event, synchronously, from the
	// goroutine that caused it, without any lock of the Deliverer held. It
	// must be safe for concurrent use. [LogEvents] returns one that logs.
	OnEvent func(Event)

	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// Seed seeds the jitter of the retry schedule; 0 means a random seed.
	Seed uint64

	// Parser parses the mail given to [Deliverer.HandleBounce]; nil means a
	// zero dsn.Parser. When its IDHeader is set, that header of the
	// returned message carries Message.ID (the Decorate hook can add it).
	Parser *dsn.Parser

	// State keeps the decisions that several sending nodes must share: the
	// guard state of each campaign, the throttle of each domain, the sent
	// messages (to correlate asynchronous reports) and the reports already
	// handled. nil means a [MemoryState] of this Deliverer alone, bounded
	// by Track and MaxCampaigns: right for one process. When several
	// processes send for the same campaigns or to the same domains, give
	// each Deliverer a State on a server they share (packages redisstate
	// and pgstate, over the Redis or PostgreSQL that already holds the
	// suppression Store); otherwise each node judges a part of a campaign,
	// backs off a domain alone, and cannot correlate a bounce of a message
	// that another node sent.
	//
	// The Deliverer asks the State before each send ([State.Gate]) and
	// tells it the outcomes after it ([State.Settle]); when the State
	// cannot be read before a send, nothing is sent (see
	// [Deliverer.Deliver]). With a State that implements [GateSettler]
	// (redisstate and pgstate do), the outcomes of a send are carried by
	// the next gate, one round trip per message (see SettleDelay). The
	// counters of Stats stay in this process: they count what this
	// Deliverer did.
	State State

	// SettleDelay is how long the outcomes of a send may wait to be saved
	// in a State that implements [GateSettler]. Deliver then does not
	// settle them at once: they are kept, in order, and the next gate of
	// this Deliverer carries them, applied before its decision, in the
	// same round trip ([GateSettler.GateSettle]), so that the guard and
	// the throttle see this node's outcomes before its next send. When no
	// gate comes within SettleDelay (measured by the real clock, not by
	// Now), a timer writes them, all in one call. A send with a
	// rate-limit reply (a strike of its domain, which the other nodes must
	// see at once) is settled before Deliver returns, with the pending
	// outcomes before it, in one call; so is the send that brings the
	// pending outcomes to MaxPending. Call [Deliverer.Flush] before the
	// process exits: pending outcomes are lost with the process. An
	// asynchronous report (Ingest) first saves the pending outcomes (it
	// may be about one of those messages), then settles at once.
	//
	// Another node sees a deferred outcome when this one saves it: with
	// this node's next gate, or SettleDelay after the send at most. When
	// the call that carries them fails, the next message is not sent
	// (Deliver returns the error), the outcomes stay pending and are
	// written again with the next call; each carries an Op
	// ([SettleRequest.Op]) so that a call sent again counts once.
	//
	// 0 means [DefaultSettleDelay] (50 ms); -1 settles each send before
	// Deliver returns, a Gate and a Settle per message. It does not apply
	// to a MemoryState (nil State), which costs no round trip.
	SettleDelay time.Duration
	// MaxPending bounds the number of sends whose outcomes wait to be
	// saved (see SettleDelay): the send that reaches it saves them all
	// before Deliver returns, and while they cannot be saved (the State
	// is down) nothing more is sent, gate or not. 0 or less means
	// [DefaultMaxPending] (1000); there is no "no limit".
	MaxPending int

	// Track is how many sent messages the default State remembers to
	// correlate asynchronous reports with their campaign, scope and
	// recipients. 0 means 100 000, -1 none: no report is then correlated,
	// and none recorded unless TrustReports is set. It is not used when
	// State is set: the State bounds its own tracking.
	Track int
	// TrackFor is how long a sent message is remembered to correlate its
	// reports, and how long a handled report is remembered to recognise it
	// when it comes again. 0 means [DefaultTrackFor] (7 days).
	TrackFor time.Duration
	// ClaimFor is how long Ingest holds the claim of a report it records
	// when the State is a [ReportClaimer] (the default MemoryState and
	// the shared states are): another copy of the report that comes
	// meanwhile, to any node on the State, is not recorded and gets
	// [ErrReportInProgress]. The claim ends when the report is settled
	// (handled for good) or its recording failed (released); it expires
	// after ClaimFor when the node could do neither (it stopped, or lost
	// its server), and a copy that comes then records the report. A
	// recording that takes longer than ClaimFor may be made twice. 0
	// means [DefaultClaimFor] (2 minutes); -1 claims nothing, so that two
	// nodes handling one report at the very same time may both record it.
	ClaimFor time.Duration
	// TrustReports records the asynchronous reports that match no message
	// sent to their recipients, for a sender that cannot track what it
	// sends (Track -1, or several nodes without a shared State): any mail
	// to the return path can then suppress any address (up to the limits),
	// so prefer a shared State, which correlates the reports of every
	// node. The limits of [Deliverer.Ingest] hold either way: at most 100
	// recipients per report, one per complaint.
	TrustReports bool
	// VERP, when set, checks the VERP return paths of asynchronous
	// reports: only a return path whose tag VERP made for its recipient
	// ([dsn.VERPSigner.Decode]) ties a report to that recipient; a plain,
	// forged or expired one ties nothing, and the report must then be
	// found by its Message-ID (its Unmatched results say why). The
	// Deliverer checks, it does not sign: set the envelope sender of each
	// message to its signed return path with the same signer (the same
	// Key on every node), as in
	//
	//	from, err := signer.Encode(bounceAddr, rcpt, time.Now())
	//	msg := &deliver.Message{From: from, To: []string{rcpt}, …}
	//
	// (a VERP return path names one recipient, so such a message has one).
	// Once it is set, the bounces of mail sent earlier with plain VERP
	// paths are tied by their Message-ID only. Nil reads plain VERP
	// addresses ([dsn.DecodeVERP]), which anyone who knows an address we
	// mailed can make: a forged bounce to one can then lease that
	// recipient and count against its campaign. A VERP whose Key is too
	// short makes Ingest fail.
	VERP *dsn.VERPSigner

	// MaxDomains bounds the number of recipient domains whose counters
	// (Stats().Domains) and throttle state are kept. When a new domain
	// passes it, the domains that went longest without mail are
	// forgotten, an eighth of MaxDomains at a time; domains still
	// throttled are kept. Stats().Total keeps counting everything. 0 means
	// 10 000, -1 no limit.
	MaxDomains int
	// MaxCampaigns bounds the number of campaigns whose counters and guard
	// state (Stats().Campaigns) are kept. When a new campaign passes it,
	// the active campaigns that went longest without mail are forgotten,
	// an eighth of MaxCampaigns at a time; paused and cancelled campaigns
	// are kept until [Deliverer.Forget]. A forgotten campaign starts
	// afresh, active, with its next message. 0 means 10 000, -1 no limit.
	MaxCampaigns int

	mu        sync.Mutex
	init      bool
	rnd       *rand.Rand
	total     Counters
	domains   map[string]*domainState
	campaigns map[string]*campaignState
	st        State  // State, or the default MemoryState
	uses      uint64 // counts the uses of domains and campaigns, to find the least recent
	// ingesting holds the keys of the reports that Ingest is recording
	// now, each with a channel closed when it is done.
	ingesting map[string]chan struct{}

	// The deferred settlements (see SettleDelay), guarded by pmu.
	pmu      sync.Mutex
	pending  []SettleRequest // in the order of their sends
	inflight int             // calls carrying settlements taken from pending
	idle     chan struct{}   // closed when inflight falls to 0; nil while it is 0
	timer    *time.Timer     // writes pending when armed; nil until first armed
	armed    bool            // the timer will fire
	oldest   time.Time       // when the oldest of pending was deferred, by the real clock
	fails    int             // calls that failed in a row, for the timer's delay
	opPrefix string          // the random start of this Deliverer's Ops
	ops      uint64          // the Ops made
}

// domainState is kept per recipient domain, guarded by d.mu.
type domainState struct {
	Counters
	thr  bool   // this Deliverer last saw the domain throttled
	used uint64 // d.uses at the last use
}

// campaignState is kept per campaign, guarded by d.mu.
type campaignState struct {
	CampaignStats
	used uint64 // d.uses at the last use
}

// DefaultMaxTracked is the default of Deliverer.MaxDomains and
// Deliverer.MaxCampaigns.
const DefaultMaxTracked = 10_000

// Result is the outcome of one recipient of [Deliverer.Deliver].
type Result struct {
	Rcpt string
	Kind Kind // Delivered, Deferred, Bounced, Blocked, Suppressed, Expired, Failed, Held, Cancelled or Invalid
	// Bounce is the classification of the failure; zero when delivered or
	// not sent.
	Bounce bounce.Result
	// Err is nil when delivered, a *[Error] for a failure reported by the
	// receiver or the Sender, and ErrSuppressed, ErrThrottled, ErrPaused or
	// ErrCancelled for a recipient that was not sent, or an error wrapping
	// ErrInvalidAddress for one that is not a valid address.
	Err error
	// Attempt counts the attempts made for the recipient, this one included
	// when it was sent.
	Attempt int
	// NextAttempt is when to try again, for Deferred and Held; zero otherwise.
	NextAttempt time.Time
	// Entry is the suppression entry: for Suppressed the one that dropped
	// the recipient (its lease extended by this attempt), for Bounced and
	// Complained the one recorded. Zero when there is none.
	Entry suppress.Entry
}

func (d *Deliverer) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

// lazyInit prepares the state; called with d.mu held.
func (d *Deliverer) lazyInit() {
	if d.init {
		return
	}
	d.init = true
	seed := d.Seed
	if seed == 0 {
		seed = rand.Uint64()
	}
	d.rnd = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	d.domains = make(map[string]*domainState)
	d.campaigns = make(map[string]*campaignState)
	d.st = d.State
	if d.st == nil {
		d.st = &MemoryState{MaxSent: d.Track, MaxCampaigns: d.MaxCampaigns, Now: d.Now}
	}
}

// checkRcpt checks that rcpt can be sent to, whatever the Store and the
// Sender: a mailbox address (RFC 5321 §4.1.2) that package suppress can key
// (internal/addr), with no space or control character that could end or
// split an SMTP command (a NUL, CR, LF). It returns the address in normal
// form (domain in lower-case A-labels, local part lower-cased), or an error
// wrapping ErrInvalidAddress that quotes it.
func checkRcpt(rcpt string) (string, error) {
	for i := 0; i < len(rcpt); i++ {
		if c := rcpt[i]; c <= ' ' || c == 0x7f {
			return "", fmt.Errorf("%w %s: contains a space or a control character", ErrInvalidAddress, quoted(rcpt))
		}
	}
	n, err := addr.Normalize(rcpt, false)
	if err != nil {
		return "", fmt.Errorf("%w %s: %v", ErrInvalidAddress, quoted(rcpt), err)
	}
	return n, nil
}

// domain returns the state of a domain, made if needed, and marks it used;
// called with d.mu held. Making one may forget others (MaxDomains).
func (d *Deliverer) domain(name string) *domainState {
	d.uses++
	s := d.domains[name]
	if s == nil {
		s = &domainState{used: d.uses}
		d.domains[name] = s
		trim(d.domains, limit(d.MaxDomains), func(s *domainState) (uint64, bool) { return s.used, !s.thr })
	}
	s.used = d.uses
	return s
}

// campaign returns the state of a campaign, made if needed, and marks it
// used; nil for "". Called with d.mu held. Making one may forget others
// (MaxCampaigns).
func (d *Deliverer) campaign(name string) *CampaignStats {
	if name == "" {
		return nil
	}
	d.uses++
	s := d.campaigns[name]
	if s == nil {
		s = &campaignState{CampaignStats: CampaignStats{State: CampaignActive}, used: d.uses}
		d.campaigns[name] = s
		trim(d.campaigns, limit(d.MaxCampaigns), func(s *campaignState) (uint64, bool) {
			return s.used, s.State == CampaignActive
		})
	}
	s.used = d.uses
	return &s.CampaignStats
}

// limit returns the bound of a MaxDomains or MaxCampaigns field: 0 for none.
func limit(n int) int {
	switch {
	case n == 0:
		return DefaultMaxTracked
	case n < 0:
		return 0
	}
	return n
}

// trim forgets the least recently used entries of m once it holds more
// than bound (0 means no limit), down to bound less an eighth, so that the
// sort is paid once per bound/8 new entries. state returns an entry's last
// use and whether it may be forgotten. The most recent entry, the one
// just made, is never forgotten.
func trim[S any](m map[string]*S, bound int, state func(*S) (used uint64, ok bool)) {
	if bound <= 0 || len(m) <= bound {
		return
	}
	type use struct {
		key  string
		used uint64
	}
	var old []use
	for k, s := range m {
		if u, ok := state(s); ok {
			old = append(old, use{k, u})
		}
	}
	slices.SortFunc(old, func(a, b use) int { return cmp.Compare(a.used, b.used) })
	n := min(len(m)-(bound-bound/8), len(old)-1)
	for _, u := range old[:max(n, 0)] {
		delete(m, u.key)
	}
}

// Deliver delivers msg to its recipients, once, and returns one [Result]
// per recipient of msg.To, in order. For each recipient it checks the
// address (one that is not a valid mailbox address fails alone, Kind
// [Invalid], and is never sent), the campaign's guard and the domain's
// throttle ([State.Gate]), the suppression store (a suppressed recipient is
// dropped, never sent), sends to the others through the Sender, classifies
// each outcome, and decides retries: a soft failure gets a NextAttempt from
// the Backoff, or expires. The outcomes are settled in the State (the
// guard's counts, the domains' strikes, the sent message for the
// correlation of later reports): at once, or, with a State that
// implements [GateSettler], by the next gate or within SettleDelay (see
// there; the gate of this message carries those of the sends before it).
// The Store is told each final outcome
// (suppress.Store.Record): a hard bounce starts a lease, an expiry counts
// one soft bounce, a delivery resets the soft-bounce count; retries and
// spam refusals are not recorded. When Queue is set, the recipients to try
// again are scheduled there, and the ones with a final outcome are marked
// done.
//
// The recipients of a paused campaign are held (Kind Held, Err [ErrPaused])
// until the pause ends, those of a cancelled campaign dropped (Kind
// Cancelled, Err [ErrCancelled]); recipients of a domain that is throttled
// are deferred without being sent (Err [ErrThrottled]).
//
// Deliver returns an error only when it cannot do its work: no Sender, a
// cancelled ctx before the send, a State that cannot be read before the
// send, or a failing Store or Queue; failures of recipients are in the
// results, as *[Error] values that unwrap to the Sender's error (a
// *smtp.SMTPError for a reply). When the State or the Store fails before
// the send, nothing is sent and no result is returned; when the State, the
// Store or the Queue fails after it, the results are returned with the
// error. A deferred outcome (see SettleDelay) is saved later: the next
// Deliver whose gate carries it fails when it cannot be saved, sends
// nothing and keeps it pending; a Deliver that must save at once (a
// rate-limit strike, MaxPending reached) returns the error with its
// results. Ingest saves the outcomes pending when it starts; one that
// another call is saving at that moment may still be on its way, which
// matters only for a report that comes back within that call. Once the
// send is made, the bookkeeping is done even if ctx is cancelled
// meanwhile.
func (d *Deliverer) Deliver(ctx context.Context, msg *Message) ([]Result, error) {
	return d.deliver(ctx, msg, nil, nil)
}

// deliver is Deliver. tokens, when not nil, says that the recipients come
// from a claim of the Queue, tokens[i] being the claim Token of msg.To[i]:
// those with a final outcome are completed there, the others rescheduled,
// as long as the claims are current. held, when not nil, holds the
// campaigns that a gate of the same batch of the Queue found paused or
// cancelled: a message of one of them, while its pause lasts, is held or
// cancelled without asking the State again, and a gate that finds its
// campaign so adds it.
func (d *Deliverer) deliver(ctx context.Context, msg *Message, tokens []string, held map[string]CampaignStats) ([]Result, error) {
	if d.Sender == nil {
		return nil, errors.New("deliver: Deliverer has no Sender")
	}
	if msg == nil || len(msg.To) == 0 {
		return nil, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	now := d.now()
	queued := msg.Queued
	if queued.IsZero() {
		queued = now
	}
	res := make([]Result, len(msg.To))
	// Buffers for the common message of a few recipients, so that the
	// bookkeeping allocates nothing more than res: the normal form of each
	// recipient, the recipients still to decide, their domains and the
	// gate's answer.
	var (
		normBuf  [4]string
		candBuf  [4]int
		domBuf   [4]string
		okBuf    [4]bool
		retryBuf [4]time.Time
	)
	norm, cand, doms, allowed, retry := normBuf[:0], candBuf[:0], domBuf[:0], okBuf[:], retryBuf[:]
	if n := len(res); n > len(normBuf) {
		norm, cand, doms = make([]string, 0, n), make([]int, 0, n), make([]string, 0, n)
		allowed, retry = make([]bool, n), make([]time.Time, n)
	}
	for i, rcpt := range msg.To {
		res[i] = Result{Rcpt: rcpt, Attempt: msg.Attempt}
		n, err := checkRcpt(rcpt)
		norm = append(norm, n)
		if err != nil {
			res[i].Kind, res[i].Err = Invalid, err
			continue
		}
		cand = append(cand, i)
		doms = append(doms, addr.Domain(rcpt))
	}
	allowed, retry = allowed[:len(cand)], retry[:len(cand)]
	d.mu.Lock()
	d.lazyInit()
	st := d.st
	d.mu.Unlock()

	// The gate: the campaign's guard state and the throttled domains, one
	// call of the State.
	var gc CampaignStats
	var evs []Event
	gated := len(cand) > 0 && (msg.Campaign != "" || !d.Throttle.Disabled)
	if c, ok := held[msg.Campaign]; ok && len(cand) > 0 && (c.State == CampaignCancelled || now.Before(c.PausedUntil)) {
		gc, gated = c, false
	} else if gated {
		var resumed bool
		var err error
		gc, resumed, evs, err = d.gate(ctx, st, msg.Campaign, doms, now, allowed, retry)
		if err != nil {
			d.emit(evs) // of the settlements it carried, when only its gate failed
			return nil, fmt.Errorf("deliver: message %s: nothing sent: %w", quoted(msg.ID), err)
		}
		if resumed {
			evs = append(evs, Event{Kind: Resumed, Time: now, Campaign: msg.Campaign})
		}
	} else {
		if len(cand) > 0 && d.deferrer(st) != nil && d.pendingFull() {
			// No gate carries the outcomes waiting to be saved, and they
			// are MaxPending already: save them first, and send nothing
			// while the State cannot take them, so that they stay
			// bounded.
			fevs, err := d.flushPending(ctx, nil)
			d.emit(fevs)
			if err != nil {
				return nil, fmt.Errorf("deliver: message %s: nothing sent: %d outcomes wait to be saved: %w", quoted(msg.ID), d.maxPending(), err)
			}
		}
		for j := range allowed {
			allowed[j] = true
		}
	}
	if len(cand) > 0 && (gc.State == CampaignPaused || gc.State == CampaignCancelled) {
		if held != nil && msg.Campaign != "" {
			held[msg.Campaign] = gc
		}
		kind, err, next := Held, ErrPaused, gc.PausedUntil
		if gc.State == CampaignCancelled {
			kind, err, next = Cancelled, ErrCancelled, time.Time{}
		}
		for _, i := range cand {
			res[i].Kind, res[i].Err, res[i].NextAttempt = kind, err, next
		}
		d.mu.Lock()
		d.see(msg.Campaign, gc)
		for i := range res {
			d.count(msg.Campaign, res[i].Rcpt, res[i].Kind, false)
		}
		d.mu.Unlock()
		d.emit(evs)
		d.emitResults(msg, res, now, false, "")
		return res, d.enqueue(ctx, msg, res, queued, tokens)
	}

	// Suppression, then the throttled domains.
	send := make([]int, 0, len(cand))
	for j, i := range cand {
		e, ok, err := d.allow(ctx, res[i].Rcpt, msg.Scope, now)
		if err != nil {
			return nil, fmt.Errorf("deliver: message %s: nothing sent: suppression check of %s: %w", quoted(msg.ID), quoted(res[i].Rcpt), err)
		}
		switch {
		case !ok:
			res[i].Kind, res[i].Err, res[i].Entry = Suppressed, ErrSuppressed, e
		case !allowed[j]:
			res[i].Kind, res[i].Err, res[i].NextAttempt = Deferred, ErrThrottled, retry[j]
		default:
			send = append(send, i)
		}
	}
	d.mu.Lock()
	if gated && msg.Campaign != "" {
		d.see(msg.Campaign, gc)
	}
	for i := range res {
		if res[i].Kind != "" {
			if res[i].Err == ErrThrottled {
				d.domain(addr.Domain(res[i].Rcpt)).thr = true
			}
			d.count(msg.Campaign, res[i].Rcpt, res[i].Kind, false)
		}
	}
	d.mu.Unlock()

	// Send.
	if len(send) > 0 {
		d.send(ctx, msg, send, res)
		for _, i := range send {
			res[i].Attempt = msg.Attempt + 1
		}
	}

	// Decide.
	var (
		strikeBuf, relieveBuf, trackBuf [4]string
		strike, relieve, tracked        = strikeBuf[:0], relieveBuf[:0], trackBuf[:0]
		attempted, bounced              int
	)
	if len(send) > len(trackBuf) {
		tracked = make([]string, 0, len(send))
	}
	d.mu.Lock()
	for _, i := range send {
		r := &res[i]
		dom := addr.Domain(r.Rcpt)
		tracked = append(tracked, norm[i])
		if r.Err == nil {
			r.Kind = Delivered
			if !d.Throttle.Disabled {
				relieve = append(relieve, dom)
				if ds := d.domains[dom]; ds != nil {
					ds.thr = false
				}
			}
		} else {
			d.decide(r, queued, now)
			if r.Kind == Deferred && !d.Throttle.Disabled && throttles(r.Bounce) {
				strike = append(strike, dom)
				d.domain(dom).thr = true
			}
		}
		d.count(msg.Campaign, r.Rcpt, r.Kind, true)
		if r.Kind == Bounced {
			bounced++
		}
		if msg.Attempt == 0 {
			attempted++
			d.attempted(msg.Campaign, r.Rcpt)
		}
	}
	d.mu.Unlock()

	// Settle, record, report, schedule. The send happened: the bookkeeping
	// is not cancelled with ctx.
	bctx := ctx
	if ctx.Done() != nil {
		bctx = context.WithoutCancel(ctx)
	}
	var errs []error
	if len(send) > 0 {
		req := SettleRequest{
			Campaign: msg.Campaign, Attempted: attempted, Bounced: bounced,
			Guard: d.Guard, Throttle: d.Throttle, Now: now,
		}
		var track *settleTrack
		if msg.ID != "" {
			track = &settleTrack{msg.ID, msg.Campaign, msg.Scope, now, d.trackFor()}
		}
		if d.deferrer(st) != nil {
			// Deferred: the next gate carries it (see SettleDelay), unless
			// it strikes a domain, which the other nodes must see now, or
			// the pending settlements are full.
			cp := owned(&req, strike, relieve, track, tracked)
			cp.Op = d.nextOp()
			var extra *SettleRequest
			if len(strike) > 0 {
				extra = &cp
			}
			if extra != nil || d.addPending(cp) {
				fevs, err := d.flushPending(bctx, extra)
				if err != nil {
					errs = append(errs, fmt.Errorf("deliver: message %s: sent, but the outcomes were not saved yet: %w", quoted(msg.ID), err))
				}
				evs = append(evs, fevs...)
			}
		} else if sr, err := d.settle(bctx, st, &req, strike, relieve, track, tracked); err != nil {
			errs = append(errs, fmt.Errorf("deliver: message %s: sent, but the outcomes were not saved: %w", quoted(msg.ID), err))
		} else if msg.Campaign != "" {
			d.mu.Lock()
			d.see(msg.Campaign, sr.Campaign)
			d.mu.Unlock()
			evs = append(evs, changed(msg.Campaign, sr, now)...)
		}
	}
	for _, i := range send {
		e, err := d.record(bctx, res[i].Rcpt, msg.Scope, res[i].Kind, res[i].Bounce, now)
		if err != nil {
			errs = append(errs, fmt.Errorf("deliver: message %s: recording %s: %w", quoted(msg.ID), quoted(res[i].Rcpt), err))
		}
		if res[i].Kind != Delivered {
			res[i].Entry = e
		}
	}
	d.emitResults(msg, res, now, false, "")
	d.emit(evs)
	if err := d.enqueue(bctx, msg, res, queued, tokens); err != nil {
		errs = append(errs, err)
	}
	return res, errors.Join(errs...)
}

// gate asks st for the campaign's state and the domains' tokens, writing
// the answer for domains[i] into allowed[i] and retry[i]. A MemoryState
// answers without allocating. Nothing is kept of the slices. With a
// GateSettler, the call carries the pending settlements (see
// SettleDelay), and gate returns the events of the campaigns they paused
// or cancelled; when it fails, they stay pending.
func (d *Deliverer) gate(ctx context.Context, st State, campaign string, domains []string, now time.Time, allowed []bool, retry []time.Time) (CampaignStats, bool, []Event, error) {
	if m, ok := st.(*MemoryState); ok {
		c, resumed := m.gate(campaign, domains, d.Guard, d.Throttle, now, allowed, retry)
		return c, resumed, nil, nil
	}
	req := GateRequest{
		Campaign: campaign, Domains: slices.Clone(domains),
		Guard: d.Guard, Throttle: d.Throttle, Now: now,
	}
	var g GateResult
	var evs []Event
	var err error
	gs := d.deferrer(st)
	if p := d.takePendingFor(gs); p != nil {
		var sr []SettleResult
		sr, g, err = gs.GateSettle(ctx, p, req)
		if err == nil && len(sr) != len(p) {
			err = fmt.Errorf("State.GateSettle answered for %d settlements, want %d", len(sr), len(p))
		}
		if err != nil {
			d.putPending(p)
			return CampaignStats{}, false, nil, fmt.Errorf("saving %d outcomes of earlier sends (kept, to be saved again) and reading the campaign and throttle state: %w", len(p), err)
		}
		d.donePending()
		evs = d.applied(p, sr)
	} else if g, err = st.Gate(ctx, req); err != nil {
		return CampaignStats{}, false, nil, fmt.Errorf("reading the campaign and throttle state: %w", err)
	}
	if len(g.Allowed) != len(domains) {
		return CampaignStats{}, false, evs, fmt.Errorf("reading the campaign and throttle state: the State answered for %d domains, want %d", len(g.Allowed), len(domains))
	}
	copy(allowed, g.Allowed)
	for i := range retry {
		retry[i] = time.Time{}
		if i < len(g.RetryAt) {
			retry[i] = g.RetryAt[i]
		}
	}
	return g.Campaign, g.Resumed, evs, nil
}

// settle settles req in st, with the slices of the request passed apart
// (req.Strike, req.Relieve and req.Track.Rcpts are not read) so that the
// caller's buffers for them do not escape; track, when not nil, is the
// sent message without its recipients rcpts. Nothing is kept of them.
func (d *Deliverer) settle(ctx context.Context, st State, req *SettleRequest, strike, relieve []string, track *settleTrack, rcpts []string) (SettleResult, error) {
	if m, ok := st.(*MemoryState); ok {
		return m.settle(req, strike, relieve, track, rcpts), nil
	}
	sr, err := st.Settle(ctx, owned(req, strike, relieve, track, rcpts))
	if err != nil {
		return SettleResult{}, fmt.Errorf("saving the outcomes in the State: %w", err)
	}
	return sr, nil
}

// owned returns req with the slices passed apart (see settle), copied:
// the request to hand to a State, or to keep pending.
func owned(req *SettleRequest, strike, relieve []string, track *settleTrack, rcpts []string) SettleRequest {
	cp := *req
	cp.Strike, cp.Relieve, cp.Track = slices.Clone(strike), slices.Clone(relieve), nil
	if track != nil {
		cp.Track = &SentMessage{ID: track.id, Campaign: track.campaign, Scope: track.scope, Rcpts: slices.Clone(rcpts), Sent: track.sent}
		cp.TrackFor = track.trackFor
	}
	return cp
}

// trackFor returns TrackFor or its default.
func (d *Deliverer) trackFor() time.Duration { return durOr(d.TrackFor, DefaultTrackFor) }

// see keeps the guard state of a campaign as the State last returned it,
// for Stats; called with d.mu held.
func (d *Deliverer) see(name string, g CampaignStats) {
	c := d.campaign(name)
	if c == nil {
		return
	}
	c.State, c.PausedUntil, c.Pauses, c.Window = g.State, g.PausedUntil, g.Pauses, g.Window
	if c.State == "" {
		c.State = CampaignActive
	}
}

// changed returns the event of a campaign that a settlement paused or
// cancelled.
func changed(campaign string, sr SettleResult, now time.Time) []Event {
	switch sr.Changed {
	case CampaignPaused:
		return []Event{{Kind: Paused, Time: now, Campaign: campaign, NextAttempt: sr.Campaign.PausedUntil}}
	case CampaignCancelled:
		return []Event{{Kind: Cancelled, Time: now, Campaign: campaign}}
	}
	return nil
}

// decide turns a failed recipient into its Kind; called with d.mu held.
func (d *Deliverer) decide(r *Result, queued, now time.Time) {
	var de *Error
	if !errors.As(r.Err, &de) {
		de = d.classify(r.Rcpt, r.Err)
		r.Err = de
	}
	r.Bounce = de.Result
	switch {
	case de.Result.Category == bounce.Hard && !de.Result.Retry:
		r.Kind = Bounced
	case de.Result.Category == bounce.Spam && !de.Result.Retry:
		r.Kind = Blocked
	case de.Result.Category == bounce.Soft && !de.Result.Retry:
		// A 5xx that names no fault of the address and no policy, and no
		// condition that passes with time (554 Transaction failed): the
		// receiver said no for good, so no retry; one soft bounce, as
		// for Expired, so that repeated ones suppress the address
		// (suppress.Policy.SoftLimit).
		r.Kind = Failed
	default: // a failure that time may cure (Retry), or an unclassified one
		next, ok := d.Backoff.schedule(r.Attempt, queued, now, d.rnd.Float64())
		if ok {
			r.Kind, r.NextAttempt = Deferred, next
			return
		}
		r.Kind = Expired
		r.Bounce.Reason = bounce.ReasonExpired
		r.Bounce.Retry = false
	}
}

// send sends msg to the recipients at the indexes send, filling res[i].Err.
func (d *Deliverer) send(ctx context.Context, msg *Message, send []int, res []Result) {
	if d.Decorate != nil {
		for _, i := range send {
			res[i].Err = d.sendOne(ctx, msg, res[i].Rcpt)
		}
		return
	}
	m := msg
	if len(send) != len(msg.To) || d.Sign != nil {
		cp := *msg
		cp.To = make([]string, len(send))
		for j, i := range send {
			cp.To[j] = msg.To[i]
		}
		m = &cp
	}
	if d.Sign != nil {
		data, err := d.Sign(msg, msg.Data)
		if err != nil {
			err = fmt.Errorf("deliver: signing message %s: %w", quoted(msg.ID), err)
			for _, i := range send {
				res[i].Err = err
			}
			return
		}
		m.Data = data
	}
	errs, err := d.Sender.Send(ctx, m)
	if err == nil && len(errs) > 0 && len(errs) < len(send) {
		// A Sender that answers for some recipients but not all has not
		// said that the others were accepted: they are not counted as
		// delivered but retried.
		err = fmt.Errorf("deliver: the Sender gave %d outcomes for %d recipients of message %s", len(errs), len(send), quoted(msg.ID))
	}
	for j, i := range send {
		var e error
		if j < len(errs) {
			e = errs[j]
		}
		if e == nil {
			e = err
		}
		res[i].Err = e
	}
}

// sendOne sends msg to rcpt alone, with the header fields of Decorate.
func (d *Deliverer) sendOne(ctx context.Context, msg *Message, rcpt string) error {
	h, err := d.Decorate(msg, rcpt)
	if err != nil {
		return fmt.Errorf("deliver: decorating message for %s: %w", quoted(rcpt), err)
	}
	var buf bytes.Buffer
	if h.Len() > 0 {
		if err := textproto.WriteHeader(&buf, h); err != nil {
			return fmt.Errorf("deliver: decorating message for %s: %w", quoted(rcpt), err)
		}
		buf.Truncate(buf.Len() - 2) // the blank line that ends a header
	}
	buf.Write(msg.Data)
	cp := *msg
	cp.To = []string{rcpt}
	cp.Data = buf.Bytes()
	if d.Sign != nil {
		if cp.Data, err = d.Sign(msg, cp.Data); err != nil {
			return fmt.Errorf("deliver: signing message %s for %s: %w", quoted(msg.ID), quoted(rcpt), err)
		}
	}
	errs, err := d.Sender.Send(ctx, &cp)
	if len(errs) > 0 && errs[0] != nil {
		return errs[0]
	}
	return err
}

// count counts an outcome; called with d.mu held. sent says whether the
// recipient was sent (an SMTP attempt). A recipient whose domain is longer
// than a domain can be (an invalid recipient, a forged report) is counted
// in the total and its campaign only, so that no such key is kept.
func (d *Deliverer) count(campaign, rcpt string, k Kind, sent bool) {
	var dc *Counters
	if dom := addr.Domain(rcpt); len(dom) <= addr.MaxDomain {
		dc = &d.domain(dom).Counters
	}
	c := d.campaign(campaign)
	for _, ctr := range []*Counters{&d.total, dc, counters(c)} {
		if ctr == nil {
			continue
		}
		ctr.add(k)
		if sent {
			ctr.Sent++
		}
	}
}

func counters(c *CampaignStats) *Counters {
	if c == nil {
		return nil
	}
	return &c.Counters
}

// attempted counts a first attempt; called with d.mu held.
func (d *Deliverer) attempted(campaign, rcpt string) {
	d.total.Attempted++
	d.domain(addr.Domain(rcpt)).Attempted++
	if c := d.campaign(campaign); c != nil {
		c.Attempted++
	}
}

// enqueue schedules the recipients to try again and completes the others,
// with the claim tokens of the recipients when they come from the Queue.
// A claim that was lost does not stop the others; its error wraps
// ErrClaimLost.
func (d *Deliverer) enqueue(ctx context.Context, msg *Message, res []Result, queued time.Time, tokens []string) error {
	if d.Queue == nil {
		return nil
	}
	var items []Item
	var errs []error
	for i, r := range res {
		it := Item{Msg: msg, Rcpt: r.Rcpt}
		if i < len(tokens) {
			it.Token = tokens[i]
		}
		switch r.Kind {
		case Deferred, Held:
			it.Attempt, it.Queued, it.Due = r.Attempt, queued, r.NextAttempt
			if r.Attempt == 0 {
				// Not attempted yet: MaxAge counts from the first attempt.
				it.Queued = msg.Queued
			}
			items = append(items, it)
		default:
			if tokens != nil || msg.Attempt > 0 {
				if err := d.Queue.Done(ctx, it); err != nil {
					errs = append(errs, fmt.Errorf("deliver: queue: completing %s: %w", quoted(r.Rcpt), err))
				}
			}
		}
	}
	if len(items) > 0 {
		if err := d.Queue.Schedule(ctx, items...); err != nil {
			errs = append(errs, fmt.Errorf("deliver: queue: scheduling %d recipients: %w", len(items), err))
		}
	}
	return errors.Join(errs...)
}

// emitResults reports the outcome of each recipient.
// async says the outcomes come from a report, and source is the
// Incoming.Source of that report.
func (d *Deliverer) emitResults(msg *Message, res []Result, now time.Time, async bool, source string) {
	if d.OnEvent == nil {
		return
	}
	for _, r := range res {
		d.OnEvent(Event{
			Kind: r.Kind, Time: now, MessageID: msg.ID, Campaign: msg.Campaign,
			Rcpt: r.Rcpt, Domain: addr.Domain(r.Rcpt), Attempt: r.Attempt,
			Result: r.Bounce, NextAttempt: r.NextAttempt, Err: r.Err, Entry: r.Entry, Async: async, Source: source,
		})
	}
}

func (d *Deliverer) emit(evs []Event) {
	if d.OnEvent == nil {
		return
	}
	for _, e := range evs {
		d.OnEvent(e)
	}
}

// Stats returns a snapshot of the counters, per domain and per campaign.
// They count what this Deliverer did: with a State shared by several
// nodes, each node's Stats count its own sends and reports, and the guard
// state of each campaign (State, PausedUntil, Pauses, Window) is the one
// the State last returned to this node. [Deliverer.Campaign] reads the
// State for the view all nodes share.
//
// Campaigns whose pause is over are shown as paused until the next Deliver
// for them resumes them. Domains and campaigns forgotten under MaxDomains,
// MaxCampaigns or [Deliverer.Forget] are not in it; Total counts them all.
func (d *Deliverer) Stats() Stats {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.lazyInit()
	s := Stats{
		Total:     d.total,
		Domains:   make(map[string]Counters, len(d.domains)),
		Campaigns: make(map[string]CampaignStats, len(d.campaigns)),
	}
	for k, v := range d.domains {
		s.Domains[k] = v.Counters
	}
	for k, v := range d.campaigns {
		s.Campaigns[k] = v.CampaignStats
	}
	return s
}

// stateTimeout bounds the State calls of Campaign and Forget, which take no
// context.
const stateTimeout = 10 * time.Second

// Campaign returns the state and counters of one campaign, and false when
// neither this Deliverer nor the State knows it. The guard state (State,
// PausedUntil, Pauses, Window) is read from the State, as all nodes see
// it; the Counters are this Deliverer's. When the State cannot be read
// (within 10 seconds), the guard state is the one the State last returned
// to this Deliverer, and the error goes to Logger; call [State.Campaign]
// for the error itself.
func (d *Deliverer) Campaign(name string) (CampaignStats, bool) {
	d.mu.Lock()
	d.lazyInit()
	st := d.st
	var local CampaignStats
	c, known := d.campaigns[name]
	if known {
		local = c.CampaignStats
	}
	d.mu.Unlock()
	if name == "" {
		return CampaignStats{}, false
	}
	ctx, cancel := context.WithTimeout(context.Background(), stateTimeout)
	defer cancel()
	// The outcomes that wait to be saved (SettleDelay) are saved first.
	evs, err := d.flushPending(ctx, nil)
	d.emit(evs)
	if err != nil {
		d.logError("deliver: reading the state of campaign "+quoted(name), err)
	}
	g, ok, err := st.Campaign(ctx, name)
	if err != nil {
		d.logError("deliver: reading the state of campaign "+quoted(name), err)
		return local, known
	}
	if !ok {
		// The State forgot it (Forget on another node, or its bound): the
		// next message starts it afresh.
		if !known {
			return CampaignStats{}, false
		}
		local.State, local.PausedUntil, local.Pauses, local.Window = CampaignActive, time.Time{}, 0, g.Window
		return local, true
	}
	local.State, local.PausedUntil, local.Pauses, local.Window = g.State, g.PausedUntil, g.Pauses, g.Window
	if local.State == "" {
		local.State = CampaignActive
	}
	return local, true
}

// Forget forgets the counters and the guard state of a campaign, in this
// Deliverer and in the State (for all nodes), and reports whether either
// knew the campaign. Call it once a campaign is over: the Deliverer
// otherwise keeps up to MaxCampaigns of them. A later message of the
// campaign starts it afresh: active, its counters at zero, so forgetting a
// paused or cancelled campaign lifts the guard's verdict. Stats().Total
// keeps its counts. When the State fails (within 10 seconds), the error
// goes to Logger and the State keeps the campaign; call [State.Forget] for
// the error itself.
func (d *Deliverer) Forget(campaign string) bool {
	d.mu.Lock()
	d.lazyInit()
	st := d.st
	_, known := d.campaigns[campaign]
	delete(d.campaigns, campaign)
	d.mu.Unlock()
	if campaign == "" {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), stateTimeout)
	defer cancel()
	// The outcomes that wait to be saved (SettleDelay) are saved first:
	// saved after, they would count into the campaign forgotten.
	evs, err := d.flushPending(ctx, nil)
	d.emit(evs)
	if err != nil {
		d.logError("deliver: forgetting campaign "+quoted(campaign), err)
		return known
	}
	_, ok, err := st.Campaign(ctx, campaign)
	if err == nil && ok {
		known = true
		err = st.Forget(ctx, campaign)
	}
	if err != nil {
		d.logError("deliver: forgetting campaign "+quoted(campaign), err)
	}
	return known
}

// logError sends err to Logger, if any.
func (d *Deliverer) logError(msg string, err error) {
	if d.Logger != nil {
		d.Logger.LogAttrs(context.Background(), slog.LevelError, msg, slog.String("err", err.Error()))
	}
}

// maxQuoted bounds the bytes of an address or an id quoted in an error.
const maxQuoted = 256

// quoted returns s quoted as by %q (so that no CR, LF or other control
// character of an address or an id reaches a log line), cut to its first
// 256 bytes ("..." marks the cut).
func quoted(s string) string {
	if len(s) > maxQuoted {
		return strconv.Quote(s[:maxQuoted]) + "..."
	}
	return strconv.Quote(s)
}
