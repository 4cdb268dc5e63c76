package redisstate

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/bouncekit/bouncekit/deliver"
)

// newState returns a State on BOUNCEKIT_REDIS_URL with a prefix of its own,
// or skips the test.
func newState(t *testing.T) *State {
	t.Helper()
	url := os.Getenv("BOUNCEKIT_REDIS_URL")
	if url == "" {
		t.Skip("BOUNCEKIT_REDIS_URL not set")
	}
	opt, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	c := redis.NewClient(opt)
	t.Cleanup(func() { c.Close() })
	prefix := fmt.Sprintf("bouncekit-test:state-retry:%d:%d:", os.Getpid(), time.Now().UnixNano())
	t.Cleanup(func() {
		ctx := context.Background()
		iter := c.Scan(ctx, 0, prefix+"*", 1000).Iterator()
		for iter.Next(ctx) {
			c.Del(ctx, iter.Val())
		}
	})
	return &State{Client: c, Prefix: prefix}
}

// A call that go-redis sends again after its reply was lost runs the
// scripts again with the same operation id: they answer what they
// answered the first time and count nothing twice.
func TestRetriedOperations(t *testing.T) {
	s := newState(t)
	ctx := context.Background()
	now := time.Now().Truncate(time.Second)
	g := deliver.Guard{MinSample: 10, Pause: time.Hour}
	th := deliver.Throttle{}

	req := deliver.SettleRequest{Campaign: "c", Attempted: 10, Bounced: 2, Strike: []string{"a.example"}, Guard: g, Throttle: th, Now: now}
	for i := range 3 {
		r, err := s.settle(ctx, req, "op-settle")
		if err != nil {
			t.Fatal(err)
		}
		if r.Changed != deliver.CampaignPaused || r.Campaign.Window.Attempted != 10 || r.Campaign.Pauses != 1 {
			t.Errorf("settle %d of one operation = %+v, want the first answer: paused, 10 attempted, 1 pause", i+1, r)
		}
	}
	if c, _, _ := s.Campaign(ctx, "c"); c.Window.Attempted != 10 || c.Bounced != 2 {
		t.Errorf("after one operation run thrice: %+v, want 10 attempted, 2 bounced", c)
	}

	// The resume is reported to the operation that made it, however often
	// it runs.
	greq := deliver.GateRequest{Campaign: "c", Guard: g, Throttle: th, Now: now.Add(time.Hour)}
	for i := range 2 {
		r, err := s.gate(ctx, greq, "op-gate")
		if err != nil || !r.Resumed {
			t.Errorf("gate %d of the resuming operation = %+v, %v; want resumed", i+1, r, err)
		}
	}
	if r, _ := s.gate(ctx, greq, "op-other"); r.Resumed {
		t.Errorf("another operation after the resume: resumed again")
	}

	// A token is taken once per operation.
	dreq := deliver.GateRequest{Domains: []string{"a.example"}, Guard: g, Throttle: th, Now: now.Add(time.Minute)}
	for i := range 2 {
		r, err := s.gate(ctx, dreq, "op-token")
		if err != nil || !r.Allowed[0] {
			t.Errorf("gate %d of the operation that took the token = %+v, %v; want allowed", i+1, r, err)
		}
	}
	if r, _ := s.gate(ctx, dreq, "op-next"); r.Allowed[0] {
		t.Errorf("another operation in the same second got a token too")
	}

	// A relief retried is one relief: two strikes need two deliveries.
	s.settle(ctx, deliver.SettleRequest{Strike: []string{"b.example"}, Guard: g, Throttle: th, Now: now}, "op-b1")
	s.settle(ctx, deliver.SettleRequest{Strike: []string{"b.example"}, Guard: g, Throttle: th, Now: now.Add(time.Minute)}, "op-b2")
	relieve := deliver.SettleRequest{Relieve: []string{"b.example"}, Guard: g, Throttle: th, Now: now.Add(3 * time.Minute)}
	s.settle(ctx, relieve, "op-relieve")
	s.settle(ctx, relieve, "op-relieve")
	if n, _ := s.Client.HGet(ctx, s.key('d', "b.example"), "n").Int(); n != 1 {
		t.Errorf("strikes after a relief run twice: %d, want 1", n)
	}
}
