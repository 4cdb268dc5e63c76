package mailbox

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bouncekit/bouncekit/deliver"
)

// busyState is a MemoryState whose reports are claimed by another node
// while busy is set.
type busyState struct {
	deliver.MemoryState
	busy atomic.Bool
}

func (b *busyState) Claim(ctx context.Context, key, holder string, ttl time.Duration, now time.Time) (bool, error) {
	if b.busy.Load() {
		return false, nil
	}
	return b.MemoryState.Claim(ctx, key, holder, ttl, now)
}

// TestInProgressLeavesMail: a bounce that another node is recording
// (Ingest returns deliver.ErrReportInProgress) is left in the mailbox,
// and the next pass records it.
func TestInProgressLeavesMail(t *testing.T) {
	s := newServer(t, serverOpts{})
	c := newCounter()
	st := &busyState{}
	d, _ := newDeliverer(c, st)
	s.add(t, "INBOX", bounces(0, 3)...)
	r := newReader(s, d)
	st.busy.Store(true)
	if _, err := r.Once(context.Background()); !errors.Is(err, deliver.ErrReportInProgress) {
		t.Fatalf("Once while another node records the reports: err = %v, want ErrReportInProgress", err)
	}
	if got := s.count(t, "INBOX"); got != 3 {
		t.Errorf("INBOX holds %d mails, want all 3 left for the next pass", got)
	}
	st.busy.Store(false)
	if n, err := r.Once(context.Background()); err != nil || n != 3 {
		t.Errorf("the next pass = %d, %v; want 3, nil", n, err)
	}
	if got := s.count(t, "INBOX"); got != 0 {
		t.Errorf("INBOX holds %d mails after the next pass, want 0", got)
	}
}
