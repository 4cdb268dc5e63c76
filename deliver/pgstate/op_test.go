package pgstate_test

import (
	"context"
	"testing"
	"time"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/deliver/pgstate"
)

// TestOpConcurrentRetry: a settlement given again while its first
// application is not committed yet (a call sent again after a timeout,
// the first still running) waits for it and is applied once, whether it
// tracks a message or not.
func TestOpConcurrentRetry(t *testing.T) {
	p := newPool(t)
	ctx := context.Background()
	s := newState(t, p)
	now := time.Now().Truncate(time.Millisecond)
	for _, tc := range []struct {
		name  string
		track *deliver.SentMessage
	}{
		{"tracked", &deliver.SentMessage{ID: "m@example.org", Campaign: "tracked", Rcpts: []string{"a@example.com"}, Sent: now}},
		{"untracked", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := deliver.SettleRequest{Campaign: tc.name, Attempted: 1, Track: tc.track, Now: now, Op: "op-" + tc.name}
			tx, err := p.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback(ctx)
			in := &pgstate.State{DB: tx, Table: s.Table}
			if _, _, err := in.GateSettle(ctx, []deliver.SettleRequest{req}, deliver.GateRequest{}); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() {
				_, _, err := s.GateSettle(ctx, []deliver.SettleRequest{req}, deliver.GateRequest{})
				done <- err
			}()
			select {
			case err := <-done:
				t.Fatalf("the retry did not wait for the first application to commit (error %v)", err)
			case <-time.After(300 * time.Millisecond):
			}
			if err := tx.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			c, _, err := s.Campaign(ctx, tc.name)
			if err != nil {
				t.Fatal(err)
			}
			if c.Attempted != 1 {
				t.Errorf("a settlement and its retry during its first application: Attempted %d, want 1", c.Attempted)
			}
		})
	}
}
