package redisstate_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/deliver/redisstate"
	"github.com/bouncekit/bouncekit/suppress"
)

// hashTag returns the part of key that Redis Cluster hashes: the text
// between the first '{' and the next '}', when not empty, else the key.
func hashTag(key string) string {
	if i := strings.IndexByte(key, '{'); i >= 0 {
		if j := strings.IndexByte(key[i+1:], '}'); j > 0 {
			return key[i+1 : i+1+j]
		}
	}
	return key
}

func TestKeys(t *testing.T) {
	c := client(t)
	ctx := context.Background()
	p := prefix(t, c)
	s := &redisstate.State{Client: c, Prefix: p}
	now := time.Now().Truncate(time.Second)
	g := deliver.Guard{MinSample: 1, Pause: time.Hour}
	settle := func(req deliver.SettleRequest) {
		t.Helper()
		req.Guard, req.Now = g, now
		if _, err := s.Settle(ctx, req); err != nil {
			t.Fatal(err)
		}
	}
	settle(deliver.SettleRequest{Campaign: "spring", Attempted: 1, Strike: []string{"a.example"},
		Track: &deliver.SentMessage{ID: "m1@example.org", Campaign: "spring", Scope: suppress.Scope{Tenant: "t"},
			Rcpts: []string{"ann@a.example"}, Sent: now}, TrackFor: 48 * time.Hour})
	settle(deliver.SettleRequest{Campaign: "autumn", Attempted: 1, Bounced: 1, Report: "r1", ReportFor: 72 * time.Hour})
	if ok, err := s.Claim(ctx, "r2", "node-1", 2*time.Minute, now); err != nil || !ok {
		t.Fatalf("Claim(r2) = %v, %v; want taken", ok, err)
	}

	keys, err := c.Keys(ctx, p+"*").Result()
	if err != nil {
		t.Fatal(err)
	}
	tags := map[string]bool{}
	for _, k := range keys {
		tags[hashTag(k)] = true
		ttl, err := c.PTTL(ctx, k).Result()
		if err != nil {
			t.Fatal(err)
		}
		rest := strings.TrimPrefix(k, p)
		if mem, err := c.MemoryUsage(ctx, k).Result(); err == nil {
			t.Logf("%s: %d bytes", rest, mem)
		}
		var lo, hi time.Duration // the TTL the key must have; -1 none
		switch {
		case strings.Contains(rest, "}:o:"):
			lo, hi = 50*time.Second, time.Minute
		case rest == "{c:6:spring}":
			lo, hi = 29*24*time.Hour, 30*24*time.Hour // active: IdleFor
		case rest == "{c:6:autumn}":
			lo, hi = -1, -1 // paused: kept until Forget
		case rest == "{c:6:autumn}:r:r1", rest == "{h:2:r1}":
			lo, hi = 71*time.Hour, 72*time.Hour
		case rest == "{m:14:m1@example.org}", rest == "{t:13:ann@a.example}":
			lo, hi = 47*time.Hour, 48*time.Hour
		case rest == "{h:2:r2}:c":
			lo, hi = 110*time.Second, 2*time.Minute // the claim's ttl
		case rest == "{d:9:a.example}":
			lo, hi = 7*24*time.Hour, 7*24*time.Hour+2*time.Minute
		default:
			t.Errorf("unexpected key %q", k)
			continue
		}
		if ttl < lo || ttl > hi {
			t.Errorf("PTTL %q = %v, want in [%v, %v]", k, ttl, lo, hi)
		}
	}
	// Every key of a campaign, a domain, a message, a recipient or a
	// report is in the slot of its name.
	for tag := range tags {
		switch tag {
		case "c:6:spring", "c:6:autumn", "d:9:a.example", "m:14:m1@example.org", "t:13:ann@a.example", "h:2:r1", "h:2:r2":
		default:
			t.Errorf("hash tag %q, want one per name", tag)
		}
	}
	if len(keys) != 10 {
		t.Errorf("%d keys: %q, want 10", len(keys), keys)
	}
}

func TestIdleForever(t *testing.T) {
	c := client(t)
	ctx := context.Background()
	p := prefix(t, c)
	s := &redisstate.State{Client: c, Prefix: p, IdleFor: -1}
	if _, err := s.Settle(ctx, deliver.SettleRequest{Campaign: "c", Attempted: 1, Now: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if ttl, _ := c.PTTL(ctx, p+"{c:1:c}").Result(); ttl != -1 {
		t.Errorf("IdleFor -1: PTTL of an active campaign = %v, want none", ttl)
	}
}

func TestBadPrefix(t *testing.T) {
	s := &redisstate.State{Client: client(t), Prefix: "app{1}:"}
	if _, err := s.Gate(context.Background(), deliver.GateRequest{Campaign: "c", Now: time.Now()}); err == nil || !strings.HasPrefix(err.Error(), "redisstate: ") {
		t.Errorf("Gate with a prefix holding braces: %v, want a redisstate error", err)
	}
	var none redisstate.State
	if _, _, err := none.Campaign(context.Background(), "c"); err == nil {
		t.Errorf("Campaign without a Client: no error")
	}
}
