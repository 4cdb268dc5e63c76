package main

import (
	"context"
	"os"
	"strings"
	"testing"
)

// TestRun plays the example on the servers of the test environment
// (skipping those not set) and on a shared MemoryState, and checks that
// each run shows what it promises.
func TestRun(t *testing.T) {
	redisURL, pgURL := os.Getenv("BOUNCEKIT_REDIS_URL"), os.Getenv("BOUNCEKIT_POSTGRES_URL")
	want := 1
	if redisURL == "" {
		redisURL = "redis://127.0.0.1:1/0" // nothing listens: reported as skipped
	} else {
		want++
	}
	if pgURL == "" {
		pgURL = "postgres://postgres:secret@127.0.0.1:1/test?connect_timeout=1"
	} else {
		want++
	}
	var out strings.Builder
	if err := run(context.Background(), &out, redisURL, pgURL); err != nil {
		t.Fatalf("run: %v\n%s", err, &out)
	}
	got := out.String()
	for s, n := range map[string]int{
		"; 1 pause for three nodes":                             want,
		"node B handled a bounce for node A's message: bounced": want,
		"recorded in the scope list acme/news (bounce)":         want,
		"as node C sees it (1 bounced)":                         want,
		"a node started afterwards: held":                       want,
		"skipped:":                                              3 - want,
	} {
		if c := strings.Count(got, s); c != n {
			t.Errorf("%q appears %d times, want %d\n%s", s, c, n, got)
		}
	}
	if strings.Contains(got, "secret") {
		t.Errorf("the output shows a password:\n%s", got)
	}
}
