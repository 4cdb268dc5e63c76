package suppress_test

import (
	"context"
	"fmt"
	"time"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/suppress"
)

// A hard bounce suppresses an address for 24 hours; each send attempted
// during the lease is dropped and lengthens it.
func ExampleMemory() {
	ctx := context.Background()
	var list suppress.Memory // the zero value uses the default Policy
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

	res := bounce.Result{Category: bounce.Hard, Reason: bounce.ReasonUserUnknown}
	list.Record(ctx, suppress.Event{Addr: "User@Example.com", Outcome: suppress.Bounced, Result: res}, now)

	for _, after := range []time.Duration{time.Hour, 2 * time.Hour, 30 * 24 * time.Hour} {
		d, err := list.Allow(ctx, "user@example.com", suppress.Global, now.Add(after))
		if err != nil {
			fmt.Println(err)
			return
		}
		if d.Allowed {
			fmt.Printf("+%v: send\n", after)
			continue
		}
		fmt.Printf("+%v: drop (%s, %s, step %d, until +%v)\n", after, d.Entry.Kind, d.Entry.Reason, d.Entry.Step, d.Entry.Until.Sub(now))
	}
	// Output:
	// +1h0m0s: drop (bounce, userunknown, step 1, until +49h0m0s)
	// +2h0m0s: drop (bounce, userunknown, step 2, until +98h0m0s)
	// +720h0m0s: send
}

// An unsubscribe from one list does not stop mail in the tenant's other
// scopes.
func ExampleScope() {
	ctx := context.Background()
	var list suppress.Memory
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	news := suppress.Scope{Tenant: "acme", List: "newsletter"}
	list.Record(ctx, suppress.Event{Addr: "reader@example.com", Scope: news, Outcome: suppress.Unsubscribed}, now)

	for _, sc := range []suppress.Scope{news, {Tenant: "acme"}, suppress.Global} {
		d, _ := list.Allow(ctx, "reader@example.com", sc, now)
		fmt.Printf("%s: allowed=%v\n", sc, d.Allowed)
	}
	// Output:
	// list acme/newsletter: allowed=false
	// tenant acme: allowed=true
	// global: allowed=true
}

// Soft bounces count: the seventh in a row within five days suppresses
// like a hard bounce.
func ExamplePolicy() {
	ctx := context.Background()
	list := &suppress.Memory{Policy: suppress.Policy{SoftLimit: 3}}
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	full := bounce.Result{Category: bounce.Soft, Reason: bounce.ReasonMailboxFull}
	for i := 1; i <= 3; i++ {
		d, _ := list.Record(ctx, suppress.Event{Addr: "full@example.com", Outcome: suppress.Bounced, Result: full}, now)
		fmt.Printf("soft bounce %d: allowed=%v\n", i, d.Allowed)
	}
	// Output:
	// soft bounce 1: allowed=true
	// soft bounce 2: allowed=true
	// soft bounce 3: allowed=false
}
