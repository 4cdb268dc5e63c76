package deliver

import (
	"context"
	"testing"
)

// timeoutAll ends every connection as Postfix ends an idle client: a 421
// reply nobody asked for, then the close (RFC 5321 §3.8).
func (s *server) timeoutAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.open {
		c.Conn().Write([]byte("421 4.4.2 mx.example.com Error: timeout exceeded\r\n"))
		c.Conn().Close()
	}
	s.open = nil
}

// TestSMTPIdleConnectionTimedOutByServer: a kept connection that the
// server timed out with a 421 is replaced, as one it closed silently is:
// the pending 421 answers the next MAIL, and is no word on the message nor
// on the domain (it must neither defer the recipients nor throttle the
// domain).
func TestSMTPIdleConnectionTimedOutByServer(t *testing.T) {
	srv := startServer(t, nil)
	snd := &SMTPSender{Addr: srv.addr, TLS: TLSNever}
	defer snd.Close()
	d := &Deliverer{Sender: snd}
	if res, _ := d.Deliver(context.Background(), testMessage("t1", "ok1@example.com")); res[0].Kind != Delivered {
		t.Fatalf("first send = %v", res[0].Kind)
	}
	srv.timeoutAll()
	res, _ := d.Deliver(context.Background(), testMessage("t2", "ok2@example.com", "ok3@example.com"))
	for _, r := range res {
		if r.Kind != Delivered {
			t.Errorf("send of %s on a connection the server timed out = %v (%v), want delivered", r.Rcpt, r.Kind, r.Err)
		}
	}
	if res, _ := d.Deliver(context.Background(), testMessage("t3", "ok4@example.com")); res[0].Kind != Delivered {
		t.Errorf("next send to the domain = %v (%v), want delivered (not throttled)", res[0].Kind, res[0].Err)
	}
}
