package deliver

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/internal/fakeclock"
)

// server is a go-smtp server on loopback that answers per recipient local
// part like real receivers: "unknown…" 550 5.1.1, "full…" 452 4.2.2 the
// first time then accepts, "rate…" 421 4.7.0, "auth…" 550 5.7.26, "drop…"
// loses the connection mid-DATA the first time, "stall…" blocks DATA until
// the test ends; anything else is accepted.
type server struct {
	addr  string
	srv   *smtp.Server
	mu    sync.Mutex
	conns int
	tries map[string]int
	got   map[string][]string // rcpt -> messages received
	stall chan struct{}
	// discard drops the messages received instead of keeping them.
	discard bool
	open    []*smtp.Conn
}

// dropAll closes every connection from the server side, as a server does
// with idle clients.
func (s *server) dropAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.open {
		c.Conn().Close()
	}
	s.open = nil
}

// connCount returns the number of connections the server accepted.
func (s *server) connCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

func startServer(t testing.TB, tlsConfig *tls.Config) *server {
	t.Helper()
	s := &server{tries: map[string]int{}, got: map[string][]string{}, stall: make(chan struct{})}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		s.mu.Lock()
		s.conns++
		s.open = append(s.open, c)
		s.mu.Unlock()
		return &session{s: s, c: c}, nil
	}))
	s.srv.Domain = "mx.example.com"
	s.srv.AllowInsecureAuth = true
	s.srv.TLSConfig = tlsConfig
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = l.Addr().String()
	go s.srv.Serve(l)
	t.Cleanup(func() {
		close(s.stall)
		s.srv.Close()
	})
	return s
}

func (s *server) received(rcpt string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.got[rcpt]
}

type session struct {
	s     *server
	c     *smtp.Conn
	rcpts []string
}

func (x *session) Reset()                                         { x.rcpts = nil }
func (x *session) Logout() error                                  { return nil }
func (x *session) Mail(from string, opts *smtp.MailOptions) error { return nil }

func (x *session) Rcpt(to string, opts *smtp.RcptOptions) error {
	x.s.mu.Lock()
	x.s.tries[to]++
	n := x.s.tries[to]
	x.s.mu.Unlock()
	local := to[:strings.IndexByte(to, '@')]
	switch {
	case strings.HasPrefix(local, "unknown"):
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "User unknown"}
	case strings.HasPrefix(local, "full") && n == 1:
		return &smtp.SMTPError{Code: 452, EnhancedCode: smtp.EnhancedCode{4, 2, 2}, Message: "Mailbox full"}
	case strings.HasPrefix(local, "rate"):
		return &smtp.SMTPError{Code: 421, EnhancedCode: smtp.EnhancedCode{4, 7, 0}, Message: "Too many messages, try again later"}
	case strings.HasPrefix(local, "auth"):
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 7, 26}, Message: "Unauthenticated email is not accepted"}
	case strings.HasPrefix(local, "cut") && n == 1:
		x.c.Conn().Close()
		return errors.New("cut")
	}
	x.rcpts = append(x.rcpts, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	for _, to := range x.rcpts {
		local := to[:strings.IndexByte(to, '@')]
		x.s.mu.Lock()
		n := x.s.tries[to]
		x.s.mu.Unlock()
		if strings.HasPrefix(local, "drop") && n == 1 {
			io.CopyN(io.Discard, r, 10)
			x.c.Conn().Close()
			return errors.New("dropped")
		}
		if strings.HasPrefix(local, "stall") {
			<-x.s.stall
		}
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	if x.s.discard {
		return nil
	}
	for _, to := range x.rcpts {
		x.s.got[to] = append(x.s.got[to], string(b))
	}
	return nil
}

func testMessage(id string, to ...string) *Message {
	return &Message{
		ID: id, From: "bounces@example.org", To: to,
		Data: []byte("From: news@example.org\r\nMessage-ID: <" + id + ">\r\nSubject: hello\r\n\r\nHello.\r\n"),
	}
}

// smtpDeliverer returns a test server and a Deliverer that sends to it
// through an SMTPSender, with a MemoryQueue and a fake clock.
func smtpDeliverer(t *testing.T) (*server, *fakeclock.Clock, *MemoryQueue, *Deliverer) {
	srv := startServer(t, nil)
	clk := newClock()
	snd := &SMTPSender{Addr: srv.addr}
	t.Cleanup(func() { snd.Close() })
	q := &MemoryQueue{}
	return srv, clk, q, &Deliverer{Sender: snd, Queue: q, Now: clk.Now, Seed: 1}
}

func TestSMTPPartialAndRetry(t *testing.T) {
	srv, clk, q, d := smtpDeliverer(t)
	ctx := context.Background()
	res, err := d.Deliver(ctx, testMessage("p1@example.org", "ok@example.com", "unknown@example.com", "full@example.com", "auth@example.com"))
	if err != nil {
		t.Fatal(err)
	}
	// 5.7.26 is an authentication failure: blocked, unless the classifier
	// calls it hard.
	auth := Blocked
	if bounce.Classify("550 5.7.26 Unauthenticated email is not accepted").Category == bounce.Hard {
		auth = Bounced
	}
	want := []Kind{Delivered, Bounced, Deferred, auth}
	if got := kinds(res); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("Deliver() kinds = %v, want %v (errs %v)", got, want, res)
	}
	if n := len(srv.received("ok@example.com")); n != 1 {
		t.Errorf("ok@ received %d messages, want 1", n)
	}
	var se *smtp.SMTPError
	if !errors.As(res[1].Err, &se) || se.Code != 550 || se.EnhancedCode != (smtp.EnhancedCode{5, 1, 1}) {
		t.Errorf("res[1].Err = %v, want the 550 5.1.1 reply as *smtp.SMTPError", res[1].Err)
	}
	due, _ := q.NextDue()
	clk.Set(due)
	if n, err := d.DeliverDue(ctx); n != 1 || err != nil {
		t.Fatalf("DeliverDue() = %d, %v, want 1, nil", n, err)
	}
	if n := len(srv.received("full@example.com")); n != 1 {
		t.Errorf("full@ received %d messages after retry, want 1", n)
	}
	if q.Len() != 0 {
		t.Errorf("queue Len() = %d, want 0", q.Len())
	}
}

func TestSMTPDropMidData(t *testing.T) {
	srv, clk, q, d := smtpDeliverer(t)
	ctx := context.Background()
	res, err := d.Deliver(ctx, testMessage("d1@example.org", "drop@example.com", "ok2@example.com"))
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.Kind != Deferred {
			t.Fatalf("res[%d] = %v (%v), want deferred: a lost connection is retried", i, r.Kind, r.Err)
		}
	}
	if len(srv.received("drop@example.com")) != 0 {
		t.Fatalf("the server kept a message whose DATA was cut")
	}
	for q.Len() > 0 {
		due, _ := q.NextDue()
		clk.Set(due)
		if n, err := d.DeliverDue(ctx); n == 0 || err != nil {
			t.Fatalf("DeliverDue() = %d, %v, want > 0, nil", n, err)
		}
	}
	for _, rcpt := range []string{"drop@example.com", "ok2@example.com"} {
		got := srv.received(rcpt)
		if len(got) != 1 || !strings.Contains(got[0], "Hello.") {
			t.Errorf("%s received %q, want the message once", rcpt, got)
		}
	}
}

func TestSMTPReusesConnections(t *testing.T) {
	srv := startServer(t, nil)
	// TLSNever: the default policy tries STARTTLS on the first connection
	// and dials again when the server does not offer it.
	snd := &SMTPSender{Addr: srv.addr, TLS: TLSNever}
	defer snd.Close()
	d := &Deliverer{Sender: snd}
	for i := range 10 {
		to := fmt.Sprintf("ok%d@example.com", i)
		if i%3 == 0 {
			to = fmt.Sprintf("unknown%d@example.com", i) // a failed transaction, then RSET
		}
		if _, err := d.Deliver(context.Background(), testMessage(fmt.Sprint(i), to)); err != nil {
			t.Fatal(err)
		}
	}
	conns := srv.connCount()
	if conns != 1 {
		t.Errorf("connections = %d for 10 sequential messages, want 1", conns)
	}
	// 421 closes the connection: the next message needs a new one.
	d.Deliver(context.Background(), testMessage("r", "rate@example.net"))
	d.Deliver(context.Background(), testMessage("s", "ok@example.org"))
	conns = srv.connCount()
	if conns != 2 {
		t.Errorf("connections after a 421 = %d, want 2", conns)
	}
}

func TestSMTPConcurrent(t *testing.T) {
	srv := startServer(t, nil)
	snd := &SMTPSender{Addr: srv.addr, MaxIdle: 4}
	defer snd.Close()
	d := &Deliverer{Sender: snd, Queue: &MemoryQueue{}, Guard: Guard{Disabled: true}}
	const workers, each = 8, 20
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				rcpts := []string{fmt.Sprintf("ok-%d-%d@example.com", w, i), fmt.Sprintf("unknown-%d-%d@example.com", w, i)}
				res, err := d.Deliver(context.Background(), &Message{ID: fmt.Sprintf("c%d-%d", w, i), Campaign: "conc", To: rcpts, Data: []byte("Subject: x\r\n\r\nx\r\n")})
				if err != nil || res[0].Kind != Delivered || res[1].Kind != Bounced {
					t.Errorf("Deliver() = %v, %v, want [delivered bounced]", res, err)
				}
				_ = d.Stats()
			}
		}()
	}
	wg.Wait()
	st := d.Stats()
	if st.Total.Delivered != workers*each || st.Total.Bounced != workers*each {
		t.Errorf("Stats().Total = %+v, want %d delivered and bounced", st.Total, workers*each)
	}
}

func TestSMTPContextCancel(t *testing.T) {
	srv := startServer(t, nil)
	snd := &SMTPSender{Addr: srv.addr}
	defer snd.Close()
	d := &Deliverer{Sender: snd}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	res, err := d.Deliver(ctx, testMessage("stall", "stall@example.com"))
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Kind != Deferred {
		t.Errorf("stalled send = %v (%v), want deferred", res[0].Kind, res[0].Err)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("Deliver returned after %v, want about the ctx deadline", el)
	}
}

func TestSMTPStartTLS(t *testing.T) {
	cert := selfSigned(t)
	srv := startServer(t, &tls.Config{Certificates: []tls.Certificate{cert}})
	pool := x509.NewCertPool()
	pool.AddCert(cert.Leaf)
	for _, tc := range []struct {
		name   string
		policy TLSPolicy
		tls    bool
	}{
		{"opportunistic", TLSOpportunistic, true},
		{"required", TLSRequired, true},
		{"never", TLSNever, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			snd := &SMTPSender{Addr: srv.addr, TLS: tc.policy, TLSConfig: &tls.Config{RootCAs: pool, ServerName: "mx.example.com"}}
			defer snd.Close()
			errs, _ := snd.Send(context.Background(), testMessage("t", "ok-"+tc.name+"@example.com"))
			if errs[0] != nil {
				t.Fatalf("Send() = %v", errs[0])
			}
			snd.mu.Lock()
			c := snd.idle[srv.addr][0]
			snd.mu.Unlock()
			if _, ok := c.cl.TLSConnectionState(); ok != tc.tls {
				t.Errorf("TLS = %v, want %v", ok, tc.tls)
			}
		})
	}
	// A server without STARTTLS: opportunistic falls back, required fails.
	plain := startServer(t, nil)
	snd := &SMTPSender{Addr: plain.addr}
	if errs, _ := snd.Send(context.Background(), testMessage("u", "ok@example.com")); errs[0] != nil {
		t.Errorf("opportunistic Send() to a plain server = %v, want nil", errs[0])
	}
	snd.Close()
	snd = &SMTPSender{Addr: plain.addr, TLS: TLSRequired}
	if errs, _ := snd.Send(context.Background(), testMessage("v", "ok@example.com")); errs[0] == nil {
		t.Errorf("required Send() to a plain server = nil, want an error")
	}
	snd.Close()
}

func selfSigned(t *testing.T) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mx.example.com"},
		DNSNames: []string{"mx.example.com"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
}

func TestSMTPIdleConnectionClosedByServer(t *testing.T) {
	srv := startServer(t, nil)
	snd := &SMTPSender{Addr: srv.addr, TLS: TLSNever}
	defer snd.Close()
	d := &Deliverer{Sender: snd}
	if res, _ := d.Deliver(context.Background(), testMessage("i1", "ok1@example.com")); res[0].Kind != Delivered {
		t.Fatalf("first send = %v", res[0].Kind)
	}
	srv.dropAll()
	res, _ := d.Deliver(context.Background(), testMessage("i2", "ok2@example.com"))
	if res[0].Kind != Delivered || res[0].Attempt != 1 {
		t.Errorf("send on a connection the server closed = %v (attempt %d, %v), want delivered at attempt 1", res[0].Kind, res[0].Attempt, res[0].Err)
	}
	conns := srv.connCount()
	if conns != 2 {
		t.Errorf("connections = %d, want 2 (one redial)", conns)
	}
}

func TestSMTPIdleTimeout(t *testing.T) {
	srv := startServer(t, nil)
	snd := &SMTPSender{Addr: srv.addr, TLS: TLSNever, IdleTimeout: time.Nanosecond}
	defer snd.Close()
	for i := range 3 {
		if errs, _ := snd.Send(context.Background(), testMessage(fmt.Sprint(i), "ok@example.com")); errs[0] != nil {
			t.Fatal(errs[0])
		}
	}
	conns := srv.connCount()
	if conns != 3 {
		t.Errorf("connections = %d with a 1ns idle timeout, want 3", conns)
	}
}

// TestSMTPNoOutcomeBeforeData checks that no recipient is reported accepted
// unless the server said 250 to DATA: when the transaction ends before
// (a 421 or a lost connection at RCPT, a connection lost during DATA), every
// recipient without its own refusal gets the error that ended it.
func TestSMTPNoOutcomeBeforeData(t *testing.T) {
	for _, tc := range []struct {
		name string
		to   []string
		// own[i] is the basic code of recipient i's own refusal, 0 when it
		// must carry the error that ended the transaction.
		own []int
		// end is the basic code of the error that ended the transaction, 0
		// for a lost connection.
		end int
	}{
		{"421 on the second RCPT", []string{"ok1@example.com", "rate2@example.com", "ok3@example.com"}, []int{0, 421, 0}, 421},
		{"421 after a refusal", []string{"ok1@example.com", "unknown2@example.com", "rate3@example.com", "ok4@example.com"}, []int{0, 550, 421, 0}, 421},
		{"connection cut after the first RCPT", []string{"ok1@example.com", "cut2@example.com", "ok3@example.com"}, []int{0, 0, 0}, 0},
		{"connection cut during DATA", []string{"ok1@example.com", "drop2@example.com"}, []int{0, 0}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := startServer(t, nil)
			snd := &SMTPSender{Addr: srv.addr, TLS: TLSNever}
			defer snd.Close()
			errs, err := snd.Send(context.Background(), testMessage("n", tc.to...))
			if err != nil || len(errs) != len(tc.to) {
				t.Fatalf("Send() = %v, %v, want %d outcomes and nil", errs, err, len(tc.to))
			}
			for i, e := range errs {
				if e == nil {
					t.Errorf("Send() outcome of %s = nil (accepted), want an error: DATA was never acknowledged", tc.to[i])
					continue
				}
				want := tc.own[i]
				if want == 0 {
					want = tc.end
				}
				var se *smtp.SMTPError
				switch {
				case want == 0 && errors.As(e, &se):
					t.Errorf("Send() outcome of %s = %v, want the lost connection", tc.to[i], e)
				case want != 0 && (!errors.As(e, &se) || se.Code != want):
					t.Errorf("Send() outcome of %s = %v, want the %d reply", tc.to[i], e, want)
				}
			}
			for _, to := range tc.to {
				if n := len(srv.received(to)); n != 0 {
					t.Errorf("%s received %d messages, want 0", to, n)
				}
			}
		})
	}
}

// TestSMTPDeferredBeforeData runs a connection lost at RCPT through a
// Deliverer: the recipient accepted at RCPT before the loss is deferred, not
// counted as delivered, and the retry delivers each recipient once.
func TestSMTPDeferredBeforeData(t *testing.T) {
	srv, clk, q, d := smtpDeliverer(t)
	ctx := context.Background()
	res, err := d.Deliver(ctx, testMessage("r1@example.org", "ok1@example.com", "cut2@example.com", "ok3@example.com"))
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.Kind != Deferred {
			t.Errorf("Deliver() res[%d] (%s) = %v (%v), want deferred", i, r.Rcpt, r.Kind, r.Err)
		}
	}
	if st := d.Stats(); st.Total.Delivered != 0 {
		t.Errorf("Stats().Total.Delivered = %d, want 0", st.Total.Delivered)
	}
	for q.Len() > 0 {
		due, _ := q.NextDue()
		clk.Set(due)
		if n, err := d.DeliverDue(ctx); n == 0 || err != nil {
			t.Fatalf("DeliverDue() = %d, %v, want > 0, nil", n, err)
		}
	}
	for _, rcpt := range []string{"ok1@example.com", "cut2@example.com", "ok3@example.com"} {
		if n := len(srv.received(rcpt)); n != 1 {
			t.Errorf("%s received %d messages after the retries, want 1", rcpt, n)
		}
	}
}
