package webhook

import (
	"context"
	"net/http"
	"testing"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/deliver/internal/nodetest"
	"github.com/bouncekit/bouncekit/suppress"
)

// TestInProgressAnswers503: an event that another node is recording
// (Ingest returns deliver.ErrReportInProgress, as when the provider
// retried it to another node) is answered 503 and not recorded, so that
// the provider sends it again; sent again once the other node is done, it
// is recorded once.
func TestInProgressAnswers503(t *testing.T) {
	s := newMGSigner(t)
	d, store, _ := newDeliverer()
	st := &nodetest.BusyState{MemoryState: deliver.MemoryState{Now: d.Now}}
	d.State = st
	h := newMailgun(d, s)
	ev := mgEvent("busy1", "failed", "gone@example.net", `"severity":"permanent","delivery-status":{"code":550,"message":"5.1.1 user unknown"}`)
	st.Busy.Store(true)
	if w := serve(h, postJSON("/", []byte(s.body(ev, t0)))); w.Code != http.StatusServiceUnavailable {
		t.Fatalf("event recorded by another node now: status %d, want 503", w.Code)
	}
	if _, ok, _ := store.Get(context.Background(), "gone@example.net", suppress.Scope{}, t0); ok {
		t.Fatalf("recorded while another node held the event")
	}
	st.Busy.Store(false)
	if w := serve(h, postJSON("/", []byte(s.body(ev, t0)))); w.Code != http.StatusOK {
		t.Fatalf("the event again: status %d, want 200", w.Code)
	}
	if e, ok, _ := store.Get(context.Background(), "gone@example.net", suppress.Scope{}, t0); !ok || e.Kind != suppress.Bounce {
		t.Errorf("after the retry: entry %+v, %v; want a bounce", e, ok)
	}
}
