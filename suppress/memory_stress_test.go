package suppress_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/bouncekit/bouncekit/internal/fakeclock"
	"github.com/bouncekit/bouncekit/suppress"
)

// stressRecord is a record set up before the goroutines of a stress test
// start and never removed or replaced by them: every check in a scope that
// consults it must be suppressed and count one attempt on it.
type stressRecord struct {
	addr  string
	scope suppress.Scope
	ev    suppress.Event
	lease bool
}

var (
	acme     = suppress.Scope{Tenant: "acme"}
	acmeNews = suppress.Scope{Tenant: "acme", List: "news"}
	news     = suppress.Scope{List: "news"}
)

func stressRecords() []stressRecord {
	rs := []stressRecord{
		{addr: "perm-g@example.com", scope: suppress.Global, ev: suppress.Event{Outcome: suppress.Complained}},
		{addr: "perm-t@example.com", scope: acme, ev: suppress.Event{Outcome: suppress.Unsubscribed}},
		{addr: "perm-l@example.com", scope: acmeNews, ev: suppress.Event{Outcome: suppress.Unsubscribed}},
		{addr: "perm-s@example.com", scope: news, ev: suppress.Event{Outcome: suppress.Suppressed}},
		{addr: "lease-g@example.com", scope: suppress.Global, ev: hardEvent(""), lease: true},
		{addr: "lease-t@example.com", scope: acme, ev: hardEvent(""), lease: true},
	}
	for i := range rs {
		rs[i].ev.Addr, rs[i].ev.Scope = rs[i].addr, rs[i].scope
	}
	return rs
}

// covers reports whether a check in sc consults scope r.
func covers(sc, r suppress.Scope) bool {
	for _, s := range scopes(sc) {
		if s == r {
			return true
		}
	}
	return false
}

// TestMemoryStress mixes checks of suppressed addresses with every kind of
// change on one small shard: changes of those same records that keep them
// (hard bounces during a lease, soft bounces, deliveries, repeated
// complaints), soft-bounce records of the same addresses in other scopes
// that come and go, and many other addresses added, removed, expired and
// swept, so that the table and the filter are rebuilt while checks probe
// them. No check of a record set up before may be allowed, and every
// attempt must be counted exactly once: the attempt numbers the checks get
// back are 1..n without a gap or a repeat.
func TestMemoryStress(t *testing.T) {
	for _, shards := range []int{1, 2} {
		t.Run(fmt.Sprintf("shards=%d", shards), func(t *testing.T) { stress(t, shards) })
	}
}

func stress(t *testing.T, shards int) {
	ctx := context.Background()
	clock := fakeclock.New(t0)
	// Soft bounces never reach the limit, so they never suppress.
	m := &suppress.Memory{Shards: shards, Policy: suppress.Policy{SoftLimit: 60000}}
	recs := stressRecords()
	for _, r := range recs {
		mustRecord(t, m, r.ev, t0)
	}
	checkScopes := []suppress.Scope{suppress.Global, acme, acmeNews, news, {Tenant: "beta", List: "news"}}
	const checkers, changes = 3, 3000

	var mu sync.Mutex
	seen := make(map[int]map[int]int) // record -> attempt number -> times returned
	for i := range recs {
		seen[i] = make(map[int]int)
	}
	// The checkers run until the changers are done, so that every change
	// meets checks.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for c := range checkers {
		wg.Go(func() {
			untilStopped(stop, func(i int) bool {
				// Pick a record and a scope that consults it.
				ri := (c + i) % len(recs)
				r := recs[ri]
				var sc suppress.Scope
				for j := i; ; j++ {
					if sc = checkScopes[j%len(checkScopes)]; covers(sc, r.scope) {
						break
					}
				}
				d, err := m.Allow(ctx, r.addr, sc, clock.Now())
				if err != nil || d.Allowed || d.Entry.Addr != r.addr || d.Entry.Scope != r.scope {
					t.Errorf("Allow(%q, %v) = %+v, %v, want suppressed by %v", r.addr, sc, d, err, r.scope)
					return false
				}
				if r.lease && d.Entry.Step != min(d.Entry.Attempts, 4) {
					t.Errorf("Allow(%q, %v) = %+v, want Step = min(Attempts, 4)", r.addr, sc, d)
				}
				mu.Lock()
				seen[ri][d.Entry.Attempts]++
				mu.Unlock()
				return true
			})
		})
	}

	var changers sync.WaitGroup
	changers.Go(func() { // the records themselves, in ways that keep them
		for i := range changes {
			r := recs[i%len(recs)]
			now := clock.Now()
			var ev suppress.Event
			switch i / len(recs) % 5 {
			case 0:
				ev = softEvent(r.addr)
			case 1:
				ev = suppress.Event{Addr: r.addr, Outcome: suppress.Delivered}
			case 2:
				ev = hardEvent(r.addr) // keeps a permanent entry, extends a lease
			case 3:
				if r.lease {
					ev = hardEvent(r.addr)
				} else {
					ev = r.ev // a repeated complaint or unsubscribe changes nothing
				}
			case 4:
				// A soft-bounce record of the address in another scope.
				for _, sc := range checkScopes {
					if sc != r.scope {
						ev := softEvent(r.addr)
						ev.Scope = sc
						if !recordOK(t, m, ev, now) {
							return
						}
						if _, err := m.Remove(ctx, r.addr, sc); err != nil {
							t.Error(err)
						}
					}
				}
				continue
			}
			ev.Scope = r.scope
			if d, err := m.Record(ctx, ev, now); err != nil || d.Allowed {
				t.Errorf("Record(%+v) = %+v, %v, want still suppressed", ev, d, err)
			}
		}
	})
	changers.Go(func() { // other addresses: growth, tombstones, expiry, rebuilds
		for i := range changes {
			now := clock.Advance(time.Second)
			a := fmt.Sprintf("other%d@example.net", i%300)
			switch i % 7 {
			case 0, 1, 2:
				if !recordOK(t, m, hardEvent(a), now) {
					return
				}
			case 3:
				if err := m.Add(ctx, suppress.Entry{Addr: a, Scope: acme, Kind: suppress.Bounce, Until: now.Add(3 * time.Second)}, now); err != nil {
					t.Error(err)
				}
			case 4, 5:
				if _, err := m.Remove(ctx, a, suppress.Global); err != nil {
					t.Error(err)
				}
			case 6:
				m.Sweep(now.Add(time.Minute)) // ends the short leases added above
			}
		}
	})
	changers.Wait()
	close(stop)
	wg.Wait()
	if t.Failed() {
		return
	}

	now := clock.Now()
	for ri, r := range recs {
		n := len(seen[ri])
		for a, times := range seen[ri] {
			if a < 1 || a > n || times != 1 {
				t.Errorf("%s in %v: attempt number %d returned %d times; want each of 1..%d once", r.addr, r.scope, a, times, n)
				break
			}
		}
		e, ok, err := m.Get(ctx, r.addr, r.scope, now)
		if !ok || err != nil || e.Attempts != n {
			t.Errorf("Get(%q, %v) = %+v, %v, %v, want Attempts %d", r.addr, r.scope, e, ok, err, n)
		}
	}
}

// TestMemoryLoadWhileChecking loads snapshots into a Memory while other
// goroutines check its suppressed addresses. Load replaces each record,
// usually with a new node since the attempt count differs, so checks meet
// frozen and replaced nodes: none may be allowed.
func TestMemoryLoadWhileChecking(t *testing.T) {
	ctx := context.Background()
	m := &suppress.Memory{Shards: 1}
	recs := stressRecords()
	for _, r := range recs {
		mustRecord(t, m, r.ev, t0)
	}
	for i := range 200 {
		mustRecord(t, m, hardEvent(fmt.Sprintf("other%d@example.net", i)), t0)
	}
	path := filepath.Join(t.TempDir(), "snap.jsonl")
	if err := m.Save(ctx, path); err != nil {
		t.Fatal(err)
	}
	now := t0.Add(time.Hour)
	stop := make(chan struct{})
	var loader sync.WaitGroup
	loader.Go(func() {
		untilStopped(stop, func(int) bool {
			if _, err := m.Load(ctx, path); err != nil {
				t.Error(err)
				return false
			}
			return true
		})
	})
	var wg sync.WaitGroup
	for c := range 3 {
		wg.Go(func() {
			for i := range 2000 {
				r := recs[(c+i)%len(recs)]
				if d, err := m.Allow(ctx, r.addr, r.scope, now); err != nil || d.Allowed {
					t.Errorf("Allow(%q, %v) during Load = %+v, %v, want suppressed", r.addr, r.scope, d, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	loader.Wait()
}

// TestMemorySaveWhileChecking saves a Memory while its records are checked
// and changed, and loads each file into a new Memory: every record is
// there, with an attempt count between the counts before and after the Save.
func TestMemorySaveWhileChecking(t *testing.T) {
	ctx := context.Background()
	m := &suppress.Memory{Shards: 2}
	recs := stressRecords()
	for _, r := range recs {
		mustRecord(t, m, r.ev, t0)
	}
	now := t0.Add(time.Hour)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for c := range 2 {
		wg.Go(func() {
			untilStopped(stop, func(i int) bool {
				r := recs[(c+i)%len(recs)]
				if d, err := m.Allow(ctx, r.addr, r.scope, now); err != nil || d.Allowed {
					t.Errorf("Allow(%q, %v) = %+v, %v, want suppressed", r.addr, r.scope, d, err)
					return false
				}
				if i%3 == 0 {
					return recordOK(t, m, softEvent(fmt.Sprintf("other%d@example.net", i%100)), now)
				}
				return true
			})
		})
	}
	for round := range 10 { // t.Error, not t.Fatal: the checkers must be stopped first
		before := make([]int, len(recs))
		for i, r := range recs {
			e, _, _ := m.Get(ctx, r.addr, r.scope, now)
			before[i] = e.Attempts
		}
		path := filepath.Join(t.TempDir(), "snap.jsonl")
		if err := m.Save(ctx, path); err != nil {
			t.Error(err)
			break
		}
		after := make([]int, len(recs))
		for i, r := range recs {
			e, _, _ := m.Get(ctx, r.addr, r.scope, now)
			after[i] = e.Attempts
		}
		loaded := &suppress.Memory{}
		if _, err := loaded.Load(ctx, path); err != nil {
			t.Error(err)
			break
		}
		for i, r := range recs {
			e, ok, err := loaded.Get(ctx, r.addr, r.scope, now)
			if !ok || err != nil || e.Attempts < before[i] || e.Attempts > after[i] {
				t.Errorf("round %d: loaded Get(%q, %v) = %+v, %v, %v, want Attempts in [%d, %d]", round, r.addr, r.scope, e, ok, err, before[i], after[i])
			}
			if d, err := loaded.Allow(ctx, r.addr, r.scope, now); err != nil || d.Allowed {
				t.Errorf("round %d: loaded Allow(%q, %v) = %+v, %v, want suppressed", round, r.addr, r.scope, d, err)
			}
		}
	}
	close(stop)
	wg.Wait()
}
