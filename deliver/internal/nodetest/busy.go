package nodetest

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/bouncekit/bouncekit/deliver"
)

// BusyState is a MemoryState whose reports are claimed by another node
// while Busy is set: the ways in (returnpath, mailbox, webhook) test with
// it what they do with deliver.ErrReportInProgress.
type BusyState struct {
	deliver.MemoryState
	Busy atomic.Bool
}

// Claim refuses every claim while Busy is set, and is MemoryState's
// otherwise.
func (b *BusyState) Claim(ctx context.Context, key, holder string, ttl time.Duration, now time.Time) (bool, error) {
	if b.Busy.Load() {
		return false, nil
	}
	return b.MemoryState.Claim(ctx, key, holder, ttl, now)
}
