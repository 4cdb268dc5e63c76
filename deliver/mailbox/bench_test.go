package mailbox

import (
	"context"
	"testing"
)

// BenchmarkOnce reads 200 bounce mails from the in-memory server on
// loopback, hands them to a Deliverer with the Memory store and moves
// them: the cost per mail of the Reader, go-imap and the dsn parser.
func BenchmarkOnce(b *testing.B) {
	const n = 200
	mails := bounces(0, n)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		s := newServer(b, serverOpts{})
		s.add(b, "INBOX", mails...)
		d, _ := newDeliverer(newCounter())
		r := newReader(s, d)
		b.StartTimer()
		if got, err := r.Once(context.Background()); err != nil || got != n {
			b.Fatalf("Once = %d, %v", got, err)
		}
	}
	b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "mails/s")
}
