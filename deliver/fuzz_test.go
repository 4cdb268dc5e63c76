package deliver

import (
	"context"
	"strings"
	"testing"

	"github.com/bouncekit/bouncekit/suppress"
)

// FuzzHandleBounce checks that any mail at the return path gives results
// or an error, never a panic, and that every result names a recipient and
// has a kind HandleReport documents.
func FuzzHandleBounce(f *testing.F) {
	f.Add(dsnMail("bounces+a=example.com@example.org", "a@example.com", "failed", "5.1.1", "550 5.1.1 User unknown", "m@example.org"))
	f.Add(dsnMail("b@example.org", "a@example.com", "delayed", "4.4.1", "421 timeout", "m@example.org"))
	f.Add(arfMail)
	f.Add(autoReply)
	f.Add("To: x\r\n\r\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, mail string) {
		d := &Deliverer{Sender: &scripted{}, Store: &suppress.Memory{}}
		res, err := d.HandleBounce(context.Background(), strings.NewReader(mail))
		if err != nil {
			return
		}
		for _, r := range res {
			if r.Rcpt == "" {
				t.Errorf("HandleBounce(%q): result without recipient", mail)
			}
			switch r.Kind {
			case Bounced, Blocked, Expired, Complained, Delayed:
			default:
				t.Errorf("HandleBounce(%q): kind %q", mail, r.Kind)
			}
		}
	})
}
