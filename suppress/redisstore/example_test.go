package redisstore_test

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/suppress"
	"github.com/bouncekit/bouncekit/suppress/redisstore"
)

// A suppression list shared by every sending node through one Redis. The
// example needs a Redis server (REDIS_URL, or the one on localhost), so it
// has no Output block: go test compiles it but does not run it, since an
// example cannot skip when there is no server. TestExample runs it against
// BOUNCEKIT_REDIS_URL and checks that it prints:
//
//	jane@example.com allowed: false (bounce userunknown, step 1, attempt 1, 48h0m0s left)
//	ann@example.com allowed in news: false, in offers: true
//	removed: true
func Example() {
	ctx := context.Background()
	opt, err := redis.ParseURL(cmp.Or(os.Getenv("REDIS_URL"), "redis://127.0.0.1:6379/0"))
	if err != nil {
		log.Fatal(err)
	}
	opt.ContextTimeoutEnabled = true // a ctx deadline bounds each call
	client := redis.NewClient(opt)   // or NewClusterClient, NewFailoverClient: any UniversalClient
	defer client.Close()

	// Every node that shares the list uses the same Prefix and Policy.
	store := &redisstore.Store{Client: client, Prefix: "example:suppress:"}
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

	// A hard bounce starts a lease (24 h by default); each attempt to mail
	// the address meanwhile is refused and moves it a step on (48 h, 96 h,
	// 7 d, 14 d). Addresses are normalised: Jane@Example.com is
	// jane@example.com.
	hard := suppress.Event{Addr: "Jane@Example.com", Outcome: suppress.Bounced,
		Result: bounce.Classify("550 5.1.1 <jane@example.com>: user unknown")}
	if _, err := store.Record(ctx, hard, now); err != nil {
		log.Fatal(err)
	}
	later := now.Add(time.Hour)
	d, err := store.Allow(ctx, "jane@example.com", suppress.Global, later)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("jane@example.com allowed: %v (%s %s, step %d, attempt %d, %v left)\n",
		d.Allowed, d.Entry.Kind, d.Entry.Reason, d.Entry.Step, d.Entry.Attempts, d.Entry.Until.Sub(later))

	// An unsubscribe is permanent, in its scope only.
	news := suppress.Scope{Tenant: "acme", List: "news"}
	offers := suppress.Scope{Tenant: "acme", List: "offers"}
	unsub := suppress.Event{Addr: "ann@example.com", Scope: news, Outcome: suppress.Unsubscribed}
	if _, err := store.Record(ctx, unsub, now); err != nil {
		log.Fatal(err)
	}
	inNews, err := store.Allow(ctx, "ann@example.com", news, later)
	if err != nil {
		log.Fatal(err)
	}
	inOffers, err := store.Allow(ctx, "ann@example.com", offers, later)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("ann@example.com allowed in news: %v, in offers: %v\n", inNews.Allowed, inOffers.Allowed)

	// Remove lifts an entry (say, the user fixed the mailbox).
	removed, err := store.Remove(ctx, "jane@example.com", suppress.Global)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("removed:", removed)
	if _, err := store.Remove(ctx, "ann@example.com", news); err != nil {
		log.Fatal(err)
	}
}

// TestExample runs Example against BOUNCEKIT_REDIS_URL and compares what it
// prints with what its doc says.
func TestExample(t *testing.T) {
	url := os.Getenv("BOUNCEKIT_REDIS_URL")
	if url == "" {
		t.Skip("BOUNCEKIT_REDIS_URL not set")
	}
	t.Setenv("REDIS_URL", url)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout := os.Stdout
	os.Stdout = w
	out := make(chan []byte)
	go func() {
		b, _ := io.ReadAll(r)
		out <- b
	}()
	func() {
		defer func() { os.Stdout = stdout }()
		Example()
	}()
	w.Close()
	got := <-out
	want := "jane@example.com allowed: false (bounce userunknown, step 1, attempt 1, 48h0m0s left)\n" +
		"ann@example.com allowed in news: false, in offers: true\n" +
		"removed: true\n"
	if !bytes.Equal(got, []byte(want)) {
		t.Errorf("Example printed\n%s\nwant\n%s", got, want)
	}
}
