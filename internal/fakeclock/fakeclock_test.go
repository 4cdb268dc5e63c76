package fakeclock

import (
	"testing"
	"time"
)

func TestClock(t *testing.T) {
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	c := New(start)
	if got := c.Now(); !got.Equal(start) {
		t.Fatalf("Now() = %v, want %v", got, start)
	}
	if got := c.Advance(36 * time.Hour); !got.Equal(start.Add(36 * time.Hour)) {
		t.Fatalf("Advance(36h) = %v, want %v", got, start.Add(36*time.Hour))
	}
	c.Set(start)
	if got := c.Now(); !got.Equal(start) {
		t.Fatalf("after Set, Now() = %v, want %v", got, start)
	}
	var now func() time.Time = c.Now // fits a Now field
	if !now().Equal(start) {
		t.Fatalf("c.Now as a func = %v, want %v", now(), start)
	}
}
