package suppress_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/suppress"
	"github.com/bouncekit/bouncekit/suppress/suppresstest"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func TestMemoryConformance(t *testing.T) {
	suppresstest.Run(t, func(t *testing.T, p suppress.Policy) suppress.Store {
		return &suppress.Memory{Policy: p}
	})
}

func TestMemoryConformanceOneShard(t *testing.T) {
	// One shard: every address shares a lock and a map.
	suppresstest.Run(t, func(t *testing.T, p suppress.Policy) suppress.Store {
		return &suppress.Memory{Policy: p, Shards: 1}
	})
}

func hardEvent(a string) suppress.Event {
	return suppress.Event{Addr: a, Outcome: suppress.Bounced, Result: bounce.Result{Category: bounce.Hard, Reason: bounce.ReasonUserUnknown}}
}

func softEvent(a string) suppress.Event {
	return suppress.Event{Addr: a, Outcome: suppress.Bounced, Result: bounce.Result{Category: bounce.Soft, Reason: bounce.ReasonMailboxFull}}
}

func mustRecord(t testing.TB, s suppress.Store, ev suppress.Event, now time.Time) {
	t.Helper()
	if _, err := s.Record(context.Background(), ev, now); err != nil {
		t.Fatal(err)
	}
}

// recordOK is mustRecord for a goroutine other than the test's, which must
// not call t.Fatal: it reports an error with t.Error and returns false.
func recordOK(t testing.TB, s suppress.Store, ev suppress.Event, now time.Time) bool {
	t.Helper()
	if _, err := s.Record(context.Background(), ev, now); err != nil {
		t.Error(err)
		return false
	}
	return true
}

// untilStopped calls f(0), f(1), ... until stop is closed or f returns
// false: the loop of a goroutine that a concurrency test runs alongside
// others.
func untilStopped(stop <-chan struct{}, f func(i int) bool) {
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		if !f(i) {
			return
		}
	}
}

func TestMemoryAllowAllocs(t *testing.T) {
	m := &suppress.Memory{}
	ctx := context.Background()
	now := t0
	mustRecord(t, m, hardEvent("lease@example.com"), now)
	mustRecord(t, m, suppress.Event{Addr: "perm@example.com", Outcome: suppress.Complained}, now)
	mustRecord(t, m, suppress.Event{Addr: "unsub@example.com", Scope: suppress.Scope{Tenant: "acme", List: "news"}, Outcome: suppress.Unsubscribed}, now)
	tests := []struct {
		addr    string
		scope   suppress.Scope
		allowed bool
	}{
		{"nobody@example.com", suppress.Global, true},
		{"lease@example.com", suppress.Global, false},
		{"perm@example.com", suppress.Global, false},
		{"unsub@example.com", suppress.Scope{Tenant: "acme", List: "news"}, false},
		{"nobody@example.com", suppress.Scope{Tenant: "acme", List: "news"}, true},
	}
	for _, tt := range tests {
		var d suppress.Decision
		var err error
		allocs := testing.AllocsPerRun(1000, func() {
			d, err = m.Allow(ctx, tt.addr, tt.scope, now)
		})
		if err != nil || d.Allowed != tt.allowed {
			t.Fatalf("Allow(%q, %v) = %v, %v, want allowed %v", tt.addr, tt.scope, d.Allowed, err, tt.allowed)
		}
		if allocs != 0 {
			t.Errorf("Allow(%q, %v) allocates %v times, want 0", tt.addr, tt.scope, allocs)
		}
	}
}

func TestMemorySweep(t *testing.T) {
	m := &suppress.Memory{}
	for i := 0; i < 1000; i++ {
		mustRecord(t, m, hardEvent(fmt.Sprintf("old%d@example.com", i)), t0)
	}
	mustRecord(t, m, suppress.Event{Addr: "perm@example.com", Outcome: suppress.Suppressed}, t0)
	for i := 0; i < 10; i++ {
		mustRecord(t, m, softEvent("soft@example.com"), t0) // 7th escalates, then 3 more
	}
	if n := m.Len(); n != 1002 {
		t.Fatalf("Len() = %d, want 1002", n)
	}
	// Adding addresses two days later expires old leases by sampling.
	later := t0.Add(48 * time.Hour)
	for i := 0; i < 10000; i++ {
		mustRecord(t, m, suppress.Event{Addr: fmt.Sprintf("new%d@example.com", i), Outcome: suppress.Suppressed}, later)
	}
	if n := m.Len(); n > 10000+2+500 {
		t.Errorf("after 10000 inserts 2 days later, Len() = %d, want at most 10502 (most of the 1000 expired leases swept)", n)
	}
	// Left: perm@, the new ones, and soft@ whose lease has ended but whose
	// count of 3 soft bounces (after the 7th escalated) lives on.
	removed := m.Sweep(later)
	if n := m.Len(); n != 10002 {
		t.Fatalf("after Sweep (removed %d), Len() = %d, want 10002", removed, n)
	}
	if removed := m.Sweep(later); removed != 0 {
		t.Fatalf("second Sweep removed %d, want 0", removed)
	}
	// The soft count expires with its 5-day window.
	if removed := m.Sweep(t0.Add(5 * 24 * time.Hour)); removed != 1 {
		t.Fatalf("Sweep at the end of the soft window removed %d, want 1", removed)
	}
}

func TestMemorySnapshot(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "suppress.jsonl")
	m := &suppress.Memory{}
	mustRecord(t, m, hardEvent("lease@example.com"), t0)
	if _, err := m.Allow(ctx, "lease@example.com", suppress.Global, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	mustRecord(t, m, suppress.Event{Addr: "unsub@example.com", Scope: suppress.Scope{Tenant: "acme", List: "news"}, Outcome: suppress.Unsubscribed}, t0)
	mustRecord(t, m, suppress.Event{Addr: "ü@bücher.example", Outcome: suppress.Complained}, t0)
	for i := 0; i < 6; i++ {
		mustRecord(t, m, softEvent("soft@example.com"), t0)
	}
	if err := m.Save(ctx, path); err != nil {
		t.Fatalf("Save: %v", err)
	}
	// Save again over the existing file; no temporary files are left.
	if err := m.Save(ctx, path); err != nil {
		t.Fatalf("second Save: %v", err)
	}
	files, _ := os.ReadDir(dir)
	if len(files) != 1 {
		t.Fatalf("after Save the directory holds %d files, want 1", len(files))
	}

	r := &suppress.Memory{}
	n, err := r.Load(ctx, path)
	if err != nil || n != 4 {
		t.Fatalf("Load = %d, %v, want 4, nil", n, err)
	}
	now := t0.Add(2 * time.Hour)
	want := listAll(t, m, now)
	got := listAll(t, r, now)
	byAddr := func(a, b suppress.Entry) int { return strings.Compare(a.Addr, b.Addr) }
	slices.SortFunc(want, byAddr)
	slices.SortFunc(got, byAddr)
	if len(got) != 3 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("after Load: List = %v, want %v", got, want)
	}
	// The soft-bounce count survived: the 7th suppresses.
	d, err := r.Record(ctx, softEvent("soft@example.com"), now)
	if err != nil || d.Allowed {
		t.Fatalf("Record(7th soft) after Load = %+v, %v, want suppressed", d, err)
	}

	if _, err := (&suppress.Memory{}).Load(ctx, filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Load(missing) error = %v, want fs.ErrNotExist", err)
	}
	for name, content := range map[string]string{
		"not a snapshot": "{\"address\":\"x@example.com\"}\n",
		"bad line":       "{\"bouncekit_suppress_snapshot\":1}\n{nope\n",
		"bad address":    "{\"bouncekit_suppress_snapshot\":1}\n{\"address\":\"nope\",\"kind\":\"manual\"}\n",
		"bad kind":       "{\"bouncekit_suppress_snapshot\":1}\n{\"address\":\"x@example.com\",\"kind\":\"mystery\"}\n",
		"empty record":   "{\"bouncekit_suppress_snapshot\":1}\n{\"address\":\"x@example.com\"}\n",
		"long line":      "{\"bouncekit_suppress_snapshot\":1}\n" + strings.Repeat("x", 70000) + "\n",
	} {
		p := filepath.Join(dir, "bad")
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := (&suppress.Memory{}).Load(ctx, p); err == nil {
			t.Errorf("Load(%s) error = nil, want an error", name)
		}
	}
	if err := m.Save(ctx, filepath.Join(dir, "no-such-dir", "x")); err == nil {
		t.Errorf("Save into a missing directory: error = nil, want an error")
	}
}

func listAll(t *testing.T, l suppress.Lister, now time.Time) []suppress.Entry {
	t.Helper()
	var all []suppress.Entry
	for cursor := ""; ; {
		page, next, err := l.List(context.Background(), cursor, 2, now)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page...)
		if next == "" {
			break
		}
		cursor = next
	}
	return all
}

// BenchmarkMemoryAllow measures the pre-send check with addresses already
// normalised, on all GOMAXPROCS cores. The store holds 64Ki addresses (all
// suppressed, or one in 8 for "mixed"); "hot" checks cycle through 1Ki of
// them, as a sender does with the addresses it has just handled, "cold"
// through all 64Ki at random, so most input strings and map slots miss the
// CPU caches.
func BenchmarkMemoryAllow(b *testing.B) {
	const n = 1 << 16
	for _, bc := range []struct {
		name  string
		scope suppress.Scope
		setup func(m *suppress.Memory, a string, i int)
	}{
		{"allowed", suppress.Global, func(*suppress.Memory, string, int) {}},
		{"permanent", suppress.Global, func(m *suppress.Memory, a string, _ int) {
			mustRecord(b, m, suppress.Event{Addr: a, Outcome: suppress.Suppressed}, t0)
		}},
		{"lease", suppress.Global, func(m *suppress.Memory, a string, _ int) { mustRecord(b, m, hardEvent(a), t0) }},
		{"mixed", suppress.Global, func(m *suppress.Memory, a string, i int) {
			if i%8 == 0 {
				mustRecord(b, m, hardEvent(a), t0)
			}
		}},
		{"list-scope", suppress.Scope{Tenant: "acme", List: "news"}, func(m *suppress.Memory, a string, i int) {
			if i%8 == 0 {
				mustRecord(b, m, suppress.Event{Addr: a, Scope: suppress.Scope{Tenant: "acme", List: "news"}, Outcome: suppress.Unsubscribed}, t0)
			}
		}},
	} {
		m := &suppress.Memory{}
		addrs := make([]string, n)
		for i := range addrs {
			addrs[i] = fmt.Sprintf("user%d@mail%d.example.com", i, i%97)
			bc.setup(m, addrs[i], i)
		}
		for _, set := range []struct {
			name string
			size int
		}{{"hot", 1 << 10}, {"cold", n}} {
			b.Run(bc.name+"/"+set.name, func(b *testing.B) {
				ctx := context.Background()
				now := t0.Add(time.Hour)
				mask := set.size - 1
				b.ReportAllocs()
				start, cpu := time.Now(), cpuTime()
				b.RunParallel(func(pb *testing.PB) {
					i := int(time.Now().UnixNano())
					for pb.Next() {
						if _, err := m.Allow(ctx, addrs[(i*7919)&mask], bc.scope, now); err != nil {
							b.Error(err)
							return
						}
						i++
					}
				})
				b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "checks/s")
				// On a shared machine the wall clock counts time other
				// processes had the CPU; checks per CPU-second of this
				// process does not.
				b.ReportMetric(float64(b.N)/(cpuTime()-cpu).Seconds(), "checks/cpu-s")
			})
		}
	}
}

// BenchmarkMemoryAllowOne checks one suppressed address from all
// GOMAXPROCS cores: every check counts an attempt on the same entry, so the
// cores take turns owning its cache line. This is the bound for a single
// address; BenchmarkMemoryAllow spreads the checks over many.
func BenchmarkMemoryAllowOne(b *testing.B) {
	for _, bc := range []struct {
		name string
		ev   suppress.Event
	}{
		{"permanent", suppress.Event{Addr: "one@example.com", Outcome: suppress.Suppressed}},
		{"lease", hardEvent("one@example.com")},
	} {
		b.Run(bc.name, func(b *testing.B) {
			m := &suppress.Memory{}
			mustRecord(b, m, bc.ev, t0)
			ctx := context.Background()
			now := t0.Add(time.Hour)
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if d, err := m.Allow(ctx, "one@example.com", suppress.Global, now); err != nil || d.Allowed {
						b.Errorf("Allow = %+v, %v, want suppressed", d, err)
						return
					}
				}
			})
		})
	}
}

// BenchmarkMemoryRecord measures recording hard bounces of new addresses.
func BenchmarkMemoryRecord(b *testing.B) {
	m := &suppress.Memory{}
	ctx := context.Background()
	addrs := make([]string, 1<<16)
	for i := range addrs {
		addrs[i] = fmt.Sprintf("user%d@example.com", i)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := int(time.Now().UnixNano())
		for pb.Next() {
			m.Record(ctx, hardEvent(addrs[i&(len(addrs)-1)]), t0)
			i++
		}
	})
}

// BenchmarkMemoryFootprint reports the heap held per entry with 1M
// hard-bounce entries in the global scope: the entry and map overhead
// (B/entry) and the copy of the address the map keeps (addr-B/entry).
func BenchmarkMemoryFootprint(b *testing.B) {
	const n = 1_000_000
	for b.Loop() {
		addrs := make([]string, n)
		for i := range addrs {
			addrs[i] = fmt.Sprintf("user%07d@example.com", i) // 24 bytes
		}
		var before, mid, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		clones := make([]string, n)
		for i, a := range addrs {
			clones[i] = strings.Clone(a)
		}
		runtime.GC()
		runtime.ReadMemStats(&mid)
		runtime.KeepAlive(clones)
		clones = nil
		m := &suppress.Memory{}
		for _, a := range addrs {
			mustRecord(b, m, hardEvent(a), t0)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		addrBytes := (float64(mid.HeapAlloc) - float64(before.HeapAlloc) - n*16) / n // minus the clones slice
		total := (float64(after.HeapAlloc) - float64(before.HeapAlloc)) / n
		b.Logf("heap: before %d, with clones %d, with the store %d (%d entries)", before.HeapAlloc, mid.HeapAlloc, after.HeapAlloc, m.Len())
		b.ReportMetric(total-addrBytes, "B/entry")
		b.ReportMetric(addrBytes, "addr-B/entry")
		runtime.KeepAlive(m)
		runtime.KeepAlive(addrs)
		runtime.KeepAlive(clones)
	}
}

// cpuTime returns the user and system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestMemoryFilter grows, rebuilds and shrinks the per-shard filters while
// other goroutines check: an address on a list must never be reported as
// allowed.
func TestMemoryFilter(t *testing.T) {
	ctx := context.Background()
	m := &suppress.Memory{Shards: 2}
	const n = 20000
	addrs := make([]string, n)
	for i := range addrs {
		addrs[i] = fmt.Sprintf("u%d@example.com", i)
	}
	mustRecord(t, m, suppress.Event{Addr: "always@example.com", Outcome: suppress.Suppressed}, t0)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var failure atomic.Value
	for w := 0; w < 4; w++ {
		wg.Go(func() {
			untilStopped(stop, func(int) bool {
				if d, err := m.Allow(ctx, "always@example.com", suppress.Global, t0); err != nil || d.Allowed {
					failure.Store(fmt.Sprintf("Allow(always@) = %+v, %v during growth", d, err))
					return false
				}
				return true
			})
		})
	}
	for _, a := range addrs { // grows the filters many times
		mustRecord(t, m, suppress.Event{Addr: a, Outcome: suppress.Suppressed}, t0)
	}
	for i := 0; i < n; i += 2 { // stale bits: rebuilds
		if ok, err := m.Remove(ctx, addrs[i], suppress.Global); !ok || err != nil {
			t.Fatalf("Remove(%q) = %v, %v", addrs[i], ok, err)
		}
	}
	close(stop)
	wg.Wait()
	if f := failure.Load(); f != nil {
		t.Fatal(f)
	}
	for i, a := range addrs {
		d, err := m.Allow(ctx, a, suppress.Global, t0)
		if err != nil || d.Allowed != (i%2 == 0) {
			t.Fatalf("Allow(%q) allowed = %v, %v, want %v", a, d.Allowed, err, i%2 == 0)
		}
	}
	// Leases that end are swept and their filter bits dropped; the
	// permanent entries stay.
	for i := 0; i < 1000; i++ {
		mustRecord(t, m, hardEvent(fmt.Sprintf("lease%d@example.com", i)), t0)
	}
	if removed := m.Sweep(t0.Add(48 * time.Hour)); removed != 1000 {
		t.Fatalf("Sweep removed %d, want 1000", removed)
	}
	for i := 1; i < n; i += 2 {
		if d, _ := m.Allow(ctx, addrs[i], suppress.Global, t0.Add(48*time.Hour)); d.Allowed {
			t.Fatalf("after Sweep, Allow(%q) = allowed, want suppressed", addrs[i])
		}
	}
}

// TestMemoryAttemptsWhileChanging counts attempts on one leased address from
// several goroutines while others record bounces, reset the soft count,
// read, list and sweep it: no attempt may be lost or counted twice when the
// entry is rewritten under the lock while the checks go without it.
func TestMemoryAttemptsWhileChanging(t *testing.T) {
	ctx := context.Background()
	const a = "busy@example.com"
	tests := []struct {
		name   string
		change func(t *testing.T, m *suppress.Memory, i int) // run by a goroutine of its own
	}{
		{"hard bounce during the lease", func(t *testing.T, m *suppress.Memory, _ int) { recordOK(t, m, hardEvent(a), t0) }},
		{"soft bounce and delivery", func(t *testing.T, m *suppress.Memory, i int) {
			if i%2 == 0 {
				recordOK(t, m, softEvent(a), t0)
			} else {
				recordOK(t, m, suppress.Event{Addr: a, Outcome: suppress.Delivered}, t0)
			}
		}},
		{"sweep of an old soft-bounce run", func(t *testing.T, m *suppress.Memory, _ int) {
			recordOK(t, m, softEvent(a), t0.Add(-6*24*time.Hour))
			m.Sweep(t0)
		}},
		{"get and list", func(t *testing.T, m *suppress.Memory, _ int) {
			if _, ok, err := m.Get(ctx, a, suppress.Global, t0); !ok || err != nil {
				t.Errorf("Get(%q) = %v, %v, want an entry", a, ok, err)
			}
			if _, _, err := m.List(ctx, "", 10, t0); err != nil {
				t.Errorf("List: %v", err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &suppress.Memory{Shards: 1}
			mustRecord(t, m, hardEvent(a), t0)
			const checkers, n = 4, 2000
			stop := make(chan struct{})
			var changer sync.WaitGroup
			changer.Go(func() {
				untilStopped(stop, func(i int) bool {
					tt.change(t, m, i)
					return !t.Failed()
				})
			})
			var wg sync.WaitGroup
			for range checkers {
				wg.Go(func() {
					for range n {
						if d, err := m.Allow(ctx, a, suppress.Global, t0); err != nil || d.Allowed {
							t.Errorf("Allow(%q) = %+v, %v, want suppressed", a, d, err)
							return
						}
					}
				})
			}
			wg.Wait()
			close(stop)
			changer.Wait()
			e, ok, err := m.Get(ctx, a, suppress.Global, t0)
			if !ok || err != nil || e.Attempts != checkers*n || e.Step != 4 {
				t.Fatalf("after %d checks, Get(%q) = %+v, %v, %v, want Attempts %d and Step 4", checkers*n, a, e, ok, err, checkers*n)
			}
		})
	}
}

// TestMemoryAttemptLimit checks that the attempt count stops at its limit
// while the lease still steps up.
func TestMemoryAttemptLimit(t *testing.T) {
	ctx := context.Background()
	m := &suppress.Memory{}
	const a = "many@example.com"
	const limit = 1<<31 - 1
	if err := m.Add(ctx, suppress.Entry{Addr: a, Kind: suppress.Bounce, Until: t0.Add(time.Hour), Attempts: limit - 1}, t0); err != nil {
		t.Fatal(err)
	}
	for i, want := range []struct{ step, attempts int }{{1, limit}, {2, limit}, {3, limit}, {4, limit}, {4, limit}} {
		now := t0.Add(time.Duration(i) * time.Minute)
		d, err := m.Allow(ctx, a, suppress.Global, now)
		if err != nil || d.Allowed || d.Entry.Step != want.step || d.Entry.Attempts != want.attempts {
			t.Fatalf("Allow %d = %+v, %v, want Step %d, Attempts %d", i+1, d, err, want.step, want.attempts)
		}
		if wantUntil := now.Add((suppress.Lease{}).Duration(want.step)); !d.Entry.Until.Equal(wantUntil) {
			t.Fatalf("Allow %d: Until = %v, want %v", i+1, d.Entry.Until, wantUntil)
		}
	}
	// A permanent entry keeps the limit too.
	if err := m.Add(ctx, suppress.Entry{Addr: a, Kind: suppress.Manual, Attempts: 1 << 40}, t0); err != nil {
		t.Fatal(err)
	}
	if d, err := m.Allow(ctx, a, suppress.Global, t0); err != nil || d.Entry.Attempts != limit {
		t.Fatalf("Allow of a permanent entry at the limit = %+v, %v, want Attempts %d", d, err, limit)
	}
}

// TestMemoryAllowInputForms checks Allow with inputs in and out of normal
// form: Memory looks an input up before it normalises it, and must give
// the same answers and errors as if it normalised first.
func TestMemoryAllowInputForms(t *testing.T) {
	ctx := context.Background()
	m := &suppress.Memory{}
	news := suppress.Scope{Tenant: "acme", List: "news"}
	mustRecord(t, m, hardEvent("user@xn--bcher-kva.example"), t0)
	mustRecord(t, m, suppress.Event{Addr: "reader@example.com", Scope: news, Outcome: suppress.Unsubscribed}, t0)
	now := t0.Add(time.Hour)
	tests := []struct {
		addr         string
		scope        suppress.Scope
		wantAddr     string // of the suppressing entry; "" when allowed
		wantAttempts int
	}{
		{"user@xn--bcher-kva.example", suppress.Global, "user@xn--bcher-kva.example", 1},
		{"  USER@Bücher.example ", suppress.Global, "user@xn--bcher-kva.example", 2},
		{"User@xn--bcher-kva.example", news, "user@xn--bcher-kva.example", 3},
		{"reader@example.com", news, "reader@example.com", 1},
		{"Reader@Example.com", news, "reader@example.com", 2},
		{"reader@example.com", suppress.Scope{Tenant: "acme"}, "", 0},
		{"reader@example.com", suppress.Global, "", 0},
		{"nobody@example.com", news, "", 0},
	}
	for _, tt := range tests {
		d, err := m.Allow(ctx, tt.addr, tt.scope, now)
		if err != nil || d.Allowed != (tt.wantAddr == "") || d.Entry.Addr != tt.wantAddr || d.Entry.Attempts != tt.wantAttempts {
			t.Errorf("Allow(%q, %v) = %+v, %v, want entry %q with %d attempts", tt.addr, tt.scope, d, err, tt.wantAddr, tt.wantAttempts)
		}
	}
	errTests := []struct {
		addr    string
		scope   suppress.Scope
		invalid bool // the error wraps ErrInvalidAddress
	}{
		{"no-at-sign", suppress.Global, true},
		{"no-at-sign", suppress.Scope{Tenant: "bad\x00"}, true},
		{"user@xn--bcher-kva.example", suppress.Scope{Tenant: "bad\x00"}, false},
	}
	for _, tt := range errTests {
		d, err := m.Allow(ctx, tt.addr, tt.scope, now)
		if err == nil || d.Allowed || errors.Is(err, suppress.ErrInvalidAddress) != tt.invalid {
			t.Errorf("Allow(%q, %v) = %+v, %v, want an error (wrapping ErrInvalidAddress: %v)", tt.addr, tt.scope, d, err, tt.invalid)
		}
	}
}
