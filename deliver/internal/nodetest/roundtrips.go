package nodetest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bouncekit/bouncekit/deliver"
)

// RoundTrips checks that a Deliverer on the State that newState returns
// costs its server at most one round trip per message in the steady
// state: after a warm-up (scripts loaded, statements prepared,
// connections dialled), 100 messages of two campaigns, one recipient
// each, over a Sender that delivers at once, sent by one caller and then
// by 4 at once, take at most 100 round trips; the Flush after them one.
// With SettleDelay -1 (a Gate and a Settle per message) they take about
// two each, which shows that trips counts them. trips returns the round
// trips made so far by the State's client (a go-redis hook, a pgx
// tracer).
func RoundTrips(t *testing.T, newState func(t *testing.T) deliver.State, trips func() int64) {
	const n = 100
	var seq atomic.Int64
	base := time.Now().UnixNano()
	run := func(t *testing.T, d *deliver.Deliverer, callers int) int64 {
		t.Helper()
		send := func(k int) {
			i := seq.Add(1)
			msg := &deliver.Message{
				ID: fmt.Sprintf("rt%d.%d@example.org", base, i), From: "bounces@example.org",
				To: []string{fmt.Sprintf("reader%d@d%d.example", i, i%8)}, Campaign: fmt.Sprintf("rt%d", k%2),
				Data: []byte("Subject: news\r\n\r\nHello.\r\n"),
			}
			res, err := d.Deliver(context.Background(), msg)
			if err != nil || len(res) != 1 || res[0].Kind != deliver.Delivered {
				t.Errorf("Deliver %s = %+v, %v; want delivered", msg.ID, res, err)
			}
		}
		batch := func(count int) {
			var wg sync.WaitGroup
			for c := range callers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for k := c; k < count; k += callers {
						send(k)
					}
				}()
			}
			wg.Wait()
		}
		batch(4 * callers) // warm-up
		before := trips()
		batch(n)
		return trips() - before
	}
	deliverer := func(t *testing.T, delay time.Duration) *deliver.Deliverer {
		return &deliver.Deliverer{
			Sender: deliver.SenderFunc(func(ctx context.Context, m *deliver.Message) ([]error, error) {
				return make([]error, len(m.To)), nil
			}),
			State: newState(t), Guard: deliver.Guard{MinSample: 1 << 30}, SettleDelay: delay,
		}
	}
	for _, callers := range []int{1, 4} {
		t.Run(fmt.Sprintf("callers%d", callers), func(t *testing.T) {
			// No timer within the test: the gates carry the outcomes.
			d := deliverer(t, time.Hour)
			got := run(t, d, callers)
			t.Logf("%d messages from %d callers: %d round trips", n, callers, got)
			if got > n {
				t.Errorf("%d messages from %d callers: %d round trips, want at most %d (one per message)", n, callers, got, n)
			}
			before := trips()
			if err := d.Flush(context.Background()); err != nil {
				t.Fatalf("Flush: %v", err)
			}
			if f := trips() - before; f > 1 {
				t.Errorf("Flush: %d round trips, want at most 1", f)
			}
			// Settling at once: a Gate and a Settle.
			at := run(t, deliverer(t, -1), callers)
			t.Logf("the same, settling at once (SettleDelay -1): %d round trips", at)
			if at < 3*n/2 {
				t.Errorf("settling at once: %d round trips for %d messages, want about 2 each (is the counter counting?)", at, n)
			}
		})
	}
}
