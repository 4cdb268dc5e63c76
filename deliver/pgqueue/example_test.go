package pgqueue_test

import (
	"context"
	"log"
	"os"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/deliver/pgqueue"
)

// Every sending node runs this with the same database: the retries of one
// node are sent by whichever node claims them first, once.
func Example() {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()

	q := pgqueue.New(pool)
	if err := q.CreateSchema(ctx); err != nil { // once, or with your migrations
		log.Fatal(err)
	}
	d := &deliver.Deliverer{
		Sender: &deliver.SMTPSender{ /* … */ },
		Queue:  q,
	}
	// Deliver puts soft failures in the queue; Run sends them when due.
	go d.Run(ctx, 10*time.Second)
}
