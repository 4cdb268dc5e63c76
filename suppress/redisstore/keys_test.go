package redisstore

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/suppress"
)

// hashTag returns the part of key Redis Cluster hashes: the text between
// the first '{' and the next '}', if not empty.
func hashTag(key string) string {
	if s := strings.IndexByte(key, '{'); s >= 0 {
		if e := strings.IndexByte(key[s+1:], '}'); e > 0 {
			return key[s+1 : s+1+e]
		}
	}
	return key
}

func TestKeys(t *testing.T) {
	s := &Store{Client: redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"}), Prefix: "p:"}
	if err := s.init(); err != nil {
		t.Fatal(err)
	}
	scopes := []suppress.Scope{
		suppress.Global,
		{Tenant: "acme"},
		{Tenant: "acme", List: "news"},
		{List: "news"},
		{Tenant: "a:b", List: "c"},
		{Tenant: "a", List: "b:c"},
		{Tenant: "}:t:", List: "{x}"},
		{Tenant: "acme:l:4:acme:news"},
	}
	addrs := []string{"user@example.com", "a}b@example.com", "{x}@example.com", "o'neil+tag@example.org"}
	seen := map[string]string{}
	for _, a := range addrs {
		tag := hashTag(s.key(a, suppress.Global))
		for _, sc := range scopes {
			k := s.key(a, sc)
			if got := hashTag(k); got != tag {
				t.Errorf("key(%q, %v) = %q has hash tag %q, want %q (the same slot for every scope)", a, sc, k, got, tag)
			}
			id := a + " in " + fmt.Sprintf("%q", sc)
			if prev, dup := seen[k]; dup {
				t.Errorf("key(%s) = %q, the same as for %s", id, k, prev)
			}
			seen[k] = id
		}
		// The operation key of a call is in the same slot, and outside
		// the pattern List scans.
		op := s.opKey(a)
		if got := hashTag(op); got != tag {
			t.Errorf("opKey(%q) = %q has hash tag %q, want %q", a, op, got, tag)
		}
		if strings.HasPrefix(op, s.prefix+"{") {
			t.Errorf("opKey(%q) = %q starts with %q, the pattern of List", a, op, s.prefix+"{")
		}
		if op2 := s.opKey(a); op2 == op {
			t.Errorf("opKey(%q) twice = %q, want a new key per call", a, op)
		}
	}
	if err := (&Store{Client: s.Client, Prefix: "bad{prefix}"}).init(); err == nil {
		t.Errorf("init with Prefix %q: error = nil, want an error", "bad{prefix}")
	}
	if err := (&Store{}).init(); err == nil {
		t.Errorf("init without Client: error = nil, want an error")
	}
}

// TestTTL checks that a key's TTL follows the lease and that permanent
// entries have none.
func TestTTL(t *testing.T) {
	url := os.Getenv("BOUNCEKIT_REDIS_URL")
	if url == "" {
		t.Skip("BOUNCEKIT_REDIS_URL not set")
	}
	opt, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	c := redis.NewClient(opt)
	defer c.Close()
	ctx := context.Background()
	s := &Store{Client: c, Prefix: fmt.Sprintf("bouncekit-test:ttl:%d:", time.Now().UnixNano())}
	defer func() {
		keys, _ := c.Keys(ctx, s.Prefix+"*").Result()
		if len(keys) > 0 {
			c.Del(ctx, keys...)
		}
	}()
	now := time.Now()
	ttl := func(a string) time.Duration {
		t.Helper()
		d, err := c.TTL(ctx, s.key(a, suppress.Global)).Result()
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	near := func(got, want time.Duration) bool { return got > want-time.Minute && got <= want }

	hard := suppress.Event{Addr: "lease@example.com", Outcome: suppress.Bounced, Result: bounce.Result{Category: bounce.Hard}}
	if _, err := s.Record(ctx, hard, now); err != nil {
		t.Fatal(err)
	}
	if got := ttl("lease@example.com"); !near(got, 24*time.Hour) {
		t.Fatalf("TTL after a hard bounce = %v, want about 24h", got)
	}
	if _, err := s.Allow(ctx, "lease@example.com", suppress.Global, now); err != nil {
		t.Fatal(err)
	}
	if got := ttl("lease@example.com"); !near(got, 48*time.Hour) {
		t.Fatalf("TTL after an attempt during the lease = %v, want about 48h", got)
	}
	soft := suppress.Event{Addr: "soft@example.com", Outcome: suppress.Bounced, Result: bounce.Result{Category: bounce.Soft}}
	if _, err := s.Record(ctx, soft, now); err != nil {
		t.Fatal(err)
	}
	if got := ttl("soft@example.com"); !near(got, 5*24*time.Hour) {
		t.Fatalf("TTL of a soft-bounce count = %v, want about 5 days (the window)", got)
	}
	perm := suppress.Event{Addr: "perm@example.com", Outcome: suppress.Complained}
	if _, err := s.Record(ctx, perm, now); err != nil {
		t.Fatal(err)
	}
	if got := ttl("perm@example.com"); got != -1 {
		t.Fatalf("TTL of a permanent entry = %v, want -1 (none)", got)
	}
}
