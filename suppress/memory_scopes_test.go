package suppress_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/bouncekit/bouncekit/suppress"
)

// TestMemoryScopesAtomic moves an address's suppression between the global
// scope and a list scope, always adding the new entry before removing the
// old one, so that at every moment one of them suppresses the address in
// the list's scope. A check in that scope consults both and must never
// find the address allowed: checks of several scopes must read them as of
// one moment.
func TestMemoryScopesAtomic(t *testing.T) {
	ctx := context.Background()
	const a = "moving@example.com"
	m := &suppress.Memory{Shards: 1}
	mustRecord(t, m, suppress.Event{Addr: a, Outcome: suppress.Complained}, t0)
	var stop atomic.Bool
	var wg sync.WaitGroup
	wg.Go(func() {
		defer stop.Store(true)
		for range 3000 {
			if !recordOK(t, m, suppress.Event{Addr: a, Scope: acmeNews, Outcome: suppress.Unsubscribed}, t0) {
				return
			}
			if _, err := m.Remove(ctx, a, suppress.Global); err != nil {
				t.Error(err)
			}
			if !recordOK(t, m, suppress.Event{Addr: a, Outcome: suppress.Complained}, t0) {
				return
			}
			if _, err := m.Remove(ctx, a, acmeNews); err != nil {
				t.Error(err)
			}
		}
	})
	var allowed atomic.Int64
	for range 2 {
		wg.Go(func() {
			for !stop.Load() {
				if d, err := m.Allow(ctx, a, acmeNews, t0); err != nil || d.Allowed {
					allowed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if n := allowed.Load(); n != 0 {
		t.Fatalf("Allow(%q, %v) was allowed %d times while a global or list entry suppressed it at every moment", a, acmeNews, n)
	}
}
