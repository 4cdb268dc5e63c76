package redisstate

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/bouncekit/bouncekit/deliver"
)

// onlyGateScripts leaves the server of s with the gate scripts and none of
// the others, as after a restart that only gates followed, and loads them
// all again at the end of the test (other tests share the server: their
// calls find the scripts as before, or load them).
func onlyGateScripts(t *testing.T, s *State) {
	t.Helper()
	ctx := context.Background()
	c := s.Client.(*redis.Client)
	t.Cleanup(func() {
		for _, src := range []string{gateCampaignLua, settleCampaignLua, gateDomainLua, settleDomainLua, markLua, refundLua, trackLua, claimLua, releaseLua} {
			c.ScriptLoad(context.Background(), src)
		}
	})
	if err := c.ScriptFlush(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{gateCampaignLua, gateDomainLua} {
		if err := c.ScriptLoad(ctx, src).Err(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestNoscriptKeepsOrder: when the server has the gate's scripts but not
// the settlements', the settlements sent again with their source still
// come before the gate, which sees them: the campaign they pause is held,
// the domain they strike gives no token (and the token the gate took
// before them is given back).
func TestNoscriptKeepsOrder(t *testing.T) {
	ctx := context.Background()
	s := newState(t)
	now := time.Now().Truncate(time.Millisecond)
	g := deliver.Guard{MinSample: 10, Pause: time.Hour}
	th := deliver.Throttle{Pause: time.Minute, MaxPause: time.Hour, Rate: 1}
	const a, b, d = "a.example", "b.example", "d.example"
	// b and d were struck 2 minutes ago for 1: their pause is over, a
	// token is there.
	if _, err := s.Settle(ctx, deliver.SettleRequest{Strike: []string{b, d}, Throttle: th, Now: now.Add(-2 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	onlyGateScripts(t, s)
	p := []deliver.SettleRequest{
		{Campaign: "c", Attempted: 20, Bounced: 20, Guard: g, Throttle: th, Now: now, Op: "n1"},
		{Strike: []string{b}, Guard: g, Throttle: th, Now: now, Op: "n2"},
	}
	sr, gr, err := s.GateSettle(ctx, p, deliver.GateRequest{Campaign: "c", Domains: []string{a}, Guard: g, Throttle: th, Now: now.Add(time.Millisecond)})
	if err != nil {
		t.Fatal(err)
	}
	if sr[0].Changed != deliver.CampaignPaused {
		t.Fatalf("settlement: Changed %q, want paused", sr[0].Changed)
	}
	if gr.Campaign.State != deliver.CampaignPaused || gr.Allowed[0] {
		t.Errorf("gate after a settlement that paused its campaign, scripts missing: %q, allowed %v; want paused, nothing allowed", gr.Campaign.State, gr.Allowed)
	}
	if c := gr.Campaign; c.Attempted != 20 || c.Pauses != 1 {
		t.Errorf("gate's campaign: Attempted %d, Pauses %d; want 20, 1", c.Attempted, c.Pauses)
	}

	onlyGateScripts(t, s)
	p = []deliver.SettleRequest{{Strike: []string{d}, Throttle: th, Now: now.Add(time.Second), Op: "n3"}}
	_, gr, err = s.GateSettle(ctx, p, deliver.GateRequest{Domains: []string{d}, Throttle: th, Now: now.Add(2 * time.Second)})
	if err != nil {
		t.Fatal(err)
	}
	if gr.Allowed[0] {
		t.Errorf("gate after a strike of %s, scripts missing: allowed, want throttled", d)
	}
	// The token the gate took before the strike was given back: the
	// strike's pause (2 minutes, the second strike) is what holds it.
	want := now.Add(time.Second + 2*time.Minute)
	if diff := gr.RetryAt[0].Sub(want); diff < -time.Millisecond || diff > time.Millisecond {
		t.Errorf("RetryAt of %s = %v, want %v", d, gr.RetryAt[0], want)
	}
	// Sent again (the reply lost), the same settlement changes nothing.
	if _, _, err := s.GateSettle(ctx, p, deliver.GateRequest{}); err != nil {
		t.Fatal(err)
	}
	g2, err := s.Gate(ctx, deliver.GateRequest{Domains: []string{d}, Throttle: th, Now: now.Add(2 * time.Second)})
	if err != nil {
		t.Fatal(err)
	}
	if g2.Allowed[0] || !g2.RetryAt[0].Equal(gr.RetryAt[0]) {
		t.Errorf("after the settlement sent again: %v until %v, want throttled until %v", g2.Allowed[0], g2.RetryAt[0], gr.RetryAt[0])
	}
}
