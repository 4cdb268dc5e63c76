package nodetest

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/suppress"
)

// gatedStore is a suppress.Store in front of another: when hold is set,
// a Record waits on it (after saying so on entered) before it goes on;
// when fail is set, a Record fails. It counts the Records made.
type gatedStore struct {
	suppress.Store
	mu      sync.Mutex
	hold    chan struct{} // the next Record waits until it is closed
	entered chan struct{} // closed when that Record arrived
	fail    error
	records atomic.Int32
}

var errStoreDown = errors.New("store down")

func (g *gatedStore) Record(ctx context.Context, ev suppress.Event, now time.Time) (suppress.Decision, error) {
	g.mu.Lock()
	hold, entered, fail := g.hold, g.entered, g.fail
	g.hold, g.entered = nil, nil
	g.mu.Unlock()
	if hold != nil {
		close(entered)
		<-hold
	}
	if fail != nil {
		return suppress.Decision{}, fail
	}
	g.records.Add(1)
	return g.Store.Record(ctx, ev, now)
}

// gate makes the next Record wait until the returned func is called; the
// channel is closed once that Record arrived.
func (g *gatedStore) gate() (entered <-chan struct{}, open func()) {
	hold, in := make(chan struct{}), make(chan struct{})
	g.mu.Lock()
	g.hold, g.entered = hold, in
	g.mu.Unlock()
	return in, func() { close(hold) }
}

func (g *gatedStore) setFail(err error) {
	g.mu.Lock()
	g.fail = err
	g.mu.Unlock()
}

// lostState is a State whose Release fails, as for a node that lost its
// server after its recording failed: its claim is left to expire.
type lostState struct {
	deliver.State
}

func (l lostState) Claim(ctx context.Context, key, holder string, ttl time.Duration, now time.Time) (bool, error) {
	return l.State.(deliver.ReportClaimer).Claim(ctx, key, holder, ttl, now)
}

func (l lostState) Release(ctx context.Context, key, holder string) error {
	return errors.New("state server lost")
}

// Claim checks that one report handed to two nodes at the same time is
// recorded once: two Deliverers on States from b (a client of their own
// each), sharing one Store whose first Record waits until the second copy
// was handed to the other node. The second copy gets
// [deliver.ErrReportInProgress] and records nothing; given again after
// the first finished, it returns no result (handled). A copy whose node
// failed to record it (the Store failed) is recorded by the next copy at
// once, on another node (the claim was released); one whose node could
// not release its claim either is refused until the claim expired
// (Deliverer.ClaimFor on the shared fake clock), then recorded once. The
// State from b must implement [deliver.ReportClaimer]. [Run] runs it too.
func Claim(t *testing.T, b Backend) {
	c := newCluster(t, b, 2)
	if _, ok := c.nodes[0].State.(deliver.ReportClaimer); !ok {
		t.Fatalf("%T does not implement deliver.ReportClaimer", c.nodes[0].State)
	}
	store := &gatedStore{Store: c.store}
	for _, d := range c.nodes {
		d.Store = store
	}
	a, bn := c.nodes[0], c.nodes[1]
	ctx := context.Background()
	send := func(rcpt string) *deliver.Message {
		t.Helper()
		msg := c.message("claims", suppress.Scope{}, rcpt)
		if res, err := a.Deliver(ctx, msg); err != nil || len(res) != 1 || res[0].Kind != deliver.Delivered {
			t.Fatalf("node A: Deliver to %s = %+v, %v; want delivered", rcpt, res, err)
		}
		if err := a.Flush(ctx); err != nil {
			t.Fatalf("node A: Flush: %v", err)
		}
		return msg
	}
	bounce := func(d *deliver.Deliverer, msg *deliver.Message) ([]deliver.Result, error) {
		return d.HandleBounce(ctx, strings.NewReader(dsnMail(msg.ID, msg.To[0])))
	}

	// Two copies at the same time: A records, B arrives meanwhile.
	msg := send("ann@d1.example")
	records := store.records.Load() // the send's own (a delivery)
	entered, open := store.gate()
	type outcome struct {
		res []deliver.Result
		err error
	}
	first := make(chan outcome, 1)
	go func() {
		res, err := bounce(a, msg)
		first <- outcome{res, err}
	}()
	select {
	case <-entered:
	case <-time.After(10 * time.Second):
		open()
		t.Fatalf("node A's recording never reached the Store")
	}
	res, err := bounce(bn, msg)
	if !errors.Is(err, deliver.ErrReportInProgress) || res != nil {
		t.Errorf("node B, the same bounce while A records it: %+v, %v; want no results and ErrReportInProgress", res, err)
	}
	open()
	o := <-first
	if o.err != nil || len(o.res) != 1 || o.res[0].Kind != deliver.Bounced {
		t.Fatalf("node A: HandleBounce = %+v, %v; want one bounced", o.res, o.err)
	}
	if n := store.records.Load() - records; n != 1 {
		t.Errorf("one bounce handed to two nodes at once: %d Records in the Store, want 1", n)
	}
	// B's sender tries again later: handled.
	if res, err := bounce(bn, msg); err != nil || res != nil {
		t.Errorf("node B, the same bounce again after A recorded it: %+v, %v; want no results, no error", res, err)
	}
	if n := store.records.Load() - records; n != 1 {
		t.Errorf("after the retry on node B: %d Records, want 1", n)
	}
	if cs, ok, err := bn.State.Campaign(ctx, "claims"); err != nil || !ok || cs.Bounced != 1 {
		t.Errorf("Campaign(claims) = %+v, %v, %v; want 1 bounced", cs, ok, err)
	}

	// A fails to record (the Store is down): its claim is released, and
	// the copy B gets next is recorded at once.
	msg = send("bob@d1.example")
	store.setFail(errStoreDown)
	if _, err := bounce(a, msg); !errors.Is(err, errStoreDown) {
		t.Fatalf("node A with the Store down: err = %v, want the Store's error", err)
	}
	store.setFail(nil)
	records = store.records.Load()
	if res, err := bounce(bn, msg); err != nil || len(res) != 1 || res[0].Kind != deliver.Bounced {
		t.Errorf("node B after A failed to record: %+v, %v; want one bounced", res, err)
	}
	if n := store.records.Load() - records; n != 1 {
		t.Errorf("node B after A failed: %d Records, want 1", n)
	}

	// A fails to record and cannot release its claim: B is refused until
	// the claim expires, then records it once.
	const claimFor = 30 * time.Second
	for _, d := range c.nodes {
		d.ClaimFor = claimFor
	}
	lost := c.node(lostState{b.NewState(t, b.Addr)})
	lost.Store, lost.ClaimFor = store, claimFor
	msg = send("cy@d1.example")
	store.setFail(errStoreDown)
	if _, err := bounce(lost, msg); !errors.Is(err, errStoreDown) {
		t.Fatalf("node C with the Store down: err = %v, want the Store's error", err)
	}
	store.setFail(nil)
	records = store.records.Load()
	c.clock.Advance(claimFor / 2)
	if res, err := bounce(bn, msg); !errors.Is(err, deliver.ErrReportInProgress) || res != nil {
		t.Errorf("node B within the claim of a node that failed: %+v, %v; want ErrReportInProgress", res, err)
	}
	c.clock.Advance(claimFor/2 + time.Second)
	if res, err := bounce(bn, msg); err != nil || len(res) != 1 || res[0].Kind != deliver.Bounced {
		t.Errorf("node B after the claim of a node that failed expired: %+v, %v; want one bounced", res, err)
	}
	if res, err := bounce(a, msg); err != nil || res != nil {
		t.Errorf("node A, the same bounce after B recorded it: %+v, %v; want no results, no error", res, err)
	}
	if n := store.records.Load() - records; n != 1 {
		t.Errorf("after the claim expired: %d Records, want 1", n)
	}
}
