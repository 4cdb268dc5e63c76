package deliver

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bouncekit/bouncekit/suppress"
)

// countingState is a MemoryState seen as a shared State: it counts its
// calls, each standing for one round trip to a server, and fails them
// while fail is set.
type countingState struct {
	MemoryState
	mu                          sync.Mutex
	gates, settles, gateSettles int
	flushes                     int // GateSettles without a gate
	carried                     int // settlements carried by GateSettles
	fail                        bool
}

func (c *countingState) down() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.fail
}

func (c *countingState) setDown(v bool) {
	c.mu.Lock()
	c.fail = v
	c.mu.Unlock()
}

func (c *countingState) Gate(ctx context.Context, req GateRequest) (GateResult, error) {
	c.mu.Lock()
	c.gates++
	c.mu.Unlock()
	if c.down() {
		return GateResult{}, errDown
	}
	return c.MemoryState.Gate(ctx, req)
}

func (c *countingState) Settle(ctx context.Context, req SettleRequest) (SettleResult, error) {
	c.mu.Lock()
	c.settles++
	c.mu.Unlock()
	if c.down() {
		return SettleResult{}, errDown
	}
	return c.MemoryState.Settle(ctx, req)
}

func (c *countingState) GateSettle(ctx context.Context, pending []SettleRequest, req GateRequest) ([]SettleResult, GateResult, error) {
	c.mu.Lock()
	c.gateSettles++
	if req.Campaign == "" && len(req.Domains) == 0 {
		c.flushes++
	}
	for _, p := range pending {
		if p.Op == "" {
			c.mu.Unlock()
			return nil, GateResult{}, errors.New("a deferred settlement without an Op")
		}
	}
	c.carried += len(pending)
	c.mu.Unlock()
	if c.down() {
		return nil, GateResult{}, errDown
	}
	return c.MemoryState.GateSettle(ctx, pending, req)
}

// calls returns the number of calls: round trips.
func (c *countingState) calls() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gates + c.settles + c.gateSettles
}

func (d *Deliverer) pendingLen() int {
	d.pmu.Lock()
	defer d.pmu.Unlock()
	return len(d.pending)
}

// idleNow reports whether nothing is pending, in flight or timed.
func (d *Deliverer) idleNow() bool {
	d.pmu.Lock()
	defer d.pmu.Unlock()
	return len(d.pending) == 0 && d.inflight == 0 && !d.armed && d.idle == nil
}

func campaignMsg(i int, campaign, rcpt string) *Message {
	return &Message{ID: fmt.Sprintf("m%d@example.org", i), From: "bounces@example.org", Campaign: campaign,
		To: []string{rcpt}, Data: []byte("Subject: hi\r\n\r\nHello.\r\n")}
}

// TestDeferredOneCallPerMessage: with a GateSettler, each message costs
// one call of the State (its gate, carrying the outcomes of the one
// before); Flush writes the last. Settling at once costs two.
func TestDeferredOneCallPerMessage(t *testing.T) {
	ctx := context.Background()
	const n = 50
	for _, tt := range []struct {
		name  string
		delay time.Duration
		want  int // calls for n messages, before Flush
	}{
		{"deferred", time.Hour, n},
		{"at once", -1, 2 * n},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cs := &countingState{}
			d := &Deliverer{Sender: &scripted{}, State: cs, SettleDelay: tt.delay}
			for i := range n {
				res, err := d.Deliver(ctx, campaignMsg(i, "c", fmt.Sprintf("u%d@example.com", i)))
				if err != nil || res[0].Kind != Delivered {
					t.Fatalf("Deliver %d = %+v, %v; want delivered", i, res, err)
				}
			}
			if got := cs.calls(); got != tt.want {
				t.Errorf("%d messages: %d State calls (%d Gate, %d Settle, %d GateSettle), want %d",
					n, got, cs.gates, cs.settles, cs.gateSettles, tt.want)
			}
			if err := d.Flush(ctx); err != nil {
				t.Fatalf("Flush: %v", err)
			}
			if c, _, _ := cs.MemoryState.Campaign(ctx, "c"); c.Attempted != n {
				t.Errorf("after Flush: campaign Attempted %d, want %d", c.Attempted, n)
			}
			for _, i := range []int{0, n - 1} {
				if _, ok, _ := cs.MemoryState.Sent(ctx, fmt.Sprintf("m%d@example.org", i)); !ok {
					t.Errorf("after Flush: message m%d not tracked", i)
				}
			}
			if !d.idleNow() {
				t.Errorf("after Flush: outcomes pending, in flight or timed")
			}
		})
	}
}

// TestDeferredPauseEvent: the outcome that pauses a campaign, deferred,
// is applied by the next message's gate, which is then held; Paused is
// emitted once.
func TestDeferredPauseEvent(t *testing.T) {
	ctx := context.Background()
	cs := &countingState{}
	var mu sync.Mutex
	var paused []Event
	d := &Deliverer{Sender: &scripted{}, State: cs, SettleDelay: time.Hour, Guard: Guard{MinSample: 10},
		OnEvent: func(e Event) {
			if e.Kind == Paused {
				mu.Lock()
				paused = append(paused, e)
				mu.Unlock()
			}
		}}
	for i := range 10 {
		if _, err := d.Deliver(ctx, campaignMsg(i, "c", fmt.Sprintf("unknown%d@example.com", i))); err != nil {
			t.Fatal(err)
		}
	}
	if len(paused) != 0 {
		t.Fatalf("Paused emitted before the 10th bounce was saved: %+v", paused)
	}
	res, err := d.Deliver(ctx, campaignMsg(10, "c", "ann@example.com"))
	if err != nil || res[0].Kind != Held {
		t.Errorf("the message after the 10th bounce = %+v, %v; want held (its gate applied the bounce)", res, err)
	}
	if err := d.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if len(paused) != 1 || paused[0].Campaign != "c" || paused[0].NextAttempt.IsZero() {
		t.Errorf("Paused events = %+v, want one of campaign c, with its end", paused)
	}
	if c, _ := d.Campaign("c"); c.State != CampaignPaused {
		t.Errorf("Campaign(c) = %q, want paused", c.State)
	}
}

// TestDeferredFailure: when the gate that carries outcomes fails, nothing
// is sent, the outcomes stay pending, and once the State is back they are
// saved, with the Paused event they make, once.
func TestDeferredFailure(t *testing.T) {
	ctx := context.Background()
	cs := &countingState{}
	s := &scripted{}
	var mu sync.Mutex
	paused := 0
	d := &Deliverer{Sender: s, State: cs, SettleDelay: time.Hour, Guard: Guard{MinSample: 2},
		OnEvent: func(e Event) {
			if e.Kind == Paused {
				mu.Lock()
				paused++
				mu.Unlock()
			}
		}}
	for i := range 2 {
		if _, err := d.Deliver(ctx, campaignMsg(i, "c", fmt.Sprintf("unknown%d@example.com", i))); err != nil {
			t.Fatal(err)
		}
	}
	cs.setDown(true)
	sent := s.calls
	for i := range 3 {
		res, err := d.Deliver(ctx, campaignMsg(10+i, "c", "ann@example.com"))
		if !errors.Is(err, errDown) || !strings.Contains(err.Error(), "nothing sent") || res != nil {
			t.Errorf("Deliver %d with the State down = %+v, %v; want no results, an error saying nothing was sent", i, res, err)
		}
	}
	if s.calls != sent {
		t.Errorf("%d sends while the outcomes could not be saved, want 0", s.calls-sent)
	}
	if n := d.pendingLen(); n != 1 {
		t.Errorf("pending outcomes while the State is down: %d, want the 1 not saved", n)
	}
	cs.setDown(false)
	res, err := d.Deliver(ctx, campaignMsg(20, "c", "ann@example.com"))
	if err != nil || res[0].Kind != Held {
		t.Errorf("Deliver with the State back = %+v, %v; want held (the pending bounce paused the campaign)", res, err)
	}
	if err := d.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if paused != 1 {
		t.Errorf("Paused events: %d, want 1", paused)
	}
	if c, _, _ := cs.MemoryState.Campaign(ctx, "c"); c.Attempted != 2 || c.Bounced != 2 {
		t.Errorf("campaign after the outage: Attempted %d, Bounced %d; want 2, 2 (each once)", c.Attempted, c.Bounced)
	}
}

// TestDeferredStrikeAtOnce: a rate-limit reply strikes its domain before
// Deliver returns, with the outcomes pending before it, in one call, so
// that another node sees it at once.
func TestDeferredStrikeAtOnce(t *testing.T) {
	ctx := context.Background()
	cs := &countingState{}
	a := &Deliverer{Sender: &scripted{}, State: cs, SettleDelay: time.Hour}
	b := &Deliverer{Sender: &scripted{}, State: cs, SettleDelay: time.Hour}
	if _, err := a.Deliver(ctx, campaignMsg(1, "", "ok@slow.example")); err != nil {
		t.Fatal(err)
	}
	res, err := a.Deliver(ctx, campaignMsg(2, "", "rate@slow.example"))
	if err != nil || res[0].Kind != Deferred {
		t.Fatalf("421: %+v, %v; want deferred", res, err)
	}
	if n := a.pendingLen(); n != 0 {
		t.Errorf("after a strike: %d outcomes pending, want 0", n)
	}
	if cs.flushes != 1 || cs.carried != 2 {
		t.Errorf("after a strike: %d calls without a gate carrying %d settlements in all, want 1 and 2", cs.flushes, cs.carried)
	}
	if r, _ := b.Deliver(ctx, campaignMsg(3, "", "ok2@slow.example")); !errors.Is(r[0].Err, ErrThrottled) {
		t.Errorf("B after A's strike: %v, %v; want ErrThrottled", r[0].Kind, r[0].Err)
	}
}

// TestDeferredMaxPending: the send that brings the pending outcomes to
// MaxPending saves them all before Deliver returns.
func TestDeferredMaxPending(t *testing.T) {
	ctx := context.Background()
	cs := &countingState{}
	// No campaign and no throttle: no gate to carry them.
	d := &Deliverer{Sender: &scripted{}, State: cs, SettleDelay: time.Hour, MaxPending: 3, Throttle: Throttle{Disabled: true}}
	for i := range 2 {
		if _, err := d.Deliver(ctx, campaignMsg(i, "", fmt.Sprintf("u%d@example.com", i))); err != nil {
			t.Fatal(err)
		}
	}
	if n, calls := d.pendingLen(), cs.calls(); n != 2 || calls != 0 {
		t.Errorf("2 sends without a gate: %d pending, %d State calls; want 2, 0", n, calls)
	}
	if _, err := d.Deliver(ctx, campaignMsg(2, "", "u2@example.com")); err != nil {
		t.Fatal(err)
	}
	if n, calls := d.pendingLen(), cs.calls(); n != 0 || calls != 1 || cs.carried != 3 {
		t.Errorf("the third send (MaxPending 3): %d pending, %d State calls carrying %d; want 0, 1, 3", n, calls, cs.carried)
	}
	if !d.idleNow() {
		t.Errorf("after saving them: outcomes pending, in flight or timed")
	}
}

// TestDeferredMaxPendingDown: while the State is down, a message that no
// gate would stop is not sent once MaxPending outcomes wait to be saved,
// so that they stay bounded; nothing is lost, and they are saved once the
// State is back.
func TestDeferredMaxPendingDown(t *testing.T) {
	ctx := context.Background()
	cs := &countingState{}
	d := &Deliverer{Sender: &scripted{}, State: cs, SettleDelay: time.Hour, MaxPending: 3, Throttle: Throttle{Disabled: true}}
	cs.setDown(true)
	for i := range 3 {
		// The third fills MaxPending; its save fails, and it says so.
		d.Deliver(ctx, campaignMsg(i, "", fmt.Sprintf("u%d@example.com", i)))
	}
	for i := 3; i < 6; i++ {
		res, err := d.Deliver(ctx, campaignMsg(i, "", fmt.Sprintf("u%d@example.com", i)))
		if err == nil || !strings.Contains(err.Error(), "nothing sent") || len(res) != 0 {
			t.Errorf("send %d with MaxPending outcomes unsaved and the State down = %+v, %v; want nothing sent", i, res, err)
		}
	}
	if n := d.pendingLen(); n != 3 {
		t.Errorf("pending while down: %d, want 3 (bounded, none lost)", n)
	}
	cs.setDown(false)
	if _, err := d.Deliver(ctx, campaignMsg(6, "", "u6@example.com")); err != nil {
		t.Fatalf("send with the State back: %v", err)
	}
	if err := d.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if n := d.pendingLen(); n != 0 || cs.carried < 4 {
		t.Errorf("after the State is back: %d pending, %d carried; want 0 and all 4 saved", n, cs.carried)
	}
}

// TestDeferredTimer: outcomes that no gate carries are written by a
// timer SettleDelay after the send, and again, later, after a failure; a
// steady flow of gates leaves the timer nothing to write. The bubble's
// clock is fake: nothing sleeps.
func TestDeferredTimer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		cs := &countingState{}
		d := &Deliverer{Sender: &scripted{}, State: cs, Throttle: Throttle{Disabled: true}}
		if _, err := d.Deliver(ctx, campaignMsg(1, "", "u1@example.com")); err != nil {
			t.Fatal(err)
		}
		time.Sleep(DefaultSettleDelay - time.Millisecond)
		synctest.Wait()
		if n := d.pendingLen(); n != 1 {
			t.Errorf("just before SettleDelay: %d pending, want 1", n)
		}
		time.Sleep(time.Millisecond)
		synctest.Wait()
		if n := d.pendingLen(); n != 0 || cs.flushes != 1 {
			t.Errorf("at SettleDelay: %d pending, %d flushes; want 0, 1", n, cs.flushes)
		}
		if _, ok, _ := cs.MemoryState.Sent(ctx, "m1@example.org"); !ok {
			t.Errorf("the timer's flush did not track the message")
		}

		// A failure: kept, and written again at twice the delay.
		cs.setDown(true)
		if _, err := d.Deliver(ctx, campaignMsg(2, "", "u2@example.com")); err != nil {
			t.Fatal(err)
		}
		time.Sleep(DefaultSettleDelay)
		synctest.Wait()
		if n := d.pendingLen(); n != 1 {
			t.Errorf("after a failed flush: %d pending, want 1", n)
		}
		cs.setDown(false)
		time.Sleep(2*DefaultSettleDelay - time.Millisecond)
		synctest.Wait()
		if n := d.pendingLen(); n != 1 {
			t.Errorf("before the second try: %d pending, want 1", n)
		}
		time.Sleep(time.Millisecond)
		synctest.Wait()
		if n := d.pendingLen(); n != 0 {
			t.Errorf("after the second try: %d pending, want 0", n)
		}

		// Gates every 10 ms carry everything: the timer writes nothing.
		flushes := cs.flushes
		d.Throttle.Disabled = false
		for i := range 20 {
			if _, err := d.Deliver(ctx, campaignMsg(10+i, "c", fmt.Sprintf("v%d@example.com", i))); err != nil {
				t.Fatal(err)
			}
			time.Sleep(10 * time.Millisecond)
			synctest.Wait()
		}
		if cs.flushes != flushes {
			t.Errorf("a steady flow of 20 sends 10 ms apart: %d flushes by the timer, want 0", cs.flushes-flushes)
		}
		if err := d.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if !d.idleNow() {
			t.Errorf("after Flush: outcomes pending, in flight or timed")
		}
	})
}

// TestDeferredConcurrent: 8 goroutines deliver on one Deliverer; every
// outcome is saved once, and Flush leaves nothing behind.
func TestDeferredConcurrent(t *testing.T) {
	ctx := context.Background()
	cs := &countingState{}
	d := &Deliverer{Sender: &scripted{}, State: cs, SettleDelay: time.Millisecond}
	const workers, each = 8, 50
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				n := w*each + i
				if _, err := d.Deliver(ctx, campaignMsg(n, "c", fmt.Sprintf("u%d@d%d.example", n, n%5))); err != nil {
					t.Errorf("Deliver %d: %v", n, err)
				}
			}
		}()
	}
	wg.Wait()
	if err := d.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if c, _, _ := cs.MemoryState.Campaign(ctx, "c"); c.Attempted != workers*each {
		t.Errorf("after %d concurrent sends: Attempted %d, want %d", workers*each, c.Attempted, workers*each)
	}
	if cs.carried != workers*each || cs.settles != 0 {
		t.Errorf("%d settlements carried, %d Settles; want %d, 0", cs.carried, cs.settles, workers*each)
	}
	if !d.idleNow() {
		t.Errorf("after Flush: outcomes pending, in flight or timed")
	}
}

// TestDeferredReportSavesFirst: a bounce handled by the Deliverer that
// sent the message, before its outcomes were saved, saves them first and
// is correlated.
func TestDeferredReportSavesFirst(t *testing.T) {
	ctx := context.Background()
	cs := &countingState{}
	store := &suppress.Memory{}
	d := &Deliverer{Sender: &scripted{}, Store: store, State: cs, SettleDelay: time.Hour}
	msg := campaignMsg(1, "c", "gone@example.com")
	if _, err := d.Deliver(ctx, msg); err != nil {
		t.Fatal(err)
	}
	res, err := d.HandleBounce(ctx, strings.NewReader(dsnMail("b@example.org", "gone@example.com", "failed", "5.1.1", "550 5.1.1 User unknown", msg.ID)))
	if err != nil || len(res) != 1 || res[0].Kind != Bounced {
		t.Errorf("HandleBounce right after the send = %+v, %v; want one bounced", res, err)
	}
	if c, _, _ := cs.MemoryState.Campaign(ctx, "c"); c.Attempted != 1 || c.Bounced != 1 {
		t.Errorf("campaign after the bounce: Attempted %d, Bounced %d; want 1, 1", c.Attempted, c.Bounced)
	}
}

// TestDeferredForgetSavesFirst: Forget saves the pending outcomes first,
// so that none of them brings the campaign back after it.
func TestDeferredForgetSavesFirst(t *testing.T) {
	ctx := context.Background()
	cs := &countingState{}
	d := &Deliverer{Sender: &scripted{}, State: cs, SettleDelay: time.Hour}
	if _, err := d.Deliver(ctx, campaignMsg(1, "c", "ann@example.com")); err != nil {
		t.Fatal(err)
	}
	if !d.Forget("c") {
		t.Errorf("Forget(c) = false, want true")
	}
	if err := d.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := cs.MemoryState.Campaign(ctx, "c"); ok {
		t.Errorf("campaign c is in the State after Forget and Flush, want forgotten")
	}
}

// TestMemoryStateNotDeferred: the zero Deliverer settles in its
// MemoryState at once: nothing is pending, no timer is armed.
func TestMemoryStateNotDeferred(t *testing.T) {
	ctx := context.Background()
	for _, st := range []State{nil, &MemoryState{}} {
		d := &Deliverer{Sender: &scripted{}, State: st}
		if _, err := d.Deliver(ctx, campaignMsg(1, "c", "ann@example.com")); err != nil {
			t.Fatal(err)
		}
		if !d.idleNow() {
			t.Errorf("State %T: outcomes pending or timed, want none", st)
		}
		if c, _ := d.Campaign("c"); c.Attempted != 1 {
			t.Errorf("State %T: Campaign(c).Attempted = %d, want 1", st, c.Attempted)
		}
		if err := d.Flush(ctx); err != nil {
			t.Errorf("State %T: Flush: %v", st, err)
		}
	}
}

// TestDeliverDueHeldOnce: in one claim of the Queue, the first gate that
// finds a campaign paused holds the campaign's other messages without
// asking the State again; the others cost a call each.
func TestDeliverDueHeldOnce(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	cs := &countingState{}
	g := Guard{MinSample: 10}
	if r, _ := cs.MemoryState.Settle(ctx, SettleRequest{Campaign: "c", Attempted: 10, Bounced: 10, Guard: g, Now: now}); r.Changed != CampaignPaused {
		t.Fatalf("setting up the pause: Changed %q, want paused", r.Changed)
	}
	q := &MemoryQueue{}
	s := &scripted{}
	d := &Deliverer{Sender: s, State: cs, Queue: q, Guard: g, SettleDelay: time.Hour, Now: func() time.Time { return now }}
	var items []Item
	for i := range 20 {
		campaign := "c"
		if i%2 == 1 {
			campaign = "other"
		}
		items = append(items, Item{Msg: campaignMsg(i, campaign, fmt.Sprintf("u%d@example.com", i)), Rcpt: fmt.Sprintf("u%d@example.com", i), Due: now})
	}
	if err := q.Schedule(ctx, items...); err != nil {
		t.Fatal(err)
	}
	n, err := d.DeliverDue(ctx)
	if err != nil || n != 20 {
		t.Fatalf("DeliverDue = %d, %v; want 20, nil", n, err)
	}
	if s.calls != 10 {
		t.Errorf("%d sends, want the 10 of the active campaign", s.calls)
	}
	if got := cs.calls(); got != 11 {
		t.Errorf("%d State calls for 10 messages of an active campaign and 10 of a paused one, want 11 (one gate each, one for the paused)", got)
	}
	if q.Len() != 10 {
		t.Errorf("queue holds %d items, want the 10 held", q.Len())
	}
	if due, _ := q.NextDue(); !due.Equal(now.Add(24 * time.Hour)) {
		t.Errorf("held until %v, want the end of the pause %v", due, now.Add(24*time.Hour))
	}
	if err := d.Flush(ctx); err != nil {
		t.Fatal(err)
	}
}
