package webhook

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The benchmarks run each handler in process (httptest recorder, no
// network) on a Deliverer with the Memory store: signature check, JSON
// parsing, classification of the receiver's reply, Ingest. Each request
// carries new event ids and recipients; building and signing it is not
// timed. They report events/s.

func reportEvents(b *testing.B, perOp int) {
	b.ReportMetric(float64(b.N*perOp)/b.Elapsed().Seconds(), "events/s")
}

func BenchmarkSES(b *testing.B) {
	s := testSigner(b)
	d, _, _ := newDeliverer()
	h := newSES(d, s)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		n := strconv.Itoa(i)
		body := s.notification("sns-"+n, sesBounce("Permanent", "General", "r"+n+"@example.net", "5.1.1",
			"smtp; 550 5.1.1 <r"+n+"@example.net>: Recipient address rejected: User unknown in virtual mailbox table"), "2").body()
		r := postJSON("/", body)
		b.StartTimer()
		if w := serve(h, r); w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
	}
	reportEvents(b, 1)
}

func BenchmarkSendGrid(b *testing.B) {
	const batch = 100
	k := newSGKey(b)
	d, _, _ := newDeliverer()
	h := newSendGrid(b, d, k)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		evs := make([]string, batch)
		for j := range evs {
			n := strconv.Itoa(i*batch + j)
			evs[j] = sgEvent("e"+n, "bounce", "r"+n+"@example.net", `"type":"bounce","status":"5.1.1","reason":"550 5.1.1 The email account that you tried to reach does not exist."`)
		}
		r := k.request("["+strings.Join(evs, ",")+"]", t0)
		b.StartTimer()
		if w := serve(h, r); w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
	}
	reportEvents(b, batch)
}

func BenchmarkMailgun(b *testing.B) {
	s := newMGSigner(b)
	d, _, _ := newDeliverer()
	h := newMailgun(d, s)
	h.MaxAge = -1
	h.Now = func() time.Time { return t0 }
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		n := strconv.Itoa(i)
		r := postJSON("/", []byte(s.body(mgEvent("g"+n, "failed", "r"+n+"@example.net",
			`"severity":"permanent","reason":"bounce","delivery-status":{"code":550,"message":"5.1.1 The email account that you tried to reach does not exist"}`), t0)))
		b.StartTimer()
		if w := serve(h, r); w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
	}
	reportEvents(b, 1)
}

func BenchmarkPostmark(b *testing.B) {
	d, _, _ := newDeliverer()
	h := newPostmark(d)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		n := strconv.Itoa(i + 1)
		r := pmRequest(pmBounce(n, "HardBounce", "r"+n+"@example.net", "smtp;550 5.1.1 The email account that you tried to reach does not exist"))
		b.StartTimer()
		if w := serve(h, r); w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
	}
	reportEvents(b, 1)
}
