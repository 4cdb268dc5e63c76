package deliver

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestMemoryQueue(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	q := &MemoryQueue{}
	m1, m2 := &Message{ID: "m1"}, &Message{ID: "m2"}
	if err := q.Schedule(ctx,
		Item{Msg: m1, Rcpt: "a@example.com", Due: t0.Add(2 * time.Minute)},
		Item{Msg: m1, Rcpt: "b@example.com", Due: t0.Add(time.Minute)},
		Item{Msg: m2, Rcpt: "a@example.com", Due: t0.Add(time.Hour)},
	); err != nil {
		t.Fatal(err)
	}
	claim := func(at time.Duration) []string {
		t.Helper()
		items, err := q.Claim(ctx, t0.Add(at), 10, 5*time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, it := range items {
			out = append(out, it.Msg.ID+"/"+it.Rcpt)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		at   time.Duration
		want int
	}{
		{"nothing due", 0, 0},
		{"two due, in due order", 3 * time.Minute, 2},
		{"claimed items are leased", 4 * time.Minute, 0},
		{"lease over: they come back", 9 * time.Minute, 2},
	} {
		got := claim(tc.at)
		if len(got) != tc.want {
			t.Errorf("%s: Claim(+%v) = %v, want %d items", tc.name, tc.at, got, tc.want)
		}
		if tc.at == 3*time.Minute && got[0] != "m1/b@example.com" {
			t.Errorf("%s: Claim(+%v)[0] = %q, want the earliest due first", tc.name, tc.at, got[0])
		}
	}
	// Schedule replaces (and releases) a claimed item.
	if err := q.Schedule(ctx, Item{Msg: m1, Rcpt: "a@example.com", Attempt: 2, Due: t0.Add(10 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	if got := claim(10 * time.Minute); len(got) != 1 || got[0] != "m1/a@example.com" {
		t.Errorf("Claim after reschedule = %v, want [m1/a@example.com]", got)
	}
	if q.Len() != 3 {
		t.Errorf("Len() = %d, want 3 (replaced, not added)", q.Len())
	}
	// Done is idempotent.
	for range 2 {
		if err := q.Done(ctx, Item{Msg: m1, Rcpt: "a@example.com"}); err != nil {
			t.Errorf("Done() = %v, want nil", err)
		}
	}
	if err := q.Done(ctx, Item{Msg: &Message{ID: "never"}, Rcpt: "x@example.com"}); err != nil {
		t.Errorf("Done(unknown) = %v, want nil", err)
	}
	if err := q.Done(ctx, Item{Rcpt: "x@example.com"}); err == nil {
		t.Errorf("Done(item without message) = nil, want an error")
	}
	if q.Len() != 2 {
		t.Errorf("Len() after Done = %d, want 2", q.Len())
	}
	if due, ok := q.NextDue(); !ok || !due.Equal(t0.Add(14*time.Minute)) {
		t.Errorf("NextDue() = %v, %v, want the end of m1/b's lease", due, ok)
	}
	if err := q.Schedule(ctx, Item{Rcpt: "x@example.com"}); err == nil {
		t.Errorf("Schedule(item without message) = nil, want an error")
	}
}

func TestBackoffDelay(t *testing.T) {
	for _, tc := range []struct {
		name    string
		b       Backoff
		attempt int
		u       float64
		want    time.Duration
	}{
		{"first, no jitter", Backoff{}, 1, 0.5, 5 * time.Minute},
		{"first, low jitter", Backoff{}, 1, 0, 4 * time.Minute},
		{"second doubles", Backoff{}, 2, 0.5, 10 * time.Minute},
		{"fifth", Backoff{}, 5, 0.5, 80 * time.Minute},
		{"capped", Backoff{}, 20, 0.5, 4 * time.Hour},
		{"capped after jitter", Backoff{}, 20, 0.99, 4 * time.Hour},
		{"attempt 0 is 1", Backoff{}, 0, 0.5, 5 * time.Minute},
		{"floor", Backoff{First: time.Second}, 1, 0.5, time.Minute},
		{"custom", Backoff{First: time.Minute, Multiplier: 3, Jitter: -1}, 3, 0.9, 9 * time.Minute},
		{"bad u", Backoff{}, 1, 7, 5 * time.Minute},
		{"huge attempt", Backoff{}, 1 << 30, 0.5, 4 * time.Hour},
	} {
		if got := tc.b.Delay(tc.attempt, tc.u); got != tc.want {
			t.Errorf("%s: Delay(%d, %v) = %v, want %v", tc.name, tc.attempt, tc.u, got, tc.want)
		}
	}
}

func TestBackoffSchedule(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b := Backoff{}
	for _, tc := range []struct {
		name    string
		attempt int
		now     time.Time
		want    time.Time
		ok      bool
	}{
		{"early", 1, t0, t0.Add(5 * time.Minute), true},
		{"clipped to expiry", 30, t0.Add(71 * time.Hour), t0.Add(72 * time.Hour), true},
		{"expired", 31, t0.Add(72 * time.Hour), time.Time{}, false},
	} {
		got, ok := b.schedule(tc.attempt, t0, tc.now, 0.5)
		if !got.Equal(tc.want) || ok != tc.ok {
			t.Errorf("%s: schedule(%d, +%v) = %v, %v, want %v, %v", tc.name, tc.attempt, tc.now.Sub(t0), got, ok, tc.want, tc.ok)
		}
	}
	if _, ok := (&Backoff{MaxAttempts: 3}).schedule(3, t0, t0, 0.5); ok {
		t.Errorf("schedule(3) with MaxAttempts 3 = ok, want expired")
	}
}

func TestRunStops(t *testing.T) {
	d := &Deliverer{Sender: &scripted{}, Queue: &MemoryQueue{}}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := d.Run(ctx, time.Millisecond); err != context.Canceled {
		t.Errorf("Run(cancelled) = %v, want context.Canceled", err)
	}
	if err := (&Deliverer{}).Run(context.Background(), 0); err == nil {
		t.Errorf("Run() without Queue = nil, want an error")
	}
}

// A batch with an item that has no message is refused whole: nothing of it
// is scheduled, so a retry of the corrected batch does not double anything.
func TestMemoryQueueScheduleInvalidBatch(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	q := &MemoryQueue{}
	err := q.Schedule(ctx,
		Item{Msg: &Message{ID: "m1"}, Rcpt: "a@example.com", Due: t0},
		Item{Rcpt: "b@example.com", Due: t0},
	)
	if err == nil || !strings.Contains(err.Error(), "item 2 of 2") || !strings.Contains(err.Error(), "b@example.com") {
		t.Fatalf("Schedule(valid, no message) error = %v, want one naming item 2 and its recipient", err)
	}
	if n := q.Len(); n != 0 {
		t.Fatalf("after a refused batch the queue holds %d items, want 0", n)
	}
}
