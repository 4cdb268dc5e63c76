package deliver_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/dsn"
	"github.com/bouncekit/bouncekit/suppress"
)

func Example() {
	// A fake sender: "gone" does not exist, "full" is over quota.
	sender := deliver.SenderFunc(func(ctx context.Context, m *deliver.Message) ([]error, error) {
		errs := make([]error, len(m.To))
		for i, to := range m.To {
			switch {
			case strings.HasPrefix(to, "gone@"):
				errs[i] = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "User unknown"}
			case strings.HasPrefix(to, "full@"):
				errs[i] = &smtp.SMTPError{Code: 452, EnhancedCode: smtp.EnhancedCode{4, 2, 2}, Message: "Mailbox full"}
			}
		}
		return errs, nil
	})
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	d := &deliver.Deliverer{
		Sender: sender,
		Store:  &suppress.Memory{},
		Queue:  &deliver.MemoryQueue{},
		Now:    func() time.Time { return now },
		Seed:   1,
	}
	msg := &deliver.Message{
		ID:   "1@example.org",
		From: "bounces@example.org",
		To:   []string{"ann@example.com", "gone@example.com", "full@example.com"},
		Data: []byte("Subject: hello\r\n\r\nHello.\r\n"),
	}
	res, err := d.Deliver(context.Background(), msg)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range res {
		fmt.Printf("%s: %s", r.Rcpt, r.Kind)
		if r.Kind == deliver.Deferred {
			if in := r.NextAttempt.Sub(now); in >= 4*time.Minute && in <= 6*time.Minute {
				fmt.Print(" (retry in 5 minutes ± 20 %)")
			}
		}
		fmt.Println()
	}

	// The next message to the unknown user is not sent.
	res, _ = d.Deliver(context.Background(), &deliver.Message{ID: "2@example.org", To: []string{"gone@example.com"}})
	fmt.Printf("%s: %s for %v\n", res[0].Rcpt, res[0].Kind, res[0].Entry.Until.Sub(now))
	// Output:
	// ann@example.com: delivered
	// gone@example.com: bounced
	// full@example.com: deferred (retry in 5 minutes ± 20 %)
	// gone@example.com: suppressed for 48h0m0s
}

// Two Deliverers that share one State and one Store act as one sender:
// here two in one process on a MemoryState; across processes each gets a
// State and a Store on the same Redis or PostgreSQL server instead. A
// bounce of a message that node A sent, handed to node B, is recorded with
// the message's scope; a forged bounce about a message never sent changes
// nothing.
func ExampleMemoryState() {
	ok := deliver.SenderFunc(func(ctx context.Context, m *deliver.Message) ([]error, error) { return nil, nil })
	state, store := &deliver.MemoryState{}, &suppress.Memory{}
	a := &deliver.Deliverer{Sender: ok, State: state, Store: store}
	b := &deliver.Deliverer{Sender: ok, State: state, Store: store}
	ctx := context.Background()
	news := suppress.Scope{Tenant: "acme", List: "news"}

	a.Deliver(ctx, &deliver.Message{ID: "n1@example.org", Scope: news, To: []string{"gone@example.com"}})
	bounceOf := func(id string) *dsn.Report {
		return &dsn.Report{
			Kind: dsn.Bounce, ReportingMTA: "mx.example.com", Original: dsn.Original{MessageID: "<" + id + ">"},
			Recipients: []dsn.Recipient{{FinalRecipient: "gone@example.com", Action: dsn.Failed, Diagnostic: "550 5.1.1 User unknown",
				Result: bounce.Classify("550 5.1.1 User unknown")}},
		}
	}
	for _, id := range []string{"n1@example.org", "forged@example.org"} {
		res, _ := b.HandleReport(ctx, bounceOf(id), "")
		fmt.Printf("%s: %s\n", id, res[0].Kind)
	}
	_, inNews, _ := store.Get(ctx, "gone@example.com", news, time.Now())
	_, global, _ := store.Get(ctx, "gone@example.com", suppress.Global, time.Now())
	fmt.Println("suppressed for the list:", inNews, "globally:", global)
	// Output:
	// n1@example.org: bounced
	// forged@example.org: unmatched
	// suppressed for the list: true globally: false
}

// server stands for a State on a server that several nodes share
// (packages redisstate and pgstate): a MemoryState behind a type of its
// own, which the Deliverer treats as remote. Its GateSettle is
// MemoryState's.
type server struct{ *deliver.MemoryState }

// With a State that implements GateSettler, the outcomes of a send wait
// for the next send's gate, which carries them in the same call; Flush
// writes those still waiting, as a process must before it exits.
func ExampleDeliverer_Flush() {
	ctx := context.Background()
	st := server{&deliver.MemoryState{}}
	d := &deliver.Deliverer{
		Sender: deliver.SenderFunc(func(ctx context.Context, m *deliver.Message) ([]error, error) {
			return make([]error, len(m.To)), nil
		}),
		State:       st,
		SettleDelay: time.Hour, // no timer in this example
	}
	attempted := func() int {
		c, _, _ := st.Campaign(ctx, "spring")
		return c.Attempted
	}
	for i := range 3 {
		msg := &deliver.Message{ID: fmt.Sprintf("%d@example.org", i), From: "news@example.org",
			To: []string{fmt.Sprintf("reader%d@example.com", i)}, Campaign: "spring", Data: []byte("Subject: hi\r\n\r\nHello.\r\n")}
		if _, err := d.Deliver(ctx, msg); err != nil {
			fmt.Println(err)
		}
		fmt.Printf("after send %d: %d attempted in the State\n", i+1, attempted())
	}
	if err := d.Flush(ctx); err != nil {
		fmt.Println(err)
	}
	fmt.Printf("after Flush: %d attempted in the State\n", attempted())
	// Output:
	// after send 1: 0 attempted in the State
	// after send 2: 1 attempted in the State
	// after send 3: 2 attempted in the State
	// after Flush: 3 attempted in the State
}
