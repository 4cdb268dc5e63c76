package deliver

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// DeliverDue claims the items of the Queue that are due now and delivers
// them again, grouping the recipients of one message that share an attempt
// count into one Deliver call. It returns the number of recipients it took
// from the queue. Each claim is leased for 5 minutes: an item not rescheduled
// or completed by then (its claimer died) comes back.
//
// DeliverDue takes at most 1000 items per call; call it again while it
// returns 1000. It stops sending after 4.5 minutes, within the lease: the
// items it did not reach come back when their lease ends.
//
// Each message costs the State one call, its gate, which carries the
// outcomes of the message before (see Deliverer.SettleDelay): the gates
// are not batched, because a gate of many messages at once would let
// them all be sent after the first of them had paused their campaign.
// Once a gate finds a campaign paused or cancelled, the other messages
// of that campaign in the same claim are held (until the pause ends) or
// cancelled without asking the State again.
//
// The outcomes go back to the Queue with the claim's [Item.Token]: when the
// lease ran out and another worker claimed an item meanwhile, its outcome
// is not written over the other worker's claim, and the error wraps
// [ErrClaimLost]; the recipient may then have been sent twice.
func (d *Deliverer) DeliverDue(ctx context.Context) (int, error) {
	if d.Queue == nil {
		return 0, errors.New("deliver: Deliverer has no Queue")
	}
	const lease = 5 * time.Minute
	items, err := d.Queue.Claim(ctx, d.now(), 1000, lease)
	if err != nil {
		return 0, err
	}
	// Stop sending before the claim runs out; what is left comes back
	// after the lease.
	ctx, cancel := context.WithTimeout(ctx, lease*9/10)
	defer cancel()
	type key struct {
		id      string
		attempt int
		queued  time.Time
	}
	type group struct {
		msg    *Message
		tokens []string // the claim Token of each of msg.To
	}
	var order []key
	groups := make(map[key]*group)
	for _, it := range items {
		if it.Msg == nil {
			continue
		}
		k := key{it.Msg.ID, it.Attempt, it.Queued}
		g := groups[k]
		if g == nil {
			cp := *it.Msg
			cp.To, cp.Attempt, cp.Queued = nil, it.Attempt, it.Queued
			g = &group{msg: &cp}
			groups[k] = g
			order = append(order, k)
		}
		g.msg.To = append(g.msg.To, it.Rcpt)
		g.tokens = append(g.tokens, it.Token)
	}
	var errs []error
	held := make(map[string]CampaignStats)
	for _, k := range order {
		if err := ctx.Err(); err != nil {
			return len(items), err
		}
		if _, err := d.deliver(ctx, groups[k].msg, groups[k].tokens, held); err != nil {
			errs = append(errs, err)
		}
	}
	return len(items), errors.Join(errs...)
}

// Run calls [Deliverer.DeliverDue] every interval until ctx is done, and
// returns ctx's error. Errors of DeliverDue do not stop it: they go to
// Logger, and the Queue keeps the items. interval 0 means 1 second. Run is
// the only loop of the package, and is opt-in: nothing starts it. When ctx
// is done, Run saves the outcomes still waiting (see Deliverer.Flush), for
// up to 10 seconds, before it returns.
func (d *Deliverer) Run(ctx context.Context, interval time.Duration) error {
	if d.Queue == nil {
		return errors.New("deliver: Deliverer has no Queue")
	}
	if interval <= 0 {
		interval = time.Second
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		for {
			n, err := d.DeliverDue(ctx)
			if err != nil && ctx.Err() == nil && d.Logger != nil {
				d.Logger.LogAttrs(ctx, slog.LevelError, "deliver: delivering due items", slog.String("err", err.Error()))
			}
			if n < 1000 || ctx.Err() != nil {
				break
			}
		}
		select {
		case <-ctx.Done():
			fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			if err := d.Flush(fctx); err != nil && d.Logger != nil {
				d.Logger.LogAttrs(fctx, slog.LevelError, "deliver: saving the outcomes on the way out", slog.String("err", err.Error()))
			}
			cancel()
			return ctx.Err()
		case <-t.C:
		}
	}
}
