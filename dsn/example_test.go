package dsn_test

import (
	"fmt"
	"strings"

	"github.com/bouncekit/bouncekit/dsn"
)

// Example_parse parses a Postfix-style bounce and prints, for each
// recipient, what happened and what to do.
func Example_parse() {
	const mail = `From: MAILER-DAEMON@mx.example.org (Mail Delivery System)
To: bounces+alice=example.com@mail.example.net
Subject: Undelivered Mail Returned to Sender
Content-Type: multipart/report; report-type=delivery-status; boundary="b"

--b
Content-Type: text/plain

<alice@example.com>: host mx.example.com[192.0.2.1] said: 550 5.1.1
    <alice@example.com>: Recipient address rejected: User unknown (in reply to
    RCPT TO command)

--b
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; alice@example.com
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.example.com
Diagnostic-Code: smtp; 550 5.1.1 <alice@example.com>: Recipient address
    rejected: User unknown

--b
Content-Type: text/rfc822-headers

From: news@example.net
To: alice@example.com
Subject: Spring news
Message-ID: <spring-1@example.net>

--b--
`
	rep, err := dsn.Parse(strings.NewReader(mail))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rep.Kind, rep.ReportingMTA, rep.Original.MessageID)
	for _, rc := range rep.Recipients {
		fmt.Println(rc.FinalRecipient, rc.Action, rc.Status, rc.Command, rc.RemoteMTA)
		fmt.Println("suppress:", rc.Result.Suppress, "retry:", rc.Result.Retry)
	}
	rcpt, _ := dsn.DecodeVERP(rep.ReturnPath)
	fmt.Println("VERP:", rcpt)
	// Output:
	// bounce mx.example.org spring-1@example.net
	// alice@example.com failed 5.1.1 RCPT mx.example.com
	// suppress: true retry: false
	// VERP: alice@example.com
}

// ExampleParser shows a Parser with tighter limits and a correlation
// header.
func ExampleParser() {
	p := &dsn.Parser{MaxBytes: 1 << 20, MaxParts: 20, IDHeader: "X-Campaign-ID"}
	rep, err := p.Parse(strings.NewReader("From: friend@example.com\nSubject: hi\n\nHello!\n"))
	fmt.Printf("%q %d %v\n", rep.Kind, len(rep.Recipients), err)
	// Output:
	// "" 0 <nil>
}
