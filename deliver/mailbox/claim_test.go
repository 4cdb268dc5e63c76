package mailbox

import (
	"context"
	"errors"
	"testing"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/deliver/internal/nodetest"
)

// TestInProgressLeavesMail: a bounce that another node is recording
// (Ingest returns deliver.ErrReportInProgress) is left in the mailbox,
// and the next pass records it.
func TestInProgressLeavesMail(t *testing.T) {
	s := newServer(t, serverOpts{})
	c := newCounter()
	st := &nodetest.BusyState{}
	d, _ := newDeliverer(c, st)
	s.add(t, "INBOX", bounces(0, 3)...)
	r := newReader(s, d)
	st.Busy.Store(true)
	if _, err := r.Once(context.Background()); !errors.Is(err, deliver.ErrReportInProgress) {
		t.Fatalf("Once while another node records the reports: err = %v, want ErrReportInProgress", err)
	}
	if got := s.count(t, "INBOX"); got != 3 {
		t.Errorf("INBOX holds %d mails, want all 3 left for the next pass", got)
	}
	st.Busy.Store(false)
	if n, err := r.Once(context.Background()); err != nil || n != 3 {
		t.Errorf("the next pass = %d, %v; want 3, nil", n, err)
	}
	if got := s.count(t, "INBOX"); got != 0 {
		t.Errorf("INBOX holds %d mails after the next pass, want 0", got)
	}
}
