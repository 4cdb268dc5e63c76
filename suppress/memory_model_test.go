package suppress_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/suppress"
)

// model is a reference Store for Memory's tests: one mutex and one map,
// int64 times, written from the Store documentation and nothing else.
type model struct {
	p    suppress.Policy // with defaults
	mu   sync.Mutex
	recs map[modelKey]*modelRec
}

type modelKey struct {
	addr  string
	scope suppress.Scope
}

type modelRec struct {
	kind      suppress.Kind // "" when only soft bounces are counted
	reason    bounce.Reason
	since     int64
	until     int64 // 0: permanent
	step      int
	attempts  int
	soft      int
	softSince int64
}

const modelMaxAttempts = 1<<31 - 1

func newModel(p suppress.Policy) *model {
	return &model{p: p.WithDefaults(), recs: make(map[modelKey]*modelRec)}
}

func (m *model) dur(step int) int64 { return int64(m.p.Lease.Duration(step) / time.Second) }

// settle ends an expired lease and soft-bounce run and reports whether
// anything is left.
func (m *model) settle(r *modelRec, t int64) bool {
	if r.kind != "" && r.until != 0 && t >= r.until {
		r.kind, r.reason, r.since, r.until, r.step, r.attempts = "", "", 0, 0, 0, 0
	}
	if r.soft != 0 && t-r.softSince >= int64(m.p.SoftWindow/time.Second) {
		r.soft, r.softSince = 0, 0
	}
	return r.kind != "" || r.soft != 0
}

func (m *model) entry(k modelKey, r *modelRec) suppress.Entry {
	e := suppress.Entry{Addr: k.addr, Scope: k.scope, Kind: r.kind, Reason: r.reason, Since: time.Unix(r.since, 0).UTC(), Step: r.step, Attempts: r.attempts}
	if r.until != 0 {
		e.Until = time.Unix(r.until, 0).UTC()
	}
	return e
}

// scopes returns the scopes a check in sc consults, in Memory's order.
func scopes(sc suppress.Scope) []suppress.Scope {
	out := []suppress.Scope{suppress.Global}
	if sc.Tenant != "" {
		out = append(out, suppress.Scope{Tenant: sc.Tenant})
	}
	if sc.List != "" {
		out = append(out, sc)
	}
	return out
}

func (m *model) Allow(addr string, sc suppress.Scope, now time.Time) (suppress.Decision, error) {
	a, err := m.p.Normalize(addr)
	if err != nil {
		return suppress.Decision{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	t := now.Unix()
	d := suppress.Decision{Allowed: true}
	for _, s := range scopes(sc) {
		k := modelKey{a, s}
		r, ok := m.recs[k]
		if !ok {
			continue
		}
		if !m.settle(r, t) {
			delete(m.recs, k)
			continue
		}
		if r.kind == "" {
			continue
		}
		r.attempts = min(r.attempts+1, modelMaxAttempts)
		if r.until != 0 {
			r.step = min(r.step+1, m.p.Lease.Last())
			r.until = t + m.dur(r.step)
		}
		if d.Allowed {
			d = suppress.Decision{Entry: m.entry(k, r)}
		}
	}
	return d, nil
}

func (m *model) hard(r *modelRec, t int64, k suppress.Kind, reason bounce.Reason) {
	r.soft, r.softSince = 0, 0
	switch {
	case r.kind != "" && r.until == 0:
	case r.kind != "":
		r.until = max(r.until, t+m.dur(r.step))
	default:
		*r = modelRec{kind: k, reason: reason, since: t, until: t + m.dur(0)}
	}
}

func (m *model) permanent(r *modelRec, t int64, k suppress.Kind, reason bounce.Reason) {
	if r.kind != "" && r.until == 0 {
		return
	}
	*r = modelRec{kind: k, reason: reason, since: t}
}

func (m *model) Record(ev suppress.Event, now time.Time) (suppress.Decision, error) {
	a, err := m.p.Normalize(ev.Addr)
	if err != nil {
		return suppress.Decision{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	t := now.Unix()
	k := modelKey{a, ev.Scope}
	r := m.recs[k]
	if r == nil {
		r = new(modelRec)
	}
	m.settle(r, t)
	switch ev.Outcome {
	case suppress.Bounced:
		switch ev.Result.Category {
		case bounce.Hard:
			m.hard(r, t, suppress.Bounce, ev.Result.Reason)
		case bounce.Soft:
			if m.p.SoftLimit > 0 {
				if r.soft == 0 {
					r.softSince = t
				}
				r.soft++
				if r.soft >= m.p.SoftLimit {
					m.hard(r, t, suppress.SoftBounce, ev.Result.Reason)
				}
			}
		}
	case suppress.Delivered:
		r.soft, r.softSince = 0, 0
	case suppress.Complained:
		reason := ev.Result.Reason
		if reason == "" {
			reason = bounce.ReasonFeedback
		}
		m.permanent(r, t, suppress.Complaint, reason)
	case suppress.Unsubscribed:
		m.permanent(r, t, suppress.Unsubscribe, ev.Result.Reason)
	case suppress.Suppressed:
		m.permanent(r, t, suppress.Manual, ev.Result.Reason)
	}
	if r.kind == "" && r.soft == 0 {
		delete(m.recs, k)
	} else {
		m.recs[k] = r
	}
	if r.kind == "" {
		return suppress.Decision{Allowed: true}, nil
	}
	return suppress.Decision{Entry: m.entry(k, r)}, nil
}

// Remove returns the record's kind before removal and whether its lease had
// ended by now: Memory may or may not have expired such a lease lazily.
func (m *model) Remove(addr string, sc suppress.Scope, now time.Time) (had, ended bool) {
	a, _ := m.p.Normalize(addr)
	m.mu.Lock()
	defer m.mu.Unlock()
	k := modelKey{a, sc}
	r, ok := m.recs[k]
	delete(m.recs, k)
	if !ok || r.kind == "" {
		return false, false
	}
	return true, r.until != 0 && now.Unix() >= r.until
}

func (m *model) Get(addr string, sc suppress.Scope, now time.Time) (suppress.Entry, bool) {
	a, _ := m.p.Normalize(addr)
	m.mu.Lock()
	defer m.mu.Unlock()
	k := modelKey{a, sc}
	r, ok := m.recs[k]
	if !ok {
		return suppress.Entry{}, false
	}
	c := *r
	if m.settle(&c, now.Unix()); c.kind == "" {
		return suppress.Entry{}, false
	}
	return m.entry(k, &c), true
}

func (m *model) Add(e suppress.Entry, now time.Time) {
	a, _ := m.p.Normalize(e.Addr)
	m.mu.Lock()
	defer m.mu.Unlock()
	t := now.Unix()
	if !e.Until.IsZero() && e.Until.Unix() <= t {
		return
	}
	r := &modelRec{kind: e.Kind, reason: e.Reason, since: e.Since.Unix(), step: max(0, min(e.Step, m.p.Lease.Last())), attempts: max(0, min(e.Attempts, modelMaxAttempts))}
	if e.Since.IsZero() {
		r.since = t
	}
	if !e.Until.IsZero() {
		r.until = e.Until.Unix()
	}
	k := modelKey{a, e.Scope}
	if old, ok := m.recs[k]; ok && m.settle(old, t) {
		r.soft, r.softSince = old.soft, old.softSince
	}
	m.recs[k] = r
}

func (m *model) Sweep(now time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for k, r := range m.recs {
		if !m.settle(r, now.Unix()) {
			delete(m.recs, k)
		}
	}
}

// modelInputs are the addresses and scopes of the model test: a few
// addresses, some given in other forms, so that every scope of an address
// and every input form is hit often.
var (
	modelAddrs = []string{
		"a@example.com", "B@Example.com", "b@example.com", " a@EXAMPLE.com ",
		"c@xn--bcher-kva.example", "c@Bücher.example", "d@example.org",
	}
	modelScopes = []suppress.Scope{
		suppress.Global, {Tenant: "acme"}, {Tenant: "acme", List: "news"}, {List: "news"}, {Tenant: "beta"}, {Tenant: "beta", List: "news"},
	}
	modelReasons = []bounce.Reason{"", bounce.ReasonUserUnknown, bounce.ReasonMailboxFull, bounce.ReasonFeedback}
	modelKinds   = []suppress.Kind{suppress.Bounce, suppress.SoftBounce, suppress.Complaint, suppress.Unsubscribe, suppress.Manual}
)

// TestMemoryModel runs random operations on Memory and on the reference
// model and compares every answer: the lock-free paths (CAS on the state
// word, frozen nodes, nodes rewritten in place or replaced, tombstones,
// table and filter rebuilds) must not change what the Store returns.
func TestMemoryModel(t *testing.T) {
	policies := []struct {
		name string
		p    suppress.Policy
	}{
		{"default", suppress.Policy{}},
		{"short steps", suppress.Policy{Lease: suppress.Lease{Steps: []time.Duration{time.Hour, 2 * time.Hour, 4 * time.Hour}}, SoftLimit: 3, SoftWindow: 6 * time.Hour}},
		{"one step", suppress.Policy{Lease: suppress.Lease{Steps: []time.Duration{30 * time.Minute}}, SoftLimit: 2, SoftWindow: time.Hour}},
	}
	for _, pc := range policies {
		for _, shards := range []int{1, 4} {
			for seed := range uint64(3) {
				t.Run(fmt.Sprintf("%s/shards=%d/seed=%d", pc.name, shards, seed), func(t *testing.T) {
					runModel(t, pc.p, shards, seed, 2500)
				})
			}
		}
	}
}

func runModel(t *testing.T, p suppress.Policy, shards int, seed uint64, ops int) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, uint64(shards)))
	mem := &suppress.Memory{Policy: p, Shards: shards}
	ref := newModel(p)
	now := t0
	pick := func() (string, suppress.Scope) {
		return modelAddrs[rng.IntN(len(modelAddrs))], modelScopes[rng.IntN(len(modelScopes))]
	}
	// Unrelated addresses in the same shards grow and shrink the tables and
	// the filters, and let the insert's sample expire records lazily.
	churn := func() string {
		return "churn" + string(rune('a'+rng.IntN(26))) + string(rune('a'+rng.IntN(26))) + "@example.net"
	}
	for i := range ops {
		switch r := rng.IntN(100); {
		case r < 10: // time passes: minutes to days
			steps := []time.Duration{time.Second, time.Minute, 17 * time.Minute, time.Hour, 5 * time.Hour, 25 * time.Hour, 4 * 24 * time.Hour}
			now = now.Add(steps[rng.IntN(len(steps))])
		case r < 45:
			a, sc := pick()
			got, err := mem.Allow(ctx, a, sc, now)
			want, _ := ref.Allow(a, sc, now)
			if err != nil || got != want {
				t.Fatalf("op %d: Allow(%q, %v, %v)\n got %+v, %v\nwant %+v", i, a, sc, now, got, err, want)
			}
		case r < 70:
			a, sc := pick()
			ev := suppress.Event{Addr: a, Scope: sc}
			switch rng.IntN(8) {
			case 0, 1, 2:
				ev.Outcome, ev.Result = suppress.Bounced, bounce.Result{Category: bounce.Soft, Reason: bounce.ReasonMailboxFull}
			case 3:
				ev.Outcome, ev.Result = suppress.Bounced, bounce.Result{Category: bounce.Hard, Reason: modelReasons[rng.IntN(len(modelReasons))]}
			case 4:
				ev.Outcome = suppress.Delivered
			case 5:
				ev.Outcome = suppress.Complained
			case 6:
				ev.Outcome = suppress.Unsubscribed
			case 7:
				ev.Outcome, ev.Result = suppress.Bounced, bounce.Result{Category: bounce.Spam}
			}
			got, err := mem.Record(ctx, ev, now)
			want, _ := ref.Record(ev, now)
			if err != nil || got != want {
				t.Fatalf("op %d: Record(%+v, %v)\n got %+v, %v\nwant %+v", i, ev, now, got, err, want)
			}
		case r < 77:
			a, sc := pick()
			got, err := mem.Remove(ctx, a, sc)
			had, ended := ref.Remove(a, sc, now)
			if err != nil || (got != had && !ended) {
				t.Fatalf("op %d: Remove(%q, %v) = %v, %v, want %v", i, a, sc, got, err, had)
			}
		case r < 85:
			a, sc := pick()
			got, ok, err := mem.Get(ctx, a, sc, now)
			want, wok := ref.Get(a, sc, now)
			if err != nil || ok != wok || got != want {
				t.Fatalf("op %d: Get(%q, %v) = %+v, %v, %v, want %+v, %v", i, a, sc, got, ok, err, want, wok)
			}
		case r < 93:
			a, sc := pick()
			e := suppress.Entry{Addr: a, Scope: sc, Kind: modelKinds[rng.IntN(len(modelKinds))], Reason: modelReasons[rng.IntN(len(modelReasons))], Step: rng.IntN(7) - 1}
			switch rng.IntN(4) {
			case 0:
				e.Until = now.Add(time.Duration(rng.IntN(50)-10) * time.Hour)
			case 1:
				e.Until = now.Add(time.Duration(rng.IntN(3600)) * time.Second)
			}
			switch rng.IntN(4) {
			case 0:
				e.Attempts = modelMaxAttempts - rng.IntN(3)
			case 1:
				e.Attempts = rng.IntN(100)
			}
			if rng.IntN(2) == 0 {
				e.Since = now.Add(-time.Duration(rng.IntN(1000)) * time.Minute)
			}
			if err := mem.Add(ctx, e, now); err != nil {
				t.Fatalf("op %d: Add(%+v): %v", i, e, err)
			}
			ref.Add(e, now)
		case r < 97:
			a := churn()
			ev := suppress.Event{Addr: a, Outcome: suppress.Bounced, Result: bounce.Result{Category: bounce.Hard}}
			if rng.IntN(3) == 0 {
				_, err := mem.Remove(ctx, a, suppress.Global)
				ref.Remove(a, suppress.Global, now)
				if err != nil {
					t.Fatal(err)
				}
				continue
			}
			mem.Record(ctx, ev, now)
			ref.Record(ev, now)
		default:
			mem.Sweep(now)
			ref.Sweep(now)
		}
	}
	// At the end every record agrees.
	for _, a := range modelAddrs {
		for _, sc := range modelScopes {
			got, ok, _ := mem.Get(ctx, a, sc, now)
			want, wok := ref.Get(a, sc, now)
			if ok != wok || got != want {
				t.Fatalf("at the end: Get(%q, %v) = %+v, %v, want %+v, %v", a, sc, got, ok, want, wok)
			}
		}
	}
}
