package pgstore_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/suppress"
	"github.com/bouncekit/bouncekit/suppress/pgstore"
)

// The example needs a server, so it is compiled but not run; the tests run
// the same calls against BOUNCEKIT_POSTGRES_URL.
func Example() {
	ctx := context.Background()
	db, err := pgxpool.New(ctx, "postgres://mailer@db.example.com/mail")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	s := &pgstore.Store{
		DB:    db,
		Table: pgx.Identifier{"mail", "suppressions"},
	}
	// Once, at deployment or start-up: New and the methods never migrate.
	if err := s.CreateSchema(ctx); err != nil {
		log.Fatal(err)
	}

	// A bounce came back: 550 5.1.1 user unknown.
	ev := suppress.Event{
		Addr:    "user@example.com",
		Outcome: suppress.Bounced,
		Result:  bounce.Result{Category: bounce.Hard, Reason: bounce.ReasonUserUnknown},
	}
	if _, err := s.Record(ctx, ev, time.Now()); err != nil {
		log.Print(err)
	}

	// Before each send. A deadline bounds the check when the server is
	// unreachable; an error means "do not send now", never "allowed".
	cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	d, err := s.Allow(cctx, "User@Example.com", suppress.Global, time.Now())
	cancel()
	switch {
	case err != nil:
		log.Print(err) // retry later
	case !d.Allowed:
		fmt.Printf("suppressed until %s (%s)\n", d.Entry.Until.Format(time.RFC3339), d.Entry.Reason)
	default:
		// send
	}

	// Now and then, from any one process: delete what has expired.
	if n, err := s.Sweep(ctx, time.Now()); err == nil {
		log.Printf("swept %d rows", n)
	}
}
