package deliver

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/bouncekit/bouncekit/suppress"
)

// DefaultTrackFor is how long a sent message and a handled report are
// remembered when nothing else is said ([Deliverer.TrackFor],
// SettleRequest.TrackFor and ReportFor 0): the 72 hours a sender retries
// (Backoff.MaxAge), plus the days a bounce or a complaint takes to come
// back (a remote MTA retries for up to 5 days before it gives up and
// reports, RFC 5321 §4.5.4.1).
const DefaultTrackFor = 7 * 24 * time.Hour

// defaultTrack is the default number of sent messages and of handled
// reports that a MemoryState keeps.
const defaultTrack = 100_000

// MemoryState is a [State] kept in the memory of one process. It is what a
// [Deliverer] whose State field is nil uses, configured from its Track,
// MaxCampaigns and Now fields; give several Deliverers of one process the
// same MemoryState and they share one guard, one throttle and one tracking.
// It cannot be shared between processes: for several sending nodes, use a
// State backed by a server they all reach (packages redisstate, pgstate).
//
// What it keeps is bounded: MaxCampaigns campaigns (paused and cancelled
// ones are kept until Forget), MaxSent sent messages and MaxReports report
// keys, each also forgotten once its age passes SettleRequest.TrackFor or
// ReportFor. A throttled domain is kept, as by the Deliverer before, until
// deliveries take its strikes away ([Throttle]); only domains that
// answered a rate-limit reply are kept at all.
//
// The zero value is ready to use. A MemoryState is safe for concurrent use
// by multiple goroutines; it never fails, so its methods always return a
// nil error.
type MemoryState struct {
	// MaxSent bounds the number of sent messages tracked for the
	// correlation of reports (Sent, SentTo); the oldest go first. 0 means
	// 100 000, -1 none (no report is then correlated).
	MaxSent int
	// MaxReports bounds the number of handled report keys kept (Handled),
	// and apart the number of settlement Ops (SettleRequest.Op, kept for
	// OpFor); the oldest go first. 0 means 100 000, -1 none.
	MaxReports int
	// MaxCampaigns bounds the number of campaigns kept, as
	// Deliverer.MaxCampaigns does: when a new one passes it, the active
	// campaigns that went longest without a Gate or a Settle are
	// forgotten, an eighth at a time. 0 means 10 000, -1 no limit.
	MaxCampaigns int
	// Now returns the current time, against which Sent, SentTo and Handled
	// check the age of what they find (Gate and Settle take the time of
	// their request); nil means time.Now.
	Now func() time.Time

	mu        sync.Mutex
	uses      uint64 // counts the uses of campaigns, to find the least recent
	campaigns map[string]*campaignState
	domains   map[string]*throttled // only throttled domains
	sent      sentSet
	reports   keySet
	ops       keySet // the Ops of the settlements applied, with their Changed
	claims    map[string]reportClaim
	sweepAt   int // the number of claims at which the expired ones are swept
}

// reportClaim is a claim of a report key (see [ReportClaimer]).
type reportClaim struct {
	holder string
	until  time.Time
}

var (
	_ State         = (*MemoryState)(nil)
	_ GateSettler   = (*MemoryState)(nil)
	_ ReportClaimer = (*MemoryState)(nil)
)

// lazyInit makes the maps; called with m.mu held.
func (m *MemoryState) lazyInit() {
	if m.campaigns == nil {
		m.campaigns = make(map[string]*campaignState)
		m.domains = make(map[string]*throttled)
	}
}

func (m *MemoryState) now() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}

// bound returns the bound of a MaxSent or MaxReports field: 0 for none.
func bound(n int) int {
	switch {
	case n == 0:
		return defaultTrack
	case n < 0:
		return 0
	}
	return n
}

// campaign returns the state of a campaign, made if needed, and marks it
// used; called with m.mu held. Making one may forget others.
func (m *MemoryState) campaign(name string) *campaignState {
	m.uses++
	s := m.campaigns[name]
	if s == nil {
		s = &campaignState{CampaignStats: CampaignStats{State: CampaignActive}, used: m.uses}
		m.campaigns[name] = s
		trim(m.campaigns, limit(m.MaxCampaigns), func(s *campaignState) (uint64, bool) {
			return s.used, s.State == CampaignActive
		})
	}
	s.used = m.uses
	return s
}

// Gate implements [State]: it resumes the campaign whose pause is over
// ([Guard]), and takes a token of each throttled domain ([Throttle]). The
// recipients of a paused or cancelled campaign are not allowed, and take
// no token.
func (m *MemoryState) Gate(ctx context.Context, req GateRequest) (GateResult, error) {
	res := GateResult{Allowed: make([]bool, len(req.Domains)), RetryAt: make([]time.Time, len(req.Domains))}
	res.Campaign, res.Resumed = m.gate(req.Campaign, req.Domains, req.Guard, req.Throttle, req.Now, res.Allowed, res.RetryAt)
	return res, nil
}

// gate is Gate writing into allowed and retry, each as long as domains,
// without allocating: the Deliverer's fast path. The request comes in
// parts, so that none of the caller's buffers escapes (escape analysis
// does not tell the fields of a struct apart).
func (m *MemoryState) gate(campaign string, domains []string, g Guard, thr Throttle, now time.Time, allowed []bool, retry []time.Time) (c CampaignStats, resumed bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.lazyInit()
	held := false
	if campaign != "" {
		s := m.campaign(campaign)
		if !g.Disabled && g.tick(&s.CampaignStats, now) {
			resumed = true
		}
		c = s.CampaignStats
		held = s.State == CampaignPaused || s.State == CampaignCancelled
	}
	for i, dom := range domains {
		allowed[i], retry[i] = !held, time.Time{}
		if held || thr.Disabled {
			continue
		}
		if t := m.domains[dom]; t != nil {
			if ok, at := thr.allow(t, now); !ok {
				allowed[i], retry[i] = false, at
			}
		}
	}
	return c, resumed
}

// Settle implements [State]. The domains of Relieve lose a strike each
// before those of Strike strike, so that a send that had both a delivery
// and a rate-limit reply for a domain leaves it throttled.
func (m *MemoryState) Settle(ctx context.Context, req SettleRequest) (SettleResult, error) {
	var t settleTrack
	if req.Track != nil {
		t = settleTrack{req.Track.ID, req.Track.Campaign, req.Track.Scope, req.Track.Sent, req.TrackFor}
		return m.settle(&req, req.Strike, req.Relieve, &t, req.Track.Rcpts), nil
	}
	return m.settle(&req, req.Strike, req.Relieve, nil, nil), nil
}

// settleTrack is the sent message of a settlement, without its recipients.
type settleTrack struct {
	id, campaign string
	scope        suppress.Scope
	sent         time.Time
	trackFor     time.Duration
}

// settle is Settle, with the slices of the request passed apart so that
// the caller's buffers for them do not escape; req.Strike, req.Relieve and
// req.Track are not read. Nothing is kept of req, t or the slices.
func (m *MemoryState) settle(req *SettleRequest, strike, relieve []string, t *settleTrack, rcpts []string) SettleResult {
	var applied time.Time // when an Op is applied, by the State's clock
	if req.Op != "" {
		applied = m.now()
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.lazyInit()
	var res SettleResult
	now := req.Now
	if req.Op != "" && m.ops.has(req.Op, now) {
		res.Changed = m.ops.val[req.Op]
		if s := m.campaigns[req.Campaign]; s != nil {
			res.Campaign = s.CampaignStats
		}
		return res
	}
	if req.Report != "" {
		if m.reports.has(req.Report, now) {
			res.Duplicate = true
			if s := m.campaigns[req.Campaign]; s != nil {
				res.Campaign = s.CampaignStats
			}
			return res
		}
		m.reports.add(req.Report, now.Add(durOr(req.ReportFor, DefaultTrackFor)), now, bound(m.MaxReports))
		delete(m.claims, req.Report) // handled for good
	}
	for _, dom := range relieve {
		if t := m.domains[dom]; t != nil {
			t.strikes--
			if t.strikes <= 0 {
				delete(m.domains, dom)
			}
		}
	}
	if !req.Throttle.Disabled {
		for _, dom := range strike {
			t := m.domains[dom]
			if t == nil {
				t = &throttled{}
				m.domains[dom] = t
			}
			req.Throttle.strike(t, now)
		}
	}
	if t != nil && t.id != "" {
		m.sent.add(t, rcpts, now.Add(durOr(t.trackFor, DefaultTrackFor)), now, bound(m.MaxSent))
	}
	if req.Campaign != "" {
		s := m.campaign(req.Campaign)
		s.Window.Attempted += req.Attempted
		s.Window.Bounced += req.Bounced
		s.Window.Complained += req.Complained
		s.Attempted += req.Attempted
		s.Bounced += req.Bounced
		s.Complained += req.Complained
		switch st := req.Guard.judge(&s.CampaignStats, now); st {
		case CampaignPaused, CampaignCancelled:
			res.Changed = st
		}
		res.Campaign = s.CampaignStats
	}
	if req.Op != "" {
		// Kept for OpFor from now, or from the request's Now when it is
		// later: a settlement deferred for longer than OpFor (its Now is
		// its send's) is remembered as long as one applied at once.
		m.ops.add(req.Op, latest(now, applied).Add(OpFor), now, bound(m.MaxReports))
		if m.ops.val == nil {
			m.ops.val = make(map[string]CampaignState)
		}
		if res.Changed != "" {
			m.ops.val[req.Op] = res.Changed
		} else {
			delete(m.ops.val, req.Op)
		}
	}
	return res
}

// GateSettle implements [GateSettler]: the settlements, then the gate,
// each under the lock, so another caller may come between them (a
// MemoryState is in the same process: there is no round trip to save).
func (m *MemoryState) GateSettle(ctx context.Context, pending []SettleRequest, req GateRequest) ([]SettleResult, GateResult, error) {
	out := make([]SettleResult, len(pending))
	for i := range pending {
		out[i], _ = m.Settle(ctx, pending[i])
	}
	if req.Campaign == "" && len(req.Domains) == 0 {
		return out, GateResult{}, nil
	}
	g, _ := m.Gate(ctx, req)
	return out, g, nil
}

// Sent implements [State].
func (m *MemoryState) Sent(ctx context.Context, id string) (SentMessage, bool, error) {
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	e := m.sent.get(id, now)
	if e == nil {
		return SentMessage{}, false, nil
	}
	sm := e.SentMessage
	sm.Rcpts = slices.Clone(sm.Rcpts)
	return sm, true, nil
}

// SentTo implements [State]; rcpt is compared in its normal form (see
// [SentMessage]).
func (m *MemoryState) SentTo(ctx context.Context, rcpt string) (SentMessage, bool, error) {
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	id, ok := m.sent.byRcpt[rcpt]
	if !ok {
		return SentMessage{}, false, nil
	}
	e := m.sent.get(id, now)
	if e == nil {
		return SentMessage{}, false, nil
	}
	sm := e.SentMessage
	sm.Rcpts = slices.Clone(sm.Rcpts)
	return sm, true, nil
}

// Handled implements [State].
func (m *MemoryState) Handled(ctx context.Context, key string) (bool, error) {
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.reports.has(key, now), nil
}

// Claim implements [ReportClaimer], by the time of the request: the key
// is refused when it was settled and has not expired at now, or when
// another holder's claim lasts past now. The claims are kept until they
// are released, their report is settled, or they expire (swept as new
// ones come), so they take room only while reports are being recorded.
func (m *MemoryState) Claim(ctx context.Context, key, holder string, ttl time.Duration, now time.Time) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.reports.has(key, now) {
		return false, nil
	}
	if c, ok := m.claims[key]; ok && c.holder != holder && now.Before(c.until) {
		return false, nil
	}
	if m.claims == nil {
		m.claims = make(map[string]reportClaim)
	}
	if len(m.claims) >= max(m.sweepAt, 64) {
		for k, c := range m.claims {
			if !now.Before(c.until) {
				delete(m.claims, k)
			}
		}
		m.sweepAt = 2 * len(m.claims)
	}
	m.claims[key] = reportClaim{holder: holder, until: now.Add(ttl)}
	return true, nil
}

// Release implements [ReportClaimer].
func (m *MemoryState) Release(ctx context.Context, key, holder string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if c, ok := m.claims[key]; ok && c.holder == holder {
		delete(m.claims, key)
	}
	return nil
}

// Campaign implements [State]. The counters of the CampaignStats it
// returns are those it is told in Settle: Attempted, Bounced and
// Complained; the others are zero.
func (m *MemoryState) Campaign(ctx context.Context, name string) (CampaignStats, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := m.campaigns[name]
	if s == nil {
		return CampaignStats{}, false, nil
	}
	return s.CampaignStats, true, nil
}

// Forget implements [State].
func (m *MemoryState) Forget(ctx context.Context, name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.campaigns, name)
	return nil
}

// sentSet keeps sent messages by id, oldest first out, and the last
// message sent to each recipient.
type sentSet struct {
	byID   map[string]*sentEntry
	byRcpt map[string]string // recipient → id of the last message sent to it
	order  fifo              // ids, in the order they were first added
}

type sentEntry struct {
	SentMessage
	until time.Time
	// set holds the Rcpts once they are more than smallRcpts, so that
	// adding n recipients costs O(n), not O(n²) under the lock.
	set map[string]struct{}
}

// smallRcpts is the number of recipients of a sent message looked up in
// its list; past it, in a set.
const smallRcpts = 16

// has reports whether r is one of e's recipients.
func (e *sentEntry) has(r string) bool {
	if e.set != nil {
		_, ok := e.set[r]
		return ok
	}
	return slices.Contains(e.Rcpts, r)
}

// addRcpt adds r to e's recipients, which do not hold it.
func (e *sentEntry) addRcpt(r string) {
	e.Rcpts = append(e.Rcpts, r)
	switch {
	case e.set != nil:
		e.set[r] = struct{}{}
	case len(e.Rcpts) > smallRcpts:
		e.set = make(map[string]struct{}, 2*len(e.Rcpts))
		for _, x := range e.Rcpts {
			e.set[x] = struct{}{}
		}
	}
}

// get returns the entry of id, nil when there is none or it expired.
func (s *sentSet) get(id string, now time.Time) *sentEntry {
	e := s.byID[id]
	if e == nil || !now.Before(e.until) {
		return nil
	}
	return e
}

// add tracks m until until, keeping at most most messages. A message
// already tracked keeps its place and gains the recipients of m (a retry
// sends to some of them again). m is not kept.
func (s *sentSet) add(m *settleTrack, rcpts []string, until, now time.Time, most int) {
	if most <= 0 {
		return
	}
	if s.byID == nil {
		s.byID = make(map[string]*sentEntry)
		s.byRcpt = make(map[string]string)
	}
	e := s.byID[m.id]
	if e == nil {
		// Make room: the oldest go when full, and any expired ones at the
		// head (entries are added roughly in expiry order).
		for s.order.n > 0 {
			old := s.byID[s.order.peek()]
			if s.order.n < most && old != nil && now.Before(old.until) {
				break
			}
			s.drop(s.order.pop())
		}
		e = &sentEntry{SentMessage: SentMessage{ID: m.id}}
		s.byID[m.id] = e
		s.order.push(m.id, most)
	} else if !now.Before(e.until) {
		s.unindex(e)
		e.Rcpts, e.set = nil, nil
	}
	e.Campaign, e.Scope, e.Sent, e.until = m.campaign, m.scope, m.sent, until
	for _, r := range rcpts {
		if !e.has(r) {
			e.addRcpt(r)
		}
		if s.byRcpt[r] != e.ID {
			s.byRcpt[r] = e.ID
		}
	}
}

// drop forgets the message id.
func (s *sentSet) drop(id string) {
	if e := s.byID[id]; e != nil {
		s.unindex(e)
		delete(s.byID, id)
	}
}

// unindex removes the recipients of e from byRcpt where e is their last
// message.
func (s *sentSet) unindex(e *sentEntry) {
	for _, r := range e.Rcpts {
		if s.byRcpt[r] == e.ID {
			delete(s.byRcpt, r)
		}
	}
}

// keySet keeps keys until they expire, at most a bound of them, oldest first
// out.
type keySet struct {
	until map[string]time.Time
	val   map[string]CampaignState // a value of some keys (the Changed of an Op), when not nil
	order fifo
}

func (k *keySet) has(key string, now time.Time) bool {
	t, ok := k.until[key]
	return ok && now.Before(t)
}

func (k *keySet) add(key string, until, now time.Time, most int) {
	if most <= 0 {
		return
	}
	if k.until == nil {
		k.until = make(map[string]time.Time)
	}
	if _, ok := k.until[key]; ok {
		k.until[key] = until
		return
	}
	for k.order.n > 0 {
		t, ok := k.until[k.order.peek()]
		if k.order.n < most && ok && now.Before(t) {
			break
		}
		old := k.order.pop()
		delete(k.until, old)
		delete(k.val, old)
	}
	k.until[key] = until
	k.order.push(key, most)
}

// fifo is a queue of strings in a ring buffer that grows up to the bound
// given to push.
type fifo struct {
	buf     []string
	head, n int
}

func (q *fifo) peek() string { return q.buf[q.head] }

func (q *fifo) pop() string {
	s := q.buf[q.head]
	q.buf[q.head] = ""
	q.head = (q.head + 1) % len(q.buf)
	q.n--
	return s
}

// push adds s at the tail; the caller has made room (q.n < most).
func (q *fifo) push(s string, most int) {
	if q.n == len(q.buf) {
		nb := make([]string, min(max(2*len(q.buf), 64), most))
		for i := range q.n {
			nb[i] = q.buf[(q.head+i)%len(q.buf)]
		}
		q.buf, q.head = nb, 0
	}
	q.buf[(q.head+q.n)%len(q.buf)] = s
	q.n++
}

// latest returns the later of a and b.
func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
