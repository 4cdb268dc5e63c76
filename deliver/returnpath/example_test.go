package returnpath_test

import (
	"context"
	"fmt"
	"net"
	"strings"

	"github.com/emersion/go-smtp"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/deliver/returnpath"
	"github.com/bouncekit/bouncekit/dsn"
	"github.com/bouncekit/bouncekit/suppress"
)

// A receiver for the return-path domain bounces.example.org on a loopback
// port, and a remote MTA sending it a bounce for the VERP return path of
// alice@example.com: the address is suppressed before the 250.
func Example() {
	d := &deliver.Deliverer{
		Sender: deliver.SenderFunc(func(context.Context, *deliver.Message) ([]error, error) { return nil, nil }),
		Store:  &suppress.Memory{},
		OnEvent: func(e deliver.Event) {
			fmt.Printf("%s <%s>: %s (%s)\n", e.Kind, e.Rcpt, e.Result.Category, e.Result.Reason)
		},
	}
	srv := &returnpath.Server{
		Hostname: "mx.example.org",
		Backend:  returnpath.Backend{Deliverer: d, Domains: []string{"bounces.example.org"}},
	}
	l, err := net.Listen("tcp", "127.0.0.1:0") // ":25" in production
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	go srv.Serve(ctx, l)

	// The message went out to alice@example.com with MAIL FROM set to her
	// VERP address: only a report about a message sent to its recipient
	// changes the suppression list.
	returnPath := dsn.EncodeVERP("b@bounces.example.org", "alice@example.com")
	d.Deliver(ctx, &deliver.Message{ID: "m-1@example.org", From: returnPath, To: []string{"alice@example.com"},
		Data: []byte("From: news@example.org\r\nMessage-ID: <m-1@example.org>\r\n\r\nhi\r\n")})

	// The remote MTA's side: the bounce comes back to the VERP address.
	bounce := strings.ReplaceAll(`From: MAILER-DAEMON@mx.example.net
To: `+returnPath+`
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

Final-Recipient: rfc822; alice@example.com
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 User unknown

--B--
`, "\n", "\r\n")
	c, err := smtp.Dial(l.Addr().String())
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	err = c.SendMail("", []string{returnPath}, strings.NewReader(bounce))
	fmt.Println("reply:", err)

	// Anything outside the return-path domains is refused.
	err = c.SendMail("", []string{"someone@example.net"}, strings.NewReader(bounce))
	fmt.Println("relay:", err)
	// Output:
	// delivered <alice@example.com>:  ()
	// bounced <alice@example.com>: hard (userunknown)
	// reply: <nil>
	// relay: SMTP error 550: Relaying denied: not a return path of this server
}
