// Command demo classifies a set of real-world SMTP replies and prints the
// decisions as a table: category, reason, codes and the advice a sender acts
// on. Run it with
//
//	go run ./examples/demo
//
// Pass replies as arguments to classify your own:
//
//	go run ./examples/demo "550 5.1.1 User unknown" "421 4.7.0 Try again later"
package main

import (
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/bouncekit/bouncekit/bounce"
)

// replies are written after providers' public postmaster documentation and
// MTA standard texts, with RFC 2606 names and RFC 5737 addresses.
var replies = []string{
	"550-5.1.1 The email account that you tried to reach does not exist. Please try\r\n550 5.1.1 double-checking the recipient's email address for typos.",
	"550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in virtual mailbox table",
	"550 5.4.310 DNS domain example.com does not exist [Message=InfoDomainNonexistent]",
	"550 5.2.1 The email account that you tried to reach is disabled.",
	"556 5.1.10 Recipient address has null MX",
	"452 4.2.2 The recipient's inbox is out of storage space.",
	"552 5.3.4 Your message exceeded Google's message size limits.",
	"450 4.2.0 <bob@example.com>: Recipient address rejected: Greylisted, see http://postgrey.example.org/",
	"421 4.7.0 mx.example.com Error: too many connections from 192.0.2.1",
	"connect to mx.example.com[192.0.2.1]:25: Connection timed out",
	"554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org",
	"550 5.2.1 Mailbox unavailable: your IP 192.0.2.1 is blocked using RBL bl.example.org",
	"550 5.7.26 Unauthenticated email from example.net is not accepted due to domain's DMARC policy.",
	"550 5.7.25 The IP address sending this message does not have a PTR record setup.",
	"421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints",
	"550 5.7.1 Message rejected as spam by Content Filtering.",
	"553 5.1.8 <alice@example.net>... Domain of sender address alice@example.net does not exist",
	"554 5.7.1 <bob@example.com>: Relay access denied",
	"530 5.7.0 Must issue a STARTTLS command first.",
	"250 2.0.0 OK queued as 4BX2Fq1Z",
}

func main() {
	in := replies
	if len(os.Args) > 1 {
		in = os.Args[1:]
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "CATEGORY\tREASON\tREPLY\tSTATUS\tRETRY\tSUPPRESS\tTEXT")
	for _, s := range in {
		r := bounce.Classify(s)
		cat := r.Category.String()
		if cat == "" {
			cat = "-"
		}
		reply := "-"
		if r.ReplyCode != 0 {
			reply = fmt.Sprint(r.ReplyCode)
		}
		status := r.Status.String()
		if status == "" {
			status = "-"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%v\t%v\t%s\n", cat, r.Reason, reply, status, r.Retry, r.Suppress, short(s))
	}
	w.Flush()
}

// short gives the first line of a reply, cut to 70 bytes.
func short(s string) string {
	s, _, _ = strings.Cut(s, "\r\n")
	if len(s) > 70 {
		s = s[:67] + "..."
	}
	return s
}
