package deliver

import (
	"context"
	"time"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/suppress"
)

// allow is the pre-send check of rcpt. It returns the entry that suppresses
// the recipient, with ok = false.
func (d *Deliverer) allow(ctx context.Context, rcpt string, scope suppress.Scope, now time.Time) (e suppress.Entry, ok bool, err error) {
	if d.Store == nil {
		return suppress.Entry{}, true, nil
	}
	dec, err := d.Store.Allow(ctx, rcpt, scope, now)
	if err != nil {
		return suppress.Entry{}, false, err
	}
	return dec.Entry, dec.Allowed, nil
}

// record applies an outcome to the Store and returns the entry it leaves
// (the lease of a hard bounce), if any. Outcomes the Store ignores (a spam
// refusal, a retry) are not sent to it.
func (d *Deliverer) record(ctx context.Context, rcpt string, scope suppress.Scope, k Kind, r bounce.Result, now time.Time) (suppress.Entry, error) {
	if d.Store == nil {
		return suppress.Entry{}, nil
	}
	ev := suppress.Event{Addr: rcpt, Scope: scope, Result: r}
	switch k {
	case Delivered:
		ev.Outcome = suppress.Delivered
	case Bounced:
		ev.Outcome = suppress.Bounced
	case Expired, Failed:
		// A message given up after soft failures counts as one soft bounce;
		// enough of them suppress the address (Policy.SoftLimit).
		ev.Outcome = suppress.Bounced
		ev.Result.Category = bounce.Soft
	case Complained:
		ev.Outcome = suppress.Complained
	case Unsubscribed:
		ev.Outcome = suppress.Unsubscribed
	default:
		return suppress.Entry{}, nil
	}
	dec, err := d.Store.Record(ctx, ev, now)
	if err != nil {
		return suppress.Entry{}, err
	}
	return dec.Entry, nil
}
