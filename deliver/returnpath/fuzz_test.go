package returnpath

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/dsn"
	"github.com/bouncekit/bouncekit/suppress"
)

// FuzzData hands arbitrary mail to a session, as go-smtp does after DATA.
// Whatever the input, Data does not panic, answers 250 or 552 (the store
// never fails here), and every mail it accepts is either ingested or given
// to Unhandled whole.
func FuzzData(f *testing.F) {
	f.Add([]byte(dsnMail("a@example.com", "5.1.1", "550 5.1.1 User unknown")))
	f.Add([]byte(dsnMail("a@example.com", "4.2.2", "452 4.2.2 Mailbox full")))
	f.Add([]byte(plainMail))
	f.Add([]byte("Content-Type: multipart/report; boundary=\"\"\r\n\r\n--\r\n--\r\n"))
	f.Add([]byte("\x00\xff"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		ingested := 0
		d := &deliver.Deliverer{
			Sender:  deliver.SenderFunc(func(context.Context, *deliver.Message) ([]error, error) { return nil, nil }),
			Store:   &suppress.Memory{},
			Now:     func() time.Time { return t0 },
			OnEvent: func(deliver.Event) { ingested++ },
		}
		var got *Mail
		b := &Backend{Deliverer: d, Domains: []string{rpDomain}, MaxMessageBytes: 64 << 10,
			Unhandled: func(_ context.Context, m *Mail) error { got = m; return nil }}
		sess, err := b.NewSession(nil)
		if err != nil {
			t.Fatal(err)
		}
		defer sess.Logout()
		if err := sess.Mail("", nil); err != nil {
			t.Fatal(err)
		}
		if err := sess.Rcpt(dsn.EncodeVERP(rpBase, "a@example.com"), nil); err != nil {
			t.Fatal(err)
		}
		err = sess.Data(bytes.NewReader(data))
		switch {
		case len(data) > 64<<10:
			if !errors.Is(err, smtp.ErrDataTooLarge) {
				t.Fatalf("Data(%d bytes) = %v, want ErrDataTooLarge", len(data), err)
			}
		case err != nil:
			t.Fatalf("Data() = %v, want nil", err)
		case got == nil && ingested == 0:
			t.Fatalf("Data() accepted a mail that was neither ingested nor given to Unhandled")
		case got != nil && !bytes.Equal(got.Data, data):
			t.Fatalf("Unhandled got %d bytes, want the %d received", len(got.Data), len(data))
		}
	})
}
