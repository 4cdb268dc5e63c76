package mailbox_test

import (
	"context"
	"log/slog"
	"os"
	"os/signal"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/deliver/mailbox"
	"github.com/bouncekit/bouncekit/suppress"
)

// Read the bounces that reach bounces@example.org from its IMAP mailbox
// until the process is interrupted. Handled mails are moved to
// "Processed"; replies from people are moved to "Unhandled" for a human.
func ExampleReader() {
	d := &deliver.Deliverer{
		Sender:  deliver.SenderFunc(func(context.Context, *deliver.Message) ([]error, error) { return nil, nil }),
		Store:   &suppress.Memory{},
		OnEvent: deliver.LogEvents(slog.Default()),
	}
	r := &mailbox.Reader{
		Deliverer:        d,
		Addr:             "imap.example.org:993", // implicit TLS
		Username:         "bounces@example.org",
		Password:         os.Getenv("IMAP_PASSWORD"),
		DoneMailbox:      "Processed",
		UnhandledMailbox: "Unhandled",
		Logger:           slog.Default(),
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	r.Run(ctx) // returns when ctx is cancelled
}
