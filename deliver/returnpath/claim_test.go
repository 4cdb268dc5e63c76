package returnpath

import (
	"context"
	"testing"

	"github.com/emersion/go-smtp"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/deliver/internal/nodetest"
	"github.com/bouncekit/bouncekit/dsn"
	"github.com/bouncekit/bouncekit/suppress"
)

// TestInProgressAnswers451: a bounce that another node is recording
// (Ingest returns deliver.ErrReportInProgress) is answered 451 4.3.0 and
// not recorded, so that the reporting server offers it again; offered
// again once the other node is done, it is recorded once.
func TestInProgressAnswers451(t *testing.T) {
	f := start(t, Backend{}, nil)
	st := &nodetest.BusyState{MemoryState: deliver.MemoryState{Now: f.d.Now}}
	f.d.State = st
	f.sent(t, "erin@example.com")
	rp := dsn.EncodeVERP(rpBase, "erin@example.com")
	mail := dsnMail("erin@example.com", "5.1.1", "550 5.1.1 User unknown")
	st.Busy.Store(true)
	err := send(f.addr, "", []string{rp}, mail)
	if code, enh := replyCode(err); code != 451 || enh != (smtp.EnhancedCode{4, 3, 0}) {
		t.Fatalf("send() while another node records the report = %v, want 451 4.3.0", err)
	}
	if n := f.store.count(); n != 0 {
		t.Fatalf("Store records while another node held the report = %d, want 0", n)
	}
	st.Busy.Store(false)
	if err := send(f.addr, "", []string{rp}, mail); err != nil {
		t.Fatalf("send() again = %v, want nil", err)
	}
	if n := f.store.count(); n != 1 {
		t.Errorf("Store records after the retry = %d, want 1", n)
	}
	if _, ok, _ := f.store.Store.(*suppress.Memory).Get(context.Background(), "erin@example.com", suppress.Scope{}, t0); !ok {
		t.Errorf("no entry for erin@example.com after the retry")
	}
}
