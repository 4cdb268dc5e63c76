// Package statetest is the conformance suite of [deliver.State]
// implementations, in the manner of testing/fstest.TestFS and package
// suppresstest: deliver's MemoryState and the shared states of packages
// redisstate and pgstate run the same tests of the rules of
// [deliver.Guard] and [deliver.Throttle].
//
//	func TestConformance(t *testing.T) {
//		statetest.Run(t, func(t *testing.T) deliver.State { return &deliver.MemoryState{} })
//	}
//
// Run covers the guard (window counting, the pause once MinSample
// recipients were attempted and the rate passed, no resume before the
// pause is over, the resume reported to exactly one caller, the second
// excess that cancels, MaxPauses, complaints, Forget), the throttle
// (strikes that pause a domain and double the pause, the reduced rate that
// admits one recipient per token, strikes during a pause that do not
// count, relief), sent-message tracking (Sent, SentTo, expiry), reports
// settled twice (Duplicate, nothing counted) and concurrency (32
// goroutines settling one campaign, gating one domain, settling one
// report; run it with -race). For a State that implements
// [deliver.GateSettler], it also covers GateSettle: the settlements
// applied in order before the gate, which sees them (in the order given
// across campaigns too), a call with no gate, an Op applied once however
// often it comes (within OpFor of its first application, whatever the
// settlement's Now), tracking, and 32 goroutines
// each settling and gating one campaign; the tests named GateSettle* pass
// (do nothing) for the others. For a [deliver.ReportClaimer], it covers
// the claim of a report: taken once, refused to a second holder and given
// again to its own, expired by the time of the request, released by its
// holder only, refused once the report is settled (even after the claim
// would have expired), and won by exactly one of 32 goroutines claiming
// one key at once; the tests named Claim* pass for the others.
//
// The suite never sleeps. The guard and throttle tests pass the time of
// each call in the requests' Now. Sent, SentTo and Handled take no time:
// an implementation judges expiry by its own clock, which the suite
// expects to be the real time (the default of every implementation), and
// the tracking tests therefore take their Now relative to time.Now: a
// message tracked two hours ago for one hour has expired.
package statetest

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/suppress"
)

// NewState returns an empty State that shares nothing with any other State
// the suite creates (use a fresh key prefix or schema per call). It may
// register cleanups with t.Cleanup.
type NewState func(t *testing.T) deliver.State

// Run runs the conformance suite against the states newState returns.
func Run(t *testing.T, newState NewState) {
	tests := []struct {
		name string
		fn   func(*testing.T, deliver.State)
	}{
		{"Empty", testEmpty},
		{"GuardWindow", testGuardWindow},
		{"GuardMinSample", testGuardMinSample},
		{"GuardPause", testGuardPause},
		{"GuardNoResumeBeforeEnd", testGuardPaused},
		{"GuardResume", testGuardResume},
		{"GuardSecondExcessCancels", testGuardCancel},
		{"GuardMaxPauses", testGuardMaxPauses},
		{"GuardComplaints", testGuardComplaints},
		{"GuardDisabledRates", testGuardDisabledRates},
		{"GuardDisabled", testGuardDisabled},
		{"NoCampaign", testNoCampaign},
		{"Forget", testForget},
		{"CampaignsApart", testCampaignsApart},
		{"ThrottleUnthrottled", testThrottleNone},
		{"ThrottleStrike", testThrottleStrike},
		{"ThrottleBackoff", testThrottleBackoff},
		{"ThrottleRelieve", testThrottleRelieve},
		{"ThrottleDisabled", testThrottleDisabled},
		{"ThrottleHeldCampaign", testThrottleHeld},
		{"Track", testTrack},
		{"TrackExpiry", testTrackExpiry},
		{"TrackAgain", testTrackAgain},
		{"Report", testReport},
		{"ReportExpiry", testReportExpiry},
		{"ConcurrentSettle", testConcurrentSettle},
		{"ConcurrentResume", testConcurrentResume},
		{"ConcurrentTokens", testConcurrentTokens},
		{"ConcurrentReport", testConcurrentReport},
		{"GateSettleOrder", testGateSettleOrder},
		{"GateSettleThrottle", testGateSettleThrottle},
		{"GateSettleOrderAcrossCampaigns", testGateSettleOrderAcross},
		{"GateSettleOnly", testGateSettleOnly},
		{"GateSettleOp", testGateSettleOp},
		{"GateSettleOpLate", testGateSettleOpLate},
		{"GateSettleTrack", testGateSettleTrack},
		{"ConcurrentGateSettle", testConcurrentGateSettle},
		{"ClaimOnce", testClaimOnce},
		{"ClaimExpiry", testClaimExpiry},
		{"ClaimRelease", testClaimRelease},
		{"ClaimHandled", testClaimHandled},
		{"ConcurrentClaim", testConcurrentClaim},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, newState(t)) })
	}
}

var ctx = context.Background()

// guard is the guard of most tests: a small sample and a one-hour pause,
// with the default rates (5 % bounces, 0.1 % complaints).
var guard = deliver.Guard{MinSample: 20, Pause: time.Hour}

// throttle is the throttle of most tests: the defaults, with a 10-minute
// cap on the pause.
var throttle = deliver.Throttle{Pause: time.Minute, MaxPause: 10 * time.Minute, Rate: 1}

// base returns the start of a test's time: now, in whole seconds, so that
// every implementation keeps it exactly.
func base() time.Time { return time.Now().Truncate(time.Second) }

func gate(t *testing.T, s deliver.State, req deliver.GateRequest) deliver.GateResult {
	t.Helper()
	r, err := s.Gate(ctx, req)
	if err != nil {
		t.Fatalf("Gate(%q, %q, %v) error: %v", req.Campaign, req.Domains, req.Now, err)
	}
	if len(r.Allowed) != len(req.Domains) || len(r.RetryAt) != len(req.Domains) {
		t.Fatalf("Gate(%q, %q): %d Allowed and %d RetryAt, want %d each",
			req.Campaign, req.Domains, len(r.Allowed), len(r.RetryAt), len(req.Domains))
	}
	return r
}

func settle(t *testing.T, s deliver.State, req deliver.SettleRequest) deliver.SettleResult {
	t.Helper()
	r, err := s.Settle(ctx, req)
	if err != nil {
		t.Fatalf("Settle(%q, %v) error: %v", req.Campaign, req.Now, err)
	}
	return r
}

func campaign(t *testing.T, s deliver.State, name string) deliver.CampaignStats {
	t.Helper()
	c, ok, err := s.Campaign(ctx, name)
	if err != nil {
		t.Fatalf("Campaign(%q) error: %v", name, err)
	}
	if !ok {
		t.Fatalf("Campaign(%q) = not found, want found", name)
	}
	return c
}

// state reads "" as active, as GateResult's doc says.
func state(c deliver.CampaignStats) deliver.CampaignState {
	if c.State == "" {
		return deliver.CampaignActive
	}
	return c.State
}

// counts sends n recipients of campaign c at now, b of them hard bounces.
func counts(t *testing.T, s deliver.State, c string, g deliver.Guard, n, b int, now time.Time) deliver.SettleResult {
	t.Helper()
	return settle(t, s, deliver.SettleRequest{Campaign: c, Attempted: n, Bounced: b, Guard: g, Throttle: throttle, Now: now})
}

// pause settles campaign c into a pause at now: 20 attempts, 2 bounces.
func pause(t *testing.T, s deliver.State, c string, g deliver.Guard, now time.Time) deliver.SettleResult {
	t.Helper()
	r := counts(t, s, c, g, 20, 2, now)
	if r.Changed != deliver.CampaignPaused {
		t.Fatalf("Settle of 2 bounces in 20 attempts: Changed = %q, want %q", r.Changed, deliver.CampaignPaused)
	}
	return r
}

func wantWindow(t *testing.T, c deliver.CampaignStats, att, b, comp int) {
	t.Helper()
	if c.Window.Attempted != att || c.Window.Bounced != b || c.Window.Complained != comp {
		t.Errorf("Window = %+v, want {Attempted:%d Bounced:%d Complained:%d}", c.Window, att, b, comp)
	}
}

func testEmpty(t *testing.T, s deliver.State) {
	if _, ok, err := s.Campaign(ctx, "none"); err != nil || ok {
		t.Errorf("Campaign(none) = %v, %v, want not found", ok, err)
	}
	if _, ok, err := s.Sent(ctx, "none@example.com"); err != nil || ok {
		t.Errorf("Sent(none) = %v, %v, want not found", ok, err)
	}
	if _, ok, err := s.SentTo(ctx, "none@example.com"); err != nil || ok {
		t.Errorf("SentTo(none) = %v, %v, want not found", ok, err)
	}
	if ok, err := s.Handled(ctx, "none"); err != nil || ok {
		t.Errorf("Handled(none) = %v, %v, want false", ok, err)
	}
	if err := s.Forget(ctx, "none"); err != nil {
		t.Errorf("Forget(none) error: %v", err)
	}
	r := gate(t, s, deliver.GateRequest{Campaign: "c", Domains: []string{"example.com"}, Guard: guard, Throttle: throttle, Now: base()})
	if state(r.Campaign) != deliver.CampaignActive || r.Resumed || !r.Allowed[0] {
		t.Errorf("Gate of a new campaign = %+v, want active and allowed", r)
	}
	if r := gate(t, s, deliver.GateRequest{Guard: guard, Throttle: throttle, Now: base()}); len(r.Allowed) != 0 {
		t.Errorf("Gate with no domains = %+v, want no answers", r)
	}
}

func testGuardWindow(t *testing.T, s deliver.State) {
	now := base()
	counts(t, s, "c", guard, 5, 0, now)
	r := settle(t, s, deliver.SettleRequest{Campaign: "c", Attempted: 3, Bounced: 1, Complained: 0, Guard: guard, Throttle: throttle, Now: now})
	wantWindow(t, r.Campaign, 8, 1, 0)
	if r.Changed != "" || state(r.Campaign) != deliver.CampaignActive {
		t.Errorf("Settle below MinSample: Changed %q, state %q; want no change, active", r.Changed, r.Campaign.State)
	}
	// An asynchronous bounce counts a bounce and no attempt.
	counts(t, s, "c", guard, 0, 1, now.Add(time.Minute))
	c := campaign(t, s, "c")
	wantWindow(t, c, 8, 2, 0)
	if c.Attempted != 8 || c.Bounced != 2 {
		t.Errorf("Counters: Attempted %d, Bounced %d; want 8, 2", c.Attempted, c.Bounced)
	}
	if c.Pauses != 0 || !c.PausedUntil.IsZero() {
		t.Errorf("Pauses %d, PausedUntil %v; want 0, zero", c.Pauses, c.PausedUntil)
	}
	// Gate reads the same state.
	g := gate(t, s, deliver.GateRequest{Campaign: "c", Guard: guard, Throttle: throttle, Now: now.Add(time.Minute)})
	wantWindow(t, g.Campaign, 8, 2, 0)
}

func testGuardMinSample(t *testing.T, s deliver.State) {
	now := base()
	// Every recipient bounces, but 19 are not a sample.
	if r := counts(t, s, "c", guard, 19, 19, now); r.Changed != "" {
		t.Fatalf("19 bounces in 19 attempts: Changed = %q, want none (MinSample 20)", r.Changed)
	}
	r := counts(t, s, "c", guard, 1, 0, now)
	if r.Changed != deliver.CampaignPaused {
		t.Fatalf("the 20th attempt: Changed = %q, want paused", r.Changed)
	}
	// Exactly at the rate is not over it: 1 in 20 is 5 %.
	if r := counts(t, s, "d", guard, 20, 1, now); r.Changed != "" {
		t.Errorf("1 bounce in 20 (5 %%): Changed = %q, want none", r.Changed)
	}
	if r := counts(t, s, "d", guard, 0, 1, now); r.Changed != deliver.CampaignPaused {
		t.Errorf("2 bounces in 20 (10 %%): Changed = %q, want paused", r.Changed)
	}
	// The default MinSample is 100.
	if r := counts(t, s, "e", deliver.Guard{}, 99, 50, now); r.Changed != "" {
		t.Errorf("50 bounces in 99 with the default guard: Changed = %q, want none", r.Changed)
	}
	if r := counts(t, s, "e", deliver.Guard{}, 1, 0, now); r.Changed != deliver.CampaignPaused {
		t.Errorf("the 100th attempt with the default guard: Changed = %q, want paused", r.Changed)
	} else if want := now.Add(24 * time.Hour); !r.Campaign.PausedUntil.Equal(want) {
		t.Errorf("default pause: PausedUntil = %v, want %v", r.Campaign.PausedUntil, want)
	}
}

func testGuardPause(t *testing.T, s deliver.State) {
	now := base()
	r := pause(t, s, "c", guard, now)
	c := r.Campaign
	if c.State != deliver.CampaignPaused || !c.PausedUntil.Equal(now.Add(time.Hour)) || c.Pauses != 1 {
		t.Errorf("after the pause: %q until %v, %d pauses; want paused until %v, 1", c.State, c.PausedUntil, c.Pauses, now.Add(time.Hour))
	}
	wantWindow(t, c, 20, 2, 0)
	// More bounces during the pause change nothing more.
	if r := counts(t, s, "c", guard, 0, 5, now.Add(time.Minute)); r.Changed != "" || r.Campaign.State != deliver.CampaignPaused || r.Campaign.Pauses != 1 {
		t.Errorf("bounces during the pause: Changed %q, %q, %d pauses; want none, paused, 1", r.Changed, r.Campaign.State, r.Campaign.Pauses)
	}
	if c := campaign(t, s, "c"); c.State != deliver.CampaignPaused || !c.PausedUntil.Equal(now.Add(time.Hour)) {
		t.Errorf("Campaign = %q until %v, want paused until %v", c.State, c.PausedUntil, now.Add(time.Hour))
	}
}

func testGuardPaused(t *testing.T, s deliver.State) {
	now := base()
	pause(t, s, "c", guard, now)
	for _, d := range []time.Duration{0, time.Second, 30 * time.Minute, time.Hour - time.Millisecond} {
		r := gate(t, s, deliver.GateRequest{Campaign: "c", Domains: []string{"example.com"}, Guard: guard, Throttle: throttle, Now: now.Add(d)})
		if r.Campaign.State != deliver.CampaignPaused || r.Resumed {
			t.Errorf("Gate %v into the pause: %q, resumed %v; want paused, not resumed", d, r.Campaign.State, r.Resumed)
		}
		if !r.Campaign.PausedUntil.Equal(now.Add(time.Hour)) {
			t.Errorf("Gate %v into the pause: PausedUntil %v, want %v", d, r.Campaign.PausedUntil, now.Add(time.Hour))
		}
	}
}

func testGuardResume(t *testing.T, s deliver.State) {
	now := base()
	pause(t, s, "c", guard, now)
	end := now.Add(time.Hour)
	r := gate(t, s, deliver.GateRequest{Campaign: "c", Domains: []string{"example.com"}, Guard: guard, Throttle: throttle, Now: end})
	if !r.Resumed || r.Campaign.State != deliver.CampaignActive || !r.Allowed[0] {
		t.Fatalf("Gate at the end of the pause = %+v, want resumed, active, allowed", r)
	}
	if !r.Campaign.PausedUntil.IsZero() || r.Campaign.Pauses != 1 {
		t.Errorf("after the resume: PausedUntil %v, Pauses %d; want zero, 1", r.Campaign.PausedUntil, r.Campaign.Pauses)
	}
	wantWindow(t, r.Campaign, 0, 0, 0)
	if r.Campaign.Attempted != 20 || r.Campaign.Bounced != 2 {
		t.Errorf("after the resume: Counters %d attempted, %d bounced; want 20, 2 (all-time)", r.Campaign.Attempted, r.Campaign.Bounced)
	}
	if r := gate(t, s, deliver.GateRequest{Campaign: "c", Guard: guard, Throttle: throttle, Now: end.Add(time.Second)}); r.Resumed || r.Campaign.State != deliver.CampaignActive {
		t.Errorf("second Gate after the pause: resumed %v, %q; want not resumed, active", r.Resumed, r.Campaign.State)
	}
	// The new window judges the mail sent since: 1 bounce in 20 passes.
	if r := counts(t, s, "c", guard, 20, 1, end.Add(time.Minute)); r.Changed != "" {
		t.Errorf("1 bounce in 20 after the resume: Changed = %q, want none", r.Changed)
	}
}

func testGuardCancel(t *testing.T, s deliver.State) {
	now := base()
	pause(t, s, "c", guard, now)
	end := now.Add(time.Hour)
	gate(t, s, deliver.GateRequest{Campaign: "c", Guard: guard, Throttle: throttle, Now: end})
	r := counts(t, s, "c", guard, 20, 2, end.Add(time.Minute))
	if r.Changed != deliver.CampaignCancelled || r.Campaign.State != deliver.CampaignCancelled {
		t.Fatalf("second excess: Changed %q, state %q; want cancelled", r.Changed, r.Campaign.State)
	}
	if !r.Campaign.PausedUntil.IsZero() {
		t.Errorf("cancelled: PausedUntil %v, want zero", r.Campaign.PausedUntil)
	}
	for _, d := range []time.Duration{time.Hour, 48 * time.Hour} {
		g := gate(t, s, deliver.GateRequest{Campaign: "c", Guard: guard, Throttle: throttle, Now: end.Add(d)})
		if g.Campaign.State != deliver.CampaignCancelled || g.Resumed {
			t.Errorf("Gate %v after the cancel: %q, resumed %v; want cancelled", d, g.Campaign.State, g.Resumed)
		}
	}
	if r := counts(t, s, "c", guard, 20, 20, end.Add(2*time.Hour)); r.Changed != "" {
		t.Errorf("bounces after the cancel: Changed = %q, want none", r.Changed)
	}
}

func testGuardMaxPauses(t *testing.T, s deliver.State) {
	g := guard
	g.MaxPauses = 2
	now := base()
	for i := 1; i <= 2; i++ {
		r := pause(t, s, "c", g, now)
		if r.Campaign.Pauses != i {
			t.Fatalf("pause %d: Pauses = %d", i, r.Campaign.Pauses)
		}
		now = now.Add(time.Hour)
		if r := gate(t, s, deliver.GateRequest{Campaign: "c", Guard: g, Throttle: throttle, Now: now}); !r.Resumed {
			t.Fatalf("Gate after pause %d: not resumed", i)
		}
	}
	if r := counts(t, s, "c", g, 20, 2, now); r.Changed != deliver.CampaignCancelled || r.Campaign.Pauses != 2 {
		t.Errorf("third excess with MaxPauses 2: Changed %q, Pauses %d; want cancelled, 2", r.Changed, r.Campaign.Pauses)
	}
}

func testGuardComplaints(t *testing.T, s deliver.State) {
	now := base()
	// One complaint in 1000 is 0.1 %: not over the default rate.
	r := settle(t, s, deliver.SettleRequest{Campaign: "c", Attempted: 1000, Complained: 1, Guard: guard, Throttle: throttle, Now: now})
	if r.Changed != "" {
		t.Fatalf("1 complaint in 1000: Changed = %q, want none", r.Changed)
	}
	r = settle(t, s, deliver.SettleRequest{Campaign: "c", Complained: 1, Guard: guard, Throttle: throttle, Now: now})
	if r.Changed != deliver.CampaignPaused {
		t.Fatalf("2 complaints in 1000: Changed = %q, want paused", r.Changed)
	}
	wantWindow(t, r.Campaign, 1000, 0, 2)
	if c := campaign(t, s, "c"); c.Complained != 2 {
		t.Errorf("Counters.Complained = %d, want 2", c.Complained)
	}
}

func testGuardDisabledRates(t *testing.T, s deliver.State) {
	now := base()
	g := guard
	g.MaxBounceRate = -1
	if r := counts(t, s, "b", g, 20, 20, now); r.Changed != "" {
		t.Errorf("bounce rate disabled, all bounced: Changed = %q, want none", r.Changed)
	}
	g = guard
	g.MaxComplaintRate = -1
	if r := settle(t, s, deliver.SettleRequest{Campaign: "c", Attempted: 20, Complained: 20, Guard: g, Throttle: throttle, Now: now}); r.Changed != "" {
		t.Errorf("complaint rate disabled, all complained: Changed = %q, want none", r.Changed)
	}
	g = guard
	g.MaxBounceRate = 0.5
	if r := counts(t, s, "d", g, 20, 10, now); r.Changed != "" {
		t.Errorf("10 in 20 at a 50 %% limit: Changed = %q, want none", r.Changed)
	}
	if r := counts(t, s, "d", g, 0, 1, now); r.Changed != deliver.CampaignPaused {
		t.Errorf("11 in 20 at a 50 %% limit: Changed = %q, want paused", r.Changed)
	}
}

func testGuardDisabled(t *testing.T, s deliver.State) {
	g := guard
	g.Disabled = true
	now := base()
	r := counts(t, s, "c", g, 20, 20, now)
	if r.Changed != "" || state(r.Campaign) != deliver.CampaignActive {
		t.Errorf("guard disabled, all bounced: Changed %q, state %q; want none, active", r.Changed, r.Campaign.State)
	}
	if r := gate(t, s, deliver.GateRequest{Campaign: "c", Guard: g, Throttle: throttle, Now: now}); state(r.Campaign) != deliver.CampaignActive {
		t.Errorf("Gate with the guard disabled: %q, want active", r.Campaign.State)
	}
}

func testNoCampaign(t *testing.T, s deliver.State) {
	now := base()
	r := settle(t, s, deliver.SettleRequest{Attempted: 50, Bounced: 50, Guard: guard, Throttle: throttle, Now: now})
	if r.Changed != "" || r.Campaign.Window.Attempted != 0 || r.Campaign.Pauses != 0 {
		t.Errorf("Settle of no campaign = %+v, want no change and no counts", r)
	}
	g := gate(t, s, deliver.GateRequest{Domains: []string{"example.com"}, Guard: guard, Throttle: throttle, Now: now})
	if state(g.Campaign) != deliver.CampaignActive || g.Resumed || g.Campaign.Window.Attempted != 0 || !g.Allowed[0] {
		t.Errorf("Gate of no campaign = %+v, want zero campaign, allowed", g)
	}
	if _, ok, err := s.Campaign(ctx, ""); err != nil || ok {
		t.Errorf(`Campaign("") = %v, %v; want not found`, ok, err)
	}
}

func testForget(t *testing.T, s deliver.State) {
	now := base()
	pause(t, s, "c", guard, now)
	counts(t, s, "other", guard, 3, 0, now)
	if err := s.Forget(ctx, "c"); err != nil {
		t.Fatalf("Forget(c) error: %v", err)
	}
	if _, ok, err := s.Campaign(ctx, "c"); err != nil || ok {
		t.Errorf("Campaign(c) after Forget = %v, %v; want not found", ok, err)
	}
	r := gate(t, s, deliver.GateRequest{Campaign: "c", Guard: guard, Throttle: throttle, Now: now.Add(time.Minute)})
	if state(r.Campaign) != deliver.CampaignActive || r.Resumed || r.Campaign.Pauses != 0 {
		t.Errorf("Gate after Forget = %+v, want active afresh", r.Campaign)
	}
	// Forgotten, the campaign starts afresh: one pause, then the cancel.
	if r := pause(t, s, "c", guard, now.Add(time.Minute)); r.Campaign.Pauses != 1 {
		t.Errorf("pause after Forget: Pauses %d, want 1", r.Campaign.Pauses)
	}
	if c := campaign(t, s, "other"); c.Window.Attempted != 3 {
		t.Errorf("Forget(c) changed another campaign: %+v", c.Window)
	}
}

func testCampaignsApart(t *testing.T, s deliver.State) {
	now := base()
	pause(t, s, "a", guard, now)
	// Names that share a prefix, or hold the characters of key syntax,
	// are distinct campaigns.
	for _, name := range []string{"a:", "a}", "{a}", "a b", "ä"} {
		if r := gate(t, s, deliver.GateRequest{Campaign: name, Guard: guard, Throttle: throttle, Now: now}); state(r.Campaign) != deliver.CampaignActive {
			t.Errorf("Gate(%q) after pausing %q: %q, want active", name, "a", r.Campaign.State)
		}
		counts(t, s, name, guard, 1, 0, now)
		if c := campaign(t, s, name); c.Window.Attempted != 1 {
			t.Errorf("Campaign(%q).Window.Attempted = %d, want 1", name, c.Window.Attempted)
		}
	}
}

func testThrottleNone(t *testing.T, s deliver.State) {
	now := base()
	doms := []string{"a.example", "a.example", "a.example", "b.example"}
	r := gate(t, s, deliver.GateRequest{Domains: doms, Guard: guard, Throttle: throttle, Now: now})
	for i, ok := range r.Allowed {
		if !ok || !r.RetryAt[i].IsZero() {
			t.Errorf("unthrottled Gate: Allowed[%d] %v, RetryAt %v; want allowed", i, ok, r.RetryAt[i])
		}
	}
	// A delivery to an unthrottled domain changes nothing.
	settle(t, s, deliver.SettleRequest{Relieve: doms, Guard: guard, Throttle: throttle, Now: now})
	r = gate(t, s, deliver.GateRequest{Domains: doms, Guard: guard, Throttle: throttle, Now: now})
	if slices.Contains(r.Allowed, false) {
		t.Errorf("after Relieve of unthrottled domains: Allowed %v, want all", r.Allowed)
	}
}

// allowed gates the domains at now and returns Allowed and RetryAt.
func allowed(t *testing.T, s deliver.State, th deliver.Throttle, now time.Time, doms ...string) ([]bool, []time.Time) {
	t.Helper()
	r := gate(t, s, deliver.GateRequest{Domains: doms, Guard: guard, Throttle: th, Now: now})
	return r.Allowed, r.RetryAt
}

func strike(t *testing.T, s deliver.State, th deliver.Throttle, now time.Time, doms ...string) {
	t.Helper()
	settle(t, s, deliver.SettleRequest{Strike: doms, Guard: guard, Throttle: th, Now: now})
}

// near reports whether a and b are within a millisecond, the precision
// that every implementation keeps.
func near(a, b time.Time) bool {
	d := a.Sub(b)
	return d > -time.Millisecond && d < time.Millisecond
}

func testThrottleStrike(t *testing.T, s deliver.State) {
	t0 := base()
	const a, b = "a.example", "b.example"
	strike(t, s, throttle, t0, a)
	ok, at := allowed(t, s, throttle, t0.Add(30*time.Second), a, b)
	if ok[0] || !near(at[0], t0.Add(time.Minute)) || !ok[1] {
		t.Fatalf("Gate during the pause: Allowed %v, RetryAt %v; want [false true], %v", ok, at, t0.Add(time.Minute))
	}
	// A strike during the pause (a reply to a send already under way)
	// does not count again.
	strike(t, s, throttle, t0.Add(40*time.Second), a)
	end := t0.Add(time.Minute)
	ok, at = allowed(t, s, throttle, end, a, a, b)
	if !ok[0] || ok[1] || !ok[2] {
		t.Fatalf("Gate at the end of the pause: Allowed %v, want [true false true] (one token a second)", ok)
	}
	if !near(at[1], end.Add(time.Second)) {
		t.Errorf("second recipient: RetryAt %v, want %v", at[1], end.Add(time.Second))
	}
	ok, at = allowed(t, s, throttle, end.Add(500*time.Millisecond), a)
	if ok[0] || !near(at[0], end.Add(time.Second)) {
		t.Errorf("Gate half a second later: %v, %v; want denied until %v", ok[0], at[0], end.Add(time.Second))
	}
	if ok, _ = allowed(t, s, throttle, end.Add(time.Second), a); !ok[0] {
		t.Errorf("Gate a second later: denied, want allowed")
	}
	// Tokens do not pile up beyond one.
	later := end.Add(time.Minute)
	if ok, _ = allowed(t, s, throttle, later, a, a); !ok[0] || ok[1] {
		t.Errorf("Gate after a minute without sends: %v, want [true false] (burst 1)", ok)
	}
}

func testThrottleBackoff(t *testing.T, s deliver.State) {
	const a = "a.example"
	now := base()
	// Pauses of 1, 2, 4, 8 minutes, then the 10-minute cap; the rate
	// halves with each strike: a token every 1, 2, 4, 8, 16, 32 seconds.
	for i, want := range []time.Duration{1, 2, 4, 8, 10, 10} {
		strike(t, s, throttle, now, a)
		pause := want * time.Minute
		ok, at := allowed(t, s, throttle, now, a)
		if ok[0] || !near(at[0], now.Add(pause)) {
			t.Fatalf("strike %d: Gate = %v until %v, want denied until %v", i+1, ok[0], at[0], now.Add(pause))
		}
		now = now.Add(pause)
		ok, at = allowed(t, s, throttle, now, a, a)
		every := time.Second << i
		if !ok[0] || ok[1] || !near(at[1], now.Add(every)) {
			t.Fatalf("strike %d, end of the pause: Allowed %v, RetryAt %v; want [true false], %v", i+1, ok, at[1], now.Add(every))
		}
	}
}

func testThrottleRelieve(t *testing.T, s deliver.State) {
	const a = "a.example"
	now := base()
	strike(t, s, throttle, now, a)
	now = now.Add(time.Minute)
	strike(t, s, throttle, now, a) // two strikes: paused 2 minutes
	now = now.Add(2 * time.Minute)
	if ok, _ := allowed(t, s, throttle, now, a); !ok[0] {
		t.Fatalf("Gate after the second pause: denied")
	}
	// One delivery takes one strike away: still limited.
	settle(t, s, deliver.SettleRequest{Relieve: []string{a}, Guard: guard, Throttle: throttle, Now: now})
	if ok, _ := allowed(t, s, throttle, now, a); ok[0] {
		t.Errorf("Gate after one relief of two strikes: allowed twice in the same instant, want limited")
	}
	// The second takes the domain out of the throttle.
	settle(t, s, deliver.SettleRequest{Relieve: []string{a}, Guard: guard, Throttle: throttle, Now: now})
	if ok, _ := allowed(t, s, throttle, now, a, a, a); slices.Contains(ok, false) {
		t.Errorf("Gate after relieving every strike: %v, want all allowed", ok)
	}
	// A new strike starts afresh: one minute.
	strike(t, s, throttle, now, a)
	if ok, at := allowed(t, s, throttle, now, a); ok[0] || !near(at[0], now.Add(time.Minute)) {
		t.Errorf("new first strike: %v until %v, want denied until %v", ok[0], at[0], now.Add(time.Minute))
	}
	// Two deliveries in one Settle take two strikes away.
	strike(t, s, throttle, now.Add(time.Minute), a)
	settle(t, s, deliver.SettleRequest{Relieve: []string{a, a}, Guard: guard, Throttle: throttle, Now: now.Add(time.Minute)})
	if ok, _ := allowed(t, s, throttle, now.Add(time.Minute), a, a); slices.Contains(ok, false) {
		t.Errorf("Gate after two reliefs in one Settle: %v, want all allowed", ok)
	}
}

func testThrottleDisabled(t *testing.T, s deliver.State) {
	const a = "a.example"
	now := base()
	strike(t, s, throttle, now, a)
	off := throttle
	off.Disabled = true
	if ok, _ := allowed(t, s, off, now, a, a); slices.Contains(ok, false) {
		t.Errorf("Gate with the throttle disabled: %v, want all allowed", ok)
	}
}

func testThrottleHeld(t *testing.T, s deliver.State) {
	const a = "a.example"
	now := base()
	strike(t, s, throttle, now, a)
	pause(t, s, "c", guard, now)
	end := now.Add(time.Minute)
	// The recipients of a paused campaign are not sent: they take no
	// token of their domain.
	r := gate(t, s, deliver.GateRequest{Campaign: "c", Domains: []string{a, a}, Guard: guard, Throttle: throttle, Now: end})
	if r.Campaign.State != deliver.CampaignPaused {
		t.Fatalf("Gate of the paused campaign: %q, want paused", r.Campaign.State)
	}
	if ok, _ := allowed(t, s, throttle, end, a); !ok[0] {
		t.Errorf("the Gate of a paused campaign took the domain's token")
	}
}

func sentEqual(a, b deliver.SentMessage) bool {
	return a.ID == b.ID && a.Campaign == b.Campaign && a.Scope == b.Scope &&
		slices.Equal(a.Rcpts, b.Rcpts) && a.Sent.Equal(b.Sent)
}

func track(t *testing.T, s deliver.State, m deliver.SentMessage, d time.Duration, now time.Time) {
	t.Helper()
	settle(t, s, deliver.SettleRequest{Campaign: m.Campaign, Track: &m, TrackFor: d, Guard: guard, Throttle: throttle, Now: now})
}

func wantSent(t *testing.T, s deliver.State, id string, want deliver.SentMessage) {
	t.Helper()
	got, ok, err := s.Sent(ctx, id)
	if err != nil || !ok || !sentEqual(got, want) {
		t.Errorf("Sent(%q) = %+v, %v, %v; want %+v", id, got, ok, err, want)
	}
}

func wantSentTo(t *testing.T, s deliver.State, rcpt string, want deliver.SentMessage) {
	t.Helper()
	got, ok, err := s.SentTo(ctx, rcpt)
	if err != nil || !ok || !sentEqual(got, want) {
		t.Errorf("SentTo(%q) = %+v, %v, %v; want %+v", rcpt, got, ok, err, want)
	}
}

func testTrack(t *testing.T, s deliver.State) {
	now := base()
	m1 := deliver.SentMessage{ID: "m1@example.net", Campaign: "spring", Scope: suppress.Scope{Tenant: "acme", List: "news"},
		Rcpts: []string{"ann@a.example", "bob@b.example"}, Sent: now}
	track(t, s, m1, time.Hour, now)
	wantSent(t, s, m1.ID, m1)
	wantSentTo(t, s, "ann@a.example", m1)
	wantSentTo(t, s, "bob@b.example", m1)
	// A later message to ann is the one SentTo returns; bob's stays.
	m2 := deliver.SentMessage{ID: "m2@example.net", Campaign: "summer", Rcpts: []string{"ann@a.example"}, Sent: now.Add(time.Second)}
	track(t, s, m2, time.Hour, now.Add(time.Second))
	wantSentTo(t, s, "ann@a.example", m2)
	wantSentTo(t, s, "bob@b.example", m1)
	wantSent(t, s, m1.ID, m1)
	// A message of no campaign and the global scope is tracked too.
	m3 := deliver.SentMessage{ID: "m3", Rcpts: []string{"cy@c.example"}, Sent: now}
	track(t, s, m3, time.Hour, now)
	wantSent(t, s, "m3", m3)
	for _, id := range []string{"m1", "<m1@example.net>", "M1@EXAMPLE.NET", ""} {
		if _, ok, err := s.Sent(ctx, id); err != nil || ok {
			t.Errorf("Sent(%q) = %v, %v; want not found", id, ok, err)
		}
	}
	if _, ok, err := s.SentTo(ctx, "dan@a.example"); err != nil || ok {
		t.Errorf("SentTo(dan@a.example) = %v, %v; want not found", ok, err)
	}
}

func testTrackExpiry(t *testing.T, s deliver.State) {
	now := base()
	old := deliver.SentMessage{ID: "old", Campaign: "c", Rcpts: []string{"ann@a.example"}, Sent: now.Add(-2 * time.Hour)}
	track(t, s, old, time.Hour, old.Sent)
	kept := deliver.SentMessage{ID: "kept", Campaign: "c", Rcpts: []string{"bob@b.example"}, Sent: now.Add(-2 * time.Hour)}
	track(t, s, kept, 3*time.Hour, kept.Sent)
	cur := deliver.SentMessage{ID: "cur", Campaign: "c", Rcpts: []string{"cy@c.example"}, Sent: now}
	track(t, s, cur, time.Hour, now)
	if _, ok, err := s.Sent(ctx, "old"); err != nil || ok {
		t.Errorf("Sent(old) tracked 2 h ago for 1 h = %v, %v; want expired", ok, err)
	}
	if _, ok, err := s.SentTo(ctx, "ann@a.example"); err != nil || ok {
		t.Errorf("SentTo(ann) of a message tracked 2 h ago for 1 h = %v, %v; want expired", ok, err)
	}
	wantSent(t, s, "kept", kept)
	wantSentTo(t, s, "bob@b.example", kept)
	wantSent(t, s, "cur", cur)
	// An expired message to a recipient does not hide a live one, nor
	// the other way round.
	again := deliver.SentMessage{ID: "again", Campaign: "d", Rcpts: []string{"ann@a.example"}, Sent: now}
	track(t, s, again, time.Hour, now)
	wantSentTo(t, s, "ann@a.example", again)
}

func testTrackAgain(t *testing.T, s deliver.State) {
	now := base()
	m := deliver.SentMessage{ID: "m", Campaign: "c", Rcpts: []string{"ann@a.example", "bob@b.example"}, Sent: now}
	track(t, s, m, time.Hour, now)
	// A retry of the same message to some of its recipients keeps the
	// others; its campaign, scope and time are replaced.
	retry := deliver.SentMessage{ID: "m", Campaign: "d", Scope: suppress.Scope{Tenant: "t"},
		Rcpts: []string{"bob@b.example", "cy@c.example"}, Sent: now.Add(time.Minute)}
	track(t, s, retry, time.Hour, now.Add(time.Minute))
	want := retry
	want.Rcpts = []string{"ann@a.example", "bob@b.example", "cy@c.example"}
	wantSent(t, s, "m", want)
	wantSentTo(t, s, "ann@a.example", want)
	wantSentTo(t, s, "cy@c.example", want)
}

func testReport(t *testing.T, s deliver.State) {
	now := base()
	req := deliver.SettleRequest{Campaign: "c", Bounced: 1, Report: "r1", ReportFor: time.Hour, Guard: guard, Throttle: throttle, Now: now}
	if r := settle(t, s, req); r.Duplicate {
		t.Fatalf("first Settle of report r1: Duplicate")
	}
	if ok, err := s.Handled(ctx, "r1"); err != nil || !ok {
		t.Errorf("Handled(r1) = %v, %v; want true", ok, err)
	}
	if ok, err := s.Handled(ctx, "r2"); err != nil || ok {
		t.Errorf("Handled(r2) = %v, %v; want false", ok, err)
	}
	// The same report again counts nothing, strikes nothing, tracks
	// nothing.
	dup := req
	dup.Now = now.Add(time.Minute)
	dup.Strike = []string{"a.example"}
	dup.Track = &deliver.SentMessage{ID: "dup", Campaign: "c", Rcpts: []string{"x@a.example"}, Sent: now}
	dup.TrackFor = time.Hour
	r := settle(t, s, dup)
	if !r.Duplicate || r.Changed != "" {
		t.Errorf("second Settle of r1: Duplicate %v, Changed %q; want true, none", r.Duplicate, r.Changed)
	}
	if c := campaign(t, s, "c"); c.Window.Bounced != 1 || c.Bounced != 1 {
		t.Errorf("after a duplicate report: Window.Bounced %d, Bounced %d; want 1, 1", c.Window.Bounced, c.Bounced)
	}
	if ok, _ := allowed(t, s, throttle, dup.Now, "a.example"); !ok[0] {
		t.Errorf("a duplicate report struck its domain")
	}
	if _, ok, err := s.Sent(ctx, "dup"); err != nil || ok {
		t.Errorf("a duplicate report tracked its message: Sent(dup) = %v, %v", ok, err)
	}
	// A report of no campaign is remembered as well.
	if r := settle(t, s, deliver.SettleRequest{Report: "r3", ReportFor: time.Hour, Guard: guard, Throttle: throttle, Now: now}); r.Duplicate {
		t.Errorf("first Settle of r3 (no campaign): Duplicate")
	}
	if r := settle(t, s, deliver.SettleRequest{Report: "r3", ReportFor: time.Hour, Guard: guard, Throttle: throttle, Now: now}); !r.Duplicate {
		t.Errorf("second Settle of r3 (no campaign): not Duplicate")
	}
	// A settlement without a report is never a duplicate.
	for range 2 {
		if r := counts(t, s, "c", guard, 1, 0, now); r.Duplicate {
			t.Errorf("Settle without a report: Duplicate")
		}
	}
}

func testReportExpiry(t *testing.T, s deliver.State) {
	now := base()
	old := now.Add(-2 * time.Hour)
	settle(t, s, deliver.SettleRequest{Campaign: "c", Bounced: 1, Report: "r1", ReportFor: time.Hour, Guard: guard, Throttle: throttle, Now: old})
	settle(t, s, deliver.SettleRequest{Campaign: "c", Bounced: 1, Report: "r2", ReportFor: 3 * time.Hour, Guard: guard, Throttle: throttle, Now: old})
	settle(t, s, deliver.SettleRequest{Campaign: "c", Attempted: 1, Guard: guard, Throttle: throttle, Now: now})
	if ok, err := s.Handled(ctx, "r1"); err != nil || ok {
		t.Errorf("Handled(r1) settled 2 h ago for 1 h = %v, %v; want false", ok, err)
	}
	if ok, err := s.Handled(ctx, "r2"); err != nil || !ok {
		t.Errorf("Handled(r2) settled 2 h ago for 3 h = %v, %v; want true", ok, err)
	}
	if r := settle(t, s, deliver.SettleRequest{Campaign: "c", Bounced: 1, Report: "r1", ReportFor: time.Hour, Guard: guard, Throttle: throttle, Now: now}); r.Duplicate {
		t.Errorf("Settle of r1 after it expired: Duplicate")
	}
	if r := settle(t, s, deliver.SettleRequest{Campaign: "c", Bounced: 1, Report: "r2", ReportFor: time.Hour, Guard: guard, Throttle: throttle, Now: now}); !r.Duplicate {
		t.Errorf("Settle of r2 before it expired: not Duplicate")
	}
	if c := campaign(t, s, "c"); c.Bounced != 3 {
		t.Errorf("Counters.Bounced = %d, want 3 (r1 twice, r2 once)", c.Bounced)
	}
}

// parallel runs fn(i) for i in [0, n) on n goroutines started together.
func parallel(n int, fn func(i int)) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			fn(i)
		}()
	}
	close(start)
	wg.Wait()
}

func testConcurrentSettle(t *testing.T, s deliver.State) {
	const workers, each = 32, 10
	now := base()
	g := guard
	g.Pause = 24 * time.Hour
	var mu sync.Mutex
	changed := map[deliver.CampaignState]int{}
	parallel(workers, func(w int) {
		for i := range each {
			b := 0
			if i%5 == 0 {
				b = 1
			}
			r, err := s.Settle(ctx, deliver.SettleRequest{Campaign: "c", Attempted: 1, Bounced: b, Guard: g, Throttle: throttle, Now: now})
			if err != nil {
				t.Errorf("worker %d: Settle error: %v", w, err)
				return
			}
			mu.Lock()
			if r.Changed != "" {
				changed[r.Changed]++
			}
			mu.Unlock()
		}
	})
	if changed[deliver.CampaignPaused] != 1 || len(changed) != 1 {
		t.Errorf("changes seen by %d concurrent Settles: %v, want exactly one paused", workers*each, changed)
	}
	c := campaign(t, s, "c")
	wantWindow(t, c, workers*each, workers*each/5, 0)
	if c.Attempted != workers*each || c.Bounced != workers*each/5 || c.Pauses != 1 {
		t.Errorf("after concurrent Settles: Attempted %d, Bounced %d, Pauses %d; want %d, %d, 1",
			c.Attempted, c.Bounced, c.Pauses, workers*each, workers*each/5)
	}
}

func testConcurrentResume(t *testing.T, s deliver.State) {
	const workers = 32
	now := base()
	pause(t, s, "c", guard, now)
	var mu sync.Mutex
	resumed, paused := 0, 0
	parallel(workers, func(w int) {
		// Half of the callers come just before the end of the pause.
		at := now.Add(time.Hour + time.Second)
		if w%2 == 1 {
			at = now.Add(time.Hour - time.Second)
		}
		r, err := s.Gate(ctx, deliver.GateRequest{Campaign: "c", Domains: []string{"example.com"}, Guard: guard, Throttle: throttle, Now: at})
		if err != nil {
			t.Errorf("worker %d: Gate error: %v", w, err)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if r.Resumed {
			resumed++
		}
		if r.Campaign.State == deliver.CampaignPaused {
			paused++
		}
	})
	if resumed != 1 {
		t.Errorf("%d concurrent Gates after the pause: %d resumed, want exactly 1", workers, resumed)
	}
	if paused > workers/2 {
		t.Errorf("%d of %d Gates saw the campaign paused, want at most the %d before the end", paused, workers, workers/2)
	}
	if c := campaign(t, s, "c"); c.State != deliver.CampaignActive || c.Window.Attempted != 0 {
		t.Errorf("after the resume: %q, window %+v; want active, empty", c.State, c.Window)
	}
}

func testConcurrentTokens(t *testing.T, s deliver.State) {
	const workers = 32
	const a = "a.example"
	now := base()
	strike(t, s, throttle, now, a)
	end := now.Add(time.Minute)
	var mu sync.Mutex
	admitted := 0
	parallel(workers, func(w int) {
		r, err := s.Gate(ctx, deliver.GateRequest{Domains: []string{a, "b.example"}, Guard: guard, Throttle: throttle, Now: end})
		if err != nil {
			t.Errorf("worker %d: Gate error: %v", w, err)
			return
		}
		if len(r.Allowed) != 2 || !r.Allowed[1] {
			t.Errorf("worker %d: Gate = %+v, want the unthrottled domain allowed", w, r)
			return
		}
		if r.Allowed[0] {
			mu.Lock()
			admitted++
			mu.Unlock()
		} else if !near(r.RetryAt[0], end.Add(time.Second)) {
			t.Errorf("worker %d: RetryAt %v, want %v", w, r.RetryAt[0], end.Add(time.Second))
		}
	})
	if admitted != 1 {
		t.Errorf("%d concurrent Gates of a throttled domain at one instant: %d admitted, want 1 (one token)", workers, admitted)
	}
}

func testConcurrentReport(t *testing.T, s deliver.State) {
	const workers = 32
	now := base()
	var mu sync.Mutex
	fresh := 0
	parallel(workers, func(w int) {
		r, err := s.Settle(ctx, deliver.SettleRequest{Campaign: "c", Bounced: 1, Report: "r", ReportFor: time.Hour, Guard: guard, Throttle: throttle, Now: now})
		if err != nil {
			t.Errorf("worker %d: Settle error: %v", w, err)
			return
		}
		if !r.Duplicate {
			mu.Lock()
			fresh++
			mu.Unlock()
		}
	})
	if fresh != 1 {
		t.Errorf("%d concurrent Settles of one report: %d not Duplicate, want 1", workers, fresh)
	}
	if c := campaign(t, s, "c"); c.Bounced != 1 {
		t.Errorf("after %d concurrent Settles of one report: Bounced %d, want 1", workers, c.Bounced)
	}
	if ok, err := s.Handled(ctx, "r"); err != nil || !ok {
		t.Errorf("Handled(r) = %v, %v; want true", ok, err)
	}
}

// gateSettler returns s as a GateSettler; the test ends, passing, when it
// is not one (the interface is optional).
func gateSettler(t *testing.T, s deliver.State) deliver.GateSettler {
	t.Helper()
	gs, ok := s.(deliver.GateSettler)
	if !ok {
		t.Skipf("%T does not implement deliver.GateSettler", s)
	}
	return gs
}

func gateSettle(t *testing.T, gs deliver.GateSettler, pending []deliver.SettleRequest, req deliver.GateRequest) ([]deliver.SettleResult, deliver.GateResult) {
	t.Helper()
	sr, g, err := gs.GateSettle(ctx, pending, req)
	if err != nil {
		t.Fatalf("GateSettle(%d settlements, gate %q %q) error: %v", len(pending), req.Campaign, req.Domains, err)
	}
	if len(sr) != len(pending) {
		t.Fatalf("GateSettle(%d settlements): %d results", len(pending), len(sr))
	}
	if len(g.Allowed) != len(req.Domains) || len(g.RetryAt) != len(req.Domains) {
		t.Fatalf("GateSettle(gate %q %q): %d Allowed and %d RetryAt, want %d each",
			req.Campaign, req.Domains, len(g.Allowed), len(g.RetryAt), len(req.Domains))
	}
	return sr, g
}

func testGateSettleOrder(t *testing.T, s deliver.State) {
	gs := gateSettler(t, s)
	now := base()
	// 19 bounces in 19 are no sample; the 20th attempt pauses; the gate
	// after them sees the pause.
	pending := []deliver.SettleRequest{
		{Campaign: "c", Attempted: 19, Bounced: 19, Guard: guard, Throttle: throttle, Now: now, Op: "o1"},
		{Campaign: "c", Attempted: 1, Guard: guard, Throttle: throttle, Now: now, Op: "o2"},
		{Campaign: "other", Attempted: 1, Guard: guard, Throttle: throttle, Now: now, Op: "o3"},
	}
	sr, g := gateSettle(t, gs, pending, deliver.GateRequest{Campaign: "c", Domains: []string{"example.com", "example.net"},
		Guard: guard, Throttle: throttle, Now: now.Add(time.Second)})
	if sr[0].Changed != "" || sr[1].Changed != deliver.CampaignPaused || sr[2].Changed != "" {
		t.Errorf("Changed of the settlements = %q, %q, %q; want none, paused, none", sr[0].Changed, sr[1].Changed, sr[2].Changed)
	}
	wantWindow(t, sr[1].Campaign, 20, 19, 0)
	if sr[1].Campaign.State != deliver.CampaignPaused || !sr[1].Campaign.PausedUntil.Equal(now.Add(time.Hour)) {
		t.Errorf("second settlement's campaign: %q until %v, want paused until %v", sr[1].Campaign.State, sr[1].Campaign.PausedUntil, now.Add(time.Hour))
	}
	wantWindow(t, sr[2].Campaign, 1, 0, 0)
	if g.Campaign.State != deliver.CampaignPaused || g.Resumed || g.Allowed[0] || g.Allowed[1] {
		t.Errorf("the gate after the settlements = %+v, want paused, nothing allowed", g)
	}
	if c := campaign(t, s, "c"); c.Attempted != 20 || c.Bounced != 19 || c.Pauses != 1 {
		t.Errorf("Campaign(c) after GateSettle: Attempted %d, Bounced %d, Pauses %d; want 20, 19, 1", c.Attempted, c.Bounced, c.Pauses)
	}
	// At the end of the pause, a GateSettle resumes it, after counting.
	_, g = gateSettle(t, gs, []deliver.SettleRequest{{Campaign: "c", Attempted: 3, Bounced: 3, Guard: guard, Throttle: throttle, Now: now.Add(time.Minute), Op: "o4"}},
		deliver.GateRequest{Campaign: "c", Domains: []string{"example.com"}, Guard: guard, Throttle: throttle, Now: now.Add(time.Hour)})
	if !g.Resumed || g.Campaign.State != deliver.CampaignActive || !g.Allowed[0] {
		t.Errorf("GateSettle at the end of the pause: %+v, want resumed, active, allowed", g)
	}
	wantWindow(t, g.Campaign, 0, 0, 0)
	if g.Campaign.Attempted != 23 {
		t.Errorf("after the resume: Attempted %d, want 23", g.Campaign.Attempted)
	}
}

func testGateSettleThrottle(t *testing.T, s deliver.State) {
	gs := gateSettler(t, s)
	const a, b = "a.example", "b.example"
	now := base()
	// A strike settled before the gate pauses its domain for that gate.
	_, g := gateSettle(t, gs, []deliver.SettleRequest{{Strike: []string{a}, Guard: guard, Throttle: throttle, Now: now, Op: "s1"}},
		deliver.GateRequest{Domains: []string{a, b}, Guard: guard, Throttle: throttle, Now: now.Add(time.Second)})
	if g.Allowed[0] || !g.Allowed[1] {
		t.Errorf("GateSettle of a strike of %s, then a gate of %s and %s: Allowed %v, want [false true]", a, a, b, g.Allowed)
	}
	if !near(g.RetryAt[0], now.Add(time.Minute)) {
		t.Errorf("RetryAt of the struck domain = %v, want %v", g.RetryAt[0], now.Add(time.Minute))
	}
	// A relief settled before the gate frees it.
	_, g = gateSettle(t, gs, []deliver.SettleRequest{{Relieve: []string{a}, Guard: guard, Throttle: throttle, Now: now.Add(2 * time.Second), Op: "r1"}},
		deliver.GateRequest{Domains: []string{a, a}, Guard: guard, Throttle: throttle, Now: now.Add(3 * time.Second)})
	if !g.Allowed[0] || !g.Allowed[1] {
		t.Errorf("GateSettle of a relief of %s, then a gate: Allowed %v, want all", a, g.Allowed)
	}
}

// testGateSettleOrderAcross: the settlements of different campaigns are
// applied in the order given, not in an order of their own (of their
// campaigns' names): a relief of a domain by one campaign then a strike
// of it by another leave it throttled, as they would one after the
// other.
func testGateSettleOrderAcross(t *testing.T, s deliver.State) {
	gs := gateSettler(t, s)
	const x = "x.example"
	now := base()
	p := []deliver.SettleRequest{
		{Campaign: "zeta", Attempted: 1, Relieve: []string{x}, Guard: guard, Throttle: throttle, Now: now, Op: "x1"},
		{Campaign: "alpha", Attempted: 1, Strike: []string{x}, Guard: guard, Throttle: throttle, Now: now, Op: "x2"},
	}
	_, g := gateSettle(t, gs, p, deliver.GateRequest{Campaign: "alpha", Domains: []string{x}, Guard: guard, Throttle: throttle, Now: now.Add(time.Second)})
	if g.Allowed[0] {
		t.Errorf("GateSettle of a relief of %s (campaign zeta) then a strike of it (campaign alpha), then a gate: allowed, want throttled", x)
	}
	if ok, _ := allowed(t, s, throttle, now.Add(2*time.Second), x); ok[0] {
		t.Errorf("Gate after a relief then a strike of %s by two campaigns: allowed, want throttled", x)
	}
	// The other way round: struck then relieved, it is free.
	const y = "y.example"
	p = []deliver.SettleRequest{
		{Campaign: "alpha", Attempted: 1, Strike: []string{y}, Guard: guard, Throttle: throttle, Now: now, Op: "y1"},
		{Campaign: "zeta", Attempted: 1, Relieve: []string{y}, Guard: guard, Throttle: throttle, Now: now, Op: "y2"},
	}
	_, g = gateSettle(t, gs, p, deliver.GateRequest{Campaign: "zeta", Domains: []string{y}, Guard: guard, Throttle: throttle, Now: now.Add(time.Second)})
	if !g.Allowed[0] {
		t.Errorf("GateSettle of a strike of %s (campaign alpha) then a relief of it (campaign zeta), then a gate: throttled, want allowed", y)
	}
}

func testGateSettleOnly(t *testing.T, s deliver.State) {
	gs := gateSettler(t, s)
	now := base()
	// No gate: the settlements alone, and a zero GateResult.
	sr, g := gateSettle(t, gs, []deliver.SettleRequest{
		{Campaign: "c", Attempted: 2, Bounced: 1, Guard: guard, Throttle: throttle, Now: now, Op: "p1"},
		{Campaign: "c", Attempted: 1, Guard: guard, Throttle: throttle, Now: now, Op: "p2"},
	}, deliver.GateRequest{Guard: guard, Throttle: throttle, Now: now})
	if g.Campaign != (deliver.CampaignStats{}) || g.Resumed {
		t.Errorf("GateSettle with no gate: GateResult %+v, want zero", g)
	}
	wantWindow(t, sr[1].Campaign, 3, 1, 0)
	// No settlement: a gate alone.
	_, g = gateSettle(t, gs, nil, deliver.GateRequest{Campaign: "c", Domains: []string{"example.com"}, Guard: guard, Throttle: throttle, Now: now})
	if state(g.Campaign) != deliver.CampaignActive || !g.Allowed[0] {
		t.Errorf("GateSettle with no settlement = %+v, want active and allowed", g)
	}
	wantWindow(t, g.Campaign, 3, 1, 0)
}

func testGateSettleOp(t *testing.T, s deliver.State) {
	gs := gateSettler(t, s)
	now := base()
	p := []deliver.SettleRequest{
		{Campaign: "c", Attempted: 20, Bounced: 2, Guard: guard, Throttle: throttle, Now: now, Op: "op-pause"},
		{Campaign: "c", Attempted: 1, Guard: guard, Throttle: throttle, Now: now, Op: "op-more"},
	}
	first, _ := gateSettle(t, gs, p, deliver.GateRequest{Guard: guard, Throttle: throttle, Now: now})
	if first[0].Changed != deliver.CampaignPaused {
		t.Fatalf("first GateSettle: Changed %q, want paused", first[0].Changed)
	}
	// The same settlements again (a call sent again), with a new one: the
	// new one counts, the others do not, and answer as the first time.
	again := append(p, deliver.SettleRequest{Campaign: "c", Attempted: 1, Guard: guard, Throttle: throttle, Now: now, Op: "op-new"})
	sr, g := gateSettle(t, gs, again, deliver.GateRequest{Campaign: "c", Guard: guard, Throttle: throttle, Now: now.Add(time.Second)})
	if sr[0].Changed != deliver.CampaignPaused || sr[1].Changed != "" || sr[2].Changed != "" {
		t.Errorf("GateSettle sent again: Changed %q, %q, %q; want paused (as the first time), none, none", sr[0].Changed, sr[1].Changed, sr[2].Changed)
	}
	if g.Campaign.State != deliver.CampaignPaused || g.Campaign.Pauses != 1 {
		t.Errorf("gate after the settlements sent again: %q, %d pauses; want paused, 1", g.Campaign.State, g.Campaign.Pauses)
	}
	c := campaign(t, s, "c")
	if c.Attempted != 22 || c.Bounced != 2 || c.Pauses != 1 {
		t.Errorf("after the same Ops twice: Attempted %d, Bounced %d, Pauses %d; want 22, 2, 1 (each Op once)", c.Attempted, c.Bounced, c.Pauses)
	}
	// Settle honours the Op too.
	if _, err := s.Settle(ctx, p[1]); err != nil {
		t.Fatalf("Settle of an Op already applied: %v", err)
	}
	if c := campaign(t, s, "c"); c.Attempted != 22 {
		t.Errorf("after Settle of an Op already applied: Attempted %d, want 22", c.Attempted)
	}
	// A strike under an Op strikes once: given again after the first
	// pause of 10 s (but within OpFor), it does not strike again.
	th := throttle
	th.Pause = 10 * time.Second
	st := deliver.SettleRequest{Strike: []string{"a.example"}, Guard: guard, Throttle: th, Now: now, Op: "op-strike"}
	gateSettle(t, gs, []deliver.SettleRequest{st}, deliver.GateRequest{Now: now})
	st.Now = now.Add(20 * time.Second)
	gateSettle(t, gs, []deliver.SettleRequest{st}, deliver.GateRequest{Now: st.Now})
	ok, retry := allowed(t, s, th, st.Now, "a.example")
	if !ok[0] {
		t.Errorf("a strike sent twice under one Op: the domain is paused until %v, want one strike (10 s, over)", retry[0])
	}
}

// testGateSettleOpLate: an Op is remembered for OpFor from its first
// application, not from its settlement's Now: a settlement deferred
// through an outage longer than OpFor (its Now is the send's), applied,
// then given again, counts once, even after other settlements whose Now
// is the time of the call.
func testGateSettleOpLate(t *testing.T, s deliver.State) {
	gs := gateSettler(t, s)
	now := time.Now().Truncate(time.Millisecond)
	old := now.Add(-3 * deliver.OpFor)
	p := []deliver.SettleRequest{{Campaign: "c", Attempted: 1, Strike: []string{"a.example"}, Guard: guard, Throttle: throttle, Now: old, Op: "late"}}
	gateSettle(t, gs, p, deliver.GateRequest{Now: old})
	// Another node's settlements, sent now.
	for i := range 3 {
		gateSettle(t, gs, []deliver.SettleRequest{{Campaign: "d", Attempted: 1, Guard: guard, Throttle: throttle, Now: now, Op: "now" + strconv.Itoa(i)}},
			deliver.GateRequest{Now: now})
	}
	// The first call's reply was lost: sent again, seconds after it.
	gateSettle(t, gs, p, deliver.GateRequest{Now: old})
	if c := campaign(t, s, "c"); c.Attempted != 1 {
		t.Errorf("a settlement of %v applied, then given again within OpFor of that: Attempted %d, want 1", old, c.Attempted)
	}
}

func testGateSettleTrack(t *testing.T, s deliver.State) {
	gs := gateSettler(t, s)
	now := time.Now().Truncate(time.Millisecond)
	m := deliver.SentMessage{ID: "m1@example.org", Campaign: "c", Scope: suppress.Scope{Tenant: "acme", List: "news"},
		Rcpts: []string{"ann@example.com", "bob@example.com"}, Sent: now}
	p := []deliver.SettleRequest{{Campaign: "c", Attempted: 2, Track: &m, TrackFor: time.Hour, Guard: guard, Throttle: throttle, Now: now, Op: "t1"}}
	gateSettle(t, gs, p, deliver.GateRequest{Campaign: "c", Domains: []string{"example.com"}, Guard: guard, Throttle: throttle, Now: now})
	wantSent(t, s, m.ID, m)
	wantSentTo(t, s, "bob@example.com", m)
	// Sent again, the message is tracked once, with the same recipients,
	// and counted once.
	gateSettle(t, gs, p, deliver.GateRequest{Now: now})
	wantSent(t, s, m.ID, m)
	if c := campaign(t, s, "c"); c.Attempted != 2 {
		t.Errorf("a tracked settlement sent twice under one Op: Attempted %d, want 2", c.Attempted)
	}
	// A tracked settlement that pauses its campaign answers paused again
	// when sent again.
	m2 := m
	m2.ID = "m2@example.org"
	p2 := []deliver.SettleRequest{{Campaign: "c", Attempted: 18, Bounced: 2, Track: &m2, TrackFor: time.Hour, Guard: guard, Throttle: throttle, Now: now, Op: "t2"}}
	first, _ := gateSettle(t, gs, p2, deliver.GateRequest{Now: now})
	again, _ := gateSettle(t, gs, p2, deliver.GateRequest{Now: now})
	if first[0].Changed != deliver.CampaignPaused || again[0].Changed != deliver.CampaignPaused {
		t.Errorf("a tracked settlement that pauses, sent twice: Changed %q then %q, want paused both times", first[0].Changed, again[0].Changed)
	}
	if c := campaign(t, s, "c"); c.Attempted != 20 || c.Pauses != 1 {
		t.Errorf("after it: Attempted %d, Pauses %d; want 20, 1", c.Attempted, c.Pauses)
	}
}

func testConcurrentGateSettle(t *testing.T, s deliver.State) {
	gs := gateSettler(t, s)
	const workers, each = 32, 10
	now := base()
	g := guard
	g.Pause = 24 * time.Hour
	var mu sync.Mutex
	changed := map[deliver.CampaignState]int{}
	held := 0
	parallel(workers, func(w int) {
		for i := range each {
			b := 0
			if i%5 == 0 {
				b = 1
			}
			p := []deliver.SettleRequest{{Campaign: "c", Attempted: 1, Bounced: b, Guard: g, Throttle: throttle, Now: now,
				Op: "w" + strconv.Itoa(w) + "." + strconv.Itoa(i)}}
			sr, gr, err := gs.GateSettle(ctx, p, deliver.GateRequest{Campaign: "c", Domains: []string{"example.com"}, Guard: g, Throttle: throttle, Now: now})
			if err != nil {
				t.Errorf("worker %d: GateSettle error: %v", w, err)
				return
			}
			mu.Lock()
			if len(sr) == 1 && sr[0].Changed != "" {
				changed[sr[0].Changed]++
			}
			if gr.Campaign.State == deliver.CampaignPaused {
				held++
			}
			mu.Unlock()
		}
	})
	if changed[deliver.CampaignPaused] != 1 || len(changed) != 1 {
		t.Errorf("changes seen by %d concurrent GateSettles: %v, want exactly one paused", workers*each, changed)
	}
	if held == 0 {
		t.Errorf("no gate of %d saw the campaign paused, want the ones after the pause", workers*each)
	}
	c := campaign(t, s, "c")
	if c.Attempted != workers*each || c.Bounced != workers*each/5 || c.Pauses != 1 {
		t.Errorf("after concurrent GateSettles: Attempted %d, Bounced %d, Pauses %d; want %d, %d, 1",
			c.Attempted, c.Bounced, c.Pauses, workers*each, workers*each/5)
	}
}

// claimer returns s as a ReportClaimer; the test ends, passing, when it is
// not one (the interface is optional).
func claimer(t *testing.T, s deliver.State) deliver.ReportClaimer {
	t.Helper()
	rc, ok := s.(deliver.ReportClaimer)
	if !ok {
		t.Skipf("%T does not implement deliver.ReportClaimer", s)
	}
	return rc
}

func claim(t *testing.T, rc deliver.ReportClaimer, key, holder string, ttl time.Duration, now time.Time) bool {
	t.Helper()
	ok, err := rc.Claim(ctx, key, holder, ttl, now)
	if err != nil {
		t.Fatalf("Claim(%q, %q, %v, %v) error: %v", key, holder, ttl, now, err)
	}
	return ok
}

func release(t *testing.T, rc deliver.ReportClaimer, key, holder string) {
	t.Helper()
	if err := rc.Release(ctx, key, holder); err != nil {
		t.Fatalf("Release(%q, %q) error: %v", key, holder, err)
	}
}

func testClaimOnce(t *testing.T, s deliver.State) {
	rc := claimer(t, s)
	now := base()
	if !claim(t, rc, "r1", "a", time.Hour, now) {
		t.Fatalf("first Claim(r1, a) refused")
	}
	if claim(t, rc, "r1", "b", time.Hour, now.Add(time.Minute)) {
		t.Errorf("Claim(r1, b) while a holds it: taken, want refused")
	}
	// Its holder takes it again (a call sent again after a lost reply).
	if !claim(t, rc, "r1", "a", time.Hour, now.Add(time.Minute)) {
		t.Errorf("Claim(r1, a) again by its holder: refused, want taken")
	}
	if !claim(t, rc, "r2", "b", time.Hour, now) {
		t.Errorf("Claim(r2, b) of another key: refused, want taken")
	}
	// A claim is no handling.
	if ok, err := s.Handled(ctx, "r1"); err != nil || ok {
		t.Errorf("Handled(r1) while claimed = %v, %v; want false", ok, err)
	}
}

func testClaimExpiry(t *testing.T, s deliver.State) {
	rc := claimer(t, s)
	now := base()
	// A claim made 2 hours ago for 1 hour has expired: its holder failed.
	if !claim(t, rc, "r1", "a", time.Hour, now.Add(-2*time.Hour)) {
		t.Fatalf("Claim(r1, a) 2 h ago refused")
	}
	if !claim(t, rc, "r1", "b", time.Hour, now) {
		t.Errorf("Claim(r1, b) after a's claim expired: refused, want taken")
	}
	if claim(t, rc, "r1", "a", time.Hour, now.Add(time.Minute)) {
		t.Errorf("Claim(r1, a) while b holds it: taken, want refused")
	}
	// Before its end, a claim holds.
	if !claim(t, rc, "r2", "a", time.Hour, now.Add(-30*time.Minute)) {
		t.Fatalf("Claim(r2, a) 30 min ago refused")
	}
	if claim(t, rc, "r2", "b", time.Hour, now) {
		t.Errorf("Claim(r2, b) 30 min into a's claim of 1 h: taken, want refused")
	}
}

func testClaimRelease(t *testing.T, s deliver.State) {
	rc := claimer(t, s)
	now := base()
	if !claim(t, rc, "r1", "a", time.Hour, now) {
		t.Fatalf("first Claim(r1, a) refused")
	}
	release(t, rc, "r1", "b") // not b's: nothing happens
	if claim(t, rc, "r1", "b", time.Hour, now) {
		t.Errorf("Claim(r1, b) after b released a's claim: taken, want refused")
	}
	release(t, rc, "r1", "a")
	if !claim(t, rc, "r1", "b", time.Hour, now) {
		t.Errorf("Claim(r1, b) after a released it: refused, want taken")
	}
	release(t, rc, "r-none", "a") // nothing to release: no error
}

func testClaimHandled(t *testing.T, s deliver.State) {
	rc := claimer(t, s)
	now := base()
	// A settled report cannot be claimed.
	settle(t, s, deliver.SettleRequest{Campaign: "c", Bounced: 1, Report: "r1", ReportFor: 24 * time.Hour, Guard: guard, Throttle: throttle, Now: now})
	if claim(t, rc, "r1", "a", time.Hour, now) {
		t.Errorf("Claim(r1) of a settled report: taken, want refused")
	}
	// Claimed, then settled by its holder: handled for good, also once
	// the claim would have expired, and whoever asks.
	if !claim(t, rc, "r2", "a", time.Minute, now) {
		t.Fatalf("Claim(r2, a) refused")
	}
	settle(t, s, deliver.SettleRequest{Campaign: "c", Bounced: 1, Report: "r2", ReportFor: 24 * time.Hour, Guard: guard, Throttle: throttle, Now: now})
	for _, h := range []string{"a", "b"} {
		if claim(t, rc, "r2", h, time.Minute, now.Add(time.Hour)) {
			t.Errorf("Claim(r2, %s) an hour after it was settled: taken, want refused", h)
		}
	}
	release(t, rc, "r2", "a")
	if claim(t, rc, "r2", "b", time.Minute, now.Add(time.Hour)) {
		t.Errorf("Claim(r2, b) after a settled and released it: taken, want refused")
	}
	if ok, err := s.Handled(ctx, "r2"); err != nil || !ok {
		t.Errorf("Handled(r2) = %v, %v; want true", ok, err)
	}
}

func testConcurrentClaim(t *testing.T, s deliver.State) {
	rc := claimer(t, s)
	const workers = 32
	now := base()
	var mu sync.Mutex
	var won []int
	parallel(workers, func(w int) {
		ok, err := rc.Claim(ctx, "r", "holder-"+strconv.Itoa(w), time.Minute, now)
		if err != nil {
			t.Errorf("worker %d: Claim error: %v", w, err)
			return
		}
		if ok {
			mu.Lock()
			won = append(won, w)
			mu.Unlock()
		}
	})
	if len(won) != 1 {
		t.Errorf("%d concurrent Claims of one key by %d holders: won by %v, want exactly one", workers, workers, won)
	}
}
