package returnpath

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/dsn"
	"github.com/bouncekit/bouncekit/suppress"
)

// ctxStore is a suppress.Memory that fails, as a store over the network
// does, when the ctx of a call is done.
type ctxStore struct{ suppress.Memory }

func (s *ctxStore) Record(ctx context.Context, ev suppress.Event, now time.Time) (suppress.Decision, error) {
	if err := ctx.Err(); err != nil {
		return suppress.Decision{}, err
	}
	return s.Memory.Record(ctx, ev, now)
}

// slowReader returns its data in two halves, the second after a pause:
// a reporting server on a slow link.
type slowReader struct {
	data  []byte
	pause time.Duration
	half  bool
}

func (r *slowReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	n := len(r.data)
	if !r.half {
		r.half, n = true, n/2
	} else {
		time.Sleep(r.pause)
	}
	n = copy(p, r.data[:n])
	r.data = r.data[n:]
	return n, nil
}

// TestTimeoutCountsAfterTheData: Backend.Timeout bounds the handling of a
// mail once its data arrived; a mail that took longer than Timeout to
// arrive is still recorded, not answered 451 again and again (and so lost
// once the reporting server gives up).
func TestTimeoutCountsAfterTheData(t *testing.T) {
	store := &ctxStore{}
	d := &deliver.Deliverer{
		Sender: deliver.SenderFunc(func(context.Context, *deliver.Message) ([]error, error) { return nil, nil }),
		Store:  store,
	}
	sendOriginal(t, d, "ivan@example.com")
	b := &Backend{Deliverer: d, Domains: []string{rpDomain}, Timeout: 50 * time.Millisecond}
	sess, err := b.NewSession(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Logout()
	sess.Mail("", nil)
	rp := dsn.EncodeVERP(rpBase, "ivan@example.com")
	if err := sess.Rcpt(rp, nil); err != nil {
		t.Fatal(err)
	}
	mail := dsnMail("ivan@example.com", "5.1.1", "550 5.1.1 User unknown")
	if err := sess.Data(&slowReader{data: []byte(mail), pause: 150 * time.Millisecond}); err != nil {
		t.Fatalf("Data(a bounce slower to arrive than Timeout) = %v, want nil", err)
	}
	if _, ok, _ := store.Get(context.Background(), "ivan@example.com", suppress.Global, time.Now()); !ok {
		t.Errorf("the bounce was not recorded")
	}
}
