package returnpath

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/dsn"
	"github.com/bouncekit/bouncekit/suppress"
)

// benchMails are 1000 bounces for 1000 recipients with their VERP return
// paths.
func benchMails() (rps, mails []string) {
	for i := range 1000 {
		rcpt := fmt.Sprintf("user%d@example.com", i)
		rps = append(rps, dsn.EncodeVERP(rpBase, rcpt))
		mails = append(mails, dsnMail(rcpt, "5.1.1", "550 5.1.1 <"+rcpt+">: Recipient address rejected: User unknown"))
	}
	return rps, mails
}

func benchDeliverer(b *testing.B) *deliver.Deliverer {
	d := &deliver.Deliverer{
		Sender: deliver.SenderFunc(func(context.Context, *deliver.Message) ([]error, error) { return nil, nil }),
		Store:  &suppress.Memory{},
		Now:    func() time.Time { return t0 },
	}
	// The bounces report on a message the Deliverer sent to their
	// recipients; after the first 1000, each is a report already handled.
	rcpts := make([]string, 1000)
	for i := range rcpts {
		rcpts[i] = fmt.Sprintf("user%d@example.com", i)
	}
	sendOriginal(b, d, rcpts...)
	return d
}

// BenchmarkReceiver sends bounces through the receiver on loopback, one
// SMTP transaction (MAIL, RCPT, DATA) each, on one connection.
func BenchmarkReceiver(b *testing.B) {
	f := start(b, Backend{Deliverer: benchDeliverer(b)}, nil)
	rps, mails := benchMails()
	c, err := smtp.Dial(f.addr)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if err := transact(c, "", []string{rps[i%1000]}, mails[i%1000]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "bounces/s")
}

// BenchmarkReceiverParallel is BenchmarkReceiver with a connection per
// goroutine (GOMAXPROCS of them).
func BenchmarkReceiverParallel(b *testing.B) {
	f := start(b, Backend{Deliverer: benchDeliverer(b)}, nil)
	rps, mails := benchMails()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		c, err := smtp.Dial(f.addr)
		if err != nil {
			b.Error(err)
			return
		}
		defer c.Close()
		for i := 0; pb.Next(); i++ {
			if err := transact(c, "", []string{rps[i%1000]}, mails[i%1000]); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "bounces/s")
}

// BenchmarkHandleBounce is the work of the receiver without SMTP: the
// Deliverer parses and records the same bounces.
func BenchmarkHandleBounce(b *testing.B) {
	d := benchDeliverer(b)
	_, mails := benchMails()
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := d.HandleBounce(ctx, strings.NewReader(mails[i%1000])); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "bounces/s")
}
