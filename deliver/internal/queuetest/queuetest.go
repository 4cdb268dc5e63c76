// Package queuetest tests the claim tokens of [deliver.Queue]
// implementations, the same way for each: deliver's MemoryQueue and
// pgqueue's Queue.
//
//	func TestClaims(t *testing.T) {
//		queuetest.Run(t, func(t *testing.T) deliver.Queue { return &deliver.MemoryQueue{} })
//	}
//
// Run checks that a worker whose lease ran out, and whose item another
// worker claimed meanwhile, can neither complete nor reschedule that item
// (both fail with [deliver.ErrClaimLost]), while the current claimant can;
// that the calls without a token keep their old meaning; and that two
// [deliver.Deliverer]s sharing the queue, one of them stale, leave the
// item as the current claimant decided. The tests never sleep: time is
// passed to Claim or comes from a fake clock.
package queuetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/internal/fakeclock"
)

// NewQueue returns an empty queue that shares no items with any other
// queue the suite creates. It may register cleanups with t.Cleanup.
type NewQueue func(t *testing.T) deliver.Queue

// t0 is the start of every test's time.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// Run runs the tests against the queues newQueue returns.
func Run(t *testing.T, newQueue NewQueue) {
	t.Run("StaleClaimer", func(t *testing.T) { testStale(t, newQueue(t)) })
	t.Run("LateClaimerStillCurrent", func(t *testing.T) { testLate(t, newQueue(t)) })
	t.Run("WithoutToken", func(t *testing.T) { testWithoutToken(t, newQueue(t)) })
	t.Run("StaleDeliverer", func(t *testing.T) { testStaleDeliverer(t, newQueue) })
}

// claim claims the due items at now with a one-minute lease and checks
// that there are want of them, each with a token.
func claim(t *testing.T, q deliver.Queue, now time.Time, want int) []deliver.Item {
	t.Helper()
	items, err := q.Claim(context.Background(), now, 10, time.Minute)
	if err != nil {
		t.Fatalf("Claim(%v) error: %v", now, err)
	}
	if len(items) != want {
		t.Fatalf("Claim(%v) = %d items, want %d", now, len(items), want)
	}
	for _, it := range items {
		if it.Token == "" {
			t.Fatalf("Claim(%v): item %s has no Token", now, it.Rcpt)
		}
	}
	return items
}

func isLost(err error) bool { return errors.Is(err, deliver.ErrClaimLost) }

// testStale walks one item through the claims of three workers.
func testStale(t *testing.T, q deliver.Queue) {
	ctx := context.Background()
	msg := &deliver.Message{ID: "stale@example.com", From: "b@example.com", Data: []byte("x")}
	if err := q.Schedule(ctx, deliver.Item{Msg: msg, Rcpt: "r@example.net", Attempt: 1, Queued: t0, Due: t0}); err != nil {
		t.Fatal(err)
	}
	a := claim(t, q, t0, 1)[0]
	claim(t, q, t0.Add(30*time.Second), 0) // A's lease holds
	b := claim(t, q, t0.Add(2*time.Minute), 1)[0]
	if a.Token == b.Token {
		t.Fatalf("two claims have the same Token %q", a.Token)
	}

	// A's lease ran out and B holds the item: A can do nothing to it.
	if err := q.Done(ctx, a); !isLost(err) {
		t.Errorf("Done by the stale claimer = %v, want ErrClaimLost", err)
	}
	stale := a
	stale.Attempt, stale.Due = 2, t0.Add(3*time.Minute)
	if err := q.Schedule(ctx, stale); !isLost(err) {
		t.Errorf("Schedule by the stale claimer = %v, want ErrClaimLost", err)
	}
	claim(t, q, t0.Add(2*time.Minute+30*time.Second), 0) // still B's lease, not released by A

	// B reschedules: that releases its claim, so its token is spent too.
	next := b
	next.Attempt, next.Due = 2, t0.Add(10*time.Minute)
	if err := q.Schedule(ctx, next); err != nil {
		t.Fatalf("Schedule by the current claimant = %v, want nil", err)
	}
	if err := q.Done(ctx, b); !isLost(err) {
		t.Errorf("Done with the token of a rescheduled claim = %v, want ErrClaimLost", err)
	}
	if err := q.Done(ctx, a); !isLost(err) {
		t.Errorf("Done by the stale claimer after a reschedule = %v, want ErrClaimLost", err)
	}
	claim(t, q, t0.Add(9*time.Minute), 0) // not due before B's new time
	c := claim(t, q, t0.Add(10*time.Minute), 1)[0]
	if c.Attempt != 2 || !c.Due.Equal(t0.Add(10*time.Minute)) {
		t.Errorf("item after B's reschedule = attempt %d due %v, want 2, %v", c.Attempt, c.Due, t0.Add(10*time.Minute))
	}
	if err := q.Done(ctx, c); err != nil {
		t.Errorf("Done by the current claimant = %v, want nil", err)
	}

	// The item is gone: completing it again is idempotent, for anyone, and
	// a stale reschedule does not bring it back.
	for _, it := range []deliver.Item{c, a} {
		if err := q.Done(ctx, it); err != nil {
			t.Errorf("Done(token %q) of a done item = %v, want nil", it.Token, err)
		}
	}
	if err := q.Schedule(ctx, stale); !isLost(err) {
		t.Errorf("Schedule by a stale claimer of a done item = %v, want ErrClaimLost", err)
	}
	claim(t, q, t0.Add(time.Hour), 0)
}

// testLate: a claimer past its lease whose item nobody claimed again is
// still the current claimant.
func testLate(t *testing.T, q deliver.Queue) {
	ctx := context.Background()
	msg := &deliver.Message{ID: "late@example.com", From: "b@example.com", Data: []byte("x")}
	if err := q.Schedule(ctx,
		deliver.Item{Msg: msg, Rcpt: "r1@example.net", Attempt: 1, Queued: t0, Due: t0},
		deliver.Item{Msg: msg, Rcpt: "r2@example.net", Attempt: 1, Queued: t0, Due: t0},
	); err != nil {
		t.Fatal(err)
	}
	items := claim(t, q, t0, 2)
	r1, r2 := items[0], items[1]
	if r1.Rcpt != "r1@example.net" {
		r1, r2 = r2, r1
	}
	// Ten minutes later, far past the lease, nobody claimed them again.
	if err := q.Done(ctx, r1); err != nil {
		t.Errorf("late Done = %v, want nil", err)
	}
	r2.Attempt, r2.Due = 2, t0.Add(time.Hour)
	if err := q.Schedule(ctx, r2); err != nil {
		t.Errorf("late Schedule = %v, want nil", err)
	}
	if got := claim(t, q, t0.Add(time.Hour), 1); got[0].Rcpt != "r2@example.net" || got[0].Attempt != 2 {
		t.Errorf("Claim after the late calls = %s attempt %d, want r2@example.net attempt 2", got[0].Rcpt, got[0].Attempt)
	}
}

// testWithoutToken: Schedule and Done without a token act whoever holds
// the claim, as before tokens.
func testWithoutToken(t *testing.T, q deliver.Queue) {
	ctx := context.Background()
	msg := &deliver.Message{ID: "plain@example.com", From: "b@example.com", Data: []byte("x")}
	it := deliver.Item{Msg: msg, Rcpt: "r@example.net", Attempt: 1, Queued: t0, Due: t0}
	if err := q.Schedule(ctx, it); err != nil {
		t.Fatal(err)
	}
	claimed := claim(t, q, t0, 1)[0]
	it.Due = t0.Add(5 * time.Minute)
	if err := q.Schedule(ctx, it); err != nil {
		t.Fatalf("Schedule without a token over a claim = %v, want nil", err)
	}
	if err := q.Done(ctx, claimed); !isLost(err) {
		t.Errorf("Done with the token of a claim that a new schedule replaced = %v, want ErrClaimLost", err)
	}
	claim(t, q, t0.Add(5*time.Minute), 1)
	if err := q.Done(ctx, deliver.Item{Msg: msg, Rcpt: "r@example.net"}); err != nil {
		t.Errorf("Done without a token over a claim = %v, want nil", err)
	}
	claim(t, q, t0.Add(time.Hour), 0)
}

// testStaleDeliverer runs two Deliverers on one queue. Worker A claims the
// item, and its send lasts past the lease; meanwhile worker B claims the
// item and delivers it. A's outcome must not overwrite B's.
func testStaleDeliverer(t *testing.T, newQueue NewQueue) {
	mailboxFull := &smtp.SMTPError{Code: 452, EnhancedCode: smtp.EnhancedCode{4, 2, 2}, Message: "mailbox full"}
	for _, tc := range []struct {
		name      string
		a, b      error // the outcomes of A's and B's sends
		wantItems int   // items left in the queue once both are through
	}{
		{"B delivers, A fails softly", mailboxFull, nil, 0},
		{"B fails softly, A delivers", nil, mailboxFull, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			q := newQueue(t)
			clk := fakeclock.New(t0)
			msg := &deliver.Message{ID: "m-" + tc.name + "@example.com", From: "b@example.com", To: []string{"r@example.net"}, Data: []byte("x")}
			first := &deliver.Deliverer{Queue: q, Now: clk.Now, Seed: 1,
				Sender: deliver.SenderFunc(func(context.Context, *deliver.Message) ([]error, error) { return nil, mailboxFull })}
			if res, err := first.Deliver(ctx, msg); err != nil || res[0].Kind != deliver.Deferred {
				t.Fatalf("first attempt = %v, %v, want deferred", res[0].Kind, err)
			}
			clk.Advance(time.Hour)

			var bSends, aSends int
			b := &deliver.Deliverer{Queue: q, Now: clk.Now, Seed: 2,
				Sender: deliver.SenderFunc(func(context.Context, *deliver.Message) ([]error, error) {
					bSends++
					return nil, tc.b
				})}
			var bErr error
			a := &deliver.Deliverer{Queue: q, Now: clk.Now, Seed: 3,
				Sender: deliver.SenderFunc(func(context.Context, *deliver.Message) ([]error, error) {
					aSends++
					// A's send outlasts its 5-minute lease; B runs meanwhile.
					clk.Advance(6 * time.Minute)
					_, bErr = b.DeliverDue(ctx)
					return nil, tc.a
				})}
			n, err := a.DeliverDue(ctx)
			if n != 1 || aSends != 1 || bSends != 1 {
				t.Fatalf("A took %d items, sends A %d B %d, want 1, 1, 1", n, aSends, bSends)
			}
			if bErr != nil {
				t.Errorf("B's DeliverDue error = %v, want nil", bErr)
			}
			if !errors.Is(err, deliver.ErrClaimLost) {
				t.Errorf("A's DeliverDue error = %v, want ErrClaimLost", err)
			}
			left, err := q.Claim(ctx, clk.Now().Add(100*time.Hour), 10, time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			if len(left) != tc.wantItems {
				t.Errorf("items left = %d, want %d (B's decision)", len(left), tc.wantItems)
			}
			for _, it := range left {
				if it.Attempt != 2 {
					t.Errorf("item left has attempt %d, want 2 (B's reschedule)", it.Attempt)
				}
			}
		})
	}
}
