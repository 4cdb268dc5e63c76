package deliver

import (
	"context"
	"crypto/rand"
	"fmt"
	"strconv"
	"time"
)

// DefaultSettleDelay is the default of Deliverer.SettleDelay: how long
// the outcomes of a send wait for the next gate to carry them to a
// [GateSettler] before a timer writes them.
const DefaultSettleDelay = 50 * time.Millisecond

// DefaultMaxPending is the default of Deliverer.MaxPending.
const DefaultMaxPending = 1000

// maxFlushDelay bounds the delay of the timer that writes the pending
// outcomes again after failures (it doubles from SettleDelay).
const maxFlushDelay = 5 * time.Second

// deferrer returns st as a GateSettler when the outcomes of sends are to
// be deferred: st implements it, is not a MemoryState (which costs no
// round trip) and SettleDelay is not negative.
func (d *Deliverer) deferrer(st State) GateSettler {
	if d.SettleDelay < 0 {
		return nil
	}
	if _, ok := st.(*MemoryState); ok {
		return nil
	}
	gs, _ := st.(GateSettler)
	return gs
}

func (d *Deliverer) settleDelay() time.Duration { return durOr(d.SettleDelay, DefaultSettleDelay) }

func (d *Deliverer) maxPending() int {
	if d.MaxPending <= 0 {
		return DefaultMaxPending
	}
	return d.MaxPending
}

// nextOp returns a new operation id for a settlement: a random prefix of
// this Deliverer and a counter.
func (d *Deliverer) nextOp() string {
	d.pmu.Lock()
	defer d.pmu.Unlock()
	if d.opPrefix == "" {
		d.opPrefix = rand.Text()[:16] + ":"
	}
	d.ops++
	return d.opPrefix + strconv.FormatUint(d.ops, 36)
}

// addPending adds req, whose slices it owns, to the pending settlements and
// arms the timer that writes them. It reports whether the pending
// settlements now reach MaxPending: the caller then writes them.
func (d *Deliverer) addPending(req SettleRequest) (full bool) {
	d.pmu.Lock()
	defer d.pmu.Unlock()
	if len(d.pending) == 0 {
		d.oldest = time.Now()
	}
	d.pending = append(d.pending, req)
	d.armLocked()
	return len(d.pending) >= d.maxPending()
}

// pendingFull reports whether the pending settlements reach MaxPending.
func (d *Deliverer) pendingFull() bool {
	d.pmu.Lock()
	defer d.pmu.Unlock()
	return len(d.pending) >= d.maxPending()
}

// takePending takes the pending settlements to carry them in one call;
// the caller gives them back with putPending or reports them done with
// donePending. It returns nil when none is pending.
func (d *Deliverer) takePending() []SettleRequest {
	d.pmu.Lock()
	defer d.pmu.Unlock()
	p := d.pending
	if len(p) == 0 {
		return nil
	}
	d.pending, d.oldest = nil, time.Time{}
	d.inFlightLocked()
	return p
}

// inFlightLocked counts one more call in flight, which Flush waits for;
// called with d.pmu held.
func (d *Deliverer) inFlightLocked() {
	d.inflight++
	if d.idle == nil {
		d.idle = make(chan struct{})
	}
}

// takePendingFor is takePending when gs is not nil (the outcomes are
// deferred), and nil otherwise.
func (d *Deliverer) takePendingFor(gs GateSettler) []SettleRequest {
	if gs == nil {
		return nil
	}
	return d.takePending()
}

// putPending gives back the settlements of a call that failed, ahead of
// those deferred since, and arms the timer, whose delay doubles with each
// failure in a row.
func (d *Deliverer) putPending(p []SettleRequest) {
	d.pmu.Lock()
	defer d.pmu.Unlock()
	if len(d.pending) == 0 {
		d.oldest = time.Now()
	}
	d.pending = append(p, d.pending...)
	d.fails++
	d.doneLocked()
	d.armLocked()
}

// donePending reports that the settlements taken with takePending were
// written.
func (d *Deliverer) donePending() {
	d.pmu.Lock()
	defer d.pmu.Unlock()
	d.fails = 0
	d.doneLocked()
	d.disarmLocked()
}

// doneLocked ends one call that carried pending settlements; called with
// d.pmu held.
func (d *Deliverer) doneLocked() {
	d.inflight--
	if d.inflight == 0 && d.idle != nil {
		close(d.idle)
		d.idle = nil
	}
}

// armLocked starts the timer that writes the pending settlements, unless
// it is armed or none is pending; called with d.pmu held. The timer's
// function runs on a goroutine of its own, once per arming.
func (d *Deliverer) armLocked() {
	if d.armed || len(d.pending) == 0 {
		return
	}
	delay := d.settleDelay()
	for range min(d.fails, 10) {
		delay *= 2
	}
	d.startLocked(min(delay, max(maxFlushDelay, d.settleDelay())))
}

// startLocked arms the timer for delay; called with d.pmu held.
func (d *Deliverer) startLocked(delay time.Duration) {
	d.armed = true
	if d.timer == nil {
		d.timer = time.AfterFunc(delay, d.flushTimer)
		return
	}
	d.timer.Reset(delay)
}

// disarmLocked stops the timer when nothing is pending; called with d.pmu
// held.
func (d *Deliverer) disarmLocked() {
	if d.armed && len(d.pending) == 0 {
		d.timer.Stop()
		d.armed = false
	}
}

// flushTimer writes the pending settlements when no gate came to carry
// them. When gates carried the ones that armed it, and those pending now
// are younger than SettleDelay, it is armed again for the rest of their
// delay instead: a steady flow of sends costs no call of the timer. Its
// errors go to Logger; the settlements stay pending and the timer is
// armed again, later after each failure.
func (d *Deliverer) flushTimer() {
	d.pmu.Lock()
	d.armed = false
	if len(d.pending) == 0 {
		d.pmu.Unlock()
		return
	}
	if age := time.Since(d.oldest); d.fails == 0 && age < d.settleDelay() {
		d.startLocked(d.settleDelay() - age)
		d.pmu.Unlock()
		return
	}
	d.pmu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), stateTimeout)
	defer cancel()
	evs, err := d.flushPending(ctx, nil)
	if err != nil {
		d.logError("deliver: saving the outcomes of earlier sends", err)
	}
	d.emit(evs)
}

// flushPending writes the pending settlements, then extra (which is not
// pending), in one call, and returns the events of the campaigns they
// paused or cancelled. When the call fails, all of them are pending, to
// be written again.
func (d *Deliverer) flushPending(ctx context.Context, extra *SettleRequest) ([]Event, error) {
	d.mu.Lock()
	d.lazyInit()
	st := d.st
	d.mu.Unlock()
	gs := d.deferrer(st)
	if gs == nil {
		return nil, nil
	}
	p := d.takePending()
	if extra != nil {
		if p == nil {
			// Counted as in flight, like the pending ones.
			d.pmu.Lock()
			d.inFlightLocked()
			d.pmu.Unlock()
		}
		p = append(p, *extra)
	}
	if len(p) == 0 {
		return nil, nil
	}
	sr, _, err := gs.GateSettle(ctx, p, GateRequest{})
	if err == nil && len(sr) != len(p) {
		err = fmt.Errorf("State.GateSettle answered for %d settlements, want %d", len(sr), len(p))
	}
	if err != nil {
		d.putPending(p)
		return nil, fmt.Errorf("saving %d outcomes in the State (kept, to be saved again): %w", len(p), err)
	}
	d.donePending()
	return d.applied(p, sr), nil
}

// applied keeps the campaigns' state of the results of settlements p for
// Stats, and returns the events of the campaigns they paused or
// cancelled.
func (d *Deliverer) applied(p []SettleRequest, sr []SettleResult) []Event {
	var evs []Event
	d.mu.Lock()
	defer d.mu.Unlock()
	for i := range p {
		if p[i].Campaign == "" {
			continue
		}
		d.see(p[i].Campaign, sr[i].Campaign)
		evs = append(evs, changed(p[i].Campaign, sr[i], p[i].Now)...)
	}
	return evs
}

// Flush writes the outcomes of sends that wait to be saved in the State
// (see SettleDelay) at once, in one call, after waiting for the calls
// that are carrying some now, and returns when none is pending. Call it
// before the process exits (after the last Deliver has returned): the
// outcomes still pending are otherwise lost, and the guard, the throttle
// and the correlation of reports of every node miss them. Flush also
// stops the timer that writes them. With a State that does not defer
// outcomes (a MemoryState, a State that is not a [GateSettler], or
// SettleDelay -1), it does nothing and returns nil.
//
// It returns an error when the State cannot be written before ctx ends;
// the outcomes then stay pending (call Flush again).
func (d *Deliverer) Flush(ctx context.Context) error {
	for {
		evs, err := d.flushPending(ctx, nil)
		d.emit(evs)
		if err != nil {
			return fmt.Errorf("deliver: flush: %w", err)
		}
		d.pmu.Lock()
		idle, n := d.idle, len(d.pending)
		if idle == nil && n == 0 {
			d.disarmLocked()
			d.pmu.Unlock()
			return nil
		}
		d.pmu.Unlock()
		if idle != nil {
			select {
			case <-idle:
			case <-ctx.Done():
				return fmt.Errorf("deliver: flush: waiting for the outcomes being saved: %w", ctx.Err())
			}
		}
	}
}
