package pgstate_test

import (
	"context"
	"log"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/deliver/pgqueue"
	"github.com/bouncekit/bouncekit/deliver/pgstate"
	"github.com/bouncekit/bouncekit/suppress/pgstore"
)

// Each sending node runs the same code: its own pool, the same database,
// tables, Guard and Throttle. The example needs a server, so it is
// compiled but not run; the tests run the same calls against
// BOUNCEKIT_POSTGRES_URL.
func Example() {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, "postgres://mailer@db.example.com/mail")
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()

	st := &pgstate.State{DB: pool, Table: pgx.Identifier{"mail", "state"}}
	store, queue := pgstore.New(pool), pgqueue.New(pool)
	// Once, at deployment or start-up: nothing else migrates.
	for _, s := range []interface{ CreateSchema(context.Context) error }{st, store, queue} {
		if err := s.CreateSchema(ctx); err != nil {
			log.Fatal(err)
		}
	}

	d := &deliver.Deliverer{
		Sender: &deliver.SMTPSender{Addr: "smtp.example.com:25"},
		Store:  store, Queue: queue, State: st,
	}
	// Retries and held recipients of paused campaigns come back through the
	// shared queue, on whichever node claims them.
	go d.Run(ctx, time.Minute)

	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := d.Deliver(cctx, &deliver.Message{
		ID: "spring-1@news.example.org", From: "bounces@news.example.org",
		To: []string{"reader@example.com"}, Campaign: "spring",
		Data: []byte("From: news@news.example.org\r\nSubject: Spring\r\n\r\nHello.\r\n"),
	}); err != nil {
		log.Print(err)
	}
}
