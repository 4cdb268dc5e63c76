package deliver

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bouncekit/bouncekit/suppress"
)

// benchMessage is a small newsletter-sized message (about 4 KiB).
func benchMessage() *Message {
	body := strings.Repeat("Lorem ipsum dolor sit amet, consectetur adipiscing elit.\r\n", 70)
	return &Message{
		ID: "bench@example.org", From: "bounces@example.org", To: []string{"reader@example.com"},
		Campaign: "bench", Scope: suppress.Scope{Tenant: "t"},
		Data: []byte("From: news@example.org\r\nTo: reader@example.com\r\nMessage-ID: <bench@example.org>\r\nSubject: news\r\n\r\n" + body),
	}
}

// BenchmarkSMTPDirect sends through the SMTPSender alone, to a go-smtp
// server on loopback: the baseline of BenchmarkSMTPDeliverer.
func BenchmarkSMTPDirect(b *testing.B) {
	srv := startServer(b, nil)
	srv.discard = true
	snd := &SMTPSender{Addr: srv.addr, TLS: TLSNever}
	defer snd.Close()
	msg := benchMessage()
	ctx := context.Background()
	b.ReportAllocs()
	b.SetBytes(int64(len(msg.Data)))
	for b.Loop() {
		errs, err := snd.Send(ctx, msg)
		if err != nil || errs[0] != nil {
			b.Fatal(err, errs)
		}
	}
}

// BenchmarkSMTPDeliverer sends the same message through a Deliverer with
// the Memory store, a MemoryQueue, the guard and the counters.
func BenchmarkSMTPDeliverer(b *testing.B) {
	srv := startServer(b, nil)
	srv.discard = true
	snd := &SMTPSender{Addr: srv.addr, TLS: TLSNever}
	defer snd.Close()
	d := &Deliverer{Sender: snd, Store: &suppress.Memory{}, Queue: &MemoryQueue{}}
	msg := benchMessage()
	ctx := context.Background()
	b.ReportAllocs()
	b.SetBytes(int64(len(msg.Data)))
	for b.Loop() {
		res, err := d.Deliver(ctx, msg)
		if err != nil || res[0].Kind != Delivered {
			b.Fatal(err, res)
		}
	}
}

// BenchmarkDelivererOverhead measures the Deliverer alone, over a Sender
// that accepts at once.
func BenchmarkDelivererOverhead(b *testing.B) {
	d := &Deliverer{
		Sender: SenderFunc(func(ctx context.Context, m *Message) ([]error, error) { return nil, nil }),
		Store:  &suppress.Memory{}, Queue: &MemoryQueue{},
	}
	msg := benchMessage()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := d.Deliver(ctx, msg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewDomains sends each message to a domain and a campaign not
// seen before, so that every send makes a domain and a campaign and the
// default bounds (MaxDomains, MaxCampaigns) forget old ones: the cost of
// the trim, amortised, and the memory it bounds (the "domains" metric is
// how many are kept at the end).
func BenchmarkNewDomains(b *testing.B) {
	d := &Deliverer{Sender: SenderFunc(func(ctx context.Context, m *Message) ([]error, error) { return nil, nil })}
	ctx := context.Background()
	msgs := make([]Message, 1<<16)
	for i := range msgs {
		msgs[i] = Message{ID: fmt.Sprint(i), Campaign: fmt.Sprintf("c%d", i), To: []string{fmt.Sprintf("u@d%d.example", i)}}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := d.Deliver(ctx, &msgs[i%len(msgs)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
	st := d.Stats()
	b.ReportMetric(float64(len(st.Domains)), "domains")
	b.ReportMetric(float64(len(st.Campaigns)), "campaigns")
}

// BenchmarkDelivererParallel is BenchmarkDelivererOverhead from many
// goroutines, with a recipient per goroutine.
func BenchmarkDelivererParallel(b *testing.B) {
	d := &Deliverer{
		Sender: SenderFunc(func(ctx context.Context, m *Message) ([]error, error) { return nil, nil }),
		Store:  &suppress.Memory{}, Queue: &MemoryQueue{},
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		msg := benchMessage()
		for pb.Next() {
			if _, err := d.Deliver(ctx, msg); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSMTPOverhead alternates a direct send and a send through the
// Deliverer on the same server, so that both see the same load, and reports
// the Deliverer's overhead in percent of the direct send.
func BenchmarkSMTPOverhead(b *testing.B) {
	srv := startServer(b, nil)
	srv.discard = true
	direct := &SMTPSender{Addr: srv.addr, TLS: TLSNever}
	defer direct.Close()
	wrapped := &SMTPSender{Addr: srv.addr, TLS: TLSNever}
	defer wrapped.Close()
	d := &Deliverer{Sender: wrapped, Store: &suppress.Memory{}, Queue: &MemoryQueue{}}
	msg := benchMessage()
	ctx := context.Background()
	var tDirect, tDeliver time.Duration
	b.ReportAllocs()
	sendDirect := func() time.Duration {
		t0 := time.Now()
		if errs, err := direct.Send(ctx, msg); err != nil || errs[0] != nil {
			b.Fatal(err, errs)
		}
		return time.Since(t0)
	}
	sendDeliverer := func() time.Duration {
		t0 := time.Now()
		if res, err := d.Deliver(ctx, msg); err != nil || res[0].Kind != Delivered {
			b.Fatal(err, res)
		}
		return time.Since(t0)
	}
	i := 0
	for b.Loop() {
		// Alternate which goes first, so neither gains from its position.
		if i%2 == 0 {
			tDirect += sendDirect()
			tDeliver += sendDeliverer()
		} else {
			tDeliver += sendDeliverer()
			tDirect += sendDirect()
		}
		i++
	}
	b.ReportMetric(float64(tDirect.Nanoseconds())/float64(b.N), "ns-direct/op")
	b.ReportMetric(float64(tDeliver.Nanoseconds())/float64(b.N), "ns-deliverer/op")
	b.ReportMetric(100*(float64(tDeliver)-float64(tDirect))/float64(tDirect), "overhead-%")
}
