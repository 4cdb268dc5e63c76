package deliver

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bouncekit/bouncekit/suppress"
)

// TestMemoryStateGuard walks one campaign through the guard on the State
// alone: a pause once the window's bounce rate passes 5 % after MinSample,
// a resume at the end of the pause with a fresh window, a cancellation at
// the second excess.
func TestMemoryStateGuard(t *testing.T) {
	ctx := context.Background()
	var st MemoryState // the zero value works
	clk := newClock()
	g := Guard{MinSample: 20}
	settle := func(attempted, bounced int) SettleResult {
		t.Helper()
		r, err := st.Settle(ctx, SettleRequest{Campaign: "c", Attempted: attempted, Bounced: bounced, Guard: g, Now: clk.Now()})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	gate := func() GateResult {
		t.Helper()
		r, err := st.Gate(ctx, GateRequest{Campaign: "c", Domains: []string{"example.com"}, Guard: g, Now: clk.Now()})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := gate(); r.Campaign.State != CampaignActive || !r.Allowed[0] {
		t.Fatalf("Gate of a new campaign = %+v, want active and allowed", r)
	}
	// 19 attempts, 2 bounced: under MinSample, not judged.
	if r := settle(19, 2); r.Changed != "" || r.Campaign.Window.Attempted != 19 {
		t.Fatalf("Settle under MinSample = %+v, want no change", r)
	}
	// The 20th: 2/20 = 10 % > 5 %: paused for 24 hours.
	r := settle(1, 0)
	if r.Changed != CampaignPaused || !r.Campaign.PausedUntil.Equal(clk.Now().Add(24*time.Hour)) || r.Campaign.Pauses != 1 {
		t.Fatalf("Settle over the rate = %+v, want paused 24h", r)
	}
	if gr := gate(); gr.Campaign.State != CampaignPaused || gr.Allowed[0] || gr.Resumed {
		t.Errorf("Gate while paused = %+v, want paused, nothing allowed", gr)
	}
	// Settle does not resume; the first Gate after the pause does, once,
	// with a fresh window.
	clk.Advance(24 * time.Hour)
	if r := settle(0, 0); r.Campaign.State != CampaignPaused {
		t.Errorf("Settle after the pause: %v, want still paused until a Gate", r.Campaign.State)
	}
	gr := gate()
	if !gr.Resumed || gr.Campaign.State != CampaignActive || gr.Campaign.Window.Attempted != 0 || !gr.Allowed[0] {
		t.Fatalf("Gate after the pause = %+v, want resumed with an empty window", gr)
	}
	if gr := gate(); gr.Resumed {
		t.Errorf("second Gate after the pause: Resumed again")
	}
	// The second excess cancels it (MaxPauses 1).
	if r := settle(20, 5); r.Changed != CampaignCancelled {
		t.Fatalf("second excess = %+v, want cancelled", r)
	}
	clk.Advance(100 * 24 * time.Hour)
	if gr := gate(); gr.Campaign.State != CampaignCancelled || gr.Allowed[0] {
		t.Errorf("Gate of a cancelled campaign = %+v, want cancelled for good", gr)
	}
	if c, ok, _ := st.Campaign(ctx, "c"); !ok || c.State != CampaignCancelled || c.Attempted != 40 || c.Bounced != 7 {
		t.Errorf("Campaign(c) = %+v, %v, want cancelled with all-time 40 attempted, 7 bounced", c, ok)
	}
	if err := st.Forget(ctx, "c"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := st.Campaign(ctx, "c"); ok {
		t.Errorf("Campaign(c) after Forget: found")
	}
	if gr := gate(); gr.Campaign.State != CampaignActive {
		t.Errorf("Gate after Forget: %v, want a fresh active campaign", gr.Campaign.State)
	}
}

// TestMemoryStateThrottle: a strike pauses the domain, then its rate is
// limited; each delivery takes a strike away.
func TestMemoryStateThrottle(t *testing.T) {
	ctx := context.Background()
	var st MemoryState
	clk := newClock()
	thr := Throttle{Pause: time.Minute, Rate: 1}
	gate := func(doms ...string) GateResult {
		t.Helper()
		r, err := st.Gate(ctx, GateRequest{Domains: doms, Throttle: thr, Now: clk.Now()})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if _, err := st.Settle(ctx, SettleRequest{Strike: []string{"slow.example"}, Throttle: thr, Now: clk.Now()}); err != nil {
		t.Fatal(err)
	}
	r := gate("slow.example", "other.example")
	if r.Allowed[0] || !r.RetryAt[0].Equal(clk.Now().Add(time.Minute)) || !r.Allowed[1] {
		t.Fatalf("Gate during the pause = %+v, want slow.example refused until +1m, other.example allowed", r)
	}
	clk.Advance(time.Minute)
	// One token a second: two recipients in one gate, the second waits.
	r = gate("slow.example", "slow.example")
	if !r.Allowed[0] || r.Allowed[1] || !r.RetryAt[1].After(clk.Now()) {
		t.Fatalf("Gate after the pause = %+v, want one allowed, one later", r)
	}
	// A strike while paused does not count again; a delivery relieves.
	if _, err := st.Settle(ctx, SettleRequest{Relieve: []string{"slow.example"}, Throttle: thr, Now: clk.Now()}); err != nil {
		t.Fatal(err)
	}
	r = gate("slow.example", "slow.example", "slow.example")
	if !r.Allowed[0] || !r.Allowed[1] || !r.Allowed[2] {
		t.Errorf("Gate after the relief = %+v, want all allowed", r)
	}
	// Disabled: strikes are ignored.
	if _, err := st.Settle(ctx, SettleRequest{Strike: []string{"x.example"}, Throttle: Throttle{Disabled: true}, Now: clk.Now()}); err != nil {
		t.Fatal(err)
	}
	if r := gate("x.example"); !r.Allowed[0] {
		t.Errorf("a strike with the throttle disabled throttled the domain")
	}
}

// TestMemoryStateSent: the sent messages are bounded in count and in age,
// a retry adds its recipients, and SentTo names the last message sent to a
// recipient.
func TestMemoryStateSent(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	st := &MemoryState{MaxSent: 3, Now: clk.Now}
	track := func(id string, rcpts ...string) {
		t.Helper()
		_, err := st.Settle(ctx, SettleRequest{
			Track:    &SentMessage{ID: id, Campaign: "c-" + id, Scope: suppress.Scope{Tenant: "t"}, Rcpts: rcpts, Sent: clk.Now()},
			TrackFor: time.Hour, Now: clk.Now(),
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	track("m1", "a@example.com")
	track("m1", "b@example.com") // a retry of another recipient
	sm, ok, err := st.Sent(ctx, "m1")
	if err != nil || !ok || sm.Campaign != "c-m1" || sm.Scope.Tenant != "t" || !slices.Equal(sm.Rcpts, []string{"a@example.com", "b@example.com"}) {
		t.Fatalf("Sent(m1) = %+v, %v, %v, want both recipients", sm, ok, err)
	}
	sm.Rcpts[0] = "changed" // the caller's copy
	if sm, _, _ := st.Sent(ctx, "m1"); sm.Rcpts[0] != "a@example.com" {
		t.Errorf("Sent returned the State's own slice")
	}
	track("m2", "a@example.com")
	if sm, ok, _ := st.SentTo(ctx, "a@example.com"); !ok || sm.ID != "m2" {
		t.Errorf("SentTo(a) = %+v, %v, want the last message m2", sm, ok)
	}
	track("m3", "c@example.com")
	track("m4", "d@example.com") // MaxSent 3: m1 goes
	if _, ok, _ := st.Sent(ctx, "m1"); ok {
		t.Errorf("Sent(m1) after 3 newer messages: found, want forgotten")
	}
	if _, ok, _ := st.SentTo(ctx, "b@example.com"); ok {
		t.Errorf("SentTo(b) after m1 was forgotten: found")
	}
	if sm, ok, _ := st.SentTo(ctx, "a@example.com"); !ok || sm.ID != "m2" {
		t.Errorf("SentTo(a) = %+v, %v, want m2 (kept)", sm, ok)
	}
	// Age: TrackFor is an hour.
	clk.Advance(time.Hour)
	for _, id := range []string{"m2", "m3", "m4"} {
		if _, ok, _ := st.Sent(ctx, id); ok {
			t.Errorf("Sent(%s) after TrackFor: found, want expired", id)
		}
	}
	if _, ok, _ := st.SentTo(ctx, "d@example.com"); ok {
		t.Errorf("SentTo(d) after TrackFor: found, want expired")
	}
	// New messages push the expired ones out.
	track("m5", "e@example.com")
	if n := len(st.sent.byID); n != 1 {
		t.Errorf("%d messages kept after the others expired, want 1", n)
	}
	// MaxSent -1: nothing tracked.
	none := &MemoryState{MaxSent: -1}
	none.Settle(ctx, SettleRequest{Track: &SentMessage{ID: "x", Rcpts: []string{"a@example.com"}}, Now: time.Now()})
	if _, ok, _ := none.Sent(ctx, "x"); ok {
		t.Errorf("MaxSent -1 tracked a message")
	}
}

// TestMemoryStateHandled: report keys are remembered for ReportFor, at most
// MaxReports of them, and a key settled twice is a Duplicate that counts
// nothing.
func TestMemoryStateHandled(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	st := &MemoryState{MaxReports: 2, Now: clk.Now}
	settle := func(key string) SettleResult {
		t.Helper()
		r, err := st.Settle(ctx, SettleRequest{Campaign: "c", Attempted: 1, Bounced: 1, Report: key, ReportFor: time.Hour, Guard: Guard{Disabled: true}, Now: clk.Now()})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := settle("k1"); r.Duplicate || r.Campaign.Window.Bounced != 1 {
		t.Fatalf("first Settle(k1) = %+v, want counted", r)
	}
	if done, _ := st.Handled(ctx, "k1"); !done {
		t.Errorf("Handled(k1) = false after its Settle")
	}
	if r := settle("k1"); !r.Duplicate || r.Campaign.Window.Bounced != 1 {
		t.Errorf("second Settle(k1) = %+v, want a duplicate, counted once", r)
	}
	settle("k2")
	settle("k3") // MaxReports 2: k1 goes
	if done, _ := st.Handled(ctx, "k1"); done {
		t.Errorf("Handled(k1) past MaxReports = true")
	}
	clk.Advance(time.Hour)
	if done, _ := st.Handled(ctx, "k3"); done {
		t.Errorf("Handled(k3) after ReportFor = true")
	}
}

// TestMemoryStateMaxCampaigns: the active campaigns used least recently
// are forgotten, never a paused one.
func TestMemoryStateMaxCampaigns(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	st := &MemoryState{MaxCampaigns: 4}
	g := Guard{MinSample: 1}
	st.Settle(ctx, SettleRequest{Campaign: "bad", Attempted: 1, Bounced: 1, Guard: g, Now: clk.Now()})
	for i := range 10 {
		st.Gate(ctx, GateRequest{Campaign: fmt.Sprintf("c%02d", i), Guard: g, Now: clk.Now()})
	}
	if c, ok, _ := st.Campaign(ctx, "bad"); !ok || c.State != CampaignPaused {
		t.Errorf("Campaign(bad) = %+v, %v, want kept paused", c, ok)
	}
	if _, ok, _ := st.Campaign(ctx, "c00"); ok {
		t.Errorf("Campaign(c00) kept past MaxCampaigns")
	}
	if n := len(st.campaigns); n > 4 {
		t.Errorf("%d campaigns kept, want at most 4", n)
	}
}

// TestMemoryStateConcurrent runs Gate, Settle and the lookups from many
// goroutines (under -race), and checks that the guard counted every
// attempt once.
func TestMemoryStateConcurrent(t *testing.T) {
	ctx := context.Background()
	st := &MemoryState{MaxSent: 50}
	now := time.Now()
	var wg sync.WaitGroup
	for w := range 16 {
		wg.Go(func() {
			for i := range 100 {
				id := fmt.Sprintf("m%d-%d", w, i)
				st.Gate(ctx, GateRequest{Campaign: "c", Domains: []string{"example.com"}, Guard: Guard{Disabled: true}, Now: now})
				st.Settle(ctx, SettleRequest{Campaign: "c", Attempted: 1, Relieve: []string{"example.com"},
					Track: &SentMessage{ID: id, Rcpts: []string{fmt.Sprintf("u%d@example.com", i)}}, Guard: Guard{Disabled: true}, Now: now})
				st.Sent(ctx, id)
				st.SentTo(ctx, fmt.Sprintf("u%d@example.com", i))
				st.Handled(ctx, id)
			}
		})
	}
	wg.Wait()
	if c, _, _ := st.Campaign(ctx, "c"); c.Window.Attempted != 1600 {
		t.Errorf("Window.Attempted = %d, want 1600", c.Window.Attempted)
	}
	if n := len(st.sent.byID); n > 50 {
		t.Errorf("%d sent messages kept, want at most MaxSent 50", n)
	}
}

// TestSharedMemoryState: two Deliverers on one MemoryState act as two nodes
// on one shared State: the guard judges the campaign's sends of both, a
// pause holds both, a domain throttled by one is throttled for the other,
// and a bounce of a message sent by one, handed to the other, is recorded
// with its campaign and scope.
func TestSharedMemoryState(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	shared := &MemoryState{Now: clk.Now}
	store := &suppress.Memory{}
	g := Guard{MinSample: 10}
	a := &Deliverer{Sender: &scripted{}, Store: store, State: shared, Guard: g, Now: clk.Now, Seed: 1}
	b := &Deliverer{Sender: &scripted{}, Store: store, State: shared, Guard: g, Now: clk.Now, Seed: 2}
	scope := suppress.Scope{Tenant: "t", List: "news"}

	// A sends the message that bounces later.
	if res, err := a.Deliver(ctx, &Message{ID: "late@example.org", Campaign: "spring", Scope: scope, To: []string{"gone@example.com"}}); err != nil || res[0].Kind != Delivered {
		t.Fatalf("A: Deliver = %v, %v", res, err)
	}
	res, err := b.HandleBounce(ctx, strings.NewReader(dsnMail("bounces@example.org", "gone@example.com", "failed", "5.1.1", "550 5.1.1 User unknown", "late@example.org")))
	if err != nil || len(res) != 1 || res[0].Kind != Bounced {
		t.Fatalf("B: HandleBounce of A's message = %+v, %v, want bounced", res, err)
	}
	if e, ok, _ := store.Get(ctx, "gone@example.com", scope, clk.Now()); !ok || e.Kind != suppress.Bounce {
		t.Errorf("the bounce was not recorded in A's scope: %+v, %v", e, ok)
	}
	if _, ok, _ := store.Get(ctx, "gone@example.com", suppress.Global, clk.Now()); ok {
		t.Errorf("the bounce was recorded globally")
	}

	// 9 more attempts, alternating nodes, 1 hard bounce: 2/10 > 5 %.
	for i := range 9 {
		d, rcpt := a, fmt.Sprintf("ok%d@example.com", i)
		if i%2 == 1 {
			d = b
		}
		if i == 8 {
			rcpt = "unknown@example.com"
		}
		if _, err := d.Deliver(ctx, &Message{ID: fmt.Sprint("s", i), Campaign: "spring", To: []string{rcpt}}); err != nil {
			t.Fatal(err)
		}
	}
	for name, d := range map[string]*Deliverer{"A": a, "B": b} {
		c, ok := d.Campaign("spring")
		if !ok || c.State != CampaignPaused || c.Window.Attempted != 10 || c.Window.Bounced != 2 {
			t.Errorf("%s: Campaign(spring) = %+v, want paused after 10 attempts, 2 bounced (shared window)", name, c)
		}
		if r := send(t, d, "spring", "ok@example.com"); r.Kind != Held {
			t.Errorf("%s: send during the pause = %v, want held", name, r.Kind)
		}
	}
	// A's counters are its own.
	if st := a.Stats().Total; st.Attempted != 6 {
		t.Errorf("A: Stats().Total.Attempted = %d, want its own 6", st.Attempted)
	}

	// A 421 to A slows the domain down for B.
	if r := send(t, a, "", "rate@slow.example"); r.Kind != Deferred {
		t.Fatalf("A: 421 = %v, want deferred", r.Kind)
	}
	if r := send(t, b, "", "ok@slow.example"); !errors.Is(r.Err, ErrThrottled) {
		t.Errorf("B: send to the domain A was told to slow down: %v, %v, want ErrThrottled", r.Kind, r.Err)
	}
}

// failingState is a State whose Gate, Settle, Sent or Handled fail when
// asked; the rest is a MemoryState.
type failingState struct {
	MemoryState
	gate, settle, sent, handled bool
}

var errDown = errors.New("state server down")

func (f *failingState) Gate(ctx context.Context, req GateRequest) (GateResult, error) {
	if f.gate {
		return GateResult{}, errDown
	}
	return f.MemoryState.Gate(ctx, req)
}

func (f *failingState) Settle(ctx context.Context, req SettleRequest) (SettleResult, error) {
	if f.settle {
		return SettleResult{}, errDown
	}
	return f.MemoryState.Settle(ctx, req)
}

// GateSettle fails as Settle does for the settlements, and as Gate does
// for the gate; it overrides MemoryState's, which would fail never.
func (f *failingState) GateSettle(ctx context.Context, pending []SettleRequest, req GateRequest) ([]SettleResult, GateResult, error) {
	if (f.settle && len(pending) > 0) || (f.gate && (req.Campaign != "" || len(req.Domains) > 0)) {
		return nil, GateResult{}, errDown
	}
	return f.MemoryState.GateSettle(ctx, pending, req)
}

func (f *failingState) Sent(ctx context.Context, id string) (SentMessage, bool, error) {
	if f.sent {
		return SentMessage{}, false, errDown
	}
	return f.MemoryState.Sent(ctx, id)
}

func (f *failingState) Handled(ctx context.Context, key string) (bool, error) {
	if f.handled {
		return false, errDown
	}
	return f.MemoryState.Handled(ctx, key)
}

// Claim fails as Handled does: it reads the mark of a handled report. It
// overrides MemoryState's, which would fail never.
func (f *failingState) Claim(ctx context.Context, key, holder string, ttl time.Duration, now time.Time) (bool, error) {
	if f.handled {
		return false, errDown
	}
	return f.MemoryState.Claim(ctx, key, holder, ttl, now)
}

// TestStateDown: a State that cannot be read before the send stops the
// send, with an error naming the message; one that fails after the send
// leaves the results with the error.
func TestStateDown(t *testing.T) {
	ctx := context.Background()
	st := &failingState{gate: true}
	s := &scripted{}
	d := &Deliverer{Sender: s, State: st}
	res, err := d.Deliver(ctx, &Message{ID: "m-1@example.org", Campaign: "c", To: []string{"ok@example.com", "ok2@example.com"}})
	if err == nil || !errors.Is(err, errDown) || !strings.Contains(err.Error(), `"m-1@example.org"`) || res != nil {
		t.Errorf("Deliver with the State down = %v, %v, want no results and an error naming the message", res, err)
	}
	if s.calls != 0 {
		t.Errorf("Sender called %d times with the State down, want 0", s.calls)
	}

	// Settling at once (SettleDelay -1), the error comes with the results.
	st.gate, st.settle = false, true
	d.SettleDelay = -1
	res, err = d.Deliver(ctx, &Message{ID: "m-2@example.org", Campaign: "c", To: []string{"ok@example.com"}})
	if !errors.Is(err, errDown) || len(res) != 1 || res[0].Kind != Delivered {
		t.Errorf("Deliver with Settle failing = %v, %v, want delivered with the error", res, err)
	}
	// Deferred, the outcome waits; the next message is not sent while it
	// cannot be saved, and it is saved once the State is back.
	d.SettleDelay = time.Hour // no timer within the test
	res, err = d.Deliver(ctx, &Message{ID: "m-3@example.org", Campaign: "c", To: []string{"ok@example.com"}})
	if err != nil || len(res) != 1 || res[0].Kind != Delivered {
		t.Errorf("Deliver with a deferred outcome = %v, %v, want delivered, no error", res, err)
	}
	calls := s.calls
	res, err = d.Deliver(ctx, &Message{ID: "m-4@example.org", Campaign: "c", To: []string{"ok@example.com"}})
	if !errors.Is(err, errDown) || !strings.Contains(err.Error(), "nothing sent") || res != nil {
		t.Errorf("Deliver after an outcome that cannot be saved = %v, %v, want no results and an error saying nothing was sent", res, err)
	}
	if s.calls != calls {
		t.Errorf("Sender called %d times while the earlier outcome could not be saved, want 0", s.calls-calls)
	}
	if err := d.Flush(ctx); !errors.Is(err, errDown) {
		t.Errorf("Flush with Settle failing: err = %v, want errDown", err)
	}
	st.settle = false
	if err := d.Flush(ctx); err != nil {
		t.Errorf("Flush with the State back: %v", err)
	}
	if m, ok, err := st.Sent(ctx, "m-3@example.org"); err != nil || !ok || m.Campaign != "c" {
		t.Errorf("Sent(m-3) after the State came back = %+v, %v, %v; want the message of campaign c", m, ok, err)
	}
	if c, _, _ := st.Campaign(ctx, "c"); c.Attempted != 1 {
		t.Errorf("campaign c after the State came back: Attempted %d, want 1 (m-3; m-2's Settle failed)", c.Attempted)
	}

	// An asynchronous report is not recorded while the State cannot say
	// whether it was handled, or which message it is about.
	for _, fail := range []string{"handled", "sent"} {
		store := &suppress.Memory{}
		fs := &failingState{}
		d = &Deliverer{Sender: s, Store: store, State: fs}
		if _, err := d.Deliver(ctx, &Message{ID: "m@example.org", To: []string{"gone@example.com"}}); err != nil {
			t.Fatal(err)
		}
		fs.handled, fs.sent = fail == "handled", fail == "sent"
		if _, err := d.HandleBounce(ctx, strings.NewReader(dsnMail("b@example.org", "gone@example.com", "failed", "5.1.1", "550 5.1.1 User unknown", "m@example.org"))); !errors.Is(err, errDown) {
			t.Errorf("HandleBounce with %s failing: err = %v, want errDown", fail, err)
		}
		if _, ok, _ := store.Get(ctx, "gone@example.com", suppress.Global, time.Now()); ok {
			t.Errorf("recorded while %s failed", fail)
		}
	}
}
