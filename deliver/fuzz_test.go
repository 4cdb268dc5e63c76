package deliver

import (
	"context"
	"strings"
	"testing"

	"github.com/bouncekit/bouncekit/suppress"
)

// FuzzHandleBounce checks that any mail at the return path gives results
// or an error, never a panic, that every result names a recipient and has
// a kind Ingest documents, and that the limits hold (TrustReports is set,
// so that every report reaches the recording): at most 100 recipients
// recorded and 100 unmatched, one for a complaint.
func FuzzHandleBounce(f *testing.F) {
	f.Add(dsnMail("bounces+a=example.com@example.org", "a@example.com", "failed", "5.1.1", "550 5.1.1 User unknown", "m@example.org"))
	f.Add(dsnMail("b@example.org", "a@example.com", "delayed", "4.4.1", "421 timeout", "m@example.org"))
	f.Add(arfMail)
	f.Add(autoReply)
	f.Add("To: x\r\n\r\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, mail string) {
		d := &Deliverer{Sender: &scripted{}, Store: &suppress.Memory{}, TrustReports: true}
		res, err := d.HandleBounce(context.Background(), strings.NewReader(mail))
		if err != nil {
			return
		}
		n := map[Kind]int{}
		for _, r := range res {
			if r.Rcpt == "" {
				t.Errorf("HandleBounce(%q): result without recipient", mail)
			}
			switch r.Kind {
			case Bounced, Blocked, Expired, Complained, Delayed, Unmatched:
			default:
				t.Errorf("HandleBounce(%q): kind %q", mail, r.Kind)
			}
			n[r.Kind]++
		}
		if rec := n[Bounced] + n[Blocked] + n[Expired] + n[Complained]; rec > 100 || n[Unmatched] > 100 || n[Delayed] > 100 || n[Complained] > 1 {
			t.Errorf("HandleBounce(%q): %v results, over the limits", mail, n)
		}
	})
}
