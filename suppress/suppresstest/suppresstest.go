// Package suppresstest is the conformance suite of [suppress.Store]
// implementations, in the manner of testing/fstest.TestFS: every store runs
// the same tests of the rules in package suppress.
//
//	func TestConformance(t *testing.T) {
//		suppresstest.Run(t, func(t *testing.T, p suppress.Policy) suppress.Store {
//			return &suppress.Memory{Policy: p}
//		})
//	}
//
// Run covers address normalisation, the lease schedule stepped day by day,
// expiry, permanent entries, scopes, the soft-bounce rule, Remove, and
// concurrency (32 goroutines; run it with -race). When the store implements
// [suppress.Getter], [suppress.Adder] and [suppress.Lister], Run also tests
// them and the CSV and JSON-lines round trip of [suppress.Export] and
// [suppress.Import]. [Fault] tests a shared store while its server is down.
//
// The suite never sleeps: it passes the time of each call, starting at
// 2026-03-02 09:00 UTC, in whole seconds.
package suppresstest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/suppress"
)

// NewStore returns an empty store that uses policy p and shares no state
// with any other store the suite creates (use a fresh key prefix or schema
// per call). It may register cleanups with t.Cleanup.
type NewStore func(t *testing.T, p suppress.Policy) suppress.Store

// t0 is the start of every test's fake time.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

const (
	hour = time.Hour
	day  = 24 * time.Hour
)

// Run runs the conformance suite against the stores newStore returns.
func Run(t *testing.T, newStore NewStore) {
	tests := []struct {
		name string
		fn   func(*testing.T, NewStore)
	}{
		{"Empty", testEmpty},
		{"Normalize", testNormalize},
		{"InvalidAddress", testInvalidAddress},
		{"KeepLocalCase", testKeepLocalCase},
		{"InvalidInput", testInvalidInput},
		{"DefaultSchedule", testDefaultSchedule},
		{"LeaseDayByDay", testLeaseDayByDay},
		{"LeaseExpiresWithoutAttempt", testLeaseExpires},
		{"HardBounceDuringLease", testHardDuringLease},
		{"CustomSchedule", testCustomSchedule},
		{"Permanent", testPermanent},
		{"PermanentOverLease", testPermanentOverLease},
		{"Scopes", testScopes},
		{"SoftBounces", testSoftBounces},
		{"SoftBounceWindow", testSoftWindow},
		{"SoftBounceLimit", testSoftLimit},
		{"SpamNeverSuppresses", testSpam},
		{"Remove", testRemove},
		{"Get", testGet},
		{"Add", testAdd},
		{"List", testList},
		{"ExportImport", testExportImport},
		{"ConcurrentAttempts", testConcurrentAttempts},
		{"ConcurrentSteps", testConcurrentSteps},
		{"ConcurrentSoftBounces", testConcurrentSoft},
		{"ConcurrentAddresses", testConcurrentAddresses},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, newStore) })
	}
}

func hard(a string) suppress.Event {
	return suppress.Event{Addr: a, Outcome: suppress.Bounced, Result: bounce.Result{
		Category: bounce.Hard, Reason: bounce.ReasonUserUnknown, ReplyCode: 550, Suppress: true,
	}}
}

func soft(a string) suppress.Event {
	return suppress.Event{Addr: a, Outcome: suppress.Bounced, Result: bounce.Result{
		Category: bounce.Soft, Reason: bounce.ReasonMailboxFull, ReplyCode: 452, Retry: true,
	}}
}

func spam(a string) suppress.Event {
	return suppress.Event{Addr: a, Outcome: suppress.Bounced, Result: bounce.Result{
		Category: bounce.Spam, Reason: bounce.ReasonSpamDetected, ReplyCode: 550,
	}}
}

func in(ev suppress.Event, s suppress.Scope) suppress.Event { ev.Scope = s; return ev }

func allow(t *testing.T, s suppress.Store, a string, sc suppress.Scope, now time.Time) suppress.Decision {
	t.Helper()
	d, err := s.Allow(context.Background(), a, sc, now)
	if err != nil {
		t.Fatalf("Allow(%q, %v, %v) error: %v", a, sc, now, err)
	}
	return d
}

func record(t *testing.T, s suppress.Store, ev suppress.Event, now time.Time) suppress.Decision {
	t.Helper()
	d, err := s.Record(context.Background(), ev, now)
	if err != nil {
		t.Fatalf("Record(%s %q, %v, %v) error: %v", ev.Outcome, ev.Addr, ev.Scope, now, err)
	}
	return d
}

// wantAllowed fails unless a check of a at now is allowed.
func wantAllowed(t *testing.T, s suppress.Store, a string, sc suppress.Scope, now time.Time) {
	t.Helper()
	if d := allow(t, s, a, sc, now); !d.Allowed {
		t.Fatalf("Allow(%q, %v, t0+%v) = suppressed by %+v, want allowed", a, sc, now.Sub(t0), d.Entry)
	}
}

// wantSuppressed fails unless a check of a at now is suppressed, and returns
// the entry.
func wantSuppressed(t *testing.T, s suppress.Store, a string, sc suppress.Scope, now time.Time) suppress.Entry {
	t.Helper()
	d := allow(t, s, a, sc, now)
	if d.Allowed {
		t.Fatalf("Allow(%q, %v, t0+%v) = allowed, want suppressed", a, sc, now.Sub(t0))
	}
	return d.Entry
}

// checkEntry compares the fields of got that want sets: Kind, Step and
// Attempts always; Addr, Reason, Since and Until when not zero in want;
// Scope always.
func checkEntry(t *testing.T, call string, got, want suppress.Entry) {
	t.Helper()
	var diffs []string
	if want.Addr != "" && got.Addr != want.Addr {
		diffs = append(diffs, fmt.Sprintf("Addr %q, want %q", got.Addr, want.Addr))
	}
	if got.Scope != want.Scope {
		diffs = append(diffs, fmt.Sprintf("Scope %v, want %v", got.Scope, want.Scope))
	}
	if got.Kind != want.Kind {
		diffs = append(diffs, fmt.Sprintf("Kind %q, want %q", got.Kind, want.Kind))
	}
	if want.Reason != "" && got.Reason != want.Reason {
		diffs = append(diffs, fmt.Sprintf("Reason %q, want %q", got.Reason, want.Reason))
	}
	if !want.Since.IsZero() && !got.Since.Equal(want.Since) {
		diffs = append(diffs, fmt.Sprintf("Since t0%+v, want t0%+v", got.Since.Sub(t0), want.Since.Sub(t0)))
	}
	if want.Until.IsZero() != got.Until.IsZero() || !want.Until.IsZero() && !got.Until.Equal(want.Until) {
		diffs = append(diffs, fmt.Sprintf("Until %s, want %s", rel(got.Until), rel(want.Until)))
	}
	if got.Step != want.Step {
		diffs = append(diffs, fmt.Sprintf("Step %d, want %d", got.Step, want.Step))
	}
	if got.Attempts != want.Attempts {
		diffs = append(diffs, fmt.Sprintf("Attempts %d, want %d", got.Attempts, want.Attempts))
	}
	if len(diffs) > 0 {
		t.Fatalf("%s: %s", call, strings.Join(diffs, "; "))
	}
}

func rel(u time.Time) string {
	if u.IsZero() {
		return "zero (permanent)"
	}
	return "t0+" + u.Sub(t0).String()
}

func getter(t *testing.T, s suppress.Store) suppress.Getter {
	t.Helper()
	g, ok := s.(suppress.Getter)
	if !ok {
		t.Skipf("%T does not implement suppress.Getter", s)
	}
	return g
}

func get(t *testing.T, g suppress.Getter, a string, sc suppress.Scope, now time.Time) (suppress.Entry, bool) {
	t.Helper()
	e, ok, err := g.Get(context.Background(), a, sc, now)
	if err != nil {
		t.Fatalf("Get(%q, %v) error: %v", a, sc, err)
	}
	return e, ok
}

const addr = "user@example.com"

func testEmpty(t *testing.T, newStore NewStore) {
	s := newStore(t, suppress.Policy{})
	d := allow(t, s, addr, suppress.Global, t0)
	if !d.Allowed || d.Entry != (suppress.Entry{}) {
		t.Fatalf("Allow(%q) on an empty store = %+v, want allowed with a zero Entry", addr, d)
	}
	d = record(t, s, suppress.Event{Addr: addr, Outcome: suppress.Delivered}, t0)
	if !d.Allowed {
		t.Fatalf("Record(delivered) = %+v, want allowed", d)
	}
	if ok, err := s.Remove(context.Background(), addr, suppress.Global); ok || err != nil {
		t.Fatalf("Remove(%q) on an empty store = %v, %v, want false, nil", addr, ok, err)
	}
}

func testNormalize(t *testing.T, newStore NewStore) {
	tests := []struct{ in, want string }{
		{"user@example.com", "user@example.com"},
		{"  User@EXAMPLE.com ", "user@example.com"},
		{"<USER@Example.Com>", "user@example.com"},
		{"user@example.com.", "user@example.com"},
		{"a.b+tag@Sub.Example.ORG", "a.b+tag@sub.example.org"},
		{"info@bücher.example", "info@xn--bcher-kva.example"},
		{"info@BÜCHER.example", "info@xn--bcher-kva.example"},
		{"info@xn--bcher-kva.example", "info@xn--bcher-kva.example"},
		{"Ünïcode@example.net", "ünïcode@example.net"},
		{"x@[192.0.2.1]", "x@[192.0.2.1]"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			s := newStore(t, suppress.Policy{})
			d := record(t, s, suppress.Event{Addr: tt.in, Outcome: suppress.Suppressed}, t0)
			if d.Allowed || d.Entry.Addr != tt.want {
				t.Fatalf("Record(suppressed %q) = %+v, want suppressed with Addr %q", tt.in, d, tt.want)
			}
			if n, err := suppress.Normalize(tt.in); err != nil || n != tt.want {
				t.Fatalf("Normalize(%q) = %q, %v, want %q", tt.in, n, err, tt.want)
			}
			e := wantSuppressed(t, s, tt.want, suppress.Global, t0.Add(hour))
			if e.Addr != tt.want {
				t.Fatalf("Allow(%q).Entry.Addr = %q, want %q", tt.want, e.Addr, tt.want)
			}
			wantSuppressed(t, s, tt.in, suppress.Global, t0.Add(hour))
			wantAllowed(t, s, "other@example.com", suppress.Global, t0.Add(hour))
		})
	}
}

var invalidAddrs = []string{
	"",
	"   ",
	"no-at-sign",
	"@example.com",
	"user@",
	"user@@example.com",
	"us er@example.com",
	"user@exa mple.com",
	"user\x00@example.com",
	"user@example..com",
	"user@-example.com",
	"user@exam\nple.com",
	"\xff\xfe@example.com",
	strings.Repeat("a", 65) + "@example.com",
	"user@" + strings.Repeat("a", 64) + ".example",
	"user@" + strings.Repeat("abcdefgh.", 30) + "example",
	strings.Repeat("x", 2000),
}

func testInvalidAddress(t *testing.T, newStore NewStore) {
	s := newStore(t, suppress.Policy{})
	ctx := context.Background()
	for _, a := range invalidAddrs {
		d, err := s.Allow(ctx, a, suppress.Global, t0)
		if !errors.Is(err, suppress.ErrInvalidAddress) || d.Allowed {
			t.Errorf("Allow(%q) = %+v, %v, want not allowed and an error wrapping ErrInvalidAddress", a, d, err)
		}
		if _, err := s.Record(ctx, hard(a), t0); !errors.Is(err, suppress.ErrInvalidAddress) {
			t.Errorf("Record(hard %q) error = %v, want ErrInvalidAddress", a, err)
		}
		if _, err := s.Remove(ctx, a, suppress.Global); !errors.Is(err, suppress.ErrInvalidAddress) {
			t.Errorf("Remove(%q) error = %v, want ErrInvalidAddress", a, err)
		}
		if _, err := suppress.Normalize(a); !errors.Is(err, suppress.ErrInvalidAddress) {
			t.Errorf("Normalize(%q) error = %v, want ErrInvalidAddress", a, err)
		}
	}
}

func testKeepLocalCase(t *testing.T, newStore NewStore) {
	s := newStore(t, suppress.Policy{KeepLocalCase: true})
	record(t, s, hard("Alice@EXAMPLE.com"), t0)
	e := wantSuppressed(t, s, "Alice@example.com", suppress.Global, t0.Add(hour))
	if e.Addr != "Alice@example.com" {
		t.Fatalf("Allow(%q).Entry.Addr = %q, want %q", "Alice@example.com", e.Addr, "Alice@example.com")
	}
	wantAllowed(t, s, "alice@example.com", suppress.Global, t0.Add(hour))
}

func testInvalidInput(t *testing.T, newStore NewStore) {
	s := newStore(t, suppress.Policy{})
	ctx := context.Background()
	bad := []suppress.Scope{
		{Tenant: "a\x00b"},
		{Tenant: "t", List: "l\nx"},
		{List: strings.Repeat("l", 256)},
		{Tenant: "\xff"},
	}
	for _, sc := range bad {
		if d, err := s.Allow(ctx, addr, sc, t0); err == nil || d.Allowed {
			t.Errorf("Allow(%q, scope %q) = %+v, %v, want an error", addr, sc, d, err)
		}
		if _, err := s.Record(ctx, in(hard(addr), sc), t0); err == nil {
			t.Errorf("Record(hard, scope %q) error = nil, want an error", sc)
		}
	}
	if _, err := s.Record(ctx, suppress.Event{Addr: addr, Outcome: "exploded"}, t0); err == nil {
		t.Errorf("Record(outcome %q) error = nil, want an error", "exploded")
	}
}

func testDefaultSchedule(t *testing.T, newStore NewStore) {
	s := newStore(t, suppress.Policy{})
	want := suppress.Entry{Addr: addr, Kind: suppress.Bounce, Reason: bounce.ReasonUserUnknown, Since: t0, Until: t0.Add(24 * hour)}
	d := record(t, s, hard(addr), t0)
	if d.Allowed {
		t.Fatalf("Record(hard) = allowed, want suppressed")
	}
	checkEntry(t, "Record(hard)", d.Entry, want)

	// Attempts during the lease: 48 h, 96 h, 7 d, 14 d, then 14 d again,
	// each counted from the attempt.
	steps := []time.Duration{48 * hour, 96 * hour, 7 * day, 14 * day, 14 * day, 14 * day}
	now := t0
	for i, dur := range steps {
		now = now.Add(hour)
		e := wantSuppressed(t, s, addr, suppress.Global, now)
		want.Step = min(i+1, 4)
		want.Attempts = i + 1
		want.Until = now.Add(dur)
		checkEntry(t, fmt.Sprintf("Allow attempt %d at %s", i+1, rel(now)), e, want)
	}
	// No attempt during the last lease: it ends at Until.
	if g, ok := s.(suppress.Getter); ok {
		e, found := get(t, g, addr, suppress.Global, want.Until.Add(-time.Second))
		if !found {
			t.Fatalf("Get one second before Until = not found, want the lease")
		}
		checkEntry(t, "Get before Until", e, want)
		if e, found := get(t, g, addr, suppress.Global, want.Until); found {
			t.Fatalf("Get at Until = %+v, want not found", e)
		}
	}
	now = want.Until
	wantAllowed(t, s, addr, suppress.Global, now)
	// A new hard bounce starts a new cycle at 24 h.
	d = record(t, s, hard(addr), now)
	checkEntry(t, "Record(hard) after expiry", d.Entry, suppress.Entry{
		Addr: addr, Kind: suppress.Bounce, Since: now, Until: now.Add(24 * hour),
	})
	wantSuppressed(t, s, addr, suppress.Global, now.Add(23*hour))
}

// lease is the suite's model of one hard-bounce lease.
type lease struct {
	active         bool
	step, attempts int
	since, until   time.Time
}

func (l *lease) attempt(p suppress.Lease, now time.Time) bool {
	if !l.active || !now.Before(l.until) {
		*l = lease{}
		return false
	}
	l.attempts++
	l.step = min(l.step+1, p.Last())
	l.until = p.Next(l.step, now)
	return true
}

func testLeaseDayByDay(t *testing.T, newStore NewStore) {
	// Attempt on some days and not on others; a hard bounce follows every
	// attempt that is let through. Compare each day with the model.
	attemptDays := map[int]bool{}
	for _, d := range []int{1, 2, 3, 4, 5, 6, 9, 12, 20, 21, 22, 23, 24, 40, 41, 42, 43, 44, 45, 46, 47, 48, 75, 76} {
		attemptDays[d] = true
	}
	s := newStore(t, suppress.Policy{})
	g, hasGet := s.(suppress.Getter)
	var p suppress.Lease
	l := lease{active: true, since: t0, until: p.Next(0, t0)}
	record(t, s, hard(addr), t0)
	for d := 1; d <= 120; d++ {
		now := t0.Add(time.Duration(d) * day)
		if attemptDays[d] {
			dec := allow(t, s, addr, suppress.Global, now)
			if l.attempt(p, now) {
				if dec.Allowed {
					t.Fatalf("day %d: Allow = allowed, want suppressed (model %+v)", d, l)
				}
				checkEntry(t, fmt.Sprintf("day %d: Allow", d), dec.Entry, suppress.Entry{
					Addr: addr, Kind: suppress.Bounce, Since: l.since, Until: l.until, Step: l.step, Attempts: l.attempts,
				})
			} else {
				if !dec.Allowed {
					t.Fatalf("day %d: Allow = suppressed by %+v, want allowed", d, dec.Entry)
				}
				// The send goes out and bounces again.
				record(t, s, hard(addr), now)
				l = lease{active: true, since: now, until: p.Next(0, now)}
			}
			continue
		}
		if hasGet {
			e, found := get(t, g, addr, suppress.Global, now)
			active := l.active && now.Before(l.until)
			if found != active {
				t.Fatalf("day %d: Get found = %v, want %v (model %+v)", d, found, active, l)
			}
			if found {
				checkEntry(t, fmt.Sprintf("day %d: Get", d), e, suppress.Entry{
					Addr: addr, Kind: suppress.Bounce, Since: l.since, Until: l.until, Step: l.step, Attempts: l.attempts,
				})
			}
		}
	}
}

func testLeaseExpires(t *testing.T, newStore NewStore) {
	s := newStore(t, suppress.Policy{})
	record(t, s, hard(addr), t0)
	wantAllowed(t, s, "other@example.com", suppress.Global, t0.Add(hour))
	// No attempt during the 24 h lease: at its end the address is allowed
	// again, and stays so.
	wantAllowed(t, s, addr, suppress.Global, t0.Add(24*hour))
	wantAllowed(t, s, addr, suppress.Global, t0.Add(25*hour))
	d := record(t, s, hard(addr), t0.Add(26*hour))
	checkEntry(t, "Record(hard) after expiry", d.Entry, suppress.Entry{
		Addr: addr, Kind: suppress.Bounce, Since: t0.Add(26 * hour), Until: t0.Add(50 * hour),
	})
}

func testHardDuringLease(t *testing.T, newStore NewStore) {
	s := newStore(t, suppress.Policy{})
	record(t, s, hard(addr), t0)
	wantSuppressed(t, s, addr, suppress.Global, t0.Add(hour)) // step 1, until t0+49h
	// A late hard bounce (a send that raced the suppression) keeps the
	// step and the lease at least that long from now.
	d := record(t, s, hard(addr), t0.Add(2*hour))
	checkEntry(t, "Record(hard) during the lease", d.Entry, suppress.Entry{
		Addr: addr, Kind: suppress.Bounce, Since: t0, Until: t0.Add(50 * hour), Step: 1, Attempts: 1,
	})
	d = record(t, s, hard(addr), t0.Add(3*hour))
	if d.Allowed || !d.Entry.Until.Equal(t0.Add(51*hour)) || d.Entry.Step != 1 {
		t.Fatalf("Record(hard) at t0+3h = %+v, want step 1 until t0+51h", d)
	}
}

func testCustomSchedule(t *testing.T, newStore NewStore) {
	p := suppress.Policy{Lease: suppress.Lease{Steps: []time.Duration{time.Hour, 3 * time.Hour}}}
	s := newStore(t, p)
	d := record(t, s, hard(addr), t0)
	checkEntry(t, "Record(hard)", d.Entry, suppress.Entry{Addr: addr, Kind: suppress.Bounce, Since: t0, Until: t0.Add(hour)})
	now := t0.Add(30 * time.Minute)
	e := wantSuppressed(t, s, addr, suppress.Global, now)
	checkEntry(t, "Allow 1", e, suppress.Entry{Addr: addr, Kind: suppress.Bounce, Since: t0, Until: now.Add(3 * hour), Step: 1, Attempts: 1})
	now = now.Add(2 * hour)
	e = wantSuppressed(t, s, addr, suppress.Global, now)
	checkEntry(t, "Allow 2", e, suppress.Entry{Addr: addr, Kind: suppress.Bounce, Since: t0, Until: now.Add(3 * hour), Step: 1, Attempts: 2})
	wantAllowed(t, s, addr, suppress.Global, now.Add(3*hour))
}

func testPermanent(t *testing.T, newStore NewStore) {
	tests := []struct {
		outcome suppress.Outcome
		reason  bounce.Reason
		kind    suppress.Kind
		want    bounce.Reason
	}{
		{suppress.Complained, "", suppress.Complaint, bounce.ReasonFeedback},
		{suppress.Complained, bounce.ReasonFeedback, suppress.Complaint, bounce.ReasonFeedback},
		{suppress.Unsubscribed, "", suppress.Unsubscribe, ""},
		{suppress.Suppressed, "", suppress.Manual, ""},
		{suppress.Suppressed, bounce.ReasonSuspend, suppress.Manual, bounce.ReasonSuspend},
	}
	for _, tt := range tests {
		t.Run(string(tt.outcome)+"/"+string(tt.reason), func(t *testing.T) {
			s := newStore(t, suppress.Policy{})
			ev := suppress.Event{Addr: addr, Outcome: tt.outcome, Result: bounce.Result{Reason: tt.reason}}
			d := record(t, s, ev, t0)
			want := suppress.Entry{Addr: addr, Kind: tt.kind, Reason: tt.want, Since: t0}
			if d.Allowed {
				t.Fatalf("Record(%s) = allowed, want suppressed", tt.outcome)
			}
			checkEntry(t, "Record", d.Entry, want)
			if d.Entry.Reason != tt.want {
				t.Fatalf("Record(%s).Entry.Reason = %q, want %q", tt.outcome, d.Entry.Reason, tt.want)
			}
			for i, after := range []time.Duration{hour, 30 * day, 365 * day, 3 * 365 * day} {
				e := wantSuppressed(t, s, addr, suppress.Global, t0.Add(after))
				want.Attempts = i + 1
				checkEntry(t, "Allow at "+rel(t0.Add(after)), e, want)
			}
			// A hard bounce does not turn a permanent entry into a lease.
			d = record(t, s, hard(addr), t0.Add(4*365*day))
			checkEntry(t, "Record(hard) on a permanent entry", d.Entry, want)
			// Nor does a second permanent outcome replace it.
			d = record(t, s, suppress.Event{Addr: addr, Outcome: suppress.Suppressed}, t0.Add(4*365*day))
			checkEntry(t, "Record(suppressed) on a permanent entry", d.Entry, want)
			if ok, err := s.Remove(context.Background(), addr, suppress.Global); !ok || err != nil {
				t.Fatalf("Remove = %v, %v, want true, nil", ok, err)
			}
			wantAllowed(t, s, addr, suppress.Global, t0.Add(4*365*day))
		})
	}
}

func testPermanentOverLease(t *testing.T, newStore NewStore) {
	s := newStore(t, suppress.Policy{})
	record(t, s, hard(addr), t0)
	wantSuppressed(t, s, addr, suppress.Global, t0.Add(hour))
	d := record(t, s, suppress.Event{Addr: addr, Outcome: suppress.Complained}, t0.Add(2*hour))
	want := suppress.Entry{Addr: addr, Kind: suppress.Complaint, Reason: bounce.ReasonFeedback, Since: t0.Add(2 * hour)}
	checkEntry(t, "Record(complained) during a lease", d.Entry, want)
	e := wantSuppressed(t, s, addr, suppress.Global, t0.Add(100*day))
	want.Attempts = 1
	checkEntry(t, "Allow after 100 days", e, want)
}

func testScopes(t *testing.T, newStore NewStore) {
	var (
		global  = suppress.Global
		acme    = suppress.Scope{Tenant: "acme"}
		acmeNL  = suppress.Scope{Tenant: "acme", List: "newsletter"}
		acmeOff = suppress.Scope{Tenant: "acme", List: "offers"}
		other   = suppress.Scope{Tenant: "other"}
		otherNL = suppress.Scope{Tenant: "other", List: "newsletter"}
		shared  = suppress.Scope{List: "newsletter"}
	)
	all := []suppress.Scope{global, acme, acmeNL, acmeOff, other, otherNL, shared}
	tests := []struct {
		name       string
		at         suppress.Scope
		ev         suppress.Event
		suppressed []suppress.Scope // checks in these scopes are suppressed; all others allowed
	}{
		{"unsubscribe from one list", acmeNL,
			suppress.Event{Addr: addr, Outcome: suppress.Unsubscribed},
			[]suppress.Scope{acmeNL}},
		{"tenant-wide complaint", acme,
			suppress.Event{Addr: addr, Outcome: suppress.Complained},
			[]suppress.Scope{acme, acmeNL, acmeOff}},
		{"global hard bounce", global,
			hard(addr),
			all},
		{"list shared by all tenants", shared,
			suppress.Event{Addr: addr, Outcome: suppress.Unsubscribed},
			[]suppress.Scope{shared}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t, suppress.Policy{})
			d := record(t, s, in(tt.ev, tt.at), t0)
			if d.Allowed || d.Entry.Scope != tt.at {
				t.Fatalf("Record in %v = %+v, want suppressed in %v", tt.at, d, tt.at)
			}
			for _, sc := range all {
				d := allow(t, s, addr, sc, t0.Add(hour))
				want := slices.Contains(tt.suppressed, sc)
				if d.Allowed == want {
					t.Errorf("Allow(%q, %v) allowed = %v, want %v", addr, sc, d.Allowed, !want)
				}
				if want && d.Entry.Scope != tt.at {
					t.Errorf("Allow(%q, %v).Entry.Scope = %v, want %v", addr, sc, d.Entry.Scope, tt.at)
				}
				wantAllowed(t, s, "other@example.com", sc, t0.Add(hour))
			}
			// Remove in another scope leaves the entry.
			for _, sc := range all {
				if sc == tt.at {
					continue
				}
				if ok, err := s.Remove(context.Background(), addr, sc); ok || err != nil {
					t.Fatalf("Remove(%q, %v) = %v, %v, want false, nil", addr, sc, ok, err)
				}
			}
			wantSuppressed(t, s, addr, tt.at, t0.Add(2*hour))
			if ok, err := s.Remove(context.Background(), addr, tt.at); !ok || err != nil {
				t.Fatalf("Remove(%q, %v) = %v, %v, want true, nil", addr, tt.at, ok, err)
			}
			for _, sc := range all {
				wantAllowed(t, s, addr, sc, t0.Add(3*hour))
			}
		})
	}
	t.Run("several scopes", func(t *testing.T) {
		// Entries in the list and the tenant: a check in the list sees
		// the broader one first and counts the attempt on both.
		s := newStore(t, suppress.Policy{})
		record(t, s, in(suppress.Event{Addr: addr, Outcome: suppress.Unsubscribed}, acmeNL), t0)
		record(t, s, in(hard(addr), acme), t0)
		e := wantSuppressed(t, s, addr, acmeNL, t0.Add(hour))
		checkEntry(t, "Allow in the list", e, suppress.Entry{
			Addr: addr, Scope: acme, Kind: suppress.Bounce, Since: t0, Until: t0.Add(49 * hour), Step: 1, Attempts: 1,
		})
		if g, ok := s.(suppress.Getter); ok {
			e, _ := get(t, g, addr, acmeNL, t0.Add(hour))
			checkEntry(t, "Get in the list", e, suppress.Entry{Addr: addr, Scope: acmeNL, Kind: suppress.Unsubscribe, Since: t0, Attempts: 1})
		}
		// After the tenant's lease ends, the list entry still suppresses.
		e = wantSuppressed(t, s, addr, acmeNL, t0.Add(60*hour))
		checkEntry(t, "Allow after the lease", e, suppress.Entry{Addr: addr, Scope: acmeNL, Kind: suppress.Unsubscribe, Since: t0, Attempts: 2})
		wantAllowed(t, s, addr, acme, t0.Add(60*hour))
	})
}

func testSoftBounces(t *testing.T, newStore NewStore) {
	s := newStore(t, suppress.Policy{})
	now := t0
	for i := 1; i <= 6; i++ {
		now = now.Add(hour)
		if d := record(t, s, soft(addr), now); !d.Allowed {
			t.Fatalf("Record(soft) #%d = %+v, want allowed", i, d)
		}
		wantAllowed(t, s, addr, suppress.Global, now)
	}
	// The seventh consecutive soft bounce counts as a hard bounce.
	now = now.Add(hour)
	d := record(t, s, soft(addr), now)
	want := suppress.Entry{Addr: addr, Kind: suppress.SoftBounce, Reason: bounce.ReasonMailboxFull, Since: now, Until: now.Add(24 * hour)}
	checkEntry(t, "Record(soft) #7", d.Entry, want)
	e := wantSuppressed(t, s, addr, suppress.Global, now.Add(hour))
	want.Step, want.Attempts, want.Until = 1, 1, now.Add(hour+48*hour)
	checkEntry(t, "Allow after 7 soft bounces", e, want)

	t.Run("delivery resets", func(t *testing.T) {
		s := newStore(t, suppress.Policy{})
		for i := 0; i < 6; i++ {
			record(t, s, soft(addr), t0.Add(time.Duration(i)*hour))
		}
		record(t, s, suppress.Event{Addr: addr, Outcome: suppress.Delivered}, t0.Add(6*hour))
		for i := 0; i < 6; i++ {
			if d := record(t, s, soft(addr), t0.Add(time.Duration(7+i)*hour)); !d.Allowed {
				t.Fatalf("Record(soft) #%d after a delivery = %+v, want allowed", i+1, d)
			}
		}
		wantAllowed(t, s, addr, suppress.Global, t0.Add(13*hour))
		if d := record(t, s, soft(addr), t0.Add(14*hour)); d.Allowed {
			t.Fatalf("Record(soft) #7 after a delivery = allowed, want suppressed")
		}
	})
	t.Run("escalation resets", func(t *testing.T) {
		s := newStore(t, suppress.Policy{})
		for i := 0; i < 7; i++ {
			record(t, s, soft(addr), t0.Add(time.Duration(i)*time.Minute))
		}
		// The lease ends unattempted; the count started again at 0.
		for i := 0; i < 6; i++ {
			if d := record(t, s, soft(addr), t0.Add(2*day+time.Duration(i)*time.Minute)); !d.Allowed {
				t.Fatalf("Record(soft) #%d after the lease = %+v, want allowed", i+1, d)
			}
		}
	})
	t.Run("remove resets", func(t *testing.T) {
		s := newStore(t, suppress.Policy{})
		for i := 0; i < 6; i++ {
			record(t, s, soft(addr), t0.Add(time.Duration(i)*time.Minute))
		}
		if ok, err := s.Remove(context.Background(), addr, suppress.Global); err != nil {
			t.Fatalf("Remove = %v, %v", ok, err)
		}
		if d := record(t, s, soft(addr), t0.Add(hour)); !d.Allowed {
			t.Fatalf("Record(soft) after Remove = %+v, want allowed", d)
		}
	})
	t.Run("per scope", func(t *testing.T) {
		s := newStore(t, suppress.Policy{})
		sc := suppress.Scope{Tenant: "acme"}
		for i := 0; i < 6; i++ {
			record(t, s, soft(addr), t0.Add(time.Duration(i)*time.Minute))
		}
		if d := record(t, s, in(soft(addr), sc), t0.Add(hour)); !d.Allowed {
			t.Fatalf("Record(soft) in %v after 6 global = %+v, want allowed", sc, d)
		}
	})
}

func testSoftWindow(t *testing.T, newStore NewStore) {
	s := newStore(t, suppress.Policy{})
	// Six soft bounces within the first day...
	for i := 0; i < 6; i++ {
		record(t, s, soft(addr), t0.Add(time.Duration(i)*hour))
	}
	// ...and the seventh five days after the first starts a new run.
	now := t0.Add(5 * day)
	if d := record(t, s, soft(addr), now); !d.Allowed {
		t.Fatalf("Record(soft) five days after the first = %+v, want allowed", d)
	}
	for i := 1; i < 6; i++ {
		if d := record(t, s, soft(addr), now.Add(time.Duration(i)*day/2)); !d.Allowed {
			t.Fatalf("Record(soft) #%d of the new run = %+v, want allowed", i+1, d)
		}
	}
	if d := record(t, s, soft(addr), now.Add(3*day)); d.Allowed {
		t.Fatalf("Record(soft) #7 of the new run, within 5 days = allowed, want suppressed")
	}
}

func testSoftLimit(t *testing.T, newStore NewStore) {
	s := newStore(t, suppress.Policy{SoftLimit: 3, SoftWindow: time.Hour})
	record(t, s, soft(addr), t0)
	record(t, s, soft(addr), t0.Add(30*time.Minute))
	if d := record(t, s, soft(addr), t0.Add(time.Hour)); !d.Allowed {
		t.Fatalf("Record(soft) #3 after the 1 h window = %+v, want allowed", d)
	}
	record(t, s, soft(addr), t0.Add(70*time.Minute))
	if d := record(t, s, soft(addr), t0.Add(80*time.Minute)); d.Allowed || d.Entry.Kind != suppress.SoftBounce {
		t.Fatalf("Record(soft) #3 within the window = %+v, want suppressed by a softbounce entry", d)
	}

	never := newStore(t, suppress.Policy{SoftLimit: -1})
	for i := 0; i < 20; i++ {
		if d := record(t, never, soft(addr), t0.Add(time.Duration(i)*time.Minute)); !d.Allowed {
			t.Fatalf("SoftLimit -1: Record(soft) #%d = %+v, want allowed", i+1, d)
		}
	}
	wantAllowed(t, never, addr, suppress.Global, t0.Add(hour))
}

func testSpam(t *testing.T, newStore NewStore) {
	s := newStore(t, suppress.Policy{})
	for i := 0; i < 20; i++ {
		if d := record(t, s, spam(addr), t0.Add(time.Duration(i)*time.Minute)); !d.Allowed {
			t.Fatalf("Record(spam) #%d = %+v, want allowed", i+1, d)
		}
	}
	wantAllowed(t, s, addr, suppress.Global, t0.Add(hour))
	// Nor does a result that is not a failure.
	ev := suppress.Event{Addr: addr, Outcome: suppress.Bounced}
	if d := record(t, s, ev, t0.Add(hour)); !d.Allowed {
		t.Fatalf("Record(bounced, empty result) = %+v, want allowed", d)
	}
}

func testRemove(t *testing.T, newStore NewStore) {
	s := newStore(t, suppress.Policy{})
	ctx := context.Background()
	record(t, s, hard(addr), t0)
	if ok, err := s.Remove(ctx, "USER@Example.com", suppress.Global); !ok || err != nil {
		t.Fatalf("Remove(%q) = %v, %v, want true, nil", "USER@Example.com", ok, err)
	}
	if ok, err := s.Remove(ctx, addr, suppress.Global); ok || err != nil {
		t.Fatalf("second Remove(%q) = %v, %v, want false, nil", addr, ok, err)
	}
	wantAllowed(t, s, addr, suppress.Global, t0.Add(hour))
	// A new hard bounce starts at step 0.
	d := record(t, s, hard(addr), t0.Add(2*hour))
	checkEntry(t, "Record(hard) after Remove", d.Entry, suppress.Entry{
		Addr: addr, Kind: suppress.Bounce, Since: t0.Add(2 * hour), Until: t0.Add(26 * hour),
	})
}

func testGet(t *testing.T, newStore NewStore) {
	s := newStore(t, suppress.Policy{})
	g := getter(t, s)
	if e, ok := get(t, g, addr, suppress.Global, t0); ok {
		t.Fatalf("Get on an empty store = %+v, true, want not found", e)
	}
	record(t, s, hard(addr), t0)
	want := suppress.Entry{Addr: addr, Kind: suppress.Bounce, Reason: bounce.ReasonUserUnknown, Since: t0, Until: t0.Add(24 * hour)}
	for i := 0; i < 3; i++ { // Get counts no attempt
		e, ok := get(t, g, "User@Example.COM", suppress.Global, t0.Add(hour))
		if !ok {
			t.Fatalf("Get = not found, want the lease")
		}
		checkEntry(t, "Get", e, want)
	}
	if e, ok := get(t, g, addr, suppress.Scope{Tenant: "acme"}, t0.Add(hour)); ok {
		t.Fatalf("Get in a tenant scope = %+v, want not found (Get reads one scope)", e)
	}
	// Soft-bounce counts alone are not entries.
	for i := 0; i < 3; i++ {
		record(t, s, soft("soft@example.com"), t0)
	}
	if e, ok := get(t, g, "soft@example.com", suppress.Global, t0); ok {
		t.Fatalf("Get of an address with 3 soft bounces = %+v, want not found", e)
	}
	if _, _, err := g.Get(context.Background(), "bad address", suppress.Global, t0); !errors.Is(err, suppress.ErrInvalidAddress) {
		t.Fatalf("Get(%q) error = %v, want ErrInvalidAddress", "bad address", err)
	}
}

func adder(t *testing.T, s suppress.Store) suppress.Adder {
	t.Helper()
	a, ok := s.(suppress.Adder)
	if !ok {
		t.Skipf("%T does not implement suppress.Adder", s)
	}
	return a
}

func lister(t *testing.T, s suppress.Store) suppress.Lister {
	t.Helper()
	l, ok := s.(suppress.Lister)
	if !ok {
		t.Skipf("%T does not implement suppress.Lister", s)
	}
	return l
}

func testAdd(t *testing.T, newStore NewStore) {
	s := newStore(t, suppress.Policy{})
	a := adder(t, s)
	ctx := context.Background()
	lease := suppress.Entry{
		Addr: "Lease@Example.com", Kind: suppress.Bounce, Reason: bounce.ReasonUserUnknown,
		Since: t0.Add(-hour), Until: t0.Add(47 * hour), Step: 1, Attempts: 3,
	}
	if err := a.Add(ctx, lease, t0); err != nil {
		t.Fatalf("Add(%+v) error: %v", lease, err)
	}
	lease.Addr = "lease@example.com"
	e := wantSuppressed(t, s, lease.Addr, suppress.Global, t0.Add(hour))
	want := lease
	want.Step, want.Attempts, want.Until = 2, 4, t0.Add(hour+96*hour)
	checkEntry(t, "Allow after Add", e, want)

	// Since defaults to now; a zero Until is permanent.
	if err := a.Add(ctx, suppress.Entry{Addr: "perm@example.com", Kind: suppress.Manual}, t0); err != nil {
		t.Fatal(err)
	}
	e = wantSuppressed(t, s, "perm@example.com", suppress.Global, t0.Add(400*day))
	checkEntry(t, "Allow a permanent added entry", e, suppress.Entry{Addr: "perm@example.com", Kind: suppress.Manual, Since: t0, Attempts: 1})

	// Add replaces.
	if err := a.Add(ctx, suppress.Entry{Addr: "perm@example.com", Kind: suppress.Unsubscribe, Since: t0}, t0); err != nil {
		t.Fatal(err)
	}
	e = wantSuppressed(t, s, "perm@example.com", suppress.Global, t0.Add(hour))
	checkEntry(t, "Allow a replaced entry", e, suppress.Entry{Addr: "perm@example.com", Kind: suppress.Unsubscribe, Since: t0, Attempts: 1})

	// An expired lease is ignored.
	if err := a.Add(ctx, suppress.Entry{Addr: "old@example.com", Kind: suppress.Bounce, Since: t0.Add(-48 * hour), Until: t0.Add(-24 * hour)}, t0); err != nil {
		t.Fatal(err)
	}
	wantAllowed(t, s, "old@example.com", suppress.Global, t0)

	for _, bad := range []suppress.Entry{
		{Addr: "x@example.com", Kind: "unknown"},
		{Addr: "x@example.com"},
		{Addr: "not an address", Kind: suppress.Manual},
		{Addr: "x@example.com", Kind: suppress.Manual, Scope: suppress.Scope{Tenant: "a\x01"}},
	} {
		if err := a.Add(ctx, bad, t0); err == nil {
			t.Errorf("Add(%+v) error = nil, want an error", bad)
		}
	}
}

// listAll pages through l and drops the duplicates a Lister may return.
func listAll(t *testing.T, l suppress.Lister, limit int, now time.Time) []suppress.Entry {
	t.Helper()
	var all []suppress.Entry
	seen := map[string]bool{}
	dups := 0
	cursor := ""
	for pages := 0; ; pages++ {
		if pages > 100000 {
			t.Fatalf("List: no end after %d pages", pages)
		}
		page, next, err := l.List(context.Background(), cursor, limit, now)
		if err != nil {
			t.Fatalf("List(%q, %d) error: %v", cursor, limit, err)
		}
		if len(page) > limit {
			t.Fatalf("List(%q, %d) returned %d entries", cursor, limit, len(page))
		}
		for _, e := range page {
			k := e.Addr + "\x00" + e.Scope.Tenant + "\x00" + e.Scope.List
			if seen[k] {
				dups++
				continue
			}
			seen[k] = true
			all = append(all, e)
		}
		if next == "" {
			break
		}
		cursor = next
	}
	if dups > len(all)/2 {
		t.Fatalf("List returned %d duplicates of %d entries", dups, len(all))
	}
	sortEntries(all)
	return all
}

func sortEntries(es []suppress.Entry) {
	slices.SortFunc(es, func(a, b suppress.Entry) int {
		return strings.Compare(a.Addr+"\x00"+a.Scope.Tenant+"\x00"+a.Scope.List, b.Addr+"\x00"+b.Scope.Tenant+"\x00"+b.Scope.List)
	})
}

func testList(t *testing.T, newStore NewStore) {
	s := newStore(t, suppress.Policy{})
	a, l := adder(t, s), lister(t, s)
	ctx := context.Background()
	if page, next, err := l.List(ctx, "", 10, t0); len(page) != 0 || next != "" || err != nil {
		t.Fatalf("List on an empty store = %d entries, %q, %v, want none", len(page), next, err)
	}
	want := 0
	for i := 0; i < 250; i++ {
		e := suppress.Entry{Addr: fmt.Sprintf("user%03d@example.com", i), Kind: suppress.Manual, Since: t0}
		switch i % 5 {
		case 1:
			e.Scope = suppress.Scope{Tenant: "acme"}
		case 2:
			e.Scope = suppress.Scope{Tenant: "acme", List: "news"}
		case 3:
			e.Kind, e.Until = suppress.Bounce, t0.Add(hour) // expired when listed
		}
		if err := a.Add(ctx, e, t0); err != nil {
			t.Fatal(err)
		}
		if i%5 != 3 {
			want++
		}
	}
	// Soft-bounce counts are not listed.
	record(t, s, soft("soft@example.com"), t0)
	for _, limit := range []int{1, 7, 100, 1000} {
		got := listAll(t, l, limit, t0.Add(2*hour))
		if len(got) != want {
			t.Fatalf("List with limit %d: %d entries, want %d", limit, len(got), want)
		}
		for _, e := range got {
			if e.Kind != suppress.Manual || !e.Since.Equal(t0) {
				t.Fatalf("List returned %+v, want a manual entry since t0", e)
			}
		}
	}
	if _, _, err := l.List(ctx, "not a cursor!", 10, t0); err == nil {
		t.Fatalf("List with an invalid cursor: error = nil, want an error")
	}
}

func testExportImport(t *testing.T, newStore NewStore) {
	src := newStore(t, suppress.Policy{})
	a, l := adder(t, src), lister(t, src)
	ctx := context.Background()
	entries := []suppress.Entry{
		{Addr: "lease@example.com", Kind: suppress.Bounce, Reason: bounce.ReasonUserUnknown, Since: t0.Add(-hour), Until: t0.Add(47 * hour), Step: 1, Attempts: 3},
		{Addr: "soft@example.com", Kind: suppress.SoftBounce, Reason: bounce.ReasonMailboxFull, Since: t0, Until: t0.Add(24 * hour)},
		{Addr: "complainer@example.org", Scope: suppress.Scope{Tenant: "acme"}, Kind: suppress.Complaint, Reason: bounce.ReasonFeedback, Since: t0.Add(-30 * day), Attempts: 12},
		{Addr: "reader@example.net", Scope: suppress.Scope{Tenant: "acme", List: "news, weekly"}, Kind: suppress.Unsubscribe, Since: t0.Add(-day)},
		{Addr: "reader@example.net", Scope: suppress.Scope{List: "shared \"quoted\""}, Kind: suppress.Unsubscribe, Since: t0.Add(-day)},
		{Addr: "o'neil+tag@example.com", Kind: suppress.Manual, Since: t0},
		{Addr: "ünïcode@xn--bcher-kva.example", Kind: suppress.Manual, Reason: bounce.ReasonSuspend, Since: t0},
	}
	for _, e := range entries {
		if err := a.Add(ctx, e, t0); err != nil {
			t.Fatalf("Add(%+v) error: %v", e, err)
		}
	}
	want := listAll(t, l, 3, t0)
	if len(want) != len(entries) {
		t.Fatalf("List after adding %d entries: %d entries", len(entries), len(want))
	}
	for _, f := range []suppress.Format{suppress.CSV, suppress.JSONLines} {
		t.Run(string(f), func(t *testing.T) {
			var buf bytes.Buffer
			n, err := suppress.Export(ctx, &buf, l, f, t0)
			if err != nil || n != len(entries) {
				t.Fatalf("Export(%s) = %d, %v, want %d, nil", f, n, err, len(entries))
			}
			dst := newStore(t, suppress.Policy{})
			n, err = suppress.Import(ctx, bytes.NewReader(buf.Bytes()), adder(t, dst), f, t0)
			if err != nil || n != len(entries) {
				t.Fatalf("Import(%s) = %d, %v, want %d, nil\n%s", f, n, err, len(entries), buf.String())
			}
			got := listAll(t, lister(t, dst), 100, t0)
			if len(got) != len(want) {
				t.Fatalf("after the round trip: %d entries, want %d", len(got), len(want))
			}
			for i := range want {
				checkEntry(t, fmt.Sprintf("round trip of %q", want[i].Addr), got[i], want[i])
			}
		})
	}
}

// concurrently runs fn(i) for i in [0, n) on 32 goroutines.
func concurrently(n int, fn func(i int)) {
	const workers = 32
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Go(func() {
			for i := range next {
				fn(i)
			}
		})
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

func testConcurrentAttempts(t *testing.T, newStore NewStore) {
	const n = 10000
	s := newStore(t, suppress.Policy{})
	record(t, s, hard(addr), t0)
	now := t0.Add(hour)
	var mu sync.Mutex
	seen := make([]int, n+1) // how often each attempt number was returned
	var errs []error
	concurrently(n, func(int) {
		d, err := s.Allow(context.Background(), addr, suppress.Global, now)
		mu.Lock()
		defer mu.Unlock()
		switch {
		case err != nil:
			errs = append(errs, err)
		case d.Allowed || d.Entry.Attempts < 1 || d.Entry.Attempts > n:
			errs = append(errs, fmt.Errorf("Allow = %+v", d))
		default:
			seen[d.Entry.Attempts]++
		}
	})
	if len(errs) > 0 {
		t.Fatalf("%d of %d concurrent checks failed, first: %v", len(errs), n, errs[0])
	}
	for i := 1; i <= n; i++ {
		if seen[i] != 1 {
			t.Fatalf("attempt number %d was returned %d times, want once", i, seen[i])
		}
	}
	var p suppress.Lease
	want := suppress.Entry{Addr: addr, Kind: suppress.Bounce, Since: t0, Until: p.Next(p.Last(), now), Step: p.Last(), Attempts: n}
	if g, ok := s.(suppress.Getter); ok {
		e, _ := get(t, g, addr, suppress.Global, now)
		checkEntry(t, "Get after 10000 concurrent attempts", e, want)
	}
	e := wantSuppressed(t, s, addr, suppress.Global, now)
	want.Attempts++
	checkEntry(t, "Allow after 10000 concurrent attempts", e, want)
}

func testConcurrentSteps(t *testing.T, newStore NewStore) {
	// With a long schedule every attempt moves the lease one step: 32
	// concurrent attempts must return each step 1..32 once.
	steps := make([]time.Duration, 40)
	for i := range steps {
		steps[i] = time.Duration(i+1) * hour
	}
	p := suppress.Policy{Lease: suppress.Lease{Steps: steps}}
	s := newStore(t, p)
	record(t, s, hard(addr), t0)
	now := t0.Add(time.Minute)
	const n = 32
	var mu sync.Mutex
	seen := map[int]int{}
	var errs []error
	concurrently(n, func(int) {
		d, err := s.Allow(context.Background(), addr, suppress.Global, now)
		mu.Lock()
		defer mu.Unlock()
		if err != nil || d.Allowed {
			errs = append(errs, fmt.Errorf("Allow = %+v, %v", d, err))
			return
		}
		seen[d.Entry.Step]++
		if !d.Entry.Until.Equal(p.Lease.Next(d.Entry.Step, now)) || d.Entry.Attempts != d.Entry.Step {
			errs = append(errs, fmt.Errorf("Allow = %+v: Until or Attempts do not match the step", d.Entry))
		}
	})
	if len(errs) > 0 {
		t.Fatalf("%d of %d concurrent checks failed, first: %v", len(errs), n, errs[0])
	}
	for step := 1; step <= n; step++ {
		if seen[step] != 1 {
			t.Fatalf("step %d was returned %d times, want once (all: %v)", step, seen[step], seen)
		}
	}
}

func testConcurrentSoft(t *testing.T, newStore NewStore) {
	// 32 concurrent soft bounces: exactly the first 6 leave the address
	// allowed, and the lease starts once, at step 0.
	s := newStore(t, suppress.Policy{})
	var mu sync.Mutex
	allowed := 0
	var errs []error
	concurrently(32, func(int) {
		d, err := s.Record(context.Background(), soft(addr), t0)
		mu.Lock()
		defer mu.Unlock()
		switch {
		case err != nil:
			errs = append(errs, err)
		case d.Allowed:
			allowed++
		case d.Entry.Step != 0 || !d.Entry.Until.Equal(t0.Add(24*hour)) || d.Entry.Kind != suppress.SoftBounce:
			errs = append(errs, fmt.Errorf("Record(soft) = %+v, want a softbounce lease at step 0 until t0+24h", d.Entry))
		}
	})
	if len(errs) > 0 {
		t.Fatalf("%d concurrent soft bounces failed, first: %v", len(errs), errs[0])
	}
	if allowed != 6 {
		t.Fatalf("%d of 32 concurrent soft bounces left the address allowed, want 6", allowed)
	}
}

func testConcurrentAddresses(t *testing.T, newStore NewStore) {
	// Many addresses and scopes at once: bounces, checks and removals.
	s := newStore(t, suppress.Policy{})
	scopes := []suppress.Scope{suppress.Global, {Tenant: "acme"}, {Tenant: "acme", List: "news"}}
	var failed sync.Once
	var firstErr error
	concurrently(3000, func(i int) {
		a := fmt.Sprintf("u%d@example.com", i%300)
		sc := scopes[i%3]
		ctx := context.Background()
		var err error
		switch i % 4 {
		case 0:
			_, err = s.Record(ctx, in(hard(a), sc), t0)
		case 1:
			_, err = s.Allow(ctx, a, sc, t0.Add(hour))
		case 2:
			_, err = s.Record(ctx, in(soft(a), sc), t0)
		case 3:
			if i%100 == 3 {
				_, err = s.Remove(ctx, a, sc)
			} else {
				_, err = s.Allow(ctx, a, suppress.Scope{Tenant: "acme", List: "news"}, t0.Add(hour))
			}
		}
		if err != nil {
			failed.Do(func() { firstErr = err })
		}
	})
	if firstErr != nil {
		t.Fatalf("concurrent calls failed: %v", firstErr)
	}
	// Every address was bounced in some scope that a check in the list
	// consults, unless removed; at least the untouched ones must be
	// suppressed.
	e := wantSuppressed(t, s, "u0@example.com", suppress.Scope{Tenant: "acme", List: "news"}, t0.Add(2*hour))
	if e.Kind != suppress.Bounce && e.Kind != suppress.SoftBounce {
		t.Fatalf("Allow(u0) = suppressed by %+v, want a bounce", e)
	}
}

// Fault tests a store whose server goes away: down stops the server (or
// makes it unreachable) and up brings it back, returning once it accepts
// connections. While it is down, checks and records must fail promptly
// within a context deadline and must never report an address as allowed;
// after up, the same store must work again within 15 seconds, without being
// recreated (clients may wait a moment before they dial again).
func Fault(t *testing.T, s suppress.Store, down, up func(t *testing.T)) {
	t.Helper()
	record(t, s, hard(addr), t0)
	wantSuppressed(t, s, addr, suppress.Global, t0.Add(hour))

	down(t)
	const deadline = 2 * time.Second
	for _, a := range []string{addr, "never-seen@example.com"} {
		ctx, cancel := context.WithTimeout(context.Background(), deadline)
		start := time.Now()
		d, err := s.Allow(ctx, a, suppress.Global, t0.Add(2*hour))
		took := time.Since(start)
		cancel()
		if err == nil || d.Allowed {
			t.Fatalf("server down: Allow(%q) = %+v, %v, want an error and not allowed", a, d, err)
		}
		// The deadline is what bounds the call; the slack allows for a
		// loaded CI machine running the tests under -race.
		if took > 2*deadline {
			t.Fatalf("server down: Allow(%q) took %v, want about the %v deadline", a, took, deadline)
		}
		t.Logf("server down: Allow(%q) failed after %v: %v", a, took.Round(time.Millisecond), err)
		ctx, cancel = context.WithTimeout(context.Background(), deadline)
		_, err = s.Record(ctx, hard(a), t0.Add(2*hour))
		cancel()
		if err == nil {
			t.Fatalf("server down: Record(hard %q) error = nil, want an error", a)
		}
	}

	up(t)
	// The store reconnects by itself. The server may have lost its data,
	// so use a fresh address.
	const again = "again@example.com"
	var err error
	start := time.Now()
	for time.Since(start) < 15*time.Second {
		ctx, cancel := context.WithTimeout(context.Background(), deadline)
		_, err = s.Record(ctx, hard(again), t0.Add(3*hour))
		cancel()
		if err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond) // real reconnection, not fake time
	}
	if err != nil {
		t.Fatalf("server back: Record(hard %q) still fails: %v", again, err)
	}
	t.Logf("server back: the store worked again after %v", time.Since(start).Round(time.Millisecond))
	wantSuppressed(t, s, again, suppress.Global, t0.Add(4*hour))
	wantAllowed(t, s, "fresh@example.com", suppress.Global, t0.Add(4*hour))
}
