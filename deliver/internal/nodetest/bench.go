package nodetest

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bouncekit/bouncekit/deliver"
)

// BenchState names a State for Bench.
type BenchState struct {
	Name string
	New  func(b *testing.B) deliver.State
}

// Bench measures what a shared State adds to each message a Deliverer
// sends: Deliver of a one-recipient campaign message over a Sender that
// delivers at once (no network, no suppression store), first on a
// MemoryState, then on each of states. Each is run by one caller
// ("serial") and by 50 ("parallel50", as redis-benchmark's default 50
// clients), with all messages in one campaign, then spread over 64
// ("parallel50-64campaigns"). The difference between the two States is
// the added cost per message. Each shared State is run as a Deliverer
// uses it by default, one round trip per message (its outcomes carried by
// the next gate, [deliver.Deliverer.SettleDelay]), and again as
// "<name>-atonce" with SettleDelay -1: a Gate before the send and a Settle
// after, two round trips.
func Bench(b *testing.B, states ...BenchState) {
	var all []BenchState
	for _, st := range states {
		all = append(all, st, BenchState{st.Name + "-atonce", st.New})
	}
	states = append([]BenchState{{"memory", func(*testing.B) deliver.State { return &deliver.MemoryState{} }}}, all...)
	for _, st := range states {
		delay := time.Duration(0)
		if strings.HasSuffix(st.Name, "-atonce") {
			delay = -1
		}
		for _, mode := range []string{"serial", "parallel50", "parallel50-64campaigns"} {
			// RunParallel starts par goroutines per GOMAXPROCS: 50 in all.
			par, campaigns := 0, int64(1)
			switch mode {
			case "parallel50":
				par = max(1, 50/runtime.GOMAXPROCS(0))
			case "parallel50-64campaigns":
				par, campaigns = max(1, 50/runtime.GOMAXPROCS(0)), 64
			}
			b.Run(st.Name+"/"+mode, func(b *testing.B) {
				d := &deliver.Deliverer{
					Sender: deliver.SenderFunc(func(ctx context.Context, m *deliver.Message) ([]error, error) {
						return make([]error, len(m.To)), nil
					}),
					State:       st.New(b),
					Guard:       deliver.Guard{MinSample: 1 << 30},
					SettleDelay: delay,
				}
				b.Cleanup(func() {
					if err := d.Flush(context.Background()); err != nil {
						b.Error(err)
					}
				})
				var seq atomic.Int64
				base := time.Now().UnixNano()
				send := func() {
					i := seq.Add(1)
					msg := &deliver.Message{
						ID: fmt.Sprintf("b%d.%d@example.org", base, i), From: "bounces@example.org",
						To: []string{fmt.Sprintf("reader%d@d%d.example", i, i%64)}, Campaign: fmt.Sprintf("bench%d", i%campaigns),
						Data: []byte("Subject: news\r\n\r\nHello.\r\n"),
					}
					res, err := d.Deliver(context.Background(), msg)
					if err != nil || res[0].Kind != deliver.Delivered {
						b.Fatal(err, res)
					}
				}
				b.ReportAllocs()
				if par == 0 {
					for b.Loop() {
						send()
					}
					return
				}
				b.SetParallelism(par)
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						send()
					}
				})
			})
		}
	}
}
