package suppress

import (
	"context"
	"fmt"
	"hash/maphash"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/bouncekit/bouncekit/bounce"
)

// TestMemoryInvariants runs random operations on a Memory and checks after
// each one the invariants that the lock-free readers of memory.go rely on:
//
//   - a table is a power of two long, at most 3/4 of its slots are used and
//     its counters match its slots, so that every probe ends;
//   - every record is reachable from the start of its probe sequence, has
//     the slot hash of its address and scope, is unique, and is in the
//     filter (a false negative would allow a suppressed address);
//   - outside the lock no record of the current table is frozen, and every
//     node that left it (replaced or deleted) is frozen for good, so that a
//     check that still holds it (from this table or an older one) can never
//     count an attempt on it by compare-and-swap;
//   - an older table, which checks may still probe, holds for each of its
//     records either the current node or a frozen one.
func TestMemoryInvariants(t *testing.T) {
	for _, shards := range []int{1, 2} {
		for seed := range uint64(2) {
			t.Run(fmt.Sprintf("shards=%d/seed=%d", shards, seed), func(t *testing.T) {
				runInvariants(t, shards, seed, 1000)
			})
		}
	}
}

func runInvariants(t *testing.T, shards int, seed uint64, ops int) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, 7))
	m := &Memory{Shards: shards, Policy: Policy{Lease: Lease{Steps: []time.Duration{time.Hour, 3 * time.Hour}}, SoftLimit: 3, SoftWindow: 2 * time.Hour}}
	m.init()
	scopes := []Scope{Global, {Tenant: "acme"}, {Tenant: "acme", List: "news"}, {List: "news"}}
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	seen := make(map[*node]int) // nodes in a table now or recently: op when last seen there
	var old []*table            // tables replaced by a rebuild
	current := make([]*table, len(m.shards))
	for i := range m.shards {
		current[i] = m.shards[i].table.Load()
	}
	for i := range ops {
		a := fmt.Sprintf("u%d@example.com", rng.IntN(40))
		sc := scopes[rng.IntN(len(scopes))]
		var op string
		switch r := rng.IntN(100); {
		case r < 5:
			now = now.Add(time.Duration(rng.IntN(120)) * time.Minute)
			op = "time"
		case r < 35:
			op = "Allow"
			m.Allow(ctx, a, sc, now)
		case r < 65:
			ev := Event{Addr: a, Scope: sc}
			switch rng.IntN(5) {
			case 0, 1:
				ev.Outcome, ev.Result = Bounced, bounce.Result{Category: bounce.Soft}
			case 2:
				ev.Outcome, ev.Result = Bounced, bounce.Result{Category: bounce.Hard}
			case 3:
				ev.Outcome = Delivered
			case 4:
				ev.Outcome = Complained
			}
			op = "Record " + string(ev.Outcome)
			if _, err := m.Record(ctx, ev, now); err != nil {
				t.Fatal(err)
			}
		case r < 80:
			op = "Remove"
			m.Remove(ctx, a, sc)
		case r < 92:
			op = "Add"
			e := Entry{Addr: a, Scope: sc, Kind: Manual, Attempts: rng.IntN(3)}
			if rng.IntN(2) == 0 {
				e.Kind, e.Until = Bounce, now.Add(time.Duration(1+rng.IntN(90))*time.Minute)
			}
			if err := m.Add(ctx, e, now); err != nil {
				t.Fatal(err)
			}
		default:
			op = "Sweep"
			m.Sweep(now)
		}
		for si := range m.shards {
			if tab := m.shards[si].table.Load(); tab != current[si] {
				old = append(old, current[si])
				current[si] = tab
			}
		}
		if len(old) > 8 {
			old = old[len(old)-8:]
		}
		if err := m.checkInvariants(i, seen, old); err != nil {
			t.Fatalf("op %d (%s %q in %v): %v", i, op, a, sc, err)
		}
		for nd, j := range seen { // a node that left long ago was checked often enough
			if j < i-300 {
				delete(seen, nd)
			}
		}
	}
}

// checkInvariants checks the invariants listed at TestMemoryInvariants. It
// must not run concurrently with other calls on m.
func (m *Memory) checkInvariants(op int, seen map[*node]int, old []*table) error {
	cur := make(map[*node]bool)
	for si := range m.shards {
		s := &m.shards[si]
		if s.gen.Load()&1 != 0 {
			return fmt.Errorf("shard %d: gen is odd outside the lock", si)
		}
		tab := s.table.Load()
		n := len(tab.slots)
		if n&(n-1) != 0 {
			return fmt.Errorf("shard %d: table of %d slots", si, n)
		}
		used, live := 0, 0
		keys := make(map[modelKeyI]bool)
		for j := range tab.slots {
			sl := &tab.slots[j]
			nd := sl.p.Load()
			if nd == nil {
				continue
			}
			used++
			if nd == tomb {
				continue
			}
			live++
			cur[nd] = true
			seen[nd] = op
			k := modelKeyI{nd.addr, nd.scopeOf()}
			if keys[k] {
				return fmt.Errorf("shard %d: two records of %v", si, k)
			}
			keys[k] = true
			h := maphash.String(m.seed, nd.addr)
			if h&m.mask != uint64(si) {
				return fmt.Errorf("record %v in shard %d, want %d", k, si, h&m.mask)
			}
			if sl.hash != keyHash(h, nd.scopeOf()) {
				return fmt.Errorf("record %v: slot hash %x, want %x", k, sl.hash, keyHash(h, nd.scopeOf()))
			}
			if fsl, fn := tab.find(h, nd.scopeOf(), nd.addr); fsl != sl || fn != nd {
				return fmt.Errorf("record %v at slot %d is not found from its probe start", k, j)
			}
			if !(*s.filter.Load()).mayHave(h) {
				return fmt.Errorf("record %v is not in the filter", k)
			}
			if nd.state.Load()&frozen != 0 {
				return fmt.Errorf("record %v is frozen outside the lock", k)
			}
		}
		if used != s.used || live != s.live {
			return fmt.Errorf("shard %d: %d used and %d live slots, counters say %d and %d", si, used, live, s.used, s.live)
		}
		if 4*used > 3*n {
			return fmt.Errorf("shard %d: %d of %d slots used, more than 3/4", si, used, n)
		}
	}
	for nd := range seen {
		if !cur[nd] && nd.state.Load()&frozen == 0 {
			return fmt.Errorf("node of %s in %v left the table but is not frozen", nd.addr, nd.scopeOf())
		}
	}
	for _, tab := range old {
		for j := range tab.slots {
			if nd := tab.slots[j].p.Load(); live(nd) && !cur[nd] && nd.state.Load()&frozen == 0 {
				return fmt.Errorf("old table holds a node of %s that is neither current nor frozen", nd.addr)
			}
		}
	}
	return nil
}

type modelKeyI struct {
	addr  string
	scope Scope
}
