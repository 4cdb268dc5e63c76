package redisstate

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/deliver/internal/statepolicy"
	"github.com/bouncekit/bouncekit/suppress"
)

// DefaultPrefix is the key prefix when State.Prefix is empty.
const DefaultPrefix = "bouncekit:state:"

// DefaultIdleFor is how long an active campaign is kept without a Settle
// when State.IdleFor is 0.
const DefaultIdleFor = 30 * 24 * time.Hour

// opTTL is how long the key of an operation lives: longer than go-redis
// takes to send a call again after a lost reply (its retries, with their
// backoff and read timeouts, take seconds), and as long as a
// [deliver.GateSettler] must remember an Op.
const opTTL = deliver.OpFor

// keepThrottled is how long a throttled domain that gets no mail is kept
// past its pause and its next token.
const keepThrottled = 7 * 24 * time.Hour

// State is a [deliver.State] in Redis, shared by every Deliverer whose
// State uses the same server (or Cluster) and Prefix. Create it with [New]
// or as a struct literal with Client set; set the fields before the first
// call.
//
// A State is safe for concurrent use by multiple goroutines, and any
// number of processes may share a Prefix.
type State struct {
	// Client is the Redis client. Required. Set ContextTimeoutEnabled in
	// its options so that a context deadline bounds each call.
	Client redis.UniversalClient
	// Prefix starts every key; "" means DefaultPrefix. It must not
	// contain '{' or '}', which would change the hash tags.
	Prefix string
	// IdleFor is how long an active campaign's guard state is kept
	// without a Settle; 0 means DefaultIdleFor, -1 forever. Paused and
	// cancelled campaigns are kept until Forget.
	IdleFor time.Duration
	// Now returns the current time, by which Sent, SentTo and Handled
	// judge expiry and Settle computes the TTL of what it tracks; nil
	// means time.Now.
	Now func() time.Time

	once    sync.Once
	initErr error
	prefix  string
	idle    int64
	gateC   *redis.Script
	settleC *redis.Script
	gateD   *redis.Script
	settleD *redis.Script
	mark    *redis.Script
	refund  *redis.Script
	track   *redis.Script
	claim   *redis.Script
	release *redis.Script
}

// New returns a State that uses c with the default prefix.
func New(c redis.UniversalClient) *State { return &State{Client: c} }

var (
	_ deliver.State         = (*State)(nil)
	_ deliver.GateSettler   = (*State)(nil)
	_ deliver.ReportClaimer = (*State)(nil)
)

func (s *State) init() error {
	s.once.Do(func() {
		if s.Client == nil {
			s.initErr = errors.New("redisstate: State.Client is nil")
			return
		}
		s.prefix = s.Prefix
		if s.prefix == "" {
			s.prefix = DefaultPrefix
		}
		if strings.ContainsAny(s.prefix, "{}") {
			s.initErr = fmt.Errorf("redisstate: Prefix %q contains '{' or '}'", s.prefix)
			return
		}
		switch {
		case s.IdleFor == 0:
			s.idle = DefaultIdleFor.Milliseconds()
		case s.IdleFor > 0:
			s.idle = max(s.IdleFor.Milliseconds(), 1)
		}
		s.gateC = redis.NewScript(gateCampaignLua)
		s.settleC = redis.NewScript(settleCampaignLua)
		s.gateD = redis.NewScript(gateDomainLua)
		s.settleD = redis.NewScript(settleDomainLua)
		s.mark = redis.NewScript(markLua)
		s.refund = redis.NewScript(refundLua)
		s.track = redis.NewScript(trackLua)
		s.claim = redis.NewScript(claimLua)
		s.release = redis.NewScript(releaseLua)
	})
	return s.initErr
}

func (s *State) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// key returns the key of name in the keyspace kind (c campaign, d domain,
// m message, t recipient, h report), with its name as the hash tag:
// <prefix>{<kind>:<len(name)>:<name>}<suffix>. The length makes every key
// unique whatever the name holds; a '}' in a name ends the hash tag early,
// but at the same place for every key of that name.
func (s *State) key(kind byte, name string, suffix ...string) string {
	var b strings.Builder
	b.Grow(len(s.prefix) + len(name) + 16)
	b.WriteString(s.prefix)
	b.WriteByte('{')
	b.WriteByte(kind)
	b.WriteByte(':')
	b.WriteString(strconv.Itoa(len(name)))
	b.WriteByte(':')
	b.WriteString(name)
	b.WriteByte('}')
	for _, x := range suffix {
		b.WriteByte(':')
		b.WriteString(x)
	}
	return b.String()
}

// call is one script call of a pipeline.
type call struct {
	script *redis.Script
	keys   []string
	args   []any
	cmd    *redis.Cmd
	// gate is 'c' or 'd' for the call of a gate's campaign or domain,
	// whose operation id is args[2] and operation key keys[1]; 0 for
	// the others.
	gate byte
}

// run sends the calls, and the commands that extra adds, in one pipeline:
// one round trip. It returns the first error.
//
// When the server did not have the script of a call (after a restart, a
// failover or SCRIPT FLUSH), that call and every call after it are sent
// again in a second pipeline, in their order, with their source: a
// server that had the scripts of the later calls (a gate's) but not of
// the earlier ones (the settlements') ran those later calls first, out of
// order. Sent again, a call that had run counts nothing again (every
// script that changes something keeps its reply under its operation id);
// but a gate's call runs again as a new operation, to see the
// settlements before it, and a token its domain's call took the first
// time is given back first (refundLua). A campaign that the gate's first
// run resumed stays resumed (the reply still says so).
func (s *State) run(ctx context.Context, calls []*call, extra func(context.Context, redis.Pipeliner) []redis.Cmder) error {
	if len(calls) == 0 && extra == nil {
		return nil
	}
	if len(calls) == 1 && extra == nil {
		c := calls[0]
		c.cmd = c.script.Run(ctx, s.Client, c.keys, c.args...)
		return c.cmd.Err()
	}
	pipe := s.Client.Pipeline()
	for _, c := range calls {
		c.cmd = c.script.EvalSha(ctx, pipe, c.keys, c.args...)
	}
	var cmds []redis.Cmder
	if extra != nil {
		cmds = extra(ctx, pipe)
	}
	pipe.Exec(ctx) // the errors are in the commands
	first := slices.IndexFunc(calls, func(c *call) bool { return redis.HasErrorPrefix(c.cmd.Err(), "NOSCRIPT") })
	if first >= 0 {
		s.runAgain(ctx, calls[first:])
	}
	for _, c := range calls {
		if err := c.cmd.Err(); err != nil {
			return err
		}
	}
	for _, c := range cmds {
		if err := c.Err(); err != nil {
			return err
		}
	}
	return nil
}

// runAgain sends calls again, in order, with their source, in one
// pipeline (see run): the gates' calls that ran the first time as new
// operations, after giving back the tokens they took.
func (s *State) runAgain(ctx context.Context, calls []*call) {
	pipe := s.Client.Pipeline()
	resumed := make(map[*call]bool)
	for _, c := range calls {
		if c.gate == 0 || c.cmd.Err() != nil {
			continue
		}
		v := c.cmd.Val()
		reply, _ := v.(string)
		switch c.gate {
		case 'd':
			if f := strings.Split(reply, ","); len(f) == 3 {
				s.refund.Eval(ctx, pipe, []string{c.keys[0]}, f[1], f[2])
			}
		case 'c':
			resumed[c] = strings.HasSuffix(reply, ",R")
		}
		op := opID()
		c.keys = []string{c.keys[0], c.keys[0] + ":o:" + op}
		c.args = slices.Clone(c.args)
		c.args[2] = op
	}
	for _, c := range calls {
		c.cmd = c.script.Eval(ctx, pipe, c.keys, c.args...)
	}
	pipe.Exec(ctx)
	for c, r := range resumed {
		if v, err := c.cmd.Text(); r && err == nil && v != "" && !strings.HasSuffix(v, ",R") {
			c.cmd.SetVal(v[:strings.LastIndexByte(v, ',')+1] + "R")
		}
	}
}

func opID() string { return rand.Text() }

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMs(v float64) time.Time {
	if v <= 0 {
		return time.Time{}
	}
	return time.UnixMicro(int64(math.Round(v * 1000)))
}

func b01(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// distinct returns the distinct names of names with their counts, in
// order of first appearance.
func distinct(names []string) ([]string, map[string]int) {
	n := make(map[string]int, len(names))
	var out []string
	for _, x := range names {
		if n[x] == 0 {
			out = append(out, x)
		}
		n[x]++
	}
	return out, n
}

// Gate implements [deliver.State.Gate]: one script for the campaign and
// one for each distinct domain, in one pipeline. The domains' scripts take
// their tokens whatever the campaign's state; when the campaign turns out
// paused or cancelled (nothing is sent), a second round trip gives the
// tokens back, unless another caller took the next one meanwhile.
func (s *State) Gate(ctx context.Context, req deliver.GateRequest) (deliver.GateResult, error) {
	return s.gate(ctx, req, opID())
}

// gate is Gate as the operation op.
func (s *State) gate(ctx context.Context, req deliver.GateRequest, op string) (deliver.GateResult, error) {
	if err := s.init(); err != nil {
		return deliver.GateResult{}, err
	}
	g := s.planGate(req, op)
	if err := s.run(ctx, g.calls, nil); err != nil {
		return deliver.GateResult{}, fmt.Errorf("redisstate: gate %s: %w", what(req.Campaign, g.doms), err)
	}
	return s.finishGate(ctx, g)
}

// gatePlan is the calls of a gate, made by planGate and read by
// finishGate.
type gatePlan struct {
	req      deliver.GateRequest
	calls    []*call
	camp     *call   // the campaign's, or nil
	domCalls []*call // the domains', one per doms (none when the throttle is disabled)
	doms     []string
}

// planGate makes the calls of the gate req as the operation op.
func (s *State) planGate(req deliver.GateRequest, op string) *gatePlan {
	g := &gatePlan{req: req}
	now := ms(req.Now)
	if req.Campaign != "" {
		g.camp = &call{script: s.gateC, gate: 'c', keys: []string{s.key('c', req.Campaign), s.key('c', req.Campaign, "o", op)},
			args: []any{now, b01(req.Guard.Disabled), op, opTTL.Milliseconds(), s.idle}}
		g.calls = append(g.calls, g.camp)
	}
	var count map[string]int
	g.doms, count = distinct(req.Domains)
	if !req.Throttle.Disabled {
		g.domCalls = make([]*call, 0, len(g.doms))
		for _, d := range g.doms {
			c := &call{script: s.gateD, gate: 'd', keys: []string{s.key('d', d), s.key('d', d, "o", op)},
				args: []any{now, count[d], op, opTTL.Milliseconds()}}
			g.domCalls = append(g.domCalls, c)
			g.calls = append(g.calls, c)
		}
	}
	return g
}

// finishGate reads the replies of g's calls, and gives the domains'
// tokens back (a second round trip) when the campaign is held.
func (s *State) finishGate(ctx context.Context, g *gatePlan) (deliver.GateResult, error) {
	req := g.req
	res := deliver.GateResult{Allowed: make([]bool, len(req.Domains)), RetryAt: make([]time.Time, len(req.Domains))}
	held := false
	if g.camp != nil {
		st, flag, err := parseCampaign(g.camp.cmd)
		if err != nil {
			return deliver.GateResult{}, fmt.Errorf("redisstate: gate campaign %q: %w", req.Campaign, err)
		}
		res.Campaign, res.Resumed = st, flag == "R"
		held = st.State == deliver.CampaignPaused || st.State == deliver.CampaignCancelled
	}
	admitted := make(map[string]int, len(g.doms))
	retry := make(map[string]time.Time, len(g.doms))
	var refunds []*call
	for i, c := range g.domCalls {
		d := g.doms[i]
		v, err := c.cmd.Text()
		f := strings.Split(v, ",")
		var n int
		var at float64
		if err == nil && len(f) >= 2 {
			if n, err = strconv.Atoi(f[0]); err == nil {
				at, err = strconv.ParseFloat(f[1], 64)
			}
		} else if err == nil {
			err = errors.New("too few fields")
		}
		if err != nil {
			return deliver.GateResult{}, fmt.Errorf("redisstate: gate domain %q: bad script reply %q: %v", d, v, err)
		}
		admitted[d], retry[d] = n, fromMs(at)
		if held && len(f) == 3 {
			refunds = append(refunds, &call{script: s.refund, keys: []string{s.key('d', d)}, args: []any{f[1], f[2]}})
		}
	}
	if held {
		if err := s.run(ctx, refunds, nil); err != nil {
			return deliver.GateResult{}, fmt.Errorf("redisstate: gate campaign %q: giving tokens back: %w", req.Campaign, err)
		}
		return res, nil
	}
	for i, d := range req.Domains {
		if req.Throttle.Disabled || admitted[d] > 0 {
			res.Allowed[i] = true
			admitted[d]--
			continue
		}
		res.RetryAt[i] = retry[d]
	}
	return res, nil
}

// what names the campaign of a call, or its domains when it has none, for
// errors.
func what(campaign string, doms []string) string {
	if campaign != "" || len(doms) == 0 {
		return fmt.Sprintf("campaign %q", campaign)
	}
	return fmt.Sprintf("domains %q", doms)
}

// parseCampaign reads a campaign reply: "" (no campaign) or
// "st,pu,np,wa,wb,wc,ta,tb,tc,flag".
func parseCampaign(cmd *redis.Cmd) (deliver.CampaignStats, string, error) {
	v, err := cmd.Text()
	if err != nil {
		return deliver.CampaignStats{}, "", err
	}
	return parseStats(v)
}

func parseStats(v string) (deliver.CampaignStats, string, error) {
	var err error
	if v == "" {
		return deliver.CampaignStats{}, "", nil
	}
	f := strings.Split(v, ",")
	if len(f) != 10 {
		return deliver.CampaignStats{}, "", fmt.Errorf("bad script reply %q", v)
	}
	var n [8]int64
	for i := range n {
		if n[i], err = strconv.ParseInt(f[i+1], 10, 64); err != nil {
			return deliver.CampaignStats{}, "", fmt.Errorf("bad script reply %q", v)
		}
	}
	st := deliver.CampaignStats{State: deliver.CampaignState(f[0]), Pauses: int(n[1])}
	if n[0] > 0 {
		st.PausedUntil = time.UnixMilli(n[0])
	}
	st.Window.Attempted, st.Window.Bounced, st.Window.Complained = int(n[2]), int(n[3]), int(n[4])
	st.Attempted, st.Bounced, st.Complained = int(n[5]), int(n[6]), int(n[7])
	return st, f[9], nil
}

// Settle implements [deliver.State.Settle]: one script for the campaign,
// one for each distinct domain struck or relieved, and the tracked message
// and its recipients, in one pipeline. A Settle of a report marks it
// handled in the same pipeline, and strikes, relieves and tracks (which
// the Deliverer's reports do not do) in a second round trip, once the
// report is known not to be a duplicate.
//
// Each script keeps the id of the call under an operation key, so that a
// call that go-redis sends again after a lost reply counts once; the id
// is req.Op when set (see [State.GateSettle]), a random one otherwise.
// The operation key of a report is its own: the report is counted once
// per campaign and struck once per domain however often it is settled
// within ReportFor, even when an earlier Settle of it failed halfway.
func (s *State) Settle(ctx context.Context, req deliver.SettleRequest) (deliver.SettleResult, error) {
	op := req.Op
	if op == "" {
		op = opID()
	}
	return s.settle(ctx, req, op)
}

// settle is Settle as the operation op.
func (s *State) settle(ctx context.Context, req deliver.SettleRequest, op string) (deliver.SettleResult, error) {
	if err := s.init(); err != nil {
		return deliver.SettleResult{}, err
	}
	p, err := s.planSettle(req, op)
	if err != nil {
		return deliver.SettleResult{}, fmt.Errorf("redisstate: settle %s: %w", what(req.Campaign, nil), err)
	}
	if err := s.run(ctx, p.calls, p.extra); err != nil {
		return deliver.SettleResult{}, fmt.Errorf("redisstate: settle %s: %w", what(req.Campaign, p.doms), err)
	}
	res, err := p.result()
	if err != nil {
		return deliver.SettleResult{}, err
	}
	if p.report && !res.Duplicate {
		later, extra, err := s.planTracking(p.later, req)
		if err == nil {
			err = s.run(ctx, later, extra)
		}
		if err != nil {
			return deliver.SettleResult{}, fmt.Errorf("redisstate: settle report %q: %w", req.Report, err)
		}
	}
	return res, nil
}

// settlePlan is the calls of a settlement, made by planSettle and read by
// result.
type settlePlan struct {
	req        deliver.SettleRequest
	calls      []*call                                              // the first round trip's scripts
	extra      func(context.Context, redis.Pipeliner) []redis.Cmder // its other commands, or nil
	later      []*call                                              // a report's domains, once it is known not to be a duplicate
	camp, mark *call
	report     bool
	doms       []string
}

// planSettle makes the calls of the settlement req as the operation op.
// The tracking of a message goes with the first round trip, but with a
// report's later one.
func (s *State) planSettle(req deliver.SettleRequest, op string) (*settlePlan, error) {
	p := &settlePlan{req: req}
	now := ms(req.Now)
	opTag, opFor := []string{"o", op}, opTTL.Milliseconds()
	if req.Report != "" {
		until := req.Now.Add(statepolicy.Or(req.ReportFor, deliver.DefaultTrackFor))
		if ttl := until.Sub(s.now()).Milliseconds(); ttl > 0 {
			opTag, opFor, p.report = []string{"r", req.Report}, ttl, true
		}
	}
	if req.Campaign != "" {
		g := statepolicy.GuardOf(req.Guard)
		p.camp = &call{script: s.settleC, keys: []string{s.key('c', req.Campaign), s.key('c', req.Campaign, opTag...)},
			args: []any{now, req.Attempted, req.Bounced, req.Complained, op, opFor,
				b01(g.Disabled), g.BounceRate, g.ComplaintRate, g.MinSample, g.Pause.Milliseconds(), g.MaxPauses, s.idle}}
		p.calls = append(p.calls, p.camp)
	}
	if p.report {
		p.mark = &call{script: s.mark, keys: []string{s.key('h', req.Report)}, args: []any{op, opFor}}
		p.calls = append(p.calls, p.mark)
	}
	th := statepolicy.ThrottleOf(req.Throttle)
	_, relief := distinct(req.Relieve)
	var strikes map[string]int
	if !th.Disabled {
		_, strikes = distinct(req.Strike)
	}
	p.doms = make([]string, 0, len(relief)+len(strikes))
	for d := range relief {
		p.doms = append(p.doms, d)
	}
	for d := range strikes {
		if relief[d] == 0 {
			p.doms = append(p.doms, d)
		}
	}
	slices.Sort(p.doms)
	for _, d := range p.doms {
		c := &call{script: s.settleD, keys: []string{s.key('d', d), s.key('d', d, opTag...)},
			args: []any{now, relief[d], strikes[d], th.Pause.Milliseconds(), th.MaxPause.Milliseconds(), th.Rate,
				op, opFor, keepThrottled.Milliseconds()}}
		if p.report {
			p.later = append(p.later, c)
		} else {
			p.calls = append(p.calls, c)
		}
	}
	if !p.report {
		var err error
		if p.calls, p.extra, err = s.planTracking(p.calls, req); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// result reads the replies of p's first round trip.
func (p *settlePlan) result() (deliver.SettleResult, error) {
	var res deliver.SettleResult
	if p.camp != nil {
		st, flag, err := parseCampaign(p.camp.cmd)
		if err != nil {
			return deliver.SettleResult{}, fmt.Errorf("redisstate: settle campaign %q: %w", p.req.Campaign, err)
		}
		res.Campaign = st
		switch flag {
		case "D":
			res.Duplicate = true
		case string(deliver.CampaignPaused), string(deliver.CampaignCancelled):
			res.Changed = deliver.CampaignState(flag)
		}
	} else if p.mark != nil {
		v, err := p.mark.cmd.Int()
		if err != nil {
			return deliver.SettleResult{}, fmt.Errorf("redisstate: settle report %q: %w", p.req.Report, err)
		}
		res.Duplicate = v == 1
	}
	return res, nil
}

// GateSettle implements [deliver.GateSettler]: the scripts of every
// settlement of pending, in order, then those of the gate, all in one
// pipeline, one round trip (a second one when the campaign is held, as
// for Gate). Redis runs a connection's commands in order, and the scripts
// of one campaign or domain run on its one node of a Cluster (they share
// its hash tag), so the gate sees the settlements. Each settlement is the
// operation req.Op (a random one when it has none): a pipeline sent again
// after a failure applies each of its scripts once.
//
// A settlement of a report takes two round trips of its own (see Settle),
// before the rest.
func (s *State) GateSettle(ctx context.Context, pending []deliver.SettleRequest, req deliver.GateRequest) ([]deliver.SettleResult, deliver.GateResult, error) {
	if err := s.init(); err != nil {
		return nil, deliver.GateResult{}, err
	}
	out := make([]deliver.SettleResult, len(pending))
	plans := make([]*settlePlan, len(pending))
	var calls []*call
	var extras []func(context.Context, redis.Pipeliner) []redis.Cmder
	for i, r := range pending {
		op := r.Op
		if op == "" {
			op = opID()
		}
		if r.Report != "" {
			sr, err := s.settle(ctx, r, op)
			if err != nil {
				return nil, deliver.GateResult{}, err
			}
			out[i] = sr
			continue
		}
		p, err := s.planSettle(r, op)
		if err != nil {
			return nil, deliver.GateResult{}, fmt.Errorf("redisstate: settle %s: %w", what(r.Campaign, nil), err)
		}
		plans[i] = p
		calls = append(calls, p.calls...)
		if p.extra != nil {
			extras = append(extras, p.extra)
		}
	}
	var g *gatePlan
	if req.Campaign != "" || len(req.Domains) > 0 {
		g = s.planGate(req, opID())
		calls = append(calls, g.calls...)
	}
	var extra func(context.Context, redis.Pipeliner) []redis.Cmder
	if len(extras) > 0 {
		extra = func(ctx context.Context, pipe redis.Pipeliner) []redis.Cmder {
			var cmds []redis.Cmder
			for _, x := range extras {
				cmds = append(cmds, x(ctx, pipe)...)
			}
			return cmds
		}
	}
	if err := s.run(ctx, calls, extra); err != nil {
		if g != nil {
			return nil, deliver.GateResult{}, fmt.Errorf("redisstate: %d settlements and gate %s: %w", len(pending), what(req.Campaign, g.doms), err)
		}
		return nil, deliver.GateResult{}, fmt.Errorf("redisstate: %d settlements: %w", len(pending), err)
	}
	for i, p := range plans {
		if p == nil {
			continue
		}
		sr, err := p.result()
		if err != nil {
			return nil, deliver.GateResult{}, err
		}
		out[i] = sr
	}
	if g == nil {
		return out, deliver.GateResult{}, nil
	}
	gr, err := s.finishGate(ctx, g)
	if err != nil {
		return nil, deliver.GateResult{}, err
	}
	return out, gr, nil
}

// meta is what a message's hash holds besides its recipients, in JSON.
type meta struct {
	Campaign string `json:"c,omitempty"`
	Tenant   string `json:"t,omitempty"`
	List     string `json:"l,omitempty"`
	Sent     int64  `json:"s"` // Unix microseconds
	Until    int64  `json:"u"` // Unix milliseconds
}

// planTracking returns calls with the script that tracks req.Track, and
// the commands that index it under its recipients, for one pipeline: the
// script writes the message's hash (adding its recipients to those it
// had), and the commands its id under each recipient, with a TTL that
// ends TrackFor after req.Now. A message that has already expired by the
// State's clock, or none, adds nothing (extra is then nil).
func (s *State) planTracking(calls []*call, req deliver.SettleRequest) ([]*call, func(context.Context, redis.Pipeliner) []redis.Cmder, error) {
	m := req.Track
	if m == nil {
		return calls, nil, nil
	}
	until := req.Now.Add(statepolicy.Or(req.TrackFor, deliver.DefaultTrackFor))
	ttl := until.Sub(s.now())
	if ttl < time.Millisecond || m.ID == "" {
		return calls, nil, nil
	}
	md, err := json.Marshal(meta{Campaign: m.Campaign, Tenant: m.Scope.Tenant, List: m.Scope.List,
		Sent: m.Sent.UnixMicro(), Until: until.UnixMilli()})
	if err != nil {
		return nil, nil, err
	}
	rd, err := json.Marshal(m.Rcpts)
	if err != nil {
		return nil, nil, err
	}
	if m.Rcpts == nil {
		rd = []byte("[]")
	}
	calls = append(calls, &call{script: s.track, keys: []string{s.key('m', m.ID)},
		args: []any{md, rd, ttl.Milliseconds(), ms(req.Now), until.UnixMilli()}})
	return calls, func(ctx context.Context, pipe redis.Pipeliner) []redis.Cmder {
		cmds := make([]redis.Cmder, len(m.Rcpts))
		for i, r := range m.Rcpts {
			cmds[i] = pipe.Set(ctx, s.key('t', r), m.ID, ttl)
		}
		return cmds
	}, nil
}

// Sent implements [deliver.State.Sent] with one HMGET of the message's hash.
func (s *State) Sent(ctx context.Context, id string) (deliver.SentMessage, bool, error) {
	if err := s.init(); err != nil {
		return deliver.SentMessage{}, false, err
	}
	if id == "" {
		return deliver.SentMessage{}, false, nil
	}
	m, ok, err := s.sent(ctx, id)
	if err != nil {
		return deliver.SentMessage{}, false, fmt.Errorf("redisstate: sent %q: %w", id, err)
	}
	return m, ok, nil
}

func (s *State) sent(ctx context.Context, id string) (deliver.SentMessage, bool, error) {
	v, err := s.Client.HMGet(ctx, s.key('m', id), "m", "r").Result()
	if err != nil {
		return deliver.SentMessage{}, false, err
	}
	md, ok1 := v[0].(string)
	rd, ok2 := v[1].(string)
	if !ok1 || !ok2 {
		return deliver.SentMessage{}, false, nil
	}
	var m meta
	var rcpts []string
	if err := json.Unmarshal([]byte(md), &m); err != nil {
		return deliver.SentMessage{}, false, fmt.Errorf("bad record: %w", err)
	}
	if err := json.Unmarshal([]byte(rd), &rcpts); err != nil {
		return deliver.SentMessage{}, false, fmt.Errorf("bad record: %w", err)
	}
	if !s.now().Before(time.UnixMilli(m.Until)) {
		return deliver.SentMessage{}, false, nil
	}
	return deliver.SentMessage{ID: id, Campaign: m.Campaign, Scope: suppress.Scope{Tenant: m.Tenant, List: m.List},
		Rcpts: rcpts, Sent: time.UnixMicro(m.Sent)}, true, nil
}

// SentTo implements [deliver.State.SentTo] with a GET and an HMGET: the
// id of the last message tracked for rcpt, then the message.
func (s *State) SentTo(ctx context.Context, rcpt string) (deliver.SentMessage, bool, error) {
	if err := s.init(); err != nil {
		return deliver.SentMessage{}, false, err
	}
	id, err := s.Client.Get(ctx, s.key('t', rcpt)).Result()
	if errors.Is(err, redis.Nil) {
		return deliver.SentMessage{}, false, nil
	}
	if err != nil {
		return deliver.SentMessage{}, false, fmt.Errorf("redisstate: sent to %q: %w", rcpt, err)
	}
	m, ok, err := s.sent(ctx, id)
	if err != nil {
		return deliver.SentMessage{}, false, fmt.Errorf("redisstate: sent to %q: %w", rcpt, err)
	}
	return m, ok, nil
}

// Handled implements [deliver.State.Handled] with one EXISTS.
func (s *State) Handled(ctx context.Context, key string) (bool, error) {
	if err := s.init(); err != nil {
		return false, err
	}
	n, err := s.Client.Exists(ctx, s.key('h', key)).Result()
	if err != nil {
		return false, fmt.Errorf("redisstate: handled %q: %w", key, err)
	}
	return n == 1, nil
}

// Claim implements [deliver.ReportClaimer] with one script on the
// report's keys (its handled key and its claim key
// <Prefix>{h:<len>:<report>}:c, which share a hash tag): it refuses a
// handled report, and a claim of another holder whose end (now + ttl of
// its request, kept in the claim) is after now; otherwise it sets the
// claim, SET … PX ttl, so that the server forgets it once it is over.
func (s *State) Claim(ctx context.Context, key, holder string, ttl time.Duration, now time.Time) (bool, error) {
	if err := s.init(); err != nil {
		return false, err
	}
	c := &call{script: s.claim, keys: []string{s.key('h', key), s.key('h', key, "c")},
		args: []any{holder, ms(now), ms(now.Add(ttl)), max(ttl.Milliseconds(), 1)}}
	if err := s.run(ctx, []*call{c}, nil); err != nil {
		return false, fmt.Errorf("redisstate: claim report %q: %w", key, err)
	}
	v, err := c.cmd.Int()
	if err != nil {
		return false, fmt.Errorf("redisstate: claim report %q: %w", key, err)
	}
	return v == 1, nil
}

// Release implements [deliver.ReportClaimer] with one script on the
// claim's key: it deletes it if it is holder's.
func (s *State) Release(ctx context.Context, key, holder string) error {
	if err := s.init(); err != nil {
		return err
	}
	c := &call{script: s.release, keys: []string{s.key('h', key, "c")}, args: []any{holder}}
	if err := s.run(ctx, []*call{c}, nil); err != nil {
		return fmt.Errorf("redisstate: release report %q: %w", key, err)
	}
	return nil
}

// Campaign implements [deliver.State.Campaign] with one HMGET. A paused
// campaign whose pause is over reads paused until a Gate resumes it.
func (s *State) Campaign(ctx context.Context, name string) (deliver.CampaignStats, bool, error) {
	if err := s.init(); err != nil {
		return deliver.CampaignStats{}, false, err
	}
	if name == "" {
		return deliver.CampaignStats{}, false, nil
	}
	v, err := s.Client.HMGet(ctx, s.key('c', name), "st", "pu", "np", "wa", "wb", "wc", "ta", "tb", "tc").Result()
	if err != nil {
		return deliver.CampaignStats{}, false, fmt.Errorf("redisstate: campaign %q: %w", name, err)
	}
	if len(v) != 9 || v[0] == nil {
		return deliver.CampaignStats{}, false, nil
	}
	f := make([]string, 10)
	for i, x := range v {
		f[i], _ = x.(string)
		if i > 0 && f[i] == "" {
			f[i] = "0"
		}
	}
	st, _, err := parseStats(strings.Join(f, ","))
	if err != nil {
		return deliver.CampaignStats{}, false, fmt.Errorf("redisstate: campaign %q: %w", name, err)
	}
	return st, true, nil
}

// Forget implements [deliver.State.Forget] with one DEL.
func (s *State) Forget(ctx context.Context, name string) error {
	if err := s.init(); err != nil {
		return err
	}
	if err := s.Client.Del(ctx, s.key('c', name)).Err(); err != nil {
		return fmt.Errorf("redisstate: forget %q: %w", name, err)
	}
	return nil
}
