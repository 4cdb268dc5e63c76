package deliver

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"
)

// TestMemoryStateTracksLargeMessages: a message sent to many recipients,
// at once or in several sends under one ID (retries, one send per
// recipient), lists each recipient once, and each is found by SentTo.
func TestMemoryStateTracksLargeMessages(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	st := MemoryState{Now: clk.Now}
	now := clk.Now()
	rcpts := make([]string, 3000)
	for i := range rcpts {
		rcpts[i] = fmt.Sprintf("r%d@example.com", i)
	}
	track := func(id string, to []string) {
		t.Helper()
		if _, err := st.Settle(ctx, SettleRequest{Track: &SentMessage{ID: id, Rcpts: to}, Now: now}); err != nil {
			t.Fatal(err)
		}
	}
	// Once at once, with a duplicate; then again one by one (a retry).
	track("big", append(slices.Clone(rcpts), rcpts[0]))
	for _, r := range rcpts {
		track("big", []string{r})
	}
	// Another message to the first recipient, then "big" to it again.
	track("other", rcpts[:1])
	track("big", rcpts[:1])
	sm, ok, _ := st.Sent(ctx, "big")
	if !ok || len(sm.Rcpts) != len(rcpts) {
		t.Fatalf("Sent(big) = %d recipients, %v, want %d", len(sm.Rcpts), ok, len(rcpts))
	}
	slices.Sort(sm.Rcpts)
	if n := len(slices.Compact(sm.Rcpts)); n != len(rcpts) {
		t.Errorf("Sent(big) lists %d distinct recipients of %d", n, len(rcpts))
	}
	for _, r := range []string{rcpts[0], rcpts[1], rcpts[len(rcpts)-1]} {
		if sm, ok, _ := st.SentTo(ctx, r); !ok || sm.ID != "big" {
			t.Errorf("SentTo(%s) = %q, %v, want big", r, sm.ID, ok)
		}
	}
}

// BenchmarkMemoryStateTrackLarge measures the tracking of one message sent
// to n recipients at once (one Settle), and to n recipients one Settle
// each under the same ID; ns/op is per message.
func BenchmarkMemoryStateTrackLarge(b *testing.B) {
	for _, n := range []int{1000, 10000, 40000} {
		rcpts := make([]string, n)
		for i := range rcpts {
			rcpts[i] = fmt.Sprintf("r%d@example.com", i)
		}
		now := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
		b.Run(fmt.Sprintf("once/%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var st MemoryState
				st.Settle(context.Background(), SettleRequest{Track: &SentMessage{ID: "m", Rcpts: rcpts}, Now: now})
			}
		})
		b.Run(fmt.Sprintf("each/%d", n), func(b *testing.B) {
			b.ReportAllocs()
			one := make([]string, 1)
			for b.Loop() {
				var st MemoryState
				for _, r := range rcpts {
					one[0] = r
					st.Settle(context.Background(), SettleRequest{Track: &SentMessage{ID: "m", Rcpts: one}, Now: now})
				}
			}
		})
	}
}
